/**
 * One analysis per document version. A snapshot is the analysis of exactly one version of a
 * document's text; features answer from the latest one, analysing on demand when a request
 * arrives before the debounced analysis has run. Only the latest snapshot of a document is
 * kept, so memory does not grow with the number of edits. Analyses run in a worker thread
 * when one is available (see analysis-worker.ts), else in this thread.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { type AnalysisDetail, type AnalysisOptions, type DocumentAnalysis, indexNames, MAX_TEXT_LENGTH, type NameIndex, type ParseResult } from '../core/index';
import { safeAnalyse, safeParse } from './analyse';
import { fileKey, lspSource, type OpenTexts } from './imports';
import { publicationOf, type Publication } from './publication';
import { revisionSourceOf, Superseded, type AnalysisWorker, type RemoteAnalysis, type RevisionFiles } from './analysis-worker';

/**
 * What the syntax-level features (completion, navigation, outline, formatting, semantic tokens,
 * quick fixes) need: one version's text, parse and name index. They answer from it without
 * waiting for the analysis, which on a large model costs far more than the parse.
 */
export class SyntaxSnapshot {
  private names: NameIndex | undefined;

  constructor(readonly uri: string, readonly version: number, readonly text: string, private readonly parsed: ParseResult | (() => ParseResult)) {}

  /** The parse of this version (done on first use when the analysis came from the worker). */
  get parse(): ParseResult {
    return typeof this.parsed === 'function' ? this.parsed() : this.parsed;
  }

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

/**
 * One version, analysed. The routine analysis after each edit is the 'diagnostics' detail (what
 * diagnostics, lenses, inlay hints and the status bar need); `detailed` holds the full one
 * (importance, advice, cut sets) once a feature asked for it.
 */
export class Snapshot extends SyntaxSnapshot {
  /** The full analysis of this version, computed on first demand (see SnapshotCache.detailed). */
  detailed: Promise<Snapshot> | undefined;
  /** `detailed`'s result once it has arrived: what a request that must not wait can use now. */
  full: Snapshot | undefined;

  constructor(uri: string, version: number, text: string, readonly analysis: DocumentAnalysis) {
    super(uri, version, text, () => analysis.parse);
  }

  /** True when every system's figures are complete (nothing was left for on demand). */
  get complete(): boolean {
    return this.analysis.systems.every((s) => s.analysis?.detail !== 'diagnostics');
  }

  override get systems(): DocumentAnalysis['systems'] {
    return this.analysis.systems;
  }
}

/** The latest snapshot of each open document, and the analyses in flight. */
export class SnapshotCache {
  private readonly latest = new Map<string, Snapshot>();
  private readonly parsed = new Map<string, SyntaxSnapshot>();
  /** The latest version parsed on this thread, per document (see `parseOf`). */
  private readonly parses = new Map<string, { version: number; parse: ParseResult }>();
  /** Analyses run, for the debug request and the tests ("one analysis per version"). */
  analyses = 0;
  /** Options of every analysis (from the client's settings, see `reconfigure`); `detail` is chosen here. */
  options: Partial<AnalysisOptions> = {};
  /**
   * Bumped when the options change: a snapshot is the analysis of one version under the options
   * in force, so an analysis started under older options is never kept (nor published).
   */
  epoch = 0;

  /** What each open document imported in its last finished analysis (see `importsOf`). */
  private readonly imports = new Map<string, string[]>();

  /** The open documents' texts, which imports read before the disk (set by the server; lsp/imports.ts). */
  openTexts: () => OpenTexts = () => new Map();

  /** Where analyses run when not in this thread (set by the server when the worker bundle exists). */
  worker: AnalysisWorker | undefined;
  private readonly pending = new Map<string, { version: number; promise: Promise<Snapshot>; publication: Promise<Publication> }>();
  /** Bumped when a document closes, so an analysis that finishes afterwards is not kept. */
  private readonly generation = new Map<string, number>();

  /**
   * The snapshot of the document's current version, analysing it if needed. Concurrent callers
   * for one version share one analysis. Rejects with Superseded when a newer version's analysis
   * replaced this one before it started.
   */
  get(doc: TextDocument): Promise<Snapshot> {
    const cached = this.latest.get(doc.uri);
    if (cached && cached.version === doc.version) return Promise.resolve(cached);
    return this.start(doc).promise;
  }

  /**
   * The diagnostics and status figures of the document's current version, analysing it if
   * needed. From the worker they arrive ahead of the analysis itself, so publishing does not
   * wait for the analysis to be copied across. Rejects with Superseded as `get` does.
   */
  publication(doc: TextDocument): Promise<Publication> {
    const cached = this.latest.get(doc.uri);
    if (cached && cached.version === doc.version) return Promise.resolve(publicationOf(cached.uri, cached.version, cached.analysis));
    return this.start(doc).publication;
  }

  /** The analysis in flight for the document's current version, started if there is none. */
  private start(doc: TextDocument): { promise: Promise<Snapshot>; publication: Promise<Publication> } {
    const inFlight = this.pending.get(doc.uri);
    if (inFlight && inFlight.version === doc.version) return inFlight;
    const { uri, version } = doc;
    const text = doc.getText();
    const generation = this.generation.get(uri) ?? 0;
    const epoch = this.epoch;
    let early: ((p: Publication) => void) | undefined;
    const fromWorker = new Promise<Publication>((resolve) => (early = resolve));
    const analysed = this.analyse(uri, text, 'diagnostics', { version, ready: (p) => early?.(p) });
    const promise = analysed.then((analysis) => {
      this.analyses++;
      if ((this.generation.get(uri) ?? 0) === generation) this.imports.set(uri, analysis.imported.map((f) => f.uri));
      const snapshot = new Snapshot(uri, version, text, analysis);
      const current = this.latest.get(uri);
      const open = (this.generation.get(uri) ?? 0) === generation;
      // Never replace a newer snapshot with an older one, nor keep one of a closed document or of older options.
      if (open && epoch === this.epoch && (!current || current.version < version)) {
        this.latest.set(uri, snapshot);
        if ((this.parsed.get(uri)?.version ?? -1) <= version) this.parsed.delete(uri);
      }
      return snapshot;
    });
    // Whichever comes first: the worker's early publication, or the analysis (analysed here, or
    // a worker that died after posting nothing).
    const publication = Promise.race([fromWorker, promise.then((s) => publicationOf(uri, version, s.analysis))]);
    publication.catch(() => undefined); // its callers see the rejection; nobody else must
    const entry = { version, promise, publication };
    this.pending.set(uri, entry);
    const clear = () => {
      if (this.pending.get(uri) === entry) this.pending.delete(uri);
    };
    promise.then(clear, clear);
    return entry;
  }

  /**
   * The snapshot's version fully analysed (importance, advice, cut sets above order 1), for
   * hover, the diagram and the report; computed once per version, on first demand, so that the
   * analysis after each edit costs only what the diagnostics need.
   */
  detailed(snapshot: Snapshot): Promise<Snapshot> {
    if (snapshot.complete) return Promise.resolve(snapshot);
    if (!snapshot.detailed) {
      const { uri, version, text } = snapshot;
      const promise = this.analyse(uri, text, 'full', undefined, () => snapshot.parse).then((analysis) => new Snapshot(uri, version, text, analysis));
      // A failed (or superseded) run is not kept: the next request tries again.
      promise.then(
        (full) => (snapshot.full = full),
        () => {
          if (snapshot.detailed === promise) snapshot.detailed = undefined;
        },
      );
      snapshot.detailed = promise;
    }
    return snapshot.detailed;
  }

  /** Analyses a version; `knownParse` gives its parse when this thread already has it (else it is redone on demand). */
  private async analyse(
    uri: string, text: string, detail: AnalysisDetail, publication?: { version: number; ready(p: Publication): void }, knownParse?: () => ParseResult,
  ): Promise<DocumentAnalysis> {
    const options = { ...this.options, detail };
    const open = this.openTexts();
    const worker = this.worker;
    if (worker && !worker.broken) {
      try {
        const version = publication?.version;
        const parse = knownParse ?? (version === undefined ? () => safeParse(text) : () => this.parseOf(uri, version, text));
        return withParse(await worker.analyse(uri, text, options, publication, importedOpen(uri, open)), parse);
      } catch (e) {
        if (e instanceof Superseded) throw e;
        // The worker failed: fall through and analyse here.
      }
    }
    return safeAnalyse(text, options, lspSource(uri, open));
  }

  /**
   * A text that is no open document's — a file at a git revision, for "Compare with…" — fully
   * analysed under the options in force: in the worker when there is one (its imports read from
   * `revision`'s texts, read beforehand), else here. Not a snapshot: nothing is published or kept.
   */
  async analyseRevision(text: string, revision: RevisionFiles): Promise<DocumentAnalysis> {
    const options: Partial<AnalysisOptions> = { ...this.options, detail: 'full' };
    const worker = this.worker;
    if (worker && !worker.broken) {
      try {
        return withParse(await worker.analyse(`${revision.shownAs}:${revision.path}`, text, options, undefined, undefined, revision), () => safeParse(text));
      } catch {
        // The same file asked again meanwhile (Superseded), or the worker failed: analysed here.
      }
    }
    return safeAnalyse(text, options, revisionSourceOf(revision));
  }

  /**
   * What is known now of the document's current version, without waiting: its fullest analysis
   * when one has arrived (the full one, else the routine one), or undefined.
   */
  known(doc: TextDocument): Snapshot | undefined {
    const latest = this.latest.get(doc.uri);
    if (!latest || latest.version !== doc.version) return undefined;
    return latest.complete ? latest : (latest.full ?? latest);
  }

  /**
   * The parse of one version of a document, done once on this thread: the syntax features and the
   * worker's analyses (which arrive without their parse) share it. On a document of 870 KB a parse
   * takes about a second, and each version was parsed twice.
   */
  private parseOf(uri: string, version: number, text: string): ParseResult {
    const known = this.parses.get(uri);
    if (known && known.version === version) return known.parse;
    const parse = safeParse(text);
    if (!known || known.version < version) this.parses.set(uri, { version, parse });
    return parse;
  }

  /** The parse of the document's current version: the full snapshot when it is current, else a parse alone. */
  syntax(doc: TextDocument): SyntaxSnapshot {
    const full = this.latest.get(doc.uri);
    if (full && full.version === doc.version) return full;
    const cached = this.parsed.get(doc.uri);
    if (cached && cached.version === doc.version) return cached;
    const text = doc.getText();
    const snapshot = new SyntaxSnapshot(doc.uri, doc.version, text, this.parseOf(doc.uri, doc.version, text));
    this.parsed.set(doc.uri, snapshot);
    return snapshot;
  }

  /**
   * New analysis options: every snapshot and analysis in flight was made under the old ones, so
   * they are dropped and each document is analysed again on its next use. Parses are kept.
   */
  reconfigure(options: Partial<AnalysisOptions>): void {
    this.options = options;
    this.epoch++;
    this.latest.clear();
    this.pending.clear();
  }

  /** The latest analysis of a document, of whatever version (what a request that needs only its imports reads). */
  latestAnalysis(uri: string): DocumentAnalysis | undefined {
    return this.latest.get(uri)?.analysis;
  }

  /**
   * The files the last finished analysis of a document imported (`DocumentAnalysis.imported`).
   * Kept through `invalidate`: an imported file edited again while the document's new analysis is
   * in flight must still find the document among those that import it.
   */
  importsOf(uri: string): string[] {
    return this.imports.get(uri) ?? [];
  }

  /**
   * A file the document imports has changed on disk: its snapshot, and any analysis in flight
   * (which may have read the old file), are dropped, so its next use analyses it again.
   */
  invalidate(uri: string): void {
    this.generation.set(uri, (this.generation.get(uri) ?? 0) + 1);
    this.latest.delete(uri);
    this.pending.delete(uri);
  }

  delete(uri: string): void {
    this.generation.set(uri, (this.generation.get(uri) ?? 0) + 1);
    this.imports.delete(uri);
    this.latest.delete(uri);
    this.parsed.delete(uri);
    this.parses.delete(uri);
    this.pending.delete(uri);
  }
}

/**
 * A worker's analysis with its `parse` back: the parse of the same text, done here on first
 * use (the model and figures hold no reference into it, so an equal parse is as good).
 */
function withParse(remote: RemoteAnalysis, parseText: () => ParseResult): DocumentAnalysis {
  let parse: ParseResult | undefined;
  return Object.defineProperty({ ...remote }, 'parse', { enumerable: true, get: () => (parse ??= parseText()) }) as DocumentAnalysis;
}

/**
 * The open texts a worker job may read for an import: every open document but the one analysed
 * (copied to the worker with the job; an estate's files are small, and a document over the text
 * limit is left to the disk read, which refuses it as the limit says).
 */
function importedOpen(uri: string, open: OpenTexts): Map<string, string> {
  const self = fileKey(uri);
  const out = new Map<string, string>();
  for (const [key, text] of open) if (key !== self && text.length <= MAX_TEXT_LENGTH) out.set(key, text);
  return out;
}
