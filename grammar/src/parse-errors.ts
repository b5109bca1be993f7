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
import type { Diagnostic } from './text';
import type { ErrorContext, OpenBlock } from './error-context';
import { BadLiteral, ContextualKeyword, isUnterminatedString, Keyword } from './tokens';
import { describeValueKind, VALUE_KIND_AFTER } from './value-kinds';
import { isItemWord, ITEMS, startsOuterItem } from './block-items';

interface ErrorFacts {
  kind: 'mismatch' | 'alternatives' | 'redundant' | 'extra-closer' | 'repeated' | 'stray-brace' | 'misspelt';
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

/** The message of an error the parser's own recovery finds: a `}` too many, a word written twice. */
export function recoveryMessage(kind: 'extra-closer' | 'repeated' | 'stray-brace', ruleName = ''): string {
  return encode({ kind, expected: [], rule: ruleName });
}

/** The message of a word read as the keyword it misspells (`helth-check` read as `health-check`). */
export function misspeltMessage(keyword: string): string {
  return encode({ kind: 'misspelt', expected: [keyword], rule: '' });
}

function realImage(t: IToken | undefined): string | undefined {
  return t && !Number.isNaN(t.startOffset) && t.tokenType !== EOF ? t.image : undefined;
}

function firstTokens(paths: TokenType[][][]): string[] {
  const names = paths.flatMap((alt) => alt.map((p) => p[0]?.name ?? '')).filter((n) => n !== '');
  return [...new Set(names)];
}

const BLOCK_NAMES: Readonly<Record<string, string[]>> = {
  system: ['system'], defaults: ['defaults'], node: ['node'], domainBody: ['zone', 'region', 'external'], layer: ['layer'],
  healthCheck: ['health-check'], heartbeat: ['heartbeat'], site: ['site'], scenario: ['scenario'], journey: ['journey'],
};

/** A hint naming the blocks where a misplaced keyword does belong. */
function belongsElsewhere(tok: IToken, next: IToken | undefined): string {
  if (!isItemWord(tok, next)) return '';
  const rules = Object.entries(ITEMS).filter(([, words]) => words.includes(tok.image)).map(([rule]) => rule);
  // `file` is no block: its items go at the top level.
  const top = rules.includes('file');
  const blocks = [...new Set(rules.flatMap((rule) => BLOCK_NAMES[rule] ?? []))];
  if (!blocks.length) return top ? ` ('${tok.image}' goes at the top level of the file)` : '';
  const list = blocks.length > 1 ? `${blocks.slice(0, -1).join(', ')} or ${blocks[blocks.length - 1]}` : blocks[0];
  return ` ('${tok.image}' goes in a ${list} block${top ? ' or at the top level' : ''})`;
}

const PUNCTUATION: Readonly<Record<string, string>> = {
  LBrace: "'{'", RBrace: "'}'", LBracket: "'['", RBracket: "']'", Comma: "','", Arrow: "'->'", Dot: "'.'",
};
const CATEGORIES: Readonly<Record<string, string>> = {
  LayerMode: "'active-active' or 'active-passive'",
  Temperature: "'hot', 'warm' or 'cold'",
  ObjectiveKey: "'slo', 'sla', 'window', 'rto' or 'rpo'",
  ScopeValueKey: "'deploys', 'change-failure' or 'restore'",
  CauseKind: "'deploy' or 'maintenance'",
  RolloutKind: "'canary' or 'all-at-once'",
};

/** After `fail`, a name is what is usually missing: the common causes' words are not listed beside it. */
const BESIDE_A_NAME: ReadonlySet<string> = new Set(['CauseKind', 'Kw_common_cause']);

/** Words the parser's errors as `syntax` diagnostics, one per error, in order. */
export function toDiagnostics(errors: IRecognitionException[], ctx: ErrorContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    // An invalid literal was reported by the lexer; the parser's complaint about it would repeat it.
    if (e.token.tokenType === BadLiteral) continue;
    // After an unterminated string (reported by the lexer) the parser misses what the string swallowed.
    if (isUnterminatedString((e as { previousToken?: IToken }).previousToken)) continue;
    const range = ctx.rangeOf(e.token);
    const key = `${range.start.line}:${range.start.character}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const worded = word(e, ctx);
    if (worded) out.push({ severity: 'error', code: 'syntax', range, ...worded });
  }
  return out;
}

/** The message of one error; undefined for an error that only repeats an earlier one. */
function word(e: IRecognitionException, ctx: ErrorContext): Pick<Diagnostic, 'message' | 'related' | 'data'> | undefined {
  const facts = decode(e.message);
  const found = describeFound(e.token);
  if (!facts) return { message: `unexpected ${found}` };
  if (facts.kind === 'misspelt') {
    const meant = facts.expected[0] ?? '';
    // The keyword meant travels as data too: the quick fix "Change to …" writes it.
    return { message: `unknown word '${e.token.image}' — did you mean \`${meant}\`?`, ...(meant ? { data: { suggestion: meant } } : {}) };
  }
  if (facts.kind === 'repeated') return { message: `${found} is written twice: remove one` };
  if (facts.kind === 'stray-brace') {
    const what = e.token.image === '{' ? 'opens' : 'closes';
    return { message: `unexpected ${found}: the braces do not pair up, and this one ${what} no block here; remove it` };
  }
  if (facts.kind === 'extra-closer') {
    const block = ctx.enclosingBlock(ctx.indexOf(e.token));
    const label = block?.label ?? 'the block';
    return { message: `one '}' too many: ${label} goes on after it, so this '}' closes nothing; remove it`, related: block ? [{ message: `${label} opens here`, range: block.range }] : undefined };
  }
  if (facts.rule === 'importDecl' && facts.kind !== 'redundant') return { message: 'import needs a quoted path, e.g. import "shared/auth.topo"' };
  const unnamed = unnamedItem(e, facts, ctx);
  if (unnamed) return unnamed;
  if (facts.kind === 'redundant' || facts.rule === 'file') {
    // `use auth` at the top level: say where it goes.
    const hint = ITEMS['file']?.includes(e.token.image) ? '' : belongsElsewhere(e.token, ctx.after(e.token));
    return { message: `unexpected ${found}: a file holds only 'system NAME { … }' blocks, imports, externals and journeys${hint}` };
  }
  if (facts.kind === 'mismatch' && facts.expected[0] === 'RBrace') return wordMissingBrace(e, facts, ctx);
  const expected = facts.expected.includes('NameToken') ? facts.expected.filter((n) => !BESIDE_A_NAME.has(n)) : facts.expected;
  const what = expected.map((n) => describeExpected(n, facts.previous)).join(' or ');
  const after = facts.previous !== undefined ? ` after '${facts.previous}'` : '';
    return { message: `expected ${what}${after}, found ${found}` };
}

/**
 * A block's items ended on a token that is not `}`: the file ended, or the token starts an item
 * of an enclosing block (the `}` was forgotten), or it belongs nowhere here (a misplaced item).
 */
function wordMissingBrace(e: IRecognitionException, facts: ErrorFacts, ctx: ErrorContext): Pick<Diagnostic, 'message' | 'related'> | undefined {
  const at = ctx.indexOf(e.token);
  const found = describeFound(e.token);
  const opens = (b: OpenBlock) => ({ message: `${b.label} opens here`, range: b.range });
  if (ctx.isEnd(at)) {
    const open = ctx.openBlocks(at);
    // Every brace written is closed: the parser wants one it inserted while recovering from an
    // earlier error (`health-check interval 1s`), which is reported already.
    if (open.length === 0) return undefined;
    const shown = open.slice(0, 4).map((b) => b.label).join(', then ') + (open.length > 4 ? ', …' : '');
    const what = open.length > 1 ? `${open.length} '}' to close ${shown}` : `'}' to close ${open[0]?.label ?? 'the block'}`;
    return { message: `the file ends too soon: expected ${what}`, related: open.slice(0, 4).map(opens) };
  }
  const block = ctx.enclosingBlock(at);
  const label = block?.label ?? 'the block';
  const related = block ? [opens(block)] : undefined;
  const items = ITEMS[facts.rule];
  const outer = isItemWord(e.token, ctx.after(e.token)) && startsOuterItem(e.token.image, e.context.ruleStack);
  if (outer || !items) return { message: `expected '}' to close ${label}, found ${found}`, related };
  return { message: `unexpected ${found} in ${label}: expected ${items.join(', ')} or '}'${belongsElsewhere(e.token, ctx.after(e.token))}`, related };
}

/**
 * `use }`, `journey {`: a contextual keyword of this block that was skipped as a stray word
 * because no name follows it. Said as what it is: the name is missing.
 */
function unnamedItem(e: IRecognitionException, facts: ErrorFacts, ctx: ErrorContext): Pick<Diagnostic, 'message' | 'related'> | undefined {
  const tok = e.token;
  if (!tokenMatcher(tok, ContextualKeyword) || facts.kind === 'misspelt' || facts.kind === 'repeated' || facts.kind === 'stray-brace' || facts.kind === 'extra-closer') return undefined;
  const rule = facts.kind === 'redundant' ? 'file' : facts.rule;
  if (!(ITEMS[rule]?.includes(tok.image) ?? false)) return undefined;
  const next = ctx.after(tok);
  const message = `expected a name after '${tok.image}', found ${next ? describeFound(next) : 'the end of the file'}`;
  const block = rule === 'file' ? undefined : ctx.enclosingBlock(ctx.indexOf(tok));
  return block ? { message, related: [{ message: `${block.label} opens here`, range: block.range }] } : { message };
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
