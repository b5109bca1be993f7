/**
 * The failover-in-progress probability of an active-passive layer of nodes (spec section 3):
 * q = min(1, f_p × T_fo), f_p the failures per hour of the primary instance, its zone and the
 * zone's region. Layers of sites need the Birnbaum-weighted frequency of the primary site,
 * which only the engine computes; the exporter takes those from the analysis.
 */
import type { LayerModel, SystemModel } from '../model/types';

const SECONDS_PER_HOUR = 3600;

/** q for an active-passive layer of nodes; 0 without a standby; undefined for other layers. */
export function nodeFailoverProbability(system: SystemModel, layer: LayerModel): number | undefined {
  if (layer.mode !== 'active-passive' || layer.members !== 'nodes') return undefined;
  if (layer.standbys.length === 0 || !layer.failover || layer.primary === undefined) return 0;
  const primary = system.instances.find((i) => i.id === layer.primary);
  if (!primary) return undefined;
  const zone = primary.zone === undefined ? undefined : system.zones.find((z) => z.name === primary.zone);
  const regionName = primary.region ?? zone?.region;
  const region = regionName === undefined ? undefined : system.regions.find((r) => r.name === regionName);
  const primaryFailuresPerHour =
    primary.failuresPerHour + domainFailuresPerHour(zone) + domainFailuresPerHour(region);
  return Math.min(1, primaryFailuresPerHour * (layer.failover.failoverSeconds / SECONDS_PER_HOUR));
}

/** A domain without availability never fails (spec section 3), whatever its record says. */
function domainFailuresPerHour(domain: { hasAvailability: boolean; failuresPerHour: number } | undefined): number {
  return domain && domain.hasAvailability ? domain.failuresPerHour : 0;
}
