/**
 * Repairs made to the token vector before parsing, for mistakes whose meaning is plain from the
 * tokens around them but that a left-to-right parser only notices a token too late, and then
 * reads wrongly and cascades. Each repair is reported once, as a parser error.
 */
import { MismatchedTokenException, tokenMatcher, type IRecognitionException, type IToken, type TokenType } from './chevrotain';
import * as Tokens from './tokens';
import { errorMessageProvider, misspeltMessage, recoveryMessage } from './parse-errors';
import { ITEMS, misspeltKeyword, readsAsItem } from './block-items';
import { contextualTokens, isContextual, isIdentifierLike, keywordTokens } from './tokens';

const FILE_ITEMS = ITEMS['file'] ?? [];

// Read once: a module namespace's members are getters under CommonJS, too slow for a loop over every token.
const T = {
  LBrace: Tokens.LBrace, LBracket: Tokens.LBracket, RBrace: Tokens.RBrace, RBracket: Tokens.RBracket, Comma: Tokens.Comma, Dot: Tokens.Dot,
  Arrow: Tokens.Arrow, Identifier: Tokens.Identifier, StringLit: Tokens.StringLit, Keyword: Tokens.Keyword,
  Literal: Tokens.Literal, Import: Tokens.Import, Use: Tokens.Use, Soft: Tokens.Soft, External: Tokens.External, DomainValueKey: Tokens.DomainValueKey, System: Tokens.System, Standby: Tokens.Standby, Optional: Tokens.Optional,
  Excludes: Tokens.Excludes, Fail: Tokens.Fail,
} as const;

/** The tokens the parser reads, and one error per repair. */
export function repairTokens(all: IToken[]): { tokens: IToken[]; errors: IRecognitionException[] } {
  const errors: IRecognitionException[] = [];
  const once = withoutRepeats(all, errors);
  const balance = braceBalance(once);
  const tokens = withSystemKeywords(withoutStrayBrace(once, balance, errors), balance, errors);
  return { tokens, errors };
}

/** `{` count minus `}` count. */
function braceBalance(tokens: IToken[]): number {
  let n = 0;
  for (const t of tokens) {
    if (t.tokenType === T.LBrace) n++;
    else if (t.tokenType === T.RBrace) n--;
  }
  return n;
}

/** Words that may stand twice in a row (`standby standby` is a duplicate property, the model's to report). */
const MAY_REPEAT = new Set<TokenType>([T.RBrace, T.Standby, T.Optional]);

/**
 * Drops a token written twice in a row (`layer layer db`, `zones zones [`, `a a`): read with the
 * repeat, the keyword is taken as the name and the real name as a stray word. A repeated keyword
 * is dropped only when what follows reads as its item (`node node {` stays: a node named 'node').
 */
function withoutRepeats(all: IToken[], errors: IRecognitionException[]): IToken[] {
  const dropped = new Set<number>();
  for (let i = 1; i < all.length; i++) {
    const t = all[i];
    const before = all[i - 1];
    if (!t || !before || before.tokenType !== t.tokenType || before.image !== t.image || MAY_REPEAT.has(t.tokenType)) continue;
    const after = all[i + 1];
    if (tokenMatcher(t, T.Keyword) && (after === undefined || !readsAsItem(t.image, after))) continue;
    // `slo 99% excludes maintenance ⏎ maintenance 1h every 30d`, `fail maintenance ⏎ maintenance …`:
    // the first one ends an item, the second starts one.
    if (all[i - 2]?.tokenType === T.Excludes || all[i - 2]?.tokenType === T.Fail) continue;
    // A contextual keyword is dropped as an identifier is (`use use auth`), unless the first is a
    // name and the second starts its item (`path a -> journey ⏎ journey j {`).
    if (isContextual(t) && nameGoesAfter(all[i - 2]) && after !== undefined && readsAsItem(t.image, after)) continue;
    errors.push(error(recoveryMessage('repeated'), t, before));
    dropped.add(i);
  }
  // Most files have nothing to repair: the vector is then passed on as it is.
  return dropped.size ? all.filter((_, i) => !dropped.has(i)) : all;
}

/** True for a token a name follows: a keyword (`path`, `layer`, `in`, …), `->`, `[`, `,` or `.`. */
function nameGoesAfter(t: IToken | undefined): boolean {
  if (t === undefined) return false;
  return tokenMatcher(t, T.Keyword) || t.tokenType === T.Arrow || t.tokenType === T.LBracket || t.tokenType === T.Comma || t.tokenType === T.Dot;
}

/** Words that never start an item, so never follow a `}` or a `{` (they go on an item already begun). */
const MID_ITEM = new Set([
  'in', 'at', 'hot', 'warm', 'cold', 'sync', 'async', 'lag', 'every', 'active-active', 'active-passive',
  'deploy', 'canary', 'all-at-once', 'excludes',
]);
/** Keywords a name follows (`layer app`, `zone z in r`, `path a -> b`). */
const BEFORE_NAME = new Set(['system', 'scenario', 'region', 'zone', 'in', 'layer', 'kind', 'node', 'site', 'path', 'fail']);

/** Contextual keywords a name follows (`use auth`, `journey j`, `external e`). */
const CONTEXTUAL_BEFORE_NAME = new Set(['use', 'journey', 'external']);

/** True for a token that can never come right after a brace: a value, `,` `]` `.` `->`, or a mid-item word. */
function neverAfterBrace(t: IToken | undefined): boolean {
  if (t === undefined) return false;
  if (tokenMatcher(t, T.Literal) || t.tokenType === T.Comma || t.tokenType === T.RBracket || t.tokenType === T.Dot || t.tokenType === T.Arrow) return true;
  return tokenMatcher(t, T.Keyword) && MID_ITEM.has(t.image);
}

/**
 * When the file has exactly one brace too many, and one brace of that kind stands where no brace
 * can (`standby } hot`, `node a } {`, `zone z { in r`, `layer { app {`), that brace is the mistake:
 * it is dropped (one error) instead of closing or opening a block and cascading.
 */
function withoutStrayBrace(tokens: IToken[], balance: number, errors: IRecognitionException[]): IToken[] {
  if (balance !== 1 && balance !== -1) return tokens;
  const brace = balance === 1 ? T.LBrace : T.RBrace;
  const stray = tokens.findIndex((t, i) => {
    if (t.tokenType !== brace) return false;
    const before = tokens[i - 1];
    const after = tokens[i + 1];
    if (neverAfterBrace(after) || (brace === T.RBrace && after?.tokenType === T.LBrace)) return true;
    // `use auth } soft`: `soft` goes on the `use` before the brace.
    if (after?.tokenType === T.Soft && tokens[i - 2]?.tokenType === T.Use && !nameGoesAfter(tokens[i - 3])) return true;
    // `layer { app {`, `scenario } "s" {`: a brace between a keyword and its name.
    const named = after !== undefined && (isIdentifierLike(after) || after.tokenType === T.StringLit);
    // (`use } auth`, `journey { j`: the same between a contextual keyword and its name.)
    const beforeName = before !== undefined && (tokenMatcher(before, T.Keyword) ? BEFORE_NAME.has(before.image) : isContextual(before) && CONTEXTUAL_BEFORE_NAME.has(before.image));
    return named && beforeName;
  });
  const found = tokens[stray];
  if (!found) return tokens;
  errors.push(error(recoveryMessage('stray-brace'), found, tokens[stray - 1]));
  return tokens.filter((_, i) => i !== stray);
}

/**
 * `Sytsem shop {` or `shop {` where a system starts (top level, after a `}` or at the start): the
 * keyword is misspelt or left out, and the block is plainly a system. The misspelt word is read as
 * `system` (or one is supplied), so the system and everything in it still parse.
 */
function withSystemKeywords(tokens: IToken[], balance: number, errors: IRecognitionException[]): IToken[] {
  // With a `}` too many the top level is not where it seems (`layer } dns {`): leave it to the parser.
  if (balance < 0) return tokens;
  let out: IToken[] | undefined;
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as IToken;
    const before = tokens[i - 1];
    // Where a top-level item starts: the start, after a `}`, or after an import's path.
    const importedPath = before?.tokenType === T.StringLit && tokens[i - 2]?.tokenType === T.Import;
    if (depth === 0 && (before === undefined || before.tokenType === T.RBrace || importedPath)) {
      const next = tokens[i + 1]?.tokenType;
      const named = isIdentifierLike(tokens[i + 1]) || next === T.StringLit;
      const misspelt = t.tokenType === T.Identifier && named && tokens[i + 2]?.tokenType === T.LBrace;
      const missing = (t.tokenType === T.Identifier || t.tokenType === T.StringLit) && next === T.LBrace;
      // A plain misspelling of one of the file's keywords (`jorney j {`, `extenal s {`, `imprt "a.topo"`).
      const meant = t.tokenType === T.Identifier && !missing ? misspeltKeyword(t.image, FILE_ITEMS) : undefined;
      const after = tokens[i + 1];
      const meantType = meant !== undefined && after !== undefined && (misspelt || meant === 'import') && readsAsItem(meant, after)
        ? keywordTokens.get(meant) ?? contextualTokens.get(meant) : undefined;
      if (meantType) {
        errors.push(error(misspeltMessage(meant as string), t, before));
        out ??= tokens.slice(0, i);
        out.push({ ...t, tokenType: meantType, tokenTypeIdx: meantType.tokenTypeIdx ?? t.tokenTypeIdx });
        continue;
      }
      if (misspelt || missing) {
        // A body of availability / mtbf / mttr lines is an external's (`Externla stripe { availability 99% }`).
        const first = tokens[i + (misspelt ? 3 : 2)];
        const keyword = first !== undefined && tokenMatcher(first, T.DomainValueKey) ? T.External : T.System;
        // No `previous`: "expected 'system', found 'Sytsem'" reads better without "after '}'".
        const message = errorMessageProvider.buildMismatchTokenMessage({ expected: keyword, actual: t, previous: virtual(t, keyword), ruleName: 'system' });
        errors.push(error(message, t, before));
        out ??= tokens.slice(0, i);
        if (missing) out.push(virtual(t, keyword));
        out.push(misspelt ? { ...t, tokenType: keyword, tokenTypeIdx: keyword.tokenTypeIdx ?? t.tokenTypeIdx } : t);
        continue;
      }
    }
    out?.push(t);
    if (t.tokenType === T.LBrace) depth++;
    else if (t.tokenType === T.RBrace && depth > 0) depth--;
  }
  return out ?? tokens;
}

/** A `system` (or `external`) keyword that was not written: no text, no position (like Chevrotain's inserted tokens). */
function virtual(at: IToken, type: TokenType): IToken {
  return { ...at, image: '', startOffset: NaN, endOffset: NaN, tokenType: type, tokenTypeIdx: type.tokenTypeIdx ?? at.tokenTypeIdx, isInsertedInRecovery: true };
}

function error(message: string, token: IToken, previous: IToken | undefined): IRecognitionException {
  const e = new MismatchedTokenException(message, token, previous ?? token);
  e.context = { ruleStack: ['file'], ruleOccurrenceStack: [] };
  return e;
}
