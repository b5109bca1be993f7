import assert from 'node:assert/strict';
import { closestName, editDistance } from '../../../server/src/core/model/suggest';

describe('model: closest-name suggestions', () => {
  const cases: [string, string[], string | undefined][] = [
    ['apps', ['dns', 'app', 'db'], 'app'],
    ['db-prmary', ['db-primary', 'db-standby'], 'db-primary'],
    ['APP', ['app', 'apq'], 'app'],
    ['web-1', ['east.web-1', 'web-2'], 'east.web-1'],
    ['zzzzzz', ['app', 'dns'], undefined],
    ['a', ['b'], 'b'],
    ['database', ['dns', 'app'], undefined],
    ['x', [], undefined],
  ];
  for (const [name, candidates, expected] of cases) {
    it(`${name} among [${candidates.join(', ')}] → ${expected ?? 'none'}`, () => {
      assert.equal(closestName(name, candidates), expected);
    });
  }

  it('edit distance, with an early exit past the limit', () => {
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('', 'abc'), 3);
    assert.equal(editDistance('kitten', 'sitting', 2), Infinity);
    assert.equal(editDistance('same', 'same'), 0);
  });
});
