/** Selection ranges: from the token under the cursor out to its property, block, system and file. */
import type { FileAst, LayerAst, PropertyAst, TokenInfo } from '../../../../grammar/src/ast';
import { comparePositions, containsPosition, type Position, type Range } from '../../../../grammar/src/text';
import type { SelectionRangeInfo } from './types';

/** One chain of widening ranges per requested position. */
export function selectionRanges(file: FileAst, tokens: TokenInfo[], positions: Position[]): SelectionRangeInfo[] {
  const all = collectRanges(file, tokens);
  return positions.map((pos) => chain(all, pos));
}

function chain(all: Range[], pos: Position): SelectionRangeInfo {
  const containing = all
    .filter((r) => containsPosition(r, pos))
    .sort((a, b) => size(b, a));
  let parent: SelectionRangeInfo | undefined;
  let last: Range | undefined;
  for (const r of containing) {
    if (last && sameRange(last, r)) continue;
    // Each step must contain the previous one (LSP requires proper nesting).
    if (last && !(containsPosition(last, r.start) && containsPosition(last, r.end))) continue;
    parent = parent ? { range: r, parent } : { range: r };
    last = r;
  }
  return parent ?? { range: { start: pos, end: pos } };
}

/** Orders a before b when a is larger (starts earlier or ends later). */
function size(a: Range, b: Range): number {
  const start = comparePositions(b.start, a.start);
  if (start !== 0) return start;
  return comparePositions(a.end, b.end);
}

function sameRange(a: Range, b: Range): boolean {
  return comparePositions(a.start, b.start) === 0 && comparePositions(a.end, b.end) === 0;
}

function collectRanges(file: FileAst, tokens: TokenInfo[]): Range[] {
  const out: Range[] = [file.range, ...tokens.map((t) => t.range)];
  const props = (ps: PropertyAst[]) => {
    for (const p of ps) {
      out.push(p.range);
      if (p.body) props(p.body);
    }
  };
  const layers = (ls: LayerAst[]) => {
    for (const l of ls) {
      out.push(l.range);
      props(l.props);
      for (const m of l.members) {
        out.push(m.range);
        props(m.props);
        if (m.type === 'site') {
          layers(m.layers);
          for (const p of m.paths) out.push(p.range);
        }
      }
    }
  };
  for (const s of file.systems) {
    out.push(s.range);
    props(s.objectives);
    for (const d of [...s.defaults, ...s.regions, ...s.zones]) {
      out.push(d.range);
      props(d.props);
    }
    layers(s.layers);
    for (const p of s.paths) out.push(p.range);
    for (const sc of s.scenarios) {
      out.push(sc.range);
      for (const f of sc.fails) out.push(f.range);
    }
  }
  return out;
}
