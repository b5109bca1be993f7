/**
 * A seeded generator of random `.topo` systems, written as TEXT so the whole pipeline (parser,
 * model, engine) is exercised. The same seed gives the same text. Shapes covered: regions and
 * zones (with and without availability, shared by several layers or used once), active-active
 * k-of-n with `min`, with `load` and equal or unequal capacities, active-passive with
 * hot/warm/cold/bare standbys, health checks and heartbeats, layers of sites (active-active and
 * active-passive), nested sites, optional layers, `defaults`, explicit and implicit paths.
 * With `failoverShapes`, also the shapes revision 2's failover windows care about (spec section 3):
 * a primary and its standby in one zone, one zone holding several layers' primaries and the only
 * load balancer, cold standbys behind a hot one, up to three standbys with their own `promote`,
 * primaries that repair in 15 minutes (a cold standby's window outlasts the repair), a layer's
 * `promote` in a layer of sites.
 *
 * With `commonCauses`, also the common causes (docs/language.md "Common causes"): deploys on
 * layers, sites and the system (all at once, and canary on active-active layers of nodes),
 * `common-cause β` groups on layers and on nodes (a node's group in a layer of several nodes
 * too), and maintenance on layers, sites and the system. They are drawn from a generator of their
 * own, so the rest of the model is the one the same seed gives without them.
 *
 * The generator builds a plain description (`GenSystem`) first and prints it; property tests
 * mutate the description (add a replica, raise `min`, reorder declarations) and print again.
 * `withCommonCauses` builds the common causes of a description on a model by hand (the
 * semantics, not the model stage), for a model parsed from the text printed without them.
 */

export { Random } from '../support/random';
import { Random } from '../support/random';
import { SECONDS_PER_DAY, SECONDS_PER_HOUR, SECONDS_PER_MINUTE } from '../../grammar/src/units';
import type { CommonCauseModel, InstanceModel, LayerModel, SystemModel } from '../../server/src/core/model/types';
import { betaGroup, deployCause, maintenanceCause } from './fixtures';

export type GenTemperature = 'hot' | 'warm' | 'cold' | 'bare';

/** Availability of an element: a percent, or MTBF and MTTR in seconds; MTTR may come alone. */
export interface GenFigures {
  availabilityPercent?: number;
  mtbfSeconds?: number;
  mttrSeconds?: number;
}

/** Durations are picked in hours (as people write them) and kept in seconds. */
const hours = (...h: number[]): number[] => h.map((x) => x * SECONDS_PER_HOUR);

export interface GenDomain extends GenFigures {
  name: string;
  /** Zones only: the region it is `in`. */
  region?: string;
}

/** `deploys F/week change-failure P% restore R [rollout canary C% | rollout all-at-once]`. */
export interface GenDeploy {
  perWeek: number;
  changeFailurePercent: number;
  restoreSeconds: number;
  /** `rollout canary C%` (active-active layers of nodes only). */
  canaryPercent?: number;
  /** Writes `rollout all-at-once` (the default) explicitly. */
  allAtOnce?: boolean;
}

/** `maintenance D every T`. */
export interface GenMaintenance {
  durationSeconds: number;
  everySeconds: number;
}

export interface GenNode extends GenFigures {
  name: string;
  /** `common-cause β%` on the node: its replicas' group. */
  commonCausePercent?: number;
  zone?: string;
  zones?: string[];
  replicas?: number;
  capacity?: number;
  standby?: GenTemperature;
  promoteSeconds?: number;
}

export interface GenLayer {
  name: string;
  /** Written as `kind …` when set. */
  kind?: string;
  /** Written as `mode …` when set; otherwise implied by the standbys. */
  mode?: 'active-active' | 'active-passive';
  min?: number;
  load?: number;
  optional?: boolean;
  promoteSeconds?: number;
  healthCheck?: { intervalSeconds: number; unhealthy?: number };
  heartbeat?: { intervalSeconds?: number; timeoutSeconds: number };
  nodes: GenNode[];
  sites: GenSite[];
  deploy?: GenDeploy;
  /** `common-cause β%` on the layer: every instance of it in one group. */
  commonCausePercent?: number;
  maintenance?: GenMaintenance;
}

export interface GenSite {
  name: string;
  deploy?: GenDeploy;
  maintenance?: GenMaintenance;
  standby?: GenTemperature;
  promoteSeconds?: number;
  layers: GenLayer[];
  /** Written as `path …` when set. */
  path?: string[];
}

export interface GenSystem {
  name: string;
  defaults?: GenFigures & { promoteSeconds?: number };
  regions: GenDomain[];
  zones: GenDomain[];
  layers: GenLayer[];
  path?: string[];
  deploy?: GenDeploy;
  maintenance?: GenMaintenance;
}

export interface GenerateOptions {
  /** Deepest nesting of sites (0: no sites). */
  maxSiteDepth: number;
  /** Upper bound on instances per layer of nodes. */
  maxInstancesPerLayer: number;
  /** Upper bound on the layers at the top level. */
  maxLayers: number;
  /**
   * Also draw revision 2's failover shapes (see above). Off by default: the extra draws would
   * change the model of every seed, and other suites pin seeds.
   */
  failoverShapes: boolean;
  /** Also draw common causes (see above), from a generator of their own. Off by default. */
  commonCauses: boolean;
  /** Chance that a top-level layer is a layer of sites (default 0.2; the same draws either way). */
  siteChance?: number;
}

export const DEFAULT_GENERATE_OPTIONS: GenerateOptions = { maxSiteDepth: 2, maxInstancesPerLayer: 6, maxLayers: 4, failoverShapes: false, commonCauses: false };

const PERCENTS = [90, 95, 98, 99, 99.5, 99.9, 99.95, 99.99, 99.999];
const LAYER_NAMES = ['dns', 'lb', 'web', 'app', 'api', 'db', 'cache', 'queue', 'storage', 'worker', 'search', 'auth'];

/** A random system from a seed. */
export function generateSystem(seed: number, options: Partial<GenerateOptions> = {}): GenSystem {
  const opts = { ...DEFAULT_GENERATE_OPTIONS, ...options };
  const rnd = new Random(seed);
  const ctx: Ctx = { rnd, opts, zones: [], siteCount: 0 };
  const regions: GenDomain[] = Array.from({ length: rnd.int(0, 2) }, (_, i) => ({ name: `r${i + 1}`, ...domainFigures(rnd) }));
  const zones: GenDomain[] = Array.from({ length: rnd.int(1, 4) }, (_, i) => ({
    name: `z${i + 1}`,
    region: regions.length > 0 && rnd.chance(0.75) ? rnd.pick(regions).name : undefined,
    ...domainFigures(rnd),
  }));
  ctx.zones = zones.map((z) => z.name);
  if (opts.failoverShapes) ctx.hotZone = rnd.pick(ctx.zones);
  const defaults = rnd.chance(0.3)
    ? {
        mttrSeconds: rnd.pick(hours(0.5, 2, 4)),
        ...(rnd.chance(0.4) ? { availabilityPercent: rnd.pick(PERCENTS) } : {}),
        ...(rnd.chance(0.3) ? { promoteSeconds: rnd.pick([20, 90]) } : {}),
      }
    : undefined;
  const layers = makeLayers(ctx, 0, rnd.int(1, opts.maxLayers), defaults?.availabilityPercent !== undefined);
  // The most overlooked single point of failure: the only load balancer, in the zone of primaries.
  if (ctx.hotZone !== undefined && rnd.chance(0.4)) {
    layers.unshift({ name: 'edge', kind: 'load-balancer', nodes: [{ name: 'edge-lb', zone: ctx.hotZone, ...nodeFigures(rnd, false) }], sites: [] });
  }
  const onPath = layers.filter((l) => !l.optional).map((l) => l.name);
  const path = rnd.chance(0.5) ? rnd.shuffle(onPath) : undefined;
  const system: GenSystem = { name: `gen${seed}`, defaults, regions, zones, layers, path };
  if (opts.commonCauses) drawCommonCauses(system, new Random((seed * 0x9e3779b1 + 0x7f4a7c15) >>> 0));
  return system;
}

// ---- common causes ----------------------------------------------------------------------------

function drawDeploy(rnd: Random, canary: boolean): GenDeploy {
  const deploy: GenDeploy = {
    perWeek: rnd.pick([1, 5, 20, 50]),
    changeFailurePercent: rnd.pick([1, 2, 5, 10]),
    restoreSeconds: rnd.pick([10 * SECONDS_PER_MINUTE, 30 * SECONDS_PER_MINUTE, SECONDS_PER_HOUR]),
  };
  if (canary) deploy.canaryPercent = rnd.pick([5, 25, 50]);
  else if (rnd.chance(0.3)) deploy.allAtOnce = true;
  return deploy;
}

function drawMaintenance(rnd: Random): GenMaintenance {
  return { durationSeconds: rnd.pick([1, 4].map((h) => h * SECONDS_PER_HOUR)), everySeconds: rnd.pick([30, 90].map((d) => d * SECONDS_PER_DAY)) };
}

/** A layer of nodes is active-active when it says so, or says nothing and has no standby. */
function isActiveActive(l: GenLayer): boolean {
  return l.mode === 'active-active' || (l.mode === undefined && !l.nodes.some((n) => n.standby !== undefined));
}

function drawCommonCauses(system: GenSystem, rnd: Random): void {
  const visit = (layers: GenLayer[]): void => {
    for (const l of layers) {
      if (l.sites.length > 0) {
        for (const site of l.sites) {
          // Often: a site's deploy is what opens windows in an active-passive layer of sites.
          if (rnd.chance(0.5)) site.deploy = drawDeploy(rnd, false);
          if (rnd.chance(0.15)) site.maintenance = drawMaintenance(rnd);
          visit(site.layers);
        }
        continue;
      }
      const activeActive = isActiveActive(l);
      if (rnd.chance(0.35)) l.deploy = drawDeploy(rnd, activeActive && rnd.chance(0.5));
      if (rnd.chance(0.2)) l.maintenance = drawMaintenance(rnd);
      // A group of instances that can fail (a 100% node would make a group that never fails).
      const canGroup = (n: GenNode): boolean => n.availabilityPercent !== 100;
      const r = rnd.next();
      if (r < 0.25 && l.nodes.every(canGroup)) l.commonCausePercent = rnd.pick([1, 5, 10, 20]);
      else if (r < 0.55) {
        // A node's group, in an active-active layer only (an active-passive one fails over between
        // its members, so a group is the whole layer's): its replicas, or one node of several.
        const candidates = activeActive ? l.nodes.filter((n) => canGroup(n) && ((n.replicas ?? 1) > 1 || l.nodes.length > 1)) : [];
        if (candidates.length > 0) rnd.pick(candidates).commonCausePercent = rnd.pick([1, 5, 10, 20]);
      }
    }
  };
  visit(system.layers);
  if (rnd.chance(0.2)) system.deploy = drawDeploy(rnd, false);
  if (rnd.chance(0.15)) system.maintenance = drawMaintenance(rnd);
}

/** Whether a description has any common cause. */
export function hasCommonCauses(system: GenSystem): boolean {
  const inLayers = (layers: GenLayer[]): boolean =>
    layers.some((l) => l.deploy || l.maintenance || l.commonCausePercent !== undefined || l.nodes.some((n) => n.commonCausePercent !== undefined) || l.sites.some((s) => s.deploy || s.maintenance || inLayers(s.layers)));
  return system.deploy !== undefined || system.maintenance !== undefined || inLayers(system.layers);
}

/** The same description without its common causes (a deep copy). */
export function withoutCommonCauses(system: GenSystem): GenSystem {
  const copy = structuredClone(system);
  const strip = (layers: GenLayer[]): void => {
    for (const l of layers) {
      delete l.deploy;
      delete l.maintenance;
      delete l.commonCausePercent;
      for (const n of l.nodes) delete n.commonCausePercent;
      for (const site of l.sites) {
        delete site.deploy;
        delete site.maintenance;
        strip(site.layers);
      }
    }
  };
  strip(copy.layers);
  delete copy.deploy;
  delete copy.maintenance;
  return copy;
}

/**
 * The common causes of `gen` built by hand on `model`, the model of the same description printed
 * without them (`printSystem(withoutCommonCauses(gen))`), following the semantics of
 * docs/language.md "Common causes" (not the model stage): ids `deploy app`, `deploy s1.app`,
 * `deploy s1`, `deploy`, `common-cause app`, `common-cause app-n1`, `maintenance db`,
 * `maintenance`; a series element covers every instance of its scope, a canary the first
 * ⌈C·n⌉ instances of its layer; a beta group U_c = β·U_ref with the reference's MTTR, and its
 * members' `own` share. Declaration order: the system's, then depth first through the layers in
 * declaration order (each layer's deploy, group, node groups, maintenance; each site's deploy and
 * maintenance before its layers). The model stage may order them differently: compare by id.
 */
export function withCommonCauses(model: SystemModel, gen: GenSystem): SystemModel {
  const causes: CommonCauseModel[] = [];
  const instances = new Map(model.instances.map((i) => [i.id, i]));
  const fraction = (percent: number): number => percent / 100;
  const deployModel = (d: GenDeploy): NonNullable<CommonCauseModel['deploy']> => ({
    perWeek: d.perWeek,
    changeFailure: fraction(d.changeFailurePercent),
    restoreSeconds: d.restoreSeconds,
    rollout: d.canaryPercent === undefined ? 'all-at-once' : 'canary',
    ...(d.canaryPercent === undefined ? {} : { canaryShare: fraction(d.canaryPercent) }),
  });
  const siteOf = (name: string): string => {
    const site = model.sites.find((x) => x.name === name);
    if (!site) throw new Error(`site ${name} is not in the model`);
    return site.id;
  };
  const instancesInSite = (siteId: string): string[] => {
    const inside = (id: string | undefined): boolean => {
      for (let s = id; s !== undefined; s = model.sites.find((x) => x.id === s)?.site) if (s === siteId) return true;
      return false;
    };
    return model.instances.filter((i) => inside(i.site)).map((i) => i.id);
  };
  const regroup = (group: { cause: CommonCauseModel; members: InstanceModel[] }): void => {
    causes.push(group.cause);
    for (const m of group.members) instances.set(m.id, m);
  };
  const visit = (layers: GenLayer[], siteId: string | undefined): void => {
    for (const g of layers) {
      const layer = model.layers.find((l) => l.name === g.name && l.site === siteId) as LayerModel;
      if (!layer) throw new Error(`layer ${g.name} is not in the model`);
      if (g.sites.length > 0) {
        for (const gs of g.sites) {
          const id = siteOf(gs.name);
          const covered = instancesInSite(id);
          if (gs.deploy) causes.push(deployCause(`deploy ${id}`, { scope: 'site', scopeId: id }, covered, deployModel(gs.deploy)));
          if (gs.maintenance) causes.push(maintenanceCause(`maintenance ${id}`, { scope: 'site', scopeId: id }, covered, gs.maintenance.durationSeconds, gs.maintenance.everySeconds));
          visit(gs.layers, id);
        }
        continue;
      }
      const where = { scope: 'layer' as const, scopeId: layer.id, layer: layer.id };
      if (g.deploy) {
        const d = deployModel(g.deploy);
        const covered = d.canaryShare === undefined ? layer.instances : layer.instances.slice(0, Math.ceil(d.canaryShare * layer.instances.length - 1e-9));
        causes.push(deployCause(`deploy ${layer.id}`, { ...where, series: d.canaryShare === undefined || covered.length === layer.instances.length }, covered, d));
      }
      if (g.commonCausePercent !== undefined) {
        regroup(betaGroup(`common-cause ${layer.id}`, where, layer.instances.map((id) => instances.get(id) as InstanceModel), fraction(g.commonCausePercent)));
      }
      for (const gn of g.nodes) {
        if (gn.commonCausePercent === undefined) continue;
        const node = layer.nodes.find((n) => n.name === gn.name);
        if (!node) throw new Error(`node ${gn.name} is not in layer ${layer.id}`);
        const series = node.instances.length === layer.instances.length;
        regroup(betaGroup(`common-cause ${node.id}`, { scope: 'node', scopeId: node.id, layer: layer.id, series }, node.instances.map((id) => instances.get(id) as InstanceModel), fraction(gn.commonCausePercent)));
      }
      if (g.maintenance) causes.push(maintenanceCause(`maintenance ${layer.id}`, where, layer.instances, g.maintenance.durationSeconds, g.maintenance.everySeconds));
    }
  };
  const all = model.instances.map((i) => i.id);
  if (gen.deploy) causes.push(deployCause('deploy', { scope: 'system', scopeId: '' }, all, deployModel(gen.deploy)));
  if (gen.maintenance) causes.push(maintenanceCause('maintenance', { scope: 'system', scopeId: '' }, all, gen.maintenance.durationSeconds, gen.maintenance.everySeconds));
  visit(gen.layers, undefined);
  return { ...model, instances: model.instances.map((i) => instances.get(i.id) as InstanceModel), commonCauses: causes };
}

interface Ctx {
  rnd: Random;
  opts: GenerateOptions;
  zones: string[];
  siteCount: number;
  /** With `failoverShapes`: the zone that primaries and the load balancer crowd into. */
  hotZone?: string;
}

function domainFigures(rnd: Random): GenFigures {
  const r = rnd.next();
  if (r < 0.2) return {};
  if (r < 0.35) return { mtbfSeconds: rnd.pick(hours(2000, 8760, 20000)), mttrSeconds: rnd.pick(hours(1, 4)) };
  return { availabilityPercent: rnd.pick([99.9, 99.95, 99.99, 99.995, 99.999]) };
}

function nodeFigures(rnd: Random, hasDefault: boolean): GenFigures {
  const r = rnd.next();
  if (hasDefault && r < 0.2) return {};
  if (r < 0.35) return { mtbfSeconds: rnd.pick(hours(100, 500, 2000, 8760)), mttrSeconds: rnd.pick(hours(0.25, 1, 2, 8)) };
  if (r < 0.45) return { availabilityPercent: rnd.pick(PERCENTS), mttrSeconds: rnd.pick(hours(0.5, 2, 6)) };
  if (r < 0.47) return { availabilityPercent: 100 };
  return { availabilityPercent: rnd.pick(PERCENTS) };
}

function makeLayers(ctx: Ctx, depth: number, count: number, hasDefault: boolean): GenLayer[] {
  const names = ctx.rnd.shuffle(LAYER_NAMES).slice(0, count);
  return names.map((name, i) => {
    const siteChance = depth < ctx.opts.maxSiteDepth ? (depth === 0 ? (ctx.opts.siteChance ?? 0.2) : 0.12) : 0;
    const layer = ctx.rnd.chance(siteChance) ? siteLayer(ctx, name, depth, hasDefault) : nodeLayer(ctx, name, hasDefault);
    // Only the last of several layers may be optional, so a scope always keeps a path.
    if (i === names.length - 1 && i > 0 && ctx.rnd.chance(0.15)) layer.optional = true;
    return layer;
  });
}

function nodeLayer(ctx: Ctx, name: string, hasDefault: boolean): GenLayer {
  const { rnd } = ctx;
  const shapes = ['min', 'min', 'equal', 'unequal', 'passive', 'passive'] as const;
  // Revision 2's shapes are active-passive ones: half the layers of nodes.
  const shape = rnd.pick(ctx.opts.failoverShapes ? ([...shapes, 'passive', 'passive'] as const) : shapes);
  if (shape === 'passive') return passiveLayer(ctx, name, hasDefault);
  const nodes = makeNodes(ctx, name, rnd.int(1, 3), hasDefault);
  const n = instanceCount(nodes);
  const layer: GenLayer = { name, nodes, sites: [], mode: rnd.chance(0.2) ? 'active-active' : undefined };
  if (shape === 'min') {
    if (rnd.chance(0.7)) layer.min = rnd.int(1, n);
  } else if (shape === 'equal') {
    const capacity = rnd.pick([100, 250, 1000]);
    for (const node of nodes) node.capacity = capacity;
    const k = rnd.int(1, n);
    layer.load = capacity * (k - 1) + rnd.pick([capacity / 2, capacity]);
    if (rnd.chance(0.3)) layer.min = rnd.int(1, k);
  } else {
    for (const node of nodes) node.capacity = rnd.pick([100, 200, 300, 500, 800]);
    const total = nodes.reduce((sum, node) => sum + (node.capacity ?? 0) * (node.replicas ?? 1), 0);
    layer.load = Math.max(1, Math.round(total * rnd.pick([0.2, 0.4, 0.6, 0.8, 1])));
    if (rnd.chance(0.4)) layer.min = rnd.int(1, Math.max(1, Math.ceil(n / 2)));
  }
  return layer;
}

function passiveLayer(ctx: Ctx, name: string, hasDefault: boolean): GenLayer {
  const { rnd } = ctx;
  const standbyCount = rnd.chance(0.1) ? 0 : ctx.opts.failoverShapes ? rnd.pick([1, 1, 2, 2, 3]) : rnd.int(1, 2);
  const nodes = makeNodes(ctx, name, 1 + standbyCount, hasDefault);
  const primary = nodes[0] as GenNode;
  delete primary.replicas;
  if (primary.zones) primary.zone = primary.zones[0];
  delete primary.zones;
  for (const node of nodes.slice(1)) {
    node.standby = rnd.pick(['hot', 'warm', 'cold', 'bare'] as const);
    if (rnd.chance(0.25)) node.promoteSeconds = rnd.pick([5, 30, 120]);
  }
  if (ctx.opts.failoverShapes) failoverPlacement(ctx, primary, nodes.slice(1));
  const layer: GenLayer = { name, nodes: rnd.shuffle(nodes), sites: [], mode: standbyCount === 0 || rnd.chance(0.2) ? 'active-passive' : undefined };
  // Keep the standbys' relative order after shuffling: it decides which one is promoted first.
  const standbys = nodes.slice(1);
  layer.nodes = layer.nodes.map((node) => (node.standby ? (standbys.shift() as GenNode) : node));
  detection(rnd, layer);
  if (rnd.chance(0.25)) layer.promoteSeconds = rnd.pick([10, 45, 600]);
  return layer;
}

/** Revision 2's shapes in an active-passive layer of nodes (standbys in takeover order). */
function failoverPlacement(ctx: Ctx, primary: GenNode, standbys: GenNode[]): void {
  const { rnd } = ctx;
  if (ctx.hotZone !== undefined && rnd.chance(0.5)) primary.zone = ctx.hotZone;
  // A quick repair behind a cold standby, whose window (30 min and more) outlasts it.
  const last = standbys[standbys.length - 1];
  if (last && rnd.chance(0.3)) {
    primary.mttrSeconds = 0.25 * SECONDS_PER_HOUR;
    last.standby = 'cold';
  }
  const coldBehindHot = standbys.length > 1 && rnd.chance(0.35);
  standbys.forEach((node, i) => {
    if (coldBehindHot) node.standby = i === 0 ? 'hot' : 'cold';
    if (rnd.chance(0.4)) node.promoteSeconds = rnd.pick([5, 30, 120]);
    if (primary.zone !== undefined && rnd.chance(0.25)) {
      node.zone = primary.zone;
      delete node.zones;
    }
  });
}

function detection(rnd: Random, layer: GenLayer): void {
  const r = rnd.next();
  if (r < 0.4) layer.healthCheck = { intervalSeconds: rnd.pick([5, 10, 30]), unhealthy: rnd.chance(0.5) ? rnd.int(1, 5) : undefined };
  else if (r < 0.7) layer.heartbeat = { timeoutSeconds: rnd.pick([3, 10, 60]), intervalSeconds: rnd.chance(0.5) ? 1 : undefined };
  else if (r < 0.85) {
    layer.healthCheck = { intervalSeconds: rnd.pick([5, 10]) };
    layer.heartbeat = { timeoutSeconds: rnd.pick([10, 40]) };
  }
}

function makeNodes(ctx: Ctx, layer: string, count: number, hasDefault: boolean): GenNode[] {
  const { rnd } = ctx;
  const nodes: GenNode[] = [];
  let instances = 0;
  for (let j = 1; j <= count && instances < ctx.opts.maxInstancesPerLayer; j++) {
    const node: GenNode = { name: `${layer}-n${j}`, ...nodeFigures(rnd, hasDefault) };
    const placement = rnd.next();
    if (placement < 0.4) node.zone = rnd.pick(ctx.zones);
    else if (placement < 0.8) {
      node.replicas = rnd.int(2, Math.max(2, Math.min(4, ctx.opts.maxInstancesPerLayer - instances)));
      node.zones = rnd.shuffle(ctx.zones).slice(0, rnd.int(1, ctx.zones.length));
    } else if (rnd.chance(0.5)) node.replicas = rnd.int(2, 3);
    instances += node.replicas ?? 1;
    nodes.push(node);
  }
  return nodes;
}

function siteLayer(ctx: Ctx, name: string, depth: number, hasDefault: boolean): GenLayer {
  const { rnd } = ctx;
  const sites: GenSite[] = Array.from({ length: rnd.int(2, 3) }, () => {
    const siteName = `s${++ctx.siteCount}`;
    const layers = makeLayers(ctx, depth + 1, rnd.int(1, 2), hasDefault);
    const onPath = layers.filter((l) => !l.optional).map((l) => l.name);
    return { name: siteName, layers, path: rnd.chance(0.4) ? rnd.shuffle(onPath) : undefined };
  });
  const layer: GenLayer = { name, nodes: [], sites };
  if (rnd.chance(0.5)) {
    for (const site of sites.slice(1)) {
      site.standby = rnd.pick(['hot', 'warm', 'cold', 'bare'] as const);
      if (rnd.chance(0.3)) site.promoteSeconds = rnd.pick([30, 300]);
    }
    if (rnd.chance(0.3)) layer.mode = 'active-passive';
    detection(rnd, layer);
    if (ctx.opts.failoverShapes && rnd.chance(0.3)) layer.promoteSeconds = rnd.pick([20, 120]);
  } else {
    if (rnd.chance(0.3)) layer.mode = 'active-active';
    if (rnd.chance(0.5)) layer.min = rnd.int(1, sites.length);
  }
  return layer;
}

/** Instances a list of nodes stands for. */
export function instanceCount(nodes: GenNode[]): number {
  return nodes.reduce((sum, node) => sum + (node.replicas ?? 1), 0);
}

/** Writes a generated system as `.topo` text. `order` shuffles declarations (same meaning). */
export function printSystem(system: GenSystem, order?: Random): string {
  const items: string[][] = [];
  if (system.defaults) items.push(block('defaults', figureLines(system.defaults, system.defaults.promoteSeconds), '  ', order));
  for (const r of system.regions) items.push(domain('region', r, '  ', order));
  for (const z of system.zones) items.push(domain('zone', z, '  ', order));
  for (const l of system.layers) items.push(layerLines(l, '  ', order));
  if (system.path) items.push([`  path ${system.path.join(' -> ')}`]);
  if (system.deploy) items.push([`  ${deployLine(system.deploy)}`]);
  if (system.maintenance) items.push([`  ${maintenanceLine(system.maintenance)}`]);
  return [`system ${system.name} {`, ...shuffled(items, order).flat(), '}', ''].join('\n');
}

function domain(keyword: string, d: GenDomain, indent: string, order?: Random): string[] {
  const head = `${keyword} ${d.name}${d.region ? ` in ${d.region}` : ''}`;
  const props = figureLines(d);
  return props.length === 0 ? [`${indent}${head}`] : block(head, props, indent, order);
}

function layerLines(l: GenLayer, indent: string, order?: Random): string[] {
  const props: string[][] = [];
  const one = (s: string): void => void props.push([s]);
  if (l.kind) one(`kind ${l.kind}`);
  if (l.mode) one(`mode ${l.mode}`);
  if (l.min !== undefined) one(`min ${l.min}`);
  if (l.load !== undefined) one(`load ${l.load}`);
  if (l.optional) one('optional');
  if (l.deploy) one(deployLine(l.deploy));
  if (l.commonCausePercent !== undefined) one(`common-cause ${l.commonCausePercent}%`);
  if (l.maintenance) one(maintenanceLine(l.maintenance));
  if (l.promoteSeconds !== undefined) one(`promote ${l.promoteSeconds}s`);
  if (l.healthCheck) {
    const hc = [`interval ${l.healthCheck.intervalSeconds}s`, ...(l.healthCheck.unhealthy !== undefined ? [`unhealthy ${l.healthCheck.unhealthy}`] : [])];
    one(`health-check { ${shuffled(hc, order).join(' ')} }`);
  }
  if (l.heartbeat) {
    const hb = [`timeout ${l.heartbeat.timeoutSeconds}s`, ...(l.heartbeat.intervalSeconds !== undefined ? [`interval ${l.heartbeat.intervalSeconds}s`] : [])];
    one(`heartbeat { ${shuffled(hb, order).join(' ')} }`);
  }
  // Nodes and sites keep their relative order: it decides the primary's successor.
  const members: string[][] = [
    ...l.nodes.map((n) => nodeLines(n, order)),
    ...l.sites.map((s) => siteLines(s, '  ', order)),
  ];
  const inner = order ? interleave(shuffled(props, order), members, order) : [...props, ...members];
  return [`${indent}layer ${l.name} {`, ...inner.flat().map((s) => `${indent}  ${s}`), `${indent}}`];
}

function nodeLines(n: GenNode, order?: Random): string[] {
  const props = figureLines(n);
  if (n.zone !== undefined) props.push(`zone ${n.zone}`);
  if (n.zones) props.push(`zones [${n.zones.join(', ')}]`);
  if (n.replicas !== undefined) props.push(`replicas ${n.replicas}`);
  if (n.capacity !== undefined) props.push(`capacity ${n.capacity}`);
  if (n.standby) props.push(n.standby === 'bare' ? 'standby' : `standby ${n.standby}`);
  if (n.promoteSeconds !== undefined) props.push(`promote ${n.promoteSeconds}s`);
  if (n.commonCausePercent !== undefined) props.push(`common-cause ${n.commonCausePercent}%`);
  return props.length === 0 ? [`node ${n.name}`] : [`node ${n.name} { ${shuffled(props, order).join(' ')} }`];
}

function siteLines(s: GenSite, indent: string, order?: Random): string[] {
  const items: string[][] = [];
  if (s.standby) items.push([s.standby === 'bare' ? 'standby' : `standby ${s.standby}`]);
  if (s.promoteSeconds !== undefined) items.push([`promote ${s.promoteSeconds}s`]);
  if (s.deploy) items.push([deployLine(s.deploy)]);
  if (s.maintenance) items.push([maintenanceLine(s.maintenance)]);
  for (const l of s.layers) items.push(layerLines(l, "", order));
  if (s.path) items.push([`path ${s.path.join(' -> ')}`]);
  return [`site ${s.name} {`, ...shuffled(items, order).flat().map((x) => `${indent}${x}`), '}'];
}

/** `deploys 20/week change-failure 5% restore 1800s rollout canary 5%`. */
function deployLine(d: GenDeploy): string {
  const rollout = d.canaryPercent !== undefined ? ` rollout canary ${d.canaryPercent}%` : d.allAtOnce ? ' rollout all-at-once' : '';
  return `deploys ${d.perWeek}/week change-failure ${d.changeFailurePercent}% restore ${d.restoreSeconds}s${rollout}`;
}

/** `maintenance 14400s every 2592000s`. */
function maintenanceLine(m: GenMaintenance): string {
  return `maintenance ${m.durationSeconds}s every ${m.everySeconds}s`;
}

function figureLines(f: GenFigures, promoteSeconds?: number): string[] {
  const out: string[] = [];
  if (f.availabilityPercent !== undefined) out.push(`availability ${f.availabilityPercent}%`);
  if (f.mtbfSeconds !== undefined) out.push(`mtbf ${f.mtbfSeconds}s`);
  if (f.mttrSeconds !== undefined) out.push(`mttr ${f.mttrSeconds}s`);
  if (promoteSeconds !== undefined) out.push(`promote ${promoteSeconds}s`);
  return out;
}

function block(head: string, props: string[], indent: string, order?: Random): string[] {
  return [`${indent}${head} { ${shuffled(props, order).join(' ')} }`];
}

function shuffled<T>(items: T[], order?: Random): T[] {
  return order ? order.shuffle(items) : items;
}

/** Merges two lists at random positions, keeping each list's own order. */
function interleave<T>(a: T[], b: T[], order: Random): T[] {
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && order.chance(a.length / (a.length + b.length)))) out.push(a[i++] as T);
    else out.push(b[j++] as T);
  }
  return out;
}

/** The shape of a large benchmark model. */
export interface ScaledOptions {
  instances: number;
  zones: number;
  regions: number;
}

/**
 * A large, realistic system for the benchmark: every layer spans every zone round robin, so
 * zones and regions are shared by all layers (the hard case for an exact engine). About 4% load
 * balancers (half needed), 60% app servers behind a load (70% needed), 30% cache (half
 * needed), a three-node active-passive database and two DNS providers.
 */
export function generateScaled(options: ScaledOptions): string {
  const { instances, zones, regions } = options;
  const zoneNames = Array.from({ length: zones }, (_, i) => `z${i + 1}`);
  const lb = Math.max(2, Math.round(instances * 0.04));
  const cache = Math.max(2, Math.round(instances * 0.3));
  const app = Math.max(2, instances - lb - cache - 5);
  const appNeeded = Math.ceil(app * 0.7);
  const zonesList = `zones [${zoneNames.join(', ')}]`;
  const lines = [
    `system scaled-${instances} {`,
    '  slo 99.9%',
    ...Array.from({ length: regions }, (_, i) => `  region r${i + 1} { availability 99.999% }`),
    ...zoneNames.map((z, i) => `  zone ${z}${regions > 0 ? ` in r${(i % regions) + 1}` : ''} { availability 99.99% }`),
    '  layer dns { node dns-a { availability 99.99% } node dns-b { availability 99.99% } }',
    `  layer lb { min ${Math.ceil(lb / 2)} node lb { availability 99.95% replicas ${lb} ${zonesList} } }`,
    `  layer app { load ${appNeeded * 100 - 50} node app { availability 99.9% mttr 30m replicas ${app} capacity 100 ${zonesList} } }`,
    `  layer cache { min ${Math.ceil(cache / 2)} node cache { availability 99.5% replicas ${cache} ${zonesList} } }`,
    '  layer db {',
    '    replication sync',
    '    heartbeat { interval 1s timeout 10s }',
    `    node db-1 { availability 99.95% mttr 2h zone ${zoneNames[0]} }`,
    `    node db-2 { availability 99.95% mttr 2h zone ${zoneNames[1 % zones]} standby hot }`,
    `    node db-3 { availability 99.95% mttr 2h zone ${zoneNames[2 % zones]} standby warm }`,
    '  }',
    '  path dns -> lb -> app -> cache -> db',
    '}',
    '',
  ];
  return lines.join('\n');
}

export interface LayeredOptions {
  /** Layers on the path; every third is active-passive (a primary and two hot standbys). */
  layers: number;
  zones: number;
  regions: number;
  /** Replicas of each active-active layer (half needed), spread over every zone. */
  replicas: number;
}

/**
 * The long-path shape of issue 13's speed measurements: many layers in series, each spanning
 * the shared zones, every third one active-passive with two hot standbys in other zones. Deep
 * rather than wide, so per-layer work (importance, advice) shows; about 7 instances a layer with
 * 9 replicas (40 layers: 282 instances).
 */
export function generateLayered(options: LayeredOptions): string {
  const { layers, zones, regions, replicas } = options;
  const zoneNames = Array.from({ length: zones }, (_, i) => `z${i + 1}`);
  const lines = [`system layered-${layers} {`, '  slo 99.9%'];
  for (let r = 1; r <= regions; r++) lines.push(`  region r${r} { availability 99.999% }`);
  zoneNames.forEach((z, i) => lines.push(`  zone ${z}${regions > 0 ? ` in r${(i % regions) + 1}` : ''} { availability 99.99% }`));
  const names: string[] = [];
  for (let l = 0; l < layers; l++) {
    const name = `l${l}`;
    names.push(name);
    if (l % 3 === 2) {
      lines.push(
        `  layer ${name} {`,
        '    heartbeat { interval 1s timeout 10s }',
        `    node ${name}-p { availability 99.95% zone ${zoneNames[l % zones]} }`,
        `    node ${name}-s1 { availability 99.95% zone ${zoneNames[(l + 1) % zones]} standby hot }`,
        `    node ${name}-s2 { availability 99.95% zone ${zoneNames[(l + 2) % zones]} standby hot }`,
        '  }',
      );
    } else {
      lines.push(`  layer ${name} { min ${Math.ceil(replicas / 2)} node ${name}-n { availability 99.9% replicas ${replicas} zones [${zoneNames.join(', ')}] } }`);
    }
  }
  lines.push(`  path ${names.join(' -> ')}`, '}', '');
  return lines.join('\n');
}

/** One model of `npm run bench`'s `topo check` table (bench/check.ts). */
export interface BenchModel {
  label: string;
  text: string;
  /** SCRAM runs beside Topo on it. */
  scram: boolean;
  /** Whole-process speed-up over SCRAM issue 13 asks for, or a wall-time target in seconds. */
  minRatio?: number;
  maxSeconds?: number;
}

/**
 * The bench's models, here so that `test/verify/bench-models.test.ts` checks the U of the very
 * models the bench times: issue 13's long paths (6 zones in 2 regions, 9 replicas, every third
 * layer active-passive) of 14 to 102 layers (102 to 714 instances), and the wide shape at 2,000
 * and 10,000 instances over 16 zones.
 */
export function benchModels(): BenchModel[] {
  const layered = (layers: number): string => generateLayered({ layers, zones: 6, regions: 2, replicas: 9 });
  return [
    { label: 'layered 14', text: layered(14), scram: true },
    { label: 'layered 27', text: layered(27), scram: true },
    { label: 'layered 40', text: layered(40), scram: true, minRatio: 20 },
    { label: 'layered 62', text: layered(62), scram: true, minRatio: 100 },
    { label: 'layered 102', text: layered(102), scram: true },
    { label: 'wide 2k', text: generateScaled({ instances: 2000, zones: 16, regions: 2 }), scram: false },
    { label: 'wide 10k', text: generateScaled({ instances: 10000, zones: 16, regions: 2 }), scram: false, maxSeconds: 1 },
  ];
}
