/**
 * The files of an estate: a document and every file it imports, transitively (docs/language.md, "Estates").
 *
 * The core does no I/O: an adapter passes an `ImportReader` (the CLI reads the disk, the
 * language server its open documents first). Each file is parsed and modelled once; an import
 * that cannot be read, a cycle of imports and an imported file with errors are diagnostics on
 * the importing file's `import` line, never exceptions. Limits bound the estate (files, text).
 */
import type { ParseResult } from '../../../../grammar/src/ast';
import type { Diagnostic, Range } from '../../../../grammar/src/text';
import { parse } from '../../../../grammar/src/index';
import { buildModel } from '../model/build';
import type { ModelResult } from '../model/types';
import { ESTATE_LIMITS } from '../limits';

/** Reads an imported file: `path` as written, relative to the importing file `from` (absent for an unsaved one). */
export type ImportReader = (path: string, from: string | undefined) => { uri: string; text: string } | { error: string };

export interface EstateFile {
  /** Where it was read from (the reader's `uri`); the root file's may be absent. */
  uri: string | undefined;
  parse: ParseResult;
  model: ModelResult;
  /** Its imports that were read, in source order: the line and the file. */
  imports: { range: Range; file: EstateFile }[];
  /** True when it, or a file it imports, has an error: its services have no figures. */
  broken: boolean;
  /** The first error that breaks it, its own or a file's it imports (never an import-error: its cause), for the message on the line that imports it. */
  cause?: { uri: string | undefined; diagnostic: Diagnostic };
}

export interface Estate {
  root: EstateFile;
  /** Every file, the root first. */
  files: EstateFile[];
  /** What the root file's `import` lines get: not found, cycles, errors in imported files. */
  diagnostics: Diagnostic[];
}

/** Loads `root` and every file it imports. Never throws. */
export function loadEstate(root: { uri?: string; parse: ParseResult; model: ModelResult }, reader: ImportReader | undefined): Estate {
  const rootFile: EstateFile = { uri: root.uri, parse: root.parse, model: root.model, imports: [], broken: false };
  const files: EstateFile[] = [rootFile];
  const byUri = new Map<string, EstateFile>();
  if (root.uri !== undefined) byUri.set(root.uri, rootFile);
  const diagnostics: Diagnostic[] = [];
  let text = 0;
  /** Files being loaded, for cycles: the chain from the root. */
  const stack: EstateFile[] = [];

  /** The root's import line being followed: where a cycle found deeper is reported. */
  let entry: Range | undefined;
  const visit = (file: EstateFile, report: (d: Diagnostic, cause?: EstateFile['cause']) => void): void => {
    stack.push(file);
    for (const imp of file.model.imports) {
      if (file === rootFile) entry = imp.pathRange;
      const fail = (code: Diagnostic['code'], message: string, range: Range = imp.pathRange): void => {
        report({ severity: 'error', code, message, range });
      };
      if (!reader) {
        fail('import-not-found', `cannot import '${imp.path}' here: this tool was given no way to read other files`);
        continue;
      }
      const read = reader(imp.path, file.uri);
      if ('error' in read) {
        fail('import-not-found', `cannot import '${imp.path}': ${read.error}`);
        continue;
      }
      const onStack = stack.findIndex((f) => f.uri === read.uri);
      if (onStack >= 0) {
        const chain = [...stack.slice(onStack), { uri: read.uri }].map((f) => shortName(f.uri));
        // Said once, on the root's line that leads into it; the files in it stay usable without that one import.
        diagnostics.push({
          severity: 'error', code: 'import-cycle', range: entry ?? imp.pathRange,
          message: `import cycle: ${chain.join(' → ')}; files cannot import each other in a circle — move what they share into a third file`,
        });
        continue;
      }
      let imported = byUri.get(read.uri);
      if (!imported) {
        if (files.length >= ESTATE_LIMITS.files || text + read.text.length > ESTATE_LIMITS.textLength) {
          fail('limit', `cannot import '${imp.path}': an estate holds at most ${ESTATE_LIMITS.files} files and ${ESTATE_LIMITS.textLength.toLocaleString('en-US')} characters`);
          continue;
        }
        text += read.text.length;
        const parsed = parse(read.text);
        const model = buildModel(parsed);
        imported = { uri: read.uri, parse: parsed, model, imports: [], broken: false };
        const own = [...parsed.diagnostics, ...model.diagnostics].filter((d) => d.severity === 'error');
        if (own[0]) {
          imported.broken = true;
          imported.cause = { uri: read.uri, diagnostic: own[0] };
        }
        byUri.set(read.uri, imported);
        files.push(imported);
        const nested = imported;
        visit(imported, (d, cause) => {
          nested.broken = true;
          nested.cause ??= cause ?? { uri: nested.uri, diagnostic: d };
        });
      }
      file.imports.push({ range: imp.range, file: imported });
      if (imported.broken) {
        // The cause, however deep: a chain of broken imports names its first error, not every link.
        const cause = imported.cause;
        const where = cause ? `: ${cause.uri === read.uri ? '' : `${shortName(cause.uri)} `}line ${cause.diagnostic.range.start.line + 1}: ${cause.diagnostic.message}` : '';
        report({ severity: 'error', code: 'import-error', message: `'${imp.path}' has errors, so its services have no figures${where}`, range: imp.pathRange }, cause);
      }
    }
    stack.pop();
  };
  visit(rootFile, (d) => diagnostics.push(d));
  return { root: rootFile, files, diagnostics };
}

/** A file's name for a message: the last part of its uri. */
export function shortName(uri: string | undefined): string {
  if (uri === undefined) return 'this file';
  const parts = uri.split(/[\\/]/);
  return decodeURIComponentSafe(parts[parts.length - 1] ?? uri);
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
