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
 */
import type { ElementKey, LayerNode, SystemSpec, UnitSpec } from './compile';

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
  const order = Math.max(1, Math.floor(maxOrder));
  const ids = new Map<ElementKey, number>();
  const keys: ElementKey[] = [];
  const idOf = (k: ElementKey): number => {
    let id = ids.get(k);
    if (id === undefined) {
      ids.set(k, (id = keys.length));
      keys.push(k);
    }
    return id;
  };
  let complete = true;
  const memo = new Map<string, Cut[]>();
  const layerCuts = (l: LayerNode): Cut[] => {
    const cached = memo.get(l.layerId);
    if (cached) return cached;
    let result: Cut[];
    if (l.kind === 'nodes') {
      const r = unitCuts(spec.units[l.unit]!, order, idOf);
      complete &&= r.complete;
      result = r.cuts;
    } else {
      const perSite = l.sites.map((s) => minimise(cutsOfAll(s.layers)));
      const r = combine(perSite, l.T, order);
      complete &&= r.complete;
      result = r.cuts;
    }
    memo.set(l.layerId, result);
    return result;
  };
  // A plain loop: Array.prototype.flatMap is many times slower on hundreds of small arrays.
  const cutsOfAll = (layers: LayerNode[]): Cut[] => {
    const all: Cut[] = [];
    for (const l of layers) for (const c of layerCuts(l)) all.push(c);
    return all;
  };
  const system = minimise(cutsOfAll(spec.path));
  const singlesByLayer = new Map(spec.path.map((l) => [l.layerId, layerCuts(l).filter((c) => c.length === 1).map((c) => keys[c[0]!]!)]));
  return { cuts: system.map((c) => c.map((id) => keys[id]!)), complete, singlesByLayer };
}

/** Unions of cut sets of `T` different members, of at most `order` elements, minimised. */
function combine(perMember: Cut[][], T: number, order: number): { cuts: Cut[]; complete: boolean } {
  if (T <= 0) return { cuts: [[]], complete: true };
  if (T > perMember.length) return { cuts: [], complete: true };
  const out: Cut[] = [];
  let work = 0;
  let complete = true;
  const walk = (member: number, chosen: number, acc: Cut): void => {
    if (!complete) return;
    if (chosen === T) {
      out.push(acc);
      return;
    }
    if (perMember.length - member < T - chosen) return;
    walk(member + 1, chosen, acc);
    for (const c of perMember[member]!) {
      if (++work > CUT_SET_WORK_LIMIT) {
        complete = false;
        return;
      }
      const u = union(acc, c);
      if (u.length <= order) walk(member + 1, chosen + 1, u);
    }
  };
  walk(0, 0, []);
  if (!complete) {
    // Order 1 stays complete: an element that alone takes down T members.
    const singles = new Map<number, number>();
    for (const list of perMember) for (const c of list) if (c.length === 1) singles.set(c[0]!, (singles.get(c[0]!) ?? 0) + 1);
    for (const [id, n] of singles) if (n >= T) out.push([id]);
  }
  return { cuts: minimise(out), complete };
}

/** Minimal cut sets of one node layer, searched order by order. */
function unitCuts(unit: UnitSpec, order: number, idOf: (k: ElementKey) => number): { cuts: Cut[]; complete: boolean } {
  const inst = unit.instances;
  const n = inst.length;
  const domainMembers = new Map<ElementKey, number[]>();
  inst.forEach((i, idx) => {
    for (const d of [i.zone, i.region]) {
      if (d === undefined) continue;
      let list = domainMembers.get(d);
      if (!list) domainMembers.set(d, (list = []));
      list.push(idx);
    }
  });
  const byU = inst.map((_, idx) => idx).sort((a, b) => inst[b]!.unavailability - inst[a]!.unavailability || (inst[a]!.id < inst[b]!.id ? -1 : 1));
  const candidates: { key: ElementKey; members: number[] }[] = [
    ...[...domainMembers].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, members]) => ({ key, members })),
    ...byU.map((idx) => ({ key: inst[idx]!.key, members: [idx] })),
  ];
  const firstInstance = domainMembers.size;
  const req = unit.requirement;
  const maxCap = inst.reduce((m, i) => Math.max(m, i.capacity), 0);
  const killed = new Int32Array(n);
  let downCount = 0;
  let downCap = 0;
  const slack = req.kind === 'count' ? 0 : req.th.capSlack + 1e-9 * Math.max(1, Math.abs(req.th.capSlack));
  const downAt = (count: number, cap: number): boolean =>
    req.kind === 'count' ? count >= req.T : count >= req.th.countT || cap > slack;
  const isDown = (): boolean => downAt(downCount, downCap);
  /** Could `slots` more instances bring the layer down? */
  const reachable = (slots: number): boolean => {
    if (req.kind === 'count') return req.T - downCount <= slots;
    return req.th.countT - downCount <= slots || downCap + slots * maxCap > slack;
  };
  const apply = (members: number[], sign: 1 | -1): number => {
    let changed = 0;
    for (const m of members) {
      if (sign === 1) {
        if (killed[m]!++ === 0) {
          downCount++;
          downCap += inst[m]!.capacity;
          changed++;
        }
      } else if (--killed[m]! === 0) {
        downCount--;
        downCap -= inst[m]!.capacity;
      }
    }
    return changed;
  };
  const out: Cut[] = [];
  let complete = true;
  const chosen: number[] = [];
  const minimal = (): boolean => {
    // Without its last member the set is up: the walk only extends sets that are up.
    for (let skip = 0; skip < chosen.length - 1; skip++) {
      // What is down without this member: the instances only it takes down come back.
      let count = downCount;
      let cap = downCap;
      for (const m of candidates[chosen[skip]!]!.members) {
        if (killed[m] === 1) {
          count--;
          cap -= inst[m]!.capacity;
        }
      }
      if (downAt(count, cap)) return false;
    }
    return true;
  };
  // Element ids are given on first use, in the order the cut sets are found (they order the
  // elements inside each set), and remembered per candidate.
  const candidateIds = new Int32Array(candidates.length).fill(-1);
  const idsOf = (set: number[]): Cut => {
    const cut: Cut = [];
    for (const c of set) {
      let id = candidateIds[c]!;
      if (id < 0) candidateIds[c] = id = idOf(candidates[c]!.key);
      let at = cut.length;
      cut.push(id);
      while (at > 0 && cut[at - 1]! > id) {
        cut[at] = cut[at - 1]!;
        at--;
      }
      cut[at] = id;
    }
    return cut;
  };
  let work = 0;
  /**
   * The walk's last slot over instances `from…`, for a down-count requirement, without applying
   * each: every instance not yet down adds exactly one, so either all of them complete the set or
   * none does, and whether the set is minimal does not depend on which (no earlier member takes
   * it down). Same sets, same order, same work count as the walk.
   */
  const lastInstances = (from: number, size: number, T: number): void => {
    if (T - downCount > 1) return;
    let isMinimal: boolean | undefined;
    for (let c = from; c < candidates.length; c++) {
      if (size > 1 && ++work > CUT_SET_WORK_LIMIT) {
        complete = false;
        return;
      }
      const members = candidates[c]!.members;
      if (killed[members[0]!] !== 0) continue;
      chosen.push(c);
      if (isMinimal === undefined) {
        apply(members, 1);
        isMinimal = minimal();
        apply(members, -1);
      }
      if (isMinimal) out.push(idsOf(chosen));
      chosen.pop();
    }
  };
  for (let size = 1; size <= order; size++) {
    work = 0;
    const walk = (from: number): void => {
      if (chosen.length === size) {
        if (isDown() && minimal()) out.push(idsOf(chosen));
        return;
      }
      for (let c = from; c < candidates.length; c++) {
        if (c >= firstInstance && req.kind === 'count' && chosen.length === size - 1) {
          lastInstances(c, size, req.T);
          return;
        }
        if (c >= firstInstance && !reachable(size - chosen.length)) return;
        if (size > 1 && ++work > CUT_SET_WORK_LIMIT) {
          complete = false;
          return;
        }
        const changed = apply(candidates[c]!.members, 1);
        // A candidate that takes nothing new down cannot be in a minimal cut set; a set that
        // is already down before it is full would not be minimal either.
        if (changed > 0 && (chosen.length + 1 === size || !isDown())) {
          chosen.push(c);
          walk(c + 1);
          chosen.pop();
        }
        apply(candidates[c]!.members, -1);
        if (!complete) return;
      }
    };
    walk(0);
  }
  // Minimal and free of duplicates by construction, shortest first: no `minimise` needed.
  return { cuts: out, complete };
}
