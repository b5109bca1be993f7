/** The editor's keyword tables come from the grammar's; what the editor adds must cover them. */
import { strict as assert } from 'node:assert';
import { BLOCK_OPENERS, CONTEXTUAL_KEYWORDS, ITEM_KEYWORDS, KEYWORD_DOCS, KEYWORDS } from '../../../server/src/core/ide/keywords';

describe('ide/keywords', () => {
  it('every reserved and contextual keyword has a hover text, and nothing else does', () => {
    const all = new Set([...KEYWORDS, ...CONTEXTUAL_KEYWORDS]);
    assert.deepEqual([...all].filter((k) => !KEYWORD_DOCS[k]), []);
    assert.deepEqual(Object.keys(KEYWORD_DOCS).filter((k) => !all.has(k)), []);
  });

  it('the contextual keywords are the estates five, and none is reserved', () => {
    assert.deepEqual([...CONTEXTUAL_KEYWORDS].sort(), ['external', 'import', 'journey', 'soft', 'use']);
    for (const k of CONTEXTUAL_KEYWORDS) assert.ok(!KEYWORDS.has(k), k);
  });

  it("every block the editor knows has the grammar's items, and every block opener is a keyword", () => {
    for (const [block, items] of Object.entries(ITEM_KEYWORDS)) assert.ok(items.length > 0, `no items for ${block}`);
    for (const opener of Object.keys(BLOCK_OPENERS)) assert.ok(KEYWORDS.has(opener) || CONTEXTUAL_KEYWORDS.has(opener), opener);
    assert.deepEqual(ITEM_KEYWORDS.file, ['system', 'import', 'external', 'journey']);
    assert.deepEqual(ITEM_KEYWORDS.journey, ['path', 'slo', 'sla', 'window', 'rto', 'rpo']);
    assert.ok(ITEM_KEYWORDS.system.includes('use') && ITEM_KEYWORDS.system.includes('journey'));
  });
});
