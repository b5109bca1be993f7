/**
 * One interface over the two distribution kinds, so the per-layer code is written once:
 * `count` (a layer that needs k of n, or an active-passive layer) and `capacity` (unequal
 * capacities against a load).
 */
import {
  binomialCapacity, convolveCapacity, mixtureCapacity, pointCapacity, shiftCapacity,
  type CapacityDist, type CapacityThreshold,
} from './capacity';
import type { Budget } from '../budget';
import * as count from './count';
import type { CountDist } from './count';

export interface DistOps<D> {
  /** Nothing down. */
  identity(): D;
  /** N independent instances of capacity `cap`, each down with probability u. */
  binomial(N: number, u: number, cap: number): D;
  /** Adds `count` certainly-down instances of total capacity `cap`. */
  shift(d: D, count: number, cap: number): D;
  convolve(a: D, b: D): D;
  /** A domain over (count, cap) instances, down with probability u, else `up`. */
  mixture(u: number, count: number, cap: number, up: D): D;
  /** P(layer down). */
  down(d: D): number;
  /** Upper bound on mass dropped by truncation. */
  neglected(d: D): number;
}

/** Ops for a layer down when at least T instances are down, their work charged to `budget`. */
export function countOps(T: number, tau: number, budget: Budget): DistOps<CountDist> {
  return new CountOps(T, tau, budget);
}

/** Ops for a layer with a count and a capacity requirement, their work charged to `budget`. */
export function capacityOps(th: CapacityThreshold, tau: number, budget: Budget): DistOps<CapacityDist> {
  return new CapacityOps(th, tau, budget);
}

// Classes rather than object literals of arrow functions: one allocation per prepared layer,
// and no closures (a unit is prepared once per engine and per evaluation pass).

// Read once: under CommonJS (tsx, the tests) an import is a getter call per use, which costs
// more than the per-state work it guards.
const { binomialCount, convolveCount, mixtureCount, pointCount, shiftCount } = count;

class CountOps implements DistOps<CountDist> {
  constructor(private readonly T: number, private readonly tau: number, private readonly budget: Budget) {}
  identity(): CountDist { return pointCount(this.T, 0); }
  binomial(N: number, u: number): CountDist { return binomialCount(this.T, N, u, this.tau, this.budget); }
  shift(d: CountDist, count: number): CountDist { return shiftCount(d, count); }
  convolve(a: CountDist, b: CountDist): CountDist { return convolveCount(a, b, this.tau, this.budget); }
  mixture(u: number, count: number, _cap: number, up: CountDist): CountDist { return mixtureCount(u, count, up); }
  down(d: CountDist): number { return d.absorbed; }
  neglected(d: CountDist): number { return d.neglected; }
}

class CapacityOps implements DistOps<CapacityDist> {
  constructor(private readonly th: CapacityThreshold, private readonly tau: number, private readonly budget: Budget) {}
  identity(): CapacityDist { return pointCapacity(this.th, 0, 0); }
  binomial(N: number, u: number, cap: number): CapacityDist { return binomialCapacity(this.th, N, u, cap, this.tau, this.budget); }
  shift(d: CapacityDist, count: number, cap: number): CapacityDist { return shiftCapacity(d, count, cap); }
  convolve(a: CapacityDist, b: CapacityDist): CapacityDist { return convolveCapacity(a, b, this.tau, this.budget); }
  mixture(u: number, count: number, cap: number, up: CapacityDist): CapacityDist { return mixtureCapacity(u, count, cap, up); }
  down(d: CapacityDist): number { return d.absorbed; }
  neglected(d: CapacityDist): number { return d.neglected; }
}
