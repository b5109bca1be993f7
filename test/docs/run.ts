/** Runs what an output block of the docs stands for, with the built CLI (`dist/topo.js`), as a user would. */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, type OutputRun } from './blocks';

const CLI = join(ROOT, 'dist', 'topo.js');

/** The text a command prints, with no trailing newline. */
function printed(args: string[], cwd: string): string {
  const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
  if (r.error) throw r.error;
  if (r.status === null || r.status > 1) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout.replace(/\s+$/, '');
}

/** What `topo COMMAND FILE ARGS…` prints for an output block. */
export function runOutput(run: OutputRun): string {
  let lines = whole(run).split('\n');
  if (run.only === 'diagnostics') lines = lines.filter((l) => /^\S+:\d+:\d+ (error|warning|info) /.test(l));
  if (run.only === 'journeys') {
    const from = lines.indexOf('journeys');
    if (from < 0) throw new Error(`topo ${run.command} ${run.file ?? run.name} printed no table of journeys`);
    const to = lines.indexOf('', from);
    lines = lines.slice(from, to < 0 ? undefined : to);
  }
  if (run.lines !== undefined) lines = lines.slice(0, run.lines);
  return lines.join('\n').replace(/\s+$/, '');
}

function whole(run: OutputRun): string {
  if (run.file) return printed([CLI, run.command, run.file, ...run.args], ROOT);
  const dir = mkdtempSync(join(tmpdir(), 'topo-docs-'));
  try {
    writeFileSync(join(dir, run.name), run.text!);
    // A model that imports reads its files relative to the page's folder: its `examples/` goes along.
    const examples = join(ROOT, run.folder, 'examples');
    if (/^\s*import\s/m.test(run.text!) && existsSync(examples)) cpSync(examples, join(dir, 'examples'), { recursive: true });
    return printed([CLI, run.command, run.name, ...run.args], dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What `npm start` prints after npm's banner (it runs scripts/start.mjs once built). */
export function npmStartOutput(): string {
  return printed([join(ROOT, 'scripts', 'start.mjs')], ROOT);
}
