/**
 * The abstract syntax tree of a `.topo` file (spec section 2).
 *
 * The AST records what was written, in source order, with a range on everything a tool
 * may point at. It does not interpret: no defaults, no units beyond normalising literals,
 * no duplicate checks. Meaning lives in the model (`server/src/core/model`).
 *
 * Invariant: the parser recovers from errors, so any node may be partial. A missing name
 * is `undefined`; lists hold only what parsed. Consumers must cope with both.
 */
import type { Diagnostic, Range } from './text';

/** A name as written: an identifier or a string (system and scenario names). */
export interface NameAst {
  text: string;
  range: Range;
  /** True when written as a "string". */
  quoted: boolean;
}

/** A reference to something declared elsewhere (zone, region, layer, element). */
export interface RefAst {
  name: string;
  range: Range;
}

/**
 * A literal, normalised:
 * - `percent`: `value` is the percentage as written (`99.95%` → 99.95);
 * - `duration`: `value` is in seconds (`2h` → 7200; `1y` → 31,557,600);
 * - `rate`: `value` in requests per second;
 * - `number`: the plain number (`integer` tells whether it was written without a fraction);
 * - `frequency` (an extension: common causes): `value` in events a week (`20/week` → 20,
 *   `3/day` → 21, `2/y` → 2·604,800/31,557,600); `integer` is about the number before the `/`.
 * `text` is the exact source text, for messages and formatting.
 */
export interface LiteralAst {
  kind: 'percent' | 'duration' | 'rate' | 'number' | 'frequency';
  value: number;
  integer: boolean;
  text: string;
  range: Range;
}

/** A keyword-valued argument such as `hot`, `active-passive`, `sync`, or a `kind` identifier. */
export interface WordAst {
  text: string;
  range: Range;
}

/**
 * One property line: `availability 99.9%`, `zones [a, b]`, `standby hot`,
 * `replication async lag 2s`, `health-check { … }`.
 *
 * `key` is the leading keyword. Which of the optional fields is set depends on the key:
 * - value:  availability mtbf mttr replicas capacity promote min load slo sla window rto rpo
 *           interval timeout unhealthy lag; `backup every D` (value = D)
 * - word:   kind (any identifier), mode (active-active|active-passive),
 *           standby (hot|warm|cold, optional), replication (sync|async)
 * - refs:   zone (one), zones (a list)
 * - lag:    replication async lag D
 * - body:   health-check, heartbeat (their interval/timeout/unhealthy lines)
 * - none:   optional, bare standby
 * Common causes (an extension, docs/language.md "Common causes"):
 * - value:  deploys (a frequency), change-failure (a percent), restore (a duration),
 *           common-cause (a percent, β)
 * - word + value: `rollout canary P` (word `canary`, value P); `rollout all-at-once` (word only)
 * - value + every: `maintenance D every T` (value D, every T)
 * - excludesRange: `slo P excludes maintenance` / `sla P excludes maintenance` (the range of the two words)
 */
export interface PropertyAst {
  key: PropertyKey;
  keyRange: Range;
  range: Range;
  value?: LiteralAst;
  word?: WordAst;
  refs?: RefAst[];
  lag?: LiteralAst;
  body?: PropertyAst[];
  /** `maintenance D every T`: T. */
  every?: LiteralAst;
  /** `slo P excludes maintenance`: the range of `excludes maintenance`. */
  excludesRange?: Range;
}

export type PropertyKey =
  | 'availability' | 'mtbf' | 'mttr'
  | 'zone' | 'zones' | 'replicas' | 'capacity' | 'standby' | 'promote'
  | 'kind' | 'mode' | 'min' | 'load' | 'optional'
  | 'health-check' | 'heartbeat' | 'interval' | 'timeout' | 'unhealthy'
  | 'replication' | 'backup'
  | 'slo' | 'sla' | 'window' | 'rto' | 'rpo'
  | 'deploys' | 'change-failure' | 'restore' | 'rollout' | 'maintenance' | 'common-cause';

export interface FileAst {
  systems: SystemAst[];
  /** `import "path.topo"` lines (an extension: estates, docs/language.md "Estates"), in source order. */
  imports: ImportAst[];
  /** `external NAME { … }` declarations at file level (an extension), in source order. */
  externals: ExternalAst[];
  /** `journey NAME { … }` at file level (an extension): their paths name services only. */
  journeys: JourneyAst[];
  range: Range;
}

/** `import "shared/auth.topo"`: the systems and externals of another file become usable here. */
export interface ImportAst {
  type: 'import';
  range: Range;
  keywordRange: Range;
  /** The path as written, unescaped; absent when the string is missing. */
  path?: { text: string; range: Range };
}

/** `external stripe { availability 99.99% }`: a dependency known only by its published figures. */
export interface ExternalAst {
  type: 'external';
  name?: NameAst;
  range: Range;
  keywordRange: Range;
  /** availability / mtbf / mttr lines, as in a zone's body. */
  props: PropertyAst[];
}

/** `use auth` or `use recommendations soft`, inside a system: a dependency on another service. */
export interface UseAst {
  type: 'use';
  range: Range;
  keywordRange: Range;
  /** The service used: a system (identifier or "string" name) or an external. */
  target?: NameAst;
  /** `soft`: the system is degraded, not down, while the dependency is down. */
  soft: boolean;
  softRange?: Range;
}

/**
 * `journey checkout { path web -> api -> payments  slo 99.95% }`: a named path through layers
 * of its system and services. Items in any order; the path's names may be identifiers or strings.
 */
export interface JourneyAst {
  type: 'journey';
  name?: NameAst;
  range: Range;
  keywordRange: Range;
  /** slo, sla, window, rto, rpo lines in source order. */
  objectives: PropertyAst[];
  /** `path` lines (one is expected; the model reports a second). */
  paths: PathAst[];
}

export interface SystemAst {
  type: 'system';
  name?: NameAst;
  range: Range;
  keywordRange: Range;
  /** slo, sla, window, rto, rpo lines in source order. */
  objectives: PropertyAst[];
  /** deploys, change-failure, restore, rollout, maintenance lines (common causes), in source order. */
  props: PropertyAst[];
  defaults: DefaultsAst[];
  regions: DomainAst[];
  zones: DomainAst[];
  layers: LayerAst[];
  paths: PathAst[];
  scenarios: ScenarioAst[];
  /** `use` lines (an extension: estates), in source order. */
  uses: UseAst[];
  /** Journeys declared in the system (an extension): their paths name its layers and services. */
  journeys: JourneyAst[];
}

export interface DefaultsAst {
  type: 'defaults';
  range: Range;
  keywordRange: Range;
  props: PropertyAst[];
}

/** `region NAME { … }` or `zone NAME [in REGION] { … }`. */
export interface DomainAst {
  type: 'region' | 'zone';
  name?: NameAst;
  /** `zone z in r`: the region. */
  region?: RefAst;
  range: Range;
  keywordRange: Range;
  /** availability / mtbf / mttr lines; empty when there is no body. */
  props: PropertyAst[];
}

export interface LayerAst {
  type: 'layer';
  name?: NameAst;
  range: Range;
  keywordRange: Range;
  props: PropertyAst[];
  /** Nodes and sites in declaration order (the model rejects a mix). */
  members: (NodeAst | SiteAst)[];
}

export interface NodeAst {
  type: 'node';
  name?: NameAst;
  range: Range;
  keywordRange: Range;
  props: PropertyAst[];
  /** True when the node had a `{ … }` block (for formatting and quick fixes). */
  hasBody: boolean;
}

export interface SiteAst {
  type: 'site';
  name?: NameAst;
  range: Range;
  keywordRange: Range;
  /** standby / promote lines, and the common causes' deploys, change-failure, restore, rollout, maintenance. */
  props: PropertyAst[];
  layers: LayerAst[];
  paths: PathAst[];
}

/** `path a -> b -> c`. */
export interface PathAst {
  type: 'path';
  range: Range;
  keywordRange: Range;
  layers: RefAst[];
}

export interface ScenarioAst {
  type: 'scenario';
  name?: NameAst;
  range: Range;
  keywordRange: Range;
  fails: FailAst[];
}

/**
 * `fail X [at T]`, or a common cause (an extension): `fail deploy [X] [at T]`,
 * `fail maintenance [X] [at T]`, `fail common-cause X [at T]` — X a layer, a site or (for
 * common-cause) a node; no X is the system's own deploy or maintenance.
 */
export interface FailAst {
  range: Range;
  keywordRange: Range;
  /** Set for a common cause: its kind and the keyword's range. */
  cause?: { kind: 'deploy' | 'maintenance' | 'common-cause'; range: Range };
  target?: RefAst;
  at?: LiteralAst;
}

/** A lexical token, kept for semantic highlighting, formatting and completion. */
export interface TokenInfo {
  /** Token type name: 'Keyword', 'Identifier', 'String', 'Percent', 'Duration', 'Rate', 'Number', 'LBrace', … */
  type: string;
  /** True for reserved words of spec section 1. */
  keyword: boolean;
  image: string;
  range: Range;
  /** UTF-16 offsets into the text, end exclusive. */
  startOffset: number;
  endOffset: number;
}

export interface CommentInfo {
  text: string;
  range: Range;
  startOffset: number;
  endOffset: number;
}

/** What `parse` returns: never throws; a partial AST plus one `syntax` diagnostic per mistake. */
export interface ParseResult {
  ast: FileAst;
  tokens: TokenInfo[];
  comments: CommentInfo[];
  diagnostics: Diagnostic[];
}
