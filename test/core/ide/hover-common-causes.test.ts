/**
 * Hovers of common causes (docs/language.md "Common causes"): the system's downtime by cause, an
 * SLO that excludes maintenance, and a `deploys`, `common-cause` or `maintenance` line's own
 * figures — how often, how long, its downtime a year, what it takes down, what it costs.
 */
import assert from 'node:assert/strict';
import { failoverCostText, hover } from '../../../server/src/core/ide/hover';
import { birnbaumOf } from '../../../server/src/core/ide/lookup';
import { formatAvailability, formatDuration, formatProbability, formatShare } from '../../../server/src/core/text/format';
import { SECONDS_PER_WEEK, SECONDS_PER_YEAR } from '../../../grammar/src/units';
import { fixture } from './fixture';

const SHOP = `system shop {
  slo 99.9% excludes maintenance
  layer lb { node lb { availability 99.99% replicas 2 } }
  layer web_tier {
    <deploy>deploys 20/week change-failure 5% restore 30m
    node app { availability 99.9% replicas 3 }
  }
  layer db {
    <group>common-cause 5%
    <maint>maintenance 1h every 30d
    node db { availability 99.95% replicas 2 }
  }
  path lb -> web_tier -> db
}`;

/** The fixture with the cursor at `at` (a `<name>` mark or `<|>`), and the hover's Markdown. */
function at(text: string, mark: string) {
  const f = fixture(text.replace(`<${mark}>`, '<|>').replace(/<[a-z]+>/g, ''));
  const h = hover(f.doc, f.index, f.position);
  assert.ok(h, 'expected a hover');
  return { f, h, sys: f.doc.systems[0]! };
}

describe('ide/hover: common causes', () => {
  it('a deploys line: how often it goes bad, for how long, its downtime a year, what it takes down, what it costs the system', () => {
    const { h, sys } = at(SHOP, 'deploy');
    const cc = sys.model.commonCauses.find((c) => c.kind === 'deploy')!;
    assert.equal(cc.id, 'deploy web_tier');
    // One bad deploy a week (20 × 5%), 30m each: U = 1,800 s / 604,800 s.
    const u = 1800 / SECONDS_PER_WEEK;
    assert.ok(Math.abs(cc.unavailability - u) < 1e-15);
    const b = birnbaumOf(sys, cc.id)!;
    assert.ok(b > 0.99, 'a deploy in series with everything');
    const lines = h.markdown.split('\n\n');
    assert.deepEqual(lines.slice(0, 4), [
      '**deploy** `deploy web_tier`',
      'Deploys of layer `web_tier` · rollout all at once',
      `Bad deploys: about 52.2 a year (20 deploys a week × 5% change failure) · down 30m each · ${formatDuration(u * SECONDS_PER_YEAR)} of downtime a year (U = 2.98e-3)`,
      'Takes down `app-1`, `app-2`, `app-3` — all of layer `web_tier`',
    ]);
    assert.equal(lines[4], 'A single point of failure: when it happens, the system goes down.');
    const cost = b * u * SECONDS_PER_YEAR;
    assert.equal(lines[5], `Birnbaum importance ${formatProbability(b)} · costs the system about ${formatDuration(cost)} of downtime a year (${formatShare(cost / sys.analysis!.downtime.year)} of it)`);
    // Its cost is, to first order, the deploys' part of U.
    assert.ok(Math.abs(cost - sys.analysis!.causes.deploys * SECONDS_PER_YEAR) < 0.01 * cost);
    assert.deepEqual(h.range, cc.range);
  });

  it('a common-cause line: the group\'s share of its members\' failures; a maintenance line: down D every T', () => {
    const group = at(SHOP, 'group');
    assert.match(group.h.markdown, /^\*\*common-cause\*\* `common-cause db`\n\nA common-cause group of layer `db`\n\nFails about [\d.]+ times a year \(5% of its members' failures\) · down [^·]+ each · [^·]+ of downtime a year \(U = 2\.50e-5\)\n\nTakes down `db-1`, `db-2` — all of layer `db`/);
    const maint = at(SHOP, 'maint');
    // 1h every 30d: about 12.2 times a year, 12h 11m a year (8,766 h / 720).
    assert.match(maint.h.markdown, /^\*\*maintenance\*\* `maintenance db`\n\nMaintenance of layer `db`\n\nDown 1h every 30d \(about 12\.2 times a year\) · 12h 11m of downtime a year \(U = 1\.39e-3\)\n\nTakes down `db-1`, `db-2` — all of layer `db`/);
    // Maintenance is planned: never said to be a single point of failure.
    assert.doesNotMatch(maint.h.markdown, /single point of failure/);
    assert.match(maint.h.markdown, /Birnbaum importance [\d.]+ · costs the system about /);
  });

  it('a canary: the instances it reaches, of how many; many instances abbreviated', () => {
    const canary = SHOP.replace('restore 30m', 'restore 30m rollout canary 25%').replace('replicas 3', 'replicas 4');
    assert.match(at(canary, 'deploy').h.markdown, /\n\nTakes down `app-1` — 1 of 4 in layer `web_tier`\n\n/);
    const many = SHOP.replace('replicas 3', 'replicas 40');
    assert.match(at(many, 'deploy').h.markdown, /\n\nTakes down 40 instances: `app-1` … `app-40` — all of layer `web_tier`\n\n/);
  });

  it('the system: its downtime by cause in one line, and the SLO checked without maintenance', () => {
    const { h, sys } = at(SHOP.replace('system shop', 'system s<|>hop'), '|');
    const a = sys.analysis!;
    const part = (u: number) => `${formatDuration(u * SECONDS_PER_YEAR)} (${formatShare(u / a.unavailability)})`;
    assert.ok(h.markdown.includes(
      `Downtime a year by cause: hardware ${part(a.causes.hardware)} · common-cause groups ${part(a.causes.commonCause)} · deploys (changes) ${part(a.causes.deploys)} · maintenance ${part(a.causes.maintenance)} · failover windows 0s`,
    ), h.markdown);
    assert.ok(h.markdown.includes(`SLO 99.9% excludes maintenance ✗ missed (${formatAvailability(a.unavailabilityExcludingMaintenance!)} without it)`), h.markdown);
    assert.match(h.markdown, /the design alone spends [^(]+, maintenance excluded \(/);
  });

  it('when U is only a bound, so is each part: "at most", no shares', () => {
    const f = fixture(SHOP.replace('system shop', 'system s<|>hop').replace(/<[a-z]+>/g, ''));
    const sys = f.doc.systems[0]!;
    const a = sys.analysis!;
    const bounded = { ...f.doc, systems: [{ ...sys, analysis: { ...a, exact: false, unavailabilityExact: false, limits: ['work limit'], unavailabilityBounds: [a.unavailability / 2, a.unavailability] as [number, number] } }] };
    const text = hover(bounded, f.index, f.position)!.markdown;
    assert.ok(text.includes(`Downtime a year by cause, at most: hardware ${formatDuration(a.causes.hardware * SECONDS_PER_YEAR)} · common-cause groups `), text);
    assert.match(text, /· deploys \(changes\) 1d 2h · maintenance 12h 8m · failover windows 0s\n/);
  });

  it('a system without common causes: no new line', () => {
    const plain = `system p<|>lain {
  slo 99.9%
  layer app { node app { availability 99.9% replicas 3 } }
}`;
    const f = fixture(plain);
    const text = hover(f.doc, f.index, f.position)!.markdown;
    assert.doesNotMatch(text, /by cause|maintenance/);
    assert.match(text, /SLO 99\.9% ✓ met/);
  });

  it('failover windows opened by a common cause are said as such', () => {
    const cost = { secondsPerYear: 90, unavailability: 90 / SECONDS_PER_YEAR, byTrigger: { instance: 30, zone: 0, region: 0, commonCause: 60 }, windowsPerYear: 53 };
    assert.equal(failoverCostText(cost, 900), 'Failover windows: about 53 a year, costing the system 1m 30s of downtime a year (10% of it): 30s from instance failures, 1m from deploys and other common causes');
    assert.equal(failoverCostText({ ...cost, byTrigger: { instance: 0, zone: 0, region: 0, commonCause: 90 } }, 900), 'Failover windows: about 53 a year, costing the system 1m 30s of downtime a year (10% of it), all from deploys and other common causes');
  });
});
