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
import type { ElementKey, InstanceSpec, SystemSpec, UnitSpec } from './compile';
import { LimitError, type Budget } from './budget';
import { PARTIAL_COMMON_CAUSES_PER_LAYER } from '../limits';
import { capacityOps, countOps, type DistOps } from './dist/ops';

/** Effective unavailabilities after overrides (the engine). */
export interface Unavailabilities {
  /** True when no element is forced: every unavailability is its base value. */
  readonly plain: boolean;
  elementU(key: ElementKey, base: number): number;
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

/**
 * Instance types (unavailability, capacity) numbered in order of first appearance. Small
 * tables are searched; large ones (many distinct replicas) are indexed by unavailability.
 */
class TypeTable {
  readonly u: number[] = [];
  readonly cap: number[] = [];
  private byU: Map<number, number> | undefined;
  private nextSameU: number[] | undefined;

  id(u: number, cap: number): number {
    const n = this.u.length;
    if (n <= 8) {
      for (let i = 0; i < n; i++) if (this.u[i] === u && this.cap[i] === cap) return i;
    } else {
      if (!this.byU) this.index();
      for (let i = this.byU!.get(u) ?? -1; i >= 0; i = this.nextSameU![i]!) if (this.cap[i] === cap) return i;
    }
    this.u.push(u);
    this.cap.push(cap);
    if (this.byU) this.link(n);
    return n;
  }

  private index(): void {
    this.byU = new Map();
    this.nextSameU = [];
    for (let i = 0; i < this.u.length; i++) this.link(i);
  }

  private link(i: number): void {
    this.nextSameU![i] = this.byU!.get(this.u[i]!) ?? -1;
    this.byU!.set(this.u[i]!, i);
  }
}

/**
 * Counts one more instance of type `id` in `pairs` ([type, count, type, count, …] in order of
 * first appearance: the order the convolutions run in).
 */
function countType(pairs: number[], id: number): void {
  // The type just added is the likeliest: replicas of one node come together.
  for (let k = pairs.length - 2; k >= 0; k -= 2) {
    if (pairs[k] === id) {
      pairs[k + 1]!++;
      return;
    }
  }
  pairs.push(id, 1);
}

/** A group of instances under one folded domain (or under nothing). */
class Group {
  count = 0;
  cap = 0;
  /** [type, count, …]. */
  readonly types: number[] = [];
  children: Group[] | undefined;
  private childDomains: number[] | undefined;

  constructor(readonly u: number) {}

  child(domain: number, u: number): Group {
    if (!this.children) {
      this.children = [];
      this.childDomains = [];
    }
    const i = this.childDomains!.indexOf(domain);
    if (i >= 0) return this.children[i]!;
    const g = new Group(u);
    this.children.push(g);
    this.childDomains!.push(domain);
    return g;
  }

  add(capacity: number): void {
    this.count++;
    this.cap += capacity;
  }
}

/** The instances of a unit in one conditioned zone. */
interface CondZone {
  v: number;
  /** Variable index of the zone's region, −1 when the region never fails. */
  rv: number;
  count: number;
  cap: number;
  /** [type, instance count, …]: while preparing, types of the unit's `TypeTable`; then unit-wide type indices. */
  typeCounts: number[];
}

interface CondRegion<D> {
  v: number;
  count: number;
  cap: number;
  dist: D;
}

function groupDist<D>(ops: DistOps<D>, types: TypeTable, g: Group): D {
  let d = ops.identity();
  const pairs = g.types;
  for (let k = 0; k < pairs.length; k += 2) {
    const id = pairs[k]!;
    d = ops.convolve(d, ops.binomial(pairs[k + 1]!, types.u[id]!, types.cap[id]!));
  }
  if (g.children) for (const c of g.children) d = ops.convolve(d, groupDist(ops, types, c));
  return ops.mixture(g.u, g.count, g.cap, d);
}

/** Per variable: its slot in the unit being prepared, +1 (0: none). Cleared after each use. */
let slotOfVar = new Int32Array(64);

/** Work charged per instance for each state of a unit's groups (each prepares the unit again). */
const PREPARE_COST_PER_INSTANCE = 4;
/** Most groups (common causes covering part of a unit) one unit mixes over: 2^this variants (the model reports more as `limit`). */
const MAX_UNIT_GROUPS = PARTIAL_COMMON_CAUSES_PER_LAYER;

/**
 * Prepares a unit: folds its local domains, groups the rest by conditioned variable; its work is
 * charged to `budget`. A unit with groups (common causes covering part of it) is a mixture over
 * their states: in each, the instances of the groups down are down (forced), the others as they are.
 */
export function prepareUnit(spec: UnitSpec, system: SystemSpec, ctx: Unavailabilities, tau: number, budget: Budget): PreparedUnit {
  const groups = spec.groups;
  if (!groups || groups.length === 0) return prepareOne(spec, system, ctx, tau, budget);
  if (groups.length > MAX_UNIT_GROUPS) throw new LimitError(`layer ${spec.layerId} has more than ${MAX_UNIT_GROUPS} common causes covering part of it`);
  const parts: { weight: number; unit: PreparedUnit }[] = [];
  const gu = groups.map((g) => (ctx.plain ? g.unavailability : ctx.elementU(g.key, g.unavailability)));
  for (let state = 0; state < 1 << groups.length; state++) {
    let weight = 1;
    for (let j = 0; j < groups.length; j++) weight *= state & (1 << j) ? gu[j]! : 1 - gu[j]!;
    if (weight === 0) continue;
    // Each state prepares the unit again: charged by its instances, so that many groups over a
    // huge layer end at the work limit (a named bound) rather than after minutes.
    budget.spend(PREPARE_COST_PER_INSTANCE * spec.instances.length);
    const forced = new Set<ElementKey>();
    for (let j = 0; j < groups.length; j++) if (state & (1 << j)) for (const pos of groups[j]!.members) forced.add(spec.instances[pos]!.key);
    const view: Unavailabilities = forced.size === 0 ? ctx : {
      plain: false,
      elementU: (key, base) => (forced.has(key) ? 1 : ctx.plain ? base : ctx.elementU(key, base)),
    };
    parts.push({ weight, unit: prepareOne(spec, system, view, tau, budget) });
  }
  return new Mixture(spec, parts);
}

function prepareOne(spec: UnitSpec, system: SystemSpec, ctx: Unavailabilities, tau: number, budget: Budget): PreparedUnit {
  if (spec.requirement.kind === 'count') return prepareWith(spec, system, ctx, countOps(spec.requirement.T, tau, budget), budget);
  return prepareWith(spec, system, ctx, capacityOps(spec.requirement.th, tau, budget), budget);
}

/** A unit mixed over the states of its groups: P(down) = Σ P(state) · P(down | state). */
class Mixture implements PreparedUnit {
  readonly vars: number[];

  constructor(readonly spec: UnitSpec, private readonly parts: { weight: number; unit: PreparedUnit }[]) {
    const all: number[] = [];
    for (const p of parts) all.push(...p.unit.vars);
    this.vars = sortedSet(all);
  }

  evaluate(down: Uint8Array): UnitResult {
    let d = 0;
    let neglected = 0;
    for (const { weight, unit } of this.parts) {
      const r = unit.evaluate(down);
      d += weight * r.down;
      neglected += weight * r.neglected;
    }
    return { down: d, neglected };
  }
}

function domainU(system: SystemSpec, ctx: Unavailabilities, index: number): number {
  if (index < 0) return 0;
  const d = system.domainList[index]!;
  return ctx.plain ? d.unavailability : ctx.elementU(d.key, d.unavailability);
}

function prepareWith<D>(spec: UnitSpec, system: SystemSpec, ctx: Unavailabilities, ops: DistOps<D>, budget: Budget): PreparedUnit {
  const varOfDomain = system.layout.varOfDomain;
  if (slotOfVar.length < system.layout.varDomains.length) slotOfVar = new Int32Array(system.layout.varDomains.length * 2);
  const slot = slotOfVar;
  const types = new TypeTable();
  const free = new Group(0);
  const regionGroups: { v: number; g: Group }[] = [];
  const condZones: CondZone[] = [];

  for (const inst of spec.instances) {
    const u = ctx.plain ? inst.unavailability : ctx.elementU(inst.key, inst.unavailability);
    const type = types.id(u, inst.capacity);
    // A shared domain is a variable whatever its unavailability (0 and 1 happen with overrides).
    const zv = inst.zoneIndex >= 0 ? varOfDomain[inst.zoneIndex]! : -1;
    const rv = inst.regionIndex >= 0 ? varOfDomain[inst.regionIndex]! : -1;
    if (zv >= 0) {
      let s = slot[zv]!;
      if (s === 0) {
        condZones.push({ v: zv, rv, count: 0, cap: 0, typeCounts: [] });
        slot[zv] = s = condZones.length;
      }
      const z = condZones[s - 1]!;
      z.count++;
      z.cap += inst.capacity;
      countType(z.typeCounts, type);
      continue;
    }
    placeFolded(system, ctx, inst, type, rv, free, regionGroups, slot);
  }
  for (const z of condZones) slot[z.v] = 0;
  for (const r of regionGroups) slot[r.v] = 0;

  const freeDist = groupDist(ops, types, free);
  const condRegions: CondRegion<D>[] = [];
  for (const { v, g } of regionGroups) condRegions.push({ v, count: g.count, cap: g.cap, dist: groupDist(ops, types, g) });
  // Types numbered unit-wide in order of first appearance zone by zone, so a state's per-type
  // counts fit in a small array (and the convolutions run in that order).
  const typeOf = new Array<number>(types.u.length).fill(-1);
  const typeU: number[] = [];
  const typeCap: number[] = [];
  for (const z of condZones) {
    const pairs = z.typeCounts;
    for (let k = 0; k < pairs.length; k += 2) {
      const id = pairs[k]!;
      if (typeOf[id] === -1) {
        typeOf[id] = typeU.length;
        typeU.push(types.u[id]!);
        typeCap.push(types.cap[id]!);
      }
      pairs[k] = typeOf[id]!;
    }
  }
  return new Prepared(spec, unitVars(condRegions, condZones), ops, freeDist, condRegions, condZones, typeU, typeCap, budget);
}

/** Adds an instance that is not in a conditioned zone under the chain of folded domains above it. */
function placeFolded(
  system: SystemSpec, ctx: Unavailabilities, inst: InstanceSpec, type: number, rv: number,
  free: Group, regionGroups: { v: number; g: Group }[], slot: Int32Array,
): void {
  let top: Group;
  if (rv >= 0) {
    let s = slot[rv]!;
    if (s === 0) {
      regionGroups.push({ v: rv, g: new Group(0) });
      slot[rv] = s = regionGroups.length;
    }
    top = regionGroups[s - 1]!.g;
  } else {
    const ru = domainU(system, ctx, inst.regionIndex);
    top = ru > 0 ? free.child(inst.regionIndex, ru) : free;
  }
  let leaf = top;
  const zu = domainU(system, ctx, inst.zoneIndex);
  if (zu > 0) leaf = top.child(inst.zoneIndex, zu);
  if (top !== free) top.add(inst.capacity);
  if (leaf !== top) leaf.add(inst.capacity);
  countType(leaf.types, type);
}

/** The sorted variables a unit depends on: its regions, zones and the zones' regions. */
function unitVars<D>(condRegions: CondRegion<D>[], condZones: CondZone[]): number[] {
  const vars: number[] = [];
  for (const r of condRegions) vars.push(r.v);
  for (const z of condZones) {
    vars.push(z.v);
    if (z.rv >= 0) vars.push(z.rv);
  }
  return sortedSet(vars);
}

const ascending = (a: number, b: number): number => a - b;

/** Sorts and removes repeats in place (insertion sort for the usual handful of variables). */
function sortedSet(xs: number[]): number[] {
  if (xs.length > 32) xs.sort(ascending);
  else {
    for (let i = 1; i < xs.length; i++) {
      const x = xs[i]!;
      let j = i;
      while (j > 0 && xs[j - 1]! > x) xs[j] = xs[--j]!;
      xs[j] = x;
    }
  }
  let n = 0;
  for (let i = 0; i < xs.length; i++) if (n === 0 || xs[i] !== xs[n - 1]) xs[n++] = xs[i]!;
  xs.length = n;
  return xs;
}

class Prepared<D> implements PreparedUnit {
  private readonly memo = new Map<number | string, UnitResult>();
  /** The last state evaluated and its result. */
  private lastKey: number | string = -1;
  private lastResult: UnitResult | undefined;
  /** Per type, by number of its instances in up zones: their binomial, computed once. */
  private readonly binomials: (D | undefined)[][] = [];
  /** Per-type counts of a fresh evaluation: one scratch array, cleared each time (not re-entrant). */
  private readonly acc: number[];

  constructor(
    readonly spec: UnitSpec,
    readonly vars: number[],
    private readonly ops: DistOps<D>,
    private readonly freeDist: D,
    private readonly condRegions: CondRegion<D>[],
    private readonly condZones: CondZone[],
    private readonly typeU: number[],
    private readonly typeCap: number[],
    /** The budget of the run this unit is prepared for: lookups and evaluations are charged to it. */
    private readonly budget: Budget,
  ) {
    this.acc = new Array<number>(typeU.length).fill(0);
  }

  evaluate(down: Uint8Array): UnitResult {
    const vars = this.vars;
    // Work grows with the variables: the key is built over them, the zones are walked.
    this.budget.spend(LOOKUP_COST + vars.length);
    // The state of this unit's variables: a small integer while they fit in 30 bits (fast to
    // hash), else a string of 0s and 1s.
    let key: number | string;
    if (vars.length <= 30) {
      let bits = 0;
      for (let i = 0; i < vars.length; i++) bits = bits * 2 + (down[vars[i]!] ? 1 : 0);
      key = bits;
    } else {
      key = '';
      for (const v of vars) key += down[v] ? '1' : '0';
    }
    // Successive states often differ only in variables this unit does not depend on.
    if (key === this.lastKey) return this.lastResult!;
    const hit = this.memo.get(key);
    if (hit) {
      this.lastKey = key;
      this.lastResult = hit;
      return hit;
    }
    // A fresh evaluation: charged before anything is computed (with the lookup, as one step).
    this.budget.spend(EVALUATION_COST + 15 * vars.length);
    const result = this.fresh(down);
    // Bounded memory: a huge enumeration revisits few keys, so start afresh rather than grow.
    if (this.memo.size >= MAX_MEMO) this.memo.clear();
    this.memo.set(key, result);
    this.lastKey = key;
    this.lastResult = result;
    return result;
  }

  /** A fresh evaluation: type counts, binomial lookups, convolutions (these charge their own). */
  private fresh(down: Uint8Array): UnitResult {
    const ops = this.ops;
    let shiftCount = 0;
    let shiftCap = 0;
    let d = this.freeDist;
    for (const r of this.condRegions) {
      if (down[r.v]) {
        shiftCount += r.count;
        shiftCap += r.cap;
      } else d = ops.convolve(d, r.dist);
    }
    const acc = this.acc;
    for (let i = 0; i < acc.length; i++) acc[i] = 0;
    for (const z of this.condZones) {
      if (down[z.v] || (z.rv >= 0 && down[z.rv])) {
        shiftCount += z.count;
        shiftCap += z.cap;
        continue;
      }
      const tc = z.typeCounts;
      for (let k = 0; k < tc.length; k += 2) acc[tc[k]!]! += tc[k + 1]!;
    }
    const nTypes = acc.length;
    for (let i = 0; i < nTypes; i++) {
      const n = acc[i]!;
      if (n === 0) continue;
      const byCount = this.binomials[i] ?? (this.binomials[i] = []);
      let b = byCount[n];
      if (!b) byCount[n] = b = ops.binomial(n, this.typeU[i]!, this.typeCap[i]!);
      d = ops.convolve(d, b);
    }
    d = ops.shift(d, shiftCount, shiftCap);
    // Structural: an active-passive layer is down when every member is (its failover windows
    // are a separate first-order term, windows.ts).
    return { down: ops.down(d), neglected: ops.neglected(d) };
  }
}
