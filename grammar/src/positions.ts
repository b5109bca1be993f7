/**
 * Offsets ↔ LSP positions, for the grammar and the editor features alike.
 *
 * Chevrotain's columns are 1-based and its recovery inserts tokens with NaN offsets, so the
 * grammar stage tracks only offsets while lexing and converts them here, once, with the same
 * line terminators LSP uses (`\r\n`, `\n`, lone `\r`). JavaScript strings are UTF-16, so an
 * offset difference within a line is already an LSP character count (an emoji counts as 2).
 */
import type { Position, Range } from './text';

/** Line starts of one text, for offset → position conversion by binary search. */
export class LineIndex {
  private readonly lineStarts: number[] = [0];

  /**
   * @param text the text positions refer to
   * @param base offsets passed in are shifted by `-base` first (a stripped byte-order mark)
   */
  constructor(readonly text: string, private readonly base = 0) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.lineStarts.push(i + 1);
      } else if (c === 10 /* \n */) {
        this.lineStarts.push(i + 1);
      }
    }
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** The offset of a position (clamped to the text), in the same coordinates as `positionAt`'s. */
  offsetAt(pos: Position): number {
    if (pos.line < 0) return this.base;
    if (pos.line >= this.lineStarts.length) return this.text.length + this.base;
    const start = this.lineStarts[pos.line] ?? 0;
    const next = this.lineStarts[pos.line + 1] ?? this.text.length;
    return Math.min(start + Math.max(0, pos.character), next) + this.base;
  }

  /** The text of one line, without its line break. */
  lineText(line: number): string {
    const start = this.lineStarts[line];
    if (start === undefined) return '';
    const next = this.lineStarts[line + 1] ?? this.text.length;
    return this.text.slice(start, next).replace(/\r?\n$|\r$/, '');
  }

  /** The text of a range. */
  slice(r: Range): string {
    return this.text.slice(this.offsetAt(r.start) - this.base, this.offsetAt(r.end) - this.base);
  }

  /** The whole text's range. */
  fullRange(): Range {
    return { start: { line: 0, character: 0 }, end: this.endPosition() };
  }

  /** The position of an offset (clamped into the text). */
  positionAt(offset: number): Position {
    const o = Math.min(Math.max(offset - this.base, 0), this.text.length);
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - (this.lineStarts[lo] ?? 0) };
  }

  /** The range of `[start, end)` offsets. */
  rangeOf(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  /**
   * A converter for offsets given in non-decreasing order (a token vector's starts and ends):
   * each call is O(1) amortised instead of a binary search.
   */
  cursor(): (offset: number) => Position {
    let line = 0;
    return (offset: number): Position => {
      const o = Math.min(Math.max(offset - this.base, 0), this.text.length);
      if (o < (this.lineStarts[line] ?? 0)) return this.positionAt(offset);
      while (line + 1 < this.lineStarts.length && (this.lineStarts[line + 1] ?? Infinity) <= o) line++;
      return { line, character: o - (this.lineStarts[line] ?? 0) };
    };
  }

  /** The end of the text. */
  endPosition(): Position {
    return this.positionAt(this.text.length + this.base);
  }
}
