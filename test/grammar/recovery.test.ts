import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, type ParseResult } from '../../grammar/src/index';
import { allRanges, describe as diagLines, isValidRange } from './helpers';

const checkout = readFileSync(join(__dirname, '..', '..', 'examples', 'checkout.topo'), 'utf8');

/** Every range of a result is well-formed and lies within the text. */
function assertRangesValid(r: ParseResult, text: string, label: string): void {
  const lines = text.split(/\r\n|\r|\n/);
  for (const range of [...allRanges(r.ast), ...allRanges(r.tokens), ...allRanges(r.comments), ...allRanges(r.diagnostics)]) {
    assert.ok(isValidRange(range), `${label}: bad range ${JSON.stringify(range)}`);
    for (const p of [range.start, range.end]) {
      assert.ok(p.line < lines.length, `${label}: line ${p.line} past the end`);
      assert.ok(p.character <= (lines[p.line] ?? '').length, `${label}: character ${p.character} past the end of line ${p.line}`);
    }
  }
}

describe('recovery', () => {
  it('reports three mistakes in one file and keeps everything else', () => {
    const text = [
      'system shop {',
      '  slo 99.9',
      '  layer web {',
      '    node w1 { availability 99.9% }',
      '    frobnicate 3',
      '    node w2 { availability 99.9% }',
      '  }',
      '  layer db {',
      '    node d1 { availability 99.95% zone }',
      '    node d2 { availability 99.95% }',
      '  }',
      '  path web -> db',
      '}',
      'system other { layer x { node y } }',
    ].join('\n');
    const r = parse(text);
    assert.deepEqual(diagLines(r.diagnostics), [
      "1:6-1:10 syntax expected a percent (e.g. 99.95%) after 'slo', found '99.9'",
      "4:4-4:14 syntax unexpected 'frobnicate' in layer 'web': expected kind, mode, min, load, optional, promote, health-check, heartbeat, replication, backup, node, site or '}'",
      "8:39-8:40 syntax expected a name after 'zone', found '}'",
    ]);
    const [shop, other] = r.ast.systems;
    assert.deepEqual(shop?.layers.map((l) => [l.name?.text, l.members.map((m) => m.name?.text)]), [
      ['web', ['w1', 'w2']], ['db', ['d1', 'd2']],
    ]);
    assert.deepEqual(shop?.layers[1]?.members[0]?.props.map((p) => [p.key, p.value?.value, p.refs]), [
      ['availability', 99.95, undefined], ['zone', undefined, []],
    ]);
    assert.deepEqual(shop?.paths[0]?.layers.map((l) => l.name), ['web', 'db']);
    assert.equal(other?.layers[0]?.members[0]?.name?.text, 'y');
    assertRangesValid(r, text, 'three errors');
  });

  it('gives valid ranges (never NaN, negative or past the end) for every prefix of the spec example', () => {
    let incomplete = 0;
    for (let n = 0; n <= checkout.length; n++) {
      const text = checkout.slice(0, n);
      const r = parse(text);
      assertRangesValid(r, text, `prefix ${n}`);
      const cut = text.trimEnd() !== checkout.trimEnd() && r.tokens.length > 0;
      if (cut) {
        incomplete++;
        assert.ok(r.diagnostics.length >= 1, `prefix ${n} is incomplete but has no diagnostic`);
        assert.deepEqual(r.diagnostics.filter((d) => d.code !== 'syntax' || d.severity !== 'error'), [], `prefix ${n}`);
      }
    }
    assert.ok(incomplete > 750, `only ${incomplete} incomplete prefixes`);
  });

  it('puts an end-of-file diagnostic right after the last token, not at the end of trailing comments', () => {
    const r = parse('system a {\n  layer l { node n }\n# trailing\n\n');
    assert.deepEqual(diagLines(r.diagnostics), ["1:20-1:20 syntax the file ends too soon: expected '}' to close system 'a'"]);
  });

  it('survives the deletion of any one token of the spec example', () => {
    const tokens = parse(checkout).tokens;
    for (const t of tokens) {
      const text = checkout.slice(0, t.startOffset) + checkout.slice(t.endOffset);
      const r = parse(text);
      assertRangesValid(r, text, `without '${t.image}' at ${t.startOffset}`);
      assert.ok(r.ast.systems.length >= 1 || t.image === 'system', `without '${t.image}' the system is lost`);
    }
  });
});

describe('recovery: what follows a mistake still parses', () => {
  /** The system's layers as `[layer, [members]]`, to see what survived. */
  const layersOf = (text: string) =>
    parse(text).ast.systems[0]?.layers.map((l) => [l.name?.text, l.members.map((m) => m.name?.text)]);

  it('skips a stray word with its braces and goes on with the next item', () => {
    const r = parse('system a { regino r1 { availability 99% } zone z\n  layer l { node n } }');
    assert.equal(r.diagnostics.length, 1);
    assert.deepEqual(r.ast.systems[0]?.zones.map((z) => z.name?.text), ['z']);
    assert.deepEqual(layersOf('system a { regino r1 { availability 99% } zone z\n  layer l { node n } }'), [['l', ['n']]]);
  });

  it("keeps a node's properties when its '{' is left out, and the nodes after it", () => {
    const r = parse('system a { layer l { node n availability 99% zone z } node m { availability 98% } } }');
    assert.equal(r.diagnostics.length, 1);
    const [n, m] = r.ast.systems[0]?.layers[0]?.members ?? [];
    assert.deepEqual(n?.type === 'node' && [n.hasBody, n.props.map((p) => [p.key, p.value?.value ?? p.refs?.[0]?.name])], [true, [['availability', 99], ['zone', 'z']]]);
    assert.equal(m?.name?.text, 'm');
  });

  it("keeps a region's properties when its '{' is left out", () => {
    const r = parse('system a { region r availability 99.9% } zone z in r }');
    assert.equal(r.diagnostics.length, 1);
    assert.deepEqual(r.ast.systems[0]?.regions[0]?.props.map((p) => [p.key, p.value?.value]), [['availability', 99.9]]);
    assert.deepEqual(r.ast.systems[0]?.zones.map((z) => [z.name?.text, z.region?.name]), [['z', 'r']]);
  });

  it("keeps the block open past one '}' too many", () => {
    assert.deepEqual(layersOf('system a { layer l { node n { } } node m } layer k { node o } }'), [['l', ['n', 'm']], ['k', ['o']]]);
  });

  it('reads past a stray brace as if it were not there', () => {
    const slo = parse('system a { slo } 99.9%\n  layer l { node n } }');
    assert.equal(slo.diagnostics.length, 1);
    assert.deepEqual(slo.ast.systems[0]?.objectives.map((p) => [p.key, p.value?.value]), [['slo', 99.9]]);
    const hot = parse('system a { layer l { node n { standby } hot } node m } }');
    assert.equal(hot.diagnostics.length, 1);
    assert.deepEqual(hot.ast.systems[0]?.layers[0]?.members.map((m) => [m.name?.text, m.type === 'node' && m.props.map((p) => p.word?.text)]), [['n', ['hot']], ['m', []]]);
  });

  it('reads a value written with a space before its unit', () => {
    const r = parse('system a { rto 5 m }');
    assert.deepEqual(r.ast.systems[0]?.objectives.map((p) => [p.key, p.value?.value, p.value?.kind]), [['rto', 300, 'duration']]);
  });

  it('reads past a word written twice as if it were written once', () => {
    assert.deepEqual(layersOf('system a { layer layer l { node node n { availability 99% } } }'), [['l', ['n']]]);
  });

  it("leaves the keyword after a missing name to start its own item (a path's '->' with no layer)", () => {
    const r = parse('system a { layer l { node n } path l ->\n  scenario s { fail n at 5s } }');
    assert.equal(r.diagnostics.length, 1);
    assert.deepEqual(r.ast.systems[0]?.paths[0]?.layers.map((l) => l.name), ['l']);
    assert.deepEqual(r.ast.systems[0]?.scenarios.map((s) => [s.name?.text, s.fails.map((f) => [f.target?.name, f.at?.value])]), [['s', [['n', 5]]]]);
  });

  it("parses a system whose 'system' is misspelt or left out", () => {
    const r = parse('Sytsem shop { layer l { node n } }\nother { layer m { node o } }');
    assert.equal(r.diagnostics.length, 2);
    assert.deepEqual(r.ast.systems.map((s) => [s.name?.text, s.layers.map((l) => l.name?.text)]), [['shop', ['l']], ['other', ['m']]]);
  });

  it('parses the lines after an unterminated string', () => {
    assert.deepEqual(layersOf('system "shop {\n  layer l { node n }\n}'), [['l', ['n']]]);
  });
});
