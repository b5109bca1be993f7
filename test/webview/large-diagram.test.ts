/**
 * `topo diagram` of a model of 100,000 instances (issue 21, item 6): the huge layer is drawn
 * summarised, and both outputs are whole and small: the SVG parses as strict XML, the page's
 * embedded view model passes the webview's own check. Drawing stays linear in the boxes drawn:
 * the keyed join orders elements only when they are out of order, checked here on linkedom.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { buildCli, topoCli } from '../support/cli';
import { checkDiagramView } from '../../webview/src/protocol';
import type { DiagramView } from '../../server/src/core/diagram/view-model';
import { layoutDiagram } from '../../webview/src/layout/diagram';
import { drawDiagram, SVG_NS } from '../../webview/src/render/draw';
import { checkoutView } from './fixtures';
import { parseXml } from '../support/xml';

const MODEL = `system big {
  region use1 { availability 99.999% }
  zone az1 in use1 { availability 99.99% }
  zone az2 in use1 { availability 99.99% }
  zone az3 in use1 { availability 99.99% }
  layer lb { node lb { availability 99.95% replicas 3 zones [az1, az2, az3] } }
  layer app { node app { availability 99.9% replicas 100000 zones [az1, az2, az3] } }
  layer db {
    replication async lag 2s
    node db-primary { availability 99.95% mttr 2h zone az1 }
    node db-standby { availability 99.95% mttr 2h zone az2 standby hot }
  }
  path lb -> app -> db
}
`;

/** Attribute values by name, over every element of a strictly parsed XML text; fails on the first error. */
function xmlAttributes(xml: string): Map<string, string[]> {
  const parsed = parseXml(xml);
  assert.equal(parsed.error, undefined);
  return parsed.attributesByName;
}

describe('topo diagram of 100,000 instances', function () {
  this.timeout(300_000);
  let dir: string;
  before(() => {
    buildCli();
    dir = mkdtempSync(join(tmpdir(), 'topo-large-diagram-'));
    writeFileSync(join(dir, 'big.topo'), MODEL);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a well-formed SVG with one box per zone for the huge layer', () => {
    const out = join(dir, 'big.svg');
    const run = topoCli(['diagram', join(dir, 'big.topo'), '-o', out], 240_000);
    assert.equal(run.code, 0, run.err);
    const svg = readFileSync(out, 'utf8');
    const attributes = xmlAttributes(svg);
    assert.deepEqual(attributes.get('data-group'), ['app/app@az1', 'app/app@az2', 'app/app@az3']);
    assert.deepEqual(attributes.get('data-count'), ['33334', '33333', '33333']);
    assert.deepEqual(attributes.get('data-node'), ['lb-1', 'lb-2', 'lb-3', 'db-primary', 'db-standby']);
    assert.match(svg, /<text y="15" x="8" class="node-name">app ×33,334 \(az1\)<\/text>/);
    assert.ok(statSync(out).size < 200_000, `SVG of ${statSync(out).size} bytes`);
  });

  it('writes a page whose view model is small and passes the webview check', () => {
    const out = join(dir, 'big.html');
    const run = topoCli(['diagram', join(dir, 'big.topo'), '-o', out], 240_000);
    assert.equal(run.code, 0, run.err);
    const html = readFileSync(out, 'utf8');
    const json = /<script type="application\/json" id="topo-view">(.*?)<\/script>/s.exec(html)?.[1];
    assert.ok(json, 'the embedded view model');
    const view = JSON.parse(json) as DiagramView;
    assert.equal(checkDiagramView(view, 'view'), null);
    const app = view.systems[0]!.scope.layers.find((l) => l.id === 'app')!;
    assert.deepEqual(app.summary?.groups.map((g) => g.count), [33_334, 33_333, 33_333]);
    assert.ok(json.length < 100_000, `view model of ${json.length} characters`);
  });
});

describe('drawing in Node keeps data order without asking the DOM for positions', () => {
  it('reorders existing elements when the data order changes, and leaves them when it does not', () => {
    const { document } = parseHTML('<!DOCTYPE html><html><body></body></html>');
    const svg = document.createElementNS(SVG_NS, 'svg') as unknown as SVGSVGElement;
    document.body.appendChild(svg as unknown as Node);
    const view = checkoutView();
    const order = () => Array.from(svg.querySelectorAll('[data-layer]'), (e) => e.getAttribute('data-layer'));
    drawDiagram(svg, layoutDiagram(view));
    assert.deepEqual(order(), ['dns', 'lb', 'app', 'db']);
    const db = svg.querySelector('[data-layer="db"]');
    view.systems[0]!.scope.layers.reverse();
    drawDiagram(svg, layoutDiagram(view));
    assert.deepEqual(order(), ['db', 'app', 'lb', 'dns']);
    assert.equal(svg.querySelector('[data-layer="db"]'), db, 'the same element, moved');
    drawDiagram(svg, layoutDiagram(view));
    assert.deepEqual(order(), ['db', 'app', 'lb', 'dns']);
  });
});
