/**
 * Estates (docs/language.md, "Estates") through the pipeline: figures of systems with dependencies and of
 * journeys on models small enough to check by hand, and every estate diagnostic with its range.
 * The random-model differential checks against brute force and SCRAM are in test/verify/estate.test.ts.
 */
import { strict as assert } from 'node:assert';
import { analyseDocument } from '../../../server/src/core/index';
import { analyseEstateFiles, codesAt } from '../../support/estate';

const close = (actual: number | undefined, expected: number, rel = 1e-12): void => {
  assert.ok(actual !== undefined, `expected ${expected}, got undefined`);
  assert.ok(Math.abs(actual - expected) <= rel * Math.abs(expected), `expected ${expected}, got ${actual}`);
};

describe('estates: figures', () => {
  it('leaves a file without estate constructs exactly as before', () => {
    const text = 'system a {\n  layer l { node n { availability 99% replicas 2 } }\n}\n';
    const doc = analyseDocument(text);
    assert.equal(doc.journeys.length, 0);
    assert.equal(doc.systems[0]?.composite, undefined);
    assert.equal(doc.systems[0]?.estate, undefined);
    close(doc.systems[0]?.analysis?.unavailability, 1e-4);
  });

  it('counts a hard dependency in the system: U = 1 − A_own × A_dep', () => {
    const doc = analyseDocument([
      'external pay { availability 99% }',
      'system a {',
      '  use pay',
      '  layer l { node n { availability 99.9% } }',
      '}',
    ].join('\n'));
    const a = doc.systems[0];
    close(a?.analysis?.unavailability, 1 - 0.99 * 0.999);
    assert.deepEqual(a?.estate?.services, ['pay']);
    // The dependency is a step of the composite's path, named by the service.
    assert.deepEqual(a?.composite?.path, ['l', 'pay']);
    assert.deepEqual(a?.analysis?.spofs.map((s) => s.element).sort(), ['n', 'pay']);
  });

  it('counts a zone shared by two services once (shared fate), not as independent', () => {
    const doc = analyseDocument([
      'system front {',
      '  zone z { availability 99% }',
      '  layer web { node w { availability 99.9% zone z } }',
      '  journey buy { path web -> back }',
      '}',
      'system back {',
      '  zone z { availability 99% }',
      '  layer db { node d { availability 99.9% zone z } }',
      '}',
    ].join('\n'));
    const buy = doc.journeys[0];
    // Up when z, w and d are all up: 0.99 × 0.999 × 0.999. Independent services would give (0.99 × 0.999)².
    close(buy?.analysis?.unavailability, 1 - 0.99 * 0.999 * 0.999);
    assert.ok(Math.abs((buy?.analysis?.unavailability ?? 0) - (1 - (0.99 * 0.999) ** 2)) > 1e-3);
    assert.deepEqual(buy?.services, ['back']);
    assert.ok(buy?.analysis?.spofs.some((s) => s.element === 'z' && s.type === 'zone'));
  });

  it('counts a service shared by two dependencies once (a diamond)', () => {
    const doc = analyseDocument([
      'external db { availability 99% }',
      'system a { use b use c layer l { node x { availability 99.9% } } }',
      'system b { use db layer l { node y { availability 99.9% } } }',
      'system c { use db layer l { node z { availability 99.9% } } }',
    ].join('\n'));
    close(doc.systems[0]?.analysis?.unavailability, 1 - 0.999 ** 3 * 0.99);
    assert.deepEqual(doc.systems[0]?.estate?.services, ['b', 'db', 'c']);
    assert.deepEqual(doc.systems[0]?.composite?.instances.map((i) => i.id), ['x', 'b.y', 'db', 'c.z']);
  });

  it('keeps a soft dependency out of U and reports the time degraded', () => {
    const doc = analyseDocument([
      'external recs { availability 99% }',
      'system a { use recs soft layer l { node x { availability 99.9% } } }',
    ].join('\n'));
    const a = doc.systems[0];
    close(a?.analysis?.unavailability, 1e-3);
    // Up but recs down: 0.999 × 0.01.
    close(a?.estate?.degradedUnavailability, 0.999 * 0.01, 1e-9);
  });

  it('walks a journey through its own layers, the services it names and its system’s hard dependencies', () => {
    const doc = analyseDocument([
      'external auth { availability 99.9% }',
      'external pay { availability 99.5% }',
      'system web {',
      '  use auth',
      '  layer lb { node l { availability 99.99% } }',
      '  layer app { node a { availability 99.9% } }',
      '  layer cache { node c { availability 90% } optional }',
      '  journey browse { path lb -> app  slo 99% }',
      '  journey buy { path lb -> app -> pay  slo 99.9% }',
      '}',
    ].join('\n'));
    const [browse, buy] = doc.journeys;
    close(browse?.analysis?.unavailability, 1 - 0.9999 * 0.999 * 0.999);
    close(buy?.analysis?.unavailability, 1 - 0.9999 * 0.999 * 0.995 * 0.999);
    assert.deepEqual(buy?.composite?.path, ['lb', 'app', 'pay', 'auth']);
    // The layer the journey does not pass through is not part of it.
    assert.ok(!buy?.composite?.layers.some((l) => l.id === 'cache'));
    assert.deepEqual(buy?.services, ['pay', 'auth']);
  });

  it('takes services from an imported file, with their elements named service.element', () => {
    const doc = analyseEstateFiles({
      'shop.topo': 'import "auth.topo"\nsystem shop {\n  use auth\n  layer l { node n { availability 99.9% } }\n}\n',
      'auth.topo': 'system auth {\n  layer app { node a { availability 99% replicas 2 } }\n}\n',
    }, 'shop.topo');
    assert.deepEqual(codesAt(doc), ['4:13 spof']);
    close(doc.systems[0]?.analysis?.unavailability, 1 - 0.999 * (1 - 0.01 ** 2));
    assert.deepEqual(doc.systems[0]?.composite?.instances.map((i) => i.id), ['n', 'auth.a-1', 'auth.a-2']);
  });
});

describe('estates: diagnostics', () => {
  it('names an unknown service, with a suggestion', () => {
    const doc = analyseDocument('external payments { availability 99% }\nsystem a {\n  use paymnets\n  layer l { node n { availability 99% replicas 2 } }\n}\n');
    assert.deepEqual(codesAt(doc), ['1:10 unused-service', '3:7 unknown-reference']);
    assert.match(doc.diagnostics[1]?.message ?? '', /unknown service 'paymnets' — did you mean 'payments'\?/);
    assert.equal(doc.systems[0]?.analysis, undefined);
  });

  it('reports a cycle of hard dependencies once, on the use that closes it, and a soft one not at all', () => {
    const doc = analyseDocument([
      'system a { use b layer l { node x { availability 99% } } }',
      'system b { use c layer l { node y { availability 99% } } }',
      'system c { use a layer l { node z { availability 99% } } }',
      'system d { use e layer l { node v { availability 99% replicas 2 } } }',
      'system e { use d soft layer l { node w { availability 99% replicas 2 } } }',
    ].join('\n'));
    assert.deepEqual(codesAt(doc), ['3:12 dependency-cycle']);
    assert.match(doc.diagnostics[0]?.message ?? '', /dependency cycle: a → b → c → a/);
    assert.ok(doc.systems.slice(0, 3).every((s) => s.analysis === undefined));
    assert.ok(doc.systems[3]?.analysis && doc.systems[4]?.analysis);
  });

  it('reports imports that are missing, circular or broken on the import line', () => {
    const doc = analyseEstateFiles({
      'root.topo': 'import "gone.topo"\nimport "loop.topo"\nimport "bad.topo"\nsystem r { use b layer l { node n { availability 99% } } }\n',
      'loop.topo': 'import "root.topo"\nsystem lp { layer l { node n { availability 99% } } }\n',
      'bad.topo': 'system b { layer l { node n } }\n',
    }, 'root.topo');
    const codes = codesAt(doc);
    assert.ok(codes.includes('1:8 import-not-found'), codes.join(', '));
    assert.ok(codes.includes('2:8 import-cycle'), codes.join(', '));
    assert.ok(codes.includes('3:8 import-error'), codes.join(', '));
    assert.match(doc.diagnostics.find((d) => d.code === 'import-cycle')?.message ?? '', /root\.topo → loop\.topo → root\.topo/);
    assert.match(doc.diagnostics.find((d) => d.code === 'import-error')?.message ?? '', /line 1: .*availability/);
    // r uses b, which has errors: r has no figures.
    assert.equal(doc.systems[0]?.analysis, undefined);
  });

  it('refuses one zone declared with two sets of figures', () => {
    const doc = analyseDocument([
      'system a { zone z { availability 99.9% } zone w { availability 99.9% } use b layer l { node x { availability 99% zones [z, w] replicas 2 } } }',
      'system b { zone z { availability 99% } zone w { availability 99% } layer l { node y { availability 99% zones [z, w] replicas 2 } } }',
    ].join('\n'));
    assert.deepEqual(codesAt(doc), ['1:76 conflicting-domain', '1:76 conflicting-domain']);
    assert.match(doc.diagnostics[0]?.message ?? '', /zone z of service 'b' has 99%, here 99\.9%/);
  });

  it('says by how much an SLO is above what the dependencies allow', () => {
    const doc = analyseDocument([
      'external pay { availability 99.9% }',
      'system a {',
      '  slo 99.99%',
      '  use pay',
      '  layer l { node x { availability 99.99% replicas 2 } }',
      '}',
    ].join('\n'));
    assert.deepEqual(codesAt(doc), ['3:3 slo-unreachable']);
    assert.match(doc.diagnostics[0]?.message ?? '', /the SLO needs 99\.99%, its dependencies allow at most 99\.9000% \(0\.09% short\)/);
  });

  it('keeps slo-miss where the system itself could meet its SLO', () => {
    const doc = analyseDocument([
      'external pay { availability 99.999% }',
      'system a {',
      '  slo 99.99%',
      '  use pay',
      '  layer l { node x { availability 99.9% } }',
      '}',
    ].join('\n'));
    assert.deepEqual(codesAt(doc), ['3:3 slo-miss', '5:13 spof']);
  });

  it('warns of an external and an import that nothing uses', () => {
    const doc = analyseEstateFiles({
      'root.topo': 'import "other.topo"\nexternal idle { availability 99% }\nsystem r { layer l { node n { availability 99% replicas 2 } } }\n',
      'other.topo': 'system o { layer l { node n { availability 99% } } }\n',
    }, 'root.topo');
    assert.deepEqual(codesAt(doc), ['1:1 unused-service', '2:10 unused-service']);
  });

  it('refuses an imported service named like a local one', () => {
    const doc = analyseEstateFiles({
      'root.topo': 'import "other.topo"\nsystem auth { layer l { node n { availability 99% replicas 2 } } }\nsystem r { use auth layer l { node n { availability 99% replicas 2 } } }\n',
      'other.topo': 'system auth { layer l { node n { availability 99% } } }\n',
    }, 'root.topo');
    assert.ok(codesAt(doc).includes('1:1 duplicate-name'), codesAt(doc).join(', '));
  });

  it('checks a journey’s own declaration: one path, a known step, an external with figures', () => {
    const doc = analyseDocument([
      'external e { mttr 1h }',
      'system a {',
      '  layer l { node n { availability 99% replicas 2 } }',
      '  journey j { path l -> e  path l }',
      '  journey k { path l -> nowhere }',
      '  journey m { slo 99% }',
      '}',
    ].join('\n'));
    const codes = codesAt(doc);
    for (const c of ['1:10 missing-availability', '4:28 duplicate-property', '5:25 unknown-reference', '6:11 empty-path']) {
      assert.ok(codes.includes(c), `${c} in ${codes.join(', ')}`);
    }
    assert.ok(doc.systems[0]?.analysis, 'the system keeps its figures');
    assert.ok(doc.journeys.every((j) => j.analysis === undefined));
  });
});
