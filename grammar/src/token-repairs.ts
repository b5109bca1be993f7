/**
 * Repairs made to the token vector before parsing, for mistakes whose meaning is plain from the
 * tokens around them but that a left-to-right parser only notices a token too late, and then
 * reads wrongly and cascades. Each repair is reported once, as a parser error.
 */
import { MismatchedTokenException, tokenMatcher, type IRecognitionException, type IToken, type TokenType } from './chevrotain';
import * as T from './tokens';
import { errorMessageProvider, recoveryMessage } from './parse-errors';
import { readsAsItem } from './block-items';

/** The tokens the parser reads, and one error per repair. */
export function repairTokens(all: IToken[]): { tokens: IToken[]; errors: IRecognitionException[] } {
  const errors: IRecognitionException[] = [];
  const tokens = withSystemKeywords(withoutRepeats(all, errors), errors);
  return { tokens, errors };
}

/** Words that may stand twice in a row (`standby standby` is a duplicate property, the model's to report). */
const MAY_REPEAT = new Set<TokenType>([T.RBrace, T.Standby, T.Optional]);

/**
 * Drops a token written twice in a row (`layer layer db`, `zones zones [`, `a a`): read with the
 * repeat, the keyword is taken as the name and the real name as a stray word. A repeated keyword
 * is dropped only when what follows reads as its item (`node node {` stays: a node named 'node').
 */
function withoutRepeats(all: IToken[], errors: IRecognitionException[]): IToken[] {
  return all.filter((t, i) => {
    const before = all[i - 1];
    const after = all[i + 1];
    const repeated = before !== undefined && before.tokenType === t.tokenType && before.image === t.image && !MAY_REPEAT.has(t.tokenType)
      && (!tokenMatcher(t, T.Keyword) || (after !== undefined && readsAsItem(t.image, after)));
    if (repeated) errors.push(error(recoveryMessage('repeated'), t, before));
    return !repeated;
  });
}

/**
 * `Sytsem shop {` or `shop {` where a system starts (top level, after a `}` or at the start): the
 * keyword is misspelt or left out, and the block is plainly a system. The misspelt word is read as
 * `system` (or one is supplied), so the system and everything in it still parse.
 */
function withSystemKeywords(tokens: IToken[], errors: IRecognitionException[]): IToken[] {
  // With a `}` too many the top level is not where it seems (`layer } dns {`): leave it to the parser.
  const balance = tokens.reduce((n, t) => n + (t.tokenType === T.LBrace ? 1 : t.tokenType === T.RBrace ? -1 : 0), 0);
  if (balance < 0) return tokens;
  const out: IToken[] = [];
  let depth = 0;
  tokens.forEach((t, i) => {
    const before = tokens[i - 1];
    const next = tokens[i + 1]?.tokenType;
    const startsItem = depth === 0 && (before === undefined || before.tokenType === T.RBrace);
    const named = next === T.Identifier || next === T.StringLit;
    const misspelt = startsItem && t.tokenType === T.Identifier && named && tokens[i + 2]?.tokenType === T.LBrace;
    const missing = startsItem && (t.tokenType === T.Identifier || t.tokenType === T.StringLit) && next === T.LBrace;
    if (misspelt || missing) {
      // No `previous`: "expected 'system', found 'Sytsem'" reads better without "after '}'".
      const message = errorMessageProvider.buildMismatchTokenMessage({ expected: T.System, actual: t, previous: virtualSystem(t), ruleName: 'system' });
      errors.push(error(message, t, before));
    }
    if (missing) out.push(virtualSystem(t));
    out.push(misspelt ? { ...t, tokenType: T.System, tokenTypeIdx: T.System.tokenTypeIdx ?? t.tokenTypeIdx } : t);
    if (t.tokenType === T.LBrace) depth++;
    else if (t.tokenType === T.RBrace && depth > 0) depth--;
  });
  return out;
}

/** A `system` keyword that was not written: no text, no position (like Chevrotain's inserted tokens). */
function virtualSystem(at: IToken): IToken {
  return { ...at, image: '', startOffset: NaN, endOffset: NaN, tokenType: T.System, tokenTypeIdx: T.System.tokenTypeIdx ?? at.tokenTypeIdx, isInsertedInRecovery: true };
}

function error(message: string, token: IToken, previous: IToken | undefined): IRecognitionException {
  const e = new MismatchedTokenException(message, token, previous ?? token);
  e.context = { ruleStack: ['file'], ruleOccurrenceStack: [] };
  return e;
}
