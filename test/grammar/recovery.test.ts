import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, type ParseResult } from '../../grammar/src/index';
import { allRanges, describe as diagLines, isValidRange, marked, parseClean, show } from './helpers';

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
      "4:4-4:14 syntax unexpected 'frobnicate' in layer 'web': expected kind, mode, min, load, optional, promote, health-check, heartbeat, replication, backup, node, site, deploys, change-failure, restore, rollout, maintenance, common-cause or '}'",
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

describe('recovery: a misspelt keyword is read as the keyword it plainly is', () => {
  /** The one diagnostic of a fixture: asserts there is exactly one, at the marked word. */
  function oneDiagnostic(fixture: string): { r: ParseResult; line: string } {
    const { text, range } = marked(fixture);
    const r = parse(text);
    const lines = diagLines(r.diagnostics);
    assert.equal(lines.length, 1, `one diagnostic expected for ${text}, got ${lines.join(' | ')}`);
    assert.equal(lines[0]?.split(' ')[0], show(range), `range for ${text}`);
    assertRangesValid(r, text, text);
    return { r, line: lines[0] ?? '' };
  }
  const didYouMean = (word: string, keyword: string) => `syntax unknown word '${word}' — did you mean \`${keyword}\`?`;

  it("keeps a layer's health check and heartbeat (`helth-check {`, `hearbeat {`)", () => {
    const { r, line } = oneDiagnostic('system a { layer l { mode active-passive\n  <|>helth-check<|> { interval 5s timeout 2s }\n  node p node s { standby } } }');
    assert.ok(line.endsWith(didYouMean('helth-check', 'health-check')), line);
    const layer = r.ast.systems[0]?.layers[0];
    const check = layer?.props.find((p) => p.key === 'health-check');
    assert.deepEqual(check?.body?.map((p) => [p.key, p.value?.value]), [['interval', 5], ['timeout', 2]]);
    assert.equal(check && show(check.keyRange), '1:2-1:13');
    assert.deepEqual(layer?.members.map((m) => m.name?.text), ['p', 's']);
    const hb = oneDiagnostic('system a { layer l { <|>hearbeat<|> { timeout 10s } node n } }');
    assert.ok(hb.line.endsWith(didYouMean('hearbeat', 'heartbeat')), hb.line);
    assert.deepEqual(hb.r.ast.systems[0]?.layers[0]?.props.map((p) => [p.key, p.body?.map((b) => [b.key, b.value?.value])]), [['heartbeat', [['timeout', 10]]]]);
  });

  it('keeps a layer, a node, a zone, a scenario and a journey whose keyword is misspelt', () => {
    const layr = oneDiagnostic('system a { <|>layr<|> db { node d1 { availability 99% } node d2 }\n  path db }');
    assert.ok(layr.line.endsWith(didYouMean('layr', 'layer')), layr.line);
    assert.deepEqual(layr.r.ast.systems[0]?.layers.map((l) => [l.name?.text, l.members.map((m) => m.name?.text)]), [['db', ['d1', 'd2']]]);
    const nodes = oneDiagnostic('system a { layer web { <|>nodes<|> w1 { availability 99.9% } node w2 } }');
    assert.ok(nodes.line.endsWith(didYouMean('nodes', 'node')), nodes.line);
    assert.deepEqual(nodes.r.ast.systems[0]?.layers[0]?.members.map((m) => [m.name?.text, m.type === 'node' ? m.props.map((p) => p.key) : []]), [['w1', ['availability']], ['w2', []]]);
    const zoen = oneDiagnostic('system a { <|>zoen<|> az1 { availability 99.9% }\n  zone az2 }');
    assert.ok(zoen.line.endsWith(didYouMean('zoen', 'zone')), zoen.line);
    assert.deepEqual(zoen.r.ast.systems[0]?.zones.map((z) => [z.name?.text, z.props.map((p) => p.key)]), [['az1', ['availability']], ['az2', []]]);
    const scenaro = oneDiagnostic('system a { layer l { node n }\n  <|>scenaro<|> "x" { fail n at 5s } }');
    assert.ok(scenaro.line.endsWith(didYouMean('scenaro', 'scenario')), scenaro.line);
    assert.deepEqual(scenaro.r.ast.systems[0]?.scenarios.map((s) => [s.name?.text, s.fails.map((f) => f.target?.name)]), [['x', ['n']]]);
    const jorney = oneDiagnostic('system a { layer l { node n }\n  <|>jorney<|> j { path l } }');
    assert.ok(jorney.line.endsWith(didYouMean('jorney', 'journey')), jorney.line);
    assert.deepEqual(jorney.r.ast.systems[0]?.journeys.map((j) => [j.name?.text, j.paths[0]?.layers.map((l) => l.name)]), [['j', ['l']]]);
  });

  it('keeps a misspelt property with its word (`replicaton sync`, `standy hot`)', () => {
    const rep = oneDiagnostic('system a { layer db { kind database <|>replicaton<|> sync node n } }');
    assert.ok(rep.line.endsWith(didYouMean('replicaton', 'replication')), rep.line);
    assert.deepEqual(rep.r.ast.systems[0]?.layers[0]?.props.map((p) => [p.key, p.word?.text]), [['kind', 'database'], ['replication', 'sync']]);
    assert.deepEqual(rep.r.ast.systems[0]?.layers[0]?.members.map((m) => m.name?.text), ['n']);
    const standy = oneDiagnostic('system a { layer l { node n { availability 99% <|>standy<|> hot } } }');
    assert.ok(standy.line.endsWith(didYouMean('standy', 'standby')), standy.line);
    const props = standy.r.ast.systems[0]?.layers[0]?.members[0]?.props ?? [];
    assert.deepEqual(props.map((p) => [p.key, p.word?.text, show(p.keyRange)]), [['availability', undefined, '0:30-0:42'], ['standby', 'hot', '0:47-0:53']]);
    // The word stays what was written in the tokens the editor sees.
    assert.deepEqual(standy.r.tokens.filter((t) => t.image === 'standy').map((t) => [t.type, t.keyword]), [['Identifier', false]]);
  });

  it('reads a misspelt top-level keyword as the one it is closest to (`jorney`, `extenal`, `imprt`)', () => {
    const j = oneDiagnostic('<|>jorney<|> j { path a }\nsystem s { }');
    assert.ok(j.line.endsWith(didYouMean('jorney', 'journey')), j.line);
    assert.deepEqual(j.r.ast.journeys.map((x) => x.name?.text), ['j']);
    assert.equal(j.r.ast.systems.length, 1);
    const e = oneDiagnostic('<|>extenal<|> stripe { mttr 1h }\nsystem s { }');
    assert.ok(e.line.endsWith(didYouMean('extenal', 'external')), e.line);
    assert.deepEqual(e.r.ast.externals.map((x) => [x.name?.text, x.props.map((p) => p.key)]), [['stripe', ['mttr']]]);
    const i = oneDiagnostic('<|>imprt<|> "auth.topo"\nsystem s { }');
    assert.ok(i.line.endsWith(didYouMean('imprt', 'import')), i.line);
    assert.deepEqual(i.r.ast.imports.map((x) => x.path?.text), ['auth.topo']);
  });

  it('leaves a word alone when it is close to two keywords, too far from any, or not followed by what the keyword needs', () => {
    // `zonse` is one edit from both `zone` and `zones`.
    const ambiguous = oneDiagnostic('system a { layer l { node n { <|>zonse<|> [z] } } }');
    assert.match(ambiguous.line, /unexpected 'zonse' in node 'n'/);
    assert.deepEqual(ambiguous.r.ast.systems[0]?.layers[0]?.members[0]?.props, []);
    // `helth-check` with no `{` after it is no health check.
    const noBrace = oneDiagnostic('system a { layer l { <|>helth-check<|> interval node n } }');
    assert.match(noBrace.line, /unexpected 'helth-check' in layer 'l'/);
    assert.deepEqual(noBrace.r.ast.systems[0]?.layers[0]?.props, []);
    // `lay` is two edits from `layer`: more than 40% of the word.
    assert.match(oneDiagnostic('system a { <|>lay<|> db { node n } }').line, /unexpected 'lay' in system 'a'/);
    // Only the keywords of the block the word is in: `layr` in a layer is no layer.
    assert.doesNotMatch(oneDiagnostic('system a { layer l { node n <|>layr<|> db { node m } } }').line, /did you mean/);
  });

  it('never reads a name as a keyword, even one spelt like a misspelt keyword', () => {
    const r = parseClean('system a { layer layr { node nodes { availability 99% } } zone zoen\n  path layr }');
    assert.deepEqual(r.ast.systems[0]?.layers.map((l) => [l.name?.text, l.members.map((m) => m.name?.text)]), [['layr', ['nodes']]]);
    assert.deepEqual(r.ast.systems[0]?.zones.map((z) => z.name?.text), ['zoen']);
  });
});
