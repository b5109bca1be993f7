import assert from 'node:assert/strict';
import { completions } from '../../../server/src/core/ide/completion';
import { fixture } from './fixture';

function labels(marked: string): string[] {
  const f = fixture(marked);
  return completions(f.doc, f.index, f.text, f.position).map((c) => c.label);
}

const HEAD = 'system s {\n  region use1 { availability 99.999% }\n  zone az1 in use1\n  zone az2 in use1\n';

const DASHED = 'system s {\n  zone us-east-1a\n  zone us-east-1b\n';
const SITES = HEAD + '  layer front { node lb { availability 99.99% replicas 2 } }\n  layer g {\n    site east { layer a { node app { availability 99% replicas 2 } node db { availability 99% } } path a }\n  }\n  path front -> g\n';

describe('ide/completion', () => {
  const cases: [string, string, string[], string[]][] = [
    ['top level', '<|>', ['system', 'import', 'external', 'journey'], ['layer', 'use']],
    ['top level, after an import', 'import "a.topo"\n<|>', ['system', 'import', 'external', 'journey'], ['use']],
    ['estate items in a system body', HEAD + '  <|>\n}', ['use', 'journey'], ['import', 'external', 'soft']],
    ['journey body', HEAD + '  journey j {\n    <|>\n  }\n}', ['path', 'slo', 'rto'], ['layer', 'use', 'node']],
    ['external body', 'external x { <|> }', ['availability', 'mtbf', 'mttr'], ['replicas', 'system']],
    ['after use: the other systems and the externals', 'external stripe { availability 99% }\nsystem auth { }\nsystem "my shop" {\n  use <|>\n}', ['auth', 'stripe'], ['"my shop"', 'layer', 'use']],
    ['after use, a quoted system name', 'system "web shop" { }\nsystem s {\n  use <|>\n}', ['"web shop"'], ['layer']],
    ['after use NAME: soft, or the next item', 'system auth { }\nsystem s {\n  use auth <|>\n}', ['soft', 'layer', 'use'], ['auth']],
    ['after a journey: its name', HEAD + '  journey <|>\n}', [], ['layer', 'use', 'path']],
    ['after an external: its name', 'external <|>', [], ['system', 'import']],
    ['a journey path: layers and services', 'external stripe { availability 99% }\nsystem s {\n  layer web { node w }\n  journey j { path web -> <|> }\n}', ['web', 'stripe'], ['w', 'slo']],
    ['a layer named use is a name, not a use (as after any layer name)', 'system auth { }\nsystem s {\n  layer use <|>\n}', ['layer', 'slo'], ['soft', 'auth']],
    ['a path through a layer named use', 'system auth { }\nsystem s {\n  layer use { node u }\n  path use -> <|>\n}', ['use'], ['auth', 'soft']],
    ['system body', HEAD + '  <|>\n}', ['layer', 'zone', 'region', 'slo', 'path', 'scenario', 'defaults'], ['availability', 'node']],
    ['layer body', HEAD + '  layer l {\n    <|>\n  }\n}', ['node', 'mode', 'health-check', 'replication', 'site', 'load'], ['slo', 'availability']],
    ['node body', HEAD + '  layer l {\n    node n { <|> }\n  }\n}', ['availability', 'mttr', 'zone', 'zones', 'replicas', 'standby'], ['node', 'layer']],
    ['zone body', HEAD + '  zone az3 { <|> }\n}', ['availability', 'mtbf', 'mttr'], ['zone', 'replicas']],
    ['health-check body', HEAD + '  layer l { health-check { <|> } }\n}', ['interval', 'timeout', 'unhealthy'], ['node']],
    ['heartbeat body', HEAD + '  layer l { heartbeat { <|> } }\n}', ['interval', 'timeout'], ['unhealthy']],
    ['scenario body', HEAD + '  scenario "x" { <|> }\n}', ['fail'], ['layer']],
    ['after a node zone', HEAD + '  layer l { node n { zone <|> } }\n}', ['az1', 'az2'], ['use1', 'availability']],
    ['a partly typed zone', HEAD + '  layer l { node n { zone az<|> } }\n}', ['az1', 'az2'], ['use1']],
    ['inside zones [', HEAD + '  layer l { node n { zones [<|> } }\n}', ['az1', 'az2'], ['use1']],
    ['after a comma in zones (not the zones already listed)', HEAD + '  layer l { node n { zones [az1, <|>] } }\n}', ['az2'], ['az1']],
    ['after in', HEAD + '  zone az3 in <|>\n}', ['use1'], ['az1']],
    ['a zone being declared', HEAD + '  zone <|>\n}', [], ['az1']],
    ['after path', HEAD + '  layer web { node w { availability 99% } }\n  layer db { node d { availability 99% } }\n  path <|>\n}', ['web', 'db'], ['w']],
    ['after ->', HEAD + '  layer web { node w { availability 99% } }\n  layer db { node d { availability 99% } }\n  path web -> <|>\n}', ['web', 'db'], []],
    ['a site path', HEAD + '  layer web { node w { availability 99% } }\n  layer g { site east { layer inner { node i { availability 99% } } path <|> } }\n}', ['inner'], ['web']],
    ['after fail', HEAD + '  layer l { node app { availability 99% replicas 2 } }\n  scenario "x" { fail <|> }\n}', ['app', 'app-1', 'app-2', 'az1', 'use1'], ['l']],
    ['after standby', HEAD + '  layer l { node n { standby <|> } }\n}', ['hot', 'warm', 'cold', 'promote'], []],
    ['after mode', HEAD + '  layer l { mode <|> }\n}', ['active-active', 'active-passive'], ['node']],
    ['after replication', HEAD + '  layer l { replication <|> }\n}', ['sync', 'async'], ['node']],
    ['after async', HEAD + '  layer l { replication async <|> }\n}', ['lag', 'node'], []],
    ['after backup', HEAD + '  layer l { backup <|> }\n}', ['every'], ['node']],
    ['after kind', HEAD + '  layer l { kind <|> }\n}', ['database', 'load-balancer', 'dns'], ['node']],
    ['a value position', HEAD + '  layer l { node n { availability <|> } }\n}', [], ['availability', 'node']],
    ['a name position', HEAD + '  layer <|>\n}', [], ['node', 'layer']],
    ['units after a percent key', HEAD + '  layer l { node n { availability 99<|> } }\n}', ['99%'], ['99s']],
    ['units after a duration key', HEAD + '  layer l { node n { mttr 2<|> } }\n}', ['2ms', '2s', '2m', '2h', '2d', '2w', '2y'], ['2%']],
    ['units while typing one', HEAD + '  layer l { node n { mttr 2h<|> } }\n}', ['2h', '2s'], ['2%']],
    ['units after a rate key', HEAD + '  layer l { load 200<|> }\n}', ['200rps'], ['200s']],
    ['a hyphenated zone being typed', DASHED + '  layer l { node n { zone us-<|> } }\n}', ['us-east-1a', 'us-east-1b'], ['availability', 'zone']],
    ['a hyphenated zone in a list', DASHED + '  layer l { node n { zones [us-east-1a, us-<|> } }\n}', ['us-east-1b'], ['us-east-1a', 'availability']],
    ['a hyphenated layer in a path', DASHED + '  layer web-a { node w { availability 99% } }\n  path web-<|>\n}', ['web-a'], ['layer', 'scenario']],
    ['a site-qualified fail target', SITES + '  scenario "x" { fail east.<|> }\n}', ['east.app-1', 'east.app-2', 'east.db'], ['fail']],
    ['a site-qualified fail target, partly typed', SITES + '  scenario "x" { fail east.a<|> }\n}', ['east.app-1'], ['fail']],
    ['a hyphenated fail target', SITES + '  scenario "x" { fail lb-<|> }\n}', ['lb-1', 'lb-2'], ['fail']],
    ['inside a comment', 'system s { # zone <|>\n}', [], []],
    ['no units after replicas', HEAD + '  layer l { node n { replicas 3<|> } }\n}', [], ['3s']],
    // Common causes (an extension).
    ['common causes in a layer body', HEAD + '  layer l {\n    <|>\n  }\n}', ['deploys', 'change-failure', 'restore', 'rollout', 'maintenance', 'common-cause'], ['excludes']],
    ['common causes in a system body', HEAD + '  <|>\n}', ['deploys', 'change-failure', 'restore', 'rollout', 'maintenance'], ['common-cause']],
    ['common-cause in a node body', HEAD + '  layer l { node n { <|> } }\n}', ['common-cause'], ['deploys']],
    ['after rollout', HEAD + '  layer l { rollout <|> }\n}', ['canary', 'all-at-once'], ['node']],
    ['after maintenance D', HEAD + '  maintenance 1h <|>\n}', ['every'], ['layer']],
    ['after an slo: excludes, or the next item', HEAD + '  slo 99.9% <|>\n}', ['excludes', 'layer'], []],
    ['after excludes', HEAD + '  slo 99.9% excludes <|>\n}', ['maintenance'], ['layer']],
    ['after fail: the common causes too', HEAD + '  layer l { node app { availability 99% } }\n  scenario "x" { fail <|> }\n}', ['app', 'deploy', 'maintenance', 'common-cause'], []],
    ['after fail deploy: what has deploys', HEAD + '  layer app { deploys 20/week change-failure 5% restore 30m maintenance 1h every 30d common-cause 5% node app { availability 99.9% replicas 2 } }\n  layer db { node db { availability 99% } }\n  scenario "x" { fail deploy <|> }\n}', ['app'], ['db', 'deploy']],
    ['after fail common-cause', HEAD + '  layer app { deploys 20/week change-failure 5% restore 30m maintenance 1h every 30d common-cause 5% node app { availability 99.9% replicas 2 } }\n  scenario "x" { fail common-cause <|> }\n}', ['app'], ['app-1']],
    ['after fail maintenance', HEAD + '  layer app { deploys 20/week change-failure 5% restore 30m maintenance 1h every 30d common-cause 5% node app { availability 99.9% replicas 2 } }\n  scenario "x" { fail maintenance <|> }\n}', ['app'], ['app-1']],
    ['frequency units after deploys', HEAD + '  layer l { deploys 20<|> }\n}', ['20/week', '20/day'], ['20s', '20%']],
  ];
  for (const [where, marked, present, absent] of cases) {
    it(`offers the right items: ${where}`, () => {
      const got = labels(marked);
      for (const p of present) assert.ok(got.includes(p), `expected '${p}' in [${got.join(', ')}]`);
      for (const a of absent) assert.ok(!got.includes(a), `did not expect '${a}' in [${got.join(', ')}]`);
      if (present.length === 0) assert.deepEqual(got, []);
    });
  }

  it('replaces the number with number+unit', () => {
    const f = fixture(HEAD + '  layer l { node n { mttr 15<|> } }\n}');
    const s = completions(f.doc, f.index, f.text, f.position).find((c) => c.label === '15s');
    assert.equal(s?.textEdit?.newText, '15s');
    assert.equal(s?.textEdit?.range.end.character, f.position.character);
    assert.equal(s?.textEdit?.range.start.character, f.position.character - 2);
  });

  it('replaces the whole dotted or hyphenated name being typed', () => {
    const f = fixture(SITES + '  scenario "x" { fail east.a<|> }\n}');
    const item = completions(f.doc, f.index, f.text, f.position).find((c) => c.label === 'east.app-2');
    assert.equal(item?.textEdit?.newText, 'east.app-2');
    assert.equal(item?.filterText, 'east.app-2');
    assert.deepEqual(item?.textEdit?.range, { start: { line: f.position.line, character: f.position.character - 'east.a'.length }, end: f.position });
  });

  it('offers instances as fail targets before the analysis has a model (from the parse alone)', () => {
    const f = fixture(SITES + '  scenario "x" { fail <|> }\n}');
    const got = completions({ parse: f.doc.parse }, f.index, f.text, f.position).map((c) => c.label);
    for (const p of ['lb', 'lb-1', 'lb-2', 'east.app', 'east.app-1', 'east.app-2', 'east.db', 'east', 'az1', 'use1']) assert.ok(got.includes(p), `expected '${p}' in [${got.join(', ')}]`);
    assert.ok(!got.includes('east.db-1'));
  });

  it('offers snippets for blocks', () => {
    const f = fixture(HEAD + '  <|>\n}');
    const layer = completions(f.doc, f.index, f.text, f.position).find((c) => c.kind === 'snippet' && c.label === 'layer');
    assert.ok(layer?.snippet);
    assert.match(layer?.insertText ?? '', /layer \$\{1:name\} \{/);
  });
});
