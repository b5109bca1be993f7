/**
 * One analysis per document version. A snapshot is the analysis of exactly one version of a
 * document's text; features answer from the latest one, analysing on demand when a request
 * arrives before the debounced analysis has run. Only the latest snapshot of a document is
 * kept, so memory does not grow with the number of edits.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { parse } from '../../../grammar/src/index';
import type { Diagnostic } from '../../../grammar/src/text';
import { analyseDocument, type DocumentAnalysis } from '../core/pipeline';
import { indexNames, type NameIndex } from '../core/ide/names';

export class Snapshot {
  private names: NameIndex | undefined;

  constructor(readonly uri: string, readonly version: number, readonly text: string, readonly analysis: DocumentAnalysis) {}

  /** The name index, built on first use. */
  get index(): NameIndex {
    this.names ??= indexNames(this.analysis.parse.ast);
    return this.names;
  }
}

export class SnapshotCache {
  private readonly latest = new Map<string, Snapshot>();
  /** Analyses run, for the debug request and the tests ("one analysis per version"). */
  analyses = 0;

  /** The snapshot of the document's current version, analysing it now if needed. */
  get(doc: TextDocument): Snapshot {
    const cached = this.latest.get(doc.uri);
    if (cached && cached.version === doc.version) return cached;
    const text = doc.getText();
    const snapshot = new Snapshot(doc.uri, doc.version, text, safeAnalyse(text));
    this.analyses++;
    this.latest.set(doc.uri, snapshot);
    return snapshot;
  }

  delete(uri: string): void {
    this.latest.delete(uri);
  }
}

/**
 * The core promises never to throw; should it break that promise, the document still gets an
 * analysis (the parse alone, or nothing) with an `internal` diagnostic saying what happened,
 * so every feature keeps answering.
 */
export function safeAnalyse(text: string): DocumentAnalysis {
  try {
    return analyseDocument(text);
  } catch (e) {
    const internal: Diagnostic = {
      severity: 'error',
      code: 'internal',
      message: `internal error while analysing this file (please report it with the file): ${e instanceof Error ? e.message : String(e)}`,
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    };
    let parsed: DocumentAnalysis['parse'];
    try {
      parsed = parse(text);
    } catch {
      parsed = { ast: { systems: [], range: internal.range }, tokens: [], comments: [], diagnostics: [] };
    }
    return { parse: parsed, model: { systems: [], diagnostics: [] }, systems: [], diagnostics: [...parsed.diagnostics, internal] };
  }
}
