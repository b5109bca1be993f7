/**
 * The diagram of an estate in headless Chromium: services drawn as boxes (an external marked),
 * the journey control (highlight a journey on its system, or show its composite), the blast
 * radius message (elements red, layers down or without redundancy), and `topo diagram`'s page
 * of the example estate (every system, then every journey).
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromiumSuite, type PanelPage } from './harness';
import { blastRadius, type DocumentAnalysis } from '../../server/src/core/index';
import { buildDiagramView } from '../../server/src/core/diagram/index';
import type { DiagramView } from '../../server/src/core/diagram/view-model';
import type { ToWebview } from '../../webview/src/protocol';
import { buildSvgFromCli, runDiagramCli } from './estate-support';

import { analyseFileWithImports } from '../support/estate';

const shopPath = resolve(__dirname, '../../examples/estate/shop.topo');

/** The example estate, its import read from the disk relative to the importing file. */
const shop = (): DocumentAnalysis => analyseFileWithImports(shopPath);

/** The blast message for `element`, as the extension would send `topo/blast`'s answer. */
function blastOf(doc: DocumentAnalysis, element: string): ToWebview {
  const r = blastRadius(doc, element);
  if (!r.ok) throw new Error(r.error);
  return { type: 'blast', title: r.label, subjects: r.subjects };
}

describe('diagram of an estate (Chromium)', function () {
  this.timeout(60_000);
  let panel: PanelPage;
  const doc = shop();
  const view: DiagramView = buildDiagramView(doc);

  const chromium = chromiumSuite({ eachTest: { width: 1300, height: 900 }, onPanel: (p) => (panel = p) });
  beforeEach(async () => {
    await panel.send({ type: 'view', view });
  });

  const attrs = (selector: string, name: string) => panel.page.$$eval(selector, (els, n) => els.map((e) => e.getAttribute(n) ?? ''), name);
  const classesOf = (selector: string) => panel.page.$$eval(selector, (els) => els.map((e) => e.getAttribute('class') ?? ''));
  const has = async (selector: string, cls: string): Promise<boolean> => {
    const list = await classesOf(selector);
    assert.equal(list.length, 1, `${selector}: ${list.length} elements`);
    return list[0]!.split(' ').includes(cls);
  };

  it('draws the systems, their services as boxes (an external marked), and reveals a service at its use line', async () => {
    assert.deepEqual(await attrs('g.system', 'data-system'), ['web', 'catalog', 'recommendations', 'cart', 'orders', 'payments']);
    assert.equal(await panel.page.locator('[data-journey]').count(), 0, 'the panel draws no journey until one is chosen');
    assert.deepEqual(await attrs('[data-system="payments"] [data-service]', 'data-service'), ['system', 'system', 'external']);
    assert.equal(await panel.page.locator('[data-system="payments"] [data-layer="stripe"][data-service="external"] > .layer-name').textContent(), 'external stripe');
    assert.equal(await panel.page.locator('[data-system="payments"] [data-layer="orders-db"] > .layer-name').textContent(), 'service orders-db');
    assert.match((await panel.page.locator('[data-system="payments"] [data-site="orders-db"] > .site-name').textContent()) ?? '', /^service orders-db · 99\.99/);
    assert.equal(await panel.page.locator('[data-system="cart"] [data-site="auth"] [data-layer="auth.app"] [data-node="auth.auth-2"]').count(), 1);
    assert.equal(await panel.page.locator('[data-system="orders"] .headline-sub').textContent(), view.systems[4]!.dependencies!.label);
    assert.equal(await panel.page.locator('[data-system="catalog"] .headline-sub').count(), 0, 'a system without dependencies has no such line');
    // A service's element is revealed at the use line that brings it, in this file.
    await panel.page.click('[data-system="cart"] [data-node="auth.auth-2"]');
    const reveal = (await panel.posted()).find((m) => m.type === 'reveal');
    const useAuth = readFileSync(shopPath, 'utf8').split('\n').findIndex((l) => l.trim() === 'use auth');
    assert.deepEqual(reveal, { type: 'reveal', range: { start: { line: useAuth, character: 6 }, end: { line: useAuth, character: 10 } } });
    assert.deepEqual(await panel.violations(), []);
  });

  it('highlights a journey on its system, shows its composite, and goes back', async () => {
    assert.equal(await panel.page.locator('.topo-journeys').isVisible(), true);
    assert.deepEqual(await panel.page.$$eval('.journey-select option', (os) => os.map((o) => o.textContent)), ['— none —', 'web/browse', 'web/login', 'web/checkout']);
    await panel.page.selectOption('.journey-select', 'web/checkout');
    assert.equal(await has('g.system[data-system="web"]', 'journey-highlight'), true);
    assert.equal(await has('g.system[data-system="cart"]', 'journey-highlight'), false);
    assert.deepEqual(await attrs('.journey-step', 'data-layer'), ['dns', 'lb', 'app']);
    const info = (await panel.page.locator('.journey-info').textContent()) ?? '';
    assert.ok(info.startsWith(view.journeys![2]!.headline.parts.join(' · ')), info);
    assert.match(info, /passes through dns → lb → app → auth → cart → orders → payments → orders-db → stripe; not drawn on web: auth, cart, orders, payments, orders-db, stripe/);

    await panel.page.click('.journey-show');
    assert.deepEqual(await attrs('g.system', 'data-journey'), ['web/checkout']);
    assert.equal(await panel.page.locator('[data-system]').count(), 0);
    assert.deepEqual(await panel.page.$$eval('g.system > .scope > .layer', (ls) => ls.map((l) => l.getAttribute('data-layer'))), view.journeys![2]!.journey.passesThrough);
    assert.equal(await panel.page.locator('.system-name').textContent(), 'journey web/checkout');
    assert.match((await panel.page.locator('.headline-figures').textContent()) ?? '', /^99\.98735% · 3\.90 nines/);
    assert.equal(await panel.page.locator('.headline-sub').textContent(), 'path dns → lb → app → auth → cart → orders → payments · depends on auth, cart, orders, orders-db, payments, stripe');
    assert.equal(await panel.page.getAttribute('.journey-show', 'aria-pressed'), 'true');

    await panel.page.click('.journey-show');
    assert.equal(await panel.page.locator('[data-journey]').count(), 0);
    assert.equal(await has('g.system[data-system="web"]', 'journey-highlight'), true);
    // A new view keeps the choice; choosing none clears the highlight.
    await panel.send({ type: 'view', view });
    assert.deepEqual(await attrs('.journey-step', 'data-layer'), ['dns', 'lb', 'app']);
    await panel.page.selectOption('.journey-select', '');
    assert.equal(await panel.page.locator('.journey-highlight, .journey-step').count(), 0);
    assert.equal(await panel.page.locator('.journey-info').textContent(), '');
  });

  it('marks a blast radius: failed elements red, layers down or without redundancy, subjects down', async () => {
    await panel.send(blastOf(doc, 'az1'));
    assert.equal(await panel.page.locator('.topo-blast').isVisible(), true);
    assert.match((await panel.page.locator('.topo-blast').textContent()) ?? '', /^If zone az1 fails: recommendations down · web loses redundancy \(lb 1 of 2 up, app 1 of 3 up\)/);
    assert.equal(await has('[data-system="cart"] [data-node="auth.auth-1"]', 'down'), true);
    assert.equal(await has('[data-system="cart"] [data-node="cart-1"]', 'down'), true);
    assert.equal(await has('[data-system="cart"] [data-node="cart-2"]', 'down'), false);
    assert.equal(await has('[data-system="cart"] [data-zone="az1"]', 'down'), true);
    assert.equal(await has('[data-system="cart"] [data-layer="auth.app"]', 'degraded'), true);
    assert.equal(await has('[data-system="cart"] [data-layer="auth.app"]', 'layer-down'), false);
    assert.equal(await has('g.system[data-system="recommendations"]', 'system-down'), true);
    assert.equal(await has('[data-system="recommendations"] [data-layer="api"]', 'layer-down'), true);
    assert.equal(await has('g.system[data-system="cart"]', 'system-down'), false);

    // Another blast replaces it; a journey's composite, once shown, is marked too.
    await panel.send(blastOf(doc, 'stripe'));
    assert.equal(await has('[data-system="cart"] [data-node="cart-1"]', 'down'), false);
    assert.equal(await has('g.system[data-system="payments"]', 'system-down'), true);
    assert.equal(await has('[data-system="payments"] [data-layer="stripe"]', 'layer-down'), true);
    assert.equal(await has('[data-system="payments"] [data-node="stripe"]', 'down'), true);
    await panel.page.selectOption('.journey-select', 'web/checkout');
    await panel.page.click('.journey-show');
    assert.equal(await has('[data-journey="web/checkout"] [data-node="stripe"]', 'down'), true);
    assert.equal(await has('g.system[data-journey="web/checkout"]', 'system-down'), true);

    await panel.send({ type: 'clearBlast' });
    assert.equal(await panel.page.locator('.down, .layer-down, .degraded, .system-down').count(), 0);
    assert.equal(await panel.page.locator('.topo-blast').isVisible(), false);
  });

  it('drops a blast message that does not fit the protocol', async () => {
    const bad = blastOf(doc, 'stripe') as { subjects: { effect: string }[] };
    bad.subjects[0]!.effect = 'gone';
    await panel.page.evaluate((m) => window.postMessage(m, '*'), bad as unknown as ToWebview);
    await panel.page.evaluate((m) => window.postMessage(m, '*'), { type: 'blast', title: 'x', subjects: [{ name: 'payments', kind: 'system', effect: 'down', layers: [] }] });
    await panel.send({ type: 'notice', text: 'sync' });
    assert.equal(await panel.page.locator('.down, .layer-down, .system-down').count(), 0);
    assert.equal(await panel.page.locator('.topo-blast').isVisible(), false);
  });

  it("topo diagram's page of the estate draws every system, then every journey", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'topo-estate-diagram-'));
    try {
      const out = join(dir, 'shop.html');
      const { code, err } = await runDiagramCli([shopPath, '-o', out]);
      assert.equal(code, 0, err);
      const page = await chromium.browser().newPage({ viewport: { width: 1300, height: 900 } });
      await page.goto(pathToFileURL(out).href);
      await page.waitForSelector('[data-journey="web/checkout"]');
      const drawn = await page.$$eval('g.system', (gs) => gs.map((g) => g.getAttribute('data-system') ?? `journey ${g.getAttribute('data-journey')}`));
      assert.deepEqual(drawn, ['web', 'catalog', 'recommendations', 'cart', 'orders', 'payments', 'journey web/browse', 'journey web/login', 'journey web/checkout']);
      assert.deepEqual(await page.$$eval('.system-name', (ts) => ts.map((t) => t.textContent)), ['web', 'catalog', 'recommendations', 'cart', 'orders', 'payments', 'journey web/browse', 'journey web/login', 'journey web/checkout']);
      await page.close();
      const svg = await buildSvgFromCli(shopPath, join(dir, 'shop.svg'));
      assert.equal(svg.error, undefined);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
