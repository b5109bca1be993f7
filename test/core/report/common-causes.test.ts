/**
 * Common causes in the reports (docs/language.md "Common causes"): U by cause per system (text,
 * Markdown, JSON), an objective that `excludes maintenance`, the new element types in the SPOF
 * rows, and every report unchanged for a system without common causes. The model is built by
 * hand (the common causes pushed into a parsed model), so these tests check the reports alone;
 * the figures are checked against closed forms.
 */
import { strict as assert } from 'node:assert';
import { analyseSystem } from '../../../server/src/core/analysis/index';
import type { SystemAnalysis } from '../../../server/src/core/analysis/types';
import type { CommonCauseModel, SystemModel } from '../../../server/src/core/model/types';
import type { AnalysedSystem } from '../../../server/src/core/pipeline';
import { systemJson } from '../../../server/src/core/report/json';
import { formatMarkdownReport } from '../../../server/src/core/report/markdown';
import { causeRows, objectiveLines, spofList } from '../../../server/src/core/report/summary';
import { formatSystemReport } from '../../../server/src/core/report/text';
import { formatAvailability, formatDuration, formatPercent, formatShare } from '../../../server/src/core/text/format';
import { SECONDS_PER_WEEK, SECONDS_PER_YEAR } from '../../../grammar/src/units';
import { renderMarkdown, tagsOf } from '../../support/markdown';
import { modelOf } from '../../support/model';

/** Three layers in series, no zones: lb 1 of 2, app 1 of 3, db 1 of 2 (closed forms). */
const TEXT = `system shop {
  slo 99.5%
  layer lb { node lb { availability 99.99% replicas 2 } }
  layer web_tier { node app { availability 99.9% replicas 3 } }
  layer db { node db { availability 99.95% replicas 2 } }
  path lb -> web_tier -> db
}`;

const R = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
const U_LB = 1e-4;
const U_APP = 1e-3;
const U_DB = 5e-4;
/** One bad deploy a week (20 a week at 5%), restored in 30 minutes. */
const U_DEPLOY = 1800 / SECONDS_PER_WEEK;
const BETA = 0.05;
const U_GROUP = BETA * U_DB;
/** 1h every 30 days. */
const U_MAINT = 3600 / (30 * 86400);

function element(u: number, mttr: number): Pick<CommonCauseModel, 'availability' | 'unavailability' | 'mttrSeconds' | 'mtbfSeconds' | 'failuresPerSecond'> {
  return { availability: 1 - u, unavailability: u, mttrSeconds: mttr, mtbfSeconds: (mttr * (1 - u)) / u, failuresPerSecond: u / mttr };
}

/** The model with an all-at-once deploy on `web_tier`, a β group on `db`, maintenance on `lb`; `excludes` marks the SLO. */
function withCommonCauses(excludes = true): SystemModel {
  const m = modelOf(TEXT);
  const ids = (layer: string) => m.instances.filter((i) => i.layer === layer).map((i) => i.id);
  const deploy: CommonCauseModel = {
    id: 'deploy web_tier', kind: 'deploy', scope: 'layer', scopeId: 'web_tier', layer: 'web_tier', instances: ids('web_tier'), series: true,
    ...element(U_DEPLOY, 1800), deploy: { perWeek: 20, changeFailure: 0.05, restoreSeconds: 1800, rollout: 'all-at-once' }, range: R, nameRange: R,
  };
  const dbMember = m.instances.find((i) => i.layer === 'db')!;
  const group: CommonCauseModel = {
    id: 'common-cause db', kind: 'common-cause', scope: 'layer', scopeId: 'db', layer: 'db', instances: ids('db'), series: true,
    ...element(U_GROUP, dbMember.mttrSeconds), beta: BETA, range: R, nameRange: R,
  };
  const maintenance: CommonCauseModel = {
    id: 'maintenance lb', kind: 'maintenance', scope: 'layer', scopeId: 'lb', layer: 'lb', instances: ids('lb'), series: true,
    ...element(U_MAINT, 3600), maintenance: { durationSeconds: 3600, everySeconds: 30 * 86400 }, range: R, nameRange: R,
  };
  // The group takes β of each member's failures: what is left is its own (U − U_c)/(1 − U_c).
  for (const i of m.instances) {
    if (i.layer !== 'db') continue;
    i.own = element((U_DB - U_GROUP) / (1 - U_GROUP), i.mttrSeconds);
    i.commonCause = group.id;
  }
  m.commonCauses.push(deploy, group, maintenance);
  if (excludes && m.slo) m.slo = { ...m.slo, excludesMaintenance: true };
  return m;
}

function analysed(m: SystemModel): AnalysedSystem & { analysis: SystemAnalysis } {
  const analysis = analyseSystem(m, { maxOrder: 3 });
  assert.ok(analysis, 'expected figures');
  return { model: m, analysis };
}

/** The closed forms: each level of U_struct, common causes added back kind by kind. */
function handLevels() {
  const own = (U_DB - U_GROUP) / (1 - U_GROUP);
  const up = (...us: number[]) => us.reduce((p, u) => p * (1 - u), 1);
  const hardware = 1 - up(U_LB ** 2, U_APP ** 3, own ** 2);
  const withGroup = 1 - up(U_LB ** 2, U_APP ** 3, U_GROUP + (1 - U_GROUP) * own ** 2);
  const withDeploys = 1 - (1 - withGroup) * (1 - U_DEPLOY);
  const all = 1 - (1 - withDeploys) * (1 - U_MAINT);
  return { hardware, commonCause: withGroup - hardware, deploys: withDeploys - withGroup, maintenance: all - withDeploys, total: all, withoutMaintenance: withDeploys };
}

const close = (actual: number, expected: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= 1e-9 * Math.abs(expected) + 1e-15, `${what}: ${actual} ≠ ${expected}`);

describe('report: common causes (downtime by cause)', () => {
  const sys = analysed(withCommonCauses());
  const a = sys.analysis;
  const hand = handLevels();

  it('the analysis splits U as the closed forms do (the figures the reports print)', () => {
    close(a.unavailability, hand.total, 'U');
    close(a.causes.hardware, hand.hardware, 'hardware');
    close(a.causes.commonCause, hand.commonCause, 'common-cause groups');
    close(a.causes.deploys, hand.deploys, 'deploys');
    close(a.causes.maintenance, hand.maintenance, 'maintenance');
    assert.equal(a.causes.failoverWindows, 0);
    close(a.unavailabilityExcludingMaintenance!, hand.withoutMaintenance, 'U without maintenance');
  });

  it('text: a "downtime by cause" table, each part as downtime a year and share of U; a zero part left out but failover windows kept', () => {
    const text = formatSystemReport(sys);
    const row = (label: string, u: number) => new RegExp(`^  ${label.replace(/[()]/g, '\\$&')} +${formatDuration(u * SECONDS_PER_YEAR)} +${formatShare(u / hand.total).replace('.', '\\.')}$`, 'm');
    assert.match(text, /^ {2}downtime by cause +a year +share$/m);
    assert.match(text, row('hardware', hand.hardware));
    assert.match(text, row('common-cause groups', hand.commonCause));
    assert.match(text, row('deploys (changes)', hand.deploys));
    assert.match(text, row('maintenance', hand.maintenance));
    assert.match(text, /^ {2}failover windows +0s +0%$/m);
    // Hand-checked: a bad deploy a week for 30m is 26h a year, 1d 2h; of U ≈ 4.39e-3 (with maintenance), about 68%.
    assert.match(text, /^ {2}deploys \(changes\) +1d 2h +68%$/m);
    // The table sits between the downtime table and the budget.
    assert.ok(text.indexOf('expected downtime') < text.indexOf('downtime by cause') && text.indexOf('downtime by cause') < text.indexOf('error budget'));
  });

  it('a part that is zero is not shown; hardware and failover windows always are', () => {
    const m = withCommonCauses();
    m.commonCauses = m.commonCauses.filter((c) => c.kind === 'deploy');
    for (const i of m.instances) {
      delete i.own;
      delete i.commonCause;
    }
    const rows = causeRows(m, analysed(m).analysis).map((r) => r[0]);
    assert.deepEqual(rows, ['hardware', 'deploys (changes)', 'failover windows']);
  });

  it('an SLO that excludes maintenance says so beside its verdict, checked against U without maintenance; the budget says it too', () => {
    // A target between U without maintenance and U: met without it, missed with it.
    const target = 1 - (hand.total + hand.withoutMaintenance) / 2;
    const m = withCommonCauses();
    m.slo = { ...m.slo!, value: target, unavailability: 1 - target };
    const excluded = analysed(m);
    const [line] = objectiveLines(m, excluded.analysis);
    assert.equal(line, `slo ${formatPercent(target)} excludes maintenance: met (${formatAvailability(hand.withoutMaintenance)} without maintenance)`);
    assert.match(formatSystemReport(excluded), /the design alone spends [^(]+, maintenance excluded \(\d+%, within budget\)/);
    m.slo = { ...m.slo, excludesMaintenance: false };
    const counted = analysed(m);
    assert.equal(objectiveLines(m, counted.analysis)[0], `slo ${formatPercent(target)}: missed`);
    assert.doesNotMatch(formatSystemReport(counted), /maintenance excluded/);
  });

  it('SPOF rows name what a common cause is and where it is declared', () => {
    assert.deepEqual(spofList(a, sys.model), ['deploy web_tier (deploys of layer web_tier)', 'common-cause db (a common-cause group of layer db)']);
    // Without the model, from the analysis alone: the layer it is on.
    assert.deepEqual(spofList(a), ['deploy web_tier (deploys of layer web_tier)', 'common-cause db (a common-cause group of layer db)']);
    assert.match(formatSystemReport(sys), /most important element: deploy web_tier \(deploys of layer web_tier, Birnbaum/);
  });

  it('Markdown: the same table, names escaped (`web_tier` is text, not emphasis)', () => {
    const md = formatMarkdownReport('shop.topo', [sys]);
    assert.match(md, /^\| downtime by cause \| a year \| share \|$/m);
    assert.match(md, /^\| deploys \(changes\) \| 1d 2h \| 68% \|$/m);
    assert.match(md, /^- deploy web\\_tier \(deploys of layer web\\_tier\)$/m);
    assert.match(md, /^- slo 99\.5% excludes maintenance: met/m);
    const html = renderMarkdown(md);
    assert.match(html.textContent ?? '', /deploy web_tier \(deploys of layer web_tier\)/);
    assert.ok(!tagsOf(html).includes('em'), 'no name turns into emphasis');
  });

  it('JSON: causes with each part as unavailability and seconds a year, and U without maintenance', () => {
    const json = systemJson(sys);
    assert.ok(json.causes);
    for (const [key, u] of [['hardware', hand.hardware], ['commonCause', hand.commonCause], ['deploys', hand.deploys], ['maintenance', hand.maintenance]] as const) {
      close(json.causes[key].unavailability, u, key);
      close(json.causes[key].downtimeSecondsPerYear, u * SECONDS_PER_YEAR, `${key} seconds`);
    }
    assert.deepEqual(json.causes.failoverWindows, { unavailability: 0, downtimeSecondsPerYear: 0 });
    const sum = Object.values(json.causes).reduce((s, p) => s + p.unavailability, 0);
    close(sum, json.unavailability!, 'the parts sum to U');
    close(json.unavailabilityExcludingMaintenance!, hand.withoutMaintenance, 'U without maintenance');
    // Through JSON text: plain numbers.
    assert.deepEqual(Object.keys(JSON.parse(JSON.stringify(json)).causes), ['hardware', 'commonCause', 'deploys', 'maintenance', 'failoverWindows']);
  });

  it('when U is only a bound, the parts are bounds: "at most", no shares', () => {
    const bounded: SystemAnalysis = { ...a, exact: false, unavailabilityExact: false, limits: ['work limit'], unavailabilityBounds: [a.unavailability / 2, a.unavailability] };
    const text = formatSystemReport({ model: sys.model, analysis: bounded });
    assert.match(text, /^ {2}downtime by cause, at most +a year$/m);
    assert.match(text, /^ {2}deploys \(changes\) +1d 2h$/m);
  });
});

describe('report: a system without common causes reads as before', () => {
  const FAILS_OVER = `system plain {
  slo 99.9%
  zone a { availability 99.9% }
  zone b { availability 99.9% }
  layer db {
    heartbeat { timeout 30s }
    replication sync
    node p { availability 99.9% zone a }
    node s { availability 99.9% zone b standby hot }
  }
}`;
  const sys = analysed(modelOf(FAILS_OVER));

  it('no causes table, no common-cause column, no new JSON field', () => {
    const text = formatSystemReport(sys);
    assert.doesNotMatch(text, /by cause|common cause|excludes/);
    assert.match(text, /^ {2}failover windows +T_fo +windows\/year +downtime\/year +from instances +from zones +from regions$/m);
    const md = formatMarkdownReport('plain.topo', [sys]);
    assert.doesNotMatch(md, /by cause|common cause/);
    const json = JSON.parse(JSON.stringify(systemJson(sys)));
    assert.equal('causes' in json, false);
    assert.equal('unavailabilityExcludingMaintenance' in json, false);
    assert.deepEqual(Object.keys(json.layers[0].failover.byTrigger), ['instance', 'zone', 'region']);
    // The layer's keys in the order the analysis gives them (the JSON text is as it was).
    const { primaryFailuresPerSecond: _perSecond, ...figures } = sys.analysis.layers[0]!;
    void _perSecond;
    assert.deepEqual(Object.keys(json.layers[0]).filter((k) => k !== 'primaryFailuresPerHour'), Object.keys(figures));
  });

  it('with common causes, the failover table has a column for the windows they open', () => {
    // A deploy in the primary site of a layer of sites: a bad one takes the site down and opens a window.
    const m = modelOf(`system regions {
  layer regions {
    heartbeat { interval 10s timeout 1m }
    site east {
      layer app { node app { availability 99.9% replicas 2 } }
      path app
    }
    site west {
      standby hot
      layer app { node app { availability 99.9% replicas 2 } }
      path app
    }
  }
  path regions
}`);
    m.commonCauses.push({
      id: 'deploy east', kind: 'deploy', scope: 'site', scopeId: 'east', instances: m.instances.filter((i) => i.site === 'east').map((i) => i.id), series: true,
      ...element(U_DEPLOY, 1800), deploy: { perWeek: 20, changeFailure: 0.05, restoreSeconds: 1800, rollout: 'all-at-once' }, range: R, nameRange: R,
    });
    const withDeploy = analysed(m);
    const cost = withDeploy.analysis.layers.find((l) => l.name === 'regions')!.failover!;
    assert.ok(cost.byTrigger.commonCause > 0, 'the fixture should open windows by a deploy');
    const text = formatSystemReport(withDeploy);
    assert.match(text, /from regions +from common causes$/m);
    assert.match(text, new RegExp(`^ {2}regions .* ${formatDuration(cost.byTrigger.commonCause)}$`, 'm'));
    const layer = JSON.parse(JSON.stringify(systemJson(withDeploy))).layers.find((l: { name: string }) => l.name === 'regions');
    assert.equal(layer.failover.byTrigger.commonCause, cost.byTrigger.commonCause);
  });
});
