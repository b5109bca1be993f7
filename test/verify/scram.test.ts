/**
 * The structural differential suite (issue 3): Topo's exact engine against SCRAM 0.16.2's BDD
 * engine on generated topologies, through the whole pipeline (text → model → engine; model →
 * MEF → SCRAM). The MEF carries the structure only (spec section 3, revision 2), so SCRAM is
 * compared with `structuralUnavailability` — of the system, and of each layer and site through
 * probe top events; the failover windows are checked against brute force in
 * `failover-windows.test.ts`. One test per property, so a failure says what disagrees. Fails —
 * never skips — when SCRAM is missing.
 *
 * TOPO_VERIFY_SEED=N shifts the seeds (default 1) to explore new models; TOPO_VERIFY_COUNT
 * sets how many (default 300).
 */
import { strict as assert } from 'node:assert';
import { compareWithScram, prepare, type Aspect, type Comparison, type Prepared } from './differential';
import { generateSystem, printSystem } from './generate';
import { runScramAll, scramVersion } from './scram';

const FIRST_SEED = Number(process.env.TOPO_VERIFY_SEED ?? 1);
const COUNT = Number(process.env.TOPO_VERIFY_COUNT ?? 300);

describe(`engine vs SCRAM on ${COUNT} generated topologies (seeds ${FIRST_SEED}…)`, function () {
  this.timeout(240_000);
  const prepared = new Map<number, Prepared>();
  const comparisons: Comparison[] = [];

  before(async () => {
    assert.ok(scramVersion(), 'scram is not installed: run `bash scripts/setup-system.sh` (the suite must not skip)');
    for (let seed = FIRST_SEED; seed < FIRST_SEED + COUNT; seed++) {
      const p = prepare(seed, printSystem(generateSystem(seed)));
      assert.ok(p, `seed ${seed}: the generated text has no system`);
      prepared.set(seed, p);
    }
    const withMef = [...prepared.values()].filter((p) => p.mef);
    const reports = await runScramAll(withMef.map((p) => p.mef?.xml ?? ''), { limitOrder: 3, importance: true });
    const reportBySeed = new Map(withMef.map((p, i) => [p.seed, reports[i]]));
    for (const p of prepared.values()) {
      const tops = reportBySeed.get(p.seed)?.tops ?? new Map();
      comparisons.push(compareWithScram(p, tops.get(p.mef?.top ?? ''), tops));
    }
  });

  /** Fails with the first reproductions (seed, problems, .topo text) of one aspect. */
  const expectAgreement = (aspect: Aspect): void => {
    const failures = comparisons.map((c) => ({ seed: c.seed, problems: c.problems.filter((x) => x.aspect === aspect) })).filter((c) => c.problems.length);
    const shown = failures.slice(0, 3).map((f) => `seed ${f.seed}:\n  ${f.problems.map((x) => x.message).join('\n  ')}\n${prepared.get(f.seed)?.text ?? ''}`);
    assert.equal(failures.length, 0, `${failures.length} of ${COUNT} models disagree (seeds ${failures.map((f) => f.seed).join(', ')})\n${shown.join('\n')}`);
  };

  it('every model is valid, analysed exactly and exported', () => expectAgreement('setup'));
  it('agrees on U_struct (SCRAM to 6 digits)', () => expectAgreement('unavailability'));
  it("agrees on each layer's and each site's own U_struct", () => expectAgreement('parts'));
  it('agrees on the SPOFs and every minimal cut set up to order 3', () => expectAgreement('structure'));
  it("agrees with SCRAM's MIF on Birnbaum importance", () => expectAgreement('importance'));
});
