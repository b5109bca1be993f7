/**
 * A bounded analysis (issue 21, item 7b): when the analysis stops at its work limit, U is known
 * only between two bounds and `unavailability` is the upper one. Every output then reads as a
 * bound ("at least", "≥", "at most", "bounded") and names both bounds; an exact analysis reads
 * as before.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyseDocument, type AnalysedSystem } from '../../../server/src/core/pipeline';
import { formatSystemReport } from '../../../server/src/core/report/text';
import { analyticOf } from '../../../server/src/core/report/summary';
import { formatMonteCarloText, monteCarlo } from '../../../server/src/core/simulation/index';
import { formatMarkdownReport } from '../../../server/src/core/report/markdown';
import { systemJson } from '../../../server/src/core/report/json';
import { hover } from '../../../server/src/core/ide/hover';
import { codeLenses, inlayHints } from '../../../server/src/core/ide/lenses';
import { indexNames } from '../../../server/src/core/ide/names';
import { formatAvailability, formatNines, formatProbability } from '../../../server/src/core/text/format';
import { statusText } from '../../../client/src/status-text';
import { boundedLedger } from '../../support/model';


const example = readFileSync(join(__dirname, '..', '..', '..', 'examples', 'checkout.topo'), 'utf8');

function only(text: string): AnalysedSystem {
  const sys = analyseDocument(text).systems[0];
  assert.ok(sys?.analysis, 'expected figures');
  return sys;
}

describe('report: a bounded analysis reads as a bound', () => {
  const text = boundedLedger();
  const sys = only(text);
  const a = sys.analysis!;
  const bounds = a.unavailabilityBounds!;
  const lower = formatProbability(bounds[0]);
  const upper = formatProbability(bounds[1]);
  const floor = formatAvailability(a.unavailability);

  it('is a bounded analysis (the fixture hits the work limit)', () => {
    assert.equal(a.exact, false);
    assert.equal(a.unavailabilityExact, false);
    assert.ok(bounds[0] < bounds[1], 'two different bounds');
    assert.equal(a.unavailability, bounds[1]);
    assert.notEqual(lower, upper);
  });

  it('text report: the headline is a floor with both bounds, downtime a ceiling, U never a bare figure', () => {
    const report = formatSystemReport(sys);
    const [head, u] = report.split('\n');
    assert.equal(
      head,
      `system ledger: at least ${floor} available (≥ ${formatNines(a.nines)} nines; bounded: the analysis stopped at its work limit; U between ${lower} and ${upper}), at most 1h 33m of downtime a year`,
    );
    assert.match(u ?? '', /^ {2}unavailability between 1\.005007e-63 and 1\.770833e-4 \(bounded; the upper bound is 1\.770833e-4 = /);
    assert.doesNotMatch(report, /^ {2}unavailability 1\.77/m);
    assert.match(report, /expected downtime, at most/);
    assert.match(report, /slo 99\.99%: undetermined \(U is only bounded\)/);
    assert.match(report, /db +active-passive +1\/43 +at least 99\.98229%/);
  });

  it('Markdown report: the same headline', () => {
    const md = formatMarkdownReport('ledger.topo', [sys]);
    assert.match(md, /\*\*at least 99\.98229% available \(≥ 3\.75 nines; bounded: the analysis stopped at its work limit; U between 1\.01e-63 and 1\.77e-4\)/);
    assert.doesNotMatch(md, /\*\*99\.98229% available/);
  });

  it('JSON: both bounds on U and on A, and cutSetsComplete; unavailability still the upper bound', () => {
    const json = systemJson(sys);
    assert.deepEqual(json.unavailabilityBounds, bounds);
    assert.deepEqual(json.availabilityBounds, [1 - bounds[1], 1 - bounds[0]]);
    assert.equal(json.unavailability, bounds[1]);
    assert.equal(json.availability, a.availability);
    assert.equal(json.unavailabilityExact, false);
    assert.equal(json.cutSetsComplete, a.cutSetsComplete);
    assert.equal(typeof json.cutSetsComplete, 'boolean');
  });

  it('hover: a floor, ≥ nines, both bounds, downtime at most, the SLO undetermined', () => {
    const at = text.indexOf('ledger');
    const h = hover(analyseDocument(text), indexNames(analyseDocument(text).parse.ast), { line: 0, character: at + 1 });
    assert.ok(h);
    assert.match(h.markdown, /Availability \*\*at least 99\.98229%\*\* · ≥ 3\.75 nines/);
    assert.match(h.markdown, /bounded: the analysis stopped at its work limit; U between 1\.01e-63 and 1\.77e-4/);
    assert.match(h.markdown, /\| per year \| at most 1h 33m \|/);
    assert.match(h.markdown, /SLO 99\.99% \? undetermined/);
    assert.doesNotMatch(h.markdown, /U = 1\.77e-4/);
  });

  it('code lens: a floor, ≥ nines, at most a year, both bounds', () => {
    const titles = codeLenses(analyseDocument(text), 'file:///l.topo').map((l) => l.title);
    assert.equal(
      titles[0],
      'at least 99.98229% · ≥ 3.75 nines · at most 1h 33m/yr · SLO 99.99% ? · bounded: the analysis stopped at its work limit; U between 1.01e-63 and 1.77e-4',
    );
  });

  it("diagnostics: the SLO the bounds cannot settle is a warning objective-undetermined, not an slo-miss", () => {
    const diagnostics = analyseDocument(text).diagnostics;
    assert.equal(diagnostics.filter((d) => d.code === 'slo-miss' || d.code === 'sla-miss').length, 0);
    const d = diagnostics.filter((x) => x.code === 'objective-undetermined');
    assert.equal(d.length, 1);
    assert.equal(d[0]!.severity, 'warning');
    assert.equal(d[0]!.range.start.line, 1, 'on the slo line');
    assert.match(d[0]!.message, /^the SLO of 99\.99% is undetermined: availability is at least 99\.98229% \(bounded: the analysis stopped at its work limit; U between 1\.01e-63 and 1\.77e-4\)/);
  });

  it('diagnostics: an objective the floor meets is met, with no diagnostic', () => {
    // The floor, 99.98229%, meets 99.9%.
    const met = analyseDocument(text.replace('slo 99.99%', 'slo 99.9%')).diagnostics;
    assert.ok(!met.some((d) => d.code === 'slo-miss' || d.code === 'objective-undetermined'));
  });

  it('Monte Carlo: the analytic figure beside the estimate is both bounds, never the upper one alone', () => {
    const analytic = analyticOf(a);
    assert.deepEqual(analytic, { unavailability: a.unavailability, bounds });
    const r = monteCarlo(sys.model, { years: 50, seed: 1 }, analytic);
    assert.deepEqual(r.analytic.bounds, bounds);
    const line = /^ {2}analytic .*$/m.exec(formatMonteCarloText('ledger', r))?.[0] ?? '';
    assert.match(line, /^ {2}analytic {13}between 1\.0\d{3}e-63 and 1\.77\d{2}e-4, only bounded: the analysis stopped at its work limit \((overlaps|does not overlap) the interval\)$/);
    assert.doesNotMatch(formatMonteCarloText('ledger', r), /OUTSIDE|first order in the failover windows/);
  });

  it('inlay hints and JSON: the cumulative availability along the path is a floor', () => {
    const hints = inlayHints(analyseDocument(text)).filter((h) => h.label.startsWith('['));
    assert.equal(hints.length, 1);
    assert.equal(hints[0]!.label, '[at least 99.98229%]');
    assert.match(hints[0]!.tooltip ?? '', /only a floor, U at most 1\.77e-4 \(the analysis stopped at its work limit\)/);
    assert.deepEqual(systemJson(sys).cumulative, [{ layer: 'db', availability: a.availability, unavailability: a.unavailability, exact: false }]);
  });

  it('status bar: a floor and ≥ nines, the bounds in the tooltip', () => {
    const shown = statusText({
      uri: 'file:///l.topo',
      version: 1,
      systems: [
        { name: 'ledger', availability: a.availability, unavailability: a.unavailability, unavailabilityBounds: bounds, nines: a.nines, downtimeYearSeconds: a.downtime.year, slo: 0.9999, sloMet: false },
      ],
    });
    assert.equal(shown?.text, '$(pulse) at least 99.98229% · ≥ 3.75 nines');
    assert.match(shown?.tooltip ?? '', /^ledger: at least 99\.98229% · at most 1h 33m down a year · SLO 99\.99% undetermined · bounded: the analysis stopped at its work limit; U between 1\.01e-63 and 1\.77e-4$/m);
  });
});

describe('report: an exact analysis reads as before', () => {
  const sys = only(example);

  it('its inlay hints along the path are plain figures', () => {
    const labels = inlayHints(analyseDocument(example)).map((h) => h.label).filter((l) => l.startsWith('['));
    assert.ok(labels.length >= 3, labels.join(' '));
    for (const l of labels) assert.match(l, /^\[\d+\.\d+%\]$/);
    assert.ok(sys.analysis!.cumulative.every((c) => !('exact' in c)));
  });

  it('has no bound in its headline, JSON or lens', () => {
    assert.match(formatSystemReport(sys), /^system checkout: 99\.93885% available \(3\.21 nines\), 5h 22m of downtime a year\n {2}unavailability 6\.114987e-4 = /);
    const json = systemJson(sys);
    assert.equal('unavailabilityBounds' in json, false);
    assert.equal('availabilityBounds' in json, false);
    assert.equal(json.cutSetsComplete, true);
    const lens = codeLenses(analyseDocument(example), 'file:///c.topo')[0];
    assert.equal(lens?.title, '99.93885% · 3.21 nines · 5h 22m/yr · SLO 99.95% ✗');
  });
});
