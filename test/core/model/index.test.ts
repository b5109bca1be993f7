import assert from 'node:assert/strict';
import { systemIndex } from '../../../server/src/core/model/index';
import { system } from './helpers';

describe('model: systemIndex', () => {
  it('looks up instances, layers, sites, zones, regions and nodes by qualified name', () => {
    const sys = system(`system s {
      region r zone a in r
      layer app { node web { availability 99% replicas 2 zone a } }
      layer far { site east { layer inner { node x { availability 99% } } } }
    }`);
    const index = systemIndex(sys);
    assert.equal(index.instance('web-2')?.zone, 'a');
    assert.equal(index.instance('east.x')?.site, 'east');
    assert.equal(index.layer('east.inner')?.site, 'east');
    assert.equal(index.site('east')?.parentLayer, 'far');
    assert.equal(index.zone('a')?.region, 'r');
    assert.equal(index.region('r')?.type, 'region');
    assert.deepEqual(index.node('web')?.instances, ['web-1', 'web-2']);
    assert.equal(index.instance('web'), undefined);
    assert.equal(systemIndex(sys), index, 'cached per system');
  });
});
