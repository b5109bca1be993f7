import { strict as assert } from 'node:assert';
import { IndexedHeap } from '../../../server/src/core/simulation/heap';
import { Rng } from '../../../server/src/core/simulation/rng';

describe('simulation: random numbers', () => {
  it('xoshiro128** matches the reference outputs for state [1, 2, 3, 4]', () => {
    const rng = Rng.fromState(1, 2, 3, 4);
    assert.deepEqual([rng.nextUint32(), rng.nextUint32(), rng.nextUint32()], [11520, 0, 5927040]);
  });

  it('a seed and a stream always give the same numbers (integer maths only)', () => {
    const rng = new Rng(1, 0);
    assert.deepEqual([rng.nextUint32(), rng.nextUint32(), rng.nextUint32(), rng.nextUint32()], [3266013734, 2862942253, 1152609848, 3058653778]);
    const other = new Rng(1, 1);
    assert.deepEqual([other.nextUint32(), other.nextUint32()], [132279512, 4103493196]);
  });

  it('uniforms lie in (0, 1] and exponentials have the right mean', () => {
    const rng = new Rng(7);
    let sum = 0;
    const n = 200_000;
    for (let k = 0; k < n; k++) {
      const u = rng.nextOpenUnit();
      assert.ok(u > 0 && u <= 1);
      sum += rng.nextExponential(3600);
    }
    // Standard error of the mean is 3600/√n ≈ 8 s: 40 s is five of them.
    assert.ok(Math.abs(sum / n - 3600) < 40, `mean ${sum / n}`);
    assert.equal(rng.nextExponential(Infinity), Infinity);
  });
});

describe('simulation: indexed heap', () => {
  it('always has the smallest key on top, through arbitrary key changes and shifts', () => {
    const rng = new Rng(3);
    const heap = new IndexedHeap(50);
    for (let step = 0; step < 5000; step++) {
      const slot = rng.nextUint32() % 50;
      const key = rng.nextUint32() % 7 === 0 ? Infinity : rng.nextOpenUnit() * 1000;
      heap.set(slot, key);
      assert.equal(heap.key(slot), key);
      if (step % 3 === 0) heap.replaceTop(heap.topKey() + rng.nextOpenUnit() * 500);
      if (step % 500 === 0) heap.shift(1);
      const keys = Array.from({ length: 50 }, (_v, k) => heap.key(k));
      assert.equal(heap.key(heap.top()), Math.min(...keys));
      assert.equal(heap.topKey(), Math.min(...keys));
    }
  });
});
