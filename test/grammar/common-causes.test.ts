/** The common causes' syntax (an extension, docs/language.md "Common causes"). */
import { strict as assert } from 'node:assert';
import { parse } from '../../grammar/src/index';
import { classifyNumeric } from '../../grammar/src/literals';
import { SECONDS_PER_WEEK, SECONDS_PER_YEAR } from '../../grammar/src/units';
import type { FailAst, LayerAst, NodeAst, PropertyAst, SiteAst, SystemAst } from '../../grammar/src/ast';
import { describe as diagLines, parseClean, show } from './helpers';

function sys(body: string): SystemAst {
  const r = parseClean(`system s {\n${body}\n}`);
  const s = r.ast.systems[0];
  assert.ok(s);
  return s;
}

/** A property as `[key, value, word, every]`. */
function brief(p: PropertyAst): unknown[] {
  return [p.key, p.value?.kind, p.value?.value, p.word?.text, p.every?.value].filter((x) => x !== undefined);
}

function layer(s: SystemAst, i = 0): LayerAst {
  const l = s.layers[i];
  assert.ok(l);
  return l;
}

describe('grammar: common causes (an extension)', () => {
  describe('the frequency literal', () => {
    const cases: [string, number][] = [
      ['20/week', 20], ['0.5/d', 3.5], ['3/day', 21], ['1/h', 168], ['100/month', (100 * SECONDS_PER_WEEK) / (SECONDS_PER_YEAR / 12)],
      ['2/y', (2 * SECONDS_PER_WEEK) / SECONDS_PER_YEAR], ['1/w', 1], ['7/s', 7 * SECONDS_PER_WEEK], ['2/m', 2 * 10080], ['1/second', SECONDS_PER_WEEK],
      ['1/minute', 10080], ['1/hour', 168], ['1/year', SECONDS_PER_WEEK / SECONDS_PER_YEAR],
    ];
    for (const [text, perWeek] of cases) {
      it(`${text} is ${perWeek} a week`, () => {
        const s = sys(`deploys ${text}`);
        const value = s.props[0]?.value;
        assert.equal(value?.kind, 'frequency');
        assert.equal(value?.text, text);
        assert.ok(Math.abs((value?.value ?? NaN) - perWeek) <= 1e-12 * perWeek, `${value?.value} vs ${perWeek}`);
      });
    }

    it('20/week is exactly 20; integer tells the number before the /', () => {
      assert.deepEqual(classifyNumeric('20/week'), { literal: { kind: 'frequency', value: 20, integer: true } });
      assert.deepEqual(classifyNumeric('0.5/d'), { literal: { kind: 'frequency', value: 3.5, integer: false } });
    });

    it("'20 / week' is one mistake, worded, and the value is still read", () => {
      const r = parse('system s { deploys 20 / week }');
      assert.deepEqual(diagLines(r.diagnostics), ["0:19-0:28 syntax '20 / week': write a frequency without spaces around the '/' ('20/week')"]);
      assert.equal(r.ast.systems[0]?.props[0]?.value?.value, 20);
    });

    it("'20/fortnight' names the units a frequency takes", () => {
      const r = parse('system s { deploys 20/fortnight }');
      assert.deepEqual(diagLines(r.diagnostics), [
        "0:19-0:31 syntax unknown unit 'fortnight' in '20/fortnight': a frequency is a number per s, m, h, d, w, y or second, minute, hour, day, week, month, year (e.g. 20/week)",
      ]);
    });

    it('// stays a comment after a number', () => {
      const r = parse('system s { deploys 20/week change-failure 5%// a comment\n restore 30m }');
      assert.deepEqual(diagLines(r.diagnostics), []);
      assert.deepEqual(r.comments.map((c) => c.text), ['// a comment']);
      assert.deepEqual(r.ast.systems[0]?.props.map((p) => p.key), ['deploys', 'change-failure', 'restore']);
    });

    it('a frequency where another value goes, and another value after deploys, are worded', () => {
      const r = parse('system s { deploys 20 restore 2/d layer a { node a { mttr 1/d } } }');
      assert.deepEqual(diagLines(r.diagnostics), [
        "0:19-0:21 syntax expected a frequency (e.g. 20/week, 3/day) after 'deploys', found '20'",
        "0:30-0:33 syntax expected a duration (e.g. 500ms, 30s, 5m, 2h, 30d) after 'restore', found '2/d'",
        "0:58-0:61 syntax expected a duration (e.g. 500ms, 30s, 5m, 2h, 30d) after 'mttr', found '1/d'",
      ]);
    });

    it('a negative frequency is refused', () => {
      const r = parse('system s { deploys -1/week }');
      assert.equal(r.diagnostics.length, 1);
      assert.match(r.diagnostics[0]?.message ?? '', /negative/);
    });
  });

  describe('items', () => {
    it('deploys, change-failure, restore, rollout, maintenance in a system', () => {
      const s = sys('deploys 20/week\nchange-failure 5%\nrestore 30m\nrollout all-at-once\nmaintenance 1h every 30d');
      assert.deepEqual(s.props.map(brief), [
        ['deploys', 'frequency', 20], ['change-failure', 'percent', 5], ['restore', 'duration', 1800], ['rollout', 'all-at-once'],
        ['maintenance', 'duration', 3600, 30 * 86400],
      ]);
      assert.equal(show(s.props[4]?.range ?? s.range), '5:0-5:24');
      assert.equal(show(s.props[4]?.keyRange ?? s.range), '5:0-5:11');
    });

    it('the same, and common-cause, in a layer, in any order among its items', () => {
      const s = sys('layer app { node a { availability 99% } common-cause 10% rollout canary 5% mode active-active deploys 3/day change-failure 2% restore 10m maintenance 30m every 1w }');
      assert.deepEqual(layer(s).props.map(brief), [
        ['common-cause', 'percent', 10], ['rollout', 'percent', 5, 'canary'], ['mode', 'active-active'], ['deploys', 'frequency', 21],
        ['change-failure', 'percent', 2], ['restore', 'duration', 600], ['maintenance', 'duration', 1800, 604800],
      ]);
    });

    it('in a site', () => {
      const s = sys('layer r { site east { deploys 1/week change-failure 1% restore 5m standby maintenance 1h every 30d layer a { node a } path a } }');
      const site = layer(s).members[0] as SiteAst;
      assert.deepEqual(site.props.map(brief), [
        ['deploys', 'frequency', 1], ['change-failure', 'percent', 1], ['restore', 'duration', 300], ['standby'], ['maintenance', 'duration', 3600, 2592000],
      ]);
    });

    it('common-cause in a node', () => {
      const s = sys('layer a { node a { availability 99.9% common-cause 5% replicas 3 } }');
      assert.deepEqual((layer(s).members[0] as NodeAst).props.map(brief), [['availability', 'percent', 99.9], ['common-cause', 'percent', 5], ['replicas', 'number', 3]]);
    });

    it('slo and sla excludes maintenance', () => {
      const s = sys('slo 99.9% excludes maintenance\nsla 99.5%\nmaintenance 1h every 30d');
      assert.equal(show(s.objectives[0]?.excludesRange ?? s.range), '1:10-1:30');
      assert.equal(s.objectives[1]?.excludesRange, undefined);
      assert.equal(show(s.objectives[0]?.range ?? s.range), '1:0-1:30');
      assert.equal(s.props[0]?.key, 'maintenance');
    });

    it('excludes maintenance then a maintenance line: two items, not a repeated word', () => {
      const s = sys('slo 99% excludes maintenance\nmaintenance 4h every 30d');
      assert.ok(s.objectives[0]?.excludesRange);
      assert.deepEqual(s.props.map(brief), [['maintenance', 'duration', 14400, 2592000]]);
    });

    it('a wrong rollout, a maintenance without every, are worded', () => {
      const r = parse('system s { layer a { rollout 5% node a } maintenance 1h layer b { node b } }');
      assert.deepEqual(diagLines(r.diagnostics).map((l) => l.replace(/^\S+ /, '')), [
        "syntax expected 'canary' or 'all-at-once' after 'rollout', found '5%'",
        "syntax expected 'every' after '1h', found keyword 'layer'",
      ]);
    });
  });

  describe('fail', () => {
    function fails(body: string): unknown {
      const s = sys(`layer app { node app }\nscenario x {\n${body}\n}`);
      return JSON.parse(JSON.stringify(s.scenarios[0]?.fails.map((f: FailAst) => ({ cause: f.cause?.kind, target: f.target?.name, at: f.at?.value })))) as unknown;
    }

    it('fail deploy [X] [at T], fail maintenance [X] [at T], fail common-cause X [at T]', () => {
      assert.deepEqual(fails('fail deploy\nfail deploy app\nfail deploy east.app at 1h\nfail deploy at 2h\nfail maintenance\nfail maintenance db at 1m\nfail common-cause app\nfail common-cause east.app-x at 5s\nfail app'), [
        { cause: 'deploy' }, { cause: 'deploy', target: 'app' }, { cause: 'deploy', target: 'east.app', at: 3600 }, { cause: 'deploy', at: 7200 },
        { cause: 'maintenance' }, { cause: 'maintenance', target: 'db', at: 60 }, { cause: 'common-cause', target: 'app' },
        { cause: 'common-cause', target: 'east.app-x', at: 5 }, { target: 'app' },
      ]);
    });

    it('the ranges of the cause and the target', () => {
      const s = sys('scenario x { fail deploy east.app at 1h }');
      const f = s.scenarios[0]?.fails[0];
      assert.equal(show(f?.cause?.range ?? s.range), '1:18-1:24');
      assert.equal(show(f?.target?.range ?? s.range), '1:25-1:33');
      assert.equal(show(f?.range ?? s.range), '1:13-1:39');
    });

    it('fail common-cause needs a name', () => {
      const r = parse('system s { scenario x { fail common-cause } }');
      assert.deepEqual(diagLines(r.diagnostics), ["0:42-0:43 syntax expected a name after 'common-cause', found '}'"]);
    });
  });

  it('the new words are reserved: not names', () => {
    const r = parse('system s { layer deploy { node canary } }');
    assert.deepEqual(r.diagnostics.map((d) => d.message.slice(0, 40)), [
      "'deploy' is a reserved word and cannot b",
      "'canary' is a reserved word and cannot b",
    ]);
  });
});
