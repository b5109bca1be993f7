/**
 * Completion from the token stream: the block the cursor is in (found by matching braces) and
 * the token before the cursor decide between keywords, declared names, fixed values and units.
 * Tokens are used rather than the AST because the text being typed rarely parses.
 */
import type { TokenInfo } from '../../../../grammar/src/ast';
import { containsPosition, type Position } from '../../../../grammar/src/text';
import {
  BLOCK_OPENERS, DURATION_KEYS, FREQUENCY_KEYS, ITEM_KEYWORDS, ITEM_START, KEYWORD_DOCS, KEYWORDS, PERCENT_KEYS, RATE_KEYS, type BlockKind,
} from './keywords';
import { systemIndexAt, systemOf, type PartialAnalysis } from './lookup';
import { declsOf, type NameIndex } from './names';
import { SNIPPETS } from './snippets';
import { fileName } from './services';
import { LineIndex } from '../../../../grammar/src/positions';
import type { CompletionEntry, CompletionKind } from './types';

interface Frame {
  block: BlockKind;
  /** For a site: its qualified id (the scope of its layers). */
  scope: string;
}

/** Completion entries at a position. Needs the parse; uses the model (for instance names) when there is one. */
export function completions(doc: PartialAnalysis, index: NameIndex, text: string, pos: Position): CompletionEntry[] {
  const lines = new LineIndex(text);
  const offset = lines.offsetAt(pos);
  if (doc.parse.comments.some((c) => c.startOffset < offset && offset <= c.endOffset)) return [];
  const tokens = doc.parse.tokens;
  let end = 0;
  while (end < tokens.length && (tokens[end] as TokenInfo).endOffset <= offset) end++;
  // A token the cursor is inside of, or touching at its end, is the word being typed.
  let typing: TokenInfo | undefined = tokens[end - 1] && (tokens[end - 1] as TokenInfo).endOffset === offset ? tokens[end - 1] : undefined;
  if (tokens[end] && (tokens[end] as TokenInfo).startOffset < offset) typing = tokens[end];
  // Punctuation touching the cursor is context, not a word being typed.
  if (typing && !/^[\w"]/.test(typing.image)) typing = undefined;
  const numeric = typing && /^(\d+(?:\.\d+)?)[a-z%]*$/.exec(typing.image);
  if (typing && numeric) return units(tokens, typing, numeric[1] as string, end);
  // A name being typed may span several tokens (`us-east-`, `east.app-1`): the context is what
  // comes before all of it, and a chosen name replaces all of it.
  const word = nameBeingTyped(text, offset);
  const before = word
    ? tokens.filter((t) => t.endOffset <= word.start)
    : tokens.slice(0, typing ? tokens.indexOf(typing) : end);
  const wordRange = word ? { start: lines.positionAt(word.start), end: lines.positionAt(word.end) } : undefined;
  const prev = before[before.length - 1];
  const frame = frameAt(before);
  const system = systemIndexAt(doc.parse.ast, pos);
  const replacing = (entries: CompletionEntry[]): CompletionEntry[] =>
    wordRange ? entries.map((e) => ({ ...e, filterText: e.label, textEdit: { range: wordRange, newText: e.label } })) : entries;

  const names = (kinds: Parameters<typeof declsOf>[2], scope?: string, exclude: ReadonlySet<string> = new Set()): CompletionEntry[] =>
    replacing(
      declsOf(index, system, kinds)
        .filter((d) => scope === undefined || d.scope === scope)
        .map((d) => entry(d.kind === 'layer' || d.kind === 'node' ? d.name : d.id, d.kind as CompletionKind, d.kind))
        .filter((e) => !exclude.has(e.label)),
    );

  // The estates' contextual keywords, read by spelling and place: mid-edit (`use <|>`) the parser
  // may not have read the word as a keyword yet.
  const estateWord = prev !== undefined && !isArgumentOf(before, before.length - 1) ? prev.image : '';
  if (estateWord === 'use' && frame.block === 'system') return replacing(services(doc, system, pos));
  if (['import', 'external', 'journey'].includes(estateWord) && (frame.block === 'file' || (estateWord === 'journey' && frame.block === 'system'))) return [];
  if (frame.block === 'system' && prev && !prev.keyword && before[before.length - 2]?.image === 'use' && !isArgumentOf(before, before.length - 2)) {
    return [...values(['soft']), ...keywords(frame.block), ...(SNIPPETS[frame.block] ?? [])];
  }
  if (frame.block === 'journey' && (prev?.image === 'path' || prev?.image === '->')) {
    // A journey's steps: its system's top-level layers (none at file level), then the services.
    const inSystem = doc.parse.ast.systems[system]?.journeys.some((j) => containsPosition(j.range, pos)) ?? false;
    return [...(inSystem ? names(['layer'], '') : []), ...replacing(services(doc, system, pos))];
  }

  // Common causes (an extension): `fail deploy <|>`, `maintenance 1h <|>`, `slo 99.9% <|>`.
  const beforePrev = before[before.length - 2];
  if (beforePrev?.image === 'fail' && prev && ['deploy', 'maintenance', 'common-cause'].includes(prev.image)) {
    return replacing(causeTargets(doc, system, prev.image));
  }
  if (prev && !prev.keyword && beforePrev?.image === 'maintenance' && before[before.length - 3]?.image !== 'fail') return values(['every']);
  if (prev && !prev.keyword && beforePrev && (beforePrev.image === 'slo' || beforePrev.image === 'sla')) {
    return [...values(['excludes']), ...keywords(frame.block), ...(SNIPPETS[frame.block] ?? [])];
  }

  switch (prev?.image) {
    case 'excludes':
      return values(['maintenance']);
    case 'rollout':
      return values(['canary', 'all-at-once']);
    case 'zone':
      return frame.block === 'node' || frame.block === 'defaults' ? names(['zone']) : [];
    case 'in':
      return names(['region']);
    case '[':
    case ',':
      return insideZonesList(before) ? names(['zone'], undefined, listedZones(before)) : [];
    case 'path':
    case '->':
      return names(['layer'], frame.scope);
    case 'fail':
      return [...replacing(failTargets(doc, index, system)), ...values(['deploy', 'maintenance', 'common-cause'])];
    case 'standby':
      return [...values(['hot', 'warm', 'cold']), ...keywords(frame.block)];
    case 'mode':
      return values(['active-active', 'active-passive']);
    case 'replication':
      return values(['sync', 'async']);
    case 'async':
      return [...values(['lag']), ...keywords(frame.block)];
    case 'backup':
      return values(['every']);
    case 'kind':
      return values(['dns', 'load-balancer', 'app', 'database', 'cache', 'storage', 'queue', 'other']);
  }
  if (prev && needsArgument(prev)) return [];
  return [...keywords(frame.block), ...(SNIPPETS[frame.block] ?? [])];
}

/** True when token `i` is the argument of the keyword before it (`layer use`, `path use`): a name, not an item's start. */
function isArgumentOf(tokens: TokenInfo[], i: number): boolean {
  const before = tokens[i - 1];
  return before !== undefined && (before.image === '->' || before.image === '[' || before.image === ',' || before.image === '.' || (before.keyword && !ITEM_START_WITHOUT_NAME.has(before.image)));
}

/** Keywords after which an item may start at once (they take no name): `optional`, bare `standby`, and the `{`-openers. */
const ITEM_START_WITHOUT_NAME: ReadonlySet<string> = new Set(['optional', 'standby', 'soft']);

/**
 * The services a system may use: the file's other systems, its externals, and the services of
 * the files it imports (as its last analysis read them), each name once.
 */
function services(doc: PartialAnalysis, system: number, pos: Position): CompletionEntry[] {
  const ast = doc.parse.ast;
  const enclosing = system >= 0 ? ast.systems[system] : undefined;
  // A journey at file level after a system is not in it: every system is a service there.
  const own = enclosing && containsPosition(enclosing.range, pos) ? enclosing.name?.text : undefined;
  const quote = (n: { text: string; quoted: boolean }) => (n.quoted ? `"${n.text.replace(/["\\]/g, '\\$&')}"` : n.text);
  const identifier = (name: string) => quote({ text: name, quoted: !/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name) || KEYWORDS.has(name) });
  const out = [
    ...ast.systems.flatMap((s) => (s.name && s.name.text !== own ? [entry(quote(s.name), 'service', 'system')] : [])),
    ...ast.externals.flatMap((e) => (e.name ? [entry(quote(e.name), 'service', 'external')] : [])),
  ];
  const seen = new Set([...out.map((e) => e.label), ...(own !== undefined ? [own] : [])]);
  for (const file of doc.imported ?? []) {
    const from = fileName(file.uri);
    const brought = [...file.model.systems.map((s) => [s.name, 'system'] as const), ...file.model.externals.map((e) => [e.name, 'external'] as const)];
    for (const [name, kind] of brought) {
      const label = identifier(name);
      if (seen.has(label) || seen.has(name)) continue;
      seen.add(label);
      out.push(entry(label, 'service', `${kind} (${from})`));
    }
  }
  return out;
}

/** The block enclosing the end of a token list. */
function frameAt(before: TokenInfo[]): Frame {
  const stack: Frame[] = [];
  let item = '';
  let itemIndex = -1;
  before.forEach((t, i) => {
    if (t.keyword && ITEM_START.has(t.image)) {
      item = t.image;
      itemIndex = i;
    } else if (t.image === '{') {
      const block = BLOCK_OPENERS[item];
      const outer = stack[stack.length - 1];
      const parentScope = outer?.scope ?? '';
      const siteName = block === 'site' ? before[itemIndex + 1]?.image ?? '?' : '';
      stack.push({ block: block ?? 'system', scope: block === 'site' ? (parentScope ? parentScope + '.' : '') + siteName : parentScope });
      item = '';
    } else if (t.image === '}') {
      stack.pop();
      item = '';
    }
  });
  return stack[stack.length - 1] ?? { block: 'file', scope: '' };
}

/** Keywords after which a name or a value (not another keyword) comes. */
function needsArgument(t: TokenInfo): boolean {
  if (!t.keyword) return false;
  const takesName = ['system', 'region', 'layer', 'node', 'site', 'scenario', 'at', 'every', 'lag', 'zones'];
  return takesName.includes(t.image) || PERCENT_KEYS.has(t.image) || DURATION_KEYS.has(t.image) || RATE_KEYS.has(t.image) || FREQUENCY_KEYS.has(t.image) ||
    ['min', 'replicas', 'unhealthy'].includes(t.image);
}

/** The identifier under or before the cursor when it has a `-` or `.` in it (several tokens, or a dangling `-`). */
function nameBeingTyped(text: string, offset: number): { start: number; end: number } | undefined {
  let start = offset;
  while (start > 0 && /[\w.-]/.test(text[start - 1] as string)) start--;
  let end = offset;
  while (end < text.length && /[\w-]/.test(text[end] as string)) end++;
  const word = text.slice(start, end);
  return /^[A-Za-z_]/.test(word) && /[-.]/.test(text.slice(start, offset)) ? { start, end } : undefined;
}

/** Zones already in the `zones [...]` list being written (not offered again). */
function listedZones(before: TokenInfo[]): Set<string> {
  const out = new Set<string>();
  for (let i = before.length - 1; i >= 0 && (before[i] as TokenInfo).image !== '['; i--) out.add((before[i] as TokenInfo).image);
  return out;
}

function insideZonesList(before: TokenInfo[]): boolean {
  for (let i = before.length - 1; i >= 0; i--) {
    const image = (before[i] as TokenInfo).image;
    if (image === '[') return before[i - 1]?.image === 'zones';
    if (image === ']' || image === '{' || image === '}') return false;
  }
  return false;
}

function keywords(block: BlockKind): CompletionEntry[] {
  return ITEM_KEYWORDS[block].map((k) => {
    const e = entry(k, 'keyword', KEYWORD_DOCS[k]);
    e.sortText = '1' + k;
    return e;
  });
}

function values(words: string[]): CompletionEntry[] {
  return words.map((w) => entry(w, 'value'));
}

function entry(label: string, kind: CompletionKind, detail?: string): CompletionEntry {
  const e: CompletionEntry = { label, kind };
  if (detail) e.detail = detail;
  return e;
}

/** Fail targets: nodes, their instances, sites, zones and regions, from the model when there is one. */
function failTargets(doc: PartialAnalysis, index: NameIndex, system: number): CompletionEntry[] {
  const sys = system >= 0 ? systemOf(doc, system) : undefined;
  if (!sys) {
    // No model yet (the text does not parse): instances come from the nodes' `replicas`.
    return declsOf(index, system, ['node', 'site', 'zone', 'region']).flatMap((d) => [
      entry(d.id, d.kind as CompletionKind, d.kind),
      ...Array.from({ length: Math.min(d.replicas ?? 0, MAX_LISTED_INSTANCES) }, (_, i) => entry(`${d.id}-${i + 1}`, 'instance', `instance of ${d.id}`)),
    ]);
  }
  const m = sys.model;
  return [
    ...m.nodes.map((n) => entry(n.id, 'node', `node in ${n.layer}${n.instances.length > 1 ? ` (${n.instances.length} instances)` : ''}`)),
    ...m.instances.filter((i) => i.id !== i.node).map((i) => entry(i.id, 'instance', `instance of ${i.node}${i.zone ? ' in ' + i.zone : ''}`)),
    ...m.sites.map((s) => entry(s.id, 'site', 'site')),
    ...m.zones.map((z) => entry(z.name, 'zone', 'zone')),
    ...m.regions.map((r) => entry(r.name, 'region', 'region')),
  ];
}

/**
 * After `fail deploy`, `fail maintenance`, `fail common-cause`: the layers, sites and nodes that
 * declare one (from the model), by the name the scenario gives them.
 */
function causeTargets(doc: PartialAnalysis, system: number, kind: string): CompletionEntry[] {
  const sys = system >= 0 ? systemOf(doc, system) : undefined;
  if (!sys) return [];
  return (sys.model.commonCauses ?? [])
    .filter((c) => c.kind === kind && c.scopeId !== '')
    .map((c) => entry(c.scopeId, c.scope === 'node' ? 'node' : c.scope === 'site' ? 'site' : 'layer', c.id));
}

/** A node with more replicas lists only its first ones when there is no model. */
const MAX_LISTED_INSTANCES = 100;

/** Units glued to the number being typed, chosen by the property it is the value of. */
function units(tokens: TokenInfo[], number: TokenInfo, digits: string, end: number): CompletionEntry[] {
  const key = [...tokens.slice(0, end)].reverse().find((t) => t !== number && t.keyword)?.image ?? '';
  let suffixes: [string, string][];
  if (PERCENT_KEYS.has(key)) suffixes = [['%', 'percent']];
  else if (FREQUENCY_KEYS.has(key)) suffixes = FREQUENCY_UNITS;
  else if (DURATION_KEYS.has(key)) suffixes = DURATION_UNITS;
  else if (RATE_KEYS.has(key)) suffixes = [['rps', 'requests per second']];
  else if (['min', 'replicas', 'unhealthy'].includes(key)) return [];
  else suffixes = [['%', 'percent'], ...DURATION_UNITS, ['rps', 'requests per second']];
  return suffixes.map(([unit, detail], i) => ({
    label: digits + unit,
    kind: 'unit',
    detail,
    filterText: digits + unit,
    sortText: String(i).padStart(2, '0'),
    textEdit: { range: number.range, newText: digits + unit },
  }));
}

const FREQUENCY_UNITS: [string, string][] = [
  ['/week', 'a week'], ['/day', 'a day'], ['/month', 'a month (a twelfth of 365.25 days)'], ['/hour', 'an hour'], ['/year', 'a year (365.25 days)'],
];

const DURATION_UNITS: [string, string][] = [
  ['ms', 'milliseconds'], ['s', 'seconds'], ['m', 'minutes'], ['h', 'hours'], ['d', 'days'], ['w', 'weeks'], ['y', 'years (365.25 days)'],
];
