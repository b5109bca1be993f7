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

const cutKey = (c: Cut): string => c.join(',');

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

/** The keys of the proper, non-empty subsets of a small sorted set (hot: no arrays for ≤ 3). */
function subsetKeys(c: Cut): string[] {
  const [a, b, d] = c;
  if (c.length === 1) return [];
  if (c.length === 2) return [`${a}`, `${b}`];
  if (c.length === 3) return [`${a}`, `${b}`, `${d}`, `${a},${b}`, `${a},${d}`, `${b},${d}`];
  const out: string[] = [];
  for (let mask = 1; mask < (1 << c.length) - 1; mask++) out.push(cutKey(c.filter((_, i) => (mask >> i) & 1)));
  return out;
}

/** Keeps the cut sets that contain no other one (sets of at most a few elements). */
export function minimise(cuts: Cut[]): Cut[] {
  const sorted = [...cuts].sort((a, b) => a.length - b.length);
  const kept = new Set<string>();
  const out: Cut[] = [];
  for (const c of sorted) {
    const k = cutKey(c);
    if (kept.has(k)) continue;
    if (subsetKeys(c).some((sub) => kept.has(sub))) continue;
    kept.add(k);
    out.push(c);
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
      const perSite = l.sites.map((s) => minimise(s.layers.flatMap(layerCuts)));
      const r = combine(perSite, l.T, order);
      complete &&= r.complete;
      result = r.cuts;
    }
    memo.set(l.layerId, result);
    return result;
  };
  const system = minimise(spec.path.flatMap(layerCuts));
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
  const isDown = (): boolean => {
    if (req.kind === 'count') return downCount >= req.T;
    const slack = req.th.capSlack + 1e-9 * Math.max(1, Math.abs(req.th.capSlack));
    return downCount >= req.th.countT || downCap > slack;
  };
  /** Could `slots` more instances bring the layer down? */
  const reachable = (slots: number): boolean => {
    if (req.kind === 'count') return req.T - downCount <= slots;
    const slack = req.th.capSlack + 1e-9 * Math.max(1, Math.abs(req.th.capSlack));
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
    for (let skip = 0; skip < chosen.length; skip++) {
      apply(candidates[chosen[skip]!]!.members, -1);
      const stillDown = isDown();
      apply(candidates[chosen[skip]!]!.members, 1);
      if (stillDown) return false;
    }
    return true;
  };
  for (let size = 1; size <= order; size++) {
    let work = 0;
    const walk = (from: number): void => {
      if (chosen.length === size) {
        if (isDown() && minimal()) out.push(chosen.map((c) => idOf(candidates[c]!.key)).sort((a, b) => a - b));
        return;
      }
      for (let c = from; c < candidates.length; c++) {
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
  return { cuts: minimise(out), complete };
}
