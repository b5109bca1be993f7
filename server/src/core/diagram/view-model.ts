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
 */
import type { Range } from '../../../../grammar/src/text';

export type Temperature = 'hot' | 'warm' | 'cold';

export interface DiagramView {
  /** Schema version, bumped when the shape changes. */
  version: 1;
  systems: SystemView[];
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
}

/** The system's figures at a glance. */
export interface HeadlineView {
  /** False when errors left the model without figures. */
  analysed: boolean;
  availability: number | null;
  unavailability: number | null;
  nines: number | null;
  downtimeYearSeconds: number | null;
  /** The `slo` as a fraction, when given. */
  slo: number | null;
  /** Null when there is no slo or no figures. */
  sloMet: boolean | null;
  sla: number | null;
  slaMet: boolean | null;
  /** Formatted parts: "99.93885%", "3.21 nines", "5h 22m down a year", "SLO 99.95% missed". */
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
  instances: InstanceView[];
  sites: SiteView[];
  /** Replication and takeover arrows, primary → standby. */
  replication: ReplicationView[];
  range: Range;
}

export interface ReplicationView {
  /** Instance or site id of the primary. */
  from: string;
  /** Instance or site id of the standby. */
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
  standby?: Temperature;
  primary: boolean;
  availability: number | null;
  label: string;
  tooltip: string[];
  scope: ScopeView;
  range: Range;
}
