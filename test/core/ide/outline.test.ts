import assert from 'node:assert/strict';
import { documentSymbols, foldingRanges } from '../../../server/src/core/ide/outline';
import { selectionRanges } from '../../../server/src/core/ide/selection';
import { semanticTokens, encodeSemanticTokens, SEMANTIC_LEGEND } from '../../../server/src/core/ide/semantic-tokens';
import type { DocumentSymbolInfo, SelectionRangeInfo } from '../../../server/src/core/ide/types';
import { containsPosition } from '../../../grammar/src/text';
import { fixture, textAt } from './fixture';

const TEXT = `# a comment
# and another
system s {
  region r
  zone z in r
  layer app {
    node a { availability 99% replicas 3 }
  }
  layer global {
    site east {
      layer web {
        node w { availability 99% }
      }
    }
  }
  scenario "drill" {
    fail a
  }
}`;

function shape(s: DocumentSymbolInfo): unknown {
  return s.children.length ? { [`${s.kind} ${s.name}`]: s.children.map(shape) } : `${s.kind} ${s.name}${s.detail ? ' (' + s.detail + ')' : ''}`;
}

describe('ide/outline, selection, semantic tokens', () => {
  it('lists system → regions, zones, layers → nodes | sites → layers, scenarios', () => {
    const f = fixture(TEXT);
    assert.deepEqual(documentSymbols(f.doc.parse.ast).map(shape), [
      {
        'system s': [
          'region r',
          'zone z (in r)',
          { 'layer app': ['node a (× 3)'] },
          { 'layer global': [{ 'site east': [{ 'layer web': ['node w'] }] }] },
          'scenario drill (1 failure)',
        ],
      },
    ]);
  });

  it('lists imports, externals and journeys (top level and in a system) in source order', () => {
    const f = fixture([
      'import "shared/auth.topo"',
      'external stripe { availability 99.99% }',
      'system shop {',
      '  use stripe',
      '  layer web { node w { availability 99% } }',
      '  journey checkout {',
      '    path web -> stripe',
      '  }',
      '}',
      'journey "sign up" { path shop }',
      'external sms',
    ].join('\n'));
    const symbols = documentSymbols(f.doc.parse.ast);
    assert.deepEqual(symbols.map(shape), [
      'system shared/auth.topo (import)',
      'node stripe (external)',
      { 'system shop': [{ 'layer web': ['node w'] }, 'path checkout (journey)'] },
      'path sign up (journey)',
      'node sms (external)',
    ]);
    assert.deepEqual(symbols[0]?.selectionRange, { start: { line: 0, character: 7 }, end: { line: 0, character: 25 } });
    assert.deepEqual(symbols[3]?.selectionRange, { start: { line: 9, character: 8 }, end: { line: 9, character: 17 } });
    assert.deepEqual(foldingRanges(f.doc.parse.ast, []).filter((r) => r.startLine === 5), [{ startLine: 5, endLine: 6 }]);
  });

  it('folds multi-line blocks up to the line before their closing brace, and comment runs', () => {
    const f = fixture(TEXT);
    const folds = foldingRanges(f.doc.parse.ast, f.doc.parse.comments);
    const has = (startLine: number, endLine: number, kind?: string) =>
      folds.some((x) => x.startLine === startLine && x.endLine === endLine && x.kind === kind);
    assert.ok(has(0, 1, 'comment'), 'comment run');
    assert.ok(has(2, 17), 'system');
    assert.ok(has(5, 6), 'layer app');
    assert.ok(has(9, 12), 'site east');
    assert.ok(has(15, 16), 'scenario');
    assert.ok(!folds.some((x) => x.startLine === 6), 'a one-line node does not fold');
  });

  it('widens the selection from a word to its property, node, layer, system and file', () => {
    const f = fixture(TEXT.replace('replicas 3', 'replicas <|>3'));
    const [sel] = selectionRanges(f.doc.parse.ast, f.doc.parse.tokens, [f.position]);
    const chain: string[] = [];
    for (let s: SelectionRangeInfo | undefined = sel; s; s = s.parent) chain.push(textAt(f.text, s.range));
    assert.equal(chain[0], '3');
    assert.equal(chain[1], 'replicas 3');
    assert.equal(chain[2], 'node a { availability 99% replicas 3 }');
    assert.ok(chain[3]?.startsWith('layer app {'));
    assert.ok(chain[4]?.startsWith('system s {'));
    for (let s: SelectionRangeInfo | undefined = sel; s?.parent; s = s.parent) {
      assert.ok(containsPosition(s.parent.range, s.range.start) && containsPosition(s.parent.range, s.range.end), 'each range nests in its parent');
    }
  });

  it('colours names by what they are and marks declarations', () => {
    const f = fixture(TEXT);
    const tokens = semanticTokens(f.doc.parse, f.index);
    // The first whole-word occurrence of `word` on the line.
    const at = (line: number, word: string) => {
      const text = f.text.split('\n')[line] ?? '';
      const escaped = word.replace(/[.*+?^${}()|[\]\\%#"]/g, '\\$&');
      const character = new RegExp(`(?<![\\w-])${escaped}(?![\\w-])`).exec(text)?.index ?? -1;
      return tokens.find((t) => t.line === line && t.character === character);
    };
    assert.deepEqual(at(3, 'r'), { line: 3, character: 9, length: 1, type: 'enum', declaration: true });
    assert.equal(at(4, 'z')?.type, 'enumMember');
    assert.equal(tokens.find((t) => t.line === 4 && t.character === 12)?.type, 'enum');
    assert.equal(at(5, 'app')?.type, 'class');
    assert.equal(at(6, 'a')?.type, 'variable');
    assert.equal(at(6, '99%')?.type, 'number');
    assert.equal(at(6, 'node')?.type, 'keyword');
    assert.equal(at(9, 'east')?.type, 'struct');
    assert.equal(at(16, 'a')?.declaration, false);
    assert.equal(at(0, '#')?.type, 'comment');
    assert.equal(at(15, '"drill"')?.type, 'event');
    const data = encodeSemanticTokens(tokens);
    assert.equal(data.length, tokens.length * 5);
    assert.equal(data[3], SEMANTIC_LEGEND.tokenTypes.indexOf('comment'));
  });
});
