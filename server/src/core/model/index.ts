/**
 * Lookups over a built system, by qualified name (and common causes by element id). The model itself is plain data (arrays of
 * records that refer to each other by id); this gives consumers O(1) access without each
 * building its own maps. Built once per system object and cached.
 */
import type { CommonCauseModel, DomainModel, InstanceModel, LayerModel, NodeModel, SiteModel, SystemModel } from './types';

export interface SystemIndex {
  instances: ReadonlyMap<string, InstanceModel>;
  layers: ReadonlyMap<string, LayerModel>;
  sites: ReadonlyMap<string, SiteModel>;
  zones: ReadonlyMap<string, DomainModel>;
  regions: ReadonlyMap<string, DomainModel>;
  nodes: ReadonlyMap<string, NodeModel>;
  /** Deploys, common-cause groups and maintenance, by element id (`deploy app`). */
  commonCauses: ReadonlyMap<string, CommonCauseModel>;
  instance(id: string): InstanceModel | undefined;
  layer(id: string): LayerModel | undefined;
  site(id: string): SiteModel | undefined;
  zone(name: string): DomainModel | undefined;
  region(name: string): DomainModel | undefined;
  node(id: string): NodeModel | undefined;
  commonCause(id: string): CommonCauseModel | undefined;
}

const cache = new WeakMap<SystemModel, SystemIndex>();

/** Maps of the system's instances, layers, sites, zones, regions and nodes (first declaration wins). */
export function systemIndex(system: SystemModel): SystemIndex {
  const cached = cache.get(system);
  if (cached) return cached;
  const instances = byKey(system.instances, (i) => i.id);
  const layers = byKey(system.layers, (l) => l.id);
  const sites = byKey(system.sites, (s) => s.id);
  const zones = byKey(system.zones, (z) => z.name);
  const regions = byKey(system.regions, (r) => r.name);
  const nodes = byKey(system.nodes, (n) => n.id);
  const commonCauses = byKey(system.commonCauses ?? [], (c) => c.id);
  const index: SystemIndex = {
    instances,
    layers,
    sites,
    zones,
    regions,
    nodes,
    commonCauses,
    instance: (id) => instances.get(id),
    layer: (id) => layers.get(id),
    site: (id) => sites.get(id),
    zone: (name) => zones.get(name),
    region: (name) => regions.get(name),
    node: (id) => nodes.get(id),
    commonCause: (id) => commonCauses.get(id),
  };
  cache.set(system, index);
  return index;
}

function byKey<T>(items: readonly T[], key: (item: T) => string): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) {
    const k = key(item);
    if (!map.has(k)) map.set(k, item);
  }
  return map;
}
