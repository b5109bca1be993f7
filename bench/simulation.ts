/**
 * Benchmark (issue 5): the Monte Carlo simulator's speed. Run with `npx tsx bench/simulation.ts`
 * (or `npm run bench`).
 *
 * - Element events per second and simulated years per second, one thread, on the spec's example
 *   (12 elements) and on a generated 1,000-instance model (every layer across every zone); the
 *   run alone is timed (the model is built and compiled before), best of three. Beside them, for
 *   the record, a model whose events mostly go through active-passive layers and sites (revision
 *   2's windows, each timed by the standby it promotes): the slow path, with no target.
 * - 100,000 years of the spec example: wall time of the core run, compile included.
 * - Importance sampling against plain Monte Carlo on a design whose downtime needs two failures.
 * - `topo montecarlo --workers 1` against `--workers 2`: the built CLI as a child process, wall
 *   time including Node's start-up and the workers' own start-up (two cores wanted).
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyseDocument } from '../server/src/core/pipeline';
import type { SystemModel } from '../server/src/core/model/types';
import { compileStructure, createMonteCarlo, RegenerativeImportanceSampler } from '../server/src/core/simulation/index';
import { generateScaled } from '../test/verify/generate';
import { SITES } from '../test/core/simulation/models';

const root = join(__dirname, '..');
const example = join(root, 'examples/checkout.topo');
const EVENTS_TARGET = 10_000_000;
const SPEC_YEARS = 100_000;
const SPEC_WALL_TARGET_S = 2;
const SCALING_TARGET = 1.6;

interface Row {
  measure: string;
  value: string;
  target: string;
  pass: boolean | undefined;
}

function model(text: string): SystemModel {
  const system = analyseDocument(text).systems[0];
  if (!system) throw new Error('no system in the bench model');
  return system.model;
}

/**
 * Runs `years` on one thread; returns the CPU seconds of the run (this process's user + system
 * time: on a shared machine wall time measures the neighbours) and the element events simulated.
 */
function timeRun(system: SystemModel, years: number): { seconds: number; events: number } {
  const run = createMonteCarlo(system, { years, seed: 1 });
  const started = process.cpuUsage();
  while (!run.run(Infinity));
  const used = process.cpuUsage(started);
  return { seconds: (used.user + used.system) / 1e6, events: run.result().elementEvents ?? 0 };
}

function best(system: SystemModel, years: number): { seconds: number; events: number } {
  timeRun(system, years / 10); // warm-up: let the JIT see the hot loop
  const runs = [timeRun(system, years), timeRun(system, years), timeRun(system, years)];
  return runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
}

/** Wall and CPU seconds of `topo montecarlo` (CPU from /usr/bin/time when the machine has it). */
function cliRun(workers: number, years: number): { wall: number; cpu: number | undefined } {
  const args = [join(root, 'dist/topo.js'), 'montecarlo', example, '--years', String(years), '--workers', String(workers), '--format', 'json'];
  const timed = existsSync('/usr/bin/time');
  const started = process.hrtime.bigint();
  const r = timed
    ? spawnSync('/usr/bin/time', ['-f', 'TOPO-CPU %U %S', process.execPath, ...args], { encoding: 'utf8' })
    : spawnSync(process.execPath, args, { encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0) throw new Error(`topo montecarlo --workers ${workers} failed: ${r.stderr}`);
  const match = /TOPO-CPU ([\d.]+) ([\d.]+)/.exec(r.stderr);
  return { wall, cpu: match ? Number(match[1]) + Number(match[2]) : undefined };
}

/** Best of `runs` alternating runs of both settings, so a burst of the neighbours hits both alike. */
function cliBest(years: number, runs: number): { one: { wall: number; cpu: number | undefined }; two: { wall: number; cpu: number | undefined } } {
  let one = cliRun(1, years);
  let two = cliRun(2, years);
  for (let k = 1; k < runs; k++) {
    const a = cliRun(1, years);
    const b = cliRun(2, years);
    if (a.wall < one.wall) one = a;
    if (b.wall < two.wall) two = b;
  }
  return { one, two };
}

const rows: Row[] = [];
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

const spec = model(readFileSync(example, 'utf8'));
const specRun = best(spec, SPEC_YEARS);
rows.push({ measure: 'spec example: element events/s (1 thread)', value: fmt(specRun.events / specRun.seconds), target: `≥ ${fmt(EVENTS_TARGET)}`, pass: specRun.events / specRun.seconds >= EVENTS_TARGET });
rows.push({ measure: 'spec example: simulated years/s (1 thread)', value: fmt(SPEC_YEARS / specRun.seconds), target: '—', pass: undefined });

const wallStart = process.hrtime.bigint();
const cpuStart = process.cpuUsage();
createMonteCarlo(spec, { years: SPEC_YEARS, seed: 2 }).run(Infinity);
const wall = Number(process.hrtime.bigint() - wallStart) / 1e9;
const cpu = process.cpuUsage(cpuStart);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
rows.push({ measure: `spec example: ${fmt(SPEC_YEARS)} years, CPU (compile + run)`, value: `${cpuSeconds.toFixed(2)} s`, target: `< ${SPEC_WALL_TARGET_S} s`, pass: cpuSeconds < SPEC_WALL_TARGET_S });
rows.push({ measure: `spec example: ${fmt(SPEC_YEARS)} years, wall (compile + run)`, value: `${wall.toFixed(2)} s`, target: '(load-dependent)', pass: undefined });

const large = model(generateScaled({ instances: 1000, zones: 3, regions: 1 }));
const largeYears = 200;
const largeRun = best(large, largeYears);
rows.push({ measure: `1,000 instances (${large.instances.length}): element events/s`, value: fmt(largeRun.events / largeRun.seconds), target: `≥ ${fmt(EVENTS_TARGET)}`, pass: largeRun.events / largeRun.seconds >= EVENTS_TARGET });
rows.push({ measure: '1,000 instances: simulated years/s', value: fmt(largeYears / largeRun.seconds), target: '—', pass: undefined });

// Two sites failing over between them, each with active-passive layers inside: a cold standby
// behind a hot one, primaries and standbys sharing zones (the golden test's model).
const windows = model(SITES);
const windowsRun = best(windows, 5000);
rows.push({ measure: 'sites and active-passive layers: element events/s', value: fmt(windowsRun.events / windowsRun.seconds), target: '—', pass: undefined });

// Importance sampling against plain Monte Carlo where downtime needs two failures (U ≈ 4e-8):
// work to reach the same interval, as (relative half-width)² × CPU seconds.
const rare = model('system rare {\n  layer app { min 2 node app { availability 99.99% replicas 3 } }\n  layer db { node db { availability 99.99% replicas 2 } }\n}\n');
const cpuOf = (f: () => { half: number; mean: number }) => {
  const started = process.cpuUsage();
  const r = f();
  const used = process.cpuUsage(started);
  return { seconds: (used.user + used.system) / 1e6, relative: r.half / r.mean };
};
const plainRare = cpuOf(() => {
  const run = createMonteCarlo(rare, { years: 100_000, seed: 1 });
  while (!run.run(Infinity));
  const u = run.result().unavailability;
  return { half: (u.ci95[1] - u.ci95[0]) / 2, mean: u.mean };
});
const sampledRare = cpuOf(() => {
  const sampler = new RegenerativeImportanceSampler(compileStructure(rare), { cycles: 50_000, seed: 1 });
  sampler.run(Infinity);
  const u = sampler.result().unavailability;
  return { half: (u.ci95[1] - u.ci95[0]) / 2, mean: u.mean };
});
rows.push({ measure: 'U≈4e-8 design: plain, 100,000 years', value: `±${(100 * plainRare.relative).toFixed(0)}% in ${plainRare.seconds.toFixed(2)} s`, target: '—', pass: undefined });
rows.push({ measure: 'U≈4e-8 design: importance sampling, 50,000 cycles', value: `±${(100 * sampledRare.relative).toFixed(0)}% in ${sampledRare.seconds.toFixed(2)} s`, target: '—', pass: undefined });
const gain = (plainRare.relative ** 2 * plainRare.seconds) / (sampledRare.relative ** 2 * sampledRare.seconds);
rows.push({ measure: 'importance sampling: efficiency gain (work for equal CI)', value: `${gain.toFixed(0)}×`, target: '—', pass: undefined });

try {
  const build = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
  const cliYears = 500_000;
  const { one, two } = cliBest(cliYears, 3);
  const cpu = (c: number | undefined) => (c === undefined ? '' : `, ${c.toFixed(2)} s CPU`);
  rows.push({ measure: `topo montecarlo ${fmt(cliYears)} years --workers 1 (best of 3)`, value: `${one.wall.toFixed(2)} s wall${cpu(one.cpu)}`, target: '—', pass: undefined });
  rows.push({ measure: `topo montecarlo ${fmt(cliYears)} years --workers 2 (best of 3)`, value: `${two.wall.toFixed(2)} s wall${cpu(two.cpu)}`, target: '—', pass: undefined });
  rows.push({ measure: 'speed-up of --workers 2 (wall)', value: `${(one.wall / two.wall).toFixed(2)}×`, target: `≥ ${SCALING_TARGET}× (2 cores)`, pass: one.wall / two.wall >= SCALING_TARGET });
  if (one.cpu !== undefined && two.cpu !== undefined) {
    // What two idle cores would give: the work splits evenly, so the wall time is half the CPU time.
    const estimate = one.cpu / (two.cpu / 2);
    rows.push({ measure: 'speed-up on 2 idle cores (from CPU time)', value: `${estimate.toFixed(2)}×`, target: `≥ ${SCALING_TARGET}×`, pass: undefined });
  }
} catch (e) {
  rows.push({ measure: 'topo montecarlo --workers 1 vs 2', value: 'error', target: String(e instanceof Error ? e.message : e).split('\n')[0] ?? '', pass: false });
}

const widths = [Math.max(...rows.map((r) => r.measure.length)), Math.max(...rows.map((r) => r.value.length)), Math.max(...rows.map((r) => r.target.length))];
console.log(`${'measure'.padEnd(widths[0] as number)}  ${'value'.padStart(widths[1] as number)}  ${'target'.padEnd(widths[2] as number)}  result`);
for (const r of rows) {
  const verdict = r.pass === undefined ? '' : r.pass ? 'PASS' : 'MISS';
  console.log(`${r.measure.padEnd(widths[0] as number)}  ${r.value.padStart(widths[1] as number)}  ${r.target.padEnd(widths[2] as number)}  ${verdict}`);
}
console.log(`\n(load average ${loadavg().map((l) => l.toFixed(1)).join(', ')} on this machine: wall times and the speed-up need idle cores to mean much)`);
if (rows.some((r) => r.pass === false)) process.exitCode = 1;
