/**
 * The engine's bookkeeping, which the speed of small models rests on: domains numbered at
 * compile time, the shared-domain layout, exchangeable zones found without string signatures,
 * and work budgets that nest and charge exactly what was spent.
 */
import { strict as assert } from 'node:assert';
import { Budget, LimitError } from '../../../server/src/core/analysis/budget';
import { binomialCount } from '../../../server/src/core/analysis/dist/count';
import { compileSystem, Engine } from '../../../server/src/core/analysis/index';
import { modelOf } from './fixtures';
import { generateLayered, generateSystem, printSystem } from '../../verify/generate';

const TWO_REGIONS = `system s {
  region east { availability 99.99% }
  region west { availability 99.99% }
  zone b1 in west { availability 99.9% }
  zone a1 in east { availability 99.9% }
  zone a2 in east { availability 99.9% }
  zone solo { availability 99.9% }
  layer web { node w { availability 99% replicas 4 zones [a1, a2, b1] } }
  layer db { node d { availability 99% replicas 2 zones [a1, b1] } }
  layer batch { node x { availability 99% zone solo } }
}`;

describe('engine layout', () => {
  it('numbers domains in declaration order and points instances at their zone and region', () => {
    const spec = compileSystem(modelOf(TWO_REGIONS));
    assert.deepEqual(spec.domainList.map((d) => d.key), [...spec.domains.keys()]);
    spec.domainList.forEach((d, i) => assert.equal(d.index, i));
    for (const unit of spec.units) {
      for (const inst of unit.instances) {
        assert.equal(inst.zoneIndex >= 0 ? spec.domainList[inst.zoneIndex]!.key : undefined, inst.zone);
        assert.equal(inst.regionIndex >= 0 ? spec.domainList[inst.regionIndex]!.key : undefined, inst.region);
      }
    }
    const a1 = spec.domains.get('z:a1')!;
    assert.equal(spec.domainList[a1.regionIndex]!.key, 'r:east');
    assert.equal(spec.domains.get('z:solo')!.regionIndex, -1);
  });

  it('conditions on shared domains only: regions, then zones, each by key', () => {
    const spec = compileSystem(modelOf(TWO_REGIONS));
    const engine = new Engine(spec);
    assert.deepEqual(engine.conditionedDomains(), ['r:east', 'r:west', 'z:a1', 'z:b1']);
    const { layout, domainList } = spec;
    const varOf = (key: string): number => layout.varOfDomain[spec.domains.get(key)!.index]!;
    assert.equal(layout.regionVar[varOf('z:a1')], varOf('r:east'));
    assert.equal(layout.regionVar[varOf('z:b1')], varOf('r:west'));
    // a2 holds web only and solo holds batch only: folded into that unit, not enumerated.
    assert.equal(varOf('z:a2'), -1);
    assert.equal(layout.localUser[spec.domains.get('z:a2')!.index], spec.units.find((u) => u.layerId === 'web')!.index);
    assert.equal(layout.localUser[spec.domains.get('z:solo')!.index], spec.units.find((u) => u.layerId === 'batch')!.index);
    assert.equal(domainList.length, 6);
  });

  it('zones holding the same instances are exchangeable whatever order they list them in', () => {
    const text = (nodes: string) => `system s {
      zone z1 { availability 99.9% }
      zone z2 { availability 99.9% }
      layer app { min 2 ${nodes} }
      layer db { min 1 node d { availability 99% replicas 2 zones [z1, z2] } }
    }`;
    // Both zones hold one p-like (99%) and one q (98%) instance of app: listed p, q in both ...
    const inOrder = 'node p { availability 99% replicas 2 zones [z1, z2] } node q { availability 98% replicas 2 zones [z1, z2] }';
    // ... or p, q in z1 but q, p in z2.
    const mixed = 'node p { availability 99% zone z1 } node q { availability 98% replicas 2 zones [z2, z1] } node p2 { availability 99% zone z2 }';
    // Work spent is the number of states visited: the same when z1 and z2 form one class in both.
    const run = (nodes: string): { u: number; ops: number } => {
      const spec = compileSystem(modelOf(text(nodes)));
      const budget = new Budget(1e12, 'probe');
      const r = new Engine(spec, undefined, budget).down(spec.path);
      assert.ok(r.exact);
      return { u: r.down, ops: 1e12 - budget.left() };
    };
    const a = run(inOrder);
    const b = run(mixed);
    assert.ok(Math.abs(a.u - b.u) <= 1e-12 * a.u, `${a.u} vs ${b.u}`);
    assert.equal(b.ops, a.ops);
    // Zones that differ are not merged: a third instance type in z2 costs more states.
    const c = run('node p { availability 99% zone z1 } node q { availability 98% replicas 2 zones [z2, z1] } node p2 { availability 97% zone z2 }');
    assert.ok(c.ops > a.ops, `${c.ops} vs ${a.ops}`);
  });

  it('an override of one instance changes only its unit and its zone', () => {
    const spec = compileSystem(modelOf(TWO_REGIONS));
    const base = new Engine(spec);
    const before = base.down(spec.path).down;
    const forced = base.with(new Map([['i:w-1', 'down']]));
    const fresh = new Engine(spec, new Map([['i:w-1', 'down']]));
    // The derived engine takes the other layers' product from the base's kept figures (a sum of
    // logs less the changed layer's), the fresh one multiplies them in order: equal to rounding.
    const [a, b] = [forced.down(spec.path).down, fresh.down(spec.path).down];
    assert.ok(Math.abs(a - b) <= 1e-15 * b, `${a} vs ${b}`);
    assert.ok(forced.down(spec.path).down > before);
    assert.equal(base.down(spec.path).down, before);
  });

  it('a derived engine gives a fresh engine\'s figure for every element forced, inside sites or not', () => {
    let compared = 0;
    for (let seed = 1; seed <= 80; seed++) {
      const spec = compileSystem(modelOf(printSystem(generateSystem(seed, { maxLayers: 6 }))));
      const base = new Engine(spec);
      base.down(spec.path);
      const keys = [...spec.domains.keys(), ...spec.units.flatMap((u) => u.instances.map((i) => i.key))];
      for (const key of keys) {
        for (const state of ['down', 'up'] as const) {
          const overrides = new Map([[key, state]]);
          const derived = base.with(overrides).down(spec.path).down;
          const fresh = new Engine(spec, overrides).down(spec.path).down;
          assert.ok(Math.abs(derived - fresh) <= 1e-14 * fresh, `seed ${seed}, ${key} ${state}: ${derived} vs ${fresh}`);
          compared++;
        }
      }
    }
    assert.ok(compared > 1000, `${compared} compared`);
  });

  it('on a long path, a forced evaluation reads the other layers from the kept figures', () => {
    const spec = compileSystem(modelOf(generateLayered({ layers: 30, zones: 4, regions: 2, replicas: 5 })));
    const base = new Engine(spec, undefined, new Budget(1e12));
    base.down(spec.path);
    const spent = (engine: Engine): number => {
      const before = engine.budget.left();
      engine.down(spec.path);
      return before - engine.budget.left();
    };
    const key = spec.units[4]!.instances[0]!.key;
    const derived = spent(base.with(new Map([[key, 'down']])));
    const fresh = spent(new Engine(spec, new Map([[key, 'down']]), new Budget(1e12)));
    // Per state: the changed layer alone, against the 30 layers' units.
    assert.ok(derived * 5 < fresh, `derived ${derived} vs fresh ${fresh} operations`);
  });
});

describe('work budgets', () => {
  it('nest: an inner budget is charged to the outer one, and the tighter one names the limit', () => {
    const budget = new Budget();
    budget.within(1000, 'outer', () => {
      budget.enter(100, 'inner');
      try {
        budget.spend(30);
        assert.equal(budget.left(), 70);
      } finally {
        budget.leave();
      }
      assert.equal(budget.left(), 970);
      budget.enter(5000, 'looser');
      try {
        assert.equal(budget.left(), 970);
        assert.throws(() => budget.spend(971), (e: unknown) => e instanceof LimitError && e.limit === 'outer');
      } finally {
        budget.leave();
      }
      assert.equal(budget.left(), -1);
    });
    assert.equal(budget.left(), Infinity);
  });

  it('a binomial charges one operation per term it keeps, and stops exactly when they run out', () => {
    const used = (): number => {
      const budget = new Budget(1e9, 'probe');
      binomialCount(30, 200, 0.01, 0, budget);
      return 1e9 - budget.left();
    };
    const terms = used();
    assert.ok(terms > 50, `${terms}`);
    const exact = new Budget(terms, 'exact');
    binomialCount(30, 200, 0.01, 0, exact);
    assert.equal(exact.left(), 0);
    const short = new Budget(terms - 1, 'short');
    assert.throws(() => binomialCount(30, 200, 0.01, 0, short), (e: unknown) => e instanceof LimitError && e.limit === 'short');
    // As if charged term by term: the budget is overdrawn by exactly one.
    assert.equal(short.left(), -1);
  });
});
