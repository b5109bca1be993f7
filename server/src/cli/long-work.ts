/**
 * Long work on the command line (a Monte Carlo run can take hours): progress on stderr with an
 * estimate of the time left, and a clean stop on Ctrl-C with the result so far. The slicing
 * policy is the core's (`simulation/slices.ts`), shared with the language server.
 *
 * - On a terminal (stderr a TTY) a one-line bar, redrawn at most every 100 ms.
 * - Otherwise (CI logs, `2> file`) a line every LINE_EVERY_MS, so a run that takes 5 s or less
 *   prints nothing, and a run of hours says where it is.
 * - The work runs in slices of about 100 ms, the event loop served between them, so Ctrl-C is
 *   heard: the first asks the run to stop after its slice (the command prints what it has), a
 *   second one quits at once.
 */
import { escapeTerminal, formatDuration, slices } from '../core/index';
import type { CliIo } from './io';

/** How often a progress line is written when stderr is not a terminal. */
const LINE_EVERY_MS = 5000;
/** How often the bar is redrawn on a terminal. */
const BAR_EVERY_MS = 100;
/** The exit code of a run stopped by Ctrl-C (128 + SIGINT), after its partial result. */
export const EXIT_INTERRUPTED = 130;

export interface Progress {
  /** The share done, 0..1. */
  update(fraction: number): void;
  /** The work ended (finished or stopped): ends the bar's line. */
  done(): void;
}

/** Progress of `total` `unit`s of `command`'s work, on stderr (see the header). */
export function progressReporter(io: CliIo, command: string, total: number, unit: string, now: () => number = () => performance.now()): Progress {
  const started = now();
  let lastDraw = -Infinity;
  let drawn = false;
  const count = (fraction: number) => `${Math.round(fraction * total).toLocaleString('en-US')} / ${total.toLocaleString('en-US')} ${unit}`;
  const left = (fraction: number, elapsedMs: number): string =>
    fraction > 0 && fraction < 1 ? `about ${formatDuration(Math.max(1, Math.round(((elapsedMs / fraction) * (1 - fraction)) / 1000)))} left` : '';
  const percent = (fraction: number) => `${Math.floor(fraction * 100)}%`;
  if (io.errIsTTY) {
    const width = 30;
    const draw = (fraction: number, elapsedMs: number) => {
      const filled = Math.round(fraction * width);
      const eta = left(fraction, elapsedMs);
      // The carriage return redraws the line; what follows it is escaped like every line for people.
      io.err('\r' + escapeTerminal(`[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${percent(fraction).padStart(4)}  ${count(fraction)}${eta ? `  ${eta}` : ''}`) + '\x1b[K');
      drawn = true;
    };
    return {
      update(fraction) {
        const t = now();
        if (t - lastDraw < BAR_EVERY_MS) return;
        lastDraw = t;
        draw(fraction, t - started);
      },
      done() {
        if (drawn) io.err('\n');
      },
    };
  }
  let fractionNow = 0;
  let lastLine = started;
  return {
    update(fraction) {
      fractionNow = fraction;
      const t = now();
      if (t - lastLine < LINE_EVERY_MS) return;
      lastLine = t;
      const eta = left(fraction, t - started);
      io.err(escapeTerminal(`${command}: ${percent(fraction)} (${count(fraction)}), ${formatDuration(Math.round((t - started) / 1000))} so far${eta ? `, ${eta}` : ''}`) + '\n');
      drawn = true;
    },
    done() {
      // Said only when progress was: a short run stays silent.
      if (drawn) io.err(escapeTerminal(`${command}: ${percent(fractionNow)} done in ${formatDuration(Math.round((now() - started) / 1000))}`) + '\n');
    },
  };
}

/** Whether Ctrl-C asked the work to stop; `dispose` puts the default handling back. */
export interface StopSignal {
  readonly requested: boolean;
  dispose(): void;
}

/**
 * Listens for Ctrl-C (SIGINT) while long work runs: the first one sets `requested` and says the
 * run stops after its current slice; a second one exits at once with EXIT_INTERRUPTED.
 */
export function listenForStop(io: CliIo, command: string): StopSignal {
  let requested = false;
  const onSigint = () => {
    if (requested) process.exit(EXIT_INTERRUPTED);
    requested = true;
    io.err(`\n${command}: stopping at the end of this slice, with the result so far (Ctrl-C again to quit at once)\n`);
  };
  process.on('SIGINT', onSigint);
  return {
    get requested() {
      return requested;
    },
    dispose() {
      process.off('SIGINT', onSigint);
    },
  };
}

/**
 * Runs `step(units)` until it returns true (finished) or `stop()` says so, in slices of about
 * SLICE_MS (the core's `slices`), serving the event loop between them (Ctrl-C, worker
 * messages); `onSlice` reports progress. Resolves to true when the work finished.
 */
export async function runSliced(step: (units: number) => boolean, initialUnits: number, stop: () => boolean, onSlice?: () => void): Promise<boolean> {
  const work = slices(step, { initialUnits, stop, onSlice, now: () => performance.now() });
  for (let next = work.next(); ; next = work.next()) {
    if (next.done) return next.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** As `runSliced`, in a thread that does not wait for its event loop (a worker): `stop` is read between slices. */
export function runSlicedSync(step: (units: number) => boolean, initialUnits: number, stop: () => boolean, onSlice?: () => void): boolean {
  const work = slices(step, { initialUnits, stop, onSlice, now: () => performance.now() });
  for (let next = work.next(); ; next = work.next()) if (next.done) return next.value;
}
