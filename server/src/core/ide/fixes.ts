/**
 * Quick fixes of the design (the diagnostics about layers and objectives), and the building blocks
 * every quick fix shares: finding the node or layer a diagnostic is on, and edits that add to a
 * node or a layer without re-printing what is there (property texts are copied).
 *
 * Some fixes need the analysis: `slo-miss` takes the analysis's advice (a full analysis), and
 * `rto-exceeded` the layer's failover timing from the model. Without it they offer nothing.
 */
import type { LayerAst, NodeAst, ParseResult, PropertyAst, SystemAst, TokenInfo } from '../../../../grammar/src/ast';
import { comparePositions, containsPosition, type Position, type Range } from '../../../../grammar/src/text';
import type { LineIndex } from '../../../../grammar/src/positions';
import { adviceCandidates, type AdviceEdit } from '../analysis/advice';
import type { SystemAnalysis } from '../analysis/types';
import type { LayerModel, SystemModel } from '../model/types';
import { formatDuration, formatTopoDuration } from '../text/format';
import { freeName, nameClash, type Decl, type NameIndex } from './names';
import type { CodeActionInfo, DiagnosticRef, TextEdit } from './types';

/** What the analysis gives the fixes that need it: each system's model (and composite) and figures. */
export interface FixAnalysis {
  systems: { model: SystemModel; composite?: SystemModel; analysis?: SystemAnalysis }[];
}

export interface Ctx {
  parsed: ParseResult;
  index: NameIndex;
  lines: LineIndex;
  analysis?: FixAnalysis;
}

export type Fix = (ctx: Ctx, d: DiagnosticRef) => CodeActionInfo[];

export function action(title: string, edits: TextEdit[], preferred = false): CodeActionInfo {
  const a: CodeActionInfo = { title, kind: 'quickfix', edits };
  if (preferred) a.preferred = true;
  return a;
}

// ── slo-miss: the analysis's advice, written into the source ────────────────────────────────

/**
 * The best single change the analysis found (its `advice`), as an edit: the candidate it came from
 * is found again among the system's candidates by its action, subject and sentence, and its edit
 * (`AdviceCandidate.edit`) is written the way the advice search prices it.
 */
export function fixSloMiss(ctx: Ctx, d: DiagnosticRef): CodeActionInfo[] {
  const found = analysedSystemAt(ctx, d.range.start);
  const advice = found?.analysed.analysis?.advice;
  if (!found || !advice) return [];
  const { analysed, systemIndex } = found;
  const model = analysed.composite ?? analysed.model;
  const candidate = adviceCandidates(model).find((c) => c.action === advice.action && c.subject === advice.subject && advice.summary.startsWith(c.summary + ': '));
  if (!candidate) return [];
  const figures = advice.summary.slice(candidate.summary.length + 2);
  const title = `${candidate.summary} (${figures})`;
  const slo = model.slo?.value;
  const meets = slo !== undefined && advice.availability >= slo;
  const e = candidate.edit;
  const nodeDecl = (id: string) => ctx.index.decls.find((x) => x.kind === 'node' && x.system === systemIndex && x.id === id);
  let edits: TextEdit[] | undefined;
  if (e.kind === 'replica') {
    const at = nodeOfDecl(ctx, nodeDecl(e.node));
    if (!at) return [];
    if (e.roundRobin) edits = addReplica(ctx, at.node, nodeZones(at.node), undefined, false)?.edits;
    else edits = copyNode(ctx, at.node, e.zone);
  } else if (e.kind === 'spread') {
    const at = nodeOfDecl(ctx, nodeDecl(e.node));
    if (!at) return [];
    const zoneProp = at.node.props.find((p) => p.key === 'zone' || p.key === 'zones');
    const spread = `zones [${e.from}, ${e.to}]`;
    const edit = zoneProp ? { range: zoneProp.range, newText: spread } : insertIntoNode(ctx, at.node, spread);
    edits = edit ? [edit] : undefined;
  } else if (e.kind === 'standby') {
    const primary = model.instances.find((i) => i.id === e.primary);
    const at = nodeOfDecl(ctx, nodeDecl(primary?.node ?? e.primary));
    if (!at?.node.name) return [];
    edits = addStandby(ctx, at.node, `${at.node.name.text}-standby`, e.zone, 'hot', false)?.edits;
  } else if (e.kind === 'warm') {
    const at = nodeOfDecl(ctx, nodeDecl(e.node));
    const prop = at?.node.props.find((p) => p.key === 'standby');
    if (!prop) return [];
    edits = [prop.word ? { range: prop.word.range, newText: e.to } : { range: prop.range, newText: `standby ${e.to}` }];
  } else if (e.kind === 'detect') {
    const decl = ctx.index.decls.find((x) => x.kind === 'layer' && x.system === systemIndex && x.id === e.layer);
    const layer = decl && layerAt(ctx.parsed, decl.nameRange.start);
    if (!layer) return [];
    const check = `health-check { interval ${e.intervalSeconds}s unhealthy ${e.unhealthy} }`;
    const own = layer.props.find((p) => p.key === 'health-check' || p.key === 'heartbeat');
    const edit = own ? { range: own.range, newText: check } : insertIntoLayer(ctx, layer, check);
    edits = edit ? [edit] : undefined;
  } else {
    edits = deployEdits(ctx, model, e);
  }
  return edits && edits.length ? [action(title, edits, meets)] : [];
}

/**
 * A deploy that is a single point of failure (`spof` on its `deploys` line): rolled out by a canary
 * that exposes one instance, when its layer can take one (the advice's candidate, same edit).
 */
export function fixDeploySpof(ctx: Ctx, d: DiagnosticRef): CodeActionInfo[] {
  const found = analysedSystemAt(ctx, d.range.start);
  const subject = d.data?.subject;
  if (!found || subject === undefined) return [];
  const model = found.analysed.composite ?? found.analysed.model;
  const candidate = adviceCandidates(model).find((c) => c.edit.kind === 'canary' && c.edit.deploy === subject);
  if (!candidate || candidate.edit.kind !== 'canary') return [];
  const edits = deployEdits(ctx, model, candidate.edit);
  return edits && edits.length ? [action(candidate.summary, edits, true)] : [];
}

/**
 * The edit of a deploy's advice: `rollout canary P` in its layer (replacing its `rollout` line),
 * or its `deploys` figure halved. The deploy is found by its `deploys` line (the model's range).
 */
function deployEdits(ctx: Ctx, model: SystemModel, e: Extract<AdviceEdit, { kind: 'canary' | 'fewer-deploys' }>): TextEdit[] | undefined {
  const cc = model.commonCauses.find((c) => c.id === e.deploy);
  if (!cc) return undefined;
  if (e.kind === 'fewer-deploys') {
    const deploys = propAt(ctx.parsed, 'deploys', cc.range);
    return deploys?.value ? [{ range: deploys.value.range, newText: `${+e.perWeek.toPrecision(6)}/week` }] : undefined;
  }
  const layer = layerAt(ctx.parsed, cc.range.start);
  if (!layer) return undefined;
  const rollout = `rollout canary ${+(e.share * 100).toPrecision(6)}%`;
  const own = layer.props.find((p) => p.key === 'rollout');
  const edit = own ? { range: own.range, newText: rollout } : insertIntoLayer(ctx, layer, rollout);
  return edit ? [edit] : undefined;
}

/** The property `key` whose item spans `range` exactly, in any system, site or layer of the file. */
function propAt(parsed: ParseResult, key: PropertyAst['key'], range: Range): PropertyAst | undefined {
  const same = (p: PropertyAst) => p.key === key && comparePositions(p.range.start, range.start) === 0 && comparePositions(p.range.end, range.end) === 0;
  const inLayers = (layers: LayerAst[]): PropertyAst | undefined => {
    for (const l of layers) {
      const found = l.props.find(same) ?? l.members.reduce<PropertyAst | undefined>((hit, m) => hit ?? (m.type === 'site' ? m.props.find(same) ?? inLayers(m.layers) : undefined), undefined);
      if (found) return found;
    }
    return undefined;
  };
  for (const system of parsed.ast.systems) {
    const found = system.props.find(same) ?? inLayers(system.layers);
    if (found) return found;
  }
  return undefined;
}

/** The analysed system whose declaration holds a position, and its index in the file. */
function analysedSystemAt(ctx: Ctx, pos: Position): { analysed: FixAnalysis['systems'][number]; system: SystemAst; systemIndex: number } | undefined {
  const systemIndex = ctx.parsed.ast.systems.findIndex((s) => containsPosition(s.range, pos));
  const system = ctx.parsed.ast.systems[systemIndex];
  if (!system || !ctx.analysis) return undefined;
  const name = system.name?.text;
  const byIndex = ctx.analysis.systems[systemIndex];
  const analysed = byIndex && byIndex.model.name === name ? byIndex : ctx.analysis.systems.find((s) => s.model.name === name);
  return analysed ? { analysed, system, systemIndex } : undefined;
}

function nodeOfDecl(ctx: Ctx, decl: Decl | undefined): { node: NodeAst; layer: LayerAst; system: SystemAst } | undefined {
  const found = decl && nodeAt(ctx.parsed, decl.nameRange.start);
  return found && found.node.name && found.node.name.range === decl.nameRange ? found : undefined;
}

/** A node after `node` copying its properties but its placement and replicas, in `zone`. */
function copyNode(ctx: Ctx, node: NodeAst, zone: string | undefined): TextEdit[] | undefined {
  const decl = declOfNode(ctx, node);
  if (!decl) return undefined;
  const name = freeName(ctx.index, { kind: 'node', system: decl.system, scope: decl.scope }, zone ? `${decl.name}-${zone}` : `${decl.name}-2`);
  const props = node.props.filter((p) => !['zone', 'zones', 'replicas'].includes(p.key)).map((p) => ctx.lines.slice(p.range));
  if (zone) props.push(`zone ${zone}`);
  const text = `\n${indentOf(ctx, node.range.start)}node ${name} { ${props.join(' ')} }`;
  return [{ range: { start: node.range.end, end: node.range.end }, newText: text }];
}

// ── Layer fixes ─────────────────────────────────────────────────────────────────────────────

/** `no-standby`: a warm standby after the primary, with its figures, in another zone when there is one. */
export function fixNoStandby(ctx: Ctx, d: DiagnosticRef): CodeActionInfo[] {
  const layer = layerAt(ctx.parsed, d.range.start);
  const system = ctx.parsed.ast.systems.find((s) => containsPosition(s.range, d.range.start));
  if (!layer || !system) return [];
  const nodes = layer.members.filter((m): m is NodeAst => m.type === 'node');
  const primary = nodes.find((n) => !isStandby(n));
  if (!primary?.name || nodes.length !== layer.members.length) return [];
  const zones = nodeZones(primary);
  const used = new Set(nodes.flatMap(nodeZones));
  const other = zones.length === 0
    ? undefined
    : system.zones.map((z) => z.name?.text).find((z): z is string => z !== undefined && !used.has(z)) ?? zones[0];
  const name = primary.name.text;
  const base = name.endsWith('-primary') ? name.slice(0, -'-primary'.length) + '-standby' : `${name}-standby`;
  const standby = addStandby(ctx, primary, base, other, 'warm', true);
  return standby ? [standby] : [];
}

/** `no-replication`: `replication async lag 1s` (preferred) or `replication sync`. */
export function fixNoReplication(ctx: Ctx, d: DiagnosticRef): CodeActionInfo[] {
  const layer = layerAt(ctx.parsed, d.range.start);
  if (!layer) return [];
  const out: CodeActionInfo[] = [];
  const async = insertIntoLayer(ctx, layer, 'replication async lag 1s');
  if (async) out.push(action('Replicate asynchronously (replication async lag 1s: RPO 1s)', [async], true));
  const sync = insertIntoLayer(ctx, layer, 'replication sync');
  if (sync) out.push(action('Replicate synchronously (replication sync: RPO 0)', [sync]));
  return out;
}

/** `no-headroom`: one replica more of a node of the layer (N+1); preferred when the layer has one node. */
export function fixNoHeadroom(ctx: Ctx, d: DiagnosticRef): CodeActionInfo[] {
  const layer = layerAt(ctx.parsed, d.range.start);
  if (!layer) return [];
  const nodes = layer.members.filter((m): m is NodeAst => m.type === 'node' && m.name !== undefined);
  const out: CodeActionInfo[] = [];
  for (const node of nodes) {
    const fix = addReplica(ctx, node, nodeZones(node), undefined, nodes.length === 1);
    if (fix) out.push({ ...fix, title: `Add a replica of ${node.name?.text ?? ''} (replicas ${replicasOf(node) + 1})` });
  }
  return out;
}

/** Health-check intervals the `rto-exceeded` fix tries, longest first. */
const INTERVALS = [30, 20, 15, 10, 5, 2, 1];
/** Heartbeat timeouts the `rto-exceeded` fix tries, longest first. */
const TIMEOUTS = [60, 30, 20, 15, 10, 5, 3, 2, 1];
/** Heartbeat intervals the fix may lower to when a shorter timeout leaves no room for the beat. */
const BEATS = [...INTERVALS, 0.5, 0.2, 0.1];
/** Beats a shortened timeout keeps room for when the interval has to come down with it (Topo's default of missed beats). */
const BEATS_PER_TIMEOUT = 3;

/** A change to one detector: its edits, what the title says, and the detection it gives. */
interface DetectionFix {
  edits: TextEdit[];
  title: string;
  detectionSeconds: number;
}

/** What a detection fix must reach: detection + promotion within the rto, and shorter than now. */
interface DetectionTarget {
  rtoSeconds: number;
  promotionSeconds: number;
  detectionSeconds: number;
}

/**
 * `rto-exceeded` on an active-passive layer whose failover is mostly detection: shorten the
 * detector that decides detection (the smaller of the health-check's interval × unhealthy and the
 * heartbeat's timeout, spec section 3) to the longest candidate that brings T_fo within the rto —
 * the health-check's interval (same `unhealthy` count) or the heartbeat's timeout. Detection is
 * the smaller of the two, so a detector shortened below the current detection decides it after the
 * edit, and T_fo is at most its value + promotion. When the deciding detector cannot get there, the
 * other one is tried. None when the promotion dominates or no candidate is short enough.
 */
export function fixRtoExceeded(ctx: Ctx, d: DiagnosticRef): CodeActionInfo[] {
  const found = analysedSystemAt(ctx, d.range.start);
  const layerAst = layerAt(ctx.parsed, d.range.start);
  if (!found || !layerAst) return [];
  const model = found.analysed.model;
  const rto = model.rto?.value;
  const layer: LayerModel | undefined = model.layers.find((l) => l.id === d.data?.subject);
  const fo = layer?.failover;
  if (!layer || layer.mode !== 'active-passive' || !fo || rto === undefined) return [];
  if (fo.detectionSeconds < fo.promotionSeconds) return [];
  // A deploy or a shared fault that takes the whole layer down is not shortened by detection.
  if (model.commonCauses.some((c) => c.layer === layer.id && c.series && c.kind !== 'maintenance' && c.mttrSeconds > rto)) return [];
  const target: DetectionTarget = { rtoSeconds: rto, promotionSeconds: fo.promotionSeconds, detectionSeconds: fo.detectionSeconds };
  const byHealthCheck = () => shortenHealthCheck(ctx, layerAst, target);
  const byHeartbeat = () => shortenHeartbeat(ctx, layerAst, target);
  const order = fo.detectionSource === 'heartbeat' ? [byHeartbeat, byHealthCheck] : [byHealthCheck, byHeartbeat];
  for (const attempt of order) {
    const fix = attempt();
    if (!fix) continue;
    const failover = fix.detectionSeconds + fo.promotionSeconds;
    return [action(`${fix.title} (failover in ${formatDuration(failover)}, within the rto of ${formatTopoDuration(rto)})`, fix.edits, true)];
  }
  return [];
}

/** The longest health-check interval (same `unhealthy`) meeting the target; a new health-check when the layer has none. */
function shortenHealthCheck(ctx: Ctx, layerAst: LayerAst, target: DetectionTarget): DetectionFix | undefined {
  const check = layerAst.props.find((p) => p.key === 'health-check');
  const intervalProp = check?.body?.find((p) => p.key === 'interval');
  const unhealthy = check?.body?.find((p) => p.key === 'unhealthy')?.value?.value ?? 3;
  const interval = INTERVALS.find((i) => meets(target, i * unhealthy));
  if (interval === undefined) return undefined;
  let edit: TextEdit | undefined;
  if (intervalProp?.value) edit = { range: intervalProp.value.range, newText: formatTopoDuration(interval) };
  else if (!check) edit = insertIntoLayer(ctx, layerAst, `health-check { interval ${formatTopoDuration(interval)} unhealthy ${unhealthy} }`);
  if (!edit) return undefined;
  return { edits: [edit], title: `Check health every ${formatTopoDuration(interval)}`, detectionSeconds: interval * unhealthy };
}

/**
 * The longest heartbeat timeout meeting the target (written, or added to a heartbeat that only
 * had an interval). A timeout no longer than one beat would call a live peer dead between two
 * beats, so when the interval is not shorter than the new timeout it comes down in the same edit,
 * to the longest candidate that fits three beats in the timeout; a timeout no interval fits is
 * passed over for a shorter one.
 */
function shortenHeartbeat(ctx: Ctx, layerAst: LayerAst, target: DetectionTarget): DetectionFix | undefined {
  const heartbeat = layerAst.props.find((p) => p.key === 'heartbeat');
  const body = heartbeat?.body;
  if (!heartbeat || !body) return undefined;
  const timeoutProp = body.find((p) => p.key === 'timeout');
  const intervalProp = body.find((p) => p.key === 'interval');
  if (timeoutProp && !timeoutProp.value) return undefined;
  const interval = intervalProp?.value?.value;
  for (const timeout of TIMEOUTS) {
    if (!meets(target, timeout)) continue;
    const beat = interval !== undefined && interval >= timeout ? BEATS.find((b) => b * BEATS_PER_TIMEOUT <= timeout) : undefined;
    if (interval !== undefined && interval >= timeout && beat === undefined) continue;
    const edits: TextEdit[] = [];
    const beatText = beat !== undefined ? formatTopoDuration(beat) : intervalProp?.value?.text;
    if (timeoutProp?.value) {
      edits.push({ range: timeoutProp.value.range, newText: formatTopoDuration(timeout) });
      if (beat !== undefined && intervalProp?.value) edits.push({ range: intervalProp.value.range, newText: formatTopoDuration(beat) });
    } else if (intervalProp?.value && beatText !== undefined) {
      // A heartbeat with only an interval (timing out after 3 beats): the timeout follows the interval, in one edit.
      edits.push({ range: intervalProp.value.range, newText: `${beatText} timeout ${formatTopoDuration(timeout)}` });
    } else return undefined;
    const also = beat !== undefined ? ` and beat every ${formatTopoDuration(beat)}` : '';
    return { edits, title: `Time out heartbeats after ${formatTopoDuration(timeout)}${also}`, detectionSeconds: timeout };
  }
  return undefined;
}

/** Whether a detection time brings T_fo within the rto and is shorter than the detection now. */
function meets(target: DetectionTarget, detectionSeconds: number): boolean {
  return detectionSeconds + target.promotionSeconds <= target.rtoSeconds && detectionSeconds < target.detectionSeconds;
}

// ── Building blocks ─────────────────────────────────────────────────────────────────────────

export function isStandby(n: NodeAst): boolean {
  return n.props.some((p) => p.key === 'standby');
}

export function replicasOf(n: NodeAst): number {
  return n.props.find((p) => p.key === 'replicas')?.value?.value ?? 1;
}

export function nodeZones(node: NodeAst): string[] {
  return node.props.filter((p) => p.key === 'zone' || p.key === 'zones').flatMap((p) => (p.refs ?? []).map((r) => r.name));
}

function declOfNode(ctx: Ctx, node: NodeAst): Decl | undefined {
  return ctx.index.decls.find((x) => x.kind === 'node' && node.name && x.nameRange === node.name.range);
}

/** A new node after this one: same reliability figures, another zone, `standby <temperature>`, `wanted` or a free name like it. */
export function addStandby(
  ctx: Ctx, node: NodeAst, wanted: string, otherZone: string | undefined, temperature: 'hot' | 'warm', preferred: boolean,
): CodeActionInfo | undefined {
  const decl = declOfNode(ctx, node);
  if (!decl) return undefined;
  const standbyName = freeName(ctx.index, { kind: 'node', system: decl.system, scope: decl.scope }, wanted);
  const figures = node.props.filter((p) => ['availability', 'mtbf', 'mttr', 'capacity'].includes(p.key)).map((p) => ctx.lines.slice(p.range));
  const props = [...figures, ...(otherZone ? [`zone ${otherZone}`] : []), `standby ${temperature}`];
  const indent = indentOf(ctx, node.range.start);
  const text = `\n${indent}node ${standbyName} { ${props.join(' ')} }`;
  const where = otherZone ? ` in zone ${otherZone}` : '';
  return action(`Add a ${temperature} standby ${standbyName}${where}`, [{ range: { start: node.range.end, end: node.range.end }, newText: text }], preferred);
}

/** `replicas N+1`, and spread over another zone when the node had one zone. */
export function addReplica(ctx: Ctx, node: NodeAst, zones: string[], otherZone: string | undefined, preferred: boolean): CodeActionInfo | undefined {
  const edits: TextEdit[] = [];
  const replicas = node.props.find((p) => p.key === 'replicas');
  const count = replicas?.value ? replicas.value.value : 1;
  // The new instance names (`NAME-1` … `NAME-N+1`) must not be taken by another element.
  const decl = declOfNode(ctx, node);
  if (!decl || nameClash(ctx.index, { ...decl, replicas: count + 1 }, decl.name, decl)) return undefined;
  const additions: string[] = [];
  if (replicas?.value) edits.push({ range: replicas.value.range, newText: String(count + 1) });
  else additions.push(`replicas ${count + 1}`);
  const zoneProp = node.props.find((p) => p.key === 'zone' || p.key === 'zones');
  if (otherZone && zoneProp) {
    edits.push({ range: zoneProp.range, newText: `zones [${[...zones, otherZone].join(', ')}]` });
  }
  if (additions.length) {
    const insert = insertIntoNode(ctx, node, additions.join(' '));
    if (!insert) return undefined;
    edits.push(insert);
  }
  const where = otherZone && zoneProp ? ` in zone ${otherZone}` : '';
  return action(`Add another replica${where} (replicas ${count + 1})`, edits, preferred);
}

/** An edit adding properties to a node: at the end of its body, or as a new body. */
export function insertIntoNode(ctx: Ctx, node: NodeAst, props: string): TextEdit | undefined {
  if (!node.hasBody) {
    const after = node.name?.range.end;
    return after ? { range: { start: after, end: after }, newText: ` { ${props} }` } : undefined;
  }
  const last = node.props[node.props.length - 1];
  if (last) return { range: { start: last.range.end, end: last.range.end }, newText: ' ' + props };
  const brace = tokenAfter(ctx.parsed.tokens, node.keywordRange.end, '{', node.range);
  return brace ? { range: { start: brace.range.end, end: brace.range.end }, newText: ` ${props} ` } : undefined;
}

/**
 * An edit adding a property line to a layer: after its last property written before its first
 * member (else after its brace), one item per line at the layer's inner indentation.
 */
export function insertIntoLayer(ctx: Ctx, layer: LayerAst, prop: string): TextEdit | undefined {
  const firstMember = layer.members[0]?.range.start;
  const before = layer.props.filter((p: PropertyAst) => !firstMember || comparePositions(p.range.end, firstMember) <= 0);
  const last = before[before.length - 1];
  const anchor = last?.range.end ?? tokenAfter(ctx.parsed.tokens, layer.keywordRange.end, '{', layer.range)?.range.end;
  if (!anchor) return undefined;
  const indent = indentOf(ctx, layer.range.start) + '  ';
  return { range: { start: anchor, end: anchor }, newText: `\n${indent}${prop}` };
}

export function tokenAfter(tokens: TokenInfo[], from: Position, image: string, within: Range): TokenInfo | undefined {
  return tokens.find((t) => t.image === image && comparePositions(t.range.start, from) >= 0 && containsPosition(within, t.range.start));
}

export function indentOf(ctx: Ctx, pos: Position): string {
  return /^\s*/.exec(ctx.lines.lineText(pos.line))?.[0] ?? '';
}

/** The innermost node whose declaration holds a position, with its layer and system. */
export function nodeAt(parsed: ParseResult, pos: Position): { node: NodeAst; layer: LayerAst; system: SystemAst } | undefined {
  for (const system of parsed.ast.systems) {
    const found = findInLayers(system.layers, pos);
    if (found) return { ...found, system };
  }
  return undefined;
}

function findInLayers(layers: LayerAst[], pos: Position): { node: NodeAst; layer: LayerAst } | undefined {
  for (const layer of layers) {
    if (!containsPosition(layer.range, pos)) continue;
    for (const m of layer.members) {
      if (!containsPosition(m.range, pos)) continue;
      if (m.type === 'node') return { node: m, layer };
      const inner = findInLayers(m.layers, pos);
      if (inner) return inner;
    }
  }
  return undefined;
}

/** The innermost layer whose declaration holds a position. */
export function layerAt(parsed: ParseResult, pos: Position): LayerAst | undefined {
  let best: LayerAst | undefined;
  const visit = (layers: LayerAst[]) => {
    for (const l of layers) {
      if (!containsPosition(l.range, pos)) continue;
      best = l;
      for (const m of l.members) if (m.type === 'site') visit(m.layers);
    }
  };
  for (const s of parsed.ast.systems) visit(s.layers);
  return best;
}
