/**
 * Restoring the diagram panel after a window reload: the webview saves its document's URI with
 * the state API (checked in headless Chromium with the real page), and the serializer's plan
 * re-attaches the panel to that document or says why it cannot.
 */
import { strict as assert } from 'node:assert';
import type { Browser, Page } from 'playwright-core';
import { documentOfState, planRestore, type Opened } from '../../client/src/diagram-restore';
import { buildNoticeHtml, buildWebviewHtml } from '../../client/src/webview-html';
import { launch, ORIGIN, webviewBundle } from '../webview/harness';

const URI = 'file:///home/me/shop%20front/checkout.topo';

/** An `open` that records what it was asked and answers `result`. */
function opener(result: Opened | Error): { asked: string[]; open: (uri: string) => Promise<Opened> } {
  const asked: string[] = [];
  return {
    asked,
    open: (uri) => {
      asked.push(uri);
      return result instanceof Error ? Promise.reject(result) : Promise.resolve(result);
    },
  };
}

describe('client: diagram panel restore plan', () => {
  it('reads the document URI the webview saved, and nothing else', () => {
    assert.equal(documentOfState({ document: URI, zoom: { k: 1, x: 0, y: 0 } }), URI);
    assert.equal(documentOfState({ document: 'untitled:Untitled-1' }), 'untitled:Untitled-1');
    for (const bad of [undefined, null, 'file:///a.topo', 42, {}, { zoom: { k: 1, x: 0, y: 0 } }, { document: '' }, { document: 3 }, { document: '/no/scheme.topo' }]) {
      assert.equal(documentOfState(bad), undefined, JSON.stringify(bad));
    }
  });

  it('re-attaches the panel to the saved document once it opens as a Topo file', async () => {
    const o = opener({ ok: true, languageId: 'topo' });
    assert.deepEqual(await planRestore({ document: URI }, o.open), { kind: 'attach', uri: URI });
    assert.deepEqual(o.asked, [URI]);
  });

  it('says so when the state names no document, without trying to open anything', async () => {
    const o = opener({ ok: true, languageId: 'topo' });
    const plan = await planRestore(undefined, o.open);
    assert.equal(plan.kind, 'notice');
    assert.match(plan.kind === 'notice' ? plan.text : '', /could not be restored.*Show Topology Diagram/);
    assert.deepEqual(o.asked, []);
  });

  it('says which file is gone when the document cannot be opened (refused or thrown)', async () => {
    for (const failure of [{ ok: false, reason: 'EntryNotFound (FileSystemError)' } as Opened, new Error('cannot open file')]) {
      const plan = await planRestore({ document: URI }, opener(failure).open);
      assert.equal(plan.kind, 'notice');
      if (plan.kind !== 'notice') return;
      assert.equal(plan.title, 'Topology: checkout.topo');
      assert.match(plan.text, /The diagram of checkout\.topo could not be restored: the file cannot be opened \(it may have been moved or deleted\)/);
      assert.match(plan.text, failure instanceof Error ? /cannot open file/ : /EntryNotFound/);
    }
  });

  it('does not attach to a document that is no longer a Topo file', async () => {
    const plan = await planRestore({ document: URI }, opener({ ok: true, languageId: 'plaintext' }).open);
    assert.equal(plan.kind, 'notice');
    assert.match(plan.kind === 'notice' ? plan.text : '', /no longer a Topo file.*plaintext/);
  });
});

describe('client: diagram panel HTML for restoring', () => {
  const base = { cspSource: 'https://ext.test', scriptUri: 'https://ext.test/dist/webview.js', styleUri: 'https://ext.test/dist/webview.css', nonce: 'abc123', title: 'T' };

  it('names the document on #topo-root, attribute-escaped, and only when given', () => {
    const html = buildWebviewHtml({ ...base, documentUri: 'file:///a"b<c>&.topo' });
    assert.match(html, /<div id="topo-root" data-document="file:\/\/\/a&quot;b&lt;c&gt;&amp;\.topo"><\/div>/);
    assert.match(buildWebviewHtml(base), /<div id="topo-root"><\/div>/);
  });

  it('a notice page runs no script and shows the text as text', () => {
    const html = buildNoticeHtml({ cspSource: 'https://ext.test', styleUri: 'https://ext.test/dist/webview.css', title: 'Topology: <x>', text: 'gone: <img src=x onerror=alert(1)>' });
    assert.doesNotMatch(html, /<script/i);
    assert.doesNotMatch(html, /<img/);
    assert.match(html, /content="default-src 'none'; style-src https:\/\/ext\.test;/);
    assert.doesNotMatch(html, /script-src/);
    assert.match(html, /<div class="topo-message" role="status">gone: &lt;img src=x onerror=alert\(1\)&gt;<\/div>/);
  });
});

describe('client: the webview saves its document for the serializer (headless Chromium)', function () {
  this.timeout(60_000);
  let browser: Browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  /** Loads the panel's real page for `documentUri` with a stubbed state API starting at `initial`; returns the page. */
  async function panel(documentUri: string | undefined, initial: unknown): Promise<Page> {
    const { js, css } = await webviewBundle();
    const page = await browser.newPage({ viewport: { width: 800, height: 600 } });
    const html = buildWebviewHtml({
      cspSource: ORIGIN, scriptUri: `${ORIGIN}/dist/webview.js`, styleUri: `${ORIGIN}/dist/webview.css`, nonce: 'cmVzdG9yZW5vbmNlMTIzNDU2', title: 'Topology',
      ...(documentUri === undefined ? {} : { documentUri }),
    });
    const files: Record<string, [string, string]> = { '/index.html': [html, 'text/html'], '/dist/webview.js': [js, 'text/javascript'], '/dist/webview.css': [css, 'text/css'] };
    await page.route(`${ORIGIN}/**`, (route) => {
      const hit = files[new URL(route.request().url()).pathname];
      return hit ? route.fulfill({ status: 200, body: hit[0], contentType: hit[1] }) : route.fulfill({ status: 404, body: '' });
    });
    await page.addInitScript('window.__name = (f) => f;');
    await page.addInitScript((start: string) => {
      const w = window as unknown as { __state: unknown; __ready: boolean; acquireVsCodeApi: () => unknown };
      w.__state = JSON.parse(start);
      w.__ready = false;
      w.acquireVsCodeApi = () => ({
        postMessage: (m: { type?: string }) => {
          if (m.type === 'ready') w.__ready = true;
        },
        getState: () => w.__state ?? undefined,
        setState: (s: unknown) => {
          w.__state = JSON.parse(JSON.stringify(s));
        },
      });
    }, JSON.stringify(initial ?? null));
    await page.goto(`${ORIGIN}/index.html`);
    await page.waitForFunction(() => (window as unknown as { __ready: boolean }).__ready);
    return page;
  }

  const state = (page: Page): Promise<unknown> => page.evaluate(() => (window as unknown as { __state: unknown }).__state);

  it('saves the document URI at once, and the serializer plan finds it', async () => {
    const page = await panel(URI, null);
    try {
      const saved = await state(page);
      assert.deepEqual(saved, { document: URI });
      assert.equal(documentOfState(saved), URI);
    } finally {
      await page.close();
    }
  });

  it('keeps the document when the zoom is saved, and keeps a restored zoom', async () => {
    const page = await panel(URI, { document: URI, zoom: { k: 0.5, x: 10, y: 20 } });
    try {
      assert.deepEqual(await state(page), { document: URI, zoom: { k: 0.5, x: 10, y: 20 } });
      const box = await page.locator('#topo-canvas svg').boundingBox();
      assert.ok(box);
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.wheel(0, -200);
      await page.waitForFunction(() => ((window as unknown as { __state: { zoom?: { k: number } } }).__state.zoom?.k ?? 0.5) !== 0.5);
      const after = (await state(page)) as { document?: string; zoom?: { k: number } };
      assert.equal(after.document, URI);
      assert.ok(after.zoom && after.zoom.k > 0.5, JSON.stringify(after));
    } finally {
      await page.close();
    }
  });

  it('a page without a document (the standalone diagram) saves no document', async () => {
    const page = await panel(undefined, null);
    try {
      assert.equal(documentOfState(await state(page)), undefined);
    } finally {
      await page.close();
    }
  });
});
