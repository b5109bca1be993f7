/** `topo check FILE… [--format text|json|sarif] [--max-order N]`: analysis and diagnostics. */
import { relative, resolve, sep } from 'node:path';
import {
  analyseDocument, type CheckJson, type FileJson, escapeTerminal, formatDiagnostics, fileJson, formatJourneysReport, formatSystemReport, LIMITS, type SarifFile, summariseDiagnostics, toSarif,
} from '../../core/index';
import { choice, intFlag, parseArgs } from '../args';
import { readSourceOrError, sourceOf } from '../files';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, type CliIo } from '../io';
import { TOPO_VERSION } from '../../version';

const version = TOPO_VERSION;

const checkUsage = 'topo check FILE… [--format text|json|sarif] [--max-order N]';

export async function runCheck(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, { format: { value: true }, 'max-order': { value: true } });
  const format = choice(args, 'format', ['text', 'json', 'sarif'] as const, 'text');
  const maxOrder = intFlag(args, 'max-order', LIMITS.maxOrder);
  if (args.positional.length === 0) throw new UsageError(`no file given\nusage: ${checkUsage}`);

  let hasError = false;
  let ioError = false;
  const files: FileJson[] = [];
  const sarifFiles: SarifFile[] = [];
  for (const file of args.positional) {
    const read = readSourceOrError(file);
    if ('error' in read) {
      ioError = true;
      files.push({ file, diagnostics: [], systems: [], error: read.error });
      if (format !== 'json') io.err(escapeTerminal(`topo: ${read.error}`) + '\n');
      continue;
    }
    const text = read.text;
    const doc = analyseDocument(text, { maxOrder }, sourceOf(file));
    if (doc.diagnostics.some((d) => d.severity === 'error')) hasError = true;
    files.push(fileJson(file, doc));
    sarifFiles.push({ uri: repositoryUri(file), diagnostics: doc.diagnostics });
    if (format === 'text') {
      // Names, paths and source lines are the writer's: escaped for the terminal, line breaks kept.
      for (const system of doc.systems) io.out(escapeTerminal(formatSystemReport(system), { keepNewlines: true }));
      io.out(escapeTerminal(formatJourneysReport(doc.journeys), { keepNewlines: true }));
      io.out(escapeTerminal(formatDiagnostics(file, text, doc.diagnostics), { keepNewlines: true }));
      io.out(escapeTerminal(`${file}: ${summariseDiagnostics(doc.diagnostics)}`) + '\n');
    }
  }
  if (format === 'json') {
    const out: CheckJson = { files };
    io.out(JSON.stringify(out, null, 2) + '\n');
  } else if (format === 'sarif') {
    io.out(JSON.stringify(toSarif(sarifFiles, version), null, 2) + '\n');
  }
  if (ioError) return EXIT_USAGE;
  return hasError ? EXIT_FINDINGS : EXIT_OK;
}

/** A file's path relative to the working directory (the repository root in CI), with forward slashes. */
function repositoryUri(file: string): string {
  const absolute = resolve(file);
  const rel = relative(process.cwd(), absolute);
  if (rel.startsWith('..')) return 'file://' + absolute.split(sep).join('/');
  return rel.split(sep).join('/');
}
