import assert from 'node:assert/strict';
import { expectOne } from './helpers';

/**
 * Each model diagnostic, on the smallest fixture that shows it: `<|>…<|>` marks the range the
 * diagnostic must have. `analysable` is whether the system's figures can still be computed.
 */
const cases: { name: string; code: string; fixture: string; analysable: boolean; message?: RegExp; severity?: string; suggestion?: string }[] = [
  // unknown-reference
  {
    name: 'unknown zone, with a suggestion',
    code: 'unknown-reference',
    fixture: 'system s { zone az1 layer x { node n { availability 99% zone <|>az3<|> } } }',
    analysable: false,
    message: /^unknown zone 'az3' — did you mean 'az1'\?$/,
    suggestion: 'az1',
  },
  {
    name: 'unknown zone in a zones list',
    code: 'unknown-reference',
    fixture: 'system s { zone az1 zone az2 layer x { node n { availability 99% replicas 2 zones [az1, <|>zz<|>] } } }',
    analysable: false,
  },
  {
    name: 'unknown region of a zone',
    code: 'unknown-reference',
    fixture: 'system s { region us-east zone a in <|>us-est<|> layer x { node n { availability 99% zone a } } }',
    analysable: false,
    message: /^unknown region 'us-est' — did you mean 'us-east'\?$/,
    suggestion: 'us-east',
  },
  {
    name: 'unknown layer on the path',
    code: 'unknown-reference',
    fixture: 'system s { layer app { node n { availability 99% } } path <|>apps<|> }',
    analysable: false,
    message: /^unknown layer 'apps' — did you mean 'app'\?$/,
    suggestion: 'app',
  },
  {
    name: 'unknown layer with nothing close: the declared ones are listed',
    code: 'unknown-reference',
    fixture: 'system s { layer app { node n { availability 99% } } path app -> <|>zzzzzz<|> }',
    analysable: false,
    message: /declared layers: 'app'/,
  },
  {
    name: 'unknown scenario target (the figures are not affected)',
    code: 'unknown-reference',
    fixture: 'system s { layer db { node db-primary { availability 99% } } scenario "x" { fail <|>db-prmary<|> at 1m } }',
    analysable: true,
    message: /^unknown element 'db-prmary' — did you mean 'db-primary'\?$/,
    suggestion: 'db-primary',
  },
  {
    name: 'scenario target inside a site needs its qualified name (suggested)',
    code: 'unknown-reference',
    fixture: 'system s { layer r { site east { layer app { node web { availability 99% } } } } scenario "x" { fail <|>web<|> } }',
    analysable: true,
    suggestion: 'east.web',
  },
  // duplicate-name
  { name: 'two layers with one name', code: 'duplicate-name', fixture: 'system s { layer a { node n { availability 99% } } layer <|>a<|> { node m { availability 99% } } }', analysable: false },
  { name: 'two nodes with one name in different layers', code: 'duplicate-name', fixture: 'system s { layer a { node n { availability 99% } } layer b { node <|>n<|> { availability 99% } } }', analysable: false },
  { name: 'two zones', code: 'duplicate-name', fixture: 'system s { zone a zone <|>a<|> { availability 99% } layer x { node n { availability 99% } } }', analysable: false },
  { name: 'a zone and a region', code: 'duplicate-name', fixture: 'system s { zone a layer x { node n { availability 99% } } region <|>a<|> }', analysable: false },
  {
    name: 'a node named like an instance of a replicated node',
    code: 'duplicate-name',
    fixture: 'system s { layer x { node app { availability 99% replicas 3 } node <|>app-2<|> { availability 99% } } }',
    analysable: false,
    message: /^node 'app-2' clashes with instance 'app-2' of node 'app' \(replicas 3, line 1\)/,
  },
  {
    name: 'a replicated node whose instance takes an earlier node’s name',
    code: 'duplicate-name',
    fixture: 'system s { layer x { node app-2 { availability 99% } node <|>app<|> { availability 99% replicas 3 } } }',
    analysable: false,
    message: /^node 'app' \(replicas 3\) makes an instance 'app-2', but node 'app-2' is already declared \(line 1\)/,
  },
  {
    name: 'two sites with one name, at different depths',
    code: 'duplicate-name',
    fixture: `system s { layer r {
      site east { layer app { node a { availability 99% } } }
      site dr { layer inner { site <|>east<|> { layer app { node a { availability 99% } } } } }
    } }`,
    analysable: false,
  },
  { name: 'two scenarios with one name (no figure depends on it)', code: 'duplicate-name', fixture: 'system s { layer x { node n { availability 99% } } scenario "a" { fail n } scenario <|>"a"<|> { fail n } }', analysable: true },
  // duplicate-property
  { name: 'a node property twice', code: 'duplicate-property', fixture: 'system s { layer x { node n { availability 99% <|>availability 98%<|> } } }', analysable: true },
  { name: 'zone and zones', code: 'duplicate-property', fixture: 'system s { zone a zone b layer x { node n { availability 99% zone a <|>zones [a, b]<|> } } }', analysable: true },
  { name: 'inside health-check', code: 'duplicate-property', fixture: 'system s { layer x { health-check { interval 1s <|>interval 2s<|> } node n { availability 99% } } }', analysable: true },
  { name: 'two health-check blocks', code: 'duplicate-property', fixture: 'system s { layer x { health-check { interval 1s } <|>health-check<|> { interval 2s } node n { availability 99% } } }', analysable: true },
  { name: 'inside heartbeat', code: 'duplicate-property', fixture: 'system s { layer x { heartbeat { timeout 1s <|>timeout 2s<|> } node n { availability 99% } } }', analysable: true },
  { name: 'inside defaults', code: 'duplicate-property', fixture: 'system s { defaults { mttr 1h <|>mttr 2h<|> } layer x { node n { availability 99% } } }', analysable: true },
  { name: 'across two defaults blocks', code: 'duplicate-property', fixture: 'system s { defaults { mttr 1h } defaults { <|>mttr 2h<|> } layer x { node n { availability 99% } } }', analysable: true },
  { name: 'inside a zone body', code: 'duplicate-property', fixture: 'system s { zone a { availability 99% <|>availability 98%<|> } layer x { node n { availability 99% } } }', analysable: true },
  { name: 'an objective twice', code: 'duplicate-property', fixture: 'system s { slo 99.9% <|>slo 99%<|> layer x { node n { availability 99% } } }', analysable: true },
  { name: 'a layer property twice', code: 'duplicate-property', fixture: 'system s { layer x { min 1 <|>min 2<|> node n { availability 99% replicas 2 } } }', analysable: true },
  { name: 'two paths', code: 'duplicate-property', fixture: 'system s { layer x { node n { availability 99% } } path x <|>path<|> x }', analysable: true },
  // invalid-value
  { name: 'a percent above 100%', code: 'invalid-value', fixture: 'system s { layer x { node n { availability <|>100.01%<|> } } }', analysable: false, message: /above 100%/ },
  { name: 'availability 0% (never up)', code: 'invalid-value', fixture: 'system s { layer x { node n { availability <|>0%<|> } } }', analysable: false },
  { name: 'a zero mttr', code: 'invalid-value', fixture: 'system s { layer x { node n { availability 99% mttr <|>0s<|> } } }', analysable: false, message: /longer than zero/ },
  { name: 'a zero mtbf', code: 'invalid-value', fixture: 'system s { layer x { node n { mtbf <|>0h<|> } } }', analysable: false },
  { name: 'min 0', code: 'invalid-value', fixture: 'system s { layer x { min <|>0<|> node n { availability 99% } } }', analysable: false },
  { name: 'replicas 0', code: 'invalid-value', fixture: 'system s { layer x { node n { availability 99% replicas <|>0<|> } } }', analysable: false },
  { name: 'replicas beyond exact integers', code: 'invalid-value', fixture: 'system s { layer x { node n { availability 99% replicas <|>99999999999999999999<|> } } }', analysable: false },
  { name: 'unhealthy 0', code: 'invalid-value', fixture: 'system s { layer x { health-check { interval 1s unhealthy <|>0<|> } node n { availability 99% } } }', analysable: false },
  { name: 'capacity 0', code: 'invalid-value', fixture: 'system s { layer x { node n { availability 99% capacity <|>0<|> } } }', analysable: false },
  { name: 'load 0', code: 'invalid-value', fixture: 'system s { layer x { load <|>0rps<|> node n { availability 99% capacity 10rps } } }', analysable: false },
  { name: 'a zero heartbeat timeout', code: 'invalid-value', fixture: 'system s { layer x { heartbeat { timeout <|>0ms<|> } node n { availability 99% } } }', analysable: false },
  { name: 'backup every 0s', code: 'invalid-value', fixture: 'system s { layer x { backup every <|>0s<|> node n { availability 99% } } }', analysable: false, message: /^backup every 0s must be longer than zero$/ },
  { name: 'a zone availability above 100%', code: 'invalid-value', fixture: 'system s { zone a { availability <|>150%<|> } layer x { node n { availability 99% zone a } } }', analysable: false },
  { name: 'slo above 100% (objectives change no figure)', code: 'invalid-value', fixture: 'system s { slo <|>101%<|> layer x { node n { availability 99% } } }', analysable: true },
  { name: 'window 0s', code: 'invalid-value', fixture: 'system s { window <|>0s<|> layer x { node n { availability 99% } } }', analysable: true },
  // missing-*
  {
    name: 'a node without availability',
    code: 'missing-availability',
    fixture: 'system s { layer x { node <|>n<|> { zone a } } zone a }',
    analysable: false,
    message: /^node 'n' has no availability/,
  },
  {
    name: 'load with a node lacking capacity',
    code: 'missing-capacity',
    fixture: 'system s { layer x { load 100 node a { availability 99% capacity 100 } node <|>b<|> { availability 99% } } }',
    analysable: false,
  },
  // primary-count
  {
    name: 'two primaries',
    code: 'primary-count',
    fixture: 'system s { layer <|>db<|> { heartbeat { timeout 1s } node a { availability 99% } node b { availability 99% } node c { availability 99% standby } } }',
    analysable: false,
    message: /has 2 primaries \('a', 'b'\)/,
  },
  {
    name: 'a replicated primary is several primaries',
    code: 'primary-count',
    fixture: 'system s { layer <|>db<|> { heartbeat { timeout 1s } node a { availability 99% replicas 2 } node c { availability 99% standby } } }',
    analysable: false,
  },
  {
    name: 'no primary',
    code: 'primary-count',
    fixture: 'system s { layer <|>db<|> { heartbeat { timeout 1s } node a { availability 99% standby } node b { availability 99% standby hot } } }',
    analysable: false,
    message: /no primary/,
  },
  // unsatisfiable
  { name: 'k > n', code: 'unsatisfiable', fixture: 'system s { layer <|>app<|> { load 3000 node a { availability 99% replicas 2 capacity 1000 } } }', analysable: false, message: /needs 3 of its 2 instances/ },
  { name: 'min > n', code: 'unsatisfiable', fixture: 'system s { layer <|>app<|> { min 3 node a { availability 99% replicas 2 } } }', analysable: false },
  {
    name: 'unequal capacities below the load',
    code: 'unsatisfiable',
    fixture: 'system s { layer <|>app<|> { load 1000 node a { availability 99% capacity 500 } node b { availability 99% capacity 300 } } }',
    analysable: false,
    message: /800 in total/,
  },
  { name: 'a layer without nodes', code: 'unsatisfiable', fixture: 'system s { layer <|>app<|> { } }', analysable: false, message: /no nodes/ },
  {
    name: 'a layer of sites with min above its sites',
    code: 'unsatisfiable',
    fixture: 'system s { layer <|>r<|> { min 2 site east { layer app { node a { availability 99% } } } } }',
    analysable: false,
  },
  // mixed-members
  {
    name: 'a site beside nodes',
    code: 'mixed-members',
    fixture: 'system s { layer x { node a { availability 99% } site <|>east<|> { layer app { node b { availability 99% } } } } }',
    analysable: false,
  },
  {
    name: 'a node beside sites',
    code: 'mixed-members',
    fixture: 'system s { layer x { site east { layer app { node b { availability 99% } } } node <|>a<|> { availability 99% } } }',
    analysable: false,
  },
  // warnings
  {
    name: 'a layer off the path',
    code: 'off-path',
    fixture: 'system s { layer a { node n { availability 99% } } layer <|>b<|> { node m { availability 99% } } path a }',
    analysable: true,
    severity: 'warning',
  },
  {
    name: 'active-passive without a standby',
    code: 'no-standby',
    fixture: 'system s { layer <|>db<|> { mode active-passive heartbeat { timeout 1s } node p { availability 99% } } }',
    analysable: true,
    severity: 'warning',
  },
  {
    name: 'active-passive without health-check or heartbeat',
    code: 'no-health-check',
    fixture: 'system s { layer <|>db<|> { node p { availability 99% } node s { availability 99% standby } } }',
    analysable: true,
    severity: 'warning',
  },
  {
    name: 'a system with no layers',
    code: 'empty-path',
    fixture: 'system <|>s<|> { }',
    analysable: false,
    severity: 'warning',
  },
  // limit
  {
    name: 'replicas beyond the instance budget',
    code: 'limit',
    fixture: 'system s { layer x { node n { availability 99% replicas <|>1000000000000<|> } } }',
    analysable: false,
    message: /at most 1,000,000 per file/,
  },
];

describe('model: diagnostics, each with its range', () => {
  for (const c of cases) {
    it(`${c.code}: ${c.name}`, () => {
      const { diagnostic, result } = expectOne(c.fixture, c.code);
      assert.equal(diagnostic.severity, c.severity ?? 'error');
      if (c.message) assert.match(diagnostic.message, c.message);
      if (c.suggestion !== undefined) assert.equal(diagnostic.data?.suggestion, c.suggestion);
      assert.equal(result.systems[0]?.analysable, c.analysable, `analysable: ${JSON.stringify(result.diagnostics.map((d) => d.code))}`);
    });
  }
});
