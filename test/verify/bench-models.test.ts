/**
 * Issue 13: the models `npm run bench` times are computed exactly. Each bench model's U (and its
 * two parts) against the domain-conditioned reference (`conditioned.ts`), which enumerates the
 * zones and regions and evaluates every layer as the spec words it; the reference itself is
 * checked against the brute-force reference on long paths small enough for both.
 */
import { strict as assert } from 'node:assert';
import { analyseSystem } from '../../server/src/core/analysis/index';
import { bruteForce } from './brute-force';
import { conditionedReference } from './conditioned';
import { benchModels, generateLayered } from './generate';
import { modelOf } from '../support/model';

/** The engine is within 1e-10 of U; the reference sums in another order. */
const RELATIVE = 1e-9;

function close(actual: number, expected: number, slack: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= RELATIVE * expected + slack, `${what}: ${actual} vs ${expected}`);
}

describe('bench models: U against the domain-conditioned reference', function () {
  this.timeout(120_000);

  it('the reference agrees with the brute-force one on long paths small enough for both', () => {
    const shapes = [[3, 2, 1, 2], [3, 3, 1, 2], [3, 3, 0, 3], [6, 2, 1, 1], [4, 2, 2, 2]] as const;
    for (const [layers, zones, regions, replicas] of shapes) {
      const system = modelOf(generateLayered({ layers, zones, regions, replicas }));
      const reference = conditionedReference(system);
      const brute = bruteForce(system, 22)!.system!;
      const label = `${layers} layers, ${zones} zones, ${regions} regions, ${replicas} replicas`;
      close(reference.structural, brute.structuralUnavailability, reference.errorBound, `${label}: U_struct`);
      close(reference.windows, brute.failoverUnavailability, reference.errorBound, `${label}: windows`);
    }
  });

  for (const model of benchModels()) {
    it(`${model.label}: U, U_struct and the windows' term`, () => {
      const system = modelOf(model.text);
      const reference = conditionedReference(system);
      const a = analyseSystem(system, { maxOrder: 1, detail: 'diagnostics' })!;
      assert.equal(a.unavailabilityExact, true, model.label);
      assert.ok(reference.windows > 0.01 * reference.unavailability, `${model.label}: the windows matter`);
      close(a.structuralUnavailability, reference.structural, reference.errorBound, `${model.label}: U_struct`);
      close(a.failoverUnavailability, reference.windows, reference.errorBound, `${model.label}: windows`);
      close(a.unavailability, reference.unavailability, reference.errorBound, `${model.label}: U`);
    });
  }
});
