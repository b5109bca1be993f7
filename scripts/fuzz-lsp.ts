/**
 * The long fuzz run of the language server (`npx tsx scripts/fuzz-lsp.ts --edits 10000 --seed 1`):
 * the fuzz suite's edits and requests (test/lsp/fuzz-model.ts, driven and checked by
 * test/lsp/fuzz-driver.ts) sent to the built server (`node dist/topo.js lsp --stdio`, debounce 0)
 * for as many edits as asked, then the figures: edits by kind, requests by method, deliberate
 * refusals, failures (each with its seed and step), crashes, and the server's resident memory
 * (VmRSS of its process, which holds the analysis worker thread) at the start, at the end and at
 * its highest. Exits 1 when anything failed.
 *
 *   --edits N      didChange notifications to send (default 10000)
 *   --seed S       the run's seed (default 1); a failure replays with the same seed and edits
 *   --doc D        example: the spec example twice and a generated model, open together (default);
 *                  large: the generated 2,000-instance document (test/lsp/large-document.ts), with
 *                  the example open beside it and three edits in four going to the large one
 *                  (`startDocuments` in test/lsp/fuzz-model.ts: the fuzz suite opens the same, so
 *                  a test's seed and number of edits replay its run here)
 *   --replicas R   replicas per node of the large document (default 20: 2,000 instances)
 *   --timeout-ms T how long a settle point waits for answers and diagnostics (default 120000)
 *   --minutes M    stop after M minutes (at the next settle point) even if edits are left
 *   --dump-slow D  write the documents of the first slow answers (over 10 s) to folder D
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { formatFailure, FuzzFailureError, LspFuzzer, SLOW_MS, standardRun, type FuzzStats } from '../test/lsp/fuzz-driver';
import { loadCorpus } from '../test/lsp/fuzz-model';
import { LspHarness } from '../test/lsp/harness';
import { DebugHeapRequest, type DebugHeapResult } from '../server/src/protocol';

const ROOT = join(__dirname, '..');

const { values } = parseArgs({
  options: {
    edits: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '1' },
    doc: { type: 'string', default: 'example' },
    replicas: { type: 'string', default: '20' },
    'timeout-ms': { type: 'string', default: '120000' },
    minutes: { type: 'string' },
    'dump-slow': { type: 'string' },
  },
});
const edits = Number(values.edits);
const seed = Number(values.seed);
const timeoutMs = Number(values['timeout-ms']);
if (!Number.isInteger(edits) || edits < 1 || !Number.isInteger(seed) || seed < 0 || !['example', 'large'].includes(values.doc as string)) {
  console.error('usage: npx tsx scripts/fuzz-lsp.ts [--edits N] [--seed S] [--doc example|large] [--replicas R] [--timeout-ms T] [--minutes M]');
  process.exit(2);
}

const mb = (bytes: number | undefined) => (bytes === undefined ? '?' : `${(bytes / 1048576).toFixed(1)} MB`);

function table(counts: Record<string, number>, second?: Record<string, number>, secondName = ''): string {
  return Object.entries(counts).sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `    ${k.padEnd(40)} ${String(n).padStart(7)}${second ? `   ${secondName} ${second[k] ?? 0}` : ''}`).join('\n');
}

async function main(): Promise<void> {
  const corpus = loadCorpus(ROOT);
  // --expose-gc: the heap figures below are taken after a full collection, at rest.
  // Hovers wait as long as an editor's do (the server's default, not the tests' long wait).
  const lsp = await LspHarness.start({ nodeArgs: ['--expose-gc'], initializationOptions: { hoverWaitMs: 300 } });
  // The baseline: the server after one analysis (so its worker is up), the document closed again.
  const warmUp = 'file:///fuzz/warm-up.topo';
  await lsp.open(warmUp, corpus.models[0] ?? 'system s {}', 1);
  await lsp.diagnosticsFor(warmUp, 1, timeoutMs);
  await lsp.close(warmUp);
  const heapBefore = await lsp.send(DebugHeapRequest, {});
  const started = performance.now();
  let lastReport = 0;
  const fuzzer = new LspFuzzer(lsp, {
    ...standardRun(values.doc as 'example' | 'large', seed, edits, corpus, Number(values.replicas)),
    timeoutMs, mode: 'record',
    ...(values.minutes !== undefined ? { stopAt: Date.now() + Number(values.minutes) * 60_000 } : {}),
    onSettle(stats: FuzzStats) {
      lsp.notifications.length = 0; // the harness keeps every notification; nothing here reads them
      if (stats.edits - lastReport >= 500) {
        lastReport = stats.edits;
        const requests = Object.values(stats.requests).reduce((a, b) => a + b, 0);
        process.stderr.write(`${stats.edits} edits, ${requests} requests, ${stats.failures.length} failures, RSS ${mb(lsp.memory()?.rssBytes)}, ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
      }
    },
  });
  let stopped: string | undefined;
  try {
    await fuzzer.run();
  } catch (e) {
    if (!(e instanceof FuzzFailureError)) throw e;
    stopped = e.message;
  }
  const seconds = (performance.now() - started) / 1000;
  const stats = fuzzer.stats;
  // The run closed its documents: what the server still holds after a full GC is what it kept.
  const heapAfter: DebugHeapResult | undefined = stats.crashed ? undefined : await lsp.send(DebugHeapRequest, {});
  const code = stats.crashed ? 'crashed' : await Promise.race([lsp.stop().then((c) => `exit code ${c}`), new Promise<string>((r) => setTimeout(() => r('no exit within 10 s'), 10_000))]);
  lsp.kill();
  const requests = Object.values(stats.requests).reduce((a, b) => a + b, 0);
  const refusals = Object.values(stats.refusals).reduce((a, b) => a + b, 0);
  const m = stats.memory;
  console.log([
    `LSP fuzz: seed ${seed}, --doc ${values.doc}${values.doc === 'large' ? ` (${Number(values.replicas) * 100} instances)` : ''}, ${seconds.toFixed(0)} s`,
    `  edits: ${stats.edits} of ${edits} asked (${stats.steps} steps, ${stats.settles} settle points, ${stats.reopens} close+reopen, ${stats.configChanges} configuration changes)`,
    table(stats.editsByKind),
    `  requests: ${requests}`,
    table(stats.requests, stats.answered, 'with content:'),
    `  slowest answer by method (ms, pipelined behind earlier messages):`,
    table(Object.fromEntries(Object.entries(stats.slowestMs).map(([k, v]) => [k, Math.round(v)]))),
    `  answers slower than ${SLOW_MS / 1000} s: ${stats.slowCount}`,
    ...stats.slow.map((line) => `    ${line}`),
    `  error responses: ${refusals} deliberate refusals, ${stats.failures.filter((f) => f.reason.startsWith('error response')).length} others`,
    table(stats.refusals),
    `  diagnostics: ${stats.publications} publications; ${stats.versionsWaited} versions waited on, each published`,
    `  failures: ${stats.failures.length}; crashes: ${stats.crashed ? 1 : 0}; server shutdown: ${code}`,
    `  server RSS: ${mb(m.startRss)} at the start → ${mb(m.endRss)} at the end; highest sampled ${mb(m.maxRss)}, peak (VmHWM) ${mb(m.peakRss)}`,
    `  heap at rest after a full GC, nothing open: server thread ${mb(heapBefore.heapUsedBytes)} before → ${mb(heapAfter?.heapUsedBytes)} after; analysis worker ${mb(heapBefore.workerHeapUsedBytes)} → ${mb(heapAfter?.workerHeapUsedBytes)}`,
    ...(stopped ? [`  stopped early: ${stopped}`] : []),
    ...stats.failures.slice(0, 10).map((f) => formatFailure(f)),
    ...(stats.failures.length > 10 ? [`  … and ${stats.failures.length - 10} more`] : []),
  ].join('\n'));
  if (values['dump-slow'] !== undefined) {
    mkdirSync(values['dump-slow'], { recursive: true });
    stats.slowTexts.forEach((t, i) => writeFileSync(join(values['dump-slow']!, `slow-${i + 1}.topo`), `# ${t.what}\n${t.text}`));
  }
  if (stats.failures.length > 0 || stats.crashed || stopped) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
