/** The language's reserved words (spec section 1) and which of them may appear in which block. */

export const KEYWORDS: ReadonlySet<string> = new Set(
  `system defaults region zone in layer kind mode min load optional promote
  health-check heartbeat interval timeout unhealthy replication sync async lag backup every node site
  availability mtbf mttr zones replicas capacity standby hot warm cold path scenario fail at slo sla
  window rto rpo active-active active-passive`.split(/\s+/),
);

/** The blocks a cursor can be in; `file` is outside every system. */
export type BlockKind = 'file' | 'system' | 'defaults' | 'domain' | 'layer' | 'node' | 'site' | 'health-check' | 'heartbeat' | 'scenario';

/** The keywords that begin an item in each block. */
export const ITEM_KEYWORDS: Record<BlockKind, readonly string[]> = {
  file: ['system'],
  system: ['slo', 'sla', 'window', 'rto', 'rpo', 'defaults', 'region', 'zone', 'layer', 'path', 'scenario'],
  defaults: ['availability', 'mtbf', 'mttr', 'zone', 'zones', 'replicas', 'capacity', 'standby', 'promote'],
  domain: ['availability', 'mtbf', 'mttr'],
  layer: ['kind', 'mode', 'min', 'load', 'optional', 'promote', 'health-check', 'heartbeat', 'replication', 'backup', 'node', 'site'],
  node: ['availability', 'mtbf', 'mttr', 'zone', 'zones', 'replicas', 'capacity', 'standby', 'promote'],
  site: ['layer', 'path', 'standby', 'promote'],
  'health-check': ['interval', 'timeout', 'unhealthy'],
  heartbeat: ['interval', 'timeout'],
  scenario: ['fail'],
};

/** Keywords that open a `{ … }` block, and the block they open. */
export const BLOCK_OPENERS: Readonly<Record<string, BlockKind>> = {
  system: 'system', defaults: 'defaults', region: 'domain', zone: 'domain', layer: 'layer', node: 'node',
  site: 'site', 'health-check': 'health-check', heartbeat: 'heartbeat', scenario: 'scenario',
};

/** Every keyword that can begin an item somewhere (used to find item boundaries in a token stream). */
export const ITEM_START: ReadonlySet<string> = new Set(Object.values(ITEM_KEYWORDS).flat());

/** Keys whose value is a percent, a duration, or a number/rate (units to offer after a number). */
export const PERCENT_KEYS: ReadonlySet<string> = new Set(['availability', 'slo', 'sla']);
export const DURATION_KEYS: ReadonlySet<string> = new Set(['mtbf', 'mttr', 'promote', 'interval', 'timeout', 'lag', 'every', 'window', 'rto', 'rpo', 'at']);
export const RATE_KEYS: ReadonlySet<string> = new Set(['load', 'capacity']);

/** Short explanations for keyword hovers and completion details. */
export const KEYWORD_DOCS: Readonly<Record<string, string>> = {
  system: 'A system: its layers, where they run, its objectives.',
  defaults: 'Node properties used where a node does not give its own (e.g. `mttr`).',
  region: 'A region: an element that takes down every zone declared `in` it.',
  zone: 'A zone (failure domain), or the zone a node runs in.',
  zones: 'Zones the replicas are spread over, round robin.',
  layer: 'A layer a request passes through; its members are nodes or sites.',
  node: 'A node; with `replicas N` it stands for N instances.',
  site: 'A whole stack (its own layers and path) standing in for one member of a layer.',
  path: 'The layers a request passes through, in order.',
  scenario: 'A failure scenario to simulate.',
  fail: 'An element that fails in the scenario (`at` a time, default 0).',
  availability: 'Steady-state availability, a percent.',
  mtbf: 'Mean time between failures.',
  mttr: 'Mean time to repair (default from `defaults`, else 1h).',
  replicas: 'Number of instances this node stands for.',
  capacity: 'What one instance carries (same unit as the layer\'s `load`).',
  load: 'What the layer must carry: at least this much capacity up.',
  min: 'At least this many members up (default 1).',
  mode: '`active-active` or `active-passive` (default: active-passive when a node is a standby).',
  standby: 'A standby member: `hot` (5s), `warm` (60s, the default) or `cold` (30m) promotion.',
  promote: 'Time to promote a standby once the failure is detected. Detection + promotion is T_fo, the length of a failover window: the layer is down while it runs.',
  'health-check': 'Detection by health check: `interval × unhealthy` (unhealthy defaults to 3).',
  heartbeat: 'Detection by heartbeat: its `timeout`.',
  replication: '`sync` (RPO 0) or `async lag D` (RPO = lag, default 1s).',
  backup: '`backup every D`: RPO = D.',
  optional: 'A layer not on the default path.',
  kind: 'What the layer is: dns, load-balancer, app, database, cache, storage, queue, other.',
  slo: 'The internal availability target.',
  sla: 'The availability promised to customers.',
  window: 'The error-budget window (default 30d).',
  rto: 'Recovery time objective: the longest acceptable outage.',
  rpo: 'Recovery point objective: the most data one may lose.',
};
