/**
 * The minimal cut set search against an independent oracle (the brute-force reference), and its
 * shortcuts against the general way: the last minimisation that only looks at elements shared
 * between layers (against `minimise`), instances grouped into cells (against one cell per
 * instance, forced by capacities that are not whole numbers), and the work limit.
 */
import { strict as assert } from 'node:assert';
import type { SystemSpec } from '../../../server/src/core/analysis/compile';
import { cutSets, CUT_SET_WORK_LIMIT, layerCutsOf, minimise, minimiseLayers, type LayerCuts } from '../../../server/src/core/analysis/cut-sets';
import { compileSystem } from '../../../server/src/core/analysis/index';
import type { SystemModel } from '../../../server/src/core/model/types';
import { Random } from '../../support/random';
import { bruteForce } from '../../verify/brute-force';
import { generateScaled, generateSystem, printSystem } from '../../verify/generate';
import { modelOf } from './fixtures';

const specOf = (text: string): SystemSpec => compileSystem(modelOf(text));
const norm = (cuts: string[][]): string[] => cuts.map((c) => [...c].sort().join(' ')).sort();

/**
 * Minimal cut sets by testing every set of up to `maxOrder` elements, smallest first, against the
 * structure function of the spec written out plainly over the model (no cells, no pruning, no
 * shortcuts): the brute-force reference's. Cut sets enumerate no states, so its size limit is
 * set to 0 (no figures are wanted).
 */
const referenceCutSets = (model: SystemModel, maxOrder: number): string[][] => bruteForce(model, 0)!.cutSets(maxOrder);

const ID_COUNT = 200_001;
const NAMES = Array.from({ length: ID_COUNT }, (_, id) => String(id));

/** `cuts` (each minimal, none in another, shortest first) as a layer's `LayerCuts`, named by their ids. */
const layerOf = (cuts: number[][]): LayerCuts => layerCutsOf(cuts, ID_COUNT, NAMES);

function randomLayer(random: Random, ids: number[]): number[][] {
  const family: number[][] = [];
  for (let k = random.int(0, 12); k > 0; k--) {
    const set = new Set<number>();
    const size = random.int(1, 4);
    while (set.size < size) set.add(random.pick(ids));
    family.push([...set].sort((a, b) => a - b));
  }
  // Now and then the empty set (an always-down layer of sites), which `minimise` keeps beside the others.
  if (random.chance(0.05)) family.push([]);
  return minimise(family);
}

describe('minimal cut sets', function () {
  this.timeout(300_000);

  it('agree with testing every set up to order 3, on generated systems with larger layers', () => {
    let compared = 0;
    for (let seed = 1; compared < 60; seed++) {
      const model = modelOf(printSystem(generateSystem(seed, { maxInstancesPerLayer: 12, maxSiteDepth: 1 })));
      const spec = compileSystem(model);
      const elements = spec.domainList.length + spec.units.reduce((n, u) => n + u.instances.length, 0);
      if (elements > 36) continue;
      const got = cutSets(spec, 3);
      assert.ok(got.complete, `seed ${seed}: complete`);
      assert.deepEqual(norm(got.cuts), norm(referenceCutSets(model, 3)), `seed ${seed}`);
      compared++;
    }
  });

  it('are the same with capacities scaled to fractions (one cell per instance) as with whole ones (cells)', () => {
    const texts = [
      ...Array.from({ length: 150 }, (_, i) => printSystem(generateSystem(i + 1, { maxInstancesPerLayer: 10 }))),
      generateScaled({ instances: 50, zones: 4, regions: 2 }),
      generateScaled({ instances: 80, zones: 5, regions: 0 }),
    ];
    let fractional = 0;
    for (const text of texts) {
      const whole = specOf(text);
      const scaled = specOf(text);
      // A power of two: every sum and comparison scales exactly, so the cut sets cannot change.
      for (const unit of scaled.units) {
        if (unit.requirement.kind !== 'capacity') continue;
        for (const i of unit.instances) i.capacity /= 8;
        unit.requirement.th.capSlack /= 8;
        if (unit.instances.some((i) => !Number.isInteger(i.capacity))) fractional++;
      }
      for (const order of [1, 2, 3]) assert.deepEqual(cutSets(scaled, order), cutSets(whole, order), text);
    }
    assert.ok(fractional > 20, `${fractional} layers with fractional capacities`);
  });

  it('are the same when instances name their domains by key alone (no domainList position)', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const text = printSystem(generateSystem(seed));
      const byKey = specOf(text);
      for (const unit of byKey.units) {
        for (const i of unit.instances) {
          i.zoneIndex = -1;
          i.regionIndex = -1;
        }
      }
      for (const order of [1, 3]) assert.deepEqual(cutSets(byKey, order), cutSets(specOf(text), order), text);
    }
  });

  it('list a layer\'s instances most unavailable first, then by id, in small and large layers', () => {
    for (const replicas of [7, 20, 150]) {
      // Every instance is needed: each alone is a cut set, found in the walk's instance order.
      const text = `system s { layer l { min ${3 * replicas} node b { availability 99.9% replicas ${replicas} }
        node a { availability 99.5% replicas ${replicas} } node ab { availability 99.9% replicas ${replicas} } } }`;
      const spec = specOf(text);
      const inst = spec.units[0]!.instances;
      const want = [...inst].sort((x, y) => y.unavailability - x.unavailability || (x.id < y.id ? -1 : 1)).map((i) => [i.key]);
      assert.deepEqual(cutSets(spec, 1).cuts, want);
    }
  });

  it('keep order 1 complete and say so when a higher order stops at the work limit', () => {
    const zones = Array.from({ length: 90 }, (_, i) => `z${i}`);
    const text = `system s {\n${zones.map((z) => `  zone ${z} { availability 99.9% }`).join('\n')}
      layer dns { node dns { availability 99.99% } }
      layer app { min 87 node a { availability 99% replicas 90 zones [${zones.join(', ')}] } }
    }`;
    const spec = specOf(text);
    const full = cutSets(spec, 4);
    const single = cutSets(spec, 1);
    assert.equal(full.complete, false, `more than ${CUT_SET_WORK_LIMIT} sets of 4 zones`);
    assert.equal(single.complete, true);
    assert.deepEqual(norm(full.cuts.filter((c) => c.length === 1)), norm(single.cuts));
    assert.deepEqual(single.cuts, [['i:dns']]);
    assert.deepEqual(full.singlesByLayer, single.singlesByLayer);
    assert.ok(full.cuts.some((c) => c.length === 4), 'sets of 4 found before the limit');
  });
});

describe('minimiseLayers (cut sets of the system from those of its layers)', () => {
  for (const [name, ids] of [
    ['small ids', [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]],
    ['ids past 2^10', [0, 1, 2, 1022, 1023, 1024, 1025, 5000]],
    ['ids past 2^17', [0, 1, 131070, 131071, 131072, 200000]],
  ] as [string, number[]][]) {
    it(`keeps what minimise of the layers joined keeps, in the same order: ${name}`, () => {
      const random = new Random(11);
      for (let trial = 0; trial < 400; trial++) {
        // Layers share some elements and not others; one layer may come twice.
        const layers = Array.from({ length: random.int(1, 5) }, () => randomLayer(random, random.chance(0.5) ? ids : ids.slice(0, 4)));
        if (layers.length > 1 && random.chance(0.2)) layers.push(layers[0]!);
        const want = minimise(layers.flat());
        const idCount = Math.max(0, ...ids) + 1;
        const got = minimiseLayers(layers.map(layerOf), idCount, true);
        assert.deepEqual(got.keys.map((k) => k.map(Number)), want, JSON.stringify(layers));
        assert.deepEqual(got.cuts, want);
        assert.deepEqual(got.counts, Array.from({ length: got.counts.length }, (_, n) => want.filter((c) => c.length === n).length));
        assert.equal(got.counts.reduce((a, b) => a + b, 0), want.length);
      }
    });
  }

  it('keeps the empty set once, beside the other sets, as minimise does', () => {
    const empty = layerOf([[]]);
    const got = minimiseLayers([layerOf([[1], [2, 3]]), empty, empty], 4, true);
    assert.deepEqual(got, { keys: [[], ['1'], ['2', '3']], counts: [1, 1, 1], cuts: [[], [1], [2, 3]] });
    assert.deepEqual(minimise([[1], [2, 3], [], []]), [[], [1], [2, 3]]);
  });
});
