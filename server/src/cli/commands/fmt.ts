/**
 * `topo fmt FILE… [--check] [--write]`: the canonical layout of `.topo` files, by the one formatter
 * the editor uses (`core/ide/format.ts`), so a file formatted here is formatted there too.
 *
 * - no flag (one file): the formatted text on stdout;
 * - `--write`: each file that changes is rewritten in place (`formatted FILE` on stderr);
 * - `--check`: nothing is written; the files that would change are listed on stdout (exit 1).
 *
 * The file keeps its encoding marks: a leading UTF-8 byte-order mark is written back (`--write`,
 * and stdout when it is a file or a pipe; a terminal shows text for people, without it), and the
 * line endings are the file's (the formatter writes CRLF when the first line ends so). Both are
 * left out of the comparison, so a formatted file with a BOM or CRLF is formatted (idempotent).
 *
 * A file with syntax errors is never formatted: its diagnostics go to stderr (as `topo check`
 * prints them) and the exit code is 1; the other files go on. An unreadable or unwritable file is
 * exit 2, which wins over 1.
 */
import { escapeTerminal, formatDiagnostics, formatText, parse } from '../../core/index';
import { parseArgs } from '../args';
import { readSourceOrError, writeOutputFile } from '../files';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, isUsageError, UsageError, type CliIo } from '../io';

const fmtUsage = 'topo fmt FILE… [--check] [--write]';

export async function runFmt(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, { check: {}, write: {} });
  const check = args.flags.has('check');
  const write = args.flags.has('write');
  const files = args.positional;
  if (files.length === 0) throw new UsageError(`no file given\nusage: ${fmtUsage}`);
  if (check && write) throw new UsageError(`--check and --write do not go together: --check writes nothing\nusage: ${fmtUsage}`);
  if (files.length > 1 && !check && !write) {
    throw new UsageError(`several files need --write (rewrite them) or --check (list those not formatted)\nusage: ${fmtUsage}`);
  }

  let findings = false;
  let ioError = false;
  for (const file of files) {
    const read = readSourceOrError(file);
    if ('error' in read) {
      ioError = true;
      io.err(escapeTerminal(`topo fmt: ${read.error}`) + '\n');
      continue;
    }
    const { text } = read;
    const bom = read.bom ? '\ufeff' : '';
    const parsed = parse(text);
    // Any error of the parse (a syntax error, a file over the size limit) leaves the tokens short of
    // the text: formatting would lose some of it, so the file is left alone and its errors said.
    const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
    const formatted = errors.length === 0 ? formatText(parsed, text) : undefined;
    if (formatted === undefined) {
      findings = true;
      io.err(escapeTerminal(formatDiagnostics(file, text, errors.length > 0 ? errors : parsed.diagnostics), { keepNewlines: true }));
      io.err(escapeTerminal(`${file}: not formatted: it does not parse`) + '\n');
      continue;
    }
    if (check) {
      if (formatted !== text) {
        findings = true;
        io.out(escapeTerminal(file) + '\n');
      }
    } else if (write) {
      if (formatted === text) continue;
      try {
        writeOutputFile(file, bom + formatted);
      } catch (e) {
        if (!isUsageError(e)) throw e;
        ioError = true;
        io.err(escapeTerminal(`topo fmt: ${e.message}`) + '\n');
        continue;
      }
      io.err(escapeTerminal(`formatted ${file}`) + '\n');
    } else {
      // The text itself, byte for byte (its BOM too), when it goes to a file or a pipe (`topo fmt a.topo > b.topo`);
      // on a terminal its controls are shown as escapes, as every text for people is.
      io.out(io.isTTY ? escapeTerminal(formatted, { keepNewlines: true }) : bom + formatted);
    }
  }
  if (ioError) return EXIT_USAGE;
  return findings ? EXIT_FINDINGS : EXIT_OK;
}
