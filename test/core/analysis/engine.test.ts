/**
 * The main correctness net: the exact engine against brute-force enumeration of every element
 * state, on many seeded random small models (shared and unshared zones and regions, k-of-n,
 * capacities, active-passive, sites).
 */
import { strict as assert } from 'node:assert';
import { birnbaum } from '../../../server/src/core/analysis/birnbaum';
import { cutSets, Engine, compileSystem } from '../../../server/src/core/analysis/index';
import { modelOf, randomTopo } from './fixtures';
import type { SystemModel } from '../../../server/src/core/model/types';
import { bruteForce, type BruteForceResult } from '../../verify/brute-force';

const MODELS = 160;
const MAX_VARS = 12;

function relativeError(got: number, want: number): number {
  if (want === 0) return Math.abs(got);
  return Math.abs(got - want) / want;
}

/** The brute-force reference's figures of a model small enough for it to evaluate whole. */
function reference(m: SystemModel, seed: number): BruteForceResult & { system: NonNullable<BruteForceResult['system']> } {
  const ref = bruteForce(m);
  const system = ref?.system;
  assert.ok(ref && system, `seed ${seed}: the reference evaluates the system`);
  return { ...ref, system };
}

function smallModels(count: number): { seed: number; text: string }[] {
  const out: { seed: number; text: string }[] = [];
  for (let seed = 1; out.length < count && seed < count * 5; seed++) {
    const text = randomTopo(seed);
    const m = modelOf(text);
    const vars = m.instances.length + m.zones.filter((z) => z.hasAvailability).length + m.regions.filter((r) => r.hasAvailability).length;
    if (vars <= MAX_VARS) out.push({ seed, text });
  }
  return out;
}

describe('exact engine vs brute force', function () {
  this.timeout(600_000);
  const models = smallModels(MODELS);

  it('covers every feature in the generated models', () => {
    const ms = models.map((m) => modelOf(m.text));
    assert.ok(ms.some((m) => m.sites.length > 0 && m.layers.some((l) => l.members === 'sites' && l.mode === 'active-passive')), 'active-passive sites');
    assert.ok(ms.some((m) => m.layers.some((l) => l.members === 'sites' && l.mode === 'active-active')), 'active-active sites');
    assert.ok(ms.some((m) => m.layers.some((l) => l.requirement.load !== undefined && l.requirement.k === undefined)), 'unequal capacities');
    assert.ok(ms.some((m) => m.layers.some((l) => l.mode === 'active-passive' && l.members === 'nodes' && l.standbys.length > 0)), 'active-passive nodes');
    assert.ok(ms.some((m) => m.zones.some((z) => z.region !== undefined) && m.regions.some((r) => r.hasAvailability)), 'zones in regions');
    assert.ok(ms.some((m) => m.zones.some((z) => !z.hasAvailability)), 'zones without availability');
  });

  it(`agrees on U_struct and per-layer U_struct to 1e-12 on ${MODELS} random models`, () => {
    for (const { seed, text } of models) {
      const m = modelOf(text);
      const ref = reference(m, seed);
      const spec = compileSystem(m);
      const engine = new Engine(spec);
      const got = engine.down(spec.path);
      assert.ok(got.exact, `seed ${seed}: exact`);
      const want = ref.system.structuralUnavailability;
      assert.ok(relativeError(got.down, want) <= 1e-12, `seed ${seed}: U ${got.down} vs ${want}\n${text}`);
      for (const [id, node] of spec.layers) {
        const l = engine.down([node]).down;
        const layer = ref.layers.get(id);
        assert.ok(layer, `seed ${seed}: the reference evaluates layer ${id}`);
        assert.ok(relativeError(l, layer.structuralUnavailability) <= 1e-12, `seed ${seed}: layer ${id} ${l} vs ${layer.structuralUnavailability}`);
      }
    }
  });

  it('agrees on minimal cut sets up to order 3', () => {
    for (const { seed, text } of models) {
      const m = modelOf(text);
      const ref = reference(m, seed);
      const spec = compileSystem(m);
      const got = cutSets(spec, 3);
      assert.ok(got.complete, `seed ${seed}: complete`);
      const norm = (cs: string[][]): string[] => cs.map((c) => [...c].sort().join(' ')).sort();
      assert.deepEqual(norm(got.cuts), norm(ref.cutSets(3)), `seed ${seed}\n${text}`);
    }
  });

  it('agrees on Birnbaum importance of every element', () => {
    for (const { seed, text } of models.slice(0, 40)) {
      const m = modelOf(text);
      const ref = reference(m, seed);
      const spec = compileSystem(m);
      const keys = [...m.instances.map((i) => `i:${i.id}`), ...m.zones.map((z) => `z:${z.name}`), ...m.regions.map((r) => `r:${r.name}`)];
      const got = birnbaum(spec, spec.path, keys);
      for (const k of keys) {
        const want = ref.birnbaum(k);
        assert.ok(want !== undefined, `seed ${seed}: the reference evaluates ${k}`);
        assert.ok(Math.abs(got.values.get(k)! - want) <= 1e-12 * Math.max(1e-3, want) + 1e-15, `seed ${seed}: ${k} ${got.values.get(k)} vs ${want}`);
      }
    }
  });
});
