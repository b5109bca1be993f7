/**
 * How often a site fails (spec section 3): f_site = Σ_e Birnbaum_site(e) × f_e over the site's
 * elements — its instances and the zones and regions they run in, and the common causes over it
 * (docs/language.md "Common causes") — computed by the exact engine
 * with the same shared domains as everywhere else. Reported beside each site; a takeover's windows
 * are computed from the elements themselves (windows.ts), not from this figure.
 */
import { birnbaum, instancesUnder } from './birnbaum';
import type { Budget } from './budget';
import type { ElementKey, SiteNode, SystemSpec } from './compile';

/** f_site = Σ_e Birnbaum_site(e) × f_e over the site's instances and the domains they run in, charged to `budget` (its run's). */
export function siteFailuresPerSecond(
  spec: SystemSpec, site: SiteNode, maxOpsEach?: number, budget?: Budget,
): { failuresPerSecond: number; exact: boolean; limits: string[] } {
  // The site as its own figure sees it: the common causes of the system and of the sites around it
  // in series with its layers (their one-instance layers), and the groups of its units.
  const layers = [...(spec.siteSeriesOf.get(site.id) ?? []), ...site.layers];
  const under = instancesUnder(spec, layers);
  const frequency = new Map<ElementKey, number>();
  for (const { unit, inst: i } of under) {
    frequency.set(i.key, i.failuresPerSecond);
    for (const d of [i.zone, i.region]) if (d !== undefined) frequency.set(d, spec.domains.get(d)!.failuresPerSecond);
    for (const g of spec.units[unit]!.groups ?? []) frequency.set(g.key, g.failuresPerSecond);
  }
  const keys = [...frequency].filter(([, f]) => f > 0).map(([k]) => k);
  const b = birnbaum(spec, layers, keys, { maxOpsEach, budget });
  let fSite = 0;
  for (const k of keys) fSite += b.values.get(k)! * frequency.get(k)!;
  return { failuresPerSecond: fSite, exact: b.exact, limits: b.limits };
}
