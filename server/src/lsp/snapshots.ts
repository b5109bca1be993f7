/**
 * One analysis per document version. A snapshot is the analysis of exactly one version of a
 * document's text; features answer from the latest one, analysing on demand when a request
 * arrives before the debounced analysis has run. Only the latest snapshot of a document is
 * kept, so memory does not grow with the number of edits.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
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
    const snapshot = new Snapshot(doc.uri, doc.version, text, analyseDocument(text));
    this.analyses++;
    this.latest.set(doc.uri, snapshot);
    return snapshot;
  }

  delete(uri: string): void {
    this.latest.delete(uri);
  }
}
