/** The declarations around the editor's cursor, which the diagram panel sends as `select`. */
import { strict as assert } from 'node:assert';
import { declarationsAt } from '../../client/src/selection';
import { cursor } from '../support/markers';

/** The declarations at the cursor of `fixture`, as the names at their positions (innermost first). */
function chain(fixture: string): string[] {
  const { text, position } = cursor(fixture);
  const lines = text.split('\n');
  return declarationsAt(text, position).map((p) => /^"[^"]*"|^[\w.-]+/.exec(lines[p.line]!.slice(p.character))?.[0] ?? `?${p.line}:${p.character}`);
}

const MODEL = `system shop {
  zone az1 { availability 99.99% }
  use auth
  layer web {
    node fr<|>ont { availability 99.9% replicas 2 zone az1 }
  }
  layer regions {
    site east {
      layer app { node api { availability 99.9% } }
    }
  }
  journey buy { path web -> auth }
}
journey top { path web -> shop }
`;

const at = (from: string, to: string): string => MODEL.replace('<|>', '').replace(from, to);

describe('client: the declarations at the editor cursor (the diagram\'s selection)', () => {
  it('a node line: the node, its layer, its system', () => {
    assert.deepEqual(chain(MODEL), ['front', 'web', 'shop']);
    assert.deepEqual(chain(at('availability 99.9% replicas', 'availability 99.9% <|>replicas')), ['front', 'web', 'shop'], 'anywhere in its block');
  });

  it('a layer header, a zone, a use line: that, then the system', () => {
    assert.deepEqual(chain(at('layer web {', 'layer w<|>eb {')), ['web', 'shop']);
    assert.deepEqual(chain(at('layer web {', 'la<|>yer web {')), ['web', 'shop'], 'on the keyword');
    assert.deepEqual(chain(at('zone az1 {', 'zone az1 { avail<|>ability')), ['az1', 'shop']);
    assert.deepEqual(chain(at('use auth', 'use au<|>th')), ['auth', 'shop']);
  });

  it('inside a site: the node, its layer, the site, the site\'s layer, the system', () => {
    assert.deepEqual(chain(at('node api {', 'node a<|>pi {')), ['api', 'app', 'east', 'regions', 'shop']);
  });

  it('a journey, and a step of it (which stands for the service it brings)', () => {
    assert.deepEqual(chain(at('journey buy {', 'journey b<|>uy {')), ['buy', 'shop']);
    assert.deepEqual(chain(at('path web -> auth }', 'path web -> au<|>th }')), ['auth', 'buy', 'shop']);
    assert.deepEqual(chain(at('journey top { path web -> shop }', 'journey top { path web -> sh<|>op }')), ['shop', 'top']);
  });

  it('nothing outside every system and journey', () => {
    assert.deepEqual(chain(`${MODEL.replace('<|>', '')}\n<|>`), []);
    assert.deepEqual(chain('<|>'), []);
  });
});
