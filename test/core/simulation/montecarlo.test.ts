import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyseDocument } from '../../../server/src/core/pipeline';
import { createMonteCarlo, monteCarlo } from '../../../server/src/core/simulation/index';
import { modelOf } from './helpers';
import { agreementWithExact, assertAgreement, eventsPerYear } from './agreement';

const checkout = readFileSync(join(__dirname, '../../../examples/checkout.topo'), 'utf8');

describe('Monte Carlo: determinism', () => {
  const model = modelOf(checkout);

  it('the same seed gives the same result; another seed another', () => {
    const a = monteCarlo(model, { years: 2000, seed: 42 });
    const b = monteCarlo(model, { years: 2000, seed: 42 });
    const c = monteCarlo(model, { years: 2000, seed: 43 });
    assert.equal(JSON.stringify(a), JSON.stringify(b));
    assert.notEqual(a.unavailability.mean, c.unavailability.mean);
  });

  it('running in chunks (as the language server does) changes nothing', () => {
    const whole = monteCarlo(model, { years: 3000, seed: 5, streams: 2 });
    const run = createMonteCarlo(model, { years: 3000, seed: 5, streams: 2 });
    let steps = 0;
    let last = 0;
    while (!run.run(37.5)) {
      assert.ok(run.progress >= last && run.progress <= 1);
      last = run.progress;
      steps++;
    }
    assert.ok(steps > 50, `${steps} chunks`);
    assert.equal(run.progress, 1);
    assert.equal(JSON.stringify(run.result()), JSON.stringify(whole));
  });

  it('streams split the years; the result depends on the seed and the stream count only', () => {
    const one = monteCarlo(model, { years: 2000, seed: 9, streams: 1 });
    const two = monteCarlo(model, { years: 2000, seed: 9, streams: 2 });
    assert.equal(two.streams, 2);
    assert.ok((two.batches ?? 0) >= 32);
    assert.notEqual(one.unavailability.mean, two.unavailability.mean);
    assert.equal(JSON.stringify(two), JSON.stringify(monteCarlo(model, { years: 2000, seed: 9, streams: 2 })));
  });
});

describe('Monte Carlo: figures', () => {
  it('the spec example: the analytic unavailability lies inside the interval', () => {
    const doc = analyseDocument(checkout);
    const analytic = doc.systems[0]?.analysis?.unavailability;
    // Section 10's figure at revision 2 (U_struct 6.104575e-4 plus windows 1.0413e-6).
    assert.ok(analytic !== undefined && Math.abs(analytic - 6.114987e-4) < 1e-10, `${analytic}`);
    const r = monteCarlo(modelOf(checkout), { years: 20_000, seed: 1 }, analytic);
    assert.ok(r.unavailability.ci95[0] <= analytic && analytic <= r.unavailability.ci95[1], JSON.stringify(r.unavailability));
    assert.equal(r.analytic.unavailability, analytic);
    assert.equal(r.warning, undefined);
    // Consistency of the derived figures.
    assert.ok(Math.abs(r.downtimeSecondsPerYear - r.unavailability.mean * 31_557_600) < 1e-6);
    assert.ok(Math.abs(r.meanOutageSeconds * r.outagesPerYear - r.downtimeSecondsPerYear) < 1e-6 * r.downtimeSecondsPerYear);
    assert.ok(r.longestOutageSeconds >= r.meanOutageSeconds);
    // lb1 (99.95%, 1h) alone fails ~4.4 times a year; az1, app pairs and db add a little.
    assert.ok(r.outagesPerYear > 4 && r.outagesPerYear < 12, `${r.outagesPerYear}`);
  });

  it('one element: U and failure frequency match its figures', () => {
    const r = monteCarlo(modelOf('system s { layer x { node x { availability 99% mttr 2h } } }'), { years: 5000, seed: 3 });
    assert.ok(r.unavailability.ci95[0] <= 0.01 && 0.01 <= r.unavailability.ci95[1], JSON.stringify(r.unavailability));
    // f = U/MTTR = 0.005/h = 43.83/year (steady state), mean outage = MTTR.
    assert.ok(Math.abs(r.outagesPerYear / 43.83 - 1) < 0.02, `${r.outagesPerYear}`);
    assert.ok(Math.abs(r.meanOutageSeconds / 7200 - 1) < 0.03, `${r.meanOutageSeconds}`);
  });

  it('warns when too few outages were seen for the interval to mean anything', () => {
    const r = monteCarlo(modelOf('system s { layer x { node x { availability 99.9999% mttr 1h } } }'), { years: 100, seed: 1 });
    assert.match(r.warning ?? '', /too (wide|small)|no outage/);
  });

  it('no warning once there are enough outages', () => {
    const r = monteCarlo(modelOf('system s { layer x { node x { availability 99.9% mttr 1h } } }'), { years: 2000, seed: 1 });
    assert.equal(r.warning, undefined);
  });
});

describe('Monte Carlo: the interval is honest', () => {
  it('over 60 seeds the spec example\'s exact U (revision 2) falls outside the 95% interval about 5% of the time', () => {
    const model = modelOf(checkout);
    let outside = 0;
    let relativeHalfWidths = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const r = monteCarlo(model, { years: 1500, seed });
      const [low, high] = r.unavailability.ci95;
      if (6.114987e-4 < low || 6.114987e-4 > high) outside++;
      relativeHalfWidths += (high - low) / 2 / r.unavailability.mean;
    }
    // Binomial(60, 0.05): P(more than 8 outside) ≈ 0.4%. An interval far too wide would hide
    // errors instead: its half-width should be near 1.96·σ/√years (≈ 3% here).
    assert.ok(outside <= 8, `${outside} of 60 outside`);
    assert.ok(relativeHalfWidths / 60 < 0.06, `mean relative half-width ${relativeHalfWidths / 60}`);
  });
});

/**
 * Revision 2's agreement (spec section 7): on 32 generated systems (random-topology.ts) with exact
 * U between 1e-4 and 1e-2, |simulated − U| must lie inside the 95% interval widened by section 3's
 * second-order allowance U·U (agreement.ts says when that holds). Rule: at most
 * `missBudget(32)` = 5 systems outside (Binomial(32, 5%) exceeds 5 with probability 0.7%) and
 * none beyond four half-widths plus the allowance; each revision 2 feature in at least three
 * systems, and the windows' term out of the noise on at least a third of them (`assertAgreement`).
 * Each system gets the years that cost about 3 million element events (0.5 s), at most 50,000.
 */
describe('Monte Carlo: agrees with the exact engine on generated topologies (revision 2)', function () {
  this.timeout(120_000);
  const systems = 32;
  const eventBudget = 3e6;

  it(`the exact U lies inside the widened 95% interval on all but a chance few of ${systems} systems, never far outside`, () => {
    const a = agreementWithExact('simulated', systems, (model, seed, structure) => monteCarlo(model, { years: Math.round(Math.min(50_000, eventBudget / eventsPerYear(structure))), seed }));
    assertAgreement(a, systems);
  });
});
