/**
 * Re-entrancy: cut-set computations and analyses that interleave, or run one inside another, give
 * what each gives alone. Every run has its own scratch and its own work budget, so one run's
 * limit never binds another and one run's work is never charged to another.
 */
import { strict as assert } from 'node:assert';
import { Budget } from '../../../server/src/core/analysis/budget';
import type { SystemSpec } from '../../../server/src/core/analysis/compile';
import { CutSetRun, cutSets } from '../../../server/src/core/analysis/cut-sets';
import { analyseSystem, compileSystem, Engine } from '../../../server/src/core/analysis/index';
import type { DownResult } from '../../../server/src/core/analysis/engine';
import { generateScaled, generateSystem, printSystem } from '../../verify/generate';
import { modelOf } from './fixtures';

const specOf = (text: string): SystemSpec => compileSystem(modelOf(text));

/** Two layers over two shared zones: a walk over their states visits several. */
const SHARED_ZONES = `system a {
  zone z1 { availability 99.9% }
  zone z2 { availability 99.9% }
  layer web { min 1 node w { availability 99% replicas 2 zones [z1, z2] } }
  layer db { min 1 node d { availability 99.5% replicas 2 zones [z1, z2] } }
  path web -> db
}`;

describe('re-entrancy: runs that interleave or nest', function () {
  this.timeout(300_000);

  it('cut sets: two runs interleaved layer by layer, a third run between their steps, each as it is alone', () => {
    let compared = 0;
    for (let seed = 1; seed <= 80; seed++) {
      const a = specOf(printSystem(generateSystem(seed)));
      const b = seed % 10 === 0 ? specOf(generateScaled({ instances: 300, zones: 6, regions: 2 })) : specOf(printSystem(generateSystem(seed + 1000)));
      const c = specOf(printSystem(generateSystem(seed + 2000)));
      // Different settings in each run: orders 3, 2 and 4.
      const wantA = cutSets(a, 3);
      const wantB = cutSets(b, 2);
      const wantC = cutSets(c, 4);
      const runA = new CutSetRun(a, 3);
      const runB = new CutSetRun(b, 2);
      const nested: ReturnType<typeof cutSets>[] = [];
      for (let i = 0; i < Math.max(a.path.length, b.path.length); i++) {
        if (i < a.path.length) runA.layerCuts(a.path[i]!);
        nested.push(cutSets(c, 4));
        if (i < b.path.length) runB.layerCuts(b.path[i]!);
      }
      assert.deepEqual(runA.result(), wantA, `seed ${seed}: run A`);
      assert.deepEqual(runB.result(), wantB, `seed ${seed}: run B`);
      for (const got of nested) assert.deepEqual(got, wantC, `seed ${seed}: nested run C`);
      compared += wantA.cuts.length + wantB.cuts.length;
    }
    assert.ok(compared > 500, `${compared} cut sets compared`);
  });

  it('cut sets: a run that has ended refuses more work (its scratch may be another run\'s by then)', () => {
    const spec = specOf(SHARED_ZONES);
    const run = new CutSetRun(spec, 2);
    run.result();
    assert.throws(() => run.result(), /ended/);
  });

  it('an analysis run inside another run\'s walk, under that run\'s exhausted budget, is the analysis run alone, and charges nothing to it', () => {
    const system = modelOf(printSystem(generateSystem(7)));
    const alone = analyseSystem(system, { maxOrder: 3 });
    assert.ok(alone?.exact, 'the nested system alone is analysed exactly');
    const spec = specOf(SHARED_ZONES);
    const outer = new Budget(Infinity, 'outer run');
    const engine = new Engine(spec, undefined, outer);
    const variables = Array.from({ length: spec.layout.varDomains.length }, (_, v) => v);
    assert.ok(variables.length >= 2, 'the outer walk has shared zones to walk');
    let visits = 0;
    let left = NaN;
    const inside: ReturnType<typeof analyseSystem>[] = [];
    // The outer run is inside a limit of one operation, already spent: any work charged to it would throw.
    outer.within(1, 'outer limit of 1 operation', () => {
      outer.spend(1);
      left = outer.left();
      engine.walkStates(variables, undefined, {
        visit: () => {
          visits++;
          inside.push(analyseSystem(system, { maxOrder: 3 }));
        },
      }, () => false);
      assert.equal(outer.left(), left, 'nothing the nested analyses did was charged to the outer run');
    });
    assert.ok(visits >= 3, `${visits} states visited`);
    for (const a of inside) assert.deepEqual(a, alone);
  });

  it('engines of two runs interleaved, one starved and one not: each gets what it gets alone, and the starved one names its own limit', () => {
    const spec = specOf(printSystem(generateSystem(11)));
    const calls = [spec.path, ...spec.path.map((l) => [l]), spec.path];
    const alone = (budget: Budget): DownResult[] => {
      const engine = new Engine(spec, undefined, budget);
      return calls.map((c) => engine.down(c));
    };
    // What the calls cost in all, to starve a run halfway through them.
    const probe = new Budget(1e15, 'probe');
    alone(probe);
    const total = 1e15 - probe.left();
    assert.ok(total > 100, `${total} operations`);
    const starvedBudget = (): Budget => new Budget(Math.floor(total / 2), 'starved run');
    const wantStarved = alone(starvedBudget());
    const wantFree = alone(new Budget());
    assert.ok(wantStarved.some((r) => !r.exact && r.limits.some((l) => l.startsWith('starved run'))), 'the starved run hits its limit');
    assert.ok(wantFree.every((r) => r.exact), 'the other run does not');
    const starved = new Engine(spec, undefined, starvedBudget());
    const free = new Engine(spec);
    const gotStarved: DownResult[] = [];
    const gotFree: DownResult[] = [];
    for (const c of calls) {
      gotFree.push(free.down(c));
      gotStarved.push(starved.down(c));
    }
    assert.deepEqual(gotStarved, wantStarved);
    assert.deepEqual(gotFree, wantFree);
  });
});
