/**
 * The Markdown report with names that hold Markdown (issue 21): a system name is a quoted string
 * and may hold any character but a line ending; the report, rendered, shows it as text and never
 * as a link, an image, HTML, strikethrough or an entity.
 */
import { strict as assert } from 'node:assert';
import { analyseDocument } from '../../../server/src/core/pipeline';
import { formatMarkdownReport } from '../../../server/src/core/report/markdown';
import { renderMarkdown, tagsOf } from '../../support/markdown';

const NAME = 'x`y [link](command:x) ![i](https://example.com/i.png) <img src=x> ~~gone~~ &amp; $m$ # | ``z';

describe('report/markdown: names that hold Markdown', () => {
  const doc = analyseDocument(`system "${NAME}" {\n  layer l { node n { availability 99.9% } }\n}`);
  const md = formatMarkdownReport('a [b](command:c).topo', doc.systems);
  const body = renderMarkdown(md);

  it('renders no link, image, HTML or strikethrough', () => {
    const allowed = ['h1', 'h2', 'h3', 'p', 'strong', 'em', 'ul', 'li', 'table', 'thead', 'tbody', 'tr', 'th', 'td'];
    assert.deepEqual(tagsOf(body).filter((t) => !allowed.includes(t)), [], md);
  });

  it('shows the system name and the file name as written', () => {
    assert.equal(body.querySelector('h1')?.textContent, 'Availability report: a [b](command:c).topo');
    assert.equal(body.querySelector('h2')?.textContent, NAME);
  });
});
