/**
 * Benchmark (issue 13): `topo check` as a user meets it — the whole process, Node's start-up
 * included — side by side with SCRAM 0.16.2 on the same models, one table. Run with
 * `npx tsx bench/check.ts` (or `npm run bench check`).
 *
 * - Models: issue 13's long paths (test/verify/generate.ts `generateLayered`: 6 zones in 2
 *   regions, every third layer active-passive with two hot standbys) of about 100, 186, 279, 430
 *   and 714 instances; then the wide `generateScaled` shape at 2,000 and 10,000 instances over 16
 *   zones, for Topo alone.
 * - Topo: `node dist/topo.js check FILE --format json --max-order 2` (the full analysis: U,
 *   per-layer figures, SPOFs, cut sets, importance, advice). SCRAM: `scram --bdd --probability
 *   true --limit-order 2` on the model's MEF export (shared k-of-n form), which asks it for less:
 *   U_struct and the cut sets only.
 * - Each side's wall time is the median of 5 runs; a SCRAM run over 20 s is run once (marked ¹),
 *   one over 120 s is stopped. Peak RSS from GNU time. Exactness is tested, not timed here: the
 *   differential suites compare the engine with SCRAM and the brute-force reference.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toMef } from '../server/src/core/export/mef';
import { buildModel } from '../server/src/core/model/build';
import { parse } from '../grammar/src/index';
import { benchModels, type BenchModel } from '../test/verify/generate';
import { scramVersion } from '../test/verify/scram';
import { RUNS, series } from './support/process-time';

type Case = BenchModel;

const CASES: Case[] = benchModels();
const SCRAM_ONCE_SECONDS = 20;
const SCRAM_TIMEOUT_MS = 120_000;
const ROOT = join(__dirname, '..');

function main(): void {
  const version = scramVersion();
  if (!version) throw new Error('scram is not installed: run `bash scripts/setup-system.sh`');
  if (!existsSync(join(ROOT, 'dist', 'topo.js'))) throw new Error('dist/topo.js is missing: run `npm run build` (npm run bench does)');
  const dir = mkdtempSync(join(tmpdir(), 'topo-bench-check-'));
  const nodeAlone = series(process.execPath, ['-e', '0'], Infinity, 10_000)!;
  const version0 = series(process.execPath, [join(ROOT, 'dist', 'topo.js'), '--version'], Infinity, 10_000)!;
  console.log(`topo check vs ${version}, whole process (Node start-up included), median of ${RUNS}\n`);
  console.log(`node -e 0: ${(nodeAlone.seconds * 1000).toFixed(0)} ms; topo --version: ${(version0.seconds * 1000).toFixed(0)} ms (${(version0.seconds / nodeAlone.seconds).toFixed(2)}× node; target ≤ 1.5× ${version0.seconds <= 1.5 * nodeAlone.seconds ? 'PASS' : 'MISS'})\n`);
  const misses: string[] = [];
  if (version0.seconds > 1.5 * nodeAlone.seconds) misses.push('topo --version');
  const header = ['model', 'instances', 'layers', 'SCRAM s', 'SCRAM MB', 'topo check s', 'topo MB', 'ratio', 'target'];
  const rows: string[][] = [];
  try {
    for (const c of CASES) {
      const model = buildModel(parse(c.text)).systems[0];
      if (!model) throw new Error(`${c.label}: no system`);
      const file = join(dir, `${c.label.replace(/\s+/g, '-')}.topo`);
      writeFileSync(file, c.text);
      const topo = series(process.execPath, [join(ROOT, 'dist', 'topo.js'), 'check', file, '--format', 'json', '--max-order', '2'], Infinity, 600_000);
      if (!topo) throw new Error(`${c.label}: topo check timed out`);
      let scramCell = 'not run';
      let scramMb = '-';
      let ratioCell = '-';
      let target = '';
      if (c.scram) {
        const mef = toMef([model], { kOfN: 'shared' });
        if (!mef.ok) throw new Error(`${c.label}: MEF export failed: ${mef.error}`);
        const xml = join(dir, `${c.label.replace(/\s+/g, '-')}.xml`);
        writeFileSync(xml, mef.mef.xml);
        const s = series('scram', ['--bdd', '--probability', 'true', '--limit-order', '2', '-o', join(dir, 'report.xml'), xml], SCRAM_ONCE_SECONDS, SCRAM_TIMEOUT_MS);
        if (!s) {
          scramCell = `> ${SCRAM_TIMEOUT_MS / 1000}`;
          // SCRAM's time is at least the timeout: the ratio is a lower bound, and passes when it does.
          const atLeast = SCRAM_TIMEOUT_MS / 1000 / topo.seconds;
          ratioCell = `> ${atLeast.toFixed(0)}×`;
          if (c.minRatio !== undefined) {
            const ok = atLeast >= c.minRatio;
            target = `≥ ${c.minRatio}× ${ok ? 'PASS' : 'unknown'}`;
            if (!ok) misses.push(`${c.label}: SCRAM stopped at ${SCRAM_TIMEOUT_MS / 1000} s, only > ${atLeast.toFixed(0)}× known`);
          }
        } else {
          scramCell = `${s.seconds.toPrecision(3)}${s.runs === 1 ? '¹' : ''}`;
          scramMb = s.rssMb.toFixed(0);
          const ratio = s.seconds / topo.seconds;
          ratioCell = `${ratio.toFixed(1)}×`;
          if (c.minRatio !== undefined) {
            const ok = ratio >= c.minRatio;
            target = `≥ ${c.minRatio}× ${ok ? 'PASS' : 'MISS'}`;
            if (!ok) misses.push(`${c.label}: ${ratio.toFixed(1)}× SCRAM`);
          }
        }
      }
      if (c.maxSeconds !== undefined) {
        const ok = topo.seconds <= c.maxSeconds;
        target = `≤ ${c.maxSeconds} s ${ok ? 'PASS' : 'MISS'}`;
        if (!ok) misses.push(`${c.label}: ${topo.seconds.toFixed(2)} s`);
      }
      rows.push([c.label, String(model.instances.length), String(model.layers.length), scramCell, scramMb, topo.seconds.toPrecision(3), topo.rssMb.toFixed(0), ratioCell, target]);
      console.log(`  ${c.label}: done`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  console.log(`\n${line(header)}\n${rows.map(line).join('\n')}`);
  console.log(`\n¹ one run (over ${SCRAM_ONCE_SECONDS} s). SCRAM is asked for U_struct and cut sets up to order 2; topo check for everything it reports.`);
  if (misses.length) {
    console.log(`\nmissed: ${misses.join('; ')}`);
    process.exitCode = 1;
  }
}

main();
