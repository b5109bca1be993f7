/**
 * The brute-force reference checked on its own, before anything is compared with it: spec
 * section 10's figures, small systems whose window term is worked out by hand, and the structure
 * (Birnbaum importance, minimal cut sets) of systems small enough to list by hand. Models come
 * from the model stage only (parse → model, test/support/model.ts), never from the engine.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SystemModel } from '../../server/src/core/model/types';
import { modelOf } from '../support/model';
import { BRUTE_FORCE_LIMIT, bruteForce, pieceWeights, SECONDS_PER_YEAR, standbyFailoverSeconds, type BruteForceResult } from './brute-force';

/** The reference's figures of an analysable model it evaluates whole. */
function evaluate(model: SystemModel): BruteForceResult {
  assert.ok(model.analysable, 'the model is analysable');
  const result = bruteForce(model);
  assert.ok(result?.system, 'the reference evaluated nothing');
  return result;
}

const sorted = (cuts: string[][]): string[] => cuts.map((c) => [...c].sort().join(' ')).sort();

/** The model's figures of an instance, zone or region by name: q, A = 1 − q, f (per second), MTTR (seconds). */
function figuresOf(model: SystemModel, name: string): { q: number; a: number; f: number; mttr: number } {
  const e = model.instances.find((i) => i.id === name) ?? [...model.zones, ...model.regions].find((d) => d.name === name);
  assert.ok(e, `no element ${name}`);
  return { q: e.unavailability, a: 1 - e.unavailability, f: e.failuresPerSecond, mttr: e.mttrSeconds };
}

function close(actual: number | undefined, expected: number, what: string, relative = 1e-12): void {
  assert.ok(actual !== undefined && Math.abs(actual - expected) <= relative * Math.abs(expected), `${what}: ${actual} vs ${expected} by hand`);
}

describe('the revision 2 reference (brute force) on its own', () => {
  it("gives spec section 10's figures: U_struct 6.104575e-4, windows 1.0413e-6, U 6.114987e-4", () => {
    const text = readFileSync(join(__dirname, '..', '..', 'examples', 'checkout.topo'), 'utf8');
    const r = evaluate(modelOf(text));
    const s = r.system;
    assert.ok(s);
    assert.equal(s.structuralUnavailability.toExponential(6), '6.104575e-4');
    assert.equal(s.failoverUnavailability.toExponential(4), '1.0413e-6');
    assert.equal(s.unavailability.toExponential(6), '6.114987e-4');
    // Every window of db is db's: its cost is the whole term.
    close(r.failover.get('db')?.cost?.unavailability, s.failoverUnavailability, 'db failover cost');
  });

  it('one primary and one hot standby, no zones: term = f_p × T_fo × A_standby', () => {
    const model = modelOf(`system a {
  layer db {
    heartbeat { timeout 10s }
    node p { availability 99.9% mttr 2h }
    node s { availability 99.5% standby hot }
  }
}`);
    const r = evaluate(model);
    const p = figuresOf(model, 'p');
    const s = figuresOf(model, 's');
    const term = p.f * 15 * s.a;
    close(r.system?.structuralUnavailability, p.q * s.q, 'U_struct');
    close(r.system?.failoverUnavailability, term, 'window term');
    close(r.system?.unavailability, p.q * s.q + term, 'U');
    const db = r.failover.get('db');
    close(db?.cost?.secondsPerYear, term * SECONDS_PER_YEAR, 'db seconds per year');
    close(db?.cost?.byTrigger.instance, term * SECONDS_PER_YEAR, 'db by instance');
    assert.deepEqual([db?.cost?.byTrigger.zone, db?.cost?.byTrigger.region], [0, 0]);
    close(db?.windowsPerYear, p.f * s.a * SECONDS_PER_YEAR, 'windows per year');
    close(r.layers.get('db')?.unavailability, p.q * s.q + term, 'the layer alone');
  });

  it('a zone holding primary and standby opens no window when it fails', () => {
    const model = modelOf(`system b {
  zone z { availability 99.99% }
  layer db {
    heartbeat { timeout 10s }
    node p { availability 99.9% zone z }
    node s { availability 99.5% zone z standby hot }
  }
}`);
    const r = evaluate(model);
    const [p, s, z] = [figuresOf(model, 'p'), figuresOf(model, 's'), figuresOf(model, 'z')];
    close(r.system?.structuralUnavailability, z.q + z.a * p.q * s.q, 'U_struct');
    close(r.system?.failoverUnavailability, p.f * 15 * s.a * z.a, 'window term: the primary alone');
    assert.equal(r.failover.get('db')?.cost?.byTrigger.zone, 0);
    close(r.failover.get('db')?.windowsPerYear, p.f * s.a * z.a * SECONDS_PER_YEAR, 'windows per year');
  });

  it("a window that outlasts its trigger's repair costs after the repair", () => {
    // Manual detection (5 min) + cold promotion (30 min) = 35 min, against a 15-minute zone repair.
    const model = modelOf(`system c {
  zone z { availability 99.99% mttr 15m }
  layer lb { node lb1 { availability 99.95% zone z } }
  layer db {
    node p { availability 99.9% zone z }
    node s { availability 99.5% standby cold }
  }
}`);
    const r = evaluate(model);
    const [lb, p, s, z] = [figuresOf(model, 'lb1'), figuresOf(model, 'p'), figuresOf(model, 's'), figuresOf(model, 'z')];
    const t = 35 * 60;
    // z takes lb1 down anyway: only the part of the window after z's repair counts.
    const afterRepair = t - z.mttr * -Math.expm1(-t / z.mttr);
    assert.ok(afterRepair > 0.3, 'the case shows a window much longer than the repair');
    const byZone = z.f * p.a * s.a * lb.a * afterRepair;
    const byPrimary = p.f * z.a * s.a * lb.a * t;
    close(r.system?.failoverUnavailability, byZone + byPrimary, 'window term');
    close(r.failover.get('db')?.cost?.byTrigger.zone, byZone * SECONDS_PER_YEAR, 'zone share');
    close(r.failover.get('db')?.cost?.byTrigger.instance, byPrimary * SECONDS_PER_YEAR, 'instance share');
  });

  it('a cold standby behind a hot one costs its own promotion; a serving standby opens windows too', () => {
    const text = (promote: string): string => `system d {
  layer db {
    health-check { interval 5s unhealthy 2 }
    ${promote}
    node p { availability 99% }
    node s1 { availability 98% standby hot promote 7s }
    node s2 { availability 99.9% standby cold }
  }
}`;
    for (const [promote, t2Seconds] of [['promote 40s', 50], ['', 10 + 1800]] as const) {
      const model = modelOf(text(promote));
      const r = evaluate(model);
      const [p, s1, s2] = [figuresOf(model, 'p'), figuresOf(model, 's1'), figuresOf(model, 's2')];
      const [t1, t2] = [17, t2Seconds];
      const db = model.layers[0];
      assert.ok(db);
      assert.deepEqual(db.standbys.map((x) => standbyFailoverSeconds(model, db, x)), [17, t2Seconds]);
      assert.deepEqual(db.failover?.standbyFailoverSeconds, [17, t2Seconds], "the model's T_fo(j) agrees with the reference's");
      const term = p.f * (s1.a * t1 + s1.q * s2.a * t2) + s1.f * p.q * s2.a * t2;
      close(r.system?.failoverUnavailability, term, `window term (${promote || 'by temperature'})`);
      close(r.failover.get('db')?.windowsPerYear, (p.f * (s1.a + s1.q * s2.a) + s1.f * p.q * s2.a) * SECONDS_PER_YEAR, 'windows per year');
    }
  });

  it('a window inside a site makes it unavailable, but the layer of sites does not fail over for it', () => {
    const model = modelOf(`system e {
  layer geo {
    heartbeat { timeout 30s }
    site east {
      layer db { heartbeat { timeout 10s } node p { availability 99.9% } node s { availability 99.5% standby hot } }
    }
    site west { standby warm layer w { node w1 { availability 99% } } }
  }
}`);
    const r = evaluate(model);
    const [p, s, w] = [figuresOf(model, 'east.p'), figuresOf(model, 'east.s'), figuresOf(model, 'west.w1')];
    const [tDb, tGeo] = [15, 90];
    const dbWindows = p.f * s.a * w.q * tDb; // costs only while west is down
    const geoWindows = p.f * s.q * w.a * tGeo + s.f * p.q * w.a * tGeo;
    close(r.system?.structuralUnavailability, p.q * s.q * w.q, 'U_struct');
    close(r.system?.failoverUnavailability, dbWindows + geoWindows, 'window term');
    close(r.failover.get('east.db')?.cost?.unavailability, dbWindows, 'east.db cost');
    close(r.failover.get('geo')?.cost?.unavailability, geoWindows, 'geo cost');
    close(r.sites.get('east')?.structuralUnavailability, p.q * s.q, 'east U_struct');
    close(r.sites.get('east')?.failoverUnavailability, p.f * s.a * tDb, 'east window term');
    close(r.layers.get('geo')?.unavailability, r.system?.unavailability ?? NaN, 'geo alone is the system');
  });

  it('one zone failure opens windows in two layers at once', () => {
    const model = modelOf(`system f {
  zone z { availability 99.9% }
  layer a { heartbeat { timeout 10s } node a1 { availability 99.9% zone z } node a2 { availability 99.5% standby hot } }
  layer b { heartbeat { timeout 20s } node b1 { availability 99% zone z } node b2 { availability 98% standby hot } }
}`);
    const r = evaluate(model);
    const [z, a1, a2, b1, b2] = ['z', 'a1', 'a2', 'b1', 'b2'].map((n) => figuresOf(model, n)) as [ReturnType<typeof figuresOf>, ...ReturnType<typeof figuresOf>[]];
    assert.ok(a1 && a2 && b1 && b2);
    const [ta, tb] = [15, 25];
    const back = (t: number): number => pieceWeights(0, t, z.mttr)[1];
    // z fails: a's window opens when a1 and a2 are up, b's when b1 and b2 are.
    const xZone =
      a1.a * a2.a * (b1.a * b2.a * tb + b1.q * b2.a * ta + b1.a * b2.q * back(ta)) +
      b1.a * b2.a * (a1.q * a2.a * tb + a1.a * a2.q * back(tb));
    const xA1 = z.a * a2.a * (1 - b1.q * b2.q) * ta;
    const xB1 = z.a * b2.a * (1 - a1.q * a2.q) * tb;
    close(r.system?.failoverUnavailability, z.f * xZone + a1.f * xA1 + b1.f * xB1, 'window term');
    const costs = (r.failover.get('a')?.cost?.unavailability ?? 0) + (r.failover.get('b')?.cost?.unavailability ?? 0);
    assert.ok(costs > (r.system?.failoverUnavailability ?? Infinity), 'each layer alone counts the overlap of the two windows');
  });

  it('splits a piece exactly: still down + back = b − a, still down = ∫ P(R > t) dt', () => {
    for (const [a, b, m] of [[0, 0.01, 2], [0.5, 0.7, 0.25], [0, 1e-4, 8], [3, 4, 1]] as const) {
      const [down, back] = pieceWeights(a, b, m);
      close(down + back, b - a, `sum on [${a}, ${b}]`);
      close(down, m * (Math.exp(-a / m) - Math.exp(-b / m)), `still down on [${a}, ${b}]`, 1e-9);
      // Simpson's rule on P(R > t) = e^(−t/m), for the "back" part: ∫ (1 − e^(−t/m)) dt.
      const n = 1000;
      let simpson = 0;
      for (let k = 0; k <= n; k++) simpson += (k === 0 || k === n ? 1 : k % 2 ? 4 : 2) * -Math.expm1(-(a + ((b - a) * k) / n) / m);
      close(back, (simpson * (b - a)) / (3 * n), `back on [${a}, ${b}]`, 1e-9);
    }
  });

  it('carries a load met exactly by capacities whose sum rounds below it (0.1 + 0.7 against 0.8)', () => {
    const model = modelOf(`system g {
  layer app { load 0.8 node a { availability 99% capacity 0.1 } node b { availability 99.9% capacity 0.7 } }
}`);
    assert.ok(0.1 + 0.7 < 0.8, 'the case shows a sum that rounds below the load');
    const [a, b] = [figuresOf(model, 'a'), figuresOf(model, 'b')];
    // Up exactly when both are: U_struct = 1 − A_a × A_b, not 1.
    close(evaluate(model).system?.structuralUnavailability, 1 - a.a * b.a, 'U_struct');
  });

  it('gives Birnbaum importance as P(down | e down) − P(down | e up), for elements that never fail too', () => {
    const model = modelOf(`system h {
  zone z { availability 99.99% }
  zone n
  layer lb { node lb1 { availability 99.95% zone n } }
  layer db {
    heartbeat { timeout 10s }
    node p { availability 99.9% zone z }
    node s { availability 99.5% zone z standby hot }
  }
}`);
    const r = evaluate(model);
    const [lb, p, s, z] = [figuresOf(model, 'lb1'), figuresOf(model, 'p'), figuresOf(model, 's'), figuresOf(model, 'z')];
    const db = z.q + z.a * p.q * s.q;
    close(r.system?.structuralUnavailability, 1 - lb.a * (1 - db), 'U_struct');
    close(r.birnbaum('i:lb1'), 1 - db, 'lb1');
    close(r.birnbaum('z:n'), lb.a * (1 - db), 'n, which never fails: it takes lb1 down when lb1 is up');
    close(r.birnbaum('z:z'), lb.a * (1 - p.q * s.q), 'z');
    close(r.birnbaum('i:p'), lb.a * z.a * s.q, 'p');
    close(r.birnbaum('i:s'), lb.a * z.a * p.q, 's');
    assert.throws(() => r.birnbaum('i:nobody'), /no element/);
  });

  it("lists spec section 10's minimal cut sets: the SPOFs lb1, az1, use1, then five pairs", () => {
    const text = readFileSync(join(__dirname, '..', '..', 'examples', 'checkout.topo'), 'utf8');
    const r = evaluate(modelOf(text));
    assert.deepEqual(sorted(r.cutSets(1)), ['i:lb1', 'r:use1', 'z:az1']);
    // Two of the four apps (1000 each against 2000) must be up; az2 holds app-2, app-4 and db-standby.
    const pairs = [['i:route53', 'i:cloudflare'], ['i:db-primary', 'i:db-standby'], ['z:az2', 'i:db-primary'], ['z:az2', 'i:app-1'], ['z:az2', 'i:app-3']];
    assert.deepEqual(sorted(r.cutSets(2)), sorted([['i:lb1'], ['r:use1'], ['z:az1'], ...pairs]));
    // Any three apps, and nothing else new at order 3 (a superset of a smaller one is not minimal).
    const triples = [[1, 2, 3], [1, 2, 4], [1, 3, 4], [2, 3, 4]].map((t) => t.map((i) => `i:app-${i}`));
    assert.deepEqual(sorted(r.cutSets(3)), sorted([['i:lb1'], ['r:use1'], ['z:az1'], ...pairs, ...triples]));
  });

  it('counts a zone without availability in the cut sets (it never fails, but its failure would take the system down)', () => {
    const model = modelOf(`system i {
  zone n
  layer lb { node lb1 { availability 99.95% zone n } node lb2 { availability 99.95% } }
}`);
    assert.deepEqual(sorted(evaluate(model).cutSets(2)), sorted([['z:n', 'i:lb2'], ['i:lb1', 'i:lb2']]));
  });

  it(`refuses a system with more than ${BRUTE_FORCE_LIMIT} elements, but still evaluates its small layers`, () => {
    const model = modelOf(`system big {
  layer app { node app { availability 99% replicas ${BRUTE_FORCE_LIMIT + 1} } }
  layer db { heartbeat { timeout 10s } node p { availability 99.9% } node s { availability 99.5% standby hot } }
}`);
    const r = bruteForce(model);
    assert.ok(r);
    assert.equal(r.system, undefined);
    assert.equal(r.layers.get('app'), undefined);
    assert.ok(r.layers.get('db'));
    assert.equal(r.failover.get('db')?.cost, undefined);
    assert.ok((r.failover.get('db')?.windowsPerYear ?? 0) > 0);
    assert.equal(r.birnbaum('i:p'), undefined);
    // Cut sets enumerate no states: no limit.
    assert.deepEqual(sorted(r.cutSets(2)), ['i:p i:s']);
  });
});
