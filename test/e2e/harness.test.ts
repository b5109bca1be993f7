// Unit tests of the e2e harness's pure parts (run by the main mocha suite; they start nothing).
import * as assert from 'node:assert/strict';
import { GiveUp, pollUntil } from './harness/poll';
import { packageFlags } from './harness/vsix';

describe('e2e harness', () => {
  describe('packageFlags', () => {
    const cases: [string | undefined, string[]][] = [
      [undefined, ['--no-dependencies']],
      ['npm run build && vsce package --no-dependencies -o dist/topo.vsix', ['--no-dependencies']],
      ['npm run build && vsce package --baseContentUrl https://x/y --out dist/t.vsix && echo done', ['--no-dependencies', '--baseContentUrl', 'https://x/y']],
      ['vsce package --out=a.vsix --githubBranch main', ['--no-dependencies', '--githubBranch', 'main']],
    ];
    for (const [script, expected] of cases) {
      it(`${script ?? '(no package script)'} → ${expected.join(' ')}`, () => {
        assert.deepEqual(packageFlags(script), expected);
      });
    }
  });

  describe('pollUntil', () => {
    it('returns the first value the probe accepts', async () => {
      let calls = 0;
      const value = await pollUntil('three calls', async () => (++calls >= 3 ? calls : undefined), { timeoutMs: 5000, intervalMs: 1 });
      assert.equal(value, 3);
    });

    it('treats a throwing probe as "not yet"', async () => {
      let calls = 0;
      const value = await pollUntil(
        'a probe that throws once',
        async () => {
          if (++calls === 1) throw new Error('DOM mid-update');
          return 'ready';
        },
        { timeoutMs: 5000, intervalMs: 1 },
      );
      assert.equal(value, 'ready');
    });

    it('times out naming what it waited for and what it last saw', async () => {
      await assert.rejects(
        pollUntil('the moon', async () => false, { timeoutMs: 30, intervalMs: 5 }, async () => 'only clouds'),
        (error: Error) => /waiting for the moon/.test(error.message) && /last seen: only clouds/.test(error.message),
      );
    });

    it('stops at once on GiveUp', async () => {
      const started = Date.now();
      await assert.rejects(
        pollUntil('a dead process', async () => {
          throw new GiveUp('code-server exited with 1');
        }, { timeoutMs: 10_000 }),
        /code-server exited with 1/,
      );
      assert.ok(Date.now() - started < 5000);
    });
  });
});
