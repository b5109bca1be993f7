/**
 * The language-server fuzzer's generators, shared by the fuzz suite (`fuzz.test.ts`, bounded, in
 * `npm test`) and the long run (`scripts/fuzz-lsp.ts`): random edits of open documents and random
 * requests of every kind the server offers. Everything is drawn from one seeded `Random` and from
 * the client's own state (the texts it sent, and what it learnt from the server at the last
 * settle point: each document's published diagnostics and failure targets), never from
 * responses that race with edits, so a seed replays the same messages in the same order.
 *
 * Texts are kept with vscode-languageserver-textdocument, the library the server applies
 * changes with, so the client's text and the server's are the same whatever an edit does
 * (split a surrogate pair or a CRLF, point past the end of a line).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, Position, Range, TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';
import { CODES } from '../../grammar/src/codes';
import { KEYWORDS } from '../../grammar/src/tokens';
import { MAX_FAILURE_SECONDS } from '../../server/src/core/index';
import {
  BlastRequest, DebugHeapRequest, DiagramRequest, DiffRequest, FailureTargetsRequest, MonteCarloRequest, ReportRequest, RevisionsRequest, SimulateRequest, type FailureTarget,
} from '../../server/src/protocol';
import type { Random } from '../support/random';
import { generateSystem, printSystem } from '../verify/generate';
import { benchDocument } from './large-document';

export { Random } from '../support/random';

// ── The corpus: valid models to start from, paste from and replace with ────────────────────────

/** Valid models: the spec example, every complete model of the docs, generated systems, a small bench document. */
export interface Corpus {
  example: string;
  models: string[];
}

/** The corpus, read once from the repository (examples/, the example estate, and the ```topo blocks of docs/). */
export function loadCorpus(root: string): Corpus {
  const example = readFileSync(join(root, 'examples', 'checkout.topo'), 'utf8');
  // The example estate too: imports (not found under the fuzz's URIs), externals, uses, journeys.
  const models = [example, readFileSync(join(root, 'examples', 'estate', 'shop.topo'), 'utf8')];
  const docs = join(root, 'docs');
  for (const file of readdirSync(docs).filter((f) => f.endsWith('.md')).sort()) {
    const text = readFileSync(join(docs, file), 'utf8');
    for (const m of text.matchAll(/^```topo([^\n]*)\n([\s\S]*?)^```/gm)) {
      const body = m[2] as string;
      models.push(/\bfragment\b/.test(m[1] as string) ? `system fragment {\n${body}}\n` : body);
    }
  }
  for (let seed = 1; seed <= 12; seed++) models.push(printSystem(generateSystem(seed, { failoverShapes: seed % 2 === 0 })));
  models.push(benchDocument(2).text);
  return { example, models };
}

// ── Documents ─────────────────────────────────────────────────────────────────────────────────

/** The documents a run opens at the start; `large` marks the one whose Monte Carlo years are kept few, `weight` how often it is edited. */
export interface StartDocument {
  uri: string;
  text: string;
  large?: boolean;
  weight?: number;
}

/**
 * The two sets of documents the suite and the long run open (the same ones, so a seed and a
 * number of edits replay a test's run with `scripts/fuzz-lsp.ts`):
 * - `example`: the spec example twice (the second a file committed in a git repository, so that
 *   comparisons with a revision, `topo/diff`, have something to compare) and a generated model
 *   with failover shapes;
 * - `large`: the generated document of the LSP bench (`replicas` per node: 20 gives 2,000
 *   instances) edited three times in four, with the example open beside it.
 */
export function startDocuments(set: 'example' | 'large', corpus: Corpus, replicas = 20): StartDocument[] {
  if (set === 'large') {
    return [
      { uri: 'file:///fuzz/large.topo', text: benchDocument(replicas).text, large: true, weight: 3 },
      { uri: 'file:///fuzz/beside.topo', text: corpus.example, weight: 1 },
    ];
  }
  return [
    { uri: 'file:///fuzz/a.topo', text: corpus.example },
    { uri: committedExample(corpus.example), text: corpus.example },
    { uri: 'file:///fuzz/c.topo', text: printSystem(generateSystem(2, { failoverShapes: true })) },
  ];
}

/** The URI of `b.topo`, the example committed in a temporary git repository made once per process (removed at its exit). */
function committedExample(example: string): string {
  if (!repository) {
    const dir = mkdtempSync(join(tmpdir(), 'topo-fuzz-repo-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'b.topo'), example);
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=fuzz@topo', '-c', 'user.name=fuzz', ...args], { cwd: dir, stdio: 'ignore' });
    git('init', '-q');
    git('add', '-A');
    git('commit', '-q', '-m', 'the example');
    repository = dir;
  }
  return pathToFileURL(join(repository, 'b.topo')).href;
}
let repository: string | undefined;

/** One open document as the client has it, and what it learnt from the server at the last settle point. */
export interface FuzzDoc {
  uri: string;
  doc: TextDocument;
  /** Diagnostics published for the version current at the last settle point. */
  diagnostics: Diagnostic[];
  /** Failure targets of the version current at the last settle point. */
  targets: FailureTarget[];
  /** The system names of the text at the last settle point (what a request's `system` may name). */
  systems: string[];
}

export function openDoc(uri: string, text: string): FuzzDoc {
  return { uri, doc: TextDocument.create(uri, 'topo', 1, text), diagnostics: [], targets: [], systems: systemNames(text) };
}

/** The names of the systems declared in a text (roughly: what a request's `system` may name). */
export function systemNames(text: string): string[] {
  return [...text.matchAll(/^\s*system\s+("[^"\n]*"|[A-Za-z_][\w-]*)/gm)].map((m) => (m[1] as string).replace(/^"|"$/g, ''));
}

// ── Edits ─────────────────────────────────────────────────────────────────────────────────────

/** The words, punctuation and fragments of the language that random insertions draw from. */
const VOCABULARY: readonly string[] = [
  ...KEYWORDS,
  '{', '}', '[', ']', ',', '->', '%', '"', '#', '//', '\n', '\r\n', ' ', '  ', '\t',
  'replicas 3', 'availability 99.9%', 'mttr 2h', 'mtbf 30d', 'path a -> b', 'fail az1 at 5s', 'scenario "x" {', 'scenario s { fail db-primary at 1h }',
  'health-check { interval 10s }', 'heartbeat { interval 1s timeout 10s }', 'load 100rps', 'capacity 50rps', 'min 0', 'min 99999', '999%', '-1s',
  '1e309', '0.0000001%', '100%', '0%', '99.99999999999999%', '1000000y', 'db-', '-', '.', 'zones [az1, az2]', 'zone az1', 'standby cold', 'promote 30s',
  'replication sync', 'backup every 1h', 'window 30d', 'rpo 0s', 'site s { layer l { node n { availability 99% } } }', 'layer x { node y { } }',
  'region r { availability 99.999% }', 'zone z in r { }', 'defaults { mttr 1h }', 'optional', 'mode active-passive', 'kind lb',
  'é', '😀', 'Ω', '\u00a0', '\u200b', '\u2028', '\u0000', '\r', '\ufeff',
];

export type EditKind =
  | 'delete' | 'insert-word' | 'insert-ascii' | 'insert-utf16' | 'replace-span' | 'tweak-number' | 'swap-name'
  | 'paste-model' | 'paste-self' | 'duplicate-block' | 'paste-file'
  | 'truncate' | 'replace-all' | 'restore' | 'crlf' | 'bom' | 'multi';

export interface FuzzEdit {
  kind: EditKind;
  /** The changes of one didChange, applied in order (LSP's contentChanges). */
  changes: TextDocumentContentChangeEvent[];
}

/** Weights of the edit kinds: mostly small typing, with pastes, truncations and replacements among them. */
const EDIT_WEIGHTS: [EditKind, number][] = [
  ['delete', 10], ['insert-word', 14], ['insert-ascii', 5], ['insert-utf16', 5], ['replace-span', 6], ['tweak-number', 10], ['swap-name', 4],
  ['paste-model', 5], ['paste-self', 4], ['duplicate-block', 4], ['paste-file', 1.5],
  ['truncate', 2], ['replace-all', 2], ['restore', 22], ['crlf', 1], ['bom', 1], ['multi', 5],
];

/** What a number of the text becomes: ordinary values and edge ones (zero, huge, more digits than a double holds). */
const NUMBERS = ['0', '1', '2', '3', '5', '10', '30', '99', '99.9', '99.99', '99.999', '100', '0.5', '1000', '1e3', '65536', '100000', '0.000000001', '99.99999999999999999', '1.5'];

/** The names declared in a text (nodes, layers, zones, regions, sites). */
export function declaredNames(text: string): string[] {
  return [...new Set([...text.matchAll(/\b(?:node|layer|zone|region|site)\s+([A-Za-z_][\w-]*)/g)].map((m) => m[1] as string))];
}

/** The offset of a random occurrence of a declared name (its declaration or a reference), or undefined. */
function nameOffset(text: string, random: Random): { at: number; name: string } | undefined {
  const names = declaredNames(text);
  if (names.length === 0) return undefined;
  const name = random.pick(names);
  // Names are letters, digits, '_' and '-': nothing to escape.
  const hits = [...text.matchAll(new RegExp(`(?<![\\w-])${name}(?![\\w-])`, 'g'))].map((m) => m.index);
  return hits.length > 0 ? { at: random.pick(hits), name } : undefined;
}

function weighted<T>(random: Random, table: readonly [T, number][]): T {
  const total = table.reduce((s, [, w]) => s + w, 0);
  let x = random.next() * total;
  for (const [value, w] of table) {
    x -= w;
    if (x < 0) return value;
  }
  return (table[table.length - 1] as [T, number])[0];
}

/** A random offset: anywhere, or (half the time) inside or beside a word, where edits of names and values happen. */
function randomOffset(text: string, random: Random): number {
  if (text.length > 0 && random.chance(0.5)) {
    const at = random.int(0, text.length - 1);
    const re = /[A-Za-z_][\w.%-]*/g;
    re.lastIndex = at;
    const m = re.exec(text);
    if (m) return m.index + random.int(0, m[0].length);
  }
  return random.int(0, text.length);
}

/** A span of whole lines (1–`max` lines) starting at a random line. */
function lineSpan(text: string, random: Random, max: number): [number, number] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const first = random.int(0, starts.length - 1);
  const last = Math.min(starts.length, first + random.int(1, max));
  return [starts[first] as number, last < starts.length ? (starts[last] as number) : text.length];
}

/** A balanced `{ … }` block of the text with its line (the span of a layer, node or site), or undefined. */
function blockSpan(text: string, random: Random): [number, number] | undefined {
  const opens: number[] = [];
  for (let i = text.indexOf('{'); i >= 0 && opens.length < 400; i = text.indexOf('{', i + 1)) opens.push(i);
  if (opens.length === 0) return undefined;
  const open = random.pick(opens);
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) {
      const lineStart = text.lastIndexOf('\n', open) + 1;
      return [lineStart, text[i + 1] === '\n' ? i + 2 : i + 1];
    }
  }
  return undefined;
}

function randomAscii(random: Random, max: number): string {
  return Array.from({ length: random.int(0, max) }, () => String.fromCharCode(random.int(32, 126))).join('');
}

/**
 * Random UTF-16: code units anywhere in the BMP, whole astral characters, and now and then a
 * lone surrogate (a JavaScript string, and so an editor's text, can hold one).
 */
function randomUtf16(random: Random): string {
  let out = '';
  for (let n = random.int(1, 4); n > 0; n--) {
    const r = random.next();
    if (r < 0.5) out += String.fromCharCode(random.int(0x80, 0xd7ff));
    else if (r < 0.75) out += String.fromCodePoint(random.int(0x10000, 0x10ffff));
    else if (r < 0.9) out += String.fromCharCode(random.int(0xe000, 0xffff));
    else out += String.fromCharCode(random.int(0xd800, 0xdfff));
  }
  return out;
}

function word(random: Random): string {
  return random.pick(VOCABULARY) + (random.chance(0.3) ? ' ' : '');
}

/** A chunk of a valid model: a few whole lines, a block, or a random slice. */
function chunkOf(text: string, random: Random): string {
  const r = random.next();
  if (r < 0.4) {
    const [a, b] = lineSpan(text, random, 8);
    return text.slice(a, b);
  }
  if (r < 0.7) {
    const span = blockSpan(text, random);
    if (span) return text.slice(span[0], span[1]);
  }
  const from = random.int(0, text.length);
  return text.slice(from, from + random.int(1, 300));
}

/** An incremental change replacing [from, to) of `doc` with `text`. */
function splice(doc: TextDocument, from: number, to: number, text: string): TextDocumentContentChangeEvent {
  return { range: { start: doc.positionAt(from), end: doc.positionAt(to) }, text };
}

/** One random didChange of `fuzz` (not applied: see `applyEdit`). `history` holds earlier texts of the document without errors, for `restore`. */
export function randomEdit(fuzz: FuzzDoc, random: Random, corpus: Corpus, history: readonly string[]): FuzzEdit {
  const { doc } = fuzz;
  const text = doc.getText();
  const kind = weighted(random, EDIT_WEIGHTS);
  const at = randomOffset(text, random);
  const one = (change: TextDocumentContentChangeEvent): FuzzEdit => ({ kind, changes: [change] });
  switch (kind) {
    case 'delete':
      return one(splice(doc, at, Math.min(text.length, at + (random.chance(0.8) ? random.int(1, 12) : random.int(13, 400))), ''));
    case 'insert-word':
      return one(splice(doc, at, at, word(random)));
    case 'insert-ascii':
      return one(splice(doc, at, at, randomAscii(random, 8)));
    case 'insert-utf16':
      return one(splice(doc, at, at, randomUtf16(random)));
    case 'tweak-number': {
      const numbers = [...text.matchAll(/\d+(?:\.\d+)?/g)];
      if (numbers.length === 0) return one(splice(doc, at, at, random.pick(NUMBERS)));
      const m = random.pick(numbers);
      return one(splice(doc, m.index, m.index + m[0].length, random.pick(NUMBERS)));
    }
    case 'swap-name': {
      // A name where another one was: duplicates, dangling references, a layer named like a zone.
      const hit = nameOffset(text, random);
      const names = declaredNames(text);
      if (!hit) return one(splice(doc, at, at, word(random)));
      return one(splice(doc, hit.at, hit.at + hit.name.length, random.chance(0.8) ? random.pick(names) : `${hit.name}${random.pick(['2', '-x', '_'])}`));
    }
    case 'replace-span':
      return one(splice(doc, at, Math.min(text.length, at + random.int(1, 20)), random.chance(0.7) ? word(random) : randomAscii(random, 6)));
    case 'paste-model':
      return one(splice(doc, at, at, chunkOf(random.pick(corpus.models), random)));
    case 'paste-self':
      return one(splice(doc, at, at, chunkOf(text, random)));
    case 'duplicate-block': {
      const span = blockSpan(text, random) ?? lineSpan(text, random, 5);
      const times = random.chance(0.9) ? 1 : random.int(2, 20);
      return one(splice(doc, span[1], span[1], text.slice(span[0], span[1]).repeat(times)));
    }
    case 'paste-file':
      return one(splice(doc, random.chance(0.5) ? text.length : at, random.chance(0.5) ? text.length : at, random.pick(corpus.models)));
    case 'truncate':
      return one(splice(doc, at, text.length, ''));
    case 'replace-all': {
      const r = random.next();
      const next = r < 0.1 ? '' : r < 0.2 ? randomAscii(random, 200) : random.pick(corpus.models);
      return { kind, changes: [{ text: next }] };
    }
    case 'restore':
      // Back to a text without errors (an undo of the edits since): most of a person's time is spent near one.
      return { kind, changes: [{ text: history.length > 0 ? (random.chance(0.5) ? history[history.length - 1] as string : random.pick(history)) : corpus.example }] };
    case 'crlf': {
      const next = text.includes('\r\n') && random.chance(0.5) ? text.replace(/\r\n/g, '\n') : text.replace(/\r?\n/g, '\r\n');
      return { kind, changes: [{ text: next }] };
    }
    case 'bom':
      return text.startsWith('\ufeff') ? one(splice(doc, 0, 1, '')) : one(splice(doc, 0, 0, '\ufeff'));
    case 'multi': {
      // Several changes in one notification, each against the text the previous one left.
      const scratch = TextDocument.create(doc.uri, 'topo', doc.version, text);
      const changes: TextDocumentContentChangeEvent[] = [];
      for (let n = random.int(2, 5); n > 0; n--) {
        const t = scratch.getText();
        const from = randomOffset(t, random);
        const change = splice(scratch, from, Math.min(t.length, from + (random.chance(0.5) ? random.int(0, 6) : 0)), random.chance(0.7) ? word(random) : randomAscii(random, 4));
        changes.push(change);
        TextDocument.update(scratch, [change], scratch.version + 1);
      }
      return { kind, changes };
    }
  }
}

/** Applies an edit to the client's copy as the server applies it, bumping the version. */
export function applyEdit(fuzz: FuzzDoc, edit: FuzzEdit): number {
  const version = fuzz.doc.version + 1;
  fuzz.doc = TextDocument.update(fuzz.doc, edit.changes, version);
  return version;
}

/** An edit in a few words, for a failure message (long texts shortened). */
export function describeEdit(uri: string, version: number, edit: FuzzEdit): string {
  const short = (s: string) => JSON.stringify(s.length > 120 ? `${s.slice(0, 120)}… (${s.length} chars)` : s);
  const changes = edit.changes.map((c) => ('range' in c ? `${rangeText(c.range)} ← ${short(c.text)}` : `whole text ← ${short(c.text)}`));
  return `${edit.kind} of ${uri} → v${version}: ${changes.join('; ')}`;
}

function rangeText(r: Range): string {
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

// ── Requests ──────────────────────────────────────────────────────────────────────────────────

/**
 * Error responses that are answers, not failures. Everything else — InternalError, a
 * MethodNotFound, a message that reads like a crash — fails the fuzz.
 * - `rename`: prepareRename and rename refuse with InvalidRequest (-32600) and a sentence for the
 *   person (a keyword, nothing renameable here, free text, an invalid or clashing new name);
 * - `params`: a custom request's bad parameters, or a document that is not open, are refused with
 *   InvalidParams (-32602) and a message `topo/…: params…` naming the field (server/src/lsp/params.ts
 *   and custom.ts `open`); JSON-RPC's own refusal of a request with no params at all is
 *   InvalidParams too;
 * - `cancelled`: a request the client cancelled ($/cancelRequest: now and then any request, and a
 *   Monte Carlo run still going 3 s into a settle point) may be answered RequestCancelled
 *   (-32800) (lsp/guard.ts).
 * The server answers no ContentModified: a request about a superseded version waits for the
 * newest version's analysis (lsp/server.ts `snapshot`) and answers from it.
 */
export type Refusal = 'rename' | 'params' | 'cancelled';

export interface FuzzRequest {
  method: string;
  /** `undefined` sends the request with no params at all. */
  params: unknown;
  /** The refusals this request may be answered with. */
  refusals: Refusal[];
  /** Cancel it ($/cancelRequest) once the step's other messages are sent. */
  cancel?: boolean;
}

/** Weights of the methods: every request the server offers (server.ts capabilities and protocol.ts). */
const REQUEST_WEIGHTS: [string, number][] = [
  ['textDocument/hover', 10], ['textDocument/completion', 10], ['textDocument/definition', 5], ['textDocument/references', 5],
  ['textDocument/documentHighlight', 5], ['textDocument/prepareRename', 4], ['textDocument/rename', 4], ['textDocument/documentSymbol', 4],
  ['textDocument/foldingRange', 3], ['textDocument/selectionRange', 3], ['textDocument/formatting', 4], ['textDocument/semanticTokens/full', 4],
  ['textDocument/codeLens', 4], ['textDocument/inlayHint', 4], ['textDocument/codeAction', 5],
  [DiagramRequest.method, 2], [ReportRequest.method, 2], [FailureTargetsRequest.method, 2], [SimulateRequest.method, 4],
  [MonteCarloRequest.method, 1.5], [DebugHeapRequest.method, 0.5], [BlastRequest.method, 2], [DiffRequest.method, 1], [RevisionsRequest.method, 0.5],
];

export const REQUEST_METHODS: readonly string[] = REQUEST_WEIGHTS.map(([m]) => m);

/** A position in the document: mostly on a word, sometimes anywhere, now and then past the end of a line or of the text (LSP lets a client send those). */
function randomPosition(fuzz: FuzzDoc, random: Random): Position {
  const { doc } = fuzz;
  const r = random.next();
  if (r < 0.05) return { line: doc.lineCount + random.int(0, 3), character: random.int(0, 5) };
  if (r < 0.1) return { line: random.int(0, Math.max(0, doc.lineCount - 1)), character: random.int(0, 300) };
  const text = doc.getText();
  if (r < 0.55) {
    // On a name, where navigation, rename and hover have something to say.
    const hit = nameOffset(text, random);
    if (hit) return doc.positionAt(hit.at + random.int(0, hit.name.length));
  }
  return doc.positionAt(randomOffset(text, random));
}

function randomRange(fuzz: FuzzDoc, random: Random): Range {
  const a = randomPosition(fuzz, random);
  const b = randomPosition(fuzz, random);
  return a.line < b.line || (a.line === b.line && a.character <= b.character) ? { start: a, end: b } : { start: b, end: a };
}

/** New names for rename: valid identifiers, clashing ones, keywords and invalid text. */
function newName(fuzz: FuzzDoc, random: Random): string {
  const r = random.next();
  if (r < 0.4) return `n${random.int(0, 999)}${random.chance(0.3) ? '-x' : ''}`;
  if (r < 0.55) {
    const names = declaredNames(fuzz.doc.getText());
    if (names.length > 0) return random.pick(names);
  }
  if (r < 0.7) return random.pick(KEYWORDS);
  return random.pick(['', ' ', '1abc', 'a b', 'x-', '-x', 'é', '😀', 'a\nb', 'a"b', '{', 'x'.repeat(300), randomAscii(random, 10), randomUtf16(random)]);
}

/** The element names of simulate `failures`: the document's failure targets, and names that do not exist. */
function failures(fuzz: FuzzDoc, random: Random): { element: string; at: number }[] {
  const targets = fuzz.targets.filter((t) => t.type !== 'scenario');
  return Array.from({ length: random.int(1, 3) }, () => ({
    element: targets.length > 0 && random.chance(0.85) ? random.pick(targets).name : random.pick(['nope', '', 'lb1', 'db-primary', 'az1', 'use1', randomAscii(random, 6)]),
    at: random.chance(0.3) ? 0 : random.pick([random.int(1, 3600), random.next() * 1e6, random.int(1, 1e9), MAX_FAILURE_SECONDS, MAX_FAILURE_SECONDS * random.next()]),
  }));
}

/** Parameters a custom request must refuse (the shapes test/lsp/hostile-params.test.ts checks one by one). */
function hostileParams(method: string, uri: string, random: Random): unknown {
  const common: unknown[] = [null, uri, [uri], {}, { uri: 42 }, { uri: '' }, { uri: 'file:///fuzz/never-opened.topo', years: 5 }];
  const own: Record<string, unknown[]> = {
    [SimulateRequest.method]: [
      { uri, failures: 'lb1' }, { uri, failures: [null] }, { uri, failures: [{ element: 7, at: 0 }] }, { uri, failures: [{ element: 'lb1', at: -1 }] },
      { uri, failures: [{ element: 'lb1', at: Number.MAX_VALUE }] }, { uri, failures: [{ element: 'lb1', at: '10' }] }, { uri, scenario: 3 }, { uri, system: [] },
    ],
    [BlastRequest.method]: [{ uri }, { uri, element: '' }, { uri, element: 7 }, { uri, element: ['az1'] }, { uri, element: 'x'.repeat(2000) }],
    [DiffRequest.method]: [{ uri }, { uri, revision: '' }, { uri, revision: 7 }, { uri, revision: 'HEAD\u0000' }, { uri, revision: 'HEAD\nmain' }, { uri, revision: 'x'.repeat(2000) }],
    [RevisionsRequest.method]: [{ uri, max: 0 }, { uri, max: 1.5 }, { uri, max: '20' }, { uri, max: 1e6 }],
    [MonteCarloRequest.method]: [
      { uri }, { uri, years: 0 }, { uri, years: 1.5 }, { uri, years: '10' }, { uri, years: 1e9 }, { uri, years: 5, seed: -1 }, { uri, years: 5, seed: 2 ** 32 },
      { uri, years: 5, seed: null }, { uri, years: 5, system: false }, { uri, years: 5, workDoneToken: { id: 1 } },
    ],
  };
  if (method === DebugHeapRequest.method) return random.pick([null, [], 'heap', 3]);
  return random.pick([...common, ...(own[method] ?? [])]);
}

/**
 * One random request about `fuzz` (or, now and then, about a document that is not open).
 * `largeDocument` keeps Monte Carlo runs short where one year costs more.
 */
export function randomRequest(fuzz: FuzzDoc, random: Random, options: { largeDocument?: boolean } = {}): FuzzRequest {
  const request = requestOf(weighted(random, REQUEST_WEIGHTS), fuzz, random, options);
  // Any request may be cancelled by the client (the editor moved on).
  if (!request.cancel && random.chance(0.02)) {
    request.cancel = true;
    request.refusals.push('cancelled');
  }
  return request;
}

function requestOf(method: string, fuzz: FuzzDoc, random: Random, options: { largeDocument?: boolean }): FuzzRequest {
  // A document the server does not have: standard features answer empty, custom ones refuse.
  const uri = random.chance(0.03) ? 'file:///fuzz/not-open.topo' : fuzz.uri;
  const textDocument = { uri };
  const plain = (params: unknown): FuzzRequest => ({ method, params, refusals: [] });
  switch (method) {
    case 'textDocument/hover':
    case 'textDocument/definition':
    case 'textDocument/documentHighlight':
      return plain({ textDocument, position: randomPosition(fuzz, random) });
    case 'textDocument/completion':
      return plain({
        textDocument, position: randomPosition(fuzz, random),
        ...(random.chance(0.3) ? { context: { triggerKind: 2, triggerCharacter: random.pick(['[', ',', '>']) } } : {}),
      });
    case 'textDocument/references':
      return plain({ textDocument, position: randomPosition(fuzz, random), context: { includeDeclaration: random.chance(0.5) } });
    case 'textDocument/prepareRename':
      return { method, params: { textDocument, position: randomPosition(fuzz, random) }, refusals: ['rename'] };
    case 'textDocument/rename':
      return { method, params: { textDocument, position: randomPosition(fuzz, random), newName: newName(fuzz, random) }, refusals: ['rename'] };
    case 'textDocument/documentSymbol':
    case 'textDocument/foldingRange':
    case 'textDocument/semanticTokens/full':
    case 'textDocument/codeLens':
      return plain({ textDocument });
    case 'textDocument/selectionRange':
      return plain({ textDocument, positions: Array.from({ length: random.int(1, 4) }, () => randomPosition(fuzz, random)) });
    case 'textDocument/formatting':
      return plain({ textDocument, options: { tabSize: random.pick([2, 4, 8]), insertSpaces: random.chance(0.8) } });
    case 'textDocument/inlayHint':
      return plain({ textDocument, range: random.chance(0.5) ? { start: { line: 0, character: 0 }, end: { line: fuzz.doc.lineCount, character: 0 } } : randomRange(fuzz, random) });
    case 'textDocument/codeAction': {
      // The published diagnostics as the editor sends them back: those under the range, all of
      // them, or a few whose ranges are stale (the text moved since they were published).
      const range = randomRange(fuzz, random);
      const published = fuzz.diagnostics;
      const r = random.next();
      const diagnostics = r < 0.35 ? published.filter((d) => d.range.start.line <= range.end.line && d.range.end.line >= range.start.line)
        : r < 0.7 ? published
          : r < 0.85 ? published.slice(0, 3).map((d) => ({ ...d, range: randomRange(fuzz, random) }))
            : Array.from({ length: random.int(1, 3) }, () => madeUpDiagnostic(fuzz, random));
      return plain({ textDocument, range, context: { diagnostics, ...(random.chance(0.3) ? { only: ['quickfix'] } : {}) } });
    }
    case DiagramRequest.method:
    case ReportRequest.method:
    case FailureTargetsRequest.method:
      return custom(method, random, uri, { uri });
    case SimulateRequest.method: {
      const scenarios = fuzz.targets.filter((t) => t.type === 'scenario').map((t) => t.name);
      const system = random.chance(0.15) ? { system: random.chance(0.6) && fuzz.systems.length > 0 ? random.pick(fuzz.systems) : 'no-such-system' } : {};
      const valid = scenarios.length > 0 && random.chance(0.3)
        ? { uri, scenario: random.chance(0.85) ? random.pick(scenarios) : 'no such scenario', ...system }
        : random.chance(0.05) ? { uri, ...system } : { uri, failures: failures(fuzz, random), ...system };
      return custom(method, random, uri, valid);
    }
    case BlastRequest.method: {
      // An element of the document (a target, a system), or a name that is none.
      const names = [...fuzz.targets.filter((t) => t.type !== 'scenario').map((t) => t.name), ...fuzz.systems];
      const element = names.length > 0 && random.chance(0.8) ? random.pick(names) : random.pick(['no-such-element', 'az1', 'a.b.c', 'app-99']);
      return custom(method, random, uri, { uri, element });
    }
    case DiffRequest.method:
      // The fuzz documents are not files in a repository: each comparison is refused in words ({ ok: false }).
      return custom(method, random, uri, { uri, revision: random.pick(['HEAD', 'HEAD~1', 'main', '--output=/tmp/x', 'no-such-revision', ':/msg']) });
    case RevisionsRequest.method:
      return custom(method, random, uri, { uri, ...(random.chance(0.5) ? { max: random.int(1, 200) } : {}) });
    case MonteCarloRequest.method: {
      const years = random.int(1, options.largeDocument ? 3 : 200);
      const valid = {
        uri, years, ...(random.chance(0.8) ? { seed: random.int(0, 0xffffffff) } : {}),
        ...(random.chance(0.3) ? { workDoneToken: `fuzz-${random.int(0, 1e6)}` } : {}),
        ...(random.chance(0.1) && fuzz.systems.length > 0 ? { system: random.pick(fuzz.systems) } : {}),
      };
      const request = custom(method, random, uri, valid);
      if (random.chance(0.2)) {
        request.cancel = true;
        request.refusals.push('cancelled');
      }
      return request;
    }
    default:
      return custom(DebugHeapRequest.method, random, uri, {});
  }
}

/**
 * A diagnostic the server did not publish: any code of the catalogue at any range, with the
 * `data` a quick fix reads (plausible, or of the wrong type). Each quick fix then runs where its
 * diagnostic does not belong — a client may send back anything.
 */
function madeUpDiagnostic(fuzz: FuzzDoc, random: Random): Diagnostic {
  const names = declaredNames(fuzz.doc.getText());
  const data = random.pick<unknown>([
    undefined, {}, { suggestion: names.length > 0 ? random.pick(names) : 'x' }, { zone: 'az9' }, { expected: random.pick(['zone', 'region', 'layer', 'node', 'site', 'nonsense']) },
    { subject: 'lb1' }, { suggestion: 5 }, { zone: null }, { expected: [] }, 'data', 42, [],
  ]);
  return {
    range: randomRange(fuzz, random),
    severity: random.pick([1, 2, 3, 4] as const),
    code: random.chance(0.95) ? random.pick(CODES) : random.pick(['', 'nope', 7] as const),
    source: random.pick([undefined, 'topo', 'other']),
    message: random.chance(0.5) ? 'made up' : randomAscii(random, 20),
    ...(data !== undefined ? { data } : {}),
  };
}

/** A custom request: valid parameters mostly, refused ones (or none at all) sometimes. */
function custom(method: string, random: Random, uri: string, valid: unknown): FuzzRequest {
  const r = random.next();
  const params = r < 0.1 ? hostileParams(method, uri, random) : r < 0.12 ? undefined : valid;
  return { method, params, refusals: ['params'] };
}
