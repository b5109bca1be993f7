/**
 * Zoom and pan from the toolbar and the keyboard: the pure steps in Node, then the panel's page
 * and the standalone page in headless Chromium (buttons, keys, Fit, the scale extent, and the
 * controls whose keys the diagram must leave alone).
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { chromiumSuite, webviewBundle, type PanelPage } from './harness';
import { checkoutView, dbFailoverPlayback } from './fixtures';
import { buildDiagramView } from '../../server/src/core/diagram/index';
import { layoutDiagram } from '../../webview/src/layout/diagram';
import { buildStandaloneHtml } from '../../webview/src/export/html';
import { FIT_MARGIN_PX, FIT_MAX_SCALE, PAN_STEP_LARGE_PX, PAN_STEP_PX, ZOOM_FACTOR, fitTransform, zoomCommandOfKey } from '../../webview/src/zoom';
import { analyseFileWithImports } from '../support/estate';

const EXTENT: [number, number] = [0.05, 8];
const key = (k: string, mods: Partial<{ shiftKey: boolean; ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) =>
  ({ key: k, shiftKey: false, ctrlKey: false, metaKey: false, altKey: false, ...mods });

describe('zoom steps (pure)', () => {
  it('maps + = - 0 and the arrows to commands, Shift to the larger pan, and leaves modified keys alone', () => {
    assert.deepEqual(zoomCommandOfKey(key('+', { shiftKey: true })), { kind: 'zoom', factor: ZOOM_FACTOR });
    assert.deepEqual(zoomCommandOfKey(key('=')), { kind: 'zoom', factor: ZOOM_FACTOR });
    assert.deepEqual(zoomCommandOfKey(key('-')), { kind: 'zoom', factor: 1 / ZOOM_FACTOR });
    assert.deepEqual(zoomCommandOfKey(key('0')), { kind: 'fit' });
    assert.deepEqual(zoomCommandOfKey(key('ArrowRight')), { kind: 'pan', dxPx: PAN_STEP_PX, dyPx: 0 });
    assert.deepEqual(zoomCommandOfKey(key('ArrowUp', { shiftKey: true })), { kind: 'pan', dxPx: 0, dyPx: -PAN_STEP_LARGE_PX });
    assert.equal(zoomCommandOfKey(key('=', { ctrlKey: true })), undefined);
    assert.equal(zoomCommandOfKey(key('-', { metaKey: true })), undefined);
    assert.equal(zoomCommandOfKey(key('0', { altKey: true })), undefined);
    assert.equal(zoomCommandOfKey(key('a')), undefined);
  });

  it('fits a drawing centred, filling one axis within the margin, up to the largest fit scale and within the extent', () => {
    const canvas = { width: 1000, height: 600 };
    // Wider than the canvas: the width fills, the height is centred.
    const wide = fitTransform({ x: 10, y: 20, width: 2000, height: 500 }, canvas, EXTENT)!;
    assert.equal(wide.k, (1000 - 2 * FIT_MARGIN_PX) / 2000);
    assert.equal(wide.x + 10 * wide.k, FIT_MARGIN_PX);
    assert.equal(wide.y + 20 * wide.k, (600 - 500 * wide.k) / 2);
    // Small: scaled up, but no further than FIT_MAX_SCALE.
    assert.equal(fitTransform({ x: 0, y: 0, width: 100, height: 100 }, canvas, EXTENT)!.k, FIT_MAX_SCALE);
    assert.equal(fitTransform({ x: 0, y: 0, width: 400, height: 400 }, canvas, EXTENT)!.k, (600 - 2 * FIT_MARGIN_PX) / 400);
    // Huge: never below the extent.
    assert.equal(fitTransform({ x: 0, y: 0, width: 1e7, height: 10 }, canvas, EXTENT)!.k, EXTENT[0]);
    assert.equal(fitTransform({ x: 0, y: 0, width: 0, height: 10 }, canvas, EXTENT), undefined);
    assert.equal(fitTransform({ x: 0, y: 0, width: 10, height: 10 }, { width: 0, height: 600 }, EXTENT), undefined);
  });
});

interface Transform {
  k: number;
  x: number;
  y: number;
}

/** The viewport's transform, as d3-zoom writes it: `translate(x,y) scale(k)`. */
async function transformOf(page: Page): Promise<Transform> {
  const text = (await page.getAttribute('g.viewport', 'transform')) ?? '';
  const m = /^translate\(([-\d.e]+),([-\d.e]+)\) scale\(([-\d.e]+)\)$/.exec(text);
  assert.ok(m, `a transform d3-zoom wrote (${text})`);
  return { x: Number(m[1]), y: Number(m[2]), k: Number(m[3]) };
}

type Box = { left: number; top: number; right: number; bottom: number; width: number; height: number };
const boxOf = (page: Page, selector: string): Promise<Box> => page.$eval(selector, (e) => {
  const b = e.getBoundingClientRect();
  return { left: b.left, top: b.top, right: b.right, bottom: b.bottom, width: b.width, height: b.height };
});

const close = (actual: number, expected: number, what: string, tolerance = 1e-6): void =>
  assert.ok(Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)), `${what}: ${actual}, expected ${expected}`);

/**
 * Within a pixel: text is measured a little differently at each scale (Chromium hints glyphs to
 * the size drawn), so what Fit measures moves by a fraction of a pixel with the scale it starts from.
 */
const closePx = (actual: number, expected: number, what: string): void =>
  assert.ok(Math.abs(actual - expected) <= 1, `${what}: ${actual}px, expected ${expected}px`);

/** The drawing point under the canvas's centre, in the drawing's units. */
async function centreOf(page: Page): Promise<{ x: number; y: number }> {
  const t = await transformOf(page);
  const svg = await boxOf(page, '#topo-canvas > svg');
  return { x: (svg.width / 2 - t.x) / t.k, y: (svg.height / 2 - t.y) / t.k };
}

/** Asserts that everything drawn lies within the canvas, centred, and fills it along one axis (within Fit's margin). */
async function assertFitted(page: Page): Promise<void> {
  const canvas = await boxOf(page, '#topo-canvas > svg');
  const drawing = await boxOf(page, 'g.viewport');
  const px = 1;
  assert.ok(drawing.left >= canvas.left - px && drawing.right <= canvas.right + px && drawing.top >= canvas.top - px && drawing.bottom <= canvas.bottom + px,
    `the drawing ${JSON.stringify(drawing)} lies within the canvas ${JSON.stringify(canvas)}`);
  closePx(drawing.left - canvas.left, canvas.right - drawing.right, 'left and right margins');
  closePx(drawing.top - canvas.top, canvas.bottom - drawing.bottom, 'top and bottom margins');
  const fillsWidth = Math.abs(drawing.width - (canvas.width - 2 * FIT_MARGIN_PX)) <= px;
  const fillsHeight = Math.abs(drawing.height - (canvas.height - 2 * FIT_MARGIN_PX)) <= px;
  assert.ok(fillsWidth || fillsHeight, `the drawing ${drawing.width}×${drawing.height} fills the canvas ${canvas.width}×${canvas.height} along one axis`);
}

describe('zoom and pan (Chromium)', function () {
  let panel: PanelPage;
  const chromium = chromiumSuite({ onPanel: (p) => (panel = p) });

  const open = async (size?: { width: number; height: number }): Promise<Page> => {
    await chromium.open(size);
    await panel.send({ type: 'view', view: checkoutView() });
    return panel.page;
  };
  const saved = (page: Page): Promise<Transform | undefined> =>
    page.evaluate(() => (JSON.parse(sessionStorage.getItem('vscode-state') ?? '{}') as { zoom?: Transform }).zoom);
  /** Clicks the canvas where nothing is drawn (its bottom-right corner), which gives the svg the focus. */
  const focusCanvas = async (page: Page): Promise<void> => {
    const svg = await boxOf(page, '#topo-canvas > svg');
    await page.mouse.click(svg.right - 4, svg.bottom - 4);
    assert.equal(await page.evaluate(() => document.activeElement === document.querySelector('#topo-canvas > svg')), true, 'a click focuses the diagram');
  };

  it('has Zoom in, Zoom out and Fit buttons that zoom around the centre of the canvas and fit, each zoom saved', async () => {
    const page = await open();
    for (const [action, name] of [['zoom-in', 'Zoom in'], ['zoom-out', 'Zoom out'], ['fit', 'Fit the diagram to the panel']] as const) {
      const button = page.getByRole('button', { name, exact: true });
      assert.equal(await button.getAttribute('data-action'), action);
      assert.equal(await button.isVisible(), true);
      assert.match((await button.getAttribute('title')) ?? '', new RegExp(`^${name} \\(`));
    }
    const before = await transformOf(page);
    const centre = await centreOf(page);
    await page.click('button[data-action="zoom-in"]');
    const zoomedIn = await transformOf(page);
    close(zoomedIn.k, before.k * ZOOM_FACTOR, 'scale after Zoom in');
    const centreIn = await centreOf(page);
    close(centreIn.x, centre.x, 'centre x');
    close(centreIn.y, centre.y, 'centre y');
    assert.deepEqual(await saved(page), zoomedIn, 'the zoom is saved');

    await page.click('button[data-action="zoom-out"]');
    await page.click('button[data-action="zoom-out"]');
    const zoomedOut = await transformOf(page);
    close(zoomedOut.k, before.k / ZOOM_FACTOR, 'scale after Zoom in, out, out');
    assert.deepEqual(await saved(page), zoomedOut);

    // Pan away and zoom in, then Fit brings everything back into view.
    await page.mouse.move(500, 400);
    await page.mouse.wheel(0, -600);
    await page.mouse.move(500, 400);
    await page.mouse.down();
    await page.mouse.move(900, 650, { steps: 4 });
    await page.mouse.up();
    await page.click('button[data-action="fit"]');
    await assertFitted(page);
    assert.deepEqual(await saved(page), await transformOf(page));
    assert.deepEqual(await panel.violations(), []);
  });

  it('fits a small diagram by scaling it up, but no further than the largest fit scale', async () => {
    const layout = layoutDiagram(checkoutView(), checkoutView().systems);
    // A panel about 1.5 times the drawing: Fit scales up past 1.
    let page = await open({ width: Math.round(layout.width * 1.5), height: Math.round(layout.height * 1.5) + 60 });
    await page.click('button[data-action="fit"]');
    const fitted = await transformOf(page);
    assert.ok(fitted.k > 1 && fitted.k < FIT_MAX_SCALE, `scale ${fitted.k}`);
    await assertFitted(page);
    await page.close();
    // A panel four times the drawing: Fit stops at FIT_MAX_SCALE, centred.
    page = await open({ width: Math.round(layout.width * 4), height: Math.round(layout.height * 4) + 60 });
    await page.click('button[data-action="fit"]');
    assert.equal((await transformOf(page)).k, FIT_MAX_SCALE);
    const canvas = await boxOf(page, '#topo-canvas > svg');
    const drawing = await boxOf(page, 'g.viewport');
    closePx(drawing.left - canvas.left, canvas.right - drawing.right, 'centred across');
    closePx(drawing.top - canvas.top, canvas.bottom - drawing.bottom, 'centred down');
    assert.ok(drawing.width < canvas.width - 2 * FIT_MARGIN_PX && drawing.height < canvas.height - 2 * FIT_MARGIN_PX);
  });

  it('zooms with + = - and fits with 0 when the diagram has the focus, and pans with the arrows (Shift: further)', async () => {
    const page = await open();
    await focusCanvas(page);
    const t0 = await transformOf(page);
    await page.keyboard.press('+');
    close((await transformOf(page)).k, t0.k * ZOOM_FACTOR, 'scale after +');
    await page.keyboard.press('=');
    close((await transformOf(page)).k, t0.k * ZOOM_FACTOR ** 2, 'scale after + =');
    await page.keyboard.press('-');
    const t1 = await transformOf(page);
    close(t1.k, t0.k * ZOOM_FACTOR, 'scale after + = -');

    const pans: [string, number, number][] = [
      ['ArrowRight', -PAN_STEP_PX, 0], ['ArrowLeft', PAN_STEP_PX, 0], ['ArrowDown', 0, -PAN_STEP_PX], ['ArrowUp', 0, PAN_STEP_PX],
      ['Shift+ArrowRight', -PAN_STEP_LARGE_PX, 0], ['Shift+ArrowDown', 0, -PAN_STEP_LARGE_PX],
    ];
    for (const [k, dx, dy] of pans) {
      const a = await transformOf(page);
      await page.keyboard.press(k);
      const b = await transformOf(page);
      assert.equal(b.k, a.k, `${k} keeps the scale`);
      close(b.x - a.x, dx, `${k} moves the drawing across`);
      close(b.y - a.y, dy, `${k} moves the drawing down`);
    }
    assert.deepEqual(await saved(page), await transformOf(page), 'a key\'s zoom is saved');

    // Ctrl with a zoom key is the editor's, not the diagram's.
    const beforeCtrl = await transformOf(page);
    await page.keyboard.press('Control+=');
    assert.deepEqual(await transformOf(page), beforeCtrl);

    await page.keyboard.press('0');
    await assertFitted(page);
    const fittedByKey = await transformOf(page);
    await page.keyboard.press('+');
    await page.click('button[data-action="fit"]');
    const fittedByButton = await transformOf(page);
    close(fittedByButton.k, fittedByKey.k, '0 and the Fit button fit alike (scale)', 1e-3);
    closePx(fittedByButton.x, fittedByKey.x, '0 and the Fit button fit alike (x)');
    closePx(fittedByButton.y, fittedByKey.y, '0 and the Fit button fit alike (y)');
  });

  it('takes the focus by Tab too, and keeps Enter on a node for revealing it', async () => {
    const page = await open();
    let focused = false;
    for (let i = 0; i < 12 && !focused; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement === document.querySelector('#topo-canvas > svg'));
    }
    assert.ok(focused, 'Tab reaches the diagram');
    const t = await transformOf(page);
    await page.keyboard.press('-');
    close((await transformOf(page)).k, t.k / ZOOM_FACTOR, 'scale after -');
    await page.focus('[data-node="lb1"]');
    await page.keyboard.press('Enter');
    const reveal = (await panel.posted()).filter((m) => m.type === 'reveal');
    assert.deepEqual(reveal, [{ type: 'reveal', range: checkoutView().systems[0]!.scope.layers[1]!.instances[0]!.range }]);
  });

  it('keeps the scale within the zoom extent, by key and by button', async () => {
    const page = await open();
    await focusCanvas(page);
    for (let i = 0; i < 30; i++) await page.keyboard.press('+');
    assert.equal((await transformOf(page)).k, EXTENT[1]);
    await page.click('button[data-action="zoom-in"]');
    assert.equal((await transformOf(page)).k, EXTENT[1]);
    await focusCanvas(page);
    for (let i = 0; i < 40; i++) await page.keyboard.press('-');
    assert.equal((await transformOf(page)).k, EXTENT[0]);
    await page.click('button[data-action="zoom-out"]');
    assert.equal((await transformOf(page)).k, EXTENT[0]);
  });

  it('leaves the keys to the playback slider while it has the focus', async () => {
    const page = await open();
    await panel.send(dbFailoverPlayback());
    const slider = page.getByRole('slider', { name: 'Playback time' });
    await slider.focus();
    const before = await transformOf(page);
    for (const k of ['+', '=', '-', '0', 'ArrowRight', 'ArrowRight', 'ArrowUp', 'Shift+ArrowLeft', 'ArrowDown']) await page.keyboard.press(k);
    assert.deepEqual(await transformOf(page), before, 'the diagram did not move');
    // Right, Right, Up: 3; Left (Shift makes no larger step on a range), Down: 1.
    assert.equal(await slider.inputValue(), '1', 'the slider took its arrow keys');
    // The same keys on the diagram do move it.
    await focusCanvas(page);
    await page.keyboard.press('ArrowRight');
    assert.notDeepEqual(await transformOf(page), before);
  });

  it('leaves the keys to the journey menu while it has the focus', async () => {
    await chromium.open({ width: 1300, height: 900 });
    const page = panel.page;
    await panel.send({ type: 'view', view: buildDiagramView(analyseFileWithImports(resolve(__dirname, '../../examples/estate/shop.topo'))) });
    const menu = page.locator('.journey-select');
    await menu.focus();
    const before = await transformOf(page);
    for (const k of ['+', '=', '-', '0']) await page.keyboard.press(k);
    assert.deepEqual(await transformOf(page), before, 'the diagram did not move');
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('journey-select')), true);
    await page.keyboard.press('ArrowDown');
    assert.equal(await menu.inputValue(), 'web/browse', 'the menu took its arrow key');
    await page.keyboard.press('ArrowUp');
    assert.equal(await menu.inputValue(), '', 'the menu took its arrow keys');
    assert.deepEqual(await transformOf(page), before, 'the diagram did not move');
  });

  describe('topo diagram\'s standalone page', () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'topo-zoom-'));
    });
    after(() => {
      rmSync(dir, { recursive: true, force: true });
    });

    it('shows the zoom buttons and the keys work, but not the export buttons', async () => {
      const { js, css } = await webviewBundle();
      const file = join(dir, 'checkout.html');
      writeFileSync(file, buildStandaloneHtml({ view: checkoutView(), script: js, style: css, nonce: 'bm9uY2Vub25jZW5vbmNl', title: 'checkout' }));
      const page = await chromium.browser().newPage({ viewport: { width: 1100, height: 700 } });
      try {
        await page.goto(pathToFileURL(file).href);
        await page.waitForSelector('[data-node="lb1"]');
        assert.equal(await page.locator('.topo-toolbar').isVisible(), true);
        for (const action of ['zoom-in', 'zoom-out', 'fit']) assert.equal(await page.locator(`button[data-action="${action}"]`).isVisible(), true, action);
        for (const action of ['export-svg', 'export-png']) assert.equal(await page.locator(`button[data-action="${action}"]`).isVisible(), false, action);
        const before = await transformOf(page);
        await page.click('button[data-action="zoom-in"]');
        close((await transformOf(page)).k, before.k * ZOOM_FACTOR, 'scale after Zoom in');
        await page.click('button[data-action="fit"]');
        await assertFitted(page);
        await page.locator('#topo-canvas > svg').focus();
        const fitted = await transformOf(page);
        await page.keyboard.press('-');
        close((await transformOf(page)).k, fitted.k / ZOOM_FACTOR, 'scale after -');
      } finally {
        await page.close();
      }
    });
  });
});
