/**
 * The simulators with common causes (issue 16, docs/language.md "Common causes"): a deploy, a
 * `common-cause` group or maintenance is an element whose failure takes down every instance it
 * covers. Models are built by hand from parsed text plus the common causes the semantics give
 * (test/verify/fixtures.ts), so these tests do not depend on the model stage reading the new
 * syntax; the last one reads it from text.
 */
import { strict as assert } from 'node:assert';
import type { SystemModel } from '../../../server/src/core/model/types';
import {
  compileStructure, failableNames, failureTargets, formatScenarioText, joinSpacedNames, monteCarlo, RegenerativeImportanceSampler, resolveTarget, simulateScenario,
} from '../../../server/src/core/simulation/index';
import type { ScenarioResult } from '../../../server/src/core/simulation/types';
import { SECONDS_PER_DAY, SECONDS_PER_WEEK } from '../../../grammar/src/units';
import { betaGroup, deployCause, maintenanceCause } from '../../verify/fixtures';
import { parsedWithCommonCauses } from '../../verify/common-cause-models';
import { fails, modelOf, timeline } from './helpers';

const base = `system shop {
  layer lb { node lb1 { availability 99.95% } }
  layer app {
    load 2000
    health-check { interval 10s unhealthy 3 }
    node app { availability 99.9% replicas 4 capacity 1000 }
  }
}`;

const APP = ['app-1', 'app-2', 'app-3', 'app-4'];

/** `shop` with `deploys 20/week change-failure 5% restore 30m` on app (all at once, or a 25% canary). */
function shop(rollout: 'all-at-once' | 'canary' = 'all-at-once'): SystemModel {
  const model = modelOf(base);
  const canary = rollout === 'canary';
  const deploy = deployCause('deploy app', { scope: 'layer', scopeId: 'app', layer: 'app', series: !canary }, canary ? ['app-1'] : APP, {
    perWeek: 20, changeFailure: 0.05, restoreSeconds: 1800, rollout, ...(canary ? { canaryShare: 0.25 } : {}),
  });
  return { ...model, commonCauses: [deploy] };
}

function run(model: SystemModel, failures: { element: string; at: number }[]): ScenarioResult {
  const outcome = simulateScenario(model, failures);
  if (!outcome.ok) assert.fail(outcome.error);
  return outcome.result;
}

describe('simulation: common causes', () => {
  it('compiles a common cause as an element after the regions, covering its instances', () => {
    const s = compileStructure(shop());
    const e = s.elementIndex.get('deploy app');
    assert.equal(e, s.elementNames.length - 1);
    assert.equal(s.elementTypes[e as number], 'deploy');
    const covered = Array.from(s.depList.subarray(s.depStart[e as number], s.depStart[(e as number) + 1])).map((i) => s.elementNames[i]);
    assert.deepEqual(covered, APP);
    const f = (20 * 0.05) / SECONDS_PER_WEEK;
    assert.ok(Math.abs((s.unavailability[e as number] as number) - f * 1800) < 1e-15);
    assert.equal(s.mttrSeconds[e as number], 1800);
    assert.ok(Math.abs((s.mtbfSeconds[e as number] as number) - (1 / f - 1800)) < 1e-6);
  });

  it('fail deploy app at 0: the deploy takes every app down, the layer and the system with it, until it is restored', () => {
    const r = run(shop(), fails('deploy app'));
    assert.deepEqual(r.outages, [{ start: 0, end: 1800 }]);
    assert.equal(r.systemDowntimeSeconds, 1800);
    assert.deepEqual(timeline(r, ['failure', 'repaired', 'layer-down', 'layer-up', 'system-down', 'system-up']), [
      '0 failure deploy app', '0 layer-down app', '0 system-down system', '1800 repaired deploy app', '1800 layer-up app', '1800 system-up system',
    ]);
    const failure = r.events[0];
    assert.equal(failure?.layer, 'app');
    assert.equal(failure?.detail, 'a bad deploy takes app-1, app-2, app-3, app-4 down; down for 30m (its restore time)');
    assert.match(r.events.find((e) => e.type === 'repaired')?.detail ?? '', /^deploy app back up after 30m \(its restore time\)$/);
    assert.equal(r.events.find((e) => e.type === 'system-down')?.detail, 'app down');
    const text = formatScenarioText('shop', r);
    assert.match(text, /^shop: fail deploy app at t\+0s/);
    assert.match(text, /deploy app\s+failure: a bad deploy takes app-1, app-2, app-3, app-4 down/);
  });

  it('a canary takes only its share down: the layer degrades and stays up', () => {
    const r = run(shop('canary'), fails('deploy app@60'));
    assert.deepEqual(r.outages, []);
    assert.equal(r.events[0]?.detail, 'a bad canary deploy takes app-1 down; down for 30m (its restore time)');
    assert.deepEqual(timeline(r, ['degraded', 'detected']), ['60 degraded app-1', '90 detected app-1']);
  });

  it('an instance down under a common cause stays down until both are back', () => {
    const r = run(shop(), fails('app-2', 'deploy app@600'));
    // app-2 (MTTR 1 h) outlives the deploy (back at 2400 s): the system is up at 2400 with three apps.
    assert.deepEqual(r.outages, [{ start: 600, end: 2400 }]);
    const structure = compileStructure(shop());
    assert.deepEqual(failableNames(structure.system).slice(-1), ['deploy app']);
  });

  it('a site deploy opens the failover window of an active-passive layer of sites', () => {
    const model = modelOf(`system geo {
  layer geo {
    heartbeat { timeout 30s }
    site east { layer db { node p { availability 99.9% } } }
    site west { standby hot layer db { node q { availability 99.9% } } }
  }
}`);
    const deploy = deployCause('deploy east', { scope: 'site', scopeId: 'east' }, ['east.p'], { perWeek: 5, changeFailure: 0.1, restoreSeconds: 3600, rollout: 'all-at-once' });
    const r = run({ ...model, commonCauses: [deploy] }, fails('deploy east'));
    // Detection 30 s + hot promotion 5 s; the primary site is back after the deploy's restore.
    assert.deepEqual(r.outages, [{ start: 0, end: 35 }]);
    assert.deepEqual(timeline(r, ['failure', 'detected', 'promoted', 'repaired']), ['0 failure deploy east', '30 detected east', '35 promoted west', '3600 repaired deploy east', '3600 promoted east']);
  });

  it('resolves common causes by id, suggests them for a near miss, and offers them as failure targets', () => {
    const model = shop();
    const s = compileStructure(model);
    const found = resolveTarget(s, 'deploy app');
    assert.ok(found.ok);
    assert.deepEqual([found.result.type, found.result.elements], ['deploy', [s.elementIndex.get('deploy app')]]);
    const miss = resolveTarget(s, 'deploy ap');
    assert.ok(!miss.ok);
    assert.equal(miss.suggestion, 'deploy app');
    const targets = failureTargets([model]).filter((t) => t.type === 'deploy');
    assert.deepEqual(targets.map((t) => [t.name, t.detail]), [['deploy app', 'a bad deploy: takes app-1, app-2, app-3, app-4 down']]);
  });

  it('joins the words of a shell-split `--fail deploy app@30s` back into the id, keeping the time', () => {
    const model = shop();
    assert.deepEqual(joinSpacedNames(model, ['deploy', 'app@30s', 'lb1']), ['deploy app@30s', 'lb1']);
    assert.deepEqual(joinSpacedNames(model, ['deploy app', 'app-1@5']), ['deploy app', 'app-1@5']);
    assert.deepEqual(joinSpacedNames(model, ['deploy@5', 'app']), ['deploy@5', 'app']);
    assert.deepEqual(joinSpacedNames(model, ['lb1', 'app']), ['lb1', 'app']);
  });

  it("beta groups: an instance's own failures from `own`, the group's as one element", () => {
    const model = modelOf(base);
    const apps = model.instances.filter((i) => i.layer === 'app');
    const { cause, members } = betaGroup('common-cause app', { scope: 'layer', scopeId: 'app', layer: 'app' }, apps, 0.1);
    const grouped: SystemModel = { ...model, instances: model.instances.map((i) => members.find((m) => m.id === i.id) ?? i), commonCauses: [cause] };
    const s = compileStructure(grouped);
    const i = s.elementIndex.get('app-1') as number;
    assert.ok(Math.abs((s.unavailability[i] as number) - (members[0]?.own?.unavailability as number)) < 1e-18);
    assert.equal(s.elementTypes[s.elementIndex.get('common-cause app') as number], 'common-cause');
    const r = run(grouped, fails('common-cause app'));
    assert.equal(r.events[0]?.detail, 'a common-cause failure takes app-1, app-2, app-3, app-4 down; down for 1h (its MTTR)');
  });

  it('maintenance: down for its duration', () => {
    const model = modelOf(base);
    const m = maintenanceCause('maintenance', { scope: 'system', scopeId: '' }, model.instances.map((i) => i.id), 4 * 3600, 30 * SECONDS_PER_DAY);
    const r = run({ ...model, commonCauses: [m] }, fails('maintenance'));
    assert.deepEqual(r.outages, [{ start: 0, end: 4 * 3600 }]);
    assert.equal(r.events[0]?.detail, 'maintenance takes lb1, app-1, app-2, app-3, app-4 down; down for 4h (its duration)');
    assert.equal(r.events[0]?.layer, undefined);
  });

  it('Monte Carlo and importance sampling live a series deploy: U = u_c + (1 − u_c)·U_rest', function () {
    this.timeout(120_000);
    // One instance behind a deploy: U = 1 − (1 − u_c)(1 − u_i), exactly (no windows).
    const model = modelOf('system s { layer x { node x { availability 99.9% mttr 1h } } }');
    const deploy = deployCause('deploy x', { scope: 'layer', scopeId: 'x', layer: 'x' }, ['x'], { perWeek: 10, changeFailure: 0.05, restoreSeconds: 3600, rollout: 'all-at-once' });
    const withDeploy = { ...model, commonCauses: [deploy] };
    const exact = 1 - (1 - deploy.unavailability) * (1 - 1e-3);
    const mc = monteCarlo(withDeploy, { years: 3000, seed: 7 });
    const half = (mc.unavailability.ci95[1] - mc.unavailability.ci95[0]) / 2;
    assert.ok(half < 0.05 * exact, `a narrow interval (${half})`);
    assert.ok(Math.abs(mc.unavailability.mean - exact) <= half, `Monte Carlo ${mc.unavailability.mean} ± ${half} vs ${exact}`);
    assert.ok(Math.abs(mc.unavailability.mean - 1e-3) > 4 * half, 'the deploy is seen');
    const sampler = new RegenerativeImportanceSampler(compileStructure(withDeploy), { cycles: 40_000, seed: 3 });
    while (!sampler.run(10_000));
    const is = sampler.result(exact);
    const isHalf = (is.unavailability.ci95[1] - is.unavailability.ci95[0]) / 2;
    assert.ok(Math.abs(is.unavailability.mean - exact) <= isHalf, `importance sampling ${is.unavailability.mean} ± ${isHalf} vs ${exact}`);
  });

  it('the same timeline from the .topo syntax, when the model stage reads it', () => {
    const parsed = parsedWithCommonCauses(base.replace('load 2000', 'load 2000\n    deploys 20/week change-failure 5% restore 30m'));
    assert.deepEqual(parsed.errors, []);
    assert.ok(parsed.model);
    assert.deepEqual(parsed.model.commonCauses.map((c) => c.id), ['deploy app']);
    const r = run(parsed.model, fails('deploy app'));
    assert.deepEqual(r.outages, [{ start: 0, end: 1800 }]);
    assert.equal(r.events[0]?.detail, 'a bad deploy takes app-1, app-2, app-3, app-4 down; down for 30m (its restore time)');
  });
});
