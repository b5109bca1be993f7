/**
 * The system compiled for simulation: elements, members ("units") and layers as flat,
 * index-addressed arrays, so both simulators (scenario and Monte Carlo) run on plain numbers.
 *
 * Invariants:
 * - Elements are numbered instances first (element i is instance i and unit i), then zones,
 *   then regions, then the common causes (deploys, common-cause groups, maintenance: spec
 *   extension "Common causes"), each group in declaration order. An instance's own figures are
 *   `own ?? instance` (a beta group takes a share of its failures); a common cause is an element
 *   like a zone, whose failure takes down every instance it covers.
 * - Units are the members of layers: instance units 0..instanceCount−1, then one unit per site.
 * - `layerOrder` lists layers innermost first (deepest site nesting first), so a site's layers
 *   are always evaluated before the layer the site is a member of.
 */
import { PROMOTION_SECONDS } from '../model/failover';
import type { ElementType, LayerModel, SystemModel, Temperature } from '../model/types';
import { systemIndex } from '../model/index';


export interface SimLayer {
  id: string;
  model: LayerModel;
  activePassive: boolean;
  /** Member unit ids in declaration order; for active-passive the primary is member 0. */
  members: number[];
  min: number;
  /** Required summed capacity; 0 when the layer has no `load`. */
  load: number;
  /**
   * Active-passive: per member position, how long promoting that member takes, seconds: its own
   * `promote`, else the layer's or the defaults', else its temperature (spec section 3). Position 0
   * (the primary) holds the layer's promotion time; scenarios quote it in a window's timing.
   */
  promotionSeconds: number[];
  /**
   * Active-passive: per member position j, T_fo(j) = detection + j's promotion, seconds: how long
   * a window lasts when j is the first standby up as it opens (spec section 3, revision 2). Taken
   * from the model's `standbyFailoverSeconds`, the one definition the engine uses too; position 0
   * (the primary, which no window promotes) holds 0.
   */
  windowSeconds: number[];
  /** How long until a failed member is noticed; undefined when the model does not say. */
  detectionSeconds?: number;
  /** Owner: the index of the site whose path holds this layer, −1 for the system, −2 when on no path. */
  owner: number;
  depth: number;
}

export interface SimSite {
  id: string;
  unit: number;
  /** Layer indices of its path. */
  path: number[];
}

export interface Structure {
  system: SystemModel;
  elementNames: string[];
  elementTypes: ElementType[];
  unavailability: Float64Array;
  mttrSeconds: Float64Array;
  /** Mean time between failures, seconds; Infinity for an element that never fails. */
  mtbfSeconds: Float64Array;
  instanceCount: number;
  /** CSR: the instances whose effective state depends on element e are depList[depStart[e] .. depStart[e+1]). */
  depStart: Int32Array;
  depList: Int32Array;
  unitCount: number;
  unitNames: string[];
  unitLayer: Int32Array;
  unitPos: Int32Array;
  unitCapacity: Float64Array;
  /** For a site unit, its site index; −1 for an instance. */
  unitSite: Int32Array;
  layers: SimLayer[];
  sites: SimSite[];
  /** Layer indices of the system's path. */
  path: number[];
  layerOrder: number[];
  layerIndex: Map<string, number>;
  elementIndex: Map<string, number>;
}

/** Compiles an analysable model into the simulators' flat form. */
export function compileStructure(system: SystemModel): Structure {
  const instanceCount = system.instances.length;
  const elementNames = [
    ...system.instances.map((i) => i.id),
    ...system.zones.map((z) => z.name),
    ...system.regions.map((r) => r.name),
    ...system.commonCauses.map((c) => c.id),
  ];
  const elementTypes: ElementType[] = [
    ...system.instances.map(() => 'instance' as const),
    ...system.zones.map(() => 'zone' as const),
    ...system.regions.map(() => 'region' as const),
    ...system.commonCauses.map((c) => c.kind),
  ];
  const figures = [...system.instances.map((i) => i.own ?? i), ...system.zones, ...system.regions, ...system.commonCauses];
  const elementCount = elementNames.length;
  const unavailability = new Float64Array(elementCount);
  const mttrSeconds = new Float64Array(elementCount);
  const mtbfSeconds = new Float64Array(elementCount);
  figures.forEach((f, e) => {
    const hasFigures = !('hasAvailability' in f) || f.hasAvailability;
    unavailability[e] = hasFigures ? f.unavailability : 0;
    mttrSeconds[e] = f.mttrSeconds;
    mtbfSeconds[e] = hasFigures && f.unavailability > 0 ? f.mttrSeconds * (1 - f.unavailability) / f.unavailability : Infinity;
  });
  const elementIndex = new Map(elementNames.map((n, e) => [n, e]));
  const { depStart, depList } = dependents(system, elementIndex, elementCount);

  const layerIndex = new Map(system.layers.map((l, i) => [l.id, i]));
  const siteIndex = new Map(system.sites.map((s, i) => [s.id, i]));
  const unitCount = instanceCount + system.sites.length;
  const unitNames = [...system.instances.map((i) => i.id), ...system.sites.map((s) => s.id)];
  const unitLayer = new Int32Array(unitCount).fill(-1);
  const unitPos = new Int32Array(unitCount);
  const unitCapacity = new Float64Array(unitCount);
  const unitSite = new Int32Array(unitCount).fill(-1);
  system.instances.forEach((inst, u) => (unitCapacity[u] = inst.capacity ?? 0));
  system.sites.forEach((_s, s) => (unitSite[instanceCount + s] = s));

  const sites: SimSite[] = system.sites.map((s, i) => ({
    id: s.id,
    unit: instanceCount + i,
    path: s.path.map((id) => layerIndex.get(id)).filter((l): l is number => l !== undefined),
  }));
  const path = system.path.map((id) => layerIndex.get(id)).filter((l): l is number => l !== undefined);
  const owner = new Int32Array(system.layers.length).fill(-2);
  path.forEach((l) => (owner[l] = -1));
  sites.forEach((s, i) => s.path.forEach((l) => (owner[l] = i)));

  const promotionFacts = new Map<string, PromotionFacts>([...system.instances, ...system.sites].filter((m) => m.standby !== undefined).map((m) => [m.id, m]));
  const layers: SimLayer[] = system.layers.map((l, li) => {
    const members = memberUnits(l, system, elementIndex, siteIndex);
    members.forEach((u, pos) => {
      unitLayer[u] = li;
      unitPos[u] = pos;
    });
    return {
      id: l.id,
      model: l,
      activePassive: l.mode === 'active-passive',
      members,
      min: l.requirement.min,
      load: l.members === 'nodes' ? (l.requirement.load ?? 0) : 0,
      promotionSeconds: memberPromotionSeconds(l, promotionFacts, members.length),
      windowSeconds: memberWindowSeconds(l, members.length),
      detectionSeconds: l.failover?.detectionSeconds ?? l.detectionSeconds,
      owner: owner[li] as number,
      depth: 0,
    };
  });
  const depthOfSite = (siteId: string | undefined): number => {
    let depth = 0;
    for (let id = siteId; id !== undefined; id = system.sites[siteIndex.get(id) ?? -1]?.site) depth++;
    return depth;
  };
  layers.forEach((l) => (l.depth = depthOfSite(l.model.site)));
  const layerOrder = layers.map((_l, i) => i).sort((a, b) => (layers[b] as SimLayer).depth - (layers[a] as SimLayer).depth || a - b);

  return {
    system, elementNames, elementTypes, unavailability, mttrSeconds, mtbfSeconds, instanceCount,
    depStart, depList, unitCount, unitNames, unitLayer, unitPos, unitCapacity, unitSite,
    layers, sites, path, layerOrder, layerIndex, elementIndex,
  };
}

/**
 * Promotion time of each member of an active-passive layer, in takeover order (spec section 3's
 * rule, applied to each standby rather than the first only): its own `promote`, else the layer's
 * or the defaults' (`sharedPromotionSeconds`), else its temperature.
 */
function memberPromotionSeconds(l: LayerModel, members: Map<string, PromotionFacts>, count: number): number[] {
  const failover = l.failover;
  const layerPromotion = failover?.promotionSeconds ?? 0;
  const times = new Array<number>(count).fill(layerPromotion);
  if (!failover || l.primary === undefined) return times;
  const shared = failover.sharedPromotionSeconds;
  l.standbys.filter((id) => id !== l.primary).forEach((id, k) => {
    const member = members.get(id);
    if (k + 1 < count) times[k + 1] = member?.promoteSeconds ?? shared ?? PROMOTION_SECONDS[member?.standby ?? 'warm'];
  });
  return times;
}

/** T_fo(j) of each member position of an active-passive layer, from the model (see `SimLayer.windowSeconds`). */
function memberWindowSeconds(l: LayerModel, count: number): number[] {
  const times = new Array<number>(count).fill(0);
  const failover = l.failover;
  if (!failover || l.primary === undefined) return times;
  l.standbys.filter((id) => id !== l.primary).forEach((_id, k) => {
    if (k + 1 < count) times[k + 1] = failover.standbyFailoverSeconds[k] ?? failover.failoverSeconds;
  });
  return times;
}

type PromotionFacts = { promoteSeconds?: number; standby?: Temperature };

/** Members in takeover order: for active-passive the primary first, then the standbys in order. */
function memberUnits(l: LayerModel, system: SystemModel, elements: Map<string, number>, sites: Map<string, number>): number[] {
  const unitOf = (id: string): number | undefined =>
    l.members === 'sites' ? (sites.has(id) ? system.instances.length + (sites.get(id) as number) : undefined) : elements.get(id);
  const declared = l.members === 'sites' ? l.sites : l.instances;
  let ordered = declared;
  if (l.mode === 'active-passive' && l.primary !== undefined) {
    const rest = declared.filter((id) => id !== l.primary && !l.standbys.includes(id));
    ordered = [l.primary, ...l.standbys.filter((id) => id !== l.primary), ...rest];
  }
  return ordered.map(unitOf).filter((u): u is number => u !== undefined);
}

/** For every element, the instances that are effectively down while it is down. */
function dependents(system: SystemModel, elementIndex: Map<string, number>, elementCount: number): { depStart: Int32Array; depList: Int32Array } {
  const lists: number[][] = Array.from({ length: elementCount }, () => []);
  const { zones } = systemIndex(system);
  system.instances.forEach((inst, i) => {
    lists[i]?.push(i);
    const zone = inst.zone === undefined ? undefined : elementIndex.get(inst.zone);
    if (zone !== undefined && zone >= system.instances.length) lists[zone]?.push(i);
    const regionName = inst.region ?? (inst.zone === undefined ? undefined : zones.get(inst.zone)?.region);
    const region = regionName === undefined ? undefined : elementIndex.get(regionName);
    if (region !== undefined && region >= system.instances.length + system.zones.length) lists[region]?.push(i);
  });
  // Common causes come after the regions; their covered instances by id (a common cause's id is
  // never an identifier, but look instances up by their own index all the same).
  const instanceIndex = new Map(system.instances.map((inst, i) => [inst.id, i]));
  const firstCommonCause = system.instances.length + system.zones.length + system.regions.length;
  system.commonCauses.forEach((c, k) => {
    const list = lists[firstCommonCause + k];
    for (const id of new Set(c.instances)) {
      const i = instanceIndex.get(id);
      if (i !== undefined) list?.push(i);
    }
  });
  const depStart = new Int32Array(elementCount + 1);
  lists.forEach((l, e) => (depStart[e + 1] = (depStart[e] as number) + l.length));
  const depList = new Int32Array(lists.flat());
  return { depStart, depList };
}
