/**
 * The truncated distributions under the engine: exact where they claim to be, bounded where
 * they truncate.
 */
import { strict as assert } from 'node:assert';
import { binomialCount, convolveCount, keptMass, mixtureCount, pointCount, shiftCount } from '../../../server/src/core/analysis/dist/count';
import { binomialCapacity, convolveCapacity, keptCapacityMass, pointCapacity, type CapacityDist, type CapacityThreshold } from '../../../server/src/core/analysis/dist/capacity';
import { Budget } from '../../../server/src/core/analysis/budget';

/**
 * P(Binomial(n, p) ≥ t) as a ratio of sums of exp(log term − log mode term), with the logs
 * accumulated from the mode outward (sums of logs, not products: an independent route, and no
 * cancellation between the huge log C(n, j) and j·log p terms).
 */
function binomialTail(n: number, p: number, t: number): number {
  const mode = Math.min(n, Math.floor((n + 1) * p));
  const logOdds = Math.log(p) - Math.log1p(-p);
  let total = 1;
  let tail = mode >= t ? 1 : 0;
  let log = 0;
  for (let j = mode + 1; j <= n; j++) {
    log += Math.log((n - j + 1) / j) + logOdds;
    const v = Math.exp(log);
    total += v;
    if (j >= t) tail += v;
    if (log < -800) break;
  }
  log = 0;
  for (let j = mode - 1; j >= 0; j--) {
    log += Math.log((j + 1) / (n - j)) - logOdds;
    const v = Math.exp(log);
    total += v;
    if (j >= t) tail += v;
    if (log < -800) break;
  }
  return tail / total;
}

describe('count distributions', () => {
  it('binomial tails match a direct sum, including where (1 − u)^N underflows', () => {
    for (const [n, u, t] of [[10, 0.1, 3], [1000, 0.001, 4], [200_000, 0.3, 60_500], [50_000, 0.5, 25_001], [7, 0.9, 7]] as const) {
      const d = binomialCount(t, n, u, 0);
      const want = binomialTail(n, u, t);
      assert.ok(Math.abs(d.absorbed - want) <= 1e-11 * want + d.neglected, `n=${n} u=${u} t=${t}: ${d.absorbed} vs ${want}`);
      assert.ok(Math.abs(keptMass(d) + d.absorbed - 1) <= 1e-12 + d.neglected);
    }
  });

  it('convolution keeps P(A + B ≥ T) as a sum of non-negative terms', () => {
    const T = 4;
    const a = binomialCount(T, 3, 0.2, 0);
    const b = binomialCount(T, 2, 0.5, 0);
    const c = convolveCount(a, b, 0);
    // Brute force over the 5 Bernoullis.
    let want = 0;
    for (let mask = 0; mask < 32; mask++) {
      let p = 1;
      let down = 0;
      for (let i = 0; i < 5; i++) {
        const u = i < 3 ? 0.2 : 0.5;
        const isDown = (mask >> i) & 1;
        p *= isDown ? u : 1 - u;
        down += isDown;
      }
      if (down >= T) want += p;
    }
    assert.ok(Math.abs(c.absorbed - want) < 1e-15);
  });

  it('truncation below tau is counted as neglected, never lost', () => {
    const full = binomialCount(50, 1000, 1e-3, 0);
    const cut = binomialCount(50, 1000, 1e-3, 1e-12);
    assert.ok(cut.p.length < full.p.length);
    assert.ok(cut.neglected > 0);
    assert.ok(Math.abs(keptMass(cut) + cut.absorbed + cut.neglected - 1) < 1e-12 + cut.neglected);
  });

  it('a domain mixture and a shift move mass where they should', () => {
    const T = 3;
    const up = binomialCount(T, 2, 0.1, 0);
    const mixed = mixtureCount(0.01, 2, up);
    // Zone down (0.01) → 2 down (< T); else binomial; P(D ≥ 3) stays 0.
    assert.equal(mixed.absorbed, 0);
    const shifted = shiftCount(mixed, 1);
    // Now down when the group had 2 down: 0.01 + 0.99 · 0.01.
    assert.ok(Math.abs(shifted.absorbed - (0.01 + 0.99 * 0.01)) < 1e-15);
    assert.equal(pointCount(T, 5).absorbed, 1);
  });
});

describe('capacity distributions', () => {
  /** The reference: the instances added one at a time (what binomialCapacity did before it used the binomial directly). */
  function oneAtATime(th: CapacityThreshold, N: number, u: number, cap: number): CapacityDist {
    let d = pointCapacity(th, 0, 0);
    const one = pointCapacity(th, 0, 0);
    one.entries.clear();
    one.entries.set('0|0', [0, 0, 1 - u]);
    if (isDownRef(th, 1, cap)) one.absorbed = u;
    else one.entries.set(`1|${Math.round(cap * 1e6)}`, [1, cap, u]);
    for (let i = 0; i < N; i++) d = convolveCapacity(d, one, 0);
    return d;
  }
  const isDownRef = (th: CapacityThreshold, count: number, cap: number) => count >= th.countT || cap > th.capSlack + 1e-9 * Math.max(1, Math.abs(th.capSlack));

  it('N alike instances: the binomial over the down count, the same states and P(down) as adding them one at a time', () => {
    for (const [N, u, cap, countT, capSlack] of [
      [1, 0.1, 10, 2, 5], [5, 0.2, 10, 6, 25], [12, 0.05, 100, 13, 1000], [30, 0.3, 1, 31, 7.5], [30, 0.3, 2, 4, 1e9], [20, 0.5, 0, 21, 0], [8, 0.9, 10, 9, 80],
    ] as const) {
      const th = { countT, capSlack };
      const fast = binomialCapacity(th, N, u, cap, 0);
      const slow = oneAtATime(th, N, u, cap);
      const what = `N ${N}, u ${u}, cap ${cap}, countT ${countT}, slack ${capSlack}`;
      assert.ok(Math.abs(fast.absorbed - slow.absorbed) <= 1e-12 * Math.max(1e-300, slow.absorbed) + 1e-300, `${what}: absorbed ${fast.absorbed} vs ${slow.absorbed}`);
      assert.deepEqual([...fast.entries.keys()].sort(), [...slow.entries.keys()].sort(), what);
      for (const [k, [c, x, p]] of slow.entries) {
        const [fc, fx, fp] = fast.entries.get(k)!;
        assert.deepEqual([fc, fx], [c, x], what);
        assert.ok(Math.abs(fp - p) <= 1e-12 * p, `${what}: P(${k}) ${fp} vs ${p}`);
      }
      assert.ok(Math.abs(fast.absorbed + keptCapacityMass(fast) - 1) < 1e-12, `${what}: the mass is whole`);
    }
  });

  it('65,536 alike instances: one term per down count, not one convolution per instance', () => {
    const th = { countT: 65_538, capSlack: 65_536 * 500 + 1000 - 1000 };
    // At most 10,000 operations, or the budget throws: one convolution per instance costs millions.
    const d = binomialCapacity(th, 65_536, 0.001, 500, 1e-30, new Budget(10_000, 'test'));
    // Binomial(65,536, 0.001): mean 65.5, so the kept states are the counts around it.
    assert.ok(d.entries.size > 50 && d.entries.size < 1000, String(d.entries.size));
    assert.ok(Math.abs(d.absorbed + keptCapacityMass(d) + d.neglected - 1) < 1e-9);
  });
});
