/**
 * The one Markdown escaping (server/src/core/text/markdown.ts), checked by rendering: what it makes
 * of a name, rendered by markdown-it (a CommonMark renderer, the one VS Code's Markdown preview
 * uses, here with raw HTML on), is that name as text and nothing else: one code element for a
 * code span, and never a link, an image or HTML, whatever the name holds. Generated names replay
 * from their seed.
 */
import { strict as assert } from 'node:assert';
import { markdownCode, markdownText } from '../../../server/src/core/text/markdown';
import { renderMarkdown, tagsOf } from '../../support/markdown';
import { Random } from '../../support/random';

/** What each function promises to show of a text: one line, a control character as U+FFFD. */
function shown(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is replaced.
  return text.replace(/\r\n|\r|\n/g, ' ').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '\uFFFD');
}

/** Pieces that mean something to Markdown or HTML, and a few that mean nothing. */
const PIECES = [
  '`', '``', '```', '\\', '[', ']', '(', ')', '<', '>', '!', '*', '**', '_', '~~', '|', '#', '&', '$', '-', '+', '=', '1.', '2)', ':',
  ' ', '  ', '    ', '\t', '\n', '\r\n', '\r', '\n\n', '\u0000', '\u0007', '\u001b[31m', '\u0085',
  '<img src=x onerror=alert(1)>', '[x](command:foo)', '![i](https://example.com/i.png)', '[x]: command:foo', '<command:foo>',
  '<https://example.com>', '&lt;b&gt;', '&#96;', '&amp;', '<!-- c -->', '<script>alert(1)</script>', '$x$', '---', '> q', '# h',
  'app', 'db-1', 'a_b', 'é', '名前', '😀',
];

function randomName(random: Random): string {
  let out = '';
  const n = random.int(1, 8);
  for (let k = 0; k < n; k++) out += random.pick(PIECES);
  // Renderers disagree on a code span of three or more spaces alone (markdown-it strips one a side, CommonMark not).
  return /[^ ]/.test(shown(out)) ? out : out + 'x';
}

const SEED = 21;
const CASES = 2000;

describe('text/markdown', () => {
  describe('markdownCode: a code span that shows the text, whatever it holds', () => {
    const table: [string, string][] = [
      ['app-1', '`app-1`'],
      ['a`b', '``a`b``'],
      ['`x`', '`` `x` ``'],
      ['a``b```c', '````a``b```c````'],
      [' a ', '`  a  `'],
      ['[x](command:foo)', '`[x](command:foo)`'],
      ['a\nb', '`a b`'],
      ['', '` `'],
    ];
    for (const [text, expected] of table) {
      it(`${JSON.stringify(text)} → ${JSON.stringify(expected)}`, () => assert.equal(markdownCode(text), expected));
    }

    it(`renders as exactly one code element holding the text (${CASES} generated names, seed ${SEED})`, () => {
      const random = new Random(SEED);
      for (let k = 0; k < CASES; k++) {
        const name = randomName(random);
        const span = markdownCode(name);
        const body = renderMarkdown(`before ${span} after`);
        const why = `${JSON.stringify(name)} → ${JSON.stringify(span)}`;
        assert.deepEqual(tagsOf(body), ['p', 'code'], why);
        assert.equal(body.querySelector('code')?.textContent, shown(name), why);
        assert.equal(body.textContent, `before ${shown(name)} after\n`, why);
      }
    });

    it('keeps two spans in one paragraph apart', () => {
      const random = new Random(SEED + 1);
      for (let k = 0; k < CASES / 4; k++) {
        const a = randomName(random);
        const b = randomName(random);
        const body = renderMarkdown(`${markdownCode(a)} and ${markdownCode(b)}`);
        const why = `${JSON.stringify(a)}, ${JSON.stringify(b)}`;
        assert.deepEqual(tagsOf(body), ['p', 'code', 'code'], why);
        assert.deepEqual(Array.from(body.querySelectorAll('code')).map((c) => c.textContent), [shown(a), shown(b)], why);
      }
    });

    it('has a fence longer than any run of backticks inside, and no line ending or control character', () => {
      const random = new Random(SEED + 2);
      for (let k = 0; k < CASES; k++) {
        const span = markdownCode(randomName(random));
        const fence = /^`+/.exec(span)?.[0] ?? '';
        const inside = span.slice(fence.length, span.length - fence.length);
        assert.ok(span.endsWith(fence) && !inside.startsWith('`') && !inside.endsWith('`'), span);
        for (const run of inside.match(/`+/g) ?? []) assert.ok(run.length < fence.length, span);
        // eslint-disable-next-line no-control-regex -- control characters are what must not be there.
        assert.doesNotMatch(span, /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/);
      }
    });
  });

  describe('markdownText: text that renders as itself in a paragraph, a heading or a table cell', () => {
    const table: [string, string][] = [
      ['checkout.topo', 'checkout.topo'],
      ['db_main', 'db\\_main'],
      ['a|b', 'a\\|b'],
      ['[x](command:foo)', '\\[x\\](command:foo)'],
      ['![i](x.png)', '\\!\\[i\\](x.png)'],
      ['<img src=x>', '\\<img src=x\\>'],
      ['&amp;', '\\&amp;'],
      ['lb1 (instance in lb)', 'lb1 (instance in lb)'],
      ['3.07', '3.07'],
      ['1. first', '1\\. first'],
      ['- item', '\\- item'],
      ['---', '\\---'],
      ['  padded\t', 'padded'],
      ['a\nb', 'a b'],
    ];
    for (const [text, expected] of table) {
      it(`${JSON.stringify(text)} → ${JSON.stringify(expected)}`, () => assert.equal(markdownText(text), expected));
    }

    /** The text a paragraph, heading or cell shows: spaces and tabs at its ends dropped. */
    const trimmed = (name: string): string => shown(name).replace(/^[ \t]+|[ \t]+$/g, '');

    for (const [where, before, shownBefore, tags] of [
      ['a paragraph', '', '', ['p']],
      ['a paragraph, after other text', 'see ', 'see ', ['p']],
      ['a list item', '- ', '', ['ul', 'li']],
      ['a heading', '## ', '', ['h2']],
    ] as const) {
      it(`in ${where}: only the text, no link, image, HTML or emphasis (${CASES} generated names, seed ${SEED})`, () => {
        const random = new Random(SEED + 3);
        for (let k = 0; k < CASES; k++) {
          const name = randomName(random);
          const source = before + markdownText(name);
          const body = renderMarkdown(source);
          const why = `${JSON.stringify(name)} → ${JSON.stringify(source)}`;
          const expected = (shownBefore + trimmed(name)).trimEnd(); // `see ` of an empty name ends the paragraph at `see`
          if (source === '') continue; // an empty paragraph is no paragraph
          assert.deepEqual(tagsOf(body), tags, why);
          // Between block elements the HTML has line endings; the text is what is inside them.
          assert.equal(body.textContent?.replace(/^\n+|\n+$/g, ''), expected, why);
        }
      });
    }

    it(`in a table cell: one cell holding the text (${CASES} generated names, seed ${SEED})`, () => {
      const random = new Random(SEED + 4);
      for (let k = 0; k < CASES; k++) {
        const name = randomName(random);
        const source = `| a | b |\n| --- | --- |\n| ${markdownText(name)} | z |`;
        const body = renderMarkdown(source);
        const why = `${JSON.stringify(name)} → ${JSON.stringify(source)}`;
        const cells = Array.from(body.querySelectorAll('td'));
        assert.equal(cells.length, 2, why);
        assert.equal(cells[0]?.textContent, trimmed(name), why);
        assert.equal(cells[1]?.textContent, 'z', why);
        assert.deepEqual(tagsOf(body).filter((t) => !['table', 'thead', 'tbody', 'tr', 'th', 'td'].includes(t)), [], why);
      }
    });

    it('leaves no unescaped `](`, `<` or backtick', () => {
      const random = new Random(SEED + 5);
      for (let k = 0; k < CASES; k++) {
        const text = markdownText(randomName(random));
        // Drop each escaped pair; what is left must have none of the characters.
        const unescaped = text.replace(/\\[\s\S]/g, '');
        assert.doesNotMatch(unescaped, /[\]<>`[*_|&!\\]/, text);
      }
    });
  });
});
