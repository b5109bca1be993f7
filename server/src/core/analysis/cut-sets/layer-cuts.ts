/**
 * How cut sets are held while they are computed: a cut set as sorted element ids, a layer's
 * minimal cut sets as `LayerCuts` (ids in the computation's id buffer, keys for the result), and
 * the work limit every search step counts against.
 */
import type { ElementKey } from '../compile';
import { CutSetScratch } from './scratch';

/** A cut set: sorted element ids. */
export type Cut = number[];

/** Work limit (candidate sets visited) per layer and per combination step. */
export const CUT_SET_WORK_LIMIT = 400_000;

/**
 * A layer's minimal cut sets, shortest first: `counts[n]` sets of n elements; `keys` holds each
 * set's element keys (the result's own arrays) and `ids[at …]` their sorted ids, one set after
 * another; `elements` lists the distinct ids. The ids of all layers of a computation share its
 * reused buffer (an array per set, or per layer, would be allocated and grown on every call).
 */
export interface LayerCuts {
  keys: ElementKey[][];
  counts: number[];
  ids: Int32Array;
  at: number;
  elements: number[];
}

/** Minimised cut sets: keys and counts as in `LayerCuts`, and the sets as id arrays when asked for. */
export interface MinimisedCuts {
  keys: ElementKey[][];
  counts: number[];
  cuts: Cut[];
}

/**
 * `cuts` (shortest first, each sorted) as `LayerCuts`, ids below `idCount` and named by `keys`,
 * their ids written to `scratch`'s buffer (a buffer of their own when none is given).
 */
export function layerCutsOf(cuts: Cut[], idCount: number, keys: ElementKey[], scratch: CutSetScratch = new CutSetScratch()): LayerCuts {
  const counts: number[] = [0];
  const keyCuts: ElementKey[][] = [];
  const seen = new Uint8Array(idCount);
  const elements: number[] = [];
  const at = scratch.top;
  for (const c of cuts) {
    while (counts.length <= c.length) counts.push(0);
    counts[c.length]!++;
    const buffer = scratch.room(c.length);
    const k: ElementKey[] = [];
    for (const id of c) {
      buffer[scratch.top++] = id;
      k.push(keys[id]!);
      if (seen[id]) continue;
      seen[id] = 1;
      elements.push(id);
    }
    keyCuts.push(k);
  }
  return { keys: keyCuts, counts, ids: scratch.ids, at, elements };
}
