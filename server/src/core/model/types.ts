/**
 * The semantic model (spec section 3): what a `.topo` system *means*, independent of how it
 * was written. Built from the AST by `buildModel`; consumed by analysis, simulation, the
 * language server and the diagram.
 *
 * Invariants:
 * - Everything is referenced by id (qualified name), never by object pointer, so a model is
 *   plain data: it can be serialised, compared in tests and sent to a webview.
 * - Qualified names join enclosing site names and the local name with dots: `east.app-1`,
 *   `east.db` (a layer), `dr.east` (a site inside site `dr`). Top-level things have no prefix.
 * - Probabilities are carried as unavailability where precision matters; `availability`
 *   is kept beside it for display only.
 * - A model with errors is still a model: what could be resolved is present and
 *   `analysable` says whether figures can be computed from it.
 */
import type { Diagnostic, Range } from '../../../../grammar/src/text';

export type LayerMode = 'active-active' | 'active-passive';
export type LayerKind = 'dns' | 'load-balancer' | 'app' | 'database' | 'cache' | 'storage' | 'queue' | 'other';
export type Temperature = 'hot' | 'warm' | 'cold';
/** The common causes (docs/language.md "Common causes"): one event that takes several instances down at once. */
export type CommonCauseKind = 'deploy' | 'common-cause' | 'maintenance';
export type ElementType = 'instance' | 'zone' | 'region' | CommonCauseKind;

/** Reliability figures of one element (instance, zone or region). */
export interface ElementFigures {
  /** A, for display. */
  availability: number;
  /** U = 1 − A, computed directly from the source (e.g. (100 − P)/100, or MTTR/(MTBF+MTTR)). */
  unavailability: number;
  mttrSeconds: number;
  /** MTBF = MTTR·A/U; Infinity when U = 0. */
  mtbfSeconds: number;
  /** f = U / MTTR, failures per second. */
  failuresPerSecond: number;
}

/** A zone or a region. */
export interface DomainModel extends ElementFigures {
  type: 'zone' | 'region';
  name: string;
  /** For a zone declared `in` a region. */
  region?: string;
  /** False when no availability/mtbf was given: the domain never fails in the figures (A = 1). */
  hasAvailability: boolean;
  range: Range;
  nameRange: Range;
}

/** One instance: a node, or one of its replicas (`app-1` … `app-N`). */
export interface InstanceModel extends ElementFigures {
  /** Qualified name, unique in the system: `app-2`, `east.db-primary`. */
  id: string;
  /** Local name: `app-2`. */
  name: string;
  /** Qualified name of the node that declared it. */
  node: string;
  /** Qualified name of its layer. */
  layer: string;
  /** Qualified name of the innermost enclosing site, if any. */
  site?: string;
  /** 1-based index among its node's replicas (1 for a single instance). */
  index: number;
  zone?: string;
  /** The region of its zone (`zone z in r`), if any. */
  region?: string;
  /** Capacity in the layer's load unit (rps or plain number). */
  capacity?: number;
  /** Set when the node is a standby; bare `standby` means warm. */
  standby?: Temperature;
  /** The node's own `promote`, in seconds. */
  promoteSeconds?: number;
  /** The node declaration (all replicas share it). */
  range: Range;
  nameRange: Range;
  /**
   * Its own, independent failures, when a `common-cause` group (beta factor) takes a share of
   * them: U_own = (U − U_c)/(1 − U_c), so that it alone is still down with its written U. Absent
   * otherwise (its own failures are all of them). Every engine takes `own ?? instance`.
   */
  own?: ElementFigures;
  /** The id of the `common-cause` group it belongs to, if any. */
  commonCause?: string;
}

/** `deploys F change-failure P restore R [rollout …]`: what a deploy element is made of. */
export interface DeployModel {
  /** Deploys a week. */
  perWeek: number;
  /** Change failure rate, a fraction (0.05). */
  changeFailure: number;
  restoreSeconds: number;
  rollout: 'all-at-once' | 'canary';
  /** `rollout canary P`: the share exposed, a fraction. */
  canaryShare?: number;
}

/**
 * A common-cause element (an extension, docs/language.md "Common causes"): an element like an
 * instance or a zone — up or down, independent of every other element — whose failure takes
 * down every instance it covers. Its figures: a deploy fails f = deploys × change-failure a
 * week and stays down `restore` (U = f·R); a `common-cause β` group fails with β of its member's
 * failure frequency and its MTTR (U = β·U_member); maintenance is down D every T (U = D/T).
 */
export interface CommonCauseModel extends ElementFigures {
  /**
   * Element id, unique in the system and never an identifier (it has a space, or is a bare
   * keyword): `deploy app`, `deploy east.app`, `deploy east` (a site), `deploy` (the system),
   * `common-cause app` (a layer or a node), `maintenance db`, `maintenance`.
   */
  id: string;
  kind: CommonCauseKind;
  /** Where it is declared. */
  scope: 'system' | 'site' | 'layer' | 'node';
  /** Qualified id of that site, layer or node; '' for the system. */
  scopeId: string;
  /** Layer and node scopes: the qualified id of the layer. */
  layer?: string;
  /** The instances it takes down, qualified ids, in declaration order. */
  instances: string[];
  /**
   * True when it covers every instance of its scope (a layer, a site, the system): it is then in
   * series with that scope. False for a canary share or a node's group in a layer of several
   * nodes (always an active-active layer of nodes).
   */
  series: boolean;
  deploy?: DeployModel;
  /** `common-cause β`: β, a fraction. */
  beta?: number;
  maintenance?: { durationSeconds: number; everySeconds: number };
  /** The declaring item (the `deploys`, `common-cause` or `maintenance` line). */
  range: Range;
  /** Its keyword. */
  nameRange: Range;
}

export interface NodeModel {
  /** Qualified name. */
  id: string;
  name: string;
  layer: string;
  /** Instance ids, in order. */
  instances: string[];
  /** The zones its replicas are spread over, round robin, as declared (or from defaults); absent when none. */
  zones?: string[];
  standby?: Temperature;
  range: Range;
  nameRange: Range;
}

/** How an active-passive layer fails over: T_fo = detection + promotion. */
export interface FailoverModel {
  detectionSeconds: number;
  /** Where detection comes from; `manual` is the 5-minute fallback (warning `no-health-check`). */
  detectionSource: 'health-check' | 'heartbeat' | 'manual';
  promotionSeconds: number;
  promotionSource: 'standby' | 'layer' | 'defaults' | 'temperature';
  /** The layer's `promote`, else the defaults', whatever the first standby declares: what a later standby without its own `promote` takes (scenarios time each promotion by the member promoted). */
  sharedPromotionSeconds?: number;
  /** T_fo in seconds: the first standby's (what the layer's hover and RTO quote). */
  failoverSeconds: number;
  /**
   * T_fo(j) of every standby j, in `LayerModel.standbys` order (spec section 3, revision 2: a
   * window lasts the T_fo of the standby promoted): detection + j's own `promote`, else the
   * layer's or the defaults', else j's temperature.
   */
  standbyFailoverSeconds: number[];
}

export interface ReplicationModel {
  mode: 'sync' | 'async' | 'backup' | 'none';
  /** 0 for sync, the lag for async (default 1 s), the interval for backup, Infinity for none. */
  rpoSeconds: number;
}

/** What an active-active layer needs to be up. */
export interface RequirementModel {
  /** At least this many effectively-up members (default 1). */
  min: number;
  /** When set: the summed capacity of up members must reach it (node layers only). */
  load?: number;
  /**
   * With equal capacities (or no load): the member count needed, max(min, ⌈load/c⌉).
   * Undefined when capacities differ (then both min and load must be checked).
   */
  k?: number;
}

export interface LayerModel {
  /** Qualified name: `db`, `east.db`. */
  id: string;
  name: string;
  /** Qualified name of the enclosing site, if any. */
  site?: string;
  kind: LayerKind;
  mode: LayerMode;
  members: 'nodes' | 'sites';
  nodes: NodeModel[];
  /** Instance ids in declaration order (node layers). */
  instances: string[];
  /** Site ids in declaration order (site layers). */
  sites: string[];
  /** Active-active requirement (also filled for active-passive: min 1). */
  requirement: RequirementModel;
  /** Active-passive: the primary instance or site id. */
  primary?: string;
  /** Active-passive: standby instance or site ids, in takeover order. */
  standbys: string[];
  /** Active-passive only. */
  failover?: FailoverModel;
  replication: ReplicationModel;
  optional: boolean;
  /**
   * How long until a dead member is noticed, for every layer (active-active layers need it in
   * simulations: requests to a dead instance fail until it is detected). Same rule as
   * `failover.detectionSeconds`. Filled by the model stage.
   */
  detectionSeconds?: number;
  detectionSource?: FailoverModel['detectionSource'];
  /**
   * Active-passive: the layer's `promote`, else the defaults' (sites: the layer's only), recorded
   * whether or not it has a standby yet — what a standby without its own `promote` would take.
   */
  promote?: { seconds: number; source: 'layer' | 'defaults' };
  /** True when the layer is on its scope's path. */
  onPath: boolean;
  range: Range;
  nameRange: Range;
}

/** A site: a whole stack standing in for one member of a layer of sites. */
export interface SiteModel {
  /** Qualified name: `east`, `dr.east`. */
  id: string;
  name: string;
  /** Qualified name of the layer it is a member of. */
  parentLayer: string;
  /** Qualified name of the enclosing site, if nested. */
  site?: string;
  /** Qualified ids of its layers, in declaration order. */
  layers: string[];
  /** Its path (qualified layer ids), in request order. */
  path: string[];
  standby?: Temperature;
  promoteSeconds?: number;
  range: Range;
  nameRange: Range;
}

export interface Objective {
  /** slo/sla: a fraction (0.9995); window/rto/rpo: seconds. */
  value: number;
  /** slo/sla only: 1 − value, exact from the written digits (for error budgets). */
  unavailability?: number;
  /** slo/sla only: `excludes maintenance` — checked against U without the maintenance elements. */
  excludesMaintenance?: boolean;
  range: Range;
}

export interface ScenarioFailureModel {
  /** As written: a node, instance, site, zone or region name (qualified inside sites). */
  target: string;
  /** What `target` resolved to; absent when it is unknown (then `unknown-reference` was reported). A common cause's target is its id (`deploy app`). */
  targetType?: 'node' | 'instance' | 'site' | 'zone' | 'region' | CommonCauseKind;
  atSeconds: number;
  range: Range;
}

export interface ScenarioModel {
  name: string;
  range: Range;
  nameRange: Range;
  failures: ScenarioFailureModel[];
}

/** The objectives of a system or a journey: `slo`, `sla`, `window`, `rto`, `rpo`. */
export interface ObjectivesModel {
  slo?: Objective;
  sla?: Objective;
  /** The error-budget window; defaults to 30 days. */
  windowSeconds: number;
  window?: Objective;
  rto?: Objective;
  rpo?: Objective;
}

export interface SystemModel extends ObjectivesModel {
  name: string;
  range: Range;
  nameRange: Range;
  regions: DomainModel[];
  zones: DomainModel[];
  /** Every layer, including those inside sites, in declaration order (outer before inner). */
  layers: LayerModel[];
  sites: SiteModel[];
  nodes: NodeModel[];
  instances: InstanceModel[];
  /** Deploys, common-cause groups and maintenance, in declaration order (empty when none). */
  commonCauses: CommonCauseModel[];
  /** The top-level path: qualified layer ids in request order. */
  path: string[];
  scenarios: ScenarioModel[];
  /** False when an error leaves the figures meaningless (missing availability, unsatisfiable, …). */
  analysable: boolean;
  /** Its `use` lines (an extension: estates). */
  uses: UseModel[];
  /** The journeys declared in it. */
  journeys: JourneyModel[];
  /**
   * Set on the composite system the estate stage builds for a system with dependencies or for a
   * journey (`core/estate/compose.ts`): what it stands for, and the ids of the layers, nodes,
   * instances, sites and domains that came from other services (their diagnostics belong to
   * those services and are not reported again here).
   */
  composite?: { kind: 'system' | 'journey'; foreign: ReadonlySet<string> };
}

/** `use S [soft]` in a system (an extension: estates, docs/language.md "Estates"). */
export interface UseModel {
  /** The service's name as written: a system of the estate or an external. */
  target: string;
  soft: boolean;
  /** The whole `use` line. */
  range: Range;
  /** The service's name in it. */
  targetRange: Range;
}

/** `external NAME { availability … }`: one element known by its published figures. */
export interface ExternalModel extends ElementFigures {
  name: string;
  /** False when no availability/mtbf was given (`missing-availability` was reported). */
  hasAvailability: boolean;
  range: Range;
  nameRange: Range;
}

/** One step of a journey's path: a layer of its system or a service. */
export interface JourneyStep {
  name: string;
  range: Range;
}

/** `journey NAME { path … slo … }` (an extension: estates). */
export interface JourneyModel extends ObjectivesModel {
  name: string;
  /** The system it is declared in; absent at file level (then its steps are services only). */
  system?: string;
  range: Range;
  nameRange: Range;
  path: JourneyStep[];
  /** False when an error (an empty path) leaves it without figures. */
  analysable: boolean;
}

/** `import "path"` at file level. */
export interface ImportModel {
  path: string;
  range: Range;
  pathRange: Range;
}

export interface ModelResult {
  systems: SystemModel[];
  diagnostics: Diagnostic[];
  /** Externals declared in the file (an extension: estates). */
  externals: ExternalModel[];
  /** Journeys declared at file level. */
  journeys: JourneyModel[];
  imports: ImportModel[];
}
