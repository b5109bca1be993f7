/**
 * Diagnostics for a terminal, the way tsc and eslint print them:
 *
 *   checkout.topo:17:5 warning spof the load balancer lb1 is a single point of failure
 *      17 |     node lb1 { availability 99.95% zone az1 }
 *         |     ^^^^^^^^
 *
 * Lines and columns are 1-based here (for people); everywhere else they are LSP's 0-based.
 */
import type { Diagnostic } from '../../../../grammar/src/text';

/** Columns of an excerpt longer than this are cut around the caret. */
const MAX_EXCERPT = 160;

function formatDiagnostic(file: string, text: string, lines: string[], d: Diagnostic): string {
  const { start, end } = d.range;
  const head = `${file}:${start.line + 1}:${start.character + 1} ${d.severity} ${d.code} ${d.message}`;
  const line = lines[start.line];
  if (line === undefined) return head + '\n';
  const caretEnd = end.line === start.line ? Math.max(end.character, start.character + 1) : Math.max(line.length, start.character + 1);
  let from = 0;
  let shown = line;
  if (line.length > MAX_EXCERPT) {
    from = Math.max(0, start.character - 40);
    shown = line.slice(from, from + MAX_EXCERPT);
  }
  const gutter = String(start.line + 1).padStart(5);
  const pad = ' '.repeat(gutter.length);
  const caretStart = start.character - from;
  const caretLen = Math.max(1, Math.min(caretEnd - start.character, shown.length - caretStart));
  const excerpt = printable(shown);
  const caret = ' '.repeat(Math.max(0, caretStart)) + '^'.repeat(caretLen);
  void text;
  return `${head}\n${gutter} | ${excerpt}\n${pad} | ${caret}\n`;
}

/** Splits text into lines on \n, \r\n or \r, as LSP does. */
function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** Control characters would garble a terminal; show them as U+FFFD-free visible escapes. */
function printable(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '?').replace(/\t/g, ' ');
}

export function formatDiagnostics(file: string, text: string, diagnostics: Diagnostic[]): string {
  const lines = splitLines(text);
  return diagnostics.map((d) => formatDiagnostic(file, text, lines, d)).join('');
}

/** "2 errors, 3 warnings, 1 info" (or "no problems"). */
export function summariseDiagnostics(diagnostics: Diagnostic[]): string {
  const count = (s: string) => diagnostics.filter((d) => d.severity === s).length;
  const parts: string[] = [];
  const e = count('error'), w = count('warning'), i = count('info');
  if (e) parts.push(`${e} error${e === 1 ? '' : 's'}`);
  if (w) parts.push(`${w} warning${w === 1 ? '' : 's'}`);
  if (i) parts.push(`${i} info`);
  return parts.length ? parts.join(', ') : 'no problems';
}
