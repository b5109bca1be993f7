/**
 * The docs are tested (issue 20): every `topo` block of `docs/` and the README goes through the
 * checker and says what it shows; every output block is what the built CLI prints now
 * (`npm run docs:output` rewrites them); the reference names every keyword of the lexer and has
 * a section, with an example, for every diagnostic code; a precise figure in prose is one the
 * tool printed in an output block of the same page.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CODES } from '../../grammar/src/codes';
import { CONTEXTUAL_KEYWORDS, KEYWORDS } from '../../grammar/src/tokens';
import { analyseDocument } from '../../server/src/core/pipeline';
import { blocksOf, docFiles, docSource, modelText, optionsOf, outputRuns, readDoc, ROOT, type Block } from './blocks';
import { npmStartOutput, runOutput } from './run';

const where = (b: Block): string => `${b.file}:${b.line}`;

/** Codes no model can show on purpose (a bug in Topo). */
const NO_EXAMPLE = new Set(['internal']);

describe('docs', function () {
  this.timeout(300_000);
  const files = docFiles();
  const all = files.flatMap((f) => blocksOf(f, readDoc(f)));

  it('has the reference, the tutorial and the cookbook, and the README links to them', () => {
    for (const f of ['docs/language.md', 'docs/tutorial.md', 'docs/cookbook.md']) assert.ok(existsSync(join(ROOT, f)), `${f} is missing`);
    const readme = readDoc('README.md');
    for (const f of ['docs/language.md', 'docs/tutorial.md', 'docs/cookbook.md']) assert.ok(readme.includes(`](${f}`), `the README links to ${f}`);
    assert.ok(!/shared spec folder/.test(readme), 'the README sends users to a folder they do not have');
  });

  it('every topo block passes the checker, or raises exactly the codes it says it shows', () => {
    const models = all.filter((b) => b.lang === 'topo');
    assert.ok(models.length >= 40, `${models.length} topo blocks`);
    for (const b of models) {
      const expected = (optionsOf(b).options.get('expect') ?? '').split(',').filter((c) => c.length > 0);
      for (const c of expected) assert.ok((CODES as string[]).includes(c), `${where(b)}: expect=${c} is no diagnostic code`);
      // Imports are read relative to the page's folder (docs/examples/ holds the files they name).
      const diagnostics = analyseDocument(modelText(b), {}, docSource(b.file)).diagnostics;
      const codes = new Set(diagnostics.map((d) => d.code));
      for (const c of expected) assert.ok(codes.has(c as never), `${where(b)}: expected ${c}, got ${[...codes].join(', ') || 'none'}`);
      const errors = diagnostics.filter((d) => d.severity === 'error' && !expected.includes(d.code));
      assert.deepEqual(errors.map((d) => `${d.code}: ${d.message}`), [], `${where(b)}: unexpected errors`);
    }
  });

  it('every output block is what the CLI prints now (npm run docs:output rewrites them)', () => {
    let checked = 0;
    for (const f of files) {
      const blocks = blocksOf(f, readDoc(f));
      for (const [b, run] of outputRuns(blocks)) {
        assert.equal(b.body, `${runOutput(run)}\n`, `${where(b)} is stale: run npm run docs:output`);
        checked++;
      }
      for (const b of blocks.filter((x) => x.lang === 'text' && x.meta[0] === 'npm-start')) {
        assert.equal(b.body, `${npmStartOutput()}\n`, `${where(b)} is stale: run npm run docs:output`);
        checked++;
      }
    }
    assert.ok(checked >= 15, `${checked} output blocks`);
    assert.ok(all.some((b) => b.file === 'README.md' && b.lang === 'text' && b.meta[0] === 'npm-start'), "the README shows npm start's real output");
  });

  it('the README lists every setting of the extension, with its default', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, { default: unknown }> } } };
    const readme = readDoc('README.md');
    const settings = Object.entries(manifest.contributes.configuration.properties);
    assert.ok(settings.length >= 4, `${settings.length} settings`);
    for (const [key, { default: value }] of settings) {
      assert.ok(readme.includes(`| \`${key}\` | \`${String(value)}\` |`), `README.md has no row for the setting ${key} (default ${String(value)})`);
    }
  });

  it('the reference names every keyword of the lexer', () => {
    const reference = readDoc('docs/language.md');
    const missing = KEYWORDS.filter((k) => !reference.includes(`\`${k}\``) && !new RegExp(`\`[^\`\\n]*\\b${k.replace('-', '\\-')}\\b[^\`\\n]*\``).test(reference));
    assert.deepEqual(missing, [], 'keywords the reference never shows in code');
    // The contextual keywords of estates (keywords only where an item starts): shown in code, and listed as such.
    const contextual = CONTEXTUAL_KEYWORDS.filter((k) => !new RegExp(`\`[^\`\\n]*\\b${k}\\b[^\`\\n]*\``).test(reference));
    assert.deepEqual(contextual, [], 'contextual keywords the reference never shows in code');
    assert.ok(/contextual keywords?/i.test(reference), 'the reference explains the contextual keywords');
  });

  it('the reference has a section for every diagnostic code, and the docs show each one', () => {
    const reference = readDoc('docs/language.md');
    const shown = new Set(all.filter((b) => b.lang === 'topo').flatMap((b) => (optionsOf(b).options.get('expect') ?? '').split(',')));
    for (const code of CODES) {
      assert.ok(new RegExp(`^#{2,4} \`${code}\``, 'm').test(reference), `docs/language.md has no section for \`${code}\``);
      if (!NO_EXAMPLE.has(code)) assert.ok(shown.has(code), `no topo block shows ${code} (expect=${code})`);
    }
  });

  it('a precise figure in the prose is one an output block of the same page printed', () => {
    for (const f of files) {
      const text = readDoc(f);
      const blocks = blocksOf(f, text);
      const printed = blocks.filter((b) => b.lang === 'text').map((b) => b.body).join('\n');
      let prose = '';
      let at = 0;
      for (const b of blocks) {
        prose += text.slice(at, b.start);
        at = b.end;
      }
      prose += text.slice(at);
      // Availabilities with three or more decimals are the tool's, never typed; inside inline
      // code (`availability 99.9999999%`) they are source text, which the checker reads anyway.
      const words = prose.replace(/`[^`\n]*`/g, '');
      for (const m of words.matchAll(/\b\d{2}\.\d{3,}%/g)) assert.ok(printed.includes(m[0]), `${f}: ${m[0]} in the prose is in no output block`);
    }
  });
});
