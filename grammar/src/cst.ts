/**
 * Reading Chevrotain's CST: typed access to children, and ranges that ignore the tokens
 * recovery inserted (they have NaN offsets and no text).
 */
import type { CstElement, CstNode, IToken } from './chevrotain';
import type { Range } from './text';
import type { LineIndex } from './positions';

/** The child nodes under `key` (a rule name), in source order. */
export function nodes(node: CstNode | undefined, key: string): CstNode[] {
  return (node?.children[key] ?? []).filter(isNode);
}

/** The first child node under `key`. */
export function node(parent: CstNode | undefined, key: string): CstNode | undefined {
  return nodes(parent, key)[0];
}

/** The real (not recovery-inserted) tokens under `key` (a token name or label), in source order. */
export function tokens(node: CstNode | undefined, key: string): IToken[] {
  return (node?.children[key] ?? []).filter((e): e is IToken => !isNode(e) && isReal(e));
}

/** The first real token under `key`. */
export function token(node: CstNode | undefined, key: string): IToken | undefined {
  return tokens(node, key)[0];
}

/** The only child node of an alternatives rule (`layerItem`, `nodeProp`, …), with its rule name. */
export function onlyChild(node: CstNode): { key: string; child: CstElement } | undefined {
  for (const key in node.children) {
    const child = node.children[key]?.[0];
    if (child) return { key, child };
  }
  return undefined;
}

/** True for a token the lexer produced (recovery inserts tokens with NaN offsets). */
export function isReal(t: IToken): boolean {
  return !Number.isNaN(t.startOffset) && t.isInsertedInRecovery !== true;
}

export function isNode(e: CstElement): e is CstNode {
  return 'children' in e;
}

/** Converts CST locations and tokens to LSP ranges. */
export class Ranges {
  constructor(private readonly lines: LineIndex) {}

  /** The range of a token (the caller guarantees it is real). */
  ofToken(t: IToken): Range {
    return this.lines.rangeOf(t.startOffset, t.startOffset + t.image.length);
  }

  /** From the start of `a` to the end of `b`. */
  between(a: IToken, b: IToken): Range {
    return this.lines.rangeOf(a.startOffset, b.startOffset + b.image.length);
  }

  /** The span of a CST node's real tokens, or `fallback` when it has none. */
  ofNode(n: CstNode, fallback: Range): Range {
    const loc = n.location;
    if (!loc || Number.isNaN(loc.startOffset) || loc.endOffset === undefined || Number.isNaN(loc.endOffset)) return fallback;
    return this.lines.rangeOf(loc.startOffset, loc.endOffset + 1);
  }
}
