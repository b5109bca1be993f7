/**
 * Quick fixes, keyed by diagnostic code. Each returns plain text edits computed from the AST
 * and the source text (property texts are copied, not re-printed, so nothing else changes).
 */
import type { LayerAst, NodeAst, ParseResult, SiteAst, SystemAst, TokenInfo } from '../../../../grammar/src/ast';
import { comparePositions, containsPosition, type Position, type Range } from '../../../../grammar/src/text';
import { closestName } from '../model/suggest';
import { freeName, nameClash, refAt, type NameIndex } from './names';
import { LineIndex } from '../../../../grammar/src/positions';
import type { CodeActionInfo, DiagnosticRef, TextEdit } from './types';

interface Ctx {
  parsed: ParseResult;
  index: NameIndex;
  lines: LineIndex;
}

/** Quick fixes for the given diagnostics (those the client sent for the cursor's range). */
export function quickFixes(parsed: ParseResult, index: NameIndex, text: string, diagnostics: DiagnosticRef[]): CodeActionInfo[] {
  const ctx: Ctx = { parsed, index, lines: new LineIndex(text) };
  const out: CodeActionInfo[] = [];
  diagnostics.forEach((d, i) => {
    const fixes = FIXES[d.code]?.(ctx, d) ?? [];
    for (const f of fixes) out.push({ ...f, diagnosticIndex: i });
  });
  return out;
}

type Fix = (ctx: Ctx, d: DiagnosticRef) => CodeActionInfo[];

const FIXES: Record<string, Fix> = {
  spof: fixSpof,
  'no-health-check': fixNoHealthCheck,
  'sla-stricter-than-slo': fixSlaStricter,
  'missing-availability': fixMissingAvailability,
  'unknown-reference': fixUnknownReference,
};

function action(title: string, edits: TextEdit[], preferred = false): CodeActionInfo {
  const a: CodeActionInfo = { title, kind: 'quickfix', edits };
  if (preferred) a.preferred = true;
  return a;
}

function fixSpof(ctx: Ctx, d: DiagnosticRef): CodeActionInfo[] {
  const found = nodeAt(ctx.parsed, d.range.start);
  if (!found?.node.name) return [];
  const { node, layer, system } = found;
  const name = node.name?.text as string;
  const zones = nodeZones(node);
  // An unzoned node's standby stays unzoned: where to place it is the author's call. Otherwise
  // the zone the diagnostic's message names (the analysis's choice: the layer's region, the site's
  // own zones), else the first zone the node does not use.
  const named = d.data?.zone;
  const other = zones.length === 0
    ? undefined
    : named !== undefined && !zones.includes(named)
      ? named
      : system.zones.map((z) => z.name?.text).find((z): z is string => z !== undefined && !zones.includes(z));
  const out: CodeActionInfo[] = [];
  const explicitMode = layer.props.find((p) => p.key === 'mode')?.word?.text;
  const activePassive = explicitMode === 'active-passive' || (explicitMode === undefined && layer.members.some((m) => m.type === 'node' && isStandby(m)));
  // A standby only makes sense when this node is the layer's one serving instance: an
  // active-passive layer has exactly one primary, so beside other active members a standby
  // would make it active-passive with several (primary-count). There, the fix is another replica.
  const servers = layer.members.filter((m): m is NodeAst => m.type === 'node' && !isStandby(m));
  const soleServer = servers.length === 1 && servers[0] === node && replicasOf(node) === 1;
  // The preferred fix is the one the advice and the message price: a second active member in
  // an active-active layer (a lone load balancer gets a second one, not a standby that would wait
  // for a failover), a standby in an active-passive one.
  if (!activePassive) {
    const replica = addReplica(ctx, node, zones, other, true);
    if (replica) out.push(replica);
  }
  if (explicitMode !== 'active-active' && soleServer) {
    const standby = addStandby(ctx, node, name, other, activePassive);
    if (standby) out.push(standby);
  }
  return out;
}

function isStandby(n: NodeAst): boolean {
  return n.props.some((p) => p.key === 'standby');
}

function replicasOf(n: NodeAst): number {
  return n.props.find((p) => p.key === 'replicas')?.value?.value ?? 1;
}

function nodeZones(node: NodeAst): string[] {
  return node.props.filter((p) => p.key === 'zone' || p.key === 'zones').flatMap((p) => (p.refs ?? []).map((r) => r.name));
}

/** A new node after this one: same reliability figures, another zone, `standby hot`, a name not taken. */
function addStandby(ctx: Ctx, node: NodeAst, name: string, otherZone: string | undefined, preferred: boolean): CodeActionInfo | undefined {
  const decl = ctx.index.decls.find((x) => x.kind === 'node' && node.name && x.nameRange === node.name.range);
  if (!decl) return undefined;
  const standbyName = freeName(ctx.index, { kind: 'node', system: decl.system, scope: decl.scope }, `${name}-standby`);
  const figures = node.props.filter((p) => ['availability', 'mtbf', 'mttr', 'capacity'].includes(p.key)).map((p) => ctx.lines.slice(p.range));
  const props = [...figures, ...(otherZone ? [`zone ${otherZone}`] : []), 'standby hot'];
  const indent = indentOf(ctx, node.range.start);
  const text = `\n${indent}node ${standbyName} { ${props.join(' ')} }`;
  const where = otherZone ? ` in zone ${otherZone}` : '';
  return action(`Add a hot standby ${standbyName}${where}`, [{ range: { start: node.range.end, end: node.range.end }, newText: text }], preferred);
}

/** `replicas N+1`, and spread over another zone when the node had one zone. */
function addReplica(ctx: Ctx, node: NodeAst, zones: string[], otherZone: string | undefined, preferred: boolean): CodeActionInfo | undefined {
  const edits: TextEdit[] = [];
  const replicas = node.props.find((p) => p.key === 'replicas');
  const count = replicas?.value ? replicas.value.value : 1;
  // The new instance names (`NAME-1` … `NAME-N+1`) must not be taken by another element.
  const decl = ctx.index.decls.find((x) => x.kind === 'node' && node.name && x.nameRange === node.name.range);
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
function insertIntoNode(ctx: Ctx, node: NodeAst, props: string): TextEdit | undefined {
  if (!node.hasBody) {
    const after = node.name?.range.end;
    return after ? { range: { start: after, end: after }, newText: ` { ${props} }` } : undefined;
  }
  const last = node.props[node.props.length - 1];
  if (last) return { range: { start: last.range.end, end: last.range.end }, newText: ' ' + props };
  const brace = tokenAfter(ctx.parsed.tokens, node.keywordRange.end, '{', node.range);
  return brace ? { range: { start: brace.range.end, end: brace.range.end }, newText: ` ${props} ` } : undefined;
}

function fixNoHealthCheck(ctx: Ctx, d: DiagnosticRef): CodeActionInfo[] {
  const found = layerAt(ctx.parsed, d.range.start);
  if (!found) return [];
  const brace = tokenAfter(ctx.parsed.tokens, found.keywordRange.end, '{', found.range);
  if (!brace) return [];
  const indent = indentOf(ctx, found.range.start) + '  ';
  const newText = `\n${indent}health-check { interval 10s unhealthy 3 }`;
  return [action('Add a health check (10s × 3 = 30s detection)', [{ range: { start: brace.range.end, end: brace.range.end }, newText }], true)];
}

function fixSlaStricter(ctx: Ctx, d: DiagnosticRef): CodeActionInfo[] {
  const sys = ctx.parsed.ast.systems.find((s) => containsPosition(s.range, d.range.start));
  const slo = sys?.objectives.find((p) => p.key === 'slo')?.value;
  const sla = sys?.objectives.find((p) => p.key === 'sla')?.value;
  if (!slo || !sla) return [];
  return [action(`Swap the targets (slo ${sla.text}, sla ${slo.text})`, [
    { range: slo.range, newText: sla.text },
    { range: sla.range, newText: slo.text },
  ], true)];
}

function fixMissingAvailability(ctx: Ctx, d: DiagnosticRef): CodeActionInfo[] {
  const found = nodeAt(ctx.parsed, d.range.start);
  if (!found) return [];
  const { node } = found;
  let edit: TextEdit | undefined;
  if (!node.hasBody) edit = insertIntoNode(ctx, node, 'availability 99.9%');
  else {
    const brace = tokenAfter(ctx.parsed.tokens, node.keywordRange.end, '{', node.range);
    edit = brace ? { range: { start: brace.range.end, end: brace.range.end }, newText: node.props.length ? ' availability 99.9%' : ' availability 99.9% ' } : undefined;
  }
  return edit ? [action('Add an availability line (availability 99.9%)', [edit], true)] : [];
}

function fixUnknownReference(ctx: Ctx, d: DiagnosticRef): CodeActionInfo[] {
  const ref = refAt(ctx.index, d.range.start);
  const written = ctx.lines.slice(d.range);
  const expected = d.data?.expected ?? (ref?.expected === 'element' ? undefined : ref?.expected);
  const candidates = ctx.index.decls
    .filter((x) => (ref ? x.system === ref.system : true) && (expected ? x.kind === expected : ['zone', 'region', 'layer', 'node', 'site'].includes(x.kind)))
    .filter((x) => !ref || x.kind !== 'layer' || x.scope === ref.scope)
    .map((x) => (x.kind === 'layer' || x.kind === 'node' ? x.name : x.id));
  const suggestion = d.data?.suggestion ?? closestName(written, candidates);
  const out: CodeActionInfo[] = [];
  if (suggestion && suggestion !== written) out.push(action(`Change to '${suggestion}'`, [{ range: d.range, newText: suggestion }], true));
  const declare = declareEdit(ctx, d.range.start, expected, written);
  if (declare) out.push(action(`Declare ${expected} '${written}'`, [declare]));
  return out;
}

/** Inserts a declaration of a zone or a region into the system, or of a layer into the scope (system or site) of the path. */
function declareEdit(ctx: Ctx, at: Position, expected: string | undefined, name: string): TextEdit | undefined {
  if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) return undefined;
  const sys = ctx.parsed.ast.systems.find((s) => containsPosition(s.range, at));
  if (!sys) return undefined;
  const indent = indentOf(ctx, sys.range.start) + '  ';
  if (expected === 'zone' || expected === 'region') {
    const anchor = lastBefore([...sys.regions, ...sys.zones].map((x) => x.range), at) ?? afterBrace(ctx, sys);
    return anchor ? { range: { start: anchor, end: anchor }, newText: `\n${indent}${expected} ${name}` } : undefined;
  }
  if (expected === 'layer') {
    const site = siteAt(sys.layers, at);
    const layers = site ? site.layers : sys.layers;
    const end = { line: Number.MAX_SAFE_INTEGER, character: 0 };
    const anchor = lastBefore(layers.map((x) => x.range), end) ?? (site ? afterSiteBrace(ctx, site) : afterBrace(ctx, sys));
    const inner = site ? indentOf(ctx, site.range.start) + '  ' : indent;
    const systemIndex = ctx.parsed.ast.systems.indexOf(sys);
    const scope = site ? ctx.index.decls.find((x) => x.kind === 'site' && site.name && x.nameRange === site.name.range)?.id : '';
    if (scope === undefined) return undefined;
    const nodeName = freeName(ctx.index, { kind: 'node', system: systemIndex, scope }, name);
    const body = `\n${inner}layer ${name} {\n${inner}  node ${nodeName} { availability 99.9% }\n${inner}}`;
    return anchor ? { range: { start: anchor, end: anchor }, newText: body } : undefined;
  }
  return undefined;
}

/** The innermost site whose declaration holds a position. */
function siteAt(layers: LayerAst[], pos: Position): SiteAst | undefined {
  for (const layer of layers) {
    if (!containsPosition(layer.range, pos)) continue;
    for (const m of layer.members) {
      if (m.type !== 'site' || !containsPosition(m.range, pos)) continue;
      return siteAt(m.layers, pos) ?? m;
    }
  }
  return undefined;
}

function afterSiteBrace(ctx: Ctx, site: SiteAst): Position | undefined {
  return tokenAfter(ctx.parsed.tokens, site.range.start, '{', site.range)?.range.end;
}

function afterBrace(ctx: Ctx, sys: SystemAst): Position | undefined {
  return tokenAfter(ctx.parsed.tokens, sys.keywordRange.end, '{', sys.range)?.range.end;
}

function lastBefore(ranges: Range[], at: Position): Position | undefined {
  const before = ranges.filter((r) => comparePositions(r.end, at) <= 0);
  const last = before.length ? before : ranges;
  return last.reduce<Position | undefined>((m, r) => (!m || comparePositions(r.end, m) > 0 ? r.end : m), undefined);
}

function tokenAfter(tokens: TokenInfo[], from: Position, image: string, within: Range): TokenInfo | undefined {
  return tokens.find((t) => t.image === image && comparePositions(t.range.start, from) >= 0 && containsPosition(within, t.range.start));
}

function indentOf(ctx: Ctx, pos: Position): string {
  return /^\s*/.exec(ctx.lines.lineText(pos.line))?.[0] ?? '';
}

/** The innermost node whose declaration holds a position, with its layer and system. */
function nodeAt(parsed: ParseResult, pos: Position): { node: NodeAst; layer: LayerAst; system: SystemAst } | undefined {
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
function layerAt(parsed: ParseResult, pos: Position): LayerAst | undefined {
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

