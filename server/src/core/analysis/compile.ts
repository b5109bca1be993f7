/**
 * The model reduced to what the maths needs: elements with their unavailabilities, node layers
 * ("units") with their requirement on what is down, and the tree of layers and sites that
 * decides whether the system is up.
 *
 * Element keys are typed so an instance and a zone may share a name: `i:app-1`, `z:az1`,
 * `r:use1`.
 */
import type { LayerModel, SystemModel } from '../model/types';
import type { CapacityThreshold } from './dist/capacity';

export type ElementKey = string;

export const instanceKey = (id: string): ElementKey => `i:${id}`;
export const zoneKey = (name: string): ElementKey => `z:${name}`;
export const regionKey = (name: string): ElementKey => `r:${name}`;

export interface DomainSpec {
  key: ElementKey;
  name: string;
  type: 'zone' | 'region';
  unavailability: number;
  failuresPerHour: number;
  /** A zone's region key. */
  region?: ElementKey;
}

export interface InstanceSpec {
  key: ElementKey;
  id: string;
  unavailability: number;
  failuresPerHour: number;
  capacity: number;
  zone?: ElementKey;
  region?: ElementKey;
}

/** What makes a node layer down, stated on its down instances. */
export type UnitRequirement =
  | { kind: 'count'; T: number }
  | { kind: 'capacity'; th: CapacityThreshold };

/** A layer whose members are instances. */
export interface UnitSpec {
  index: number;
  layerId: string;
  mode: 'active-active' | 'active-passive';
  requirement: UnitRequirement;
  /** Probability that a failover is in progress (active-passive; 0 otherwise). */
  failoverProbability: number;
  instances: InstanceSpec[];
}

export type LayerNode =
  | { kind: 'nodes'; layerId: string; unit: number }
  | {
      kind: 'sites';
      layerId: string;
      mode: 'active-active' | 'active-passive';
      /** Down when at least T sites are down. */
      T: number;
      /** Active-passive: computed from the primary site's Birnbaum-weighted frequency. */
      failoverProbability: number;
      sites: SiteNode[];
    };

export interface SiteNode {
  id: string;
  layers: LayerNode[];
}

export interface SystemSpec {
  domains: Map<ElementKey, DomainSpec>;
  units: UnitSpec[];
  layers: Map<string, LayerNode>;
  sites: Map<string, SiteNode>;
  path: LayerNode[];
}

const HOUR_SECONDS = 3600;

/** f_p × T_fo, capped at 1: the probability that a failover is in progress. */
export function failoverProbability(failuresPerHour: number, failoverSeconds: number): number {
  return Math.min(1, failuresPerHour * (failoverSeconds / HOUR_SECONDS));
}

/** Builds the maths' view of a system model. */
export function compileSystem(system: SystemModel): SystemSpec {
  const domains = new Map<ElementKey, DomainSpec>();
  for (const r of system.regions) {
    domains.set(regionKey(r.name), {
      key: regionKey(r.name), name: r.name, type: 'region',
      unavailability: r.hasAvailability ? r.unavailability : 0,
      failuresPerHour: r.hasAvailability ? r.failuresPerHour : 0,
    });
  }
  for (const z of system.zones) {
    domains.set(zoneKey(z.name), {
      key: zoneKey(z.name), name: z.name, type: 'zone',
      unavailability: z.hasAvailability ? z.unavailability : 0,
      failuresPerHour: z.hasAvailability ? z.failuresPerHour : 0,
      region: z.region !== undefined ? regionKey(z.region) : undefined,
    });
  }
  const instances = new Map(system.instances.map((i) => [i.id, i]));
  const units: UnitSpec[] = [];
  const layers = new Map<string, LayerNode>();
  const sites = new Map<string, SiteNode>();
  const layerModels = new Map(system.layers.map((l) => [l.id, l]));

  const instanceSpec = (id: string): InstanceSpec => {
    const m = instances.get(id)!;
    const zone = m.zone !== undefined && domains.has(zoneKey(m.zone)) ? zoneKey(m.zone) : undefined;
    const zoneRegion = zone !== undefined ? domains.get(zone)!.region : undefined;
    const region = zoneRegion ?? (m.region !== undefined && domains.has(regionKey(m.region)) ? regionKey(m.region) : undefined);
    return {
      key: instanceKey(id), id, unavailability: m.unavailability, failuresPerHour: m.failuresPerHour,
      capacity: m.capacity ?? 0, zone, region,
    };
  };

  const nodeLayer = (l: LayerModel): LayerNode => {
    const inst = l.instances.filter((id) => instances.has(id)).map(instanceSpec);
    const n = inst.length;
    let requirement: UnitRequirement;
    let q = 0;
    if (l.mode === 'active-passive') {
      requirement = { kind: 'count', T: n };
      const primary = inst.find((i) => i.id === l.primary);
      if (primary && l.standbys.length > 0 && l.failover) {
        const fp = primary.failuresPerHour
          + (primary.zone ? domains.get(primary.zone)!.failuresPerHour : 0)
          + (primary.region ? domains.get(primary.region)!.failuresPerHour : 0);
        q = failoverProbability(fp, l.failover.failoverSeconds);
      }
    } else if (l.requirement.load !== undefined && l.requirement.k === undefined) {
      const total = inst.reduce((s, i) => s + i.capacity, 0);
      requirement = { kind: 'capacity', th: { countT: n - l.requirement.min + 1, capSlack: total - l.requirement.load } };
    } else {
      requirement = { kind: 'count', T: n - (l.requirement.k ?? l.requirement.min) + 1 };
    }
    const unit: UnitSpec = { index: units.length, layerId: l.id, mode: l.mode, requirement, failoverProbability: q, instances: inst };
    units.push(unit);
    return { kind: 'nodes', layerId: l.id, unit: unit.index };
  };

  const layerNode = (id: string): LayerNode => {
    const existing = layers.get(id);
    if (existing) return existing;
    const l = layerModels.get(id)!;
    let node: LayerNode;
    if (l.members === 'sites') {
      const members = l.sites.map(siteNode);
      const min = l.mode === 'active-passive' ? 1 : l.requirement.min;
      node = {
        kind: 'sites', layerId: l.id, mode: l.mode,
        T: l.mode === 'active-passive' ? members.length : members.length - min + 1,
        failoverProbability: 0, sites: members,
      };
    } else {
      node = nodeLayer(l);
    }
    layers.set(id, node);
    return node;
  };

  const siteModels = new Map(system.sites.map((s) => [s.id, s]));
  const siteNode = (id: string): SiteNode => {
    const existing = sites.get(id);
    if (existing) return existing;
    const s = siteModels.get(id);
    const node: SiteNode = { id, layers: [] };
    sites.set(id, node);
    node.layers = (s?.path ?? []).filter((lid) => layerModels.has(lid)).map(layerNode);
    return node;
  };

  for (const l of system.layers) layerNode(l.id);
  const path = system.path.filter((id) => layerModels.has(id)).map(layerNode);
  return { domains, units, layers, sites, path };
}
