// `npm start`: the main job — `topo check` on the bundled example, printed as a report.
// The example deliberately misses its SLO (that is what it demonstrates), so exit code 1
// ("error findings") is the expected outcome here; only 2 (usage/I/O) or worse fails.
import { spawnSync } from 'node:child_process';

const r = spawnSync(process.execPath, ['dist/topo.js', 'check', 'examples/checkout.topo'], { stdio: 'inherit' });
if (r.status === 1) {
  console.log('\n(topo check exits 1 on this example: it reports an error finding, the missed SLO. In CI that fails the build, as it should.)');
  process.exit(0);
}
process.exit(r.status ?? 2);
