/**
 * Parser errors → `syntax` diagnostics with messages a person can act on.
 *
 * Chevrotain's message provider sees the expected and actual tokens but not the enclosing
 * block, so it only records the facts (as JSON in the exception's message); `toDiagnostics`
 * then words them with the block they happened in ("expected '}' to close layer 'app'"),
 * found from the token vector by brace matching.
 */
import type { IParserErrorMessageProvider, IRecognitionException, IToken, TokenType } from './chevrotain';
import { EOF, tokenMatcher } from './chevrotain';
import type { Diagnostic, Range } from './text';
import type { LineIndex } from './positions';
import { BadLiteral, Keyword, LBrace, NameToken, RBrace, StringLit } from './tokens';
import { describeValueKind, VALUE_KIND_AFTER } from './value-kinds';

interface ErrorFacts {
  kind: 'mismatch' | 'alternatives' | 'redundant';
  expected: string[];
  rule: string;
  previous?: string;
}

const encode = (facts: ErrorFacts): string => JSON.stringify(facts);

/** Records the facts of each error for `toDiagnostics` to word. */
export const errorMessageProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, previous, ruleName }) =>
    encode({ kind: 'mismatch', expected: [expected.name], rule: ruleName, previous: realImage(previous) }),
  buildNotAllInputParsedMessage: ({ ruleName }) => encode({ kind: 'redundant', expected: [], rule: ruleName }),
  buildNoViableAltMessage: ({ expectedPathsPerAlt, previous, ruleName }) =>
    encode({ kind: 'alternatives', expected: firstTokens(expectedPathsPerAlt), rule: ruleName, previous: realImage(previous) }),
  buildEarlyExitMessage: ({ expectedIterationPaths, previous, ruleName }) =>
    encode({ kind: 'alternatives', expected: firstTokens([expectedIterationPaths]), rule: ruleName, previous: realImage(previous) }),
};

function realImage(t: IToken | undefined): string | undefined {
  return t && !Number.isNaN(t.startOffset) && t.tokenType !== EOF ? t.image : undefined;
}

function firstTokens(paths: TokenType[][][]): string[] {
  const names = paths.flatMap((alt) => alt.map((p) => p[0]?.name ?? '')).filter((n) => n !== '');
  return [...new Set(names)];
}

/** The keywords that may start an item of each block rule, for "expected one of …". */
const ITEMS: Readonly<Record<string, string[]>> = {
  file: ['system'],
  system: ['slo', 'sla', 'window', 'rto', 'rpo', 'defaults', 'region', 'zone', 'layer', 'path', 'scenario'],
  defaults: ['availability', 'mtbf', 'mttr', 'zone', 'zones', 'replicas', 'capacity', 'standby', 'promote'],
  node: ['availability', 'mtbf', 'mttr', 'zone', 'zones', 'replicas', 'capacity', 'standby', 'promote'],
  domainBody: ['availability', 'mtbf', 'mttr'],
  layer: ['kind', 'mode', 'min', 'load', 'optional', 'promote', 'health-check', 'heartbeat', 'replication', 'backup', 'node', 'site'],
  healthCheck: ['interval', 'timeout', 'unhealthy'],
  heartbeat: ['interval', 'timeout'],
  site: ['layer', 'path', 'standby', 'promote'],
  scenario: ['fail'],
};
const BLOCK_NAMES: Readonly<Record<string, string>> = {
  system: 'system', defaults: 'defaults', node: 'node', domainBody: 'zone or region', layer: 'layer',
  healthCheck: 'health-check', heartbeat: 'heartbeat', site: 'site', scenario: 'scenario',
};

/** A hint naming the blocks where a misplaced keyword does belong. */
function belongsElsewhere(tok: IToken): string {
  if (!tokenMatcher(tok, Keyword)) return '';
  const blocks = [...new Set(Object.entries(ITEMS).filter(([, words]) => words.includes(tok.image)).map(([rule]) => BLOCK_NAMES[rule] ?? rule))];
  return blocks.length ? ` ('${tok.image}' goes in a ${blocks.join(' or ')} block)` : '';
}

const PUNCTUATION: Readonly<Record<string, string>> = {
  LBrace: "'{'", RBrace: "'}'", LBracket: "'['", RBracket: "']'", Comma: "','", Arrow: "'->'", Dot: "'.'",
};
const CATEGORIES: Readonly<Record<string, string>> = {
  LayerMode: "'active-active' or 'active-passive'",
  Temperature: "'hot', 'warm' or 'cold'",
  ObjectiveKey: "'slo', 'sla', 'window', 'rto' or 'rpo'",
};

/** Context for wording errors: the token vector and, per token, the innermost open `{`. */
export class ErrorContext {
  private readonly openBrace: Int32Array;

  constructor(private readonly tokens: IToken[], private readonly lines: LineIndex) {
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
  openBlocks(i: number): { label: string; range: Range }[] {
    const out: { label: string; range: Range }[] = [];
    for (let j = this.openBrace[i] ?? -1; j >= 0 && out.length < 10; j = this.openBrace[j] ?? -1) {
      const block = this.blockAt(j);
      if (block) out.push(block);
    }
    return out;
  }

  /** The innermost unclosed `{` before token `i`, as "layer 'app'", and its range. */
  enclosingBlock(i: number): { label: string; range: Range } | undefined {
    return this.blockAt(this.openBrace[i] ?? -1);
  }

  /** The block whose `{` is token `j`. */
  private blockAt(j: number): { label: string; range: Range } | undefined {
    const brace = this.tokens[j];
    if (!brace) return undefined;
    for (let k = j - 1; k >= Math.max(0, j - 4); k--) {
      const t = this.tokens[k];
      if (t && tokenMatcher(t, Keyword) && BLOCK_WORDS.has(t.image)) {
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

const BLOCK_WORDS = new Set(['system', 'defaults', 'region', 'zone', 'layer', 'node', 'site', 'scenario', 'health-check', 'heartbeat']);

/** Words the parser's errors as `syntax` diagnostics, one per error, in order. */
export function toDiagnostics(errors: IRecognitionException[], ctx: ErrorContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    // An invalid literal was reported by the lexer; the parser's complaint about it would repeat it.
    if (e.token.tokenType === BadLiteral) continue;
    const range = ctx.rangeOf(e.token);
    const key = `${range.start.line}:${range.start.character}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ severity: 'error', code: 'syntax', range, ...word(e, ctx) });
  }
  return out;
}

function word(e: IRecognitionException, ctx: ErrorContext): Pick<Diagnostic, 'message' | 'related'> {
  const facts = decode(e.message);
  const found = describeFound(e.token);
  const at = ctx.indexOf(e.token);
  if (!facts) return { message: `unexpected ${found}` };
  if (facts.kind === 'redundant' || facts.rule === 'file') {
    return { message: `unexpected ${found}: a file holds only 'system NAME { … }' blocks` };
  }
  const expected = facts.expected[0];
  if (facts.kind === 'mismatch' && expected === 'RBrace') {
    const block = ctx.enclosingBlock(at);
    const label = block?.label ?? 'the block';
    const related = block ? [{ message: `${label} opens here`, range: block.range }] : undefined;
    const items = ITEMS[facts.rule];
    const tok = e.token;
    const outer = new Set(e.context.ruleStack.slice(0, -1).flatMap((r) => ITEMS[r] ?? []));
    const startsOuterItem = tokenMatcher(tok, Keyword) && outer.has(tok.image) && !items?.includes(tok.image);
    if (ctx.isEnd(at)) {
      const open = ctx.openBlocks(at);
      const labels = open.length > 1 ? `${open.length} '}' to close ${open.map((b) => b.label).join(', then ')}` : `'}' to close ${label}`;
      return { message: `the file ends too soon: expected ${labels}`, related: open.length > 1 ? open.map((b) => ({ message: `${b.label} opens here`, range: b.range })) : related };
    }
    if (startsOuterItem || !items) {
      return { message: `expected '}' to close ${label}, found ${found}`, related };
    }
    return { message: `unexpected ${found} in ${label}: expected ${items.join(', ')} or '}'${belongsElsewhere(tok)}`, related };
  }
  const what = facts.expected.map((n) => describeExpected(n, facts.previous)).join(' or ');
  const after = facts.previous !== undefined ? ` after '${facts.previous}'` : '';
    return { message: `expected ${what}${after}, found ${found}` };
}

function decode(message: string): ErrorFacts | undefined {
  try {
    return JSON.parse(message) as ErrorFacts;
  } catch {
    return undefined;
  }
}

function describeExpected(name: string, previous: string | undefined): string {
  if (name === 'NameToken' || name === 'Identifier') return 'a name';
  if (name === 'String') return 'a "string"';
  if (name === 'Literal') return describeValueKind(previous !== undefined ? VALUE_KIND_AFTER[previous] : undefined);
  if (name === 'EOF') return 'the end of the file';
  if (name.startsWith('Kw_')) return `'${name.slice(3).replace(/_/g, '-')}'`;
  return PUNCTUATION[name] ?? CATEGORIES[name] ?? name;
}

function describeFound(tok: IToken): string {
  if (tok.tokenType === EOF || Number.isNaN(tok.startOffset)) return 'the end of the file';
  const image = tok.image.length > 30 ? tok.image.slice(0, 30) + '…' : tok.image;
  if (tokenMatcher(tok, Keyword)) return `keyword '${image}'`;
  return `'${image}'`;
}
