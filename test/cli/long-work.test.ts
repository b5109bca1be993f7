/**
 * Long work on the command line (issue 21, item 9): progress on stderr with the time left (a bar
 * on a terminal, a line every few seconds otherwise) and Ctrl-C stopping a run with the result
 * so far. The reporter is driven with a fake clock; the stop is a real SIGINT to a real run.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { EXIT_INTERRUPTED, progressReporter, runSliced } from '../../server/src/cli/long-work';
import type { CliIo } from '../../server/src/cli/io';
import { buildCli } from '../support/cli';

const ROOT = join(__dirname, '..', '..');
const EXAMPLE = join(ROOT, 'examples', 'checkout.topo');

function fakeIo(errIsTTY: boolean): CliIo & { errText: () => string } {
  let err = '';
  return { out: () => undefined, err: (t) => void (err += t), isTTY: false, errIsTTY, errText: () => err };
}

describe('cli: long work', () => {
  describe('progress, not on a terminal: a line every 5 s with the time left', () => {
    it('says nothing for a run shorter than 5 s, not even at the end', () => {
      let t = 0;
      const io = fakeIo(false);
      const p = progressReporter(io, 'topo montecarlo', 1000, 'years', () => t);
      for (t = 0; t <= 4900; t += 100) p.update(t / 5000);
      p.done();
      assert.equal(io.errText(), '');
    });

    it('writes a line every 5 s, with what is done, the time so far and an estimate of the time left', () => {
      let t = 0;
      const io = fakeIo(false);
      const p = progressReporter(io, 'topo montecarlo', 100_000, 'years', () => t);
      // 1% a second: 100 s in all.
      for (t = 0; t <= 12_000; t += 250) p.update(t / 100_000);
      p.done();
      assert.deepEqual(io.errText().split('\n'), [
        'topo montecarlo: 5% (5,000 / 100,000 years), 5s so far, about 1m 35s left',
        'topo montecarlo: 10% (10,000 / 100,000 years), 10s so far, about 1m 30s left',
        'topo montecarlo: 12% done in 12s',
        '',
      ]);
    });
  });

  describe('progress on a terminal: one line redrawn', () => {
    it('a bar with the share, the count and the time left, redrawn at most every 100 ms, ended by a newline', () => {
      let t = 0;
      const io = fakeIo(true);
      const p = progressReporter(io, 'topo montecarlo', 200, 'cycles', () => t);
      for (t = 0; t <= 1000; t += 10) p.update(t / 2000);
      p.done();
      const draws = io.errText().split('\r').filter(Boolean);
      assert.equal(draws.length, 11, 'every 100 ms from the first update');
      // Half done in 1 s: about 1 s left.
      assert.equal(draws[10], '[###############...............]  50%  100 / 200 cycles  about 1s left\x1b[K\n');
      assert.equal(draws[0], '[..............................]   0%  0 / 200 cycles\x1b[K');
    });

    it('names are escaped on the bar (the unit comes from the caller)', () => {
      const io = fakeIo(true);
      progressReporter(io, 'x', 10, 'years\x1b]0;pwned\x07', () => 0).update(0.5);
      const shown = io.errText().split('\x1b[K').join('');
      assert.ok(!shown.includes('\x1b') && !shown.includes('\x07'), JSON.stringify(shown));
      assert.match(shown, /years\\x1b\]0;pwned\\x07/);
    });
  });

  describe('runSliced', () => {
    it('runs until the work is done, with slices that grow while they are quick', async () => {
      const sizes: number[] = [];
      let left = 1000;
      const done = await runSliced((n) => {
        sizes.push(n);
        left -= n;
        return left <= 0;
      }, 1, () => false);
      assert.equal(done, true);
      assert.deepEqual(sizes.slice(0, 4), [1, 2, 4, 8]);
    });

    it('stops after the slice in which it is asked to, and says it did not finish', async () => {
      let slices = 0;
      const done = await runSliced(() => ++slices > 1000, 1, () => slices === 3);
      assert.equal(done, false);
      assert.equal(slices, 3);
    });
  });

  describe('Ctrl-C on a real run: the result so far, exit 130', function () {
    this.timeout(120_000);
    before(() => buildCli());

    /** Runs `topo ARGS`, waits for its first progress line on stderr, then sends SIGINT. */
    function interrupted(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
      return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [join(ROOT, 'dist', 'topo.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        let sent = false;
        const killer = setTimeout(() => child.kill('SIGKILL'), 90_000);
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr.on('data', (d: Buffer) => {
          err += d.toString();
          if (!sent && /left\n/.test(err)) {
            sent = true;
            child.kill('SIGINT');
          }
        });
        child.on('error', reject);
        child.on('close', (code) => {
          clearTimeout(killer);
          resolve({ code, out, err });
        });
      });
    }

    for (const workers of ['1', '2']) {
      it(`montecarlo --workers ${workers}: progress lines, then the figures of the years simulated`, async () => {
        const r = await interrupted(['montecarlo', EXAMPLE, '--years', '100000000', '--workers', workers]);
        assert.equal(r.code, EXIT_INTERRUPTED, r.err);
        assert.match(r.err, /^topo montecarlo: \d+% \([\d,]+ \/ 100,000,000 years\), 5s so far, about .+ left$/m);
        assert.match(r.err, /stopping at the end of this slice, with the result so far/);
        const years = /Monte Carlo over ([\d,.]+) years/.exec(r.out)?.[1];
        assert.ok(years, r.out);
        assert.match(r.out, new RegExp(`stopped before its end: ${years.replace(/\./g, '\\.')} of 100,000,000 years simulated`));
        const u = Number(/unavailability\s+(\S+)/.exec(r.out)?.[1]);
        // The example's U is 6.115e-4: a few hundred thousand years put the estimate close to it.
        assert.ok(Math.abs(u - 6.115e-4) / 6.115e-4 < 0.05, `U ${u}`);
      });
    }

    it('montecarlo --method importance --format json: the cycles done, and stopped.requestedCycles', async () => {
      const r = await interrupted(['montecarlo', EXAMPLE, '--method', 'importance', '--cycles', '1000000000', '--format', 'json']);
      assert.equal(r.code, EXIT_INTERRUPTED, r.err);
      const json = JSON.parse(r.out) as { cycles: number; stopped?: { requestedCycles: number }; unavailability: { mean: number } };
      assert.deepEqual(json.stopped, { requestedCycles: 1_000_000_000 });
      assert.ok(json.cycles > 0 && json.cycles < 1_000_000_000);
      assert.ok(Math.abs(json.unavailability.mean - 6.115e-4) / 6.115e-4 < 0.1, String(json.unavailability.mean));
    });
  });
});
