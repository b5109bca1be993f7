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

  it('refuses a new name another kind uses in the shared namespace, and accepts exactly what the model accepts', () => {
    // Nodes, instances, sites, zones and regions share a system's namespace (by qualified id);
    // site names are unique by local name; layers only within their scope.
    const text = [
      'system s {',
      '  region r1 { availability 99.99% }',
      '  zone a1 in r1',
      '  zone b1 in r1',
      '  layer front { node lb { availability 99.99% zones [a1, b1] replicas 2 } }',
      '  layer stack {',
      '    mode active-passive',
      '    site east {',
      '      layer app { node app { availability 99.9% replicas 2 zone a1 } }',
      '      path app',
      '    }',
      '    site west { standby warm',
      '      layer app { node app { availability 99.9% replicas 2 zone b1 } }',
      '      path app',
      '    }',
      '  }',
      '  layer db { node db-primary { availability 99.9% } node app-3 { availability 99.9% } }',
      '  path front -> stack -> db',
      '}',
    ].join('\n');
    const at = (line: number, word: string) => ({ line, character: (text.split('\n')[line] ?? '').indexOf(word) + 1 });
    const targets = { 'node lb': at(4, 'lb '), 'zone a1': at(2, 'a1'), 'region r1': at(1, 'r1'), 'site east': at(7, 'east'), 'node db-primary': at(16, 'db-primary'), 'node east.app': at(8, 'app {') };
    const names = ['east', 'west', 'a1', 'b1', 'r1', 'lb', 'lb-1', 'lb-2', 'lb-3', 'app-3', 'app', 'db', 'db-primary', 'front', 'stack', 'fresh', 'app-1'];
    const f = fixture(text);
    assert.deepEqual(f.doc.diagnostics.filter((d) => d.severity === 'error'), []);
    for (const [what, pos] of Object.entries(targets)) {
      for (const name of names) {
        const r = rename(f.index, f.doc.parse.tokens, pos, name);
        const duplicate = Array.isArray(r) && fixture(applyEdits(text, r)).doc.diagnostics.some((d) => d.code === 'duplicate-name');
        if (Array.isArray(r)) assert.ok(!duplicate, `renaming ${what} to '${name}' was accepted but gives duplicate-name`);
        else {
          assert.match(r.refused, /already|clash/, `${what} → ${name}`);
          // Whatever is refused would have been a duplicate (or is the name itself).
          const forced = applyEdits(text, [{ range: prepareRenameRange(f, pos), newText: name }]);
          const current = textAt(text, prepareRenameRange(f, pos));
          if (name !== current) assert.ok(fixture(forced).doc.diagnostics.some((d) => d.code === 'duplicate-name'), `renaming ${what} to '${name}' was refused but the model accepts it`);
        }
      }
    }
    const refused = (pos: { line: number; character: number }, name: string) => {
      const r = rename(f.index, f.doc.parse.tokens, pos, name);
      return !Array.isArray(r) && 'refused' in r;
    };
    assert.ok(refused(targets['node db-primary'], 'app-3'));
    assert.ok(refused(targets['node lb'], 'east') && refused(targets['node lb'], 'a1'));
    assert.ok(refused(targets['zone a1'], 'lb') && refused(targets['region r1'], 'lb-2'));
    assert.ok(!refused(targets['region r1'], 'lb-3'));
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

/** The declaration's name range at a position (for forcing a rename that only renames the declaration). */
function prepareRenameRange(f: ReturnType<typeof fixture>, pos: { line: number; character: number }) {
  const r = prepareRename(f.index, f.doc.parse.tokens, pos);
  assert.ok(!('refused' in r));
  return r.range;
}
