import assert from 'node:assert/strict';
import { build, codes, system } from './helpers';
import { SECONDS_PER_HOUR as H } from '../../../grammar/src/units';

const zones = `zone a { availability 99.99% } zone b { availability 99.99% } zone c { availability 99.99% }`;

describe('model: instances', () => {
  const cases: { name: string; node: string; expected: [string, string | undefined][] }[] = [
    { name: 'one node is one instance named after it', node: 'node web { availability 99% }', expected: [['web', undefined]] },
    { name: 'replicas 1 keeps the bare name', node: 'node web { availability 99% replicas 1 }', expected: [['web', undefined]] },
    {
      name: 'replicas N gives NAME-1 … NAME-N',
      node: 'node web { availability 99% replicas 3 }',
      expected: [['web-1', undefined], ['web-2', undefined], ['web-3', undefined]],
    },
    {
      name: 'zones round robin: instance i in zone ((i − 1) mod L) + 1',
      node: 'node web { availability 99% replicas 5 zones [a, b] }',
      expected: [['web-1', 'a'], ['web-2', 'b'], ['web-3', 'a'], ['web-4', 'b'], ['web-5', 'a']],
    },
    {
      name: 'more zones than replicas uses the first ones',
      node: 'node web { availability 99% replicas 2 zones [c, a, b] }',
      expected: [['web-1', 'c'], ['web-2', 'a']],
    },
    {
      name: '`zone a` places every replica in a',
      node: 'node web { availability 99% replicas 3 zone b }',
      expected: [['web-1', 'b'], ['web-2', 'b'], ['web-3', 'b']],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const sys = system(`system s { ${zones} layer app { ${c.node} } }`);
      assert.deepEqual(sys.instances.map((i) => [i.id, i.zone]), c.expected);
      assert.deepEqual(sys.layers[0]?.instances, c.expected.map(([id]) => id));
      assert.deepEqual(sys.nodes.map((n) => [n.id, n.instances]), [[c.node.split(' ')[1], c.expected.map(([id]) => id)]]);
      assert.ok(sys.analysable);
    });
  }

  it('an instance carries its zone’s region, its node, layer, index and capacity', () => {
    const sys = system(`system s {
      region r { availability 99.999% }
      zone a in r { availability 99.99% }
      zone b
      layer app { node web { availability 99% replicas 2 zones [a, b] capacity 10 } }
    }`);
    const [first, second] = sys.instances;
    assert.deepEqual(
      { zone: first?.zone, region: first?.region, node: first?.node, layer: first?.layer, index: first?.index, capacity: first?.capacity },
      { zone: 'a', region: 'r', node: 'web', layer: 'app', index: 1, capacity: 10 },
    );
    assert.equal(second?.region, undefined, 'zone b is in no region');
    assert.equal(second?.index, 2);
  });

  it('200,000 replicas expand (the analysis must cope) without a diagnostic', () => {
    const sys = system('system s { layer app { node web { availability 99% replicas 200000 } } }');
    assert.equal(sys.instances.length, 200000);
    assert.equal(sys.instances[199999]?.id, 'web-200000');
    assert.ok(sys.analysable);
  });

  it('declaration order does not matter: zones and regions may come after their use', () => {
    const early = system('system s { region r zone a in r { availability 99.9% } layer x { node n { availability 99% zone a } } }');
    const late = system('system s { layer x { node n { availability 99% zone a } } zone a in r { availability 99.9% } region r }');
    assert.deepEqual(late.instances.map((i) => [i.zone, i.region, i.unavailability]), early.instances.map((i) => [i.zone, i.region, i.unavailability]));
    assert.ok(late.analysable);
  });

  it('a layer and a node may share a name', () => {
    const sys = system('system s { layer sql { node sql { availability 99% } } }');
    assert.deepEqual(sys.instances.map((i) => i.id), ['sql']);
    assert.ok(sys.analysable);
  });
});

describe('model: defaults', () => {
  it('availability, mttr, capacity and zone apply to nodes that do not set them', () => {
    const result = build(`system s {
      zone a { availability 99.99% }
      zone b { availability 99.99% }
      defaults { availability 99.5% mttr 2h capacity 100 zones [a, b] }
      layer app { load 150 node web { replicas 2 } node api { availability 99.9% mttr 30m capacity 300 zone b } }
    }`);
    const sys = result.systems[0]!;
    const byId = new Map(sys.instances.map((i) => [i.id, i]));
    assert.deepEqual(
      [byId.get('web-1')?.unavailability, byId.get('web-1')?.mttrSeconds, byId.get('web-1')?.capacity, byId.get('web-1')?.zone, byId.get('web-2')?.zone],
      [0.005, 2 * H, 100, 'a', 'b'],
    );
    assert.deepEqual([byId.get('api')?.unavailability, byId.get('api')?.mttrSeconds, byId.get('api')?.capacity, byId.get('api')?.zone], [0.001, 0.5 * H, 300, 'b']);
    assert.deepEqual(codes(result), []);
  });

  it('a node writing availability does not take mtbf from defaults (the pair is one group)', () => {
    const sys = system(`system s {
      defaults { mtbf 1000h mttr 4h }
      layer app { node own { availability 99% } node inherited { } }
    }`);
    const [own, inherited] = sys.instances;
    assert.equal(own?.unavailability, 0.01);
    assert.equal(own?.mttrSeconds, 4 * H, 'mttr still comes from defaults');
    assert.equal(inherited?.unavailability, 4 / 1004);
    assert.equal(inherited?.mttrSeconds, 4 * H);
  });

  it('the node’s own mttr wins over defaults', () => {
    const sys = system('system s { defaults { availability 99% mttr 4h } layer app { node web { mttr 30m } } }');
    assert.equal(sys.instances[0]?.mttrSeconds, 0.5 * H);
    assert.equal(sys.instances[0]?.unavailability, 0.01);
  });

  it('defaults’ mttr also serves zones and regions without their own', () => {
    const sys = system('system s { defaults { mttr 3h } region r { availability 99.9% } zone a in r { availability 99.9% mttr 1h } layer x { node n { availability 99% zone a } } }');
    assert.deepEqual([sys.regions[0]?.mttrSeconds, sys.zones[0]?.mttrSeconds], [3 * H, 1 * H]);
  });

  it('replicas and standby in defaults are ignored, with a warning', () => {
    const result = build('system s { defaults { availability 99% replicas 3 standby } layer x { node n { } } }');
    assert.deepEqual(result.systems[0]?.instances.map((i) => [i.id, i.standby]), [['n', undefined]]);
    assert.deepEqual(codes(result), ['ignored-property', 'ignored-property']);
    assert.ok(result.systems[0]?.analysable);
  });
});
