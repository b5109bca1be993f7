/**
 * The CLI as its tests drive it: the bundle built once per test run (as shipped, `dist/`), and
 * `topo ARGS…` run as a child process with stdout and stderr piped, so never a terminal.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
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
