/**
 * The estates extension's syntax: `import`, `external`, `journey` at file level, `use` and
 * `journey` in a system. Its five words are contextual keywords: keywords only where they start
 * an item (`soft` right after `use NAME`), names everywhere else, so every file that parsed before
 * parses exactly as before.
 */
import { strict as assert } from 'node:assert';
import { parse, KEYWORDS, type ParseResult } from '../../grammar/src/index';
import { CONTEXTUAL_KEYWORDS } from '../../grammar/src/tokens';
import { describe as diagLines, marked, parseClean, show, ALL_KEYWORDS, withoutRanges } from './helpers';
import { CHECKOUT, EVERY_CONSTRUCT, grammarDiagnostics, mistakesOf } from './mistakes';

const pct = (value: number, text: string) => ({ kind: 'percent', value, integer: !text.includes('.'), text });
const dur = (value: number, text: string) => ({ kind: 'duration', value, integer: true, text });
const name = (text: string, quoted = false) => ({ text, quoted });
const ref = (n: string) => ({ name: n });

/** The one diagnostic of `text` (markers give its range), as `range message`. */
function oneError(fixture: string): string {
  const { text, range } = marked(fixture);
  const r = parse(text);
  assert.equal(r.diagnostics.length, 1, `one diagnostic expected for ${text}, got ${diagLines(r.diagnostics).join(' | ')}`);
  const d = r.diagnostics[0]!;
  assert.equal(show(d.range), show(range), `range of: ${d.message}`);
  return d.message;
}

/** The words of `text` the parser read as keywords, in order. */
function keywordsOf(r: ParseResult): string[] {
  return r.tokens.filter((t) => t.keyword).map((t) => t.image);
}

describe('estate syntax (an extension)', () => {
  describe('constructs', () => {
    it('import: the path unescaped, with its range and the keyword range', () => {
      const r = parseClean('import "shared/auth.topo"\nimport "a \\"b\\".topo"\n');
      assert.deepEqual(r.ast.imports.map((i) => [i.type, i.path?.text]), [['import', 'shared/auth.topo'], ['import', 'a "b".topo']]);
      const first = r.ast.imports[0]!;
      assert.equal(show(first.keywordRange), '0:0-0:6');
      assert.equal(show(first.path!.range), '0:7-0:25');
      assert.equal(show(first.range), '0:0-0:25');
      assert.deepEqual(r.ast.systems, []);
    });

    it('external: with a body like a zone, without one, with a string name', () => {
      const r = parseClean('external stripe { availability 99.99% mtbf 30d mttr 2h }\nexternal "pay pal"\nexternal sms {}');
      assert.deepEqual(withoutRanges(r.ast.externals), [
        { type: 'external', name: name('stripe'), props: [
          { key: 'availability', value: pct(99.99, '99.99%') },
          { key: 'mtbf', value: dur(2_592_000, '30d') },
          { key: 'mttr', value: dur(7200, '2h') },
        ] },
        { type: 'external', name: name('pay pal', true), props: [] },
        { type: 'external', name: name('sms'), props: [] },
      ]);
      const stripe = r.ast.externals[0]!;
      assert.equal(show(stripe.range), '0:0-0:56');
      assert.equal(show(stripe.keywordRange), '0:0-0:8');
      assert.equal(show(stripe.name!.range), '0:9-0:15');
      assert.equal(show(r.ast.externals[1]!.name!.range), '1:9-1:18');
    });

    it('use: hard and soft, identifiers and strings, in source order', () => {
      const r = parseClean('system shop {\n  use auth\n  use "pay pal" soft\n  use recommendations soft\n}');
      const uses = r.ast.systems[0]!.uses;
      assert.deepEqual(uses.map(({ softRange: _, ...u }) => withoutRanges(u)), [
        { type: 'use', target: name('auth'), soft: false },
        { type: 'use', target: name('pay pal', true), soft: true },
        { type: 'use', target: name('recommendations'), soft: true },
      ]);
      assert.equal(show(uses[0]!.range), '1:2-1:10');
      assert.equal(show(uses[0]!.keywordRange), '1:2-1:5');
      assert.equal(uses[0]!.softRange, undefined);
      assert.equal(show(uses[1]!.softRange!), '2:16-2:20');
      assert.equal(show(uses[1]!.range), '2:2-2:20');
    });

    it('journey in a system: objectives and paths of identifiers and strings (unescaped)', () => {
      const r = parseClean('system shop {\n  journey checkout {\n    path web -> "pay \\"pal\\"" -> db\n    slo 99.95%\n    rto 5m\n  }\n}');
      const sys = r.ast.systems[0]!;
      assert.deepEqual(withoutRanges(sys.journeys), [{
        type: 'journey', name: name('checkout'),
        objectives: [{ key: 'slo', value: pct(99.95, '99.95%') }, { key: 'rto', value: dur(300, '5m') }],
        paths: [{ type: 'path', layers: [ref('web'), ref('pay "pal"'), ref('db')] }],
      }]);
      const j = sys.journeys[0]!;
      assert.equal(show(j.range), '1:2-5:3');
      assert.equal(show(j.keywordRange), '1:2-1:9');
      assert.deepEqual(j.paths[0]!.layers.map((l) => show(l.range)), ['2:9-2:12', '2:16-2:29', '2:33-2:35']);
      assert.deepEqual(sys.paths, [], "a journey's path is not the system's");
      assert.deepEqual(sys.objectives, [], "a journey's objectives are not the system's");
    });

    it('journey at file level, named by a string; two paths kept for the model to report', () => {
      const r = parseClean('journey "sign up" { path web -> auth path x sla 99.9% window 30d rpo 5s }');
      assert.deepEqual(withoutRanges(r.ast.journeys), [{
        type: 'journey', name: name('sign up', true),
        objectives: [
          { key: 'sla', value: pct(99.9, '99.9%') }, { key: 'window', value: dur(2_592_000, '30d') }, { key: 'rpo', value: dur(5, '5s') },
        ],
        paths: [{ type: 'path', layers: [ref('web'), ref('auth')] }, { type: 'path', layers: [ref('x')] }],
      }]);
    });

    it('file-level items in any order with systems; system items in any order with the old ones', () => {
      const text = [
        'journey buy { path shop -> stripe }',
        'system shop {',
        '  slo 99.9%',
        '  use auth',
        '  layer web { node w { availability 99.9% } }',
        '  journey browse { path web }',
        '  path web',
        '  use stripe soft',
        '}',
        'import "auth.topo"',
        'external stripe { availability 99.99% }',
        'system other { }',
        'import "b.topo"',
      ].join('\n');
      const r = parseClean(text);
      assert.deepEqual(r.ast.systems.map((s) => s.name?.text), ['shop', 'other']);
      assert.deepEqual(r.ast.imports.map((i) => i.path?.text), ['auth.topo', 'b.topo']);
      assert.deepEqual(r.ast.externals.map((e) => e.name?.text), ['stripe']);
      assert.deepEqual(r.ast.journeys.map((j) => j.name?.text), ['buy']);
      const shop = r.ast.systems[0]!;
      assert.deepEqual(shop.uses.map((u) => [u.target?.text, u.soft]), [['auth', false], ['stripe', true]]);
      assert.deepEqual(shop.journeys.map((j) => j.name?.text), ['browse']);
      assert.deepEqual(shop.paths.map((p) => p.layers.map((l) => l.name)), [['web']]);
      assert.deepEqual(r.ast.systems[1]!.uses, []);
      assert.deepEqual(r.ast.systems[1]!.journeys, []);
    });

    it('an empty file has no imports, externals or journeys', () => {
      const r = parse('');
      assert.deepEqual([r.ast.imports, r.ast.externals, r.ast.journeys], [[], [], []]);
    });

    it('a reserved word as a service name is the usual one diagnostic', () => {
      assert.equal(oneError('system s { use <|>zone<|> }'), "'zone' is a reserved word and cannot be a name: rename it (e.g. 'zone-1' or 'my-zone')");
      assert.equal(oneError('external <|>layer<|> { availability 99% }'), "'layer' is a reserved word and cannot be a name: rename it (e.g. 'layer-1' or 'my-layer')");
    });
  });

  describe('contextual keywords', () => {
    it('are not reserved words: KEYWORDS is still exactly the spec list and the common causes\' words', () => {
      assert.deepEqual([...KEYWORDS], ALL_KEYWORDS);
      for (const w of CONTEXTUAL_KEYWORDS) assert.ok(!KEYWORDS.includes(w), w);
      assert.deepEqual([...CONTEXTUAL_KEYWORDS].sort(), ['external', 'import', 'journey', 'soft', 'use']);
    });

    it('stay names wherever a name goes, with no diagnostic', () => {
      const r = parseClean([
        'system use {',
        '  region import',
        '  zone journey in import { availability 99.99% }',
        '  zone soft',
        '  layer external {',
        '    kind journey',
        '    node use { availability 99% zones [journey, soft] }',
        '  }',
        '  layer import { site journey { layer soft { node external } path soft } }',
        '  path import -> soft',
        '  path external -> import',
        '  scenario use { fail use fail journey.external at 1s }',
        '}',
      ].join('\n'));
      const sys = r.ast.systems[0]!;
      assert.equal(sys.name?.text, 'use');
      assert.deepEqual(sys.paths.map((p) => p.layers.map((l) => l.name)), [['import', 'soft'], ['external', 'import']]);
      assert.deepEqual(sys.layers.map((l) => l.name?.text), ['external', 'import']);
      assert.deepEqual(sys.scenarios[0]?.fails.map((f) => f.target?.name), ['use', 'journey.external']);
      assert.deepEqual([sys.uses, sys.journeys, r.ast.imports, r.ast.externals, r.ast.journeys], [[], [], [], [], []]);
      // Semantic highlighting: none of them is a keyword here.
      const words = r.tokens.filter((t) => CONTEXTUAL_KEYWORDS.includes(t.image));
      assert.equal(words.length, 23);
      assert.deepEqual(new Set(words.map((t) => `${t.type} ${t.keyword}`)), new Set(['Identifier false']));
    });

    it('a name followed by the same word starting an item is not a word written twice', () => {
      // (`use use` itself reads as `use` written twice, as `a a` does: a service named so is quoted, `use "use"`.)
      const r = parseClean('system s {\n  layer journey { node n }\n  path journey\n  journey j { path journey }\n  use "use"\n  use x\n}');
      assert.deepEqual(r.ast.systems[0]!.paths.map((p) => p.layers.map((l) => l.name)), [['journey']]);
      assert.deepEqual(r.ast.systems[0]!.journeys.map((j) => j.name?.text), ['j']);
      assert.deepEqual(r.ast.systems[0]!.uses.map((u) => u.target?.text), ['use', 'x']);
    });

    it('are keywords (TokenInfo) only where they were read as keywords', () => {
      const r = parseClean('import "a.topo"\nexternal use { availability 99% }\nsystem soft {\n  use external soft\n  use soft\n  journey external { path use -> journey }\n}\njourney import { path soft }');
      assert.deepEqual(keywordsOf(r), [
        'import', 'external', 'availability', 'system', 'use', 'soft', 'use', 'journey', 'path', 'journey', 'path',
      ]);
      const infos = r.tokens.filter((t) => t.image === 'use' || t.image === 'soft').map((t) => [show(t.range), t.image, t.type, t.keyword]);
      assert.deepEqual(infos, [
        ['1:9-1:12', 'use', 'Identifier', false], ['2:7-2:11', 'soft', 'Identifier', false],
        ['3:2-3:5', 'use', 'Keyword', true], ['3:15-3:19', 'soft', 'Keyword', true],
        ['4:2-4:5', 'use', 'Keyword', true], ['4:6-4:10', 'soft', 'Identifier', false],
        ['5:26-5:29', 'use', 'Identifier', false], ['7:22-7:26', 'soft', 'Identifier', false],
      ]);
      assert.deepEqual(r.ast.systems[0]!.uses.map((u) => [u.target?.text, u.soft]), [['external', true], ['soft', false]]);
    });

    // The strongest form of "old files parse as before": a text where these words are names, and the
    // same text with them spelt differently (same lengths), give the same AST, tokens and diagnostics,
    // for the valid text and for every single mistake made to it (the sweep's mistakes).
    const PLAIN: Record<string, string> = { import: 'imqort', external: 'extqrnal', use: 'uqe', soft: 'sqft', journey: 'jqurney' };
    const plain = (s: string) => s.replace(/\b(import|external|use|soft|journey)\b/g, (w) => PLAIN[w] ?? w);
    const back = (s: string) => s.replace(/\b(imqort|extqrnal|uqe|sqft|jqurney)\b/g, (w) => Object.keys(PLAIN).find((k) => PLAIN[k] === w) ?? w);
    const asBefore = (r: ParseResult) => JSON.stringify({ ast: r.ast, tokens: r.tokens, diagnostics: r.diagnostics });
    const renamed = [
      {
        name: 'every construct',
        text: EVERY_CONSTRUCT.replace(/\bweb\b/g, 'external').replace(/\bz1\b/g, 'use').replace(/\bz2\b/g, 'soft')
          .replace(/\br1\b/g, 'import').replace(/\bdr\b/g, 'journey'),
      },
      {
        name: 'checkout',
        text: CHECKOUT.replace(/\bdns\b/g, 'journey').replace(/\blb\b/g, 'use').replace(/\bapp\b/g, 'external')
          .replace(/\baz1\b/g, 'import').replace(/\baz2\b/g, 'soft'),
      },
    ];
    for (const { name: label, text } of renamed) {
      it(`do not change how a file that uses them as names parses: ${label}, and every mistake made to it`, () => {
        assert.ok((text.match(/\b(import|external|use|soft|journey)\b/g) ?? []).length >= 10, 'the text uses the words as names');
        parseClean(text);
        assert.equal(back(asBefore(parse(plain(text)))), asBefore(parse(text)));
        const mistakes = mistakesOf(text);
        const plainMistakes = mistakesOf(plain(text));
        assert.equal(mistakes.length, plainMistakes.length);
        assert.ok(mistakes.length > 500);
        // One wording differs, on purpose: where such a word starts an item of the block but no name
        // follows (`use in r`, `journey {`), the stray word is said to lack its name.
        const unnamed = /^expected a name after '(use|journey|external)', found /;
        const reworded: string[] = [];
        const differ = mistakes.filter((m, i) => {
          const now = parse(m.text);
          const before = JSON.parse(back(JSON.stringify(parse(plainMistakes[i]!.text)))) as ParseResult;
          before.diagnostics.forEach((d, j) => {
            const n = now.diagnostics[j];
            if (n && unnamed.test(n.message) && show(n.range) === show(d.range) && d.message.startsWith(`unexpected '${n.message.split("'")[1]}' in `)) {
              d.message = n.message;
              reworded.push(m.label);
            }
          });
          return asBefore(before) !== asBefore(now);
        }).map((m) => m.label);
        assert.deepEqual(differ, []);
        assert.ok(reworded.length <= 5, reworded.join(', '));
      });
    }
  });

  describe('recovery and messages', () => {
    const cases: [string, string][] = [
      ['import <|>auth<|>\nsystem s { }', 'import needs a quoted path, e.g. import "shared/auth.topo"'],
      ['import <|>shared<|>.auth\nsystem s { }', 'import needs a quoted path, e.g. import "shared/auth.topo"'],
      ['import\n<|>system<|> s { }', 'import needs a quoted path, e.g. import "shared/auth.topo"'],
      ['import "a.topo"\nimport<|><|>', 'import needs a quoted path, e.g. import "shared/auth.topo"'],
      ['<|>external<|>\nsystem s { }', "expected a name after 'external', found keyword 'system'"],
      ['<|>external<|> { availability 99% }', "expected a name after 'external', found '{'"],
      ['external stripe <|>availability<|> 99% }', "expected '{' after 'stripe', found keyword 'availability'"],
      ['external stripe { <|>replicas<|> 3 }', "unexpected keyword 'replicas' in external 'stripe': expected availability, mtbf, mttr or '}' ('replicas' goes in a defaults or node block)"],
      ['external stripe { availability 99%<|><|>', "the file ends too soon: expected '}' to close external 'stripe'"],
      ['<|>journey<|> { path a }\nsystem s { }', "expected a name after 'journey', found '{'"],
      ['journey j <|>path<|> a -> b }', "expected '{' after 'j', found keyword 'path'"],
      ['system s { journey j { path a <|>foo<|> -> b } }', "unexpected 'foo' in journey 'j': expected path, slo, sla, window, rto, rpo or '}'"],
      ['journey j { path a -> b <|>frobnicate<|> slo 99.9% }', "unexpected 'frobnicate' in journey 'j': expected path, slo, sla, window, rto, rpo or '}'"],
      ['journey j { path a -> <|>}<|>', "expected a name after '->', found '}'"],
      ['system s { layer x { node y } journey j { path x <|>layer<|> z { node q } }', "expected '}' to close journey 'j', found keyword 'layer'"],
      ['system s { <|>use<|> }', "expected a name after 'use', found '}'"],
      ['system s { <|>use<|>\nlayer x { node y } }', "expected a name after 'use', found keyword 'layer'"],
      ['system s { <|>use<|> 99% }', "expected a name after 'use', found '99%'"],
      ['system s { <|>journey<|> { path a } }', "expected a name after 'journey', found '{'"],
      ['system s { use a soft <|>soft<|> }', "'soft' is written twice: remove one"],
      ['system s { use a soft <|>hard<|> }', "unexpected 'hard' in system 's': expected slo, sla, window, rto, rpo, defaults, region, zone, layer, path, scenario, use, journey, deploys, change-failure, restore, rollout, maintenance or '}'"],
      ['system s { layer web { node a <|>use<|> auth }', "expected '}' to close layer 'web', found 'use'"],
      ['system s { journey j { path web }<|><|>', "the file ends too soon: expected '}' to close system 's'"],
      ['system s { use <|>use<|> auth }', "'use' is written twice: remove one"],
      ['journey <|>journey<|> j { path a }', "'journey' is written twice: remove one"],
      ['<|>use<|> auth\nsystem s { }', "unexpected 'use': a file holds only 'system NAME { … }' blocks, imports, externals and journeys ('use' goes in a system block)"],
      ['import "a.topo"\n<|>Sytsem<|> s { }', "unknown word 'Sytsem' — did you mean `system`?"],
    ];
    for (const [fixture, message] of cases) {
      it(fixture.replace(/<\|>/g, '').replace(/\n/g, ' ⏎ '), () => assert.equal(oneError(fixture), message));
    }

    it('repairs a misspelt or missing external keyword when the body is an external\'s', () => {
      assert.equal(oneError('<|>Externla<|> stripe { availability 99.99% }\nsystem s { }'), "unknown word 'Externla' — did you mean `external`?");
      assert.equal(oneError('system s { }\n<|>stripe<|> { availability 99.99% }'), "expected 'external', found 'stripe'");
      const r = parse('system s { }\nExternla stripe { availability 99.99% }');
      assert.deepEqual(r.ast.externals.map((e) => [e.name?.text, e.props.map((p) => p.key), show(e.keywordRange)]), [['stripe', ['availability'], '1:0-1:8']]);
      assert.equal(r.tokens.find((t) => t.image === 'Externla')?.keyword, false);
      // A system's body stays a system's.
      assert.equal(oneError('<|>Sytsem<|> s { slo 99% }'), "unknown word 'Sytsem' — did you mean `system`?");
    });

    it('drops a stray brace between an estate word and its name, or before soft', () => {
      assert.equal(oneError('system s { use <|>}<|> auth\n  layer l { node n } }'), "unexpected '}': the braces do not pair up, and this one closes no block here; remove it");
      assert.equal(oneError('system s { use auth <|>}<|> soft\n  layer l { node n } }'), "unexpected '}': the braces do not pair up, and this one closes no block here; remove it");
      assert.equal(oneError('system s { journey j { path a -> <|>}<|> "b c" } }'), "expected a name after '->', found '}'");
      const r = parse('system s { use auth } soft\n  layer l { node n } }');
      assert.deepEqual(r.ast.systems[0]?.uses.map((u) => [u.target?.text, u.soft]), [['auth', true]]);
      assert.deepEqual(r.ast.systems[0]?.layers.map((l) => l.name?.text), ['l']);
      const j = parse('system s { journey j { path a -> } "b c" }\n  layer l { node n } }');
      assert.deepEqual(j.ast.systems[0]?.journeys[0]?.paths[0]?.layers.map((l) => l.name), ['a', 'b c']);
      assert.deepEqual(j.ast.systems[0]?.layers.map((l) => l.name?.text), ['l']);
    });

    it('the sweep on an estate text: every single mistake gives at most one diagnostic', () => {
      const estate = [
        'import "shared/auth.topo"',
        'external stripe { availability 99.99% mttr 2h }',
        'external "pay pal"',
        'journey buy {',
        '  path shop -> "pay pal"',
        '  slo 99.9%',
        '}',
        'system shop {',
        '  slo 99.9%',
        '  use auth',
        '  use stripe soft',
        '  journey checkout {',
        '    path web -> stripe',
        '    rto 5m',
        '  }',
        '  layer web {',
        '    node w { availability 99% }',
        '  }',
        '  path web',
        '}',
      ].join('\n');
      parseClean(estate);
      const mistakes = mistakesOf(estate);
      assert.ok(mistakes.length > 350);
      const multiple = mistakes.filter((m) => grammarDiagnostics(m.text).length >= 2).map((m) => m.label);
      assert.deepEqual(multiple, []);
      // Both leave valid text: `use soft` (a service named soft), `use stripe` (no longer soft).
      const silent = mistakes.filter((m) => grammarDiagnostics(m.text).length === 0).map((m) => m.label);
      assert.deepEqual(silent, ["delete 'stripe' at 10:6", "delete 'soft' at 10:13"]);
    });

    it('keeps what follows a mistake', () => {
      const r = parse('import auth\nexternal { availability 99% }\njourney j path a }\nsystem s { use }\nsystem t { use x soft layer l { node n } }');
      assert.equal(grammarDiagnostics('import auth').length, 1);
      assert.deepEqual(r.ast.imports.map((i) => i.path), [undefined]);
      // An item word with no name after it is skipped with its block, as a stray word is.
      assert.deepEqual(r.ast.externals, []);
      assert.deepEqual(r.ast.journeys.map((j) => [j.name?.text, j.paths.map((p) => p.layers.map((l) => l.name))]), [['j', [['a']]]]);
      assert.deepEqual(r.ast.systems.map((s) => [s.name?.text, s.uses.map((u) => [u.target?.text, u.soft])]), [['s', []], ['t', [['x', true]]]]);
      assert.deepEqual(r.ast.systems[1]?.layers.map((l) => l.name?.text), ['l']);
      assert.equal(r.diagnostics.length, 4);
    });

    it('a misplaced estate item in a block reads as a forgotten }, as a misplaced system item does', () => {
      const estate = parse('system a { layer l { node n journey x { path l } } }');
      const old = parse('system a { layer l { node n scenario x { fail n } } }');
      assert.deepEqual(estate.diagnostics.map((d) => [show(d.range), d.message]), [
        ['0:28-0:35', "expected '}' to close layer 'l', found 'journey'"],
        ['0:51-0:52', "unexpected '}': a file holds only 'system NAME { … }' blocks, imports, externals and journeys"],
      ]);
      assert.deepEqual(old.diagnostics.map((d) => d.message.replace("keyword 'scenario'", "'journey'")), estate.diagnostics.map((d) => d.message));
    });
  });
});
