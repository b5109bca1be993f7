/**
 * How far the exact engine's figure may honestly sit from a perfect simulation of the same
 * system. The spec's analytic model treats each "failover in progress" as an independent event of
 * probability q = f_p × T_fo; the simulation follows time, so:
 * - a failure of the primary's zone or region that also takes other members or layers down
 *   overlaps its failover window with that outage (the analytic figure counts both);
 * - no failover starts when every standby is down (the analytic figure still adds q);
 * - a promoted standby that fails while the primary is down fails over again (the analytic
 *   figure counts failovers at the primary's frequency only).
 * Each term is bounded from the model; their sum bounds |U_exact − U_simulated|.
 */
import type { SystemModel } from '../../../server/src/core/model/types';

/** An upper bound on |U_exact − U_simulated| that comes from the analytic model's approximations. */
export function approximationGap(system: SystemModel, failoverProbability: Map<string, number>): number {
  const zones = new Map(system.zones.map((z) => [z.name, z]));
  const regions = new Map(system.regions.map((r) => [r.name, r]));
  const instances = new Map(system.instances.map((i) => [i.id, i]));
  let gap = 0;
  for (const layer of system.layers) {
    if (layer.mode !== 'active-passive' || !layer.failover) continue;
    const q = failoverProbability.get(layer.id) ?? 0;
    const hours = layer.failover.failoverSeconds / 3600;
    if (layer.members === 'sites') {
      gap += q;
      continue;
    }
    const primary = layer.primary === undefined ? undefined : instances.get(layer.primary);
    if (!primary) continue;
    const zone = primary.zone === undefined ? undefined : zones.get(primary.zone);
    const region = primary.region === undefined ? undefined : regions.get(primary.region);
    const domainFrequency = (zone?.hasAvailability ? zone.failuresPerHour : 0) + (region?.hasAvailability ? region.failuresPerHour : 0);
    const standbys = layer.standbys.map((id) => instances.get(id)).filter((i) => i !== undefined);
    const standbysDown = standbys.reduce((p, s) => p * Math.min(1, s.unavailability + (s.zone === undefined ? 0 : (zones.get(s.zone)?.unavailability ?? 0))), 1);
    const standbyFrequency = standbys.reduce((f, s) => f + s.failuresPerHour, 0);
    gap += domainFrequency * hours + q * standbysDown + primary.unavailability * standbyFrequency * hours;
  }
  return gap;
}
