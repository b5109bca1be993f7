/**
 * Revision 2's figures in the reports (spec section 3): U split into U_struct and the failover
 * windows' term, and one row per takeover layer with what its windows cost the system, by trigger.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyseDocument } from '../../../server/src/core/pipeline';
import { systemJson } from '../../../server/src/core/report/json';
import { formatMarkdownReport } from '../../../server/src/core/report/markdown';
import { failoverRows, unavailabilityText } from '../../../server/src/core/report/summary';
import { formatSystemReport } from '../../../server/src/core/report/text';

const example = readFileSync(join(__dirname, '..', '..', '..', 'examples', 'checkout.topo'), 'utf8');
const analysed = (text: string) => {
  const sys = analyseDocument(text).systems[0]!;
  assert.ok(sys.analysis, 'expected figures');
  return { sys, a: sys.analysis };
};

/** Two takeover layers whose primaries share zone a, and a cold standby behind a hot one. */
const TWO_LAYERS = `system multi {
  zone a { availability 99.9% }
  zone b { availability 99.9% }
  layer db_main {
    heartbeat { timeout 30s }
    replication sync
    node p { availability 99.9% zone a }
    node s1 { availability 99.9% zone b standby hot }
    node s2 { availability 99.9% zone b standby cold }
  }
  layer cache {
    health-check { interval 10s unhealthy 3 }
    replication async lag 1s
    node c1 { availability 99.9% zone a }
    node c2 { availability 99.9% zone b standby warm }
  }
}`;

describe('report: failover windows (revision 2)', () => {
  it('the spec example: U = structure + failover windows on the exactness line, and db\'s row', () => {
    const text = formatSystemReport(analysed(example).sys);
    // Section 10: U = 6.114987e-4 = U_struct 6.104575e-4 + windows 1.0413e-6; db ~3.07 windows, ~32.86 s a year.
    assert.match(text, /^ {2}unavailability 6\.114987e-4 = structure 6\.104575e-4 \+ failover windows 1\.0413e-6 \(exact\)$/m);
    assert.match(text, /^ {2}db {17}15s {10}3\.07 {10}32\.9s {11}32\.8s {6}27\.3ms {12}0s$/m);
    // The per-layer table still gives db's own availability, its windows included.
    assert.match(text, /^ {2}db {5}active-passive {2}1\/2 {5}99\.998818% {2}15s {3}2s$/m);
    assert.doesNotMatch(text, /rows add up/, 'one row: nothing counted twice');
  });

  it('the windows\' term is printed to the last place of U, so the terms read as its sum', () => {
    const { a } = analysed(TWO_LAYERS);
    const text = unavailabilityText(a);
    const [u, struct, windows] = [...text.matchAll(/(\d\.\d+e-\d+)/g)].map((m) => Number(m[1]));
    assert.ok(u !== undefined && struct !== undefined && windows !== undefined, text);
    const lastPlace = (s: string) => Number(`1e${Number(s.split('e')[1]) - (s.split('e')[0]!.length - 2)}`);
    const places = [...text.matchAll(/(\d\.\d+e-\d+)/g)].map((m) => lastPlace(m[1]!));
    assert.equal(new Set(places).size, 1, `${text}: ${places.join(', ')}`);
    // Three roundings to half a unit of that place each: the sum is within 1.5 units of U.
    assert.ok(Math.abs(struct + windows - u) <= 1.5 * places[0]!, text);
  });

  it('a cold standby behind a hot one: each T_fo in takeover order; rows counting one failure twice say so', () => {
    const { sys, a } = analysed(TWO_LAYERS);
    const rows = failoverRows(sys.model, a);
    assert.deepEqual(rows.map((r) => [r[0], r[1]]), [['db_main', '35s, 30m 30s'], ['cache', '1m 30s']]);
    // Zone a holds both primaries: its failures open windows in both layers, each row counts them.
    const sum = a.layers.reduce((s, l) => s + (l.failover?.unavailability ?? 0), 0);
    assert.ok(sum > a.failoverUnavailability * 1.01, `${sum} vs ${a.failoverUnavailability}`);
    const text = formatSystemReport(sys);
    assert.match(text, /^ {2}\(the rows add up to [^,]+ a year, the windows together cost [^:]+: one failure can open windows in several layers, and each row counts it\)$/m);
    for (const l of a.layers) {
      const fo = l.failover!;
      assert.ok(Math.abs(fo.byTrigger.instance + fo.byTrigger.zone + fo.byTrigger.region - fo.secondsPerYear) < 1e-9 * fo.secondsPerYear, l.name);
    }
  });

  it('a layer always failing over: U capped at 1 is not written as the sum of terms that pass 1', () => {
    const { a } = analysed(`system flaky {
  layer db {
    heartbeat { timeout 10m }
    node p { availability 50% mttr 10m }
    node s { availability 99% standby cold }
  }
}`);
    assert.equal(a.unavailability, 1);
    assert.ok(a.failoverUnavailability > 1);
    assert.equal(unavailabilityText(a), '1 (capped: structure 5.000e-3 + failover windows 1.98 add up to more)');
    assert.ok(a.diagnostics.some((d) => d.code === 'failover-saturated'));
  });

  it('Markdown: a Failover windows section, names escaped', () => {
    const md = formatMarkdownReport('multi.topo', [analysed(TWO_LAYERS).sys]);
    assert.match(md, /### Failover windows\n\nSystem downtime a year that each layer's failover windows cost, by what failed to open them\.\n\n\| layer \| T\\_fo \| windows\/year \| downtime\/year \| from instances \| from zones \| from regions \|\n/);
    assert.match(md, /\n\| db\\_main \| 35s, 30m 30s \| /);
    assert.match(md, /\nThe rows add up to /);
  });

  it('no split, no table without a layer that fails over (an active-passive layer with no standby has no windows)', () => {
    for (const text of ['system s { layer web { node a { availability 99.9% replicas 2 } } }', 'system s { layer db { mode active-passive node p { availability 99.9% } } }']) {
      const { sys, a } = analysed(text);
      assert.equal(a.failoverUnavailability, 0);
      assert.doesNotMatch(formatSystemReport(sys), /failover windows|structure/);
      assert.doesNotMatch(formatMarkdownReport('s.topo', [sys]), /Failover windows/);
      assert.deepEqual(failoverRows(sys.model, a), []);
    }
  });

  it('JSON: U\'s two terms at the top, structural U per layer, the failover cost on takeover layers only', () => {
    const { sys, a } = analysed(TWO_LAYERS);
    const json = systemJson(sys);
    const layers = json.layers as Record<string, unknown>[];
    assert.equal(json.structuralUnavailability, a.structuralUnavailability);
    assert.equal(json.failoverUnavailability, a.failoverUnavailability);
    assert.ok(Math.abs((json.structuralUnavailability as number) + (json.failoverUnavailability as number) - (json.unavailability as number)) < 1e-15);
    for (const l of layers) {
      assert.equal(typeof l.structuralUnavailability, 'number');
      assert.deepEqual(Object.keys(l.failover as object).sort(), ['byTrigger', 'secondsPerYear', 'unavailability', 'windowsPerYear']);
    }
    // A round trip keeps every field: nothing in them is Infinity or NaN.
    assert.deepEqual(JSON.parse(JSON.stringify(layers)), layers);
  });
});
