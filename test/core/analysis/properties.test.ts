/**
 * Invariants of the maths on seeded random models: a redundant instance never lowers
 * availability, a larger k never raises it, declaration order never changes it.
 *
 * Monotonicity holds for U_struct everywhere (the structure function is monotone). Revision 2's
 * U is not monotone in the members of a layer that fails over, nor inside the sites of one: a
 * standby replaces a structural outage (the primary's remaining repair) by a window of T_fo, which
 * costs more when T_fo outlasts that repair, and a standby that is up more often opens more such
 * windows (seed 1002: a standby copy timed by a cold standby's 30.5 min behind a primary repaired in
 * 30 min raises U by 2e-6). So U itself is checked on the other layers, where the change only
 * makes the system structurally up more often.
 */
import { strict as assert } from 'node:assert';
import { systemUnavailability } from '../../../server/src/core/analysis/index';
import type { LayerModel, SystemModel } from '../../../server/src/core/model/types';
import { Random } from '../../support/random';
import { modelOf, randomTopo } from './fixtures';

const SEEDS = Array.from({ length: 120 }, (_, i) => 1000 + i);
/** U and U_struct. */
const figures = (m: SystemModel): { u: number; struct: number } => {
  const r = systemUnavailability(m);
  assert.ok(r.exact);
  return { u: r.value, struct: r.structural.down };
};
const U = (m: SystemModel): number => figures(m).u;

/** Layers whose state a takeover reads: active-passive layers with a standby and every layer inside a site of one. */
function underTakeover(m: SystemModel): Set<string> {
  const out = new Set<string>();
  const layers = new Map(m.layers.map((l) => [l.id, l]));
  const sites = new Map(m.sites.map((x) => [x.id, x]));
  const mark = (l: LayerModel): void => {
    out.add(l.id);
    for (const s of l.sites) for (const id of sites.get(s)?.layers ?? []) mark(layers.get(id)!);
  };
  for (const l of m.layers) if (l.mode === 'active-passive' && l.standbys.length > 0) mark(l);
  return out;
}
/** a ≤ b up to rounding. */
const atMost = (a: number, b: number): boolean => a <= b * (1 + 1e-12) + 1e-300;

function withLayer(m: SystemModel, layer: LayerModel): SystemModel {
  return { ...m, layers: m.layers.map((l) => (l.id === layer.id ? layer : l)) };
}

describe('analysis properties', function () {
  this.timeout(300_000);

  it('adding a redundant instance never lowers availability', () => {
    let checked = 0;
    for (const seed of SEEDS) {
      const m = modelOf(randomTopo(seed));
      const takeover = underTakeover(m);
      for (const l of m.layers.filter((x) => x.members === 'nodes' && x.instances.length > 0)) {
        const template = m.instances.find((i) => i.id === l.instances[0])!;
        const id = `${template.id}-extra`;
        const extra = { ...template, id, name: id, standby: l.mode === 'active-passive' ? ('hot' as const) : undefined };
        const more: SystemModel = {
          ...withLayer(m, { ...l, instances: [...l.instances, id], standbys: l.mode === 'active-passive' ? [...l.standbys, id] : l.standbys }),
          instances: [...m.instances, extra],
        };
        const [after, before] = [figures(more), figures(m)];
        assert.ok(atMost(after.struct, before.struct), `seed ${seed}, layer ${l.id}: U_struct ${after.struct} > ${before.struct}`);
        if (!takeover.has(l.id)) {
          assert.ok(atMost(after.u, before.u), `seed ${seed}, layer ${l.id}: ${after.u} > ${before.u}`);
          checked++;
        }
      }
    }
    assert.ok(checked > 100);
  });

  it('raising k never raises availability', () => {
    let checked = 0;
    for (const seed of SEEDS) {
      const m = modelOf(randomTopo(seed));
      for (const l of m.layers.filter((x) => x.mode === 'active-active' && x.members === 'nodes')) {
        const n = l.instances.length;
        const k = l.requirement.k ?? l.requirement.min;
        if (k >= n) continue;
        const req = l.requirement.k !== undefined ? { ...l.requirement, k: k + 1, min: Math.max(l.requirement.min, k + 1) } : { ...l.requirement, min: l.requirement.min + 1 };
        const stricter = withLayer(m, { ...l, requirement: req });
        const [after, before] = [figures(stricter), figures(m)];
        assert.ok(atMost(before.struct, after.struct), `seed ${seed}, layer ${l.id}: U_struct ${after.struct} < ${before.struct}`);
        if (!underTakeover(m).has(l.id)) {
          assert.ok(atMost(before.u, after.u), `seed ${seed}, layer ${l.id}: ${after.u} < ${before.u}`);
          checked++;
        }
      }
    }
    assert.ok(checked > 50);
  });

  it('declaration order never changes the figure', () => {
    for (const seed of SEEDS) {
      const m = modelOf(randomTopo(seed));
      const r = new Random(seed);
      const shuffled: SystemModel = {
        ...m,
        zones: r.shuffle(m.zones),
        regions: r.shuffle(m.regions),
        instances: r.shuffle(m.instances),
        layers: r.shuffle(m.layers).map((l) => (l.mode === 'active-active' ? { ...l, instances: r.shuffle(l.instances), sites: r.shuffle(l.sites) } : l)),
        sites: r.shuffle(m.sites),
      };
      const a = U(m);
      const b = U(shuffled);
      assert.ok(Math.abs(a - b) <= 1e-12 * a, `seed ${seed}: ${a} vs ${b}`);
    }
  });

  it('declaration order in the text never changes the figure', () => {
    const a = modelOf(`system s { zone z1 { availability 99% } zone z2 { availability 99.9% }
      layer web { node w { availability 99% replicas 3 zones [z1, z2] } }
      layer db { node p { availability 99.9% zone z1 } node s { availability 99.5% zone z2 standby } } }`);
    const b = modelOf(`system s { zone z2 { availability 99.9% } zone z1 { availability 99% }
      layer db { node s { availability 99.5% zone z2 standby } node p { availability 99.9% zone z1 } }
      layer web { node w { availability 99% replicas 3 zones [z1, z2] } } path web -> db }`);
    assert.ok(Math.abs(U(a) - U(b)) <= 1e-12 * U(a));
  });
});
