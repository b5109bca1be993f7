/**
 * Birnbaum importance of elements for a set of layers: P(down | e down) − P(down | e up), each
 * side computed by the exact engine with the element forced.
 *
 * Replicas that are interchangeable (same layer, same zone and region, same unavailability and
 * capacity) have the same importance, so one of each class is computed: 10,000 replicas over 16
 * zones cost a few dozen evaluations, not 20,000.
 */
import type { Budget } from './budget';
import type { ElementKey, InstanceSpec, LayerNode, SystemSpec } from './compile';
import { Engine } from './engine';

export interface BirnbaumResult {
  values: Map<ElementKey, number>;
  /** Keys whose value is only a bound (a work limit was hit while computing it). */
  bounded: Set<ElementKey>;
  exact: boolean;
  limits: string[];
}

/** Instances of the units under `layers`, with their unit index. */
export function instancesUnder(spec: SystemSpec, layers: LayerNode[]): { unit: number; inst: InstanceSpec }[] {
  const out: { unit: number; inst: InstanceSpec }[] = [];
  const walk = (l: LayerNode): void => {
    if (l.kind === 'nodes') for (const inst of spec.units[l.unit]!.instances) out.push({ unit: l.unit, inst });
    else for (const s of l.sites) s.layers.forEach(walk);
  };
  layers.forEach(walk);
  return out;
}

/**
 * Replicas alike in unit, figures and placement share a value; so do replicas in two exchangeable
 * zones (same region, unavailability and instances: swapping the zones maps the system onto
 * itself, and Birnbaum importance is structural), named by the engine's class of the zone.
 */
function classKey(base: Engine, zones: ZoneClasses, unit: number, i: InstanceSpec): string {
  let zone = i.zone ?? '';
  if (i.zoneIndex >= 0) {
    let known = zones.byIndex.get(i.zoneIndex);
    if (known === undefined) {
      // The engine's class names a zone by what it holds, one entry per unit: on a long path a
      // string of hundreds of kilobytes, so the key carries a short number for it instead (hashing
      // the long one per replica cost more than the importance itself on 10,000 layers).
      const exchange = base.exchangeClass(i.zoneIndex);
      if (exchange === undefined) known = `=${zone}`;
      else {
        known = zones.ids.get(exchange);
        if (known === undefined) zones.ids.set(exchange, (known = `#${zones.ids.size}`));
      }
      zones.byIndex.set(i.zoneIndex, known);
    }
    zone = known;
  }
  return `${unit}|${zone}|${i.region ?? ''}|${i.unavailability}|${i.capacity}|${i.groupMask ?? 0}`;
}

/** Each zone's class in `classKey`, by zone index, and the short number of each engine class. */
interface ZoneClasses {
  byIndex: Map<number, string>;
  ids: Map<string, string>;
}

export interface BirnbaumOptions {
  maxOpsEach?: number;
  /** Engine to derive the forced ones from (shares its prepared units, and its budget). */
  base?: Engine;
  /** Without `base`: the budget of the run the evaluations are charged to (default: unlimited). */
  budget?: Budget;
  /** Relative tolerance of each evaluation (default: the engine's exact target). */
  tolerance?: number;
  /**
   * P(down) of `layers` without overrides: then only the "down" side is computed, and
   * B = (P(down | e down) − P(down)) / (1 − u_e) — half the work, for rankings.
   */
  reference?: number;
}

/** Birnbaum importance of `keys` (instances, zones, regions) for P(any of `layers` down). */
export function birnbaum(spec: SystemSpec, layers: LayerNode[], keys: ElementKey[], options: BirnbaumOptions = {}): BirnbaumResult {
  const base = options.base ?? new Engine(spec, undefined, options.budget);
  const { maxOpsEach, tolerance, reference } = options;
  const ownU = new Map<ElementKey, number>([...spec.domains.values()].map((d) => [d.key, d.unavailability]));
  for (const u of spec.units) for (const i of u.instances) ownU.set(i.key, i.unavailability);
  for (const c of spec.commonCauses.values()) ownU.set(c.key, c.unavailability);
  const classOf = new Map<ElementKey, string>();
  const zoneClasses: ZoneClasses = { byIndex: new Map(), ids: new Map() };
  for (const { unit, inst } of instancesUnder(spec, layers)) classOf.set(inst.key, classKey(base, zoneClasses, unit, inst));
  const byClass = new Map<string, number>();
  const boundedClasses = new Set<string>();
  const bounded = new Set<ElementKey>();
  const values = new Map<ElementKey, number>();
  const limits = new Set<string>();
  let exact = true;
  for (const key of keys) {
    const cls = classOf.get(key) ?? key;
    let b = byClass.get(cls);
    if (b === undefined) {
      const u = ownU.get(key) ?? 0;
      const down = base.with(new Map([[key, 'down']])).down(layers, maxOpsEach, tolerance);
      const oneSided = reference !== undefined && u < 1;
      const up = oneSided ? undefined : base.with(new Map([[key, 'up']])).down(layers, maxOpsEach, tolerance);
      for (const r of up ? [down, up] : [down]) {
        if (!r.exact) {
          exact = false;
          boundedClasses.add(cls);
        }
        r.limits.forEach((l) => limits.add(l));
      }
      // The structure is monotone, so B ≥ 0; clamping removes rounding noise only.
      b = Math.max(0, up ? down.down - up.down : (down.down - reference!) / (1 - u));
      byClass.set(cls, b);
    }
    values.set(key, b);
    if (boundedClasses.has(cls)) bounded.add(key);
  }
  return { values, bounded, exact, limits: [...limits] };
}
