import { strict as assert } from 'node:assert';
import { analyseDocument } from '../../../server/src/core/pipeline';
import { compileStructure, monteCarlo, RegenerativeImportanceSampler } from '../../../server/src/core/simulation/index';
import type { SystemModel } from '../../../server/src/core/model/types';
import { modelOf } from './helpers';
import { agreementWithExact, assertAgreement } from './agreement';

function sample(model: SystemModel, cycles: number, seed: number, analytic = NaN) {
  const sampler = new RegenerativeImportanceSampler(compileStructure(model), { cycles, seed });
  while (!sampler.run(997));
  return sampler.result(analytic);
}

// Two redundant layers of very reliable nodes: U ≈ 3·U_app² + U_db² = 4e-8, from double failures only.
const rare = 'system rare {\n  layer app { min 2 node app { availability 99.99% replicas 3 } }\n  layer db { node db { availability 99.99% replicas 2 } }\n}\n';

describe('importance sampling (regenerative, balanced failure biasing)', () => {
  it('a design whose downtime needs two failures: the exact U inside a tight interval, where plain Monte Carlo sees little', () => {
    const doc = analyseDocument(rare);
    const exact = doc.systems[0]?.analysis?.unavailability;
    assert.ok(exact !== undefined && Math.abs(exact / 4e-8 - 1) < 0.01);
    const r = sample(modelOf(rare), 20_000, 1, exact);
    const [low, high] = r.unavailability.ci95;
    assert.ok(low <= exact && exact <= high, JSON.stringify(r.unavailability));
    assert.ok((high - low) / 2 / r.unavailability.mean < 0.2, 'a usable interval');
    assert.equal(r.warning, undefined);
    // Plain Monte Carlo over the same simulated time: an interval several times as wide.
    const plain = monteCarlo(modelOf(rare), { years: Math.round(r.equivalentYears), seed: 1 });
    const plainHalf = (plain.unavailability.ci95[1] - plain.unavailability.ci95[0]) / 2;
    assert.ok(plainHalf > 2 * ((high - low) / 2), `plain ±${plainHalf}, IS ±${(high - low) / 2}`);
  });

  it('is deterministic by seed and interleavable', () => {
    const model = modelOf(rare);
    const a = sample(model, 3000, 4);
    const sampler = new RegenerativeImportanceSampler(compileStructure(model), { cycles: 3000, seed: 4 });
    let chunks = 0;
    while (!sampler.run(100)) chunks++;
    assert.ok(chunks >= 29);
    assert.deepEqual(sampler.result(), a);
    assert.notEqual(sample(model, 3000, 5).unavailability.mean, a.unavailability.mean);
  });

  // The same 32 systems and rule as the Monte Carlo's agreement (montecarlo.test.ts, agreement.ts);
  // 60,000 cycles give intervals of about ±2–15%, wider than plain Monte Carlo's on these designs,
  // which are not rare-event ones.
  it('agrees with the exact engine on generated topologies (revision 2: no more than the expected share outside)', function () {
    this.timeout(120_000);
    const a = agreementWithExact('IS', 32, (_model, seed, structure) => {
      const sampler = new RegenerativeImportanceSampler(structure, { cycles: 60_000, seed });
      while (!sampler.run(10_000));
      return sampler.result();
    });
    assertAgreement(a, 32);
  });
});
