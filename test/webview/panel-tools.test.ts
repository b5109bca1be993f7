/** The panel's tools in headless Chromium: PNG export, the banner of a file with errors, the playback time slider. */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromiumSuite, webviewBundle, type PanelPage } from './harness';
import { checkoutView, dbFailoverPlayback } from './fixtures';
import type { DiagramView } from '../../server/src/core/diagram/view-model';
import { analyseDocument } from '../../server/src/core/pipeline';
import { buildDiagramView } from '../../server/src/core/diagram/index';
import { formatDuration } from '../../server/src/core/text/format';
import { layoutDiagram } from '../../webview/src/layout/diagram';
import { MAX_PNG_DATA_URL, PNG_SIGNATURE, parseFromWebview, pngBytesOf } from '../../webview/src/protocol';
import type { FromWebview } from '../../webview/src/protocol';

const example = (): DiagramView => buildDiagramView(analyseDocument(readFileSync(join(__dirname, '../../examples/checkout.topo'), 'utf8')));

/** The `view` message the extension sends for a version of the file whose text has `errors` errors. */
function withErrors(view: DiagramView, errors: number): { type: 'view'; view: DiagramView; errors: number } {
  for (const s of [...view.systems, ...(view.journeys ?? [])]) s.errorCount = errors;
  return { type: 'view', view, errors };
}

describe('PNG messages (protocol)', () => {
  it('accepts a PNG data URL and gives its bytes only when they are a PNG', () => {
    const png = Buffer.from([...PNG_SIGNATURE, 0, 0, 0, 13]).toString('base64');
    assert.equal(parseFromWebview({ type: 'png', dataUrl: `data:image/png;base64,${png}` }).ok, true);
    assert.deepEqual(Array.from(pngBytesOf(`data:image/png;base64,${png}`)!.slice(0, 8)), [...PNG_SIGNATURE]);
    const gif = Buffer.from('GIF89a....').toString('base64');
    assert.equal(pngBytesOf(`data:image/png;base64,${gif}`), undefined);
  });

  it('refuses other data URLs, text that is not base64, and PNGs past the bound', () => {
    assert.equal(parseFromWebview({ type: 'png', dataUrl: 'data:image/svg+xml;base64,PHN2Zy8+' }).ok, false);
    assert.equal(parseFromWebview({ type: 'png', dataUrl: 'data:image/png;base64,<script>' }).ok, false);
    assert.equal(parseFromWebview({ type: 'png', dataUrl: `data:image/png;base64,${'A'.repeat(MAX_PNG_DATA_URL)}` }).ok, false);
    assert.equal(parseFromWebview({ type: 'png', dataUrl: 42 }).ok, false);
    assert.equal(parseFromWebview({ type: 'pngFailed', error: 'x'.repeat(1001) }).ok, false);
    assert.equal(parseFromWebview({ type: 'export', format: 'gif' }).ok, false);
  });
});

describe('diagram panel tools (Chromium)', function () {
  let panel: PanelPage;
  chromiumSuite({ eachTest: true, onPanel: (p) => (panel = p) });

  const posted = async <T extends FromWebview['type']>(type: T): Promise<Extract<FromWebview, { type: T }>[]> =>
    (await panel.posted()).filter((m): m is Extract<FromWebview, { type: T }> => m.type === type);

  it('renders the example as a PNG at 2× and posts it as a valid PNG data URL', async () => {
    const view = example();
    await panel.send({ type: 'view', view });
    await panel.send({ type: 'renderPng', css: (await webviewBundle()).css });
    await panel.page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'png' || m.type === 'pngFailed'));
    assert.deepEqual(await posted('pngFailed'), []);
    const [message] = await posted('png');
    assert.ok(message, 'a png message');
    const parsed = parseFromWebview(message);
    assert.equal(parsed.ok, true, JSON.stringify(parsed));
    assert.match(message.dataUrl, /^data:image\/png;base64,/);
    const bytes = Buffer.from(message.dataUrl.slice('data:image/png;base64,'.length), 'base64');
    assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.equal(bytes.toString('latin1', 12, 16), 'IHDR');
    const layout = layoutDiagram(view, view.systems);
    assert.equal(bytes.readUInt32BE(16), Math.round(layout.width * 2));
    assert.equal(bytes.readUInt32BE(20), Math.round(layout.height * 2));
    // Not a blank canvas: the drawing made it through (a white PNG of this size compresses to a few kB).
    assert.ok(bytes.length > 20_000, `a PNG of ${bytes.length} bytes`);
    assert.deepEqual(await panel.violations(), []);
  });

  it('renders a PNG asked for before the first diagram once it comes, and says when there is nothing to render', async () => {
    await panel.send({ type: 'renderPng', css: '' });
    await panel.send({ type: 'view', view: checkoutView() });
    await panel.page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'png'));
    await panel.send({ type: 'view', view: { version: 1, systems: [] } });
    await panel.send({ type: 'renderPng', css: '' });
    await panel.page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'pngFailed'));
    assert.deepEqual(await posted('pngFailed'), [{ type: 'pngFailed', error: 'the file declares no system yet' }]);
  });

  it('has toolbar buttons that ask the extension to export the SVG and the PNG', async () => {
    await panel.send({ type: 'view', view: checkoutView() });
    await panel.page.click('button[data-action="export-svg"]');
    await panel.page.click('button[data-action="export-png"]');
    assert.deepEqual(await posted('export'), [{ type: 'export', format: 'svg' }, { type: 'export', format: 'png' }]);
  });

  it('keeps the last diagram without errors while the file has errors, with a banner, and draws the new one once they are fixed', async () => {
    const banner = panel.page.locator('.topo-errors');
    // No version without errors yet: this one is drawn, and the banner says so.
    await panel.send(withErrors(checkoutView(), 1));
    assert.equal(await banner.isVisible(), true);
    assert.match((await banner.textContent()) ?? '', /^The file has errors \(1 error\): no version without errors/);
    assert.equal(await panel.page.locator('[data-node="lb1"]').count(), 1);

    await panel.send({ type: 'view', view: checkoutView() });
    assert.equal(await banner.isVisible(), false);

    const edited = (): DiagramView => {
      const view = checkoutView();
      const lb = view.systems[0]!.scope.layers[1]!;
      lb.instances.push({ ...lb.instances[0]!, id: 'lb2', name: 'lb2', node: 'lb2', zone: 'az2', spof: false });
      return view;
    };
    await panel.send(withErrors(edited(), 3));
    assert.equal(await banner.isVisible(), true);
    assert.equal(await banner.textContent(), 'The file has errors: showing the diagram of the last version without errors (3 errors)');
    assert.equal(await panel.page.locator('[data-node="lb2"]').count(), 0, 'the diagram of the version with errors is not drawn');
    assert.equal(await panel.page.locator('.error-count').textContent(), '');

    // Errors that leave no system at all keep it too.
    await panel.send({ type: 'view', view: { version: 1, systems: [] }, errors: 1 });
    assert.equal(await banner.textContent(), 'The file has errors: showing the diagram of the last version without errors (1 error)');
    assert.equal(await panel.page.locator('[data-node="lb1"]').count(), 1);
    assert.equal(await panel.page.locator('.topo-message').isVisible(), false);

    await panel.send({ type: 'view', view: edited(), errors: 0 });
    assert.equal(await banner.isVisible(), false);
    assert.equal(await panel.page.locator('[data-node="lb2"]').count(), 1);
  });

  it('draws a design that misses its SLO as it is: a verdict is not an error of the text', async () => {
    await panel.send({ type: 'view', view: checkoutView() });
    // The spec example misses its SLO: slo-miss is an error diagnostic, counted in errorCount.
    const view = example();
    assert.equal(view.systems[0]!.errorCount, 1);
    view.systems[0]!.scope.layers[1]!.instances[0]!.name = 'lb1 (edited)';
    await panel.send({ type: 'view', view, errors: 0 });
    assert.equal(await panel.page.locator('.topo-errors').isVisible(), false);
    assert.equal(await panel.page.locator('[data-node="lb1"] .node-name').textContent(), 'lb1 (edited)');
    assert.equal(await panel.page.locator('.error-count').textContent(), '1 error in the file');
  });

  it('drops a view message whose error count is not a count', async () => {
    await panel.send({ type: 'view', view: checkoutView() });
    await panel.page.evaluate((v) => window.postMessage({ type: 'view', view: v, errors: -1 }, '*'), withErrors(checkoutView(), 0).view);
    await panel.page.evaluate((v) => window.postMessage({ type: 'view', view: v, errors: '2' }, '*'), withErrors(checkoutView(), 0).view);
    await panel.page.waitForTimeout(100);
    assert.equal(await panel.page.locator('.topo-errors').isVisible(), false);
  });

  it('scrubs a playback with a keyboard-accessible time slider, and plays and pauses it', async () => {
    await panel.send({ type: 'view', view: checkoutView() });
    await panel.send(dbFailoverPlayback());
    const bar = panel.page.locator('.topo-playback');
    const slider = panel.page.getByRole('slider', { name: 'Playback time' });
    // Step 0 is the start, every element up; then one step per event.
    assert.equal(await slider.getAttribute('max'), '6');
    assert.equal(await slider.inputValue(), '0');
    await slider.focus();
    await panel.page.keyboard.press('End');
    assert.equal(await bar.getAttribute('data-step'), '6');
    assert.match((await panel.page.locator('.topo-playback .time').textContent()) ?? '', new RegExp(`^t = ${formatDuration(7200)} `));
    assert.equal(await panel.page.locator('[data-node="db-primary"].down').count(), 0);
    await panel.page.keyboard.press('Home');
    for (let i = 0; i < 4; i++) await panel.page.keyboard.press('ArrowRight');
    assert.equal(await bar.getAttribute('data-step'), '4');
    assert.equal(await bar.getAttribute('data-event'), 'promoted');
    assert.equal(await panel.page.locator('[data-node="db-standby"].promoted').count(), 1);
    assert.equal(await panel.page.locator('[data-node="db-primary"].down').count(), 1);
    assert.equal(await panel.page.locator('.topo-playback .time').textContent(), `t = ${formatDuration(15)} (4/6)`);
    assert.equal(await slider.getAttribute('aria-valuetext'), `t = ${formatDuration(15)}, step 4 of 6: promoted`);
    // The step buttons move the slider too.
    await panel.page.click('button[data-action="prev"]');
    assert.equal(await slider.inputValue(), '3');

    const play = panel.page.locator('button[data-action="play"]');
    await play.focus();
    await panel.page.keyboard.press('Enter');
    assert.equal(await play.getAttribute('aria-pressed'), 'true');
    assert.equal(await play.textContent(), '❚❚ Pause');
    await panel.page.keyboard.press('Enter');
    assert.equal(await play.getAttribute('aria-pressed'), 'false');
    assert.equal(await play.textContent(), '▶ Play');
    assert.deepEqual(await panel.violations(), []);
  });
});
