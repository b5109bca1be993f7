import assert from 'node:assert/strict';
import { SECONDS_PER_DAY, SECONDS_PER_HOUR, SECONDS_PER_MINUTE, SECONDS_PER_WEEK } from '../../../grammar/src/units';
import { canaryCount } from '../../../server/src/core/model/common-cause';
import type { CommonCauseModel, InstanceModel, SystemModel } from '../../../server/src/core/model/types';
import { assertClose, build, codes, expectOne, system } from './helpers';

function cause(sys: SystemModel, id: string): CommonCauseModel {
  const found = sys.commonCauses.find((c) => c.id === id);
  assert.ok(found, `no common cause '${id}' among ${sys.commonCauses.map((c) => c.id).join(', ')}`);
  return found;
}

function instance(sys: SystemModel, id: string): InstanceModel {
  const found = sys.instances.find((i) => i.id === id);
  assert.ok(found, `no instance '${id}'`);
  return found;
}

/** Figures of a failure process: A + U = 1, MTBF = MTTR·A/U, f = U/MTTR. */
function assertConsistent(c: { unavailability: number; availability: number; mttrSeconds: number; mtbfSeconds: number; failuresPerSecond: number }, what: string): void {
  assertClose(c.availability + c.unavailability, 1, 1e-15, `${what} A + U`);
  assertClose(c.mtbfSeconds, (c.mttrSeconds * c.availability) / c.unavailability, 1e-12, `${what} MTBF`);
  assertClose(c.failuresPerSecond, c.unavailability / c.mttrSeconds, 1e-12, `${what} f`);
}

const EXAMPLE = 'system s { layer app { deploys 20/week change-failure 5% restore 30m  node app { availability 99.9% replicas 4 zones [az1, az2] } } zone az1 zone az2 }';

describe('model: common causes (an extension)', () => {
  describe('deploys', () => {
    it('the worked example: f = 1/week, U = 1800/604800, covering the layer in series', () => {
      const sys = system(EXAMPLE);
      assert.equal(sys.analysable, true);
      assert.equal(sys.commonCauses.length, 1);
      const d = cause(sys, 'deploy app');
      assert.equal(d.kind, 'deploy');
      assert.equal(d.scope, 'layer');
      assert.equal(d.scopeId, 'app');
      assert.equal(d.layer, 'app');
      assert.deepEqual(d.instances, ['app-1', 'app-2', 'app-3', 'app-4']);
      assert.equal(d.series, true);
      assert.deepEqual(d.deploy, { perWeek: 20, changeFailure: 0.05, restoreSeconds: 1800, rollout: 'all-at-once' });
      assertClose(d.unavailability, 2.9761904761904765e-3, 1e-12, 'U');
      assertClose(d.unavailability, 1800 / 604800, 1e-12, 'U');
      assertClose(d.failuresPerSecond, 1 / SECONDS_PER_WEEK, 1e-12, 'f');
      assert.equal(d.mttrSeconds, 1800);
      assertClose(d.availability, 1 - 1800 / 604800, 1e-12, 'A');
      assertClose(d.mtbfSeconds, SECONDS_PER_WEEK - 1800, 1e-12, 'MTBF');
      assertConsistent(d, 'deploy');
      // Deploys do not touch the instances' own figures.
      assert.equal(instance(sys, 'app-1').own, undefined);
      assert.equal(instance(sys, 'app-1').commonCause, undefined);
    });

    it('ranges: the deploys line and its keyword', () => {
      const sys = system('system s {\n  layer app {\n    deploys 3/day\n    restore 1h\n    change-failure 10%\n    node a { availability 99% }\n  }\n}');
      const d = cause(sys, 'deploy app');
      assert.deepEqual(d.range, { start: { line: 2, character: 4 }, end: { line: 2, character: 17 } });
      assert.deepEqual(d.nameRange, { start: { line: 2, character: 4 }, end: { line: 2, character: 11 } });
      assertClose(d.deploy?.perWeek ?? 0, 21, 1e-15, 'perWeek');
      assertClose(d.unavailability, (21 * 0.1 * SECONDS_PER_HOUR) / SECONDS_PER_WEEK, 1e-12, 'U');
    });

    it('system, site and layer of sites scopes cover every instance below them; ids are qualified', () => {
      const sys = system(`system s {
        deploys 1/week change-failure 1% restore 10m
        layer region-pair {
          deploys 2/week change-failure 2% restore 20m
          site east {
            deploys 3/week change-failure 3% restore 30m
            layer app { deploys 4/week change-failure 4% restore 40m node app { availability 99.9% replicas 2 } }
            layer inner { site deep { layer db { node db { availability 99.9% } } } }
            path app
          }
          site west { standby layer app { node app { availability 99.9% } } path app }
        }
        layer edge { node lb { availability 99.99% } }
        path edge -> region-pair
      }`);
      assert.deepEqual(sys.commonCauses.map((c) => c.id), ['deploy', 'deploy region-pair', 'deploy east', 'deploy east.app']);
      assert.deepEqual(cause(sys, 'deploy').instances, ['east.app-1', 'east.app-2', 'east.deep.db', 'west.app', 'lb']);
      assert.equal(cause(sys, 'deploy').scope, 'system');
      assert.equal(cause(sys, 'deploy').scopeId, '');
      assert.equal(cause(sys, 'deploy').layer, undefined);
      assert.deepEqual(cause(sys, 'deploy region-pair').instances, ['east.app-1', 'east.app-2', 'east.deep.db', 'west.app']);
      assert.deepEqual(cause(sys, 'deploy east').instances, ['east.app-1', 'east.app-2', 'east.deep.db']);
      assert.equal(cause(sys, 'deploy east').scope, 'site');
      assert.deepEqual(cause(sys, 'deploy east.app').instances, ['east.app-1', 'east.app-2']);
      assert.equal(cause(sys, 'deploy east.app').layer, 'east.app');
      for (const c of sys.commonCauses) assert.equal(c.series, true, c.id);
    });

    it('rollout canary P: the first max(1, ⌈P·n⌉) instances in declaration order', () => {
      for (const [n, percent, m] of [[1, 5, 1], [4, 5, 1], [20, 5, 1], [21, 5, 2], [1, 25, 1], [4, 25, 1], [20, 25, 5], [21, 25, 6]] as const) {
        assert.equal(canaryCount(percent, n), m, `${percent}% of ${n}`);
        const sys = system(`system s { layer app { deploys 10/week change-failure 5% restore 30m rollout canary ${percent}% node a { availability 99.9% replicas ${n} } } }`);
        const d = cause(sys, 'deploy app');
        assert.equal(d.instances.length, m, `${percent}% of ${n}`);
        assert.deepEqual(d.instances, sys.instances.slice(0, m).map((i) => i.id));
        assert.equal(d.series, m === n, `series for ${percent}% of ${n}`);
        assert.equal(d.deploy?.rollout, 'canary');
        assert.equal(d.deploy?.canaryShare, percent / 100);
      }
      assert.equal(canaryCount(7, 100), 7, '7% of 100 is 7, not 8');
      assert.equal(canaryCount(100, 3), 3);
    });

    it('rollout all-at-once is the default', () => {
      const sys = system('system s { layer app { rollout all-at-once deploys 10/week change-failure 5% restore 30m node a { availability 99.9% replicas 2 } } }');
      assert.equal(cause(sys, 'deploy app').deploy?.rollout, 'all-at-once');
      assert.equal(cause(sys, 'deploy app').series, true);
    });

    it('change-failure 0% is no element', () => {
      const sys = system('system s { layer app { deploys 10/week change-failure 0% restore 30m node a { availability 99.9% } } }');
      assert.deepEqual(sys.commonCauses, []);
      assert.equal(sys.analysable, true);
    });
  });

  describe('maintenance', () => {
    it('U = D/T, MTTR = D, f = 1/T, covering its scope', () => {
      const sys = system('system s { maintenance 2h every 30d layer db { maintenance 30m every 1w node db { availability 99.9% } } layer app { node a { availability 99.9% replicas 2 } } }');
      const sysWide = cause(sys, 'maintenance');
      assertClose(sysWide.unavailability, 7200 / (30 * SECONDS_PER_DAY), 1e-15, 'U');
      assert.equal(sysWide.mttrSeconds, 7200);
      assertClose(sysWide.failuresPerSecond, 1 / (30 * SECONDS_PER_DAY), 1e-15, 'f');
      assertClose(sysWide.mtbfSeconds, 30 * SECONDS_PER_DAY - 7200, 1e-15, 'MTBF');
      assertConsistent(sysWide, 'maintenance');
      assert.deepEqual(sysWide.instances, ['db', 'a-1', 'a-2']);
      assert.deepEqual(sysWide.maintenance, { durationSeconds: 7200, everySeconds: 30 * SECONDS_PER_DAY });
      const db = cause(sys, 'maintenance db');
      assertClose(db.unavailability, (30 * SECONDS_PER_MINUTE) / SECONDS_PER_WEEK, 1e-15, 'U');
      assert.deepEqual(db.instances, ['db']);
      assert.equal(db.series, true);
      assert.deepEqual(sys.commonCauses.map((c) => c.id), ['maintenance', 'maintenance db']);
    });
  });

  describe('common-cause β', () => {
    it('on a layer: U_c = β × the smallest U, its MTTR; own figures keep each member alone at its U', () => {
      const sys = system(`system s { layer app { common-cause 10%
        node a { availability 99.9% mttr 2h replicas 2 }
        node b { availability 99.99% mttr 30m } } }`);
      const g = cause(sys, 'common-cause app');
      assert.equal(g.kind, 'common-cause');
      assert.equal(g.scope, 'layer');
      assert.equal(g.beta, 0.1);
      assert.deepEqual(g.instances, ['a-1', 'a-2', 'b']);
      assert.equal(g.series, true);
      const uc = 0.1 * 1e-4;
      assertClose(g.unavailability, uc, 1e-12, 'U_c');
      assert.equal(g.mttrSeconds, 1800);
      assertConsistent(g, 'group');
      for (const [id, u, mttr] of [['a-1', 1e-3, 7200], ['a-2', 1e-3, 7200], ['b', 1e-4, 1800]] as const) {
        const i = instance(sys, id);
        assert.equal(i.commonCause, 'common-cause app');
        assert.ok(i.own);
        assertClose(i.own.unavailability, (u - uc) / (1 - uc), 1e-12, `${id} U_own`);
        assert.equal(i.own.mttrSeconds, mttr);
        assertConsistent(i.own, `${id} own`);
        // Alone, it is down when its own failure or the group's is: U_own + U_c − U_own·U_c = U.
        assertClose(i.own.unavailability + uc - i.own.unavailability * uc, u, 1e-12, `${id} U`);
        // Its written figures are kept.
        assertClose(i.unavailability, u, 1e-12, `${id} U written`);
      }
    });

    it('on a node: U_c = β·U, own = U(1−β)/(1−βU); series only when the node is the whole layer', () => {
      const sys = system('system s { layer app { node a { availability 99.9% replicas 3 common-cause 20% } node b { availability 99.9% } } }');
      const g = cause(sys, 'common-cause a');
      assert.equal(g.scope, 'node');
      assert.equal(g.scopeId, 'a');
      assert.equal(g.layer, 'app');
      assert.deepEqual(g.instances, ['a-1', 'a-2', 'a-3']);
      assert.equal(g.series, false);
      assertClose(g.unavailability, 0.2 * 1e-3, 1e-12, 'U_c');
      assert.equal(g.mttrSeconds, 3600);
      const own = instance(sys, 'a-2').own;
      assert.ok(own);
      assertClose(own.unavailability, (1e-3 * 0.8) / (1 - 0.2 * 1e-3), 1e-12, 'U_own');
      assert.equal(instance(sys, 'b').own, undefined);
      const whole = system('system s { layer app { node a { availability 99.9% replicas 3 common-cause 20% } } }');
      assert.equal(cause(whole, 'common-cause a').series, true);
    });

    it('inside a site: ids are qualified', () => {
      const sys = system('system s { layer r { site east { layer app { common-cause 5% node app { availability 99.9% replicas 2 } } path app } } path r }');
      const g = cause(sys, 'common-cause east.app');
      assert.equal(g.scopeId, 'east.app');
      assert.deepEqual(g.instances, ['east.app-1', 'east.app-2']);
      assert.equal(instance(sys, 'east.app-1').commonCause, 'common-cause east.app');
    });

    it('β = 0% is no element, and β = 100% leaves no own failures', () => {
      assert.deepEqual(system('system s { layer app { common-cause 0% node a { availability 99.9% replicas 2 } } }').commonCauses, []);
      const all = system('system s { layer app { common-cause 100% node a { availability 99.9% replicas 2 } } }');
      assertClose(cause(all, 'common-cause app').unavailability, 1e-3, 1e-12, 'U_c');
      assert.equal(instance(all, 'a-1').own?.unavailability, 0);
      assert.equal(instance(all, 'a-1').own?.mtbfSeconds, Infinity);
    });
  });

  it('elements are in declaration order', () => {
    const sys = system(`system s {
      layer app { maintenance 1h every 30d common-cause 5% deploys 1/d change-failure 1% restore 5m node a { availability 99.9% replicas 2 } }
      maintenance 1h every 90d
      deploys 5/week change-failure 2% restore 15m
    }`);
    assert.deepEqual(sys.commonCauses.map((c) => c.id), ['maintenance app', 'common-cause app', 'deploy app', 'maintenance', 'deploy']);
  });

  it('objectives: excludes maintenance', () => {
    const sys = system('system s { slo 99.9% excludes maintenance sla 99.5% maintenance 1h every 30d layer a { node a { availability 99.99% } } }');
    assert.equal(sys.slo?.excludesMaintenance, true);
    assert.equal(sys.sla?.excludesMaintenance, undefined);
    assert.equal(sys.slo?.value, 0.999);
  });

  it('scenarios fail a common cause by its id', () => {
    const sys = system(`system s {
      deploys 1/week change-failure 5% restore 30m
      maintenance 1h every 30d
      layer r { site east { layer app { deploys 1/d change-failure 1% restore 5m maintenance 1h every 30d common-cause 5% node app { availability 99.9% replicas 2 } } path app } }
      layer web { node web { availability 99.9% replicas 2 common-cause 10% } }
      path r -> web
      scenario s { fail deploy fail deploy east.app at 1h fail maintenance at 2h fail maintenance east.app fail common-cause east.app fail common-cause web fail web-1 }
    }`);
    assert.deepEqual(sys.scenarios[0]?.failures.map((f) => [f.target, f.targetType, f.atSeconds]), [
      ['deploy', 'deploy', 0],
      ['deploy east.app', 'deploy', 3600],
      ['maintenance', 'maintenance', 7200],
      ['maintenance east.app', 'maintenance', 0],
      ['common-cause east.app', 'common-cause', 0],
      ['common-cause web', 'common-cause', 0],
      ['web-1', 'instance', 0],
    ]);
  });

  it('a model with none has an empty list', () => {
    assert.deepEqual(system('system s { layer a { node a { availability 99.9% } } }').commonCauses, []);
  });

  describe('diagnostics', () => {
    const cases: { name: string; code: string; fixture: string; message?: RegExp; analysable?: boolean }[] = [
      { name: 'deploys without change-failure', code: 'incomplete-deploys', fixture: 'system s { layer a { <|>deploys 20/week<|> restore 30m node a { availability 99.9% } } }', message: /needs `change-failure`/ },
      { name: 'deploys without both', code: 'incomplete-deploys', fixture: 'system s { <|>deploys 20/week<|> layer a { node a { availability 99.9% } } }', message: /needs `change-failure` and `restore`/ },
      { name: 'change-failure alone', code: 'incomplete-deploys', fixture: 'system s { layer a { <|>change-failure 5%<|> node a { availability 99.9% } } }', message: /without `deploys`/ },
      { name: 'rollout alone', code: 'incomplete-deploys', fixture: 'system s { layer a { <|>rollout all-at-once<|> node a { availability 99.9% } } }' },
      { name: 'restore alone in a site', code: 'incomplete-deploys', fixture: 'system s { layer r { site e { <|>restore 5m<|> layer a { node a { availability 99.9% } } path a } } path r }' },
      { name: 'deploys 0/week', code: 'invalid-value', fixture: 'system s { layer a { deploys <|>0/week<|> change-failure 5% restore 30m node a { availability 99.9% } } }' },
      { name: 'restore 0', code: 'invalid-value', fixture: 'system s { layer a { deploys 1/week change-failure 5% restore <|>0s<|> node a { availability 99.9% } } }' },
      { name: 'change-failure above 100%', code: 'invalid-value', fixture: 'system s { layer a { deploys 1/week change-failure <|>120%<|> restore 30m node a { availability 99.9% } } }' },
      { name: 'deploys down all the time', code: 'invalid-value', fixture: 'system s { layer a { <|>deploys 100/d<|> change-failure 50% restore 1h node a { availability 99.9% } } }', message: /^bad deploys would take more than all the time: / },
      { name: 'canary 0%', code: 'invalid-value', fixture: 'system s { layer a { deploys 1/week change-failure 5% restore 30m rollout canary <|>0%<|> node a { availability 99.9% } } }' },
      { name: 'canary above 100%', code: 'invalid-value', fixture: 'system s { layer a { deploys 1/week change-failure 5% restore 30m rollout canary <|>101%<|> node a { availability 99.9% } } }' },
      { name: 'maintenance as long as its interval', code: 'invalid-value', fixture: 'system s { <|>maintenance 1d every 1d<|> layer a { node a { availability 99.9% } } }' },
      { name: 'maintenance every 0', code: 'invalid-value', fixture: 'system s { maintenance 1h every <|>0s<|> layer a { node a { availability 99.9% } } }' },
      { name: 'maintenance 0', code: 'invalid-value', fixture: 'system s { maintenance <|>0s<|> every 1d layer a { node a { availability 99.9% } } }' },
      { name: 'common-cause above 100%', code: 'invalid-value', fixture: 'system s { layer a { common-cause <|>150%<|> node a { availability 99.9% replicas 2 } } }' },
      { name: 'canary on the system', code: 'invalid-rollout', fixture: 'system s { deploys 1/week change-failure 5% restore 30m <|>rollout canary 5%<|> layer a { node a { availability 99.9% } } }', message: /the system is many layers/ },
      { name: 'canary on a site', code: 'invalid-rollout', fixture: 'system s { layer r { site e { deploys 1/week change-failure 5% restore 30m <|>rollout canary 5%<|> layer a { node a { availability 99.9% } } path a } } path r }' },
      { name: 'canary on a layer of sites', code: 'invalid-rollout', fixture: 'system s { layer r { deploys 1/week change-failure 5% restore 30m <|>rollout canary 5%<|> site e { layer a { node a { availability 99.9% } } path a } } path r }', message: /holds sites/ },
      {
        name: 'canary on an active-passive layer',
        code: 'invalid-rollout',
        fixture: 'system s { layer db { deploys 1/week change-failure 5% restore 30m <|>rollout canary 50%<|> heartbeat { timeout 5s } replication sync node p { availability 99.9% } node s { availability 99.9% standby } } }',
        message: /^an active-passive layer serves from one member at a time, so a canary has no share of it to expose: roll out all at once, or leave `rollout` out$/,
      },
      { name: 'common-cause on a layer of sites', code: 'common-cause-scope', fixture: 'system s { layer r { <|>common-cause 5%<|> site e { layer a { node a { availability 99.9% } } path a } } path r }' },
      {
        name: 'common-cause on part of an active-passive layer',
        code: 'common-cause-scope',
        fixture: 'system s { layer db { heartbeat { timeout 5s } replication sync node p { availability 99.9% <|>common-cause 5%<|> } node s { availability 99.9% standby } } }',
        message: /put common-cause on the layer/,
      },
      { name: 'common-cause on a node of a layer that has one', code: 'common-cause-scope', fixture: 'system s { layer a { common-cause 5% node a { availability 99.9% replicas 2 <|>common-cause 5%<|> } } }', message: /already in layer 'a''s common-cause group/ },
      { name: 'deploys twice', code: 'duplicate-property', fixture: 'system s { layer a { deploys 1/week <|>deploys 2/week<|> change-failure 5% restore 30m node a { availability 99.9% } } }', analysable: true },
      { name: 'maintenance twice in the system', code: 'duplicate-property', fixture: 'system s { maintenance 1h every 30d <|>maintenance 2h every 30d<|> layer a { node a { availability 99.9% } } }', analysable: true },
      { name: 'fail deploy of a layer without deploys', code: 'unknown-reference', fixture: 'system s { layer a { node a { availability 99.9% } } scenario x { fail deploy <|>a<|> } }', analysable: true, message: /^unknown deploy 'deploy a'/ },
      { name: 'fail maintenance of a system without', code: 'unknown-reference', fixture: 'system s { layer a { node a { availability 99.9% } } scenario x { fail <|>maintenance<|> } }', analysable: true },
      {
        name: 'fail common-cause misspelt',
        code: 'unknown-reference',
        fixture: 'system s { layer app { common-cause 5% node a { availability 99.9% replicas 2 } } scenario x { fail common-cause <|>ap<|> } }',
        analysable: true,
        message: /did you mean 'common-cause app'\?/,
      },
    ];
    for (const c of cases) {
      it(`${c.code}: ${c.name}`, () => {
        const { diagnostic, result } = expectOne(c.fixture, c.code);
        assert.equal(diagnostic.severity, 'error');
        if (c.message) assert.match(diagnostic.message, c.message);
        assert.equal(result.systems[0]?.analysable, c.analysable ?? false, `analysable: ${JSON.stringify(codes(result))}`);
      });
    }

    it('common-cause in defaults is ignored, with a warning', () => {
      const { diagnostic } = expectOne('system s { defaults { availability 99.9% <|>common-cause 5%<|> } layer a { node a } }', 'ignored-property');
      assert.equal(diagnostic.severity, 'warning');
    });

    it('excludes maintenance on rto is ignored, with a warning', () => {
      expectOne('system s { rto 5m <|>excludes maintenance<|> layer a { node a { availability 99.9% } } }', 'ignored-property');
    });

    it('a valid model raises nothing', () => {
      const result = build(`system s {
        slo 99.5% excludes maintenance
        deploys 20/week change-failure 5% restore 30m
        maintenance 1h every 30d
        layer app { deploys 3/day change-failure 2% restore 10m rollout canary 25% common-cause 5% node app { availability 99.9% replicas 4 } }
      }`);
      assert.deepEqual(result.diagnostics.filter((d) => d.severity === 'error'), []);
      assert.equal(result.systems[0]?.analysable, true);
    });
  });

  it('limit: more than 10 common causes covering part of one layer is an error on the eleventh, and no figures', () => {
    const nodes = Array.from({ length: 11 }, (_, i) => `node n${i} { availability 99% replicas 2 ${i === 10 ? '<|>common-cause 5%<|>' : 'common-cause 5%'} }`).join(' ');
    const { diagnostic, result } = expectOne(`system s { layer app { ${nodes} } }`, 'limit');
    assert.match(diagnostic.message, /^layer 'app' has more than 10 common causes covering part of it/);
    assert.equal(result.systems[0]?.analysable, false);
    // Ten are fine.
    assert.equal(build(`system s { layer app { ${nodes.replace(/ node n10 \{[^}]*\}/, '')} } }`).systems[0]?.analysable, true);
  });
});
