/**
 * A command timed as a user meets it, for the whole-process benches (`check.ts`,
 * `common-cause.ts`, `diff.ts`): wall time (ours, sub-millisecond) and peak RSS (GNU time's), the
 * median of a few runs; and the same benches' in-process timing (`inProcessMs`).
 */
import { spawnSync } from 'node:child_process';

/** Runs of one series (fewer when one run is already long). */
export const RUNS = 5;

export interface Run {
  seconds: number;
  rssMb: number;
  timedOut: boolean;
}

/** One process under GNU time: wall seconds (ours, sub-millisecond) and peak RSS (time's). */
export function timed(command: string, args: string[], timeoutMs: number): Run {
  const started = performance.now();
  // `timeout` kills the command itself: a timeout on GNU time alone would leave it running (a
  // SCRAM of 12 GB went on eating a core through the runs after it).
  const limit = ['timeout', '-s', 'KILL', String(Math.ceil(timeoutMs / 1000))];
  const r = spawnSync('/usr/bin/time', ['-f', 'topo-bench-rss %M', ...limit, command, ...args], { encoding: 'utf8', timeout: timeoutMs + 30_000, maxBuffer: 1 << 28 });
  const seconds = (performance.now() - started) / 1000;
  if (r.error || r.signal || r.status === 137) return { seconds, rssMb: NaN, timedOut: true };
  const rss = /topo-bench-rss (\d+)/.exec(r.stderr ?? '');
  if (!rss) throw new Error(`${command} ${args.join(' ')} gave no resource line: ${r.stderr}`);
  if (r.status !== 0 && !(command === process.execPath && r.status === 1)) throw new Error(`${command} failed (${r.status}): ${r.stderr}`);
  return { seconds, rssMb: Number(rss[1]) / 1024, timedOut: false };
}

export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** In process: `f`'s milliseconds, the median of `RUNS` after a warm-up run, and the warm-up's value. */
export function inProcessMs<T>(f: () => T): { ms: number; value: T } {
  const value = f();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    f();
    times.push(performance.now() - started);
  }
  return { ms: median(times), value };
}

export function series(command: string, args: string[], onceAbove: number, timeoutMs: number): { seconds: number; rssMb: number; runs: number } | undefined {
  const runs: Run[] = [];
  for (let i = 0; i < RUNS; i++) {
    const run = timed(command, args, timeoutMs);
    if (run.timedOut) return undefined;
    runs.push(run);
    if (run.seconds > onceAbove) break;
  }
  return { seconds: median(runs.map((r) => r.seconds)), rssMb: Math.max(...runs.map((r) => r.rssMb)), runs: runs.length };
}

