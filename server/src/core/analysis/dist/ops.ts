/**
 * One interface over the two distribution kinds, so the per-layer code is written once:
 * `count` (a layer that needs k of n, or an active-passive layer) and `capacity` (unequal
 * capacities against a load).
 */
import {
  binomialCapacity, convolveCapacity, mixtureCapacity, pointCapacity, shiftCapacity,
  type CapacityDist, type CapacityThreshold,
} from './capacity';
import { binomialCount, convolveCount, mixtureCount, pointCount, shiftCount, type CountDist } from './count';

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

/** Ops for a layer down when at least T instances are down. */
export function countOps(T: number, tau: number): DistOps<CountDist> {
  return {
    identity: () => pointCount(T, 0),
    binomial: (N, u) => binomialCount(T, N, u, tau),
    shift: (d, count) => shiftCount(d, count),
    convolve: (a, b) => convolveCount(a, b, tau),
    mixture: (u, count, _cap, up) => mixtureCount(u, count, up),
    down: (d) => d.absorbed,
    neglected: (d) => d.neglected,
  };
}

/** Ops for a layer with a count and a capacity requirement. */
export function capacityOps(th: CapacityThreshold, tau: number): DistOps<CapacityDist> {
  return {
    identity: () => pointCapacity(th, 0, 0),
    binomial: (N, u, cap) => binomialCapacity(th, N, u, cap, tau),
    shift: (d, count, cap) => shiftCapacity(d, count, cap),
    convolve: (a, b) => convolveCapacity(a, b, tau),
    mixture: (u, count, cap, up) => mixtureCapacity(u, count, cap, up),
    down: (d) => d.absorbed,
    neglected: (d) => d.neglected,
  };
}
