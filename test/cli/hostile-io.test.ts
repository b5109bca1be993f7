/**
 * The CLI reads a regular file as before now that every read is bounded (issue 21, item 1): a file
 * of exactly the limit in three-byte UTF-8 behind a byte-order mark is not over it, one character
 * more is, and a name split across reads comes out whole. The hostile sources and outputs
 * themselves (/dev/zero, a FIFO fed forever, /dev/full, a directory or a missing directory as
 * the output) are rows of the corpus, hostile-corpus.test.ts. The built CLI runs as a child
 * process, as a user meets it.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_TEXT_LENGTH } from '../../grammar/src/index';
import { assertBounded, assertNoStackTrace, buildCli, measuredTopoCli, type MeasuredRun } from '../support/cli';

const dir = mkdtempSync(join(tmpdir(), 'topo-hostile-'));
/** Generous: a bounded read ends in well under a second. */
const TIMEOUT_MS = 20_000;

/** Runs `topo ARGS`; fails when it does not end within TIMEOUT_MS or in bounded memory, or shows a stack trace. */
async function topo(args: string[]): Promise<MeasuredRun> {
  const run = await measuredTopoCli(args, { timeoutMs: TIMEOUT_MS });
  assertBounded(run, `topo ${args.join(' ')}`);
  assertNoStackTrace(run, `topo ${args.join(' ')}`);
  return run;
}

const LIMIT_MESSAGE = /:1:1 error limit the file has too many characters, over Topo's limit of 1,048,576: split it into several files/;

describe('cli: a regular file is read as before, every read bounded (issue 21)', () => {
  before(function () {
    this.timeout(120_000);
    buildCli();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  describe('a regular file is read as before', () => {
    it(`exactly ${MAX_TEXT_LENGTH.toLocaleString('en-US')} characters of three-byte UTF-8 and a byte-order mark: no limit`, async () => {
      const system = 'system s { layer l { node n { availability 99% } } }\n';
      const comment = '# ' + '€'.repeat(MAX_TEXT_LENGTH - system.length - 3) + '\n';
      assert.equal(system.length + comment.length, MAX_TEXT_LENGTH);
      const p = join(dir, 'at-limit.topo');
      writeFileSync(p, '\ufeff' + system + comment);
      const r = await topo(['check', '--format', 'json', p]);
      const out = JSON.parse(r.out) as { files: { diagnostics: { code: string }[]; systems: { name: string }[] }[] };
      assert.deepEqual(out.files[0]!.diagnostics.map((d) => d.code).filter((c) => c === 'limit' || c === 'syntax'), []);
      assert.deepEqual(out.files[0]!.systems.map((s) => s.name), ['s']);
      // One character more is over.
      writeFileSync(p, '\ufeff' + system + comment + '€');
      assert.match((await topo(['check', p])).out, LIMIT_MESSAGE);
    });

    it('a name split across reads comes out whole', async () => {
      // 200 kB of two- and three-byte characters: whatever the size of a read, some end inside one.
      const name = 'é節'.repeat(40_000);
      const p = join(dir, 'split-name.topo');
      writeFileSync(p, `system ${name} { layer l { node n { availability 99% } } }\n`);
      const r = await topo(['check', '--format', 'json', p]);
      const out = JSON.parse(r.out) as { files: { diagnostics: { code: string }[]; systems: { name: string }[] }[] };
      assert.deepEqual(out.files[0]!.systems.map((s) => s.name), [name]);
      assert.ok(!out.files[0]!.diagnostics.some((d) => d.code === 'syntax'));
    });
  });
});
