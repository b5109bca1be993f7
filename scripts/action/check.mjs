// The action's check step (action.yml): `topo check` over the repository's models, the report in
// the log and SARIF for code scanning. Models: MODELS, files or directories (searched for .topo
// files, skipping .git and node_modules). Exit 2 when topo itself failed (a usage or I/O error);
// findings (exit 1) do not fail this step: code scanning shows them, and the diff step gates.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const topo = process.env.TOPO;
const sarif = process.env.SARIF || 'topo.sarif';
const roots = (process.env.MODELS || '.').split(/\s+/).filter(Boolean);

/** The .topo files under `path` (itself when it is a file), in a stable order. */
function models(path) {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    console.error(`topo action: no such file or directory: ${path}`);
    process.exit(2);
  }
  if (stat.isFile()) return [path];
  const out = [];
  for (const entry of readdirSync(path, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name === '.git' || entry.name === 'node_modules') continue;
    const child = join(path, entry.name);
    if (entry.isDirectory()) out.push(...models(child));
    else if (entry.name.endsWith('.topo')) out.push(child);
  }
  return out;
}

const files = roots.flatMap(models);
if (files.length === 0) {
  console.log(`topo action: no .topo file under ${roots.join(' ')}`);
  process.exit(0);
}
const report = spawnSync(process.execPath, [topo, 'check', ...files], { stdio: 'inherit' });
if (report.status === 2 || report.status === null) process.exit(2);
const run = spawnSync(process.execPath, [topo, 'check', ...files, '--format', 'sarif'], { encoding: 'utf8', maxBuffer: 1 << 28 });
if (run.status !== 0 && run.status !== 1) {
  process.stderr.write(run.stderr ?? '');
  process.exit(2);
}
writeFileSync(sarif, run.stdout);
console.log(`topo action: ${files.length} model${files.length === 1 ? '' : 's'} checked, SARIF in ${sarif}`);
