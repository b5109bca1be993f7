/**
 * `topo diff`'s core (issue 22): two analyses of a file compared by subject — figures, objectives,
 * SPOFs, cut sets, layers, diagnostics — and the reports of the comparison. The spec's example
 * against a variant with a second load balancer is the issue's own case.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyseDocument } from '../../../server/src/core/pipeline';
import { diffDocuments } from '../../../server/src/core/diff/index';
import { formatSignedDuration, formatSignedPoints } from '../../../server/src/core/text/format';
import type { DiffSide, FileDiff, SubjectDiff } from '../../../server/src/core/diff/types';
import { diffJson, formatDiffMarkdown, formatDiffText, subjectHeadline } from '../../../server/src/core/report/diff';
import { formatSystemReport } from '../../../server/src/core/report/text';
import { formatAvailability, formatDuration, formatNines } from '../../../server/src/core/text/format';
import { boundedLedger } from '../../support/model';

const example = readFileSync(join(__dirname, '..', '..', '..', 'examples', 'checkout.topo'), 'utf8');
const ONE_LB = 'node lb1 { availability 99.95% zone az1 }     # one load balancer';
/** The spec's example with a second load balancer, in the other zone. */
const twoLbs = example.replace(ONE_LB, 'node lb1 { availability 99.95% zone az1 }\n    node lb2 { availability 99.95% zone az2 }');

function side(label: string, text: string | undefined): DiffSide {
  return text === undefined ? { label } : { label, text, analysis: analyseDocument(text) };
}

function diff(before: string | undefined, after: string | undefined, path = 'checkout.topo'): FileDiff {
  return diffDocuments(path, side(`main:${path}`, before), side(path, after));
}

function subject(d: FileDiff, name: string): SubjectDiff {
  const s = d.subjects.find((x) => x.name === name);
  assert.ok(s, `no subject ${name} in ${d.subjects.map((x) => x.name).join(', ')}`);
  return s;
}

function system(name: string, body: string): string {
  return `system ${name} {\n${body}\n}\n`;
}

const SMALL = '  slo 99.9%\n  layer web { node web { availability 99.95% replicas 2 } }';

describe('diff: the spec example, a second load balancer removed', () => {
  assert.notEqual(twoLbs, example, 'the variant differs from the example');
  const old = analyseDocument(twoLbs).systems[0]?.analysis;
  const now = analyseDocument(example).systems[0]?.analysis;
  assert.ok(old && now);
  const d = diff(twoLbs, example);
  const s = subject(d, 'checkout');

  it('is a change of system checkout, with the two analyses\' figures and their differences', () => {
    assert.equal(d.status, 'changed');
    assert.equal(s.status, 'changed');
    assert.equal(s.before?.unavailability, old.unavailability);
    assert.equal(s.after?.unavailability, now.unavailability);
    assert.equal(s.before?.downtimeSecondsPerYear, old.downtime.year);
    assert.equal(s.after?.downtimeSecondsPerYear, now.downtime.year);
    assert.equal(s.delta?.unavailability, now.unavailability - old.unavailability);
    assert.equal(s.delta?.downtimeSecondsPerYear, now.downtime.year - old.downtime.year);
    assert.equal(s.delta?.nines, now.nines - old.nines);
  });

  it('names the new SPOF lb1 and the objectives newly missed', () => {
    assert.deepEqual(s.spofsAdded.map((x) => x.element).sort(), ['az1', 'lb1']);
    assert.deepEqual(s.spofsRemoved, []);
    assert.deepEqual(s.objectives.map((o) => [o.kind, o.change]), [['slo', 'newly-missed'], ['rto', 'newly-missed']]);
  });

  it('gives a headline with the availability change in points, the downtime change and the new SPOF', () => {
    const points = formatSignedPoints(-(now.unavailability - old.unavailability) * 100);
    const downtime = formatSignedDuration(now.downtime.year - old.downtime.year);
    assert.match(points, /^\u2212\d/);
    assert.match(downtime, /^\+\d/);
    const headline = subjectHeadline(s);
    assert.ok(headline.startsWith(`${points}%, ${downtime} a year, `), headline);
    assert.match(headline, /new SPOF lb1/);
    assert.match(headline, /slo 99\.95% newly missed/);
    const text = formatDiffText([d]);
    assert.ok(text.includes(`system checkout: ${headline}`), text);
  });

  it('spells every figure as the reports do', () => {
    const text = formatDiffText([d]);
    const report = (t: string): string => formatSystemReport(analyseDocument(t).systems[0]!);
    for (const [a, t] of [[old, twoLbs], [now, example]] as const) {
      for (const figure of [formatAvailability(a.unavailability), formatNines(a.nines), formatDuration(a.downtime.year)]) {
        assert.ok(text.includes(figure), `${figure} in\n${text}`);
        assert.ok(report(t).includes(figure), `${figure} in the check report`);
      }
    }
  });

  it('lists the cut sets that changed most (matched by elements) and the layer that moved', () => {
    assert.ok(s.cutSets.length <= 5 && s.cutSets.length > 0);
    const lb1 = s.cutSets.find((c) => c.elements.join() === 'lb1');
    assert.deepEqual(lb1, { elements: ['lb1'], before: null, after: now.cutSets.find((c) => c.elements.join() === 'lb1')?.probability });
    const pair = s.cutSets.find((c) => c.elements.join() === 'lb1,lb2');
    assert.equal(pair?.after, null);
    const changes = s.cutSets.map((c) => Math.abs((c.after ?? 0) - (c.before ?? 0)));
    assert.deepEqual(changes, [...changes].sort((x, y) => y - x), 'largest change first');
    assert.deepEqual(s.layers.map((l) => l.name), ['lb'], 'only the load balancers\' layer moved');
  });

  it('reports the new diagnostics, not their ranges', () => {
    assert.ok(d.newDiagnostics.some((x) => x.code === 'spof' && x.data?.subject === 'lb1'));
    assert.equal(d.newDiagnostics[0]?.severity, 'error', 'errors first');
    assert.deepEqual(d.goneDiagnostics, []);
  });

  it('is JSON as it is, with the gate', () => {
    const json = diffJson([d], { failed: false, reasons: [] }) as { files: unknown[]; gate: unknown; summary: { changed: number } };
    assert.deepEqual(JSON.parse(JSON.stringify(json)), json);
    assert.equal(json.summary.changed, 1);
    assert.deepEqual(json.gate, { failed: false, reasons: [] });
    assert.equal((json.files[0] as FileDiff).subjects[0]?.delta?.unavailability, s.delta?.unavailability);
  });
});

describe('diff: subjects added, removed, renamed', () => {
  it('notes a rename when exactly one system went and one came', () => {
    const d = diff(system('store', SMALL), system('shop', SMALL));
    assert.equal(d.status, 'changed');
    assert.deepEqual(d.subjects.map((s) => [s.name, s.status]), [['shop', 'added'], ['store', 'removed']]);
    assert.deepEqual(d.notes, ["system 'shop' is not in the old side: added, or renamed from 'store'?"]);
    assert.equal(subject(d, 'shop').delta, undefined);
    assert.equal(subject(d, 'shop').before, undefined);
    assert.equal(subject(d, 'shop').after?.analysed, true);
  });

  it('says added and removed without guessing when several came or went', () => {
    const d = diff(system('a', SMALL), system('b', SMALL) + system('c', SMALL));
    assert.deepEqual(d.notes, [
      "system 'b' is not in the old side: added",
      "system 'c' is not in the old side: added",
      "system 'a' is not in the new side: removed",
    ]);
  });

  it('reports a system added beside an unchanged one, and the unchanged one as unchanged', () => {
    const d = diff(system('a', SMALL), system('a', SMALL) + system('b', SMALL));
    assert.deepEqual(d.subjects.map((s) => [s.name, s.status]), [['a', 'unchanged'], ['b', 'added']]);
    const text = formatDiffText([d]);
    assert.doesNotMatch(text, /system a:/);
    assert.match(text, /system b: added: 99\.\d+% available/);
  });
});

describe('diff: a side that does not parse', () => {
  const broken = example.replace('layer app {', 'layer app { )))');
  const d = diff(example, broken);
  const s = subject(d, 'checkout');

  it('is reported as such, its figures not compared, the other side\'s shown', () => {
    assert.deepEqual(d.after, { label: 'checkout.topo', exists: true, parses: false });
    assert.equal(d.before.parses, true);
    assert.equal(d.status, 'changed');
    assert.equal(s.before?.analysed, true);
    assert.equal(s.after?.analysed, false);
    assert.equal(s.after?.unavailability, null);
    assert.equal(s.delta, undefined);
    assert.ok(d.notes.some((n) => n.startsWith('the new side does not parse')), d.notes.join('\n'));
    const text = formatDiffText([d]);
    assert.ok(text.includes(formatAvailability(s.before.unavailability!)), text);
  });

  it('has its syntax errors as new diagnostics; the warnings it withholds are not gone', () => {
    assert.ok(d.newDiagnostics.some((x) => x.code === 'syntax' && x.severity === 'error'));
    assert.deepEqual(d.goneDiagnostics.filter((x) => x.code === 'spof'), []);
  });

  it('the other way round: the old side does not parse', () => {
    const r = diff(broken, example);
    assert.equal(r.before.parses, false);
    assert.equal(subject(r, 'checkout').after?.analysed, true);
    assert.ok(r.goneDiagnostics.some((x) => x.code === 'syntax'));
    assert.deepEqual(r.newDiagnostics.filter((x) => x.code === 'spof'), []);
  });
});

describe('diff: a missing side', () => {
  it('an added file: every subject added, with its figures', () => {
    const d = diff(undefined, example);
    assert.equal(d.status, 'added');
    assert.deepEqual(d.before, { label: 'main:checkout.topo', exists: false, parses: true });
    assert.equal(subject(d, 'checkout').status, 'added');
    assert.deepEqual(subject(d, 'checkout').spofsAdded.map((x) => x.element).sort(), ['az1', 'lb1', 'use1']);
    assert.deepEqual(d.notes, []);
    assert.match(formatDiffText([d]), /^checkout\.topo: added/);
  });

  it('a deleted file: every subject removed', () => {
    const d = diff(example, undefined);
    assert.equal(d.status, 'deleted');
    assert.equal(d.after.exists, false);
    assert.equal(subject(d, 'checkout').status, 'removed');
    assert.match(formatDiffText([d]), /system checkout: removed \(was 99\.93885% available\)/);
  });
});

describe('diff: unchanged', () => {
  it('the same text, or the same figures and diagnostics, is unchanged', () => {
    assert.equal(diff(example, example).status, 'unchanged');
    const moved = diff(example, `# a comment\n\n${example}`);
    assert.equal(moved.status, 'unchanged', 'ranges are not compared');
    assert.deepEqual(moved.newDiagnostics, []);
  });

  it('a file of externals alone changes when an external does, and says which', () => {
    const lib = (a: string, mttr = '') => `external db { availability ${a}${mttr} }\nexternal cache { availability 99.9% }\n`;
    assert.equal(diff(lib('99.99%'), `# shared\n${lib('99.99%')}`, 'lib.topo').status, 'unchanged');
    const d = diff(lib('99.99%'), lib('99.9%'), 'lib.topo');
    assert.equal(d.status, 'changed');
    assert.deepEqual(d.subjects, []);
    assert.deepEqual(d.notes, ['external db: 99.99% available, restored in 1h → 99.9% available, restored in 1h; what uses it shows the effect']);
    const slower = diff(lib('99.99%'), lib('99.99%', ' mttr 4h'), 'lib.topo');
    assert.equal(slower.status, 'changed');
    assert.match(slower.notes[0] ?? '', /restored in 1h → 99\.99% available, restored in 4h/);
    const renamed = diff(lib('99.99%'), lib('99.99%').replace('external db', 'external database'), 'lib.topo');
    assert.deepEqual(renamed.notes, ['external database added (99.99% available, restored in 1h)', 'external db removed']);
    const lost = diff(lib('99.99%'), lib('99.99%').replace('external db { availability 99.99% }', 'external db { }'), 'lib.topo');
    assert.equal(lost.notes[0], 'external db: 99.99% available, restored in 1h → no availability given; what uses it shows the effect');
    assert.match(formatDiffText([d]), /lib\.topo: changed[^\n]*\n.*external db: 99\.99% available/);
  });

  it('unchanged files are summed up in one line', () => {
    const same = ['a.topo', 'b.topo', 'c.topo'].map((p) => diff(example, example, p));
    assert.equal(formatDiffText(same), '3 files unchanged\n');
    assert.equal(formatDiffText([...same, diff(twoLbs, example)]).trimEnd().split('\n').at(-1), '3 files unchanged');
    assert.match(formatDiffMarkdown(same), /^_3 files unchanged\._\n$/);
  });
});

describe('diff: a bound is never shown as a figure', function () {
  this.timeout(120_000);
  const d = diff(boundedLedger(['slo 99.99%']), boundedLedger(['slo 99.9%']), 'ledger.topo');
  const s = subject(d, 'ledger');

  it('has no delta, and its cells read as bounds', () => {
    assert.ok(s.before?.unavailabilityBounds && s.after?.unavailabilityBounds);
    assert.equal(s.delta, undefined);
    const text = formatDiffText([d]);
    assert.match(text, /at least 99\.\d+%/);
    assert.match(text, /≥ \d/);
    assert.match(text, /at most /);
    assert.match(text, /bounded: the analysis stopped at its work limit/);
    const bare = new RegExp(`(?<!at least) ${formatAvailability(s.after.unavailability!).replace(/[.%]/g, '\\$&')}`);
    assert.doesNotMatch(text, bare);
    assert.match(subjectHeadline(s), /^at least 99\.98229% available on both sides \(bounded\)/);
  });
});

describe('diff: journeys', () => {
  const estate = (replicas: number): string => [
    'system front {',
    '  layer web { node w { availability 99.9% replicas 2 } }',
    '  journey buy { slo 99.9% path web -> back }',
    '}',
    'system back {',
    `  layer db { node d { availability 99.9% replicas ${replicas} } }`,
    '}',
  ].join('\n');

  it('compares each journey by its name as the reports give it, SYSTEM/JOURNEY', () => {
    const d = diff(estate(2), estate(1), 'estate.topo');
    const buy = subject(d, 'front/buy');
    assert.equal(buy.kind, 'journey');
    assert.equal(buy.status, 'changed');
    const old = analyseDocument(estate(2)).journeys[0]?.analysis;
    const now = analyseDocument(estate(1)).journeys[0]?.analysis;
    assert.equal(buy.delta?.unavailability, now!.unavailability - old!.unavailability);
    assert.ok(buy.spofsAdded.some((s) => s.element === 'back.d'), JSON.stringify(buy.spofsAdded));
    assert.match(formatDiffText([d]), /journey front\/buy: \u2212/);
  });
});
