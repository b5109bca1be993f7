/** `topo blast FILE ELEMENT [--format text|json]`: what goes down, or loses redundancy, when one element fails. */
import { analyseDocument, blastRadius, escapeTerminal, formatBlast, formatDiagnostics } from '../../core/index';
import { choice, parseArgs } from '../args';
import { readSource, sourceOf } from '../files';
import { EXIT_FINDINGS, EXIT_OK, UsageError, type CliIo } from '../io';

const blastUsage = 'topo blast FILE ELEMENT [--format text|json]';

/** Runs `topo blast`; resolves to the exit code (usage errors throw UsageError: exit 2). */
export async function runBlast(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, { format: { value: true } });
  const format = choice(args, 'format', ['text', 'json'] as const, 'text');
  const [file, element, ...extra] = args.positional;
  if (file === undefined) throw new UsageError(`no file given\nusage: ${blastUsage}`);
  if (element === undefined) throw new UsageError(`say which element fails: a zone, region, service, site, node or instance\nusage: ${blastUsage}`);
  if (extra.length > 0) throw new UsageError(`one file and one element at a time (got ${args.positional.length} arguments)\nusage: ${blastUsage}`);
  const text = readSource(file);
  const doc = analyseDocument(text, {}, sourceOf(file));
  // Errors leave figures meaningless (as for simulate): they are printed and nothing is computed.
  // A missed slo or sla is a verdict on the design, not an error of the file: the blast still runs.
  const errors = doc.diagnostics.filter((d) => d.severity === 'error' && !['slo-miss', 'sla-miss', 'slo-unreachable', 'sla-unreachable'].includes(d.code));
  if (errors.length > 0) {
    io.err(escapeTerminal(formatDiagnostics(file, text, errors), { keepNewlines: true }));
    io.err(escapeTerminal(`${file}: no blast radius: fix the error${errors.length === 1 ? '' : 's'} above first`) + '\n');
    return EXIT_FINDINGS;
  }
  const result = blastRadius(doc, element);
  if (!result.ok) throw new UsageError(`${file}: ${result.error}`);
  // JSON escapes its own controls; the text's names are escaped for the terminal.
  io.out(format === 'json' ? JSON.stringify(result, null, 2) + '\n' : escapeTerminal(formatBlast(result), { keepNewlines: true }));
  return EXIT_OK;
}
