/**
 * Benchmark (issue 3): Topo's exact engine against SCRAM 0.16.2 on the same generated models of
 * growing size, one table. Run with `npx tsx bench/analysis.ts` (or `npm run bench`).
 *
 * - Topo (bench/support/engine-child.ts), bundled by esbuild the way the CLI and server ship and
 *   run in a fresh process per model (so its peak RSS is the model's own): exact U (compile +
 *   evaluate: the targets' "engine time"); U plus minimal cut sets up to order 3 (the work SCRAM
 *   is asked for: the ratios); and the whole `analyseSystem` (adds per-layer figures, Birnbaum
 *   importance of every element, advice). Medians of at least 101 runs after 300 ms of warm-up
 *   (the engine runs hot in the language server); the cold first call is shown beside them.
 * - SCRAM: `scram --bdd --probability true --limit-order 3` on the exported MEF, written with the
 *   shared k-of-n form (SCRAM's `atleast` expansion is ~50× slower at 40 instances: we give the
 *   peer its best input). Two times: the run as a user times it (the issue's "SCRAM finishes
 *   within 2 minutes": start-up, XML in and out, analysis), which the target is judged on; and
 *   its own reported analysis time (products + probability, no start-up or I/O), the figure most
 *   favourable to SCRAM, shown as the "strict" ratio on every row.
 * - `topo check`: the built CLI (`node dist/topo.js check --format json`) as a child process,
 *   wall time including Node's start-up, with the default cut-set order.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { toMef } from '../server/src/core/export/mef';
import { buildModel } from '../server/src/core/model/build';
import { parse } from '../grammar/src/index';
import { agreesWithScram } from '../test/verify/differential';
import { generateScaled, type ScaledOptions } from '../test/verify/generate';
import { runScram, scramVersion } from '../test/verify/scram';
import type { EngineTimings } from './support/engine-child';

interface Case extends ScaledOptions {
  /** Run SCRAM on it (it needs over 2 minutes from about 200 instances). */
  scram: boolean;
  /** Engine-time target in milliseconds, and memory target in MB, when the issue sets one. */
  targetMs?: number;
  targetMb?: number;
}

const CASES: Case[] = [
  { instances: 20, zones: 3, regions: 1, scram: true },
  { instances: 50, zones: 4, regions: 2, scram: true },
  { instances: 100, zones: 4, regions: 2, scram: true },
  { instances: 150, zones: 6, regions: 2, scram: true },
  // TOPO_BENCH_SLOW=1 shows SCRAM running out of time here (2 more minutes of bench).
  ...(process.env.TOPO_BENCH_SLOW ? [{ instances: 200, zones: 8, regions: 2, scram: true }] : []),
  { instances: 1000, zones: 8, regions: 2, scram: false, targetMs: 50 },
  { instances: 10000, zones: 16, regions: 2, scram: false, targetMs: 1000, targetMb: 200 },
];
const SCRAM_TIMEOUT_MS = 120_000;
/**
 * "At least 100× faster than SCRAM on every model SCRAM finishes within 2 minutes", judged
 * against the SCRAM run. The strict ratio (against SCRAM's own analysis time) is printed on every
 * row too: on the smallest models SCRAM's fixed cost per analysis (~0.12 ms on a 3-instance
 * model) would make 100× mean about a microsecond, less than returning a result costs.
 */
const SPEEDUP_TARGET = 100;

/** Bundles the timed child like scripts/build.mjs bundles the shipped entry points. */
async function bundleChild(dir: string): Promise<string> {
  const outfile = join(dir, 'engine-child.cjs');
  await build({
    entryPoints: [join(__dirname, 'support', 'engine-child.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    mainFields: ['module', 'main'],
    logLevel: 'warning',
  });
  return outfile;
}

function runChild(bundle: string, c: Case): EngineTimings {
  const out = execFileSync(process.execPath, [bundle, JSON.stringify(c)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as EngineTimings;
}

function topoCheckSeconds(text: string): number {
  const dir = mkdtempSync(join(tmpdir(), 'topo-bench-'));
  try {
    const file = join(dir, 'model.topo');
    writeFileSync(file, text);
    const start = performance.now();
    const r = spawnSync(process.execPath, [join(__dirname, '..', 'dist', 'topo.js'), 'check', '--format', 'json', file], { encoding: 'utf8', maxBuffer: 1 << 28 });
    if (r.status !== 0 && r.status !== 1) throw new Error(`topo check failed: ${r.stderr}`);
    return (performance.now() - start) / 1000;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const mark = (ok: boolean): string => (ok ? 'PASS' : 'MISS');
const times = (ratio: number): string => `${ratio < 10 ? ratio.toFixed(1) : Math.round(ratio)}×`;

/** SCRAM on one model: the median of up to five runs while a run takes under a second. */
async function scramTimes(xml: string, top: string): Promise<{ wall: number; analysis: number; probability: number } | undefined> {
  const walls: number[] = [];
  const analyses: number[] = [];
  let probability = NaN;
  for (let i = 0; i < 5; i++) {
    const s = await runScram(xml, { limitOrder: 3, timeoutMs: SCRAM_TIMEOUT_MS });
    const t = s.tops.get(top);
    if (s.timedOut || !t) return undefined;
    walls.push(s.wallSeconds);
    analyses.push(s.analysisSeconds);
    probability = t.probability;
    if (s.wallSeconds > 1) break;
  }
  const mid = (xs: number[]): number => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] ?? NaN;
  return { wall: mid(walls), analysis: mid(analyses), probability };
}

async function main(): Promise<void> {
  const version = scramVersion();
  if (!version) throw new Error('scram is not installed: run `bash scripts/setup-system.sh`');
  if (!existsSync(join(__dirname, '..', 'dist', 'topo.js'))) execFileSync(process.execPath, [join(__dirname, '..', 'scripts', 'build.mjs')]);
  const dir = mkdtempSync(join(tmpdir(), 'topo-bench-engine-'));
  try {
    const bundle = await bundleChild(dir);
    await table(version, bundle);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function table(version: string, bundle: string): Promise<void> {
  console.log(`Topo exact engine vs ${version} (BDD), U + SPOFs + cut sets up to order 3\n`);
  const header = ['instances', 'zones', 'regions', 'SCRAM s', 'Topo s', 'ratio', 'SCRAM analysis s', 'Topo U_struct s', 'strict ratio', 'equal?', 'Topo U ms', 'full analysis s', 'topo check s', 'RSS MB', 'targets'];
  /** Our reading of "topo check stays fast": the whole CLI run, Node start-up included. */
  const CHECK_TARGET_SECONDS = 2;
  const rows: string[][] = [];
  const misses: string[] = [];
  const strict: string[] = [];
  for (const c of CASES) {
    const text = generateScaled(c);
    const topo = runChild(bundle, c);
    const checkSeconds = topoCheckSeconds(text);
    const topoSeconds = topo.engineCutsMs / 1000;
    let scramCell = 'not run';
    let ratioCell = '-';
    let analysisCell = '-';
    let strictCell = '-';
    const structuralSeconds = topo.structuralCutsMs / 1000;
    let equalCell = topo.exact ? 'exact' : 'NOT EXACT';
    const targets: string[] = [];
    if (c.scram) {
      const model = buildModel(parse(text)).systems[0];
      const mef = model ? toMef([model], { kOfN: 'shared' }) : undefined;
      if (!mef?.ok) throw new Error('MEF export failed');
      const s = await scramTimes(mef.mef.xml, mef.mef.trees[0]?.top.name ?? '');
      if (!s) scramCell = `> ${SCRAM_TIMEOUT_MS / 1000}`;
      else {
        const ratio = s.wall / topoSeconds;
        // Strict: SCRAM's own analysis time against Topo doing exactly SCRAM's work (U_struct + cut sets).
        const strictRatio = s.analysis / structuralSeconds;
        scramCell = s.wall.toPrecision(3);
        ratioCell = times(ratio);
        analysisCell = s.analysis.toPrecision(3);
        strictCell = times(strictRatio);
        strict.push(`${c.instances}: ${times(strictRatio)}`);
        // The exported fault tree is the structure: SCRAM's figure is U_struct.
        const equal = agreesWithScram(topo.structuralUnavailability, s.probability);
        equalCell = equal ? 'yes' : `NO (${topo.structuralUnavailability} vs ${s.probability})`;
        targets.push(`≥${SPEEDUP_TARGET}× ${mark(ratio >= SPEEDUP_TARGET)}`);
        if (ratio < SPEEDUP_TARGET) misses.push(`${c.instances} instances: ${times(ratio)} faster than SCRAM`);
        if (!equal) misses.push(`${c.instances} instances: U differs from SCRAM`);
      }
    }
    if (c.targetMs !== undefined) {
      targets.push(`≤${c.targetMs} ms ${mark(topo.engineMs <= c.targetMs && topo.exact)}`);
      if (!(topo.engineMs <= c.targetMs && topo.exact)) misses.push(`${c.instances} instances: ${topo.engineMs.toFixed(1)} ms engine time`);
    }
    targets.push(`check ≤${CHECK_TARGET_SECONDS} s ${mark(checkSeconds <= CHECK_TARGET_SECONDS)}`);
    if (checkSeconds > CHECK_TARGET_SECONDS) misses.push(`${c.instances} instances: topo check ${checkSeconds.toFixed(1)} s`);
    if (c.targetMb !== undefined) {
      targets.push(`≤${c.targetMb} MB ${mark(topo.maxRssMb <= c.targetMb)}`);
      if (topo.maxRssMb > c.targetMb) misses.push(`${c.instances} instances: ${topo.maxRssMb.toFixed(0)} MB`);
    }
    rows.push([
      String(c.instances),
      String(c.zones),
      String(c.regions),
      scramCell,
      topoSeconds.toPrecision(3),
      ratioCell,
      analysisCell,
      structuralSeconds.toPrecision(3),
      strictCell,
      equalCell,
      topo.engineMs.toPrecision(3),
      (topo.fullMs / 1000).toPrecision(3),
      checkSeconds.toFixed(2),
      `${topo.maxRssMb.toFixed(0)}/${topo.fullRssMb.toFixed(0)}`,
      targets.join(', '),
    ]);
    console.log(`  ${c.instances} instances: U = ${topo.unavailability.toExponential(6)} (U_struct ${topo.structuralUnavailability.toExponential(6)}), U ${topo.engineMs.toFixed(3)} ms (U_struct alone ${topo.structuralMs.toFixed(3)} ms), U + cut sets ${topo.engineCutsMs.toFixed(3)} ms (median of ${topo.runs}; cold first call ${topo.coldCutsMs.toFixed(1)} ms), full analysis ${topo.fullMs.toFixed(0)} ms, model build ${topo.modelMs.toFixed(0)} ms, heap ${topo.heapMb.toFixed(0)} MB`);
  }
  console.log('');
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((x, i) => x.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
  console.log('\nSCRAM s: the scram run as a user times it (median of up to 5), which the ≥100× target is judged on. Topo s: U (U_struct + failover windows) + cut sets ≤ order 3, median, in process: what a Topo user gets, more than SCRAM computes.');
  console.log('SCRAM analysis s: SCRAM\'s own reported time (products ≤ order 3 + BDD probability; no start-up, no XML). Topo U_struct s: U_struct + cut sets, exactly SCRAM\'s work; the strict ratio is the one against the other.');
  console.log('Topo U ms: compile + exact U (U_struct + failover windows, spec revision 2), the time the 50 ms / 1 s targets are about. Full analysis adds per-layer figures, importance and advice.');
  console.log('RSS MB: peak resident memory of the child process after U + cut sets / after the full analysis.');
  console.log(`SCRAM is not run from 200 instances: it does not finish within ${SCRAM_TIMEOUT_MS / 1000} s there (TOPO_BENCH_SLOW=1 shows it).`);
  console.log(`Strict ratios (against SCRAM's analysis time alone): ${strict.join(', ')}.`);
  console.log(misses.length ? `\nMISSED: ${misses.join('; ')}` : '\nAll targets met.');
  if (misses.length) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
