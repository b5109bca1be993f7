/**
 * Diagnostics for a terminal, the way tsc and eslint print them:
 *
 *   checkout.topo:17:5 warning spof the load balancer lb1 is a single point of failure
 *      17 |     node lb1 { availability 99.95% zone az1 }
 *         |     ^^^^^^^^
 *
 * Lines and columns are 1-based here (for people); everywhere else they are LSP's 0-based.
 * Everything printed goes through `text/terminal.ts`: a name or a source line cannot drive the
 * terminal.
 */
import type { Diagnostic } from '../../../../grammar/src/text';
import { escapeTerminal } from '../text/terminal';

/** Columns of an excerpt longer than this are cut around the caret. */
const MAX_EXCERPT = 160;

function formatDiagnostic(file: string, text: string, lines: string[], d: Diagnostic): string {
  const { start, end } = d.range;
  // The path and the message carry names the writer chose (a system's may hold any character).
  const head = escapeTerminal(`${file}:${start.line + 1}:${start.character + 1} ${d.severity} ${d.code} ${d.message}`);
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
  const caretStart = Math.max(0, start.character - from);
  const caretLen = Math.max(1, Math.min(caretEnd - start.character, shown.length - caretStart));
  // A control in the line shows as an escape several columns wide: the caret is measured on the
  // escaped text, so it stays under what it marks. A tab is one column here, as the caret counts.
  const visible = (s: string) => escapeTerminal(s.replace(/\t/g, ' '));
  const excerpt = visible(shown);
  const caret = ' '.repeat(visible(shown.slice(0, caretStart)).length) + '^'.repeat(Math.max(1, visible(shown.slice(caretStart, caretStart + caretLen)).length));
  void text;
  return `${head}\n${gutter} | ${excerpt}\n${pad} | ${caret}\n`;
}

/** Splits text into lines on \n, \r\n or \r, as LSP does. */
function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
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
