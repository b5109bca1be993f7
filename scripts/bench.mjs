// Runs every benchmark, bench/*.ts, in sequence with tsx (`npm run bench`). Each prints its own
// table with the targets and PASS/MISS; this runner fails when any of them does. A file another
// bench imports (`from './lsp-document'`) is a helper, not a benchmark, and is not run.
// `node scripts/bench.mjs analysis lsp` runs only the benches whose names start so.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const only = process.argv.slice(2);
const files = readdirSync(join(root, 'bench')).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
const helpers = new Set(
  files.flatMap((f) => [...readFileSync(join(root, 'bench', f), 'utf8').matchAll(/from '\.\/([\w.-]+)'/g)].map((m) => `${m[1].replace(/\.ts$/, '')}.ts`)),
);
const benches = files
  .filter((f) => !helpers.has(f))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort();
const failed = [];
for (const file of benches) {
  console.log(`\n=== bench/${file}\n`);
  const started = Date.now();
  const r = spawnSync('npx', ['tsx', join('bench', file)], { cwd: root, stdio: 'inherit' });
  console.log(`\n(bench/${file}: ${((Date.now() - started) / 1000).toFixed(0)} s)`);
  if (r.status !== 0) failed.push(file);
}
if (failed.length) {
  console.error(`\nbenchmarks with a missed target or an error: ${failed.join(', ')}`);
  process.exitCode = 1;
}
