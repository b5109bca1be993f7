/**
 * The webview's `reveal` message (webview/src/protocol.ts) asks the editor to show a range of
 * the document. Its shape is checked on receipt; here its positions are checked against the
 * document itself, so a position that is negative, fractional, infinite or past the document's
 * lines is refused rather than handed to the editor (which would clamp it, or throw).
 */
import type { Range } from '../../server/src/core/index';

/** What the check needs of a document: its number of lines and each line's length (UTF-16 units, as LSP counts). */
export interface DocumentLines {
  lineCount: number;
  lineLength(line: number): number;
}

/** `range` when every position is a whole place inside the document and start is not after end; else why not. */
export function revealableRange(range: Range, document: DocumentLines): { ok: true; range: Range } | { ok: false; error: string } {
  for (const [name, position] of [['start', range.start], ['end', range.end]] as const) {
    const error = positionError(`range.${name}`, position, document);
    if (error) return { ok: false, error };
  }
  const { start, end } = range;
  if (start.line > end.line || (start.line === end.line && start.character > end.character)) {
    return { ok: false, error: `range.start (${start.line}:${start.character}) is after range.end (${end.line}:${end.character})` };
  }
  return { ok: true, range };
}

function positionError(path: string, position: Range['start'], document: DocumentLines): string | undefined {
  const { line, character } = position;
  const lastLine = document.lineCount - 1;
  if (!isIndex(line) || line > lastLine) return `${path}.line must be a whole number from 0 to ${lastLine} (the document's lines), not ${line}`;
  const length = document.lineLength(line);
  if (!isIndex(character) || character > length) return `${path}.character must be a whole number from 0 to ${length} (line ${line}'s length), not ${character}`;
  return undefined;
}

const isIndex = (n: number): boolean => Number.isSafeInteger(n) && n >= 0;
