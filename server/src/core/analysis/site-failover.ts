/**
 * The failover term of active-passive layers of sites (spec section 3): q = min(1, f_site × T_fo)
 * with f_site = Σ_e Birnbaum_site(e) × f_e over the primary site's elements — its instances and
 * the zones and regions they run in — computed by the exact engine with the same shared
 * domains as everywhere else.
 *
 * Inner layers are done first: a site's Birnbaum values depend on the failover terms of the
 * active-passive layers inside it.
 */
import type { LayerModel, SystemModel } from '../model/types';
import { birnbaum, instancesUnder } from './birnbaum';
import { failoverProbability, type ElementKey, type LayerNode, type SiteNode, type SystemSpec } from './compile';

export interface SiteFrequency {
  /** Primary site id. */
  site: string;
  layer: string;
  failuresPerHour: number;
  failoverProbability: number;
  exact: boolean;
  limits: string[];
}

/** Fills `failoverProbability` of every active-passive layer of sites; returns f_site per layer. */
export function computeSiteFailovers(system: SystemModel, spec: SystemSpec): SiteFrequency[] {
  const out: SiteFrequency[] = [];
  const models = new Map(system.layers.map((l) => [l.id, l]));
  const done = new Set<string>();
  // Post-order on the tree itself, so the result never depends on declaration order.
  const visit = (node: LayerNode): void => {
    if (node.kind !== 'sites' || done.has(node.layerId)) return;
    done.add(node.layerId);
    for (const s of node.sites) s.layers.forEach(visit);
    const l = models.get(node.layerId);
    if (!l || l.mode !== 'active-passive') return;
    const result = siteFrequency(l, spec);
    if (!result) return;
    node.failoverProbability = result.failoverProbability;
    out.push(result);
  };
  for (const node of spec.layers.values()) visit(node);
  return out;
}

function siteFrequency(l: LayerModel, spec: SystemSpec): SiteFrequency | undefined {
  const primary = l.primary !== undefined ? spec.sites.get(l.primary) : undefined;
  if (!primary || !l.failover || l.standbys.length === 0) return undefined;
  const f = siteFailuresPerHour(spec, primary);
  return {
    site: primary.id,
    layer: l.id,
    failuresPerHour: f.failuresPerHour,
    failoverProbability: failoverProbability(f.failuresPerHour, l.failover.failoverSeconds),
    exact: f.exact,
    limits: f.limits,
  };
}

/** f_site = Σ_e Birnbaum_site(e) × f_e over the site's instances and the domains they run in. */
export function siteFailuresPerHour(spec: SystemSpec, site: SiteNode, maxOpsEach?: number): { failuresPerHour: number; exact: boolean; limits: string[] } {
  const members = instancesUnder(spec, site.layers).map((x) => x.inst);
  const frequency = new Map<ElementKey, number>();
  for (const i of members) {
    frequency.set(i.key, i.failuresPerHour);
    for (const d of [i.zone, i.region]) if (d !== undefined) frequency.set(d, spec.domains.get(d)!.failuresPerHour);
  }
  const keys = [...frequency].filter(([, f]) => f > 0).map(([k]) => k);
  const b = birnbaum(spec, site.layers, keys, { maxOpsEach });
  let fSite = 0;
  for (const k of keys) fSite += b.values.get(k)! * frequency.get(k)!;
  return { failuresPerHour: fSite, exact: b.exact, limits: b.limits };
}
