import assert from 'node:assert/strict';
import { build, codes, system } from './helpers';

const A = 'availability 99.9%';

describe('model: sites', () => {
  const twoRegions = `system s {
    zone a zone b
    layer dns { node r53 { ${A} } }
    layer regions {
      heartbeat { timeout 30s }
      site east { layer app { node web { ${A} replicas 2 zone a } } layer db { node sql { ${A} } } path app -> db }
      site west { standby cold promote 10m layer app { node web { ${A} zone b } } }
    }
  }`;

  it('qualifies layers, nodes and instances with the site name', () => {
    const sys = system(twoRegions);
    assert.deepEqual(sys.layers.map((l) => [l.id, l.site]), [
      ['dns', undefined],
      ['regions', undefined],
      ['east.app', 'east'],
      ['east.db', 'east'],
      ['west.app', 'west'],
    ]);
    assert.deepEqual(sys.instances.map((i) => [i.id, i.name, i.node, i.layer, i.site, i.zone]), [
      ['r53', 'r53', 'r53', 'dns', undefined, undefined],
      ['east.web-1', 'web-1', 'east.web', 'east.app', 'east', 'a'],
      ['east.web-2', 'web-2', 'east.web', 'east.app', 'east', 'a'],
      ['east.sql', 'sql', 'east.sql', 'east.db', 'east', undefined],
      ['west.web', 'web', 'west.web', 'west.app', 'west', 'b'],
    ]);
    assert.ok(sys.analysable);
  });

  it('a site has its own path; without one, its non-optional layers', () => {
    const sys = system(twoRegions);
    assert.deepEqual(sys.sites.map((s) => [s.id, s.parentLayer, s.layers, s.path]), [
      ['east', 'regions', ['east.app', 'east.db'], ['east.app', 'east.db']],
      ['west', 'regions', ['west.app'], ['west.app']],
    ]);
    assert.deepEqual(sys.path, ['dns', 'regions']);
  });

  it('a layer of sites: the site without standby is primary; standby sites take over in order', () => {
    const sys = system(twoRegions);
    const region = sys.layers[1];
    assert.deepEqual([region?.members, region?.mode, region?.sites, region?.primary, region?.standbys], ['sites', 'active-passive', ['east', 'west'], 'east', ['west']]);
    assert.deepEqual([sys.sites[1]?.standby, sys.sites[1]?.promoteSeconds], ['cold', 600]);
    assert.deepEqual(region?.failover, { detectionSeconds: 30, detectionSource: 'heartbeat', promotionSeconds: 600, promotionSource: 'standby', failoverSeconds: 630, standbyFailoverSeconds: [630] });
  });

  it('site promotion falls back to the layer’s promote, then the temperature — not to defaults', () => {
    const fixture = (layerPromote: string) => `system s { defaults { promote 1s } layer r { heartbeat { timeout 1s } ${layerPromote}
      site a { layer x { node n { ${A} } } } site b { standby warm layer x { node n { ${A} } } } } }`;
    assert.deepEqual(system(fixture('promote 2m')).layers[0]?.failover?.promotionSeconds, 120);
    assert.deepEqual(system(fixture('')).layers[0]?.failover?.promotionSeconds, 60);
  });

  it('an active-active layer of sites needs min sites up', () => {
    const sys = system(`system s { layer r { min 2 site a { layer x { node n { ${A} } } } site b { layer x { node n { ${A} } } } site c { layer x { node n { ${A} } } } } }`);
    assert.deepEqual([sys.layers[0]?.mode, sys.layers[0]?.requirement], ['active-active', { min: 2, k: 2 }]);
  });

  it('nested sites: names chain the site names (dr.east.app-1)', () => {
    const sys = system(`system s { layer top {
      site dr { layer regions { site east { layer app { node app { ${A} replicas 2 } } } } }
    } }`);
    assert.deepEqual(sys.sites.map((s) => [s.id, s.site, s.parentLayer]), [
      ['dr', undefined, 'top'],
      ['dr.east', 'dr', 'dr.regions'],
    ]);
    assert.deepEqual(sys.layers.map((l) => l.id), ['top', 'dr.regions', 'dr.east.app']);
    assert.deepEqual(sys.instances.map((i) => [i.id, i.site]), [['dr.east.app-1', 'dr.east'], ['dr.east.app-2', 'dr.east']]);
    assert.ok(sys.analysable);
  });

  it('the same layer and node names in two sites do not clash', () => {
    const result = build(twoRegions);
    assert.deepEqual(codes(result), []);
  });

  it('load in a layer of sites is ignored, with a warning', () => {
    const result = build(`system s { layer r { load 100 site a { layer x { node n { ${A} } } } } }`);
    assert.deepEqual(codes(result), ['ignored-property']);
  });

  it('a site’s path with an unknown layer suggests one of the site’s own layers', () => {
    const result = build(`system s { layer app { node n { ${A} } } layer r { site a { layer db { node n { ${A} } } path dbs } } }`);
    const [d] = result.diagnostics;
    assert.deepEqual([d?.code, d?.data?.suggestion], ['unknown-reference', 'db']);
  });

  it('off-path inside a site', () => {
    const result = build(`system s { layer r { site a { layer x { node n { ${A} } } layer y { node m { ${A} } } path x } } }`);
    assert.deepEqual(result.diagnostics.map((d) => [d.code, d.data?.subject]), [['off-path', 'a.y']]);
  });
});
