/**
 * The MEF writer, checked by running SCRAM on hand-built models whose answers are known: the
 * spec's worked example (U_struct = 6.104575e-4: the tree carries the structure only, spec
 * section 3, revision 2), unequal capacities, and sites; and what the XML says about the
 * failover windows it leaves out.
 */
import { strict as assert } from 'node:assert';
import { STRUCTURE_ONLY_NOTE, toMef } from '../../server/src/core/export/mef';
import { mefIdentifier, MefNames } from '../../server/src/core/export/names';
import type { SystemModel } from '../../server/src/core/model/types';
import { bruteForce } from './brute-force';
import { checkoutFixture, domain, instance, layer, site, system } from './fixtures';
import { runScram, scramVersion, type ScramTop } from './scram';

async function scramTop(model: SystemModel): Promise<ScramTop> {
  const exported = toMef([model]);
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

/** U_struct by brute force (the revision 2 reference's structural part). */
function structural(model: SystemModel): number | undefined {
  return bruteForce(model)?.system?.structuralUnavailability;
}

const siteFailover = { detectionSeconds: 30, detectionSource: 'health-check' as const, promotionSeconds: 60, promotionSource: 'temperature' as const, failoverSeconds: 90, standbyFailoverSeconds: [90] };

describe('MEF export checked by SCRAM', () => {
  before(() => {
    assert.ok(scramVersion(), 'scram is not installed: run `bash scripts/setup-system.sh`');
  });

  it("gives the spec example's U_struct (6.104575e-4 to SCRAM's 6 digits) and its SPOFs, no failover event", async () => {
    const top = await scramTop(checkoutFixture());
    assert.equal(top.probability, 6.10457e-4);
    const singles = top.products.filter((p) => p.length === 1).map((p) => p[0]).sort();
    assert.deepEqual(singles, ['az1', 'lb1', 'use1']);
  });

  it('agrees with brute force on the spec example', async () => {
    const model = checkoutFixture();
    const top = await scramTop(model);
    assertClose(top.probability, structural(model), 'SCRAM vs brute force U_struct');
    assert.equal(structural(model)?.toExponential(6), '6.104575e-4');
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
    assertClose(structural(model), byHand, 'brute force');
  });

  it('handles min with unequal capacities and shared zones', async () => {
    const ids = ['a', 'b', 'c', 'd'];
    const model = system({
      zones: [domain('zone', 'z1', 0.01), domain('zone', 'z2', undefined)],
      instances: ids.map((id, i) => instance(id, 'app', 0.05 * (i + 1), { capacity: [400, 300, 300, 100][i], zone: i < 2 ? 'z1' : 'z2' })),
      layers: [layer('app', { instances: ids, requirement: { min: 3, load: 650 } })],
    });
    const top = await scramTop(model);
    assertClose(top.probability, structural(model), 'SCRAM vs brute force');
    // z2 never fails but is structural: losing it leaves a and b (700 capacity, 2 < min 3).
    assert.ok(top.products.some((p) => p.join() === 'z2'));
  });

  it('exports an active-passive layer of sites as "every site down", with no failover event', async () => {
    const model = system({
      zones: [domain('zone', 'z1', 1e-3)],
      instances: [
        instance('east.web', 'east.front', 2e-3, { zone: 'z1', site: 'east' }),
        instance('west.web', 'west.front', 3e-3, { site: 'west', standby: undefined }),
      ],
      sites: [site('east', 'region', ['east.front']), site('west', 'region', ['west.front'], { standby: 'warm' })],
      layers: [
        layer('region', { mode: 'active-passive', sites: ['east', 'west'], primary: 'east', standbys: ['west'], failover: siteFailover }),
        layer('east.front', { instances: ['east.web'], site: 'east' }),
        layer('west.front', { instances: ['west.web'], site: 'west' }),
      ],
    });
    const exported = toMef([model]);
    assert.ok(exported.ok);
    assert.deepEqual(exported.mef.trees[0]?.basicEvents.map((e) => `${e.type}:${e.element}`).sort(), ['instance:east.web', 'instance:west.web', 'zone:z1']);
    const top = await scramTop(model);
    const siteDown = 1 - (1 - 2e-3) * (1 - 1e-3);
    assertClose(top.probability, siteDown * 3e-3, 'by hand');
    assertClose(top.probability, structural(model), 'SCRAM vs brute force');
    // Topo's U is larger by the windows' term, which the tree leaves out.
    const windows = bruteForce(model)?.system?.failoverUnavailability ?? 0;
    assert.ok(windows > 0);
  });

  it('says on the model, the fault tree and the top gate that the failover windows are not included', () => {
    const model = checkoutFixture();
    const exported = toMef([model], { failoverUnavailability: () => 1.0412721833658118e-6 });
    assert.ok(exported.ok);
    const xml = exported.mef.xml;
    assert.match(xml, /<opsa-mef>\n {2}<label>structure only: failover windows are not included/);
    const tree = xml.slice(xml.indexOf('<define-fault-tree name="checkout">'), xml.indexOf('</define-fault-tree>'));
    assert.match(tree, /^<define-fault-tree name="checkout">\n {4}<label>[^<]*U = U_struct \+ the failover windows' first-order term[^<]*for this system the windows' term is 1\.04127e-6<\/label>/);
    assert.match(tree, /<attribute name="topo-failover-windows" value="not-included"\/>/);
    assert.match(tree, /<attribute name="topo-failover-unavailability" value="1\.0412721833658118e-6"\/>/);
    const topGate = tree.slice(tree.indexOf('<define-gate name="checkout-down">'));
    assert.match(topGate, /^<define-gate name="checkout-down">\n {6}<label>system checkout is down: a layer on its path is down \(structure only: failover windows are not included[^<]*1\.04127e-6\)<\/label>\n {6}<attributes>/);
    assert.ok(!xml.includes('failover in progress'));
    // Without the analysis's term, the note still stands, without a figure.
    const bare = toMef([model]);
    assert.ok(bare.ok);
    assert.ok(bare.mef.xml.includes(STRUCTURE_ONLY_NOTE));
    assert.ok(!bare.mef.xml.includes('topo-failover-unavailability'));
  });

  it('writes XML that SCRAM accepts with the notes, labels and attributes', async () => {
    const exported = toMef([checkoutFixture()], { failoverUnavailability: () => 1.0412721833658118e-6, probes: true });
    assert.ok(exported.ok);
    const result = await runScram(exported.mef.xml, { limitOrder: 1 });
    assert.equal(result.tops.get('checkout-down')?.probability, 6.10457e-4);
  });

  it('keeps several systems apart in one document, each its own top event', async () => {
    const one = checkoutFixture();
    const two = { ...checkoutFixture(), name: 'copy' };
    const exported = toMef([one, two]);
    assert.ok(exported.ok);
    const tops = exported.mef.trees.map((t) => t.top.name);
    assert.deepEqual(tops, ['checkout\u00b7checkout-down', 'copy\u00b7copy-down']);
    const result = await runScram(exported.mef.xml, { limitOrder: 1 });
    for (const top of tops) assert.equal(result.tops.get(top)?.probability, 6.10457e-4);
  });

  it('writes k-of-n as shared AND/OR gates with the same answer as atleast', async () => {
    const model = checkoutFixture();
    const shared = toMef([model], { kOfN: 'shared' });
    assert.ok(shared.ok);
    assert.ok(!shared.mef.xml.includes('<atleast'));
    const result = await runScram(shared.mef.xml, { limitOrder: 3 });
    assert.equal(result.tops.get('checkout-down')?.probability, 6.10457e-4);
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
