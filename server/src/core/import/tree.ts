/**
 * The neutral, positioned tree an importer reads: what a YAML (Compose, Kubernetes) or HCL
 * (Terraform) parser gives, after the adapter has parsed the file. The core does no I/O and
 * takes no parser package, so the CLI parses and hands the core this plain data; every value
 * keeps where it was written, so every draft item, finding and error can point back at it.
 */

/** Where something was written in a source file: 1-based line and column (UTF-16 units), as `file:line:col` prints. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

export type SourceScalar = string | number | boolean | null;

export type SourceNode =
  | { kind: 'map'; entries: SourceEntry[]; location: SourceLocation }
  | { kind: 'seq'; items: SourceNode[]; location: SourceLocation }
  | { kind: 'scalar'; value: SourceScalar; location: SourceLocation };

/** One key of a mapping: the key's text and location, and its value. */
export interface SourceEntry {
  key: string;
  keyLocation: SourceLocation;
  value: SourceNode;
}

/** The value of `key` in a mapping node, if any. */
export function entry(node: SourceNode | undefined, key: string): SourceEntry | undefined {
  return node?.kind === 'map' ? node.entries.find((e) => e.key === key) : undefined;
}

/** The node's scalar value, when it is a scalar. */
export function scalar(node: SourceNode | undefined): SourceScalar | undefined {
  return node?.kind === 'scalar' ? node.value : undefined;
}

/** `file:line:col`, as the CLI prints a place. */
export function formatLocation(l: SourceLocation): string {
  return `${l.file}:${l.line}:${l.column}`;
}
