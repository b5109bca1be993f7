/** The grammar stage: text → tokens + AST + syntax diagnostics. Never throws. */
export * from './text';
export type * from './ast';
export { KEYWORDS } from './tokens';
export { MAX_TEXT_LENGTH, MAX_BRACE_DEPTH, MAX_SYNTAX_DIAGNOSTICS } from './limits';
import type { IToken } from './chevrotain';
import type { CommentInfo, FileAst, ParseResult, TokenInfo } from './ast';
import { comparePositions, type Diagnostic, type Position, type Range } from './text';
import { LineIndex } from './positions';
import { lex } from './lexer';
import { parseTokens } from './parser';
import { toDiagnostics } from './parse-errors';
import { ErrorContext } from './error-context';
import { buildFile } from './build-ast';
import { Ranges } from './cst';
import { ContextualKeyword, Keyword } from './tokens';
import { MAX_BRACE_DEPTH, MAX_SYNTAX_DIAGNOSTICS, MAX_TEXT_LENGTH, tooDeepBrace } from './limits';
import { tokenMatcher } from './chevrotain';

/**
 * Parses a whole `.topo` text. A leading byte-order mark is skipped: positions are as an editor
 * shows them (the BOM takes no column), offsets index the text as given.
 */
export function parse(text: string): ParseResult {
  try {
    // `String(…)` guards JavaScript callers that pass something else; TypeScript ones cannot.
    return parseText(typeof text === 'string' ? text : String(text ?? ''));
  } catch (e) {
    // Parsing must never throw; if it does, it is a bug in Topo, reported where a user sees it.
    const message = `internal parser error, please report it: ${e instanceof Error ? e.message : 'unknown error'}`;
    return { ast: emptyFile(zero()), tokens: [], comments: [], diagnostics: [{ severity: 'error', code: 'internal', range: zero(), message }] };
  }
}

/** A file with nothing in it. */
function emptyFile(range: Range): FileAst {
  return { systems: [], imports: [], externals: [], journeys: [], range };
}

/** A fresh empty range at the start of the file (fresh, so no caller can alter a shared one). */
function zero(): Range {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

function parseText(text: string): ParseResult {
  const base = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const body = base ? text.slice(base) : text;
  if (body.length > MAX_TEXT_LENGTH) {
    // Checked before anything else looks at the text, so the refusal itself is instant.
    return {
      ast: emptyFile(zero()), tokens: [], comments: [],
      // No count: a reader that stops at the limit (the CLI's, on /dev/zero) hands over only a part.
      diagnostics: [limit(zero(), `the file has too many characters, over Topo's limit of ${MAX_TEXT_LENGTH.toLocaleString('en-US')}: split it into several files`)],
    };
  }
  const lines = new LineIndex(body, base);
  const fileRange: Range = { start: { line: 0, character: 0 }, end: lines.endPosition() };
  return parseChecked(body, base, lines, fileRange);
}

function parseChecked(body: string, base: number, lines: LineIndex, fileRange: Range): ParseResult {
  const lexed = lex(body, lines, base);
  const tokensOf = (contextual: ReadonlySet<number>): TokenInfo[] => {
    const tokenAt = lines.cursor();
    return lexed.tokens.map((t) => tokenInfo(t, tokenAt, contextual));
  };
  const commentAt = lines.cursor();
  const comments = lexed.comments.map((c) => commentInfo(c, commentAt));
  const deep = tooDeepBrace(lexed.tokens);
  if (deep) {
    const at = lines.rangeOf(deep.startOffset, deep.startOffset + 1);
    const diagnostic = limit(at, `braces nest more than ${MAX_BRACE_DEPTH} deep here; a .topo file needs only a few levels (system, layer, site, node), so the file was not parsed`);
    return { ast: emptyFile(fileRange), tokens: tokensOf(new Set()), comments, diagnostics: [...capped(lexed.diagnostics), diagnostic] };
  }
  const { cst, errors, stoppedEarly, contextualKeywords } = parseTokens(lexed.tokens, MAX_SYNTAX_DIAGNOSTICS);
  const tokens = tokensOf(contextualKeywords);
  const syntax = toDiagnostics(errors, new ErrorContext(lexed.tokens, lines, contextualKeywords));
  const ctx = { ranges: new Ranges(lines), diagnostics: [] as Diagnostic[] };
  const ast = buildFile(cst, fileRange, ctx);
  const all = [...lexed.diagnostics, ...syntax, ...ctx.diagnostics].sort((a, b) => comparePositions(a.range.start, b.range.start));
  const diagnostics = capped(all, stoppedEarly ? 'stopped reading' : 'not shown');
  return { ast, tokens, comments, diagnostics };
}

function limit(range: Range, message: string): Diagnostic {
  return { severity: 'error', code: 'limit', range, message };
}

/**
 * Keeps the first MAX_SYNTAX_DIAGNOSTICS (a file of noise needs no ten-thousand-line report) and
 * says what was left out: errors not shown, or input not read because the parser stopped early.
 */
function capped(diags: Diagnostic[], why: 'stopped reading' | 'not shown' = 'not shown'): Diagnostic[] {
  if (diags.length <= MAX_SYNTAX_DIAGNOSTICS && why === 'not shown') return diags;
  const kept = diags.slice(0, MAX_SYNTAX_DIAGNOSTICS);
  const last = kept[kept.length - 1];
  const range = last ? last.range : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const message = why === 'stopped reading'
    ? `stopped reading after ${MAX_SYNTAX_DIAGNOSTICS} syntax errors; fix these first`
    : `${diags.length - MAX_SYNTAX_DIAGNOSTICS} more syntax error${diags.length - MAX_SYNTAX_DIAGNOSTICS === 1 ? '' : 's'} not shown; fix the ones above first`;
  kept.push({ severity: 'error', code: 'syntax', range, message });
  return kept;
}

/**
 * A token as the editor sees it. A contextual keyword (`use`, `journey`, …) is a keyword only
 * where the parser read it as one; elsewhere it is the identifier it looks like.
 */
function tokenInfo(t: IToken, at: (offset: number) => Position, contextual: ReadonlySet<number>): TokenInfo {
  const isContextual = tokenMatcher(t, ContextualKeyword);
  const keyword = isContextual ? contextual.has(t.startOffset) : tokenMatcher(t, Keyword);
  const endOffset = t.startOffset + t.image.length;
  return {
    type: keyword ? 'Keyword' : isContextual ? 'Identifier' : t.tokenType.name, keyword, image: t.image,
    range: { start: at(t.startOffset), end: at(endOffset) }, startOffset: t.startOffset, endOffset,
  };
}

function commentInfo(c: IToken, at: (offset: number) => Position): CommentInfo {
  const endOffset = c.startOffset + c.image.length;
  return { text: c.image, range: { start: at(c.startOffset), end: at(endOffset) }, startOffset: c.startOffset, endOffset };
}
