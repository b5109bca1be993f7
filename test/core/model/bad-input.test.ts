import assert from 'node:assert/strict';
import { parse } from '../../../grammar/src/index';
import type { LiteralAst, ParseResult } from '../../../grammar/src/ast';
import { buildModel } from '../../../server/src/core/model/build';
import { MAX_INSTANCES } from '../../../server/src/core/model/context';
import type { ModelResult } from '../../../server/src/core/model/types';
import { build, codes } from './helpers';

/** Every literal of the AST, in no particular order, so a test can corrupt one. */
function literals(node: unknown, found: LiteralAst[] = []): LiteralAst[] {
  if (Array.isArray(node)) for (const item of node) literals(item, found);
  else if (node && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    if (typeof record.kind === 'string' && typeof record.value === 'number' && typeof record.text === 'string') found.push(record as unknown as LiteralAst);
    for (const value of Object.values(record)) literals(value, found);
  }
  return found;
}

/** Parses `text` (valid syntax), then sets the literal written `text` to `value`: values the parser itself would refuse. */
function corrupted(text: string, literalText: string, value: number): ParseResult {
  const parsed = parse(text);
  assert.deepEqual(parsed.diagnostics, []);
  const target = literals(parsed.ast).find((l) => l.text === literalText);
  assert.ok(target, `no literal ${literalText}`);
  target.value = value;
  target.integer = Number.isInteger(value);
  return parsed;
}

/** Every model diagnostic has a well-formed range inside the text, and a message. */
function assertWellFormed(result: ModelResult, text: string): void {
  const lines = text.split('\n');
  for (const d of result.diagnostics) {
    assert.ok(d.message.length > 0 && d.message.length < 1000, `message of ${d.code}`);
    for (const p of [d.range.start, d.range.end]) {
      assert.ok(Number.isInteger(p.line) && p.line >= 0 && p.line < lines.length, `${d.code}: line ${p.line}`);
      assert.ok(Number.isInteger(p.character) && p.character >= 0 && p.character <= (lines[p.line]?.length ?? 0), `${d.code}: character ${p.character}`);
    }
  }
}

describe('model: bad input', () => {
  const node = (props: string) => `system s { layer x { heartbeat { timeout 5s } node n { ${props} } node m { availability 99% standby } } }`;
  const cases: { name: string; text: string; literal: string; value: number; code: string }[] = [
    { name: 'a negative duration', text: node('availability 99% mttr 1h'), literal: '1h', value: -3600, code: 'invalid-value' },
    { name: 'an infinite duration', text: node('availability 99% mttr 1h'), literal: '1h', value: Infinity, code: 'invalid-value' },
    { name: 'a NaN duration', text: node('availability 99% mttr 1h'), literal: '1h', value: NaN, code: 'invalid-value' },
    { name: 'a negative percent', text: node('availability 99%'), literal: '99%', value: -1, code: 'invalid-value' },
    { name: 'an infinite percent', text: node('availability 99%'), literal: '99%', value: Infinity, code: 'invalid-value' },
    { name: 'a NaN percent', text: node('availability 99%'), literal: '99%', value: NaN, code: 'invalid-value' },
    { name: 'a fractional replica count', text: node('availability 99% replicas 2'), literal: '2', value: 2.5, code: 'invalid-value' },
    { name: 'an infinite capacity', text: node('availability 99% capacity 7'), literal: '7', value: Infinity, code: 'invalid-value' },
    { name: 'a negative timeout', text: node('availability 99%'), literal: '5s', value: -5, code: 'invalid-value' },
    { name: 'a negative promote', text: node('availability 99% promote 4s'), literal: '4s', value: -4, code: 'invalid-value' },
  ];
  for (const c of cases) {
    it(`${c.name} → ${c.code}, on the value, no NaN in the model`, () => {
      const result = buildModel(corrupted(c.text, c.literal, c.value));
      assert.deepEqual(codes(result), [c.code]);
      const d = result.diagnostics[0];
      const literal = literals(parse(c.text).ast).find((l) => l.text === c.literal);
      assert.deepEqual(d?.range, literal?.range);
      assert.equal(result.systems[0]?.analysable, false);
      const numbers = JSON.stringify(result.systems[0], (_k, v: unknown) => (typeof v === 'number' && Number.isNaN(v) ? 'NaN!' : v));
      assert.ok(!numbers.includes('NaN!'), 'NaN leaked into the model');
    });
  }

  it('a negative scenario time is reported but does not stop the analysis', () => {
    const result = buildModel(corrupted('system s { layer x { node n { availability 99% } } scenario "a" { fail n at 3s } }', '3s', -3));
    assert.deepEqual(codes(result), ['invalid-value']);
    assert.equal(result.systems[0]?.analysable, true);
  });

  it('replicas 10^12 is refused before anything is allocated', () => {
    const started = Date.now();
    const result = build('system s { layer x { node n { availability 99% replicas 1000000000000 } } }');
    assert.ok(Date.now() - started < 1000);
    assert.deepEqual(codes(result), ['limit']);
    assert.equal(result.systems[0]?.instances.length, 1);
  });

  it(`the budget is per file: ${MAX_INSTANCES.toLocaleString('en-US')} instances in all, across systems`, () => {
    const half = MAX_INSTANCES / 2;
    const result = build(`system s { layer x { node a { availability 99% replicas ${half} } } }
system t { layer x { node b { availability 99% replicas ${half + 1} } } }`);
    assert.deepEqual(codes(result), ['limit']);
    assert.deepEqual(result.systems.map((s) => [s.instances.length, s.analysable]), [[half, true], [1, false]]);
    assert.deepEqual(result.diagnostics[0]?.range.start, { line: 1, character: 'system t { layer x { node b { availability 99% replicas '.length });
  });

  it('absurd but valid numbers are accepted: 1000y mtbf, 0.0000001% availability, huge rates', () => {
    const result = build('system s { layer x { load 999999999999rps node n { availability 0.0000001% mtbf 1000y capacity 999999999999rps } } }');
    assert.deepEqual(codes(result), []);
    const instance = result.systems[0]?.instances[0];
    assert.ok(instance && instance.unavailability < 1 && instance.unavailability > 0.999999);
    assert.ok(Number.isFinite(instance.mttrSeconds) && instance.mttrSeconds > 0);
  });

  it('a load that overflows per-instance arithmetic is unsatisfiable, not a crash', () => {
    const big = '9'.repeat(400);
    const result = buildModel(parse(`system s { layer x { load ${big} node n { availability 99% capacity 1 } } }`));
    assert.ok(codes(result).includes('invalid-value') || codes(result).includes('unsatisfiable'), JSON.stringify(codes(result)));
    assertWellFormed(result, `system s { layer x { load ${big} node n { availability 99% capacity 1 } } }`);
  });

  it('random token soup never throws and every diagnostic has a range inside the text', () => {
    const words = [
      'system', 's', '{', '}', 'layer', 'app', 'db', 'node', 'n', 'site', 'east', 'zone', 'a', 'region', 'r', 'in', 'defaults', 'path', '->',
      'availability', '99.9%', '101%', '0%', 'mtbf', 'mttr', '1h', '0s', 'replicas', '3', '0', 'zones', '[', ']', ',', 'capacity', 'load', '10rps',
      'standby', 'hot', 'cold', 'promote', 'min', 'mode', 'active-passive', 'active-active', 'health-check', 'heartbeat', 'interval', 'timeout',
      'unhealthy', 'replication', 'async', 'sync', 'lag', 'backup', 'every', 'optional', 'kind', 'scenario', '"x"', 'fail', 'at', 'slo', 'rto',
    ];
    let seed = 12345;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let round = 0; round < 300; round++) {
      const tokens = ['system', 's', '{'];
      const length = 5 + Math.floor(random() * 60);
      for (let i = 0; i < length; i++) tokens.push(words[Math.floor(random() * words.length)] ?? '}');
      tokens.push('}');
      const text = tokens.join(round % 2 ? ' ' : '\n');
      let result: ModelResult | undefined;
      assert.doesNotThrow(() => {
        result = buildModel(parse(text));
      }, text);
      if (result) assertWellFormed(result, text);
    }
  });

  it('thousands of misspelt targets against 100,000 instances: suggestions stop at a budget, not minutes later', function () {
    this.timeout(60000);
    const fails = Array.from({ length: 2000 }, (_, i) => (i === 0 ? 'fail nx' : `fail m${i}`)).join(' ');
    const started = Date.now();
    const result = build(`system s { layer x { node n { availability 99% replicas 100000 } } scenario "a" { ${fails} } }`);
    assert.ok(Date.now() - started < 15000, `took ${Date.now() - started} ms`);
    const unknown = result.diagnostics.filter((d) => d.code === 'unknown-reference');
    assert.equal(unknown.length, 2000);
    assert.equal(unknown[0]?.data?.suggestion, 'n', 'the first misses still get a suggestion');
    assert.equal(unknown[1999]?.data?.suggestion, undefined, 'the budget ran out long before the last');
  });

  it('sites nested as deep as the parser allows build, with chained names', () => {
    const depth = 45;
    let inner = 'layer app { node web { availability 99% } }';
    for (let i = depth; i >= 1; i--) inner = `layer l${i} { site s${i} { ${inner} } }`;
    const result = build(`system s { ${inner} }`);
    const chain = Array.from({ length: depth }, (_, i) => `s${i + 1}`).join('.');
    assert.deepEqual(result.systems[0]?.instances.map((i) => i.id), [`${chain}.web`]);
    assert.equal(result.systems[0]?.sites.length, depth);
    assert.deepEqual(codes(result), []);
  });

  it('an empty file and a file of comments build no system', () => {
    assert.deepEqual(buildModel(parse('')), { systems: [], diagnostics: [], externals: [], journeys: [], imports: [] });
    assert.deepEqual(buildModel(parse('# nothing\n// here\n')).systems, []);
  });

  it('a system without a name still builds, named ""', () => {
    const parsed = parse('system { layer x { node n { availability 99% } } }');
    const result = buildModel(parsed);
    assert.equal(result.systems[0]?.name, '');
    assert.equal(result.systems[0]?.instances.length, 1);
  });

  it('non-ASCII names keep their UTF-16 ranges', () => {
    const text = 'system s { layer x { node café { availability 99% } node 𝔡b { } } }';
    const result = build(text);
    const missing = result.diagnostics.find((d) => d.code === 'missing-availability');
    assert.equal(missing?.range.start.character, text.indexOf('𝔡b'));
    assert.equal(missing?.range.end.character, text.indexOf('𝔡b') + 3, '𝔡 is two UTF-16 code units');
    assert.deepEqual(result.systems[0]?.instances.map((i) => i.id), ['café', '𝔡b']);
    assertWellFormed(result, text);
  });
});
