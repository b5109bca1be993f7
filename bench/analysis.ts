/**
 * Benchmark (issue 3): Topo's exact engine against SCRAM 0.16.2 on the same generated models of
 * growing size, one table. Run with `npx tsx bench/analysis.ts` (or `npm run bench`).
 *
 * - Topo, in a fresh child process per model (so its peak RSS is the model's own), median of
 *   several runs after a warm-up: exact U (compile + evaluate: the targets' "engine time"); U plus
 *   minimal cut sets up to order 3 (the work SCRAM is asked for: the ratio); and the whole
 *   `analyseSystem` (adds per-layer figures, Birnbaum importance of every element, advice).
 * - SCRAM: `scram --bdd --probability true --limit-order 3` on the exported MEF, written with the
 *   shared k-of-n form (SCRAM's `atleast` expansion is ~50× slower at 40 instances: we give the
 *   peer its best input). Its time is its own reported analysis time (products + probability),
 *   which excludes process start and XML I/O — the figure most favourable to SCRAM.
 * - `topo check`: the built CLI (`node dist/topo.js check --format json`) as a child process,
 *   wall time including Node's start-up, with the default cut-set order.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyseSystem, cutSets, Engine, prepareSystem } from '../server/src/core/analysis/index';
import { DEFAULT_ANALYSIS_OPTIONS } from '../server/src/core/analysis/types';
import { toMef } from '../server/src/core/export/mef';
import { buildModel } from '../server/src/core/model/build';
import { parse } from '../grammar/src/index';
import { agreesWithScram } from '../test/verify/differential';
import { generateScaled, type ScaledOptions } from '../test/verify/generate';
import { runScram, scramVersion } from '../test/verify/scram';

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
// SCRAM's own time on 20 instances is ~0.5 ms, so "100× faster" there means ~5 µs: kept in the
// table anyway, so the claim is never made on a hand-picked range.
const SPEEDUP_TARGET = 100;

interface ChildResult {
  unavailability: number;
  exact: boolean;
  /** Exact U: compile + evaluate (the "engine time"). */
  engineMs: number;
  /** U plus minimal cut sets up to order 3: what SCRAM is asked for. */
  engineCutsMs: number;
  /** `analyseSystem`: every figure, importance and advice included. */
  fullMs: number;
  modelMs: number;
  /** Peak RSS after the exact U and cut sets (the memory target), and after the full analysis. */
  maxRssMb: number;
  fullRssMb: number;
  heapMb: number;
}

/** Median of `runs` timings of `f` after `warmups` untimed runs (the engine runs hot in the language server), in ms. */
function median(runs: number, warmups: number, f: () => unknown): number {
  for (let i = 0; i < warmups; i++) f();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    f();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? NaN;
}

/** In the child: parse and build once, then time the engine's phases. */
function child(options: ScaledOptions): ChildResult {
  const text = generateScaled(options);
  const t0 = performance.now();
  const model = buildModel(parse(text)).systems[0];
  const modelMs = performance.now() - t0;
  if (!model) throw new Error('no system');
  const large = options.instances >= 5000;
  const runs = large ? 3 : 15;
  const warmups = large ? 1 : 5;
  let down = { down: NaN, exact: false };
  const engineMs = median(runs, warmups, () => {
    const { spec } = prepareSystem(model);
    down = new Engine(spec).down(spec.path);
  });
  const engineCutsMs = median(runs, warmups, () => {
    const { spec } = prepareSystem(model);
    new Engine(spec).down(spec.path);
    cutSets(spec, DEFAULT_ANALYSIS_OPTIONS.maxOrder);
  });
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  const start = performance.now();
  const full = analyseSystem(model, DEFAULT_ANALYSIS_OPTIONS);
  const fullMs = performance.now() - start;
  if (!full) throw new Error('no analysis');
  return {
    unavailability: down.down,
    exact: down.exact && full.exact && full.unavailability === down.down,
    engineMs,
    engineCutsMs,
    fullMs,
    modelMs,
    maxRssMb,
    fullRssMb: process.resourceUsage().maxRSS / 1024,
    heapMb: process.memoryUsage().heapUsed / 1048576,
  };
}

function runChild(c: Case): ChildResult {
  const out = execFileSync(process.execPath, [...process.execArgv, __filename, '--child', JSON.stringify(c)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as ChildResult;
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

async function main(): Promise<void> {
  const version = scramVersion();
  if (!version) throw new Error('scram is not installed: run `bash scripts/setup-system.sh`');
  if (!existsSync(join(__dirname, '..', 'dist', 'topo.js'))) execFileSync(process.execPath, [join(__dirname, '..', 'scripts', 'build.mjs')]);
  console.log(`Topo exact engine vs ${version} (BDD), U + SPOFs + cut sets up to order 3\n`);
  const header = ['instances', 'zones', 'regions', 'SCRAM s', 'Topo s', 'ratio', 'SCRAM wall s', 'wall ratio', 'equal?', 'Topo U ms', 'full analysis s', 'topo check s', 'RSS MB', 'targets'];
  /** Our reading of "topo check stays fast": the whole CLI run, Node start-up included. */
  const CHECK_TARGET_SECONDS = 2;
  const rows: string[][] = [];
  const misses: string[] = [];
  for (const c of CASES) {
    const text = generateScaled(c);
    const topo = runChild(c);
    const checkSeconds = topoCheckSeconds(text);
    let scramCell = 'not run';
    let ratioCell = '-';
    let wallCell = '-';
    let wallRatioCell = '-';
    let equalCell = topo.exact ? 'exact' : 'NOT EXACT';
    const targets: string[] = [];
    if (c.scram) {
      const model = buildModel(parse(text)).systems[0];
      const mef = model ? toMef([model], { kOfN: 'shared' }) : undefined;
      if (!mef?.ok) throw new Error('MEF export failed');
      const s = await runScram(mef.mef.xml, { limitOrder: 3, timeoutMs: SCRAM_TIMEOUT_MS });
      const top = s.tops.get(mef.mef.trees[0]?.top.name ?? '');
      if (s.timedOut || !top) scramCell = `> ${SCRAM_TIMEOUT_MS / 1000}`;
      else {
        scramCell = s.analysisSeconds.toPrecision(3);
        const ratio = s.analysisSeconds / (topo.engineCutsMs / 1000);
        ratioCell = times(ratio);
        wallCell = s.wallSeconds.toPrecision(3);
        wallRatioCell = times(s.wallSeconds / (topo.engineCutsMs / 1000));
        const equal = agreesWithScram(topo.unavailability, top.probability);
        equalCell = equal ? 'yes' : `NO (${topo.unavailability} vs ${top.probability})`;
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
      (topo.engineCutsMs / 1000).toPrecision(3),
      ratioCell,
      wallCell,
      wallRatioCell,
      equalCell,
      topo.engineMs.toPrecision(3),
      (topo.fullMs / 1000).toPrecision(3),
      checkSeconds.toFixed(2),
      `${topo.maxRssMb.toFixed(0)}/${topo.fullRssMb.toFixed(0)}`,
      targets.join(', '),
    ]);
    console.log(`  ${c.instances} instances: U = ${topo.unavailability.toExponential(6)}, U ${topo.engineMs.toFixed(2)} ms, U + cut sets ${topo.engineCutsMs.toFixed(2)} ms, full analysis ${topo.fullMs.toFixed(0)} ms, model build ${topo.modelMs.toFixed(0)} ms, heap ${topo.heapMb.toFixed(0)} MB`);
  }
  console.log('');
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((x, i) => x.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
  console.log('\nSCRAM s: its own analysis time (products ≤ order 3 + BDD probability). Topo s: U + cut sets ≤ order 3 (the same work), median.');
  console.log('SCRAM wall s: the scram process as a user waits for it (start-up, XML in and out); wall ratio is against it. PASS/MISS uses the stricter ratio.');
  console.log('Topo U ms: compile + exact U, the time the 50 ms / 1 s targets are about. Full analysis adds per-layer figures, importance and advice.');
  console.log('RSS MB: peak resident memory of the child process after U + cut sets / after the full analysis.');
  console.log(`SCRAM is not run from 200 instances: it does not finish within ${SCRAM_TIMEOUT_MS / 1000} s there (TOPO_BENCH_SLOW=1 shows it).`);
  console.log(misses.length ? `\nMISSED: ${misses.join('; ')}` : '\nAll targets met.');
  if (misses.length) process.exitCode = 1;
}

if (process.argv[2] === '--child') {
  console.log(JSON.stringify(child(JSON.parse(process.argv[3] ?? '{}') as ScaledOptions)));
} else {
  main().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
