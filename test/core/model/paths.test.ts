import assert from 'node:assert/strict';
import { build, codes, system } from './helpers';

const layers = 'layer dns { node d { availability 99% } } layer app { node a { availability 99% } } layer cache { optional node c { availability 99% } }';

describe('model: paths', () => {
  it('an explicit path, in request order', () => {
    const sys = system(`system s { ${layers} path app -> dns }`);
    assert.deepEqual(sys.path, ['app', 'dns']);
    assert.deepEqual(sys.layers.map((l) => [l.id, l.onPath, l.optional]), [['dns', true, false], ['app', true, false], ['cache', false, true]]);
  });

  it('no path: every non-optional layer in declaration order', () => {
    const result = build(`system s { ${layers} }`);
    assert.deepEqual(result.systems[0]?.path, ['dns', 'app']);
    assert.deepEqual(codes(result), [], 'an optional layer is not off-path');
  });

  it('an optional layer may be put on the path', () => {
    assert.deepEqual(system(`system s { ${layers} path dns -> cache -> app }`).path, ['dns', 'cache', 'app']);
  });

  it('a layer twice on the path counts once, with a warning', () => {
    const result = build(`system s { ${layers} path dns -> app -> dns }`);
    assert.deepEqual(result.systems[0]?.path, ['dns', 'app']);
    assert.deepEqual(codes(result), ['duplicate-reference']);
  });

  it('every layer optional and no path: nothing on the path', () => {
    const result = build('system s { layer x { optional node n { availability 99% } } }');
    assert.deepEqual(codes(result), ['empty-path']);
    assert.equal(result.systems[0]?.analysable, false);
  });
});
