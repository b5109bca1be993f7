import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '../../../grammar/src/index';
import { buildModel } from '../../../server/src/core/model/build';
import { formatEdits, formatText } from '../../../server/src/core/ide/format';
import { applyEdits, withoutRanges } from './fixture';

const example = readFileSync(join(__dirname, '..', '..', '..', 'examples', 'checkout.topo'), 'utf8');

function format(text: string): string {
  const out = formatText(parse(text), text);
  assert.ok(out !== undefined, 'expected the text to be formattable');
  return out;
}

/** Formatting keeps the meaning: same model (ignoring ranges), same diagnostics codes. */
function assertSameMeaning(before: string, after: string): void {
  const a = buildModel(parse(before));
  const b = buildModel(parse(after));
  assert.deepEqual(withoutRanges(b.systems), withoutRanges(a.systems));
  assert.deepEqual(b.diagnostics.map((d) => d.code), a.diagnostics.map((d) => d.code));
}

/** `input` formats to `expected`, which formats to itself and parses to the same tree; returns it. */
function assertFormatsTo(input: string, expected: string): string {
  const once = format(input);
  assert.equal(once, expected);
  assert.equal(format(once), once);
  assert.deepEqual(withoutRanges(parse(once).ast), withoutRanges(parse(input).ast));
  return once;
}

describe('ide/format', () => {
  it('lays out a one-line file canonically', () => {
    const input = 'system s{slo 99.9% layer web{mode active-active node a{availability 99.9% zones[z1,z2] replicas 2}}zone z1{availability 99.99%} zone z2 path web}';
    assert.equal(
      format(input),
      [
        'system s {',
        '  slo 99.9%',
        '  layer web {',
        '    mode active-active',
        '    node a { availability 99.9% zones [z1, z2] replicas 2 }',
        '  }',
        '  zone z1 { availability 99.99% }',
        '  zone z2',
        '  path web',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('writes health checks compact and layers, sites and scenarios one item per line', () => {
    const input = [
      'system s {',
      'layer app { health-check {',
      '  interval 10s',
      '  unhealthy 3 }',
      '  site east { standby hot layer web { node w { availability 99% } } path web }',
      '}',
      'scenario "x" { fail w at 10s fail east }',
      '}',
    ].join('\n');
    assert.equal(
      format(input),
      [
        'system s {',
        '  layer app {',
        '    health-check { interval 10s unhealthy 3 }',
        '    site east {',
        '      standby hot',
        '      layer web {',
        '        node w { availability 99% }',
        '      }',
        '      path web',
        '    }',
        '  }',
        '  scenario "x" {',
        '    fail w at 10s',
        '    fail east',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('keeps comments: own-line ones re-indented, trailing ones two spaces after the code', () => {
    const input = '# head\nsystem s {\n      # about lb\n  layer lb {   # trailing brace\n node lb1 { availability 99% }     # one\n  }\n}\n';
    assert.equal(
      format(input),
      '# head\nsystem s {\n  # about lb\n  layer lb {  # trailing brace\n    node lb1 { availability 99% }  # one\n  }\n}\n',
    );
  });

  it('does not compact a block that holds a comment', () => {
    const input = 'system s {\n  layer l {\n    node n {\n      availability 99%  # measured\n      mttr 2h\n    }\n  }\n}\n';
    assert.equal(format(input), input);
  });

  it('keeps one blank line where there were several, none after { or before }, one between systems', () => {
    const input = 'system a {\n\n\n  slo 99%\n\n\n\n  rto 5m\n\n}\nsystem b {\n  slo 99%\n}\n';
    assert.equal(format(input), 'system a {\n  slo 99%\n\n  rto 5m\n}\n\nsystem b {\n  slo 99%\n}\n');
  });

  it('leaves the spec example as it is, but for the trailing comment spacing', () => {
    assert.equal(format(example), example.replace('}     # one load balancer', '}  # one load balancer'));
  });

  for (const [name, text] of [
    ['the spec example', example],
    ['a dense one-liner', 'system s{defaults{mttr 2h}region r{availability 99.999%}zone z in r{mtbf 30d mttr 1h}layer db{replication async lag 2s backup every 1h heartbeat{interval 1s timeout 10s}node p{availability 99.95% zone z}node q{availability 99.95% zone z standby warm promote 30s}}}'],
    ['CRLF line ends', example.replace(/\n/g, '\r\n')],
  ] as const) {
    it(`is idempotent and keeps the meaning: ${name}`, () => {
      const once = format(text);
      assert.equal(format(once), once);
      assertSameMeaning(text, once);
      assert.deepEqual(parse(once).comments.map((c) => c.text), parse(text).comments.map((c) => c.text.trimEnd()));
    });
  }

  it('formats the estate constructs (import, external, journey, use): idempotent, same AST, comments kept', () => {
    const input = [
      '# estate',
      'import "shared/auth.topo"   # auth lives there',
      'external stripe{availability 99.99% mttr 2h} external "pay pal"',
      'journey buy{path shop->"pay pal" slo 99.9%}',
      'system shop{slo 99.9% use auth use stripe soft',
      '# the checkout journey',
      'journey checkout{path web->stripe rto 5m} layer web{node w{availability 99%}} path web}',
      'system use { layer journey { node soft } path journey }',
    ].join('\n');
    const expected = [
      '# estate',
      'import "shared/auth.topo"  # auth lives there',
      'external stripe { availability 99.99% mttr 2h }',
      'external "pay pal"',
      'journey buy {',
      '  path shop -> "pay pal"',
      '  slo 99.9%',
      '}',
      '',
      'system shop {',
      '  slo 99.9%',
      '  use auth',
      '  use stripe soft',
      '  # the checkout journey',
      '  journey checkout {',
      '    path web -> stripe',
      '    rto 5m',
      '  }',
      '  layer web {',
      '    node w { availability 99% }',
      '  }',
      '  path web',
      '}',
      '',
      'system use {',
      '  layer journey {',
      '    node soft',
      '  }',
      '  path journey',
      '}',
      '',
    ].join('\n');
    const once = assertFormatsTo(input, expected);
    assert.deepEqual(parse(once).comments.map((c) => c.text), parse(input).comments.map((c) => c.text.trimEnd()));
  });

  it('refuses a file with syntax errors', () => {
    const text = 'system s { layer { node }';
    assert.equal(formatText(parse(text), text), undefined);
    assert.deepEqual(formatEdits(parse(text), text), []);
  });

  it('returns one minimal edit, and none for a formatted file', () => {
    const text = 'system s {\n  slo    99%\n}\n';
    const edits = formatEdits(parse(text), text);
    assert.equal(edits.length, 1);
    assert.equal(applyEdits(text, edits), 'system s {\n  slo 99%\n}\n');
    assert.deepEqual(edits[0]?.range, { start: { line: 1, character: 6 }, end: { line: 1, character: 9 } });
    const done = applyEdits(text, edits);
    assert.deepEqual(formatEdits(parse(done), done), []);
  });

  it('writes a qualified fail target as one name', () => {
    const text = 'system s { layer g { site east { layer a { node app { availability 99% replicas 2 } node db { availability 99% } } path a } } path g scenario "t" { fail east.app-1 fail east.db at 10s } }';
    const out = format(text);
    assert.match(out, /fail east\.app-1\n\s*fail east\.db at 10s/);
    assert.doesNotMatch(out, / \. |\. | \./);
    assertSameMeaning(text, out);
    assert.equal(format(out), out);
  });

  it('keeps CRLF line endings', () => {
    const lf = format('system s{slo 99.9% layer web{node a{availability 99.9%}} path web}');
    const crlf = lf.replace(/\n/g, '\r\n');
    assert.deepEqual(formatEdits(parse(crlf), crlf), [], 'a formatted CRLF file needs no edit');
    const messy = 'system s {\r\n  slo    99.9%\r\n layer web{node a{availability 99.9%}}\r\n  path web\r\n}\r\n';
    const out = applyEdits(messy, formatEdits(parse(messy), messy));
    assert.equal(out, crlf);
    assert.doesNotMatch(out.replace(/\r\n/g, ''), /[\r\n]/, 'no bare LF or CR left');
  });

  it('formats the common causes (deploys, rollout, maintenance, common-cause, excludes, fail …): idempotent, same meaning', () => {
    const input = [
      'system s{slo 99.9% excludes maintenance sla 99.5% excludes   maintenance deploys 20/week change-failure 5% restore 30m',
      'maintenance 1h every 30d',
      'layer app{deploys 3/day change-failure 2% restore 10m rollout canary 25% common-cause 5%',
      'node app{availability 99.9% replicas 4 common-cause 10%}}',
      'layer db{maintenance 30m every 1w rollout all-at-once deploys 0.5/d change-failure 1% restore 1h node db{availability 99.95%}}',
      'layer r{site east{deploys 1/week change-failure 1% restore 5m layer web{node web{availability 99%}} path web}}',
      'path app->db->r',
      'scenario "bad day"{fail deploy fail deploy app at 1h fail maintenance fail maintenance db at 2h fail common-cause app fail common-cause east.web fail app-1}}',
    ].join('\n');
    const expected = [
      'system s {',
      '  slo 99.9% excludes maintenance',
      '  sla 99.5% excludes maintenance',
      '  deploys 20/week',
      '  change-failure 5%',
      '  restore 30m',
      '  maintenance 1h every 30d',
      '  layer app {',
      '    deploys 3/day',
      '    change-failure 2%',
      '    restore 10m',
      '    rollout canary 25%',
      '    common-cause 5%',
      '    node app { availability 99.9% replicas 4 common-cause 10% }',
      '  }',
      '  layer db {',
      '    maintenance 30m every 1w',
      '    rollout all-at-once',
      '    deploys 0.5/d',
      '    change-failure 1%',
      '    restore 1h',
      '    node db { availability 99.95% }',
      '  }',
      '  layer r {',
      '    site east {',
      '      deploys 1/week',
      '      change-failure 1%',
      '      restore 5m',
      '      layer web {',
      '        node web { availability 99% }',
      '      }',
      '      path web',
      '    }',
      '  }',
      '  path app -> db -> r',
      '  scenario "bad day" {',
      '    fail deploy',
      '    fail deploy app at 1h',
      '    fail maintenance',
      '    fail maintenance db at 2h',
      '    fail common-cause app',
      '    fail common-cause east.web',
      '    fail app-1',
      '  }',
      '}',
      '',
    ].join('\n');
    assertSameMeaning(input, assertFormatsTo(input, expected));
  });
});
