/** `topo diagram` output (HTML and SVG) loaded in headless Chromium: the same DOM contract. */
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { runDiagram } from '../../server/src/cli/commands/diagram';
import type { CliIo } from '../../server/src/cli/io';
import { launch, webviewBundle } from './harness';

const ROOT = join(__dirname, '..', '..');

/** runDiagram reads the bundle from dist/; write it there from source when a build has not. */
async function ensureDistBundle(): Promise<void> {
  const { js, css } = await webviewBundle();
  if (!existsSync(join(ROOT, 'dist/webview.js'))) writeFileSync(join(ROOT, 'dist/webview.js'), js);
  if (!existsSync(join(ROOT, 'dist/webview.css'))) writeFileSync(join(ROOT, 'dist/webview.css'), css);
}

async function diagram(args: string[]): Promise<{ code: number; err: string }> {
  let err = '';
  const io: CliIo = { out: () => undefined, err: (t) => void (err += t), isTTY: false };
  let code: number;
  try {
    code = await runDiagram(args, io);
  } catch (e) {
    return { code: -1, err: String(e) };
  }
  return { code, err };
}

describe('topo diagram output (Chromium)', function () {
  let browser: Browser;
  let dir: string;

  before(async () => {
    browser = await launch();
    dir = mkdtempSync(join(tmpdir(), 'topo-diagram-'));
    await ensureDistBundle();
  });
  after(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function contract(page: Page): Promise<void> {
    const attrs = (sel: string, name: string) => page.$$eval(sel, (els, n) => els.map((e) => e.getAttribute(n) ?? ''), name);
    assert.deepEqual(await attrs('[data-layer]', 'data-layer'), ['dns', 'lb', 'app', 'db']);
    assert.deepEqual((await attrs('[data-node]', 'data-node')).sort(), ['app-1', 'app-2', 'app-3', 'app-4', 'cloudflare', 'db-primary', 'db-standby', 'lb1', 'route53']);
    assert.deepEqual(await attrs('[data-spof="true"]', 'data-node'), ['lb1']);
    assert.deepEqual((await attrs('[data-zone]', 'data-zone')).sort(), ['az1', 'az2']);
  }

  it('writes a self-contained HTML page that draws the spec example offline under its CSP', async () => {
    const out = join(dir, 'checkout.html');
    const { code, err } = await diagram([join(ROOT, 'examples/checkout.topo'), '-o', out]);
    assert.equal(code, 0, err);
    const html = readFileSync(out, 'utf8');
    assert.doesNotMatch(html, /<(script|link)[^>]+(src|href)=/i, 'no external resources');
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/.test(m.text())) violations.push(m.text());
    });
    await page.goto(pathToFileURL(out).href);
    await page.waitForSelector('[data-node="lb1"]');
    await contract(page);
    assert.deepEqual(requests, [pathToFileURL(out).href], 'the page loads nothing else');
    assert.deepEqual(violations, []);
    await page.close();
  });

  it('writes an SVG drawn in Node by the same code, with the same DOM', async () => {
    const out = join(dir, 'checkout.svg');
    const { code, err } = await diagram([join(ROOT, 'examples/checkout.topo'), '-o', out]);
    assert.equal(code, 0, err);
    const svg = readFileSync(out, 'utf8');
    assert.match(svg, /^<\?xml/);
    const page = await browser.newPage();
    await page.goto(pathToFileURL(out).href);
    await contract(page);
    assert.equal(await page.locator('svg > style').count(), 1);
    await page.close();
  });

  it('keeps a hostile system name inert in the HTML page', async () => {
    const src = join(dir, 'hostile.topo');
    writeFileSync(src, 'system "</script><img src=x onerror=alert(1)>" {\n  layer web { node w1 { availability 99% } }\n}\n');
    const out = join(dir, 'hostile.html');
    const { code, err } = await diagram([src, '-o', out]);
    assert.equal(code, 0, err);
    const page = await browser.newPage();
    let dialog = false;
    page.on('dialog', (d) => {
      dialog = true;
      void d.dismiss();
    });
    await page.goto(pathToFileURL(out).href);
    await page.waitForSelector('[data-node="w1"]');
    assert.equal(await page.locator('.system-name').textContent(), '</script><img src=x onerror=alert(1)>');
    assert.equal(await page.locator('img').count(), 0);
    assert.equal(dialog, false);
    await page.close();
  });

  it('still draws a file with errors, showing what could be resolved', async () => {
    const src = join(dir, 'broken.topo');
    writeFileSync(src, 'system s {\n  layer web { node w1 { availability 99% zone nowhere } }\n}\n');
    const out = join(dir, 'broken.svg');
    const { code, err } = await diagram([src, '-o', out]);
    assert.equal(code, 0, err);
    assert.match(err, /1 error/);
    assert.match(readFileSync(out, 'utf8'), /data-node="w1"/);
  });

  it('refuses an output that is neither .html nor .svg, and a missing file', async () => {
    assert.match((await diagram([join(ROOT, 'examples/checkout.topo'), '-o', join(dir, 'x.png')])).err, /\.html or \.svg/);
    assert.match((await diagram([join(dir, 'nope.topo'), '-o', join(dir, 'x.svg')])).err, /no such file/);
    assert.match((await diagram([join(ROOT, 'examples/checkout.topo')])).err, /no output/);
  });
});
