/**
 * Joint distributions of (down count, down capacity) for active-active layers whose instances
 * have unequal capacities: the layer is down when the up count falls below `min` or the up
 * capacity below `load`. Sparse, because the number of distinct capacity sums is what bounds
 * the work (a limit reports it when there are too many).
 *
 * Same invariants as `count.ts`: `absorbed` is P(layer down) as a sum of non-negative terms,
 * and `neglected` bounds the mass dropped by truncation.
 */
import { Budget, LimitError } from '../budget';
import { binomialCount } from './count';

/** The layer's requirement expressed on what is down. */
export interface CapacityThreshold {
  /** Down when the down count reaches this (n − min + 1). */
  countT: number;
  /** Down when the down capacity exceeds this (total capacity − load), with a relative tolerance. */
  capSlack: number;
}

export interface CapacityDist {
  th: CapacityThreshold;
  /** key → [down count, down capacity, probability]. */
  entries: Map<string, [number, number, number]>;
  absorbed: number;
  neglected: number;
}

/** Most distinct (count, capacity) states one distribution may hold. */
export const MAX_CAPACITY_STATES = 200_000;

const key = (count: number, cap: number): string => `${count}|${Math.round(cap * 1e6)}`;

function isDown(th: CapacityThreshold, count: number, cap: number): boolean {
  return count >= th.countT || cap > th.capSlack + 1e-9 * Math.max(1, Math.abs(th.capSlack));
}

/** (count, cap) down with certainty. */
export function pointCapacity(th: CapacityThreshold, count: number, cap: number): CapacityDist {
  const d: CapacityDist = { th, entries: new Map(), absorbed: 0, neglected: 0 };
  if (isDown(th, count, cap)) d.absorbed = 1;
  else d.entries.set(key(count, cap), [count, cap, 1]);
  return d;
}

/** Sum of the stored (not yet down) probabilities. */
export function keptCapacityMass(d: CapacityDist): number {
  let s = 0;
  for (const e of d.entries.values()) s += e[2];
  return s;
}

function add(d: CapacityDist, count: number, cap: number, p: number): void {
  if (p === 0) return;
  if (isDown(d.th, count, cap)) {
    d.absorbed += p;
    return;
  }
  const k = key(count, cap);
  const e = d.entries.get(k);
  if (e) e[2] += p;
  else {
    if (d.entries.size >= MAX_CAPACITY_STATES) throw new LimitError(`capacity sums: more than ${MAX_CAPACITY_STATES} distinct states`);
    d.entries.set(k, [count, cap, p]);
  }
}

function trim(d: CapacityDist, tau: number): CapacityDist {
  if (tau <= 0) return d;
  for (const [k, e] of d.entries) {
    if (e[2] < tau) {
      d.neglected += e[2];
      d.entries.delete(k);
    }
  }
  return d;
}

/** The distribution of the sum of two independent parts; its work is charged to `budget`. */
export function convolveCapacity(a: CapacityDist, b: CapacityDist, tau: number, budget: Budget = new Budget()): CapacityDist {
  const out: CapacityDist = { th: a.th, entries: new Map(), absorbed: 0, neglected: a.neglected + b.neglected };
  budget.spend(a.entries.size * b.entries.size);
  for (const [ca, xa, pa] of a.entries.values()) {
    for (const [cb, xb, pb] of b.entries.values()) add(out, ca + cb, xa + xb, pa * pb);
  }
  out.absorbed += a.absorbed + b.absorbed * keptCapacityMass(a);
  return trim(out, tau);
}

/** Adds certainly-down instances. */
export function shiftCapacity(d: CapacityDist, count: number, cap: number): CapacityDist {
  if (count === 0 && cap === 0) return d;
  const out: CapacityDist = { th: d.th, entries: new Map(), absorbed: d.absorbed, neglected: d.neglected };
  for (const [c, x, p] of d.entries.values()) add(out, c + count, x + cap, p);
  return out;
}

/** A domain over instances of total (count, cap): down with probability u, else `up`. */
export function mixtureCapacity(u: number, count: number, cap: number, up: CapacityDist): CapacityDist {
  if (u === 0) return up;
  const out: CapacityDist = { th: up.th, entries: new Map(), absorbed: (1 - u) * up.absorbed, neglected: (1 - u) * up.neglected };
  for (const [c, x, p] of up.entries.values()) add(out, c, x, (1 - u) * p);
  add(out, count, cap, u);
  return out;
}

/**
 * N independent instances of capacity `cap`, each down with probability u; the work is charged to
 * `budget`. Alike instances put j down with j·cap of capacity, so the state is the down count
 * alone: Binomial(N, u) (`binomialCount`, outward from the mode), down from the first j that
 * fails the count or the capacity. One term per count, where adding the instances one at a time
 * cost N times the states (65,536 replicas took a minute, under the work limit).
 */
export function binomialCapacity(th: CapacityThreshold, N: number, u: number, cap: number, tau: number, budget: Budget = new Budget()): CapacityDist {
  if (N === 0 || u === 0) return pointCapacity(th, 0, 0);
  const T = firstDown(th, N, cap);
  const counts = binomialCount(T, N, u, tau, budget);
  const d: CapacityDist = { th, entries: new Map(), absorbed: counts.absorbed, neglected: counts.neglected };
  counts.p.forEach((p, i) => add(d, counts.lo + i, (counts.lo + i) * cap, p));
  return d;
}

/** The fewest of N alike instances of capacity `cap` whose being down takes the layer down (N + 1: none). */
function firstDown(th: CapacityThreshold, N: number, cap: number): number {
  let T = Math.min(th.countT, N + 1);
  if (cap > 0) {
    // The capacity test's first failing count, from the formula, then checked against isDown itself.
    let j = Math.max(0, Math.min(T, Math.floor(th.capSlack / cap)));
    while (j > 0 && isDown(th, j - 1, (j - 1) * cap)) j--;
    while (j < T && !isDown(th, j, j * cap)) j++;
    T = Math.min(T, j);
  }
  return T;
}
