/**
 * The minimisation of cut sets joined from several layers (a site's path, the system's path):
 * each layer's sets are already minimal, so only elements shared between layers can make one set
 * contain another, and only those are ever keyed.
 */
import type { ElementKey } from '../compile';
import type { Cut, LayerCuts, MinimisedCuts } from './layer-cuts';
import { cutKey, holdsSubset, LARGE_BASE, SMALL_BASE } from './minimise';
import { CutSetScratch } from './scratch';

/**
 * Keeps the cut sets that contain no other one, shortest first: the same result as `minimise` of
 * the layers' cut sets joined, when each layer's are already minimal and free of duplicates (as
 * `LayerCuts` are). Then a set can only contain a set of another layer, and every element of the
 * contained set is in both layers: a set with at most one element shared between layers needs a
 * flag read at most, and only sets of shared elements are ever keyed. All ids are below
 * `idCount`; the result's `ids` are only filled `withIds`. Its flags come from `scratch` (arrays
 * of their own when none is given).
 */
export function minimiseLayers(
  layers: readonly LayerCuts[], idCount: number, withIds: boolean, scratch: CutSetScratch = new CutSetScratch(),
): MinimisedCuts {
  const flags = scratch.elementFlags(idCount);
  const lastLayer = scratch.layerIndices(idCount);
  let maxLength = 0;
  for (let li = 0; li < layers.length; li++) {
    const layer = layers[li]!;
    const elements = layer.elements;
    for (let e = 0; e < elements.length; e++) {
      const id = elements[e]!;
      const seen = lastLayer[id]!;
      if (seen === li) continue;
      if (seen >= 0) flags[id] = SHARED;
      lastLayer[id] = li;
    }
    maxLength = Math.max(maxLength, layer.counts.length - 1);
  }
  const base = idCount < SMALL_BASE ? SMALL_BASE : LARGE_BASE;
  let held: Set<number | string> | undefined;
  // Per layer: where its sets of the current length start, in `ids` and in `keys`.
  const at: number[] = [];
  const atSet: number[] = [];
  let total = 0;
  for (let li = 0; li < layers.length; li++) {
    const layer = layers[li]!;
    at.push(layer.at);
    atSet.push(layer.counts[0] ?? 0);
    total += layer.keys.length;
  }
  // Room for every set (a grown array would copy itself several times); trimmed at the end.
  const keys = new Array<ElementKey[]>(total);
  let kept = 0;
  const cuts: Cut[] = [];
  // The empty set (a layer of sites that is always down): kept once; like `minimise`, it is
  // not taken to contain the other sets.
  const counts: number[] = [0];
  for (let li = 0; li < layers.length; li++) {
    const layer = layers[li]!;
    if ((layer.counts[0] ?? 0) === 0) continue;
    keys[kept++] = layer.keys[0]!;
    counts[0] = 1;
    if (withIds) cuts.push([]);
    break;
  }
  for (let length = 1; length <= maxLength; length++) {
    let count = 0;
    for (let li = 0; li < layers.length; li++) {
      const layer = layers[li]!;
      const from = layer.ids;
      let p = at[li]!;
      const first = atSet[li]!;
      const end = first + (layer.counts[length] ?? 0);
      for (let k = first; k < end; k++, p += length) {
        const shared = sharedIfKept(from, p, length, flags, held, base) - 1;
        if (shared < 0) continue;
        keys[kept++] = layer.keys[k]!;
        if (withIds) cuts.push(Array.from(from.subarray(p, p + length)));
        count++;
        if (shared === length) {
          (held ??= new Set()).add(base === SMALL_BASE && length <= 3 ? smallKey(from, p, length) : cutKey(Array.from(from.subarray(p, p + length)), base));
          if (length === 1) flags[from[p]!] = SHARED_SINGLE;
        }
      }
      at[li] = p;
      atSet[li] = end;
    }
    counts.push(count);
  }
  keys.length = kept;
  return { keys, counts, cuts };
}

const SHARED = 1;
const SHARED_SINGLE = 2;

/**
 * For `minimiseLayers` (a function of its own so that it is compiled early: it runs once per
 * set): 0 when the set at `ids[p … p + length)` holds a kept set — a kept single, or a `held` set
 * of two or more of its shared elements — else 1 + how many of its elements are shared.
 */
function sharedIfKept(ids: Int32Array, p: number, length: number, flags: Uint8Array, held: Set<number | string> | undefined, base: number): number {
  // How many elements are shared, and whether one is a kept single (flags 0, 1, 2: `or` them
  // for the latter).
  let shared: number;
  let any: number;
  if (length === 3) {
    const f0 = flags[ids[p]!]!;
    const f1 = flags[ids[p + 1]!]!;
    const f2 = flags[ids[p + 2]!]!;
    shared = (f0 !== 0 ? 1 : 0) + (f1 !== 0 ? 1 : 0) + (f2 !== 0 ? 1 : 0);
    any = f0 | f1 | f2;
  } else {
    shared = 0;
    any = 0;
    for (let e = p; e < p + length; e++) {
      const f = flags[ids[e]!]!;
      if (f !== 0) shared++;
      any |= f;
    }
  }
  if ((any & SHARED_SINGLE) !== 0) return 0;
  if (shared >= 2 && held) {
    if (base === SMALL_BASE && length <= 3) {
      if (holdsSharedPair(held, ids, p, length, flags)) return 0;
    } else {
      const s = sharedPart(ids, p, length, flags);
      if (held.has(cutKey(s, base)) || holdsSubset(held, s, base)) return 0;
    }
  }
  return shared + 1;
}

/** `cutKey` of the set at `ids[p … p + length)`, of 1 to 3 ids below `SMALL_BASE` − 1. */
function smallKey(ids: Int32Array, p: number, length: number): number {
  const a = ids[p]! + 1;
  if (length === 1) return a;
  const b = ids[p + 1]! + 1;
  if (length === 2) return a * SMALL_BASE + b;
  return (a * SMALL_BASE + b) * SMALL_BASE + ids[p + 2]! + 1;
}

/**
 * Whether `held` has a set of two or more of the shared elements of the set at `ids[p … p +
 * length)` (2 or 3 ids below `SMALL_BASE` − 1, at least two shared; held singles are flagged).
 */
function holdsSharedPair(held: Set<number | string>, ids: Int32Array, p: number, length: number, flags: Uint8Array): boolean {
  const a = ids[p]! + 1;
  const b = ids[p + 1]! + 1;
  if (length === 2) return held.has(a * SMALL_BASE + b);
  const d = ids[p + 2]! + 1;
  const sa = flags[a - 1] !== 0;
  const sb = flags[b - 1] !== 0;
  const sd = flags[d - 1] !== 0;
  if (sa && sb && held.has(a * SMALL_BASE + b)) return true;
  if (sa && sd && held.has(a * SMALL_BASE + d)) return true;
  if (sb && sd && held.has(b * SMALL_BASE + d)) return true;
  return sa && sb && sd && held.has((a * SMALL_BASE + b) * SMALL_BASE + d);
}

/** The shared elements (flag set) of the set at `ids[p … p + length)`, in order. */
function sharedPart(ids: Int32Array, p: number, length: number, flags: Uint8Array): Cut {
  const s: Cut = [];
  for (let e = p; e < p + length; e++) if (flags[ids[e]!] !== 0) s.push(ids[e]!);
  return s;
}
