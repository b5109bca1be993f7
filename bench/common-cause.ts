/**
 * Benchmark (issue 16): what common causes cost the engine. The scaled models of `analysis.ts`
 * (`generateScaled`), each once as generated and once with common causes of every kind — the
 * system's deploys and maintenance, the load balancers' all-at-once deploys, a 10% canary on the
 * application layer (a group its unit mixes over), a `common-cause` group on the cache layer,
 * maintenance of the database —, timed three ways:
 *
 * - in process, the whole `analyseSystem` (U, layer and site figures, cut sets to order 3,
 *   importance, advice, downtime by cause), median of 5 after a warm-up run;
 * - `topo check --format json` as a user runs it (whole process, Node start-up included);
 * - SCRAM 0.16.2 on the exported MEF fault tree (`--bdd --probability --limit-order 3`), where it
 *   finishes, as `bench/analysis.ts` runs it; its U_struct is compared with Topo's.
 *
 * There is no target: the point is the price of the feature, printed beside the plain model's.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyseSystem } from '../server/src/core/analysis/index';
import { toMef } from '../server/src/core/export/mef';
import { buildModel } from '../server/src/core/model/build';
import { parse } from '../grammar/src/index';
import type { SystemModel } from '../server/src/core/model/types';
import { agreesWithScram } from '../test/verify/differential';
import { generateScaled } from '../test/verify/generate';
import { runScram, scramVersion } from '../test/verify/scram';
import { inProcessMs, series } from './support/process-time';

const ROOT = join(__dirname, '..');
const SIZES = [{ instances: 100, scram: true }, { instances: 1000, scram: false }, { instances: 10000, scram: false }];
const SCRAM_TIMEOUT_MS = 120_000;

/** The scaled model with a common cause of every kind (see the file comment). */
function withCommonCauses(text: string): string {
  const out = text
    .replace('  slo 99.9%\n', '  slo 99.9%\n  deploys 5/week change-failure 2% restore 15m\n  maintenance 1h every 30d\n')
    .replace(/ {2}layer lb \{ /, '  layer lb { deploys 2/week change-failure 5% restore 10m ')
    .replace(/ {2}layer app \{ (load \d+) /, '  layer app { $1 deploys 20/week change-failure 5% restore 30m rollout canary 10% ')
    .replace(/ {2}layer cache \{ /, '  layer cache { common-cause 2% ')
    .replace('  layer db {\n', '  layer db {\n    maintenance 30m every 30d\n');
  if (out === text) throw new Error('the scaled model changed shape: no common cause was added');
  return out;
}

function modelOf(text: string): SystemModel {
  const built = buildModel(parse(text));
  const errors = built.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0 || !built.systems[0]) throw new Error(`bench model has errors: ${errors.map((e) => e.message).join('; ')}`);
  return built.systems[0];
}

/** In process: the median of 5 full analyses after one warm-up, in ms, and the figures. */
function inProcess(model: SystemModel): { ms: number; u: number; uStruct: number; commonCauses: number } {
  const { ms, value: first } = inProcessMs(() => analyseSystem(model, { maxOrder: 3 })!);
  if (!first.exact) throw new Error(`${model.name}: not exact (${first.limits.join('; ')})`);
  return { ms, u: first.unavailability, uStruct: first.structuralUnavailability, commonCauses: model.commonCauses.length };
}

async function main(): Promise<void> {
  if (!existsSync(join(ROOT, 'dist', 'topo.js'))) throw new Error('dist/topo.js is missing: run `npm run build` (npm run bench does)');
  const version = scramVersion();
  if (!version) throw new Error('scram is not installed: run `bash scripts/setup-system.sh`');
  const dir = mkdtempSync(join(tmpdir(), 'topo-bench-cc-'));
  console.log(`Common causes: the scaled models, plain and with deploys, a canary, a group and maintenance (${version} beside them)\n`);
  const header = ['model', 'instances', 'common causes', 'U', 'analysis ms', 'topo check s', 'topo MB', 'SCRAM s', 'U_struct vs SCRAM'];
  const rows: string[][] = [];
  try {
    for (const size of SIZES) {
      const plain = generateScaled({ instances: size.instances, zones: 4, regions: 2 });
      for (const [label, text] of [['plain', plain], ['common causes', withCommonCauses(plain)]] as const) {
        const model = modelOf(text);
        const figures = inProcess(model);
        const file = join(dir, `${size.instances}-${label.replace(' ', '-')}.topo`);
        writeFileSync(file, text);
        const check = series(process.execPath, [join(ROOT, 'dist', 'topo.js'), 'check', file, '--format', 'json'], 30, 600_000);
        let scramCell = '-';
        let agree = '-';
        if (size.scram) {
          const mef = toMef([model], { kOfN: 'shared' });
          if (!mef.ok) throw new Error(`MEF export failed: ${mef.error}`);
          const r = await runScram(mef.mef.xml, { limitOrder: 3, timeoutMs: SCRAM_TIMEOUT_MS });
          const top = r.tops.get(mef.mef.trees[0]?.top.name ?? '');
          if (r.timedOut || !top) throw new Error(`SCRAM gave no result for ${label} (${size.instances} instances)`);
          scramCell = r.wallSeconds.toPrecision(3);
          const same = agreesWithScram(figures.uStruct, top.probability);
          agree = `${same ? 'agrees' : 'DIFFERS'} (${top.probability.toExponential(5)})`;
          if (!same) process.exitCode = 1;
        }
        rows.push([
          label, String(model.instances.length), String(figures.commonCauses), figures.u.toExponential(4), figures.ms.toFixed(1),
          check ? check.seconds.toPrecision(3) : `> ${SCRAM_TIMEOUT_MS / 1000}`, check ? check.rssMb.toFixed(0) : '-', scramCell, agree,
        ]);
        console.log(`  ${size.instances} instances, ${label}: done`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  console.log(`\n${line(header)}\n${rows.map(line).join('\n')}`);
  console.log('\nanalysis ms: the whole analyseSystem in process (median of 5, warm). topo check s: whole process, Node start-up included (median of 5).');
  console.log('SCRAM s: one run on the exported fault tree (U_struct and cut sets to order 3), as a user times it; it computes no failover windows, importance or advice.');
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
