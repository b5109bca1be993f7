/** `topo check FILE… [--format text|json|sarif] [--max-order N]`: analysis and diagnostics. */
import { analyseDocument } from '../../core/pipeline';
import { formatDiagnostics, summariseDiagnostics } from '../../core/report/diagnostics-text';
import { systemJson, type CheckJson, type FileJson } from '../../core/report/json';
import { choice, intFlag, parseArgs } from '../args';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, readSource, UsageError, type CliIo } from '../io';

export const checkUsage = 'topo check FILE… [--format text|json|sarif] [--max-order N]';

export async function runCheck(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, { format: { value: true }, 'max-order': { value: true } });
  const format = choice(args, 'format', ['text', 'json', 'sarif'] as const, 'text');
  const maxOrder = intFlag(args, 'max-order', 3, 1, 6);
  if (args.positional.length === 0) throw new UsageError(`no file given\nusage: ${checkUsage}`);

  let hasError = false;
  let ioError = false;
  const files: FileJson[] = [];
  for (const file of args.positional) {
    let text: string;
    try {
      text = readSource(file);
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      ioError = true;
      files.push({ file, diagnostics: [], systems: [], error: e.message });
      if (format === 'text') io.err(`topo: ${e.message}\n`);
      continue;
    }
    const doc = analyseDocument(text, { maxOrder });
    if (doc.diagnostics.some((d) => d.severity === 'error')) hasError = true;
    files.push({ file, diagnostics: doc.diagnostics, systems: doc.systems.map(systemJson) });
    if (format === 'text') {
      io.out(formatDiagnostics(file, text, doc.diagnostics));
      io.out(`${file}: ${summariseDiagnostics(doc.diagnostics)}\n`);
    }
  }
  if (format === 'json') {
    const out: CheckJson = { files };
    io.out(JSON.stringify(out, null, 2) + '\n');
  } else if (format === 'sarif') {
    throw new UsageError('--format sarif is not available yet');
  }
  if (ioError) return EXIT_USAGE;
  return hasError ? EXIT_FINDINGS : EXIT_OK;
}
