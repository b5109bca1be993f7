/**
 * The truncated distributions under the engine: exact where they claim to be, bounded where
 * they truncate.
 */
import { strict as assert } from 'node:assert';
import { binomialCount, convolveCount, keptMass, mixtureCount, pointCount, shiftCount } from '../../../server/src/core/analysis/dist/count';

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
