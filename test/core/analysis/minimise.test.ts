/**
 * `minimise` keys small sets by numbers (two bases, chosen by the largest id) and larger ones by
 * strings: checked against a brute-force subset test on random families, ids small and large.
 */
import { strict as assert } from 'node:assert';
import { minimise } from '../../../server/src/core/analysis/cut-sets';
import { Random } from '../../support/random';

/** The sets of `family` that contain no other (and the first of equal ones), shortest first. */
function bruteMinimise(family: number[][]): number[][] {
  const sorted = [...family].sort((a, b) => a.length - b.length);
  const out: number[][] = [];
  for (const c of sorted) if (!out.some((d) => d.every((x) => c.includes(x)))) out.push(c);
  return out;
}

function randomFamily(random: Random, ids: number[]): number[][] {
  const family: number[][] = [];
  const count = random.int(1, 40);
  for (let i = 0; i < count; i++) {
    const set = new Set<number>();
    const size = random.int(1, 5);
    while (set.size < size) set.add(random.pick(ids));
    family.push([...set].sort((a, b) => a - b));
  }
  return family;
}

describe('minimise (cut sets)', () => {
  for (const [name, ids] of [
    ['small ids (base 2^10 keys)', [0, 1, 2, 3, 5, 8, 13, 1021]],
    ['ids past 2^10 (base 2^17 keys)', [0, 1, 2, 1022, 1023, 1024, 5000, 131070]],
    ['ids past 2^17 (string keys)', [0, 1, 131070, 131071, 131072, 200000]],
  ] as [string, number[]][]) {
    it(`keeps exactly the sets without a subset in the family: ${name}`, () => {
      const random = new Random(7);
      for (let trial = 0; trial < 300; trial++) {
        const family = randomFamily(random, ids);
        assert.deepEqual(minimise(family), bruteMinimise(family), JSON.stringify(family));
      }
    });
  }
  it('does not confuse {a, b} with {a·2^10 + b}-style neighbours', () => {
    // (0,1) and (1) keyed naively could collide across lengths; they are different sets.
    assert.deepEqual(minimise([[1023], [0, 1022], [0, 1, 1021]]), [[1023], [0, 1022], [0, 1, 1021]]);
  });
});
