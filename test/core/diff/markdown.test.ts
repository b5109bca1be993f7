/**
 * `topo diff`'s Markdown (issue 22) is a pull-request comment: any name a `.topo` file holds (a
 * quoted system name may hold `|`, backticks, HTML, emphasis) renders as itself, and the tables
 * keep their columns.
 */
import { strict as assert } from 'node:assert';
import { analyseDocument } from '../../../server/src/core/pipeline';
import { diffDocuments, evaluateGate } from '../../../server/src/core/diff/index';
import type { FileDiff } from '../../../server/src/core/diff/types';
import { formatDiffMarkdown } from '../../../server/src/core/report/diff';
import { renderMarkdown, tagsOf } from '../../support/markdown';

const NAME = 'a|b `c` <script>alert(1)</script> *x* _y_ [l](command:z) ~~s~~';
const OTHER = '| <img src=x onerror=alert(1)> ``q';
const PATH = 'dir/<b>|*p*.topo';

function system(name: string, availability: string, replicas: number): string {
  return `system "${name}" {\n  slo 99.95%\n  layer web { node web { availability ${availability} replicas ${replicas} } }\n}\n`;
}

function diff(before: string | undefined, after: string | undefined): FileDiff {
  const side = (label: string, text: string | undefined) => (text === undefined ? { label } : { label, text, analysis: analyseDocument(text) });
  return diffDocuments(PATH, side(`main:${PATH}`, before), side(PATH, after));
}

describe('diff markdown: hostile names', () => {
  const changed = diff(system(NAME, '99.9%', 3), system(NAME, '99.9%', 1));
  const renamed = diff(system(OTHER, '99.9%', 2), system(NAME, '99.9%', 2));
  const gate = evaluateGate([changed, renamed], [{ kind: 'new-spof' }, { kind: 'slo-miss' }]);
  const md = formatDiffMarkdown([changed, renamed], gate);
  const body = renderMarkdown(md);

  it('the names made it into the diff', () => {
    assert.equal(changed.subjects[0]?.name, NAME);
    assert.ok(changed.subjects[0]?.spofsAdded.some((s) => s.element === 'web'), JSON.stringify(changed.subjects[0]?.spofsAdded));
    assert.equal(changed.status, 'changed');
    assert.ok(gate.failed);
  });

  it('renders no link, image, HTML, code or emphasis from a name', () => {
    const allowed = ['h2', 'h3', 'p', 'strong', 'ul', 'li', 'table', 'thead', 'tbody', 'tr', 'th', 'td'];
    // No file is unchanged, so nothing of ours is in emphasis either.
    assert.deepEqual(tagsOf(body).filter((t) => !allowed.includes(t)), [], md);
    assert.equal(body.querySelectorAll('script').length, 0);
    assert.ok(gate.reasons.some((r) => r.includes(NAME)));
    assert.ok(body.querySelector('ul')?.textContent?.includes(NAME), 'the gate\'s reasons name the system as written');
  });

  it('shows the names and the path as written', () => {
    assert.equal(body.querySelector('h2')?.textContent, PATH);
    const headings = Array.from(body.querySelectorAll('h3')).map((h) => h.textContent);
    assert.deepEqual(headings, [`system ${NAME}`, `system ${NAME}`, `system ${OTHER}`]);
    assert.ok(body.textContent?.includes(`System '${NAME}' is not in the old side: added, or renamed from '${OTHER}'?`), md);
  });

  it('keeps every table row to its columns', () => {
    const tables = Array.from(body.querySelectorAll('table'));
    assert.ok(tables.length > 0);
    for (const t of tables) {
      const width = t.querySelectorAll('thead th').length;
      for (const row of Array.from(t.querySelectorAll('tbody tr'))) assert.equal(row.querySelectorAll('td').length, width, row.textContent ?? '');
    }
    const availability = Array.from(body.querySelectorAll('tr')).find((tr) => tr.querySelector('td')?.textContent === 'availability');
    assert.equal(availability?.querySelectorAll('td').length, 4);
  });
});
