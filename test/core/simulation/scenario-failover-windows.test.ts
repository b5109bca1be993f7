/**
 * Failover windows in scenarios, rule by rule (spec section 3 "Failover windows (revision 2)" and
 * section 7): a window lasts T_fo(j) = detection + promotion of j, j the first standby up once the
 * failure's whole instant is applied; it runs in full (the failed member fenced); at its end j is
 * promoted, or the first standby up then if j failed meanwhile; a repaired primary is active again
 * at once; the serving standby's failure opens a window too; a window inside a site is not a
 * failure of the site.
 */
import { strict as assert } from 'node:assert';
import { fails, simulate, timeline } from './helpers';

/** p primary; h hot (5 s), c cold (30 m); detection 10 s. */
const hotThenCold = (p = 'availability 99.9% mttr 2h', h = 'availability 99.9% mttr 1h', c = 'availability 99.9% mttr 2h') => `system s {
  layer db {
    heartbeat { timeout 10s }
    replication sync
    node p { ${p} }
    node h { ${h} standby hot }
    node c { ${c} standby cold }
  }
}`;

const promotions = (r: ReturnType<typeof simulate>) => r.events.filter((e) => e.type === 'promoted').map((e) => `${e.t} ${e.element}: ${e.detail}`);

describe('scenario: a window lasts the T_fo of the standby it promotes', () => {
  it('the hot standby up: detection 10 s + its promotion 5 s', () => {
    const r = simulate(hotThenCold(), fails('p'));
    assert.deepEqual(r.outages, [{ start: 0, end: 15 }]);
    assert.deepEqual(timeline(r, ['detected', 'promoted']), ['10 detected p', '15 promoted h', '7200 promoted p']);
    assert.equal(promotions(r)[0], '15 h: h promoted: failover complete after 15s (detection 10s + promotion 5s)');
  });

  it('a cold standby behind a down hot one costs its own 30 m, and the layer says so as it goes down', () => {
    const r = simulate(hotThenCold(), fails('h', 'p@100'));
    assert.deepEqual(r.outages, [{ start: 100, end: 100 + 10 + 1800 }]);
    assert.equal(promotions(r)[0], '1910 c: c promoted: failover complete after 30m 10s (detection 10s + promotion of c 30m; h was down)');
    assert.match(r.events.find((e) => e.type === 'layer-down')?.detail ?? '', /failover in progress: 30m 10s until c is promoted/);
    // h is back at 1 h while c serves: it waits; p back at 100 s + 2 h is active again at once.
    assert.deepEqual(timeline(r, ['repaired', 'promoted', 'layer-down']), ['100 layer-down db', '1910 promoted c', '3600 repaired h', '7300 repaired p', '7300 promoted p']);
  });

  it('a standby back before detection is not what the window promotes: the one it was timed by is', () => {
    // h down 0–105 s; p fails at 100 s, when c is the first standby up: the window is c's 30m 10s,
    // although h is back at 105 s, before the failure is even detected (110 s).
    const r = simulate(hotThenCold(undefined, 'availability 99.9% mttr 105s'), fails('h', 'p@100'));
    assert.deepEqual(r.outages, [{ start: 100, end: 1910 }]);
    assert.deepEqual(timeline(r, ['repaired', 'detected', 'promoted']), ['105 repaired h', '110 detected p', '1910 promoted c', '7300 repaired p', '7300 promoted p']);
  });
});

describe('scenario: the serving standby fails', () => {
  it('with the primary down, the next standby up takes over after its own T_fo', () => {
    const r = simulate(hotThenCold(), fails('p', 'h@100'));
    assert.deepEqual(r.outages, [{ start: 0, end: 15 }, { start: 100, end: 100 + 10 + 1800 }]);
    assert.deepEqual(timeline(r, ['detected', 'promoted']), ['10 detected p', '15 promoted h', '110 detected h', '1910 promoted c', '7200 promoted p']);
    assert.equal(promotions(r)[1], '1910 c: c promoted: failover complete after 30m 10s (detection 10s + promotion 30m)');
    assert.match(r.events.find((e) => e.type === 'detected' && e.element === 'h')?.detail ?? '', /h failure detected by heartbeat timeout 10s/);
  });

  it('the serving standby repaired within its window stays fenced: the window ends with the standby it was timed by', () => {
    const r = simulate(hotThenCold(undefined, 'availability 99.9% mttr 10m'), fails('p', 'h@100'));
    assert.deepEqual(r.outages, [{ start: 0, end: 15 }, { start: 100, end: 1910 }]);
    assert.deepEqual(timeline(r, ['repaired', 'promoted']), ['15 promoted h', '700 repaired h', '1910 promoted c', '7200 repaired p', '7200 promoted p']);
  });

  it('with no other standby up, nothing to fail over to: the layer is down until a member is back, which serves at once', () => {
    const r = simulate(hotThenCold(), fails('c', 'p@100', 'h@200'));
    // c down 0–7200; p down 100–7300; h serves from 115 and fails at 200 (back at 3800).
    assert.deepEqual(r.outages, [{ start: 100, end: 115 }, { start: 200, end: 3800 }]);
    assert.deepEqual(timeline(r, ['detected', 'promoted']), ['110 detected p', '115 promoted h', '3800 promoted h', '7300 promoted p']);
    assert.match(promotions(r)[1] ?? '', /back up and serving at once: no member was up/);
  });
});

describe('scenario: fencing and failback', () => {
  it('a primary repaired within a window outlasting its repair stays fenced and serves at the window\'s end', () => {
    const r = simulate(hotThenCold('availability 99.9% mttr 10m'), fails('h', 'p@100'));
    assert.deepEqual(r.outages, [{ start: 100, end: 1910 }], 'the window runs its full 30m 10s');
    assert.deepEqual(timeline(r, ['repaired', 'promoted', 'layer-up']), ['700 repaired p', '1910 promoted c', '1910 promoted p', '1910 layer-up db', '3600 repaired h']);
    assert.match(promotions(r)[1] ?? '', /p active again: planned failback, no outage/);
  });

  it('a primary repaired while a standby serves is active again at once, without an outage', () => {
    const r = simulate(hotThenCold(), fails('p'));
    assert.deepEqual(r.outages, [{ start: 0, end: 15 }]);
    assert.deepEqual(timeline(r, ['layer-down', 'layer-up', 'promoted']), ['0 layer-down db', '15 promoted h', '15 layer-up db', '7200 promoted p']);
    assert.match(promotions(r)[1] ?? '', /p active again: planned failback, no outage/);
  });
});

describe('scenario: one failure, several members or layers', () => {
  const zoned = `system s {
    zone z1 { availability 99.99% mttr 20m }
    zone z2 { availability 99.99% mttr 1h }
    layer db {
      heartbeat { timeout 10s }
      replication sync
      node p { availability 99.9% mttr 2h zone z1 }
      node h { availability 99.9% zone z1 standby hot }
      node c { availability 99.9% mttr 2h zone z2 standby cold }
    }
  }`;

  it('a zone holding the primary and the hot standby: the window is the cold standby\'s, the primary back within it serves at its end', () => {
    const r = simulate(zoned, fails('z1'));
    assert.deepEqual(r.outages, [{ start: 0, end: 1810 }]);
    assert.deepEqual(timeline(r, ['detected', 'repaired', 'promoted']), ['10 detected p', '1200 repaired z1', '1810 promoted c', '1810 promoted p']);
    assert.equal(promotions(r)[0], '1810 c: c promoted: failover complete after 30m 10s (detection 10s + promotion of c 30m; h was down)');
  });

  it('a zone holding the primaries of two layers opens a window in each, each of its own length', () => {
    const text = `system s {
      zone z1 { availability 99.99% mttr 20m }
      zone z2 { availability 99.99% }
      layer cache {
        heartbeat { timeout 10s }
        replication sync
        node cache-p { availability 99.9% zone z1 }
        node cache-s { availability 99.9% zone z2 standby warm }
      }
      layer db {
        heartbeat { timeout 10s }
        replication sync
        node db-p { availability 99.9% zone z1 }
        node db-s { availability 99.9% zone z2 standby hot }
      }
    }`;
    const r = simulate(text, fails('z1'));
    assert.deepEqual(timeline(r, ['layer-down', 'layer-up', 'promoted']), ['0 layer-down cache', '0 layer-down db', '15 promoted db-s', '15 layer-up db', '70 promoted cache-s', '70 layer-up cache', '1200 promoted cache-p', '1200 promoted db-p']);
    assert.deepEqual(r.outages, [{ start: 0, end: 70 }]);
  });

  it('a zone holding a primary and the only load balancer: the zone\'s own outage, no window on top', () => {
    const text = (temperature: string, zoneMttr: string) => `system s {
      zone z1 { availability 99.99% mttr ${zoneMttr} }
      zone z2 { availability 99.99% }
      layer lb { node lb { availability 99.99% zone z1 } }
      layer db {
        heartbeat { timeout 10s }
        replication sync
        node db-p { availability 99.9% zone z1 }
        node db-s { availability 99.9% zone z2 standby ${temperature} }
      }
      path lb -> db
    }`;
    // The 15 s window lies inside the zone's 20 m outage: it costs nothing on top.
    assert.deepEqual(simulate(text('hot', '20m'), fails('z1')).outages, [{ start: 0, end: 1200 }]);
    // A cold standby's window (10 s + 30 m) outlasts the zone's repair: it keeps costing after it.
    assert.deepEqual(simulate(text('cold', '20m'), fails('z1')).outages, [{ start: 0, end: 1810 }]);
  });
});

describe('scenario: a window inside a site is not a failure of the site', () => {
  const geo = `system s {
    layer geo {
      heartbeat { timeout 30s }
      replication sync
      site east {
        layer db {
          heartbeat { timeout 10s }
          replication sync
          node db-p { availability 99.95% mttr 2h }
          node db-s { availability 99.95% mttr 2h standby hot }
        }
      }
      site west {
        standby warm
        layer db { node db { availability 99.95% mttr 1h } }
      }
    }
  }`;

  it('the layer of sites does not fail over for it, and its up members still serve', () => {
    const r = simulate(geo, fails('east.db-p'));
    assert.deepEqual(timeline(r, ['layer-down', 'layer-up', 'detected', 'promoted']), ['0 layer-down east.db', '10 detected east.db-p', '15 promoted east.db-s', '15 layer-up east.db', '7200 promoted east.db-p']);
    assert.deepEqual(r.outages, [], 'west is up and serves during east\'s window');
  });

  it('with the standby site down, the window inside the active site is an outage of the window only, with no failover of the sites', () => {
    const r = simulate(geo, fails('west.db', 'east.db-p@100'));
    assert.deepEqual(r.outages, [{ start: 100, end: 115 }]);
    assert.ok(!r.events.some((e) => e.layer === 'geo' && (e.type === 'detected' || e.type === 'promoted')), 'geo does not fail over');
  });

  it('the site failing structurally during its own window does fail the layer of sites over, for the standby site\'s T_fo', () => {
    // east.db-s fails at 5 s, inside east.db's window: east has no db member up any more.
    const r = simulate(geo, fails('east.db-p', 'east.db-s@5'));
    assert.deepEqual(r.outages, [{ start: 5, end: 5 + 30 + 60 }]);
    assert.deepEqual(timeline(r, ['detected', 'promoted']), ['10 detected east.db-p', '35 detected east', '95 promoted west', '7200 promoted east']);
    // east.db's own window ended at 15 s with no member up: nothing was promoted inside east.
    assert.ok(!r.events.some((e) => e.type === 'promoted' && e.layer === 'east.db'));
  });
});
