/**
 * The exact availability engine's entry point (spec sections 3–6): `analyseSystem` computes
 * every figure of a system; the lower-level functions below serve the differential tests, the
 * MEF export, the simulation and the advice. See README.md for the method.
 */
import type { ElementType, SystemModel } from '../model/types';
import { analyse } from './analyse';
import { Budget, LimitError } from './budget';
import { commonCauseKey, instanceKey, regionKey, zoneKey, type ElementKey } from './compile';
import { analysisDiagnostics } from './diagnostics';
import { Engine, type DownResult, type ElementState } from './engine';
import { downtimeOf } from './figures';
import { compileSystem } from './compile';
import type { AnalysisOptions, SystemAnalysis } from './types';
import { unavailabilityOf, type Unavailability } from './windows';

export { compileSystem } from './compile';
export type { SystemSpec, LayerNode, UnitSpec, ElementKey } from './compile';
export { Engine } from './engine';
export type { DownResult, ElementState, Overrides } from './engine';
export { cutSets } from './cut-sets';
export { recoveryOf } from './recovery';
export { windowTerm, unavailabilityOf } from './windows';
export type { WindowTerm, Unavailability } from './windows';
export { MAX_CUT_SETS, MAX_IMPORTANCE } from './analyse';
export { downtimeOf, errorBudgetOf, ninesOf } from './figures';

/** Work budget of a whole analysis: bounded time whatever the input. */
const TOTAL_OPS = 2e9;

/** A forced element state, by element name and type (for Birnbaum, SPOF checks, advice). */
export interface ElementOverride {
  type: ElementType;
  name: string;
  state: ElementState;
}

/** The engine's key of an element: `i:app-1`, `z:az1`, `r:use1`, `c:deploy app`. */
export function elementKey(type: ElementType, name: string): ElementKey {
  return type === 'instance' ? instanceKey(name) : type === 'zone' ? zoneKey(name) : type === 'region' ? regionKey(name) : commonCauseKey(name);
}

const toOverrides = (overrides: ElementOverride[]): Map<ElementKey, ElementState> =>
  new Map(overrides.map((o) => [elementKey(o.type, o.name), o.state]));

/** Exact U (spec section 3, revision 2: U_struct + the failover windows), with elements optionally forced up or down. */
export function systemUnavailability(system: SystemModel, overrides: ElementOverride[] = []): Unavailability {
  const spec = compileSystem(system);
  return unavailabilityOf(new Engine(spec, toOverrides(overrides)), spec.path);
}

/** Exact P(system down) with no failover windows (U_struct), with elements optionally forced up or down. */
export function structuralUnavailability(system: SystemModel, overrides: ElementOverride[] = []): DownResult {
  const spec = compileSystem(system);
  return new Engine(spec, toOverrides(overrides)).down(spec.path);
}

/** Exact U of one layer (qualified id), on its own, with its windows. */
export function layerUnavailability(system: SystemModel, layerId: string, overrides: ElementOverride[] = []): Unavailability | undefined {
  const spec = compileSystem(system);
  const node = spec.layers.get(layerId);
  return node ? unavailabilityOf(new Engine(spec, toOverrides(overrides)), [...(spec.seriesOf.get(layerId) ?? []), node]) : undefined;
}

/**
 * Every figure of spec sections 3–6 for one system, within a bounded amount of work: a budget of
 * its own, so that analyses interleaved or nested (another system's, other options) never
 * charge each other.
 */
export function analyseSystem(system: SystemModel, options: AnalysisOptions): SystemAnalysis | undefined {
  try {
    return analyse(system, options, new Budget(TOTAL_OPS, `analysis budget of ${TOTAL_OPS.toExponential(0)} operations`));
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
    structuralUnavailability: 1, failoverUnavailability: 0,
    causes: { hardware: 1, commonCause: 0, deploys: 0, maintenance: 0, failoverWindows: 0 },
    nines: 0, downtime: downtimeOf(1), rtoSeconds: NaN, rpoSeconds: NaN, layers: [], sites: [], cumulative: [],
    spofs: [], cutSets: [], importance: [], diagnostics,
  };
}
