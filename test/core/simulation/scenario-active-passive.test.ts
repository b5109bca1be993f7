import { strict as assert } from 'node:assert';
import { activePassive, fails, simulate, timeline } from './helpers';

describe('scenario: active-passive layers', () => {
  // Outage = detection + promotion (spec section 3): temperature defaults and detection sources.
  const cases: [string, string, string, number][] = [
    ['hot standby, heartbeat', 'heartbeat { timeout 10s }', 'standby hot', 15],
    ['warm standby, heartbeat', 'heartbeat { timeout 10s }', 'standby warm', 70],
    ['bare standby means warm', 'heartbeat { timeout 10s }', 'standby', 70],
    ['cold standby, heartbeat', 'heartbeat { timeout 10s }', 'standby cold', 1810],
    ['health check interval × unhealthy', 'health-check { interval 5s unhealthy 2 }', 'standby hot', 15],
    ['health check, unhealthy defaults to 3', 'health-check { interval 5s }', 'standby hot', 20],
    ['no health check: manual detection 5m', '', 'standby hot', 305],
    ['the standby\'s own promote', 'heartbeat { timeout 10s }', 'standby cold promote 20s', 30],
  ];
  for (const [name, detection, standby, outage] of cases) {
    it(`${name}: one outage of ${outage}s`, () => {
      const r = simulate(activePassive(detection, 'availability 99.9% mttr 2h', `availability 99.9% ${standby}`), fails('db-primary'));
      assert.deepEqual(r.outages, [{ start: 0, end: outage }]);
      assert.equal(r.systemDowntimeSeconds, outage);
      const promoted = r.events.find((e) => e.type === 'promoted');
      assert.equal(promoted?.t, outage);
      assert.equal(promoted?.element, 'db-standby');
    });
  }

  it('reports detection with its source, then promotion, then failback at the repair', () => {
    const r = simulate(activePassive('heartbeat { interval 1s timeout 10s }'), fails('db-primary'));
    assert.deepEqual(timeline(r), [
      '0 failure db-primary', '0 layer-down db', '0 system-down system', '10 detected db-primary', '15 promoted db-standby',
      '15 data-loss db-standby', '15 layer-up db', '15 degraded db', '15 system-up system', '7200 repaired db-primary', '7200 promoted db-primary',
    ]);
    assert.match(r.events.find((e) => e.type === 'detected')?.detail ?? '', /heartbeat timeout 10s/);
    assert.match(r.events.at(-1)?.detail ?? '', /failback/);
    assert.deepEqual(r.unprotected, [{ layer: 'db', seconds: 7200 }]);
    // A database without replication: the promoted standby has none of the primary's writes.
    assert.match(r.events.find((e) => e.type === 'data-loss')?.detail ?? '', /no replication/);
    assert.equal(r.rpo.dataLossSeconds, Infinity);
  });

  it('manual detection says so', () => {
    const r = simulate(activePassive(''), fails('db-primary'));
    assert.match(r.events.find((e) => e.type === 'detected')?.detail ?? '', /manual detection 5m/);
  });

  it('with the standby already down, the layer is down until a member comes back', () => {
    // Standby fails at 0 (back at 1h); the primary at 60 s finds no standby: no failover, the
    // layer waits for the standby's repair, which then serves at once.
    const r = simulate(activePassive('heartbeat { timeout 10s }', 'availability 99.9% mttr 2h', 'availability 99.9% mttr 1h standby hot'), fails('db-standby', 'db-primary@60'));
    assert.deepEqual(r.outages, [{ start: 60, end: 3600 }]);
    assert.ok(!r.events.some((e) => e.type === 'detected'), 'no failover, so nothing to detect for it');
    const promoted = r.events.filter((e) => e.type === 'promoted').map((e) => `${e.t} ${e.element}`);
    assert.deepEqual(promoted, ['3600 db-standby', '7260 db-primary']);
    assert.equal(r.events.find((e) => e.type === 'degraded')?.t, 0, 'losing the standby is a loss of redundancy');
  });

  it('a primary repaired before the failover completes stays fenced until it does, then fails back', () => {
    const r = simulate(activePassive('heartbeat { timeout 10s }', 'availability 99.9% mttr 5s'), fails('db-primary'));
    assert.deepEqual(r.outages, [{ start: 0, end: 15 }], 'the failover runs its full T_fo');
    assert.deepEqual(timeline(r, ['repaired', 'promoted', 'layer-up']), ['5 repaired db-primary', '15 promoted db-standby', '15 promoted db-primary', '15 layer-up db']);
  });

  it('the first eligible standby in declaration order is promoted', () => {
    const text = `system s {
      layer db {
        heartbeat { timeout 10s }
        node a { availability 99.9% }
        node b { availability 99.9% standby hot }
        node c { availability 99.9% standby hot }
      }
    }`;
    assert.equal(simulate(text, fails('a')).events.find((e) => e.type === 'promoted')?.element, 'b');
    assert.equal(simulate(text, fails('b', 'a@10')).events.find((e) => e.type === 'promoted')?.element, 'c');
  });

  it('a failed promoted standby fails over again to the next one', () => {
    const text = `system s {
      layer db {
        heartbeat { timeout 10s }
        node a { availability 99.9% mttr 2h }
        node b { availability 99.9% standby hot }
        node c { availability 99.9% standby hot }
      }
    }`;
    const r = simulate(text, fails('a', 'b@100'));
    assert.deepEqual(r.outages, [{ start: 0, end: 15 }, { start: 100, end: 115 }]);
  });

  it('two failures at different times give two outages', () => {
    const r = simulate(activePassive('heartbeat { timeout 10s }'), fails('db-primary', 'db-standby@100'));
    assert.deepEqual(r.outages, [{ start: 0, end: 15 }, { start: 100, end: 7200 }]);
    assert.equal(r.systemDowntimeSeconds, 15 + 7100);
  });

  it('failing a failed element again pushes its repair back', () => {
    const r = simulate(activePassive('heartbeat { timeout 10s }', 'availability 99.9% mttr 1h'), fails('db-primary', 'db-primary@1800'));
    assert.deepEqual(timeline(r, ['repaired']), ['5400 repaired db-primary']);
    assert.match(r.events.filter((e) => e.type === 'failure')[1]?.detail ?? '', /already down/);
  });

  it('the same element failed twice at once is repaired once', () => {
    const r = simulate(activePassive('heartbeat { timeout 10s }'), fails('db-primary', 'db-primary'));
    assert.deepEqual(timeline(r, ['repaired']), ['7200 repaired db-primary']);
  });

  it('async replication loses its lag on promotion; backups lose their interval and can miss the RPO', () => {
    const lag = simulate(activePassive('heartbeat { timeout 10s }\n replication async lag 2s'), fails('db-primary'));
    assert.deepEqual(timeline(lag, ['data-loss']), ['15 data-loss db-standby']);
    assert.deepEqual(lag.rpo, { targetSeconds: null, dataLossSeconds: 2, met: null }, 'no rpo set: nothing to meet');
    const backup = simulate(activePassive('heartbeat { timeout 10s }\n replication sync').replace('system s {', 'system s {\n rpo 5s'), fails('db-primary'));
    assert.equal(backup.events.filter((e) => e.type === 'data-loss').length, 0, 'sync replication loses nothing');
    const hourly = simulate(activePassive('heartbeat { timeout 10s }\n backup every 1h').replace('system s {', 'system s {\n rpo 5s'), fails('db-primary'));
    assert.deepEqual(hourly.rpo, { targetSeconds: 5, dataLossSeconds: 3600, met: false });
  });

  it('the RTO is checked against the worst outage', () => {
    const r = simulate(activePassive('').replace('system s {', 'system s {\n rto 1m'), fails('db-primary'));
    assert.deepEqual(r.rto, { targetSeconds: 60, worstOutageSeconds: 305, met: false });
  });
});

describe('scenario: which standby is promoted, and how long it takes', () => {
  // p primary, s warm (60 s), t cold (30 m); detection 10 m.
  const three = (replication = 'replication sync') => `system s {
    layer db {
      heartbeat { timeout 10m }
      ${replication}
      node p { availability 99.9% mttr 2h }
      node s { availability 99.9% mttr 2h standby warm }
      node t { availability 99.9% mttr 2h standby cold }
    }
  }`;

  // Revision 2: the window is timed when it opens, by the first standby up then (s, warm: 60 s).
  // s dying during the window, before or after detection, neither restarts nor lengthens it: at
  // its end the first standby up, t, takes over at once, whatever its own (cold) promotion.
  for (const [when, at] of [['before detection', 60], ['after detection', 630]] as const) {
    it(`a warm standby that dies during the window (${when}): the window keeps its 10m + 60s, then the cold one takes over at once`, () => {
      const r = simulate(three(), fails('p', `s@${at}`));
      const promoted = r.events.find((e) => e.type === 'promoted');
      assert.equal(promoted?.element, 't');
      assert.equal(promoted?.t, 600 + 60);
      assert.match(promoted?.detail ?? '', /failover complete after 11m \(detection 10m \+ promotion of s 1m; s went down during the window, so t, the first standby up at its end, takes over at once\)/);
      assert.deepEqual(r.outages, [{ start: 0, end: 660 }]);
    });
  }

  it('the first standby already down when the failover starts: the next one\'s promotion, and the layer says so', () => {
    const r = simulate(three(), fails('s', 'p@100'));
    assert.deepEqual(r.outages, [{ start: 100, end: 100 + 600 + 1800 }]);
    assert.match(r.events.find((e) => e.type === 'layer-down')?.detail ?? '', /40m until t is promoted/);
  });

  it('with the first standby up, the timing is the spec\'s T_fo (detection + the first standby\'s promotion)', () => {
    const r = simulate(three(), fails('p'));
    assert.deepEqual(timeline(r, ['promoted']), ['660 promoted s', '7200 promoted p']);
  });

  it('a standby\'s own promote beats the layer\'s, which beats its temperature', () => {
    const text = `system s {
      layer db {
        heartbeat { timeout 10s }
        promote 20s
        node p { availability 99.9% }
        node s { availability 99.9% standby hot }
        node t { availability 99.9% standby cold }
        node u { availability 99.9% standby cold promote 2s }
      }
    }`;
    assert.equal(simulate(text, fails('s', 'p@100')).outages[0]?.end, 100 + 10 + 20, 'the layer\'s promote for t');
    assert.equal(simulate(text, fails('s', 't', 'p@100')).outages[0]?.end, 100 + 10 + 2, 'u\'s own promote');
  });

  it('a later standby without its own promote takes the layer\'s even when the first standby has its own', () => {
    const text = `system s {
      layer db {
        heartbeat { timeout 10s }
        promote 20s
        node p { availability 99.9% }
        node s { availability 99.9% standby hot promote 1s }
        node t { availability 99.9% standby cold }
      }
    }`;
    assert.equal(simulate(text, fails('p')).outages[0]?.end, 10 + 1, 's\'s own promote');
    assert.equal(simulate(text, fails('s', 'p@100')).outages[0]?.end, 100 + 10 + 20, 'the layer\'s promote for t, not its cold 30 m');
  });
});

describe('scenario: data lost by a member that missed writes', () => {
  const ledger = (replication: string) => `system s {
    rpo 1s
    layer db {
      heartbeat { timeout 10s }
      ${replication}
      node a { availability 99.9% mttr 1h }
      node b { availability 99.9% mttr 1h standby hot }
    }
  }`;

  it('a standby down while the primary took writes, back first: the writes it missed plus the lag', () => {
    // b down at 0; a serves alone until it fails at 60 s; b is back at 1 h and serves at once.
    const r = simulate(ledger('replication async lag 1s'), fails('b', 'a@60'));
    assert.deepEqual(timeline(r, ['promoted', 'data-loss']), ['3600 promoted b', '3600 data-loss b', '3660 promoted a']);
    assert.match(r.events.find((e) => e.type === 'data-loss')?.detail ?? '', /b was down while 1m of writes went to another member, and async replication lag 1s/);
    assert.deepEqual(r.rpo, { targetSeconds: 1, dataLossSeconds: 61, met: false });
  });

  it('sync replication does not reach a member that is down: it still loses what it missed', () => {
    const r = simulate(ledger('replication sync'), fails('b', 'a@60'));
    assert.equal(r.rpo.dataLossSeconds, 60);
  });

  it('a standby repaired while the primary serves catches up: a later failover loses only the lag', () => {
    const r = simulate(ledger('replication async lag 1s'), fails('b', 'a@7200'));
    assert.equal(r.rpo.dataLossSeconds, 1);
  });

  it('a primary back first after its standby served and went down loses what the standby took', () => {
    // a down at 0; b promoted at 15 s and serves until it fails at 1000 s; a is back at 3600 s.
    const r = simulate(ledger('replication sync'), fails('a', 'b@1000'));
    assert.deepEqual(timeline(r, ['promoted', 'data-loss']), ['15 promoted b', '3600 promoted a', '3600 data-loss a']);
    assert.equal(r.rpo.dataLossSeconds, 985);
  });

  it('backups: a promotion loses the interval however stale the member', () => {
    const r = simulate(ledger('backup every 1h'), fails('b', 'a@60'));
    assert.equal(r.rpo.dataLossSeconds, 3600);
  });
});

describe('scenario: no replication, and time without redundancy', () => {
  it('an active-passive layer without replication loses unbounded data whatever its kind (spec section 4)', () => {
    const app = `system s {\n  layer app {\n    heartbeat { timeout 10s }\n    node a { availability 99.9% }\n    node b { availability 99.9% standby hot }\n  }\n}\n`;
    assert.equal(simulate(app, fails('a')).rpo.dataLossSeconds, Infinity);
    const sites = `system s {
      rpo 5s
      layer dc {
        health-check { interval 10s unhealthy 2 }
        site blue { layer app { node app { availability 99.5% } } }
        site green { standby hot
          layer app { node app { availability 99.5% } } }
      }
    }`;
    const r = simulate(sites, fails('blue'));
    assert.match(r.events.find((e) => e.type === 'data-loss')?.detail ?? '', /no replication/);
    assert.deepEqual(r.rpo, { targetSeconds: 5, dataLossSeconds: Infinity, met: false });
  });

  it('"without redundancy" counts the layers that ran on their last member, not layers that were down throughout', () => {
    // Failing site blue takes blue.app (2 replicas, redundant at t = 0) down for 2 h: it never
    // ran without redundancy. The layer of sites lost its redundancy at 0 s and ran on green
    // alone from the failover to the repair: the whole episode counts, failover included.
    const text = `system s {
      layer dc {
        replication sync
        health-check { interval 10s unhealthy 2 }
        site blue { layer app { node app { availability 99.5% mttr 2h replicas 2 } } }
        site green { standby hot
          layer app { node app { availability 99.5% mttr 2h replicas 2 } } }
      }
    }`;
    const r = simulate(text, fails('blue'));
    assert.deepEqual(r.unprotected, [{ layer: 'dc', seconds: 7200 }]);
  });
});
