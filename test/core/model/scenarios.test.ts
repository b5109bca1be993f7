import assert from 'node:assert/strict';
import { build, codes, system } from './helpers';
import { SECONDS_PER_HOUR as H } from '../../../grammar/src/units';

const A = 'availability 99.9%';

describe('model: scenarios', () => {
  const fixture = `system s {
    region r zone a in r
    layer app { node web { ${A} replicas 2 zone a } node db { ${A} } }
    layer far { site east { layer inner { node x { ${A} replicas 2 } } } }
    scenario "everything" {
      fail web
      fail web-2 at 5m
      fail db at 0s
      fail a at 1h
      fail r
      fail east at 30s
      fail east.x
      fail east.x-1
    }
  }`;

  it('resolves nodes, instances, sites, zones and regions; `at` defaults to 0', () => {
    const result = build(fixture);
    assert.deepEqual(codes(result), []);
    const scenario = result.systems[0]?.scenarios[0];
    assert.equal(scenario?.name, 'everything');
    assert.deepEqual(scenario?.failures.map((f) => [f.target, f.targetType, f.atSeconds]), [
      ['web', 'node', 0],
      ['web-2', 'instance', 300],
      ['db', 'node', 0],
      ['a', 'zone', 3600],
      ['r', 'region', 0],
      ['east', 'site', 30],
      ['east.x', 'node', 0],
      ['east.x-1', 'instance', 0],
    ]);
  });

  it('an unknown target stays in the model without a type', () => {
    const result = build(`system s { layer x { node n { ${A} } } scenario "s" { fail m at 1m } }`);
    assert.deepEqual(result.systems[0]?.scenarios[0]?.failures.map((f) => [f.target, f.targetType, f.atSeconds]), [['m', undefined, 60]]);
    assert.deepEqual(codes(result), ['unknown-reference']);
    assert.equal(result.systems[0]?.analysable, true);
  });

  it('failing a layer is not possible: the message says so and suggests its first node', () => {
    const result = build(`system s { layer db { node db-primary { ${A} } } scenario "s" { fail db } }`);
    const [d] = result.diagnostics;
    assert.deepEqual([d?.code, d?.data?.suggestion], ['unknown-reference', 'db-primary']);
    assert.match(d?.message ?? '', /'db' is a layer; a scenario fails what runs in it, e.g. 'db-primary'/);
  });

  it('`at` past the simulation\'s limit (100,000 years) is invalid-value, kept as written; at the limit it is accepted', () => {
    const result = build(`system s { layer x { node n { ${A} } } scenario "late" { fail n at 100001y fail n at 100000y } }`);
    assert.deepEqual(codes(result), ['invalid-value']);
    const [d] = result.diagnostics;
    assert.equal(d?.message, "the failure time 100001y is past the simulation's limit of 100,000 years, beyond which its clock of float64 seconds loses the millisecond");
    assert.deepEqual([d?.range.start.character, d?.range.end.character], [81, 88]);
    assert.deepEqual(result.systems[0]?.scenarios[0]?.failures.map((f) => f.atSeconds), [100_001 * 31_557_600, 100_000 * 31_557_600]);
    // A scenario does not change the figures: the error does not block the analysis.
    assert.equal(result.systems[0]?.analysable, true);
  });

  it('a rejected `at` stays in the model as written, so a simulation refuses it rather than failing X at 0', () => {
    const huge = '9'.repeat(400); // Infinity seconds
    const result = build(`system s { layer x { node n { ${A} } } scenario "s" { fail n at ${huge}s } }`);
    assert.deepEqual(codes(result), ['invalid-value']);
    assert.deepEqual(result.systems[0]?.scenarios[0]?.failures.map((f) => f.atSeconds), [Infinity]);
  });

  it('a scenario name written as an identifier works too', () => {
    assert.equal(system(`system s { layer x { node n { ${A} } } scenario drill { fail n } }`).scenarios[0]?.name, 'drill');
  });
});

describe('model: systems and objectives', () => {
  it('several systems per file, each with its own model and analysability', () => {
    const result = build(`system good { layer x { node n { ${A} } } } system bad { layer x { node n { } } }`);
    assert.deepEqual(result.systems.map((s) => [s.name, s.analysable, s.instances.length]), [['good', true, 1], ['bad', false, 1]]);
    assert.deepEqual(codes(result), ['missing-availability']);
  });

  it('two systems may reuse names inside them; two systems with one name are a duplicate-name', () => {
    const result = build(`system a { layer x { node n { ${A} } } } system a { layer x { node n { ${A} } } }`);
    assert.deepEqual(codes(result), ['duplicate-name']);
    assert.deepEqual(result.systems.map((s) => s.analysable), [true, true]);
  });

  it('a system with a quoted name', () => {
    assert.equal(system(`system "check out" { layer x { node n { ${A} } } }`).name, 'check out');
  });

  it('objectives: slo/sla as fractions, window/rto/rpo in seconds; window defaults to 30 days', () => {
    const sys = system(`system s { slo 99.95% sla 99.9% rto 5m rpo 0s layer x { node n { ${A} } } }`);
    assert.deepEqual([sys.slo?.value, sys.sla?.value, sys.rto?.value, sys.rpo?.value, sys.window, sys.windowSeconds], [0.9995, 0.999, 300, 0, undefined, 2592000]);
    assert.equal(system(`system s { window 7d layer x { node n { ${A} } } }`).windowSeconds, 604800);
  });

  it('the spec example builds clean, with the spec’s figures', () => {
    const result = build(SPEC_EXAMPLE);
    assert.deepEqual(codes(result), []);
    const sys = result.systems[0];
    assert.ok(sys?.analysable);
    assert.deepEqual(sys.path, ['dns', 'lb', 'app', 'db']);
    const byId = new Map(sys.layers.map((l) => [l.id, l]));
    assert.deepEqual(byId.get('app')?.requirement, { min: 1, load: 2000, k: 2 });
    assert.equal(byId.get('db')?.failover?.failoverSeconds, 15);
    assert.deepEqual(byId.get('db')?.replication, { mode: 'async', rpoSeconds: 2 });
    assert.deepEqual([byId.get('lb')?.kind, byId.get('db')?.kind], ['load-balancer', 'database']);
    // f_p of db = instance + zone + region = 2.5e-4 + 1e-4 + 1e-5 = 3.6e-4 per hour (spec section 10), 1e-7 per second.
    const primary = sys.instances.find((i) => i.id === 'db-primary');
    const zone = sys.zones.find((z) => z.name === primary?.zone);
    const region = sys.regions.find((r) => r.name === zone?.region);
    const fp = (primary?.failuresPerSecond ?? 0) + (zone?.failuresPerSecond ?? 0) + (region?.failuresPerSecond ?? 0);
    assert.ok(Math.abs(fp - 1e-7) < 1e-15 / H, `f_p ${fp}`);
  });
});

const SPEC_EXAMPLE = `# checkout
system checkout {
  slo 99.95%
  sla 99.9%
  rto 5m
  rpo 5s

  region use1 { availability 99.999% }
  zone az1 in use1 { availability 99.99% }
  zone az2 in use1 { availability 99.99% }

  layer dns {
    node route53 { availability 99.99% }
    node cloudflare { availability 99.99% }
  }
  layer lb {
    node lb1 { availability 99.95% zone az1 }     # one load balancer
  }
  layer app {
    load 2000rps
    health-check { interval 10s unhealthy 3 }
    node app { availability 99.9% replicas 4 capacity 1000rps zones [az1, az2] }
  }
  layer db {
    replication async lag 2s
    heartbeat { interval 1s timeout 10s }
    node db-primary { availability 99.95% mttr 2h zone az1 }
    node db-standby { availability 99.95% mttr 2h zone az2 standby hot }
  }
  path dns -> lb -> app -> db
}`;
