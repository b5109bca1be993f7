import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simulateScenario, scenarioFailures } from '../../../server/src/core/simulation/index';
import { fails, modelOf, simulate, timeline } from './helpers';

const checkout = readFileSync(join(__dirname, '../../../examples/checkout.topo'), 'utf8');

describe('scenario: the spec example (section 10)', () => {
  it('--fail db-primary: one 15 s outage, 2 s of data lost, RTO and RPO met', () => {
    const r = simulate(checkout, fails('db-primary'));
    assert.deepEqual(r.outages, [{ start: 0, end: 15 }]);
    assert.equal(r.systemDowntimeSeconds, 15);
    assert.deepEqual(r.rto, { targetSeconds: 300, worstOutageSeconds: 15, met: true });
    assert.deepEqual(r.rpo, { targetSeconds: 5, dataLossSeconds: 2, met: true });
    // Without redundancy from the failure to the primary's repair, the 15 s failover included (spec section 8).
    assert.deepEqual(r.unprotected, [{ layer: 'db', seconds: 7200 }]);
    assert.deepEqual(timeline(r, ['detected', 'promoted', 'data-loss']), ['10 detected db-primary', '15 promoted db-standby', '15 data-loss db-standby', '7200 promoted db-primary']);
  });

  it('--fail az1: 3600 s down through the lone load balancer, RTO missed; db fails over, app degrades', () => {
    const r = simulate(checkout, fails('az1'));
    assert.deepEqual(r.outages, [{ start: 0, end: 3600 }]);
    assert.equal(r.systemDowntimeSeconds, 3600);
    assert.deepEqual(r.rto, { targetSeconds: 300, worstOutageSeconds: 3600, met: false });
    assert.deepEqual(timeline(r, ['layer-down', 'layer-up', 'degraded']), ['0 layer-down lb', '0 layer-down db', '0 degraded app', '15 layer-up db', '15 degraded db', '3600 layer-up lb']);
    const failure = r.events[0];
    assert.equal(failure?.type, 'failure');
    assert.match(failure?.detail ?? '', /lb1, app-1, app-3, db-primary/);
    assert.deepEqual(r.unprotected, [{ layer: 'app', seconds: 3600 }, { layer: 'db', seconds: 3600 }]);
  });

  it('the region takes everything down for its MTTR', () => {
    const r = simulate(checkout, fails('use1'));
    assert.deepEqual(r.outages, [{ start: 0, end: 3600 }]);
    assert.ok(!r.events.some((e) => e.type === 'promoted' && e.t < 3600), 'no standby is up to promote');
  });

  it('a failure later in time shifts the whole timeline', () => {
    const r = simulate(checkout, fails('db-primary@30'));
    assert.deepEqual(r.outages, [{ start: 30, end: 45 }]);
  });
});

describe('scenario: active-active layers', () => {
  const app = (lines: string) => `system s {\n  layer app {\n    health-check { interval 10s unhealthy 3 }\n    ${lines}\n  }\n}\n`;

  it('with headroom: requests to the dead instance fail until detection; no outage, redundancy kept', () => {
    const r = simulate(app('load 200\n node app { availability 99.9% replicas 4 capacity 100 }'), fails('app-1'));
    assert.deepEqual(r.outages, []);
    assert.deepEqual(timeline(r), ['0 failure app-1', '0 degraded app-1', '30 detected app-1', '3600 repaired app-1']);
    assert.match(r.events[1]?.detail ?? '', /requests to app-1 fail until detected \(health check 30s\)/);
    assert.deepEqual(r.unprotected, []);
  });

  it('down to exactly what it needs: degraded and unprotected until the repair', () => {
    const r = simulate(app('min 2\n node app { availability 99.9% replicas 3 }'), fails('app-2'));
    assert.deepEqual(r.outages, []);
    assert.match(r.events[1]?.detail ?? '', /no redundancy left/);
    assert.deepEqual(r.unprotected, [{ layer: 'app', seconds: 3600 }]);
  });

  it('without headroom: the layer goes down when the survivors cannot carry the load', () => {
    const r = simulate(app('load 200\n node app { availability 99.9% mttr 30m replicas 2 capacity 100 }'), fails('app-1'));
    assert.deepEqual(r.outages, [{ start: 0, end: 1800 }]);
    assert.deepEqual(timeline(r, ['layer-down', 'layer-up']), ['0 layer-down app', '1800 layer-up app']);
    assert.match(r.events.find((e) => e.type === 'layer-down')?.detail ?? '', /1 of 2 up \(capacity 100\), needs 1 up and capacity 200/);
  });

  it('below min: down', () => {
    const r = simulate(app('min 2\n node a { availability 99.9% mttr 1h }\n node b { availability 99.9% mttr 2h }'), fails('b'));
    assert.deepEqual(r.outages, [{ start: 0, end: 7200 }]);
  });

  it('unequal capacities: losing the big one hurts, losing the small one does not', () => {
    const text = app('load 300\n node big { availability 99.9% capacity 300 }\n node small { availability 99.9% capacity 100 }\n node mid { availability 99.9% capacity 200 }');
    assert.deepEqual(simulate(text, fails('small')).outages, []);
    assert.deepEqual(simulate(text, fails('big')).outages, [], 'mid + small still carry 300');
    assert.deepEqual(simulate(text, fails('big', 'small@60')).outages, [{ start: 60, end: 3600 }]);
  });

  it('a node name fails all its instances', () => {
    const r = simulate(app('node app { availability 99.9% replicas 3 }'), fails('app'));
    assert.deepEqual(timeline(r, ['failure']), ['0 failure app-1', '0 failure app-2', '0 failure app-3']);
    assert.match(r.events[0]?.detail ?? '', /part of node app/);
    assert.deepEqual(r.outages, [{ start: 0, end: 3600 }]);
  });

  it('a zone takes its instances: round robin over zones', () => {
    const text = `system s {
      zone z1 { availability 99.99% mttr 30m }
      zone z2 { availability 99.99% }
      layer app { min 2 node app { availability 99.9% replicas 4 zones [z1, z2] } }
    }`;
    assert.deepEqual(simulate(text, fails('z1')).outages, [], 'app-2 and app-4 remain');
    assert.deepEqual(simulate(text, fails('z1', 'app-2@60')).outages, [{ start: 60, end: 1800 }]);
  });
});

describe('scenario: sites', () => {
  const dr = `system s {
    rpo 1m
    layer geo {
      heartbeat { timeout 30s }
      replication async lag 10s
      site east {
        layer app { node app { availability 99.9% replicas 2 } }
        layer db {
          heartbeat { timeout 10s }
          node db-primary { availability 99.95% mttr 2h }
          node db-standby { availability 99.95% mttr 2h standby hot }
        }
      }
      site west {
        standby warm
        layer app { node app { availability 99.9% replicas 2 } }
        layer db { node db { availability 99.95% } }
      }
    }
  }`;

  it('a site fails as a unit: every instance in it, and the layer of sites fails over', () => {
    const r = simulate(dr, fails('east'));
    assert.deepEqual(timeline(r, ['failure']), ['0 failure east.app-1', '0 failure east.app-2', '0 failure east.db-primary', '0 failure east.db-standby']);
    assert.deepEqual(r.outages, [{ start: 0, end: 90 }], 'heartbeat 30s + warm promotion 60s');
    // east is back when its db is (2h): then it takes over again at once (planned failback).
    assert.deepEqual(timeline(r, ['promoted', 'data-loss']), ['90 promoted west', '90 data-loss west', '7200 promoted east']);
    assert.deepEqual(r.rpo, { targetSeconds: 60, dataLossSeconds: 10, met: true });
  });

  it('qualified names reach inside a site; an inner failover alone does not fail the site over', () => {
    const r = simulate(dr, fails('east.db-primary'));
    assert.deepEqual(timeline(r, ['layer-down', 'layer-up']), ['0 layer-down east.db', '15 layer-up east.db']);
    // The spec's structure function counts the layer of sites up while a standby site is up.
    assert.deepEqual(r.outages, []);
    assert.ok(!r.events.some((e) => e.type === 'promoted' && e.element === 'west'));
  });

  it('a structural failure of the active site fails over to the standby site', () => {
    const r = simulate(dr, fails('east.app'));
    assert.deepEqual(r.outages, [{ start: 0, end: 90 }]);
  });

  it('active-active sites: down only when fewer than min are up', () => {
    const text = `system s {
      layer sites {
        min 1
        site a { layer x { node x { availability 99.9% } } }
        site b { layer x { node x { availability 99.9% mttr 2h } } }
      }
    }`;
    assert.deepEqual(simulate(text, fails('a')).outages, []);
    assert.deepEqual(simulate(text, fails('a', 'b.x@100')).outages, [{ start: 100, end: 3600 }]);
  });
});

describe('scenario: names and scenario blocks', () => {
  it('an unknown name is an error naming the closest declared name', () => {
    const outcome = simulateScenario(modelOf(checkout), fails('db-primry'));
    assert.equal(outcome.ok, false);
    if (outcome.ok) return;
    assert.equal(outcome.suggestion, 'db-primary');
    assert.match(outcome.error, /unknown name 'db-primry' \(did you mean 'db-primary'\?\)/);
  });

  it('a layer name is not something that fails', () => {
    const outcome = simulateScenario(modelOf(checkout), fails('lb'));
    assert.ok(!outcome.ok && /'lb' is a layer/.test(outcome.error));
  });

  it('a negative time is refused', () => {
    const outcome = simulateScenario(modelOf(checkout), [{ element: 'lb1', at: -1 }]);
    assert.equal(outcome.ok, false);
  });

  it('a scenario block resolves to its failures, in order, with times', () => {
    const text = checkout.replace('path dns', 'scenario "zone then db" { fail az2 fail db-primary at 10m }\n  path dns');
    const model = modelOf(text);
    const found = scenarioFailures(model, 'zone then db');
    assert.deepEqual(found, { ok: true, result: [{ element: 'az2', at: 0 }, { element: 'db-primary', at: 600 }] });
    const missing = scenarioFailures(model, 'zone than db');
    assert.ok(!missing.ok && missing.suggestion === 'zone then db');
    if (!found.ok) return;
    const r = simulateScenario(model, found.result);
    assert.ok(r.ok);
    // az2 down 0–3600 takes db-standby: db-primary's failure at 600 has no standby to go to.
    if (r.ok) assert.deepEqual(r.result.outages, [{ start: 600, end: 3600 }]);
  });
});

describe('scenario: active-active detection', () => {
  it('a member back before the health check notices it is never reported as detected', () => {
    const text = 'system s { layer app { health-check { interval 10s unhealthy 3 } node app { availability 99.9% mttr 20s replicas 3 } } }';
    const r = simulate(text, fails('app-1'));
    assert.deepEqual(timeline(r), ['0 failure app-1', '0 degraded app-1', '20 repaired app-1']);
  });
});

describe('scenario: simultaneous failures', () => {
  it('a zone holding the primary and the standby starts no failover; its repair brings the primary back at once', () => {
    const text = `system s {
      zone z { availability 99.99% mttr 30m }
      layer db {
        heartbeat { timeout 10s }
        node db-standby { availability 99.9% zone z standby hot }
        node db-primary { availability 99.9% zone z }
      }
    }`;
    const r = simulate(text, fails('z'));
    assert.deepEqual(r.outages, [{ start: 0, end: 1800 }]);
    assert.deepEqual(timeline(r, ['detected', 'promoted']), [], 'nothing to fail over to, and the primary comes back first in takeover order');
  });

  it('failing a whole site starts no failover inside it', () => {
    const text = `system s {
      layer top {
        heartbeat { timeout 30s }
        site main {
          layer cells {
            heartbeat { timeout 10s }
            site a { layer x { node x { availability 99.9% } } }
            site b { standby hot layer x { node x { availability 99.9% } } }
          }
        }
        site dr { standby warm layer y { node y { availability 99.9% } } }
      }
    }`;
    const r = simulate(text, fails('main'));
    assert.deepEqual(timeline(r, ['detected', 'promoted']), ['30 detected main', '90 promoted dr', '3600 promoted main']);
    assert.deepEqual(r.outages, [{ start: 0, end: 90 }]);
  });
});
