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
  /** True when errorBound ≤ 1e-9 · down (or both are 0). */
  exact: boolean;
  /** Limits hit, when not exact. */
  limits: string[];
}

/** Relative accuracy the engine guarantees when it says `exact`. */
export const TARGET_RELATIVE_ERROR = 1e-10;
/** Elementary operations one evaluation may spend before it reports a limit. */
export const DEFAULT_EVALUATION_OPS = 3e8;
/** First-pass truncation of far distribution tails; a second pass uses 0 when it is too coarse. */
const FIRST_TAU = 1e-30;

interface Var {
  key: ElementKey;
  u: number;
  /** A zone's region variable, −1 when none. */
  regionVar: number;
}

/** One engine per set of overrides: conditioned variables and prepared units. */
export class Engine {
  private readonly vars: Var[] = [];
  private readonly varOf = new Map<ElementKey, number>();
  private readonly prepared = new Map<string, PreparedUnit>();

  constructor(
    readonly spec: SystemSpec,
    readonly overrides: Overrides = new Map(),
  ) {
    // Count the units using each failing domain; shared ones become variables, regions first.
    const users = new Map<ElementKey, Set<number>>();
    for (const unit of spec.units) {
      for (const inst of unit.instances) {
        for (const d of [inst.zone, inst.region]) {
          if (d === undefined || this.domainU(d) === 0) continue;
          let s = users.get(d);
          if (!s) users.set(d, (s = new Set()));
          s.add(unit.index);
        }
      }
    }
    const shared = [...users].filter(([, s]) => s.size > 1).map(([k]) => k);
    const regions = shared.filter((k) => spec.domains.get(k)!.type === 'region').sort();
    const zones = shared.filter((k) => spec.domains.get(k)!.type === 'zone').sort();
    for (const k of [...regions, ...zones]) {
      const region = spec.domains.get(k)!.region;
      const rv = region !== undefined ? (this.varOf.get(region) ?? -1) : -1;
      this.varOf.set(k, this.vars.length);
      this.vars.push({ key: k, u: this.domainU(k), regionVar: rv });
    }
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
        varIndex: (key) => this.varOf.get(key) ?? -1,
      };
      this.prepared.set(k, (p = prepareUnit(this.spec.units[index]!, ctx, tau)));
    }
    return p;
  }

  /** P(at least one of `layers` down): the system when `layers` is the path. */
  down(layers: LayerNode[], maxOps = DEFAULT_EVALUATION_OPS): DownResult {
    try {
      return withBudget(maxOps, `evaluation budget of ${maxOps.toExponential(0)} operations`, () => {
        const first = this.enumerate(layers, FIRST_TAU);
        if (first.exact) return first;
        return this.enumerate(layers, 0);
      });
    } catch (e) {
      if (e instanceof LimitError) return { down: 0, errorBound: 1, exact: false, limits: [e.limit] };
      throw e;
    }
  }

  private enumerate(layers: LayerNode[], tau: number): DownResult {
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
      spend(units.length);
      total += prob * andDown(layers, results);
      error += prob * neglected;
    };
    const vars = relevant.map((v) => this.vars[v]!);
    const walk = (pos: number, downsLeft: number, prob: number): void => {
      if (prob === 0) return;
      if (pos === vars.length) {
        if (downsLeft === 0) leaf(prob);
        return;
      }
      const v = relevant[pos]!;
      const info = vars[pos]!;
      if (info.regionVar >= 0 && state[info.regionVar]) {
        // The zone's region is down: the zone's own state does not matter.
        state[v] = 1;
        walk(pos + 1, downsLeft, prob);
        state[v] = 0;
        return;
      }
      if (downsLeft > vars.length - pos) return;
      state[v] = 0;
      walk(pos + 1, downsLeft, prob * (1 - info.u));
      if (downsLeft > 0) {
        state[v] = 1;
        walk(pos + 1, downsLeft - 1, prob * info.u);
        state[v] = 0;
      }
    };
    const tails = downCountTails(vars.map((v) => v.u));
    for (let m = 0; m <= vars.length; m++) {
      walk(0, m, 1);
      const unvisited = tails[m + 1] ?? 0;
      if (unvisited + error <= TARGET_RELATIVE_ERROR * total || (unvisited === 0 && error === 0)) {
        return { down: total, errorBound: unvisited + error, exact: true, limits: [] };
      }
      if (unvisited === 0) break;
    }
    const exact = error <= TARGET_RELATIVE_ERROR * total || error === 0;
    return { down: total, errorBound: error, exact, limits: exact ? [] : ['truncation'] };
  }

  /** The conditioned variables (shared, failing domains), for reports and tests. */
  conditionedDomains(): ElementKey[] {
    return this.vars.map((v) => v.key);
  }
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
