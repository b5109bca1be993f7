/** Core data → LSP types. The only place the two meet. */
import {
  CompletionItemKind, DiagnosticSeverity, FoldingRangeKind, InsertTextFormat, SymbolKind,
  type CompletionItem, type Diagnostic as LspDiagnostic, type DocumentSymbol, type FoldingRange, type SelectionRange,
} from 'vscode-languageserver/node';
import type { CompletionEntry, Diagnostic, DocumentSymbolInfo, FoldingRangeInfo, SelectionRangeInfo } from '../core/index';

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information } as const;

/** A core diagnostic as LSP's, related information pointing into the same document. */
export function toLspDiagnostic(uri: string, d: Diagnostic): LspDiagnostic {
  const out: LspDiagnostic = { range: d.range, severity: SEVERITY[d.severity], code: d.code, source: 'topo', message: d.message };
  if (d.related?.length) out.relatedInformation = d.related.map((r) => ({ location: { uri, range: r.range }, message: r.message }));
  if (d.data) out.data = d.data;
  return out;
}

const COMPLETION_KIND: Record<CompletionEntry['kind'], CompletionItemKind> = {
  keyword: CompletionItemKind.Keyword, snippet: CompletionItemKind.Snippet, value: CompletionItemKind.EnumMember,
  unit: CompletionItemKind.Unit, zone: CompletionItemKind.Module, region: CompletionItemKind.Module,
  layer: CompletionItemKind.Class, node: CompletionItemKind.Variable, instance: CompletionItemKind.Variable, site: CompletionItemKind.Struct,
  service: CompletionItemKind.Module,
};

/** A completion entry as an LSP completion item. */
export function toCompletionItem(e: CompletionEntry): CompletionItem {
  const item: CompletionItem = { label: e.label, kind: COMPLETION_KIND[e.kind] };
  if (e.detail) item.detail = e.detail;
  if (e.insertText) item.insertText = e.insertText;
  if (e.snippet) item.insertTextFormat = InsertTextFormat.Snippet;
  if (e.textEdit) item.textEdit = e.textEdit;
  if (e.filterText) item.filterText = e.filterText;
  if (e.sortText) item.sortText = e.sortText;
  return item;
}

const SYMBOL_KIND: Record<DocumentSymbolInfo['kind'], SymbolKind> = {
  system: SymbolKind.Namespace, zone: SymbolKind.EnumMember, region: SymbolKind.Enum, layer: SymbolKind.Class,
  node: SymbolKind.Variable, site: SymbolKind.Struct, scenario: SymbolKind.Event, path: SymbolKind.Array,
  external: SymbolKind.Interface, journey: SymbolKind.Event,
};

/** An outline entry (and its children) as an LSP document symbol. */
export function toDocumentSymbol(s: DocumentSymbolInfo): DocumentSymbol {
  const out: DocumentSymbol = { name: s.name, kind: SYMBOL_KIND[s.kind], range: s.range, selectionRange: s.selectionRange, children: s.children.map(toDocumentSymbol) };
  if (s.detail) out.detail = s.detail;
  return out;
}

/** A folding range as LSP's. */
export function toFoldingRange(f: FoldingRangeInfo): FoldingRange {
  const out: FoldingRange = { startLine: f.startLine, endLine: f.endLine };
  if (f.kind) out.kind = f.kind === 'comment' ? FoldingRangeKind.Comment : FoldingRangeKind.Region;
  return out;
}

/** A chain of selection ranges as LSP's. */
export function toSelectionRange(s: SelectionRangeInfo): SelectionRange {
  return s.parent ? { range: s.range, parent: toSelectionRange(s.parent) } : { range: s.range };
}
