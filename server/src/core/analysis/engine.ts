/**
 * The exact engine: P(down) of a set of layers (the system's path, one layer, one site, a
 * prefix of the path) with optional forced element states.
 *
 * Method. Domains (zones, regions) used by more than one unit make units dependent; they are
 * the conditioned variables. Given their states, units are independent and the tree of layers
 * and sites combines their down probabilities exactly. States are enumerated by number of down
 * variables (0, 1, 2, …); after each level the probability of all states not yet visited is
 * bounded exactly (a Poisson-binomial tail), and enumeration stops once that bound plus the
 * truncation bound is below 1e-10 of the U found so far. Every contribution is non-negative,
 * so the sum is a lower bound and U is known to within the reported bound — relative error
 * ≤ 1e-9 is proven, not hoped for.
 */
import { Budget, LimitError } from './budget';
import type { DomainLayout, ElementKey, InstanceSpec, LayerNode, SystemSpec } from './compile';
import { prepareUnit, type PreparedUnit, type Unavailabilities } from './unit';

export type ElementState = 'up' | 'down';
/** Forced element states: element key (`i:…`, `z:…`, `r:…`) → state. */
export type Overrides = ReadonlyMap<ElementKey, ElementState>;

export interface DownResult {
  /** P(down): a lower bound, within `errorBound` of the exact value. */
  down: number;
  /** Upper bound on (exact − down). */
  errorBound: number;
  /** True when errorBound ≤ tolerance · down (1e-10 unless asked otherwise), or both are 0. */
  exact: boolean;
  /** Limits hit, when not exact. */
  limits: string[];
}

/** Relative accuracy the engine guarantees when it says `exact`. */
export const TARGET_RELATIVE_ERROR = 1e-10;
/** Elementary operations one evaluation may spend before it reports a limit. */
export const DEFAULT_EVALUATION_OPS = 5e8;
/** Budget charged per leaf (the units charge their own lookups and evaluations). */
const LEAF_COST = 20;
/** First-pass truncation of far distribution tails; a second pass uses 0 when it is too coarse. */
const FIRST_TAU = 1e-30;

/**
 * What makes a zone variable distinguishable from another: its unavailability, its region
 * variable and the multiset of (unit, unavailability, capacity) of the instances in it, as a
 * flat list in canonical order. Region variables are never exchanged (`desc` undefined).
 */
interface Signature {
  desc: number[] | undefined;
  /**
   * What `sameSignature` found comparing this one with others: a zone holding one instance of
   * each of 10,000 layers has a list of 40,000 numbers, and every evaluation over its variables
   * asks again.
   */
  compared?: Map<Signature, boolean>;
}

/** The signature of a variable exchanged with no other. */
const ALONE: Signature = { desc: undefined };

/** A class of exchangeable variables (see `classesOf`). */
interface VarClass {
  vars: number[];
  u: number;
  regionVar: number;
  sig: Signature;
  /** Never joined by another variable (`walkStates`' isolated ones). */
  alone: boolean;
  /** Per j = 0…n: C(n, j), u^j and (1 − u)^(n − j), filled when the class is first walked. */
  choose: number[] | undefined;
  downPow: number[] | undefined;
  upPow: number[] | undefined;
}

/** Which unit(s) and zone variable an instance key belongs to, and what each zone variable holds: only needed with overrides. */
interface InstanceIndex {
  units: Map<ElementKey, number[]>;
  zoneVar: Map<ElementKey, number>;
  /** Per zone variable: its instances and their units, in unit order. */
  zoneInstances: InstanceSpec[][];
  zoneUnits: number[][];
}

const instanceIndexes = new WeakMap<SystemSpec, InstanceIndex>();

function instanceIndexOf(spec: SystemSpec): InstanceIndex {
  const cached = instanceIndexes.get(spec);
  if (cached) return cached;
  const nVars = spec.layout.varDomains.length;
  const index: InstanceIndex = { units: new Map(), zoneVar: new Map(), zoneInstances: [], zoneUnits: [] };
  for (let v = 0; v < nVars; v++) {
    index.zoneInstances.push([]);
    index.zoneUnits.push([]);
  }
  for (const unit of spec.units) {
    // A group (a common cause covering part of the unit) is forced through the unit that mixes over it.
    if (unit.groups) for (const g of unit.groups) index.units.set(g.key, [unit.index]);
    for (const inst of unit.instances) {
      const units = index.units.get(inst.key);
      if (units) units.push(unit.index);
      else index.units.set(inst.key, [unit.index]);
      const zv = inst.zoneIndex >= 0 ? spec.layout.varOfDomain[inst.zoneIndex]! : -1;
      if (zv < 0) continue;
      index.zoneVar.set(inst.key, zv);
      index.zoneInstances[zv]!.push(inst);
      index.zoneUnits[zv]!.push(unit.index);
    }
  }
  instanceIndexes.set(spec, index);
  return index;
}

const NO_OVERRIDES: Overrides = new Map();

/**
 * One engine per set of overrides: conditioned variables and prepared units. `with` derives an
 * engine for more overrides that shares every prepared unit (and its memo) the overrides leave
 * untouched — this is what makes importance over thousands of elements affordable. Every engine
 * charges its work to the budget of its run (`budget`), which the engines it derives share.
 */
export class Engine implements Unavailabilities {
  /** True when nothing is forced (every unavailability is its base value). */
  readonly plain: boolean;
  private readonly layout: DomainLayout;
  /** Effective unavailability per variable. */
  private readonly varU: number[];
  /**
   * Prepared units by unit index, first pass (truncated tails) then exact pass: the units this
   * engine prepares itself, which are every unit for an engine not derived, and only its
   * `changedUnits` for a derived one (the others are its origin's, asked for there). A derived
   * engine copies nothing per unit, so a forced evaluation on a path of 10,000 layers does not
   * cost 10,000 copies.
   */
  private readonly prepared: [Map<number, PreparedUnit>, Map<number, PreparedUnit>];
  /** Per variable, computed when first needed (see `classesOf`). */
  private readonly signature: (Signature | undefined)[];
  /**
   * The engine whose prepared units this one shares, all but `changedUnits` (itself when it was
   * not derived): its per-state layer figures (`layerStates`) serve this engine's evaluations too.
   */
  private readonly origin: Engine;
  private readonly changedUnits: ReadonlySet<number>;
  /** Per list of layers and pass: the plain figures of each state visited (`layerStates`). */
  private readonly states = [new WeakMap<LayerNode[], LayerStates>(), new WeakMap<LayerNode[], LayerStates>()];
  /** See `unitScratch`. */
  private scratch: number[] | undefined;
  /** See `positionsOf`. */
  private readonly positions = new WeakMap<LayerNode[], Map<number, number>>();

  /** An engine over `spec` with `overrides`, charging its work to `budget` (its run's; unlimited when none is given). */
  constructor(
    readonly spec: SystemSpec,
    readonly overrides: Overrides = NO_OVERRIDES,
    readonly budget: Budget = new Budget(),
    /** The engine `with` derives this one from (it shares that engine's prepared units, so its budget too). */
    base?: Engine,
  ) {
    this.plain = overrides.size === 0;
    const layout = (this.layout = spec.layout);
    const nVars = layout.varDomains.length;
    this.varU = [];
    for (let v = 0; v < nVars; v++) {
      const d = spec.domainList[layout.varDomains[v]!]!;
      this.varU.push(this.elementU(d.key, d.unavailability));
    }
    this.signature = new Array<Signature | undefined>(nVars);
    if (!base) {
      this.prepared = [new Map(), new Map()];
      this.origin = this;
      this.changedUnits = new Set();
      return;
    }
    // A derived base's own units (its changed ones) stay valid unless these overrides touch them
    // too; a base that is not derived holds every unit, and those are asked for there.
    this.prepared = base.origin === base ? [new Map(), new Map()] : [new Map(base.prepared[0]), new Map(base.prepared[1])];
    this.origin = base.origin;
    const changed = new Set(base.changedUnits);
    for (let v = 0; v < nVars; v++) this.signature[v] = base.signature[v];
    // What the overrides touch: the signature of the zone they are (in), and the units that
    // hold them or fold them in.
    const index = instanceIndexOf(spec);
    const forget = (unit: number): void => {
      this.prepared[0].delete(unit);
      this.prepared[1].delete(unit);
      changed.add(unit);
    };
    for (const key of overrides.keys()) {
      const domain = spec.domains.get(key);
      const zv = index.zoneVar.get(key) ?? (domain ? layout.varOfDomain[domain.index]! : -1);
      // Its zone is exchanged with no other (the forced element makes it special): always exact,
      // and no pass over the zone's instances per derived engine.
      if (zv >= 0) this.signature[zv] = ALONE;
      const units = index.units.get(key);
      if (units) for (const u of units) forget(u);
      const local = domain ? layout.localUser[domain.index]! : -1;
      if (local >= 0) forget(local);
    }
    this.changedUnits = changed;
  }

  /**
   * The plain figures of `layers` in each state of the shared domains this engine's walks visit,
   * kept: every walk over the same states (each trigger of the window term, each forced
   * evaluation of importance) computes them once.
   */
  layerStates(layers: LayerNode[], tau = FIRST_TAU): LayerStates {
    const cache = this.states[tau === FIRST_TAU ? 0 : 1]!;
    let out = cache.get(layers);
    if (!out) cache.set(layers, (out = new LayerStates(this, layers, tau)));
    return out;
  }

  /**
   * P(unit down) by unit index: a visit (`LayerStates.get`, `DownLeaf.visit`) writes every unit it
   * reads before reading one, and visits never nest, so one array per engine serves them all.
   */
  unitScratch(): number[] {
    return (this.scratch ??= new Array<number>(this.spec.units.length).fill(0));
  }

  /** An engine with `more` overrides added to this one's, sharing what they leave untouched. */
  with(more: Overrides): Engine {
    return new Engine(this.spec, new Map([...this.overrides, ...more]), this.budget, this);
  }

  /** Effective unavailability of an element after overrides. */
  elementU(key: ElementKey, base: number): number {
    if (this.plain) return base;
    const o = this.overrides.get(key);
    return o === 'down' ? 1 : o === 'up' ? 0 : base;
  }

  /** A variable's signature: its unavailability, region and the instance types it holds per unit. */
  private signatureOf(v: number): Signature {
    const cached = this.signature[v];
    if (cached) return cached;
    if (this.spec.domainList[this.layout.varDomains[v]!]!.type === 'region') return (this.signature[v] = { desc: undefined });
    // A zone holding an instance of a group: what it holds is not told by types alone.
    if (this.layout.aloneVar[v]) return (this.signature[v] = ALONE);
    // Without overrides every zone's signature comes from one pass over the instances.
    if (this.plain) plainZoneSignatures(this.spec, this.varU, this.signature);
    else this.signature[v] = zoneSignature(this, instanceIndexOf(this.spec), v, this.varU[v]!);
    return this.signature[v]!;
  }

  /** A prepared unit of one pass (first: far tails truncated; then exact). */
  unit(index: number, tau: number): PreparedUnit {
    // A unit the overrides leave untouched is the origin's (one preparation for every derived engine).
    if (this.origin !== this && !this.changedUnits.has(index)) return this.origin.unit(index, tau);
    const cache = this.prepared[tau === FIRST_TAU ? 0 : 1];
    let p = cache.get(index);
    if (!p) cache.set(index, (p = prepareUnit(this.spec.units[index]!, this.spec, this, tau, this.budget)));
    return p;
  }

  /** P(at least one of `layers` down): the system when `layers` is the path. */
  down(layers: LayerNode[], maxOps = DEFAULT_EVALUATION_OPS, tolerance = TARGET_RELATIVE_ERROR): DownResult {
    this.budget.enter(maxOps, budgetName(maxOps));
    try {
      const first = this.enumerate(layers, FIRST_TAU, tolerance);
      // Retry without truncation only when truncation, not the budget, was the problem.
      if (first.exact || first.limits.length > 0) return first;
      const second = this.enumerate(layers, 0, tolerance);
      if (!second.exact && second.limits.length === 0) second.limits.push('precision: the error bound exceeds the relative tolerance');
      return second;
    } catch (e) {
      // The limit hit before any state was counted (e.g. preparing a huge capacity layer).
      if (e instanceof LimitError) return { down: 0, errorBound: 1, exact: false, limits: [e.limit] };
      throw e;
    } finally {
      this.budget.leave();
    }
  }

  /**
   * P(down) of every prefix of `layers` — `layers[0..i]` for each i — as `down` would give each,
   * in one enumeration over the states of the whole list's variables instead of one per prefix
   * (which is quadratic in the number of layers). A prefix's contributions are summed at the same
   * leaves as the whole list's, so the list's own bound (unvisited states + truncation) bounds
   * each prefix's error too; a prefix whose U is too small for that bound to be within
   * `tolerance` of it (or any, when a limit stopped the pass) is computed on its own with `down`.
   */
  downPrefixes(layers: LayerNode[], maxOps = DEFAULT_EVALUATION_OPS, tolerance = TARGET_RELATIVE_ERROR): DownResult[] {
    if (layers.length === 0) return [];
    let sums = new Array<number>(layers.length).fill(0);
    let whole: DownResult | undefined;
    this.budget.enter(maxOps, budgetName(maxOps));
    try {
      whole = this.enumerate(layers, FIRST_TAU, tolerance, sums);
      if (!whole.exact && whole.limits.length === 0) {
        sums = new Array<number>(layers.length).fill(0);
        whole = this.enumerate(layers, 0, tolerance, sums);
      }
    } catch (e) {
      if (!(e instanceof LimitError)) throw e;
      whole = undefined;
    } finally {
      this.budget.leave();
    }
    const within = (i: number): boolean => {
      const bound = whole!.errorBound;
      return bound <= tolerance * sums[i]! || bound === 0;
    };
    const out: DownResult[] = new Array<DownResult>(layers.length);
    // Prefix sums never decrease: those the bound does not cover are the first ones.
    let covered = layers.length;
    if (whole && whole.limits.length === 0) while (covered > 0 && within(covered - 1)) covered--;
    for (let i = covered; i < layers.length; i++) out[i] = { down: sums[i]!, errorBound: whole!.errorBound, exact: true, limits: [] };
    if (covered === 0) return out;
    // The shorter ones again, as a list of their own (each round covers prefixes down to
    // PREFIX_COVER of its whole), or one by one when this round covered none.
    const rest = covered < layers.length ? this.downPrefixes(layers.slice(0, covered), maxOps, tolerance) : layers.map((_, i) => this.down(layers.slice(0, i + 1), maxOps, tolerance));
    for (let i = 0; i < covered; i++) out[i] = rest[i]!;
    return out;
  }


  /**
   * For each of `layers`, P(that layer down and every other one up), in one enumeration: what a
   * change confined to one layer of a series can remove from P(any down) at most. Upper bounds:
   * each value includes the enumeration's error bound (unvisited states and truncation), and a
   * layer is 1 when a limit stopped the pass.
   */
  downAlone(layers: LayerNode[], maxOps = DEFAULT_EVALUATION_OPS): number[] {
    if (layers.length === 0) return [];
    const sums = new Array<number>(layers.length).fill(0);
    this.budget.enter(maxOps, budgetName(maxOps));
    try {
      const whole = this.enumerate(layers, FIRST_TAU, TARGET_RELATIVE_ERROR, sums, 'alone');
      if (whole.limits.length > 0) return sums.fill(1);
      return sums.map((x) => Math.min(1, x + whole.errorBound));
    } catch (e) {
      if (e instanceof LimitError) return sums.fill(1);
      throw e;
    } finally {
      this.budget.leave();
    }
  }

  private enumerate(layers: LayerNode[], tau: number, tolerance: number, sums?: number[], sumsOf: 'prefix' | 'alone' = 'prefix'): DownResult {
    const nVars = this.varU.length;
    const changed = sums ? undefined : this.changedLayer(layers, tau);
    let leaf: DownLeaf | ChangedLayerLeaf;
    let relevant: number[];
    if (changed) {
      leaf = changed.leaf;
      relevant = changed.relevant;
    } else {
      const indices: number[] = [];
      collectUnits(layers, indices);
      const units: PreparedUnit[] = [];
      const used = new Uint8Array(nVars);
      for (const i of indices) {
        const u = this.unit(i, tau);
        units.push(u);
        for (const v of u.vars) used[v] = 1;
      }
      relevant = [];
      for (let v = 0; v < nVars; v++) if (used[v]) relevant.push(v);
      leaf = new DownLeaf(layers, units, this.unitScratch(), this.budget, sums, sumsOf);
    }
    const walk = new Walk(this.classesOf(relevant), nVars, leaf);
    const us: number[] = [];
    for (const v of relevant) us.push(this.varU[v]!);
    const tails = downCountTails(us);
    const n = relevant.length;
    for (let m = 0; m <= n; m++) {
      try {
        walk.walk(0, m, 1);
      } catch (e) {
        if (!(e instanceof LimitError)) throw e;
        // Out of budget in level m: every state not yet counted has at least m variables down.
        const bound = (tails[m] ?? 0) + leaf.error;
        return { down: leaf.total, errorBound: bound, exact: bound <= tolerance * leaf.total, limits: [`${e.limit} (states with ${m} or more of ${n} shared domains down not enumerated)`] };
      }
      const unvisited = tails[m + 1] ?? 0;
      // Every prefix down to PREFIX_COVER of the whole is to be within tolerance too (`downPrefixes`).
      const target = sums && sumsOf === 'prefix' ? smallestCovered(sums, leaf.total) : leaf.total;
      if (unvisited + leaf.error <= tolerance * target || (unvisited === 0 && leaf.error === 0)) {
        return { down: leaf.total, errorBound: unvisited + leaf.error, exact: true, limits: [] };
      }
      if (unvisited === 0) break;
    }
    const exact = leaf.error <= tolerance * leaf.total || leaf.error === 0;
    return { down: leaf.total, errorBound: leaf.error, exact, limits: [] };
  }


  /**
   * When this engine differs from its origin in one unit, a layer of `layers` itself (not inside a
   * site), a leaf that takes the origin's kept figures of the others and evaluates only that one:
   * a forced evaluation for importance costs one layer per state, not the whole path.
   */
  private changedLayer(layers: LayerNode[], tau: number): { leaf: ChangedLayerLeaf; relevant: number[] } | undefined {
    if (this.origin === this || this.changedUnits.size !== 1) return undefined;
    const [unit] = this.changedUnits;
    const m = this.origin.positionsOf(layers).get(unit!);
    if (m === undefined) return undefined;
    const plain = this.origin.layerStates(layers, tau);
    const changed = this.unit(unit!, tau);
    // The origin's variables and the changed unit's (a variable no unit reads weighs 1 in total).
    const relevant = [...new Set([...plain.vars, ...changed.vars])].sort((a, b) => a - b);
    return { leaf: new ChangedLayerLeaf(plain, m, changed, this.budget), relevant };
  }

  /** Per list of layers, the position of each layer of nodes by its unit (the first, when a unit recurs), kept. */
  private positionsOf(layers: LayerNode[]): Map<number, number> {
    let out = this.positions.get(layers);
    if (!out) {
      out = new Map();
      for (let m = 0; m < layers.length; m++) {
        const l = layers[m]!;
        if (l.kind === 'nodes' && !out.has(l.unit)) out.set(l.unit, m);
      }
      this.positions.set(layers, out);
    }
    return out;
  }

  /**
   * Walks the states of `relevant` variables by number down — level 0, 1, 2, … — calling
   * `visitor` with each state and its probability (exchangeable variables by count, as `down`
   * does; `isolated` ones, per variable index, never exchanged). After each level `done` is given
   * the probability of every state not yet visited and says whether to stop. Returns the levels
   * completed; a `LimitError` from the visitor or the budget propagates.
   */
  walkStates(relevant: number[], isolated: Uint8Array | undefined, visitor: StateVisitor, done: (unvisited: number) => boolean): number {
    const walk = new Walk(this.classesOf(relevant, isolated), this.varU.length, visitor);
    const us: number[] = [];
    for (const v of relevant) us.push(this.varU[v]!);
    const tails = downCountTails(us);
    for (let m = 0; m <= relevant.length; m++) {
      walk.walk(0, m, 1);
      const unvisited = tails[m + 1] ?? 0;
      if (done(unvisited) || unvisited === 0) return m + 1;
    }
    return relevant.length + 1;
  }

  /** A prepared unit of this engine (first pass: far tails truncated, `neglected` bounds them). */
  preparedUnit(index: number): PreparedUnit {
    return this.unit(index, FIRST_TAU);
  }

  /** Effective unavailability of conditioned variable v. */
  variableU(v: number): number {
    return this.varU[v]!;
  }

  /** Groups variables into classes of exchangeable ones, regions first; `isolated` ones stand alone. */
  private classesOf(relevant: number[], isolated?: Uint8Array): VarClass[] {
    const classes: VarClass[] = [];
    for (const v of relevant) {
      const sig = this.signatureOf(v);
      let c: VarClass | undefined;
      if (sig.desc && !isolated?.[v]) for (const k of classes) if (!k.alone && sameSignature(k.sig, sig)) c = k;
      if (c) c.vars.push(v);
      else classes.push({ vars: [v], u: this.varU[v]!, regionVar: this.layout.regionVar[v]!, sig, alone: isolated?.[v] === 1, choose: undefined, downPow: undefined, upPow: undefined });
    }
    // Regions before zones, so a zone class sees its region's state (stable: otherwise by first variable).
    const out: VarClass[] = [];
    for (const c of classes) if (c.regionVar < 0) out.push(c);
    for (const c of classes) if (c.regionVar >= 0) out.push(c);
    return out;
  }

  /**
   * A name shared by the zones exchangeable with `domain` (a `domainList` index) in this engine —
   * same region, unavailability and instances (unit, unavailability, capacity) — or undefined
   * when it is no conditioned zone or this engine forces something.
   */
  exchangeClass(domain: number): string | undefined {
    const v = this.layout.varOfDomain[domain]!;
    if (!this.plain || v < 0) return undefined;
    const desc = this.signatureOf(v).desc;
    return desc ? `zones:${desc.join(',')}` : undefined;
  }

  /** The conditioned variables (shared, failing domains), for reports and tests. */
  conditionedDomains(): ElementKey[] {
    return this.layout.varDomains.map((d) => this.spec.domainList[d]!.key);
  }
}

let lastBudgetOps = NaN;
let lastBudgetName = '';

/** The name of an evaluation budget (formatted once per distinct size). */
function budgetName(maxOps: number): string {
  if (maxOps !== lastBudgetOps) {
    lastBudgetOps = maxOps;
    lastBudgetName = `evaluation budget of ${maxOps.toExponential(0)} operations`;
  }
  return lastBudgetName;
}

/** The unit indices under `layers`, in order (with repeats, as evaluated). */
export function collectUnits(layers: LayerNode[], out: number[]): void {
  for (const l of layers) {
    if (l.kind === 'nodes') out.push(l.unit);
    else for (const s of l.sites) collectUnits(s.layers, out);
  }
}

/**
 * Fills the signature of every zone variable not yet known (no overrides): the instances are
 * visited once, in unit order, each appended to its zone's (unit, unavailability, capacity,
 * count) runs; a zone whose instances are not in canonical order is sorted afterwards.
 */
function plainZoneSignatures(spec: SystemSpec, varU: number[], out: (Signature | undefined)[]): void {
  const { varOfDomain, regionVar, aloneVar } = spec.layout;
  for (let v = 0; v < aloneVar.length; v++) if (aloneVar[v]) out[v] ??= ALONE;
  const descs: (number[] | undefined)[] = [];
  let unsorted: number[] | undefined;
  for (const unit of spec.units) {
    for (const inst of unit.instances) {
      const v = inst.zoneIndex >= 0 ? varOfDomain[inst.zoneIndex]! : -1;
      if (v < 0 || out[v]) continue;
      let desc = descs[v];
      if (!desc) descs[v] = desc = [varU[v]!, regionVar[v]!];
      else if (desc.length === 0) continue;
      const last = desc.length - 4;
      if (last >= 2) {
        const order = compareType(desc[last]!, desc[last + 1]!, desc[last + 2]!, unit.index, inst.unavailability, inst.capacity);
        if (order === 0) {
          desc[last + 3]!++;
          continue;
        }
        if (order > 0) {
          (unsorted ??= []).push(v);
          desc.length = 0;
          continue;
        }
      }
      desc.push(unit.index, inst.unavailability, inst.capacity, 1);
    }
  }
  for (let v = 0; v < descs.length; v++) {
    const desc = descs[v];
    if (desc && desc.length > 0) out[v] = { desc };
  }
  if (unsorted) {
    const index = instanceIndexOf(spec);
    for (const v of unsorted) out[v] = sortedSignature(undefined, index.zoneInstances[v]!, index.zoneUnits[v]!, varU[v]!, regionVar[v]!);
  }
}

function zoneSignature(engine: Engine, index: InstanceIndex, v: number, u: number): Signature {
  const insts = index.zoneInstances[v]!;
  const units = index.zoneUnits[v]!;
  const regionVar = engine.spec.layout.regionVar[v]!;
  // (unit, unavailability, capacity, count) runs; units come in order and a node's replicas
  // together, so the instances are usually already in canonical order.
  const desc = [u, regionVar];
  for (let i = 0; i < insts.length; i++) {
    const inst = insts[i]!;
    const unit = units[i]!;
    const iu = engine.plain ? inst.unavailability : engine.elementU(inst.key, inst.unavailability);
    const last = desc.length - 4;
    if (last >= 2) {
      const order = compareType(desc[last]!, desc[last + 1]!, desc[last + 2]!, unit, iu, inst.capacity);
      if (order === 0) {
        desc[last + 3]!++;
        continue;
      }
      if (order > 0) return sortedSignature(engine, insts, units, u, regionVar);
    }
    desc.push(unit, iu, inst.capacity, 1);
  }
  return { desc };
}

/** The signature of instances not in canonical order: sorted first. */
function sortedSignature(engine: Engine | undefined, insts: InstanceSpec[], units: number[], u: number, regionVar: number): Signature {
  const types = insts.map((inst, i) => [units[i]!, engine ? engine.elementU(inst.key, inst.unavailability) : inst.unavailability, inst.capacity] as const);
  types.sort((a, b) => compareType(a[0], a[1], a[2], b[0], b[1], b[2]));
  const desc = [u, regionVar];
  for (const [unit, iu, cap] of types) {
    const last = desc.length - 4;
    if (last >= 2 && compareType(desc[last]!, desc[last + 1]!, desc[last + 2]!, unit, iu, cap) === 0) desc[last + 3]!++;
    else desc.push(unit, iu, cap, 1);
  }
  return { desc };
}

function compareType(unitA: number, uA: number, capA: number, unitB: number, uB: number, capB: number): number {
  return unitA - unitB || (uA < uB ? -1 : uA > uB ? 1 : 0) || (capA < capB ? -1 : capA > capB ? 1 : 0);
}

function sameSignature(a: Signature, b: Signature): boolean {
  // Region variables and forced zones (ALONE) have no list: never exchanged, not even with themselves.
  if (!a.desc || !b.desc || a.desc.length !== b.desc.length) return false;
  if (a === b) return true;
  const known = a.compared?.get(b);
  if (known !== undefined) return known;
  let same = true;
  for (let i = 0; i < a.desc.length && same; i++) if (a.desc[i] !== b.desc[i]) same = false;
  (a.compared ??= new Map()).set(b, same);
  return same;
}

/** What a walk does at each state of the variables it enumerates. */
export interface StateVisitor {
  /** `state[v]` is 1 when variable v is down; `prob` the state's probability (its class count's, for exchangeable ones). */
  visit(state: Uint8Array, prob: number): void;
}

/** The smallest prefix `downPrefixes` asks each enumeration to cover, relative to the whole. */
const PREFIX_COVER = 1e-3;

/** The smallest of the (non-decreasing) prefix sums that is at least PREFIX_COVER of `total`. */
function smallestCovered(sums: number[], total: number): number {
  let lo = 0;
  let hi = sums.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sums[mid]! >= PREFIX_COVER * total) hi = mid;
    else lo = mid + 1;
  }
  return Math.min(total, sums[lo] ?? total);
}

/** Most states whose layer figures `LayerStates` keeps. */
const KEPT_STATES = 20_000;

/** The plain figures of a list of layers in one state of the shared domains. */
export interface LayerState {
  /** Per layer: P(up) = 1 − P(down). */
  ups: Float64Array;
  /**
   * Σ log P(up) of the layers before m (`logBefore[m]`) and from m on (`logFrom[m]`), −∞ once one
   * is surely down: the others' product around any one layer, without cancellation.
   */
  logBefore: Float64Array;
  logFrom: Float64Array;
  /** Truncation bound of the units under the layers, summed. */
  neglected: number;
}

/** The plain figures of a list of layers by state of the shared domains, each computed once. */
export class LayerStates {
  private readonly kept = new Map<number | string, LayerState>();
  private readonly units: PreparedUnit[];
  private readonly unitDowns: number[];
  /** The conditioned variables the units under the layers read, in order. */
  readonly vars: number[];

  constructor(engine: Engine, private readonly layers: LayerNode[], tau: number) {
    const indices: number[] = [];
    collectUnits(layers, indices);
    this.units = [...new Set(indices)].map((u) => engine.unit(u, tau));
    // `get` writes every unit under these layers before it reads one, so the engine's one
    // scratch serves every list (an array per list cost O(units) each: a path of 10,000 layers
    // makes 10,000 one-layer lists).
    this.unitDowns = engine.unitScratch();
    this.vars = [...new Set(this.units.flatMap((u) => u.vars))].sort((a, b) => a - b);
  }

  get(state: Uint8Array): LayerState {
    let key: number | string;
    if (state.length <= 30) {
      let bits = 0;
      for (let v = 0; v < state.length; v++) bits = bits * 2 + state[v]!;
      key = bits;
    } else key = state.join('');
    const hit = this.kept.get(key);
    if (hit) return hit;
    let neglected = 0;
    for (const u of this.units) {
      const r = u.evaluate(state);
      this.unitDowns[u.spec.index] = r.down;
      neglected += r.neglected;
    }
    const n = this.layers.length;
    const out: LayerState = { ups: new Float64Array(n), logBefore: new Float64Array(n + 1), logFrom: new Float64Array(n + 1), neglected };
    const logs = new Float64Array(n);
    for (let m = 0; m < n; m++) {
      const d = layerDown(this.layers[m]!, this.unitDowns);
      out.ups[m] = 1 - d;
      logs[m] = d >= 1 ? -Infinity : Math.log1p(-d);
      out.logBefore[m + 1] = out.logBefore[m]! + logs[m]!;
    }
    for (let m = n - 1; m >= 0; m--) out.logFrom[m] = out.logFrom[m + 1]! + logs[m]!;
    if (this.kept.size >= KEPT_STATES) this.kept.clear();
    this.kept.set(key, out);
    return out;
  }
}

/**
 * `down`'s visitor for an engine that changes one layer of the list (`changedLayer`): the
 * others' product comes from the origin's kept figures, so a state costs that layer alone.
 */
class ChangedLayerLeaf implements StateVisitor {
  total = 0;
  error = 0;

  constructor(
    private readonly plain: LayerStates,
    private readonly position: number,
    private readonly unit: PreparedUnit,
    private readonly budget: Budget,
  ) {}

  visit(state: Uint8Array, prob: number): void {
    const s = this.plain.get(state);
    const r = this.unit.evaluate(state);
    const m = this.position;
    const logUp = s.logBefore[m]! + s.logFrom[m + 1]! + (r.down >= 1 ? -Infinity : Math.log1p(-r.down));
    this.budget.spend(LEAF_COST);
    this.total += prob * -Math.expm1(logUp);
    // The origin's truncation of the changed unit stays counted: an upper bound.
    this.error += prob * (s.neglected + r.neglected);
  }
}

/** `down`'s visitor: P(some layer down) in each state, summed with the truncation bound. */
class DownLeaf implements StateVisitor {
  total = 0;
  error = 0;

  constructor(
    private readonly layers: LayerNode[],
    private readonly units: PreparedUnit[],
    /** P(unit down) in the current state, by unit index: the engine's scratch, written for every unit of `units` before a layer reads it. */
    private readonly downs: number[],
    private readonly budget: Budget,
    /** When given: per layer, P(down) of each prefix of `layers` (`downPrefixes`) or P(it alone down) (`downAlone`), summed at every leaf. */
    private readonly sums?: number[],
    private readonly sumsOf: 'prefix' | 'alone' = 'prefix',
  ) {}

  visit(state: Uint8Array, prob: number): void {
    let neglected = 0;
    for (const u of this.units) {
      const r = u.evaluate(state);
      this.downs[u.spec.index] = r.down;
      neglected += r.neglected;
    }
    this.budget.spend(LEAF_COST);
    const sums = this.sums;
    if (!sums) this.total += prob * andDown(this.layers, this.downs);
    else {
      this.budget.spend(this.layers.length);
      this.total += prob * (this.sumsOf === 'prefix' ? prefixDowns(this.layers, this.downs, prob, sums) : aloneDowns(this.layers, this.downs, prob, sums));
    }
    this.error += prob * neglected;
  }
}

/**
 * The enumeration of variable states. Exchangeable variables (same unavailability, same region,
 * same instances in every unit) are enumerated by how many of them are down, not which: C(n, j)
 * states with one result.
 */
class Walk {
  private readonly state: Uint8Array;
  /** remaining[c]: variables in classes c, c + 1, …. */
  private readonly remaining: number[];

  constructor(
    private readonly classes: VarClass[],
    nVars: number,
    private readonly visitor: StateVisitor,
  ) {
    this.state = new Uint8Array(nVars);
    const remaining = new Array<number>(classes.length + 1).fill(0);
    for (let c = classes.length - 1; c >= 0; c--) remaining[c] = remaining[c + 1]! + classes[c]!.vars.length;
    this.remaining = remaining;
  }

  /** Visits every state of classes pos, … with exactly `downsLeft` more variables down. */
  walk(pos: number, downsLeft: number, prob: number): void {
    if (prob === 0) return;
    const classes = this.classes;
    if (pos === classes.length) {
      if (downsLeft === 0) this.visitor.visit(this.state, prob);
      return;
    }
    const state = this.state;
    const cls = classes[pos]!;
    if (cls.regionVar >= 0 && state[cls.regionVar]) {
      // The zones' region is down: their own states do not matter.
      for (const v of cls.vars) state[v] = 1;
      this.walk(pos + 1, downsLeft, prob);
      for (const v of cls.vars) state[v] = 0;
      return;
    }
    if (downsLeft > this.remaining[pos]!) return;
    const n = cls.vars.length;
    const top = Math.min(n, downsLeft);
    if (!cls.choose) weighClass(cls);
    const choose = cls.choose!;
    const downPow = cls.downPow!;
    const upPow = cls.upPow!;
    for (let j = 0; j <= top; j++) {
      if (j > 0) state[cls.vars[j - 1]!] = 1;
      this.walk(pos + 1, downsLeft - j, prob * choose[j]! * downPow[j]! * upPow[j]!);
    }
    for (let j = 0; j < top; j++) state[cls.vars[j]!] = 0;
  }
}

/** The factors of P(j of the class's n variables down), computed once per class. */
function weighClass(cls: VarClass): void {
  const n = cls.vars.length;
  const u = cls.u;
  cls.choose = [];
  cls.downPow = [];
  cls.upPow = [];
  for (let j = 0; j <= n; j++) {
    cls.choose.push(binomialCoefficient(n, j));
    cls.downPow.push(u ** j);
    cls.upPow.push((1 - u) ** (n - j));
  }
}

function binomialCoefficient(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return c;
}

/** tails[m] = P(at least m of the independent events with these probabilities occur). */
function downCountTails(us: number[]): number[] {
  const n = us.length;
  // dist[i] = P(exactly i of the events so far), updated in place from the top. Plain arrays:
  // typed arrays over 64 bytes are slow to allocate.
  const dist = new Array<number>(n + 1).fill(0);
  dist[0] = 1;
  for (let k = 0; k < n; k++) {
    const u = us[k]!;
    for (let i = k + 1; i >= 1; i--) dist[i] = dist[i - 1]! * u + dist[i]! * (1 - u);
    dist[0] = dist[0]! * (1 - u);
  }
  const tails = new Array<number>(n + 2).fill(0);
  for (let m = n; m >= 0; m--) tails[m] = tails[m + 1]! + dist[m]!;
  return tails;
}

/** P(some layer down) for independent layers: 1 − Π(1 − d), computed without cancellation. */
export function andDown(layers: LayerNode[], downs: number[]): number {
  let logUp = 0;
  for (const l of layers) {
    const d = layerDown(l, downs);
    if (d >= 1) return 1;
    logUp += Math.log1p(-d);
  }
  return -Math.expm1(logUp);
}

/**
 * `andDown` of `layers`, adding prob × `andDown` of each prefix to `sums` on the way (the same
 * operations in the same order, so the last prefix's value is `andDown`'s to the bit).
 */
function prefixDowns(layers: LayerNode[], downs: number[], prob: number, sums: number[]): number {
  let logUp = 0;
  let down = 0;
  let saturated = false;
  for (let i = 0; i < layers.length; i++) {
    if (!saturated) {
      const d = layerDown(layers[i]!, downs);
      if (d >= 1) saturated = true;
      else logUp += Math.log1p(-d);
      down = saturated ? 1 : -Math.expm1(logUp);
    }
    sums[i]! += prob * down;
  }
  return down;
}

/**
 * `andDown` of `layers`, adding prob × P(layer i down, every other up) to `sums[i]`: a sum of
 * non-negative terms, the others' product from the logs of all (layers surely down counted apart).
 */
function aloneDowns(layers: LayerNode[], downs: number[], prob: number, sums: number[]): number {
  const d = new Array<number>(layers.length);
  let logUp = 0;
  let surelyDown = -1;
  let many = false;
  for (let i = 0; i < layers.length; i++) {
    const x = (d[i] = layerDown(layers[i]!, downs));
    if (x < 1) logUp += Math.log1p(-x);
    else if (surelyDown < 0) surelyDown = i;
    else many = true;
  }
  if (many) return 1;
  if (surelyDown >= 0) {
    sums[surelyDown]! += prob * Math.exp(logUp);
    return 1;
  }
  for (let i = 0; i < layers.length; i++) {
    const x = d[i]!;
    if (x > 0) sums[i]! += prob * x * Math.exp(logUp - Math.log1p(-x));
  }
  return -Math.expm1(logUp);
}

/** P(a layer down), given P(down) of each unit by unit index. */
export function layerDown(l: LayerNode, downs: number[]): number {
  if (l.kind === 'nodes') return downs[l.unit]!;
  const siteDowns: number[] = [];
  for (const s of l.sites) siteDowns.push(andDown(s.layers, downs));
  if (l.mode === 'active-passive') {
    // Structural: down when every site is (windows are windows.ts's first-order term).
    let all = 1;
    for (const d of siteDowns) all *= d;
    return all;
  }
  return atLeastDown(siteDowns, l.T);
}
/** P(at least T of independent events occur), as a sum of non-negative terms. */
export function atLeastDown(ps: number[], T: number): number {
  if (T <= 0) return 1;
  if (T > ps.length) return 0;
  // dist[j] = P(exactly j occurred so far), j < T; `absorbed` = P(≥ T).
  let dist = new Array<number>(T).fill(0);
  dist[0] = 1;
  let absorbed = 0;
  for (const p of ps) {
    const next = new Array<number>(T).fill(0);
    for (let j = 0; j < T; j++) {
      const v = dist[j]!;
      if (v === 0) continue;
      next[j]! += v * (1 - p);
      if (j + 1 < T) next[j + 1]! += v * p;
      else absorbed += v * p;
    }
    dist = next;
  }
  return absorbed;
}
