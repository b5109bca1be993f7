/** Estates for the tests: several `.topo` files in memory or on the disk, read through the core's import reader. */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { analyseDocument, type DocumentAnalysis } from '../../server/src/core/index';

/** The `.topo` file at `path` analysed with its imports read from the disk, relative to the importing file (as the CLI does). */
export function analyseFileWithImports(path: string): DocumentAnalysis {
  return analyseDocument(readFileSync(path, 'utf8'), {}, {
    uri: path,
    readImport: (imported, from) => {
      const file = resolve(dirname(from ?? path), imported);
      try {
        return { uri: file, text: readFileSync(file, 'utf8') };
      } catch (e) {
        return { error: e instanceof Error ? e.message : String(e) };
      }
    },
  });
}

/**
 * Analyses `files[root]` as a document whose imports are read from `files` (paths as written,
 * relative to nothing: a test's estate is one folder). A missing file is not found.
 */
export function analyseEstateFiles(files: Record<string, string>, root: string): DocumentAnalysis {
  const text = files[root];
  if (text === undefined) throw new Error(`no file ${root} among ${Object.keys(files).join(', ')}`);
  return analyseDocument(text, {}, {
    uri: root,
    readImport: (path) => {
      const imported = files[path];
      return imported === undefined ? { error: `no such file` } : { uri: path, text: imported };
    },
  });
}

/** `file:line:col code` of each diagnostic, for assertions that read like the CLI. */
export function codesAt(doc: DocumentAnalysis): string[] {
  return doc.diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}`);
}
