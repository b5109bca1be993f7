/**
 * Positions, ranges and diagnostics shared by every stage.
 *
 * Invariant: positions are LSP positions — 0-based lines and 0-based UTF-16 code-unit
 * offsets within the line — so the CLI, the JSON report and the language server all
 * print the same numbers for the same place.
 */

import type { DiagnosticCode } from './codes';

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'info';

/** Extra places that help explain a diagnostic (LSP `relatedInformation`, within the same file). */
export interface RelatedInfo {
  message: string;
  range: Range;
}

/**
 * One finding about the text. Every stage returns these instead of throwing.
 * `code` is one of the catalogue's (`codes.ts`: the spec's section 6 codes and Topo's own).
 * `data` carries machine-readable details for quick fixes (e.g. a suggested name).
 */
export interface Diagnostic {
  severity: Severity;
  code: DiagnosticCode;
  message: string;
  range: Range;
  related?: RelatedInfo[];
  data?: DiagnosticData;
}

/** Machine-readable hints a quick fix can use without re-parsing the message. */
export interface DiagnosticData {
  /** `unknown-reference`: the closest declared name, when one is close enough; `syntax` of a misspelt keyword: the keyword meant. */
  suggestion?: string;
  /** `unknown-reference`: what kind of name was expected. */
  expected?: 'zone' | 'region' | 'layer' | 'node' | 'site' | 'element' | 'service';
  /** The element / layer / site the diagnostic is about (qualified name). */
  subject?: string;
  /** `spof` of an instance: the zone the message proposes for the redundant instance (its quick fix uses the same). */
  zone?: string;
}

export const ZERO_RANGE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function range(startLine: number, startChar: number, endLine: number, endChar: number): Range {
  return { start: { line: startLine, character: startChar }, end: { line: endLine, character: endChar } };
}

/** True when `pos` lies inside `r` (end inclusive, so a cursor right after a word counts). */
export function containsPosition(r: Range, pos: Position): boolean {
  if (pos.line < r.start.line || pos.line > r.end.line) return false;
  if (pos.line === r.start.line && pos.character < r.start.character) return false;
  if (pos.line === r.end.line && pos.character > r.end.character) return false;
  return true;
}

/** Orders positions: negative when a is before b. */
export function comparePositions(a: Position, b: Position): number {
  return a.line !== b.line ? a.line - b.line : a.character - b.character;
}
