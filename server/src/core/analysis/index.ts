/**
 * The exact availability engine's entry point (spec sections 3–6): `analyseSystem` computes
 * every figure of a system; the lower-level functions below serve the differential tests, the
 * MEF export, the simulation and the advice.
 */
import type { ElementType, SystemModel } from '../model/types';
import { bestAdvice, otherZoneFor } from './advice';
import { birnbaum } from './birnbaum';
import { compileSystem, instanceKey, regionKey, zoneKey, type ElementKey, type SystemSpec } from './compile';
import { cutSets } from './cut-sets';
import { analysisDiagnostics } from './diagnostics';
import { LimitError, withBudget } from './budget';
import { Engine, type DownResult, type ElementState } from './engine';
import { downtimeOf, errorBudgetOf, ninesOf } from './figures';
import { recoveryOf } from './recovery';
import { computeSiteFailovers, siteFailuresPerHour, type SiteFrequency } from './site-failover';
import type { AnalysisOptions, CutSet, Importance, LayerFigures, SiteFigures, Spof, SystemAnalysis } from './types';

export { compileSystem, failoverProbability } from './compile';
export type { SystemSpec, LayerNode, UnitSpec, ElementKey } from './compile';
export { Engine } from './engine';
export type { DownResult, ElementState, Overrides } from './engine';
export { cutSets } from './cut-sets';
export { recoveryOf } from './recovery';
export { downtimeOf, errorBudgetOf, ninesOf, formatAvailability, formatSeconds } from './figures';

/** Most cut sets listed (highest probability first). */
export const MAX_CUT_SETS = 1000;
/** Most importance entries listed (highest first). */
export const MAX_IMPORTANCE = 1000;
/** Work budget of the main U evaluation, and of each evaluation done for importance and advice. */
const MAIN_OPS = 2e8;
const EACH_OPS = 3e7;
/** Work budget of the exact U of each candidate change. */
const ADVICE_OPS = 6e7;
/** Work budget of a whole analysis: bounded time whatever the input. */
const TOTAL_OPS = 1.5e9;
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

/** A forced element state, by element name and type (for Birnbaum, SPOF checks, advice). */
export interface ElementOverride {
  type: ElementType;
  name: string;
  state: ElementState;
}

/** The engine's key of an element: `i:app-1`, `z:az1`, `r:use1`. */
export function elementKey(type: ElementType, name: string): ElementKey {
  return type === 'instance' ? instanceKey(name) : type === 'zone' ? zoneKey(name) : regionKey(name);
}

/** A system ready for repeated exact queries: its compiled form with site failover terms filled. */
export function prepareSystem(system: SystemModel): { spec: SystemSpec; siteFrequencies: SiteFrequency[] } {
  const spec = compileSystem(system);
  const siteFrequencies = computeSiteFailovers(system, spec);
  return { spec, siteFrequencies };
}

const toOverrides = (overrides: ElementOverride[]): Map<ElementKey, ElementState> =>
  new Map(overrides.map((o) => [elementKey(o.type, o.name), o.state]));

/** Exact P(system down), with elements optionally forced up or down. */
export function systemUnavailability(system: SystemModel, overrides: ElementOverride[] = []): DownResult {
  const { spec } = prepareSystem(system);
  return new Engine(spec, toOverrides(overrides)).down(spec.path);
}

/** Exact P(layer down) of one layer (qualified id), on its own. */
export function layerUnavailability(system: SystemModel, layerId: string, overrides: ElementOverride[] = []): DownResult | undefined {
  const { spec } = prepareSystem(system);
  const node = spec.layers.get(layerId);
  return node ? new Engine(spec, toOverrides(overrides)).down([node]) : undefined;
}

/** Probability that a failover is in progress, per active-passive layer id (q of spec section 3). */
export function failoverProbabilities(system: SystemModel): Map<string, number> {
  const { spec } = prepareSystem(system);
  const out = new Map<string, number>();
  for (const [id, node] of spec.layers) {
    if (node.kind === 'sites' && node.mode === 'active-passive') out.set(id, node.failoverProbability);
    if (node.kind === 'nodes' && spec.units[node.unit]!.mode === 'active-passive') out.set(id, spec.units[node.unit]!.failoverProbability);
  }
  return out;
}

/** Birnbaum-weighted failure frequency (per hour) of each primary site of an active-passive layer of sites. */
export function siteFailureFrequencies(system: SystemModel): SiteFrequency[] {
  return prepareSystem(system).siteFrequencies;
}

const elementOf = (key: ElementKey): { type: ElementType; name: string } => ({
  type: key.startsWith('i:') ? 'instance' : key.startsWith('z:') ? 'zone' : 'region',
  name: key.slice(2),
});

/** Every figure of spec sections 3–6 for one system; undefined only for an empty system. */
export function analyseSystem(system: SystemModel, options: AnalysisOptions): SystemAnalysis | undefined {
  try {
    return withBudget(TOTAL_OPS, `analysis budget of ${TOTAL_OPS.toExponential(0)} operations`, () => analyse(system, options));
  } catch (e) {
    // Every evaluation catches its own limit; this is the last line, so that a limit never
    // becomes an exception in an adapter. Nothing is claimed: U is only known to be in [0, 1].
    if (!(e instanceof LimitError)) throw e;
    return unknownAnalysis(system, e.limit);
  }
}

function unknownAnalysis(system: SystemModel, limit: string): SystemAnalysis {
  const diagnostics = analysisDiagnostics({
    system, unavailability: 1, exact: false, limits: [limit], spofs: [], recovery: new Map(), otherZone: new Map(),
  }).filter((d) => d.code === 'analysis-limit');
  return {
    name: system.name, exact: false, limits: [limit], availability: 0, unavailability: 1, unavailabilityBounds: [0, 1],
    nines: 0, downtime: downtimeOf(1), rtoSeconds: NaN, rpoSeconds: NaN, layers: [], sites: [], cumulative: [],
    spofs: [], cutSets: [], importance: [], diagnostics,
  };
}

function analyse(system: SystemModel, options: AnalysisOptions): SystemAnalysis {
  const { spec, siteFrequencies } = prepareSystem(system);
  const limits = new Set<string>();
  // `exact` is about U (and the site failover terms that feed it); limits hit by secondary
  // figures (importance, advice, per-site frequencies) are listed with what they concern.
  let exact = true;
  const note = (r: { exact: boolean; limits: string[] }, what?: string): void => {
    if (!r.exact && what === undefined) exact = false;
    // Secondary figures say once that they are partial; the detail belongs to U's limits.
    if (what !== undefined && r.limits.length > 0) limits.add(`${what}: work limit reached, ${what === 'importance' ? 'list is partial' : 'figure is a bound'}`);
    else r.limits.forEach((l) => limits.add(l));
  };
  siteFrequencies.forEach((f) => note(f));
  const engine = new Engine(spec);
  const main = engine.down(spec.path, MAIN_OPS);
  note(main);
  // Not exact: report the upper bound, never an optimistic number.
  const U = main.exact ? main.down : Math.min(1, main.down + main.errorBound);
  const figure = (r: DownResult): number => (r.exact ? r.down : Math.min(1, r.down + r.errorBound));

  const recovery = recoveryOf(system);
  const layers: LayerFigures[] = system.layers.map((l) => {
    const node = spec.layers.get(l.id)!;
    const r = engine.down([node], EACH_OPS);
    note(r, `layer ${l.id}`);
    const rec = recovery.get(l.id)!;
    const u = figure(r);
    const f: LayerFigures = {
      name: l.id, mode: l.mode, kind: l.kind, availability: 1 - u, unavailability: u,
      k: rec.k, n: rec.n, headroom: rec.headroom, rtoSeconds: rec.rtoSeconds, rpoSeconds: rec.rpoSeconds,
    };
    if (l.site !== undefined) f.site = l.site;
    if (!r.exact) f.exact = false;
    if (l.mode === 'active-passive' && l.failover) {
      f.failoverSeconds = l.failover.failoverSeconds;
      f.detectionSeconds = l.failover.detectionSeconds;
      f.promotionSeconds = l.failover.promotionSeconds;
      f.failoverProbability = node.kind === 'nodes' ? spec.units[node.unit]!.failoverProbability : node.failoverProbability;
      const fs = siteFrequencies.find((s) => s.layer === l.id);
      if (fs) f.primaryFailuresPerHour = fs.failuresPerHour;
      else if (node.kind === 'nodes') f.primaryFailuresPerHour = primaryFrequency(system, l.primary);
    }
    return f;
  });

  const sites: SiteFigures[] = system.sites.map((s) => {
    const node = spec.sites.get(s.id)!;
    const u = figure(engine.down(node.layers, EACH_OPS));
    const rto = Math.max(0, ...s.path.map((id) => recovery.get(id)?.rtoSeconds ?? 0));
    const fs = siteFrequencies.find((x) => x.site === s.id) ?? siteFailuresPerHour(spec, node, EACH_OPS);
    note(fs, `site ${s.id} failure frequency`);
    return { name: s.id, availability: 1 - u, unavailability: u, failuresPerHour: fs.failuresPerHour, rtoSeconds: rto };
  });

  const cumulative = spec.path.map((node, i) => {
    const u = i === spec.path.length - 1 ? U : figure(engine.down(spec.path.slice(0, i + 1), EACH_OPS));
    return { layer: node.layerId, availability: 1 - u, unavailability: u };
  });

  const cuts = cutSets(spec, options.maxOrder);
  const uByKey = new Map<ElementKey, number>();
  for (const u of spec.units) for (const i of u.instances) uByKey.set(i.key, i.unavailability);
  for (const [k, d] of spec.domains) uByKey.set(k, d.unavailability);
  const cutList: CutSet[] = cuts.cuts
    .map((c) => ({
      elements: c.map((k) => elementOf(k).name).sort(),
      probability: c.reduce((p, k) => p * (uByKey.get(k) ?? 0), 1),
    }))
    .sort((a, b) => b.probability - a.probability || a.elements.length - b.elements.length || a.elements.join(',').localeCompare(b.elements.join(',')));

  const instanceLayer = new Map(system.instances.map((i) => [i.id, i.layer]));
  const spofs: Spof[] = cuts.cuts
    .filter((c) => c.length === 1)
    .map((c) => {
      const e = elementOf(c[0]!);
      const s: Spof = { element: e.name, type: e.type };
      if (e.type === 'instance') s.layer = instanceLayer.get(e.name);
      return s;
    })
    .sort((a, b) => typeOrder(a.type) - typeOrder(b.type) || a.element.localeCompare(b.element));

  // Advice before importance: when the analysis budget runs short, the advice matters more.
  const advice = main.exact ? bestAdvice(system, U, ADVICE_OPS) : undefined;
  // Domains first: few, often the most important, and done before any budget runs short.
  const importanceKeys: ElementKey[] = [
    ...system.regions.map((r) => regionKey(r.name)),
    ...system.zones.map((z) => zoneKey(z.name)),
    ...system.instances.map((i) => instanceKey(i.id)),
  ];
  // B = P(down | e down) − P(down | e up) is a difference of two close numbers when e matters
  // little, so both sides are computed to a tighter tolerance than U itself.
  const imp = withBudget(IMPORTANCE_OPS, `importance budget of ${IMPORTANCE_OPS.toExponential(0)} operations`, () =>
    birnbaum(spec, spec.path, importanceKeys, { maxOpsEach: EACH_OPS, base: engine, tolerance: system.instances.length > LARGE_MODEL_INSTANCES ? LARGE_MODEL_IMPORTANCE_TOLERANCE : IMPORTANCE_TOLERANCE }));
  note(imp, 'importance');
  // Elements whose importance is only a bound are left out (the limit says the list is partial).
  const importance: Importance[] = importanceKeys
    .filter((k) => !imp.bounded.has(k))
    .map((k) => ({ element: elementOf(k).name, type: elementOf(k).type, birnbaum: imp.values.get(k) ?? 0 }))
    .sort((a, b) => b.birnbaum - a.birnbaum || a.element.localeCompare(b.element))
    .slice(0, MAX_IMPORTANCE);

  const pathRecovery = system.path.map((id) => recovery.get(id)).filter((r) => r !== undefined);
  const otherZone = new Map(system.layers.map((l) => [l.id, otherZoneFor(system, l)]));
  const diagnostics = analysisDiagnostics({ system, unavailability: U, exact, limits: [...limits], spofs, recovery, otherZone, singlesByLayer: cuts.singlesByLayer });

  const analysis: SystemAnalysis = {
    name: system.name,
    exact,
    limits: [...limits],
    availability: 1 - U,
    unavailability: U,
    nines: ninesOf(U),
    downtime: downtimeOf(U),
    rtoSeconds: Math.max(0, ...pathRecovery.map((r) => r.rtoSeconds)),
    rpoSeconds: Math.max(0, ...pathRecovery.map((r) => r.rpoSeconds)),
    layers,
    sites,
    cumulative,
    spofs,
    cutSets: cutList.slice(0, MAX_CUT_SETS),
    cutSetsComplete: cuts.complete && cutList.length <= MAX_CUT_SETS,
    importance,
    diagnostics,
  };
  if (!main.exact) analysis.unavailabilityBounds = [main.down, Math.min(1, main.down + main.errorBound)];
  if (system.slo) analysis.errorBudget = errorBudgetOf(U, system.slo.value, system.windowSeconds);
  if (advice) analysis.advice = advice;
  return analysis;
}

function typeOrder(t: ElementType): number {
  return t === 'instance' ? 0 : t === 'zone' ? 1 : 2;
}

function primaryFrequency(system: SystemModel, primary: string | undefined): number | undefined {
  const p = system.instances.find((i) => i.id === primary);
  if (!p) return undefined;
  const z = system.zones.find((x) => x.name === p.zone);
  const r = system.regions.find((x) => x.name === (z?.region ?? p.region));
  return p.failuresPerHour + (z?.hasAvailability ? z.failuresPerHour : 0) + (r?.hasAvailability ? r.failuresPerHour : 0);
}
