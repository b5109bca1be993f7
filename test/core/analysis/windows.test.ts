/**
 * Failover windows (spec section 3, revision 2) on systems small enough to work out by hand:
 * each case states the closed form of Σ_e f_e × X_e and checks the engine against it. The
 * differential tests (test/verify) check random systems against a brute-force reference.
 */
import { strict as assert } from 'node:assert';
import { analyseSystem } from '../../../server/src/core/analysis/index';
import type { SystemAnalysis } from '../../../server/src/core/analysis/types';
import { bruteForce } from '../../verify/brute-force';
import { modelOf } from './fixtures';
import { SECONDS_PER_HOUR as H, SECONDS_PER_YEAR } from '../../../grammar/src/units';

const analyse = (text: string): SystemAnalysis => analyseSystem(modelOf(text), { maxOrder: 3 })!;

function close(actual: number, expected: number, what: string, relative = 1e-12): void {
  assert.ok(Math.abs(actual - expected) <= relative * Math.abs(expected), `${what}: ${actual} vs ${expected}`);
}

/** f = (1 − A) / MTTR per second. */
const f = (u: number, mttrSeconds: number): number => u / mttrSeconds;
/** ∫₀ᵀ P(R > t) dt with R ~ Exp(M): the part of a window of T seconds during which the trigger is still down. */
const stillDown = (T: number, M: number): number => M * -Math.expm1(-T / M);

describe('failover windows (spec section 3, revision 2)', () => {
  it('one primary, one hot standby, no zones: f_p × T_fo × A_standby', () => {
    const a = analyse(`system s { layer db { heartbeat { timeout 10s }
      node p { availability 99.9% mttr 2h } node s { availability 99% standby hot } } }`);
    const T = 15;
    // Only the primary's failures open a window (the standby's own failure leaves nobody to take over).
    const expected = f(0.001, 2 * H) * T * 0.99;
    close(a.failoverUnavailability, expected, 'windows');
    close(a.structuralUnavailability, 0.001 * 0.01, 'U_struct');
    close(a.unavailability, 0.001 * 0.01 + expected, 'U');
    const cost = a.layers[0]!.failover!;
    close(cost.unavailability, expected, 'layer cost');
    close(cost.byTrigger.instance, expected * SECONDS_PER_YEAR, 'by instance');
    assert.equal(cost.byTrigger.zone, 0);
    close(cost.windowsPerYear, f(0.001, 2 * H) * 0.99 * SECONDS_PER_YEAR, 'windows per year');
  });

  it('a zone holding the primary and its standby opens no window', () => {
    const a = analyse(`system s { zone z { availability 99.9% }
      layer db { heartbeat { timeout 10s } node p { availability 99.9% zone z } node s { availability 99.9% zone z standby hot } } }`);
    const cost = a.layers[0]!.failover!;
    assert.equal(cost.byTrigger.zone, 0);
    // The primary's own failures: its failure matters when the zone is up (0.999, the others are
    // in their steady state), and opens a window when the standby is up too.
    close(a.failoverUnavailability, f(0.001, H) * 15 * 0.999 * 0.999, 'windows');
  });

  it('the promoted standby times the window: a cold standby behind a down hot one costs its own 30 min', () => {
    const a = analyse(`system s { layer db { heartbeat { timeout 10s }
      node p { availability 99.9% mttr 2h } node h { availability 90% standby hot } node c { availability 99% standby cold } } }`);
    const hot = 15;
    const cold = 10 + 1800;
    // The primary fails: the hot standby when it is up, else the cold one.
    const primary = f(0.001, 2 * H) * (0.9 * hot + 0.1 * 0.99 * cold);
    // The hot standby fails while it serves (the primary down): the cold one takes over.
    const serving = f(0.1, H) * 0.001 * 0.99 * cold;
    close(a.failoverUnavailability, primary + serving, 'windows');
  });

  it('a window that outlasts its trigger counts after the repair; while the trigger is down the system is down anyway', () => {
    // The zone holds the primary and the only load balancer: while it is down the system is down
    // whatever the window does; only the part of the window past the zone's repair costs.
    const a = analyse(`system s { zone a { availability 99.99% mttr 1h } zone b { availability 99.99% mttr 1h }
      layer lb { node lb { availability 100% zone a } }
      layer db { heartbeat { timeout 10s } node p { availability 100% zone a } node s { availability 100% zone b standby cold } } }`);
    const T = 10 + 1800;
    const M = H;
    // Zone a fails (zone b up): window of T; the system is down for the repair anyway, so the
    // window costs T − ∫₀ᵀ P(R > t) dt, the time it runs after the repair.
    const expected = f(0.0001, H) * (1 - 0.0001) * (T - stillDown(T, M));
    close(a.failoverUnavailability, expected, 'windows', 1e-10);
    assert.equal(a.layers.find((l) => l.name === 'db')!.failover!.byTrigger.instance, 0);
  });

  it('one zone failure opens windows in every layer whose primary it holds', () => {
    const a = analyse(`system s { zone a { availability 99.9% mttr 1h } zone b { availability 100% }
      layer db { heartbeat { timeout 10s } node db-p { availability 100% zone a } node db-s { availability 100% zone b standby hot } }
      layer cache { heartbeat { timeout 20s } node cache-p { availability 100% zone a } node cache-s { availability 100% zone b standby hot } } }`);
    const db = 15;
    const cache = 25;
    // Nothing else fails: zone a's failure takes the system down for the longer window.
    close(a.failoverUnavailability, f(0.001, H) * cache, 'windows');
    // Each layer's own cost has only its windows open.
    close(a.layers.find((l) => l.name === 'db')!.failover!.unavailability, f(0.001, H) * db, 'db alone');
    close(a.layers.find((l) => l.name === 'cache')!.failover!.unavailability, f(0.001, H) * cache, 'cache alone');
  });

  it('a window inside a site makes the site unavailable, but the layer of sites does not fail over for it', () => {
    const text = (west: string) => `system s {
      layer geo { heartbeat { timeout 30s }
        site east { layer db { heartbeat { timeout 10s } node p { availability 99.9% mttr 2h } node s { availability 100% standby hot } } }
        site west { standby hot layer db { node w { availability ${west} } } } } }`;
    // West always up: east's inner windows cost nothing (west serves), and no failure of east is a
    // structural failure of the site (its standby is always up): no window anywhere.
    assert.equal(analyse(text('100%')).failoverUnavailability, 0);
    // West up 99%: east's windows cost when west is down.
    const a = analyse(text('99%'));
    close(a.failoverUnavailability, f(0.001, 2 * H) * 15 * 0.01, 'windows');
    const geo = a.layers.find((l) => l.name === 'geo')!.failover!;
    assert.equal(geo.secondsPerYear, 0, "the layer of sites opens no window of its own");
    assert.equal(geo.windowsPerYear, 0);
    close(a.layers.find((l) => l.name === 'east.db')!.failover!.unavailability, a.failoverUnavailability, 'east.db');
  });

  it("a layer of sites fails over when its primary site fails structurally, timed by the standby site's promotion", () => {
    const a = analyse(`system s {
      layer geo { heartbeat { timeout 30s }
        site east { layer app { node e { availability 99.9% mttr 1h } } }
        site west { standby warm layer app { node w { availability 99% } } } } }`);
    close(a.failoverUnavailability, f(0.001, H) * (30 + 60) * 0.99, 'windows');
  });

  it('standbys each in a zone of their own: their zones fold into them, so any number stays exact (brute force agrees on six)', () => {
    const text = (n: number) => `system s { ${Array.from({ length: n + 1 }, (_, i) => `zone z${i} { availability 99.9% }`).join(' ')}
      layer db { heartbeat { timeout 10s } node p { availability 99% zone z0 }
        ${Array.from({ length: n }, (_, i) => `node s${i} { availability 99% zone z${i + 1} standby ${['hot', 'warm', 'cold'][i % 3]} }`).join(' ')} } }`;
    const six = analyse(text(6));
    const brute = bruteForce(modelOf(text(6)))!.system!;
    close(six.unavailability, brute.unavailability, 'U', 1e-9);
    close(six.failoverUnavailability, brute.failoverUnavailability, 'windows', 1e-9);
    // 40 zones of its own: enumerating them jointly would be 2^40 states.
    const many = analyse(text(40));
    assert.equal(many.exact, true, many.limits.join('; '));
    assert.ok(many.failoverUnavailability > 0);
  });

  it('each layer and site reports its own U with the windows inside it, and the cumulative path ends at U', () => {
    const a = analyse(`system s { zone a { availability 99.9% } zone b { availability 99.9% }
      layer app { node app { availability 99.9% replicas 2 zones [a, b] } }
      layer db { heartbeat { timeout 10s } node p { availability 99.9% zone a } node s { availability 99.9% zone b standby hot } } }`);
    const db = a.layers.find((l) => l.name === 'db')!;
    assert.ok(db.unavailability > db.structuralUnavailability);
    // The layer alone: its primary's and zone a's failures open windows when the primary's side
    // was up before (the other of p and a) and the standby's side (s and b) is up after.
    const up = 0.999 * 0.999 * 0.999;
    close(db.unavailability - db.structuralUnavailability, (f(0.001, H) + f(0.001, H)) * 15 * up, 'db alone', 1e-9);
    const app = a.layers.find((l) => l.name === 'app')!;
    assert.equal(app.unavailability, app.structuralUnavailability);
    assert.equal(app.failover, undefined);
    assert.equal(a.cumulative.at(-1)!.unavailability, a.unavailability);
    assert.ok(a.cumulative[0]!.unavailability < a.unavailability);
  });
});
