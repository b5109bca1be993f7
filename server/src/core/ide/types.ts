/**
 * Plain, LSP-shaped data returned by the editor features. The core knows no editor protocol,
 * so these mirror the LSP types the adapter (server/src/lsp) converts them to, field for field
 * where that is cheap. Positions and ranges are LSP's (0-based lines, UTF-16 characters).
 */
import type { Position, Range } from '../../../../grammar/src/text';

export type { Position, Range };

export interface TextEdit {
  range: Range;
  newText: string;
}

/** A hover: Markdown text and the range it is about. */
export interface HoverInfo {
  markdown: string;
  range: Range;
}

export type CompletionKind =
  | 'keyword' | 'snippet' | 'value' | 'unit'
  | 'zone' | 'region' | 'layer' | 'node' | 'instance' | 'site' | 'service';

export interface CompletionEntry {
  label: string;
  kind: CompletionKind;
  detail?: string;
  /** Text to insert when it differs from the label; a snippet when `snippet` is true. */
  insertText?: string;
  snippet?: boolean;
  /** Replaces this range instead of the word at the cursor (units glued to a number). */
  textEdit?: TextEdit;
  filterText?: string;
  sortText?: string;
}

/** The things a name can denote. */
export type SymbolKind = 'system' | 'zone' | 'region' | 'layer' | 'node' | 'site' | 'scenario' | 'external' | 'journey';

export interface DocumentSymbolInfo {
  name: string;
  kind: SymbolKind | 'path';
  detail?: string;
  range: Range;
  selectionRange: Range;
  children: DocumentSymbolInfo[];
}

export interface FoldingRangeInfo {
  startLine: number;
  endLine: number;
  kind?: 'comment' | 'region';
}

export interface SelectionRangeInfo {
  range: Range;
  parent?: SelectionRangeInfo;
}

export interface CodeLensInfo {
  range: Range;
  title: string;
  /** A client command; the title alone is shown when absent. */
  command?: { id: string; arguments: unknown[] };
}

export interface InlayHintInfo {
  position: Position;
  label: string;
  tooltip?: string;
  paddingLeft?: boolean;
}

export interface CodeActionInfo {
  title: string;
  kind: 'quickfix';
  edits: TextEdit[];
  /** Index into the diagnostics the action was asked for, when it fixes one. */
  diagnosticIndex?: number;
  preferred?: boolean;
}

/** The diagnostic fields a quick fix looks at (the core's Diagnostic, or one echoed back by a client). */
export interface DiagnosticRef {
  code: string;
  message: string;
  range: Range;
  data?: { suggestion?: string; expected?: string; subject?: string; zone?: string };
}

/** Why a rename cannot happen; the adapter turns it into an error response. */
export interface RenameRefusal {
  refused: string;
}
