/**
 * What the builders of one system share while they walk its AST: the diagnostics, the
 * resolved `defaults`, zones and regions, the name registries and the model being filled.
 */
import type { LiteralAst } from '../../../../grammar/src/ast';
import type { ModelDiagnostics } from './diagnostics';
import type { NameRegistry } from './names';
import type { buildScope } from './scope';
import type { DomainModel, InstanceModel, LayerModel, NodeModel, SiteModel } from './types';

/**
 * Most instances one file may expand to, all its systems together (a budget per system would
 * let a file of many small systems each claiming a million replicas exhaust memory). Replicas
 * are expanded into one object each, so the count bounds memory: measured ~220–270 bytes per
 * instance, so 1,000,000 instances take about 220 MB and 2–3 s to build; a `replicas 10^12`
 * is refused (`limit`) before anything is allocated.
 */
export const MAX_INSTANCES = 1_000_000;

/** `defaults { … }` after validation: what a node that does not say otherwise gets. */
export interface NodeDefaults {
  percent?: LiteralAst;
  mtbfSeconds?: number;
  mttrSeconds?: number;
  capacity?: number;
  promoteSeconds?: number;
  /** Resolved zone names (`zone a` → [a]; `zones [a, b]` → [a, b]). */
  zones?: string[];
}

/** Where a declaration lives: the system's top level, or inside a site. */
export interface Scope {
  /** Prepended to local names: '' at top level, 'east.' inside site `east`. */
  prefix: string;
  /** Qualified id of the innermost enclosing site. */
  site?: string;
}

/** Instances expanded so far in the file, shared by its systems. */
export interface InstanceBudget {
  used: number;
}

export interface BuildContext {
  diags: ModelDiagnostics;
  budget: InstanceBudget;
  defaults: NodeDefaults;
  zones: Map<string, DomainModel>;
  regions: Map<string, DomainModel>;
  /** Qualified names of nodes (and their instances), sites, zones and regions. */
  elements: NameRegistry;
  /** Local site names, unique in the system (spec section 3). */
  siteNames: NameRegistry;
  layers: LayerModel[];
  sites: SiteModel[];
  nodes: NodeModel[];
  instances: InstanceModel[];
  /**
   * Builds a site's layers and path. Sites are scopes inside layers inside scopes: passing the
   * builder here (build.ts sets it) keeps the modules acyclic, scope → layers → sites.
   */
  buildScope: typeof buildScope;
}

export const TOP_SCOPE: Scope = { prefix: '' };
