/**
 * The language server: document sync, debounced analysis and diagnostics, and the wiring of
 * every feature. Transport-agnostic: `main.ts` and `topo lsp` create the connection.
 *
 * Diagnostics are published with the version they were computed for and never out of order:
 * a version older than (or equal to) one already published for a document is never sent —
 * within one configuration: a change of `topo.maxCutSetOrder` re-analyses and re-publishes
 * every open document, and nothing analysed under the old setting is published after it.
 */
import {
  CodeLensRefreshRequest, TextDocuments, TextDocumentSyncKind,
  type ClientCapabilities, type Connection, type DidChangeConfigurationParams, type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AnalysedNotification, type TopoInitializationOptions } from '../protocol';
import { DEFAULT_ANALYSIS_OPTIONS, SEMANTIC_LEGEND } from '../core/index';
import type { ServerContext } from './context';
import { registerCustomRequests } from './custom';
import { registerFeatures } from './features';
import { AnalysisWorker, Superseded, workerBundle } from './analysis-worker';
import { OrderSetting } from './configuration';
import { guardedNotification, installProcessGuards } from './guard';
import { Debouncer } from './scheduler';
import { fileKey } from './imports';
import { SnapshotCache } from './snapshots';
import { TOPO_VERSION } from '../version';

/** Delay from the last edit to the analysis when the client does not say (initializationOptions.debounceMs). */
const DEFAULT_DEBOUNCE_MS = 150;
/**
 * How long a hover waits for the full analysis when the client does not say
 * (initializationOptions.hoverWaitMs): about the delay before an editor shows a hover, so on an
 * ordinary model the hover has every figure, and on a huge one it is not held for seconds.
 */
const DEFAULT_HOVER_WAIT_MS = 300;

/** Starts serving on a connection; returns once it listens. */
export function startServer(connection: Connection): void {
  installProcessGuards(connection);
  const documents = new TextDocuments(TextDocument);
  const cache = new SnapshotCache();
  // An import of a file open here reads its text as edited, not the disk (lsp/imports.ts).
  cache.openTexts = () => new Map(documents.all().map((d) => [fileKey(d.uri), d.getText()]));
  const published = new Map<string, number>();
  let debounceMs = DEFAULT_DEBOUNCE_MS;
  let hoverWaitMs = DEFAULT_HOVER_WAIT_MS;
  let client: ClientCapabilities = {};
  const log = (message: string): void => connection.console.warn(message);
  const order = new OrderSetting(connection, DEFAULT_ANALYSIS_OPTIONS.maxOrder, log);

  const ctx: ServerContext = {
    connection,
    documents,
    cache,
    async snapshot(uri) {
      // A newer edit may supersede the analysis asked for; then wait for the newest version's.
      for (;;) {
        const doc = documents.get(uri);
        if (!doc) return undefined;
        try {
          return await cache.get(doc);
        } catch (e) {
          if (!(e instanceof Superseded)) throw e;
        }
      }
    },
    async detailed(uri) {
      for (;;) {
        const snap = await ctx.snapshot(uri);
        if (!snap) return undefined;
        try {
          return await cache.detailed(snap);
        } catch (e) {
          if (!(e instanceof Superseded)) throw e;
        }
      }
    },
    async known(uri) {
      const doc = documents.get(uri);
      if (!doc) return undefined;
      const now = cache.known(doc);
      if (!now?.complete) {
        // Ask for the full analysis (if not this request, it serves the next) and wait a little.
        const full = ctx.detailed(uri);
        full.catch(() => undefined); // what arrives, or not, is read from the cache below
        await within(full, hoverWaitMs);
      }
      const current = documents.get(uri);
      if (!current) return undefined;
      const known = cache.known(current);
      if (known) return { source: known.analysis, index: known.index, figures: known.complete ? 'complete' : 'partial' };
      const syntax = cache.syntax(current);
      return { source: { parse: syntax.parse, diagnostics: [], systems: [] }, index: syntax.index, figures: 'pending' };
    },
    syntax(uri) {
      const doc = documents.get(uri);
      return doc ? cache.syntax(doc) : undefined;
    },
  };

  const publish = async (uri: string): Promise<void> => {
    const doc = documents.get(uri);
    if (!doc) return;
    const epoch = cache.epoch;
    let pub;
    try {
      pub = await cache.publication(doc);
    } catch (e) {
      if (e instanceof Superseded) return; // the newer version publishes
      throw e;
    }
    // Closed (or reopened as a new document) while it was analysed: nothing to publish.
    if (documents.get(uri) !== doc) return;
    // Analysed under settings changed since: the re-publication after the change says it.
    if (cache.epoch !== epoch) return;
    const last = published.get(uri);
    if (last !== undefined && pub.version <= last) return;
    published.set(uri, pub.version);
    void connection.sendDiagnostics({ uri, version: pub.version, diagnostics: pub.diagnostics });
    void connection.sendNotification(AnalysedNotification, pub.analysed);
  };
  const failed = (e: unknown): void => connection.console.error(`topo: analysis failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  const debouncer = new Debouncer(() => debounceMs, (uri) => {
    publish(uri).catch(failed);
    // The documents that import this one read it as it is open here: they follow its edits.
    reanalyse([uri]);
  });

  /** After a settings change: analyse every open document again and let the client redraw what depends on it. */
  const reconfigure = async (params: DidChangeConfigurationParams): Promise<void> => {
    const changed = await order.changed(params);
    if (changed === undefined) return;
    connection.console.info(`topo: minimal cut sets are now enumerated up to order ${changed}; analysing the open documents again.`);
    cache.reconfigure({ maxOrder: changed });
    published.clear();
    // topo/analysed follows each publication: the client then refreshes its diagrams and reports.
    await Promise.all(documents.all().map((doc) => publish(doc.uri).catch(failed)));
    if (client.workspace?.codeLens?.refreshSupport) await connection.sendRequest(CodeLensRefreshRequest.type);
    if (client.workspace?.inlayHint?.refreshSupport) await connection.languages.inlayHint.refresh();
  };

  /**
   * Files changed on disk (a document saved, a watched file changed): every open document whose
   * last analysis imported one of them is analysed again and re-published, at most
   * MAX_DEPENDENTS of them per event; code lenses and inlay hints are refreshed.
   */
  const importsChanged = async (changed: readonly string[]): Promise<void> => {
    const files = new Set(changed.map(fileKey));
    const dependents = documents.all()
      .filter((d) => !files.has(fileKey(d.uri)) && cache.importsOf(d.uri).some((u) => files.has(fileKey(u))))
      .slice(0, MAX_DEPENDENTS);
    if (dependents.length === 0) return;
    for (const d of dependents) {
      debouncer.cancel(d.uri);
      cache.invalidate(d.uri);
      published.delete(d.uri);
    }
    await Promise.all(dependents.map((d) => publish(d.uri).catch(failed)));
    if (client.workspace?.codeLens?.refreshSupport) await connection.sendRequest(CodeLensRefreshRequest.type);
    if (client.workspace?.inlayHint?.refreshSupport) await connection.languages.inlayHint.refresh();
  };
  const reanalyse = (changed: readonly string[]): void => {
    importsChanged(changed).catch((e: unknown) => connection.console.error(`topo: re-analysing after a change of an imported file failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));
  };

  connection.onInitialize((params): InitializeResult => {
    const options = (params.initializationOptions ?? {}) as TopoInitializationOptions;
    if (typeof options.debounceMs === 'number' && options.debounceMs >= 0) debounceMs = options.debounceMs;
    if (typeof options.hoverWaitMs === 'number' && options.hoverWaitMs >= 0) hoverWaitMs = options.hoverWaitMs;
    client = params.capabilities;
    order.initialize(params.capabilities, options.maxCutSetOrder);
    cache.options = { maxOrder: order.order };
    const bundle = workerBundle();
    if (bundle && options.analysisWorker !== false) cache.worker = new AnalysisWorker(bundle, (m) => connection.console.error(m));
    return { capabilities: capabilities(), serverInfo: { name: 'topo', version: TOPO_VERSION } };
  });

  connection.onDidChangeConfiguration((params) => {
    reconfigure(params).catch((e: unknown) => connection.console.error(`topo: applying the new settings failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));
  });
  documents.onDidChangeContent(guardedNotification(connection, 'didChange', (e) => debouncer.schedule(e.document.uri)));
  // Imports are read from the disk: what changes them is a save, or a change the client's file watcher sees.
  documents.onDidSave(guardedNotification(connection, 'didSave', (e) => reanalyse([e.document.uri])));
  connection.onDidChangeWatchedFiles(guardedNotification(connection, 'didChangeWatchedFiles', (p) => reanalyse(p.changes.map((c) => c.uri))));
  documents.onDidClose(
    guardedNotification(connection, 'didClose', (e) => {
      const uri = e.document.uri;
      debouncer.cancel(uri);
      cache.delete(uri);
      published.delete(uri);
      void connection.sendDiagnostics({ uri, diagnostics: [] });
    }),
  );
  connection.onShutdown(() => {
    debouncer.dispose();
    cache.worker?.dispose();
  });

  // Inlay hints asked for before the full analysis arrived are asked for again when it has (node importance).
  registerFeatures(ctx, async () => {
    if (client.workspace?.inlayHint?.refreshSupport) await connection.languages.inlayHint.refresh();
  });
  registerCustomRequests(ctx);
  documents.listen(connection);
  connection.listen();
}

function capabilities(): InitializeResult['capabilities'] {
  return {
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
    hoverProvider: true,
    completionProvider: { triggerCharacters: ['[', ',', '>'] },
    definitionProvider: true,
    referencesProvider: true,
    documentHighlightProvider: true,
    renameProvider: { prepareProvider: true },
    documentSymbolProvider: true,
    foldingRangeProvider: true,
    selectionRangeProvider: true,
    documentFormattingProvider: true,
    semanticTokensProvider: { legend: { tokenTypes: [...SEMANTIC_LEGEND.tokenTypes], tokenModifiers: [...SEMANTIC_LEGEND.tokenModifiers] }, full: true },
    codeLensProvider: { resolveProvider: false },
    inlayHintProvider: true,
    codeActionProvider: { codeActionKinds: ['quickfix'] },
  };
}

/** Open documents re-analysed at most for one change of an imported file (the rest on their next edit). */
const MAX_DEPENDENTS = 64;

/** A file URI compared as its path (clients spell the same file's URI differently: `%3A`, case of the drive). */
/** Resolves when `promise` settles or `ms` have passed, whichever is first. */
function within(promise: Promise<unknown>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    promise.then(done, done);
  });
}
