/**
 * The CLI's window on the world: with ./files.ts (reading sources, writing `-o` files), the only
 * place commands touch files, streams and the terminal. Light on purpose: the dispatcher loads
 * it for `topo --version` too, so it imports nothing of the core.
 */
import { writeSync } from 'node:fs';
import { getSystemErrorMap } from 'node:util';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** True when stdout is an interactive terminal (colours). */
  isTTY: boolean;
  /** True when stderr is one: long work draws a bar there, else writes a line now and then. */
  errIsTTY?: boolean;
}

export const EXIT_OK = 0;
/** An error diagnostic was found. */
export const EXIT_FINDINGS = 1;
/** A usage or I/O error. */
export const EXIT_USAGE = 2;

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

/** A file-system error in words, with its code when the words are the system's. */
export function describeFsError(e: unknown): string {
  const error = e as { code?: unknown; errno?: unknown };
  switch (error.code) {
    case 'ENOENT': return 'no such file';
    case 'EACCES': return 'permission denied';
    case 'EISDIR': return 'is a directory';
  }
  const known = typeof error.errno === 'number' ? getSystemErrorMap().get(error.errno) : undefined;
  if (known) return `${known[1]} (${known[0]})`;
  return e instanceof Error ? e.message : String(e);
}

/**
 * The real process streams. `command` (`topo check`) heads the one line said when the output
 * cannot be written: a full disk, a broken device. That ends the run with exit 2, since a
 * report that did not arrive is no report; the line goes to stderr if stderr still works.
 */
export function processIo(command: string): CliIo {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      // `topo check … | head` closes the pipe early: that is the reader's choice, not an error.
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      try {
        writeSync(2, `${command}: cannot write the output: ${describeFsError(e)}\n`);
      } catch {
        // stderr is broken too: the exit code is all that is left to say it.
      }
      process.exit(EXIT_USAGE);
    });
  }
  return {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    isTTY: Boolean(process.stdout.isTTY),
    errIsTTY: Boolean(process.stderr.isTTY),
  };
}
