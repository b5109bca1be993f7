/**
 * Benchmark (issue 22): what a comparison costs — `topo diff` as a reviewer or CI meets it, and
 * "Compare with…" in the editor — beside what the comparison replaces: `topo check` run on each
 * side and the two reports read side by side. No peer tool compares two availability models, so
 * the baseline is Topo's own two checks. Run with `npx tsx bench/diff.ts` (or `npm run bench diff`).
 *
 * - Models: the spec's example with its second load balancer removed (examples/checkout-two-lbs.topo
 *   → examples/checkout.topo), and the scaled shape of `analysis.ts` (`generateScaled`) at 1,000
 *   and 10,000 instances with its load balancers cut from 40 (or 400) to 60% of that.
 * - Whole process (Node's start-up included), median of 5, in a temporary git repository whose
 *   two commits hold the two sides: `topo diff A B --format json` on two files, `topo diff
 *   HEAD~1:m.topo HEAD:m.topo --format json` on two revisions (git read with the imports), and
 *   `topo check --format json` on each side, summed.
 * - In process: the two analyses (`analyseDocument`) and the comparison alone (`diffDocuments`),
 *   median of 5 after a warm-up.
 * - The language server (`topo/diff`): the first comparison of an open document with HEAD (the
 *   revision's side read and analysed, in the worker), the outline (documentSymbol, which needs no analysis) asked 20 ms into it, and the next
 *   comparison (that side cached, as after each edit).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyseDocument, diffDocuments } from '../server/src/core/index';
import { DiffRequest } from '../server/src/protocol';
import { LspHarness } from '../test/lsp/harness';
import { generateScaled } from '../test/verify/generate';
import { inProcessMs, median, series } from './support/process-time';

const ROOT = join(__dirname, '..');
const TOPO = join(ROOT, 'dist', 'topo.js');
const TIMEOUT_MS = 300_000;

interface Case {
  label: string;
  before: string;
  after: string;
}

/** The scaled model, and the same with its load balancers cut to 60%. */
function scaled(instances: number): Case {
  const before = generateScaled({ instances, zones: 16, regions: 2 });
  const after = before.replace(/(layer lb \{ min \d+ node lb \{ availability [\d.]+% replicas )(\d+)/, (_, head: string, n: string) => `${head}${Math.round(Number(n) * 0.6)}`);
  if (after === before) throw new Error('the scaled model changed shape: its load balancers were not found');
  return { label: `scaled ${instances.toLocaleString('en-US')}`, before, after };
}

const CASES: Case[] = [
  { label: 'spec example', before: readFileSync(join(ROOT, 'examples', 'checkout-two-lbs.topo'), 'utf8'), after: readFileSync(join(ROOT, 'examples', 'checkout.topo'), 'utf8') },
  scaled(1000),
  scaled(10000),
];

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.email=bench@topo', '-c', 'user.name=bench', ...args], { cwd, stdio: 'ignore' });
}

const seconds = (s: number | undefined): string => (s === undefined ? 'timed out' : `${s.toFixed(3)} s`);
const ms = (x: number): string => `${x < 10 ? x.toFixed(2) : x.toFixed(0)} ms`;

async function main(): Promise<void> {
  const rows: string[][] = [];
  const lspRows: string[][] = [];
  const lsp = await LspHarness.start();
  try {
    for (const c of CASES) {
      const dir = mkdtempSync(join(tmpdir(), 'topo-bench-diff-'));
      try {
        git(dir, 'init', '-q');
        writeFileSync(join(dir, 'a.topo'), c.before);
        writeFileSync(join(dir, 'b.topo'), c.after);
        writeFileSync(join(dir, 'm.topo'), c.before);
        git(dir, 'add', '-A');
        git(dir, 'commit', '-q', '-m', 'before');
        writeFileSync(join(dir, 'm.topo'), c.after);
        git(dir, 'commit', '-q', '-am', 'after');

        // In the repository, as a user runs it there (git sides are read from the current directory's).
        process.chdir(dir);
        const run = (args: string[]) => series(process.execPath, [TOPO, ...args], 20, TIMEOUT_MS);
        const files = run(['diff', 'a.topo', 'b.topo', '--format', 'json']);
        const revisions = run(['diff', 'HEAD~1:m.topo', 'HEAD:m.topo', '--format', 'json']);
        const checkA = run(['check', 'a.topo', '--format', 'json']);
        const checkB = run(['check', 'b.topo', '--format', 'json']);
        process.chdir(ROOT);
        const checks = checkA && checkB ? checkA.seconds + checkB.seconds : undefined;

        const analyses = inProcessMs(() => [analyseDocument(c.before), analyseDocument(c.after)] as const);
        const [old, now] = analyses.value;
        const compare = inProcessMs(() => diffDocuments('m.topo', { label: 'HEAD~1:m.topo', text: c.before, analysis: old }, { label: 'm.topo', text: c.after, analysis: now }));
        const subject = compare.value.subjects[0];
        const headline = subject?.delta ? `ΔU ${subject.delta.unavailability.toExponential(2)}, ${subject.spofsAdded.length} new SPOF${subject.spofsAdded.length === 1 ? '' : 's'}` : compare.value.status;
        rows.push([
          c.label, seconds(files?.seconds), seconds(revisions?.seconds), seconds(checks),
          `${Math.max(files?.rssMb ?? NaN, revisions?.rssMb ?? NaN).toFixed(0)} MB`, ms(analyses.ms), ms(compare.ms), headline,
        ]);

        // The editor: the document open with the new text, compared with HEAD~1 (the old one).
        const uri = pathToFileURL(join(dir, 'm.topo')).href;
        await lsp.open(uri, c.after, 1);
        await lsp.diagnosticsFor(uri, 1, TIMEOUT_MS);
        const round = async (): Promise<number> => {
          const started = performance.now();
          const r = await lsp.send(DiffRequest, { uri, revision: 'HEAD~1' });
          if (!r.ok) throw new Error(`topo/diff failed: ${r.error}`);
          return performance.now() - started;
        };
        // While the first comparison reads and analyses the revision's side, the outline of the
        // document: answered meanwhile, not after (the analysis runs in the worker).
        const firstRound = round();
        await new Promise((resolve) => setTimeout(resolve, 20));
        const outlineStarted = performance.now();
        await lsp.request('textDocument/documentSymbol', { textDocument: { uri } });
        const outlineMs = performance.now() - outlineStarted;
        const first = await firstRound;
        const again: number[] = [];
        for (let i = 0; i < 5; i++) again.push(await round());
        lspRows.push([c.label, ms(first), ms(outlineMs), ms(median(again))]);
        await lsp.close(uri);
      } finally {
        process.chdir(ROOT);
        rmSync(dir, { recursive: true, force: true });
      }
    }
  } finally {
    await lsp.stop();
  }

  const table = (header: string[], body: string[][]): string => {
    const all = [header, ...body];
    const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
    return all.map((r) => r.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n');
  };
  console.log('topo diff as a reviewer or CI runs it (whole process, median of 5), and in process\n');
  console.log(table(['model', 'diff files', 'diff revisions', 'check × 2', 'peak RSS', 'analyses (in process)', 'diffDocuments', 'change'], rows));
  console.log('\n"Compare with…" in the editor: topo/diff round trip over the language server\n');
  console.log(table(['model', 'first (revision read + analysed)', 'outline asked meanwhile', 'again (revision cached)'], lspRows));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
