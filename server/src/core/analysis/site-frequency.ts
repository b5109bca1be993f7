/**
 * How often a site fails (spec section 3): f_site = Σ_e Birnbaum_site(e) × f_e over the site's
 * elements — its instances and the zones and regions they run in — computed by the exact engine
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
  const members = instancesUnder(spec, site.layers).map((x) => x.inst);
  const frequency = new Map<ElementKey, number>();
  for (const i of members) {
    frequency.set(i.key, i.failuresPerSecond);
    for (const d of [i.zone, i.region]) if (d !== undefined) frequency.set(d, spec.domains.get(d)!.failuresPerSecond);
  }
  const keys = [...frequency].filter(([, f]) => f > 0).map(([k]) => k);
  const b = birnbaum(spec, site.layers, keys, { maxOpsEach, budget });
  let fSite = 0;
  for (const k of keys) fSite += b.values.get(k)! * frequency.get(k)!;
  return { failuresPerSecond: fSite, exact: b.exact, limits: b.limits };
}
