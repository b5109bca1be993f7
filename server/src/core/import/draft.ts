/**
 * The draft model every importer fills (Compose, and next Kubernetes and Terraform), and that
 * `emit.ts` writes as a `.topo` file. It is the language's model in the importer's words: a
 * system of zones and layers in path order, each item with the source location it came from and
 * notes saying what the importer inferred or could not know. Names are the source's (a service
 * name, a Deployment's name); `emit.ts` makes them Topo identifiers.
 */
import type { SourceLocation } from './tree';

/** Which importer made the draft. */
export type DraftSourceKind = 'compose' | 'k8s' | 'terraform';

/**
 * An availability figure and where it comes from: a catalogue entry (`catalogue.ts`), always
 * marked assumed in the output, or a figure the source itself states (then not assumed).
 */
export interface DraftAvailability {
  percent: number;
  assumed: boolean;
  /** The catalogue entry the figure comes from, when it does. */
  catalogueId?: string;
}

export interface DraftZone {
  name: string;
  region?: string;
  /** Absent: the zone never fails in the figures (A = 1) but still counts structurally. */
  availability?: DraftAvailability;
  location?: SourceLocation;
  notes: string[];
}

export interface DraftRegion {
  name: string;
  availability?: DraftAvailability;
  location?: SourceLocation;
  notes: string[];
}

export interface DraftHealthCheck {
  intervalSeconds: number;
  timeoutSeconds?: number;
  /** Consecutive failed checks before the member counts as down. */
  unhealthy?: number;
}

export type DraftReplication = { mode: 'sync' } | { mode: 'async'; lagSeconds?: number };

export interface DraftNode {
  name: string;
  availability: DraftAvailability;
  /** Instances of the node (1: a single instance). */
  replicas: number;
  /** Zones the replicas are spread over, round robin (spec section 3); empty: none. */
  zones: string[];
  standby?: 'hot' | 'warm' | 'cold';
  capacity?: number;
  location: SourceLocation;
  notes: string[];
}

export interface DraftLayer {
  /** The source's name for it (a Compose service, a Deployment). */
  name: string;
  /** One of the language's kinds (`database`, `cache`, …); absent: inferred from the name. */
  kind?: 'dns' | 'load-balancer' | 'app' | 'database' | 'cache' | 'storage' | 'queue' | 'other';
  mode?: 'active-active' | 'active-passive';
  /** Members an active-active layer needs up (default 1). */
  min?: number;
  load?: number;
  nodes: DraftNode[];
  healthCheck?: DraftHealthCheck;
  replication?: DraftReplication;
  /** Not on the request path: written `optional`, its own figures still reported. */
  optional?: boolean;
  /**
   * A provider's managed service (a database, cache, load balancer or DNS of Terraform), one node
   * at its published SLA: its redundancy and health checking are the provider's, inside that figure.
   */
  managed?: boolean;
  location: SourceLocation;
  notes: string[];
}

export interface DraftSystem {
  name: string;
  regions: DraftRegion[];
  zones: DraftZone[];
  layers: DraftLayer[];
  /** Layer names (the source's) in request order; empty: every layer not optional, in order. */
  path: string[];
  location?: SourceLocation;
  notes: string[];
}

/** Something of the source the importer did not model, with why. */
export interface DraftSkipped {
  what: string;
  reason: string;
  location: SourceLocation;
}

/** Input the importer cannot read as meant: the draft is incomplete and the import fails. */
export interface DraftError {
  message: string;
  location: SourceLocation;
}

export interface ImportDraft {
  source: DraftSourceKind;
  /** The files read, as the person named them. */
  files: string[];
  systems: DraftSystem[];
  skipped: DraftSkipped[];
  errors: DraftError[];
}
