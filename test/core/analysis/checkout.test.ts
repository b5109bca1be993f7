/**
 * Spec section 10, the worked example: every figure and diagnostic it lists.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyseDocument } from '../../../server/src/core/pipeline';
import { SECONDS_PER_HOUR } from '../../../grammar/src/units';

const text = readFileSync(join(__dirname, '../../../examples/checkout.topo'), 'utf8');
const line = (needle: string): number => text.split('\n').findIndex((l) => l.includes(needle));

describe('checkout (spec section 10)', () => {
  const doc = analyseDocument(text);
  const a = doc.systems[0]!.analysis!;
  const codes = (code: string) => doc.diagnostics.filter((d) => d.code === code);

  it('gives U = 6.114987e-4 (U_struct 6.104575e-4 + windows 1.0413e-6), A = 99.93885%, 3.21 nines, about 5.4 h a year', () => {
    assert.equal(a.exact, true);
    assert.equal(a.unavailability.toExponential(6), '6.114987e-4');
    assert.equal(a.structuralUnavailability.toExponential(6), '6.104575e-4');
    assert.equal(a.failoverUnavailability.toExponential(4), '1.0413e-6');
    // U is computed as U_struct + the windows' term, not as 1 − A.
    assert.ok(Math.abs(a.unavailability - (a.structuralUnavailability + a.failoverUnavailability)) <= 1e-18);
    assert.equal((a.availability * 100).toFixed(5), '99.93885');
    assert.equal(a.nines.toFixed(2), '3.21');
    assert.equal((a.downtime.year / 3600).toFixed(1), '5.4');
    assert.ok(Math.abs(a.downtime.month - a.unavailability * 2_629_800) < 1e-9);
    assert.ok(Math.abs(a.downtime.week - a.unavailability * 604_800) < 1e-9);
  });

  it('finds exactly the single points of failure lb1, az1 and use1', () => {
    assert.deepEqual(a.spofs.map((s) => `${s.type}:${s.element}`), ['instance:lb1', 'zone:az1', 'region:use1']);
    assert.equal(a.spofs[0]!.layer, 'lb');
    assert.deepEqual(codes('spof').map((d) => d.range.start.line).sort((x, y) => x - y), [line('region use1'), line('zone az1'), line('node lb1')]);
  });

  it('says the load balancer itself is the single point of failure', () => {
    const lb = codes('spof').find((d) => d.range.start.line === line('node lb1'))!;
    assert.equal(lb.severity, 'warning');
    assert.match(lb.message, /the load balancer itself is the single point of failure/);
  });

  it('app needs 2 of 4 and keeps headroom: no no-headroom', () => {
    const app = a.layers.find((l) => l.name === 'app')!;
    assert.deepEqual([app.k, app.n, app.headroom, app.rtoSeconds], [2, 4, true, 0]);
    assert.equal(codes('no-headroom').length, 0);
  });

  it("db fails over in 15 s; its windows cost about 33 s a year, nearly all from db-primary's failures", () => {
    const db = a.layers.find((l) => l.name === 'db')!;
    assert.equal(db.failoverSeconds, 15);
    // f_p = 3.6e-4 per hour (spec section 10) = 1e-7 per second.
    assert.ok(Math.abs(db.primaryFailuresPerSecond! - 1e-7) < 1e-15 / SECONDS_PER_HOUR);
    const cost = db.failover!;
    // db is the only layer with windows: its cost is the system's whole window term.
    assert.ok(Math.abs(cost.unavailability - a.failoverUnavailability) <= 1e-12 * a.failoverUnavailability);
    assert.ok(Math.abs(cost.secondsPerYear - a.failoverUnavailability * 31_557_600) <= 1e-9);
    // db-primary fails 2.5e-4 times an hour, each window 15 s with everything else (nearly always) up.
    assert.ok(cost.byTrigger.instance > 32.8 && cost.byTrigger.instance < 32.86, `${cost.byTrigger.instance}`);
    // az1 takes lb1 down with it: only the ~9e-6 h by which a window outlasts az1's repair count.
    assert.ok(cost.byTrigger.zone > 0.02 && cost.byTrigger.zone < 0.03, `${cost.byTrigger.zone}`);
    // use1 takes the standby down too: no window opens.
    assert.equal(cost.byTrigger.region, 0);
    assert.ok(Math.abs(cost.byTrigger.instance + cost.byTrigger.zone - cost.secondsPerYear) <= 1e-9 * cost.secondsPerYear);
    // Windows open on db-primary's (2.19 a year) and az1's (0.88 a year) failures while the standby is up.
    assert.ok(cost.windowsPerYear > 3.06 && cost.windowsPerYear < 3.0684, `${cost.windowsPerYear}`);
    assert.equal(db.rtoSeconds, 15);
    assert.equal(db.rpoSeconds, 2);
  });

  it('lb has RTO 1 h and gets rto-exceeded; nothing else exceeds', () => {
    assert.equal(a.layers.find((l) => l.name === 'lb')!.rtoSeconds, 3600);
    assert.equal(a.rtoSeconds, 3600);
    assert.deepEqual(codes('rto-exceeded').map((d) => d.range.start.line), [line('layer lb')]);
    assert.equal(codes('rpo-exceeded').length, 0);
  });

  it('misses its SLO, meets its SLA', () => {
    const slo = codes('slo-miss');
    assert.equal(slo.length, 1);
    assert.equal(slo[0]!.severity, 'error');
    assert.equal(slo[0]!.range.start.line, line('slo 99.95%'));
    assert.match(slo[0]!.message, /99\.93885%/);
    assert.match(slo[0]!.message, /99\.95%/);
    assert.match(slo[0]!.message, /over budget/);
    assert.equal(codes('sla-miss').length, 0);
    assert.equal(codes('sla-stricter-than-slo').length, 0);
  });

  it('has exactly the diagnostics the spec lists', () => {
    assert.deepEqual(doc.diagnostics.map((d) => d.code).sort(), ['rto-exceeded', 'slo-miss', 'spof', 'spof', 'spof']);
  });

  it('spends more than its error budget', () => {
    const b = a.errorBudget!;
    assert.equal(b.windowSeconds, 30 * 86_400);
    assert.ok(Math.abs(b.budgetSeconds - 1296) < 1e-6);
    assert.ok(Math.abs(b.expectedDowntimeSeconds - a.unavailability * 30 * 86_400) < 1e-9);
    assert.ok(b.spentFraction > 1.2 && b.spentFraction < 1.25);
  });

  it('advises a second load balancer in az2', () => {
    assert.equal(a.advice?.action, 'add-replica');
    assert.equal(a.advice?.subject, 'lb');
    assert.match(a.advice!.summary, /second load balancer in az2/);
    assert.match(a.advice!.summary, /99\.93885% → /);
    assert.ok(a.advice!.unavailability < a.unavailability / 10);
  });

  it('lists cut sets highest first, the SPOFs among them, and a cumulative figure ending at U', () => {
    assert.deepEqual(a.cutSets.slice(0, 3).map((c) => c.elements.join(' ')), ['lb1', 'az1', 'use1']);
    for (let i = 1; i < a.cutSets.length; i++) assert.ok(a.cutSets[i - 1]!.probability >= a.cutSets[i]!.probability);
    assert.ok(a.cutSets.some((c) => c.elements.join(' ') === 'db-primary db-standby' && Math.abs(c.probability - 2.5e-7) < 1e-20));
    assert.deepEqual(a.cumulative.map((c) => c.layer), ['dns', 'lb', 'app', 'db']);
    for (let i = 1; i < a.cumulative.length; i++) assert.ok(a.cumulative[i]!.unavailability >= a.cumulative[i - 1]!.unavailability);
    assert.equal(a.cumulative[3]!.unavailability, a.unavailability);
    assert.equal(a.importance[0]!.element, 'lb1');
  });
});
