/**
 * Common causes (docs/language.md "Common causes") in the exact engine, on systems small enough
 * to work out by hand: a deploy in series with its layer, a canary share, beta-factor groups over
 * a whole layer and over one node of several, a site's deploy that opens a failover window,
 * maintenance and `excludes maintenance`, and what the analysis says of each (SPOFs, cut sets,
 * importance, downtime by cause, advice). The differential tests (test/verify) check random
 * systems with common causes against the brute-force reference and Monte Carlo.
 */
import { strict as assert } from 'node:assert';
import { analyseSystem } from '../../../server/src/core/analysis/index';
import { compileSystem } from '../../../server/src/core/analysis/compile';
import type { SystemAnalysis } from '../../../server/src/core/analysis/types';
import { modelOf } from './fixtures';
import { boundedLedger } from '../../support/model';
import { SECONDS_PER_HOUR as H, SECONDS_PER_WEEK as W, SECONDS_PER_YEAR } from '../../../grammar/src/units';

const analyse = (text: string): SystemAnalysis => analyseSystem(modelOf(text), { maxOrder: 3 })!;

function close(actual: number, expected: number, what: string, relative = 1e-12): void {
  assert.ok(Math.abs(actual - expected) <= relative * Math.abs(expected), `${what}: ${actual} vs ${expected}`);
}

/** 20 deploys a week at 5% change failure, 30 minutes to restore: one bad deploy a week, down 30 min. */
const BAD_DEPLOY_U = 1800 / W;

describe('common causes in the exact engine', () => {
  it('an all-at-once deploy is in series with its layer: U = u_c + (1 − u_c)·U_rest, and it is a single point of failure', () => {
    const a = analyse(`system s {
      layer app {
        deploys 20/week change-failure 5% restore 30m
        node app { availability 99.9% replicas 4 }
      }
    }`);
    const rest = 0.001 ** 4;
    const expected = BAD_DEPLOY_U + (1 - BAD_DEPLOY_U) * rest;
    close(a.unavailability, expected, 'U');
    close(a.layers[0]!.unavailability, expected, 'the layer counts its deploys');
    assert.deepEqual(a.cumulative.map((c) => c.layer), ['app'], 'the deploy is no layer of the path');
    assert.deepEqual(a.spofs, [{ element: 'deploy app', type: 'deploy', layer: 'app' }]);
    const spof = a.diagnostics.find((d) => d.code === 'spof')!;
    assert.match(spof.message, /^deploy app is a single point of failure: a bad deploy \(20 a week at 5% change failure\) takes down layer 'app' and the system for 30m — roll out by canary/);
    close(a.importance.find((i) => i.element === 'deploy app')!.birnbaum, (1 - expected) / (1 - BAD_DEPLOY_U), 'importance of a SPOF');
    close(a.causes.hardware, rest, 'hardware');
    close(a.causes.deploys, expected - rest, 'deploys');
    assert.equal(a.causes.failoverWindows, 0);
  });

  it('a canary exposes the first instances: U mixes over the deploy being bad', () => {
    const a = analyse(`system s {
      layer app {
        min 3
        deploys 20/week change-failure 5% restore 30m rollout canary 25%
        node app { availability 99.9% replicas 4 }
      }
    }`);
    const q = 0.001;
    const p = 1 - q;
    // A bad canary takes app-1 down: 3 of app-2..4 must be up; else 3 of all 4 (written without cancellation).
    const withBad = 3 * q * p * p + 3 * q * q * p + q ** 3;
    const without = 6 * q * q * p * p + 4 * q ** 3 * p + q ** 4;
    close(a.unavailability, BAD_DEPLOY_U * withBad + (1 - BAD_DEPLOY_U) * without, 'U');
    assert.deepEqual(a.spofs, [], 'one instance lost is within the layer\'s headroom');
    const cut = a.cutSets.find((c) => c.elements.includes('deploy app'));
    assert.ok(cut && cut.elements.length === 2, `the canary and one more instance: ${JSON.stringify(a.cutSets.slice(0, 8))}`);
    close(cut.probability, BAD_DEPLOY_U * q, 'its probability');
  });

  it('a canary larger than the headroom is a single point of failure', () => {
    const a = analyse(`system s {
      layer app {
        min 3
        deploys 20/week change-failure 5% restore 30m rollout canary 50%
        node app { availability 99.9% replicas 4 }
      }
    }`);
    assert.deepEqual(a.spofs.map((s) => s.element), ['deploy app']);
    assert.match(a.diagnostics.find((d) => d.code === 'spof')!.message, /its canary of 50% is more than the layer can lose/);
  });

  it('a beta group over a whole layer keeps each instance at its written availability', () => {
    const a = analyse(`system s {
      layer db {
        common-cause 10%
        node a { availability 99.9% }
        node b { availability 99.9% }
      }
    }`);
    const u = 0.001;
    const uc = 0.1 * u;
    const own = (u - uc) / (1 - uc);
    close(1 - (1 - own) * (1 - uc), u, 'marginal of one instance');
    close(a.unavailability, uc + (1 - uc) * own * own, 'U');
    assert.deepEqual(a.spofs.map((s) => [s.element, s.type]), [['common-cause db', 'common-cause']]);
    close(a.causes.hardware, own * own, 'hardware: the independent failures');
    close(a.causes.commonCause, a.unavailability - own * own, 'common cause');
  });

  it("a node's group among several nodes covers its replicas only", () => {
    const a = analyse(`system s {
      layer app {
        node a { availability 99% replicas 2 common-cause 50% }
        node b { availability 99% }
      }
    }`);
    const u = 0.01;
    const uc = 0.5 * u;
    const own = (u - uc) / (1 - uc);
    close(a.unavailability, (uc + (1 - uc) * own * own) * u, 'U');
    assert.deepEqual(a.spofs, []);
    const pair = a.cutSets.find((c) => c.elements.join(',') === 'b,common-cause a');
    assert.ok(pair, JSON.stringify(a.cutSets));
    close(pair.probability, uc * u, 'its probability');
    // The group's zones (none here) and its replicas are told apart from the others.
    const spec = compileSystem(modelOf(`system s { zone z1 { availability 99.9% } zone z2 { availability 99.9% }
      layer lb { node lb { availability 99.9% replicas 2 zones [z1, z2] } }
      layer app { node a { availability 99% replicas 2 zones [z1, z2] common-cause 50% } node b { availability 99% zones [z1, z2] } } }`));
    assert.equal(spec.units.find((x) => x.layerId === 'app')!.groups!.length, 1);
    assert.deepEqual([...spec.layout.aloneVar], [1, 1]);
  });

  it("a site's bad deploy takes the primary site down and opens a failover window to the standby site", () => {
    const a = analyse(`system s {
      layer regions {
        mode active-passive
        heartbeat { timeout 10s }
        site east {
          deploys 1/week change-failure 100% restore 1h
          layer app { node e { availability 100% } }
        }
        site west {
          standby hot
          layer app { node w { availability 100% } }
        }
      }
    }`);
    const f = 1 / W;
    // West never fails: structurally the system never does; each bad deploy of east costs one window of 15 s.
    assert.equal(a.structuralUnavailability, 0);
    close(a.failoverUnavailability, f * 15, 'windows');
    const cost = a.layers.find((l) => l.name === 'regions')!.failover!;
    close(cost.byTrigger.commonCause, f * 15 * SECONDS_PER_YEAR, 'attributed to the deploy');
    assert.equal(cost.byTrigger.instance, 0);
    close(a.causes.failoverWindows, f * 15, 'failover windows part');
    close(a.sites.find((x) => x.name === 'east')!.unavailability, H / W, "the site's own figure counts its deploys");
  });

  it('maintenance counts in U and the SLO; an SLA that excludes it is checked without it; it is never a SPOF', () => {
    const a = analyse(`system s {
      slo 99.9%
      sla 99.9% excludes maintenance
      maintenance 4h every 30d
      layer app { node app { availability 99.95% } }
    }`);
    const m = 4 / (30 * 24);
    close(a.unavailability, m + (1 - m) * 0.0005, 'U');
    close(a.unavailabilityExcludingMaintenance!, 0.0005, 'U without maintenance');
    assert.ok(a.diagnostics.some((d) => d.code === 'slo-miss'));
    assert.ok(!a.diagnostics.some((d) => d.code === 'sla-miss'));
    assert.deepEqual(a.spofs.map((s) => s.element), ['app']);
    assert.ok(a.cutSets.some((c) => c.elements.join() === 'maintenance'));
    close(a.causes.maintenance, a.unavailability - 0.0005, 'maintenance part');
  });

  it('an SLO that excludes maintenance budgets without it', () => {
    const a = analyse(`system s {
      slo 99.9% excludes maintenance
      maintenance 4h every 30d
      layer app { node app { availability 99.95% } }
    }`);
    assert.ok(!a.diagnostics.some((d) => d.code === 'slo-miss'));
    close(a.errorBudget!.expectedDowntimeSeconds, 0.0005 * 30 * 86400, 'expected downtime in the window');
  });

  it('advice: a canary when the all-at-once deploy costs the most', () => {
    const a = analyse(`system s {
      slo 99.9%
      zone az1 { availability 99.99% }
      zone az2 { availability 99.99% }
      layer app {
        load 2000rps
        deploys 20/week change-failure 5% restore 30m
        node app { availability 99.9% replicas 4 capacity 1000rps zones [az1, az2] }
      }
    }`);
    assert.equal(a.advice?.action, 'canary', JSON.stringify(a.advice));
    assert.match(a.advice!.summary, /^Roll out layer 'app' by canary \(rollout canary 25%: a bad deploy reaches app-1 first\): /);
    assert.ok(a.advice!.unavailability < a.unavailability / 10, 'it removes most of the downtime');
  });

  it('placement: the system\'s deploy first on the path, a layer\'s maintenance just before its layer', () => {
    const spec = compileSystem(modelOf(`system s {
      deploys 2/week change-failure 10% restore 1h
      layer app { node app { availability 99.9% replicas 2 } }
      layer db { maintenance 1h every 30d node db { availability 99.9% } }
    }`));
    assert.deepEqual(spec.path.map((l) => l.layerId), ['deploy', 'app', 'maintenance db', 'db']);
    // A layer's own figure counts every common cause over it: the system's deploy, its own maintenance.
    assert.deepEqual([...spec.seriesOf].map(([id, list]) => [id, list.map((l) => l.layerId)]), [['app', ['deploy']], ['db', ['deploy', 'maintenance db']]]);
  });

  it('RTO: a deploy or a group that takes a layer down sets its RTO; a canary the layer survives, or maintenance, does not', () => {
    const a = analyse(`system s {
      rto 5m
      deploys 1/week change-failure 10% restore 20m
      layer app {
        deploys 20/week change-failure 5% restore 30m rollout canary 50%
        maintenance 4h every 30d
        node app { availability 99.9% replicas 4 }
      }
      layer db {
        common-cause 5%
        node db { availability 99.9% replicas 2 mttr 2h }
      }
    }`);
    assert.deepEqual(a.layers.map((l) => [l.name, l.rtoSeconds]), [['app', 0], ['db', 2 * H]]);
    assert.equal(a.rtoSeconds, 2 * H);
    const rto = a.diagnostics.filter((d) => d.code === 'rto-exceeded').map((d) => d.message);
    assert.deepEqual(rto, [
      "layer 'db' takes 2h to recover from one failure (a fault shared by its instances (common-cause db) takes them down together until repaired), more than the system's rto of 5m",
      'the system takes 20m to recover from a bad deploy of the whole system, more than its rto of 5m',
    ]);
    // Without the canary's headroom (every instance needed), the canary takes the layer down for 30m.
    const tight = analyse(`system s { layer app { min 4 deploys 20/week change-failure 5% restore 30m rollout canary 25% node app { availability 99.9% mttr 10m replicas 4 } } }`);
    assert.equal(tight.layers[0]!.rtoSeconds, 1800);
  });

  it('an objective that excludes maintenance, when U without it is only bounded, is undetermined, not missed', () => {
    const bounded = (objectives: string[]) => analyseSystem(modelOf(boundedLedger(objectives)), { maxOrder: 3 })!;
    const a = bounded(['slo 99.99% excludes maintenance', 'maintenance 1m every 365d']);
    assert.ok(a.unavailabilityExcludingMaintenanceBounds, 'bounds kept');
    assert.deepEqual(a.diagnostics.filter((d) => d.code === 'slo-miss' || d.code === 'objective-undetermined').map((d) => d.code), ['objective-undetermined']);
  });

  it("a site's failure frequency counts the common causes its figure counts: a canary it cannot lose, the system's deploys", () => {
    const site = (app: string, system = '') => analyse(`system s { ${system}
      layer regions { min 1
        site east { layer app { min 2 ${app} node app { availability 99.9% replicas 2 } } }
        site west { layer app { node app { availability 99.9% } } } } }`).sites.find((x) => x.name === 'east')!;
    const deploy = 'deploys 20/week change-failure 5% restore 30m';
    const whole = site(deploy);
    const canary = site(`${deploy} rollout canary 50%`);
    // The layer needs both instances: a canary of one is as bad as all at once.
    close(canary.failuresPerSecond, whole.failuresPerSecond, 'f of east', 1e-9);
    close(canary.unavailability, whole.unavailability, 'U of east', 1e-9);
    const plain = site('');
    const withSystemDeploy = site('', 'deploys 1/week change-failure 10% restore 1h');
    // f_site = Σ B(e)·f_e: the deploy's f_d·(1 − U_east), and each instance's importance falls by u_d
    // (1 − q of the other, now times 1 − u_d).
    const fd = 0.1 / W;
    const ud = fd * H;
    const fi = 0.001 / H;
    close(withSystemDeploy.failuresPerSecond - plain.failuresPerSecond, fd * (1 - plain.unavailability) - 2 * fi * 0.999 * ud, "the system's bad deploys", 1e-9);
  });

  it("RTO: a site's deploy is an RTO of the site, and of a layer of sites that cannot lose it", () => {
    const a = analyse(`system s {
      rto 5m
      layer regions { min 2
        site east { deploys 1/day change-failure 10% restore 2h layer app { node app { availability 99.9% replicas 2 } } }
        site west { layer app { node app { availability 99.9% replicas 2 } } } } }`);
    assert.equal(a.sites.find((x) => x.name === 'east')!.rtoSeconds, 2 * H);
    assert.equal(a.layers.find((l) => l.name === 'regions')!.rtoSeconds, 2 * H);
    assert.equal(a.rtoSeconds, 2 * H);
    assert.ok(a.diagnostics.some((d) => d.code === 'rto-exceeded' && /layer 'regions' takes 2h/.test(d.message)));
  });

  it('review repros: capacity tolerance in a canary\'s cut sets, the advice beside 10 partial causes, no canary without headroom, an empty path', () => {
    // The canary's a (0.1) leaves b-1 + b-2 = 0.4 = load: not down (the engine's tolerance), so no SPOF.
    const cap = analyse(`system s { layer app { load 0.4
      deploys 20/week change-failure 5% restore 30m rollout canary 30%
      node a { availability 99.9% capacity 0.1 } node b { availability 99.9% replicas 2 capacity 0.2 } } }`);
    assert.deepEqual(cap.spofs.map((x) => x.element).sort(), ['b-1', 'b-2']);
    assert.ok(!cap.cutSets.some((c) => c.elements.join() === 'deploy app'));
    // Ten node groups: a canary would be an eleventh partial cause; the advice offers the rest, exactly.
    const nodes = Array.from({ length: 10 }, (_, i) => `node n${i} { availability 99.9% replicas 2 common-cause 10% }`).join(' ');
    const lim = analyse(`system s { layer app { deploys 20/week change-failure 5% restore 30m ${nodes} } }`);
    assert.equal(lim.exact, true, lim.limits.join('; '));
    assert.equal(lim.advice?.action, 'fewer-deploys');
    // A layer that cannot lose an instance: no canary advice, and the SPOF says why.
    const tight = analyse(`system s { slo 99.99% layer app { min 2 deploys 5/week change-failure 10% restore 1h node app { availability 99.9% replicas 2 } } }`);
    assert.notEqual(tight.advice?.action, 'canary');
    assert.match(tight.diagnostics.find((d) => d.code === 'spof' && d.message.startsWith('deploy app'))!.message, /cannot lose even one instance, so no canary can help/);
    // No layer on the path: nothing to take down (the CLI reports empty-path; the API gives U = 0).
    const none = analyseSystem(modelOf('system s { deploys 5/week change-failure 10% restore 1h maintenance 1h every 7d layer cache { optional node c { availability 99.9% } } }'), { maxOrder: 3 })!;
    assert.equal(none.unavailability, 0);
  });
});
