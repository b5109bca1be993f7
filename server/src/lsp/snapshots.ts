/**
 * One analysis per document version. A snapshot is the analysis of exactly one version of a
 * document's text; features answer from the latest one, analysing on demand when a request
 * arrives before the debounced analysis has run. Only the latest snapshot of a document is
 * kept, so memory does not grow with the number of edits.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ParseResult } from '../../../grammar/src/ast';
import { parse } from '../../../grammar/src/index';
import type { Diagnostic } from '../../../grammar/src/text';
import { analyseDocument, type DocumentAnalysis } from '../core/pipeline';
import type { AnalysisOptions } from '../core/analysis/types';
import { indexNames, type NameIndex } from '../core/ide/names';

/**
 * What the syntax-level features (completion, navigation, outline, formatting, semantic tokens,
 * quick fixes) need: one version's text, parse and name index. They answer from it without
 * waiting for the analysis, which on a large model costs far more than the parse.
 */
export class SyntaxSnapshot {
  private names: NameIndex | undefined;

  constructor(readonly uri: string, readonly version: number, readonly text: string, readonly parse: ParseResult) {}

  /** The name index, built on first use. */
  get index(): NameIndex {
    this.names ??= indexNames(this.parse.ast);
    return this.names;
  }

  /** The analysed systems, when this snapshot has them. */
  get systems(): DocumentAnalysis['systems'] | undefined {
    return undefined;
  }
}

/** One version, fully analysed. */
export class Snapshot extends SyntaxSnapshot {
  constructor(uri: string, version: number, text: string, readonly analysis: DocumentAnalysis) {
    super(uri, version, text, analysis.parse);
  }

  override get systems(): DocumentAnalysis['systems'] {
    return this.analysis.systems;
  }
}

export class SnapshotCache {
  private readonly latest = new Map<string, Snapshot>();
  private readonly parsed = new Map<string, SyntaxSnapshot>();
  /** Analyses run, for the debug request and the tests ("one analysis per version"). */
  analyses = 0;
  /** Options of every analysis (set once, from the client's initializationOptions). */
  options: Partial<AnalysisOptions> = {};

  /** The snapshot of the document's current version, analysing it now if needed. */
  get(doc: TextDocument): Snapshot {
    const cached = this.latest.get(doc.uri);
    if (cached && cached.version === doc.version) return cached;
    const text = doc.getText();
    const snapshot = new Snapshot(doc.uri, doc.version, text, safeAnalyse(text, this.options));
    this.analyses++;
    this.latest.set(doc.uri, snapshot);
    this.parsed.delete(doc.uri);
    return snapshot;
  }

  /** The parse of the document's current version: the full snapshot when it is current, else a parse alone. */
  syntax(doc: TextDocument): SyntaxSnapshot {
    const full = this.latest.get(doc.uri);
    if (full && full.version === doc.version) return full;
    const cached = this.parsed.get(doc.uri);
    if (cached && cached.version === doc.version) return cached;
    const text = doc.getText();
    const snapshot = new SyntaxSnapshot(doc.uri, doc.version, text, safeParse(text));
    this.parsed.set(doc.uri, snapshot);
    return snapshot;
  }

  delete(uri: string): void {
    this.latest.delete(uri);
    this.parsed.delete(uri);
  }
}

/**
 * The core promises never to throw; should it break that promise, the document still gets an
 * analysis (the parse alone, or nothing) with an `internal` diagnostic saying what happened,
 * so every feature keeps answering.
 */
export function safeAnalyse(text: string, options: Partial<AnalysisOptions> = {}): DocumentAnalysis {
  try {
    return analyseDocument(text, options);
  } catch (e) {
    const internal: Diagnostic = {
      severity: 'error',
      code: 'internal',
      message: `internal error while analysing this file (please report it with the file): ${e instanceof Error ? e.message : String(e)}`,
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    };
    const parsed = safeParse(text);
    return { parse: parsed, model: { systems: [], diagnostics: [] }, systems: [], diagnostics: [...parsed.diagnostics, internal] };
  }
}

/** The parse, or an empty one should the parser ever throw (the analysis then reports it). */
function safeParse(text: string): ParseResult {
  try {
    return parse(text);
  } catch {
    const zero = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return { ast: { systems: [], range: zero }, tokens: [], comments: [], diagnostics: [] };
  }
}
