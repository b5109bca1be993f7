/**
 * `topo diff` on hostile input: seeded mutations of the spec's example (truncations, deleted and
 * duplicated lines, bytes that are not UTF-8, control characters and bidirectional overrides in
 * names, deep nesting, huge replicas, a binary file, an empty file) diffed against the example,
 * both ways, in every format and with the gate. Each run ends in bounded time and memory, with
 * exit 0 or 1 (the gate) — never 2 for a file that exists —, no stack trace, and output that
 * parses (JSON) or is escaped for the terminal (text).
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertBounded, assertNoStackTrace, buildCli, measuredTopoCli, pool } from '../support/cli';
import { Random } from '../support/random';
import { assertTerminalSafe } from '../support/terminal';

const ROOT = join(__dirname, '..', '..');
const EXAMPLE = readFileSync(join(ROOT, 'examples', 'checkout.topo'), 'utf8');
const CASES = 24;

/** One hostile variant of the example, by seed. */
function mutate(seed: number): string | Buffer {
  const rnd = new Random(seed);
  const lines = EXAMPLE.split('\n');
  switch (seed % 8) {
    case 0: return EXAMPLE.slice(0, rnd.int(0, EXAMPLE.length));
    case 1: return lines.filter(() => !rnd.chance(0.2)).join('\n');
    case 2: return lines.flatMap((l) => (rnd.chance(0.2) ? [l, l] : [l])).join('\n');
    case 3: return Buffer.concat([Buffer.from(EXAMPLE.slice(0, 200)), Buffer.from([0xff, 0xfe, 0x00, 0xc3]), Buffer.from(EXAMPLE.slice(200))]);
    case 4: return EXAMPLE.replace('system checkout', 'system "ev\\u001b[31mil\u202e|<b>*x*"').replace('node lb1', 'node lb\u0007one');
    case 5: return `system deep ${'{ layer l '.repeat(rnd.int(60, 200))}`;
    case 6: return EXAMPLE.replace('replicas 4', `replicas ${rnd.pick(['4000000', '999999999999', '0'])}`);
    default: return rnd.chance(0.5) ? '' : Buffer.from(Array.from({ length: 4096 }, () => rnd.int(0, 255)));
  }
}

describe('topo diff on hostile input', function () {
  this.timeout(300_000);
  let dir: string;
  before(() => {
    buildCli();
    dir = mkdtempSync(join(tmpdir(), 'topo-diff-hostile-'));
    writeFileSync(join(dir, 'clean.topo'), EXAMPLE);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it(`${CASES} seeded mutations of the example, both ways, in every format and with the gate`, async () => {
    const jobs = Array.from({ length: CASES }, (_, seed) => async () => {
      const bad = join(dir, `bad-${seed}.topo`);
      writeFileSync(bad, mutate(seed));
      const clean = join(dir, 'clean.topo');
      for (const [old, next] of [[clean, bad], [bad, clean]] as const) {
        for (const format of ['text', 'json', 'markdown']) {
          const run = await measuredTopoCli(['diff', old, next, '--format', format, '--fail-on', 'new-error,new-spof,availability-drop=0.01%'], { timeoutMs: 60_000 });
          const label = `seed ${seed} (${seed % 8}), ${old === clean ? 'clean → bad' : 'bad → clean'}, ${format}`;
          assertBounded(run, label);
          assertNoStackTrace(run, label);
          assert.ok(run.code === 0 || run.code === 1, `${label}: exit ${run.code}\n${run.err.slice(0, 500)}`);
          if (format === 'json') JSON.parse(run.out);
          else assertTerminalSafe(run.out, label);
          assertTerminalSafe(run.err, label);
        }
      }
    });
    await pool(jobs, 2);
  });
});
