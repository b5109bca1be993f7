/**
 * Advice (spec section 5): the single change that buys the most — add a replica, spread a node
 * over another zone, add a standby, warm a standby up — with the availability it would give.
 *
 * Each candidate is priced on the system with exactly the change its text describes, placed the
 * way the model places it: "add a replica of X (replicas N+1 …)" is node X with one more replica
 * where `replicas N+1` round robin puts it; a text that names a zone puts the new instance in that
 * zone; a new instance has no zone only when the node it copies has none.
 *
 * Sites keep their isolation: a candidate inside a site only uses zones the site already uses, or
 * free zones (used by nothing outside the site) in the site's own regions. A site is a failure
 * domain an SRE built on purpose (a region, a cluster); a replica of `primary.db` in the DR
 * region's zone would make the primary depend on the DR region, which is not a fix anyone makes.
 *
 * Failover windows (spec section 3, revision 2) are priced with the rest: a faster detection or a
 * hotter standby changes nothing structural, only how long each window lasts, and its exact U
 * (U_struct + the windows' term) says what that buys.
 *
 * Search. Pricing a candidate recompiles and re-evaluates the whole system, so candidates are
 * pruned by a bound that keeps the answer exact. A change confined to the subtree of layer l
 * leaves every other element alone. U = U_struct + W; the structure is monotone in l's state, so
 * its down event is D = A ∪ (B ∩ L) with A ⊆ B independent of the change (A: down even with l up;
 * B: down with l down) and L = {l down}; after the change D' = A ∪ (B ∩ L'). Hence
 * U_struct − U'_struct ≤ P(B ∩ L \ A) ≤ P(L), and W − W' ≤ W (W' ≥ 0): no change in l buys more
 * than l's own structural unavailability plus the system's whole window term. (A better l can
 * make other layers' windows cost more — the system is up more often for them to interrupt — so
 * W' is bounded below by 0, not by W.)
 *
 * A layer l of the path itself (in series, not inside a site) has tighter bounds, because the
 * path is an AND and l is independent of the other layers given every domain's state:
 * - structurally, A is "some other layer down", so no change in l removes more than
 *   P(l down, every other layer up) (`Engine.downAlone`, all such layers in one enumeration);
 * - adding a member to l (a replica, a standby) never lowers W: each X_e is
 *   E[s_l × (s_o − v_o)] for a trigger that does not reach l (s structure, v availability in
 *   a view, o the rest of the path), and l' is structurally up wherever l is; for a trigger that
 *   now reaches l, v_l' ≤ s_l' gives X'_e ≥ E[s_l' × (s_o − v_o)] ≥ X_e. So the gain is at most
 *   the structural bound;
 * - a faster failover of l (a warmer standby, faster detection) changes no structure, only
 *   shortens l's windows (v_l' ≥ v_l); the path is available when l and the rest are, so
 *   W − W' = Σ f_e × E[v_o × (v_l' − v_l)] ≤ Σ f_e × E[s_o × (s_l − v_l)]: l's own window cost
 *   with the other windows closed (the attribution `unavailabilityOf` gives).
 * (Inside a site these need not hold: a better member of the primary site keeps it active more
 * often, and the windows in it count more; a layer of sites k of n is an OR somewhere.)
 * `test/core/analysis/advice.test.ts` prices every candidate of generated systems against its
 * bound.
 *
 * Candidates are priced in decreasing bound; those whose
 * bound is under MIN_GAIN·U are never priced, and the search stops once the bound falls under
 * the best gain found. Ties go to the first candidate in declaration order, so the answer is the
 * exhaustive search's.
 */
import { canaryCount, coverCommonCauses } from '../model/common-cause';
import { PARTIAL_COMMON_CAUSES_PER_LAYER } from '../limits';
import { survives } from './recovery';
import { failoverModel, MANUAL_DETECTION_SECONDS, PROMOTION_SECONDS, type Detection, type PromotionInput } from '../model/failover';
import type { DomainModel, FailoverModel, InstanceModel, LayerModel, NodeModel, SiteModel, SystemModel, Temperature } from '../model/types';
import { Budget, LimitError } from './budget';
import { commonCauseKey, compileSystem, type LayerNode } from './compile';
import { Engine } from './engine';
import type { Advice } from './types';
import { formatAvailability, formatDuration } from '../text/format';
import { unavailabilityOf, type Unavailability } from './windows';
import { systemIndex } from '../model/index';

const NEXT_TEMPERATURE: Partial<Record<Temperature, Temperature>> = { cold: 'warm', warm: 'hot' };

/** Smallest relative reduction of U worth advising. */
const MIN_GAIN = 0.01;
/** Work budget of the whole search (bounds and every priced candidate). */
export const ADVICE_SEARCH_OPS = 2e8;
/** Work charged per element each time a system is copied and compiled (the engine charges its own). */
const COMPILE_OPS_PER_ELEMENT = 40;
/**
 * Slack on the pruning bound, relative to U: priced figures are lower bounds within 1e-10 of the
 * exact ones, so a candidate is skipped only when even that error could not make it win.
 */
const BOUND_SLACK = 1e-9;

export interface AdviceOptions {
  /** Work budget of each candidate's exact U. */
  maxOpsEach?: number;
  /** Work budget of the whole search (default ADVICE_SEARCH_OPS). */
  maxOps?: number;
  /** Price every candidate, without the bound (tests: same answer, more work). */
  exhaustive?: boolean;
  /** The budget of the run the search is charged to (default: unlimited); the search's own limit is entered in it. */
  budget?: Budget;
  /** The system's engine and its U over the path with `attribution`, when the caller has them (else computed). */
  known?: { engine: Engine; whole: Unavailability };
}

export interface AdviceSearch {
  advice?: Advice;
  /** False when a work limit left candidates unpriced: `advice` is then the best of those priced. */
  exact: boolean;
  limits: string[];
  /** Candidates considered and priced (tests and measurements). */
  candidates: number;
  priced: number;
}

/** What a candidate changes, as a person would write it (tests apply it to the source text). */
export type AdviceEdit =
  /** Node `node` gets one more replica in `zone`; `roundRobin` when that is where `replicas N+1` puts it. */
  | { kind: 'replica'; node: string; zone: string | undefined; roundRobin: boolean }
  /** Node `node` spread over `zones [from, to]`. */
  | { kind: 'spread'; node: string; from: string; to: string }
  /** A new node copying the primary instance `primary`, `standby hot`, in `zone`. */
  | { kind: 'standby'; primary: string; zone: string | undefined }
  /** The standby node `node` at temperature `to`. */
  | { kind: 'warm'; node: string; to: Temperature }
  /** Layer `layer` gets `health-check { interval <intervalSeconds>s unhealthy <unhealthy> }` (replacing its own). */
  | { kind: 'detect'; layer: string; intervalSeconds: number; unhealthy: number }
  /** The all-at-once deploy `deploy` (on layer `layer`) rolled out by `rollout canary <share>`. */
  | { kind: 'canary'; deploy: string; layer: string; share: number }
  /** The deploy `deploy` batched into `perWeek` deploys a week (half as many, the same change failure rate). */
  | { kind: 'fewer-deploys'; deploy: string; perWeek: number };

/** One single change the search may price. */
export interface AdviceCandidate {
  action: string;
  summary: string;
  subject: string;
  /** The layer whose subtree holds the whole change. */
  layer: string;
  edit: AdviceEdit;
  /** The system with the change, built only when the candidate is priced. */
  build: () => SystemModel;
}

/** U of a (modified) system, or undefined when it cannot be computed exactly; charged to `budget` (default: unlimited). */
export function exactUnavailability(system: SystemModel, maxOps?: number, budget?: Budget): number | undefined {
  const r = unavailabilityOfSystem(system, maxOps, budget);
  return r.exact ? r.value : undefined;
}

function unavailabilityOfSystem(system: SystemModel, maxOps: number | undefined, budget: Budget | undefined): Unavailability {
  const spec = compileSystem(system);
  return unavailabilityOf(new Engine(spec, undefined, budget), spec.path, { maxOps });
}

/** A zone for one more member of `layer`: one it does not use yet, allowed for its site, in the same region if possible. */
export function otherZoneFor(system: SystemModel, layer: LayerModel): string | undefined {
  const p = placementOf(system);
  const used = new Set<string>();
  for (const i of p.layerInstances.get(layer.id) ?? []) if (i.zone !== undefined) used.add(i.zone);
  return freeZone(system, layer, used);
}

/** The best single change, when one lowers U by at least 1%. */
export function bestAdvice(system: SystemModel, currentU: number, maxOpsEach?: number): Advice | undefined {
  return searchAdvice(system, currentU, { maxOpsEach }).advice;
}

/** The advice search under its own work budget; says whether it priced every candidate it had to. */
export function searchAdvice(system: SystemModel, currentU: number, options: AdviceOptions = {}): AdviceSearch {
  const result: AdviceSearch = { exact: true, limits: [], candidates: 0, priced: 0 };
  if (!(currentU > 0)) return result;
  const maxOps = options.maxOps ?? ADVICE_SEARCH_OPS;
  const budget = options.budget ?? new Budget();
  const name = `advice budget of ${maxOps.toExponential(0)} operations`;
  // The budget that runs out first names the limit: this one, unless the analysis has less left.
  const own = maxOps <= budget.left() ? name : undefined;
  budget.enter(maxOps, name);
  try {
    search(system, currentU, options, result, own, budget);
  } catch (e) {
    if (!(e instanceof LimitError)) throw e;
    stopped(result, e.limit);
  } finally {
    budget.leave();
  }
  return result;
}

function stopped(result: AdviceSearch, limit: string): void {
  result.exact = false;
  result.limits.push(`${limit}: the advice is the best of ${result.priced} of ${result.candidates} candidate changes`);
}

function search(system: SystemModel, currentU: number, options: AdviceOptions, result: AdviceSearch, own: string | undefined, budget: Budget): void {
  const all = adviceCandidates(system);
  result.candidates = all.length;
  if (all.length === 0) return;
  const elements = system.instances.length + system.layers.length + system.zones.length + system.regions.length;
  const order = all.map((_, i) => i);
  const bounds = options.exhaustive ? undefined : gainBounds(system, all, elements, budget, options.maxOpsEach, options.known);
  if (bounds) order.sort((a, b) => bounds[b]! - bounds[a]! || a - b);
  const slack = BOUND_SLACK * currentU;
  let best: { index: number; u: number } | undefined;
  for (const i of order) {
    if (bounds) {
      const most = bounds[i]! + slack;
      // A change that buys less than 1% of U is not worth a person's attention.
      if (most < MIN_GAIN * currentU) break;
      if (best && most < currentU - best.u) break;
    }
    const c = all[i]!;
    let r: Unavailability;
    try {
      budget.spend(elements * COMPILE_OPS_PER_ELEMENT);
      r = unavailabilityOfSystem(c.build(), options.maxOpsEach, budget);
    } catch (e) {
      if (!(e instanceof LimitError)) throw e;
      stopped(result, e.limit);
      break;
    }
    if (budget.left() < 0) {
      // The search's budget ran out inside this evaluation: the last figure is not one.
      stopped(result, own ?? r.limits[0] ?? 'work limit');
      break;
    }
    result.priced++;
    if (!r.exact) {
      result.exact = false;
      result.limits.push(`advice: '${c.summary}' could not be priced exactly (${r.limits.join('; ')})`);
      continue;
    }
    if (r.value > currentU * (1 - MIN_GAIN)) continue;
    if (!best || r.value < best.u || (r.value === best.u && i < best.index)) best = { index: i, u: r.value };
  }
  if (!best) return;
  const c = all[best.index]!;
  result.advice = {
    action: c.action, subject: c.subject, unavailability: best.u, availability: 1 - best.u,
    summary: `${c.summary}: ${formatAvailability(currentU)} → ${formatAvailability(best.u)}`,
  };
}

/** Per candidate of `adviceCandidates(system)`: an upper bound on the U it can remove (tests check each against its priced U). */
export function adviceGainBounds(system: SystemModel, all: AdviceCandidate[] = adviceCandidates(system)): number[] {
  return gainBounds(system, all, 0, new Budget());
}

/** Per candidate: an upper bound on the U it can remove (see the file comment). */
function gainBounds(
  system: SystemModel, all: AdviceCandidate[], elements: number, budget: Budget, maxOpsEach?: number, known?: { engine: Engine; whole: Unavailability },
): number[] {
  if (!known) budget.spend(elements * COMPILE_OPS_PER_ELEMENT);
  const engine = known?.engine ?? new Engine(compileSystem(system), undefined, budget);
  const spec = engine.spec;
  const reachable = new Set<string>();
  const visit = (node: LayerNode): void => {
    if (reachable.has(node.layerId)) return;
    reachable.add(node.layerId);
    if (node.kind === 'sites') for (const s of node.sites) s.layers.forEach(visit);
  };
  spec.path.forEach(visit);
  // A layer of the path itself: no change in it removes more than P(it down, the rest up).
  const alone = engine.downAlone(spec.path, maxOpsEach);
  const top = new Map(spec.path.map((node, i) => [node.layerId, alone[i]!]));
  const whole = known?.whole ?? unavailabilityOf(engine, spec.path, { maxOps: maxOpsEach, attribution: true });
  const slack = whole.windows.errorBound;
  const windows = whole.windows.term + slack;
  const structural = new Map<string, number>();
  const structuralOf = (layer: string): number => {
    let bound = structural.get(layer);
    if (bound === undefined) {
      const node = spec.layers.get(layer);
      const r = node ? engine.down([node], maxOpsEach) : undefined;
      bound = r ? r.down + r.errorBound : 1;
      structural.set(layer, bound);
    }
    return bound;
  };
  // A layer's own common causes in series with it (its deploys, maintenance, whole-layer groups) are
  // layers of their own, outside its subtree, and a change in the layer can change them (a canary
  // that covered the whole layer covers part of a bigger one): such a change is confined to the
  // layer and them, in series, so no more than P(any of them down) is removed structurally.
  const ownSeries = (layer: string): LayerNode[] => (spec.seriesOf.get(layer) ?? []).filter((n) => spec.commonCauses.get(commonCauseKey(n.layerId))?.layer === layer);
  return all.map((c) => {
    // A layer off every path cannot move U.
    if (!reachable.has(c.layer)) return 0;
    const own = ownSeries(c.layer);
    const node = spec.layers.get(c.layer);
    if (own.length > 0 && node) {
      const r = engine.down([...own, node], maxOpsEach);
      return Math.min(1, r.down + r.errorBound + windows);
    }
    const structuralGain = top.get(c.layer);
    if (structuralGain !== undefined) {
      const kind = c.edit.kind;
      // Adding a member never lowers the window term.
      if (kind === 'replica' || kind === 'standby') return structuralGain;
      // A faster failover removes at most what the layer's own windows cost.
      if (kind === 'warm' || kind === 'detect') return Math.min(1, (whole.windows.layers?.get(c.layer)?.term ?? windows) + slack);
      return Math.min(1, structuralGain + windows);
    }
    return Math.min(1, structuralOf(c.layer) + windows);
  });
}

// ── Where things are ────────────────────────────────────────────────────────────────────────

interface Placement {
  layers: ReadonlyMap<string, LayerModel>;
  sites: ReadonlyMap<string, SiteModel>;
  zones: ReadonlyMap<string, DomainModel>;
  layerInstances: Map<string, InstanceModel[]>;
  nodeInstances: Map<string, InstanceModel[]>;
  /** Per zone: the innermost sites of the instances in it ('' for an instance in no site). */
  zoneUsers: Map<string, Set<string>>;
  /** Per site ('' for none): the zones a change inside it may use, in declaration order. */
  allowed: Map<string, DomainModel[]>;
  ids: Set<string>;
}

const placements = new WeakMap<SystemModel, Placement>();

function placementOf(system: SystemModel): Placement {
  const cached = placements.get(system);
  if (cached) return cached;
  const { layers, sites, zones } = systemIndex(system);
  const p: Placement = {
    layers,
    sites,
    zones,
    layerInstances: new Map(),
    nodeInstances: new Map(),
    zoneUsers: new Map(),
    allowed: new Map(),
    ids: new Set([...system.instances.map((i) => i.id), ...system.nodes.map((n) => n.id), ...system.sites.map((s) => s.id)]),
  };
  const push = <K, V>(map: Map<K, V[]>, key: K, value: V): void => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  for (const i of system.instances) {
    push(p.layerInstances, i.layer, i);
    push(p.nodeInstances, i.node, i);
    if (i.zone === undefined) continue;
    const users = p.zoneUsers.get(i.zone) ?? new Set<string>();
    users.add(i.site ?? '');
    p.zoneUsers.set(i.zone, users);
  }
  placements.set(system, p);
  return p;
}

const within = (site: string, inner: string): boolean => inner === site || inner.startsWith(`${site}.`);

/**
 * Zones a change in `site` may use: every zone outside sites; inside a site, the zones it uses
 * and the zones no one outside it uses that lie in its own regions (or, for a site whose zones
 * have no region, the free zones without one).
 */
function allowedZones(system: SystemModel, site: string | undefined): DomainModel[] {
  const p = placementOf(system);
  const key = site ?? '';
  const cached = p.allowed.get(key);
  if (cached) return cached;
  let out = system.zones;
  if (site !== undefined) {
    const own = new Set<string>();
    const regions = new Set<string>();
    for (const [zone, users] of p.zoneUsers) {
      if (![...users].some((u) => within(site, u))) continue;
      own.add(zone);
      const region = p.zones.get(zone)?.region;
      if (region !== undefined) regions.add(region);
    }
    const foreign = (zone: string): boolean => [...(p.zoneUsers.get(zone) ?? [])].some((u) => !within(site, u));
    const inRegions = (z: DomainModel): boolean => (regions.size > 0 ? z.region !== undefined && regions.has(z.region) : z.region === undefined);
    out = system.zones.filter((z) => own.has(z.name) || (!foreign(z.name) && inRegions(z)));
  }
  p.allowed.set(key, out);
  return out;
}

/** An allowed zone for `layer` outside `exclude`: in a region the layer uses if possible. */
function freeZone(system: SystemModel, layer: LayerModel, exclude: ReadonlySet<string>): string | undefined {
  const p = placementOf(system);
  const regions = new Set<string>();
  for (const i of p.layerInstances.get(layer.id) ?? []) if (i.region !== undefined) regions.add(i.region);
  const free = allowedZones(system, layer.site).filter((z) => !exclude.has(z.name));
  return (free.find((z) => z.region !== undefined && regions.has(z.region)) ?? free[0])?.name;
}

/**
 * Where `replicas N+1` puts the new replica: round robin over the node's zones as declared. A
 * model built without them (hand-made in tests) falls back to the shortest period of the zones its
 * instances show.
 */
function roundRobinZone(node: NodeModel, instances: InstanceModel[]): string | undefined {
  const declared = node.zones;
  if (declared && declared.length > 0) return declared[instances.length % declared.length];
  const seq = instances.map((i) => i.zone);
  if (seq.some((z) => z === undefined)) return undefined;
  let period = 1;
  while (period < seq.length && seq.some((z, i) => i >= period && z !== seq[i - period])) period++;
  return seq[seq.length % period];
}

// ── Candidates ──────────────────────────────────────────────────────────────────────────────

/** Every single change the advice considers, in declaration order (unpriced). */
export function adviceCandidates(system: SystemModel): AdviceCandidate[] {
  const out: AdviceCandidate[] = [];
  for (const l of system.layers) {
    if (l.members !== 'nodes' || l.instances.length === 0) continue;
    // In a composite (a system with its dependencies, a journey), only the root's own layers:
    // another service's change is its own file's advice, and an external's provider cannot be changed.
    if (system.composite?.foreign.has(l.id)) continue;
    if (l.mode === 'active-active') activeActiveCandidates(system, l, out);
    else activePassiveCandidates(system, l, out);
  }
  deployCandidates(system, out);
  return out;
}

/** Canary shares advice proposes, largest first: the largest that exposes one instance is taken. */
const CANARY_SHARES = [0.5, 0.25, 0.2, 0.1, 0.05, 0.02, 0.01];

/**
 * Deploys (docs/language.md "Common causes"): an all-at-once deploy of an active-active layer of
 * nodes rolled out by a canary that exposes one instance; and any deploy batched into half as
 * many a week. Each changes only what the deploy element takes down or how often, so its gain is
 * bounded like any change to its one-instance layer (it is that layer's subtree: `layer` is the
 * deploy's id).
 */
function deployCandidates(system: SystemModel, out: AdviceCandidate[]): void {
  const { layers, instances } = systemIndex(system);
  for (const cc of system.commonCauses) {
    if (cc.kind !== 'deploy' || !cc.deploy || system.composite?.foreign.has(cc.id)) continue;
    const d = cc.deploy;
    const layer = cc.layer !== undefined && cc.scope === 'layer' ? layers.get(cc.layer) : undefined;
    // A canary only where the layer can lose the one instance it exposes, and may hold one more
    // partial common cause (the engine's bound).
    const partial = layer ? system.commonCauses.filter((c) => !c.series && c.layer === layer.id).length : 0;
    const members = layer ? layer.instances.map((id) => instances.get(id)).filter((i): i is InstanceModel => i !== undefined) : [];
    if (layer && d.rollout === 'all-at-once' && layer.mode === 'active-active' && layer.members === 'nodes' && layer.instances.length > 1
      && partial < PARTIAL_COMMON_CAUSES_PER_LAYER && survives(layer, members, new Set(layer.instances.slice(0, 1)))) {
      const n = layer.instances.length;
      const share = CANARY_SHARES.find((p) => canaryCount(p * 100, n) === 1);
      if (share !== undefined) {
        const pct = `${+(share * 100).toPrecision(6)}%`;
        out.push({
          action: 'canary', subject: cc.id, layer: cc.id,
          summary: `Roll out layer '${layer.id}' by canary (rollout canary ${pct}: a bad deploy reaches ${layer.instances[0]} first)`,
          edit: { kind: 'canary', deploy: cc.id, layer: layer.id, share },
          build: () => withCommonCause(system, cc.id, (c) => {
            const m = canaryCount(share * 100, n);
            return { ...c, deploy: { ...d, rollout: 'canary', canaryShare: share }, instances: layer.instances.slice(0, m), series: m === n };
          }),
        });
      }
    }
    const perWeek = d.perWeek / 2;
    const u = cc.unavailability / 2;
    out.push({
      // In series, the deploy is a layer of its own; a canary is part of its layer.
      action: 'fewer-deploys', subject: cc.id, layer: cc.series ? cc.id : cc.layer ?? cc.id,
      summary: `Batch the deploys of ${cc.id === 'deploy' ? 'the system' : `'${cc.scopeId}'`} into half as many (deploys ${+perWeek.toPrecision(6)}/week)`,
      edit: { kind: 'fewer-deploys', deploy: cc.id, perWeek },
      build: () => withCommonCause(system, cc.id, (c) => ({
        ...c, deploy: { ...d, perWeek }, unavailability: u, availability: 1 - u, failuresPerSecond: c.failuresPerSecond / 2,
        mtbfSeconds: u > 0 ? (c.mttrSeconds * (1 - u)) / u : Infinity,
      })),
    });
  }
}

function withCommonCause(system: SystemModel, id: string, change: (c: SystemModel['commonCauses'][number]) => SystemModel['commonCauses'][number]): SystemModel {
  return { ...system, commonCauses: system.commonCauses.map((c) => (c.id === id ? change(c) : c)) };
}

function activeActiveCandidates(system: SystemModel, l: LayerModel, out: AdviceCandidate[]): void {
  const p = placementOf(system);
  const layerSize = p.layerInstances.get(l.id)?.length ?? 0;
  // Besides where round robin puts it: a zone the layer does not use yet, and the zone holding
  // the least of the layer (where a person adds capacity when every zone is used).
  const newZone = otherZoneFor(system, l);
  const lightest = lightestZone(system, l);
  // Nodes alike in figures and placement give the same changed system up to names: the first
  // declared stands for them all (a layer of 2,000 identical nodes is 2-3 candidates, not 6,000).
  const alike = new Set<string>();
  for (const node of l.nodes) {
    const inst = p.nodeInstances.get(node.id) ?? [];
    if (inst.length === 0) continue;
    const first = inst[0]!;
    const key = `${first.unavailability}|${first.failuresPerSecond}|${first.capacity}|${inst.map((i) => i.zone).join(',')}`;
    if (alike.has(key)) continue;
    alike.add(key);
    const n = inst.length;
    const what = l.kind === 'load-balancer' && layerSize === 1 ? 'a second load balancer' : `a replica of ${node.id}`;
    const next = roundRobinZone(node, inst);
    out.push({
      action: 'add-replica', subject: l.id, layer: l.id,
      summary: `Add ${what} to layer '${l.id}' (replicas ${n + 1}${next !== undefined ? `, the new one in ${next}` : ''})`,
      edit: { kind: 'replica', node: node.id, zone: next, roundRobin: true },
      build: () => coverCommonCauses(withReplica(system, l, node, next)),
    });
    // A replica declared in a zone of its own is a copy of the node: not in the node's own
    // common-cause group (a group of its own), so it is not the same change; not offered then.
    const ownGroup = system.commonCauses.some((c) => c.scope === 'node' && c.scopeId === node.id);
    for (const zone of new Set([newZone, lightest])) {
      if (zone === undefined || zone === next || ownGroup) continue;
      out.push({
        action: 'add-replica', subject: l.id, layer: l.id, summary: `Add ${what} in ${zone} to layer '${l.id}'`,
        edit: { kind: 'replica', node: node.id, zone, roundRobin: false },
        build: () => coverCommonCauses(withReplica(system, l, node, zone)),
      });
    }
    const from = inst[0]!.zone;
    if (n >= 2 && from !== undefined && inst.every((i) => i.zone === from)) {
      const to = newZone ?? freeZone(system, l, new Set([from]));
      if (to !== undefined) out.push(spreadCandidate(system, l, node, inst, from, to));
    }
  }
}

/** The zone holding the least of the layer's capacity (instances when it has no load), first declared on ties. */
function lightestZone(system: SystemModel, l: LayerModel): string | undefined {
  const held = new Map<string, number>();
  for (const i of placementOf(system).layerInstances.get(l.id) ?? []) {
    if (i.zone !== undefined) held.set(i.zone, (held.get(i.zone) ?? 0) + (l.requirement.load !== undefined ? i.capacity ?? 0 : 1));
  }
  let best: string | undefined;
  for (const z of system.zones) {
    const h = held.get(z.name);
    if (h !== undefined && (best === undefined || h < held.get(best)!)) best = z.name;
  }
  return best;
}

/** `zones [from, to]`: round robin moves every second replica to `to`. */
function spreadCandidate(system: SystemModel, l: LayerModel, node: NodeModel, inst: InstanceModel[], from: string, to: string): AdviceCandidate {
  const moved = inst.filter((_, k) => k % 2 === 1).map((i) => i.id);
  const list = moved.length > 3 ? `${moved.slice(0, 2).join(', ')} and ${moved.length - 2} more` : moved.join(', ');
  return {
    action: 'move-replica', subject: moved[0]!, layer: l.id,
    summary: `Move ${list} from ${from} to ${to} (${node.id}: zones [${from}, ${to}])`,
    edit: { kind: 'spread', node: node.id, from, to },
    build: () => withMoved(system, new Set(moved), to),
  };
}

function activePassiveCandidates(system: SystemModel, l: LayerModel, out: AdviceCandidate[]): void {
  const p = placementOf(system);
  const inst = p.layerInstances.get(l.id) ?? [];
  // A node's own common-cause group must be the whole of an active-passive layer: a standby beside it
  // would be written as an error (common-cause-scope), so none is offered there.
  const nodeGroup = system.commonCauses.some((c) => c.scope === 'node' && c.layer === l.id);
  if (l.standbys.length === 0 && !nodeGroup) {
    const primary = inst.find((i) => i.id === l.primary) ?? inst[0]!;
    const used = new Set(inst.map((i) => i.zone).filter((z): z is string => z !== undefined));
    // Another zone when there is one; else beside the primary (it still covers instance failures);
    // none when the primary has none (zones are not part of this layer's model).
    const zone = primary.zone === undefined ? undefined : freeZone(system, l, used) ?? primary.zone;
    out.push({
      action: 'add-standby', subject: l.id, layer: l.id,
      summary: `Add a hot standby for ${primary.id}${zone !== undefined ? ` in ${zone}` : ''} to layer '${l.id}'`,
      edit: { kind: 'standby', primary: primary.id, zone },
      build: () => coverCommonCauses(withStandby(system, l, primary, zone)),
    });
    return;
  }
  // Warming changes a standby's promotion only when its temperature sets it: no `promote` of its
  // own, none on the layer or in defaults.
  const warmed = new Set<string>();
  for (const id of l.standbys) {
    const s = inst.find((i) => i.id === id);
    const next = s?.standby !== undefined ? NEXT_TEMPERATURE[s.standby] : undefined;
    if (!s || !next || warmed.has(s.node) || s.promoteSeconds !== undefined || l.promote !== undefined) continue;
    warmed.add(s.node);
    out.push({
      action: 'warm-standby', subject: s.id, layer: l.id,
      summary: `Make standby ${s.node} ${next} (it is ${s.standby})`,
      edit: { kind: 'warm', node: s.node, to: next },
      build: () => withTemperature(system, l, s.node, next),
    });
  }
  const detection = l.failover?.detectionSeconds;
  if (detection !== undefined && detection > FAST_DETECTION.interval * FAST_DETECTION.unhealthy) {
    const { interval, unhealthy } = FAST_DETECTION;
    out.push({
      action: 'faster-detection', subject: l.id, layer: l.id,
      summary: `Detect failures of layer '${l.id}' in ${formatDuration(interval * unhealthy)} with \`health-check { interval ${interval}s unhealthy ${unhealthy} }\` (now ${formatDuration(detection)})`,
      edit: { kind: 'detect', layer: l.id, intervalSeconds: interval, unhealthy },
      build: () => withDetection(system, l, { seconds: interval * unhealthy, source: 'health-check', declared: true }),
    });
  }
}

/** The health check a faster-detection candidate proposes: 5 s probes, down after 2 misses. */
const FAST_DETECTION = { interval: 5, unhealthy: 2 };

// ── Changed systems (copies: the model is plain data) ───────────────────────────────────────

function uniqueId(system: SystemModel, wanted: string): string {
  const ids = placementOf(system).ids;
  if (!ids.has(wanted)) return wanted;
  let k = 2;
  while (ids.has(`${wanted}-${k}`)) k++;
  return `${wanted}-${k}`;
}

function regionOf(system: SystemModel, zone: string | undefined, fallback: string | undefined): string | undefined {
  return zone !== undefined ? placementOf(system).zones.get(zone)?.region : fallback;
}

function replaceLayer(system: SystemModel, layer: LayerModel): LayerModel[] {
  return system.layers.map((l) => (l.id === layer.id ? layer : l));
}

function replaceNode(nodes: NodeModel[], node: NodeModel): NodeModel[] {
  return nodes.map((n) => (n.id === node.id ? node : n));
}

/** Inserts `added` after `after` (or at the end). */
function insertAfter<T>(list: T[], after: T | undefined, added: T): T[] {
  const at = after === undefined ? -1 : list.indexOf(after);
  return at < 0 ? [...list, added] : [...list.slice(0, at + 1), added, ...list.slice(at + 1)];
}

/** Node `node` with one more replica in `zone`, declared where `replicas N+1` would declare it. */
function withReplica(system: SystemModel, l: LayerModel, node: NodeModel, zone: string | undefined): SystemModel {
  const inst = placementOf(system).nodeInstances.get(node.id)!;
  const last = inst[inst.length - 1]!;
  const index = inst.length + 1;
  const prefix = node.id.slice(0, node.id.length - node.name.length);
  const id = uniqueId(system, `${node.id}-${index}`);
  const name = id.slice(prefix.length);
  const added: InstanceModel = { ...last, id, name, index, zone, region: regionOf(system, zone, last.region) };
  const grown: NodeModel = { ...node, instances: [...node.instances, id] };
  const layer: LayerModel = { ...l, nodes: replaceNode(l.nodes, grown), instances: insertAfter(l.instances, last.id, id) };
  return {
    ...system,
    instances: insertAfter(system.instances, last, added),
    nodes: replaceNode(system.nodes, grown),
    layers: replaceLayer(system, layer),
  };
}

/** A new hot standby node copying the primary's figures, declared last in the layer. */
function withStandby(system: SystemModel, l: LayerModel, primary: InstanceModel, zone: string | undefined): SystemModel {
  const prefix = primary.id.slice(0, primary.id.length - primary.name.length);
  const id = uniqueId(system, `${primary.node}-standby`);
  const name = id.slice(prefix.length);
  const added: InstanceModel = {
    ...primary, id, name, node: id, index: 1, standby: 'hot', promoteSeconds: undefined, zone, region: regionOf(system, zone, primary.region),
  };
  const node: NodeModel = { id, name, layer: l.id, instances: [id], standby: 'hot', range: primary.range, nameRange: primary.nameRange };
  const detectionSeconds = l.detectionSeconds ?? MANUAL_DETECTION_SECONDS;
  // The new hot standby has no `promote` of its own: the layer's (or the defaults'), else hot's 5 s.
  const promotionSeconds = l.promote?.seconds ?? PROMOTION_SECONDS.hot;
  const failover: FailoverModel = {
    detectionSeconds, detectionSource: l.detectionSource ?? 'manual',
    promotionSeconds, promotionSource: l.promote?.source ?? 'temperature', failoverSeconds: detectionSeconds + promotionSeconds,
    standbyFailoverSeconds: [detectionSeconds + promotionSeconds],
    ...(l.promote ? { sharedPromotionSeconds: l.promote.seconds } : {}),
  };
  const layer: LayerModel = { ...l, nodes: [...l.nodes, node], instances: [...l.instances, id], standbys: [id], failover };
  return { ...system, instances: [...system.instances, added], nodes: [...system.nodes, node], layers: replaceLayer(system, layer) };
}

function withMoved(system: SystemModel, moved: ReadonlySet<string>, zone: string): SystemModel {
  const region = regionOf(system, zone, undefined);
  return { ...system, instances: system.instances.map((i) => (moved.has(i.id) ? { ...i, zone, region } : i)) };
}

/** Every instance of the standby node `nodeId` at temperature `t` (the node's `standby t`). */
function withTemperature(system: SystemModel, l: LayerModel, nodeId: string, t: Temperature): SystemModel {
  const instances = system.instances.map((i) => (i.node === nodeId ? { ...i, standby: t } : i));
  const warmed = (n: NodeModel): NodeModel => (n.id === nodeId ? { ...n, standby: t } : n);
  const layer: LayerModel = { ...l, nodes: l.nodes.map(warmed) };
  layer.failover = failoverOf(layer, instances, detectionOf(l));
  return { ...system, instances, nodes: system.nodes.map(warmed), layers: replaceLayer(system, layer) };
}

/** Layer `l` detecting failures as `detection` says (its standbys' promotions unchanged). */
function withDetection(system: SystemModel, l: LayerModel, detection: Detection): SystemModel {
  const layer: LayerModel = { ...l, detectionSeconds: detection.seconds, detectionSource: detection.source };
  layer.failover = failoverOf(layer, system.instances, detection);
  return { ...system, layers: replaceLayer(system, layer) };
}

function detectionOf(l: LayerModel): Detection {
  return { seconds: l.failover?.detectionSeconds ?? l.detectionSeconds ?? MANUAL_DETECTION_SECONDS, source: l.failover?.detectionSource ?? l.detectionSource ?? 'manual', declared: true };
}

/** A node layer's failover timing from its standbys as they now are (the model stage's rule). */
function failoverOf(l: LayerModel, instances: InstanceModel[], detection: Detection): FailoverModel | undefined {
  const byId = new Map(instances.filter((i) => i.layer === l.id).map((i) => [i.id, i]));
  const inputs = l.standbys.map((id): PromotionInput => {
    const s = byId.get(id);
    return {
      standbyTemperature: s?.standby ?? 'warm',
      ...(s?.promoteSeconds !== undefined ? { standbyPromoteSeconds: s.promoteSeconds } : {}),
      ...(l.promote?.source === 'layer' ? { layerPromoteSeconds: l.promote.seconds } : {}),
      ...(l.promote?.source === 'defaults' ? { defaultsPromoteSeconds: l.promote.seconds } : {}),
    };
  });
  return inputs.length > 0 ? failoverModel(detection, inputs[0]!, inputs) : l.failover;
}
