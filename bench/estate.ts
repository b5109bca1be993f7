/**
 * Benchmark (issue 14): estates — `topo check` on a file of services, dependencies and journeys,
 * as a user meets it (the whole process, Node's start-up included), beside SCRAM 0.16.2 on the
 * same fault trees (`topo export`: one per system with its dependencies and one per journey),
 * and the analysis in process. Run with `npx tsx bench/estate.ts` (or `npm run bench estate`).
 *
 * Shapes: the example estate (examples/estate/shop.topo, which imports a file); a star of N
 * services that all use one shared database and one external, each with a journey through it;
 * a chain of N services each using the next (every system's composite holds all those after
 * it: the estate's worst case, quadratic in N).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyseFileWithImports } from '../test/support/estate';
import { scramVersion } from '../test/verify/scram';

const ROOT = join(__dirname, '..');
const RUNS = 3;

const service = (name: string, uses: string[], journey?: string): string => [
  `system ${name} {`,
  '  zone az1 { availability 99.99% }',
  '  zone az2 { availability 99.99% }',
  ...uses.map((u) => `  use ${u}`),
  `  layer app { node ${name}-app { availability 99.9% replicas 2 zones [az1, az2] } }`,
  `  layer db { health-check { interval 5s } replication sync node ${name}-p { availability 99.9% zone az1 } node ${name}-r { availability 99.9% zone az2 standby hot } }`,
  ...(journey ? [`  journey ${journey}`] : []),
  '}',
].join('\n');

function star(n: number): string {
  const parts = ['external pay { availability 99.99% }', service('shared', [])];
  for (let i = 0; i < n; i++) parts.push(service(`s${i}`, ['shared', 'pay'], `j { path app -> db -> shared  slo 99.9% }`));
  return parts.join('\n') + '\n';
}

function chain(n: number): string {
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(service(`s${i}`, i + 1 < n ? [`s${i + 1}`] : []));
  parts.push('journey all { path s0 }');
  return parts.join('\n') + '\n';
}

interface Case {
  name: string;
  file: string;
}

function timed(command: string, args: string[]): number {
  const started = performance.now();
  const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 28, timeout: 600_000 });
  if (r.error || (r.status !== 0 && r.status !== 1)) throw new Error(`${command} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return (performance.now() - started) / 1000;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

function inProcess(file: string): number {
  const started = performance.now();
  analyseFileWithImports(file);
  return (performance.now() - started) / 1000;
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'topo-bench-estate-'));
  const version = scramVersion();
  const cases: Case[] = [{ name: 'example estate (6 systems, 3 journeys, 1 import)', file: join(ROOT, 'examples/estate/shop.topo') }];
  for (const n of [50, 200]) {
    const file = join(dir, `star${n}.topo`);
    writeFileSync(file, star(n));
    cases.push({ name: `star of ${n} services + ${n} journeys`, file });
  }
  for (const n of [25, 50, 100]) {
    const file = join(dir, `chain${n}.topo`);
    writeFileSync(file, chain(n));
    cases.push({ name: `chain of ${n} services`, file });
  }
  const topo = join(ROOT, 'dist', 'topo.js');
  console.log(`estates: topo check (whole process, median of ${RUNS}) and the analysis in process, beside ${version ?? 'SCRAM (not installed)'} on the exported fault trees\n`);
  const rows = [['model', 'topo check', 'in process', 'SCRAM (U_struct only)']];
  for (const c of cases) {
    const check = median(Array.from({ length: RUNS }, () => timed(process.execPath, [topo, 'check', c.file, '--format', 'json'])));
    const own = median(Array.from({ length: RUNS }, () => inProcess(c.file)));
    let scram = '–';
    if (version) {
      const mef = join(dir, 'tree.xml');
      timed(process.execPath, [topo, 'export', '--format', 'mef', c.file, '-o', mef]);
      scram = `${median(Array.from({ length: RUNS }, () => timed('scram', ['--bdd', '--probability', 'true', '--limit-order', '2', mef]))).toFixed(2)} s`;
    }
    rows.push([c.name, `${check.toFixed(2)} s`, `${own.toFixed(2)} s`, scram]);
  }
  const widths = rows[0]!.map((_, k) => Math.max(...rows.map((r) => r[k]!.length)));
  for (const r of rows) console.log(r.map((cell, k) => (k === 0 ? cell.padEnd(widths[k]!) : cell.padStart(widths[k]!))).join('  '));
  console.log('\n(topo computes every figure of every system and journey: U with failover windows, cut sets, importance, advice; SCRAM only U_struct and the cut sets of the same trees)');
  rmSync(dir, { recursive: true, force: true });
}

main();
