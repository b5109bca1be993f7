import assert from 'node:assert/strict';
import { semanticTokens } from '../../../server/src/core/ide/semantic-tokens';
import { fixture } from './fixture';

describe('ide/semantic-tokens', () => {
  it('colours a site-qualified instance reference whole: site, then the instance name', () => {
    const f = fixture('system s {\n  layer g { site east { layer a { node app { availability 99% replicas 2 } } path a } }\n  path g\n  scenario "x" { fail east.app-1 }\n}');
    const line = 3;
    const onLine = semanticTokens(f.doc.parse, f.index).filter((t) => t.line === line);
    const at = (word: string) => (f.text.split('\n')[line] ?? '').indexOf(word);
    assert.deepEqual(
      onLine.filter((t) => t.type !== 'keyword' && t.character >= at('east')).map((t) => [t.character, t.length, t.type]),
      [[at('east'), 4, 'struct'], [at('app-1'), 5, 'variable']],
    );
  });

  it('colours the estate words as keywords only where they start an item (names elsewhere)', () => {
    const f = fixture('system use {\n  use auth soft\n  layer journey { node soft }\n  path journey\n  journey j { path journey }\n}');
    const tokens = semanticTokens(f.doc.parse, f.index);
    const lines = f.text.split('\n');
    const typeAt = (line: number, word: string, from = 0) => tokens.find((t) => t.line === line && t.character === (lines[line] ?? '').indexOf(word, from))?.type;
    assert.equal(typeAt(0, 'use'), 'namespace');
    assert.equal(typeAt(1, 'use'), 'keyword');
    assert.equal(typeAt(1, 'soft'), 'keyword');
    assert.equal(typeAt(2, 'journey'), 'class');
    assert.equal(typeAt(2, 'soft'), 'variable');
    assert.equal(typeAt(3, 'journey'), 'class');
    assert.equal(typeAt(4, 'journey'), 'keyword');
    assert.notEqual(typeAt(4, 'journey', 10), 'keyword');
  });
});
