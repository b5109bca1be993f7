/** The CLI's window on the world: the only place commands touch files, streams and the terminal. */
import { readFileSync, statSync } from 'node:fs';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** True when stdout is an interactive terminal (progress bars, colours). */
  isTTY: boolean;
}

export const EXIT_OK = 0;
/** An error diagnostic was found. */
export const EXIT_FINDINGS = 1;
/** A usage or I/O error. */
export const EXIT_USAGE = 2;

/** Files larger than this are refused before reading (a clear message beats a stalled parse). */
const MAX_FILE_BYTES = 32 * 1024 * 1024;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * Whether `e` is a UsageError. By name, not `instanceof`: each command is bundled apart from the
 * dispatcher (`dist/cli/NAME.js`), each with its own copy of the class.
 */
export function isUsageError(e: unknown): e is UsageError {
  return e instanceof Error && e.name === 'UsageError';
}

/** Reads a `.topo` file as UTF-8, dropping a byte-order mark. Throws UsageError with a readable message. */
export function readSource(path: string): string {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new UsageError(`${path}: is a directory, not a .topo file`);
    size = st.size;
  } catch (e) {
    if (isUsageError(e)) throw e;
    throw new UsageError(`${path}: ${describeFsError(e)}`);
  }
  if (size > MAX_FILE_BYTES) {
    throw new UsageError(`${path}: ${(size / 1048576).toFixed(1)} MB is over the ${MAX_FILE_BYTES / 1048576} MB limit for one file`);
  }
  try {
    const text = readFileSync(path, 'utf8');
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch (e) {
    throw new UsageError(`${path}: ${describeFsError(e)}`);
  }
}

function describeFsError(e: unknown): string {
  const code = (e as { code?: string }).code;
  switch (code) {
    case 'ENOENT': return 'no such file';
    case 'EACCES': return 'permission denied';
    case 'EISDIR': return 'is a directory, not a .topo file';
    default: return e instanceof Error ? e.message : String(e);
  }
}

/** The real process streams. */
export function processIo(): CliIo {
  // `topo check … | head` closes the pipe early: that is the reader's choice, not an error.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  return {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    isTTY: Boolean(process.stdout.isTTY),
  };
}
