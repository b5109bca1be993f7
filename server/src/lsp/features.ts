/** The standard LSP features: each handler converts positions in, calls core/ide, converts results out. */
import {
  DocumentHighlightKind, ResponseError, ErrorCodes,
  type CodeAction, type CodeLens, type InlayHint, type Location, type Position, type WorkspaceEdit,
} from 'vscode-languageserver/node';
import {
  codeLenses, completions, definition, type DiagnosticRef, documentSymbols, encodeSemanticTokens, foldingRanges, formatEdits, highlights, hover, inlayHints, prepareRename, quickFixes, references, rename, selectionRanges, semanticTokens,
  prepareServiceRename, renameService, serviceAt, serviceDeclaration, serviceHighlights, serviceOccurrences,
} from '../core/index';
import type { ServerContext } from './context';
import type { Snapshot } from './snapshots';
import { toCompletionItem, toDocumentSymbol, toFoldingRange, toSelectionRange } from './convert';
import { guarded } from './guard';

/**
 * Registers every standard feature on the connection. `refreshInlayHints` asks the client for
 * the inlay hints again (when it can be asked): the server's, which knows the client.
 */
export function registerFeatures(ctx: ServerContext, refreshInlayHints: () => Promise<void> = () => Promise.resolve()): void {
  const { connection: c } = ctx;
  const snap = (uri: string) => ctx.snapshot(uri);
  // Syntax-level features answer from the parse of the current version, not waiting for the analysis.
  const syn = (uri: string) => ctx.syntax(uri);

  // Hover answers from what is known within a short wait, never from behind a whole analysis.
  c.onHover(guarded(c, 'hover', async (p) => {
    const k = await ctx.known(p.textDocument.uri);
    const h = k && hover(k.source, k.index, p.position, k.figures);
    return h ? { contents: { kind: 'markdown', value: h.markdown }, range: h.range } : null;
  }));

  c.onCompletion(guarded(c, 'completion', (p) => {
    const s = syn(p.textDocument.uri);
    // The imported files' services as the last analysis read them (completion never waits for one).
    const imported = ctx.cache.latestAnalysis(p.textDocument.uri)?.imported ?? [];
    return s ? completions({ parse: s.parse, systems: s.systems, imported }, s.index, s.text, p.position).map(toCompletionItem) : [];
  }));

  /**
   * A service named under the cursor (docs/language.md, "Estates"), with the analysis of the current
   * version: its `imported` files are where a service this file does not declare is found.
   */
  const service = async (uri: string, position: Position) => {
    const s = syn(uri);
    if (!s || !serviceAt(s.index, position)) return undefined;
    const a = await snap(uri);
    const hit = a && serviceAt(a.index, position);
    return a && hit ? { hit, index: a.index, imported: a.analysis.imported } : undefined;
  };

  c.onDefinition(guarded(c, 'definition', async (p): Promise<Location | null> => {
    const uri = p.textDocument.uri;
    const svc = await service(uri, p.position);
    if (svc) {
      const d = serviceDeclaration(svc.hit.name, uri, svc.index, svc.imported);
      return d ? { uri: d.uri, range: d.range } : null;
    }
    const s = syn(uri);
    const r = s && definition(s.index, p.position);
    return r ? { uri, range: r } : null;
  }));

  c.onReferences(guarded(c, 'references', async (p): Promise<Location[]> => {
    const uri = p.textDocument.uri;
    const svc = await service(uri, p.position);
    if (svc) return serviceOccurrences(svc.hit, uri, svc.index, svc.imported).filter((o) => p.context.includeDeclaration || !o.isDecl).map((o) => ({ uri: o.uri, range: o.range }));
    const s = syn(uri);
    return s ? references(s.index, p.position, p.context.includeDeclaration).map((range) => ({ uri, range })) : [];
  }));

  c.onDocumentHighlight(guarded(c, 'documentHighlight', (p) => {
    const s = syn(p.textDocument.uri);
    const svc = s && serviceAt(s.index, p.position);
    if (s && svc) return serviceHighlights(svc, s.index).map((h) => ({ range: h.range, kind: h.write ? DocumentHighlightKind.Write : DocumentHighlightKind.Read }));
    return s ? highlights(s.index, p.position).map((h) => ({ range: h.range, kind: h.write ? DocumentHighlightKind.Write : DocumentHighlightKind.Read })) : [];
  }));

  c.onPrepareRename(guarded(c, 'prepareRename', (p) => {
    const s = syn(p.textDocument.uri);
    if (!s) return null;
    const hit = serviceAt(s.index, p.position);
    if (hit) return prepareServiceRename(hit);
    const r = prepareRename(s.index, s.parse.tokens, p.position);
    if ('refused' in r) throw new RenameRefused(r.refused);
    return r;
  }));

  c.onRenameRequest(guarded(c, 'rename', async (p): Promise<WorkspaceEdit | null> => {
    const svc = await service(p.textDocument.uri, p.position);
    if (svc) {
      // A service: this document, the files it imports that name it, and its declaration, as one edit.
      const r = renameService(svc.hit, p.textDocument.uri, svc.index, svc.imported, p.newName);
      if ('refused' in r) throw new RenameRefused(r.refused);
      return { changes: r.changes };
    }
    const s = syn(p.textDocument.uri);
    if (!s) return null;
    const r = rename(s.index, s.parse.tokens, p.position, p.newName);
    if ('refused' in r) throw new RenameRefused(r.refused);
    return { changes: { [p.textDocument.uri]: r } };
  }));

  c.onDocumentSymbol(guarded(c, 'documentSymbol', (p) => {
    const s = syn(p.textDocument.uri);
    return s ? documentSymbols(s.parse.ast).map(toDocumentSymbol) : [];
  }));

  c.onFoldingRanges(guarded(c, 'foldingRange', (p) => {
    const s = syn(p.textDocument.uri);
    return s ? foldingRanges(s.parse.ast, s.parse.comments).map(toFoldingRange) : [];
  }));

  c.onSelectionRanges(guarded(c, 'selectionRange', (p) => {
    const s = syn(p.textDocument.uri);
    return s ? selectionRanges(s.parse.ast, s.parse.tokens, p.positions).map(toSelectionRange) : [];
  }));

  c.onDocumentFormatting(guarded(c, 'formatting', (p) => {
    const s = syn(p.textDocument.uri);
    return s ? formatEdits(s.parse, s.text) : [];
  }));

  c.languages.semanticTokens.on(guarded(c, 'semanticTokens', (p) => {
    const s = syn(p.textDocument.uri);
    return { data: s ? encodeSemanticTokens(semanticTokens(s.parse, s.index)) : [] };
  }));

  c.onCodeLens(guarded(c, 'codeLens', async (p): Promise<CodeLens[]> => {
    const s = await snap(p.textDocument.uri);
    if (!s) return [];
    return codeLenses(s.analysis, p.textDocument.uri).map((l) => ({
      range: l.range,
      command: { title: l.title, command: l.command?.id ?? '', arguments: l.command?.arguments ?? [] },
    }));
  }));

  /**
   * Routine snapshots whose full analysis an inlay-hint request has started: when it arrives, the
   * client is asked once for the hints again, which then carry each node's importance.
   */
  const awaitingFull = new WeakSet<Snapshot>();
  c.languages.inlayHint.on(guarded(c, 'inlayHint', async (p): Promise<InlayHint[]> => {
    const uri = p.textDocument.uri;
    const s = await snap(uri);
    if (!s) return [];
    // Never wait for the full analysis: answer from what this version has now.
    const shown = s.complete ? s : (s.full ?? s);
    if (shown === s && !s.complete && !awaitingFull.has(s)) {
      awaitingFull.add(s);
      // Started once the text has rested a moment, so typing does not queue a full analysis per
      // keystroke ahead of the next version's routine one in the worker.
      setTimeout(() => {
        if (ctx.documents.get(uri)?.version !== s.version) return awaitingFull.delete(s);
        ctx.cache.detailed(s).then(
          (full) => (ctx.documents.get(uri)?.version === full.version ? refreshInlayHints() : undefined),
          () => awaitingFull.delete(s), // superseded or failed: the next request tries again
        ).catch(() => undefined);
        return true;
      }, FULL_ANALYSIS_DELAY_MS);
    }
    return inlayHints(shown.analysis)
      .filter((h) => h.position.line >= p.range.start.line && h.position.line <= p.range.end.line)
      .map((h) => ({ position: h.position, label: h.label, paddingLeft: h.paddingLeft ?? false, ...(h.tooltip ? { tooltip: h.tooltip } : {}) }));
  }));

  c.onCodeAction(guarded(c, 'codeAction', async (p): Promise<CodeAction[]> => {
    const uri = p.textDocument.uri;
    const diagnostics = p.context.diagnostics.filter((d) => d.source === undefined || d.source === 'topo');
    const refs: DiagnosticRef[] = diagnostics.map((d) => ({
      code: String(d.code ?? ''), message: typeof d.message === 'string' ? d.message : d.message.value, range: d.range,
      ...(d.data && typeof d.data === 'object' ? { data: d.data as DiagnosticRef['data'] } : {}),
    }));
    // Most fixes answer from the parse; `slo-miss` writes the analysis's advice (the full analysis)
    // and `rto-exceeded` reads the layer's failover timing (the routine one): those wait for it.
    const full = refs.some((r) => r.code === 'slo-miss');
    const analysed = full ? await ctx.detailed(uri) : refs.some((r) => r.code === 'rto-exceeded') ? await snap(uri) : undefined;
    const s = analysed ?? syn(uri);
    if (!s) return [];
    return quickFixes(s.parse, s.index, s.text, refs, analysed?.analysis).map((a) => ({
      title: a.title,
      kind: a.kind,
      isPreferred: a.preferred ?? false,
      diagnostics: diagnostics.filter((_d, i) => i === a.diagnosticIndex),
      edit: { changes: { [uri]: a.edits } },
    }));
  }));
}

/** How long an inlay-hint request's version must stay current before it starts the full analysis (the importance). */
const FULL_ANALYSIS_DELAY_MS = 250;

/** A refused rename: answered as an error whose message the editor shows as is. */
class RenameRefused extends ResponseError<void> {
  constructor(message: string) {
    super(ErrorCodes.InvalidRequest, message);
  }
}
