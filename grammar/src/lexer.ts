/**
 * Lexing: text → classified Chevrotain tokens, comments and lexical diagnostics.
 *
 * The Chevrotain lexer matches shapes; this pass turns words into keywords or identifiers and
 * numerics into percent/duration/rate/number (or an invalid literal, reported here once so the
 * parser can accept it where a value goes and carry on without a second message).
 */
import { Lexer, type IToken, type TokenType } from './chevrotain';
import type { Diagnostic } from './text';
import type { LineIndex } from './positions';
import { badEscapes, classifyNumeric } from './literals';
import {
  BadLiteral, contextualTokens, Duration, Frequency, Identifier, keywordTokens, lexedTokens, LoneUnit, NumberLit, Numeric, Percent, Rate,
  StringLit, UNTERMINATED, UnterminatedString,
} from './tokens';

const lexer = new Lexer(lexedTokens, {
  // Positions come from offsets (positions.ts): cheaper, and right for lone-CR line endings.
  positionTracking: 'onlyOffset',
  ensureOptimizations: false,
  skipValidations: true,
});

export interface LexResult {
  tokens: IToken[];
  comments: IToken[];
  diagnostics: Diagnostic[];
}

const literalTypes: Record<string, TokenType> = { percent: Percent, duration: Duration, rate: Rate, number: NumberLit, frequency: Frequency };

/** Lexes `text` (offsets are shifted by `base`, the length of a stripped byte-order mark). */
export function lex(text: string, lines: LineIndex, base = 0): LexResult {
  const result = lexer.tokenize(text);
  const diagnostics: Diagnostic[] = [];
  const report = (start: number, end: number, message: string): void => {
    diagnostics.push({ severity: 'error', code: 'syntax', message, range: lines.rangeOf(start + base, end + base) });
  };
  for (const e of result.errors) {
    const bad = text.slice(e.offset, e.offset + e.length);
    report(e.offset, e.offset + e.length, `unexpected ${[...bad].length > 1 ? 'characters' : 'character'} ${describeChars(bad)}`);
  }
  for (const tok of result.tokens) {
    classify(tok, report);
    shift(tok, base);
  }
  for (const c of result.groups['comments'] ?? []) shift(c, base);
  return { tokens: result.tokens, comments: result.groups['comments'] ?? [], diagnostics };
}

function classify(tok: IToken, report: (start: number, end: number, message: string) => void): void {
  const type = tok.tokenType;
  if (type === Identifier) {
    const keyword = keywordTokens.get(tok.image) ?? contextualTokens.get(tok.image);
    if (keyword) retype(tok, keyword);
  } else if (type === Numeric) {
    const c = classifyNumeric(tok.image);
    // The value rides on the token so the AST builder need not read the number again.
    if ('literal' in c) {
      retype(tok, literalTypes[c.literal.kind] ?? BadLiteral);
      tok.payload = c.literal;
      if (c.error) report(tok.startOffset, tok.startOffset + tok.image.length, c.error);
    }
    else {
      retype(tok, BadLiteral);
      report(tok.startOffset, tok.startOffset + tok.image.length, c.error);
    }
  } else if (type === LoneUnit) {
    retype(tok, BadLiteral);
    report(tok.startOffset, tok.startOffset + tok.image.length, `'%' needs a number before it (e.g. 99.95%)`);
  } else if (type === UnterminatedString) {
    report(tok.startOffset, tok.startOffset + tok.image.length, `unterminated string ${truncate(tok.image)}: add a closing '"' on the same line`);
    retype(tok, StringLit);
    tok.payload = UNTERMINATED;
  }
  if (tok.tokenType === StringLit) {
    for (const b of badEscapes(tok.image)) {
      report(tok.startOffset + b.offset, tok.startOffset + b.offset + b.text.length,
        `unknown escape '${b.text}' in a string: only \\" and \\\\ are allowed`);
    }
  }
}

function retype(tok: IToken, type: TokenType): void {
  tok.tokenType = type;
  tok.tokenTypeIdx = type.tokenTypeIdx ?? tok.tokenTypeIdx;
}

/** Moves a token past a stripped BOM and sets its (inclusive) end offset, which CST locations need. */
function shift(tok: IToken, base: number): void {
  tok.startOffset += base;
  tok.endOffset = tok.startOffset + tok.image.length - 1;
}

/** Quotes characters for a message, writing invisible ones as `\u{…}` escapes. */
function describeChars(s: string): string {
  const shown = [...truncateChars(s, 20)].map((ch) => {
    const cp = ch.codePointAt(0) ?? 0;
    const invisible = cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp === 0xfffd || /\s/u.test(ch);
    return invisible ? `\\u{${cp.toString(16).toUpperCase()}}` : ch;
  });
  return `'${shown.join('')}'`;
}

function truncateChars(s: string, n: number): string {
  const chars = [...s];
  return chars.length > n ? chars.slice(0, n).join('') + '…' : s;
}

function truncate(s: string): string {
  return s.length > 30 ? s.slice(0, 30) + '…' : s;
}

/** True when Chevrotain runs the lexer in its first-character-optimised mode (checked by a test). */
export function lexerCanBeOptimized(): boolean {
  return Object.values((lexer as unknown as { canModeBeOptimized: Record<string, boolean> }).canModeBeOptimized).every(Boolean);
}
