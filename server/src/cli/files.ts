/** Files the commands read and write: the bounded read of a source, the write of an `-o` file. */
import { closeSync, fstatSync, openSync, readSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { type DocumentSource, MAX_TEXT_LENGTH } from '../core/index';
import { describeFsError, isUsageError, UsageError } from './io';

/** Bytes asked of the file at a time. */
const READ_CHUNK_BYTES = 64 * 1024;

/** A source file's text (without its byte-order mark) and whether it began with one (`topo fmt` writes it back). */
export interface SourceFile {
  text: string;
  bom: boolean;
}

/** Reads a `.topo` file as UTF-8, dropping a byte-order mark. Throws UsageError with a readable message. */
export function readSource(path: string): string {
  return readSourceFile(path).text;
}

/**
 * Reads a `.topo` file as UTF-8: its text without a byte-order mark, and whether it had one.
 * Throws UsageError with a readable message.
 *
 * The read is bounded whatever the file is: `stat` says 0 bytes for /dev/zero, a FIFO or a
 * socket, so the size is learnt by reading, and reading stops one character past the parser's
 * limit (MAX_TEXT_LENGTH). A longer file comes back cut there, and the parser refuses it with its
 * `limit` diagnostic, as it refuses any text over the limit; memory stays about the limit's size.
 */
export function readSourceFile(path: string): SourceFile {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new UsageError(`${path}: ${describeFsError(e)}`);
  }
  try {
    if (fstatSync(fd).isDirectory()) throw new UsageError(`${path}: is a directory, not a .topo file`);
    const text = readAtMost(fd, MAX_TEXT_LENGTH + 1);
    const bom = text.charCodeAt(0) === 0xfeff;
    return { text: bom ? text.slice(1) : text, bom };
  } catch (e) {
    if (isUsageError(e)) throw e;
    throw new UsageError(`${path}: ${describeFsError(e)}`);
  } finally {
    closeSync(fd);
  }
}

/** `readSource`, or why the file could not be read (for commands that go on with the next file). */
export function readSourceOrError(path: string): SourceFile | { error: string } {
  try {
    return readSourceFile(path);
  } catch (e) {
    if (isUsageError(e)) return { error: e.message };
    throw e;
  }
}

/**
 * The text of `fd` up to `maxCharacters` UTF-16 code units, not counting a leading byte-order
 * mark. A byte decodes to at most one code unit, so asking for no more bytes than the characters
 * still wanted never reads far past the bound: /dev/zero costs the limit plus one byte.
 */
function readAtMost(fd: number, maxCharacters: number): string {
  const decoder = new StringDecoder('utf8');
  const buffer = Buffer.alloc(READ_CHUNK_BYTES);
  let text = '';
  for (;;) {
    const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    const wanted = maxCharacters + bom - text.length;
    if (wanted <= 0) return text.slice(0, maxCharacters + bom);
    // Room for a byte-order mark's three bytes, and for a character split across reads.
    const bytesRead = readSync(fd, buffer, 0, Math.min(buffer.length, wanted + 3), null);
    if (bytesRead === 0) return text + decoder.end();
    text += decoder.write(buffer.subarray(0, bytesRead));
  }
}

/** Writes an output file (`-o OUT`); a failure is a UsageError saying why in one line. */
export function writeOutputFile(path: string, content: string): void {
  try {
    writeFileSync(path, content, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot write ${path}: ${describeFsError(e)}`);
  }
}

/**
 * Where a document read from `path` comes from, for its `import` lines (docs/language.md, "Estates"): an
 * import is read relative to the folder of the file that writes it, bounded like any source.
 */
export function sourceOf(path: string): DocumentSource {
  return {
    uri: resolve(path),
    readImport: (imported, from) => {
      const file = resolve(from !== undefined ? dirname(from) : process.cwd(), imported);
      try {
        return { uri: file, text: readSource(file) };
      } catch (e) {
        if (isUsageError(e)) return { error: e.message };
        throw e;
      }
    },
  };
}
