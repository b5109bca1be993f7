/**
 * `Engine.downPrefixes`: U of every prefix of the path in one enumeration (the cumulative figures),
 * equal within the engine's proven bound to one `down` per prefix, and linear rather than
 * quadratic in the number of layers.
 */
import { strict as assert } from 'node:assert';
import { Budget } from '../../../server/src/core/analysis/budget';
import { TARGET_RELATIVE_ERROR } from '../../../server/src/core/analysis/engine';
import { Engine, compileSystem } from '../../../server/src/core/analysis/index';
import { generateLayered, generateSystem, printSystem } from '../../verify/generate';
import { modelOf } from './fixtures';

/** Both sides are within TARGET_RELATIVE_ERROR of the exact value (lower bounds), so of each other. */
function assertSame(prefix: { down: number; exact: boolean }, single: { down: number; exact: boolean }, what: string): void {
  assert.equal(prefix.exact, single.exact, `${what}: exact`);
  assert.ok(Math.abs(prefix.down - single.down) <= TARGET_RELATIVE_ERROR * Math.max(prefix.down, single.down), `${what}: ${prefix.down} vs ${single.down}`);
}

/** Operations one call spends, charged to the budget it is given (the engine's own deterministic count, not time). */
function opsOf(f: (budget: Budget) => unknown): number {
  const budget = new Budget(1e15, 'test');
  const before = budget.left();
  f(budget);
  return before - budget.left();
}

describe('engine: every prefix of the path in one pass', () => {
  it('agrees with one down() per prefix on 150 generated systems (shared zones, regions, sites)', () => {
    let compared = 0;
    for (let seed = 1; seed <= 150; seed++) {
      const model = modelOf(printSystem(generateSystem(seed)));
      const spec = compileSystem(model);
      const engine = new Engine(spec);
      const all = engine.downPrefixes(spec.path);
      assert.equal(all.length, spec.path.length);
      all.forEach((r, i) => {
        assertSame(r, engine.down(spec.path.slice(0, i + 1)), `seed ${seed}, prefix ${i + 1}`);
        compared++;
      });
    }
    assert.ok(compared > 300, `${compared} prefixes compared`);
  });

  it('the whole path is down() itself, to the bit', () => {
    const spec = compileSystem(modelOf(printSystem(generateSystem(7))));
    const engine = new Engine(spec);
    assert.equal(engine.downPrefixes(spec.path).at(-1)!.down, engine.down(spec.path).down);
  });

  it('does linear work in the number of layers: 400 layers cost a few full-path evaluations, not 400', () => {
    const layers = Array.from({ length: 400 }, (_, i) => `layer l${i} { node n${i} { availability 99.9% replicas 2 zones [a, b] } }`).join('\n');
    const spec = compileSystem(modelOf(`system s { zone a { availability 99.9% } zone b { availability 99.9% } ${layers} }`));
    const whole = opsOf((budget) => new Engine(spec, undefined, budget).down(spec.path));
    const prefixes = opsOf((budget) => new Engine(spec, undefined, budget).downPrefixes(spec.path));
    const onePerPrefix = opsOf((budget) => spec.path.forEach((_, i) => new Engine(spec, undefined, budget).down(spec.path.slice(0, i + 1))));
    assert.ok(prefixes < 5 * whole, `prefixes ${prefixes} ops against ${whole} for the whole path`);
    assert.ok(onePerPrefix > 50 * whole, `one per prefix ${onePerPrefix} ops: the quadratic way this replaces`);
  });

  it('stays linear when the short prefixes need a tighter bound than the whole (a shared region; a weak last layer)', () => {
    // Every prefix's U is close to the whole's (region r1 takes every active-active layer down)
    // but just under it: the enumeration goes one level deeper rather than one prefix at a time.
    const layered = compileSystem(modelOf(generateLayered({ layers: 1000, zones: 6, regions: 2, replicas: 9 })));
    // The last layer holds nearly all of U: the short prefixes are left to a further round.
    const weakLast = compileSystem(modelOf(`system s { zone a { availability 99.9% } zone b { availability 99.9% }
      ${Array.from({ length: 200 }, (_, i) => `layer l${i} { node n${i} { availability 99.9% replicas 2 zones [a, b] } }`).join('\n')}
      layer weak { node w { availability 50% } } }`));
    for (const [label, spec, every] of [['layered', layered, 97], ['weak last', weakLast, 1]] as const) {
      const all = new Engine(spec).downPrefixes(spec.path);
      const single = new Engine(spec);
      all.forEach((r, i) => {
        if (i % every === 0 || i === all.length - 1) assertSame(r, single.down(spec.path.slice(0, i + 1)), `${label}, prefix ${i + 1}`);
      });
      const whole = opsOf((budget) => new Engine(spec, undefined, budget).down(spec.path));
      const prefixes = opsOf((budget) => new Engine(spec, undefined, budget).downPrefixes(spec.path));
      assert.ok(prefixes < 5 * whole, `${label}: prefixes ${prefixes} ops against ${whole} for the whole path`);
    }
  });

  it('an empty list has no prefixes', () => {
    const spec = compileSystem(modelOf('system s { layer a { node a { availability 99% } } }'));
    assert.deepEqual(new Engine(spec).downPrefixes([]), []);
  });
});
