/**
 * Token types of the `.topo` language (spec section 1).
 *
 * The Chevrotain lexer only matches a handful of shapes (word, numeric, string, punctuation);
 * `lexer.ts` then classifies each word as a keyword or an identifier and each numeric as a
 * percent, duration, rate or number. Keywords therefore have no pattern of their own: that keeps
 * `zone`/`zones` and `active-active` whole without ordering tricks, and keeps the lexer fast.
 *
 * Keyword *categories* (NodeValueKey, …) let one grammar alternative accept every keyword that
 * takes the same kind of argument in a given block.
 */
import { createToken, Lexer, type IToken, type TokenType } from './chevrotain';

// ── Categories (no pattern; a token belongs to them) ─────────────────────────────────────────
/** Any literal value; the AST builder checks that its kind fits the key. */
export const Literal = createToken({ name: 'Literal', pattern: Lexer.NA });
export const Keyword = createToken({ name: 'Keyword', pattern: Lexer.NA });
/**
 * Where a name goes: an identifier, or a keyword — accepted so that `node zone` gives one clear
 * "reserved word" diagnostic (from the AST builder) instead of a cascade of recovery errors.
 */
export const NameToken = createToken({ name: 'NameToken', pattern: Lexer.NA });
/** Keys followed by one literal, per block. */
export const ObjectiveKey = createToken({ name: 'ObjectiveKey', pattern: Lexer.NA });
export const NodeValueKey = createToken({ name: 'NodeValueKey', pattern: Lexer.NA });
export const DomainValueKey = createToken({ name: 'DomainValueKey', pattern: Lexer.NA });
export const LayerValueKey = createToken({ name: 'LayerValueKey', pattern: Lexer.NA });
export const CheckKey = createToken({ name: 'CheckKey', pattern: Lexer.NA });
export const HeartbeatKey = createToken({ name: 'HeartbeatKey', pattern: Lexer.NA });
export const Temperature = createToken({ name: 'Temperature', pattern: Lexer.NA });
export const LayerMode = createToken({ name: 'LayerMode', pattern: Lexer.NA });
/** Keys followed by one literal in a system, a site or a layer (common causes: `deploys 20/week`, …). */
export const ScopeValueKey = createToken({ name: 'ScopeValueKey', pattern: Lexer.NA });
/** Common causes a scenario may fail without a name (the system's): `fail deploy`, `fail maintenance`. */
export const CauseKind = createToken({ name: 'CauseKind', pattern: Lexer.NA });
/** `rollout canary P` or `rollout all-at-once`. */
export const RolloutKind = createToken({ name: 'RolloutKind', pattern: Lexer.NA });

// ── Keywords (spec section 1), with the categories each belongs to ─────────────────────────────
const keywordCategories: Record<string, TokenType[]> = {
  system: [], defaults: [], region: [], zone: [], in: [], layer: [],
  kind: [], mode: [], min: [LayerValueKey], load: [LayerValueKey], optional: [],
  promote: [NodeValueKey, LayerValueKey], 'health-check': [], heartbeat: [],
  interval: [CheckKey, HeartbeatKey], timeout: [CheckKey, HeartbeatKey], unhealthy: [CheckKey],
  replication: [], sync: [], async: [], lag: [], backup: [], every: [], node: [], site: [],
  availability: [NodeValueKey, DomainValueKey], mtbf: [NodeValueKey, DomainValueKey],
  mttr: [NodeValueKey, DomainValueKey], zones: [], replicas: [NodeValueKey], capacity: [NodeValueKey],
  standby: [], hot: [Temperature], warm: [Temperature], cold: [Temperature], path: [],
  scenario: [], fail: [], at: [],
  slo: [ObjectiveKey], sla: [ObjectiveKey], window: [ObjectiveKey], rto: [ObjectiveKey], rpo: [ObjectiveKey],
  'active-active': [LayerMode], 'active-passive': [LayerMode],
  // Common causes (an extension, docs/language.md "Common causes").
  deploys: [ScopeValueKey], deploy: [CauseKind], 'change-failure': [ScopeValueKey], restore: [ScopeValueKey],
  rollout: [], canary: [RolloutKind], 'all-at-once': [RolloutKind], 'common-cause': [NodeValueKey, LayerValueKey],
  maintenance: [CauseKind], excludes: [],
};

/** The reserved words of spec section 1. */
export const KEYWORDS: readonly string[] = Object.keys(keywordCategories);

/** Keyword token type by its exact spelling. */
export const keywordTokens = new Map<string, TokenType>();
for (const word of KEYWORDS) {
  const name = 'Kw_' + word.replace(/-/g, '_');
  keywordTokens.set(word, createToken({ name, pattern: Lexer.NA, categories: [Keyword, NameToken, ...(keywordCategories[word] ?? [])] }));
}

/** The keyword token for `word`; throws only on a typo in this package (never on user input). */
function kw(word: string): TokenType {
  const t = keywordTokens.get(word);
  if (!t) throw new Error(`not a keyword: ${word}`);
  return t;
}

export const System = kw('system');
export const Defaults = kw('defaults');
export const Region = kw('region');
export const Zone = kw('zone');
export const In = kw('in');
export const Layer = kw('layer');
export const Kind = kw('kind');
export const Mode = kw('mode');
export const Optional = kw('optional');
export const Promote = kw('promote');
export const HealthCheck = kw('health-check');
export const Heartbeat = kw('heartbeat');
export const Replication = kw('replication');
export const Sync = kw('sync');
export const Async = kw('async');
export const Lag = kw('lag');
export const Backup = kw('backup');
export const Every = kw('every');
export const Node = kw('node');
export const Site = kw('site');
export const Zones = kw('zones');
export const Standby = kw('standby');
export const Path = kw('path');
export const Scenario = kw('scenario');
export const Fail = kw('fail');
export const At = kw('at');
export const Rollout = kw('rollout');
export const Canary = kw('canary');
export const AllAtOnce = kw('all-at-once');
export const Maintenance = kw('maintenance');
export const Excludes = kw('excludes');
export const CommonCause = kw('common-cause');

// ── Contextual keywords (the estates extension) ────────────────────────────────────────────────
/**
 * `import`, `external`, `use`, `soft` and `journey` are keywords only where they start an item
 * (`soft` right after `use NAME`); everywhere a name goes they are plain names, so every file that
 * was valid stays valid (`layer external { … }`, `node use`). They are not in `KEYWORDS` (the
 * spec's reserved words) nor in the `Keyword` category: the lexer gives each its own token type,
 * in the `NameToken` category (so a name may be spelt so) and in `ContextualKeyword`; the parser
 * records where it read one as a keyword (`TokenInfo.keyword` is true only there).
 */
export const ContextualKeyword = createToken({ name: 'ContextualKeyword', pattern: Lexer.NA });
export const CONTEXTUAL_KEYWORDS: readonly string[] = ['import', 'external', 'use', 'soft', 'journey'];
/** Contextual keyword token type by its exact spelling. */
export const contextualTokens = new Map<string, TokenType>(
  CONTEXTUAL_KEYWORDS.map((word) => [word, createToken({ name: 'Kw_' + word, pattern: Lexer.NA, categories: [ContextualKeyword, NameToken] })]),
);
const contextualTypes: ReadonlySet<TokenType> = new Set(contextualTokens.values());
const contextualWords = new Map<TokenType, string>([...contextualTokens].map(([word, type]) => [type, word]));
/** The contextual keyword a token stands for, by its type (a misspelt `Externla` repaired to `external` included). */
export function contextualWord(t: IToken): string | undefined {
  return contextualWords.get(t.tokenType);
}
const keywordWords = new Map<TokenType, string>([...keywordTokens, ...contextualTokens].map(([word, type]) => [type, word]));
/**
 * The keyword a token was read as, by its type: its spelling, or the keyword a misspelt word was
 * read as (`helth-check` → `health-check`); undefined for a name.
 */
export function keywordOf(t: IToken): string | undefined {
  return keywordWords.get(t.tokenType);
}
function cx(word: string): TokenType {
  const t = contextualTokens.get(word);
  if (!t) throw new Error(`not a contextual keyword: ${word}`);
  return t;
}
export const Import = cx('import');
export const External = cx('external');
export const Use = cx('use');
export const Soft = cx('soft');
export const Journey = cx('journey');

// ── Shapes the Chevrotain lexer matches ────────────────────────────────────────────────────────
// Identifiers (spec section 1) with Unicode letters: a letter or `_`, then letters, marks, digits,
// `_`, and single-or-repeated `-` that is never last — so `dns->lb` stops before `->`.
const wordRe = /[\p{L}_][\p{L}\p{M}\p{N}_]*(?:-+[\p{L}\p{M}\p{N}_]+)*/uy;
// A numeric shape: an optional sign, a digit, then anything a mistyped literal might run on with
// (`1e308%`, `30sec`, `1.2.3`). `lexer.ts` accepts only the spec's forms and reports the rest.
// A space before a unit (`99.95 %`, `30 s`) is taken into the numeric too: no name or keyword ever
// follows a value, so the unit can only be meant for it, and one diagnostic says so.
// A frequency (`20/week`, an extension) runs on with `/` and a unit word; `//` stays a comment, and a
// space around the `/` (`20 / week`) is taken in too, to be reported as one mistake.
const numericRe =
  /-?\d[\p{L}\p{M}\p{N}_.%]*(?:[ \t]*\/(?!\/)[ \t]*[\p{L}_][\p{L}\p{M}\p{N}_]*|[ \t]+(?:ms|s|m|h|d|w|y|rps|%)(?![\p{L}\p{M}\p{N}_-]))?/uy;

/**
 * First characters an identifier may start with, as a Chevrotain `start_chars_hint`. Chevrotain
 * indexes characters above U+00FF in buckets, so one character per bucket stands for all of
 * them (astral letters start with a surrogate, which lands in a bucket too); the regex decides.
 */
function identifierStartHint(): string[] {
  const chars = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_\u00aa\u00b5\u00ba'];
  for (let c = 0xc0; c <= 0xff; c++) if (c !== 0xd7 && c !== 0xf7) chars.push(String.fromCharCode(c));
  let lastBucket = -1;
  for (let c = 0x100; c <= 0xffff; c++) {
    const bucket = Math.floor(c / 255);
    if (bucket !== lastBucket) chars.push(String.fromCharCode(c));
    lastBucket = bucket;
  }
  return chars;
}

/** Wraps a sticky regex as a Chevrotain custom pattern (Chevrotain cannot analyse `\p{…}`). */
function sticky(re: RegExp): { exec: (text: string, offset: number) => RegExpExecArray | null } {
  return {
    exec(text: string, offset: number) {
      re.lastIndex = offset;
      return re.exec(text);
    },
  };
}

const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /\s+/, group: Lexer.SKIPPED, line_breaks: true });
const Comment = createToken({ name: 'Comment', pattern: /(?:#|\/\/)[^\r\n]*/, group: 'comments' });
export const StringLit = createToken({ name: 'String', pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*"/ });
/** A string that reaches the end of its line unclosed; reported, then parsed as a string. */
export const UnterminatedString = createToken({ name: 'UnterminatedString', pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*\\?/ });
/** Marks (as its payload) a string token the lexer found unterminated and retyped to a string. */
export const UNTERMINATED = Symbol('unterminated string');
/** True for a token that reads as a plain name: an identifier, or a contextual keyword (`use`, `journey`, …). */
export function isIdentifierLike(t: IToken | undefined): boolean {
  return t !== undefined && (t.tokenType === Identifier || isContextual(t));
}
/** True for `import`, `external`, `use`, `soft` or `journey`, wherever it stands. */
export function isContextual(t: IToken | undefined): boolean {
  return t !== undefined && contextualTypes.has(t.tokenType);
}
/** True for a string token that reached the end of its line unclosed. */
export function isUnterminatedString(t: IToken | undefined): boolean {
  return t?.payload === UNTERMINATED;
}
export const Identifier = createToken({
  name: 'Identifier', pattern: sticky(wordRe), line_breaks: false, categories: [NameToken], start_chars_hint: identifierStartHint(),
});
export const Numeric = createToken({
  name: 'Numeric', pattern: sticky(numericRe), line_breaks: false, start_chars_hint: [...'-0123456789'],
});
export const Arrow = createToken({ name: 'Arrow', pattern: /->/ });
/**
 * A `%` standing alone (`availability %`); reported by the lexer and then parsed as an invalid
 * value. A `%` inside a run of stray characters (`$%^`) stays part of that one lexical error.
 */
export const LoneUnit = createToken({
  name: 'LoneUnit', pattern: sticky(/%(?=[\s}]|$)/y), line_breaks: false, start_chars_hint: ['%'],
});
export const LBrace = createToken({ name: 'LBrace', pattern: /\{/ });
export const RBrace = createToken({ name: 'RBrace', pattern: /\}/ });
export const LBracket = createToken({ name: 'LBracket', pattern: /\[/ });
export const RBracket = createToken({ name: 'RBracket', pattern: /\]/ });
export const Comma = createToken({ name: 'Comma', pattern: /,/ });
/** Joins site and instance names in scenario targets (`fail east.app-1`), an extension. */
export const Dot = createToken({ name: 'Dot', pattern: /\./ });

// ── Literal kinds (assigned by the lexer's classification pass) ────────────────────────────────
export const Percent = createToken({ name: 'Percent', pattern: Lexer.NA, categories: [Literal] });
export const Duration = createToken({ name: 'Duration', pattern: Lexer.NA, categories: [Literal] });
export const Rate = createToken({ name: 'Rate', pattern: Lexer.NA, categories: [Literal] });
export const NumberLit = createToken({ name: 'Number', pattern: Lexer.NA, categories: [Literal] });
/** `20/week`: a frequency (an extension: common causes), normalised to events a week. */
export const Frequency = createToken({ name: 'Frequency', pattern: Lexer.NA, categories: [Literal] });
/** A numeric shape that is not a valid literal; already reported, accepted where a value goes. */
export const BadLiteral = createToken({ name: 'Invalid', pattern: Lexer.NA, categories: [Literal] });

/** What the Chevrotain lexer matches, in priority order. */
export const lexedTokens: TokenType[] = [
  WhiteSpace, Comment, StringLit, UnterminatedString, Arrow, Numeric, Identifier, LoneUnit,
  LBrace, RBrace, LBracket, RBracket, Comma, Dot,
];

/** Every token type the parser knows (categories before their members, as Chevrotain wants). */
export const allTokens: TokenType[] = [
  Literal, Keyword, NameToken, ContextualKeyword, ObjectiveKey, NodeValueKey, DomainValueKey, LayerValueKey, CheckKey, HeartbeatKey,
  Temperature, LayerMode, ScopeValueKey, CauseKind, RolloutKind,
  ...keywordTokens.values(),
  ...contextualTokens.values(),
  ...lexedTokens,
  Percent, Duration, Rate, NumberLit, Frequency, BadLiteral,
];
