/**
 * Markdown, one way. Every name or other text from a `.topo` file that goes into Markdown (the
 * hovers, the availability report) goes through one of these two functions, so no name can turn
 * into a link, an image, HTML or a `command:` link: VS Code renders hovers and report previews as
 * Markdown, and a trusted `command:` link runs a command when clicked. A system or scenario name
 * is a quoted string and may hold any character but a line ending, so this is not hypothetical.
 *
 * - **Text** (`markdownText`) goes in a paragraph, a heading or a table cell: each character that
 *   CommonMark or GFM gives a meaning inline is backslash-escaped, and a character that would open
 *   a block at the start of a line is escaped there. Parentheses are left as they are: without an
 *   unescaped `]` before them they start nothing, and `99.9% (3 nines)` stays readable in the
 *   Markdown source.
 * - **Code** (`markdownCode`) is a code span, for names: fenced by more backticks than the
 *   longest run inside, padded with a space on each side (which CommonMark strips) when the text
 *   starts or ends with a backtick or a space, so the span closes where it should and its content
 *   is never parsed. Not for a table cell: GFM splits cells at a `|` even inside a code span;
 *   use `markdownText` there.
 *
 * Both are inline, for one line: a line ending becomes a space (a blank line would end the
 * paragraph, a line ending the table row; CommonMark turns a line ending in a code span into a
 * space anyway), and every other control character but the tab becomes U+FFFD, the character
 * CommonMark itself puts in place of NUL.
 */

/** `\r\n`, `\r` or `\n`: CommonMark's line endings. */
const LINE_ENDING = /\r\n|\r|\n/g;
/** C0 controls but the tab, DEL and the C1 controls. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
/**
 * Spaces and tabs at either end: Markdown drops them from a paragraph, a heading or a table cell
 * anyway, and kept they could indent a line into a code block (four at its start, five after `- `).
 */
const EDGE_BLANKS = /^[ \t]+|[ \t]+$/g;
/**
 * What has a meaning anywhere on a line: escapes, code, emphasis, strikethrough, links and
 * images, raw HTML and autolinks, entities, GFM table cells, math (VS Code's preview), headings.
 */
const INLINE_SPECIAL = /[\\`*_~[\]<>&|!#$]/g;
/**
 * What opens a block only at the start of a line and followed by a space or the end: a list item
 * (`-`, `+`, `1.`, `1)`), a thematic break (`---`, `- - -`) or a setext underline (`==`, `--`).
 * `3.07` and `app-1` stay as they are.
 */
const BLOCK_START = /^(\d{1,9})([.)])(?=[ \t]|$)|^([-+=])(?=[-+= \t]|$)/;

/** Text made safe for a paragraph, a heading or a table cell: it renders as itself and nothing else. */
export function markdownText(text: string): string {
  return oneLine(text)
    .replace(EDGE_BLANKS, '')
    .replace(INLINE_SPECIAL, '\\$&')
    .replace(BLOCK_START, (_whole, digits: string | undefined, delimiter: string | undefined, marker: string | undefined) =>
      digits !== undefined ? `${digits}\\${delimiter ?? ''}` : `\\${marker ?? ''}`);
}

/** A code span that shows `text` verbatim whatever it holds (backticks, brackets, HTML); never in a table cell. */
export function markdownCode(text: string): string {
  const content = oneLine(text);
  const longestRun = (content.match(/`+/g) ?? []).reduce((longest, run) => Math.max(longest, run.length), 0);
  const fence = '`'.repeat(longestRun + 1);
  // CommonMark strips one space from each side when both are spaces and the content is not all
  // spaces: a content that starts or ends with a backtick (which would join the fence) or that a
  // renderer would strip gets a space on each side, to be stripped; any other, `app-1`, none.
  // There is no empty code span: an empty text shows as one space.
  if (content === '') return `${fence} ${fence}`;
  const padded = content.startsWith('`') || content.endsWith('`') || (content.startsWith(' ') && content.endsWith(' ') && /[^ ]/.test(content));
  return padded ? `${fence} ${content} ${fence}` : fence + content + fence;
}

/** One line with no control characters, as both kinds need. */
function oneLine(text: string): string {
  return text.replace(LINE_ENDING, ' ').replace(CONTROL, '\uFFFD');
}
