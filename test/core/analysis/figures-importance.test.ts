/**
 * Importance under a work limit (review item 3): the single points of failure are always listed
 * with their Birnbaum value, B = (1 − U) / (1 − u_e), and a partial list is never called exact.
 */
import { strict as assert } from 'node:assert';
import { analyseSystem, elementKey, compileSystem } from '../../../server/src/core/analysis/index';
import { birnbaum } from '../../../server/src/core/analysis/birnbaum';
import { analyseDocument } from '../../../server/src/core/pipeline';
import { formatSystemReport } from '../../../server/src/core/report/text';
import { systemJson } from '../../../server/src/core/report/json';
import { modelOf } from './fixtures';

const zones = (n: number): string =>
  Array.from({ length: n }, (_, i) => `zone z${i} { availability ${(99 + i * 0.02).toFixed(2)}% }`).join('\n');
const zoneList = (n: number): string => `zones [${Array.from({ length: n }, (_, i) => `z${i}`).join(', ')}]`;

/** 16 distinct zones shared by two layers, and a SPOF: U is exact, importance runs out of budget. */
const LIMITED = `system s { ${zones(16)}
  layer app { min 80 node a { availability 99% replicas 160 ${zoneList(16)} } }
  layer db { min 8 node d { availability 99% replicas 16 ${zoneList(16)} } }
  layer t { node t { availability 99.9% } } }`;

describe('importance: single points of failure and work limits', function () {
  this.timeout(120_000);

  it("a SPOF's Birnbaum from U alone equals the one computed by forcing it up and down", () => {
    const text = `system s {
      zone a { availability 99.9% } zone b { availability 99.95% }
      layer lb { node lb { availability 99.95% zone a } }
      layer app { min 2 node app { availability 99.5% replicas 3 zones [a, b] } }
      layer db { heartbeat { timeout 10s } node p { availability 99.9% zone a } node s { availability 99.9% zone b standby } }
    }`;
    const system = modelOf(text);
    const a = analyseSystem(system, { maxOrder: 3 })!;
    assert.ok(a.spofs.length >= 2, JSON.stringify(a.spofs));
    const spec = compileSystem(system);
    for (const s of a.spofs) {
      const key = elementKey(s.type, s.element);
      const forced = birnbaum(spec, spec.path, [key], { tolerance: 1e-13 }).values.get(key)!;
      const listed = a.importance.find((i) => i.element === s.element)!;
      assert.ok(Math.abs(listed.birnbaum - forced) <= 1e-12, `${s.element}: ${listed.birnbaum} vs ${forced}`);
    }
  });

  it('when importance hits its work limit, the SPOF is listed, exact is false, the limit is named and warned', () => {
    const doc = analyseDocument(LIMITED);
    const sys = doc.systems[0]!;
    const a = sys.analysis!;
    assert.ok(a.limits.some((l) => /^importance: .*partial/.test(l)), a.limits.join('; '));
    assert.equal(a.exact, false, 'a partial importance list is not exact');
    assert.equal(a.unavailabilityExact, true, 'U itself is still exact');
    const t = a.importance.find((i) => i.element === 't');
    assert.ok(t, 'the SPOF is listed');
    assert.equal(a.importance[0]!.element, 't', 'and it is the most important element');
    assert.ok(Math.abs(t.birnbaum - (1 - a.unavailability) / (1 - 1e-3)) < 1e-15);
    const warning = doc.diagnostics.find((d) => d.code === 'analysis-limit');
    assert.ok(warning, 'an analysis-limit warning');
    assert.match(warning.message, /importance/);
    assert.match(warning.message, /unavailability is exact/);
    const text = formatSystemReport(sys);
    assert.doesNotMatch(text, /\(exact\)/);
    assert.match(text, /most important element: t \(instance, Birnbaum 1\)/);
    const json = systemJson(sys);
    assert.equal(json.exact, false);
    assert.equal(json.unavailabilityExact, true);
  });
});

describe('importance: replicas in exchangeable zones share one computation', () => {
  it('gives each replica the value of its own forced evaluations, in alike zones and in the odd one out', () => {
    // z1–z3 alike (same region, figures and replicas); z4 holds one more app replica; z5 is in
    // another region. Every instance's value is checked against its own two forced evaluations.
    const system = modelOf(`system s {
      region r1 { availability 99.99% } region r2 { availability 99.99% }
      zone z1 in r1 { availability 99.9% } zone z2 in r1 { availability 99.9% } zone z3 in r1 { availability 99.9% }
      zone z4 in r1 { availability 99.9% } zone z5 in r2 { availability 99.9% }
      layer app { min 7 node a { availability 99% replicas 10 zones [z4, z1, z2, z3, z4, z5] } }
      layer db { min 2 node d { availability 99.5% replicas 5 zones [z1, z2, z3, z4, z5] } } }`);
    const spec = compileSystem(system);
    const a = analyseSystem(system, { maxOrder: 1 })!;
    const byName = new Map(a.importance.map((i) => [i.element, i.birnbaum]));
    const values = new Map<string, number>();
    for (const inst of system.instances) {
      const key = elementKey('instance', inst.id);
      const exact = birnbaum(spec, spec.path, [key], { tolerance: 1e-13 }).values.get(key)!;
      const got = byName.get(inst.id)!;
      assert.ok(Math.abs(got - exact) <= 1e-9 * exact, `${inst.id} (${inst.zone}): ${got} vs ${exact}`);
      values.set(inst.id, got);
    }
    // The odd zones really differ: a shared value there would have been wrong.
    const inZone = (zone: string, node: string): number => values.get(system.instances.find((i) => i.zone === zone && i.node === node)!.id)!;
    assert.ok(Math.abs(inZone('z4', 'a') - inZone('z1', 'a')) > 1e-6 * inZone('z1', 'a'), 'z4 differs from z1');
    assert.ok(Math.abs(inZone('z5', 'd') - inZone('z1', 'd')) > 1e-6 * inZone('z1', 'd'), 'z5 differs from z1');
  });
});
