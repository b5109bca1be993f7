/**
 * The gate of `topo diff --fail-on` (issue 22): each condition parsed, and each tripping and not,
 * with a reason that names the file and the subject.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyseDocument } from '../../../server/src/core/pipeline';
import { diffDocuments, evaluateGate, parseGateCondition } from '../../../server/src/core/diff/index';
import type { FileDiff, GateCondition } from '../../../server/src/core/diff/types';
import { formatDiffMarkdown, formatDiffText } from '../../../server/src/core/report/diff';
import { formatAvailability, formatDuration } from '../../../server/src/core/text/format';

const example = readFileSync(join(__dirname, '..', '..', '..', 'examples', 'checkout.topo'), 'utf8');
const twoLbs = example.replace('node lb1 { availability 99.95% zone az1 }     # one load balancer', 'node lb1 { availability 99.95% zone az1 }\n    node lb2 { availability 99.95% zone az2 }');

function diff(before: string | undefined, after: string | undefined, path = 'shop.topo'): FileDiff {
  const side = (label: string, text: string | undefined) => (text === undefined ? { label } : { label, text, analysis: analyseDocument(text) });
  return diffDocuments(path, side(`main:${path}`, before), side(path, after));
}

function condition(text: string): GateCondition {
  const parsed = parseGateCondition(text);
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
  return parsed.condition;
}

function gate(d: FileDiff, text: string): string[] {
  return evaluateGate([d], [condition(text)]).reasons;
}

const worse = diff(twoLbs, example);
const better = diff(example, twoLbs);

describe('gate: parseGateCondition', () => {
  it('reads each condition', () => {
    assert.deepEqual(condition('slo-miss'), { kind: 'slo-miss' });
    assert.deepEqual(condition('sla-miss'), { kind: 'sla-miss' });
    assert.deepEqual(condition('new-spof'), { kind: 'new-spof' });
    assert.deepEqual(condition(' new-error '), { kind: 'new-error' });
    assert.deepEqual(condition('availability-drop=0.01%'), { kind: 'availability-drop', percent: 0.01 });
    assert.deepEqual(condition('downtime-increase=5m'), { kind: 'downtime-increase', seconds: 300 });
    assert.deepEqual(condition('downtime-increase=1.5h'), { kind: 'downtime-increase', seconds: 5400 });
    assert.deepEqual(condition('downtime-increase=500ms'), { kind: 'downtime-increase', seconds: 0.5 });
  });

  it('refuses anything else, saying what it expects', () => {
    const error = (text: string): string => {
      const parsed = parseGateCondition(text);
      assert.ok(!parsed.ok, `'${text}' should be refused`);
      return parsed.error;
    };
    assert.equal(error('slo'), "unknown condition 'slo'; expected one of slo-miss, sla-miss, new-spof, new-error, availability-drop=PERCENT%, downtime-increase=DURATION");
    assert.match(error(''), /^unknown condition ''; expected one of/);
    assert.equal(error('slo-miss=1'), "'slo-miss' takes no value, not '1'");
    assert.match(error('availability-drop'), /^'availability-drop' needs percentage points .* not nothing$/);
    assert.match(error('availability-drop=0.01'), /not '0\.01'$/);
    assert.match(error('availability-drop=abc%'), /not 'abc%'$/);
    assert.match(error('availability-drop=101%'), /from 0% to 100%/);
    assert.match(error('downtime-increase=5q'), /^'downtime-increase' needs a duration as in a \.topo file, a number and one of ms, s, m, h, d, w, y \(downtime-increase=5m\), not '5q'$/);
    assert.match(error('downtime-increase=-5m'), /not '-5m'$/);
    assert.match(error('downtime-increase'), /not nothing$/);
  });
});

describe('gate: evaluateGate', () => {
  it('slo-miss trips when the new side misses, saying whether it is new', () => {
    assert.deepEqual(gate(worse, 'slo-miss'), [`shop.topo: system checkout: slo 99.95% newly missed (${formatAvailability(analyseDocument(example).systems[0]!.analysis!.unavailability)} available)`]);
    assert.deepEqual(gate(better, 'slo-miss'), []);
    // Already missed on both sides: the change leaves it missed, and the reason says so.
    const same = diff(example, `# edited\n${example}`);
    assert.equal(same.status, 'unchanged');
    assert.match(gate(same, 'slo-miss')[0] ?? '', /^shop\.topo: system checkout: slo 99\.95% missed, already missed before/);
    assert.match(gate(diff(undefined, example), 'slo-miss')[0] ?? '', /slo 99\.95% missed by a new system/);
  });

  it('sla-miss', () => {
    const sla = (target: string): string => `system s {\n  sla ${target}\n  layer l { node n { availability 99.9% } }\n}\n`;
    assert.deepEqual(gate(diff(sla('99.9%'), sla('99.99%')), 'sla-miss'), ['shop.topo: system s: sla 99.99% newly missed (99.9000% available)']);
    assert.deepEqual(gate(diff(sla('99.99%'), sla('99.9%')), 'sla-miss'), []);
    assert.deepEqual(gate(worse, 'sla-miss'), [], 'the example meets its SLA');
  });

  it('new-spof', () => {
    assert.deepEqual(gate(worse, 'new-spof'), ['shop.topo: system checkout: new single points of failure: lb1 (instance), az1 (zone)']);
    assert.deepEqual(gate(better, 'new-spof'), []);
  });

  it('new-error: an error diagnostic the old side did not have', () => {
    const broken = example.replace('path dns -> lb -> app -> db', 'path dns -> lb -> app -> dbx');
    const reasons = gate(diff(example, broken), 'new-error');
    assert.equal(reasons.length, 1, reasons.join('\n'));
    assert.match(reasons[0]!, /^shop\.topo:\d+:\d+: new error unknown-reference: /);
    // Fixed: the unknown reference is gone; the error the figures now show (the SLO missed) was not on the old side, which had none.
    assert.deepEqual(gate(diff(broken, example), 'new-error').map((r) => /new error ([a-z-]+)/.exec(r)?.[1]), ['slo-miss']);
    assert.deepEqual(gate(better, 'new-error'), []);
  });

  it('availability-drop: more than the points given', () => {
    const s = worse.subjects[0]!;
    const points = s.delta!.unavailability * 100;
    assert.ok(points > 0.01 && points < 0.1, String(points));
    const reasons = gate(worse, 'availability-drop=0.01%');
    assert.deepEqual(reasons, [
      `shop.topo: system checkout: availability ${formatAvailability(s.before!.unavailability!)} → ${formatAvailability(s.after!.unavailability!)} (\u2212${Number(points.toPrecision(3))} points, more than 0.01)`,
    ]);
    assert.deepEqual(gate(worse, 'availability-drop=0.1%'), []);
    assert.deepEqual(gate(better, 'availability-drop=0%'), [], 'a rise never trips');
  });

  it('downtime-increase: more than the duration given', () => {
    const s = worse.subjects[0]!;
    const more = s.delta!.downtimeSecondsPerYear;
    assert.deepEqual(gate(worse, 'downtime-increase=5m'), [
      `shop.topo: system checkout: downtime a year ${formatDuration(s.before!.downtimeSecondsPerYear!)} → ${formatDuration(s.after!.downtimeSecondsPerYear!)} (+${formatDuration(more)}, more than 5m)`,
    ]);
    assert.deepEqual(gate(worse, 'downtime-increase=6h'), []);
    assert.deepEqual(gate(better, 'downtime-increase=0s'), []);
  });

  it('several conditions and files: every reason, and the reports say the gate failed', () => {
    const result = evaluateGate([worse, better], [condition('new-spof'), condition('downtime-increase=5m')]);
    assert.equal(result.failed, true);
    assert.equal(result.reasons.length, 2);
    const text = formatDiffText([worse], result);
    assert.match(text, /\ngate: failed\n {2}shop\.topo: system checkout: new single points/);
    assert.match(formatDiffMarkdown([worse], result), /^\*\*Gate failed\*\*\n\n- shop\.topo: system checkout: new single points/);
    const passed = evaluateGate([better], [condition('new-spof')]);
    assert.deepEqual(passed, { failed: false, reasons: [] });
    assert.match(formatDiffText([better], passed), /\ngate: passed\n$/);
  });
});
