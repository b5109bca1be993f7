/**
 * Positioned trees for the importers' tests, from plain values: each node gets the next line of
 * an imaginary file (`compose.yml`), so a test can say where an error must point.
 */
import type { SourceNode } from '../../../server/src/core/import/tree';

export const FILE = 'compose.yml';

/** The tree of `value`; nodes are numbered line 1, 2, … in the order they are met (keys and values alike). */
export function treeOf(value: unknown): SourceNode {
  let line = 0;
  const at = (): { file: string; line: number; column: number } => ({ file: FILE, line: ++line, column: 1 });
  const convert = (v: unknown): SourceNode => {
    const location = at();
    if (Array.isArray(v)) return { kind: 'seq', items: v.map(convert), location };
    if (v !== null && typeof v === 'object') {
      return { kind: 'map', location, entries: Object.entries(v).map(([key, inner]) => ({ key, keyLocation: at(), value: convert(inner) })) };
    }
    return { kind: 'scalar', value: v as string | number | boolean | null, location };
  };
  return convert(value);
}
