/**
 * The failover windows' differential suite (spec section 3, revision 2): Topo's engine, through
 * the whole pipeline (text → model → engine), against the revision 2 brute force
 * (`brute-force.ts`, which reads the model only) on generated topologies drawn with revision 2's
 * shapes (`failoverShapes`): U, U_struct and the windows' term; each layer's and site's own
 * figures; each active-passive layer's failover cost by trigger and its windows per year. All at
 * 1e-9 relative (rules in `differential.ts`). The first test checks that the models brute force
 * covers hold the shapes the windows depend on, so a generator change cannot quietly empty the
 * suite.
 *
 * TOPO_VERIFY_SEED=N shifts the seeds (default 1); TOPO_WINDOWS_COUNT sets how many (default 300).
 */
import { strict as assert } from 'node:assert';
import type { LayerModel, SystemModel } from '../../server/src/core/model/types';
import { standbyFailoverSeconds, type BruteForceResult } from './brute-force';
import { compareWithBruteForce, prepare, type Aspect, type Comparison, type Prepared } from './differential';
import { generateSystem, printSystem, type GenerateOptions } from './generate';

const FIRST_SEED = Number(process.env.TOPO_VERIFY_SEED ?? 1);
const COUNT = Number(process.env.TOPO_WINDOWS_COUNT ?? 300);
/** Small systems rich in active-passive layers. */
const SHAPES: Partial<GenerateOptions> = { failoverShapes: true, maxLayers: 3, maxInstancesPerLayer: 4 };
/**
 * Brute force enumerates targets of up to 16 elements here (2^16 states, × 16 failures for the
 * windows): 300 models in about 10 s. Its own limit, 18, is four times slower per model.
 */
const LIMIT = 16;

/** The shapes revision 2's windows depend on, and how many covered models must hold each. */
const REQUIRED_SHAPES: Record<string, number> = {
  'a primary and its standby in one failing zone': 10,
  'one failing zone holding the primaries of two layers': 5,
  "one failing zone holding a primary and a path layer's only instance": 10,
  'a cold standby behind a hot one': 10,
  'two or three standbys, one with its own promote': 10,
  'three standbys': 5,
  'an active-passive layer of sites': 5,
  'a window inside a site': 5,
  'nested sites': 5,
  "a window that can outlast its trigger's repair": 10,
  'windows opened by a zone': 10,
  'windows opened by a region': 5,
  'one failure opening windows in two layers that both cost': 3,
};

describe(`engine vs the revision 2 brute force on ${COUNT} generated topologies (seeds ${FIRST_SEED}…)`, function () {
  this.timeout(120_000);
  const prepared = new Map<number, Prepared>();
  const comparisons: Comparison[] = [];

  before(() => {
    for (let seed = FIRST_SEED; seed < FIRST_SEED + COUNT; seed++) {
      const p = prepare(seed, printSystem(generateSystem(seed, SHAPES)), { bruteLimit: LIMIT, mef: false });
      assert.ok(p, `seed ${seed}: the generated text has no system`);
      prepared.set(seed, p);
      comparisons.push(compareWithBruteForce(p));
    }
  });

  /** Fails with the first reproductions (seed, problems, .topo text) of one aspect. */
  const expectAgreement = (aspect: Aspect): void => {
    const failures = comparisons.map((c) => ({ seed: c.seed, problems: c.problems.filter((x) => x.aspect === aspect) })).filter((c) => c.problems.length);
    const shown = failures.slice(0, 3).map((f) => `seed ${f.seed}:\n  ${f.problems.slice(0, 8).map((x) => x.message).join('\n  ')}\n${prepared.get(f.seed)?.text ?? ''}`);
    assert.equal(failures.length, 0, `${failures.length} of ${COUNT} models disagree (seeds ${failures.map((f) => f.seed).join(', ')})\n${shown.join('\n')}`);
  };

  it("covers revision 2's shapes with models small enough for brute force", () => {
    const covered = [...prepared.values()].filter((p) => p.brute?.system);
    assert.ok(covered.length >= COUNT * 0.6, `brute force covered only ${covered.length} of ${COUNT} systems`);
    const withWindows = covered.filter((p) => (p.brute?.system?.failoverUnavailability ?? 0) > 0).length;
    assert.ok(withWindows >= covered.length / 3, `only ${withWindows} covered systems have failover windows that cost`);
    const counts = new Map(Object.keys(REQUIRED_SHAPES).map((s) => [s, 0]));
    for (const p of covered) for (const shape of shapesOf(p.system.model, p.brute as BruteForceResult)) counts.set(shape, (counts.get(shape) ?? 0) + 1);
    const short = Object.entries(REQUIRED_SHAPES).filter(([shape, need]) => (counts.get(shape) ?? 0) < need);
    assert.deepEqual(short.map(([s, need]) => `${s}: ${counts.get(s)} < ${need}`), [], `shape counts: ${JSON.stringify(Object.fromEntries(counts))}`);
  });
  it('every model is valid and analysed exactly', () => expectAgreement('setup'));
  it("agrees on U, U_struct and the windows' term (1e-9)", () => expectAgreement('windows'));
  it("agrees on each layer's and each site's own U and U_struct (1e-9)", () => expectAgreement('parts'));
  it("agrees on each active-passive layer's failover cost and its split by trigger", () => expectAgreement('layer-failover'));
  it("agrees on each active-passive layer's windows per year (1e-9)", () => expectAgreement('windows-per-year'));
  it('gives failover figures for every active-passive layer with a standby, the system depending on it or not', () => expectAgreement('off-path-failover'));
});

/** Which of `REQUIRED_SHAPES` a model holds (read from the model, and from brute force for what windows cost). */
function shapesOf(model: SystemModel, brute: BruteForceResult): Set<string> {
  const shapes = new Set<string>();
  const instance = new Map(model.instances.map((i) => [i.id, i]));
  const failingZone = (zone: string | undefined): boolean => model.zones.some((z) => z.name === zone && z.hasAvailability && z.unavailability > 0);
  const passive = model.layers.filter((l) => l.mode === 'active-passive' && l.standbys.length > 0 && l.primary !== undefined);
  const nodeLayers = passive.filter((l) => l.members === 'nodes');
  const primaryZone = (l: LayerModel): string | undefined => instance.get(l.primary as string)?.zone;
  const onTopPath = new Set(model.path);

  for (const l of nodeLayers) {
    const zone = primaryZone(l);
    if (failingZone(zone) && l.standbys.some((s) => instance.get(s)?.zone === zone)) shapes.add('a primary and its standby in one failing zone');
    const temperatures = l.standbys.map((s) => instance.get(s)?.standby);
    if (temperatures.some((t, i) => t === 'hot' && temperatures.slice(i + 1).includes('cold'))) shapes.add('a cold standby behind a hot one');
    if (l.standbys.length >= 2 && l.standbys.some((s) => instance.get(s)?.promoteSeconds !== undefined)) shapes.add('two or three standbys, one with its own promote');
    if (l.standbys.length >= 3) shapes.add('three standbys');
    if (l.site !== undefined && (brute.failover.get(l.id)?.windowsPerYear ?? 0) > 0) shapes.add('a window inside a site');
    // T_fo of some standby longer than the repair of an element under the primary.
    const primary = instance.get(l.primary as string);
    const repairs = [primary?.mttrSeconds ?? Infinity, ...[...model.zones, ...model.regions].filter((d) => d.hasAvailability && (d.name === primary?.zone || d.name === primary?.region)).map((d) => d.mttrSeconds)];
    if (l.standbys.some((s) => standbyFailoverSeconds(model, l, s) > Math.min(...repairs))) shapes.add("a window that can outlast its trigger's repair");
  }
  const byZone = new Map<string, number>();
  for (const l of nodeLayers) {
    const zone = primaryZone(l);
    if (failingZone(zone)) byZone.set(zone as string, (byZone.get(zone as string) ?? 0) + 1);
  }
  if ([...byZone.values()].some((n) => n >= 2)) shapes.add('one failing zone holding the primaries of two layers');
  const soleInstanceZones = model.layers.filter((l) => onTopPath.has(l.id) && l.members === 'nodes' && l.instances.length === 1).map((l) => instance.get(l.instances[0] as string)?.zone);
  if ([...byZone.keys()].some((z) => soleInstanceZones.includes(z))) shapes.add("one failing zone holding a primary and a path layer's only instance");
  if (passive.some((l) => l.members === 'sites')) shapes.add('an active-passive layer of sites');
  if (model.sites.some((s) => s.site !== undefined)) shapes.add('nested sites');
  const costs = [...brute.failover.values()].map((f) => f.cost);
  if (costs.some((c) => (c?.byTrigger.zone ?? 0) > 0)) shapes.add('windows opened by a zone');
  if (costs.some((c) => (c?.byTrigger.region ?? 0) > 0)) shapes.add('windows opened by a region');
  // Each layer's cost counts a shared failure's windows with the others closed: the costs add up
  // to more than the system's term only when one failure opens windows in two layers that both cost.
  const sum = costs.reduce((s, c) => s + (c?.unavailability ?? 0), 0);
  if (brute.system && sum > brute.system.failoverUnavailability * (1 + 1e-9)) shapes.add('one failure opening windows in two layers that both cost');
  return shapes;
}
