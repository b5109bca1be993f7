/**
 * The editor on estates (docs/language.md, "Estates"; docs/editor.md): hovers on services and
 * journeys, the journey lens, completion of service names, navigation and rename across the files
 * of an estate, and the journeys of the Markdown report. The estate is the shipped example
 * (examples/estate/shop.topo, which imports shared/platform.topo), read in memory.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { analyseDocument, type DocumentAnalysis } from '../../../server/src/core/pipeline';
import { hover } from '../../../server/src/core/ide/hover';
import { codeLenses, journeyLensTitle } from '../../../server/src/core/ide/lenses';
import { completions } from '../../../server/src/core/ide/completion';
import { indexNames, type NameIndex } from '../../../server/src/core/ide/names';
import { definition, references } from '../../../server/src/core/ide/navigation';
import { renameService, serviceAt, serviceDeclaration, serviceOccurrences } from '../../../server/src/core/ide/services';
import { formatMarkdownReport } from '../../../server/src/core/report/markdown';
import { journeyRows } from '../../../server/src/core/report/estate';
import { formatAvailability } from '../../../server/src/core/text/format';
import { markers } from '../../support/markers';
import { applyEdits, textAt } from './fixture';

const DIR = join(__dirname, '..', '..', '..', 'examples', 'estate');
const SHOP = readFileSync(join(DIR, 'shop.topo'), 'utf8');
const PLATFORM = readFileSync(join(DIR, 'shared', 'platform.topo'), 'utf8');
const SHOP_URI = 'file:///estate/shop.topo';
const PLATFORM_URI = 'file:///estate/shared/platform.topo';

interface Estate {
  text: string;
  pos: { line: number; character: number };
  doc: DocumentAnalysis;
  index: NameIndex;
}

/** The shop with `<|>` put at the `n`th occurrence (0-based) of `needle`, plus `offset` characters. */
function at(needle: string, offset = 0, n = 0, text = SHOP, files: Record<string, string> = { [PLATFORM_URI]: PLATFORM }): Estate {
  let i = -1;
  for (let k = 0; k <= n; k++) i = text.indexOf(needle, i + 1);
  assert.ok(i >= 0, `'${needle}' #${n} is in the text`);
  const { text: plain, positions } = markers(text.slice(0, i + offset) + '<|>' + text.slice(i + offset));
  const doc = analyseDocument(plain, {}, {
    uri: SHOP_URI,
    readImport: (path, from) => {
      const uri = 'file://' + resolve(dirname((from ?? SHOP_URI).slice('file://'.length)), path);
      const found = files[uri];
      return found === undefined ? { error: 'not found' } : { uri, text: found };
    },
  });
  return { text: plain, pos: positions[0]!, doc, index: indexNames(doc.parse.ast) };
}

function hoverAt(e: Estate): string {
  const h = hover(e.doc, e.index, e.pos);
  assert.ok(h, 'expected a hover');
  return h.markdown;
}

describe('ide on estates', () => {
  it('the example imports platform.topo (the fixture reads it)', () => {
    const e = at('use auth');
    assert.deepEqual(e.doc.imported.map((f) => f.uri), [PLATFORM_URI]);
    assert.equal(e.doc.diagnostics.filter((d) => d.severity === 'error' && !/slo/.test(d.code)).length, 0, JSON.stringify(e.doc.diagnostics));
  });

  describe('hover', () => {
    it('on a `use` target declared in an imported file: the system, its file, its figures in a composite, its users', () => {
      const e = at('use auth', 5);
      const md = hoverAt(e);
      assert.match(md, /^\*\*system\*\* `auth` — declared in `platform\.topo`/);
      const cart = e.doc.systems.find((s) => s.model.name === 'cart')!;
      const layer = cart.analysis!.layers.find((l) => l.name === 'auth')!;
      assert.ok(md.includes(`As a step of \`cart\`: availability **${formatAvailability(layer.unavailability)}**`), md);
      assert.match(md, /Used by: `cart`, journey `web\/login`, journey `web\/checkout`/);
    });

    it('on a journey step naming a service of this file', () => {
      const md = hoverAt(at('-> catalog', 4));
      assert.match(md, /^\*\*system\*\* `catalog` — declared in this file/);
      assert.match(md, /As a step of `web\/browse`/);
    });

    it('on an external: its own availability and MTTR, and who uses it', () => {
      const md = hoverAt(at('external mailer', 10));
      assert.match(md, /^\*\*external\*\* `mailer` — declared in this file/);
      assert.match(md, /Availability \*\*99\.90*%\*\* · MTTR 2h/);
      assert.match(md, /Used by: `orders` \(soft\)/);
    });

    it('on a journey: its figures, its SLO verdict, its weakest link and its services', () => {
      const e = at('journey checkout', 9);
      const md = hoverAt(e);
      const j = e.doc.journeys.find((x) => x.model.name === 'checkout')!;
      assert.match(md, /^\*\*journey\*\* `web\/checkout`/);
      assert.ok(md.includes(`Availability **${formatAvailability(j.analysis!.unavailability)}**`), md);
      assert.match(md, /\| per year \|/);
      assert.match(md, /SLO 99\.95% [✓✗]/);
      assert.match(md, /Weakest link: `stripe` \(99\.99/);
      assert.match(md, /Services: `auth`, `cart`, `orders`, `orders-db`, `payments`, `stripe`/);
    });

    it('a journey step that is a layer of its system is a layer, not a service', () => {
      const md = hoverAt(at('path dns', 5));
      assert.match(md, /^\*\*layer\*\* `dns`/);
    });

    it('a service name is a code span, whatever it holds (no Markdown gets through)', () => {
      const text = 'system s {\n  use "*x* [a](b)"\n  layer l { node n { availability 99% } }\n}';
      const doc = analyseDocument(text);
      const md = hover(doc, indexNames(doc.parse.ast), { line: 1, character: 8 })?.markdown ?? '';
      assert.match(md, /^\*\*service\*\* `\*x\* \[a\]\(b\)` — not declared/);
      assert.doesNotMatch(md.replace(/`[^`]*`/g, ''), /\*x\*|\[a\]/);
    });
  });

  describe('code lens', () => {
    it('one per journey, on its `journey` line: availability · downtime · SLO verdict · weakest link', () => {
      const e = at('journey browse');
      const lenses = codeLenses(e.doc, SHOP_URI).filter((l) => l.title.includes('weakest'));
      assert.deepEqual(lenses.map((l) => l.range.start.line), [24, 28, 32]);
      const checkout = e.doc.journeys.find((x) => x.model.name === 'checkout')!;
      assert.equal(lenses[2]!.title, journeyLensTitle(checkout));
      assert.match(lenses[2]!.title, /^99\.\d+% · .+\/yr · SLO 99\.95% [✓✗] · weakest: stripe \(99\.99/);
    });

    it('a journey without figures says so', () => {
      assert.equal(journeyLensTitle({ model: at('journey browse').doc.journeys[0]!.model }), 'no figures (see the diagnostics)');
    });
  });

  describe('completion', () => {
    const labels = (e: Estate) => completions(e.doc, e.index, e.text, e.pos);

    it('after `use`: the other systems, the externals and the imported services (with their file)', () => {
      const e = at('use orders-db', 4);
      const got = labels(e);
      const names = got.map((c) => c.label);
      for (const n of ['web', 'catalog', 'cart', 'stripe', 'mailer', 'auth', 'orders-db']) assert.ok(names.includes(n), `${n} in [${names.join(', ')}]`);
      assert.ok(!names.includes('orders'), 'not the system itself');
      assert.equal(got.find((c) => c.label === 'auth')?.detail, 'system (platform.topo)');
      assert.equal(names.filter((n) => n === 'orders-db').length, 1);
    });

    it("in a journey's path: the system's top-level layers, then the services", () => {
      const e = at('-> auth -> cart', 3);
      const names = labels(e).map((c) => c.label);
      for (const n of ['dns', 'lb', 'app', 'auth', 'cart', 'orders-db', 'stripe']) assert.ok(names.includes(n), `${n} in [${names.join(', ')}]`);
    });

    it('without the imports known: this file only', () => {
      const e = at('use orders-db', 4);
      const names = completions({ parse: e.doc.parse }, e.index, e.text, e.pos).map((c) => c.label);
      assert.ok(!names.includes('auth') && names.includes('stripe'));
    });
  });

  describe('navigation and rename', () => {
    it('definition of a service of this file: its declaration (the name index)', () => {
      const e = at('use stripe', 5);
      assert.equal(textAt(e.text, definition(e.index, e.pos)!), 'stripe');
      assert.equal(definition(e.index, e.pos)!.start.line, 4);
    });

    it('definition of an imported service: the other file and its range', () => {
      const e = at('use auth', 5);
      const hit = serviceAt(e.index, e.pos)!;
      const d = serviceDeclaration(hit.name, SHOP_URI, e.index, e.doc.imported)!;
      assert.equal(d.uri, PLATFORM_URI);
      assert.equal(textAt(PLATFORM, d.range), 'auth');
      assert.equal(d.range.start.line, 3);
    });

    it('references of a service: every use and journey step, across the files', () => {
      const e = at('use orders-db', 4);
      const hit = serviceAt(e.index, e.pos)!;
      const all = serviceOccurrences(hit, SHOP_URI, e.index, e.doc.imported);
      assert.deepEqual(all.map((o) => `${o.uri === SHOP_URI ? 'shop' : 'platform'}:${o.range.start.line + 1}:${o.isDecl}`), ['platform:23:true', 'shop:69:false', 'shop:77:false']);
      // A local service: the name index alone, declaration included.
      const local = at('use stripe', 5);
      assert.deepEqual(references(local.index, local.pos, true).map((r) => r.start.line + 1), [5, 78]);
    });

    it('rename of an imported service: both files, one edit; a layer named the same is not touched', () => {
      // In gateway, `auth` is also a layer: its journey step names the layer, its `use` the service.
      const platform = PLATFORM + '\nsystem gateway {\n  use auth\n  layer auth { node g { availability 99.9% } }\n  journey j { path auth }\n}\n';
      const e = at('use auth', 5, 0, SHOP, { [PLATFORM_URI]: platform });
      const hit = serviceAt(e.index, e.pos)!;
      const r = renameService(hit, SHOP_URI, e.index, e.doc.imported, 'identity');
      assert.ok('changes' in r);
      assert.deepEqual(Object.keys(r.changes).sort(), [PLATFORM_URI, SHOP_URI]);
      const shop = applyEdits(e.text, r.changes[SHOP_URI]!);
      const plat = applyEdits(platform, r.changes[PLATFORM_URI]!);
      assert.match(shop, /use identity\n/);
      assert.match(shop, /dns -> lb -> app -> identity\n/);
      assert.match(shop, /app -> identity -> cart/);
      assert.ok(!/\bauth\b/.test(shop.replace(/#.*/g, '')), shop);
      assert.match(plat, /system identity \{/);
      assert.match(plat, /use identity\n {2}layer auth \{/, 'the use is renamed, the layer is not');
      assert.match(plat, /path auth \}/, 'the step naming the layer stays');
      assert.match(plat, /node auth \{/, 'a node of the same name stays');
    });

    it('rename of a service of this file: its declaration and references here', () => {
      const e = at('external stripe', 9);
      const r = renameService(serviceAt(e.index, e.pos)!, SHOP_URI, e.index, e.doc.imported, 'adyen');
      assert.ok('changes' in r);
      assert.deepEqual(Object.keys(r.changes), [SHOP_URI]);
      assert.equal((applyEdits(e.text, r.changes[SHOP_URI]!).match(/\badyen\b/g) ?? []).length, 2);
    });

    it('refuses a name another service has, in either file, and a name that is no identifier', () => {
      const e = at('use auth', 5);
      const hit = serviceAt(e.index, e.pos)!;
      assert.match((renameService(hit, SHOP_URI, e.index, e.doc.imported, 'orders-db') as { refused: string }).refused, /system named 'orders-db' already exists \(in platform\.topo\)/);
      assert.match((renameService(hit, SHOP_URI, e.index, e.doc.imported, 'stripe') as { refused: string }).refused, /external named 'stripe'/);
      assert.ok('refused' in renameService(hit, SHOP_URI, e.index, e.doc.imported, '9lives'));
    });
  });

  it('the Markdown report lists the journeys after the systems, each cell escaped', () => {
    const e = at('journey browse');
    const md = formatMarkdownReport('shop.topo', e.doc.systems, e.doc.journeys);
    const journeys = md.indexOf('## Journeys');
    assert.ok(journeys > md.lastIndexOf('## payments'), 'after the systems');
    const rows = journeyRows(e.doc.journeys);
    assert.ok(md.includes(`| web/checkout | ${rows[2]![1]} |`), md.slice(journeys));
    assert.match(md.slice(journeys), /\| journey \| availability \| nines \| downtime\/year \| objective \| weakest link \|/);
    const odd = { ...e.doc.journeys[0]!, model: { ...e.doc.journeys[0]!.model, system: undefined, name: '*bold*|pipe' } };
    assert.ok(formatMarkdownReport('x', [], [odd]).includes('\\*bold\\*\\|pipe'));
  });
});
