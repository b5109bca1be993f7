/**
 * What the exact engine says about one system (spec sections 3–6).
 *
 * Invariants:
 * - `unavailability` is computed directly (never as 1 − A) and is exact for the model
 *   (relative error ≤ 1e-9) whenever `exact` is true.
 * - When a limit is hit, `exact` is false, `limits` says which, and every figure that could
 *   not be computed exactly is absent rather than approximated silently.
 */
import type { Diagnostic } from '../../../../grammar/src/text';
import type { ElementType, LayerKind, LayerMode } from '../model/types';

export interface AnalysisOptions {
  /** Largest minimal cut set order to enumerate (default 3). */
  maxOrder: number;
  /**
   * 'full' (default): every figure. 'diagnostics': what the diagnostics and the per-layer
   * figures need (U, layers, sites, cumulative path, RTO/RPO, SPOFs), without the costly
   * extras — importance, advice and cut sets above order 1 — which an editor computes on demand.
   */
  detail?: AnalysisDetail;
}

/** How much of the analysis to compute (see `AnalysisOptions.detail`). */
export type AnalysisDetail = 'diagnostics' | 'full';

export const DEFAULT_ANALYSIS_OPTIONS: AnalysisOptions = { maxOrder: 3 };

export interface Downtime {
  /** Seconds per year (365.25 d), month (year/12) and week. */
  year: number;
  month: number;
  week: number;
}

export interface LayerFigures {
  /** Qualified layer id. */
  name: string;
  site?: string;
  mode: LayerMode;
  kind: LayerKind;
  availability: number;
  /** The layer alone, with its failover windows and those inside its sites (spec section 3, revision 2). */
  unavailability: number;
  /** The layer alone with no failover windows. */
  structuralUnavailability: number;
  /** Members needed / members (active-active); 1 of n for active-passive. */
  k: number;
  n: number;
  /**
   * Active-active layers of nodes with unequal capacities: the requirement is a capacity, not a
   * count, and `k` is only the fewest members that could carry the load. The load to carry and
   * the summed capacity of all members.
   */
  requiredCapacity?: number;
  totalCapacity?: number;
  /** Active-active: still meets its requirement with any one member lost. */
  headroom: boolean;
  rtoSeconds: number;
  /** Infinity when unbounded (printed as null in JSON). */
  rpoSeconds: number;
  /** Active-passive: T_fo and its parts. */
  failoverSeconds?: number;
  detectionSeconds?: number;
  promotionSeconds?: number;
  /** Active-passive: f_p, failures per second of the primary (instance+zone+region, or site); per hour in JSON. */
  primaryFailuresPerSecond?: number;
  /**
   * Active-passive with a standby: what this layer's failover windows cost the system (spec
   * section 3, revision 2): Σ_e f_e × X_e with only this layer's windows open.
   */
  failover?: FailoverCost;
  /** Present (false) when this layer's figure hit a limit and is an upper bound on U. */
  exact?: boolean;
}

/** Seconds per year, split by the type of the element whose failure opened the window. */
export interface TriggerSplit {
  instance: number;
  zone: number;
  region: number;
  /** A deploy, a common-cause group or maintenance (docs/language.md "Common causes"). */
  commonCause: number;
}

/**
 * The system downtime that one active-passive layer's failover windows cause (spec section 3,
 * revision 2): for every element e, f_e × X_e computed with only this layer's windows open.
 * Windows opened in several layers by one failure are each counted here with the others closed,
 * so the layers' costs can add up to a little more than the system's `failoverUnavailability`.
 */
export interface FailoverCost {
  /** Expected system downtime per year, seconds. */
  secondsPerYear: number;
  /** The same as a probability: secondsPerYear / year. */
  unavailability: number;
  /** `secondsPerYear` split by what failed: an instance, a zone or a region. */
  byTrigger: TriggerSplit;
  /** Expected number of windows this layer opens per year (Σ_e f_e × P(a window opens | e fails)). */
  windowsPerYear: number;
}

export interface SiteFigures {
  name: string;
  availability: number;
  /** The site alone, with the failover windows inside it. */
  unavailability: number;
  /** The site alone with no failover windows. */
  structuralUnavailability: number;
  /** Birnbaum-weighted failure frequency (spec section 3), per second; per hour in JSON. */
  failuresPerSecond: number;
  rtoSeconds: number;
}

export interface Spof {
  element: string;
  type: ElementType;
  /** The layer of an instance SPOF, or of a common cause declared on a layer or node. */
  layer?: string;
}

/**
 * U split by what causes it (docs/language.md "Common causes"), summing to U: hardware is
 * U_struct with every common cause removed (instances, zones and regions failing on their own);
 * each next part is what adding one kind back adds to U_struct, in this order — common-cause
 * groups, deploys, maintenance —; the failover windows are U − U_struct.
 */
export interface DowntimeCauses {
  hardware: number;
  commonCause: number;
  deploys: number;
  maintenance: number;
  failoverWindows: number;
}

export interface CutSet {
  elements: string[];
  /** Product of the elements' unavailabilities. */
  probability: number;
}

export interface Importance {
  element: string;
  type: ElementType;
  /** P(down | e down) − P(down | e up). */
  birnbaum: number;
  /** True when the value is only a lower bound (a SPOF's, when U itself hit a limit). */
  bounded?: boolean;
}

/** The single change that buys the most. */
export interface Advice {
  /** e.g. 'add-replica', 'move-replica', 'warm-standby', 'add-standby'. */
  action: string;
  /** What to change, for a person: "Add a second load balancer in another zone (az2)". */
  summary: string;
  /** The element or layer it is about. */
  subject: string;
  /** The system's figures after the change. */
  unavailability: number;
  availability: number;
}

export interface ErrorBudget {
  windowSeconds: number;
  /** (1 − slo) × window. */
  budgetSeconds: number;
  /** Expected downtime in one window: U × window. */
  expectedDowntimeSeconds: number;
  /** expected / budget (over 1 means the design alone exceeds the budget). */
  spentFraction: number;
}

export interface SystemAnalysis {
  name: string;
  /** True when every figure is exact: no limit was hit anywhere (`limits` is empty). */
  exact: boolean;
  /**
   * Whether U itself (and so A, nines, downtime) is exact; it can be while a secondary figure
   * (a layer's U, importance, a site's frequency) hit a limit. Absent means the same as `exact`.
   */
  unavailabilityExact?: boolean;
  /** Limits hit, in words, when `exact` is false. */
  limits: string[];
  availability: number;
  /** U = U_struct + the failover windows' term (spec section 3, revision 2). */
  unavailability: number;
  /** U_struct: P(system down) with no failover windows (every active-passive layer up exactly when a member is). */
  structuralUnavailability: number;
  /** Σ_e f_e × X_e: what the failover windows add to U_struct (first order, spec section 3). */
  failoverUnavailability: number;
  /** U split by cause; the parts sum to `unavailability` (upper bounds of each when U is not exact). */
  causes: DowntimeCauses;
  /** With maintenance declared: U without it, what an objective that `excludes maintenance` is checked against (the upper bound when not exact). */
  unavailabilityExcludingMaintenance?: number;
  /** When that figure hit a work limit: its [lower, upper] bounds. */
  unavailabilityExcludingMaintenanceBounds?: [number, number];
  /** −log10(U); Infinity when U = 0. */
  nines: number;
  downtime: Downtime;
  errorBudget?: ErrorBudget;
  rtoSeconds: number;
  rpoSeconds: number;
  layers: LayerFigures[];
  sites: SiteFigures[];
  /** Cumulative availability after each top-level path layer: P(first i layers all up). */
  cumulative: {
    layer: string;
    availability: number;
    unavailability: number;
    /** False when the work limit left this prefix's U only bounded: `unavailability` is then an upper bound (absent when exact). */
    exact?: false;
  }[];
  spofs: Spof[];
  cutSets: CutSet[];
  importance: Importance[];
  advice?: Advice;
  /** When not exact: [lower, upper] bounds on U (`unavailability` is the upper one). */
  unavailabilityBounds?: [number, number];
  /** False when more cut sets exist than are listed, or their enumeration hit its work limit. */
  cutSetsComplete?: boolean;
  /** Diagnostics that need the maths: spof, slo-miss, sla-miss, … */
  diagnostics: Diagnostic[];
  /**
   * 'diagnostics' when computed with that detail: `importance` is empty, `advice` absent and
   * `cutSets` lists order 1 only (`cutSetsComplete` false). Absent for a full analysis.
   */
  detail?: 'diagnostics';
}
