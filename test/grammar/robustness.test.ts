import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_BRACE_DEPTH, MAX_SYNTAX_DIAGNOSTICS, MAX_TEXT_LENGTH, parse } from '../../grammar/src/index';
import { allRanges, describe as diagLines, isValidRange, parseClean, seededRandom, show } from './helpers';

const checkout = readFileSync(join(__dirname, '..', '..', 'examples', 'checkout.topo'), 'utf8');

describe('bad input: never a throw, never a hang', () => {
  it('empty, blank and comment-only files parse to no systems and no diagnostics', () => {
    for (const text of ['', '   \n\t\n', '# just a comment', '// one\n# two\n']) {
      const r = parse(text);
      assert.deepEqual([r.ast.systems, r.diagnostics], [[], []], JSON.stringify(text));
    }
  });

  it('a BOM with CRLF line endings parses the spec example exactly like the plain text', () => {
    const plain = parse(checkout);
    const crlf = parse('\uFEFF' + checkout.replace(/\n/g, '\r\n'));
    assert.deepEqual(crlf.diagnostics, []);
    assert.deepEqual(crlf.tokens.map((t) => [t.image, show(t.range)]), plain.tokens.map((t) => [t.image, show(t.range)]));
    assert.deepEqual(allRanges(crlf.ast), allRanges(plain.ast));
  });

  it('random bytes (seeded) give syntax diagnostics with valid ranges', () => {
    const random = seededRandom(20261126);
    for (let i = 0; i < 40; i++) {
      const length = Math.floor(random() * 4000);
      // Latin-1 "bytes", plus code units anywhere in UTF-16 (lone surrogates included) on odd runs.
      const text = Array.from({ length }, () => String.fromCharCode(Math.floor(random() * (i % 2 ? 0x10000 : 0x100)))).join('');
      const r = parse(text);
      assert.ok(r.diagnostics.every((d) => d.code === 'syntax' || d.code === 'limit'), `run ${i}`);
      assert.ok(r.diagnostics.length <= MAX_SYNTAX_DIAGNOSTICS + 2, `run ${i}: ${r.diagnostics.length} diagnostics`);
      assert.ok([...allRanges(r), ...r.diagnostics.map((d) => d.range)].every(isValidRange), `run ${i}`);
    }
  });

  it('random soups of real tokens (seeded) give diagnostics with valid ranges', () => {
    const words = ['system', 'a', '"s"', '{', '}', 'layer', 'node', 'site', 'zone', 'zones', '[', ']', ',', '->', '.',
      '99%', '3', '2.5', '30s', '10rps', 'path', 'fail', 'at', 'in', 'standby', 'hot', 'mode', 'active-active', '#c\n', '\n'];
    const random = seededRandom(7);
    for (let i = 0; i < 200; i++) {
      const text = Array.from({ length: 1 + Math.floor(random() * 300) }, () => words[Math.floor(random() * words.length)]).join(' ');
      const r = parse(text);
      assert.ok([...allRanges(r)].every(isValidRange), `soup ${i}: ${text}`);
    }
  });

  it(`100,000 nested braces return at once with a 'limit' diagnostic at brace ${MAX_BRACE_DEPTH + 1}`, () => {
    const r = parse('{'.repeat(100_000));
    assert.deepEqual(diagLines(r.diagnostics), [
      `0:${MAX_BRACE_DEPTH}-0:${MAX_BRACE_DEPTH + 1} limit braces nest more than ${MAX_BRACE_DEPTH} deep here; a .topo file needs only a few levels (system, layer, site, node), so the file was not parsed`,
    ]);
  });

  it('100,000 nested sites (the recursive part of the grammar) do not overflow the stack', () => {
    const text = 'system a { layer l { ' + 'site s { layer l { '.repeat(50_000) + '} } '.repeat(50_001);
    const r = parse(text);
    assert.deepEqual(r.diagnostics.map((d) => d.code), ['limit']);
  });

  it(`nesting of exactly ${MAX_BRACE_DEPTH} braces still parses`, () => {
    const levels = (MAX_BRACE_DEPTH - 2) / 2;
    const text = 'system a { layer l { ' + 'site s { layer l { '.repeat(levels) + '} } '.repeat(levels + 1);
    const r = parseClean(text);
    assert.equal(r.ast.systems.length, 1);
  });

  it(`a 20 MB file gets a 'limit' diagnostic (limit: ${MAX_TEXT_LENGTH} characters)`, () => {
    const text = checkout.repeat(Math.ceil(20_000_000 / checkout.length));
    const r = parse(text);
    assert.deepEqual(r.diagnostics.map((d) => [d.code, d.severity, show(d.range)]), [['limit', 'error', '0:0-0:0']]);
    assert.match(r.diagnostics[0]?.message ?? '', /over Topo's limit of 1,048,576: split it into several files/);
  });

  it('a file just under the limit parses completely', () => {
    const copies = Math.floor(MAX_TEXT_LENGTH / checkout.length);
    const r = parse(checkout.repeat(copies));
    assert.deepEqual(r.diagnostics, []);
    assert.equal(r.ast.systems.length, copies);
  });

  it(`stops after ${MAX_SYNTAX_DIAGNOSTICS} syntax errors and says so`, () => {
    const r = parse('system a { layer b { foo } }\n'.repeat(5000));
    assert.equal(r.diagnostics.length, MAX_SYNTAX_DIAGNOSTICS + 1);
    assert.match(r.diagnostics[MAX_SYNTAX_DIAGNOSTICS]?.message ?? '', /^stopped reading after 100 syntax errors/);
    assert.equal(r.ast.systems.length >= 99, true);
  });

  it('caps a flood of lexical errors too', () => {
    const r = parse('@ '.repeat(10_000));
    assert.equal(r.diagnostics.length, MAX_SYNTAX_DIAGNOSTICS + 1);
    assert.match(r.diagnostics[MAX_SYNTAX_DIAGNOSTICS]?.message ?? '', /9900 more syntax errors not shown/);
  });
});

describe('parse never throws', () => {
  it('turns an exception inside the parser into an internal diagnostic', () => {
    const hostile = { toString(): string { throw new Error('boom'); } } as unknown as string;
    const r = parse(hostile);
    assert.deepEqual(diagLines(r.diagnostics), ['0:0-0:0 internal internal parser error, please report it: boom']);
  });

  it('reads a non-string from a JavaScript caller as text', () => {
    assert.deepEqual(parse(undefined as unknown as string).diagnostics, []);
  });
});

describe('non-ASCII names', () => {
  // Decision: "a letter" in spec section 1 means a Unicode letter (\p{L}); marks and digits of any
  // script may follow.
  it('accepts Unicode letters in names, with UTF-16 ranges', () => {
    const r = parseClean('system "über" { zone zürich layer 名前 { node café { zone zürich } node e\u0301t\u00e9 } }');
    const layer = r.ast.systems[0]?.layers[0];
    assert.equal(r.ast.systems[0]?.name?.text, 'über');
    assert.equal(layer?.name?.text, '名前');
    assert.deepEqual(layer?.members.map((m) => m.name?.text), ['café', 'e\u0301t\u00e9']);
    assert.equal(show(layer?.members[0]?.name?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }), '0:44-0:48');
  });

  it('rejects a name that starts with a digit or a symbol', () => {
    assert.deepEqual(diagLines(parse('system a { layer l { node 1st } }').diagnostics), [
      "0:26-0:29 syntax unknown unit 'st' in '1st': use ms, s, m, h, d, w or y for durations, rps for rates, % for percents",
    ]);
    assert.deepEqual(diagLines(parse('system a { layer l { node €x } }').diagnostics), [
      "0:26-0:27 syntax unexpected character '€'",
    ]);
  });
});
