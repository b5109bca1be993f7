/**
 * A composite's services in the diagram (docs/language.md, "Estates"): which top-level layers stand
 * for a service, and the range each of their elements is revealed at. A service's elements are
 * declared in another file (or elsewhere in this one): click-to-reveal shows the line that brings
 * the service instead (its `use` line, or the journey's step), never a place in the wrong file.
 */
import type { Range } from '../../../../grammar/src/text';
import type { LayerModel, SystemModel } from '../model/types';

/** A composite's services (top-level layer id → kind) and, by id, the range each element of a service is revealed at. */
export interface ForeignRanges {
  ids: Map<string, Range>;
  domains: Map<string, Range>;
  services: Map<string, 'system' | 'external'>;
}

/** The range an element is revealed at: its declaration's, or in a composite the line that brings its service. */
export function rangeIn(foreign: ForeignRanges | undefined, id: string, own: Range): Range {
  return foreign?.ids.get(id) ?? own;
}

/**
 * The services of a composite and the ranges of their elements: each top-level layer that is not
 * the root's stands for a service (a site for a system, one instance for an external); every
 * layer, site, node and instance under it gets that layer's range (the `use` line or the journey
 * step), and each zone or region a service brought, the range of the first service placing
 * something there.
 */
export function foreignRanges(model: SystemModel, root: SystemModel | undefined): ForeignRanges {
  const own = new Set((root?.layers ?? []).map((l) => l.id));
  const layers = new Map(model.layers.map((l) => [l.id, l]));
  const sites = new Map(model.sites.map((s) => [s.id, s]));
  const services = new Map<string, 'system' | 'external'>();
  for (const l of model.layers) {
    if (l.site === undefined && !own.has(l.id)) services.set(l.id, l.members === 'sites' ? 'system' : 'external');
  }
  const top = new Map<string, LayerModel | undefined>();
  /** The top-level layer a layer is under (through its sites), or undefined. */
  const topOf = (id: string): LayerModel | undefined => {
    if (top.has(id)) return top.get(id);
    let layer = layers.get(id);
    // A composite is a tree of sites: the walk ends at the top level (bounded, in case it is not).
    for (let hops = 0; layer?.site !== undefined && hops <= model.layers.length; hops++) {
      const site = sites.get(layer.site);
      layer = site ? layers.get(site.parentLayer) : undefined;
    }
    const found = layer !== undefined && layer.site === undefined && services.has(layer.id) ? layer : undefined;
    top.set(id, found);
    return found;
  };
  const ids = new Map<string, Range>();
  const put = (id: string, layerId: string): void => {
    const service = topOf(layerId);
    if (service) ids.set(id, service.nameRange);
  };
  for (const l of model.layers) put(l.id, l.id);
  for (const s of model.sites) put(s.id, s.parentLayer);
  for (const n of model.nodes) put(n.id, n.layer);
  for (const i of model.instances) put(i.id, i.layer);
  const foreign = model.composite?.foreign ?? new Set<string>();
  const domains = new Map<string, Range>();
  const zoneRegion = new Map(model.zones.map((z) => [z.name, z.region]));
  for (const i of model.instances) {
    const service = topOf(i.layer);
    if (!service) continue;
    const region = i.region ?? (i.zone !== undefined ? zoneRegion.get(i.zone) : undefined);
    for (const d of [i.zone, region]) {
      if (d !== undefined && foreign.has(d) && !domains.has(d)) domains.set(d, service.nameRange);
    }
  }
  const first = [...services.keys()][0];
  const fallback = first !== undefined ? (layers.get(first) as LayerModel).nameRange : model.nameRange;
  for (const d of [...model.zones, ...model.regions]) if (foreign.has(d.name) && !domains.has(d.name)) domains.set(d.name, fallback);
  return { ids, domains, services };
}

