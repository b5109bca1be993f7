/**
 * The language's reserved words (spec section 1), its contextual keywords (the estates
 * extension: `import`, `external`, `use`, `soft`, `journey`, keywords only where they start an
 * item) and which of them may appear in which block, as
 * the editor features see them: derived from the grammar's own tables (its keywords, the items of
 * each block rule, the kind of value each key takes), so the two cannot drift apart. The hover
 * texts below are the editor's own.
 */
import { ITEMS } from '../../../../grammar/src/block-items';
import { CONTEXTUAL_KEYWORDS as GRAMMAR_CONTEXTUAL, KEYWORDS as GRAMMAR_KEYWORDS } from '../../../../grammar/src/tokens';
import { VALUE_KIND_AFTER, type ValueKind } from '../../../../grammar/src/value-kinds';

/** The reserved words: never a name (rename refuses them). */
export const KEYWORDS: ReadonlySet<string> = new Set(GRAMMAR_KEYWORDS);
/** Keywords only where they start an item; names everywhere else. */
export const CONTEXTUAL_KEYWORDS: ReadonlySet<string> = new Set(GRAMMAR_CONTEXTUAL);

/** The blocks a cursor can be in; `file` is outside every system. */
export type BlockKind = 'file' | 'system' | 'defaults' | 'domain' | 'layer' | 'node' | 'site' | 'health-check' | 'heartbeat' | 'scenario' | 'journey';

/** The grammar rule of each block. */
const RULE_OF: Readonly<Record<BlockKind, string>> = {
  file: 'file', system: 'system', defaults: 'defaults', domain: 'domainBody', layer: 'layer', node: 'node',
  site: 'site', 'health-check': 'healthCheck', heartbeat: 'heartbeat', scenario: 'scenario', journey: 'journey',
};

/** The keywords that begin an item in each block. */
export const ITEM_KEYWORDS = Object.fromEntries(
  (Object.keys(RULE_OF) as BlockKind[]).map((block) => [block, ITEMS[RULE_OF[block]] ?? []]),
) as Readonly<Record<BlockKind, readonly string[]>>;

/** Keywords that open a `{ … }` block, and the block they open. */
export const BLOCK_OPENERS: Readonly<Record<string, BlockKind>> = {
  system: 'system', defaults: 'defaults', region: 'domain', zone: 'domain', layer: 'layer', node: 'node',
  site: 'site', 'health-check': 'health-check', heartbeat: 'heartbeat', scenario: 'scenario',
  external: 'domain', journey: 'journey',
};

/** Every keyword that can begin an item somewhere (used to find item boundaries in a token stream). */
export const ITEM_START: ReadonlySet<string> = new Set(Object.values(ITEM_KEYWORDS).flat());

const keysTaking = (kind: ValueKind): ReadonlySet<string> => new Set(Object.keys(VALUE_KIND_AFTER).filter((k) => VALUE_KIND_AFTER[k] === kind));

/** Keys whose value is a percent, a duration, or a number/rate (units to offer after a number). */
export const PERCENT_KEYS = keysTaking('percent');
export const DURATION_KEYS = keysTaking('duration');
export const RATE_KEYS = keysTaking('amount');
/** Keys whose value is a frequency (`deploys 20/week`). */
export const FREQUENCY_KEYS = keysTaking('frequency');

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
  in: '`zone z in r`: the zone lies in region `r`, and is down whenever `r` is.',
  interval: 'How often the health check or heartbeat runs.',
  timeout: 'Heartbeat: how long without a beat before the member is declared dead (the detection time).',
  unhealthy: 'Health check: failed checks in a row before the member is declared dead (default 3).',
  sync: '`replication sync`: nothing written is lost in a failover (RPO 0).',
  async: '`replication async lag D`: a failover loses up to the lag (RPO = D, default 1s).',
  lag: 'How far an async replica trails the primary: the data a failover can lose.',
  every: '`backup every D`: a failover restores from a backup up to D old (RPO = D).',
  hot: 'A hot standby: promoted in 5s (unless `promote` says otherwise).',
  warm: 'A warm standby: promoted in 60s (unless `promote` says otherwise); a bare `standby` is warm.',
  cold: 'A cold standby: promoted in 30m (unless `promote` says otherwise).',
  at: '`fail X at T`: when the element fails in the scenario (default 0).',
  'active-active': 'Every member serves; the layer is up while at least `min` members (and `load`) are.',
  'active-passive': 'One primary serves; when it fails a standby takes over after a failover window of detection + promotion.',
  // Common causes (an extension, docs/language.md "Common causes").
  deploys: '`deploys 20/week change-failure 5% restore 30m`: deploys as a common cause; a bad one (change-failure of them) takes down everything it rolls out to until restored. U = deploys × change-failure × restore.',
  deploy: '`fail deploy [X]`: a bad deploy of layer or site X (none: the system\'s) in a scenario.',
  'change-failure': 'The share of deploys that fail and must be undone (DORA\'s change failure rate).',
  restore: 'How long a failed deploy keeps what it rolled out to down (DORA\'s time to restore).',
  rollout: '`rollout canary P`: a deploy reaches the first P of an active-active layer\'s instances; `rollout all-at-once` (the default): all of them.',
  canary: '`rollout canary P`: a deploy takes down at most the first max(1, ⌈P·n⌉) instances of the layer.',
  'all-at-once': '`rollout all-at-once` (the default): a bad deploy takes down everything in its scope.',
  'common-cause': '`common-cause β`: the beta factor — a share β of the members\' failures hit them all at once (U_c = β × the smallest U of the group).',
  maintenance: '`maintenance D every T`: planned downtime of everything in the scope, D every T (U = D/T); `slo P excludes maintenance` leaves it out of the objective.',
  excludes: '`slo P excludes maintenance`: the objective is checked against the availability without planned maintenance.',
  // Contextual keywords (estates): keywords only where they start an item.
  import: '`import "path.topo"`: the systems and externals of another file (relative to this one) become usable here.',
  external: 'A service known only by its published figures: `availability` (required), `mtbf`, `mttr` (default 1h).',
  use: '`use S`: this system is up only while the service `S` (a system or an external) is up; `use S soft`: only degraded while it is down.',
  soft: '`use S soft`: while `S` is down this system is degraded, not down.',
  journey: 'A named path through layers and services (`path a -> b`), with its own objectives; up when every item is.',
};
