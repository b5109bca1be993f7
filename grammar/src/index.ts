/** The grammar stage: text → tokens + AST + syntax diagnostics. Never throws. */
export * from './text';
export type * from './ast';
import type { ParseResult } from './ast';

/** Parses a whole `.topo` text. PLACEHOLDER until the Chevrotain parser lands. */
export function parse(_text: string): ParseResult {
  return { ast: { systems: [], range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }, tokens: [], comments: [], diagnostics: [] };
}
