import assert from 'node:assert/strict';
import { definition, highlights, invalidNameReason, prepareRename, references, rename } from '../../../server/src/core/ide/navigation';
import { applyEdits, fixture, textAt } from './fixture';

const SYSTEM = (body: string) => `system s {\n  zone az1 { availability 99.99% }\n  zone az2\n${body}\n}`;

describe('ide/navigation', () => {
  const cases: [string, string, string][] = [
    ['a zone reference', SYSTEM('  layer l { node n { availability 99% zone a<|>z2 } }'), 'zone az2'],
    ['a zones list entry', SYSTEM('  layer l { node n { availability 99% zones [az1, <|>az2] replicas 2 } }'), 'zone az2'],
    ['a path entry', SYSTEM('  layer web { node n { availability 99% } }\n  path <|>web'), 'layer web { node n { availability 99% } }'],
    ['a fail target', SYSTEM('  layer l { node db { availability 99% } }\n  scenario "x" { fail d<|>b }'), 'node db { availability 99% }'],
    ['an instance in a fail target', SYSTEM('  layer l { node app { availability 99% replicas 3 } }\n  scenario "x" { fail a<|>pp-2 }'), 'node app { availability 99% replicas 3 }'],
    ['a site-qualified fail target', SYSTEM('  layer g { site east { layer w { node app { availability 99% } } } }\n  scenario "x" { fail east.ap<|>p }'), 'node app { availability 99% }'],
    ['a region after in', 'system s {\n  region use1\n  zone z in us<|>e1\n}', 'region use1'],
  ];
  for (const [what, marked, declared] of cases) {
    it(`goes to the definition from ${what}`, () => {
      const f = fixture(marked);
      const target = definition(f.index, f.position);
      assert.ok(target, 'no definition');
      const declLine = f.text.split('\n')[target.start.line] ?? '';
      assert.ok(declLine.includes(declared), `definition line '${declLine}' should hold '${declared}'`);
    });
  }

  it('resolves layers inside a site in the site, not at the top level', () => {
    const f = fixture('system s {\n  layer web { node a { availability 99% } }\n  layer g { site east { layer web { node b { availability 99% } } path w<|>eb } }\n}');
    assert.equal(definition(f.index, f.position)?.start.line, 2);
  });

  it('finds references with and without the declaration, and highlights them', () => {
    const f = fixture(SYSTEM('  layer l { node n { availability 99% zones [az1, az2] replicas 2 } node m { availability 99% zone a<|>z1 } }'));
    const all = references(f.index, f.position, true);
    assert.equal(all.length, 3);
    assert.ok(all.every((r) => textAt(f.text, r) === 'az1'));
    assert.equal(references(f.index, f.position, false).length, 2);
    const hl = highlights(f.index, f.position);
    assert.deepEqual(hl.map((h) => h.write), [true, false, false]);
  });

  it('renames a node, its instance references and nothing else', () => {
    const f = fixture(SYSTEM('  layer app { node a<|>pp { availability 99% replicas 3 } }\n  path app\n  scenario "x" { fail app-2 fail app }'));
    const edits = rename(f.index, f.doc.parse.tokens, f.position, 'web');
    assert.ok(Array.isArray(edits));
    const out = applyEdits(f.text, edits);
    assert.match(out, /node web \{/);
    assert.match(out, /fail web-2 fail web/);
    assert.match(out, /layer app \{/, 'the layer of the same name is another symbol');
    assert.match(out, /path app/);
  });

  it('renames a zone everywhere it is referenced', () => {
    const f = fixture(SYSTEM('  layer l { node n { availability 99% zones [az1, az2] replicas 2 } }\n  scenario "x" { fail az2 }').replace('zone az2', 'zone a<|>z2'));
    const edits = rename(f.index, f.doc.parse.tokens, f.position, 'euw1-b');
    assert.ok(Array.isArray(edits));
    const out = applyEdits(f.text, edits);
    assert.equal(out.match(/euw1-b/g)?.length, 3);
    assert.doesNotMatch(out, /az2/);
  });

  it('refuses to rename a keyword, with a message', () => {
    const f = fixture(SYSTEM('  lay<|>er l { node n { availability 99% } }'));
    const r = prepareRename(f.index, f.doc.parse.tokens, f.position);
    assert.ok('refused' in r);
    assert.match(r.refused, /'layer' is a keyword/);
  });

  it('refuses invalid and clashing new names', () => {
    const f = fixture(SYSTEM('  layer l { node n<|> { availability 99% } node m { availability 99% } }'));
    for (const [name, reason] of [['zone', /keyword/], ['9lives', /not an identifier/], ['a-', /ends with '-'/], ['', /empty/], ['a b', /not an identifier/], ['m', /already exists/]] as const) {
      const r = rename(f.index, f.doc.parse.tokens, f.position, name);
      assert.ok(!Array.isArray(r) && 'refused' in r, `'${name}' should be refused`);
      assert.match(r.refused, reason);
    }
    assert.equal(invalidNameReason('db-primary_2'), undefined);
  });

  it('offers the name under the cursor as the rename placeholder', () => {
    const f = fixture(SYSTEM('  layer l { node n { availability 99% zone az<|>1 } }'));
    const r = prepareRename(f.index, f.doc.parse.tokens, f.position);
    assert.ok(!('refused' in r));
    assert.equal(r.placeholder, 'az1');
    assert.equal(textAt(f.text, r.range), 'az1');
  });

  it('does not rename system and scenario names', () => {
    const f = fixture('system c<|>heckout {\n}');
    const r = prepareRename(f.index, f.doc.parse.tokens, f.position);
    assert.ok('refused' in r);
  });
});
