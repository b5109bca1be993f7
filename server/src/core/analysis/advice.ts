/**
 * Advice (spec section 5): try each single change an SRE would consider — add a replica in
 * another zone, move a replica off a layer's only zone, add a standby, warm a standby up —
 * recompute U exactly for each, and keep the one that lowers it most.
 */
import type { FailoverModel, InstanceModel, LayerModel, SystemModel, Temperature } from '../model/types';
import { compileSystem } from './compile';
import { Engine } from './engine';
import { formatAvailability } from './figures';
import { computeSiteFailovers } from './site-failover';
import type { Advice } from './types';

const PROMOTION_BY_TEMPERATURE: Record<Temperature, number> = { hot: 5, warm: 60, cold: 1800 };
const NEXT_TEMPERATURE: Partial<Record<Temperature, Temperature>> = { cold: 'warm', warm: 'hot' };

/** Smallest relative reduction of U worth advising. */
const MIN_GAIN = 0.01;

interface Candidate {
  action: string;
  summary: string;
  subject: string;
  system: SystemModel;
}

/** U of a (modified) system, or undefined when it cannot be computed exactly. */
export function exactUnavailability(system: SystemModel, maxOps?: number): number | undefined {
  const spec = compileSystem(system);
  computeSiteFailovers(system, spec);
  const r = new Engine(spec).down(spec.path, maxOps);
  return r.exact ? r.down : undefined;
}

/** A zone for one more member of `layer`: one it does not use yet, in the same region if possible. */
export function otherZoneFor(system: SystemModel, layer: LayerModel): string | undefined {
  const inst = system.instances.filter((i) => i.layer === layer.id);
  const used = new Set(inst.map((i) => i.zone).filter((z): z is string => z !== undefined));
  const regions = new Set(inst.map((i) => i.region).filter((r): r is string => r !== undefined));
  const free = system.zones.filter((z) => !used.has(z.name));
  return (free.find((z) => z.region !== undefined && regions.has(z.region)) ?? free[0])?.name;
}

/** The best single change, when one lowers U. */
export function bestAdvice(system: SystemModel, currentU: number, maxOpsEach?: number): Advice | undefined {
  let best: Advice | undefined;
  if (currentU === 0) return undefined;
  for (const c of candidates(system)) {
    const u = exactUnavailability(c.system, maxOpsEach);
    // A change that buys less than 1% of U is not worth a person's attention.
    if (u === undefined || u > currentU * (1 - MIN_GAIN)) continue;
    if (!best || u < best.unavailability) {
      best = {
        action: c.action, subject: c.subject, unavailability: u, availability: 1 - u,
        summary: `${c.summary}: ${formatAvailability(currentU)} → ${formatAvailability(u)}`,
      };
    }
  }
  return best;
}

function candidates(system: SystemModel): Candidate[] {
  const out: Candidate[] = [];
  for (const l of system.layers) {
    if (l.members !== 'nodes' || l.instances.length === 0) continue;
    const inst = system.instances.filter((i) => i.layer === l.id);
    const zone = otherZoneFor(system, l);
    const where = zone !== undefined ? ` in ${zone}` : '';
    const last = inst[inst.length - 1]!;
    if (l.mode === 'active-active') {
      const what = l.kind === 'load-balancer' && inst.length === 1 ? 'a second load balancer' : `a replica of ${last.node}`;
      out.push({
        action: 'add-replica', subject: l.id, summary: `Add ${what}${where} to layer '${l.id}'`,
        system: withInstance(system, l, { ...last, standby: undefined }, zone),
      });
      const zones = new Set(inst.map((i) => i.zone));
      if (inst.length > 1 && zones.size === 1 && zone !== undefined) {
        out.push({
          action: 'move-replica', subject: last.id, summary: `Move ${last.id} from ${last.zone ?? 'its zone'} to ${zone}`,
          system: withMoved(system, last, zone),
        });
      }
    } else if (l.standbys.length === 0) {
      out.push({
        action: 'add-standby', subject: l.id, summary: `Add a hot standby for ${l.primary ?? last.id}${where} to layer '${l.id}'`,
        system: withInstance(system, l, { ...last, standby: 'hot' }, zone),
      });
    } else {
      const first = inst.find((i) => i.id === l.standbys[0]);
      const next = first?.standby !== undefined ? NEXT_TEMPERATURE[first.standby] : undefined;
      if (first && next) {
        out.push({
          action: 'warm-standby', subject: first.id, summary: `Make standby ${first.id} ${next} (it is ${first.standby})`,
          system: withTemperature(system, l, first, next),
        });
      }
    }
  }
  return out;
}

function replaceLayer(system: SystemModel, layer: LayerModel): LayerModel[] {
  return system.layers.map((l) => (l.id === layer.id ? layer : l));
}

function withInstance(system: SystemModel, l: LayerModel, template: InstanceModel, zone: string | undefined): SystemModel {
  const ids = new Set(system.instances.map((i) => i.id));
  let n = 2;
  const base = template.id.replace(/-\d+$/, '');
  while (ids.has(`${base}-${n}`)) n++;
  const id = `${base}-${n}`;
  const region = zone !== undefined ? system.zones.find((z) => z.name === zone)?.region : template.region;
  const added: InstanceModel = { ...template, id, name: id, zone, region, index: n };
  const standby = template.standby !== undefined;
  let failover: FailoverModel | undefined = l.failover;
  if (standby && l.standbys.length === 0) {
    const detection = l.failover?.detectionSeconds ?? (l as LayerModel & { detectionSeconds?: number }).detectionSeconds ?? 300;
    const promotion = PROMOTION_BY_TEMPERATURE[template.standby!];
    failover = {
      detectionSeconds: detection, detectionSource: l.failover?.detectionSource ?? 'manual',
      promotionSeconds: promotion, promotionSource: 'temperature', failoverSeconds: detection + promotion,
    };
  }
  const layer: LayerModel = {
    ...l, instances: [...l.instances, id], standbys: standby ? [...l.standbys, id] : l.standbys, failover,
  };
  return { ...system, instances: [...system.instances, added], layers: replaceLayer(system, layer) };
}

function withMoved(system: SystemModel, moved: InstanceModel, zone: string): SystemModel {
  const region = system.zones.find((z) => z.name === zone)?.region;
  return { ...system, instances: system.instances.map((i) => (i.id === moved.id ? { ...i, zone, region } : i)) };
}

function withTemperature(system: SystemModel, l: LayerModel, standby: InstanceModel, t: Temperature): SystemModel {
  let failover = l.failover;
  if (failover && failover.promotionSource === 'temperature') {
    const promotion = PROMOTION_BY_TEMPERATURE[t];
    failover = { ...failover, promotionSeconds: promotion, failoverSeconds: failover.detectionSeconds + promotion };
  }
  return {
    ...system,
    instances: system.instances.map((i) => (i.id === standby.id ? { ...i, standby: t } : i)),
    layers: replaceLayer(system, { ...l, failover }),
  };
}
