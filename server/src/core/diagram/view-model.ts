/**
 * The diagram's view model: everything the webview (and `topo diagram`) draws. It is computed
 * in the core (`server/src/core/diagram/build.ts`) from the semantic model and the analysis;
 * the webview only lays it out and draws it, and never computes a figure. Plain data: it
 * crosses postMessage and is embedded as JSON in the standalone page.
 *
 * Invariants:
 * - Ids are qualified names (`east.app-1`, `east.db`, `dr.east`), unique within a system; the
 *   DOM contract of spec section 9 uses them (`data-node`, `data-layer`, `data-site`).
 * - Every display string (`label`, `tooltip`, headline lines) is already formatted by the core
 *   with the report's formatters, so the CLI, the report and the diagram print the same digits.
 * - Names are data, never markup: the renderer sets them as text only.
 * - A layer of too many instances to draw one box each (`DIAGRAM_LIMITS` in core/limits.ts)
 *   carries a `summary`: its instances as groups, one box per node and zone, with their count,
 *   their figures and their members' ids (compactly, as runs); every other layer is exactly as
 *   it would be without the limit.
 */
import type { Range } from '../../../../grammar/src/text';

export type Temperature = 'hot' | 'warm' | 'cold';

export interface DiagramView {
  /** Schema version, bumped when the shape changes. */
  version: 1;
  systems: SystemView[];
  /**
   * The document's journeys (docs/language.md, "Estates"), in source order: each drawn as its
   * composite (its steps, then one layer per service). Absent for a file without journeys.
   */
  journeys?: JourneyView[];
}

/**
 * A journey drawn as a system: its composite's layers and figures, named `SYSTEM/NAME` (just
 * `NAME` at file level); its headline is its own figures (the reports' `journeys` table).
 */
export interface JourneyView extends SystemView {
  journey: {
    /** Its name as declared (`checkout`). */
    name: string;
    /** The system it is declared in; null at file level. */
    system: string | null;
    /** Its steps as written (layers of its system, or services). */
    steps: string[];
    /** The services it depends on, hard, in path order. */
    services: string[];
    /**
     * The layer ids of its composite's path (its system's layers it names, then one per service):
     * what a highlight on its system's view marks, where the system draws them.
     */
    passesThrough: string[];
  };
}

export interface SystemView {
  name: string;
  range: Range;
  headline: HeadlineView;
  regions: DomainView[];
  zones: DomainView[];
  /** The system's top-level layers and path. */
  scope: ScopeView;
  /** Number of error diagnostics in the document (the figures may be missing because of them). */
  errorCount: number;
  /**
   * Present only for a system with dependencies (drawn from its composite: one layer per
   * service after its own): the services it depends on hard, in path order, its soft ones, and
   * the report's line about them (`depends on auth; soft dependencies: mailer (degraded …)`).
   */
  dependencies?: { hard: string[]; soft: string[]; label: string };
  /**
   * Present only when the system declares deploys, common-cause groups or maintenance
   * (docs/language.md "Common causes"): each one's id and the instances it takes down, so a
   * played-back timeline that fails `deploy app` marks what it covers.
   */
  commonCauses?: { id: string; instances: string[] }[];
}

/** The system's figures at a glance. */
export interface HeadlineView {
  /** False when errors left the model without figures. */
  analysed: boolean;
  availability: number | null;
  unavailability: number | null;
  nines: number | null;
  downtimeYearSeconds: number | null;
  /**
   * Present only when U is not exact (the analysis stopped at its work limit): [lower, upper]
   * bounds on U. `unavailability`, `availability`, `nines` and the downtime are then the upper
   * bound's, and the parts read as bounds.
   */
  unavailabilityBounds?: [number, number];
  /** The `slo` as a fraction, when given. */
  slo: number | null;
  /** Null when there is no slo or no figures, or when the bounds on U cannot settle it. */
  sloMet: boolean | null;
  sla: number | null;
  slaMet: boolean | null;
  /**
   * Formatted parts: "99.93885%", "3.21 nines", "5h 22m down a year", "SLO 99.95% missed"; when U
   * is a bound: "at least 99.98229%", "≥ 3.75 nines", "at most 1h 33m down a year", "SLO 99.99%
   * undetermined", "bounded: the analysis stopped at its work limit; U between … and …".
   */
  parts: string[];
}

/** A zone or a region. */
export interface DomainView {
  name: string;
  type: 'zone' | 'region';
  /** A zone's region. */
  region?: string;
  /** Null when declared without availability (never fails in the figures). */
  availability: number | null;
  spof: boolean;
  label: string;
  tooltip: string[];
  range: Range;
}

/** One level of layers: the system's top level, or the inside of a site. */
export interface ScopeView {
  /** Layer ids in request order. */
  path: string[];
  /** Every layer of the scope: the path first in request order, then the others in declaration order. */
  layers: LayerView[];
}

export interface LayerView {
  /** Qualified id: `db`, `east.db` (the `data-layer` value). */
  id: string;
  name: string;
  kind: string;
  mode: 'active-active' | 'active-passive';
  members: 'nodes' | 'sites';
  onPath: boolean;
  optional: boolean;
  /** Null when the system could not be analysed. */
  availability: number | null;
  /** "99.99%" (or "—" without figures). */
  label: string;
  /** "2 of 4", "active-passive", … */
  requirement: string;
  tooltip: string[];
  /** One box each; in a summarised layer, only the instances alone in their group. */
  instances: InstanceView[];
  /** Present only when the layer is drawn summarised. */
  summary?: LayerSummaryView;
  /**
   * Present only on the layer that stands for a service in a composite (a system's dependency,
   * a journey's step): `system` (its one site holds the service's layers) or `external` (one
   * instance). Every element of a service has the range of the `use` line (or journey step)
   * that brings it: its own declaration is in another file.
   */
  service?: 'system' | 'external';
  sites: SiteView[];
  /** Replication and takeover arrows, primary → standby. */
  replication: ReplicationView[];
  range: Range;
}

/** How a summarised layer is drawn: groups of instances instead of one box each. */
export interface LayerSummaryView {
  /** Every instance of the layer, drawn alone or in a group. */
  instanceCount: number;
  /** `node`: a group is one node's instances in one zone; `zone`: every instance of the layer in one zone (when per node it would still be too many boxes). */
  by: 'node' | 'zone';
  groups: InstanceGroupView[];
}

/**
 * Instances drawn as one box: `app ×33,334 (az1)`. Its figures are its members' (equal when they
 * are one node's, which share their figures), so the box says what each box would have said.
 */
export interface InstanceGroupView {
  /**
   * `LAYER/NODE@ZONE` (`app/app@az1`; NODE is `*` when grouped by zone alone, ZONE empty for
   * instances without one): no name can hold `/` or `@`, so it is never an element's id. The
   * `data-group` value.
   */
  id: string;
  /** `app ×33,334 (az1)`. */
  name: string;
  /** Qualified id of the node whose instances these are; absent when grouped by zone alone. */
  node?: string;
  zone?: string;
  region?: string;
  /** Number of instances in the group (more than one). */
  count: number;
  /** The members' ids, for playback to find a failed instance's group. */
  members: MemberIdsView;
  standby?: Temperature;
  /** Holds the active-passive layer's primary. */
  primary: boolean;
  /** Some member is a single point of failure. */
  spof: boolean;
  /** The lowest of its members' availabilities; null when the model could not give them one. */
  availability: number | null;
  /** `99.9% each`, or `99.9% to 99.99%` when the members differ. */
  label: string;
  tooltip: string[];
  /** The node's declaration (the layer's, when grouped by zone alone). */
  range: Range;
}

/**
 * A set of ids, compactly: `ids` one by one, and each run the ids `${prefix}${first}`,
 * `${prefix}${first + step}`, … (`count` of them, numbers written in plain decimal), so a zone's
 * share of `replicas 100000` (app-1, app-4, app-7, …) is one run.
 */
export interface MemberIdsView {
  ids: string[];
  runs: IdRunView[];
}

export interface IdRunView {
  prefix: string;
  first: number;
  step: number;
  count: number;
}

export interface ReplicationView {
  /** Instance, group or site id of the primary. */
  from: string;
  /** Instance, group or site id of the standby. */
  to: string;
  /** "async lag 2s", "sync", "backup every 1h", "none". */
  label: string;
}

export interface InstanceView {
  /** Qualified id (the `data-node` value). */
  id: string;
  name: string;
  /** Qualified id of the node that declared it. */
  node: string;
  zone?: string;
  region?: string;
  standby?: Temperature;
  /** The active-passive layer's primary. */
  primary: boolean;
  spof: boolean;
  /** Null when the model could not give it a figure. */
  availability: number | null;
  label: string;
  tooltip: string[];
  range: Range;
}

export interface SiteView {
  /** Qualified id (the `data-site` value). */
  id: string;
  name: string;
  /** Present only on a service of a composite: the site holding the service's layers. */
  service?: true;
  standby?: Temperature;
  primary: boolean;
  availability: number | null;
  label: string;
  tooltip: string[];
  scope: ScopeView;
  range: Range;
}
