/**
 * Huge layers are drawn summarised (issue 21, item 6): past `DIAGRAM_LIMITS` a layer's instances
 * become one box per node and zone, with their count and figures and their ids as runs, so the
 * view model stays small; every other layer, and every ordinary diagram, is as before.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyseDocument } from '../../../server/src/core/pipeline';
import { buildDiagramView } from '../../../server/src/core/diagram/index';
import { compactIds } from '../../../server/src/core/diagram/groups';
import { drawnReplication } from '../../../server/src/core/diagram/summary-view';
import type { InstanceGroupView, LayerView, SystemView } from '../../../server/src/core/diagram/view-model';
import { DIAGRAM_LIMITS } from '../../../server/src/core/limits';
import { formatAvailability } from '../../../server/src/core/text/format';
import { checkDiagramView } from '../../../webview/src/protocol';
import { topologyOf } from '../../../webview/src/playback/state';

const checkout = readFileSync(join(__dirname, '../../../examples/checkout.topo'), 'utf8');

/** A web stack whose app layer has `replicas` instances over three zones. */
function bigStack(replicas: number): string {
  return `system big {
  region use1 { availability 99.999% }
  zone az1 in use1 { availability 99.99% }
  zone az2 in use1 { availability 99.99% }
  zone az3 in use1 { availability 99.99% }
  layer lb { node lb { availability 99.95% replicas 3 zones [az1, az2, az3] } }
  layer app { node app { availability 99.9% replicas ${replicas} zones [az1, az2, az3] } }
  layer db {
    node db-primary { availability 99.95% zone az1 }
    node db-standby { availability 99.95% zone az2 standby hot }
  }
  path lb -> app -> db
}
`;
}

function systemOf(text: string): SystemView {
  const system = buildDiagramView(analyseDocument(text)).systems[0];
  assert.ok(system, 'one system');
  return system;
}

function layerOf(system: SystemView, id: string): LayerView {
  const layer = system.scope.layers.find((l) => l.id === id);
  assert.ok(layer, id);
  return layer;
}

/** Every id a group's members stand for, from its runs and its listed ids. */
function expandMembers(g: InstanceGroupView): string[] {
  return [...g.members.ids, ...g.members.runs.flatMap((r) => Array.from({ length: r.count }, (_, k) => `${r.prefix}${r.first + k * r.step}`))];
}

describe('diagram view model: a huge layer is summarised', function () {
  this.timeout(120_000);
  let system: SystemView;
  before(() => {
    system = systemOf(bigStack(100_000));
  });

  it('draws a layer of 100,000 instances as one box per zone, with counts that add up', () => {
    const app = layerOf(system, 'app');
    assert.deepEqual(app.instances, []);
    assert.ok(app.summary);
    assert.equal(app.summary.instanceCount, 100_000);
    assert.equal(app.summary.by, 'node');
    assert.deepEqual(
      app.summary.groups.map((g) => [g.id, g.name, g.node, g.zone, g.region, g.count]),
      [
        ['app/app@az1', 'app ×33,334 (az1)', 'app', 'az1', 'use1', 33_334],
        ['app/app@az2', 'app ×33,333 (az2)', 'app', 'az2', 'use1', 33_333],
        ['app/app@az3', 'app ×33,333 (az3)', 'app', 'az3', 'use1', 33_333],
      ],
    );
    // The layer's own figures and requirement are the analysis's, over every instance.
    assert.equal(app.requirement, '1 of 100000');
    assert.ok(app.tooltip.includes('drawn summarised: 100,000 instances in 3 boxes, one per node and zone'));
  });

  it('keeps the figures a box shows: each member\'s availability, its role, its tooltip', () => {
    const [az1] = layerOf(system, 'app').summary!.groups;
    assert.ok(az1);
    assert.equal(az1.availability, 0.999);
    assert.equal(az1.label, `${formatAvailability(0.001)} each`);
    assert.equal(az1.primary, false);
    assert.equal(az1.spof, false);
    assert.equal(az1.standby, undefined);
    assert.equal(az1.tooltip[0], '33,334 instances of node app: app-1 … app-100000');
    assert.match(az1.tooltip[1] ?? '', /^availability 99\.9000% each · MTTR /);
    assert.ok(az1.tooltip.includes('zone az1 in use1'));
    // Reveal goes to the node's name.
    assert.deepEqual(az1.range.start, { line: 6, character: 19 });
  });

  it('lists each group\'s members as runs that stand for exactly its instances', () => {
    const groups = layerOf(system, 'app').summary!.groups;
    assert.deepEqual(groups.map((g) => g.members), [
      { ids: [], runs: [{ prefix: 'app-', first: 1, step: 3, count: 33_334 }] },
      { ids: [], runs: [{ prefix: 'app-', first: 2, step: 3, count: 33_333 }] },
      { ids: [], runs: [{ prefix: 'app-', first: 3, step: 3, count: 33_333 }] },
    ]);
    const all = groups.flatMap(expandMembers);
    assert.equal(new Set(all).size, 100_000);
    assert.ok(all.includes('app-100000') && all.includes('app-1'));
  });

  it('leaves the small layers of the same system as they are', () => {
    assert.deepEqual(layerOf(system, 'lb').instances.map((i) => [i.id, i.zone]), [['lb-1', 'az1'], ['lb-2', 'az2'], ['lb-3', 'az3']]);
    assert.equal('summary' in layerOf(system, 'lb'), false);
    assert.deepEqual(layerOf(system, 'db').instances.map((i) => i.id), ['db-primary', 'db-standby']);
    assert.deepEqual(layerOf(system, 'db').replication.map((r) => [r.from, r.to]), [['db-primary', 'db-standby']]);
  });

  it('stays small and passes the webview protocol check after JSON', () => {
    const view = { version: 1 as const, systems: [system] };
    const json = JSON.stringify(view);
    assert.ok(json.length < 100_000, `view model of ${json.length} characters`);
    assert.equal(checkDiagramView(JSON.parse(json), 'view'), null);
  });

  it('lets playback find a failed instance\'s group from the runs', () => {
    const topology = topologyOf(system);
    assert.deepEqual(topology.groupOf('app-4'), { id: 'app/app@az1', count: 33_334 });
    assert.deepEqual(topology.groupOf('app-100000'), { id: 'app/app@az1', count: 33_334 });
    assert.deepEqual(topology.groupOf('app-99998'), { id: 'app/app@az2', count: 33_333 });
    assert.equal(topology.groupOf('app-100001'), undefined);
    assert.equal(topology.groupOf('app-0'), undefined);
    assert.equal(topology.groupOf('app-04'), undefined);
    assert.equal(topology.groupOf('lb-1'), undefined);
    assert.equal(topology.layerOf('app-7'), 'app');
    assert.ok(topology.expand('az2').includes('app/app@az2'));
    assert.ok(topology.expand('app').includes('app/app@az3'));
  });
});

describe('diagram view model: where summarising starts', function () {
  this.timeout(60_000);

  it('draws a layer of exactly the limit one by one, and one more summarised', () => {
    const { perLayer } = DIAGRAM_LIMITS;
    const at = layerOf(systemOf(bigStack(perLayer)), 'app');
    assert.equal(at.instances.length, perLayer);
    assert.equal(at.summary, undefined);
    const past = layerOf(systemOf(bigStack(perLayer + 1)), 'app');
    assert.deepEqual(past.instances, []);
    assert.deepEqual(past.summary?.groups.map((g) => g.count), [167, 167, 167]);
  });

  it('summarises the largest layers, first declared first among equals, while the diagram would draw more than the total', () => {
    const layers = Array.from({ length: 6 }, (_, i) => `  layer l${i} { node n${i} { availability 99.9% replicas 400 zones [az1, az2, az3] } }`);
    const text = `system wide {\n  zone az1 { availability 99.99% }\n  zone az2 { availability 99.99% }\n  zone az3 { availability 99.99% }\n${layers.join('\n')}\n}\n`;
    const system = systemOf(text);
    // 6 × 400 = 2,400 boxes > 2,000: l0 → 3 boxes (2,003 left, still more), l1 → 3 (1,606): done.
    assert.equal(DIAGRAM_LIMITS.total, 2_000);
    assert.deepEqual(system.scope.layers.map((l) => l.summary?.groups.length ?? l.instances.length), [3, 3, 400, 400, 400, 400]);
  });

  it('groups by zone alone when one box per node and zone would still be too many', () => {
    const nodes = Array.from({ length: 600 }, (_, i) => `    node w${i + 1} { availability 99.9% replicas 2 zones [az1, az2] }`);
    const text = `system many {\n  zone az1 { availability 99.99% }\n  zone az2 { availability 99.99% }\n  layer web {\n${nodes.join('\n')}\n  }\n}\n`;
    const web = layerOf(systemOf(text), 'web');
    assert.equal(web.summary?.by, 'zone');
    assert.deepEqual(web.summary?.groups.map((g) => [g.id, g.name, g.node, g.count]), [['web/*@az1', 'web ×600 (az1)', undefined, 600], ['web/*@az2', 'web ×600 (az2)', undefined, 600]]);
    // w1-1, w2-1, … each its own prefix: listed one by one, and all of them.
    const az1 = web.summary!.groups[0]!;
    assert.equal(expandMembers(az1).length, 600);
    assert.ok(expandMembers(az1).includes('w600-1'));
  });

  it('leaves the spec example exactly as it was: no layer summarised, no new field', () => {
    const view = buildDiagramView(analyseDocument(checkout));
    assert.doesNotMatch(JSON.stringify(view), /"summary"|"unavailabilityBounds"/);
    assert.deepEqual(view.systems[0]!.scope.layers.map((l) => l.instances.length), [2, 1, 4, 2]);
  });
});

describe('diagram view model: compact member ids', () => {
  it('makes runs of evenly stepping trailing numbers and lists the rest', () => {
    assert.deepEqual(compactIds(['app-1', 'app-4', 'app-7', 'db', 'x-007', 'x-008', 'n0', 'n10', 'n20', 'n25']), {
      ids: ['db', 'n25'],
      runs: [
        { prefix: 'app-', first: 1, step: 3, count: 3 },
        { prefix: 'x-00', first: 7, step: 1, count: 2 },
        { prefix: 'n', first: 0, step: 10, count: 3 },
      ],
    });
    assert.deepEqual(compactIds([]), { ids: [], runs: [] });
    assert.deepEqual(compactIds(['a-2', 'a-1']), { ids: ['a-2', 'a-1'], runs: [] });
  });

  it('draws a summarised layer\'s replication once per pair of boxes, none inside a group', () => {
    const member = (id: string) => ({ id }) as never;
    const grouping = {
      by: 'node' as const,
      buckets: [
        { id: 'db/db@az1', members: [member('db')] },
        { id: 'db/replica@az2', members: [member('replica-1'), member('replica-3')] },
        { id: 'db/replica@az3', members: [member('replica-2')] },
      ],
    };
    const arrows = ['replica-1', 'replica-2', 'replica-3'].map((to) => ({ from: 'db', to, label: 'sync' }));
    assert.deepEqual(drawnReplication(arrows, grouping).map((a) => [a.from, a.to]), [['db', 'db/replica@az2'], ['db', 'replica-2']]);
  });
});
