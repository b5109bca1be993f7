/**
 * Minimal cut sets (spec section 5): minimal sets of elements whose joint failure — every other
 * element up, no failover in progress — takes the system down, up to a maximum order.
 *
 * Computed bottom-up on the structure, never by testing every combination of elements:
 * - a node layer: sets of its domains and instances that bring the down count to T (or the up
 *   capacity below the load), searched order by order with pruning (a set already down is not
 *   extended; instances alone cannot help when more than the remaining slots are needed);
 * - a site: the union of its path layers' cut sets; a layer of sites: unions of cut sets of T
 *   different sites; the system: the union of its path layers' cut sets; minimised at each step.
 * Order 1 is always complete (it gives the single points of failure); higher orders stop at a
 * work limit and say so.
 *
 * This runs on every analysis, so it is written for speed: methods and top-level functions
 * rather than closures, reused typed arrays, a node layer's instances grouped into cells that
 * its domains take down together, and a last minimisation that only looks at elements shared
 * between layers.
 */
import type { ElementKey, InstanceSpec, LayerNode, SystemSpec, UnitSpec } from './compile';

/** A cut set: sorted element ids. */
type Cut = number[];

export interface CutSetResult {
  /** Element keys of each minimal cut set (order ≤ maxOrder), unsorted. */
  cuts: ElementKey[][];
  /** False when the enumeration of some order above 1 stopped at its work limit. */
  complete: boolean;
  /** Per top-level path layer: the elements that alone take it down. */
  singlesByLayer: Map<string, ElementKey[]>;
}

/** Work limit (candidate sets visited) per layer and per combination step. */
export const CUT_SET_WORK_LIMIT = 400_000;

/**
 * Numeric keys for sets of up to 3 ids: base 2^10 while every id fits (keys stay small integers,
 * which hash fast), else 2^17 (3 · 17 bits still fit a double exactly).
 */
const SMALL_BASE = 1 << 10;
const LARGE_BASE = 1 << 17;

/**
 * A key that identifies a sorted set of ids, for one `base`: a number for sets of up to 3 ids
 * below base − 1 (hot: no strings), else the ids joined. A function of the set alone, so subsets
 * and supersets agree.
 */
function cutKey(c: Cut, base: number): number | string {
  const n = c.length;
  if (n <= 3) {
    if (n === 0) return 0;
    const a = c[0]! + 1;
    const last = c[n - 1]! + 1;
    if (last < base) {
      if (n === 1) return a;
      if (n === 2) return a * base + last;
      return (a * base + c[1]! + 1) * base + last;
    }
  }
  return c.join(',');
}

function union(a: Cut, b: Cut): Cut {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i]! < b[j]!)) out.push(a[i++]!);
    else if (i >= a.length || b[j]! < a[i]!) out.push(b[j++]!);
    else {
      out.push(a[i++]!);
      j++;
    }
  }
  return out;
}

/** Whether `kept` holds a proper, non-empty subset of the sorted set `c` (hot: no arrays for ≤ 3). */
function holdsSubset(kept: Set<number | string>, c: Cut, base: number): boolean {
  const n = c.length;
  if (n <= 1) return false;
  if (n <= 3 && c[n - 1]! + 1 < base) {
    // The numeric keys of cutKey, written out.
    const a = c[0]! + 1;
    const b = c[1]! + 1;
    if (n === 2) return kept.has(a) || kept.has(b);
    const d = c[2]! + 1;
    return kept.has(a) || kept.has(b) || kept.has(d)
      || kept.has(a * base + b) || kept.has(a * base + d) || kept.has(b * base + d);
  }
  for (let mask = 1; mask < (1 << n) - 1; mask++) if (kept.has(cutKey(c.filter((_, i) => (mask >> i) & 1), base))) return true;
  return false;
}

/** Keeps the cut sets that contain no other one (sets of at most a few elements), shortest first. */
export function minimise(cuts: Cut[]): Cut[] {
  // Shortest first, in input order within a length (a stable sort by length, by buckets).
  const byLength: Cut[][] = [];
  let maxId = -1;
  for (const c of cuts) {
    (byLength[c.length] ??= []).push(c);
    if (c.length > 0) maxId = Math.max(maxId, c[c.length - 1]!);
  }
  const base = maxId + 1 < SMALL_BASE ? SMALL_BASE : LARGE_BASE;
  const kept = new Set<number | string>();
  // Small ids (hot): kept single elements, and elements of kept pairs, as flags, so that most
  // subset checks of pairs and triples are array reads rather than set lookups.
  const flags = base === SMALL_BASE ? new Uint8Array(maxId + 1) : undefined;
  const SINGLE = 1;
  const IN_PAIR = 2;
  const out: Cut[] = [];
  for (const bucket of byLength) {
    if (!bucket) continue;
    for (const c of bucket) {
      const k = cutKey(c, base);
      if (flags && c.length >= 1 && c.length <= 3) {
        const a = c[0]!;
        const fa = flags[a]!;
        if (c.length === 1) {
          if (fa & SINGLE) continue;
          flags[a] = fa | SINGLE;
        } else {
          const b = c[1]!;
          const fb = flags[b]!;
          if ((fa | fb) & SINGLE) continue;
          if (c.length === 2) {
            if (fa & fb & IN_PAIR && kept.has(k)) continue;
            flags[a] = fa | IN_PAIR;
            flags[b] = fb | IN_PAIR;
          } else {
            const d = c[2]!;
            const fd = flags[d]!;
            if (fd & SINGLE) continue;
            // The numeric keys of cutKey, written out.
            if (fa & fb & IN_PAIR && kept.has((a + 1) * base + b + 1)) continue;
            if (fa & fd & IN_PAIR && kept.has((a + 1) * base + d + 1)) continue;
            if (fb & fd & IN_PAIR && kept.has((b + 1) * base + d + 1)) continue;
            if (kept.has(k)) continue;
          }
        }
      } else if (kept.has(k) || holdsSubset(kept, c, base)) continue;
      kept.add(k);
      out.push(c);
    }
  }
  return out;
}

/** Minimal cut sets of the system's path up to `maxOrder` (at least 1). */
export function cutSets(spec: SystemSpec, maxOrder: number): CutSetResult {
  const run = new CutSetRun(spec, Math.max(1, Math.floor(maxOrder)));
  const layers: LayerCuts[] = [];
  // (Indexed loops here and below: a `for … of` costs an iterator in code not yet compiled.)
  for (let i = 0; i < spec.path.length; i++) layers.push(run.layerCuts(spec.path[i]!));
  const system = minimiseLayers(layers, run.keys.length, false);
  const singlesByLayer = new Map<string, ElementKey[]>();
  for (let i = 0; i < layers.length; i++) {
    const singles: ElementKey[] = [];
    const { keys, counts } = layers[i]!;
    for (let k = 0; k < (counts[1] ?? 0); k++) singles.push(keys[k]![0]!);
    singlesByLayer.set(spec.path[i]!.layerId, singles);
  }
  return { cuts: system.keys, complete: run.complete, singlesByLayer };
}

/**
 * A layer's minimal cut sets, shortest first: `counts[n]` sets of n elements; `keys` holds each
 * set's element keys (the result's own arrays) and `ids[at …]` their sorted ids, one set after
 * another; `elements` lists the distinct ids. The ids of all layers of a computation share one
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

// The id buffer: the ids of the computation under way are `idBuffer[0 … idTop)`. Growing it
// copies them; `LayerCuts` made before keep the old buffer, which still holds theirs.
let idBuffer = new Int32Array(1024);
let idTop = 0;

/** The id buffer, with room for `n` more ids at `idTop`. */
function idRoom(n: number): Int32Array {
  if (idTop + n > idBuffer.length) {
    const next = new Int32Array(grown(idBuffer.length, idTop + n));
    next.set(idBuffer.subarray(0, idTop));
    idBuffer = next;
  }
  return idBuffer;
}

/** `cuts` (shortest first, each sorted) as `LayerCuts`, ids below `idCount` and named by `keys`. */
export function layerCutsOf(cuts: Cut[], idCount: number, keys: ElementKey[]): LayerCuts {
  const counts: number[] = [0];
  const keyCuts: ElementKey[][] = [];
  const seen = new Uint8Array(idCount);
  const elements: number[] = [];
  const at = idTop;
  for (const c of cuts) {
    while (counts.length <= c.length) counts.push(0);
    counts[c.length]!++;
    const buffer = idRoom(c.length);
    const k: ElementKey[] = [];
    for (const id of c) {
      buffer[idTop++] = id;
      k.push(keys[id]!);
      if (seen[id]) continue;
      seen[id] = 1;
      elements.push(id);
    }
    keyCuts.push(k);
  }
  return { keys: keyCuts, counts, ids: idBuffer, at, elements };
}

/**
 * One computation: element ids, given on first use in the order the cut sets are found (they
 * order the elements inside each set), and the cut sets of each layer, computed once.
 */
class CutSetRun {
  readonly keys: ElementKey[] = [];
  complete = true;
  /** Per domain (`domainList` position, then extra ones): its local number in the unit being set up, else −1. */
  localDomain: Int32Array;
  /** Per domain (numbered as in `localDomain`): its id, −1 until it has one. */
  private domainIds: Int32Array;
  private readonly ids = new Map<ElementKey, number>();
  private readonly memo = new Map<string, LayerCuts>();
  /** Keys an instance names without a `domainList` position (not expected; numbered after it). */
  private extraKeys: ElementKey[] | undefined;

  constructor(
    private readonly spec: SystemSpec,
    private readonly order: number,
  ) {
    idTop = 0;
    this.localDomain = new Int32Array(spec.domainList.length).fill(-1);
    this.domainIds = new Int32Array(spec.domainList.length).fill(-1);
  }

  /** The number of a domain known by key alone. */
  extraDomain(key: ElementKey): number {
    const extra = (this.extraKeys ??= []);
    let at = extra.indexOf(key);
    if (at < 0) at = extra.push(key) - 1;
    const d = this.spec.domainList.length + at;
    if (this.localDomain.length <= d) {
      this.localDomain = grownFilled(this.localDomain, d + 1);
      this.domainIds = grownFilled(this.domainIds, d + 1);
    }
    return d;
  }

  domainKey(d: number): ElementKey {
    const list = this.spec.domainList;
    return d < list.length ? list[d]!.key : this.extraKeys![d - list.length]!;
  }

  /** `idOf(key)` of domain `d`, remembered by number across layers. */
  domainId(d: number, key: ElementKey): number {
    let id = this.domainIds[d]!;
    if (id < 0) this.domainIds[d] = id = this.idOf(key);
    return id;
  }

  idOf(k: ElementKey): number {
    let id = this.ids.get(k);
    if (id === undefined) {
      id = this.keys.length;
      this.ids.set(k, id);
      this.keys.push(k);
    }
    return id;
  }

  layerCuts(l: LayerNode): LayerCuts {
    const cached = this.memo.get(l.layerId);
    if (cached) return cached;
    let result: LayerCuts;
    if (l.kind === 'nodes') {
      result = unitWalk.cuts(this.spec.units[l.unit]!, this.order, this);
      this.complete &&= unitWalk.complete;
    } else {
      const perSite: Cut[][] = [];
      for (const s of l.sites) {
        const layers: LayerCuts[] = [];
        for (const sl of s.layers) layers.push(this.layerCuts(sl));
        perSite.push(minimiseLayers(layers, this.keys.length, true).cuts);
      }
      const r = combine(perSite, l.T, this.order);
      this.complete &&= r.complete;
      result = layerCutsOf(r.cuts, this.keys.length, this.keys);
    }
    this.memo.set(l.layerId, result);
    return result;
  }
}

/**
 * Keeps the cut sets that contain no other one, shortest first: the same result as `minimise` of
 * the layers' cut sets joined, when each layer's are already minimal and free of duplicates (as
 * `LayerCuts` are). Then a set can only contain a set of another layer, and every element of the
 * contained set is in both layers: a set with at most one element shared between layers needs a
 * flag read at most, and only sets of shared elements are ever keyed. All ids are below
 * `idCount`; the result's `ids` are only filled `withIds`.
 */
export function minimiseLayers(layers: readonly LayerCuts[], idCount: number, withIds: boolean): MinimisedCuts {
  const flags = elementFlags(idCount);
  const lastLayer = layerScratch(idCount);
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

/** The state of `combine`'s walk. */
interface Combination {
  perMember: Cut[][];
  T: number;
  order: number;
  out: Cut[];
  work: number;
  complete: boolean;
}

/** Unions of cut sets of `T` different members, of at most `order` elements, minimised. */
function combine(perMember: Cut[][], T: number, order: number): { cuts: Cut[]; complete: boolean } {
  if (T <= 0) return { cuts: [[]], complete: true };
  if (T > perMember.length) return { cuts: [], complete: true };
  const s: Combination = { perMember, T, order, out: [], work: 0, complete: true };
  combineWalk(s, 0, 0, []);
  if (!s.complete) {
    // Order 1 stays complete: an element that alone takes down T members.
    const singles = new Map<number, number>();
    for (const list of perMember) for (const c of list) if (c.length === 1) singles.set(c[0]!, (singles.get(c[0]!) ?? 0) + 1);
    for (const [id, n] of singles) if (n >= T) s.out.push([id]);
  }
  return { cuts: minimise(s.out), complete: s.complete };
}

function combineWalk(s: Combination, member: number, chosen: number, acc: Cut): void {
  if (!s.complete) return;
  if (chosen === s.T) {
    s.out.push(acc);
    return;
  }
  if (s.perMember.length - member < s.T - chosen) return;
  combineWalk(s, member + 1, chosen, acc);
  for (const c of s.perMember[member]!) {
    if (++s.work > CUT_SET_WORK_LIMIT) {
      s.complete = false;
      return;
    }
    const u = union(acc, c);
    if (u.length <= s.order) combineWalk(s, member + 1, chosen + 1, u);
  }
}

/**
 * Minimal cut sets of one node layer, searched order by order over candidates: the layer's
 * domains (by key), then its instances (most unavailable first, then by id).
 *
 * What is down is tracked as a bit mask of instances in a layer of up to 31 (when capacity sums
 * are exact in any order), else by cells: instances with the same zone and region, which a
 * domain takes down whole, so that a domain's effect is a few cells, not all its instances.
 * (Capacities are then summed per cell, in another order than instance by instance; that is
 * exact for whole-number capacities, the usual case, and otherwise each instance is its own
 * cell, which keeps the additions and subtractions of the plain walk, in its order.)
 *
 * One instance serves every layer (its arrays grow and stay): `cuts` is synchronous and never
 * re-entered.
 */
class UnitWalk {
  /** False when the last `cuts` stopped some order at its work limit. */
  complete = true;
  private inst: InstanceSpec[] = [];
  private run!: CutSetRun;
  private countKind = true;
  /** Every instance adds the same to what is down: one (and the same capacity). */
  private sameEffect = true;
  /** Down when this many instances are down (a capacity requirement: or the capacity below). */
  private T = 0;
  private slack = 0;
  private maxCap = 0;
  /** While scanning: whether the capacities are all the same, all whole; their absolute sum. */
  private sameCap = true;
  private wholeCaps = true;
  private totalCap = 0;
  private nDomains = 0;
  private nCandidates = 0;
  /** Per domain candidate: its key and its number in the run (`CutSetRun.localDomain`). */
  private domainKeys: ElementKey[] = [];
  private domains: number[] = [];
  /** The same, in the order the instances name them. */
  private foundKeys: ElementKey[] = [];
  private foundDomains: number[] = [];
  /** In a small layer, each found domain's instances as a mask. */
  private foundMask = new Int32Array(32);
  /** Per instance: its capacity, its cell, its zone's and region's candidate (−1: none). */
  private capacity = new Float64Array(16);
  private cellOf = new Int32Array(16);
  private zoneOf = new Int32Array(16);
  private regionOf = new Int32Array(16);
  /** Per cell: its zone and region, instances and their capacity. */
  private nCells = 0;
  private cellZone = new Int32Array(16);
  private cellRegion = new Int32Array(16);
  private cellSize = new Int32Array(16);
  private cellCap = new Float64Array(16);
  /** Per cell: chosen domains over it; chosen instances in it, and their capacity. */
  private cellDown = new Int32Array(16);
  private cellChosen = new Int32Array(16);
  private cellChosenCap = new Float64Array(16);
  /** Domain candidate d's cells: `cells[cellStart[d] … cellStart[d + 1])`, in cell order. */
  private cellStart = new Int32Array(16);
  private cells = new Int32Array(16);
  /**
   * Up to 31 instances (and sums of capacities that are exact in any order), what is down is a
   * bit mask of instances; `candidateMask` has each candidate's instances, `saved` the state
   * before the candidate chosen at each depth.
   */
  private small = false;
  private downMask = 0;
  private candidateMask = new Int32Array(16);
  private savedMask: number[] = [];
  private savedCount: number[] = [];
  private savedCap: number[] = [];
  /** Instance candidates in order; sorted only when the walk first reaches them. */
  private byU = new Int32Array(16);
  /** Per instance candidate (after the domains, in order): its instance's cell. */
  private candidateCell = new Int32Array(16);
  private ordered = false;
  private candidateIds = new Int32Array(16);
  private elements: number[] = [];
  private downCount = 0;
  private downCap = 0;
  private chosen: number[] = [];
  /** Scratch for `sortPrefix`. */
  private prefix: number[] = [];
  private size = 0;
  private work = 0;
  /** The cut sets found: their keys, and their ids from `idsAt` in the id buffer. */
  private idsAt = 0;
  private keys: ElementKey[][] = [];
  private counts: number[] = [0];

  cuts(unit: UnitSpec, order: number, run: CutSetRun): LayerCuts {
    this.setUp(unit, run);
    this.complete = true;
    this.idsAt = idTop;
    const keys: ElementKey[][] = (this.keys = []);
    const counts = (this.counts = [0]);
    const elements: number[] = (this.elements = []);
    for (let size = 1; size <= order; size++) {
      this.work = 0;
      this.size = size;
      this.counts.push(0);
      this.walk(0, 0);
    }
    // Minimal and free of duplicates by construction, shortest first: no `minimise` needed.
    this.inst = [];
    return { keys, counts, ids: idBuffer, at: this.idsAt, elements };
  }

  private setUp(unit: UnitSpec, run: CutSetRun): void {
    const inst = unit.instances;
    const n = inst.length;
    this.inst = inst;
    this.run = run;
    const req = unit.requirement;
    this.countKind = req.kind === 'count';
    this.T = req.kind === 'count' ? req.T : req.th.countT;
    this.slack = req.kind === 'count' ? 0 : req.th.capSlack + 1e-9 * Math.max(1, Math.abs(req.th.capSlack));
    if (this.capacity.length < n) {
      const size = grown(this.capacity.length, n);
      this.capacity = new Float64Array(size);
      this.zoneOf = new Int32Array(size);
      this.regionOf = new Int32Array(size);
      this.foundMask = new Int32Array(2 * size);
    }
    const { foundDomains, foundMask } = this;
    const masks = n <= SMALL_LAYER_MAX;
    // One pass over the instances (`scanInstance`, a method of its own so that it is compiled
    // early: it runs once per instance, this once per layer).
    this.nDomains = 0;
    this.maxCap = 0;
    this.sameCap = true;
    this.wholeCaps = true;
    this.totalCap = 0;
    for (let idx = 0; idx < n; idx++) this.scanInstance(inst[idx]!, idx, masks);
    const nd = this.nDomains;
    for (let d = 0; d < nd; d++) run.localDomain[foundDomains[d]!] = -1;
    this.sameEffect = this.countKind || this.sameCap;
    this.nCandidates = nd + n;
    const order = this.orderDomains(nd);
    // Capacity sums are exact in any order for whole numbers (a down count ignores them).
    const exactSums = this.countKind || (this.wholeCaps && this.totalCap <= Number.MAX_SAFE_INTEGER);
    this.small = exactSums && masks;
    this.downMask = 0;
    if (this.small) {
      if (this.candidateMask.length < this.nCandidates) this.candidateMask = new Int32Array(grown(this.candidateMask.length, this.nCandidates));
      for (let p = 0; p < nd; p++) this.candidateMask[p] = foundMask[order[p]!]!;
    } else {
      this.renumberDomains(n, nd, order);
      this.setUpCells(n, exactSums);
    }
    if (this.candidateIds.length < this.nCandidates) this.candidateIds = new Int32Array(grown(this.candidateIds.length, this.nCandidates));
    this.candidateIds.fill(-1, 0, this.nCandidates);
    this.ordered = false;
    this.downCount = 0;
    this.downCap = 0;
  }

  /**
   * Instance `i` (at `idx`): its capacity (and what the capacities have in common so far), its
   * zone's and region's numbers by first use (`run.localDomain` maps a domain to it; `nDomains`
   * counts them), and with `masks`, its bit in their masks.
   */
  private scanInstance(i: InstanceSpec, idx: number, masks: boolean): void {
    const cap = i.capacity;
    this.capacity[idx] = cap;
    if (cap > this.maxCap) this.maxCap = cap;
    if (cap !== this.capacity[0]) this.sameCap = false;
    if (!Number.isInteger(cap)) this.wholeCaps = false;
    this.totalCap += Math.abs(cap);
    const { run, foundKeys, foundDomains, foundMask } = this;
    let z = -1;
    const zone = i.zoneIndex >= 0 ? i.zoneIndex : i.zone !== undefined ? run.extraDomain(i.zone) : -1;
    if (zone >= 0) {
      z = run.localDomain[zone]!;
      if (z < 0) {
        run.localDomain[zone] = z = this.nDomains++;
        foundKeys[z] = i.zone ?? run.domainKey(zone);
        foundDomains[z] = zone;
        foundMask[z] = 0;
      }
      if (masks) foundMask[z]! |= 1 << idx;
    }
    let r = -1;
    const region = i.regionIndex >= 0 ? i.regionIndex : i.region !== undefined ? run.extraDomain(i.region) : -1;
    if (region >= 0) {
      r = run.localDomain[region]!;
      if (r < 0) {
        run.localDomain[region] = r = this.nDomains++;
        foundKeys[r] = i.region ?? run.domainKey(region);
        foundDomains[r] = region;
        foundMask[r] = 0;
      }
      if (masks) foundMask[r]! |= 1 << idx;
    }
    this.zoneOf[idx] = z;
    this.regionOf[idx] = r;
  }

  /**
   * Puts the `nd` domains found in key order (their candidate order): `domainKeys` and
   * `domains`; returns the scratch whose first `nd` entries are the found numbers in that order.
   */
  private orderDomains(nd: number): Int32Array {
    const { foundKeys, foundDomains } = this;
    const order = rankScratch(2 * nd);
    for (let d = 0; d < nd; d++) order[d] = d;
    if (nd > INSERTION_SORT_MAX) order.subarray(0, nd).sort((a, b) => (foundKeys[a]! < foundKeys[b]! ? -1 : 1));
    else {
      for (let a = 1; a < nd; a++) {
        const x = order[a]!;
        let b = a;
        for (; b > 0 && foundKeys[x]! < foundKeys[order[b - 1]!]!; b--) order[b] = order[b - 1]!;
        order[b] = x;
      }
    }
    for (let p = 0; p < nd; p++) {
      this.domainKeys[p] = foundKeys[order[p]!]!;
      this.domains[p] = foundDomains[order[p]!]!;
    }
    return order;
  }

  /** Each instance's zone and region as candidates (they were numbered by first use). */
  private renumberDomains(n: number, nd: number, order: Int32Array): void {
    const { zoneOf, regionOf } = this;
    let moved = false;
    for (let p = 0; p < nd; p++) {
      order[nd + order[p]!] = p;
      if (order[p] !== p) moved = true;
    }
    if (!moved) return;
    for (let idx = 0; idx < n; idx++) {
      if (zoneOf[idx]! >= 0) zoneOf[idx] = order[nd + zoneOf[idx]!]!;
      if (regionOf[idx]! >= 0) regionOf[idx] = order[nd + regionOf[idx]!]!;
    }
  }

  /** Groups the instances into cells (one per instance unless `aggregate`), and lists each domain's cells. */
  private setUpCells(n: number, aggregate: boolean): void {
    if (this.cellOf.length < n) this.cellOf = new Int32Array(grown(this.cellOf.length, n));
    if (this.cellSize.length < n) {
      const size = grown(this.cellSize.length, n);
      this.cellZone = new Int32Array(size);
      this.cellRegion = new Int32Array(size);
      this.cellSize = new Int32Array(size);
      this.cellCap = new Float64Array(size);
      this.cellDown = new Int32Array(size);
      this.cellChosen = new Int32Array(size);
      this.cellChosenCap = new Float64Array(size);
    }
    const { zoneOf, regionOf, cellOf, cellZone, cellRegion, cellSize, cellCap, capacity } = this;
    const nd = this.nDomains;
    let nCells = 0;
    if (!aggregate) {
      for (let idx = 0; idx < n; idx++) {
        cellOf[idx] = idx;
        cellZone[idx] = zoneOf[idx]!;
        cellRegion[idx] = regionOf[idx]!;
        cellSize[idx] = 1;
        cellCap[idx] = capacity[idx]!;
      }
      nCells = n;
    } else {
      // The last cell seen per zone (slot 0: no zone) usually fits; else a search among the
      // cells (a map by pair when there are many).
      const lastCell = rankScratch(nd + 1).fill(-1, 0, nd + 1);
      let byPair: Map<number, number> | undefined;
      for (let idx = 0; idx < n; idx++) {
        const z = zoneOf[idx]!;
        const r = regionOf[idx]!;
        let c = lastCell[z + 1]!;
        if (c < 0 || cellRegion[c] !== r) {
          c = -1;
          if (byPair) c = byPair.get((z + 1) * (nd + 1) + r + 1) ?? -1;
          else for (let other = 0; other < nCells; other++) if (cellZone[other] === z && cellRegion[other] === r) c = other;
          if (c < 0) {
            c = nCells++;
            cellZone[c] = z;
            cellRegion[c] = r;
            cellSize[c] = 0;
            cellCap[c] = 0;
            if (!byPair && nCells > CELL_SCAN_MAX) {
              byPair = new Map();
              for (let other = 0; other < nCells; other++) byPair.set((cellZone[other]! + 1) * (nd + 1) + cellRegion[other]! + 1, other);
            } else byPair?.set((z + 1) * (nd + 1) + r + 1, c);
          }
          lastCell[z + 1] = c;
        }
        cellOf[idx] = c;
        cellSize[c]!++;
        cellCap[c]! += capacity[idx]!;
      }
    }
    this.nCells = nCells;
    this.cellDown.fill(0, 0, nCells);
    this.cellChosen.fill(0, 0, nCells);
    this.cellChosenCap.fill(0, 0, nCells);
    // Each domain's cells, in cell order: counts, starts, then the cells.
    if (this.cellStart.length < nd + 1) this.cellStart = new Int32Array(grown(this.cellStart.length, nd + 1));
    if (this.cells.length < 2 * nCells) this.cells = new Int32Array(grown(this.cells.length, 2 * nCells));
    const start = this.cellStart;
    start.fill(0, 0, nd + 1);
    for (let c = 0; c < nCells; c++) {
      if (cellZone[c]! >= 0) start[cellZone[c]! + 1]!++;
      if (cellRegion[c]! >= 0) start[cellRegion[c]! + 1]!++;
    }
    for (let d = 0; d < nd; d++) start[d + 1]! += start[d]!;
    const next = rankScratch(nd);
    for (let d = 0; d < nd; d++) next[d] = start[d]!;
    const cells = this.cells;
    for (let c = 0; c < nCells; c++) {
      if (cellZone[c]! >= 0) cells[next[cellZone[c]!]!++] = c;
      if (cellRegion[c]! >= 0) cells[next[cellRegion[c]!]!++] = c;
    }
  }

  /** Sorts the instance candidates, the first time the walk needs them. */
  private orderInstances(): void {
    if (this.ordered) return;
    this.ordered = true;
    const n = this.inst.length;
    if (this.byU.length < n) this.byU = new Int32Array(grown(this.byU.length, n));
    orderByUnavailability(this.inst, this.byU);
    if (this.small) {
      for (let j = 0; j < n; j++) this.candidateMask[this.nDomains + j] = 1 << this.byU[j]!;
      return;
    }
    if (this.candidateCell.length < n) this.candidateCell = new Int32Array(grown(this.candidateCell.length, n));
    for (let j = 0; j < n; j++) this.candidateCell[j] = this.cellOf[this.byU[j]!]!;
  }

  private downAt(count: number, cap: number): boolean {
    return this.countKind ? count >= this.T : count >= this.T || cap > this.slack;
  }

  /** Could `slots` more instances bring the layer down? */
  private reachable(slots: number): boolean {
    if (this.countKind) return this.T - this.downCount <= slots;
    return this.T - this.downCount <= slots || this.downCap + slots * this.maxCap > this.slack;
  }

  /** Takes candidate `c`, chosen at `depth`, down; how many instances were up. */
  private apply(c: number, depth: number): number {
    return this.small ? this.applyMask(c, depth) : this.applyCells(c);
  }

  private applyMask(c: number, depth: number): number {
    const before = this.downMask;
    this.savedMask[depth] = before;
    this.savedCount[depth] = this.downCount;
    this.savedCap[depth] = this.downCap;
    const added = this.candidateMask[c]! & ~before;
    if (added === 0) return 0;
    this.downMask = before | added;
    const changed = bitCount(added);
    this.downCount += changed;
    if (!this.countKind) this.downCap += this.capacityOf(added);
    return changed;
  }

  private applyCells(c: number): number {
    if (c >= this.nDomains) return this.applyInstance(this.byU[c - this.nDomains]!);
    const { cells, cellDown, cellSize, cellChosen } = this;
    let changed = 0;
    for (let k = this.cellStart[c]!, end = this.cellStart[c + 1]!; k < end; k++) {
      const cell = cells[k]!;
      if (cellDown[cell]!++ !== 0) continue;
      const up = cellSize[cell]! - cellChosen[cell]!;
      if (up === 0) continue;
      changed += up;
      this.downCount += up;
      this.downCap += this.cellCap[cell]! - this.cellChosenCap[cell]!;
    }
    return changed;
  }

  private applyInstance(m: number): number {
    const cell = this.cellOf[m]!;
    this.cellChosen[cell]!++;
    this.cellChosenCap[cell]! += this.capacity[m]!;
    if (this.cellDown[cell] !== 0) return 0;
    this.downCount++;
    this.downCap += this.capacity[m]!;
    return 1;
  }

  /** Undoes `apply(c, depth)`. */
  private restore(c: number, depth: number): void {
    if (this.small) {
      // Back to the state before (exact: the sums are of whole numbers).
      this.downMask = this.savedMask[depth]!;
      this.downCount = this.savedCount[depth]!;
      this.downCap = this.savedCap[depth]!;
    } else this.restoreCells(c);
  }

  private restoreCells(c: number): void {
    if (c >= this.nDomains) {
      this.restoreInstance(this.byU[c - this.nDomains]!);
      return;
    }
    const { cells, cellDown, cellSize, cellChosen } = this;
    for (let k = this.cellStart[c]!, end = this.cellStart[c + 1]!; k < end; k++) {
      const cell = cells[k]!;
      if (--cellDown[cell]! !== 0) continue;
      const up = cellSize[cell]! - cellChosen[cell]!;
      if (up === 0) continue;
      this.downCount -= up;
      this.downCap -= this.cellCap[cell]! - this.cellChosenCap[cell]!;
    }
  }

  private restoreInstance(m: number): void {
    const cell = this.cellOf[m]!;
    this.cellChosen[cell]!--;
    this.cellChosenCap[cell]! -= this.capacity[m]!;
    if (this.cellDown[cell] !== 0) return;
    this.downCount--;
    this.downCap -= this.capacity[m]!;
  }

  /** Whether the first `length` chosen candidates, down, are minimal: without any but the last it is up. */
  private minimal(length: number): boolean {
    return this.small ? this.minimalByMask(length) : this.minimalByCells(length);
  }

  private minimalByCells(length: number): boolean {
    // Without its last member the set is up: the walk only extends sets that are up.
    for (let skip = 0; skip < length - 1; skip++) {
      // What is down without this member: the instances only it takes down come back.
      const c = this.chosen[skip]!;
      let count = this.downCount;
      let cap = this.downCap;
      if (c < this.nDomains) {
        for (let k = this.cellStart[c]!, end = this.cellStart[c + 1]!; k < end; k++) {
          const cell = this.cells[k]!;
          if (this.cellDown[cell] !== 1) continue;
          const up = this.cellSize[cell]! - this.cellChosen[cell]!;
          if (up === 0) continue;
          count -= up;
          cap -= this.cellCap[cell]! - this.cellChosenCap[cell]!;
        }
      } else {
        const m = this.byU[c - this.nDomains]!;
        if (this.cellDown[this.cellOf[m]!] === 0) {
          count--;
          cap -= this.capacity[m]!;
        }
      }
      if (this.downAt(count, cap)) return false;
    }
    return true;
  }

  private minimalByMask(length: number): boolean {
    const { chosen, candidateMask } = this;
    for (let skip = 0; skip < length - 1; skip++) {
      let others = 0;
      for (let k = 0; k < length; k++) if (k !== skip) others |= candidateMask[chosen[k]!]!;
      // What only the skipped member takes down comes back.
      const back = this.downMask & ~others;
      if (this.downAt(this.downCount - bitCount(back), this.countKind ? 0 : this.downCap - this.capacityOf(back))) return false;
    }
    return true;
  }

  /** The capacity of the instances in `mask`. */
  private capacityOf(mask: number): number {
    let sum = 0;
    for (let m = mask; m !== 0; m &= m - 1) sum += this.capacity[31 - Math.clz32(m & -m)]!;
    return sum;
  }

  /** Fills slots `depth…` of the current size with candidates `from…`. */
  private walk(from: number, depth: number): void {
    const size = this.size;
    const last = depth + 1 === size;
    for (let c = from; c < this.nCandidates; c++) {
      if (c >= this.nDomains) {
        if (last && this.sameEffect) {
          this.lastInstances(c, depth);
          return;
        }
        if (!this.reachable(size - depth)) return;
        this.orderInstances();
      }
      if (size > 1 && ++this.work > CUT_SET_WORK_LIMIT) {
        this.complete = false;
        return;
      }
      // A candidate that takes nothing new down cannot be in a minimal cut set; a set that
      // is already down before it is full would not be minimal either.
      if (this.apply(c, depth) > 0) {
        this.chosen[depth] = c;
        if (last) {
          if (this.downAt(this.downCount, this.downCap) && this.minimal(size)) this.emit(size);
        } else if (!this.downAt(this.downCount, this.downCap)) {
          this.walk(c + 1, depth + 1);
        }
      }
      this.restore(c, depth);
      if (!this.complete) return;
    }
  }

  /**
   * The walk's last slot over instances `from…`, when every instance not yet down has the same
   * effect (`sameEffect`), without applying each: either all of them complete the set or none
   * does, and whether the set is minimal does not depend on which (no earlier member takes it
   * down). Same sets, same order, same work count as the walk.
   */
  private lastInstances(from: number, depth: number): void {
    if (!this.reachable(1)) return;
    this.orderInstances();
    const size = this.size;
    const nd = this.nDomains;
    const n = this.nCandidates;
    // Not chosen before (candidates only grow), so down only through a chosen domain.
    let c = from;
    for (; c < n; c++) {
      if (size > 1 && ++this.work > CUT_SET_WORK_LIMIT) {
        this.complete = false;
        return;
      }
      if (!this.instanceDown(c - nd)) break;
    }
    if (c === n) return;
    this.chosen[depth] = c;
    this.apply(c, depth);
    const isMinimal = this.downAt(this.downCount, this.downCap) && this.minimal(depth + 1);
    this.restore(c, depth);
    if (!isMinimal) {
      // The rest would only count work.
      if (size > 1 && (this.work += n - 1 - c) > CUT_SET_WORK_LIMIT) this.complete = false;
      return;
    }
    this.sortPrefix(depth);
    const prefix = this.prefix;
    const names = this.run.keys;
    let emitted = 0;
    for (; c < n; c++) {
      if (emitted > 0) {
        if (size > 1 && ++this.work > CUT_SET_WORK_LIMIT) {
          this.complete = false;
          break;
        }
        if (this.instanceDown(c - nd)) continue;
      }
      const id = this.idOf(c);
      if (depth === 2) {
        // Sets of three, the most common, written here: this loop is compiled early, and a
        // separate small function would run unoptimised for many calls first.
        const a = prefix[0]!;
        const b = prefix[1]!;
        const x = id < a ? id : a;
        const y = id < a ? a : id < b ? id : b;
        const z = id < b ? b : id;
        const ids = idRoom(3);
        const top = idTop;
        ids[top] = x;
        ids[top + 1] = y;
        ids[top + 2] = z;
        idTop = top + 3;
        this.keys.push([names[x]!, names[y]!, names[z]!]);
      } else this.emitWith(prefix, depth, id);
      emitted++;
    }
    this.counts[depth + 1]! += emitted;
  }

  /** Whether instance candidate `j` (counted after the domains) is down through a chosen domain. */
  private instanceDown(j: number): boolean {
    return this.small ? (this.candidateMask[this.nDomains + j]! & this.downMask) !== 0 : this.cellDown[this.candidateCell[j]!] !== 0;
  }

  /** The ids of the first `depth` chosen candidates (given in that order), sorted, in `prefix`. */
  private sortPrefix(depth: number): void {
    const prefix = this.prefix;
    for (let k = 0; k < depth; k++) prefix[k] = this.idOf(this.chosen[k]!);
    sortIds(prefix, depth);
  }

  /** Records the set of the sorted `prefix` (`depth` ids, not 2: see `lastInstances`) and `id`: its ids, sorted, and keys. */
  private emitWith(prefix: number[], depth: number, id: number): void {
    // (`prefix` holds `depth` ids.)
    const ids = idRoom(depth + 1);
    const names = this.run.keys;
    if (depth === 0) {
      ids[idTop++] = id;
      this.keys.push([names[id]!]);
      return;
    }
    if (depth === 1) {
      const lo = id < prefix[0]! ? id : prefix[0]!;
      const hi = id < prefix[0]! ? prefix[0]! : id;
      ids[idTop++] = lo;
      ids[idTop++] = hi;
      this.keys.push([names[lo]!, names[hi]!]);
      return;
    }
    const keys: ElementKey[] = [];
    let placed = false;
    for (let k = 0; k < depth; k++) {
      const p = prefix[k]!;
      if (!placed && id < p) {
        ids[idTop++] = id;
        keys.push(names[id]!);
        placed = true;
      }
      ids[idTop++] = p;
      keys.push(names[p]!);
    }
    if (!placed) {
      ids[idTop++] = id;
      keys.push(names[id]!);
    }
    this.keys.push(keys);
  }

  /** Records the first `length` chosen candidates as a cut set: their element ids, sorted, and keys. */
  private emit(length: number): void {
    const { chosen } = this;
    const ids = idRoom(length);
    const names = this.run.keys;
    this.counts[length]!++;
    // Ids are given in the order of the chosen candidates.
    const a = this.idOf(chosen[0]!);
    if (length === 1) {
      ids[idTop++] = a;
      this.keys.push([names[a]!]);
      return;
    }
    const b = this.idOf(chosen[1]!);
    const lo = a < b ? a : b;
    const hi = a < b ? b : a;
    if (length === 2) {
      ids[idTop++] = lo;
      ids[idTop++] = hi;
      this.keys.push([names[lo]!, names[hi]!]);
      return;
    }
    const d = this.idOf(chosen[2]!);
    if (length > 3) {
      this.emitLong(length, [a, b, d]);
      return;
    }
    const x = d < lo ? d : lo;
    const y = d < lo ? lo : d < hi ? d : hi;
    const z = d < hi ? hi : d;
    ids[idTop++] = x;
    ids[idTop++] = y;
    ids[idTop++] = z;
    this.keys.push([names[x]!, names[y]!, names[z]!]);
  }

  /** `emit` of a set of more than 3, whose first 3 ids are `cut` (kept apart: the short ones are the hot path). */
  private emitLong(length: number, cut: Cut): void {
    const names = this.run.keys;
    for (let k = 3; k < length; k++) cut.push(this.idOf(this.chosen[k]!));
    sortIds(cut, cut.length);
    const ids = idRoom(length);
    const keys: ElementKey[] = [];
    for (const id of cut) {
      ids[idTop++] = id;
      keys.push(names[id]!);
    }
    this.keys.push(keys);
  }

  private idOf(c: number): number {
    let id = this.candidateIds[c]!;
    if (id < 0) {
      id = c < this.nDomains ? this.run.domainId(this.domains[c]!, this.domainKeys[c]!) : this.run.idOf(this.inst[this.byU[c - this.nDomains]!]!.key);
      this.candidateIds[c] = id;
      this.elements.push(id);
    }
    return id;
  }
}

/**
 * Instance indices, most unavailable first, then by id (as `<` compares strings). Ids are compared
 * as numbers built from a few characters after the prefix they all share (enough to tell most
 * apart), and as strings only where those agree.
 */
function orderByUnavailability(inst: InstanceSpec[], byU: Int32Array): void {
  const n = inst.length;
  for (let idx = 0; idx < n; idx++) byU[idx] = idx;
  if (n < 2) return;
  if (n > INSERTION_SORT_MAX) {
    byU.subarray(0, n).sort((x, y) => (instanceBefore(inst, x, y) ? -1 : 1));
    return;
  }
  const u = unavailabilityScratch(n);
  const idKey = idKeyScratch(n);
  const first = inst[0]!.id;
  let prefix = first.length;
  for (let idx = 0; idx < n; idx++) {
    const id = inst[idx]!.id;
    u[idx] = inst[idx]!.unavailability;
    let p = 0;
    const end = Math.min(prefix, id.length);
    while (p < end && id.charCodeAt(p) === first.charCodeAt(p)) p++;
    prefix = p;
  }
  for (let idx = 0; idx < n; idx++) idKey[idx] = idOrderKey(inst[idx]!.id, prefix);
  // Binary insertion: few comparisons, cheap moves.
  for (let a = 1; a < n; a++) {
    const x = byU[a]!;
    let lo = 0;
    let hi = a;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const y = byU[mid]!;
      const du = u[y]! - u[x]!;
      const kx = idKey[x]!;
      const ky = idKey[y]!;
      // (NaN, like equal keys, falls through to the strings.)
      const before = du > 0 || du < 0 ? du < 0 : kx < ky ? true : kx > ky ? false : inst[x]!.id < inst[y]!.id;
      if (before) hi = mid;
      else lo = mid + 1;
    }
    for (let b = a; b > lo; b--) byU[b] = byU[b - 1]!;
    byU[lo] = x;
  }
}

/**
 * A number that orders ids as their characters `from…from + 5` do (a character below 255 counts
 * one more than its code, the end of the id 0), so that a smaller number means an earlier id; NaN
 * when a character does not fit, which sends every comparison to the strings.
 */
function idOrderKey(id: string, from: number): number {
  let key = 0;
  for (let p = from; p < from + ID_KEY_CHARS; p++) {
    const code = p < id.length ? id.charCodeAt(p) + 1 : 0;
    if (code > 255) return NaN;
    key = key * 256 + code;
  }
  return key;
}

const ID_KEY_CHARS = 6;

/** Instance `a` comes before `b`: more unavailable first, then by id. */
function instanceBefore(inst: InstanceSpec[], a: number, b: number): boolean {
  const x = inst[a]!;
  const y = inst[b]!;
  return (y.unavailability - x.unavailability || (x.id < y.id ? -1 : 1)) < 0;
}

/** Sorts the first `n` of a few ids in place (insertion: `Array.prototype.sort` costs more to start than this takes). */
function sortIds(ids: number[], n: number): void {
  for (let a = 1; a < n; a++) {
    const x = ids[a]!;
    let b = a;
    for (; b > 0 && ids[b - 1]! > x; b--) ids[b] = ids[b - 1]!;
    ids[b] = x;
  }
}

/** Set bits of a 32-bit integer. */
function bitCount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** Layers of up to this many instances track what is down as a bit mask. */
const SMALL_LAYER_MAX = 31;

/** Up to this many cells are found by a scan. */
const CELL_SCAN_MAX = 32;

/** Up to this many instances are sorted by binary insertion. */
const INSERTION_SORT_MAX = 256;

const unitWalk = new UnitWalk();

// Scratch arrays reused across calls (all this is synchronous, and each is used by one step at a
// time): typed arrays cost more to allocate than a small layer takes to walk.
let flagArray = new Uint8Array(256);
let layerIndexArray = new Int32Array(256);
let rankArray = new Int32Array(64);

/** A copy of `a`, with room for `n`, the rest −1. */
function grownFilled(a: Int32Array, n: number): Int32Array {
  const out = new Int32Array(grown(a.length, n)).fill(-1);
  out.set(a);
  return out;
}

/** A new length of at least `n` for an array of `length`. */
function grown(length: number, n: number): number {
  return Math.max(n, 2 * length);
}

/** `n` zeroed element flags. */
function elementFlags(n: number): Uint8Array {
  if (flagArray.length < n) flagArray = new Uint8Array(grown(flagArray.length, n));
  else flagArray.fill(0, 0, n);
  return flagArray;
}

/** `n` layer indices, all −1. */
function layerScratch(n: number): Int32Array {
  if (layerIndexArray.length < n) layerIndexArray = new Int32Array(grown(layerIndexArray.length, n));
  layerIndexArray.fill(-1, 0, n);
  return layerIndexArray;
}

let unavailabilityArray = new Float64Array(64);
let idKeyArray = new Float64Array(64);

function unavailabilityScratch(n: number): Float64Array {
  if (unavailabilityArray.length < n) unavailabilityArray = new Float64Array(grown(unavailabilityArray.length, n));
  return unavailabilityArray;
}

function idKeyScratch(n: number): Float64Array {
  if (idKeyArray.length < n) idKeyArray = new Float64Array(grown(idKeyArray.length, n));
  return idKeyArray;
}

/** At least `n` integers, contents undefined (for a domain renumbering or fill positions). */
function rankScratch(n: number): Int32Array {
  if (rankArray.length < n) rankArray = new Int32Array(grown(rankArray.length, n));
  return rankArray;
}
