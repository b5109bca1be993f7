/**
 * RTO, RPO, headroom, per-site figures and the cumulative path (spec section 4).
 */
import { strict as assert } from 'node:assert';
import { analyseSystem } from '../../../server/src/core/analysis/index';
import { modelOf } from './fixtures';
import { SECONDS_PER_HOUR } from '../../../grammar/src/units';

const analyse = (text: string) => analyseSystem(modelOf(text), { maxOrder: 3 })!;

describe('recovery figures', () => {
  it('RTO: failover time, 0 with headroom, else the largest MTTR', () => {
    const a = analyse(`system s {
      layer web { node w { availability 99% mttr 2h replicas 2 } }
      layer api { min 2 node a { availability 99% mttr 30m } node b { availability 99% mttr 3h } }
      layer db { heartbeat { interval 1s timeout 20s } node p { availability 99.9% } node s { availability 99.9% standby warm } }
      layer solo { mode active-passive node only { availability 99.9% mttr 4h } }
    }`);
    const rto = Object.fromEntries(a.layers.map((l) => [l.name, l.rtoSeconds]));
    assert.deepEqual(rto, { web: 0, api: 3 * 3600, db: 80, solo: 4 * 3600 });
    assert.equal(a.rtoSeconds, 4 * 3600);
  });

  it('RPO: sync 0, async lag, backup interval, none unbounded', () => {
    const a = analyse(`system s {
      layer db1 { replication sync node p { availability 99.9% } node s { availability 99.9% standby } }
      layer db2 { replication async node p2 { availability 99.9% } node s2 { availability 99.9% standby } }
      layer db3 { backup every 1h node p3 { availability 99.9% } node s3 { availability 99.9% standby } }
      layer db4 { node p4 { availability 99.9% } node s4 { availability 99.9% standby } }
    }`);
    const rpo = Object.fromEntries(a.layers.map((l) => [l.name, l.rpoSeconds]));
    assert.deepEqual(rpo, { db1: 0, db2: 1, db3: 3600, db4: Infinity });
    assert.equal(a.rpoSeconds, Infinity);
  });

  it('RPO of an active-passive layer of sites: unbounded without replication, its own replication when given', () => {
    const sites = (replication: string, inner = '') => `system s {
      layer geo { health-check { interval 10s unhealthy 2 } ${replication}
        site blue { layer db { ${inner} node a { availability 99.9% } } }
        site green { standby hot layer db { ${inner} node b { availability 99.9% } } }
      }
    }`;
    const none = analyse(sites(''));
    assert.equal(none.layers.find((l) => l.name === 'geo')!.rpoSeconds, Infinity);
    assert.equal(none.rpoSeconds, Infinity);
    const sync = analyse(sites('replication sync'));
    assert.equal(sync.layers.find((l) => l.name === 'geo')!.rpoSeconds, 0);
    assert.equal(sync.rpoSeconds, 0);
    const lag = analyse(sites('replication async lag 3s'));
    assert.equal(lag.rpoSeconds, 3);
    const backup = analyse(sites('backup every 1h'));
    assert.equal(backup.rpoSeconds, 3600);
  });

  it('RPO of a layer of sites also counts what the layers inside its sites lose', () => {
    const a = analyse(`system s {
      layer geo { replication sync
        site blue { layer db { backup every 10m node p { availability 99.9% } node q { availability 99.9% standby } } }
        site green { standby hot layer db { replication sync node r { availability 99.9% } node t { availability 99.9% standby } } }
      }
    }`);
    assert.equal(a.layers.find((l) => l.name === 'geo')!.rpoSeconds, 600);
    const aa = analyse(`system s {
      layer geo {
        site blue { layer db { replication async lag 2s node p { availability 99.9% } node q { availability 99.9% standby } } }
        site green { layer db { replication sync node r { availability 99.9% } node t { availability 99.9% standby } } }
      }
    }`);
    assert.equal(aa.rpoSeconds, 2, 'an active-active layer of sites has no failover state of its own');
  });

  it('sites: per-site availability and frequency, layer RTO from the failover, cumulative ends at U', () => {
    const a = analyse(`system s {
      zone a { availability 99.9% } zone b { availability 99.9% }
      layer front { node f { availability 99.99% replicas 2 zones [a, b] } }
      layer geo { health-check { interval 10s unhealthy 3 }
        site east { layer app { node e { availability 99.9% replicas 2 zone a } } }
        site west { standby warm layer app { node w { availability 99.9% replicas 2 zone b } } }
      }
    }`);
    assert.deepEqual(a.sites.map((s) => s.name), ['east', 'west']);
    const east = a.sites[0]!;
    // east is down when zone a is down or both of its instances are: f = Σ B·f (every MTTR 1 h, so f = U / 1 h).
    const ui = 0.001;
    const uz = 0.001;
    const want = ((1 - ui * ui) * uz + 2 * (1 - uz) * ui * ui) / SECONDS_PER_HOUR;
    assert.ok(Math.abs(east.failuresPerSecond - want) / want < 1e-12, `${east.failuresPerSecond} vs ${want}`);
    const geo = a.layers.find((l) => l.name === 'geo')!;
    assert.equal(geo.failoverSeconds, 90);
    assert.equal(geo.rtoSeconds, 90);
    assert.ok(Math.abs(geo.primaryFailuresPerSecond! - want) / want < 1e-12);
    assert.ok(geo.failover!.secondsPerYear > 0);
    assert.equal(a.layers.find((l) => l.name === 'east.app')!.site, 'east');
    assert.equal(a.cumulative.length, 2);
    assert.equal(a.cumulative[1]!.unavailability, a.unavailability);
    assert.ok(a.cumulative[0]!.unavailability < a.unavailability);
  });
});

describe('advice', () => {
  it('warms a cold standby when the failover term dominates', () => {
    const a = analyse(`system s {
      layer db { health-check { interval 10s unhealthy 3 }
        node p { availability 99.9% } node s { availability 99.9% standby cold } }
    }`);
    assert.equal(a.advice?.action, 'warm-standby');
    assert.equal(a.advice?.subject, 's');
    assert.ok(a.advice!.unavailability < a.unavailability / 5);
  });

  it('adds a standby to an active-passive layer without one', () => {
    const a = analyse(`system s {
      zone z1 { availability 99.99% } zone z2 { availability 99.99% }
      layer db { mode active-passive heartbeat { interval 1s timeout 5s } node p { availability 99% zone z1 } }
    }`);
    assert.equal(a.advice?.action, 'add-standby');
    assert.match(a.advice!.summary, /in z2/);
  });

  it('advice always buys at least 1% of U, and none is given for a perfect layer', () => {
    const a = analyse(`system s { layer web { node w { availability 99.9% replicas 3 } } }`);
    assert.ok(a.advice && a.advice.unavailability <= a.unavailability * 0.99);
    const perfect = analyse(`system s { layer web { node w { availability 100% } } }`);
    assert.equal(perfect.advice, undefined);
  });
});
