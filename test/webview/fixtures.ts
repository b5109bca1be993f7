/**
 * View models for the diagram tests, written by hand so the webview is tested on its own.
 * `checkoutView` is what the core should build for the spec's worked example (section 10);
 * test/core/diagram checks the real pipeline produces the same DOM contract.
 */
import type { DiagramView, InstanceGroupView, InstanceView, LayerView } from '../../server/src/core/diagram/view-model';
import type { ToWebview } from '../../webview/src/protocol';

const r = (line: number, a: number, b: number) => ({ start: { line, character: a }, end: { line, character: b } });

function inst(id: string, line: number, extra: Partial<InstanceView> = {}): InstanceView {
  return { id, name: id, node: id, primary: false, spof: false, availability: 0.999, label: '99.9%', tooltip: [id, 'availability 99.9%'], range: r(line, 9, 9 + id.length), ...extra };
}

function layer(id: string, line: number, instances: InstanceView[], extra: Partial<LayerView> = {}): LayerView {
  return {
    id, name: id, kind: 'other', mode: 'active-active', members: 'nodes', onPath: true, optional: false,
    availability: 0.9999, label: '99.99%', requirement: `1 of ${instances.length}`, tooltip: [`layer ${id}`],
    instances, sites: [], replication: [], range: r(line, 8, 8 + id.length), ...extra,
  };
}

/** The spec example as the core should present it. */
export function checkoutView(): DiagramView {
  const app = (i: number) => inst(`app-${i}`, 21, { node: 'app', zone: i % 2 === 1 ? 'az1' : 'az2', region: 'use1' });
  return {
    version: 1,
    systems: [{
      name: 'checkout',
      range: r(1, 7, 15),
      headline: {
        analysed: true, availability: 0.9993885013, unavailability: 6.114987e-4, nines: 3.2136, downtimeYearSeconds: 19297,
        slo: 0.9995, sloMet: false, sla: 0.999, slaMet: true,
        parts: ['99.93885%', '3.21 nines', '5h 22m down a year', 'SLO 99.95% missed', 'SLA 99.9% met'],
      },
      regions: [{ name: 'use1', type: 'region', availability: 0.99999, spof: true, label: '99.999%', tooltip: ['region use1'], range: r(7, 9, 13) }],
      zones: [
        { name: 'az1', type: 'zone', region: 'use1', availability: 0.9999, spof: true, label: '99.99%', tooltip: ['zone az1 in use1'], range: r(8, 7, 10) },
        { name: 'az2', type: 'zone', region: 'use1', availability: 0.9999, spof: false, label: '99.99%', tooltip: ['zone az2 in use1'], range: r(9, 7, 10) },
      ],
      scope: {
        path: ['dns', 'lb', 'app', 'db'],
        layers: [
          layer('dns', 11, [inst('route53', 12), inst('cloudflare', 13)], { kind: 'dns' }),
          layer('lb', 15, [inst('lb1', 16, { zone: 'az1', region: 'use1', spof: true, tooltip: ['lb1', 'single point of failure'] })], { kind: 'load-balancer' }),
          layer('app', 18, [app(1), app(2), app(3), app(4)], { kind: 'app', requirement: '2 of 4' }),
          layer('db', 23, [
            inst('db-primary', 26, { zone: 'az1', region: 'use1', primary: true }),
            inst('db-standby', 27, { zone: 'az2', region: 'use1', standby: 'hot' }),
          ], { kind: 'database', mode: 'active-passive', requirement: 'primary + 1 standby', replication: [{ from: 'db-primary', to: 'db-standby', label: 'async lag 2 s' }] }),
        ],
      },
      errorCount: 0,
    }],
  };
}

/** A view with sites: a global DNS in front of two regional stacks, east primary and west standby. */
export function sitesView(): DiagramView {
  const stack = (site: string, zone: string) => ({
    path: [`${site}.app`, `${site}.db`],
    layers: [
      layer(`${site}.app`, 5, [inst(`${site}.app-1`, 6, { name: 'app-1', zone }), inst(`${site}.app-2`, 6, { name: 'app-2', zone })], { name: 'app' }),
      layer(`${site}.db`, 8, [inst(`${site}.db`, 9, { name: 'db', zone })], { name: 'db' }),
    ],
  });
  const base = checkoutView();
  const system = base.systems[0]!;
  system.name = 'global';
  system.scope = {
    path: ['dns', 'regions'],
    layers: [
      layer('dns', 2, [inst('route53', 3)]),
      layer('regions', 4, [], {
        members: 'sites', mode: 'active-passive',
        sites: [
          { id: 'east', name: 'east', primary: true, availability: 0.999, label: '99.9%', tooltip: ['site east'], scope: stack('east', 'az1'), range: r(4, 7, 11) },
          { id: 'west', name: 'west', primary: false, standby: 'warm', availability: 0.999, label: '99.9%', tooltip: ['site west'], scope: stack('west', 'az2'), range: r(12, 7, 11) },
        ],
        replication: [{ from: 'east', to: 'west', label: 'async lag 1 s' }],
      }),
    ],
  };
  return base;
}

/** A synthetic system of `layers` × `perLayer` instances over three zones, for the benchmark. */
export function largeView(layerCount: number, perLayer: number): DiagramView {
  const base = checkoutView();
  const system = base.systems[0]!;
  system.zones = ['z1', 'z2', 'z3'].map((name, i) => ({ name, type: 'zone', availability: 0.9999, spof: false, label: '99.99%', tooltip: [name], range: r(i, 0, 2) }));
  const layers: LayerView[] = [];
  for (let l = 0; l < layerCount; l++) {
    const instances = Array.from({ length: perLayer }, (_, i) => inst(`l${l}-n${i}`, l, { zone: `z${(i % 3) + 1}` }));
    layers.push(layer(`layer${l}`, l, instances));
  }
  system.scope = { path: layers.map((l) => l.id), layers };
  return base;
}

/**
 * The spec example with its app layer summarised (as the core draws a huge layer): two groups of
 * 3 instances (app-1, app-3, app-5 in az1; app-2, app-4, app-6 in az2), and its db layer with a
 * primary and a group of two hot standbys in az2 (replica-1 listed, replica-2 … in a run).
 */
export function summarisedView(): DiagramView {
  const base = checkoutView();
  const layers = base.systems[0]!.scope.layers;
  const group = (id: string, zone: string, node: string, members: InstanceGroupView['members'], extra: Partial<InstanceGroupView> = {}): InstanceGroupView => ({
    id, name: `${node} ×3 (${zone})`, node, zone, region: 'use1', count: 3, members,
    primary: false, spof: false, availability: 0.999, label: '99.9% each', tooltip: [`3 instances of node ${node}`], range: r(21, 9, 12), ...extra,
  });
  const app = layers[2]!;
  app.instances = [];
  app.summary = {
    instanceCount: 6, by: 'node',
    groups: [
      group('app/app@az1', 'az1', 'app', { ids: [], runs: [{ prefix: 'app-', first: 1, step: 2, count: 3 }] }),
      group('app/app@az2', 'az2', 'app', { ids: [], runs: [{ prefix: 'app-', first: 2, step: 2, count: 3 }] }),
    ],
  };
  const db = layers[3]!;
  db.instances = [db.instances[0]!];
  db.summary = {
    instanceCount: 3, by: 'node',
    groups: [group('db/replica@az2', 'az2', 'replica', { ids: ['replica-1'], runs: [{ prefix: 'replica-', first: 2, step: 1, count: 1 }] }, { count: 2, name: 'replica ×2 (az2)', standby: 'hot' })],
  };
  db.replication = [{ from: 'db-primary', to: 'db/replica@az2', label: 'async lag 2 s' }];
  return base;
}

/** The playback of checkoutView()'s db failing over: down at once, detected at 10 s, db-standby promoted at 15 s, db-primary back at 2 h. */
export function dbFailoverPlayback(): Extract<ToWebview, { type: 'playback' }> {
  return {
    type: 'playback', title: 'fail db-primary',
    timeline: {
      failures: [{ element: 'db-primary', at: 0 }],
      events: [
        { t: 0, type: 'failure', element: 'db-primary', layer: 'db', detail: 'db-primary fails' },
        { t: 0, type: 'system-down', detail: 'db has no active instance' },
        { t: 10, type: 'detected', element: 'db-primary', layer: 'db', detail: 'heartbeat timeout' },
        { t: 15, type: 'promoted', element: 'db-standby', layer: 'db', detail: 'db-standby promoted' },
        { t: 15, type: 'system-up', detail: 'traffic re-routed to db-standby' },
        { t: 7200, type: 'repaired', element: 'db-primary', layer: 'db', detail: 'db-primary back' },
      ],
      outages: [{ start: 0, end: 15 }],
      systemDowntimeSeconds: 15,
    },
  };
}
