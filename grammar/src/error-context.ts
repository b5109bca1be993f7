/**
 * Where a parser error happened, for wording it: the token's range (EOF and recovery-inserted
 * tokens have none, so they point just after the last real token) and the blocks still open
 * there, found by brace matching over the token vector.
 */
import type { IToken } from './chevrotain';
import { EOF, tokenMatcher } from './chevrotain';
import type { Range } from './text';
import type { LineIndex } from './positions';
import { Keyword, LBrace, NameToken, RBrace, StringLit } from './tokens';

/** A block by its opening brace: "layer 'app'" and the range of its `{`. */
export interface OpenBlock {
  label: string;
  range: Range;
}

const BLOCK_WORDS = new Set(['system', 'defaults', 'region', 'zone', 'layer', 'node', 'site', 'scenario', 'health-check', 'heartbeat']);
/** Contextual keywords that open a block, when the parser read them as keywords (`layer journey {` is a layer). */
const CONTEXTUAL_BLOCK_WORDS = new Set(['external', 'journey']);

/** Context for wording errors: the token vector and, per token, the innermost open `{`. */
export class ErrorContext {
  private readonly openBrace: Int32Array;

  /** `contextual`: start offsets of the contextual keywords the parser read as keywords. */
  constructor(private readonly tokens: IToken[], private readonly lines: LineIndex, private readonly contextual: ReadonlySet<number> = new Set()) {
    this.openBrace = new Int32Array(tokens.length + 1);
    const stack: number[] = [];
    for (let i = 0; i < tokens.length; i++) {
      this.openBrace[i] = stack.length ? (stack[stack.length - 1] ?? -1) : -1;
      const t = tokens[i]?.tokenType;
      if (t === LBrace) stack.push(i);
      else if (t === RBrace) stack.pop();
    }
    this.openBrace[tokens.length] = stack.length ? (stack[stack.length - 1] ?? -1) : -1;
  }

  /** Index of a real token in the vector, or the vector's length for EOF / inserted tokens. */
  indexOf(tok: IToken): number {
    if (Number.isNaN(tok.startOffset) || tok.tokenType === EOF) return this.tokens.length;
    let lo = 0;
    let hi = this.tokens.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const off = this.tokens[mid]?.startOffset ?? 0;
      if (off === tok.startOffset) return mid;
      if (off < tok.startOffset) lo = mid + 1;
      else hi = mid - 1;
    }
    return this.tokens.length;
  }

  /** The real token after `tok`, if any. */
  after(tok: IToken): IToken | undefined {
    const i = this.indexOf(tok);
    return i < this.tokens.length ? this.tokens[i + 1] : undefined;
  }

  /** True for the index `indexOf` gives EOF. */
  isEnd(i: number): boolean {
    return i >= this.tokens.length;
  }

  /** The range a diagnostic about `tok` points at; EOF points just after the last real token. */
  rangeOf(tok: IToken): Range {
    const i = this.indexOf(tok);
    const t = this.tokens[i];
    if (t) return this.lines.rangeOf(t.startOffset, t.startOffset + t.image.length);
    const last = this.tokens[this.tokens.length - 1];
    const end = this.lines.positionAt(last ? last.startOffset + last.image.length : 0);
    return { start: end, end };
  }

  /** Every block still open before token `i`, innermost first. */
  openBlocks(i: number): OpenBlock[] {
    const out: OpenBlock[] = [];
    for (let j = this.openBrace[i] ?? -1; j >= 0; j = this.openBrace[j] ?? -1) {
      const block = this.blockAt(j);
      if (block) out.push(block);
    }
    return out;
  }

  /** The innermost unclosed `{` before token `i`, as "layer 'app'", and its range. */
  enclosingBlock(i: number): OpenBlock | undefined {
    return this.blockAt(this.openBrace[i] ?? -1);
  }

  /** The block whose `{` is token `j`. */
  private blockAt(j: number): OpenBlock | undefined {
    const brace = this.tokens[j];
    if (!brace) return undefined;
    for (let k = j - 1; k >= Math.max(0, j - 4); k--) {
      const t = this.tokens[k];
      const opens = t && (tokenMatcher(t, Keyword) ? BLOCK_WORDS.has(t.image) : CONTEXTUAL_BLOCK_WORDS.has(t.image) && this.contextual.has(t.startOffset));
      if (t && opens) {
        const next = k + 1 < j ? this.tokens[k + 1] : undefined;
        const named = next && (tokenMatcher(next, NameToken) || next.tokenType === StringLit);
        return {
          label: named ? `${t.image} ${next.tokenType === StringLit ? next.image : `'${next.image}'`}` : t.image,
          range: this.lines.rangeOf(brace.startOffset, brace.startOffset + 1),
        };
      }
    }
    return { label: 'the block', range: this.lines.rangeOf(brace.startOffset, brace.startOffset + 1) };
  }
}
