/**
 * The CLI as its tests drive it: the bundle built once per test run (as shipped, `dist/`), and
 * `topo ARGS…` run as a child process with stdout and stderr piped, so never a terminal.
 */
import { strict as assert } from 'node:assert';
import { spawn, spawnSync, type StdioOptions } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
let built = false;

/** Builds `dist/` once per mocha run; every suite that runs the CLI or packages it calls this first. */
export function buildCli(): void {
  if (built) return;
  const b = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(b.status, 0, b.stderr);
  built = true;
}

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** `topo ARGS…` with the built bundle; a run past `timeoutMs` is killed (its code is then −1). */
export function topoCli(args: string[], timeoutMs = 60_000): CliRun {
  const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'topo.js'), ...args], { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 1 << 28 });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

/** GNU time, to read a run's peak memory (`measuredTopoCli`); scripts/setup-system.sh installs it. */
const GNU_TIME = '/usr/bin/time';

/**
 * A bound on the peak resident memory of one `topo` run: far above a normal run (~70 MB) and far
 * below what an unbounded read of /dev/zero or a thread per requested worker reaches in seconds.
 */
export const MAX_RSS_KB = 400 * 1024;

export interface MeasuredRun extends CliRun {
  /** Peak resident memory of the run (its worker threads included), when GNU time measured it. */
  maxRssKb?: number;
  /** The run did not end within its time and was killed (its whole process group). */
  timedOut: boolean;
  /** Wall-clock time of the run. */
  ms: number;
}

export interface MeasuredOptions {
  /** The child's stdio, as `spawn` takes it (default: all piped). */
  stdio?: StdioOptions;
  /** Kill the run after this long: a run that does not end is a hang (default 30 s). */
  timeoutMs?: number;
  cwd?: string;
}

/**
 * `topo ARGS…` with the built bundle, asynchronously (so runs may overlap), under GNU time when
 * there is one so that its peak memory is known. The run is its own process group, killed whole
 * on a timeout: killing GNU time alone would leave an unbounded topo running on. Output is decoded
 * as streams (a chunk of a pipe may end inside a character).
 */
export async function measuredTopoCli(args: string[], options: MeasuredOptions = {}): Promise<MeasuredRun> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const timed = existsSync(GNU_TIME);
  const rssDir = timed ? mkdtempSync(join(tmpdir(), 'topo-rss-')) : undefined;
  const rssFile = rssDir === undefined ? undefined : join(rssDir, 'rss.txt');
  const topo = [join(ROOT, 'dist', 'topo.js'), ...args];
  const [command, argv] = rssFile === undefined ? [process.execPath, topo] : [GNU_TIME, ['-q', '-f', '%M', '-o', rssFile, process.execPath, ...topo]];
  const start = Date.now();
  const child = spawn(command, argv, { cwd: options.cwd ?? ROOT, stdio: options.stdio ?? 'pipe', detached: true });
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (err += d));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }, timeoutMs);
  const code: number | null = await new Promise((res) => child.on('close', res));
  clearTimeout(timer);
  const run: MeasuredRun = { code: code ?? -1, out, err, timedOut, ms: Date.now() - start };
  if (rssDir !== undefined && rssFile !== undefined) {
    if (!timedOut && existsSync(rssFile)) run.maxRssKb = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop());
    rmSync(rssDir, { recursive: true, force: true });
  }
  return run;
}

/** The run ended within its time and within `MAX_RSS_KB` of memory (when measured). */
export function assertBounded(run: MeasuredRun, label: string): void {
  assert.ok(!run.timedOut, `${label}: did not finish within its time (killed after ${run.ms} ms)`);
  // GNU time is a system package the setup installs (scripts/setup-system.sh): no silent skip.
  assert.ok(run.maxRssKb !== undefined && Number.isFinite(run.maxRssKb), `${label}: GNU time (${GNU_TIME}, Debian package 'time', installed by npm run setup) reported no peak memory`);
  assert.ok(run.maxRssKb < MAX_RSS_KB, `${label}: peak memory ${run.maxRssKb} kB, over ${MAX_RSS_KB} kB`);
}

/**
 * No JavaScript failure reaches the user: no stack frame (`    at f (file:1:2)`), no name of a
 * JavaScript error, no stack overflow, no 'internal error' (what the dispatcher says of an
 * exception it did not expect).
 */
export function assertNoStackTrace(run: { out: string; err: string }, label: string): void {
  for (const [name, text] of [['stdout', run.out], ['stderr', run.err]] as const) {
    const found = /^[ \t]+at \S/m.exec(text) ?? /\b(?:TypeError|RangeError|ReferenceError|SyntaxError|Maximum call stack|internal error)\b/.exec(text);
    assert.equal(found, null, `${label}: ${name} shows a JavaScript failure (${JSON.stringify(found?.[0])}):\n${text.slice(0, 2000)}`);
  }
}

/** Runs `jobs` at most `parallel` at a time (child processes on a small machine); the results in order. */
export async function pool<T>(jobs: (() => Promise<T>)[], parallel: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, jobs.length) }, worker));
  return results;
}
