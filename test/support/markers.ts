/**
 * The one marker syntax of the test fixtures: `<|>` marks a position in a text (a cursor, where a
 * diagnostic must start); two of them enclose a range. Positions are LSP positions (0-based
 * lines, UTF-16 characters, `\r\n`, `\n` and a lone `\r` as line breaks).
 */
import { LineIndex } from '../../grammar/src/positions';
import type { Position, Range } from '../../grammar/src/text';

const MARKER = '<|>';

/** The text without its `<|>` markers, and each marker's position in that text, in order. */
export function markers(fixture: string): { text: string; positions: Position[] } {
  const parts = fixture.split(MARKER);
  const text = parts.join('');
  const index = new LineIndex(text);
  const positions: Position[] = [];
  let offset = 0;
  for (let i = 0; i < parts.length - 1; i++) {
    offset += parts[i]!.length;
    positions.push(index.positionAt(offset));
  }
  return { text, positions };
}

/** One marker (an empty range there) or two (the range they enclose). */
export function marked(fixture: string): { text: string; range: Range } {
  const { text, positions } = markers(fixture);
  if (positions.length !== 1 && positions.length !== 2) throw new Error(`fixture needs one or two ${MARKER} markers: ${fixture}`);
  return { text, range: { start: positions[0]!, end: positions[positions.length - 1]! } };
}

/** One marker: the cursor. */
export function cursor(fixture: string): { text: string; position: Position } {
  const { text, positions } = markers(fixture);
  if (positions.length !== 1) throw new Error(`fixture needs one ${MARKER} marker: ${fixture}`);
  return { text, position: positions[0]! };
}
