/** "Topo: Show Availability Report" opens at the section of the system or journey at the cursor. */
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { reportLineOf } from '../../client/src/report-sections';
import { documentReport } from '../../server/src/core/index';
import { analyseDocument } from '../../server/src/core/pipeline';
import { analyseFileWithImports } from '../support/estate';

describe('client: the section of the availability report at the cursor', () => {
  const markdown = documentReport('two.topo', analyseDocument([
    'system alpha {',
    '  layer web { node front { availability 99.9% } }',
    '}',
    'system "two *words* | [x]" {',
    '  layer api { node api { availability 99.9% } }',
    '}',
  ].join('\n'))).markdown;
  const lines = markdown.split('\n');

  it('a system: its heading, whatever its name holds', () => {
    assert.equal(lines[reportLineOf(markdown, { system: 'alpha' })!], '## alpha');
    const second = reportLineOf(markdown, { system: 'two *words* | [x]' });
    assert.ok(second !== undefined && lines[second]!.startsWith('## two'), lines[second ?? 0]);
    assert.ok(second > reportLineOf(markdown, { system: 'alpha' })!);
  });

  it('a journey: its row of the journeys table, by NAME or SYSTEM/NAME', () => {
    const shop = documentReport('shop.topo', analyseFileWithImports(join(__dirname, '..', '..', 'examples', 'estate', 'shop.topo'))).markdown;
    const shopLines = shop.split('\n');
    for (const journey of ['web/browse', 'web/login', 'web/checkout']) {
      const line = reportLineOf(shop, { journey });
      assert.ok(line !== undefined, journey);
      assert.ok(shopLines[line]?.startsWith(`| ${journey} |`), shopLines[line]);
    }
    assert.equal(shopLines[reportLineOf(shop, { system: 'cart' })!], '## cart');
  });

  it('nothing for a subject the report does not have', () => {
    assert.equal(reportLineOf(markdown, { system: 'gamma' }), undefined);
    assert.equal(reportLineOf(markdown, { system: 'alph' }), undefined);
    assert.equal(reportLineOf(markdown, { journey: 'web/login' }), undefined, 'no journeys table');
    assert.equal(reportLineOf(markdown, { journey: 'journey' }), undefined, 'not the header row');
  });
});
