import { strict as assert } from 'node:assert';
import { parse } from '../../grammar/src/index';
import { describe as diagLines, marked, show } from './helpers';

/**
 * One syntax mistake per fixture: exactly one diagnostic, at the `<|>`-marked range
 * (one marker: an empty range there), with this message.
 */
const cases: [string, string][] = [
  // Unclosed blocks.
  ['system a { layer app { node x<|>', "the file ends too soon: expected 2 '}' to close layer 'app', then system 'a'"],
  ['system a {\n  slo 99%<|>\n', "the file ends too soon: expected '}' to close system 'a'"],
  ['system a { layer app { node x { availability 99% }\n <|>layer<|> db { node y } }', "expected '}' to close layer 'app', found keyword 'layer'"],
  // Unknown or misplaced items.
  ['system a { layer app { <|>foo<|> node x } }', "unexpected 'foo' in layer 'app': expected kind, mode, min, load, optional, promote, health-check, heartbeat, replication, backup, node, site, deploys, change-failure, restore, rollout, maintenance, common-cause or '}'"],
  ['system a { layer app { <|>timeout<|> 3s } }', "unexpected keyword 'timeout' in layer 'app': expected kind, mode, min, load, optional, promote, health-check, heartbeat, replication, backup, node, site, deploys, change-failure, restore, rollout, maintenance, common-cause or '}' ('timeout' goes in a health-check or heartbeat block)"],
  ['system a { layer app { <|>replicas<|> 3 node x } }', "unexpected keyword 'replicas' in layer 'app': expected kind, mode, min, load, optional, promote, health-check, heartbeat, replication, backup, node, site, deploys, change-failure, restore, rollout, maintenance, common-cause or '}' ('replicas' goes in a defaults or node block)"],
  ['system a { <|>node<|> x }', "unexpected keyword 'node' in system 'a': expected slo, sla, window, rto, rpo, defaults, region, zone, layer, path, scenario, use, journey, deploys, change-failure, restore, rollout, maintenance or '}' ('node' goes in a layer block)"],
  ['system a { region r { <|>replicas<|> 3 } }', "unexpected keyword 'replicas' in region 'r': expected availability, mtbf, mttr or '}' ('replicas' goes in a defaults or node block)"],
  ['system a { layer l { heartbeat { <|>unhealthy<|> 3 } } }', "unexpected keyword 'unhealthy' in heartbeat: expected interval, timeout or '}' ('unhealthy' goes in a health-check block)"],
  ['system a { scenario s { <|>kill<|> x } }', "unexpected 'kill' in scenario 's': expected fail or '}'"],
  ['<|>foo<|> system a { }', "unexpected 'foo': a file holds only 'system NAME { … }' blocks, imports, externals and journeys"],
  ['system a { } <|>}<|>', "unexpected '}': a file holds only 'system NAME { … }' blocks, imports, externals and journeys"],
  // A node's properties with its braces left out: the properties stay the node's (see recovery tests).
  ['system a { layer app { node x <|>availability<|> 99% } }', "expected '{' after 'x', found keyword 'availability'"],
  // Missing names and punctuation.
  ['system <|>{<|> }', `expected a name or a "string" after 'system', found '{'`],
  ['system a { layer <|>{<|> } }', "expected a name after 'layer', found '{'"],
  ['system a { layer app <|>node<|> x } }', "expected '{' after 'app', found keyword 'node'"],
  ['system a { layer l { health-check <|>interval<|> 10s } }', "expected '{' after 'health-check', found keyword 'interval'"],
  ['system a { zone z in <|>{<|> } }', "expected a name after 'in', found '{'"],
  ['system a { path a -> <|>}<|>', "expected a name after '->', found '}'"],
  ['system a { layer l { node n { zones [a, <|>]<|> } } }', "expected a name after ',', found ']'"],
  ['system a { layer l { node n { zones [a <|>b<|>] } } }', "expected ']' after 'a', found 'b'"],
  ['system a { scenario s { fail <|>}<|> }', "expected a name after 'fail', found '}'"],
  // Wrong keyword argument.
  ['system a { layer app { mode <|>fast<|> } }', "expected 'active-active' or 'active-passive' after 'mode', found 'fast'"],
  ['system a { layer app { replication <|>}<|> }', "expected 'sync' or 'async' after 'replication', found '}'"],
  ['system a { layer app { backup <|>1h<|> } }', "expected 'every' after 'backup', found '1h'"],
  // Missing or wrong values.
  ['system a { slo <|>99.9<|> }', "expected a percent (e.g. 99.95%) after 'slo', found '99.9'"],
  ['system a { layer app { min <|>2.5<|> } }', "expected a whole number (e.g. 3) after 'min', found '2.5'"],
  ['system a { layer app { load <|>3s<|> } }', "expected a number or a rate (e.g. 1000rps) after 'load', found '3s'"],
  ['system a { layer l { node n { mttr <|>99%<|> } } }', "expected a duration (e.g. 500ms, 30s, 5m, 2h, 30d) after 'mttr', found '99%'"],
  ['system a { layer l { node n { replicas <|>3.0<|> } } }', "expected a whole number (e.g. 3) after 'replicas', found '3.0'"],
  ['system a { layer l { backup every <|>7<|> } }', "expected a duration (e.g. 500ms, 30s, 5m, 2h, 30d) after 'every', found '7'"],
  ['system a { scenario s { fail x at <|>5<|> } }', "expected a duration (e.g. 500ms, 30s, 5m, 2h, 30d) after 'at', found '5'"],
  ['system a { layer l { health-check { interval 3s unhealthy <|>}<|> } }', "expected a whole number (e.g. 3) after 'unhealthy', found '}'"],
  ['system a { layer l { replication async lag <|>}<|> }', "expected a duration (e.g. 500ms, 30s, 5m, 2h, 30d) after 'lag', found '}'"],
  ['system a { layer l { node n { availability <|>}<|> } }', "expected a percent (e.g. 99.95%) after 'availability', found '}'"],
  // Reserved words where a name goes.
  ['system a { layer l { node <|>zone<|> } }', "'zone' is a reserved word and cannot be a name: rename it (e.g. 'zone-1' or 'my-zone')"],
  ['system a { layer <|>backup<|> { node n } }', "'backup' is a reserved word and cannot be a name: rename it (e.g. 'backup-1' or 'my-backup')"],
  ['system a { path x -> <|>site<|> }', "'site' is a reserved word and cannot be a name: rename it (e.g. 'site-1' or 'my-site')"],
  // A stray word opening a block of its own is skipped with its braces (not to the first '}').
  ['system a { <|>gizmo<|> r1 { availability 99% } zone z }', "unexpected 'gizmo' in system 'a': expected slo, sla, window, rto, rpo, defaults, region, zone, layer, path, scenario, use, journey, deploys, change-failure, restore, rollout, maintenance or '}'"],
  ['system a { layer l { <|>widget<|> n { availability 99% } node m } }', "unexpected 'widget' in layer 'l': expected kind, mode, min, load, optional, promote, health-check, heartbeat, replication, backup, node, site, deploys, change-failure, restore, rollout, maintenance, common-cause or '}'"],
  // A value's unit without its number, or apart from it.
  ['system a { slo <|>%<|> }', "'%' needs a number before it (e.g. 99.95%)"],
  ['system a { layer l { node n { availability <|>%<|> zone z } } }', "'%' needs a number before it (e.g. 99.95%)"],
  ['system a { rto <|>5 m<|> }', "'5 m': write the unit right after the number, without a space ('5m')"],
  ['system a { layer l { node n { availability <|>99.9 %<|> } } }', "'99.9 %': write the unit right after the number, without a space ('99.9%')"],
  // A word written twice.
  ['system a { layer <|>layer<|> l { node n } }', "keyword 'layer' is written twice: remove one"],
  ['system <|>system<|> a { }', "keyword 'system' is written twice: remove one"],
  ['system a { zone z in <|>in<|> r }', "keyword 'in' is written twice: remove one"],
  ['system a { layer l { node n { zones <|>zones<|> [a, b] } } }', "keyword 'zones' is written twice: remove one"],
  ['system a { layer l { node n <|>n<|> } }', "'n' is written twice: remove one"],
  ['system a { layer l { node n { <|>{<|> availability 99% } } }', "'{' is written twice: remove one"],
  // A missing name, where the next word starts the next item rather than naming anything.
  ['system a { zone <|>in<|> r }', "expected a name after 'zone', found keyword 'in'"],
  ['system a { region\n  <|>zone<|> z }', "expected a name after 'region', found keyword 'zone'"],
  ['system a { layer l { kind\n  <|>node<|> n } }', "expected a name after 'kind', found keyword 'node'"],
  ['system a { layer l { node n { zone\n  <|>standby<|> } } }', "expected a name after 'zone', found keyword 'standby'"],
  ['system a { layer l { node n } path l ->\n  <|>scenario<|> s { fail n } }', "expected a name after '->', found keyword 'scenario'"],
  ['system a { scenario s { fail <|>at<|> 5s } }', "expected a name after 'fail', found keyword 'at'"],
  // A body's '{' left out.
  ['system a { layer l { node n <|>availability<|> 99% } } }', "expected '{' after 'n', found keyword 'availability'"],
  ['system a { region r <|>availability<|> 99% } }', "expected '{' after 'r', found keyword 'availability'"],
  ['system a { zone z in r <|>mttr<|> 1h } }', "expected '{' after 'r', found keyword 'mttr'"],
  // One '}' too many, with more of the block after it.
  ['system a { layer l { node n { } <|>}<|> node m } }', "one '}' too many: layer 'l' goes on after it, so this '}' closes nothing; remove it"],
  ['system a { layer l { node n } <|>}<|> layer m { node o } }', "one '}' too many: system 'a' goes on after it, so this '}' closes nothing; remove it"],
  // A stray brace where no brace can stand, in a file whose braces are one off.
  ['system a { slo <|>}<|> 99.9% }', "unexpected '}': the braces do not pair up, and this one closes no block here; remove it"],
  ['system a { layer l { node n { standby <|>}<|> hot } } }', "unexpected '}': the braces do not pair up, and this one closes no block here; remove it"],
  ['system a { layer l { node n <|>}<|> { availability 99% } } }', "unexpected '}': the braces do not pair up, and this one closes no block here; remove it"],
  ['system a { zone z <|>{<|> in r }', "unexpected '{': the braces do not pair up, and this one opens no block here; remove it"],
  ['system a { layer <|>{<|> l { node n } }', "unexpected '{': the braces do not pair up, and this one opens no block here; remove it"],
  // A system's keyword misspelt or left out: still read as the system it plainly is.
  ['<|>Sytsem<|> shop { layer l { node n } }', "unknown word 'Sytsem' — did you mean `system`?"],
  // A block keyword misspelt, followed by what its item needs: read as that keyword.
  ['system a { <|>regino<|> r1 { availability 99% } zone z }', "unknown word 'regino' — did you mean `region`?"],
  ['system a { layer l { <|>noed<|> n { availability 99% } node m } }', "unknown word 'noed' — did you mean `node`?"],
  ['system a { }\n<|>shop<|> { layer l { node n } }', "expected 'system', found 'shop'"],
  ['<|>"web shop"<|> { }', `expected 'system', found '"web shop"'`],
  // An unterminated string: the lexer's diagnostic, not a parser one about what the string swallowed.
  ['system <|>"shop {<|>\n  layer l { node n }\n}', `unterminated string "shop {: add a closing '"' on the same line`],
];

describe('syntax errors: one diagnostic per mistake, at the offending token', () => {
  for (const [fixture, message] of cases) {
    it(fixture.replace(/<\|>/g, '').replace(/\n/g, '⏎'), () => {
      const { text, range } = marked(fixture);
      const r = parse(text);
      assert.deepEqual(diagLines(r.diagnostics), [`${show(range)} syntax ${message}`]);
    });
  }

  it('points related information at the block a missing brace should close', () => {
    const r = parse('system a {\n  layer app {\n    node x\n');
    const d = r.diagnostics[0];
    assert.deepEqual(d?.related?.map((x) => [x.message, show(x.range)]), [
      ["layer 'app' opens here", '1:12-1:13'],
      ["system 'a' opens here", '0:9-0:10'],
    ]);
  });

  it('names at most four unclosed blocks at the end of the file', () => {
    const r = parse('system a { layer l { site s { layer m { site t { layer n {');
    assert.deepEqual(diagLines(r.diagnostics), [
      "0:58-0:58 syntax the file ends too soon: expected 6 '}' to close layer 'n', then site 't', then layer 'm', then site 's', …",
    ]);
    assert.equal(r.diagnostics[0]?.related?.length, 4);
  });

  it('keeps a reserved-word name in the AST, so later stages still see the node', () => {
    const r = parse('system a { layer l { node zone { availability 99% } } }');
    assert.equal(r.ast.systems[0]?.layers[0]?.members[0]?.name?.text, 'zone');
    assert.equal(r.ast.systems[0]?.layers[0]?.members[0]?.props.length, 1);
  });

  it('drops a value of the wrong kind but keeps the property line', () => {
    const r = parse('system a { layer l { min 2.5 } }');
    assert.deepEqual(r.ast.systems[0]?.layers[0]?.props.map((p) => [p.key, p.value]), [['min', undefined]]);
  });
});
