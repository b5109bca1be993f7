/**
 * The canonical layout of a `.topo` file. Layout is rebuilt from the token stream, so the
 * tokens (and therefore the meaning) never change; only whitespace between them does.
 *
 * The layout:
 * - two-space indentation, one item (property, declaration, path) per line;
 * - `node`, `zone`, `region`, `health-check` and `heartbeat` blocks are written compact on one
 *   line, `node app { availability 99.9% replicas 4 }`, unless a comment sits inside them;
 *   every other block (`system`, `defaults`, `layer`, `site`, `scenario`) has one item per line;
 * - single spaces between tokens; `[a, b]` lists; `a -> b` paths;
 * - comments stay where they were: on their own line (re-indented) or at the end of a line
 *   (two spaces before them);
 * - blank lines: one where the source had one or more, none after `{` or before `}`, and
 *   exactly one between systems; the file ends with one newline.
 * A file with syntax errors is not formatted (its tokens may not be all of its text).
 */
import type { CommentInfo, ParseResult, TokenInfo } from '../../../../grammar/src/ast';
import { ITEM_START } from './keywords';
import { LineIndex } from '../../../../grammar/src/positions';
import type { TextEdit } from './types';

const COMPACT_OPENERS: ReadonlySet<string> = new Set(['node', 'zone', 'region', 'health-check', 'heartbeat', 'external']);
const INDENT = '  ';
/**
 * Words after which an item keyword goes on the same item (`fail maintenance`, `fail common-cause x`,
 * `slo 99.9% excludes maintenance`): it names what the item is about rather than starting one.
 */
const CONTINUES_ITEM: ReadonlySet<string> = new Set(['fail', 'excludes']);

type Piece = { token: TokenInfo; comment?: undefined } | { comment: CommentInfo; token?: undefined };

/** The formatted text (with the document's line endings), or undefined when the file has syntax errors. */
export function formatText(parsed: ParseResult, text: string): string | undefined {
  if (parsed.diagnostics.some((d) => d.severity === 'error' && d.code === 'syntax')) return undefined;
  const pieces: Piece[] = [...parsed.tokens.map((token) => ({ token })), ...parsed.comments.map((comment) => ({ comment }))].sort(
    (a, b) => start(a) - start(b),
  );
  const compact = compactBraces(pieces);
  const w = new Writer();
  let prev: Piece | undefined;
  const stack: boolean[] = [];
  for (let i = 0; i < pieces.length; i++) {
    const p = pieces[i] as Piece;
    const gapLines = prev ? countNewlines(text, end(prev), start(p)) : 0;
    const inCompact = stack[stack.length - 1] === true;
    if (p.comment) {
      if (prev && gapLines === 0) w.trailing(p.comment.text.trimEnd());
      else {
        w.startLine(gapLines >= 2);
        w.append(p.comment.text.trimEnd());
      }
      w.breakLine();
      prev = p;
      continue;
    }
    const t = p.token;
    const image = t.image;
    if (image === '{') {
      const isCompact = compact.has(i);
      stack.push(isCompact);
      w.append(' {', false);
      if (!isCompact) {
        w.depth++;
        w.softBreak();
      }
    } else if (image === '}') {
      const wasCompact = stack.pop() === true;
      if (wasCompact) w.append(prev?.token?.image === '{' ? '}' : ' }', false);
      else {
        w.depth = Math.max(0, w.depth - 1);
        w.breakLine();
        w.append('}');
      }
      if (stack[stack.length - 1] !== true) w.softBreak();
    } else if (t.keyword && ITEM_START.has(image) && !inCompact && !CONTINUES_ITEM.has(prev?.token?.image ?? '')) {
      // Exactly one blank line between systems; a comment right above a system stays attached.
      if (image === 'system' && w.lastLine() === '}') w.startLine(true);
      else w.startLine(gapLines >= 2);
      w.append(image);
    } else if (image === ',' || image === ']') {
      w.append(image, false);
    } else if (prev?.token?.image === '[') {
      w.append(image, false);
    } else if (image === '.' || prev?.token?.image === '.') {
      // A qualified name `east.app-1` is one name: no spaces around its dots.
      w.append(image, false);
    } else {
      w.append(image);
    }
    prev = p;
  }
  const formatted = w.finish();
  // The document keeps its line endings (those of its first line break).
  return /\r\n/.test(text.slice(0, text.indexOf('\n') + 1)) ? formatted.replace(/\n/g, '\r\n') : formatted;
}

/** The edits that turn the text into its canonical layout (none when it already is). */
export function formatEdits(parsed: ParseResult, text: string): TextEdit[] {
  const formatted = formatText(parsed, text);
  if (formatted === undefined || formatted === text) return [];
  // One edit covering only what changed keeps the client's cursor and undo history calm.
  let from = 0;
  while (from < text.length && from < formatted.length && text[from] === formatted[from]) from++;
  let tailOld = text.length;
  let tailNew = formatted.length;
  while (tailOld > from && tailNew > from && text[tailOld - 1] === formatted[tailNew - 1]) {
    tailOld--;
    tailNew--;
  }
  const lines = new LineIndex(text);
  return [{ range: { start: lines.positionAt(from), end: lines.positionAt(tailOld) }, newText: formatted.slice(from, tailNew) }];
}

/** Indices of `{` tokens whose block is written on one line. */
function compactBraces(pieces: Piece[]): Set<number> {
  const out = new Set<number>();
  let itemKeyword = '';
  for (let i = 0; i < pieces.length; i++) {
    const t = pieces[i]?.token;
    if (!t) continue;
    if (t.keyword && ITEM_START.has(t.image)) itemKeyword = t.image;
    if (t.image !== '{' || !COMPACT_OPENERS.has(itemKeyword)) continue;
    let j = i + 1;
    let simple = true;
    for (; j < pieces.length; j++) {
      const q = pieces[j] as Piece;
      if (q.comment || q.token.image === '{') {
        simple = false;
        break;
      }
      if (q.token.image === '}') break;
    }
    if (simple) out.add(i);
  }
  return out;
}

function start(p: Piece): number {
  return p.token ? p.token.startOffset : (p.comment as CommentInfo).startOffset;
}

function end(p: Piece): number {
  return p.token ? p.token.endOffset : (p.comment as CommentInfo).endOffset;
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) n++;
  }
  return n;
}

/** Builds the output line by line. */
class Writer {
  depth = 0;
  private readonly lines: string[] = [];
  private current = '';
  /** A line break is due before the next token (but a trailing comment may still join the line). */
  private pending = false;

  /** The last finished line (the current one once it is ended). */
  lastLine(): string | undefined {
    this.breakLine();
    return this.lines[this.lines.length - 1];
  }

  /** Appends to the current line, with a separating space unless `spaced` is false. */
  append(s: string, spaced = true): void {
    if (this.pending) this.breakLine();
    if (this.current === '') this.current = INDENT.repeat(this.depth) + s.trimStart();
    else this.current += spaced ? ' ' + s : s;
  }

  /** A comment at the end of the current line (or of the line just ended). */
  trailing(comment: string): void {
    this.pending = false;
    if (this.current === '') this.current = INDENT.repeat(this.depth) + comment;
    else this.current += '  ' + comment;
  }

  softBreak(): void {
    this.pending = true;
  }

  breakLine(): void {
    this.pending = false;
    if (this.current.trim() !== '') this.lines.push(this.current.trimEnd());
    this.current = '';
  }

  /** Starts a new line, after one blank line when asked (never right after an opening brace). */
  startLine(blank: boolean): void {
    this.breakLine();
    const last = this.lines[this.lines.length - 1];
    if (blank && last !== undefined && last !== '' && !last.endsWith('{')) this.lines.push('');
  }

  finish(): string {
    this.breakLine();
    while (this.lines[this.lines.length - 1] === '') this.lines.pop();
    return this.lines.length ? this.lines.join('\n') + '\n' : '';
  }
}
