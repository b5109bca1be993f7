/**
 * One system's full analysis (spec sections 3–6), as a list of named steps: U, per-layer and
 * per-site figures, the cumulative path, cut sets and SPOFs, advice, importance, diagnostics.
 */
import type { ElementType, SystemModel } from '../model/types';
import { otherZoneFor, searchAdvice } from './advice';
import { birnbaum } from './birnbaum';
import { compileSystem, instanceKey, regionKey, zoneKey, type ElementKey, type SystemSpec } from './compile';
import { cutSets, type CutSetResult } from './cut-sets';
import { analysisDiagnostics } from './diagnostics';
import { Engine, type DownResult } from './engine';
import { downtimeOf, errorBudgetOf, ninesOf } from './figures';
import { recoveryOf, scopeRtos, type Recovery } from './recovery';
import { siteFailuresPerSecond } from './site-frequency';
import type { Budget } from './budget';
import type { AnalysisOptions, CutSet, DowntimeCauses, FailoverCost, Importance, LayerFigures, SiteFigures, Spof, SystemAnalysis } from './types';
import { unavailabilityOf, type LayerWindows, type WindowTerm } from './windows';
import { SECONDS_PER_YEAR } from '../../../../grammar/src/units';
import { systemIndex } from '../model/index';

/** Most cut sets listed (highest probability first). */
export const MAX_CUT_SETS = 1000;
/** Most importance entries listed (highest first). */
export const MAX_IMPORTANCE = 1000;
/** Work budget of the main U evaluation, and of each evaluation done for figures and importance. */
const MAIN_OPS = 5e8;
const EACH_OPS = 3e7;
/** Work budget of the exact U of each candidate change. */
const ADVICE_OPS = 6e7;
/** Work budget of the whole importance ranking. */
const IMPORTANCE_OPS = 2e8;
/**
 * Relative tolerance of each side of a Birnbaum difference: tight on models of ordinary size
 * (the difference of two close numbers must keep 6+ digits), looser on very large ones, where
 * the extra enumeration levels would cost seconds for digits of elements that matter little.
 */
const IMPORTANCE_TOLERANCE = 1e-13;
const LARGE_MODEL_IMPORTANCE_TOLERANCE = 1e-9;
const LARGE_MODEL_INSTANCES = 2000;

const elementOf = (spec: SystemSpec, key: ElementKey): { type: ElementType; name: string } => ({
  type: key.startsWith('i:') ? 'instance' : key.startsWith('z:') ? 'zone' : key.startsWith('r:') ? 'region' : spec.commonCauses.get(key)?.kind ?? 'instance',
  name: key.slice(2),
});

/**
 * Collects limits. `unavailabilityExact` is about U (and the site failover terms that feed it);
 * `exact` is about every figure: false as soon as any limit is noted, so that a result never
 * says `exact` while `limits` lists a partial or bounded figure.
 */
class Limits {
  unavailabilityExact = true;
  readonly all = new Set<string>();

  get exact(): boolean {
    return this.unavailabilityExact && this.all.size === 0;
  }

  /** A limit on U itself (`what` undefined) or on a secondary figure, said once. */
  note(r: { exact: boolean; limits: string[] }, what?: string, detail?: string): void {
    if (what === undefined) {
      if (!r.exact) this.unavailabilityExact = false;
      r.limits.forEach((l) => this.all.add(l));
    } else if (r.limits.length > 0) {
      this.all.add(`${what}: work limit reached, ${detail ?? 'figure is a bound'}`);
    }
  }
}

/** Not exact: the upper bound, never an optimistic number. */
const upper = (r: DownResult): number => (r.exact ? r.down : Math.min(1, r.down + r.errorBound));

/** The full analysis of one system, its work charged to `budget` (the run's own). */
export function analyse(system: SystemModel, options: AnalysisOptions, budget: Budget): SystemAnalysis {
  const spec = compileSystem(system);
  const limits = new Limits();
  const engine = new Engine(spec, undefined, budget);
  // U = U_struct + the failover windows' term (spec section 3, revision 2), with every prefix of
  // the path and each takeover layer's own cost from the same walks.
  const main = unavailabilityOf(engine, spec.path, { maxOps: MAIN_OPS, prefixes: true, attribution: true });
  limits.note(main);
  const U = main.value;
  const recovery = recoveryOf(system);
  const layers = layerFigures(system, spec, engine, recovery, main.windows, limits);
  const sites = siteFigures(system, spec, engine, recovery, limits);
  // Every proper prefix in one enumeration (one per prefix would be quadratic in the layers).
  const prefixes = engine.downPrefixes(spec.path.slice(0, -1), EACH_OPS);
  const cumulative = spec.path.flatMap((node, i) => {
    // A common cause's own layer (placed before what it covers) is no layer of the system: the
    // prefix that ends at the layer it covers counts it.
    if (!spec.layers.has(node.layerId)) return [];
    const last = i === spec.path.length - 1;
    const u = last ? U : Math.min(1, upper(prefixes[i]!) + (main.windows.prefixTerms?.[i] ?? 0) + (main.windows.exact ? 0 : main.windows.errorBound));
    const exact = last ? main.exact : prefixes[i]!.exact && main.windows.exact;
    return [{ layer: node.layerId, availability: 1 - u, unavailability: u, ...(exact ? {} : { exact: false as const }) }];
  });
  const full = options.detail !== 'diagnostics';
  // Order 1 alone gives the SPOFs (it is always complete); higher orders are an extra.
  const cuts = cutSets(spec, full ? options.maxOrder : 1);
  const cutList = cutSetList(spec, cuts);
  const spofs = spofList(system, spec, cuts);
  const causes = causesOf(spec, engine, main.structural, U, limits);
  const withoutMaintenance = excludingMaintenance(spec, engine, limits);
  // Advice before importance: when the analysis budget runs short, the advice matters more.
  const search = full && main.exact ? searchAdvice(system, U, { maxOpsEach: ADVICE_OPS, budget, known: { engine, whole: main } }) : undefined;
  if (search) limits.note(search, 'advice', 'the best of the changes priced before it');
  const advice = search?.advice;
  const importance = full ? importanceList(system, spec, engine, limits, cuts, main.structural) : [];
  const pathRecovery = system.path.map((id) => recovery.get(id)).filter((r) => r !== undefined);
  const otherZone = new Map(system.layers.map((l) => [l.id, otherZoneFor(system, l)]));
  const diagnostics = analysisDiagnostics({
    system, unavailability: U, exact: limits.exact, unavailabilityExact: limits.unavailabilityExact, limits: [...limits.all],
    ...(main.exact ? {} : { unavailabilityBounds: main.bounds }),
    spofs, recovery, otherZone, singlesByLayer: cuts.singlesByLayer, layers,
    ...(withoutMaintenance !== undefined ? { unavailabilityExcludingMaintenance: withoutMaintenance.value } : {}),
    ...(withoutMaintenance?.bounds ? { unavailabilityExcludingMaintenanceBounds: withoutMaintenance.bounds } : {}),
  });
  const analysis: SystemAnalysis = {
    name: system.name,
    exact: limits.exact,
    unavailabilityExact: limits.unavailabilityExact,
    limits: [...limits.all],
    availability: 1 - U,
    unavailability: U,
    structuralUnavailability: main.structuralValue,
    failoverUnavailability: main.exact ? main.windows.term : main.windows.term + main.windows.errorBound,
    causes,
    nines: ninesOf(U),
    downtime: downtimeOf(U),
    rtoSeconds: Math.max(0, ...pathRecovery.map((r) => r.rtoSeconds), ...scopeRtos(system, 'system')),
    rpoSeconds: Math.max(0, ...pathRecovery.map((r) => r.rpoSeconds)),
    layers,
    sites,
    cumulative,
    spofs,
    cutSets: cutList.slice(0, MAX_CUT_SETS),
    cutSetsComplete: full && cuts.complete && cutList.length <= MAX_CUT_SETS,
    importance,
    diagnostics,
  };
  if (!full) analysis.detail = 'diagnostics';
  if (!main.exact) analysis.unavailabilityBounds = main.bounds;
  if (withoutMaintenance !== undefined) analysis.unavailabilityExcludingMaintenance = withoutMaintenance.value;
  if (withoutMaintenance?.bounds) analysis.unavailabilityExcludingMaintenanceBounds = withoutMaintenance.bounds;
  if (system.slo) {
    const counted = system.slo.excludesMaintenance && withoutMaintenance !== undefined ? withoutMaintenance.value : U;
    analysis.errorBudget = errorBudgetOf(counted, system.slo.value, system.windowSeconds);
  }
  if (advice) analysis.advice = advice;
  return analysis;
}

function layerFigures(
  system: SystemModel, spec: SystemSpec, engine: Engine, recovery: Map<string, Recovery>, windows: WindowTerm, limits: Limits,
): LayerFigures[] {
  return system.layers.map((l) => {
    const node = spec.layers.get(l.id)!;
    const takeover = node.kind === 'nodes' ? spec.units[node.unit]!.takeover : node.takeover;
    // A takeover layer's windows a year come from the layer alone (they depend on its members
    // only), so a layer the system does not depend on has them too. Its own deploys, maintenance
    // and whole-layer common causes are in series with it: they are part of its figure.
    const r = unavailabilityOf(engine, [...(spec.seriesOf.get(l.id) ?? []), node], { maxOps: EACH_OPS, attribution: takeover !== undefined });
    limits.note(r, `layer ${l.id}`);
    const rec = recovery.get(l.id)!;
    const u = r.value;
    const f: LayerFigures = {
      name: l.id, mode: l.mode, kind: l.kind, availability: 1 - u, unavailability: u, structuralUnavailability: r.structuralValue,
      k: rec.k, n: rec.n, headroom: rec.headroom, rtoSeconds: rec.rtoSeconds, rpoSeconds: rec.rpoSeconds,
    };
    if (l.site !== undefined) f.site = l.site;
    if (l.mode === 'active-active' && l.members === 'nodes' && l.requirement.load !== undefined && l.requirement.k === undefined) {
      f.requiredCapacity = l.requirement.load;
      f.totalCapacity = system.instances.filter((i) => i.layer === l.id).reduce((sum, i) => sum + (i.capacity ?? 0), 0);
    }
    if (!r.exact) f.exact = false;
    if (l.mode === 'active-passive' && l.failover) {
      f.failoverSeconds = l.failover.failoverSeconds;
      f.detectionSeconds = l.failover.detectionSeconds;
      f.promotionSeconds = l.failover.promotionSeconds;
      if (node.kind === 'nodes') f.primaryFailuresPerSecond = primaryFrequency(system, l.primary);
      else {
        const primary = l.primary !== undefined ? spec.sites.get(l.primary) : undefined;
        if (primary) {
          const fs = siteFailuresPerSecond(spec, primary, EACH_OPS, engine.budget);
          limits.note(fs, `site ${primary.id} failure frequency`);
          f.primaryFailuresPerSecond = fs.failuresPerSecond;
        }
      }
      const own = r.windows.layers?.get(l.id);
      if (own) f.failover = failoverCost(windows.layers?.get(l.id), own.windowsPerYear);
    }
    return f;
  });
}

/** A takeover layer's windows as the report shows them: what they cost the system (nothing when it does not depend on the layer), by trigger. */
function failoverCost(w: LayerWindows | undefined, windowsPerYear: number): FailoverCost {
  return {
    secondsPerYear: (w?.term ?? 0) * SECONDS_PER_YEAR,
    unavailability: w?.term ?? 0,
    byTrigger: w ? { ...w.byTrigger } : { instance: 0, zone: 0, region: 0, commonCause: 0 },
    windowsPerYear,
  };
}

function siteFigures(system: SystemModel, spec: SystemSpec, engine: Engine, recovery: Map<string, Recovery>, limits: Limits): SiteFigures[] {
  return system.sites.map((s) => {
    const node = spec.sites.get(s.id)!;
    // The common causes of the system and of the sites around it cover it too.
    const r = unavailabilityOf(engine, [...(spec.siteSeriesOf.get(s.id) ?? []), ...node.layers], { maxOps: EACH_OPS });
    limits.note(r, `site ${s.id}`);
    const rto = Math.max(0, ...s.path.map((id) => recovery.get(id)?.rtoSeconds ?? 0), ...scopeRtos(system, 'site', s.id));
    const fs = siteFailuresPerSecond(spec, node, EACH_OPS, engine.budget);
    limits.note(fs, `site ${s.id} failure frequency`);
    return { name: s.id, availability: 1 - r.value, unavailability: r.value, structuralUnavailability: r.structuralValue, failuresPerSecond: fs.failuresPerSecond, rtoSeconds: rto };
  });
}

/** Cut sets with their probabilities, highest first (ties: smaller, then by name). */
function cutSetList(spec: SystemSpec, cuts: CutSetResult): CutSet[] {
  const uByKey = new Map<ElementKey, number>();
  for (const u of spec.units) for (const i of u.instances) uByKey.set(i.key, i.unavailability);
  for (const [k, d] of spec.domains) uByKey.set(k, d.unavailability);
  for (const [k, c] of spec.commonCauses) uByKey.set(k, c.unavailability);
  return cuts.cuts
    .map((c) => ({
      elements: c.map((k) => elementOf(spec, k).name).sort(),
      probability: c.reduce((p, k) => p * (uByKey.get(k) ?? 0), 1),
    }))
    .sort((a, b) => b.probability - a.probability || a.elements.length - b.elements.length || a.elements.join(',').localeCompare(b.elements.join(',')));
}

/**
 * Single points of failure: the cut sets of order 1; instances, then zones, regions, deploys and
 * common-cause groups. Maintenance is planned, not a failure: it is in the cut sets and the
 * importance, never a single point of failure.
 */
function spofList(system: SystemModel, spec: SystemSpec, cuts: CutSetResult): Spof[] {
  const { instances } = systemIndex(system);
  const typeOrder = (t: ElementType): number => ['instance', 'zone', 'region', 'deploy', 'common-cause', 'maintenance'].indexOf(t);
  return cuts.cuts
    .filter((c) => c.length === 1 && spec.commonCauses.get(c[0]!)?.kind !== 'maintenance')
    .map((c) => {
      const e = elementOf(spec, c[0]!);
      const s: Spof = { element: e.name, type: e.type };
      if (e.type === 'instance') s.layer = instances.get(e.name)?.layer;
      else {
        const layer = spec.commonCauses.get(c[0]!)?.layer;
        if (layer !== undefined) s.layer = layer;
      }
      return s;
    })
    .sort((a, b) => typeOrder(a.type) - typeOrder(b.type) || a.element.localeCompare(b.element));
}

/**
 * Birnbaum importance, highest first. A single point of failure e takes the system down
 * whatever else is up, so P(down | e down) = 1 and U = u_e + (1 − u_e)·P(down | e up), which
 * gives B_e = (1 − U) / (1 − u_e) exactly from U, with no evaluation: the SPOFs are always
 * listed, even when the budget runs out (a lower bound, `bounded`, when U itself is only an
 * upper bound). Other elements whose value is only a bound are left out, and `limits` counts them.
 */
function importanceList(
  system: SystemModel, spec: SystemSpec, engine: Engine, limits: Limits, cuts: CutSetResult, main: DownResult,
): Importance[] {
  const ownU = new Map<ElementKey, number>([...spec.domains.values()].map((d) => [d.key, d.unavailability]));
  for (const u of spec.units) for (const i of u.instances) ownU.set(i.key, i.unavailability);
  for (const [k, c] of spec.commonCauses) ownU.set(k, c.unavailability);
  const U = upper(main);
  const spofB = new Map<ElementKey, number>();
  for (const c of cuts.cuts) {
    const u = c.length === 1 ? ownU.get(c[0]!) ?? 0 : 1;
    if (u < 1) spofB.set(c[0]!, Math.min(1, Math.max(0, (1 - U) / (1 - u))));
  }
  // Domains first: few, often the most important, and done before any budget runs short.
  const keys: ElementKey[] = [
    ...system.regions.map((r) => regionKey(r.name)),
    ...system.zones.map((z) => zoneKey(z.name)),
    ...system.instances.map((i) => instanceKey(i.id)),
    ...spec.commonCauses.keys(),
  ];
  const rest = keys.filter((k) => !spofB.has(k));
  // B = P(down | e down) − P(down | e up) is a difference of two close numbers when e matters
  // little, so both sides are computed to a tighter tolerance than U itself.
  const tolerance = system.instances.length > LARGE_MODEL_INSTANCES ? LARGE_MODEL_IMPORTANCE_TOLERANCE : IMPORTANCE_TOLERANCE;
  // One side per element: B = (P(down | e down) − P(down)) / (1 − u_e), with P(down) itself to
  // the same tolerance (the error of the difference is that of the two-sided one, at half the work).
  const imp = engine.budget.within(IMPORTANCE_OPS, `importance budget of ${IMPORTANCE_OPS.toExponential(0)} operations`, () => {
    const whole = engine.down(spec.path, EACH_OPS, tolerance);
    const reference = whole.exact ? whole.down : undefined;
    return birnbaum(spec, spec.path, rest, { maxOpsEach: EACH_OPS, base: engine, tolerance, ...(reference !== undefined ? { reference } : {}) });
  });
  const left = rest.filter((k) => imp.bounded.has(k)).length;
  if (left > 0) limits.note(imp, 'importance', `list is partial (${left} element${left === 1 ? '' : 's'} left out, their value only bounded; single points of failure are listed)`);
  const entry = (k: ElementKey, birnbaum: number, bounded: boolean): Importance => {
    const e: Importance = { element: elementOf(spec, k).name, type: elementOf(spec, k).type, birnbaum };
    if (bounded) e.bounded = true;
    return e;
  };
  return [
    ...[...spofB].map(([k, b]) => entry(k, b, !main.exact)),
    ...rest.filter((k) => !imp.bounded.has(k)).map((k) => entry(k, imp.values.get(k) ?? 0, false)),
  ]
    .sort((a, b) => b.birnbaum - a.birnbaum || a.element.localeCompare(b.element))
    .slice(0, MAX_IMPORTANCE);
}

/** The common causes of `kinds`, each forced up (removed). */
function removed(spec: SystemSpec, kinds: readonly string[]): Map<ElementKey, 'up'> {
  const out = new Map<ElementKey, 'up'>();
  for (const [k, c] of spec.commonCauses) if (kinds.includes(c.kind)) out.set(k, 'up');
  return out;
}

/** U split by cause (`DowntimeCauses`): U_struct with the common causes added back kind by kind. */
function causesOf(spec: SystemSpec, engine: Engine, structural: DownResult, U: number, limits: Limits): DowntimeCauses {
  const kinds = new Set([...spec.commonCauses.values()].map((c) => c.kind));
  const sU = upper(structural);
  // U_struct with the kinds from `i` on removed: hardware alone (0), then with common-cause groups, deploys.
  const order = ['common-cause', 'deploy', 'maintenance'] as const;
  const levels: number[] = [];
  for (let i = 0; i < order.length; i++) {
    const gone = order.slice(i).filter((k) => kinds.has(k));
    if (gone.length === 0) {
      levels.push(sU);
      continue;
    }
    const r = engine.with(removed(spec, gone)).down(spec.path, EACH_OPS);
    limits.note(r, 'downtime by cause');
    levels.push(upper(r));
  }
  const part = (a: number, b: number): number => Math.max(0, b - a);
  return {
    hardware: levels[0]!,
    commonCause: part(levels[0]!, levels[1]!),
    deploys: part(levels[1]!, levels[2]!),
    maintenance: part(levels[2]!, sU),
    failoverWindows: Math.max(0, U - sU),
  };
}

/** U with maintenance removed, when the system has any. */
function excludingMaintenance(spec: SystemSpec, engine: Engine, limits: Limits): { value: number; bounds?: [number, number] } | undefined {
  const gone = removed(spec, ['maintenance']);
  if (gone.size === 0) return undefined;
  const r = unavailabilityOf(engine.with(gone), spec.path, { maxOps: EACH_OPS });
  limits.note(r, 'availability without maintenance');
  // Not exact: the upper bound, with both bounds, so that no verdict is drawn from a bound alone.
  return r.exact ? { value: r.value } : { value: r.value, bounds: r.bounds };
}

function primaryFrequency(system: SystemModel, primary: string | undefined): number | undefined {
  const p = system.instances.find((i) => i.id === primary);
  if (!p) return undefined;
  const z = system.zones.find((x) => x.name === p.zone);
  const r = system.regions.find((x) => x.name === (z?.region ?? p.region));
  return p.failuresPerSecond + (z?.hasAvailability ? z.failuresPerSecond : 0) + (r?.hasAvailability ? r.failuresPerSecond : 0);
}
