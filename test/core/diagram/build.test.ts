/** buildDiagramView: the model and analysis presented for drawing (ids, order, roles, figures). */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyseDocument, type DocumentAnalysis } from '../../../server/src/core/pipeline';
import { buildDiagramView } from '../../../server/src/core/diagram/index';
import type { SystemAnalysis } from '../../../server/src/core/analysis/types';
import type { LayerView, ScopeView } from '../../../server/src/core/diagram/view-model';
import { checkDiagramView } from '../../../webview/src/protocol';
import { formatAvailabilityFloor, formatBoundNote, formatDurationCeiling, formatNinesFloor } from '../../../server/src/core/text/format';
import { boundedLedger } from '../../support/model';

const checkout = readFileSync(join(__dirname, '../../../examples/checkout.topo'), 'utf8');

function allLayers(scope: ScopeView): LayerView[] {
  return scope.layers.flatMap((l) => [l, ...l.sites.flatMap((s) => allLayers(s.scope))]);
}

describe('diagram view model', () => {
  it('presents the spec example: layers in path order, instances, zones, roles, replication', () => {
    const view = buildDiagramView(analyseDocument(checkout));
    assert.equal(view.version, 1);
    const system = view.systems[0]!;
    assert.equal(system.name, 'checkout');
    assert.deepEqual(system.scope.path, ['dns', 'lb', 'app', 'db']);
    assert.deepEqual(system.scope.layers.map((l) => l.id), ['dns', 'lb', 'app', 'db']);
    const app = system.scope.layers[2]!;
    assert.deepEqual(app.instances.map((i) => [i.id, i.zone, i.node]), [['app-1', 'az1', 'app'], ['app-2', 'az2', 'app'], ['app-3', 'az1', 'app'], ['app-4', 'az2', 'app']]);
    const db = system.scope.layers[3]!;
    assert.equal(db.mode, 'active-passive');
    assert.deepEqual(db.instances.map((i) => [i.id, i.primary, i.standby ?? null]), [['db-primary', true, null], ['db-standby', false, 'hot']]);
    assert.deepEqual(db.replication.map((r) => [r.from, r.to]), [['db-primary', 'db-standby']]);
    assert.match(db.replication[0]!.label, /^async lag 2/);
    assert.deepEqual(system.zones.map((z) => [z.name, z.region]), [['az1', 'use1'], ['az2', 'use1']]);
    assert.deepEqual(system.regions.map((r) => r.name), ['use1']);
    // The reveal range is the declaration's name.
    assert.deepEqual(system.scope.layers[1]!.instances[0]!.range.start, { line: 16, character: 9 });
  });

  it('marks the spec example single points of failure (lb1, az1, use1) from the analysis', () => {
    const system = buildDiagramView(analyseDocument(checkout)).systems[0]!;
    const spofs = system.scope.layers.flatMap((l) => l.instances.filter((i) => i.spof).map((i) => i.id));
    assert.deepEqual(spofs, ['lb1']);
    assert.deepEqual(system.zones.filter((z) => z.spof).map((z) => z.name), ['az1']);
    assert.deepEqual(system.regions.filter((r) => r.spof).map((r) => r.name), ['use1']);
    assert.equal(system.headline.analysed, true);
    assert.equal(system.headline.sloMet, false);
    assert.equal(system.headline.slaMet, true);
    assert.match(system.headline.parts.join(' '), /99\.9388/);
  });

  it('maps an analysis onto the view: figures, SPOF flags, SLO from the slo-miss diagnostic', () => {
    const doc = analyseDocument(checkout);
    const fake = fakeAnalysis(doc);
    doc.systems[0]!.analysis = fake;
    const system = buildDiagramView(doc).systems[0]!;
    assert.deepEqual(system.headline.parts, ['99.9000%', '3.00 nines', '8h 46m down a year', 'SLO 99.95% missed', 'SLA 99.9% met']);
    assert.equal(system.headline.unavailability, 1e-3);
    const lb = system.scope.layers[1]!;
    assert.equal(lb.label, '99.95000%');
    assert.equal(lb.requirement, '1 of 1');
    assert.equal(lb.instances[0]!.spof, true);
    assert.ok(lb.instances[0]!.tooltip.includes('single point of failure'));
    assert.equal(system.scope.layers[2]!.requirement, '2 of 4');
    assert.equal(system.scope.layers[3]!.requirement, 'primary + 1 standby');
    assert.equal(system.zones[0]!.spof, true);
    assert.equal(system.zones[1]!.spof, false);
  });

  it('says so when errors leave no figures, and still shows the structure', () => {
    const doc = analyseDocument('system s {\n  layer web { node w1 { zone nowhere } }\n}\n');
    const system = buildDiagramView(doc).systems[0]!;
    assert.equal(system.headline.analysed, false);
    assert.ok(system.errorCount > 0);
    assert.deepEqual(system.scope.layers[0]!.instances.map((i) => i.id), ['w1']);
    assert.equal(system.scope.layers[0]!.label, '—');
  });

  it('nests sites with qualified ids, each with its own path', () => {
    const doc = analyseDocument(`system g {
  layer dns { node r53 { availability 99.99% } }
  layer regions {
    site east {
      layer app { node app { availability 99.9% replicas 2 } }
      layer db { node db { availability 99.9% } }
      path app -> db
    }
    site west {
      standby warm
      layer app { node app { availability 99.9% replicas 2 } }
      path app
    }
  }
  path dns -> regions
}
`);
    const system = buildDiagramView(doc).systems[0]!;
    const regions = system.scope.layers[1]!;
    assert.equal(regions.members, 'sites');
    assert.deepEqual(regions.sites.map((s) => [s.id, s.primary, s.standby ?? null]), [['east', true, null], ['west', false, 'warm']]);
    assert.deepEqual(regions.replication.map((r) => [r.from, r.to]), [['east', 'west']]);
    assert.deepEqual(allLayers(system.scope).map((l) => l.id), ['dns', 'regions', 'east.app', 'east.db', 'west.app']);
    assert.deepEqual(regions.sites[0]!.scope.path, ['east.app', 'east.db']);
    assert.deepEqual(regions.sites[0]!.scope.layers[0]!.instances.map((i) => i.id), ['east.app-1', 'east.app-2']);
  });

  it('puts off-path layers after the path, marked', () => {
    const doc = analyseDocument('system s {\n  layer a { node a1 { availability 99% } }\n  layer b { optional node b1 { availability 99% } }\n  layer c { node c1 { availability 99% } }\n  path c -> a\n}\n');
    const layers = buildDiagramView(doc).systems[0]!.scope.layers;
    assert.deepEqual(layers.map((l) => [l.id, l.onPath]), [['c', true], ['a', true], ['b', false]]);
  });

  it('survives JSON (as over JSON-RPC) and passes the webview protocol check', () => {
    const texts = [
      checkout,
      'system s {\n  layer web { node w1 { zone nowhere } }\n}\n',
      'system g {\n  layer r {\n    site a { layer x { node x1 { availability 99% } } }\n    site b { standby cold layer x { node x1 { availability 99% } } }\n  }\n}\n',
      'system d {\n  maintenance 1h every 30d\n  layer app {\n    deploys 20/week change-failure 5% restore 30m rollout canary 50%\n    node app { availability 99.9% replicas 4 }\n  }\n}\n',
    ];
    for (const text of texts) {
      const view = buildDiagramView(analyseDocument(text));
      const wire: unknown = JSON.parse(JSON.stringify(view));
      assert.equal(checkDiagramView(wire, 'view'), null, text);
      assert.deepEqual(wire, view);
    }
  });

  it('lists what each common cause takes down, for playback; nothing for a system without any', () => {
    const view = buildDiagramView(analyseDocument('system d {\n  maintenance 1h every 30d\n  layer app {\n    deploys 20/week change-failure 5% restore 30m rollout canary 50%\n    node app { availability 99.9% replicas 4 }\n  }\n}\n'));
    assert.deepEqual(view.systems[0]!.commonCauses, [
      { id: 'maintenance', instances: ['app-1', 'app-2', 'app-3', 'app-4'] },
      { id: 'deploy app', instances: ['app-1', 'app-2'] },
    ]);
    assert.equal(buildDiagramView(analyseDocument(checkout)).systems[0]!.commonCauses, undefined);
  });

  it('is empty for a file without a system', () => {
    assert.deepEqual(buildDiagramView(analyseDocument('# nothing yet\n')), { version: 1, systems: [] });
  });
});

describe('diagram headline when U is only a bound', () => {
  /**
   * docs/language.md's `analysis-limit` example with an slo and an sla (as test/core/report/
   * bounded.test.ts has it): an active-passive layer over 21 zones, so its failover windows are
   * not computed and U is a bound.
   */
  const ledger = boundedLedger(['slo 99.99%', 'sla 99.9%']);

  it('reads as a bound, in the reports\' words: a floor, ≥ nines, at most a year, the SLO undetermined, both bounds', () => {
    const doc = analyseDocument(ledger);
    const a = doc.systems[0]!.analysis!;
    assert.equal(a.unavailabilityExact, false, 'the fixture hits the work limit');
    const { headline, scope } = buildDiagramView(doc).systems[0]!;
    assert.deepEqual(headline.parts, [
      formatAvailabilityFloor(a.unavailability),
      `${formatNinesFloor(a.nines)} nines`,
      `${formatDurationCeiling(a.downtime.year)} down a year`,
      'SLO 99.99% undetermined',
      'SLA 99.9% met',
      formatBoundNote(a.unavailabilityBounds!),
    ]);
    assert.match(headline.parts.join(' · '), /^at least 99\.98229% · ≥ 3\.75 nines · at most 1h 33m down a year · SLO 99\.99% undetermined · SLA 99\.9% met · bounded: the analysis stopped at its work limit; U between 1\.01e-63 and 1\.77e-4$/);
    assert.deepEqual(headline.unavailabilityBounds, a.unavailabilityBounds);
    assert.equal(headline.sloMet, null);
    assert.equal(headline.slaMet, true);
    // The layer's own figure is a bound too, as in the report's layer table.
    assert.equal(scope.layers[0]!.label, 'at least 99.98229%');
    assert.equal(checkDiagramView(JSON.parse(JSON.stringify(buildDiagramView(doc))), 'view'), null);
  });

  it('stays exact for an exact analysis: no bound field, the figures as they were', () => {
    const { headline } = buildDiagramView(analyseDocument(checkout)).systems[0]!;
    assert.equal('unavailabilityBounds' in headline, false);
    assert.deepEqual(headline.parts.slice(1, 3), ['3.21 nines', '5h 22m down a year']);
    assert.doesNotMatch(headline.parts.join(' '), /at least|at most|≥|bounded/);
  });
});

/** A hand-made analysis of the spec example with round numbers, to test the mapping alone. */
function fakeAnalysis(doc: DocumentAnalysis): SystemAnalysis {
  const model = doc.systems[0]!.model;
  const sloLine = model.slo!.range;
  const layer = (name: string, u: number, k: number, n: number, mode: 'active-active' | 'active-passive') => ({
    name, mode, kind: 'other' as const, availability: 1 - u, unavailability: u, structuralUnavailability: u, k, n, headroom: true, rtoSeconds: 0, rpoSeconds: 0,
  });
  return {
    name: 'checkout', exact: true, limits: [], availability: 0.999, unavailability: 1e-3, structuralUnavailability: 1e-3, failoverUnavailability: 0, nines: 3,
    causes: { hardware: 1e-3, commonCause: 0, deploys: 0, maintenance: 0, failoverWindows: 0 },
    downtime: { year: 31557.6, month: 2629.8, week: 604.8 }, rtoSeconds: 3600, rpoSeconds: 2,
    layers: [layer('dns', 1e-8, 1, 2, 'active-active'), layer('lb', 5e-4, 1, 1, 'active-active'), layer('app', 1e-5, 2, 4, 'active-active'), layer('db', 2e-6, 1, 2, 'active-passive')],
    sites: [], cumulative: [],
    spofs: [{ element: 'lb1', type: 'instance', layer: 'lb' }, { element: 'az1', type: 'zone' }],
    cutSets: [], importance: [],
    diagnostics: [{ severity: 'error', code: 'slo-miss', message: 'x', range: sloLine }],
  };
}
