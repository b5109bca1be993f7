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
import { LimitError, spend, withBudget } from './budget';
import type { ElementKey, LayerNode, SiteNode, SystemSpec } from './compile';
import { prepareUnit, type DomainContext, type PreparedUnit } from './unit';

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

interface Var {
  key: ElementKey;
  u: number;
  /** A zone's region variable, −1 when none. */
  regionVar: number;
}

/** What does not change with overrides: which domains are shared, who uses what. */
interface Layout {
  /** Domains used by more than one unit (whatever their unavailability), regions first. */
  vars: { key: ElementKey; regionVar: number }[];
  varOf: Map<ElementKey, number>;
  instanceUnit: Map<ElementKey, number>;
  /** The one unit using a domain that is not a variable. */
  localUser: Map<ElementKey, number>;
  /** Per zone variable: the instances in it, with their unit. */
  zoneContents: { unit: number; key: ElementKey; u: number; capacity: number }[][];
  /** Per variable: the variables whose signature an override of it (or of an instance in it) changes. */
  instanceZoneVar: Map<ElementKey, number>;
}

const layouts = new WeakMap<SystemSpec, Layout>();

function layoutOf(spec: SystemSpec): Layout {
  const cached = layouts.get(spec);
  if (cached) return cached;
  const users = new Map<ElementKey, Set<number>>();
  const instanceUnit = new Map<ElementKey, number>();
  for (const unit of spec.units) {
    for (const inst of unit.instances) {
      instanceUnit.set(inst.key, unit.index);
      for (const d of [inst.zone, inst.region]) {
        if (d === undefined) continue;
        let s = users.get(d);
        if (!s) users.set(d, (s = new Set()));
        s.add(unit.index);
      }
    }
  }
  const shared = [...users].filter(([, s]) => s.size > 1).map(([k]) => k);
  const localUser = new Map([...users].filter(([, s]) => s.size === 1).map(([k, s]) => [k, [...s][0]!]));
  const regions = shared.filter((k) => spec.domains.get(k)!.type === 'region').sort();
  const zones = shared.filter((k) => spec.domains.get(k)!.type === 'zone').sort();
  const vars: Layout['vars'] = [];
  const varOf = new Map<ElementKey, number>();
  for (const k of [...regions, ...zones]) {
    const region = spec.domains.get(k)!.region;
    varOf.set(k, vars.length);
    vars.push({ key: k, regionVar: region !== undefined ? (varOf.get(region) ?? -1) : -1 });
  }
  const zoneContents: Layout['zoneContents'] = vars.map(() => []);
  const instanceZoneVar = new Map<ElementKey, number>();
  for (const unit of spec.units) {
    for (const inst of unit.instances) {
      const zv = inst.zone !== undefined ? (varOf.get(inst.zone) ?? -1) : -1;
      if (zv < 0) continue;
      zoneContents[zv]!.push({ unit: unit.index, key: inst.key, u: inst.unavailability, capacity: inst.capacity });
      instanceZoneVar.set(inst.key, zv);
    }
  }
  const layout = { vars, varOf, instanceUnit, localUser, zoneContents, instanceZoneVar };
  layouts.set(spec, layout);
  return layout;
}

/**
 * One engine per set of overrides: conditioned variables and prepared units. `with` derives an
 * engine for more overrides that shares every prepared unit (and its memo) the overrides leave
 * untouched — this is what makes importance over thousands of elements affordable.
 */
export class Engine {
  private readonly vars: Var[];
  private readonly layout: Layout;
  private readonly prepared = new Map<string, PreparedUnit>();
  /** Per variable: what makes it distinguishable from another (see `classesOf`). */
  private readonly signature: string[];

  constructor(
    readonly spec: SystemSpec,
    readonly overrides: Overrides = new Map(),
    base?: Engine,
  ) {
    this.layout = layoutOf(spec);
    this.vars = this.layout.vars.map((v) => ({ key: v.key, u: this.domainU(v.key), regionVar: v.regionVar }));
    const stale = new Set<number>();
    const affectedUnits = new Set<number>();
    for (const key of overrides.keys()) {
      const zv = this.layout.instanceZoneVar.get(key) ?? this.layout.varOf.get(key);
      if (zv !== undefined) stale.add(zv);
      const unit = this.layout.instanceUnit.get(key) ?? this.layout.localUser.get(key);
      if (unit !== undefined) affectedUnits.add(unit);
    }
    this.signature = this.vars.map((_, i) => (base && !stale.has(i) ? base.signature[i]! : this.signatureOf(i)));
    if (base) {
      for (const [k, p] of base.prepared) if (!affectedUnits.has(p.spec.index)) this.prepared.set(k, p);
    }
  }

  /** An engine with `more` overrides added to this one's, sharing what they leave untouched. */
  with(more: Overrides): Engine {
    return new Engine(this.spec, new Map([...this.overrides, ...more]), this);
  }

  /** A zone's signature: its unavailability, region and the instance types it holds per unit. */
  private signatureOf(i: number): string {
    const v = this.vars[i]!;
    if (this.spec.domains.get(v.key)!.type === 'region') return `r|${i}`;
    const counts = new Map<string, number>();
    for (const c of this.layout.zoneContents[i]!) {
      const k = `${c.unit}:${this.elementU(c.key, c.u)}:${c.capacity}`;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    return `z|${v.u}|${v.regionVar}|${[...counts].map(([k, n]) => `${k}x${n}`).sort().join(',')}`;
  }

  /** Effective unavailability of an element after overrides. */
  elementU(key: ElementKey, base: number): number {
    const o = this.overrides.get(key);
    return o === 'down' ? 1 : o === 'up' ? 0 : base;
  }

  private domainU(key: ElementKey): number {
    return this.elementU(key, this.spec.domains.get(key)?.unavailability ?? 0);
  }

  private unit(index: number, tau: number): PreparedUnit {
    const k = `${index}|${tau}`;
    let p = this.prepared.get(k);
    if (!p) {
      const ctx: DomainContext = {
        domains: this.spec.domains,
        unavailability: (key, base) => this.elementU(key, base),
        varIndex: (key) => this.layout.varOf.get(key) ?? -1,
      };
      this.prepared.set(k, (p = prepareUnit(this.spec.units[index]!, ctx, tau)));
    }
    return p;
  }

  /** P(at least one of `layers` down): the system when `layers` is the path. */
  down(layers: LayerNode[], maxOps = DEFAULT_EVALUATION_OPS, tolerance = TARGET_RELATIVE_ERROR): DownResult {
    try {
      return withBudget(maxOps, `evaluation budget of ${maxOps.toExponential(0)} operations`, () => {
        const first = this.enumerate(layers, FIRST_TAU, tolerance);
        // Retry without truncation only when truncation, not the budget, was the problem.
        if (first.exact || first.limits.length > 0) return first;
        const second = this.enumerate(layers, 0, tolerance);
        if (!second.exact && second.limits.length === 0) second.limits.push('precision: the error bound exceeds the relative tolerance');
        return second;
      });
    } catch (e) {
      // The limit hit before any state was counted (e.g. preparing a huge capacity layer).
      if (e instanceof LimitError) return { down: 0, errorBound: 1, exact: false, limits: [e.limit] };
      throw e;
    }
  }

  private enumerate(layers: LayerNode[], tau: number, tolerance: number): DownResult {
    const units: PreparedUnit[] = [];
    const collect = (l: LayerNode): void => {
      if (l.kind === 'nodes') units.push(this.unit(l.unit, tau));
      else for (const s of l.sites) s.layers.forEach(collect);
    };
    layers.forEach(collect);
    const relevant = [...new Set(units.flatMap((u) => u.vars))].sort((a, b) => a - b);
    const results = new Map<number, { down: number; neglected: number }>();
    const state = new Uint8Array(this.vars.length);

    let total = 0;
    let error = 0;
    const leaf = (prob: number): void => {
      results.clear();
      let neglected = 0;
      for (const u of units) {
        const r = u.evaluate(state);
        results.set(u.spec.index, r);
        neglected += r.neglected;
      }
      spend(LEAF_COST);
      total += prob * andDown(layers, results);
      error += prob * neglected;
    };
    const classes = this.classesOf(relevant);
    const remaining = new Array<number>(classes.length + 1).fill(0);
    for (let c = classes.length - 1; c >= 0; c--) remaining[c] = remaining[c + 1]! + classes[c]!.vars.length;
    // Exchangeable variables (same unavailability, same region, same instances in every unit)
    // are enumerated by how many of them are down, not which: C(n, j) states with one result.
    const walk = (pos: number, downsLeft: number, prob: number): void => {
      if (prob === 0) return;
      if (pos === classes.length) {
        if (downsLeft === 0) leaf(prob);
        return;
      }
      const cls = classes[pos]!;
      if (cls.regionVar >= 0 && state[cls.regionVar]) {
        // The zones' region is down: their own states do not matter.
        for (const v of cls.vars) state[v] = 1;
        walk(pos + 1, downsLeft, prob);
        for (const v of cls.vars) state[v] = 0;
        return;
      }
      if (downsLeft > remaining[pos]!) return;
      const n = cls.vars.length;
      const top = Math.min(n, downsLeft);
      for (let j = 0; j <= top; j++) {
        if (j > 0) state[cls.vars[j - 1]!] = 1;
        walk(pos + 1, downsLeft - j, prob * binomialCoefficient(n, j) * cls.u ** j * (1 - cls.u) ** (n - j));
      }
      for (let j = 0; j < top; j++) state[cls.vars[j]!] = 0;
    };
    const vars = relevant.map((v) => this.vars[v]!);
    const tails = downCountTails(vars.map((v) => v.u));
    for (let m = 0; m <= vars.length; m++) {
      try {
        walk(0, m, 1);
      } catch (e) {
        if (!(e instanceof LimitError)) throw e;
        // Out of budget in level m: every state not yet counted has at least m variables down.
        const bound = (tails[m] ?? 0) + error;
        return { down: total, errorBound: bound, exact: bound <= tolerance * total, limits: [`${e.limit} (states with ${m} or more of ${vars.length} shared domains down not enumerated)`] };
      }
      const unvisited = tails[m + 1] ?? 0;
      if (unvisited + error <= tolerance * total || (unvisited === 0 && error === 0)) {
        return { down: total, errorBound: unvisited + error, exact: true, limits: [] };
      }
      if (unvisited === 0) break;
    }
    const exact = error <= tolerance * total || error === 0;
    return { down: total, errorBound: error, exact, limits: [] };
  }

  /** Groups variables into classes of exchangeable ones, regions first. */
  private classesOf(relevant: number[]): { vars: number[]; u: number; regionVar: number }[] {
    const bySignature = new Map<string, { vars: number[]; u: number; regionVar: number }>();
    for (const v of relevant) {
      const info = this.vars[v]!;
      const sig = this.signature[v]!;
      let c = bySignature.get(sig);
      if (!c) bySignature.set(sig, (c = { vars: [], u: info.u, regionVar: info.regionVar }));
      c.vars.push(v);
    }
    // Regions before zones, so a zone class sees its region's state.
    return [...bySignature.values()].sort((a, b) => (a.regionVar < 0 ? 0 : 1) - (b.regionVar < 0 ? 0 : 1) || a.vars[0]! - b.vars[0]!);
  }

  /** The conditioned variables (shared, failing domains), for reports and tests. */
  conditionedDomains(): ElementKey[] {
    return this.vars.map((v) => v.key);
  }
}

function binomialCoefficient(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return c;
}

/** tails[m] = P(at least m of the independent events with these probabilities occur). */
function downCountTails(us: number[]): number[] {
  let dist = [1];
  for (const u of us) {
    const next = new Array<number>(dist.length + 1).fill(0);
    for (let i = 0; i < dist.length; i++) {
      next[i]! += dist[i]! * (1 - u);
      next[i + 1]! += dist[i]! * u;
    }
    dist = next;
  }
  const tails = new Array<number>(dist.length + 1).fill(0);
  for (let m = dist.length - 1; m >= 0; m--) tails[m] = tails[m + 1]! + dist[m]!;
  return tails;
}

type Results = Map<number, { down: number }>;

/** P(some layer down) for independent layers: 1 − Π(1 − d), computed without cancellation. */
export function andDown(layers: LayerNode[], results: Results): number {
  let logUp = 0;
  for (const l of layers) {
    const d = layerDown(l, results);
    if (d >= 1) return 1;
    logUp += Math.log1p(-d);
  }
  return -Math.expm1(logUp);
}

function layerDown(l: LayerNode, results: Results): number {
  if (l.kind === 'nodes') return results.get(l.unit)!.down;
  const siteDowns = l.sites.map((s: SiteNode) => andDown(s.layers, results));
  if (l.mode === 'active-passive') {
    let all = 1;
    for (const d of siteDowns) all *= d;
    const q = l.failoverProbability;
    return q + (1 - q) * all;
  }
  return atLeastDown(siteDowns, l.T);
}

/** P(at least T of independent events occur), as a sum of non-negative terms. */
export function atLeastDown(ps: number[], T: number): number {
  if (T <= 0) return 1;
  if (T > ps.length) return 0;
  // dist[j] = P(exactly j occurred so far), j < T; `absorbed` = P(≥ T).
  let dist = new Float64Array(T);
  dist[0] = 1;
  let absorbed = 0;
  for (const p of ps) {
    const next = new Float64Array(T);
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
