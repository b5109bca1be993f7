/** The editor's keyword tables come from the grammar's; what the editor adds must cover them. */
import { strict as assert } from 'node:assert';
import { BLOCK_OPENERS, ITEM_KEYWORDS, KEYWORD_DOCS, KEYWORDS } from '../../../server/src/core/ide/keywords';

describe('ide/keywords', () => {
  it('every reserved word has a hover text, and nothing else does', () => {
    assert.deepEqual([...KEYWORDS].filter((k) => !KEYWORD_DOCS[k]), []);
    assert.deepEqual(Object.keys(KEYWORD_DOCS).filter((k) => !KEYWORDS.has(k)), []);
  });

  it("every block the editor knows has the grammar's items, and every block opener is a keyword", () => {
    for (const [block, items] of Object.entries(ITEM_KEYWORDS)) assert.ok(items.length > 0, `no items for ${block}`);
    for (const opener of Object.keys(BLOCK_OPENERS)) assert.ok(KEYWORDS.has(opener), opener);
  });
});
