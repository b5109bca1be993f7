/**
 * The exact availability engine's entry point (spec sections 3–6): `analyseSystem` computes
 * every figure of a system; the lower-level functions below serve the differential tests, the
 * MEF export, the simulation and the advice. See README.md for the method.
 */
import type { ElementType, SystemModel } from '../model/types';
import { analyse } from './analyse';
import { LimitError, withBudget } from './budget';
import { instanceKey, regionKey, zoneKey, type ElementKey } from './compile';
import { analysisDiagnostics } from './diagnostics';
import { Engine, type DownResult, type ElementState } from './engine';
import { downtimeOf } from './figures';
import { prepareSystem } from './prepare';
import type { SiteFrequency } from './site-failover';
import type { AnalysisOptions, SystemAnalysis } from './types';

export { compileSystem, failoverProbability } from './compile';
export type { SystemSpec, LayerNode, UnitSpec, ElementKey } from './compile';
export { Engine } from './engine';
export type { DownResult, ElementState, Overrides } from './engine';
export { cutSets } from './cut-sets';
export { recoveryOf } from './recovery';
export { prepareSystem } from './prepare';
export { MAX_CUT_SETS, MAX_IMPORTANCE } from './analyse';
export { downtimeOf, errorBudgetOf, ninesOf, formatAvailability, formatSeconds } from './figures';
export type { SiteFrequency } from './site-failover';

/** Work budget of a whole analysis: bounded time whatever the input. */
const TOTAL_OPS = 2e9;

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

/** Every figure of spec sections 3–6 for one system, within a bounded amount of work. */
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
