/**
 * The CLI against hostile files and outputs (issue 21): sources whose size `stat` does not know
 * (/dev/zero, a FIFO fed forever) are read only up to the parser's limit, and an output that
 * cannot be written (/dev/full) ends the run with one line and exit 2, never a stack trace.
 * The built CLI runs as a child process, as a user meets it.
 */
import { strict as assert } from 'node:assert';
import { spawn, spawnSync, type StdioOptions } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { MAX_TEXT_LENGTH } from '../../grammar/src/index';
import { buildCli } from '../support/cli';

const root = resolve(__dirname, '../..');
const cli = join(root, 'dist/topo.js');
const example = join(root, 'examples/checkout.topo');
const dir = mkdtempSync(join(tmpdir(), 'topo-hostile-'));
/** GNU time, to read a run's peak memory; the memory assertions are skipped without it. */
const gnuTime = '/usr/bin/time';
/** Far above a normal run (~70 MB) and far below what an unbounded read of /dev/zero reaches in seconds. */
const MAX_RSS_KB = 400 * 1024;
/** Generous: a bounded read ends in well under a second. */
const TIMEOUT_MS = 20_000;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  /** Peak resident memory of the run, when GNU time measured it. */
  maxRssKb?: number;
}

/**
 * Runs `topo ARGS`, under GNU time when there is one; fails when it does not end within
 * TIMEOUT_MS. The run is its own process group, killed whole on a timeout: killing GNU time
 * alone would leave an unbounded topo reading on.
 */
async function topo(args: string[], stdio: StdioOptions = 'pipe'): Promise<Run> {
  const timed = existsSync(gnuTime);
  const rssFile = join(dir, 'rss.txt');
  const [command, argv] = timed ? [gnuTime, ['-q', '-f', '%M', '-o', rssFile, process.execPath, cli, ...args]] : [process.execPath, [cli, ...args]];
  const child = spawn(command, argv, { cwd: root, stdio, detached: true });
  let stdout = '';
  let stderr = '';
  // Decoded as streams: a chunk of a pipe may end inside a character.
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    process.kill(-child.pid!, 'SIGKILL');
  }, TIMEOUT_MS);
  const status: number | null = await new Promise((res) => child.on('close', res));
  clearTimeout(timer);
  assert.ok(!timedOut, `topo ${args.join(' ')} did not finish within ${TIMEOUT_MS} ms`);
  const run: Run = { status, stdout, stderr };
  if (timed) run.maxRssKb = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop());
  return run;
}

/** No JavaScript stack trace reaches the user. */
function assertNoStack(r: Run): void {
  for (const out of [r.stdout, r.stderr]) assert.doesNotMatch(out, /^\s+at /m, `stack trace in output:\n${out.slice(0, 2000)}`);
}

function assertBoundedMemory(r: Run): void {
  if (r.maxRssKb === undefined) return;
  assert.ok(Number.isFinite(r.maxRssKb), 'GNU time reported the peak memory');
  assert.ok(r.maxRssKb < MAX_RSS_KB, `peak memory ${r.maxRssKb} kB, over ${MAX_RSS_KB} kB`);
}

const LIMIT_MESSAGE = /:1:1 error limit the file has too many characters, over Topo's limit of 1,048,576: split it into several files/;

describe('cli: hostile inputs and outputs (issue 21)', () => {
  before(function () {
    this.timeout(120_000);
    buildCli();
  });

  describe('a source with no size to stat is read only up to the limit', () => {
    it('check /dev/zero: the limit diagnostic, exit 1, promptly and in bounded memory', async () => {
      const r = await topo(['check', '/dev/zero']);
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stdout, LIMIT_MESSAGE);
      assert.match(r.stdout, /^\/dev\/zero: 1 error$/m);
      assertBoundedMemory(r);
      assertNoStack(r);
    });

    it('check --format json /dev/zero: the limit diagnostic in the file\'s diagnostics', async () => {
      const r = await topo(['check', '--format', 'json', '/dev/zero']);
      assert.equal(r.status, 1, r.stderr);
      const out = JSON.parse(r.stdout) as { files: { file: string; diagnostics: { code: string; message: string }[] }[] };
      assert.deepEqual(out.files[0]!.diagnostics.map((d) => d.code), ['limit']);
      assert.match(out.files[0]!.diagnostics[0]!.message, /over Topo's limit of 1,048,576/);
    });

    for (const args of [['simulate', '/dev/zero', '--fail', 'x'], ['montecarlo', '/dev/zero'], ['export', '--format', 'mef', '/dev/zero']]) {
      it(`${args.join(' ')}: the limit diagnostic, exit 1, in bounded memory`, async () => {
        const r = await topo(args);
        assert.equal(r.status, 1, r.stdout + r.stderr);
        assert.match(r.stderr, LIMIT_MESSAGE);
        assertBoundedMemory(r);
        assertNoStack(r);
      });
    }

    it('diagram /dev/zero: the diagram of what could be read (none), naming the error, in bounded memory', async () => {
      const out = join(dir, 'zero.svg');
      const r = await topo(['diagram', '/dev/zero', '-o', out]);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stderr, /diagram of 0 systems written; \/dev\/zero: 1 error/);
      assertBoundedMemory(r);
    });

    it('check FIFO fed forever: the limit diagnostic, exit 1, in bounded memory', async () => {
      const fifo = join(dir, 'endless.topo');
      assert.equal(spawnSync('mkfifo', [fifo]).status, 0, 'mkfifo');
      // `yes` writes for ever; it ends on SIGPIPE once topo closes the FIFO, or when killed below.
      const writer = spawn('sh', ['-c', 'exec yes "system s { layer l { node n { availability 99% } } }" > "$1"', 'sh', fifo], { stdio: 'ignore' });
      const writerClosed = new Promise((res) => writer.on('close', res));
      try {
        const r = await topo(['check', fifo]);
        assert.equal(r.status, 1, r.stderr);
        assert.match(r.stdout, LIMIT_MESSAGE);
        assertBoundedMemory(r);
        assertNoStack(r);
      } finally {
        writer.kill('SIGKILL');
        await writerClosed;
      }
    });
  });

  describe('a regular file is read as before', () => {
    it(`exactly ${MAX_TEXT_LENGTH.toLocaleString('en-US')} characters of three-byte UTF-8 and a byte-order mark: no limit`, async () => {
      const system = 'system s { layer l { node n { availability 99% } } }\n';
      const comment = '# ' + '€'.repeat(MAX_TEXT_LENGTH - system.length - 3) + '\n';
      assert.equal(system.length + comment.length, MAX_TEXT_LENGTH);
      const p = join(dir, 'at-limit.topo');
      writeFileSync(p, '\ufeff' + system + comment);
      const r = await topo(['check', '--format', 'json', p]);
      const out = JSON.parse(r.stdout) as { files: { diagnostics: { code: string }[]; systems: { name: string }[] }[] };
      assert.deepEqual(out.files[0]!.diagnostics.map((d) => d.code).filter((c) => c === 'limit' || c === 'syntax'), []);
      assert.deepEqual(out.files[0]!.systems.map((s) => s.name), ['s']);
      // One character more is over.
      writeFileSync(p, '\ufeff' + system + comment + '€');
      assert.match((await topo(['check', p])).stdout, LIMIT_MESSAGE);
    });

    it('a name split across reads comes out whole', async () => {
      // 200 kB of two- and three-byte characters: whatever the size of a read, some end inside one.
      const name = 'é節'.repeat(40_000);
      const p = join(dir, 'split-name.topo');
      writeFileSync(p, `system ${name} { layer l { node n { availability 99% } } }\n`);
      const r = await topo(['check', '--format', 'json', p]);
      const out = JSON.parse(r.stdout) as { files: { diagnostics: { code: string }[]; systems: { name: string }[] }[] };
      assert.deepEqual(out.files[0]!.systems.map((s) => s.name), [name]);
      assert.ok(!out.files[0]!.diagnostics.some((d) => d.code === 'syntax'));
    });
  });

  describe('an output that cannot be written: one line, exit 2', () => {
    const cases: [string, string[]][] = [
      ['check', ['check', example]],
      ['check', ['check', '--format', 'json', example]],
      ['simulate', ['simulate', example, '--fail', 'db-primary']],
      ['montecarlo', ['montecarlo', example, '--years', '100']],
    ];
    for (const [command, args] of cases) {
      it(`${args.join(' ')} > /dev/full`, async () => {
        const full = openSync('/dev/full', 'w');
        try {
          const r = await topo(args, ['ignore', full, 'pipe']);
          assert.equal(r.status, 2, r.stderr);
          assert.equal(r.stderr, `topo ${command}: cannot write the output: no space left on device (ENOSPC)\n`);
          assertNoStack(r);
        } finally {
          closeSync(full);
        }
      });
    }

    it('check 2> /dev/full: exit 2 (nothing can say why)', async () => {
      const full = openSync('/dev/full', 'w');
      try {
        const r = await topo(['check', join(dir, 'missing.topo')], ['ignore', 'pipe', full]);
        assert.equal(r.status, 2);
        assert.equal(r.stdout, '');
      } finally {
        closeSync(full);
      }
    });

    for (const [command, args] of [['diagram', ['diagram', example, '-o']], ['export', ['export', '--format', 'mef', example, '-o']]] as const) {
      it(`${command} -o a file on a full device`, async () => {
        const out = join(dir, `full-${command}.svg`);
        if (!existsSync(out)) symlinkSync('/dev/full', out);
        const r = await topo([...args, out]);
        assert.equal(r.status, 2, r.stderr);
        assert.match(r.stderr, new RegExp(`^topo ${command}: cannot write ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: no space left on device \\(ENOSPC\\)$`, 'm'));
        assertNoStack(r);
      });
    }
  });
});
