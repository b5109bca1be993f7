// The action's diff step (action.yml): `topo diff BASE HEAD` over every .topo file of the
// repository at the pull request's base and head, as Markdown. The Markdown is written to
// MARKDOWN and appended to the job summary (GITHUB_STEP_SUMMARY); the step's outputs
// (GITHUB_OUTPUT) are `markdown` (the file) and `gate` (`passed`, or `failed` when a FAIL_ON
// condition tripped: the step then fails, after the summary is written, with the reasons).
// A base commit missing from a shallow clone is fetched once.
import { spawnSync } from 'node:child_process';
import { appendFileSync, writeFileSync } from 'node:fs';

const { TOPO: topo, BASE: base, HEAD: head, FAIL_ON: failOn = '', MARKDOWN: markdown = 'topo-diff.md' } = process.env;
if (!topo || !base || !head) {
  console.error('topo action: TOPO, BASE and HEAD must be set (the pull request\'s base and head commits)');
  process.exit(2);
}

const git = (...args) => spawnSync('git', args, { encoding: 'utf8' });
const hasCommit = (rev) => git('cat-file', '-e', `${rev}^{commit}`).status === 0;
for (const rev of [base, head]) {
  if (hasCommit(rev)) continue;
  git('fetch', '--no-tags', '--depth=1', 'origin', rev);
  if (!hasCommit(rev)) {
    console.error(`topo action: commit ${rev} is not in the clone; check out with \`fetch-depth: 0\``);
    process.exit(2);
  }
}

const args = [topo, 'diff', base, head, '--format', 'markdown', ...(failOn.trim() ? ['--fail-on', failOn.trim()] : [])];
const run = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
if (run.status !== 0 && run.status !== 1) {
  process.stderr.write(run.stderr ?? '');
  process.exit(2);
}
writeFileSync(markdown, run.stdout);
if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, `${run.stdout}\n`);
const gate = run.status === 1 ? 'failed' : 'passed';
if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, `markdown=${markdown}\ngate=${gate}\n`);
process.stdout.write(run.stdout);
if (gate === 'failed') {
  // One annotation per reason, so the check's page lists them.
  for (const line of (run.stderr ?? '').split('\n').filter(Boolean)) console.log(`::error title=topo diff::${line.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}`);
  process.exit(1);
}
