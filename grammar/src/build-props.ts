/**
 * CST → AST for property lines and literals (`availability 99.9%`, `zones [a, b]`, …).
 *
 * Values were parsed as "any literal"; here each is checked against the kind its key takes
 * (spec section 2) and a mismatch becomes a `syntax` diagnostic on the literal.
 */
import type { CstNode, IToken } from './chevrotain';
import type { LiteralAst, NameAst, PropertyAst, PropertyKey, RefAst, WordAst } from './ast';
import type { Diagnostic, Range } from './text';
import { nodes, onlyChild, isNode, isReal, token, tokens, type Ranges } from './cst';
import { classifyNumeric, unquote, type LiteralValue } from './literals';
import { BadLiteral, Keyword, keywordOf, StringLit } from './tokens';
import { tokenMatcher } from './chevrotain';
import { describeValueKind, literalFits, VALUE_KIND_AFTER } from './value-kinds';

/** What every builder function needs: range conversion and a place for diagnostics. */
export interface BuildContext {
  ranges: Ranges;
  diagnostics: Diagnostic[];
}

/** A literal checked against the kind the word before it takes; undefined when absent or wrong. */
export function literal(tok: IToken | undefined, after: string, ctx: BuildContext): LiteralAst | undefined {
  if (!tok || !isReal(tok) || tok.tokenType === BadLiteral) return undefined;
  const value = literalValue(tok);
  if (!value) return undefined;
  const range = ctx.ranges.ofToken(tok);
  const kind = VALUE_KIND_AFTER[after];
  if (kind && !literalFits(value, kind)) {
    ctx.diagnostics.push({
      severity: 'error', code: 'syntax', range,
      message: `expected ${describeValueKind(kind)} after '${after}', found '${tok.image}'`,
    });
    return undefined;
  }
  return { kind: value.kind, value: value.value, integer: value.integer, text: tok.image, range };
}

/** The value the lexer read into the token (or, for a token made elsewhere, read now). */
function literalValue(tok: IToken): LiteralValue | undefined {
  const payload = tok.payload as LiteralValue | undefined;
  if (payload) return payload;
  const c = classifyNumeric(tok.image);
  return 'literal' in c ? c.literal : undefined;
}

/** A declared name: an identifier, or for systems and scenarios possibly a string. */
export function nameOf(tok: IToken | undefined, ctx: BuildContext): NameAst | undefined {
  if (!tok || !isReal(tok)) return undefined;
  const quoted = tok.tokenType === StringLit;
  if (!quoted) checkNotReserved(tok, ctx);
  return { text: quoted ? unquote(tok.image) : tok.image, range: ctx.ranges.ofToken(tok), quoted };
}

/** A reference to a declared name. */
export function refOf(tok: IToken, ctx: BuildContext): RefAst {
  checkNotReserved(tok, ctx);
  return { name: tok.image, range: ctx.ranges.ofToken(tok) };
}

/**
 * Reports a keyword written where a name goes. The parser accepts it there so that one
 * diagnostic, not a cascade, tells the author; the AST keeps the name.
 */
export function checkNotReserved(tok: IToken, ctx: BuildContext): void {
  if (!tokenMatcher(tok, Keyword)) return;
  ctx.diagnostics.push({
    severity: 'error', code: 'syntax', range: ctx.ranges.ofToken(tok),
    message: `'${tok.image}' is a reserved word and cannot be a name: rename it (e.g. '${tok.image}-1' or 'my-${tok.image}')`,
  });
}

function wordOf(tok: IToken | undefined, ctx: BuildContext): WordAst | undefined {
  return tok ? { text: tok.image, range: ctx.ranges.ofToken(tok) } : undefined;
}

/**
 * A property from a rule whose children are labelled `key`, and optionally `value`, `word`,
 * `ref`, `lag`, and body rules (`checkProp`, `heartbeatProp`).
 */
export function property(n: CstNode, ctx: BuildContext): PropertyAst | undefined {
  const key = token(n, 'key');
  if (!key) return undefined;
  const keyRange = ctx.ranges.ofToken(key);
  // A misspelt key read as its keyword (`standy hot`) is that keyword.
  const keyWord = keywordOf(key) ?? key.image;
  const prop: PropertyAst = { key: keyWord as PropertyKey, keyRange, range: ctx.ranges.ofNode(n, keyRange) };
  const valueTok = token(n, 'value');
  if (valueTok) {
    // `backup every D`: the value follows `every`; `rollout canary P`: it follows `canary`.
    const value = literal(valueTok, keyWord === 'backup' ? 'every' : keyWord === 'rollout' ? 'canary' : keyWord, ctx);
    if (value) prop.value = value;
  }
  const wordTok = token(n, 'word');
  // `kind` takes a free identifier; the other words (mode, replication, standby) are keywords.
  if (wordTok && keyWord === 'kind') checkNotReserved(wordTok, ctx);
  const word = wordOf(wordTok, ctx);
  if (word) prop.word = word;
  if (n.children['ref']) prop.refs = tokens(n, 'ref').map((t) => refOf(t, ctx));
  const lag = literal(token(n, 'lag'), 'lag', ctx);
  if (lag) prop.lag = lag;
  const every = literal(token(n, 'every'), 'every', ctx);
  if (every) prop.every = every;
  const excludes = token(n, 'excludes');
  if (excludes) {
    const excluded = token(n, 'excluded');
    prop.excludesRange = excluded ? ctx.ranges.between(excludes, excluded) : ctx.ranges.ofToken(excludes);
  }
  const body = [...nodes(n, 'checkProp'), ...nodes(n, 'heartbeatProp')];
  if (keyWord === 'health-check' || keyWord === 'heartbeat') prop.body = propertiesOf(body, ctx);
  return prop;
}

/** Properties of a list of property rules, in source order, skipping those with no key. */
export function propertiesOf(list: CstNode[], ctx: BuildContext): PropertyAst[] {
  return list.map((p) => property(p, ctx)).filter((p): p is PropertyAst => p !== undefined);
}

/** A node's props, from its `nodeProp` wrappers. */
export function nodeProps(list: CstNode[], ctx: BuildContext): PropertyAst[] {
  const inner = list.map((w) => onlyChild(w)?.child).filter((c): c is CstNode => c !== undefined && isNode(c));
  return propertiesOf(inner, ctx);
}

/** The `optional` flag of a layer, which has no argument. */
export function flag(tok: IToken, ctx: BuildContext): PropertyAst {
  const range: Range = ctx.ranges.ofToken(tok);
  return { key: (keywordOf(tok) ?? tok.image) as PropertyKey, keyRange: range, range };
}

