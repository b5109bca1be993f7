import assert from 'node:assert/strict';
import type { LayerModel } from '../../../server/src/core/model/types';
import { build, codes, system } from './helpers';

/** The first layer of `system s { <body> }`. */
function layer(body: string): LayerModel {
  const found = system(`system s { ${body} }`).layers[0];
  assert.ok(found);
  return found;
}

const A = 'availability 99.9%';

describe('model: layer mode, primary and standbys', () => {
  const cases: { name: string; body: string; mode: string; primary?: string; standbys: string[]; temperatures?: (string | undefined)[] }[] = [
    { name: 'no standby → active-active', body: `node a { ${A} } node b { ${A} }`, mode: 'active-active', standbys: [] },
    {
      name: 'a standby → active-passive, primary the other',
      body: `node a { ${A} standby hot } node b { ${A} }`,
      mode: 'active-passive',
      primary: 'b',
      standbys: ['a'],
      temperatures: ['hot', undefined],
    },
    {
      name: 'standbys in declaration order; bare standby is warm',
      body: `node p { ${A} } node s2 { ${A} standby cold } node s1 { ${A} standby }`,
      mode: 'active-passive',
      primary: 'p',
      standbys: ['s2', 's1'],
      temperatures: [undefined, 'cold', 'warm'],
    },
    {
      name: 'a replicated standby gives standbys in replica order',
      body: `node p { ${A} } node s { ${A} replicas 2 standby hot }`,
      mode: 'active-passive',
      primary: 'p',
      standbys: ['s-1', 's-2'],
      temperatures: [undefined, 'hot', 'hot'],
    },
    { name: 'explicit mode wins', body: `mode active-passive node a { ${A} }`, mode: 'active-passive', primary: 'a', standbys: [] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const sys = system(`system s { layer db { health-check { interval 5s } ${c.body} } }`);
      const l = sys.layers[0];
      assert.equal(l?.mode, c.mode);
      assert.equal(l?.primary, c.primary);
      assert.deepEqual(l?.standbys, c.standbys);
      if (c.temperatures) assert.deepEqual(sys.instances.map((i) => i.standby), c.temperatures);
    });
  }

  it('an explicit active-active layer ignores standby, with a warning', () => {
    const result = build(`system s { layer app { mode active-active node a { ${A} } node b { ${A} standby } } }`);
    const l = result.systems[0]?.layers[0];
    assert.equal(l?.mode, 'active-active');
    assert.deepEqual(result.systems[0]?.instances.map((i) => i.standby), [undefined, undefined]);
    assert.deepEqual(codes(result), ['ignored-property']);
  });
});

describe('model: layer kind', () => {
  const cases: [string, string][] = [
    ['layer dns { node n { availability 99% } }', 'dns'],
    ['layer lb { node n { availability 99% } }', 'load-balancer'],
    ['layer load-balancer { node n { availability 99% } }', 'load-balancer'],
    ['layer app { node n { availability 99% } }', 'app'],
    ['layer db { node n { availability 99% } }', 'database'],
    ['layer database { node n { availability 99% } }', 'database'],
    ['layer cache { node n { availability 99% } }', 'cache'],
    ['layer storage { node n { availability 99% } }', 'storage'],
    ['layer queue { node n { availability 99% } }', 'queue'],
    ['layer web { node n { availability 99% } }', 'other'],
    ['layer edge { kind lb node n { availability 99% } }', 'load-balancer'],
    ['layer db { kind cache node n { availability 99% } }', 'cache'],
    ['layer sql { kind database node n { availability 99% } }', 'database'],
    ['layer sql { kind other node n { availability 99% } }', 'other'],
  ];
  for (const [body, kind] of cases) {
    it(`${body.split('{')[0]?.trim()}${body.includes('kind') ? ` (${/kind (\S+)/.exec(body)?.[1]})` : ''} → ${kind}`, () => {
      assert.equal(layer(body).kind, kind);
    });
  }

  it('an unknown kind is other, with a suggestion', () => {
    const result = build('system s { layer sql { kind databse node n { availability 99% } } }');
    assert.equal(result.systems[0]?.layers[0]?.kind, 'other');
    const [d] = result.diagnostics;
    assert.deepEqual([d?.code, d?.severity, d?.data?.suggestion], ['unknown-kind', 'warning', 'database']);
  });
});

describe('model: requirement (min, load, capacity → k)', () => {
  const cases: { name: string; body: string; min: number; load?: number; k?: number }[] = [
    { name: 'default: 1 of n', body: 'node a { availability 99% replicas 3 }', min: 1, k: 1 },
    { name: 'min', body: 'min 2 node a { availability 99% replicas 3 }', min: 2, k: 2 },
    { name: 'spec example: load 2000rps at 1000rps each → 2 of 4', body: 'load 2000rps node app { availability 99.9% replicas 4 capacity 1000rps }', min: 1, load: 2000, k: 2 },
    { name: 'load not a multiple: ⌈2500/1000⌉ = 3', body: 'load 2500 node a { availability 99% replicas 4 capacity 1000 }', min: 1, load: 2500, k: 3 },
    { name: 'min above the load need wins', body: 'min 3 load 1000 node a { availability 99% replicas 4 capacity 1000 }', min: 3, load: 1000, k: 3 },
    { name: 'ratio within rounding error of a whole number: 0.3/0.1 is 3', body: 'load 0.3 node a { availability 99% replicas 3 capacity 0.1 }', min: 1, load: 0.3, k: 3 },
    {
      name: 'equal capacities across nodes still give k',
      body: 'load 300 node a { availability 99% capacity 100 } node b { availability 99% replicas 3 capacity 100 }',
      min: 1,
      load: 300,
      k: 3,
    },
    { name: 'unequal capacities: no k', body: 'load 600 node a { availability 99% capacity 500 } node b { availability 99% capacity 300 } node c { availability 99% capacity 200 }', min: 1, load: 600 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const result = build(`system s { layer app { ${c.body} } }`);
      const expected: Record<string, number> = { min: c.min };
      if (c.load !== undefined) expected.load = c.load;
      if (c.k !== undefined) expected.k = c.k;
      assert.deepEqual(result.systems[0]?.layers[0]?.requirement, expected);
      assert.deepEqual(codes(result), []);
    });
  }

  it('active-passive: 1 of n, and min/load are ignored with a warning', () => {
    const result = build('system s { layer db { min 2 health-check { interval 1s } node p { availability 99% } node s { availability 99% standby } } }');
    assert.deepEqual(result.systems[0]?.layers[0]?.requirement, { min: 1, k: 1 });
    assert.deepEqual(codes(result), ['ignored-property']);
  });
});

describe('model: replication (RPO)', () => {
  const cases: [string, string, number][] = [
    ['replication sync', 'sync', 0],
    ['replication async', 'async', 1],
    ['replication async lag 2s', 'async', 2],
    ['backup every 1h', 'backup', 3600],
    ['', 'none', Infinity],
    ['replication async lag 2h backup every 1h', 'backup', 3600],
    ['replication async lag 2s backup every 1d', 'async', 2],
  ];
  for (const [props, mode, rpoSeconds] of cases) {
    it(`${props || 'nothing'} → ${mode}, RPO ${rpoSeconds}s`, () => {
      const l = layer(`layer db { ${props} heartbeat { timeout 5s } node p { ${A} } node s { ${A} standby } }`);
      assert.deepEqual(l.replication, { mode, rpoSeconds });
    });
  }
});

describe('model: failover (T_fo = detection + promotion)', () => {
  const nodes = (standby: string, primaryExtra = '') => `node p { ${A} ${primaryExtra} } node s { ${A} ${standby} }`;
  const cases: { name: string; props: string; standby: string; defaults?: string; detection: [number, string]; promotion: [number, string]; shared?: number }[] = [
    { name: 'spec example: heartbeat timeout 10s + hot 5s = 15s', props: 'heartbeat { interval 1s timeout 10s }', standby: 'standby hot', detection: [10, 'heartbeat'], promotion: [5, 'temperature'] },
    { name: 'health-check interval × unhealthy', props: 'health-check { interval 10s unhealthy 2 }', standby: 'standby', detection: [20, 'health-check'], promotion: [60, 'temperature'] },
    { name: 'health-check unhealthy defaults to 3', props: 'health-check { interval 10s timeout 2s }', standby: 'standby cold', detection: [30, 'health-check'], promotion: [1800, 'temperature'] },
    { name: 'both: the smaller (heartbeat)', props: 'health-check { interval 10s } heartbeat { timeout 8s }', standby: 'standby hot', detection: [8, 'heartbeat'], promotion: [5, 'temperature'] },
    { name: 'both: the smaller (health-check)', props: 'health-check { interval 1s } heartbeat { timeout 8s }', standby: 'standby hot', detection: [3, 'health-check'], promotion: [5, 'temperature'] },
    { name: 'neither: manual, 5 minutes', props: '', standby: 'standby hot', detection: [300, 'manual'], promotion: [5, 'temperature'] },
    { name: 'promotion: the first standby’s promote', props: 'promote 20s heartbeat { timeout 1s }', standby: 'standby hot promote 7s', defaults: 'defaults { promote 9s }', detection: [1, 'heartbeat'], promotion: [7, 'standby'], shared: 20 },
    { name: 'promotion: else the layer’s', props: 'promote 20s heartbeat { timeout 1s }', standby: 'standby hot', defaults: 'defaults { promote 9s }', detection: [1, 'heartbeat'], promotion: [20, 'layer'], shared: 20 },
    { name: 'promotion: else defaults’', props: 'heartbeat { timeout 1s }', standby: 'standby hot', defaults: 'defaults { promote 9s }', detection: [1, 'heartbeat'], promotion: [9, 'defaults'], shared: 9 },
    { name: 'promote 0s is instant', props: 'heartbeat { timeout 1s }', standby: 'standby cold promote 0s', detection: [1, 'heartbeat'], promotion: [0, 'standby'] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const sys = system(`system s { ${c.defaults ?? ''} layer db { ${c.props} ${nodes(c.standby)} } }`);
      const failover = sys.layers[0]?.failover;
      assert.deepEqual(failover, {
        detectionSeconds: c.detection[0],
        detectionSource: c.detection[1],
        promotionSeconds: c.promotion[0],
        promotionSource: c.promotion[1],
        // The layer's, else the defaults' promote, kept for later standbys whatever the first declares.
        ...(c.shared !== undefined ? { sharedPromotionSeconds: c.shared } : {}),
        failoverSeconds: c.detection[0] + c.promotion[0],
        // One standby: its T_fo is the layer's.
        standbyFailoverSeconds: [c.detection[0] + c.promotion[0]],
      });
      assert.deepEqual([sys.layers[0]?.detectionSeconds, sys.layers[0]?.detectionSource], c.detection);
    });
  }

  it('the first standby in takeover order decides the promotion, not a later faster one', () => {
    const l = layer(`layer db { heartbeat { timeout 1s } node p { ${A} } node s1 { ${A} standby cold } node s2 { ${A} standby hot promote 1s } }`);
    assert.deepEqual([l.failover?.promotionSeconds, l.failover?.promotionSource], [1800, 'temperature']);
  });

  it('each standby has its own T_fo (revision 2 times a window by the standby promoted): its promote, else the layer’s, else its temperature', () => {
    const l = layer(`layer db { heartbeat { timeout 2s } node p { ${A} } node s1 { ${A} standby cold } node s2 { ${A} standby hot promote 1s } node s3 { ${A} standby } }`);
    assert.deepEqual(l.failover?.standbyFailoverSeconds, [1802, 3, 62]);
    const shared = layer(`layer db { heartbeat { timeout 2s } promote 20s node p { ${A} } node s1 { ${A} standby cold } node s2 { ${A} standby hot promote 1s } }`);
    assert.deepEqual(shared.failover?.standbyFailoverSeconds, [22, 3]);
  });

  it('no standby: no failover model', () => {
    assert.equal(layer(`layer db { heartbeat { timeout 1s } mode active-passive node p { ${A} } }`).failover, undefined);
  });

  it('active-active layers get detection too (for simulations), but no failover', () => {
    const l = layer(`layer app { health-check { interval 5s unhealthy 2 } node a { ${A} replicas 2 } }`);
    assert.deepEqual([l.detectionSeconds, l.detectionSource, l.failover], [10, 'health-check', undefined]);
  });

  it('a heartbeat without timeout times out after 3 intervals, with a warning', () => {
    const result = build(`system s { layer db { heartbeat { interval 2s } ${nodes('standby hot')} } }`);
    assert.equal(result.systems[0]?.layers[0]?.failover?.detectionSeconds, 6);
    assert.deepEqual(codes(result), ['incomplete-detection']);
  });

  it('a health-check without interval detects nothing: manual, with one warning (not also no-health-check)', () => {
    const result = build(`system s { layer db { health-check { unhealthy 2 } ${nodes('standby hot')} } }`);
    assert.equal(result.systems[0]?.layers[0]?.failover?.detectionSource, 'manual');
    assert.deepEqual(codes(result), ['incomplete-detection']);
  });
});
