/**
 * Quick fixes, keyed by diagnostic code. Each returns plain text edits computed from the AST
 * and the source text (property texts are copied, not re-printed, so nothing else changes).
 */
import type { LayerAst, NodeAst, ParseResult, SiteAst, SystemAst } from '../../../../grammar/src/ast';
import { comparePositions, containsPosition, type Position, type Range } from '../../../../grammar/src/text';
import { closestName } from '../model/suggest';
import { freeName, nameClash, occurrences, refAt, type Decl, type NameIndex } from './names';
import { LineIndex } from '../../../../grammar/src/positions';
import {
  action, addReplica, addStandby, fixDeploySpof, fixNoHeadroom, fixNoReplication, fixNoStandby, fixRtoExceeded, fixSloMiss, indentOf, insertIntoNode,
  isStandby, layerAt, nodeAt, nodeZones, replicasOf, tokenAfter, type Ctx, type Fix, type FixAnalysis,
} from './fixes';
import type { CodeActionInfo, DiagnosticRef, TextEdit } from './types';

export type { FixAnalysis };

/**
 * Quick fixes for the given diagnostics (those the client sent for the cursor's range). `analysis`
 * is the document's, for the fixes that need figures (`slo-miss` a full analysis, with its advice;
 * `rto-exceeded` the model's failover timing): without it they offer nothing.
 */
export function quickFixes(parsed: ParseResult, index: NameIndex, text: string, diagnostics: DiagnosticRef[], analysis?: FixAnalysis): CodeActionInfo[] {
  const ctx: Ctx = { parsed, index, lines: new LineIndex(text), ...(analysis ? { analysis } : {}) };
  const out: CodeActionInfo[] = [];
  diagnostics.forEach((d, i) => {
    const fixes = FIXES[d.code]?.(ctx, d) ?? [];
    for (const f of fixes) out.push({ ...f, diagnosticIndex: i });
  });
  return out;
}

const FIXES: Record<string, Fix> = {
  spof: fixSpof,
  'no-health-check': fixNoHealthCheck,
  'sla-stricter-than-slo': fixSlaStricter,
  'missing-availability': fixMissingAvailability,
  'unknown-reference': fixUnknownReference,
  'slo-miss': fixSloMiss,
  'no-standby': fixNoStandby,
  'no-replication': fixNoReplication,
  'no-headroom': fixNoHeadroom,
  'rto-exceeded': fixRtoExceeded,
  'duplicate-name': fixDuplicateName,
  'unused-service': fixUnusedService,
  'dependency-cycle': fixDependencyCycle,
  syntax: fixMisspeltKeyword,
};

/** A misspelt keyword (`helth-check`, read as the keyword meant, "did you mean …?"): write the keyword. */
function fixMisspeltKeyword(ctx: Ctx, d: DiagnosticRef): CodeActionInfo[] {
  const meant = d.data?.suggestion;
  if (!meant || ctx.lines.slice(d.range) === meant) return [];
  return [action(`Change to '${meant}'`, [{ range: d.range, newText: meant }], true)];
}

function fixSpof(ctx: Ctx, d: DiagnosticRef): CodeActionInfo[] {
  // A deploy's: roll it out by canary (its `deploys` line is in no node).
  if (d.data?.subject?.startsWith('deploy')) return fixDeploySpof(ctx, d);
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
    const standby = addStandby(ctx, node, `${name}-standby`, other, 'hot', activePassive);
    if (standby) out.push(standby);
  }
  return out;
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

// ── duplicate-name, and the estate's unused-service and dependency-cycle ────────────────────

/** `duplicate-name`: the later declaration, and every name the index ties to it, renamed to a free `name-2`. */
function fixDuplicateName(ctx: Ctx, d: DiagnosticRef): CodeActionInfo[] {
  const decl = ctx.index.decls.find((x) => containsPosition(x.nameRange, d.range.start))
    ?? ctx.index.decls.find((x) => comparePositions(x.range.start, d.range.start) === 0);
  if (!decl) return [];
  const name = renamed(ctx, decl);
  const edits = occurrences(ctx.index, decl).map((o) => ({ range: o.range, newText: name }));
  const refs = edits.length - 1;
  const also = refs > 0 ? ` and its ${refs === 1 ? 'reference' : `${refs} references`}` : '';
  return [action(`Rename this ${decl.kind} '${decl.name}' to '${name}'${also}`, edits, true)];
}

/** The first `name-2`, `name-3`, … no other declaration of the scope has (nor clashes with, for elements). */
function renamed(ctx: Ctx, decl: Decl): string {
  for (let k = 2; ; k++) {
    const name = `${decl.name}-${k}`;
    const taken = ctx.index.decls.some((x) => x !== decl && x.kind === decl.kind && x.system === decl.system && x.scope === decl.scope && x.name === name);
    if (!taken && !nameClash(ctx.index, decl, name, decl)) return name;
  }
}

/** `unused-service`: the external's declaration or the import line removed. */
function fixUnusedService(ctx: Ctx, d: DiagnosticRef): CodeActionInfo[] {
  const { ast } = ctx.parsed;
  const external = ast.externals.find((e) => e.name && containsPosition(e.range, d.range.start));
  if (external?.name) return [action(`Remove the unused external '${external.name.text}'`, [removeLines(ctx, external.range)])];
  const imp = ast.imports.find((i) => containsPosition(i.range, d.range.start));
  if (imp) return [action(`Remove the unused import${imp.path ? ` of ${imp.path.text}` : ''}`, [removeLines(ctx, imp.range)])];
  return [];
}

/** Deletes a range, with its whole lines when nothing else is written on them. */
function removeLines(ctx: Ctx, range: Range): TextEdit {
  const before = ctx.lines.lineText(range.start.line).slice(0, range.start.character);
  const after = ctx.lines.lineText(range.end.line).slice(range.end.character);
  if (before.trim() !== '' || after.trim() !== '') return { range, newText: '' };
  return { range: { start: { line: range.start.line, character: 0 }, end: { line: range.end.line + 1, character: 0 } }, newText: '' };
}

/** `dependency-cycle`: the `use` closing the cycle made soft. */
function fixDependencyCycle(ctx: Ctx, d: DiagnosticRef): CodeActionInfo[] {
  const use = ctx.parsed.ast.systems.flatMap((s) => s.uses).find((u) => containsPosition(u.range, d.range.start));
  if (!use?.target || use.soft) return [];
  const at = use.target.range.end;
  return [action(`Make this dependency soft (use ${use.target.text} soft)`, [{ range: { start: at, end: at }, newText: ' soft' }], true)];
}
