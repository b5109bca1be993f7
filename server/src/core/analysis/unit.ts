/**
 * One node layer ("unit") prepared for fast evaluation under many states of the conditioned
 * domains.
 *
 * Why this shape: given the states of the domains shared between units, units are independent;
 * domains used by one unit only are folded into it as mixtures ("domain down → all its
 * instances down"), computed once. What remains per state is cheap: count the instances of each
 * type in the up conditioned zones, one binomial per type, a few convolutions, a shift for what
 * the down domains take with them.
 */
import type { DomainSpec, ElementKey, InstanceSpec, UnitSpec } from './compile';
import { spend } from './budget';
import { capacityOps, countOps, type DistOps } from './dist/ops';

/** The engine's view of the domains: which are conditioned on, and their variable index. */
export interface DomainContext {
  domains: Map<ElementKey, DomainSpec>;
  /** Effective unavailability of a domain or instance after overrides. */
  unavailability(key: ElementKey, base: number): number;
  /** Variable index of a conditioned (shared) domain, or −1 when it is folded into its one unit. */
  varIndex(key: ElementKey): number;
}

interface Type {
  u: number;
  cap: number;
  count: number;
}

interface CondZone {
  v: number;
  /** Variable index of the zone's region, −1 when the region never fails. */
  rv: number;
  count: number;
  cap: number;
  /** Instance count per unit-wide type index. */
  typeCounts: [number, number][];
}

interface CondRegion<D> {
  v: number;
  count: number;
  cap: number;
  dist: D;
}

export interface UnitResult {
  down: number;
  neglected: number;
}

/** A unit ready to be evaluated for a state of the conditioned variables. */
export interface PreparedUnit {
  spec: UnitSpec;
  /** Sorted variable indices this unit depends on. */
  vars: number[];
  /** P(unit down) and the truncation bound, for `down[v]` ∈ {0, 1} per variable. */
  evaluate(down: Uint8Array): UnitResult;
}

/** Budget charged per memo lookup, and per fresh evaluation beyond its convolutions (plus per variable). */
const LOOKUP_COST = 5;
const EVALUATION_COST = 100;
/** Most memoised states per unit. */
const MAX_MEMO = 100_000;

const typeKey = (u: number, cap: number): string => `${u}|${cap}`;

function addType(types: Map<string, Type>, u: number, cap: number): void {
  const k = typeKey(u, cap);
  const t = types.get(k);
  if (t) t.count++;
  else types.set(k, { u, cap, count: 1 });
}

/** A group of instances under one folded domain (or under nothing). */
interface Group {
  u: number;
  count: number;
  cap: number;
  types: Map<string, Type>;
  children: Map<ElementKey, Group>;
}

const newGroup = (u: number): Group => ({ u, count: 0, cap: 0, types: new Map(), children: new Map() });

function groupDist<D>(ops: DistOps<D>, g: Group): D {
  let d = ops.identity();
  for (const t of g.types.values()) d = ops.convolve(d, ops.binomial(t.count, t.u, t.cap));
  for (const c of g.children.values()) d = ops.convolve(d, groupDist(ops, c));
  return ops.mixture(g.u, g.count, g.cap, d);
}

/** Prepares a unit: folds its local domains, groups the rest by conditioned variable. */
export function prepareUnit(spec: UnitSpec, ctx: DomainContext, tau: number): PreparedUnit {
  if (spec.requirement.kind === 'count') return prepareWith(spec, ctx, countOps(spec.requirement.T, tau));
  return prepareWith(spec, ctx, capacityOps(spec.requirement.th, tau));
}

function prepareWith<D>(spec: UnitSpec, ctx: DomainContext, ops: DistOps<D>): PreparedUnit {
  const free = newGroup(0);
  const regionGroups = new Map<number, Group>();
  const zoneGroups = new Map<number, { rv: number; count: number; cap: number; types: Map<string, Type> }>();
  const domainU = (key: ElementKey | undefined): number => {
    if (key === undefined) return 0;
    return ctx.unavailability(key, ctx.domains.get(key)!.unavailability);
  };
  const child = (parent: Group, key: ElementKey): Group => {
    let g = parent.children.get(key);
    if (!g) parent.children.set(key, (g = newGroup(domainU(key))));
    return g;
  };
  const place = (g: Group, inst: InstanceSpec, u: number): void => {
    addType(g.types, u, inst.capacity);
  };
  const count = (gs: Group[], inst: InstanceSpec): void => {
    for (const g of gs) {
      g.count++;
      g.cap += inst.capacity;
    }
  };

  for (const inst of spec.instances) {
    const u = ctx.unavailability(inst.key, inst.unavailability);
    const zu = domainU(inst.zone);
    const ru = domainU(inst.region);
    // A shared domain is a variable whatever its unavailability (0 and 1 happen with overrides).
    const zv = inst.zone ? ctx.varIndex(inst.zone) : -1;
    const rv = inst.region ? ctx.varIndex(inst.region) : -1;
    if (zv >= 0) {
      let z = zoneGroups.get(zv);
      if (!z) zoneGroups.set(zv, (z = { rv, count: 0, cap: 0, types: new Map() }));
      z.count++;
      z.cap += inst.capacity;
      addType(z.types, u, inst.capacity);
      continue;
    }
    // Not in a conditioned zone: the chain of folded domains above the instance.
    let top: Group;
    const chain: Group[] = [];
    if (rv >= 0) {
      let g = regionGroups.get(rv);
      if (!g) regionGroups.set(rv, (g = newGroup(0)));
      top = g;
    } else if (ru > 0 && inst.region) {
      top = child(free, inst.region);
      chain.push(top);
    } else {
      top = free;
    }
    let leaf = top;
    if (zu > 0 && inst.zone) {
      leaf = child(top, inst.zone);
      chain.push(leaf);
    }
    if (top !== free) count([top], inst);
    count(chain.filter((g) => g !== top), inst);
    place(leaf, inst, u);
  }

  const freeDist = groupDist(ops, free);
  const condRegions: CondRegion<D>[] = [...regionGroups].map(([v, g]) => ({ v, count: g.count, cap: g.cap, dist: groupDist(ops, g) }));
  // Types numbered unit-wide, so a state's per-type counts fit in a small typed array.
  const typeList: Type[] = [];
  const typeIndex = new Map<string, number>();
  const condZones: CondZone[] = [...zoneGroups].map(([v, z]) => ({
    v, rv: z.rv, count: z.count, cap: z.cap,
    typeCounts: [...z.types.values()].map((t): [number, number] => {
      const k = typeKey(t.u, t.cap);
      let i = typeIndex.get(k);
      if (i === undefined) {
        typeIndex.set(k, (i = typeList.length));
        typeList.push({ u: t.u, cap: t.cap, count: 0 });
      }
      return [i, t.count];
    }),
  }));
  const nTypes = typeList.length;
  // Plain loops: flatMap and spreads are slow on the hot path of many small preparations.
  const varSet = new Set<number>();
  for (const r of condRegions) varSet.add(r.v);
  for (const z of condZones) {
    varSet.add(z.v);
    if (z.rv >= 0) varSet.add(z.rv);
  }
  const vars = [...varSet].sort((a, b) => a - b);
  const q = spec.failoverProbability;
  const memo = new Map<number | string, UnitResult>();
  const binomials = new Map<number, D>();
  // Per-type counts of a fresh evaluation: one scratch array, cleared each time (not re-entrant).
  const acc = new Float64Array(nTypes);

  const evaluate = (down: Uint8Array): UnitResult => {
    // Work grows with the variables: the key is built over them, the zones are walked.
    spend(LOOKUP_COST + vars.length);
    // The state of this unit's variables: a small integer while they fit in 30 bits (fast to
    // hash), else a string of 0s and 1s.
    let key: number | string;
    if (vars.length <= 30) {
      let bits = 0;
      for (const v of vars) bits = bits * 2 + (down[v] ? 1 : 0);
      key = bits;
    } else {
      key = '';
      for (const v of vars) key += down[v] ? '1' : '0';
    }
    const hit = memo.get(key);
    if (hit) return hit;
    // A fresh evaluation: type counts, binomial lookups, convolutions (these charge their own).
    spend(EVALUATION_COST + 15 * vars.length);
    let shiftCount = 0;
    let shiftCap = 0;
    let d = freeDist;
    for (const r of condRegions) {
      if (down[r.v]) {
        shiftCount += r.count;
        shiftCap += r.cap;
      } else d = ops.convolve(d, r.dist);
    }
    acc.fill(0);
    for (const z of condZones) {
      if (down[z.v] || (z.rv >= 0 && down[z.rv])) {
        shiftCount += z.count;
        shiftCap += z.cap;
        continue;
      }
      for (const [i, n] of z.typeCounts) acc[i]! += n;
    }
    for (let i = 0; i < nTypes; i++) {
      const n = acc[i]!;
      if (n === 0) continue;
      const bk = n * nTypes + i;
      let b = binomials.get(bk);
      if (!b) {
        const t = typeList[i]!;
        binomials.set(bk, (b = ops.binomial(n, t.u, t.cap)));
      }
      d = ops.convolve(d, b);
    }
    d = ops.shift(d, shiftCount, shiftCap);
    const allDown = ops.down(d);
    // Active-passive: down = q + (1 − q)·P(all down); q = 0 otherwise. Both terms ≥ 0.
    const result = { down: q + (1 - q) * allDown, neglected: (1 - q) * ops.neglected(d) };
    // Bounded memory: a huge enumeration revisits few keys, so start afresh rather than grow.
    if (memo.size >= MAX_MEMO) memo.clear();
    memo.set(key, result);
    return result;
  };
  return { spec, vars, evaluate };
}
