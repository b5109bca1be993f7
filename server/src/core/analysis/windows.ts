/**
 * Failover windows (spec section 3, revision 2): U = U_struct + Σ_e f_e × X_e, exactly.
 *
 * X_e is the extra downtime one failure of element e causes through the windows it opens, with
 * every other element frozen in its steady state. Three facts make it computable with the same
 * machinery as U_struct:
 *
 * 1. Time enters only through which windows are open and whether e is back. Between consecutive
 *    window ends a < b (over every standby of every layer e can reach) the set of open windows is
 *    fixed, and e is still down with weight ∫ₐᵇ P(R > t) dt = M(e^(−a/M) − e^(−b/M)) (M = MTTR_e),
 *    back with the rest of (b − a). So X_e = Σ over those pieces ("views": piece × e down/back) of
 *    weight × P(the target is structurally up in the view's state of e but unavailable).
 * 2. Given the states of the conditioned (shared) domains, the parts of the tree are independent,
 *    as for U_struct. Each part's relevant state for one failure of e is a triple of booleans:
 *    b = structurally up with e up (before), a = structurally up with e down (after), v = available
 *    in the view (structurally up in the view's state of e, and no window open over it). With
 *    a ≤ b, and v ≤ a (e down) or v ≤ b (e back), five configurations remain; a part is a
 *    distribution over them per view, and series (AND), k-of-n and takeover combine those
 *    distributions exactly, as sums of non-negative terms (no cancellation).
 * 3. Takeover is a scan over the members in takeover order with nine states: no member up before
 *    yet; the active member was killed by e (looking for the first standby up after: j); j found
 *    (the window is open in this view iff T_fo(j) reaches past the view's piece); the active
 *    member survived. A window inside a site makes the site unavailable (v) but not structurally
 *    down (b, a), so the layer above neither fails over for it nor loses its other members.
 *
 * Members of a layer of nodes can share local (unconditioned) zones; in an active-passive layer
 * that e reaches, a local zone of one member folds into that member and those of several are
 * enumerated inside the layer, so its members are independent in each state.
 *
 * Speed. Every trigger walks the same states: the plain figure of each target layer is kept per
 * state (`Engine.layerStates`), a trigger evaluates only the layers it touches, and when at most one of
 * them has a window over it the others only scale its loss (`Windowed.lostWith`).
 *
 * Accuracy. The walk over shared-domain states stops once the probability of the states not yet
 * visited, times the longest window (a bound on any state's contribution), plus the prepared
 * units' truncation, is within `tolerance` × max(X_e, U_struct / Σ f): the whole term is then
 * within `tolerance` × U of the exact one, and never above it.
 */
import { LimitError } from './budget';
import type { ElementKey, InstanceSpec, LayerNode, SiteNode, SystemSpec, Takeover, UnitSpec } from './compile';
import { collectUnits, TARGET_RELATIVE_ERROR, type DownResult, type Engine, type LayerStates, type StateVisitor } from './engine';
import type { TriggerSplit } from './types';
import type { PreparedUnit } from './unit';
import { SECONDS_PER_YEAR } from '../../../../grammar/src/units';

/** Work budget of one target's whole window term. */
export const DEFAULT_WINDOW_OPS = 3e8;
/** Work charged per state visited, and per member of a scanned layer. */
const LEAF_COST = 20;
const MEMBER_COST = 4;
/** Most local domains enumerated inside one active-passive layer of nodes. */
const MAX_LOCAL_DOMAINS = 20;

// The five configurations (b, a, v) of a part, as indices into a view's slice.
const C111 = 0;
const C110 = 1;
const C100 = 2;
const C101 = 3;
const C000 = 4;
const NC = 5;
const CONFIG_BITS = [0b111, 0b110, 0b100, 0b101, 0b000];
/** Configuration index by (b << 2 | a << 1 | v); impossible triples (a or v without b) never arise. */
const CONFIG_OF = [C000, C000, C000, C000, C100, C101, C110, C111];
/** AND of two configurations. */
const AND_TABLE: number[] = [];
for (let x = 0; x < NC; x++) for (let y = 0; y < NC; y++) AND_TABLE.push(CONFIG_OF[CONFIG_BITS[x]! & CONFIG_BITS[y]!]!);

/**
 * A part's distribution: a number is a part e does not touch (b = a = v, the number is P(down),
 * carried as such so that a tiny one keeps its digits); a `Killed` is a part e touches but no
 * window covers (v follows the structure in every view); a `Windowed` is a takeover layer of nodes
 * with its windows on, summarised; a `Float64Array` holds, per view, the probabilities of the five
 * configurations (the general case).
 */
type Dist = number | Killed | Windowed | Float64Array;

/** P(up before and after), P(up before, down after: killed by e), P(down before): the same in every view. */
class Killed {
  constructor(readonly up: number, readonly killed: number, readonly down: number) {}
}

/**
 * A takeover layer of nodes with its windows on (or such a layer in series with untouched parts),
 * summarised: P(down before), P(its active member killed with no standby up after), P(its active
 * member survived), and per takeover position j P(a window with j promoted), whose window covers
 * the first `coverage[j]` pieces. The views' vector is built only when another part with a window
 * is in series.
 */
class Windowed {
  constructor(
    readonly down: number,
    readonly killed: number,
    readonly survived: number,
    readonly byPosition: Float64Array,
    /** Per position: how many pieces the window covers. */
    readonly coverage: number[],
    /** Per position: the seconds of its window during which the trigger is still down, and back (their sum is T_fo). */
    readonly secondsDown: number[],
    readonly secondsBack: number[],
  ) {}

  /** In series with an untouched part down with probability d. */
  scaled(d: number): Windowed {
    const r = 1 - d;
    const byPosition = new Float64Array(this.byPosition.length);
    let kept = 0;
    for (let j = 0; j < byPosition.length; j++) {
      byPosition[j] = r * this.byPosition[j]!;
      kept += this.byPosition[j]!;
    }
    kept += this.killed + this.survived;
    return new Windowed(this.down + d * kept, r * this.killed, r * this.survived, byPosition, this.coverage, this.secondsDown, this.secondsBack);
  }

  /** Σ_views weight × P(up, unavailable): a window with j costs its whole T_fo(j), e down or back. */
  lost(): number {
    return this.lostWith(1, 1);
  }

  /**
   * `lost` in series with parts that have no window over them and are structurally up with
   * probability `whileDown` while the trigger is down, `whenBack` once it is back.
   */
  lostWith(whileDown: number, whenBack: number): number {
    let sum = 0;
    for (let j = 0; j < this.byPosition.length; j++) sum += this.byPosition[j]! * (whileDown * this.secondsDown[j]! + whenBack * this.secondsBack[j]!);
    return sum;
  }

  /** The distribution per view: a window with j makes the layer unavailable over the pieces it covers. */
  vector(views: number): Float64Array {
    const d = new Float64Array(views * NC);
    for (let view = 0; view < views; view++) {
      const o = view * NC;
      const piece = view >> 1;
      let open = 0;
      let closed = 0;
      for (let j = 0; j < this.byPosition.length; j++) {
        if (piece < this.coverage[j]!) open += this.byPosition[j]!;
        else closed += this.byPosition[j]!;
      }
      d[o + C000] = this.down;
      // Killed with no standby up after: unavailable while e is down, back with it.
      if (view % 2 === 0) d[o + C100] = this.killed;
      else d[o + C101] = this.killed;
      d[o + C110] = open;
      d[o + C111] = closed + this.survived;
    }
    return d;
  }
}

export interface WindowOptions {
  /** U_struct of the same layers: the accuracy asked of each X_e is relative to the whole U. */
  structural: number;
  /** Also the term of every prefix of `layers` (the cumulative figures along a path). */
  prefixes?: boolean;
  /** Also each active-passive layer's own cost (only its windows open) by trigger, and its windows per year. */
  attribution?: boolean;
  maxOps?: number;
  tolerance?: number;
}

export interface LayerWindows {
  /** Σ_e f_e × X_e with only this layer's windows open (a probability). */
  term: number;
  /** The same split by what failed, in seconds per year. */
  byTrigger: TriggerSplit;
  windowsPerYear: number;
}

export interface WindowTerm {
  /** Σ_e f_e × X_e: a lower bound within `errorBound` of the exact value. */
  term: number;
  errorBound: number;
  exact: boolean;
  limits: string[];
  /** With `prefixes`: the term of `layers[0..i]` for each i (within the same error bound). */
  prefixTerms?: number[];
  /** With `attribution`: per active-passive layer id with a standby under `layers`. */
  layers?: Map<string, LayerWindows>;
}

/** An active-passive layer with a standby: the unit (nodes) or the layer of sites. */
interface TakeoverLayer {
  layerId: string;
  takeover: Takeover;
}

/** One element that can open windows, and what it reaches. */
interface Trigger {
  key: ElementKey;
  /** What failed, as the attribution splits it (`commonCause`: a deploy, a common-cause group, maintenance). */
  type: keyof TriggerSplit;
  failuresPerSecond: number;
  mttrSeconds: number;
  /** An instance or a unit's group: the unit holding it (−1 otherwise). */
  unit: number;
  /** A zone or region: its `domainList` index (−1 for an instance). */
  domain: number;
  /** Its zone and region (an instance's), as `domainList` indices, −1 when none. */
  zone: number;
  region: number;
  /** The takeover layers whose members it can take down, by layer id. */
  reaches: Set<string>;
  /** Interchangeable instances share one computation (same unit, domains, figures; not in a takeover). */
  classKey?: string;
}

/** The failover-window term of `layers` (the path, one layer, a site's layers) under `base`'s overrides. */
export function windowTerm(base: Engine, layers: LayerNode[], options: WindowOptions): WindowTerm {
  const spec = base.spec;
  const tolerance = options.tolerance ?? TARGET_RELATIVE_ERROR;
  const takeovers = new Map<string, TakeoverLayer>();
  const triggers = triggersUnder(spec, base, layers, takeovers);
  const result: WindowTerm = { term: 0, errorBound: 0, exact: true, limits: [] };
  const prefixTerms = options.prefixes ? new Array<number>(layers.length).fill(0) : undefined;
  const perLayer = options.attribution ? new Map<string, LayerWindows>() : undefined;
  if (perLayer) for (const id of takeovers.keys()) perLayer.set(id, { term: 0, byTrigger: { instance: 0, zone: 0, region: 0, commonCause: 0 }, windowsPerYear: 0 });
  let totalF = 0;
  for (const t of triggers) totalF += t.failuresPerSecond;
  const floorX = totalF > 0 ? options.structural / totalF : 0;
  const done = new Map<string, Accumulated>();
  const plain = base.layerStates(layers);
  const maxOps = options.maxOps ?? DEFAULT_WINDOW_OPS;
  base.budget.enter(maxOps, `failover-window budget of ${maxOps.toExponential(0)} operations`);
  try {
    for (let i = 0; i < triggers.length; i++) {
      const t = triggers[i]!;
      let acc = t.classKey !== undefined ? done.get(t.classKey) : undefined;
      if (!acc) {
        try {
          acc = new TriggerWalk(base, layers, plain, t, takeovers, tolerance, floorX, prefixTerms !== undefined, perLayer !== undefined).run();
        } catch (e) {
          if (!(e instanceof LimitError)) throw e;
          // Nothing more is computed: every trigger left is bounded by its longest window.
          result.exact = false;
          result.limits.push(`${e.limit} (failover windows of ${triggers.length - i} of ${triggers.length} elements not computed)`);
          for (let k = i; k < triggers.length; k++) result.errorBound += triggers[k]!.failuresPerSecond * longestWindow(triggers[k]!, takeovers);
          break;
        }
        if (t.classKey !== undefined) done.set(t.classKey, acc);
      }
      add(result, acc, t, prefixTerms, perLayer);
    }
  } finally {
    base.budget.leave();
  }
  if (result.exact) result.exact = result.errorBound <= tolerance * (options.structural + result.term) || result.errorBound === 0;
  if (prefixTerms) result.prefixTerms = prefixTerms;
  if (perLayer) result.layers = perLayer;
  return result;
}

/** What one trigger's walk found: X_e (seconds) and its parts. */
interface Accumulated {
  x: number;
  error: number;
  prefixX?: number[];
  /** Per reached layer: X_e with only its windows open, and P(it opens a window | e fails). */
  layerX?: Map<string, number>;
  opens?: Map<string, number>;
}

function add(result: WindowTerm, acc: Accumulated, t: Trigger, prefixTerms: number[] | undefined, perLayer: Map<string, LayerWindows> | undefined): void {
  const f = t.failuresPerSecond;
  result.term += f * acc.x;
  result.errorBound += f * acc.error;
  if (prefixTerms && acc.prefixX) for (let i = 0; i < prefixTerms.length; i++) prefixTerms[i]! += f * acc.prefixX[i]!;
  if (perLayer && acc.layerX) {
    for (const [id, x] of acc.layerX) {
      const l = perLayer.get(id);
      if (!l) continue;
      l.term += f * x;
      l.byTrigger[t.type] += f * x * SECONDS_PER_YEAR;
      l.windowsPerYear += f * (acc.opens?.get(id) ?? 0) * SECONDS_PER_YEAR;
    }
  }
}

/** The longest window `t` can open (seconds): a bound on X_e. */
function longestWindow(t: Trigger, takeovers: Map<string, TakeoverLayer>): number {
  let longest = 0;
  for (const id of t.reaches) for (const w of takeovers.get(id)!.takeover.failoverSeconds) longest = Math.max(longest, w);
  return longest;
}

/**
 * The elements that can open a window under `layers`: every instance under a takeover layer, and
 * the zones and regions they run in, with a failure frequency above 0. Instances of active-active
 * layers that are interchangeable (same unit, zone, region and figures) share a class.
 */
function triggersUnder(spec: SystemSpec, base: Engine, layers: LayerNode[], takeovers: Map<string, TakeoverLayer>): Trigger[] {
  const byKey = new Map<ElementKey, Trigger>();
  const order: Trigger[] = [];
  const reach = (key: ElementKey, make: () => Trigger, layerId: string): void => {
    let t = byKey.get(key);
    if (!t) {
      t = make();
      byKey.set(key, t);
      order.push(t);
    }
    t.reaches.add(layerId);
  };
  const reachInstance = (inst: InstanceSpec, unit: UnitSpec, layerId: string): void => {
    const zone = inst.zoneIndex;
    const region = inst.regionIndex;
    reach(inst.key, () => ({
      // A common cause in series with what it covers is the one instance of a layer of its own.
      key: inst.key, type: spec.commonCauses.has(inst.key) ? 'commonCause' : 'instance',
      failuresPerSecond: base.elementU(inst.key, inst.unavailability) === inst.unavailability ? inst.failuresPerSecond : 0,
      mttrSeconds: inst.mttrSeconds, unit: unit.index, domain: -1, zone, region, reaches: new Set(),
      ...(unit.takeover ? {} : { classKey: `${unit.index}|${zone}|${region}|${inst.unavailability}|${inst.failuresPerSecond}|${inst.mttrSeconds}|${inst.capacity}|${inst.groupMask ?? 0}` }),
    }), layerId);
    for (const d of [zone, region]) {
      if (d < 0) continue;
      const domain = spec.domainList[d]!;
      reach(domain.key, () => ({
        key: domain.key, type: domain.type, failuresPerSecond: base.elementU(domain.key, domain.unavailability) === domain.unavailability ? domain.failuresPerSecond : 0,
        mttrSeconds: domain.mttrSeconds, unit: -1, domain: d, zone: -1, region: -1, reaches: new Set(),
      }), layerId);
    }
  };
  const under = (node: LayerNode, layerId: string): void => {
    if (node.kind === 'nodes') {
      const unit = spec.units[node.unit]!;
      for (const inst of unit.instances) reachInstance(inst, unit, layerId);
      // A common cause covering part of the unit takes its instances down together.
      for (const g of unit.groups ?? []) {
        reach(g.key, () => ({
          key: g.key, type: 'commonCause', failuresPerSecond: base.elementU(g.key, g.unavailability) === g.unavailability ? g.failuresPerSecond : 0,
          mttrSeconds: g.mttrSeconds, unit: unit.index, domain: -1, zone: -1, region: -1, reaches: new Set(),
        }), layerId);
      }
    } else for (const s of node.sites) for (const l of s.layers) under(l, layerId);
  };
  const visit = (node: LayerNode): void => {
    const takeover = node.kind === 'nodes' ? spec.units[node.unit]!.takeover : node.takeover;
    if (takeover && !takeovers.has(node.layerId)) {
      takeovers.set(node.layerId, { layerId: node.layerId, takeover });
      under(node, node.layerId);
    }
    if (node.kind === 'sites') for (const s of node.sites) for (const l of s.layers) visit(l);
  };
  for (const l of layers) visit(l);
  // An element forced up or down by the engine's overrides never fails.
  return order.filter((t) => t.failuresPerSecond > 0);
}

/** `only` for an evaluation with every window off. */
const NO_WINDOWS = '';

/** The walk over shared-domain states for one trigger: accumulates X_e and its parts. */
class TriggerWalk implements StateVisitor {
  private readonly views: number;
  /** Per view: the weight of its piece (seconds). */
  private readonly weights: number[];
  /** Per takeover layer id: per takeover position, how many pieces its window covers. */
  private readonly coverage = new Map<string, number[]>();
  /** Per takeover layer id: `windowSeconds`, computed once. */
  private readonly seconds = new Map<string, [number[], number[]]>();
  private readonly longest: number;
  /** The conditioned variable of the trigger itself (a shared zone or region), −1 otherwise. */
  private readonly ownVar: number;
  /** Variables of the trigger's own zone and region (an instance), −1 when none. */
  private readonly zoneVar: number;
  private readonly regionVar: number;
  /** Per unit: does the trigger change it (holds it, or one of its domains)? */
  private readonly touched: Uint8Array;
  /** Engines with the trigger forced up and down (a trigger that is no conditioned variable), made when first needed. */
  private up: Engine | undefined;
  private down: Engine | undefined;
  private readonly units: number[];
  /** Per unit: a takeover layer's members, prepared once. */
  private readonly members: (TakeoverMembers | undefined)[] = [];
  /** Per unit: a takeover layer's result by the state of its variables (and whether its windows count). */
  private readonly memo: (Map<number | string, { dist: Dist; opens: number }> | undefined)[] = [];
  private x = 0;
  private error = 0;
  private readonly prefixX: number[] | undefined;
  private readonly layerX: Map<string, number> | undefined;
  private readonly opens: Map<string, number> | undefined;
  /** Scratch per visit: P(open) of each takeover layer in the current state. */
  private readonly openNow = new Map<string, number>();
  private neglected = 0;
  /** P(the trigger's own zone and region are up): the weight of every state visited. */
  private upWeight = 1;
  /** Scratch per visit: the untouched target layers' P(all up). */
  private rest = 1;
  /** The target layers the trigger touches (its own, or one using its zone or region), in order. */
  private readonly touchedTops: number[] = [];
  /** Per target layer: 1 when touched. */
  private readonly topTouched: Uint8Array;
  /** Per reached takeover layer: its target layer's position in `touchedTops`. */
  private readonly topOf = new Map<string, number>();

  constructor(
    private readonly base: Engine,
    private readonly layers: LayerNode[],
    private readonly plain: LayerStates,
    private readonly t: Trigger,
    private readonly takeovers: Map<string, TakeoverLayer>,
    private readonly tolerance: number,
    private readonly floorX: number,
    prefixes: boolean,
    attribution: boolean,
  ) {
    const spec = base.spec;
    const layout = spec.layout;
    // The window ends of every standby the trigger can reach, in order: the pieces.
    const ends = new Set<number>();
    for (const id of t.reaches) for (const w of takeovers.get(id)!.takeover.failoverSeconds.slice(1)) if (w > 0) ends.add(w);
    const times = [...ends].sort((p, q) => p - q);
    this.longest = times.length > 0 ? times[times.length - 1]! : 0;
    this.views = 2 * times.length;
    this.weights = pieceWeights(times, t.mttrSeconds);
    for (const id of t.reaches) {
      const windows = takeovers.get(id)!.takeover.failoverSeconds;
      this.coverage.set(id, windows.map((w, pos) => (pos === 0 ? 0 : countAtMost(times, w))));
    }
    this.ownVar = t.domain >= 0 ? layout.varOfDomain[t.domain]! : -1;
    this.zoneVar = t.zone >= 0 ? layout.varOfDomain[t.zone]! : -1;
    this.regionVar = t.region >= 0 ? layout.varOfDomain[t.region]! : -1;
    this.touched = new Uint8Array(spec.units.length);
    const unitList: number[] = [];
    collectUnits(layers, unitList);
    this.units = unitList;
    for (const u of unitList) {
      const unit = spec.units[u]!;
      if (t.unit === u) this.touched[u] = 1;
      else if (t.domain >= 0) for (const i of unit.instances) if (i.zoneIndex === t.domain || i.regionIndex === t.domain) this.touched[u] = 1;
    }
    this.topTouched = new Uint8Array(layers.length);
    layers.forEach((l, m) => {
      const under: number[] = [];
      collectUnits([l], under);
      if (!under.some((u) => this.touched[u])) return;
      this.topTouched[m] = 1;
      const k = this.touchedTops.length;
      this.touchedTops.push(m);
      const mark = (node: LayerNode): void => {
        if (t.reaches.has(node.layerId)) this.topOf.set(node.layerId, k);
        if (node.kind === 'sites') for (const site of node.sites) site.layers.forEach(mark);
      };
      mark(l);
    });
    this.prefixX = prefixes ? new Array<number>(layers.length).fill(0) : undefined;
    this.layerX = attribution ? new Map([...t.reaches].map((id) => [id, 0])) : undefined;
    this.opens = attribution ? new Map([...t.reaches].map((id) => [id, 0])) : undefined;
  }

  run(): Accumulated {
    const acc: Accumulated = { x: 0, error: 0 };
    if (this.views === 0) return acc;
    const spec = this.base.spec;
    const nVars = spec.layout.varDomains.length;
    const used = new Uint8Array(nVars);
    for (const u of this.units) for (const v of this.base.preparedUnit(u).vars) used[v] = 1;
    const relevant: number[] = [];
    // The trigger's own zone and region (a zone's region) are up whenever its failure changes
    // anything: they are not enumerated, and every state is weighed by P(they are up).
    const fixed = new Uint8Array(nVars);
    const ownRegion = this.ownVar >= 0 ? spec.layout.regionVar[this.ownVar]! : -1;
    for (const v of [this.zoneVar, this.regionVar, ownRegion]) {
      if (v < 0 || fixed[v]) continue;
      fixed[v] = 1;
      this.upWeight *= 1 - this.base.variableU(v);
    }
    for (let v = 0; v < nVars; v++) if (used[v] && v !== this.ownVar && !fixed[v]) relevant.push(v);
    // Where the takeover order makes a domain special, it is never exchanged.
    const isolated = new Uint8Array(nVars);
    for (const u of this.units) {
      const unit = spec.units[u]!;
      if (!unit.takeover || !this.touched[u]) continue;
      for (const i of unit.instances) {
        for (const d of [i.zoneIndex, i.regionIndex]) if (d >= 0 && spec.layout.varOfDomain[d]! >= 0) isolated[spec.layout.varOfDomain[d]!] = 1;
      }
    }
    let unvisited = 1;
    this.base.walkStates(relevant, isolated, this, (left) => {
      unvisited = left * this.upWeight;
      if (unvisited * this.longest + this.error > this.tolerance * Math.max(this.x, this.floorX)) return false;
      // Windows a year, when asked: each unvisited state opens at most one window per layer.
      if (!this.opens) return true;
      let opened = 0;
      for (const p of this.opens.values()) opened += p;
      return unvisited <= this.tolerance * opened || opened === 0;
    });
    acc.x = this.x;
    // No state contributes more than the longest window.
    acc.error = this.error + unvisited * this.longest;
    if (this.prefixX) acc.prefixX = this.prefixX;
    if (this.layerX) acc.layerX = this.layerX;
    if (this.opens) acc.opens = this.opens;
    return acc;
  }

  visit(state: Uint8Array, p: number): void {
    const layers = this.layers;
    this.base.budget.spend(LEAF_COST + layers.length);
    const prob = p * this.upWeight;
    this.openNow.clear();
    const plain = this.plain.get(state);
    // Every plain unit's truncation counts (those the trigger touches are evaluated again below).
    this.neglected = plain.neglected;
    const ups = plain.ups;
    const tops = this.touchedTops;
    // The touched layers with every window on; the others only scale what those lose.
    const on: Dist[] = [];
    let bearers = 0;
    for (const m of tops) {
      const d = this.layer(layers[m]!, state, undefined);
      on.push(d);
      if (d instanceof Windowed || d instanceof Float64Array) bearers++;
    }
    const total = bearers <= 1 ? this.combineOne(prob, on, ups) : this.combine(prob, on, ups);
    this.x += prob * total;
    if (this.layerX) this.attribute(state, prob, this.rest, on, total);
    this.error += prob * this.neglected * this.longest;
  }

  /**
   * The target's loss when at most one touched layer has a window over it: every other touched
   * layer only changes how likely the rest is structurally up while the trigger is down and once
   * it is back (`Windowed.lostWith`). Fills the prefixes on the way; sets `rest`.
   */
  private combineOne(prob: number, on: Dist[], ups: Float64Array): number {
    const layers = this.layers;
    const prefixX = this.prefixX;
    let rest = 1;
    let whileDown = 1;
    let whenBack = 1;
    let bearer: Windowed | Float64Array | undefined;
    let lostSoFar = 0;
    let k = 0;
    for (let m = 0; m < layers.length; m++) {
      if (this.topTouched[m]) {
        const d = on[k++]!;
        if (typeof d === 'number') {
          whileDown *= 1 - d;
          whenBack *= 1 - d;
        } else if (d instanceof Killed) {
          whileDown *= d.up;
          whenBack *= d.up + d.killed;
        } else bearer = d;
        if (prefixX && bearer) lostSoFar = this.lostWith(bearer, whileDown, whenBack);
      } else rest *= ups[m]!;
      if (prefixX) prefixX[m]! += prob * rest * lostSoFar;
    }
    this.rest = rest;
    return bearer ? rest * (prefixX ? lostSoFar : this.lostWith(bearer, whileDown, whenBack)) : 0;
  }

  /** `lost` of a part with windows in series with parts without, up with these probabilities in the two states of the trigger. */
  private lostWith(d: Windowed | Float64Array, whileDown: number, whenBack: number): number {
    if (d instanceof Windowed) return d.lostWith(whileDown, whenBack);
    let sum = 0;
    for (let view = 0; view < this.views; view++) {
      const o = view * NC;
      // Even views: e still down (structure = a); odd views: e back (structure = b).
      sum += this.weights[view]! * (view % 2 === 0 ? whileDown * d[o + C110]! : whenBack * (d[o + C110]! + d[o + C100]!));
    }
    return sum;
  }

  /** The target's loss in general: every touched layer ANDed in order. Fills the prefixes on the way; sets `rest`. */
  private combine(prob: number, on: Dist[], ups: Float64Array): number {
    const layers = this.layers;
    const prefixX = this.prefixX;
    let rest = 1;
    let acc: Dist = 0;
    let lostSoFar = 0;
    let k = 0;
    for (let m = 0; m < layers.length; m++) {
      if (this.topTouched[m]) {
        acc = and(acc, on[k++]!, this.views);
        if (prefixX) lostSoFar = this.lost(acc);
      } else rest *= ups[m]!;
      if (prefixX) prefixX[m]! += prob * rest * lostSoFar;
    }
    this.rest = rest;
    return rest * (prefixX ? lostSoFar : this.lost(acc));
  }

  /**
   * Each reached layer's cost with only its windows open: the other touched layers with their
   * windows off (ANDed before and after it), the untouched ones scaling as `rest`.
   */
  private attribute(state: Uint8Array, prob: number, rest: number, on: Dist[], total: number): void {
    const layerX = this.layerX!;
    const opens = this.opens!;
    // Evaluations with windows off or one layer's on leave `openNow` as the full one set it.
    const openNow = this.openNow;
    if (layerX.size === 1) {
      for (const id of layerX.keys()) {
        layerX.set(id, layerX.get(id)! + prob * total);
        opens.set(id, opens.get(id)! + prob * (openNow.get(id) ?? 0));
      }
      return;
    }
    const tops = this.touchedTops;
    const off: Dist[] = tops.map((m) => this.layer(this.layers[m]!, state, NO_WINDOWS));
    const before: Dist[] = [0];
    for (let k = 0; k < off.length; k++) before.push(and(before[k]!, off[k]!, this.views));
    const after: Dist[] = new Array<Dist>(off.length + 1).fill(0);
    for (let k = off.length - 1; k >= 0; k--) after[k] = and(off[k]!, after[k + 1]!, this.views);
    for (const id of layerX.keys()) {
      const k = this.topOf.get(id)!;
      const top = this.layers[tops[k]!]!;
      const only = top.kind === 'nodes' && top.layerId === id ? on[k]! : this.layer(top, state, id);
      const b = before[k]!;
      const a = after[k + 1]!;
      let value: number;
      if ((only instanceof Windowed || only instanceof Float64Array) && !(b instanceof Windowed || b instanceof Float64Array) && !(a instanceof Windowed || a instanceof Float64Array)) {
        // The others have no window open: they only scale what this one loses.
        const [bd, bb] = upBothWays(b);
        const [ad, ab] = upBothWays(a);
        value = rest * this.lostWith(only, bd * ad, bb * ab);
      } else value = rest * this.lost(and(and(b, only, this.views), a, this.views));
      layerX.set(id, layerX.get(id)! + prob * value);
      opens.set(id, opens.get(id)! + prob * (openNow.get(id) ?? 0));
    }
  }

  /** Σ_views weight × P(up structurally, unavailable) of a distribution. */
  private lost(d: Dist): number {
    if (d instanceof Windowed) return d.lost();
    // No window over it: nothing structurally up is unavailable.
    if (!(d instanceof Float64Array)) return 0;
    let sum = 0;
    for (let view = 0; view < this.views; view++) {
      const o = view * NC;
      // Even views: e still down (structure = a); odd views: e back (structure = b).
      const p = view % 2 === 0 ? d[o + C110]! : d[o + C110]! + d[o + C100]!;
      sum += this.weights[view]! * p;
    }
    return sum;
  }

  private layer(l: LayerNode, state: Uint8Array, only: string | undefined): Dist {
    if (l.kind === 'nodes') return this.unit(l.unit, state, only);
    const members: Dist[] = [];
    for (const s of l.sites) members.push(this.site(s, state, only));
    const windowsOn = l.takeover !== undefined && this.t.reaches.has(l.layerId) && (only === undefined || only === l.layerId);
    if (l.mode === 'active-passive') {
      if (windowsOn) {
        const ordered = l.takeover!.order.map((pos) => members[pos]!);
        const r = takeoverScan(ordered, this.coverage.get(l.layerId)!, this.views);
        if (only === undefined) this.openNow.set(l.layerId, r.opens);
        return r.dist;
      }
      return atLeast(members, 1, this.views);
    }
    return atLeast(members, l.sites.length - l.T + 1, this.views);
  }

  private site(s: SiteNode, state: Uint8Array, only: string | undefined): Dist {
    let acc: Dist = 0;
    for (const l of s.layers) acc = and(acc, this.layer(l, state, only), this.views);
    return acc;
  }

  private unit(u: number, state: Uint8Array, only: string | undefined): Dist {
    const plain = this.base.preparedUnit(u);
    if (!this.touched[u]) {
      const r = plain.evaluate(state);
      this.neglected += r.neglected;
      return r.down;
    }
    const unit = this.base.spec.units[u]!;
    if (unit.takeover && this.t.reaches.has(unit.layerId)) {
      const windowsOn = only === undefined || only === unit.layerId;
      const r = this.takeoverUnit(unit, plain, state, windowsOn);
      if (windowsOn && only === undefined) this.openNow.set(unit.layerId, r.opens);
      return r.dist;
    }
    // Active-active (or no standby): P(down) with e up and with e down.
    let dUp: number;
    let dDown: number;
    if (this.ownVar >= 0) {
      const r0 = plain.evaluate(state);
      state[this.ownVar] = 1;
      const r1 = plain.evaluate(state);
      state[this.ownVar] = 0;
      dUp = r0.down;
      dDown = r1.down;
      this.neglected += r0.neglected + r1.neglected;
    } else {
      // A trigger that is no conditioned variable is forced in derived engines (they share the rest).
      this.up ??= this.base.with(new Map([[this.t.key, 'up']]));
      this.down ??= this.base.with(new Map([[this.t.key, 'down']]));
      const r0 = this.up.preparedUnit(u).evaluate(state);
      const r1 = this.down.preparedUnit(u).evaluate(state);
      dUp = r0.down;
      dDown = r1.down;
      this.neglected += r0.neglected + r1.neglected;
    }
    const killed = Math.max(0, dDown - dUp);
    return new Killed(1 - dDown, killed, dUp);
  }

  /**
   * A takeover layer of nodes the trigger reaches: its members' configurations in each state of
   * its local domains (enumerated here, so members are independent), scanned in takeover order.
   */
  private takeoverUnit(unit: UnitSpec, plain: PreparedUnit, state: Uint8Array, windowsOn: boolean): { dist: Dist; opens: number } {
    let key: number | string;
    if (plain.vars.length <= 30) {
      let bits = windowsOn ? 1 : 0;
      for (const v of plain.vars) bits = bits * 2 + (state[v] ? 1 : 0);
      key = bits;
    } else {
      key = windowsOn ? '1' : '0';
      for (const v of plain.vars) key += state[v] ? '1' : '0';
    }
    let memo = this.memo[unit.index];
    if (!memo) this.memo[unit.index] = memo = new Map();
    const hit = memo.get(key);
    if (hit) return hit;
    const members = (this.members[unit.index] ??= this.membersOf(unit));
    const n = members.instanceU.length;
    this.base.budget.spend(MEMBER_COST * n * (1 << members.localU.length));
    // Per member: 1 up, 0 down, −1 the trigger, −2 local (its bit in `local…Bit`), for zone and region.
    const zoneState = members.zoneState;
    const regionState = members.regionState;
    for (let m = 0; m < n; m++) {
      zoneState[m] = this.domainState(members.zone[m]!, state);
      regionState[m] = this.domainState(members.region[m]!, state);
    }
    const pUp = members.pUp;
    const pKilled = members.pKilled;
    const byPosition = members.byPosition;
    byPosition.fill(0);
    let none = 0;
    let killed = 0;
    let survived = 0;
    const localU = members.localU;
    for (let bits = 0; bits < 1 << localU.length; bits++) {
      let p = 1;
      for (let k = 0; k < localU.length; k++) p *= bits & (1 << k) ? localU[k]! : 1 - localU[k]!;
      if (p === 0) continue;
      for (let m = 0; m < n; m++) {
        const zs = zoneState[m] === -2 ? localUp(members.zoneBit[m]!, bits) : zoneState[m]!;
        const rs = regionState[m] === -2 ? localUp(members.regionBit[m]!, bits) : regionState[m]!;
        const iu = members.instanceU[m]!;
        const folded = members.folded[m]!;
        pUp[m] = 0;
        pKilled[m] = 0;
        if (zs !== 0 && rs !== 0) {
          if (members.trigger === m) pKilled[m] = folded;
          else if (zs === -1 || rs === -1) pKilled[m] = (1 - iu) * folded;
          else pUp[m] = (1 - iu) * folded;
        }
      }
      // The scan over members in takeover order (instances: up, killed by e, or down): no active
      // member yet; the active one killed, no standby up after yet; the first standby up after
      // found at position j (its window); the active one survived.
      let sNone = 1;
      let sKilled = 0;
      let sSurvived = 0;
      for (let m = 0; m < n; m++) {
        const up = pUp[m]!;
        const kill = pKilled[m]!;
        byPosition[m]! += p * sKilled * up;
        sSurvived += sNone * up;
        sKilled = sKilled * (1 - up) + sNone * kill;
        sNone *= 1 - up - kill;
      }
      none += p * sNone;
      killed += p * sKilled;
      survived += p * sSurvived;
    }
    let opens = 0;
    for (let m = 0; m < n; m++) opens += byPosition[m]!;
    // Windows off: what a window would open is simply up, before and after.
    const dist = windowsOn
      ? new Windowed(none, killed, survived, byPosition.slice(), this.coverage.get(unit.layerId)!, ...this.windowSeconds(unit.layerId))
      : new Killed(survived + opens, killed, none);
    const out = { dist, opens };
    memo.set(key, out);
    return out;
  }

  /** Per takeover position of `layerId`: the seconds of its window with the trigger still down, and back. */
  private windowSeconds(layerId: string): [number[], number[]] {
    let split = this.seconds.get(layerId);
    if (!split) {
      const coverage = this.coverage.get(layerId)!;
      const down = coverage.map((c) => {
        let sum = 0;
        for (let k = 0; k < c; k++) sum += this.weights[2 * k]!;
        return sum;
      });
      const back = coverage.map((c) => {
        let sum = 0;
        for (let k = 0; k < c; k++) sum += this.weights[2 * k + 1]!;
        return sum;
      });
      this.seconds.set(layerId, (split = [down, back]));
    }
    return split;
  }

  /** A domain's state for a takeover unit: 1 up, 0 down, −1 the trigger, −2 local (enumerated). */
  private domainState(d: number, state: Uint8Array): number {
    if (d < 0) return 1;
    if (d === this.t.domain) return -1;
    const v = this.base.spec.layout.varOfDomain[d]!;
    if (v >= 0) return state[v] ? 0 : 1;
    const domain = this.base.spec.domainList[d]!;
    const u = this.base.elementU(domain.key, domain.unavailability);
    return u === 0 ? 1 : u === 1 ? 0 : -2;
  }

  /** A takeover unit's members in takeover order, with their local domains numbered. */
  private membersOf(unit: UnitSpec): TakeoverMembers {
    const spec = this.base.spec;
    const order = unit.takeover!.order;
    const n = order.length;
    const local: number[] = [];
    const localU: number[] = [];
    const localOf = (d: number): number => {
      if (d < 0 || d === this.t.domain || spec.layout.varOfDomain[d]! >= 0) return -1;
      const domain = spec.domainList[d]!;
      const u = this.base.elementU(domain.key, domain.unavailability);
      return u === 0 || u === 1 ? -1 : u;
    };
    // A local domain of one member only leaves the members independent: it folds into that
    // member's figures. Those of several members are enumerated.
    const users = new Map<number, number>();
    for (const pos of order) {
      const inst = unit.instances[pos]!;
      for (const d of new Set([inst.zoneIndex, inst.regionIndex])) if (localOf(d) >= 0) users.set(d, (users.get(d) ?? 0) + 1);
    }
    const folded = new Float64Array(n).fill(1);
    const bitOf = (d: number, m: number): number => {
      const u = localOf(d);
      if (u < 0) return -1;
      if (users.get(d) === 1) {
        folded[m]! *= 1 - u;
        return -2;
      }
      let k = local.indexOf(d);
      if (k < 0) {
        k = local.length;
        local.push(d);
        localU.push(u);
      }
      return k;
    };
    const members: TakeoverMembers = {
      instanceU: [], zone: [], region: [], zoneBit: [], regionBit: [], trigger: -1, localU, folded,
      zoneState: new Int8Array(n), regionState: new Int8Array(n),
      pUp: new Float64Array(n), pKilled: new Float64Array(n), byPosition: new Float64Array(n),
    };
    order.forEach((pos, m) => {
      const inst = unit.instances[pos]!;
      members.instanceU.push(this.base.elementU(inst.key, inst.unavailability));
      members.zone.push(inst.zoneIndex);
      members.region.push(inst.regionIndex);
      members.zoneBit.push(bitOf(inst.zoneIndex, m));
      members.regionBit.push(inst.regionIndex === inst.zoneIndex ? -1 : bitOf(inst.regionIndex, m));
      if (inst.key === this.t.key) members.trigger = m;
    });
    if (local.length > MAX_LOCAL_DOMAINS) throw new LimitError(`failover windows: layer ${unit.layerId} has more than ${MAX_LOCAL_DOMAINS} zones of its own`);
    return members;
  }
}

/** A takeover layer of nodes prepared for one trigger: its members in takeover order and scratch space. */
interface TakeoverMembers {
  instanceU: number[];
  zone: number[];
  region: number[];
  /** Bit of the member's zone / region among the enumerated local domains, −1 when not local, −2 when folded into `folded`. */
  zoneBit: number[];
  regionBit: number[];
  /** Position of the trigger itself among the members, −1 when it is none of them. */
  trigger: number;
  /** Per member: P(its own local domains are up), folded in rather than enumerated. */
  folded: Float64Array;
  /** Unavailability of each local domain (enumerated inside the layer). */
  localU: number[];
  zoneState: Int8Array;
  regionState: Int8Array;
  pUp: Float64Array;
  pKilled: Float64Array;
  /** P(a window with the standby at this position promoted). */
  byPosition: Float64Array;
}

/** A local domain's state in an enumerated state `bits`: 1 up, 0 down; a folded one (−2) counts as up (its factor is folded in). */
function localUp(bit: number, bits: number): number {
  return bit === -2 ? 1 : bits & (1 << bit) ? 0 : 1;
}

/** Per view (piece k: 2k e still down, 2k + 1 e back): the piece's weight in seconds. */
function pieceWeights(times: number[], mttr: number): number[] {
  const w: number[] = [];
  let a = 0;
  for (const b of times) {
    const gap = b - a;
    const survive = Math.exp(-a / mttr);
    // ∫ₐᵇ e^(−t/M) dt = M e^(−a/M)(1 − e^(−(b−a)/M)); the rest of (b − a) written as two
    // non-negative terms so that a short piece keeps its digits: (b − a)(1 − e^(−a/M)) + M e^(−a/M) g((b − a)/M).
    const stillDown = -mttr * survive * Math.expm1(-gap / mttr);
    const back = -gap * Math.expm1(-a / mttr) + mttr * survive * excess(gap / mttr);
    w.push(stillDown, back);
    a = b;
  }
  return w;
}

/** g(x) = x − (1 − e^(−x)) ≥ 0, without cancellation for small x. */
function excess(x: number): number {
  if (x > 0.01) return x + Math.expm1(-x);
  // x²/2 − x³/6 + x⁴/24 − …: eight terms leave an error far below 1e-16 relative.
  let term = (x * x) / 2;
  let sum = 0;
  for (let n = 3; n <= 10; n++) {
    sum += term;
    term *= -x / n;
  }
  return sum;
}

/** How many of the sorted `times` are ≤ h: the pieces a window of h seconds covers. */
function countAtMost(times: number[], h: number): number {
  let n = 0;
  while (n < times.length && times[n]! <= h) n++;
  return n;
}

/** P(structurally up) of a part with no window over it, while the trigger is down and once it is back. */
function upBothWays(d: number | Killed): [number, number] {
  return typeof d === 'number' ? [1 - d, 1 - d] : [d.up, d.up + d.killed];
}

/** A part with P(up both ways) = up, P(up before, down after) = killed, P(down) = down. */
function killedDist(up: number, killed: number, down: number, views: number): Float64Array {
  const d = new Float64Array(views * NC);
  for (let view = 0; view < views; view++) {
    const o = view * NC;
    d[o + C111] = up;
    d[o + C110] = 0;
    // e still down: the killed part is unavailable (b=1, a=0, v=0); e back: available again.
    d[o + C100] = view % 2 === 0 ? killed : 0;
    d[o + C101] = view % 2 === 0 ? 0 : killed;
    d[o + C000] = down;
  }
  return d;
}

/** A part in series with an untouched one that is down with probability `down`: every configuration but "down" scales. */
function andPlain(d: Float64Array, down: number, views: number): Float64Array {
  const up = 1 - down;
  const out = new Float64Array(views * NC);
  for (let o = 0; o < views * NC; o += NC) {
    out[o + C111] = d[o + C111]! * up;
    out[o + C110] = d[o + C110]! * up;
    out[o + C100] = d[o + C100]! * up;
    out[o + C101] = d[o + C101]! * up;
    out[o + C000] = d[o + C000]! + down * (d[o + C111]! + d[o + C110]! + d[o + C100]! + d[o + C101]!);
  }
  return out;
}

function asVector(d: Dist, views: number): Float64Array {
  if (d instanceof Float64Array) return d;
  if (d instanceof Killed) return killedDist(d.up, d.killed, d.down, views);
  if (d instanceof Windowed) return d.vector(views);
  return killedDist(1 - d, 0, d, views);
}

/** Series: both parts available (configurations ANDed). */
function and(x: Dist, y: Dist, views: number): Dist {
  if (typeof x === 'number') {
    // x is P(down) of an untouched part.
    if (typeof y === 'number') return x + (1 - x) * y;
    if (y instanceof Killed) return new Killed((1 - x) * y.up, (1 - x) * y.killed, y.down + x * (y.up + y.killed));
    if (y instanceof Windowed) return y.scaled(x);
    return andPlain(y, x, views);
  }
  if (typeof y === 'number') return and(y, x, views);
  if (x instanceof Killed && y instanceof Killed) {
    // Up after: both up after; up before: both up before.
    const up = x.up * y.up;
    return new Killed(up, x.killed * (y.up + y.killed) + x.up * y.killed, x.down + (1 - x.down) * y.down);
  }
  const a = asVector(x, views);
  const b = asVector(y, views);
  const out = new Float64Array(views * NC);
  for (let view = 0; view < views; view++) {
    const o = view * NC;
    for (let i = 0; i < NC; i++) {
      const pa = a[o + i]!;
      if (pa === 0) continue;
      for (let j = 0; j < NC; j++) {
        const pb = b[o + j]!;
        if (pb !== 0) out[o + AND_TABLE[i * NC + j]!]! += pa * pb;
      }
    }
  }
  return out;
}

/** At least k of independent members (no windows of its own): b, a and v each counted. */
function atLeast(members: Dist[], k: number, views: number): Dist {
  if (members.every((m) => typeof m === 'number')) {
    // Untouched: P(fewer than k up), as a sum of non-negative terms.
    let dist = new Array<number>(k + 1).fill(0);
    dist[0] = 1;
    for (const m of members as number[]) {
      const next = new Array<number>(k + 1).fill(0);
      for (let c = 0; c <= k; c++) {
        const p = dist[c]!;
        if (p === 0) continue;
        next[Math.min(k, c + 1)]! += p * (1 - m);
        next[c]! += p * m;
      }
      dist = next;
    }
    let down = 0;
    for (let c = 0; c < k; c++) down += dist[c]!;
    return down;
  }
  const vecs = members.map((m) => asVector(m, views));
  const out = new Float64Array(views * NC);
  const side = k + 1;
  for (let view = 0; view < views; view++) {
    const o = view * NC;
    // Counts (b, a, v) of members up, each capped at k.
    let dist = new Float64Array(side * side * side);
    dist[0] = 1;
    for (const m of vecs) {
      const next = new Float64Array(dist.length);
      for (let cell = 0; cell < dist.length; cell++) {
        const p = dist[cell]!;
        if (p === 0) continue;
        const cb = Math.floor(cell / (side * side));
        const ca = Math.floor(cell / side) % side;
        const cv = cell % side;
        for (let c = 0; c < NC; c++) {
          const pc = m[o + c]!;
          if (pc === 0) continue;
          const bits = CONFIG_BITS[c]!;
          const nb = Math.min(k, cb + (bits >> 2));
          const na = Math.min(k, ca + ((bits >> 1) & 1));
          const nv = Math.min(k, cv + (bits & 1));
          next[(nb * side + na) * side + nv]! += p * pc;
        }
      }
      dist = next;
    }
    for (let cell = 0; cell < dist.length; cell++) {
      const p = dist[cell]!;
      if (p === 0) continue;
      const b = Math.floor(cell / (side * side)) >= k ? 1 : 0;
      const a = Math.floor(cell / side) % side >= k ? 1 : 0;
      const v = cell % side >= k ? 1 : 0;
      out[o + CONFIG_OF[(b << 2) | (a << 1) | v]!]! += p;
    }
  }
  return out;
}

// The takeover scan's states.
const S_NONE = 0; // no member up before yet
const S_KILLED = 1; // +v: the active member was taken down by e; no standby up after yet
const S_WINDOW = 3; // +2·closed +v: the first standby up after found (window open in the view unless closed)
const S_SURVIVED = 7; // +v: the active member survived e's failure
const SCAN_STATES = 9;

/**
 * An active-passive layer's configuration from its members' (in takeover order, independent):
 * the active member is the first up before; when e takes it down and a standby is up after, the
 * first such standby j opens a window over the pieces `coverage[j]` covers. `opens` is P(a window opens).
 */
function takeoverScan(members: Dist[], coverage: number[], views: number): { dist: Dist; opens: number } {
  const out = new Float64Array(views * NC);
  let opens = 0;
  const vecs = members.map((m) => asVector(m, views));
  const s = new Float64Array(SCAN_STATES);
  const n = new Float64Array(SCAN_STATES);
  for (let view = 0; view < views; view++) {
    const o = view * NC;
    const piece = view >> 1;
    s.fill(0);
    s[S_NONE] = 1;
    for (let pos = 0; pos < vecs.length; pos++) {
      const m = vecs[pos]!;
      n.fill(0);
      const open = pos > 0 && piece < coverage[pos]! ? 1 : 0;
      for (let c = 0; c < NC; c++) {
        const pc = m[o + c]!;
        if (pc === 0) continue;
        const bits = CONFIG_BITS[c]!;
        const b = bits >> 2;
        const a = (bits >> 1) & 1;
        const v = bits & 1;
        // No active member yet: this one is it if it was up before.
        if (s[S_NONE]! !== 0) {
          const p = s[S_NONE]! * pc;
          if (!b) n[S_NONE]! += p;
          else if (a) n[S_SURVIVED + v]! += p;
          else n[S_KILLED + v]! += p;
        }
        for (let pv = 0; pv < 2; pv++) {
          const nv = pv | v;
          const killed = s[S_KILLED + pv]!;
          if (killed !== 0) {
            if (a) n[S_WINDOW + 2 * (1 - open) + nv]! += killed * pc;
            else n[S_KILLED + nv]! += killed * pc;
          }
          for (let closed = 0; closed < 2; closed++) {
            const w = s[S_WINDOW + 2 * closed + pv]!;
            if (w !== 0) n[S_WINDOW + 2 * closed + nv]! += w * pc;
          }
          const survived = s[S_SURVIVED + pv]!;
          if (survived !== 0) n[S_SURVIVED + nv]! += survived * pc;
        }
      }
      s.set(n);
    }
    out[o + C000]! += s[S_NONE]!;
    out[o + C100]! += s[S_KILLED]!;
    out[o + C101]! += s[S_KILLED + 1]!;
    // A window open over this piece: structurally up both ways, unavailable.
    out[o + C110]! += s[S_WINDOW]! + s[S_WINDOW + 1]! + s[S_WINDOW + 2]! + s[S_SURVIVED]!;
    out[o + C111]! += s[S_WINDOW + 3]! + s[S_SURVIVED + 1]!;
    if (view === 0) opens = s[S_WINDOW]! + s[S_WINDOW + 1]! + s[S_WINDOW + 2]! + s[S_WINDOW + 3]!;
  }
  return { dist: out, opens };
}

/** Revision 2's U of some layers: U_struct plus the window term, with what bounds them. */
export interface Unavailability {
  structural: DownResult;
  windows: WindowTerm;
  /** U; when not exact, the upper bound (never an optimistic number), at most 1. */
  value: number;
  /** U_struct as reported (its upper bound when not exact). */
  structuralValue: number;
  /** [lower, upper] bounds on U. */
  bounds: [number, number];
  exact: boolean;
  limits: string[];
}

/** U = U_struct + Σ_e f_e × X_e of `layers` (spec section 3, revision 2), under `engine`'s overrides. */
export function unavailabilityOf(
  engine: Engine, layers: LayerNode[], options: { maxOps?: number; prefixes?: boolean; attribution?: boolean; tolerance?: number } = {},
): Unavailability {
  const structural = engine.down(layers, options.maxOps, options.tolerance);
  const structuralValue = structural.exact ? structural.down : Math.min(1, structural.down + structural.errorBound);
  const windows = windowTerm(engine, layers, { ...options, structural: structural.down });
  const lower = Math.min(1, structural.down + windows.term);
  const upper = Math.min(1, structural.down + structural.errorBound + windows.term + windows.errorBound);
  const tolerance = options.tolerance ?? TARGET_RELATIVE_ERROR;
  const exact = structural.limits.length === 0 && windows.limits.length === 0 && (upper - lower <= tolerance * lower || upper === lower);
  return {
    structural, windows, structuralValue, bounds: [lower, upper], exact,
    value: exact ? lower : upper,
    limits: [...structural.limits, ...windows.limits],
  };
}
