/** The pure layout and playback folding, without a browser. */
import { strict as assert } from 'node:assert';
import { layoutDiagram } from '../../webview/src/layout/diagram';
import type { Box, LayerLayout, ScopeLayout } from '../../webview/src/layout/types';
import { playbackSteps, topologyOf } from '../../webview/src/playback/state';
import { checkoutView, largeView, sitesView, summarisedView } from './fixtures';
import { parseHTML } from 'linkedom';
import { buildStandaloneSvg } from '../../webview/src/export/svg';
import { drawDiagram } from '../../webview/src/render/draw';

const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const inside = (inner: Box, outer: { width: number; height: number }) =>
  inner.x >= 0 && inner.y >= 0 && inner.x + inner.width <= outer.width && inner.y + inner.height <= outer.height;

function eachLayer(scope: ScopeLayout, visit: (l: LayerLayout) => void): void {
  for (const l of scope.layers) {
    visit(l);
    for (const s of l.sites) eachLayer(s.scope, visit);
  }
}

describe('diagram layout', () => {
  it('lays out a layer of 150,000 instances (widths from a loop: a spread of that many names overflowed the call stack)', () => {
    const scope = layoutDiagram(largeView(1, 150_000)).systems[0]!.scope;
    assert.equal(scope.layers.length, 1);
    assert.ok(Number.isFinite(scope.layers[0]!.width) && scope.layers[0]!.width > 0);
  });

  it('puts layers left to right in path order, without overlap, with an edge between neighbours', () => {
    const scope = layoutDiagram(checkoutView()).systems[0]!.scope;
    const xs = scope.layers.map((l) => l.x);
    assert.deepEqual([...xs].sort((a, b) => a - b), xs);
    for (let i = 1; i < scope.layers.length; i++) assert.ok(scope.layers[i - 1]!.x + scope.layers[i - 1]!.width < scope.layers[i]!.x);
    assert.deepEqual(scope.edges.map((e) => e.id), ['dns->lb', 'lb->app', 'app->db']);
  });

  it('keeps every node inside its layer and apart from the others', () => {
    for (const view of [checkoutView(), sitesView(), largeView(3, 40)]) {
      eachLayer(layoutDiagram(view).systems[0]!.scope, (layer) => {
        for (const n of layer.nodes) assert.ok(inside(n, layer), `${n.view.id} outside ${layer.view.id}`);
        for (const s of layer.sites) assert.ok(inside(s, layer), `${s.view.id} outside ${layer.view.id}`);
        layer.nodes.forEach((a, i) => layer.nodes.slice(i + 1).forEach((b) => assert.ok(!overlaps(a, b), `${a.view.id} overlaps ${b.view.id}`)));
      });
    }
  });

  it('lines the instances of one zone up in that zone band, across layers', () => {
    const system = layoutDiagram(checkoutView()).systems[0]!;
    const band = (zone: string) => system.zones.find((z) => z.view.name === zone)!.bands;
    const nodeBox = (id: string): Box => {
      for (const l of system.scope.layers) {
        const n = l.nodes.find((x) => x.view.id === id);
        if (n) return { x: l.x + n.x, y: system.scopeY + l.y + n.y, width: n.width, height: n.height };
      }
      throw new Error(id);
    };
    for (const [zone, ids] of [['az1', ['lb1', 'app-1', 'app-3', 'db-primary']], ['az2', ['app-2', 'app-4', 'db-standby']]] as const) {
      for (const id of ids) assert.ok(band(zone).some((b) => overlaps(b, nodeBox(id)) && nodeBox(id).y >= b.y && nodeBox(id).y + nodeBox(id).height <= b.y + b.height), `${id} not in ${zone}`);
    }
    assert.ok(!band('az1').some((b) => overlaps(b, nodeBox('route53'))), 'unzoned instances stay out of zone bands');
  });

  it('keeps the zone bands of a site inside its box', () => {
    const system = layoutDiagram(sitesView()).systems[0]!;
    const regions = system.scope.layers[1]!;
    const boxes = regions.sites.map((s) => ({ x: regions.x + s.x, y: system.scopeY + regions.y + s.y, width: s.width, height: s.height }));
    const bands = system.zones.flatMap((z) => z.bands);
    assert.ok(bands.length >= 2);
    for (const b of bands) {
      assert.ok(boxes.some((box) => b.x >= box.x && b.y >= box.y && b.x + b.width <= box.x + box.width && b.y + b.height <= box.y + box.height), `band ${JSON.stringify(b)} outside every site`);
    }
  });

  it('lays a thousand instances out in grids rather than one tall column', () => {
    const layout = layoutDiagram(largeView(10, 100));
    assert.ok(layout.height < 2000, `height ${layout.height}`);
    assert.equal(layout.systems[0]!.scope.layers.reduce((n, l) => n + l.nodes.length, 0), 1000);
  });

  it('places a summarised layer\'s groups in their zone bands, as nodes, with the replication arrow to the group', () => {
    const system = layoutDiagram(summarisedView()).systems[0]!;
    const [app, db] = [system.scope.layers[2]!, system.scope.layers[3]!];
    assert.deepEqual(app.nodes, []);
    assert.deepEqual(app.groups.map((g) => g.view.id), ['app/app@az1', 'app/app@az2']);
    const [az1, az2] = app.groups;
    assert.ok(az1!.y < az2!.y, 'az1 above az2');
    for (const [layer, g] of [...app.groups.map((g) => [app, g] as const), ...db.groups.map((g) => [db, g] as const)]) assert.ok(inside(g, layer), `${g.view.id} inside its layer`);
    assert.equal(db.groups[0]!.y, az2!.y, 'lined up with the other az2 boxes');
    assert.deepEqual(db.arrows.map((a) => a.id), ['db-primary=>db/replica@az2']);
  });

  it('is deterministic', () => {
    assert.deepEqual(JSON.stringify(layoutDiagram(sitesView())), JSON.stringify(layoutDiagram(sitesView())));
  });
});

describe('drawing on a Node DOM (linkedom)', () => {
  it('gives every datum its own element even when a name repeats', () => {
    const view = checkoutView();
    view.systems.push(JSON.parse(JSON.stringify(view.systems[0])));
    const { document } = parseHTML('<!DOCTYPE html><html><body></body></html>');
    const svg = buildStandaloneSvg(document as unknown as Document, view, '');
    assert.equal(svg.querySelectorAll('[data-system="checkout"]').length, 2);
    assert.equal(svg.querySelectorAll('[data-node="lb1"]').length, 2);
    // Drawing again matches every element to its datum: the same elements stay.
    const before = Array.from(svg.querySelectorAll('[data-system], [data-node]'));
    drawDiagram(svg, layoutDiagram(view), { titles: true, intrinsicSize: true });
    assert.deepEqual(Array.from(svg.querySelectorAll('[data-system], [data-node]')), before);
  });

  it('sets names as text: markup in a name stays characters', () => {
    const view = checkoutView();
    view.systems[0]!.name = '<img src=x onerror=alert(1)>';
    const { document } = parseHTML('<!DOCTYPE html><html><body></body></html>');
    const svg = buildStandaloneSvg(document as unknown as Document, view, '');
    assert.equal(svg.querySelectorAll('img').length, 0);
    assert.equal(svg.querySelector('.system-name')?.textContent, '<img src=x onerror=alert(1)>');
    assert.match(svg.outerHTML, /&lt;img src=x onerror=alert\(1\)&gt;/);
  });
});

describe('playback folding', () => {
  const event = (t: number, type: string, element?: string, layer?: string) => ({ t, type, detail: type, ...(element ? { element } : {}), ...(layer ? { layer } : {}) });

  it('takes down everything in a failed zone and its region, and brings it back on repair', () => {
    const topology = topologyOf(checkoutView().systems[0]!);
    const steps = playbackSteps({ failures: [], outages: [], systemDowntimeSeconds: 0, events: [event(0, 'failure', 'use1'), event(3600, 'repaired', 'use1')] }, topology);
    assert.deepEqual([...steps[1]!.state.down].sort(), ['app-1', 'app-2', 'app-3', 'app-4', 'az1', 'az2', 'db-primary', 'db-standby', 'lb1', 'use1']);
    assert.deepEqual([...steps[2]!.state.down], []);
  });

  it('a failed deploy takes down the instances it covers, and gives them back on repair', () => {
    const view = checkoutView();
    view.systems[0]!.commonCauses = [{ id: 'deploy app', instances: ['app-1', 'app-2', 'app-3', 'app-4'] }];
    const topology = topologyOf(view.systems[0]!);
    const steps = playbackSteps({ failures: [], outages: [], systemDowntimeSeconds: 0, events: [event(0, 'failure', 'deploy app'), event(1800, 'repaired', 'deploy app')] }, topology);
    assert.deepEqual([...steps[1]!.state.down].sort(), ['app-1', 'app-2', 'app-3', 'app-4', 'deploy app']);
    assert.deepEqual([...steps[2]!.state.down], []);
  });

  it('expands a node to its instances and a site to everything inside it', () => {
    const checkout = topologyOf(checkoutView().systems[0]!);
    assert.deepEqual(checkout.expand('app').sort(), ['app', 'app-1', 'app-2', 'app-3', 'app-4']);
    const sites = topologyOf(sitesView().systems[0]!);
    assert.deepEqual(sites.expand('west').sort(), ['west', 'west.app-1', 'west.app-2', 'west.db']);
  });

  it('counts a summarised layer\'s group down: some members, then all with their zone, then none', () => {
    const topology = topologyOf(summarisedView().systems[0]!);
    const steps = playbackSteps({
      failures: [], outages: [], systemDowntimeSeconds: 0,
      events: [
        event(0, 'failure', 'app-3', 'app'), event(1, 'degraded', undefined, 'app'), event(2, 'failure', 'app-5', 'app'),
        event(3, 'failure', 'az2'), event(4, 'repaired', 'app-3', 'app'), event(5, 'repaired', 'app-5', 'app'), event(6, 'repaired', 'az2'),
      ],
    }, topology);
    const down = (i: number) => Object.fromEntries(steps[i]!.state.groupsDown);
    assert.deepEqual(down(1), { 'app/app@az1': { down: 1, of: 3 } });
    assert.deepEqual(down(3), { 'app/app@az1': { down: 2, of: 3 } });
    assert.deepEqual(down(4), { 'app/app@az1': { down: 2, of: 3 }, 'app/app@az2': { down: 3, of: 3 }, 'db/replica@az2': { down: 2, of: 2 } });
    // A layer stays degraded while a group of it has members down.
    assert.ok(steps[5]!.state.layersDegraded.has('app'));
    assert.ok(steps[6]!.state.layersDegraded.has('app'), 'az2 is still down');
    assert.deepEqual(down(7), {});
    assert.ok(!steps[7]!.state.layersDegraded.has('app'));
  });

  it('marks a group holding a promoted standby, and fails it back when the primary returns', () => {
    const topology = topologyOf(summarisedView().systems[0]!);
    assert.deepEqual(topology.groupOf('replica-1'), { id: 'db/replica@az2', count: 2 });
    assert.deepEqual(topology.groupOf('replica-2'), { id: 'db/replica@az2', count: 2 });
    assert.equal(topology.groupOf('replica-3'), undefined);
    const steps = playbackSteps({
      failures: [], outages: [], systemDowntimeSeconds: 0,
      events: [event(0, 'failure', 'db-primary', 'db'), event(15, 'promoted', 'replica-2', 'db'), event(7200, 'repaired', 'db-primary', 'db')],
    }, topology);
    assert.deepEqual([...steps[2]!.state.groupsPromoted], ['db/replica@az2']);
    assert.deepEqual([...steps[3]!.state.promoted, ...steps[3]!.state.groupsPromoted], []);
  });

  it('promotes, degrades and fails back in event order', () => {
    const topology = topologyOf(checkoutView().systems[0]!);
    const steps = playbackSteps({
      failures: [], outages: [{ start: 0, end: 15 }], systemDowntimeSeconds: 15,
      events: [
        event(15, 'promoted', 'db-standby', 'db'), event(0, 'failure', 'db-primary', 'db'), event(15, 'degraded', undefined, 'db'),
        event(0, 'system-down'), event(15, 'system-up'), event(7200, 'repaired', 'db-primary', 'db'),
      ],
    }, topology);
    assert.deepEqual(steps.map((s) => s.type), ['start', 'failure', 'system-down', 'promoted', 'degraded', 'system-up', 'repaired']);
    assert.equal(steps[2]!.state.systemDown, true);
    assert.ok(steps[4]!.state.promoted.has('db-standby') && steps[4]!.state.layersDegraded.has('db'));
    const last = steps[6]!.state;
    assert.equal(last.promoted.size + last.layersDegraded.size + last.down.size, 0);
  });
});
