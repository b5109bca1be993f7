/**
 * RTO and RPO (spec section 4), and headroom: what one failure costs in time and in data.
 *
 * - RTO of a layer: active-passive → T_fo (without a standby there is no failover: the primary's
 *   MTTR); active-active that meets its requirement with any one member lost → 0; otherwise the
 *   largest MTTR among its instances, or for a layer of sites the largest RTO among its sites (a
 *   site's RTO is the largest on its path). System RTO = the largest on the path.
 * - RPO of an active-passive layer: from its replication (sync 0, async lag, backup interval,
 *   none → Infinity), whether its members are nodes or sites. Active-active layers hold no
 *   failover state: 0, unless replication is given.
 * - A layer of sites can also lose what the layers inside its sites lose in their own failovers,
 *   so its RPO is the larger of its own and the largest RPO of its sites (a site's RPO is the
 *   largest on its path): a sync-replicated pair of sites whose databases fail over without
 *   replication inside each site still loses data.
 * - Common causes (docs/language.md "Common causes") are elements too: a deploy or a
 *   common-cause group that takes a layer down (all of it, or a canary or node's share the layer
 *   cannot lose) makes its restore time (its MTTR) an RTO of that layer; one of a site or of the
 *   system, of the site or the system. Maintenance is planned: no RTO.
 */
import type { InstanceModel, LayerModel, SystemModel } from '../model/types';
import { systemIndex } from '../model/index';


export interface Recovery {
  rtoSeconds: number;
  /** When a deploy or a common-cause group sets the RTO: its id (the rto-exceeded message names it). */
  rtoCause?: string;
  rpoSeconds: number;
  headroom: boolean;
  /** Members needed (k) and members (n). */
  k: number;
  n: number;
}

/** Recovery figures of every layer, by id. */
export function recoveryOf(system: SystemModel): Map<string, Recovery> {
  const { layers, sites, instances } = systemIndex(system);
  const out = new Map<string, Recovery>();

  const siteFigure = (id: string, pick: (r: Recovery) => number): number =>
    Math.max(0, ...(sites.get(id)?.path ?? []).map((lid) => pick(layerRecovery(lid))), ...(pick === rtoOf ? scopeRtos(system, 'site', id) : []));

  const layerRecovery = (id: string): Recovery => {
    const cached = out.get(id);
    if (cached) return cached;
    const l = layers.get(id)!;
    const members = l.members === 'sites' ? l.sites.length : l.instances.length;
    const inst = l.instances.map((i) => instances.get(i)).filter((i): i is InstanceModel => i !== undefined);
    const { k, headroom } = requirementOf(l, inst, members);
    let rto: number;
    if (l.mode === 'active-passive') {
      const primary = l.primary !== undefined ? instances.get(l.primary) : undefined;
      rto = l.standbys.length > 0 && l.failover ? l.failover.failoverSeconds
        : l.members === 'sites' ? (l.primary !== undefined ? siteFigure(l.primary, rtoOf) : 0)
        : primary?.mttrSeconds ?? 0;
    } else if (headroom) {
      rto = 0;
    } else if (l.members === 'sites') {
      rto = Math.max(0, ...l.sites.map((s) => siteFigure(s, rtoOf)));
    } else {
      rto = Math.max(0, ...inst.map((i) => i.mttrSeconds));
    }
    const own = l.replication.mode !== 'none' ? replicationRpo(l) : undefined;
    let rpo: number;
    const ownRpo = own ?? (l.mode === 'active-passive' ? Infinity : 0);
    if (l.members === 'sites') rpo = Math.max(ownRpo, ...l.sites.map((s) => siteFigure(s, (r) => r.rpoSeconds)));
    else rpo = ownRpo;
    const r: Recovery = { rtoSeconds: rto, rpoSeconds: rpo, headroom, k, n: members };
    for (const c of system.commonCauses) {
      if (c.layer !== id || c.kind === 'maintenance' || c.mttrSeconds <= r.rtoSeconds) continue;
      if (c.series || !survives(l, inst, new Set(c.instances))) {
        r.rtoSeconds = c.mttrSeconds;
        r.rtoCause = c.id;
      }
    }
    out.set(id, r);
    return r;
  };
  for (const l of system.layers) layerRecovery(l.id);
  return out;
}

const rtoOf = (r: Recovery): number => r.rtoSeconds;

/** The restore times of the deploys and common-cause groups of a site or of the system (its RTO). */
export function scopeRtos(system: SystemModel, scope: 'site' | 'system', id = ''): number[] {
  return system.commonCauses.filter((c) => c.scope === scope && c.scopeId === id && c.kind !== 'maintenance').map((c) => c.mttrSeconds);
}

/** Whether an active-active layer of nodes still meets its requirement with `lost` down (false for any other layer). */
export function survives(l: LayerModel, inst: InstanceModel[], lost: ReadonlySet<string>): boolean {
  if (l.mode !== 'active-active' || l.members !== 'nodes') return false;
  const left = inst.filter((i) => !lost.has(i.id));
  const need = l.requirement.k ?? l.requirement.min;
  if (left.length < need) return false;
  const load = l.requirement.load;
  return load === undefined || left.reduce((s, i) => s + (i.capacity ?? 0), 0) >= load - 1e-9 * load;
}

function replicationRpo(l: LayerModel): number {
  const v = l.replication.rpoSeconds as number | null;
  return v === null || v === undefined ? Infinity : v;
}

/** k of n, and whether any one member can be lost. */
function requirementOf(l: LayerModel, inst: InstanceModel[], n: number): { k: number; headroom: boolean } {
  if (l.mode === 'active-passive') return { k: 1, headroom: n > 1 };
  const min = l.requirement.min;
  if (l.members === 'sites') return { k: min, headroom: n - 1 >= min };
  const load = l.requirement.load;
  if (load === undefined) return { k: min, headroom: n - 1 >= min };
  if (l.requirement.k !== undefined) return { k: l.requirement.k, headroom: n - 1 >= l.requirement.k };
  // Unequal capacities: the fewest members that could carry the load, and whether losing any
  // single one still leaves enough count and capacity.
  const caps = inst.map((i) => i.capacity ?? 0).sort((a, b) => b - a);
  const total = caps.reduce((s, c) => s + c, 0);
  let k = 0;
  let acc = 0;
  while (k < caps.length && acc < load) acc += caps[k++]!;
  k = Math.max(min, acc >= load ? k : n + 1);
  const headroom = n - 1 >= min && inst.every((i) => total - (i.capacity ?? 0) >= load - 1e-9 * load);
  return { k, headroom };
}
