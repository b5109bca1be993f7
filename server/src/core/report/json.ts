/**
 * The `topo check --format json` shape (spec section 8). One object; field names are the
 * spec's. Figures the spec gives as Infinity are `null`, since JSON has no Infinity: an unbounded
 * RPO (an active-passive layer with no replication), and `nines` when U = 0 (nothing can fail).
 * A string such as "Infinity" would make every consumer special-case a number field; `null`
 * reads as "no finite value" and the accompanying `unavailability: 0` says why.
 *
 * Beyond the spec's fields (revision 2, section 3): `structuralUnavailability` and
 * `failoverUnavailability` (U = the one + the other), and per layer `structuralUnavailability`
 * and, for an active-passive layer with a standby, `failover` { secondsPerYear, unavailability,
 * byTrigger: { instance, zone, region } (seconds a year), windowsPerYear }: the system downtime
 * its windows cost with only its own windows open.
 *
 * Common causes (docs/language.md "Common causes"), only for a system that declares a deploy, a
 * common-cause group or maintenance, so that any other system's object is as it was: `causes`
 * { hardware, commonCause, deploys, maintenance, failoverWindows }, U split by what causes it,
 * each part { unavailability, downtimeSecondsPerYear } (the parts sum to U; upper bounds when U
 * is one); `byTrigger.commonCause` in each layer's `failover` (the windows these elements open);
 * and, when maintenance is declared, `unavailabilityExcludingMaintenance` (what an objective that
 * `excludes maintenance` is checked against, and its error budget spent from; the upper bound,
 * with `unavailabilityExcludingMaintenanceBounds` [lower, upper], when it hit a work limit).
 *
 * When U is only a bound (`unavailabilityExact` false: the analysis stopped at its work limit),
 * `unavailability` stays the upper bound it always was and `unavailabilityBounds` [lower, upper]
 * and `availabilityBounds` [lower, upper] (1 − U's upper, 1 − U's lower) are added; an exact
 * analysis has neither, so its object is as it was. `cutSetsComplete` says whether `cutSets` lists
 * every minimal cut set up to the order asked for.
 *
 * Failure frequencies are per hour here (a layer's `primaryFailuresPerHour`, a site's
 * `failuresPerHour`), as they always were; the analysis carries them per second and this is the
 * one place they convert.
 */
import type { Diagnostic } from '../../../../grammar/src/text';
import type { Advice, Downtime, DowntimeCauses, ErrorBudget, FailoverCost, LayerFigures, SiteFigures, SystemAnalysis, TriggerSplit } from '../analysis/types';
import type { LayerModel, SystemModel } from '../model/types';
import type { AnalysedSystem, DocumentAnalysis, DocumentJourney } from '../pipeline';
import { weakestStep } from './estate';
import { SECONDS_PER_HOUR, SECONDS_PER_YEAR } from '../../../../grammar/src/units';
import { CAUSE_PARTS, hasCommonCauses, unavailabilityBoundsOf } from './summary';

export interface CheckJson {
  files: FileJson[];
}

export interface FileJson {
  file: string;
  diagnostics: Diagnostic[];
  systems: SystemJson[];
  /** The file's journeys (docs/language.md, "Estates"); absent when it has none. */
  journeys?: JourneyJson[];
  /** Set when the file could not be read. */
  error?: string;
  /** Only when the file has syntax errors and figures: its figures are provisional (`figures-withheld`). */
  provisional?: true;
}

/**
 * A layer as JSON: the analysis' figures with the unbounded RTO/RPO as null and f_p per hour, or
 * the model's shape when no figures could be computed.
 */
export type LayerJson =
  | (Omit<LayerFigures, 'rpoSeconds' | 'rtoSeconds' | 'primaryFailuresPerSecond' | 'failover'> & {
      /** `byTrigger.commonCause` only in a system with common causes. */
      failover?: FailoverJson;
      rpoSeconds: number | null;
      rtoSeconds: number | null;
      /** Active-passive: f_p, failures per hour of the primary. */
      primaryFailuresPerHour?: number;
    })
  | {
      name: string;
      mode: LayerModel['mode'];
      kind: LayerModel['kind'];
      availability: null;
      unavailability: null;
      structuralUnavailability: null;
      rtoSeconds: null;
      rpoSeconds: number | null;
    };

/** A layer's failover cost; `byTrigger.commonCause` only in a system with common causes. */
export type FailoverJson = Omit<FailoverCost, 'byTrigger'> & { byTrigger: Omit<TriggerSplit, 'commonCause'> & { commonCause?: number } };

/** One part of U by cause: as a probability, and as downtime a year (seconds). */
export interface CausePartJson {
  unavailability: number;
  downtimeSecondsPerYear: number;
}

/** A site as JSON: its figures with its Birnbaum-weighted failure frequency per hour. */
export type SiteJson = Omit<SiteFigures, 'failuresPerSecond'> & { failuresPerHour: number };

/** One system of `topo check --format json` (and of the language server's `topo/report`). */
export interface SystemJson {
  name: string;
  analysed: boolean;
  /** Only when the file has syntax errors: these figures are of what could be read (`figures-withheld`). */
  provisional?: true;
  exact: boolean | null;
  unavailabilityExact: boolean | null;
  limits: string[];
  availability: number | null;
  unavailability: number | null;
  /** Only when U is not exact: [lower, upper] bounds on U (`unavailability` is the upper one). */
  unavailabilityBounds?: [number, number];
  /** Only when U is not exact: [lower, upper] bounds on A (`availability` is the lower one). */
  availabilityBounds?: [number, number];
  structuralUnavailability: number | null;
  failoverUnavailability: number | null;
  /** Only with common causes declared: U split by cause (the parts sum to U). */
  causes?: Record<keyof DowntimeCauses, CausePartJson>;
  /** Only with maintenance declared: U without it. */
  unavailabilityExcludingMaintenance?: number;
  unavailabilityExcludingMaintenanceBounds?: [number, number];
  nines: number | null;
  downtime: Downtime | null;
  slo: number | null;
  sla: number | null;
  errorBudget: ErrorBudget | null;
  rtoSeconds: number | null;
  rpoSeconds: number | null;
  layers: LayerJson[];
  sites: SiteJson[];
  cumulative: SystemAnalysis['cumulative'];
  spofs: SystemAnalysis['spofs'];
  cutSets: SystemAnalysis['cutSets'];
  /** False when more minimal cut sets exist than `cutSets` lists, or their search hit its work limit; null without figures. */
  cutSetsComplete: boolean | null;
  importance: SystemAnalysis['importance'];
  advice: Advice | null;
  /** A system that uses other services (docs/language.md, "Estates"): its hard dependencies (closure), its soft ones, and P(degraded). */
  dependencies?: { hard: string[]; soft: string[]; degradedUnavailability: number | null };
}

/** One analysed document as JSON: its diagnostics and every system (the CLI's `files[]` entry). */
export function fileJson(file: string, doc: Pick<DocumentAnalysis, 'diagnostics' | 'systems'> & Partial<Pick<DocumentAnalysis, 'journeys' | 'provisional'>>): FileJson {
  const journeys = doc.journeys ?? [];
  return {
    file, ...(doc.provisional ? { provisional: true } : {}), diagnostics: doc.diagnostics, systems: doc.systems.map(systemJson),
    ...(journeys.length > 0 ? { journeys: journeys.map(journeyJson) } : {}),
  };
}

/** A finite number, or null for Infinity/NaN (JSON cannot carry them). */
function finite(n: number | undefined): number | null {
  return n === undefined || !Number.isFinite(n) ? null : n;
}

/** One system as JSON; figures are null when the model could not be analysed. */
export function systemJson(s: AnalysedSystem): SystemJson {
  const m = s.composite ?? s.model;
  const a = s.analysis;
  const bounds = a ? unavailabilityBoundsOf(a) : undefined;
  const withCommonCauses = hasCommonCauses(m);
  return {
    name: m.name,
    analysed: a !== undefined,
    ...(s.provisional ? { provisional: true } : {}),
    exact: a?.exact ?? null,
    unavailabilityExact: a ? a.unavailabilityExact ?? a.exact : null,
    limits: a?.limits ?? [],
    availability: a?.availability ?? null,
    unavailability: a?.unavailability ?? null,
    ...(bounds ? { unavailabilityBounds: bounds, availabilityBounds: [1 - bounds[1], 1 - bounds[0]] } : {}),
    structuralUnavailability: a?.structuralUnavailability ?? null,
    failoverUnavailability: a?.failoverUnavailability ?? null,
    ...(a && withCommonCauses && a.causes ? { causes: causesJson(a.causes) } : {}),
    ...(a?.unavailabilityExcludingMaintenance !== undefined ? { unavailabilityExcludingMaintenance: a.unavailabilityExcludingMaintenance } : {}),
    ...(a?.unavailabilityExcludingMaintenanceBounds ? { unavailabilityExcludingMaintenanceBounds: a.unavailabilityExcludingMaintenanceBounds } : {}),
    nines: finite(a?.nines),
    downtime: a ? a.downtime : null,
    slo: m.slo?.value ?? null,
    sla: m.sla?.value ?? null,
    errorBudget: a?.errorBudget ?? null,
    rtoSeconds: finite(a?.rtoSeconds),
    rpoSeconds: finite(a?.rpoSeconds),
    layers: a
      ? a.layers.map((l) => layerJson(l, withCommonCauses))
      : m.layers.map((l) => ({
          name: l.id,
          mode: l.mode,
          kind: l.kind,
          availability: null,
          unavailability: null,
          structuralUnavailability: null,
          rtoSeconds: null,
          rpoSeconds: finite(l.replication.rpoSeconds),
        })),
    sites: a?.sites.map(siteJson) ?? [],
    cumulative: a?.cumulative ?? [],
    spofs: a?.spofs ?? [],
    cutSets: a?.cutSets ?? [],
    cutSetsComplete: a?.cutSetsComplete ?? null,
    importance: a?.importance ?? [],
    advice: a?.advice ?? null,
    ...(s.estate ? {
      dependencies: {
        hard: s.estate.services,
        soft: s.model.uses.filter((u) => u.soft).map((u) => u.target),
        degradedUnavailability: s.estate.degradedUnavailability ?? null,
      },
    } : {}),
  };
}

function withoutCommonCause(t: TriggerSplit): Omit<TriggerSplit, 'commonCause'> {
  return { instance: t.instance, zone: t.zone, region: t.region };
}

function causesJson(c: DowntimeCauses): Record<keyof DowntimeCauses, CausePartJson> {
  const out = {} as Record<keyof DowntimeCauses, CausePartJson>;
  for (const { key } of CAUSE_PARTS) out[key] = { unavailability: c[key], downtimeSecondsPerYear: c[key] * SECONDS_PER_YEAR };
  return out;
}

/** A layer's figures; `byTrigger.commonCause` only in a system with common causes (else always 0, and the object is as it was). */
function layerJson(l: LayerFigures, withCommonCauses: boolean): LayerJson {
  const { primaryFailuresPerSecond, ...rest } = l;
  // Spread, then replaced in place: the keys keep their order, so the object reads as it did.
  const figures: Omit<LayerFigures, 'primaryFailuresPerSecond' | 'failover'> & { failover?: FailoverJson } = { ...rest };
  if (rest.failover && !withCommonCauses) figures.failover = { ...rest.failover, byTrigger: withoutCommonCause(rest.failover.byTrigger) };
  return {
    ...figures,
    rpoSeconds: finite(l.rpoSeconds),
    rtoSeconds: finite(l.rtoSeconds),
    ...(primaryFailuresPerSecond !== undefined ? { primaryFailuresPerHour: primaryFailuresPerSecond * SECONDS_PER_HOUR } : {}),
  };
}

function siteJson(x: SiteFigures): SiteJson {
  const { failuresPerSecond, ...rest } = x;
  return { ...rest, failuresPerHour: failuresPerSecond * SECONDS_PER_HOUR };
}

/** A journey as JSON: a system's figures for its composite, with its own name, path and services. */
export interface JourneyJson extends SystemJson {
  /** The system it is declared in; null at file level. */
  system: string | null;
  path: string[];
  /** The services it depends on (its steps' and their hard dependencies), in path order. */
  services: string[];
  /** The path step down most often on its own. */
  weakestLink: { name: string; unavailability: number } | null;
}

export function journeyJson(j: DocumentJourney): JourneyJson {
  const model = j.composite ?? { ...EMPTY_SYSTEM, name: j.model.name, range: j.model.range, nameRange: j.model.nameRange };
  const base = systemJson({ model, ...(j.analysis ? { analysis: j.analysis } : {}), ...(j.provisional ? { provisional: true } : {}) });
  return {
    ...base,
    system: j.model.system ?? null,
    path: j.model.path.map((s) => s.name),
    services: j.services ?? [],
    weakestLink: j.analysis ? weakestStep(j.analysis) ?? null : null,
  };
}

const ZERO_RANGE = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
const EMPTY_SYSTEM: SystemModel = {
  name: '', range: ZERO_RANGE, nameRange: ZERO_RANGE, windowSeconds: 0, regions: [], zones: [], layers: [], sites: [], nodes: [],
  instances: [], commonCauses: [], path: [], scenarios: [], analysable: false, uses: [], journeys: [],
};
