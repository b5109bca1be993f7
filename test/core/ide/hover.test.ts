import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { failoverCostText, hover } from '../../../server/src/core/ide/hover';
import { birnbaumOf } from '../../../server/src/core/ide/lookup';
import { formatProbability } from '../../../server/src/core/text/format';
import { renderMarkdown, tagsOf } from '../../support/markdown';
import { fixture, textAt } from './fixture';

const example = readFileSync(join(__dirname, '..', '..', '..', 'examples', 'checkout.topo'), 'utf8');

function hoverText(marked: string): string {
  const f = fixture(marked);
  const h = hover(f.doc, f.index, f.position);
  assert.ok(h, 'expected a hover');
  return h.markdown;
}

describe('ide/hover', () => {
  describe('what it says while the figures are not all known (the language server does not wait)', () => {
    const marked = example.replace('node app {', 'node a<|>pp {');

    it('pending: the name, and that the figures are coming; no figure', () => {
      const f = fixture(marked);
      const h = hover({ parse: f.doc.parse, diagnostics: [], systems: [] }, f.index, f.position, 'pending');
      assert.ok(h);
      assert.equal(h.markdown, '**node** `app`\n\n_Figures: this version is being analysed; hover again in a moment._');
      assert.deepEqual(h.range, hover(f.doc, f.index, f.position)?.range);
    });

    it('pending, on an instance: names the instance', () => {
      const f = fixture('system s {\n  layer l { node app { availability 99.9% replicas 2 } }\n  scenario "x" { fail app-<|>1 at 0s }\n}');
      assert.match(hover(f.doc, f.index, f.position)?.markdown ?? '', /^\*\*instance\*\* `app-1`/, 'the fixture hovers an instance');
      const h = hover({ parse: f.doc.parse, diagnostics: [], systems: [] }, f.index, f.position, 'pending');
      assert.match(h?.markdown ?? '', /^\*\*instance\*\* `app-1`\n\n_Figures: this version is being analysed/);
    });

    it('partial: the routine figures, and that importance and advice are coming', () => {
      const f = fixture(marked);
      const complete = hover(f.doc, f.index, f.position, 'complete')!.markdown;
      const partial = hover(f.doc, f.index, f.position, 'partial')!.markdown;
      assert.equal(partial, `${complete}\n\n_Importance, cut sets and advice: being computed for this version; hover again in a moment._`);
    });

    it('keywords are explained whatever is known', () => {
      const f = fixture(example.replace('replicas 4', 'repl<|>icas 4'));
      const h = hover({ parse: f.doc.parse, diagnostics: [], systems: [] }, f.index, f.position, 'pending');
      assert.match(h?.markdown ?? '', /^\*\*replicas\*\* — /);
    });
  });

  it("gives each replica's own importance when the replicas differ", () => {
    const f = fixture(example.replace('node app {', 'node a<|>pp {'));
    const sys = f.doc.systems[0];
    assert.ok(sys?.analysis);
    const text = hoverText(example.replace('node app {', 'node a<|>pp {'));
    const importances = ['app-1', 'app-2', 'app-3', 'app-4'].map((i) => birnbaumOf(sys, i) as number);
    assert.notEqual(formatProbability(importances[0] as number), formatProbability(importances[1] as number), 'the fixture should have replicas that differ');
    assert.doesNotMatch(text, /each instance/);
    importances.forEach((b, k) => assert.match(text, new RegExp('`app-' + (k + 1) + '` ' + formatProbability(b).replace('.', '\\.'))));
    assert.match(text, /If `app-1` fails: .*\n\nIf `app-2` fails: /);
  });

  it('gives the range of importance over many replicas that differ', () => {
    const text = hoverText(example.replace('node app { availability 99.9% replicas 4', 'node a<|>pp { availability 99.9% replicas 6'));
    assert.match(text, /Birnbaum importance from \S+ \(`app-\d`\) to \S+ \(`app-\d`\), by instance/);
    assert.doesNotMatch(text, /each instance/);
  });

  it('gives one figure when every replica has the same', () => {
    const text = hoverText('system s {\n  layer l { node a<|>pp { availability 99.9% replicas 3 } }\n}');
    assert.match(text, /Birnbaum importance \S+ \(each instance\)/);
    assert.match(text, /If one instance fails: the layer runs on 2 of 3/);
  });

  for (const value of ['0%', '150%']) {
    it(`shows no figures for a node whose availability ${value} was rejected`, () => {
      const text = hoverText(`system s { layer l { node ze<|>ro { availability ${value} } } }`);
      assert.doesNotMatch(text, /100%|unbounded/);
      assert.match(text, /No figures: this declaration has errors/);
    });
  }

  it('shows no figures for a zone whose availability was rejected', () => {
    const text = hoverText('system s {\n  zone a<|>z1 { availability 150% }\n  layer l { node n { availability 99% zone az1 } }\n}');
    assert.doesNotMatch(text, /100%/);
    assert.match(text, /No figures/);
  });

  it('covers the whole instance name in a site-qualified fail target', () => {
    const marked = 'system s {\n  layer g { site east { layer a { node app { availability 99% replicas 2 } } path a } }\n  path g\n  scenario "x" { fail east.ap<|>p-1 }\n}';
    const f = fixture(marked);
    const h = hover(f.doc, f.index, f.position);
    assert.ok(h?.range);
    assert.equal(textAt(f.text, h.range), 'app-1');
    assert.match(h.markdown, /\*\*instance\*\* `east\.app-1`/);
  });

  describe('failover windows (spec section 3, revision 2)', () => {
    it("on the spec example's db: windows a year, the system downtime they cost and its share, split by what failed", () => {
      const text = hoverText(example.replace('layer db', 'layer d<|>b'));
      // Section 10: ~3.07 windows, ~32.86 s a year (32.83 s from db-primary, 0.027 s from az1, 0 from use1), of 5h 22m.
      assert.match(text, /\n\nFailover windows: about 3\.1 a year, costing the system 32\.9s of downtime a year \(0\.17% of it\): 32\.8s from instance failures, 27\.3ms from zone failures$/);
      assert.doesNotMatch(text, /region failures|q = /);
    });

    it('on the system: U as structure + failover windows, and what the windows cost in time', () => {
      const text = hoverText(example.replace('system checkout', 'system check<|>out'));
      assert.match(text, /Availability \*\*99\.93885%\*\* · 3\.21 nines\n\nU = 6\.114987e-4 = structure 6\.104575e-4 \+ failover windows 1\.0413e-6 \(32\.9s of downtime a year\)/);
    });

    it('a system without a takeover layer keeps U on the availability line, with no windows', () => {
      const text = hoverText('system s<|> { layer web { node a { availability 99.9% replicas 2 } } }');
      assert.match(text, /Availability \*\*99\.9999000%\*\* · 6\.00 nines · U = 1\.00e-6/);
      assert.doesNotMatch(text, /failover windows/i);
    });

    it("names each later standby's own T_fo when it differs (a window lasts the promoted standby's)", () => {
      const text = hoverText(`system s {
  layer d<|>b {
    heartbeat { timeout 30s }
    node p { availability 99.9% }
    node s1 { availability 99.9% standby hot }
    node s2 { availability 99.9% standby cold }
  }
}`);
      assert.match(text, /Failover 35s = detection 30s \(heartbeat\) \+ promotion 5s \(temperature\) to `s1`; to `s2` 30m 30s/);
      const same = hoverText(`system s {
  layer d<|>b {
    heartbeat { timeout 30s }
    node p { availability 99.9% }
    node s1 { availability 99.9% standby hot }
    node s2 { availability 99.9% standby hot }
  }
}`);
      assert.match(same, /promotion 5s \(temperature\)\n/);
      assert.doesNotMatch(same, /to `s1`/);
    });

    it('an active-passive layer without a standby has no windows to cost', () => {
      const text = hoverText('system s { layer d<|>b { node p { availability 99.9% } } }');
      assert.doesNotMatch(text, /Failover windows/);
    });

    it('one trigger type: "all from"; windows that cost nothing say why; none when nothing fails', () => {
      const cost = (instance: number, zone: number, region: number, windowsPerYear: number) => ({
        secondsPerYear: instance + zone + region, unavailability: (instance + zone + region) / 31_557_600, byTrigger: { instance, zone, region, commonCause: 0 }, windowsPerYear,
      });
      assert.equal(failoverCostText(cost(60, 0, 0, 2), 600), 'Failover windows: about 2 a year, costing the system 1m of downtime a year (10% of it), all from instance failures');
      assert.equal(failoverCostText(cost(30, 20, 10, 12.34), 6000), 'Failover windows: about 12 a year, costing the system 1m of downtime a year (1% of it): 30s from instance failures, 20s from zone failures, 10s from region failures');
      assert.equal(failoverCostText(cost(0, 0, 0, 4), 600), 'Failover windows: about 4 a year, costing the system nothing: each falls inside an outage it has anyway');
      assert.equal(failoverCostText(cost(0, 0, 0, 0), 0), 'Failover windows: none expected');
    });
  });

  describe('names that hold Markdown (issue 21): shown as code, never a live link, image or HTML', () => {
    // System and scenario names are quoted strings and may hold any character but a line ending.
    // One backtick first, so a span fenced by one closes inside the name and what follows is live.
    const NAME = 'x`y [link](command:x) ![i](https://example.com/i.png) <img src=x onerror=alert(1)> ``z';
    const file = (cursorInSystem: boolean) =>
      `system "${cursorInSystem ? '<|>' : ''}${NAME}" {\n  layer l { node n { availability 99.9% replicas 2 } }\n  scenario "${cursorInSystem ? '' : '<|>'}${NAME}" { fail n-1 at 1h }\n}`;

    /** The hover rendered: no element but text, emphasis, code and tables, and the name as one code element. */
    function assertInert(markdown: string): void {
      const body = renderMarkdown(markdown);
      const tags = tagsOf(body);
      assert.deepEqual(tags.filter((t) => !['p', 'strong', 'em', 'code', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'br'].includes(t)), [], markdown);
      assert.ok(Array.from(body.querySelectorAll('code')).some((c) => c.textContent === NAME), `no code element holds the name in ${markdown}`);
    }

    it('a system', () => {
      const text = hoverText(file(true));
      assert.match(text, /^\*\*system\*\* /);
      assertInert(text);
    });

    it('a scenario', () => {
      const text = hoverText(file(false));
      assert.match(text, /^\*\*scenario\*\* /);
      assertInert(text);
    });
  });
});
