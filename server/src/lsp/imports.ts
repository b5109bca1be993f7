/**
 * How the language server reads a document's `import` lines (docs/language.md, "Estates"):
 * relative to the importing file, as the CLI does; an imported file open in the editor is read
 * as it is there (unsaved edits included), any other from the disk. An unsaved document (not a
 * `file:` URI) has no folder to read from, so its imports are reported as not found, with the reason.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type DocumentSource, MAX_TEXT_LENGTH } from '../core/index';

/** The open documents' texts by file path (`fileKey`), which an import reads before the disk. */
export type OpenTexts = ReadonlyMap<string, string>;

/** The file path of a `file:` URI (how open documents and imports are matched), else the URI itself. */
export function fileKey(uri: string): string {
  if (!uri.startsWith('file:')) return uri;
  try {
    return fileURLToPath(uri);
  } catch {
    return uri;
  }
}

/** The source of the document at `uri`, for `analyseDocument`. */
export function lspSource(uri: string, open: OpenTexts = new Map()): DocumentSource {
  return {
    uri,
    readImport: (path, from) => {
      if (from === undefined || !from.startsWith('file:')) return { error: 'save this document first: an import is read relative to the file that writes it' };
      try {
        const file = resolve(dirname(fileURLToPath(from)), path);
        return { uri: pathToFileURL(file).href, text: open.get(file) ?? readBounded(file) };
      } catch (e) {
        return { error: e instanceof Error ? e.message.replace(/^\w+: /, '') : String(e) };
      }
    },
  };
}

/** A file's text, refused past the parser's limit (a device or a huge file cannot grow it). */
function readBounded(file: string): string {
  const fd = openSync(file, 'r');
  try {
    if (fstatSync(fd).isDirectory()) throw new Error(`${file} is a directory, not a .topo file`);
    const max = MAX_TEXT_LENGTH * 4 + 4;
    const buffer = Buffer.alloc(max + 1);
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length > max) throw new Error(`${file} is larger than a .topo file may be (${MAX_TEXT_LENGTH.toLocaleString('en-US')} characters)`);
    }
    const text = buffer.subarray(0, length).toString('utf8');
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } finally {
    closeSync(fd);
  }
}
