import { strict as assert } from 'node:assert';
import { KEYWORDS, parse } from '../../grammar/src/index';
import { lex, lexerCanBeOptimized } from '../../grammar/src/lexer';
import { LineIndex } from '../../grammar/src/positions';
import { describe as diagLines, marked, show, ALL_KEYWORDS } from './helpers';

/** Token types and images of a text, comments excluded. */
function lexed(text: string): string[] {
  return parse(text).tokens.map((t) => `${t.type}:${t.image}`);
}

describe('lexer', () => {
  describe('token kinds', () => {
    const cases: [string, string[]][] = [
      ['system', ['Keyword:system']],
      ['app', ['Identifier:app']],
      ['_x9', ['Identifier:_x9']],
      ['db-primary', ['Identifier:db-primary']],
      ['a--b', ['Identifier:a--b']],
      ['dns->lb', ['Identifier:dns', 'Arrow:->', 'Identifier:lb']],
      ['a -> b->c', ['Identifier:a', 'Arrow:->', 'Identifier:b', 'Arrow:->', 'Identifier:c']],
      ['zone zones', ['Keyword:zone', 'Keyword:zones']],
      ['zone1 zonesx', ['Identifier:zone1', 'Identifier:zonesx']],
      ['in interval', ['Keyword:in', 'Keyword:interval']],
      ['active-active active-passive', ['Keyword:active-active', 'Keyword:active-passive']],
      ['active-activex active', ['Identifier:active-activex', 'Identifier:active']],
      ['health-check health-checks', ['Keyword:health-check', 'Identifier:health-checks']],
      ['System', ['Identifier:System']],
      ['"checkout v2"', ['String:"checkout v2"']],
      ['"say \\"hi\\" \\\\"', ['String:"say \\"hi\\" \\\\"']],
      ['99.95% 100%', ['Percent:99.95%', 'Percent:100%']],
      ['500ms 30s 5m 1.5h 30d 2w 1y', ['Duration:500ms', 'Duration:30s', 'Duration:5m', 'Duration:1.5h', 'Duration:30d', 'Duration:2w', 'Duration:1y']],
      ['1200rps 2.5rps', ['Rate:1200rps', 'Rate:2.5rps']],
      ['3 2.5', ['Number:3', 'Number:2.5']],
      ['{ } [ ] , .', ['LBrace:{', 'RBrace:}', 'LBracket:[', 'RBracket:]', 'Comma:,', 'Dot:.']],
      ['café Straße _ü', ['Identifier:café', 'Identifier:Straße', 'Identifier:_ü']],
      ['名前 αβγ', ['Identifier:名前', 'Identifier:αβγ']],
      ['a#comment\nb // other\nc', ['Identifier:a', 'Identifier:b', 'Identifier:c']],
    ];
    for (const [input, expected] of cases) {
      it(JSON.stringify(input), () => {
        assert.deepEqual(lex(input, new LineIndex(input)).diagnostics, []);
        assert.deepEqual(lexed(input), expected);
      });
    }
  });

  it('flags every reserved word of spec section 1 as a keyword, and nothing else', () => {
    assert.deepEqual([...KEYWORDS].sort(), [...ALL_KEYWORDS].sort());
    const r = parse(ALL_KEYWORDS.join(' ') + ' notakeyword');
    assert.deepEqual(r.tokens.filter((t) => t.keyword).map((t) => t.image), ALL_KEYWORDS);
    assert.equal(r.tokens[r.tokens.length - 1]?.keyword, false);
  });

  it('normalises literal values (percent as written, durations in seconds, rates in rps)', () => {
    const r = parse('system a { slo 99.95% window 1y rto 500ms rpo 1.5h layer l { load 1200rps min 2 } }');
    const sys = r.ast.systems[0];
    assert.deepEqual(sys?.objectives.map((o) => [o.value?.kind, o.value?.value, o.value?.integer, o.value?.text]), [
      ['percent', 99.95, false, '99.95%'],
      ['duration', 31_557_600, true, '1y'],
      ['duration', 0.5, true, '500ms'],
      ['duration', 5400, false, '1.5h'],
    ]);
    assert.deepEqual(sys?.layers[0]?.props.map((p) => [p.value?.kind, p.value?.value, p.value?.integer]), [
      ['rate', 1200, true],
      ['number', 2, true],
    ]);
  });

  it('converts every duration unit', () => {
    const units: [string, number][] = [['ms', 0.001], ['s', 1], ['m', 60], ['h', 3600], ['d', 86400], ['w', 604800], ['y', 31557600]];
    for (const [unit, seconds] of units) {
      const r = parse(`system a { rto 2${unit} }`);
      assert.equal(r.ast.systems[0]?.objectives[0]?.value?.value, 2 * seconds, unit);
    }
  });

  it('keeps comments of both kinds, with ranges, apart from tokens', () => {
    const r = parse('# one\nsystem a { // two\n}');
    assert.deepEqual(r.comments.map((c) => [c.text, show(c.range), c.startOffset, c.endOffset]), [
      ['# one', '0:0-0:5', 0, 5],
      ['// two', '1:11-1:17', 17, 23],
    ]);
    assert.ok(r.tokens.every((t) => !t.image.startsWith('#') && !t.image.startsWith('//')));
  });

  it('gives tokens LSP ranges and end-exclusive offsets', () => {
    const r = parse('system a {\n  slo 99%\n}');
    assert.deepEqual(r.tokens.map((t) => [t.image, show(t.range), t.startOffset, t.endOffset]), [
      ['system', '0:0-0:6', 0, 6], ['a', '0:7-0:8', 7, 8], ['{', '0:9-0:10', 9, 10],
      ['slo', '1:2-1:5', 13, 16], ['99%', '1:6-1:9', 17, 20], ['}', '2:0-2:1', 21, 22],
    ]);
  });

  it('counts UTF-16 code units after an astral character (emoji in a comment)', () => {
    const text = 'system a { # 🚀 x\nlayer 🙂b }';
    const r = parse(text);
    const comment = r.comments[0];
    assert.equal(show(comment?.range ?? { start: { line: 9, character: 9 }, end: { line: 9, character: 9 } }), '0:11-0:17');
    // On line 1 the emoji is an unknown character of two code units, so `b` starts at 8.
    const b = r.tokens.find((t) => t.image === 'b');
    assert.equal(b && show(b.range), '1:8-1:9');
    assert.deepEqual(diagLines(r.diagnostics).slice(0, 1), ["1:6-1:8 syntax unexpected character '🙂'"]);
  });

  it('puts a token after an emoji on the same line at its UTF-16 column', () => {
    const r = parse('system "🚀" { slo 99% }');
    const slo = r.tokens.find((t) => t.image === 'slo');
    assert.equal(slo && show(slo.range), '0:14-0:17');
    assert.equal(r.ast.systems[0]?.name?.text, '🚀');
  });

  it('handles CRLF and lone CR line endings', () => {
    for (const nl of ['\r\n', '\r', '\n']) {
      const r = parse(`system a {${nl}  slo 99%${nl}}`);
      const slo = r.tokens.find((t) => t.image === 'slo');
      assert.equal(slo && show(slo.range), '1:2-1:5', JSON.stringify(nl));
      assert.deepEqual(r.diagnostics, []);
    }
  });

  it('skips a byte-order mark: positions as an editor shows them, offsets into the given text', () => {
    const r = parse('\uFEFFsystem a { }');
    assert.deepEqual(r.diagnostics, []);
    const sys = r.tokens[0];
    assert.equal(sys && show(sys.range), '0:0-0:6');
    assert.equal(sys?.startOffset, 1);
    assert.equal(r.ast.systems[0]?.name?.text, 'a');
  });

  it('runs Chevrotain in its first-character-optimised mode', () => {
    assert.equal(lexerCanBeOptimized(), true);
  });

  describe('lexical errors', () => {
    const cases: [string, string][] = [
      ['system a <|>@<|> { }', "unexpected character '@'"],
      ['system a <|>$%^<|> { }', "unexpected characters '$%^'"],
      ['system a { layer l { node n { mttr <|>-5s<|> } } }', "negative value '-5s': durations, percents, rates and counts are never negative"],
      ['system a { slo <|>1e308%<|> }', "'1e308%': exponents are not supported; write the number out in full (e.g. 99.95%, 1000rps)"],
      ['system a { rto <|>30sec<|> }', "unknown unit 'sec' in '30sec': use ms, s, m, h, d, w or y for durations, rps for rates, % for percents"],
      ['system a { slo <|>99.9.9%<|> }', "'99.9.9%' is not a number: write digits with at most one '.' and digits after it (e.g. 2.5)"],
      ['system a { slo <|>99%%<|> }', "unknown unit '%%' in '99%%': use ms, s, m, h, d, w or y for durations, rps for rates, % for percents"],
      ['system <|>"abc<|>\n{ }', `unterminated string "abc: add a closing '"' on the same line`],
      ['system "a<|>\\n<|>b" { }', `unknown escape '\\n' in a string: only \\" and \\\\ are allowed`],
      ['system a { <|>\u0007<|> }', "unexpected character '\\u{7}'"],
    ];
    for (const [fixture, message] of cases) {
      it(fixture.replace(/<\|>/g, ''), () => {
        const { text, range } = marked(fixture);
        const r = parse(text);
        assert.deepEqual(diagLines(r.diagnostics), [`${show(range)} syntax ${message}`]);
      });
    }
  });

  it('carries huge literals with their text and value, leaving range checks to the model', () => {
    const r = parse('system a { layer l { node n { replicas 99999999999999999999 availability 1000000% } } }');
    assert.deepEqual(r.diagnostics, []);
    const [replicas, availability] = r.ast.systems[0]?.layers[0]?.members[0]?.props ?? [];
    assert.deepEqual([replicas?.value?.text, replicas?.value?.value, replicas?.value?.integer], ['99999999999999999999', 1e20, true]);
    assert.deepEqual([availability?.value?.text, availability?.value?.value], ['1000000%', 1e6]);
  });
});
