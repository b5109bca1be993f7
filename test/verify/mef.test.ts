/**
 * The MEF writer, checked by running SCRAM on hand-built models whose answers are known:
 * the spec's worked example (U = 6.11957e-4), unequal capacities, and sites.
 */
import { strict as assert } from 'node:assert';
import { toMef } from '../../server/src/core/export/mef';
import { mefIdentifier, MefNames } from '../../server/src/core/export/names';
import type { SystemModel } from '../../server/src/core/model/types';
import { bruteForce } from './brute-force';
import { checkoutFixture, domain, instance, layer, site, system } from './fixtures';
import { runScram, scramVersion, type ScramTop } from './scram';

async function scramTop(model: SystemModel, failover?: Map<string, number>): Promise<ScramTop> {
  const exported = toMef([model], { failoverProbability: (l) => failover?.get(l.id) });
  assert.ok(exported.ok, exported.ok ? '' : exported.error);
  const tree = exported.mef.trees[0];
  assert.ok(tree);
  const result = await runScram(exported.mef.xml, { limitOrder: 3 });
  const top = result.tops.get(tree.top.name);
  assert.ok(top, `SCRAM reported no top event ${tree.top.name}`);
  return top;
}

/** SCRAM prints 6 significant digits. */
function assertClose(actual: number | undefined, expected: number | undefined, what: string): void {
  assert.ok(actual !== undefined && expected !== undefined, `${what}: no figure`);
  assert.ok(Math.abs(actual - expected) <= 5e-6 * Math.abs(expected) + 1e-300, `${what}: ${actual} vs ${expected}`);
}

describe('MEF export checked by SCRAM', () => {
  before(() => {
    assert.ok(scramVersion(), 'scram is not installed: run `bash scripts/setup-system.sh`');
  });

  it('gives the spec example U = 6.11957e-4 and its SPOFs', async () => {
    const top = await scramTop(checkoutFixture());
    assert.equal(top.probability, 6.11957e-4);
    const singles = top.products.filter((p) => p.length === 1).map((p) => p[0]).sort();
    assert.deepEqual(singles, ['az1', 'db-failover', 'lb1', 'use1']);
  });

  it('agrees with brute force on the spec example', async () => {
    const model = checkoutFixture();
    const exact = bruteForce(model);
    assert.ok(exact);
    assertClose(6.11957e-4, exact.unavailability, 'brute force');
    assert.equal(exact.failoverProbability.get('db'), (3.6e-4 * 15) / 3600);
  });

  it('writes unequal capacities exactly (500 + 300 + 200 against load 600)', async () => {
    const caps = [500, 300, 200];
    const ids = ['a', 'b', 'c'];
    const model = system({
      instances: ids.map((id, i) => instance(id, 'app', [0.1, 0.2, 0.3][i] ?? 0, { capacity: caps[i] })),
      layers: [layer('app', { instances: ids, requirement: { min: 1, load: 600 } })],
    });
    // Up iff {a,b} or {a,c} or {a,b,c} up: a up and (b or c up).
    const byHand = 1 - 0.9 * (1 - 0.2 * 0.3);
    const top = await scramTop(model);
    assertClose(top.probability, byHand, 'SCRAM');
    assert.deepEqual(top.products.map((p) => p.join(',')).sort(), ['a', 'b,c']);
    assertClose(bruteForce(model)?.unavailability ?? NaN, byHand, 'brute force');
  });

  it('handles min with unequal capacities and shared zones', async () => {
    const ids = ['a', 'b', 'c', 'd'];
    const model = system({
      zones: [domain('zone', 'z1', 0.01), domain('zone', 'z2', undefined)],
      instances: ids.map((id, i) => instance(id, 'app', 0.05 * (i + 1), { capacity: [400, 300, 300, 100][i], zone: i < 2 ? 'z1' : 'z2' })),
      layers: [layer('app', { instances: ids, requirement: { min: 3, load: 650 } })],
    });
    const exact = bruteForce(model);
    assert.ok(exact);
    const top = await scramTop(model);
    assertClose(top.probability, exact.unavailability, 'SCRAM vs brute force');
    // z2 never fails but is structural: losing it leaves a and b (700 capacity, 2 < min 3).
    assert.ok(top.products.some((p) => p.join() === 'z2'));
  });

  it('exports layers of sites with a given q, agreeing with brute force', async () => {
    const model = system({
      zones: [domain('zone', 'z1', 1e-3)],
      instances: [
        instance('east.web', 'east.front', 2e-3, { zone: 'z1', site: 'east' }),
        instance('west.web', 'west.front', 3e-3, { site: 'west', standby: undefined }),
      ],
      sites: [site('east', 'region', ['east.front']), site('west', 'region', ['west.front'], { standby: 'warm' })],
      layers: [
        layer('region', {
          mode: 'active-passive',
          sites: ['east', 'west'],
          primary: 'east',
          standbys: ['west'],
          failover: { detectionSeconds: 30, detectionSource: 'health-check', promotionSeconds: 60, promotionSource: 'temperature', failoverSeconds: 90 },
        }),
        layer('east.front', { instances: ['east.web'], site: 'east' }),
        layer('west.front', { instances: ['west.web'], site: 'west' }),
      ],
    });
    const exact = bruteForce(model);
    assert.ok(exact);
    // The primary site is a series of east.web and z1: Birnbaum of each is the other's availability.
    const frequency = (1 - 1e-3) * 2e-3 + (1 - 2e-3) * 1e-3;
    const q = exact.failoverProbability.get('region') ?? NaN;
    assertClose(q, (frequency * 90) / 3600, 'site q');
    const top = await scramTop(model, exact.failoverProbability);
    assertClose(top.probability, exact.unavailability, 'SCRAM vs brute force');
    const siteDown = 1 - (1 - 2e-3) * (1 - 1e-3);
    assertClose(exact.unavailability, 1 - (1 - siteDown * 3e-3) * (1 - q), 'by hand');
  });

  it('refuses a layer of sites without its q rather than guessing', () => {
    const model = system({
      instances: [instance('a.x', 'a.l', 0.1, { site: 'a' }), instance('b.x', 'b.l', 0.1, { site: 'b' })],
      sites: [site('a', 'top', ['a.l']), site('b', 'top', ['b.l'], { standby: 'hot' })],
      layers: [
        layer('top', { mode: 'active-passive', sites: ['a', 'b'], primary: 'a', standbys: ['b'], failover: { detectionSeconds: 1, detectionSource: 'heartbeat', promotionSeconds: 1, promotionSource: 'temperature', failoverSeconds: 2 } }),
        layer('a.l', { instances: ['a.x'], site: 'a' }),
        layer('b.l', { instances: ['b.x'], site: 'b' }),
      ],
    });
    const exported = toMef([model]);
    assert.equal(exported.ok, false);
  });

  it('keeps several systems apart in one document, each its own top event', async () => {
    const one = checkoutFixture();
    const two = { ...checkoutFixture(), name: 'copy' };
    const exported = toMef([one, two]);
    assert.ok(exported.ok);
    const tops = exported.mef.trees.map((t) => t.top.name);
    assert.deepEqual(tops, ['checkout\u00b7checkout-down', 'copy\u00b7copy-down']);
    const result = await runScram(exported.mef.xml, { limitOrder: 1 });
    for (const top of tops) assert.equal(result.tops.get(top)?.probability, 6.11957e-4);
  });

  it('writes k-of-n as shared AND/OR gates with the same answer as atleast', async () => {
    const model = checkoutFixture();
    const shared = toMef([model], { kOfN: 'shared' });
    assert.ok(shared.ok);
    assert.ok(!shared.mef.xml.includes('<atleast'));
    const result = await runScram(shared.mef.xml, { limitOrder: 3 });
    assert.equal(result.tops.get('checkout-down')?.probability, 6.11957e-4);
  });

  it('makes MEF names from qualified names, unique', () => {
    assert.equal(mefIdentifier('east.app-1'), 'east\u00b7app-1');
    assert.equal(mefIdentifier('a--b'), 'a-_-b');
    assert.equal(mefIdentifier('9lives'), '_9lives');
    assert.equal(mefIdentifier('my system'), 'my_system');
    const names = new MefNames();
    assert.deepEqual([names.claim('az1'), names.claim('az1'), names.claim('az1')], ['az1', 'az1-2', 'az1-3']);
  });
});
