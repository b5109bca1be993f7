/**
 * Limits that keep parsing fast and the stack safe on absurd input.
 *
 * A real `.topo` file is a few kilobytes and nests braces four or five deep (system, layer,
 * site, layer, node). The parser recurses through sites and layers, so depth is bounded before
 * parsing rather than discovered as a stack overflow.
 */
import type { IToken } from './chevrotain';
import { LBrace, RBrace } from './tokens';

/** Largest text parsed, in UTF-16 code units (1 Mi characters, about 1 MB of ASCII: a thousand systems the size of the spec example). */
export const MAX_TEXT_LENGTH = 1024 * 1024;

/** Deepest nesting of `{` accepted. */
export const MAX_BRACE_DEPTH = 100;

/** At most this many syntax diagnostics are reported; the rest are summarised in one more. */
export const MAX_SYNTAX_DIAGNOSTICS = 100;

/** The first `{` that opens deeper than MAX_BRACE_DEPTH, if any. */
export function tooDeepBrace(tokens: IToken[]): IToken | undefined {
  let depth = 0;
  for (const t of tokens) {
    if (t.tokenType === LBrace) {
      depth++;
      if (depth > MAX_BRACE_DEPTH) return t;
    } else if (t.tokenType === RBrace && depth > 0) {
      depth--;
    }
  }
  return undefined;
}
