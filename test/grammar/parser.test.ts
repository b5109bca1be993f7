import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '../../grammar/src/index';
import { enableGrammarValidation } from '../../grammar/src/parser';
import { marked, parseClean, show, withoutRanges } from './helpers';

type Kind = 'percent' | 'duration' | 'rate' | 'number';
/** An expected literal. */
const lit = (kind: Kind, value: number, text: string, integer = !text.replace(/[a-z%]+$/, '').includes('.')) => ({ kind, value, integer, text });
const pct = (n: number) => lit('percent', n, `${n}%`);
const prop = (key: string, extra: Record<string, unknown> = {}) => ({ key, ...extra });
const word = (text: string) => ({ text });
const ref = (name: string) => ({ name });
const name = (text: string, quoted = false) => ({ text, quoted });
const emptySystem = { objectives: [], props: [], defaults: [], regions: [], zones: [], layers: [], paths: [], scenarios: [], uses: [], journeys: [] };

/** Parses `system s { <body> }` with no diagnostics and returns the system without ranges. */
function system(body: string): Record<string, unknown> {
  const r = parseClean(`system s {\n${body}\n}`);
  assert.equal(r.ast.systems.length, 1);
  return withoutRanges(r.ast.systems[0]) as Record<string, unknown>;
}

/** Checks one part of a parsed system against its expected value. */
function check(body: string, part: string, expected: unknown): void {
  assert.deepEqual(system(body)[part], expected);
}

describe('parser: every construct of spec section 2', () => {
  it('builds with Chevrotain grammar validations on (no ambiguity, no left recursion)', () => {
    enableGrammarValidation();
    parseClean('system a { layer l { node n } }');
  });

  it('parses an empty file', () => {
    const r = parse('');
    assert.deepEqual(r.ast.systems, []);
    assert.deepEqual(r.diagnostics, []);
    assert.deepEqual(r.tokens, []);
  });

  it('names a system with an identifier or a string', () => {
    const r = parseClean('system checkout { }\nsystem "web shop \\"eu\\" \\\\ 1" { }');
    assert.deepEqual(r.ast.systems.map((s) => withoutRanges(s)), [
      { type: 'system', name: name('checkout'), ...emptySystem },
      { type: 'system', name: name('web shop "eu" \\ 1', true), ...emptySystem },
    ]);
  });

  it('objectives: slo, sla, window, rto, rpo', () => {
    check('slo 99.95% sla 99.9% window 30d rto 5m rpo 5s', 'objectives', [
      prop('slo', { value: lit('percent', 99.95, '99.95%') }),
      prop('sla', { value: lit('percent', 99.9, '99.9%') }),
      prop('window', { value: lit('duration', 2_592_000, '30d') }),
      prop('rto', { value: lit('duration', 300, '5m') }),
      prop('rpo', { value: lit('duration', 5, '5s') }),
    ]);
  });

  it('defaults take node properties', () => {
    check('defaults { availability 99.9% mttr 1h promote 30s zone z }', 'defaults', [{
      type: 'defaults',
      props: [
        prop('availability', { value: lit('percent', 99.9, '99.9%') }),
        prop('mttr', { value: lit('duration', 3600, '1h') }),
        prop('promote', { value: lit('duration', 30, '30s') }),
        prop('zone', { refs: [ref('z')] }),
      ],
    }]);
  });

  it('regions with and without a body', () => {
    check('region r1\nregion r2 { availability 99.999% mtbf 1y mttr 4h }', 'regions', [
      { type: 'region', name: name('r1'), props: [] },
      { type: 'region', name: name('r2'), props: [
        prop('availability', { value: lit('percent', 99.999, '99.999%') }),
        prop('mtbf', { value: lit('duration', 31_557_600, '1y') }),
        prop('mttr', { value: lit('duration', 14_400, '4h') }),
      ] },
    ]);
  });

  it('zones with and without `in REGION` and a body', () => {
    check('zone a\nzone b in r\nzone c in r { availability 99.99% }\nzone d { mttr 2h }', 'zones', [
      { type: 'zone', name: name('a'), props: [] },
      { type: 'zone', name: name('b'), region: ref('r'), props: [] },
      { type: 'zone', name: name('c'), region: ref('r'), props: [prop('availability', { value: lit('percent', 99.99, '99.99%') })] },
      { type: 'zone', name: name('d'), props: [prop('mttr', { value: lit('duration', 7200, '2h') })] },
    ]);
  });

  it('every layer item', () => {
    const body = `layer app {
      kind database mode active-passive min 2 load 2000rps optional promote 30s
      health-check { interval 10s timeout 2s unhealthy 3 }
      heartbeat { interval 1s timeout 10s }
      replication async lag 2s
      backup every 1h
    }
    layer b { mode active-active load 1.5 replication sync }
    layer c { replication async }`;
    const layers = system(body)['layers'] as Record<string, unknown>[];
    assert.deepEqual(layers.map((l) => l['props']), [
      [
        prop('kind', { word: word('database') }),
        prop('mode', { word: word('active-passive') }),
        prop('min', { value: lit('number', 2, '2') }),
        prop('load', { value: lit('rate', 2000, '2000rps') }),
        prop('optional'),
        prop('promote', { value: lit('duration', 30, '30s') }),
        prop('health-check', { body: [
          prop('interval', { value: lit('duration', 10, '10s') }),
          prop('timeout', { value: lit('duration', 2, '2s') }),
          prop('unhealthy', { value: lit('number', 3, '3') }),
        ] }),
        prop('heartbeat', { body: [
          prop('interval', { value: lit('duration', 1, '1s') }),
          prop('timeout', { value: lit('duration', 10, '10s') }),
        ] }),
        prop('replication', { word: word('async'), lag: lit('duration', 2, '2s') }),
        prop('backup', { value: lit('duration', 3600, '1h') }),
      ],
      [
        prop('mode', { word: word('active-active') }),
        prop('load', { value: lit('number', 1.5, '1.5') }),
        prop('replication', { word: word('sync') }),
      ],
      [prop('replication', { word: word('async') })],
    ]);
  });

  it('nodes with and without a body, and every node property', () => {
    const body = `layer l {
      node bare
      node empty { }
      node full {
        availability 99.95% mtbf 30d mttr 2h zone az1 zones [az1] zones [az1, az2, az3]
        replicas 4 capacity 1000rps capacity 250 standby standby hot standby warm standby cold promote 1m
      }
    }`;
    const members = (system(body)['layers'] as Record<string, unknown>[])[0]?.['members'];
    assert.deepEqual(members, [
      { type: 'node', name: name('bare'), props: [], hasBody: false },
      { type: 'node', name: name('empty'), props: [], hasBody: true },
      { type: 'node', name: name('full'), hasBody: true, props: [
        prop('availability', { value: pct(99.95) }),
        prop('mtbf', { value: lit('duration', 2_592_000, '30d') }),
        prop('mttr', { value: lit('duration', 7200, '2h') }),
        prop('zone', { refs: [ref('az1')] }),
        prop('zones', { refs: [ref('az1')] }),
        prop('zones', { refs: [ref('az1'), ref('az2'), ref('az3')] }),
        prop('replicas', { value: lit('number', 4, '4') }),
        prop('capacity', { value: lit('rate', 1000, '1000rps') }),
        prop('capacity', { value: lit('number', 250, '250') }),
        prop('standby'),
        prop('standby', { word: word('hot') }),
        prop('standby', { word: word('warm') }),
        prop('standby', { word: word('cold') }),
        prop('promote', { value: lit('duration', 60, '1m') }),
      ] },
    ]);
  });

  it('sites: layers, path, standby, promote, and sites nested in a site layer', () => {
    const body = `layer region-stack {
      mode active-passive
      site east { layer app { node a } layer db { node d } path app -> db }
      site west {
        standby warm promote 10m
        layer app { site inner { layer x { node n } } }
      }
    }`;
    const layer = (system(body)['layers'] as Record<string, unknown>[])[0];
    assert.deepEqual(layer?.['members'], [
      { type: 'site', name: name('east'), props: [],
        layers: [
          { type: 'layer', name: name('app'), props: [], members: [{ type: 'node', name: name('a'), props: [], hasBody: false }] },
          { type: 'layer', name: name('db'), props: [], members: [{ type: 'node', name: name('d'), props: [], hasBody: false }] },
        ],
        paths: [{ type: 'path', layers: [ref('app'), ref('db')] }] },
      { type: 'site', name: name('west'),
        props: [prop('standby', { word: word('warm') }), prop('promote', { value: lit('duration', 600, '10m') })],
        layers: [{ type: 'layer', name: name('app'), props: [], members: [
          { type: 'site', name: name('inner'), props: [], paths: [], layers: [
            { type: 'layer', name: name('x'), props: [], members: [{ type: 'node', name: name('n'), props: [], hasBody: false }] },
          ] },
        ] }],
        paths: [] },
    ]);
  });

  it('paths of one and several layers', () => {
    check('path dns\npath dns -> lb->app -> db', 'paths', [
      { type: 'path', layers: [ref('dns')] },
      { type: 'path', layers: [ref('dns'), ref('lb'), ref('app'), ref('db')] },
    ]);
  });

  it('scenarios: fail with and without `at`, names and dotted instance names', () => {
    check('scenario "az1 outage" { fail az1 fail db-primary at 30s fail east.app-1 at 1h }\nscenario quiet { }', 'scenarios', [
      { type: 'scenario', name: name('az1 outage', true), fails: [
        { target: ref('az1') },
        { target: ref('db-primary'), at: lit('duration', 30, '30s') },
        { target: ref('east.app-1'), at: lit('duration', 3600, '1h') },
      ] },
      { type: 'scenario', name: name('quiet'), fails: [] },
    ]);
  });

  it('takes system items in any order and keeps source order within each list', () => {
    const s = system('path a -> b\nlayer b { node y }\nrpo 1s\nzone z\nlayer a { node x }\nslo 99%\nregion r');
    assert.deepEqual((s['layers'] as { name: { text: string } }[]).map((l) => l.name.text), ['b', 'a']);
    assert.deepEqual((s['objectives'] as { key: string }[]).map((o) => o.key), ['rpo', 'slo']);
    assert.equal((s['zones'] as unknown[]).length, 1);
    assert.equal((s['regions'] as unknown[]).length, 1);
  });

  it('keeps layer props and members in source order when interleaved', () => {
    const s = system('layer l { node a min 1 node b kind app }');
    const l = (s['layers'] as { props: { key: string }[]; members: { name: { text: string } }[] }[])[0];
    assert.deepEqual(l?.props.map((p) => p.key), ['min', 'kind']);
    assert.deepEqual(l?.members.map((m) => m.name.text), ['a', 'b']);
  });

  it('parses several systems in one file', () => {
    const r = parseClean('system a { }\n# between\nsystem b { layer l { node n } }');
    assert.deepEqual(r.ast.systems.map((s) => s.name?.text), ['a', 'b']);
  });

  it('parses the spec example (examples/checkout.topo) without diagnostics', () => {
    const text = readFileSync(join(__dirname, '..', '..', 'examples', 'checkout.topo'), 'utf8');
    const r = parseClean(text);
    const sys = r.ast.systems[0];
    assert.equal(sys?.name?.text, 'checkout');
    assert.deepEqual(sys?.layers.map((l) => [l.name?.text, l.members.map((m) => m.name?.text)]), [
      ['dns', ['route53', 'cloudflare']], ['lb', ['lb1']], ['app', ['app']], ['db', ['db-primary', 'db-standby']],
    ]);
    assert.deepEqual(sys?.paths[0]?.layers.map((l) => l.name), ['dns', 'lb', 'app', 'db']);
    assert.equal(r.comments.length, 2);
  });
});

describe('parser: ranges', () => {
  /** Finds the range of the `<|>`-marked text and compares it with what `pick` selects. */
  function checkRange(fixture: string, pick: (r: ReturnType<typeof parse>) => { start: { line: number; character: number }; end: { line: number; character: number } } | undefined): void {
    const { text, range } = marked(fixture);
    const r = parseClean(text);
    const got = pick(r);
    assert.ok(got, 'nothing picked');
    assert.equal(show(got), show(range));
  }

  it('system: from its keyword to its closing brace', () => {
    checkRange('# c\n<|>system a {\n  slo 99%\n}<|>\n', (r) => r.ast.systems[0]?.range);
  });
  it('system keyword and name', () => {
    checkRange('<|>system<|> a { }', (r) => r.ast.systems[0]?.keywordRange);
    checkRange('system <|>"a b"<|> { }', (r) => r.ast.systems[0]?.name?.range);
  });
  it('layer, node and property', () => {
    checkRange('system a {\n  <|>layer app {\n    node x { availability 99% }\n  }<|>\n}', (r) => r.ast.systems[0]?.layers[0]?.range);
    checkRange('system a {\n  layer app {\n    <|>node x { availability 99% }<|>\n  }\n}', (r) => r.ast.systems[0]?.layers[0]?.members[0]?.range);
    checkRange('system a { layer app { node x { <|>availability 99%<|> } } }', (r) => r.ast.systems[0]?.layers[0]?.members[0]?.props[0]?.range);
    checkRange('system a { layer app { node x { availability <|>99%<|> } } }', (r) => r.ast.systems[0]?.layers[0]?.members[0]?.props[0]?.value?.range);
    checkRange('system a { layer app { node <|>x<|> } }', (r) => r.ast.systems[0]?.layers[0]?.members[0]?.name?.range);
  });
  it('a health-check block and a zone list', () => {
    checkRange('system a { layer l { <|>health-check { interval 1s }<|> } }', (r) => r.ast.systems[0]?.layers[0]?.props[0]?.range);
    checkRange('system a { layer l { node n { <|>zones [a, b]<|> } } }', (r) => r.ast.systems[0]?.layers[0]?.members[0]?.props[0]?.range);
    checkRange('system a { layer l { node n { zones [a, <|>b<|>] } } }', (r) => r.ast.systems[0]?.layers[0]?.members[0]?.props[0]?.refs?.[1]?.range);
  });
  it('path references and a dotted fail target', () => {
    checkRange('system a { path x -> <|>y<|> }', (r) => r.ast.systems[0]?.paths[0]?.layers[1]?.range);
    checkRange('system a { scenario s { fail <|>east.app-1<|> at 5s } }', (r) => r.ast.systems[0]?.scenarios[0]?.fails[0]?.target?.range);
  });
  it('the file range spans the whole text', () => {
    const r = parse('system a { }\n\n');
    assert.equal(show(r.ast.range), '0:0-2:0');
  });
});
