/**
 * Text for a terminal, the one escaping of everything the CLI prints for people (reports,
 * diagnostics and the source lines under them, timelines, Monte Carlo figures, progress, usage
 * errors). A name is the writer's, not ours: `system "\x1b]0;PWNED\x07"` would retitle the
 * window, `\x1b[2J` clear the screen, and a right-to-left override (U+202E) reorder what follows
 * so the line reads other than it is. So every character a terminal acts on instead of drawing is
 * shown as a visible escape instead:
 *
 *   - C0 controls U+0000–U+001F (newline only when the caller keeps newlines), DEL U+007F and
 *     C1 controls U+0080–U+009F (U+009B is a one-byte CSI), as `\x1b`, `\x7f`, `\x9b`;
 *   - Unicode bidirectional controls (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069),
 *     as `\u202e`.
 *
 * Everything else, a backslash included, is printed as it is: the escapes make the text safe and
 * visible, not reversible. The output holds none of these characters, so escaping it again
 * changes nothing. JSON output does not come here: JSON escapes its own controls.
 */

/** The characters a terminal acts on, newline aside (see the header). */
const ACTED_ON_BUT_NEWLINE = '\\u0000-\\u0009\\u000b-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069';

const UNSAFE = new RegExp(`[\\n${ACTED_ON_BUT_NEWLINE}]`, 'g');
const UNSAFE_KEEPING_NEWLINES = new RegExp(`[${ACTED_ON_BUT_NEWLINE}]`, 'g');

export interface TerminalOptions {
  /** Keep `\n` as a line break (multi-line output); without it a newline is escaped too (`\x0a`). */
  keepNewlines?: boolean;
}

/** `text` safe to write to a terminal: controls and bidirectional controls shown as `\x1b`, `\u202e`. */
export function escapeTerminal(text: string, options: TerminalOptions = {}): string {
  return text.replace(options.keepNewlines ? UNSAFE_KEEPING_NEWLINES : UNSAFE, visibleEscape);
}

/** `\xHH` for the Latin-1 range (C0, DEL, C1), `\uHHHH` above it. */
function visibleEscape(ch: string): string {
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}
