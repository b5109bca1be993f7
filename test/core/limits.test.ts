/** The option limits every adapter applies (server/src/core/limits.ts), and the extension's settings that must match them. */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkOption, LIMITS } from '../../server/src/core/limits';

describe('option limits', () => {
  it('accepts whole numbers within the bounds and says why it refuses the others', () => {
    assert.deepEqual(checkOption('years', 1), { ok: true, value: 1 });
    assert.deepEqual(checkOption('years', 1e8), { ok: true, value: 1e8 });
    for (const bad of [0, 1e8 + 1, 1.5, Number.NaN, Infinity, '10', undefined, null]) assert.equal(checkOption('years', bad).ok, false, String(bad));
    assert.deepEqual(checkOption('seed', -1), { ok: false, error: 'seed must be a whole number from 0 to 4,294,967,295, not -1' });
    assert.deepEqual(checkOption('maxOrder', '3'), { ok: false, error: "maxOrder must be a whole number from 1 to 6, not '3'" });
  });

  it("the extension's settings declare the same bounds and defaults", () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, { minimum?: number; maximum?: number; default?: number }> } } };
    const settings = pkg.contributes.configuration.properties;
    const order = settings['topo.maxCutSetOrder']!;
    assert.deepEqual([order.minimum, order.maximum, order.default], [LIMITS.maxOrder.min, LIMITS.maxOrder.max, LIMITS.maxOrder.default]);
    const years = settings['topo.monteCarlo.years']!;
    assert.deepEqual([years.minimum, years.maximum], [LIMITS.years.min, LIMITS.years.max]);
    assert.ok(years.default! >= LIMITS.years.min && years.default! <= LIMITS.years.max);
    const seed = settings['topo.monteCarlo.seed']!;
    assert.deepEqual([seed.minimum, seed.maximum, seed.default], [LIMITS.seed.min, LIMITS.seed.max, LIMITS.seed.default]);
  });
});
