/**
 * Quick fixes of issue 18, each previewed and tested: the fix is applied to the text, the result
 * is analysed again, the diagnostic is gone and no error is new.
 */
import assert from 'node:assert/strict';
import { analyseDocument, type DocumentAnalysis } from '../../../server/src/core/pipeline';
import { quickFixes } from '../../../server/src/core/ide/actions';
import { indexNames } from '../../../server/src/core/ide/names';
import type { Diagnostic } from '../../../grammar/src/text';
import type { CodeActionInfo } from '../../../server/src/core/ide/types';
import { applyEdits } from './fixture';

type Reader = Parameters<typeof analyseDocument>[2];

function analyse(text: string, source?: Reader): DocumentAnalysis {
  return analyseDocument(text, {}, source);
}

/** An estate of two files in memory: `main.topo` importing `lib.topo`. */
const LIB = 'external stripe { availability 99.99% }\n';
const ESTATE: Reader = {
  uri: 'file:///estate/main.topo',
  readImport: (path) => (path === 'lib.topo' ? { uri: 'file:///estate/lib.topo', text: LIB } : { error: 'not found' }),
};

interface Fixed {
  fixes: CodeActionInfo[];
  /** The text after the fix `pick` (the preferred one, else the first). */
  out: string;
  after: DocumentAnalysis;
}

/**
 * The fixes offered for the first diagnostic with `code` (matching `which`), given the analysis;
 * applies the one picked, re-analyses, and asserts the diagnostic is gone and no error is new.
 */
function fixAndCheck(text: string, code: string, options: { which?: (d: Diagnostic) => boolean; pick?: (f: CodeActionInfo[]) => CodeActionInfo | undefined; source?: Reader } = {}): Fixed {
  const doc = analyse(text, options.source);
  const d = doc.diagnostics.find((x) => x.code === code && (options.which?.(x) ?? true));
  assert.ok(d, `expected a '${code}' diagnostic in ${JSON.stringify(doc.diagnostics.map((x) => x.code))}`);
  const fixes = quickFixes(doc.parse, indexNames(doc.parse.ast), text, [d], doc);
  const fix = options.pick ? options.pick(fixes) : fixes.find((x) => x.preferred) ?? fixes[0];
  assert.ok(fix, `no fix offered for ${code}`);
  const out = applyEdits(text, fix.edits);
  const after = analyse(out, options.source);
  const left = after.diagnostics.filter((x) => x.code === code && (options.which?.(x) ?? true));
  assert.deepEqual(left.map((x) => x.message), [], `'${fix.title}' left the ${code}:\n${out}`);
  const before = new Set(doc.diagnostics.filter((x) => x.severity === 'error').map((x) => x.code));
  const added = after.diagnostics.filter((x) => x.severity === 'error' && !before.has(x.code));
  assert.deepEqual(added.map((x) => `${x.code}: ${x.message}`), [], `'${fix.title}' added errors:\n${out}`);
  return { fixes, out, after };
}

const ZONES = 'system s {\n  zone az1 { availability 99.99% }\n  zone az2 { availability 99.99% }\n';

describe('ide/fixes (quick fixes, previewed: applied and re-analysed)', () => {
  it('slo-miss: writes the advice (one more replica), titled with the figures it buys', () => {
    const text = ZONES + '  slo 99.99%\n  layer app {\n    node app { availability 99% zones [az1, az2] replicas 2 }\n  }\n}';
    const doc = analyse(text);
    const advice = doc.systems[0]?.analysis?.advice;
    assert.ok(advice, 'the analysis gives advice');
    const { fixes, out, after } = fixAndCheck(text, 'slo-miss');
    assert.ok(Math.abs((after.systems[0]?.analysis?.unavailability ?? NaN) - advice.unavailability) <= 1e-9 * advice.unavailability);
    assert.equal(fixes.length, 1);
    assert.match(fixes[0]!.title, /^Add a replica of app to layer 'app' \(replicas 3, the new one in az1\) \(99\.\d+% → 99\.\d+%\)$/);
    assert.equal(fixes[0]!.preferred, true);
    assert.match(out, /node app \{ availability 99% zones \[az1, az2\] replicas 3 \}/);
  });

  it('slo-miss: a hot standby when the advice is one, copying the primary into another zone', () => {
    const text = ZONES + '  slo 99.99%\n  layer db {\n    mode active-passive\n    replication sync\n    health-check { interval 5s unhealthy 2 }\n    node db { availability 99.9% zone az1 }\n  }\n}';
    const { fixes, out } = fixAndCheck(text, 'slo-miss');
    assert.match(fixes[0]!.title, /^Add a hot standby for db in az2 to layer 'db' \(/);
    assert.match(out, /node db \{ availability 99\.9% zone az1 \}\n {4}node db-standby \{ availability 99\.9% zone az2 standby hot \}\n/);
  });

  describe('slo-miss: each kind of advice, written as the search priced it (same U after the edit)', () => {
    const cases: [string, string, RegExp, RegExp][] = [
      ['a standby warmed', ZONES + '  slo 99.99%\n  layer db {\n    replication sync\n    health-check { interval 5s unhealthy 2 }\n    node p { availability 99.9% zone az1 }\n    node q { availability 99.9% zone az2 standby cold }\n  }\n}',
        /^Make standby q warm \(it is cold\) \(/, /node q \{ availability 99\.9% zone az2 standby warm \}/],
      ['faster detection', ZONES + '  slo 99.999%\n  layer db {\n    replication sync\n    health-check { interval 60s unhealthy 3 }\n    node p { availability 99.99% mtbf 30d zone az1 }\n    node q { availability 99.99% zone az2 standby hot }\n  }\n}',
        /^Detect failures of layer 'db' in 10s/, /\n {4}health-check \{ interval 5s unhealthy 2 \}\n/],
      ['a replica in another zone', ZONES + '  slo 99.99%\n  layer app {\n    node app { availability 99% zone az1 replicas 2 }\n  }\n}',
        /^Add a replica of app in az2 to layer 'app' \(/, /node app \{ availability 99% zone az1 replicas 2 \}\n {4}node app-az2 \{ availability 99% zone az2 \}\n/],
    ];
    for (const [what, text, title, written] of cases) {
      it(what, () => {
        const advice = analyse(text).systems[0]?.analysis?.advice;
        assert.ok(advice);
        const { fixes, out, after } = fixAndCheck(text, 'slo-miss');
        assert.match(fixes[0]?.title ?? '', title);
        assert.match(out, written);
        const u = after.systems[0]?.analysis?.unavailability ?? NaN;
        assert.ok(Math.abs(u - advice.unavailability) <= 1e-12 + 1e-9 * advice.unavailability, `${u} vs ${advice.unavailability}`);
      });
    }
  });

  it('slo-miss: nothing without the analysis or without advice', () => {
    const text = ZONES + '  slo 99.99%\n  layer app {\n    node app { availability 99% zones [az1, az2] replicas 2 }\n  }\n}';
    const doc = analyse(text);
    const d = doc.diagnostics.find((x) => x.code === 'slo-miss')!;
    assert.deepEqual(quickFixes(doc.parse, indexNames(doc.parse.ast), text, [d]), []);
    const noAdvice = { systems: doc.systems.map((s) => ({ ...s, analysis: s.analysis && { ...s.analysis, advice: undefined } })) };
    assert.deepEqual(quickFixes(doc.parse, indexNames(doc.parse.ast), text, [d], noAdvice), []);
  });

  it('no-standby: a warm standby with the primary figures, in the zone the layer does not use', () => {
    const text = ZONES + '  layer db {\n    mode active-passive\n    replication sync\n    health-check { interval 5s }\n    node db-primary { availability 99.95% mttr 1h zone az1 }\n  }\n}';
    const { fixes, out } = fixAndCheck(text, 'no-standby');
    assert.deepEqual(fixes.map((x) => [x.title, x.preferred]), [['Add a warm standby db-standby in zone az2', true]]);
    assert.match(out, /node db-primary \{ availability 99\.95% mttr 1h zone az1 \}\n {4}node db-standby \{ availability 99\.95% mttr 1h zone az2 standby warm \}\n {2}\}/);
  });

  it('no-standby: an unzoned primary gets an unzoned standby', () => {
    const text = 'system s {\n  layer db {\n    mode active-passive\n    replication sync\n    health-check { interval 5s }\n    node p { availability 99.95% }\n  }\n}';
    const { fixes, out } = fixAndCheck(text, 'no-standby');
    assert.equal(fixes[0]?.title, 'Add a warm standby p-standby');
    assert.match(out, /node p-standby \{ availability 99\.95% standby warm \}/);
  });

  it('no-replication: async replication (preferred), or sync, one line after the layer properties', () => {
    const text = 'system s {\n  layer db {\n    health-check { interval 5s }\n    node db-primary { availability 99.95% }\n    node db-standby { availability 99.95% standby hot }\n  }\n}';
    const { fixes, out } = fixAndCheck(text, 'no-replication');
    assert.deepEqual(fixes.map((x) => x.preferred === true), [true, false]);
    assert.match(out, /health-check \{ interval 5s \}\n {4}replication async lag 1s\n {4}node db-primary/);
    const sync = fixAndCheck(text, 'no-replication', { pick: (f) => f[1] });
    assert.match(sync.out, /health-check \{ interval 5s \}\n {4}replication sync\n {4}node db-primary/);
  });

  it('no-headroom: one replica more of the layer node', () => {
    const text = 'system s {\n  layer web {\n    load 2000rps\n    node web { availability 99.9% replicas 2 capacity 1000rps }\n  }\n}';
    const { fixes, out } = fixAndCheck(text, 'no-headroom');
    assert.deepEqual(fixes.map((x) => [x.title, x.preferred]), [['Add a replica of web (replicas 3)', true]]);
    assert.match(out, /node web \{ availability 99\.9% replicas 3 capacity 1000rps \}/);
  });

  it('duplicate-name: renames the later declaration and its references to a free name', () => {
    const text = 'system s {\n  zone az1 { availability 99.99% }\n  zone az1 { availability 99.9% }\n  zone az1-2 { availability 99.9% }\n  layer web {\n    node web { availability 99.9% zone az1 }\n  }\n}';
    const { fixes, out } = fixAndCheck(text, 'duplicate-name');
    assert.equal(fixes[0]?.title, "Rename this zone 'az1' to 'az1-3'");
    assert.equal(fixes[0]?.preferred, true);
    assert.match(out, /zone az1 \{ availability 99\.99% \}\n {2}zone az1-3 \{ availability 99\.9% \}/);
  });

  it('duplicate-name: renames a duplicated layer, with the path naming it', () => {
    const text = 'system s {\n  layer web { node a { availability 99.9% replicas 2 } }\n  layer web { node b { availability 99.9% replicas 2 } }\n  path web\n}';
    const { out } = fixAndCheck(text, 'duplicate-name');
    assert.match(out, /layer web-2 \{ node b/);
  });

  it('duplicate-name: a node named like an instance of a replicated node gets a name that is none', () => {
    const text = 'system s {\n  layer web {\n    node web { availability 99.9% replicas 3 }\n  }\n  layer api {\n    node web-2 { availability 99.9% replicas 2 }\n  }\n  path web -> api\n}';
    const { fixes, out } = fixAndCheck(text, 'duplicate-name');
    assert.equal(fixes[0]?.title, "Rename this node 'web-2' to 'web-2-2'");
    assert.match(out, /node web-2-2 \{ availability 99\.9% replicas 2 \}/);
  });

  it('unused-service: removes the unused external line', () => {
    const text = 'external stripe { availability 99.99% }\nexternal paypal { availability 99.9% }\n\nsystem shop {\n  use stripe\n  layer web { node web { availability 99.9% replicas 2 } }\n}\n';
    const { fixes, out } = fixAndCheck(text, 'unused-service');
    assert.equal(fixes[0]?.title, "Remove the unused external 'paypal'");
    assert.equal(out, text.replace('external paypal { availability 99.9% }\n', ''));
  });

  it('unused-service: removes the unused import line', () => {
    const text = 'import "lib.topo"\n\nsystem shop {\n  layer web { node web { availability 99.9% replicas 2 } }\n}\n';
    const { fixes, out } = fixAndCheck(text, 'unused-service', { source: ESTATE });
    assert.match(fixes[0]?.title ?? '', /^Remove the unused import of /);
    assert.equal(out, text.replace('import "lib.topo"\n', ''));
  });

  it('dependency-cycle: makes the closing use soft', () => {
    const text = 'system orders {\n  use billing\n  layer api { node orders { availability 99.9% replicas 2 } }\n}\n\nsystem billing {\n  use orders\n  layer api { node billing { availability 99.9% replicas 2 } }\n}\n';
    const { fixes, out } = fixAndCheck(text, 'dependency-cycle');
    assert.deepEqual(fixes.map((x) => [x.title, x.preferred]), [['Make this dependency soft (use orders soft)', true]]);
    assert.match(out, /system billing \{\n {2}use orders soft\n/);
  });

  it('rto-exceeded: a shorter health-check interval when detection dominates and that meets the rto', () => {
    const text = 'system s {\n  rto 1m\n  layer db {\n    replication sync\n    health-check { interval 30s unhealthy 3 }\n    node p { availability 99.95% }\n    node q { availability 99.95% standby hot }\n  }\n}';
    const { fixes, out } = fixAndCheck(text, 'rto-exceeded');
    assert.equal(fixes.length, 1);
    assert.equal(fixes[0]?.preferred, true);
    assert.match(fixes[0]?.title ?? '', /^Check health every 15s \(failover in 50s, within the rto of 1m\)$/);
    assert.match(out, /health-check \{ interval 15s unhealthy 3 \}/);
  });

  it('rto-exceeded: nothing when the promotion dominates, or on an active-active layer', () => {
    const cold = 'system s {\n  rto 1m\n  layer db {\n    replication sync\n    health-check { interval 5s unhealthy 2 }\n    node p { availability 99.95% }\n    node q { availability 99.95% standby cold }\n  }\n}';
    const active = 'system s {\n  rto 5m\n  layer cache {\n    node cache { availability 99.95% mttr 30m }\n  }\n}';
    for (const text of [cold, active]) {
      const doc = analyse(text);
      const d = doc.diagnostics.find((x) => x.code === 'rto-exceeded');
      assert.ok(d, text);
      assert.deepEqual(quickFixes(doc.parse, indexNames(doc.parse.ast), text, [d], doc), []);
    }
  });

  /** A layer `db` with a hot standby (promotion 5s) and the given detection lines, in a system with `rto`. */
  const detected = (rto: string, ...detection: string[]) =>
    `system s {\n  rto ${rto}\n  layer db {\n    replication sync\n${detection.map((l) => `    ${l}\n`).join('')}    node p { availability 99.95% }\n    node q { availability 99.95% standby hot }\n  }\n}`;

  /** The T_fo of layer `db` after the fix, from the re-analysed model. */
  const failoverAfter = (after: DocumentAnalysis) => after.model.systems[0]?.layers.find((l) => l.id === 'db')?.failover;

  it('rto-exceeded by heartbeat detection: the longest heartbeat timeout that meets the rto', () => {
    const { fixes, out, after } = fixAndCheck(detected('1m', 'heartbeat { interval 1s timeout 90s }'), 'rto-exceeded');
    assert.deepEqual(fixes.map((x) => [x.title, x.preferred]), [['Time out heartbeats after 30s (failover in 35s, within the rto of 1m)', true]]);
    assert.match(out, /\n {4}heartbeat \{ interval 1s timeout 30s \}\n/);
    assert.deepEqual([failoverAfter(after)?.detectionSource, failoverAfter(after)?.failoverSeconds], ['heartbeat', 35]);
  });

  it('rto-exceeded by heartbeat detection: the interval comes down with a timeout it no longer fits in', () => {
    const { fixes, out, after } = fixAndCheck(detected('30s', 'heartbeat { interval 30s timeout 2m }'), 'rto-exceeded');
    assert.deepEqual(fixes.map((x) => x.title), ['Time out heartbeats after 20s and beat every 5s (failover in 25s, within the rto of 30s)']);
    assert.match(out, /heartbeat \{ interval 5s timeout 20s \}/);
    assert.equal(failoverAfter(after)?.failoverSeconds, 25);
  });

  it('rto-exceeded by a heartbeat without a timeout (3 beats assumed): a timeout is added, the interval lowered to fit it', () => {
    const { fixes, out, after } = fixAndCheck(detected('1m', 'heartbeat { interval 30s }'), 'rto-exceeded');
    assert.deepEqual(fixes.map((x) => x.title), ['Time out heartbeats after 30s and beat every 10s (failover in 35s, within the rto of 1m)']);
    assert.match(out, /heartbeat \{ interval 10s timeout 30s \}/);
    assert.equal(failoverAfter(after)?.failoverSeconds, 35);
    assert.ok(!after.diagnostics.some((x) => x.code === 'incomplete-detection'), 'the assumed timeout is now written');
  });

  it('rto-exceeded with a health-check and a heartbeat: the one that decides detection is shortened, the other kept', () => {
    const heartbeatDecides = fixAndCheck(detected('1m', 'health-check { interval 30s unhealthy 3 }', 'heartbeat { interval 1s timeout 80s }'), 'rto-exceeded');
    assert.match(heartbeatDecides.fixes[0]?.title ?? '', /^Time out heartbeats after 30s \(failover in 35s,/);
    assert.match(heartbeatDecides.out, /health-check \{ interval 30s unhealthy 3 \}\n {4}heartbeat \{ interval 1s timeout 30s \}/);
    assert.equal(failoverAfter(heartbeatDecides.after)?.failoverSeconds, 35);

    const checkDecides = fixAndCheck(detected('1m', 'health-check { interval 20s unhealthy 3 }', 'heartbeat { interval 1s timeout 2m }'), 'rto-exceeded');
    assert.match(checkDecides.fixes[0]?.title ?? '', /^Check health every 15s \(failover in 50s,/);
    assert.match(checkDecides.out, /health-check \{ interval 15s unhealthy 3 \}\n {4}heartbeat \{ interval 1s timeout 2m \}/);
    assert.equal(failoverAfter(checkDecides.after)?.failoverSeconds, 50);
  });

  it('rto-exceeded with a health-check that cannot get there (unhealthy 60): the heartbeat is shortened instead', () => {
    const { fixes, out, after } = fixAndCheck(detected('1m', 'health-check { interval 2s unhealthy 60 }', 'heartbeat { timeout 3m }'), 'rto-exceeded');
    assert.deepEqual(fixes.map((x) => x.title), ['Time out heartbeats after 30s (failover in 35s, within the rto of 1m)']);
    assert.match(out, /health-check \{ interval 2s unhealthy 60 \}\n {4}heartbeat \{ timeout 30s \}/);
    assert.deepEqual([failoverAfter(after)?.detectionSource, failoverAfter(after)?.failoverSeconds], ['heartbeat', 35]);
  });

  it('rto-exceeded by heartbeat detection: nothing when the promotion dominates or no timeout is short enough', () => {
    const cold = 'system s {\n  rto 1m\n  layer db {\n    replication sync\n    heartbeat { interval 1s timeout 10s }\n    node p { availability 99.95% }\n    node q { availability 99.95% standby cold }\n  }\n}';
    const slowPromotion = 'system s {\n  rto 1m\n  layer db {\n    replication sync\n    promote 59500ms\n    heartbeat { interval 1s timeout 70s }\n    node p { availability 99.95% }\n    node q { availability 99.95% standby hot }\n  }\n}';
    for (const text of [cold, slowPromotion]) {
      const doc = analyse(text);
      const d = doc.diagnostics.find((x) => x.code === 'rto-exceeded');
      assert.ok(d, text);
      assert.equal(doc.model.systems[0]?.layers.find((l) => l.id === 'db')?.failover?.detectionSource, 'heartbeat');
      assert.deepEqual(quickFixes(doc.parse, indexNames(doc.parse.ast), text, [d], doc), []);
    }
  });

  it('unknown-reference of a service: replaced by the suggestion', () => {
    const text = 'external stripe { availability 99.99% }\n\nsystem shop {\n  use strpe\n  layer web { node web { availability 99.9% replicas 2 } }\n}\n';
    const doc = analyse(text);
    const d = doc.diagnostics.find((x) => x.code === 'unknown-reference');
    assert.equal(d?.data?.expected, 'service');
    assert.equal(d?.data?.suggestion, 'stripe');
    const { fixes, out } = fixAndCheck(text, 'unknown-reference');
    assert.deepEqual(fixes.map((x) => [x.title, x.preferred]), [["Change to 'stripe'", true]]);
    assert.match(out, /use stripe\n/);
  });

  describe('deploys (issue 16)', () => {
    const DEPLOYS = ZONES + '  slo 99.9%\n  layer app {\n    load 2000rps\n    deploys 20/week change-failure 5% restore 30m\n    node app { availability 99.9% replicas 4 capacity 1000rps zones [az1, az2] }\n  }\n}';

    it('spof on an all-at-once deploy: rolled out by a canary that exposes one instance', () => {
      const { fixes, out } = fixAndCheck(DEPLOYS, 'spof', { which: (d) => d.message.startsWith('deploy app') });
      assert.deepEqual(fixes.map((f) => f.title), ["Roll out layer 'app' by canary (rollout canary 25%: a bad deploy reaches app-1 first)"]);
      assert.match(out, /deploys 20\/week change-failure 5% restore 30m\n {4}rollout canary 25%\n/);
    });

    it('slo-miss when the deploy costs the most: writes the canary the advice priced, an existing rollout line replaced', () => {
      const text = DEPLOYS.replace('restore 30m', 'restore 30m\n    rollout all-at-once');
      const { fixes, out, after } = fixAndCheck(text, 'slo-miss');
      assert.match(fixes[0]!.title, /^Roll out layer 'app' by canary \(rollout canary 25%: a bad deploy reaches app-1 first\) \(\d/);
      assert.ok(!out.includes('all-at-once'), out);
      assert.equal(after.systems[0]?.analysis?.spofs.length, 0);
    });
  });
});
