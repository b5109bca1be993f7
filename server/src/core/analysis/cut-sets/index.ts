/**
 * Minimal cut sets (spec section 5): minimal sets of elements whose joint failure — every other
 * element up, no failover in progress — takes the system down, up to a maximum order.
 *
 * Computed bottom-up on the structure, never by testing every combination of elements:
 * - a node layer (`node-layer.ts`): sets of its domains and instances that bring the down count
 *   to T (or the up capacity below the load), searched order by order with pruning, its
 *   instances tried in a fixed order (`instance-order.ts`);
 * - a site: the union of its path layers' cut sets; a layer of sites: unions of cut sets of T
 *   different sites (`combine.ts`); the system: the union of its path layers' cut sets;
 *   minimised at each step (`minimise.ts` for any list, `minimise-layers.ts` for layers joined,
 *   which only looks at elements shared between layers).
 * Order 1 is always complete (it gives the single points of failure); higher orders stop at a
 * work limit and say so.
 *
 * This runs on every analysis, so it is written for speed: methods and top-level functions
 * rather than closures, reused typed arrays, and a node layer's instances grouped into cells
 * that its domains take down together. The reused arrays are a run's own (`run.ts`,
 * `scratch.ts`): computations may interleave or nest, each with its own.
 */
import type { SystemSpec } from '../compile';
import { CutSetRun, type CutSetResult } from './run';

export { CutSetRun, type CutSetResult } from './run';
export { CUT_SET_WORK_LIMIT, layerCutsOf, type Cut, type LayerCuts, type MinimisedCuts } from './layer-cuts';
export { minimise } from './minimise';
export { minimiseLayers } from './minimise-layers';

/** Minimal cut sets of the system's path up to `maxOrder` (at least 1). */
export function cutSets(spec: SystemSpec, maxOrder: number): CutSetResult {
  return new CutSetRun(spec, maxOrder).result();
}
