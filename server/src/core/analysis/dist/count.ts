/**
 * Distributions of the number of effectively-down instances of a layer, truncated at the
 * threshold T where the layer is down ("absorbed": P(D ≥ T)).
 *
 * Invariants:
 * - Every stored number is a probability of a set of outcomes computed as a sum of products of
 *   non-negative terms, so no digit is lost to cancellation; the layer's down probability is
 *   `absorbed` itself, never 1 − P(up).
 * - Mass that is dropped to keep arrays short (far tails below `tau`, or terms that underflow)
 *   is never silently lost: `neglected` is an upper bound on it, and the caller turns it into
 *   an error bound on U.
 * - A distribution is never written to once returned, so its arrays may be shared.
 */
import { Budget } from '../budget';

export interface CountDist {
  /** Threshold: D ≥ T means the layer is down. */
  T: number;
  /** p[i] = P(D = lo + i), for lo + i < T. */
  lo: number;
  /** Plain arrays: typed arrays over 64 bytes cost ~10× more to allocate, and layers make many. */
  p: number[];
  /** P(D ≥ T). */
  absorbed: number;
  /** Upper bound on probability mass dropped by truncation. */
  neglected: number;
}

/** The stored probabilities of an absorbed distribution: shared, as nothing writes to it. */
const NONE: number[] = [];
/** The stored probabilities of a point distribution, shared for the same reason. */
const ONE: number[] = [1];

/** A new array of n zeros. */
function zeros(n: number): number[] {
  return n > 0 ? new Array<number>(n).fill(0) : [];
}

/** D = j with certainty. */
export function pointCount(T: number, j: number): CountDist {
  if (j >= T) return { T, lo: 0, p: NONE, absorbed: 1, neglected: 0 };
  return { T, lo: j, p: ONE, absorbed: 0, neglected: 0 };
}

/** Sum of the stored (below-threshold) probabilities. */
export function keptMass(d: CountDist): number {
  let s = 0;
  for (let i = 0; i < d.p.length; i++) s += d.p[i]!;
  return s;
}

/** Drops trailing entries below `tau`, counting them as neglected. */
function trimTail(d: CountDist, tau: number): CountDist {
  let end = d.p.length;
  let dropped = 0;
  while (end > 0 && d.p[end - 1]! < tau) dropped += d.p[--end]!;
  let start = 0;
  while (start < end && d.p[start] === 0) start++;
  if (end === d.p.length && start === 0) return d;
  return { T: d.T, lo: d.lo + start, p: d.p.slice(start, end), absorbed: d.absorbed, neglected: d.neglected + dropped };
}

/** The distribution of A + B for independent A and B (same threshold); its work is charged to `budget`. */
export function convolveCount(a: CountDist, b: CountDist, tau: number, budget: Budget = new Budget()): CountDist {
  const T = a.T;
  if (b.p.length === 1 && b.lo === 0 && b.absorbed === 0 && b.neglected === 0 && b.p[0] === 1) return a;
  if (a.p.length === 1 && a.lo === 0 && a.absorbed === 0 && a.neglected === 0 && a.p[0] === 1) return b;
  const lo = a.lo + b.lo;
  const hiExclusive = Math.min(T, a.lo + a.p.length + b.lo + b.p.length - 1);
  const len = Math.max(0, hiExclusive - lo);
  const p = zeros(len);
  budget.spend(a.p.length * b.p.length);
  // P(A + B ≥ T) = P(A ≥ T) + P(B ≥ T)·P(A < T) + Σ_{i,j < T, i+j ≥ T} a_i b_j: all terms ≥ 0.
  let cross = 0;
  for (let i = 0; i < a.p.length; i++) {
    const ai = a.p[i]!;
    if (ai === 0) continue;
    const base = a.lo + i + b.lo - lo;
    for (let j = 0; j < b.p.length; j++) {
      const k = base + j;
      const v = ai * b.p[j]!;
      if (k < len) p[k]! += v;
      else cross += v;
    }
  }
  const absorbed = a.absorbed + b.absorbed * keptMass(a) + cross;
  return trimTail({ T, lo, p, absorbed, neglected: a.neglected + b.neglected }, tau);
}

/** Adds `s` certainly-down instances: D' = D + s. */
export function shiftCount(d: CountDist, s: number): CountDist {
  if (s === 0) return d;
  const T = d.T;
  if (d.lo + s >= T) return { T, lo: 0, p: NONE, absorbed: d.absorbed + keptMass(d), neglected: d.neglected };
  const keep = Math.max(0, Math.min(d.p.length, T - d.lo - s));
  let moved = 0;
  for (let i = keep; i < d.p.length; i++) moved += d.p[i]!;
  // Nothing crosses the threshold: the same probabilities, shared (distributions are never written).
  const p = keep === d.p.length ? d.p : d.p.slice(0, keep);
  return { T, lo: d.lo + s, p, absorbed: d.absorbed + moved, neglected: d.neglected };
}

/** A domain over a group of n instances: down with probability u (all n down), else `up`. */
export function mixtureCount(u: number, n: number, up: CountDist): CountDist {
  if (u === 0) return up;
  const T = up.T;
  const a = 1 - u;
  if (u === 1) return pointCount(T, n);
  const lo = Math.min(up.lo, n < T ? n : up.lo);
  const hi = Math.max(up.lo + up.p.length, n < T ? n + 1 : 0);
  const p = zeros(Math.max(0, hi - lo));
  for (let i = 0; i < up.p.length; i++) p[up.lo + i - lo] = a * up.p[i]!;
  let absorbed = a * up.absorbed;
  if (n < T) p[n - lo]! += u;
  else absorbed += u;
  return { T, lo, p, absorbed, neglected: a * up.neglected };
}

/** Relative terms of the binomial outward from its mode (reused: binomials are computed often). */
let upTerms = new Float64Array(256);
let downTerms = new Float64Array(256);

/** A copy of a full scratch array, twice as long. */
function grown(a: Float64Array) {
  const b = new Float64Array(2 * a.length);
  b.set(a);
  return b;
}

/**
 * Binomial(N, u) down-count distribution, computed outward from the mode so that neither
 * (1 − u)^N underflowing nor a huge N loses the terms that matter. Its work is charged to
 * `budget` (an unlimited one of its own when none is given).
 */
export function binomialCount(T: number, N: number, u: number, tau: number, budget: Budget = new Budget()): CountDist {
  if (N === 0 || u === 0) return pointCount(T, 0);
  if (u === 1) return pointCount(T, N);
  const odds = u / (1 - u);
  const mode = Math.min(N, Math.floor((N + 1) * u));
  // Relative terms r_j = pmf_j / pmf_mode; stop where they are below `rel` of the mode term.
  const rel = 1e-300;
  // One operation per term kept, charged at the end — or at once, with the same total, as
  // soon as the terms would exceed what is left of the budget.
  const allowance = budget.left();
  let terms = 0;
  let up = upTerms;
  up[0] = 1;
  let nUp = 1;
  let r = 1;
  let j = mode;
  let tailUp = 0;
  while (j < N) {
    const ratio = ((N - j) / (j + 1)) * odds;
    r *= ratio;
    j++;
    if (r < rel) {
      // Past the mode the ratios decrease, so the rest is at most a geometric series.
      const next = ((N - j) / (j + 1)) * odds;
      tailUp = next < 0.5 ? (r * 1) / (1 - next) : r * (N - j + 1);
      break;
    }
    if (nUp === up.length) upTerms = up = grown(up);
    up[nUp++] = r;
    if (++terms > allowance) budget.spend(terms);
  }
  let down = downTerms;
  let nDown = 0;
  r = 1;
  j = mode;
  let tailDown = 0;
  while (j > 0) {
    const ratio = (j / (N - j + 1)) / odds;
    r *= ratio;
    j--;
    if (r < rel) {
      const next = (j / (N - j + 1)) / odds;
      tailDown = next < 0.5 ? r / (1 - next) : r * (j + 1);
      break;
    }
    if (nDown === down.length) downTerms = down = grown(down);
    down[nDown++] = r;
    if (++terms > allowance) budget.spend(terms);
  }
  if (terms > 0) budget.spend(terms);
  let total = 0;
  for (let i = nDown - 1; i >= 0; i--) total += down[i]!;
  for (let i = 0; i < nUp; i++) total += up[i]!;
  // Stored: D = lo … hi − 1 (below T); the rest of the terms are absorbed.
  const lo = mode - nDown;
  const hi = Math.max(lo, Math.min(T, mode + nUp));
  let absorbed = 0;
  // The terms at D ≥ T, in the order the stored ones are laid out: down from the mode, then up.
  for (let i = 0; i < nDown && mode - 1 - i >= T; i++) absorbed += down[i]! / total;
  for (let i = Math.max(0, T - mode); i < nUp; i++) absorbed += up[i]! / total;
  // Far terms below tau are dropped into `neglected` (from the top, as `trimTail` does).
  let end = hi;
  let dropped = 0;
  while (end > lo) {
    const v = end - 1 < mode ? down[mode - end]! / total : up[end - 1 - mode]! / total;
    if (!(v < tau)) break;
    dropped += v;
    end--;
  }
  let start = lo;
  while (start < end && (start < mode ? down[mode - 1 - start]! : up[start - mode]!) / total === 0) start++;
  const p: number[] = [];
  for (let idx = start; idx < end; idx++) p.push((idx < mode ? down[mode - 1 - idx]! : up[idx - mode]!) / total);
  const neglected = (tailUp + tailDown) / total;
  return { T, lo: start, p, absorbed, neglected: end === hi && start === lo ? neglected : neglected + dropped };
}
