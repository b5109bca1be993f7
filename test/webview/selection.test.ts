/**
 * The editor's selection on the diagram: `select` marks the drawn elements declared at the
 * editor's cursor (positions from the client's own `declarationsAt`), pans them into view, and
 * malformed `select` messages are refused.
 */
import { strict as assert } from 'node:assert';
import { chromiumSuite, type PanelPage } from './harness';
import { analyseDocument } from '../../server/src/core/pipeline';
import { buildDiagramView } from '../../server/src/core/diagram/index';
import { declarationsAt } from '../../client/src/selection';
import { MAX_SELECT_POSITIONS, parseToWebview } from '../../webview/src/protocol';
import { cursor } from '../support/markers';

/** Two systems, the second with a site; `<|>` is replaced by a cursor where each test puts one. */
const TEXT = `system front {
  zone az1 { availability 99.99% }
  zone az2 { availability 99.99% }
  layer lb { node lb { availability 99.99% replicas 2 zones [az1, az2] } }
  layer app {
    node app { availability 99.9% replicas 3 zones [az1, az2] }
    node worker { availability 99.9% zone az1 }
  }
}

system back {
  layer regions {
    site east { layer db { node db { availability 99.95% } } }
    site west { layer db { node db { availability 99.95% } } }
  }
}
`;

const VIEW = buildDiagramView(analyseDocument(TEXT));

/** The `select` message for a cursor put where `marker` (a part of TEXT with `<|>` in it) says. */
function selectAt(marker: string): { type: 'select'; positions: { line: number; character: number }[] } {
  const fixture = TEXT.replace(marker.replace('<|>', ''), marker);
  assert.notEqual(fixture, TEXT, `no ${marker} in the text`);
  const { text, position } = cursor(fixture);
  return { type: 'select', positions: declarationsAt(text, position) };
}

describe('diagram webview: the editor selection (Chromium)', function () {
  let panel: PanelPage;
  const selected = () => panel.page.$$eval('.selected', (els) => els.map((e) => {
    for (const a of ['data-node', 'data-group', 'data-site', 'data-zone', 'data-region', 'data-layer', 'data-system']) {
      const v = e.getAttribute(a);
      if (v !== null) return `${a.slice(5)}:${v}`;
    }
    return e.tagName;
  }).sort());

  chromiumSuite({ eachTest: true, onPanel: (p) => (panel = p) });
  beforeEach(async () => {
    await panel.send({ type: 'view', view: VIEW });
  });

  it('a replicated node\'s line marks all its instances, and only them', async () => {
    await panel.send(selectAt('node app { availability 99.9% <|>replicas'));
    assert.deepEqual(await selected(), ['node:app-1', 'node:app-2', 'node:app-3']);
    // The mark moves: the previous one is cleared.
    await panel.send(selectAt('node wor<|>ker'));
    assert.deepEqual(await selected(), ['node:worker']);
  });

  it('a layer header marks the layer; a zone, the zone; a site, the site; the system line, the system', async () => {
    await panel.send(selectAt('layer a<|>pp {'));
    assert.deepEqual(await selected(), ['layer:app']);
    await panel.send(selectAt('zone a<|>z2'));
    assert.deepEqual(await selected(), ['zone:az2']);
    await panel.send(selectAt('site we<|>st'));
    assert.deepEqual(await selected(), ['site:west']);
    await panel.send(selectAt('system b<|>ack'));
    assert.deepEqual(await selected(), ['system:back']);
    // An outline that shows: the layer box takes the focus colour.
    await panel.send(selectAt('layer a<|>pp {'));
    const stroke = await panel.page.$eval('[data-layer="app"] > .layer-box', (e) => getComputedStyle(e).strokeWidth);
    assert.equal(stroke, '3px');
  });

  it('a position outside every declaration, or none, clears the mark; a redraw keeps it', async () => {
    await panel.send(selectAt('node wor<|>ker'));
    await panel.send({ type: 'view', view: buildDiagramView(analyseDocument(TEXT)) });
    assert.deepEqual(await selected(), ['node:worker'], 'kept across a redraw');
    const outside = selectAt('}\n\nsystem back'.replace('\n\n', '\n<|>\n'));
    assert.deepEqual(outside.positions, []);
    await panel.send(outside);
    assert.deepEqual(await selected(), []);
    await panel.send(selectAt('node wor<|>ker'));
    await panel.send({ type: 'select', positions: [{ line: 400, character: 0 }] });
    assert.deepEqual(await selected(), [], 'a position no element is declared at');
  });

  it('pans a marked element out of sight into view, keeping the zoom', async () => {
    // Zoom in on the top left: the second system is out of sight.
    await panel.page.mouse.move(150, 150);
    await panel.page.mouse.wheel(0, -1200);
    await panel.page.waitForTimeout(200);
    const scaleOf = (t: string | null) => /scale\(([^)]+)\)/.exec(t ?? '')?.[1] ?? '1';
    const before = await panel.page.getAttribute('.viewport', 'transform');
    assert.notEqual(scaleOf(before), '1', `the wheel should have zoomed (${before})`);
    const inView = () => panel.page.evaluate(() => {
      const box = document.querySelector('[data-site="west"]')!.getBoundingClientRect();
      const view = document.getElementById('topo-canvas')!.getBoundingClientRect();
      return box.left >= view.left && box.top >= view.top && box.right <= view.right && box.bottom <= view.bottom;
    });
    assert.equal(await inView(), false, 'west starts out of sight');
    await panel.send(selectAt('site we<|>st'));
    assert.equal(await inView(), true, 'west panned into view');
    const after = await panel.page.getAttribute('.viewport', 'transform');
    assert.equal(scaleOf(after), scaleOf(before), 'the same zoom');
    assert.notEqual(after, before);
  });

  it('ignores a malformed select: the mark stays', async () => {
    await panel.send(selectAt('node wor<|>ker'));
    await panel.page.evaluate(() => window.postMessage({ type: 'select', positions: [{ line: -1, character: 0 }] }, '*'));
    await panel.page.evaluate(() => window.postMessage({ type: 'select' }, '*'));
    await panel.page.waitForTimeout(100);
    assert.deepEqual(await selected(), ['node:worker']);
  });
});

describe('diagram protocol: select', () => {
  it('accepts positions (whole numbers ≥ 0), an empty list included', () => {
    assert.ok(parseToWebview({ type: 'select', positions: [] }).ok);
    assert.ok(parseToWebview({ type: 'select', positions: [{ line: 3, character: 0 }, { line: 0, character: 12 }] }).ok);
  });

  it('rejects a select without positions, with a bad position, or with too many', () => {
    const position = { line: 0, character: 0 };
    for (const bad of [
      { type: 'select' },
      { type: 'select', positions: null },
      { type: 'select', position },
      { type: 'select', positions: position },
      { type: 'select', positions: [{ line: 1 }] },
      { type: 'select', positions: [{ line: '1', character: 0 }] },
      { type: 'select', positions: [{ line: -1, character: 0 }] },
      { type: 'select', positions: [{ line: 1.5, character: 0 }] },
      { type: 'select', positions: [{ line: 0, character: Number.NaN }] },
      { type: 'select', positions: [position, null] },
      { type: 'select', positions: Array.from({ length: MAX_SELECT_POSITIONS + 1 }, () => position) },
    ]) assert.equal(parseToWebview(bad).ok, false, JSON.stringify(bad).slice(0, 80));
  });
});
