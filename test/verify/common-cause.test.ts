/**
 * Common causes (issue 16, docs/language.md "Common causes"): deploys, `common-cause β` groups and
 * maintenance, each an element like a zone — up or down, independent of every other element —
 * whose failure takes down every instance it covers.
 *
 * 1. The brute-force reference against closed forms worked out by hand.
 * 2. The generator's common causes: the hand-built ones (the semantics) against the model stage's
 *    reading of the same text (fails until the parser and model read the new syntax).
 * 3. Monte Carlo against brute force on generated models with common causes: the 95% interval
 *    plus section 3's second-order allowance, as test/core/simulation/agreement.ts does it.
 * 4. The exact engine (`analyseSystem`) against brute force on the same models: U, U_struct, the
 *    windows' term, layer and site figures, failover split by trigger (common causes included),
 *    SPOFs, minimal cut sets and Birnbaum importance.
 * 5. SCRAM on the exported MEF against brute force: U_struct and the minimal cut sets; and the
 *    engine against SCRAM through the whole pipeline, from the text with the new syntax.
 *
 * TOPO_CC_COUNT sets how many generated seeds are tried (default 200).
 */
import { strict as assert } from 'node:assert';
import type { InstanceModel, SystemModel } from '../../server/src/core/model/types';
import { analyseSystem } from '../../server/src/core/analysis/index';
import { toMef } from '../../server/src/core/export/mef';
import type { BasicEvent } from '../../server/src/core/export/fault-tree';
import { compileStructure, monteCarlo } from '../../server/src/core/simulation/index';
import { SECONDS_PER_HOUR, SECONDS_PER_DAY } from '../../grammar/src/units';
import { modelOf } from '../support/model';
import { bruteForce, SECONDS_PER_YEAR, type BruteForceResult } from './brute-force';
import { betaGroup, deployCause, instance, layer, maintenanceCause, site, system } from './fixtures';
import { commonCauseCase, parsedWithCommonCauses, type CommonCauseCase } from './common-cause-models';
import { eventsPerYear, missBudget } from '../core/simulation/agreement';
import { runScramAll, scramVersion } from './scram';
import { compareWithScram, prepare, type Prepared } from './differential';

const COUNT = Number(process.env.TOPO_CC_COUNT ?? 200);
/** Brute force enumerates targets of up to 16 elements here. */
const LIMIT = 16;

function close(actual: number | undefined, expected: number, what: string, relative = 1e-12): void {
  assert.ok(actual !== undefined && Math.abs(actual - expected) <= relative * Math.abs(expected) + 1e-300, `${what}: ${actual} vs ${expected} by hand`);
}

function evaluate(model: SystemModel): BruteForceResult {
  const r = bruteForce(model);
  assert.ok(r?.system, 'the reference evaluated nothing');
  return r;
}

const sorted = (cuts: string[][]): string[] => cuts.map((c) => [...c].sort().join(' ')).sort();

const WEEK = 7 * SECONDS_PER_DAY;

describe('common causes: the brute-force reference against closed forms', () => {
  it('a series deploy in front of a 1-of-2 layer: U = u_c + (1 − u_c)·U_a²', () => {
    const ua = 1e-3;
    const apps = [instance('app-1', 'app', ua), instance('app-2', 'app', ua)];
    const deploy = deployCause('deploy app', { scope: 'layer', scopeId: 'app', layer: 'app' }, ['app-1', 'app-2'], { perWeek: 20, changeFailure: 0.05, restoreSeconds: 1800, rollout: 'all-at-once' });
    const uc = (20 * 0.05 / WEEK) * 1800;
    close(deploy.unavailability, uc, 'the deploy: U = f·R');
    const model = system({ instances: apps, layers: [layer('app', { instances: ['app-1', 'app-2'] })], commonCauses: [deploy] });
    const r = evaluate(model);
    const u = uc + (1 - uc) * ua * ua;
    close(r.system?.unavailability, u, 'U');
    close(r.system?.structuralUnavailability, u, 'U_struct');
    assert.equal(r.system?.failoverUnavailability, 0);
    close(r.layers.get('app')?.unavailability, u, 'the layer alone');
    close(r.birnbaum('c:deploy app'), 1 - ua * ua, 'Birnbaum of the deploy');
    close(r.birnbaum('i:app-1'), (1 - uc) * ua, 'Birnbaum of app-1');
    assert.deepEqual(sorted(r.cutSets(2)), sorted([['c:deploy app'], ['i:app-1', 'i:app-2']]));
  });

  it('a beta pair, 1 of 2: U = U_c + (1 − U_c)·U_own², each instance alone still down with its U', () => {
    const u = 2e-3;
    const beta = 0.1;
    const { cause, members } = betaGroup('common-cause app', { scope: 'layer', scopeId: 'app', layer: 'app' }, [instance('app-1', 'app', u), instance('app-2', 'app', u)], beta);
    const uc = beta * u;
    const own = (u - uc) / (1 - uc);
    close(cause.unavailability, uc, 'U_c = β·U');
    close(members[0]?.own?.unavailability, own, 'U_own');
    close(1 - (1 - uc) * (1 - own), u, 'an instance is down with its written U');
    const model = system({ instances: members, layers: [layer('app', { instances: ['app-1', 'app-2'] })], commonCauses: [cause] });
    const r = evaluate(model);
    close(r.system?.unavailability, uc + (1 - uc) * own * own, 'U');
    assert.ok((r.system?.unavailability ?? 0) > 10 * u * u, 'far above the independent U²');
    assert.deepEqual(sorted(r.cutSets(2)), sorted([['c:common-cause app'], ['i:app-1', 'i:app-2']]));
  });

  it('a canary covering one of two active-active instances: U = U_a·(1 − (1 − u_c)(1 − U_a)) + (1 − U_a)·u_c·U_a', () => {
    const ua = 1e-3;
    const canary = deployCause('deploy app', { scope: 'layer', scopeId: 'app', layer: 'app', series: false }, ['app-1'], { perWeek: 50, changeFailure: 0.1, restoreSeconds: 3600, rollout: 'canary', canaryShare: 0.5 });
    const uc = canary.unavailability;
    const model = system({ instances: [instance('app-1', 'app', ua), instance('app-2', 'app', ua)], layers: [layer('app', { instances: ['app-1', 'app-2'] })], commonCauses: [canary] });
    const r = evaluate(model);
    // app-1 effectively down with 1 − (1 − u_c)(1 − U_a); the layer is down when both are.
    const down1 = 1 - (1 - uc) * (1 - ua);
    close(r.system?.unavailability, down1 * ua, 'U');
    assert.deepEqual(sorted(r.cutSets(2)), sorted([['c:deploy app', 'i:app-2'], ['i:app-1', 'i:app-2']]));
  });

  it('maintenance of a whole layer is in series with it: U = D/T + (1 − D/T)·U_layer', () => {
    const ua = 1e-3;
    const m = maintenanceCause('maintenance db', { scope: 'layer', scopeId: 'db', layer: 'db' }, ['db-1', 'db-2'], 4 * SECONDS_PER_HOUR, 30 * SECONDS_PER_DAY);
    const um = 4 / (30 * 24);
    close(m.unavailability, um, 'U = D/T');
    close(m.mttrSeconds, 4 * SECONDS_PER_HOUR, 'MTTR = D');
    const model = system({ instances: [instance('db-1', 'db', ua), instance('db-2', 'db', ua)], layers: [layer('db', { instances: ['db-1', 'db-2'] })], commonCauses: [m] });
    close(evaluate(model).system?.unavailability, um + (1 - um) * ua * ua, 'U');
  });

  it("a site's deploy opens the failover window of an active-passive layer of sites, attributed to common causes", () => {
    const [up, uw] = [1e-3, 2e-3];
    const p = instance('east.p', 'east.db', up, { site: 'east' });
    const w = instance('west.w1', 'west.w', uw, { site: 'west' });
    const deploy = deployCause('deploy east', { scope: 'site', scopeId: 'east' }, ['east.p'], { perWeek: 10, changeFailure: 0.05, restoreSeconds: 1800, rollout: 'all-at-once' });
    const model = system({
      instances: [p, w],
      layers: [
        layer('geo', {
          sites: ['east', 'west'],
          mode: 'active-passive',
          primary: 'east',
          standbys: ['west'],
          failover: { detectionSeconds: 30, detectionSource: 'heartbeat', promotionSeconds: 5, promotionSource: 'temperature', failoverSeconds: 35, standbyFailoverSeconds: [35] },
        }),
        layer('east.db', { site: 'east', instances: ['east.p'] }),
        layer('west.w', { site: 'west', instances: ['west.w1'] }),
      ],
      sites: [site('east', 'geo', ['east.db']), site('west', 'geo', ['west.w'], { standby: 'hot' })],
      path: ['geo'],
      commonCauses: [deploy],
    });
    const r = evaluate(model);
    const uc = deploy.unavailability;
    const t = 35;
    const fp = p.failuresPerSecond;
    const fc = deploy.failuresPerSecond;
    // Either trigger opens west's window while the other is up and west is up; the system is
    // down for the whole window (east is down throughout, west not yet serving), up without it.
    const byPrimary = fp * (1 - uc) * (1 - uw) * t;
    const byDeploy = fc * (1 - up) * (1 - uw) * t;
    close(r.system?.structuralUnavailability, (1 - (1 - up) * (1 - uc)) * uw, 'U_struct');
    close(r.system?.failoverUnavailability, byPrimary + byDeploy, "the windows' term");
    const geo = r.failover.get('geo')?.cost;
    close(geo?.byTrigger.instance, byPrimary * SECONDS_PER_YEAR, 'by instance');
    close(geo?.byTrigger.commonCause, byDeploy * SECONDS_PER_YEAR, 'by common cause');
    assert.deepEqual([geo?.byTrigger.zone, geo?.byTrigger.region], [0, 0]);
    close(r.failover.get('geo')?.windowsPerYear, (fp * (1 - uc) + fc * (1 - up)) * (1 - uw) * SECONDS_PER_YEAR, 'windows per year');
  });

  it('a common cause covering a primary and its standby opens no window (nothing to fail over to)', () => {
    const model = modelOf(`system b {
  layer db {
    heartbeat { timeout 10s }
    node p { availability 99.9% }
    node s { availability 99.5% standby hot }
  }
}`);
    const m = maintenanceCause('maintenance db', { scope: 'layer', scopeId: 'db', layer: 'db' }, ['p', 's'], SECONDS_PER_HOUR, 30 * SECONDS_PER_DAY);
    const r = evaluate({ ...model, commonCauses: [m] });
    const [p, s] = model.instances as [InstanceModel, InstanceModel];
    const um = m.unavailability;
    close(r.system?.structuralUnavailability, um + (1 - um) * p.unavailability * s.unavailability, 'U_struct');
    close(r.system?.failoverUnavailability, p.failuresPerSecond * 15 * (1 - s.unavailability) * (1 - um), 'only the primary opens windows');
    assert.equal(r.failover.get('db')?.cost?.byTrigger.commonCause, 0);
  });
});

// ---- generated models ---------------------------------------------------------------------------

interface Generated {
  c: CommonCauseCase;
  brute: BruteForceResult;
}

function generated(): Generated[] {
  const out: Generated[] = [];
  for (let seed = 1; seed <= COUNT; seed++) {
    const c = commonCauseCase(seed);
    if (!c) continue;
    const brute = bruteForce(c.model, LIMIT);
    if (brute?.system) out.push({ c, brute });
  }
  return out;
}

describe(`common causes on generated models (seeds 1…${COUNT})`, function () {
  this.timeout(600_000);
  let cases: Generated[] = [];
  before(() => {
    cases = generated();
  });

  it('draws every kind of common cause on models small enough for brute force', () => {
    assert.ok(cases.length >= COUNT / 3, `only ${cases.length} models`);
    const shapes = new Map<string, number>();
    for (const { c } of cases) {
      for (const x of c.model.commonCauses) {
        const shape = `${x.kind} on ${x.scope}${x.deploy?.rollout === 'canary' ? ' (canary)' : ''}${x.series ? '' : ', partial'}`;
        shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
      }
    }
    const want = ['deploy on layer', 'deploy on layer (canary), partial', 'deploy on site', 'deploy on system', 'common-cause on layer', 'common-cause on node', 'common-cause on node, partial', 'maintenance on layer', 'maintenance on system'];
    assert.deepEqual(want.filter((s) => (shapes.get(s) ?? 0) < 3), [], JSON.stringify(Object.fromEntries(shapes)));
    const withWindows = cases.filter(({ brute }) => [...brute.failover.values()].some((f) => (f.cost?.byTrigger.commonCause ?? 0) > 0));
    assert.ok(withWindows.length >= 8, `only ${withWindows.length} models where a common cause opens a window that costs`);
  });

  it('the model stage reads the printed common causes as the semantics build them (ids, instances, figures, own shares)', () => {
    const problems: string[] = [];
    for (const { c } of cases) {
      const parsed = parsedWithCommonCauses(c.text);
      if (parsed.errors.length > 0 || !parsed.model) {
        problems.push(`seed ${c.seed}: ${parsed.errors.slice(0, 3).join('; ')}`);
        continue;
      }
      const mine = new Map(c.model.commonCauses.map((x) => [x.id, x]));
      const theirs = new Map(parsed.model.commonCauses.map((x) => [x.id, x]));
      if ([...mine.keys()].sort().join('|') !== [...theirs.keys()].sort().join('|')) {
        problems.push(`seed ${c.seed}: ids ${[...theirs.keys()].join(', ')} vs by hand ${[...mine.keys()].join(', ')}`);
        continue;
      }
      for (const [id, x] of mine) {
        const y = theirs.get(id);
        if (!y) continue;
        if (y.kind !== x.kind || y.instances.join(',') !== x.instances.join(',') || y.series !== x.series) problems.push(`seed ${c.seed}: ${id}: ${y.kind} [${y.instances}] series ${y.series} vs by hand ${x.kind} [${x.instances}] series ${x.series}`);
        for (const k of ['unavailability', 'mttrSeconds', 'failuresPerSecond'] as const) {
          if (Math.abs(y[k] - x[k]) > 1e-12 * Math.abs(x[k])) problems.push(`seed ${c.seed}: ${id}: ${k} ${y[k]} vs by hand ${x[k]}`);
        }
      }
      for (const i of c.model.instances) {
        const j = parsed.model.instances.find((x) => x.id === i.id);
        const a = i.own?.unavailability;
        const b = j?.own?.unavailability;
        if ((a === undefined) !== (b === undefined) || (a !== undefined && b !== undefined && Math.abs(a - b) > 1e-12 * a)) problems.push(`seed ${c.seed}: own share of ${i.id}: ${b} vs by hand ${a}`);
      }
    }
    assert.deepEqual(problems.slice(0, 12), [], `${problems.length} problems`);
  });

  it('Monte Carlo agrees with brute force within the 95% interval plus the second-order allowance', function () {
    const eligible = cases.filter(({ brute }) => {
      const u = brute.system?.unavailability ?? 0;
      return u >= 1e-4 && u <= 1e-2;
    }).slice(0, 16);
    assert.ok(eligible.length >= 12, `only ${eligible.length} models with U in [1e-4, 1e-2]`);
    const lines: string[] = [];
    let misses = 0;
    let far = 0;
    let telling = 0;
    for (const { c, brute } of eligible) {
      const exact = brute.system?.unavailability as number;
      const structure = compileStructure(c.model);
      const years = Math.round(Math.min(40_000, 2_000_000 / eventsPerYear(structure)));
      const r = monteCarlo(c.model, { years, seed: c.seed });
      const half = (r.unavailability.ci95[1] - r.unavailability.ci95[0]) / 2;
      const allowance = exact * exact;
      const distance = (Math.abs(r.unavailability.mean - exact) - allowance) / half;
      // Power: U without its common causes stands out of the noise.
      const without = bruteForce(c.base, LIMIT)?.system?.unavailability ?? 0;
      if (exact - without > 4 * half + allowance) telling++;
      if (distance > 1) misses++;
      if (distance > 4) far++;
      lines.push(`seed ${c.seed}: brute ${exact.toExponential(4)} (without common causes ${without.toExponential(3)}), simulated ${r.unavailability.mean.toExponential(4)} ± ${half.toExponential(2)} over ${years} years: ${distance.toFixed(2)}`);
    }
    const report = lines.join('\n');
    if (process.env.TOPO_CC_VERBOSE) console.log(report);
    assert.equal(far, 0, report);
    assert.ok(misses <= missBudget(eligible.length), report);
    assert.ok(telling >= eligible.length / 3, `common causes stand out on only ${telling}:\n${report}`);
  });

  /** Every disagreement of the engine with brute force, by aspect (computed once). */
  type EngineAspect = 'setup' | 'system' | 'parts' | 'failover' | 'spofs' | 'cut-sets' | 'importance';
  let engineProblems: { aspect: EngineAspect; message: string }[] | undefined;
  const engineVsBruteForce = (): { aspect: EngineAspect; message: string }[] => {
    if (engineProblems) return engineProblems;
    const problems: { aspect: EngineAspect; message: string }[] = [];
    const rel = (a: number | undefined, b: number, abs = 0): boolean => a !== undefined && Math.abs(a - b) <= Math.max(1e-9 * Math.abs(b), abs, 1e-300);
    for (const { c, brute } of cases) {
      const add = (aspect: EngineAspect, m: string): void => void problems.push({ aspect, message: `seed ${c.seed}: ${m}` });
      let a;
      try {
        a = analyseSystem(c.model, { maxOrder: 3 });
      } catch (e) {
        add('setup', `the engine threw: ${(e as Error).message.split('\n')[0]}`);
        continue;
      }
      if (!a) {
        add('setup', 'no analysis');
        continue;
      }
      if (!a.exact) add('setup', `not exact: ${a.limits.join('; ')}`);
      const s = brute.system;
      if (s) {
        if (!rel(a.unavailability, s.unavailability)) add('system', `U ${a.unavailability} vs ${s.unavailability}`);
        if (!rel(a.structuralUnavailability, s.structuralUnavailability)) add('system', `U_struct ${a.structuralUnavailability} vs ${s.structuralUnavailability}`);
        if (!rel(a.failoverUnavailability, s.failoverUnavailability, 1e-9 * s.unavailability)) add('system', `windows ${a.failoverUnavailability} vs ${s.failoverUnavailability}`);
      }
      for (const [id, f] of brute.layers) {
        if (!f) continue;
        const l = a.layers.find((x) => x.name === id);
        if (!rel(l?.unavailability, f.unavailability)) add('parts', `layer ${id}: U ${l?.unavailability} vs ${f.unavailability}`);
      }
      for (const [id, f] of brute.sites) {
        if (!f) continue;
        const x = a.sites.find((y) => y.name === id);
        if (!rel(x?.unavailability, f.unavailability)) add('parts', `site ${id}: U ${x?.unavailability} vs ${f.unavailability}`);
      }
      const absolute = 1e-9 * (s?.unavailability ?? 0) * SECONDS_PER_YEAR;
      for (const [id, f] of brute.failover) {
        const topo = a.layers.find((x) => x.name === id)?.failover;
        if (!f.cost) continue;
        if (!topo) {
          add('failover', `layer ${id}: no failover figures`);
          continue;
        }
        for (const k of ['instance', 'zone', 'region', 'commonCause'] as const) {
          if (!rel(topo.byTrigger[k], f.cost.byTrigger[k], absolute)) add('failover', `layer ${id}: byTrigger.${k} ${topo.byTrigger[k]} vs ${f.cost.byTrigger[k]}`);
        }
      }
      const key = (k: string): string => k.slice(2);
      // Maintenance is planned, not a failure: in the cut sets, never a single point of failure (docs/language.md).
      const planned = new Set(c.model.commonCauses.filter((x) => x.kind === 'maintenance').map((x) => x.id));
      const bruteSpofs = brute.cutSets(1).map((x) => key(x[0] as string)).filter((id) => !planned.has(id)).sort();
      const topoSpofs = a.spofs.map((x) => x.element).sort();
      if (bruteSpofs.join('|') !== topoSpofs.join('|')) add('spofs', `SPOFs ${topoSpofs.join(', ')} vs ${bruteSpofs.join(', ')}`);
      const bruteCuts = brute.cutSets(3).map((x) => x.map(key).sort().join(' + ')).sort();
      const topoCuts = a.cutSets.map((x) => [...x.elements].sort().join(' + ')).sort();
      if (bruteCuts.join('|') !== topoCuts.join('|')) add('cut-sets', `cut sets: only topo {${topoCuts.filter((x) => !bruteCuts.includes(x)).slice(0, 4).join(', ')}} only brute force {${bruteCuts.filter((x) => !topoCuts.includes(x)).slice(0, 4).join(', ')}}`);
      const prefix: Record<string, string> = { instance: 'i:', zone: 'z:', region: 'r:', deploy: 'c:', 'common-cause': 'c:', maintenance: 'c:' };
      for (const imp of a.importance) {
        const want = brute.birnbaum(`${prefix[imp.type] ?? '?'}${imp.element}`);
        if (want !== undefined && !imp.bounded && Math.abs(imp.birnbaum - want) > 1e-9 * Math.abs(want) + 1e-15) add('importance', `Birnbaum of ${imp.element}: ${imp.birnbaum} vs ${want}`);
      }
      const covered = new Set(a.importance.map((x) => x.element));
      const missing = c.model.commonCauses.filter((x) => x.unavailability > 0 && !covered.has(x.id)).map((x) => x.id);
      if (missing.length > 0 && a.importance.length < 50) add('importance', `no importance for ${missing.join(', ')}`);
    }
    if (process.env.TOPO_CC_VERBOSE) console.log(problems.map((x) => `${x.aspect}: ${x.message}`).join('\n'));
    engineProblems = problems;
    return problems;
  };
  const expectEngine = (aspect: EngineAspect): void => {
    const found = engineVsBruteForce().filter((x) => x.aspect === aspect).map((x) => x.message);
    assert.deepEqual(found.slice(0, 12), [], `${found.length} disagreements`);
  };

  it('the exact engine analyses every model exactly', () => expectEngine('setup'));
  it('the exact engine agrees with brute force on U, U_struct and the windows\' term (1e-9)', () => expectEngine('system'));
  it("the exact engine agrees with brute force on each layer's and site's own U (1e-9)", () => expectEngine('parts'));
  it('the exact engine agrees with brute force on the failover cost split by trigger, common causes included', () => expectEngine('failover'));
  it('the exact engine agrees with brute force on the SPOFs', () => expectEngine('spofs'));
  it('the exact engine agrees with brute force on the minimal cut sets up to order 3', () => expectEngine('cut-sets'));
  it('the exact engine agrees with brute force on Birnbaum importance, common causes included', () => expectEngine('importance'));

  it('SCRAM on the exported MEF agrees with brute force on U_struct and the minimal cut sets', async () => {
    assert.ok(scramVersion(), 'scram is not installed: run `bash scripts/setup-system.sh` (the suite must not skip)');
    const jobs: { c: CommonCauseCase; brute: BruteForceResult; xml: string; top: string; element: Map<string, string> }[] = [];
    let commonCauseEvents = 0;
    for (const { c, brute } of cases.slice(0, 60)) {
      const exported = toMef([c.model]);
      assert.ok(exported.ok, `seed ${c.seed}: ${exported.ok ? '' : exported.error}`);
      const tree = exported.mef.trees[0];
      assert.ok(tree);
      const events = new Map(tree.basicEvents.map((e) => [e.name, e.element]));
      // A common cause is a basic event with its U (when the top event reaches what it covers).
      for (const x of c.model.commonCauses) {
        const event: BasicEvent | undefined = tree.basicEvents.find((e) => e.element === x.id);
        if (event) assert.ok(event.type === x.kind && event.probability === x.unavailability, `seed ${c.seed}: ${x.id} is a basic event with its U`);
        if (event) commonCauseEvents++;
      }
      for (const i of c.model.instances) {
        const event: BasicEvent | undefined = tree.basicEvents.find((e) => e.element === i.id && e.type === 'instance');
        if (event) assert.equal(event.probability, (i.own ?? i).unavailability, `seed ${c.seed}: ${i.id} has its own share`);
      }
      jobs.push({ c, brute, xml: exported.mef.xml, top: tree.top.name, element: events });
    }
    assert.ok(commonCauseEvents >= 30, `only ${commonCauseEvents} common causes in the trees`);
    const reports = await runScramAll(jobs.map((j) => j.xml), { limitOrder: 3 });
    const problems: string[] = [];
    jobs.forEach((j, k) => {
      const top = reports[k]?.tops.get(j.top);
      const want = j.brute.system?.structuralUnavailability ?? NaN;
      if (!top) return void problems.push(`seed ${j.c.seed}: no SCRAM result`);
      if (!(Math.abs(top.probability - want) <= 5e-6 * want + 1e-300)) problems.push(`seed ${j.c.seed}: U_struct scram ${top.probability} vs brute force ${want}`);
      const scramCuts = top.products.map((p) => p.map((e) => j.element.get(e) ?? `?${e}`).sort().join(' + ')).sort();
      const bruteCuts = j.brute.cutSets(3).map((x) => x.map((e) => e.slice(2)).sort().join(' + ')).sort();
      if (scramCuts.join('|') !== bruteCuts.join('|')) problems.push(`seed ${j.c.seed}: cut sets: only scram {${scramCuts.filter((x) => !bruteCuts.includes(x)).slice(0, 4).join(', ')}} only brute force {${bruteCuts.filter((x) => !scramCuts.includes(x)).slice(0, 4).join(', ')}}`);
    });
    assert.deepEqual(problems.slice(0, 10), [], `${problems.length} of ${jobs.length} disagree`);
  });

  it('the engine agrees with SCRAM through the whole pipeline (the text with the new syntax, parsed, analysed, exported)', async () => {
    assert.ok(scramVersion(), 'scram is not installed: run `bash scripts/setup-system.sh` (the suite must not skip)');
    const prepared = cases.slice(0, 60).map(({ c }) => prepare(c.seed, c.text)).filter((p): p is Prepared => p !== undefined && p.mef !== undefined);
    assert.ok(prepared.length >= 40, `only ${prepared.length} models exported`);
    const reports = await runScramAll(prepared.map((p) => p.mef?.xml ?? ''), { limitOrder: 3, importance: true });
    const problems = prepared.flatMap((p, k) => {
      const tops = reports[k]?.tops ?? new Map();
      return compareWithScram(p, tops.get(p.mef?.top ?? ''), tops).problems.map((x) => `seed ${p.seed}: ${x.aspect}: ${x.message}`);
    });
    if (process.env.TOPO_CC_VERBOSE) console.log(problems.join('\n'));
    assert.deepEqual(problems.slice(0, 10), [], `${problems.length} problems`);
  });
});
