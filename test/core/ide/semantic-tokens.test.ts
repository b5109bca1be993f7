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
});
