/**
 * Positioned trees from JSON text, for the Terraform importer's tests: JSON is YAML, so the `yaml`
 * package's `parseDocument` with a `LineCounter` gives every value its line and column, as the
 * CLI's conversion does (`server/src/cli/commands/import.ts`); a test can then say where a
 * skipped resource or an error must point in the plan file.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import type { SourceLocation, SourceNode } from '../../../server/src/core/import/tree';

/** The tree of the JSON `text` of `file` (undefined for an empty document); throws on invalid JSON, a bug of the test. */
export function jsonTree(text: string, file: string): SourceNode | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors[0]) throw new Error(`invalid JSON in ${file}: ${doc.errors[0].message}`);
  const at = (offset: number): SourceLocation => {
    const p = lineCounter.linePos(offset);
    return { file, line: p.line, column: p.col };
  };
  const convert = (node: unknown): SourceNode => {
    const location = at((node as YamlNode | null)?.range?.[0] ?? 0);
    if (isMap(node)) {
      return {
        kind: 'map', location,
        entries: node.items.map((pair) => {
          const keyNode = pair.key as YamlNode | null;
          const keyLocation = at(keyNode?.range?.[0] ?? 0);
          const value: SourceNode = pair.value === null ? { kind: 'scalar', value: null, location: keyLocation } : convert(pair.value);
          return { key: isScalar(keyNode) ? String(keyNode.value) : String(keyNode), keyLocation, value };
        }),
      };
    }
    if (isSeq(node)) return { kind: 'seq', items: node.items.map(convert), location };
    if (isScalar(node)) {
      const v = node.value;
      return { kind: 'scalar', value: typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null ? v : String(v), location };
    }
    return { kind: 'scalar', value: null, location };
  };
  return doc.contents === null ? undefined : convert(doc.contents);
}

/** The tree of a plan given as a value, written as `JSON.stringify(value, null, 2)` would write the file. */
export function planTree(value: unknown, file = 'plan.json'): SourceNode | undefined {
  return jsonTree(JSON.stringify(value, null, 2), file);
}
