/**
 * The differential suite (issue 3): Topo's exact engine against SCRAM 0.16.2's BDD engine on
 * generated topologies, through the whole pipeline (text → model → engine; model → MEF →
 * SCRAM). Agreement on U, the SPOFs and every minimal cut set up to order 3; brute force on
 * the small ones as a tie-breaker. Fails — never skips — when SCRAM is missing.
 *
 * TOPO_VERIFY_SEED=N shifts the seeds (default 1) to explore new models; TOPO_VERIFY_COUNT
 * sets how many (default 300).
 */
import { strict as assert } from 'node:assert';
import { compare, prepare, type Prepared } from './differential';
import { generateSystem, printSystem } from './generate';
import { runScramAll, scramVersion } from './scram';

const FIRST_SEED = Number(process.env.TOPO_VERIFY_SEED ?? 1);
const COUNT = Number(process.env.TOPO_VERIFY_COUNT ?? 300);

describe('engine vs SCRAM on generated topologies', function () {
  this.timeout(240_000);

  it(`agrees on U, SPOFs and cut sets up to order 3 for ${COUNT} models (seeds ${FIRST_SEED}…)`, async () => {
    assert.ok(scramVersion(), 'scram is not installed: run `bash scripts/setup-system.sh` (the suite must not skip)');
    const prepared: Prepared[] = [];
    for (let seed = FIRST_SEED; seed < FIRST_SEED + COUNT; seed++) {
      const p = prepare(seed, printSystem(generateSystem(seed)));
      assert.ok(p, `seed ${seed}: the generated text has no system`);
      prepared.push(p);
    }
    const withMef = prepared.filter((p) => p.mef);
    const reports = await runScramAll(withMef.map((p) => p.mef?.xml ?? ''), { limitOrder: 3 });
    const scramBySeed = new Map(withMef.map((p, i) => [p.seed, reports[i]?.tops.get(p.mef?.top ?? '')]));
    const failures = prepared.map((p) => ({ p, c: compare(p, scramBySeed.get(p.seed)) })).filter((x) => x.c.problems.length);
    const shown = failures.slice(0, 3).map(({ p, c }) => `seed ${p.seed}:\n  ${c.problems.join('\n  ')}\n${p.text}`);
    assert.equal(failures.length, 0, `${failures.length} of ${COUNT} models disagree (seeds ${failures.map((f) => f.p.seed).join(', ')})\n${shown.join('\n')}`);
    const compared = prepared.filter((p) => p.bruteU !== undefined).length;
    assert.ok(compared > COUNT / 4, `brute force covered only ${compared} models`);
  });
});
