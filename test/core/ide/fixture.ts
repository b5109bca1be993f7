/** Helpers for the editor-feature tests: fixtures with a `<|>` cursor, and applying edits. */
import { analyseDocument, type DocumentAnalysis } from '../../../server/src/core/pipeline';
import { indexNames, type NameIndex } from '../../../server/src/core/ide/names';
import { LineIndex } from '../../../grammar/src/positions';
import { markers } from '../../support/markers';
import type { Position, TextEdit } from '../../../server/src/core/ide/types';

export interface Fixture {
  text: string;
  position: Position;
  doc: DocumentAnalysis;
  index: NameIndex;
}

/** Analyses a fixture; `<|>` marks the cursor (the start of the text when absent). */
export function fixture(marked: string): Fixture {
  const { text, positions } = markers(marked);
  const position = positions[0] ?? { line: 0, character: 0 };
  const doc = analyseDocument(text);
  return { text, position, doc, index: indexNames(doc.parse.ast) };
}

/** Applies non-overlapping edits to a text. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const lines = new LineIndex(text);
  const withOffsets = edits
    .map((e) => ({ from: lines.offsetAt(e.range.start), to: lines.offsetAt(e.range.end), text: e.newText }))
    .sort((a, b) => b.from - a.from);
  let out = text;
  for (const e of withOffsets) out = out.slice(0, e.from) + e.text + out.slice(e.to);
  return out;
}

/** The text a range covers. */
export function textAt(text: string, range: { start: Position; end: Position }): string {
  return new LineIndex(text).slice(range);
}

/** Removes source positions so two models of differently laid-out texts can be compared. */
export function withoutRanges<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (key, v) => (/range$/i.test(key) ? undefined : v))) as T;
}
