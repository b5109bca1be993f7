/**
 * Headless Chromium for the diagram tests: serves the webview bundle under a fake origin with
 * the panel's real HTML and CSP, and stubs `acquireVsCodeApi` so posted messages are recorded.
 * Missing Chromium is a failure, not a skip: run `bash scripts/setup-system.sh`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildWebviewHtml } from '../../client/src/webview-html';
import type { FromWebview, ToWebview } from '../../webview/src/protocol';

export const ORIGIN = 'https://topo.test';
export const CHROMIUM = '/usr/bin/chromium';
const ROOT = join(__dirname, '..', '..');

/** The webview bundle built from source (so tests never run a stale dist/). */
export interface Bundle {
  js: string;
  css: string;
}

let bundle: Bundle | undefined;

/** Builds webview/src/main.ts in memory, once per run. */
export async function webviewBundle(): Promise<Bundle> {
  if (bundle) return bundle;
  const out = await esbuild.build({
    entryPoints: [join(ROOT, 'webview/src/main.ts')],
    bundle: true, write: false, outdir: join(ROOT, 'out/test-webview'), platform: 'browser', target: 'es2022', format: 'iife', logLevel: 'silent',
  });
  const file = (ext: string): string => out.outputFiles.find((f) => f.path.endsWith(ext))?.text ?? '';
  bundle = { js: file('.js'), css: file('.css') };
  return bundle;
}

/** Launches Debian's Chromium; fails with the fix when it is missing. */
export async function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run 'bash scripts/setup-system.sh' (the webview tests need it)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface PanelPage {
  page: Page;
  /** Messages the webview posted to the (stubbed) extension. */
  posted(): Promise<FromWebview[]>;
  /** Sends a message as the extension would, and waits for the redraw when it is a view. */
  send(message: ToWebview): Promise<void>;
  /** CSP violations the page reported. */
  violations(): Promise<string[]>;
}

/** Opens the diagram panel's page exactly as the extension builds it (HTML, CSP, nonce). */
export async function openPanel(browser: Browser, size = { width: 1100, height: 700 }): Promise<PanelPage> {
  const { js, css } = await webviewBundle();
  const page = await browser.newPage({ viewport: size });
  const nonce = 'dGVzdG5vbmNlMTIzNDU2Nzg';
  const html = buildWebviewHtml({ cspSource: ORIGIN, scriptUri: `${ORIGIN}/dist/webview.js`, styleUri: `${ORIGIN}/dist/webview.css`, nonce, title: 'Topology' });
  await page.route(`${ORIGIN}/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    const body: Record<string, [string, string]> = {
      '/index.html': [html, 'text/html'],
      '/dist/webview.js': [js, 'text/javascript'],
      '/dist/webview.css': [css, 'text/css'],
    };
    const hit = body[path];
    return hit ? route.fulfill({ status: 200, body: hit[0], contentType: hit[1] }) : route.fulfill({ status: 404, body: '' });
  });
  // tsx compiles these callbacks with esbuild's keepNames, which calls a `__name` helper the page lacks.
  await page.addInitScript('window.__name = (f) => f;');
  await page.addInitScript(() => {
    const w = window as unknown as { __posted: unknown[]; __violations: string[]; acquireVsCodeApi: () => unknown };
    w.__posted = [];
    w.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${e.violatedDirective}: ${e.blockedURI}`));
    let acquired = false;
    w.acquireVsCodeApi = () => {
      if (acquired) throw new Error('acquireVsCodeApi called twice');
      acquired = true;
      // Like VS Code, state outlives a reload of the page (sessionStorage does, on this origin).
      return {
        postMessage: (m: unknown) => w.__posted.push(m),
        getState: () => JSON.parse(sessionStorage.getItem('vscode-state') ?? 'null') ?? undefined,
        setState: (s: unknown) => sessionStorage.setItem('vscode-state', JSON.stringify(s)),
      };
    };
  });
  page.on("console", (m) => { if (process.env.TOPO_DEBUG) console.log("console:", m.text()); });
  page.on("pageerror", (e) => { if (process.env.TOPO_DEBUG) console.log("pageerror:", e.message); });
  await page.goto(`${ORIGIN}/index.html`);
  await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
  return {
    page,
    posted: () => page.evaluate(() => (window as unknown as { __posted: FromWebview[] }).__posted),
    violations: () => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations),
    async send(message) {
      await page.evaluate((m) => {
        const drawn = new Promise<void>((resolve) => {
          if (m.type !== 'view') return resolve();
          document.addEventListener('topo:drawn', () => resolve(), { once: true });
        });
        window.postMessage(m, '*');
        return drawn;
      }, message);
    },
  };
}

/** Reads a file of the repository (for the standalone page tests). */
export function repoFile(path: string): string {
  return readFileSync(join(ROOT, path), 'utf8');
}

/** A suite's Chromium (`chromiumSuite`): the browser, and panels opened through it (closed after each test). */
export interface ChromiumSuite {
  browser(): Browser;
  /** Opens a panel page (at `size`), hands it to `onPanel` and closes it after the test. */
  open(size?: { width: number; height: number }): Promise<PanelPage>;
}

/**
 * Registers the hooks every Chromium suite needs: one browser for the suite, each panel it opens
 * closed after its test; with `eachTest`, a fresh panel (of that size, or the default) before
 * every test, handed to `onPanel`.
 */
export function chromiumSuite(options: { eachTest?: true | { width: number; height: number }; onPanel?: (panel: PanelPage) => void } = {}): ChromiumSuite {
  let browser: Browser | undefined;
  let opened: PanelPage | undefined;
  const suite: ChromiumSuite = {
    browser: () => {
      if (!browser) throw new Error('the browser is launched in the suite\'s before hook');
      return browser;
    },
    open: async (size) => {
      opened = await openPanel(suite.browser(), size);
      options.onPanel?.(opened);
      return opened;
    },
  };
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });
  const { eachTest } = options;
  if (eachTest) {
    beforeEach(async () => {
      await suite.open(eachTest === true ? undefined : eachTest);
    });
  }
  afterEach(async () => {
    await opened?.page.close();
    opened = undefined;
  });
  return suite;
}
