/**
 * Checks a sampler against the exact engine on generated topologies (random-topology.ts): the
 * first `count` error-free systems whose exact U (revision 2: U_struct + Σ f_e·X_e) lies between
 * 1e-4 and 1e-2. The caller asserts on what comes back (`assertAgreement`).
 *
 * How far the sampler may honestly sit from U: the 95% interval widened by U·U, section 3's
 * second-order allowance ("relative size about U"). What first order leaves out is an element
 * changing state around a window (another failure or repair during it, a second trigger, a standby
 * down when its primary failed and back while another serves), so its relative size is set by the
 * elements' own unavailabilities and f_e·T_fo (f_e per hour, T_fo in hours), not by U. That is
 * about U when elements are about as available as the system, but can be far more when a standby
 * is much less available than the system it protects: montecarlo-windows.test.ts' layer with its
 * hot standby at 90% instead of 99% sits 5.1% below first order (measured over 200,000 years)
 * where U·U is 0.05%. The generated systems keep every element at 99% or better with MTTRs of 30
 * minutes or more (f_e ≤ 0.02/h, as in real designs), where U·U holds: each run's `line` says how
 * close.
 */
import { strict as assert } from 'node:assert';
import { analyseDocument } from '../../../server/src/core/pipeline';
import type { SystemModel } from '../../../server/src/core/model/types';
import { compileStructure, type Structure } from '../../../server/src/core/simulation/index';
import { SECONDS_PER_YEAR } from '../../../grammar/src/units';
import { randomTopology, type Feature } from './random-topology';

export interface Estimate {
  unavailability: { mean: number; ci95: [number, number] };
}

export interface Compared {
  seed: number;
  features: Set<Feature>;
  exact: number;
  /** The failover windows' share of the exact U, W = U − U_struct. */
  windows: number;
  mean: number;
  halfWidth: number;
  /** Section 3's second-order allowance, U·U. */
  allowance: number;
  /** (|mean − exact| − allowance) / half-width: at most 1 inside the widened interval. */
  distance: number;
  line: string;
}

export interface Agreement {
  compared: Compared[];
  /** Outside the 95% interval widened by the allowance. */
  misses: Compared[];
  /** More than four half-widths plus the allowance away. */
  far: Compared[];
}

/** Expected element events (failures and repairs) per simulated year: what a year costs to simulate. */
export function eventsPerYear(s: Structure): number {
  let events = 0;
  for (let e = 0; e < s.mtbfSeconds.length; e++) {
    const cycle = (s.mtbfSeconds[e] as number) + (s.mttrSeconds[e] as number);
    if (Number.isFinite(cycle)) events += (2 * SECONDS_PER_YEAR) / cycle;
  }
  return events;
}

/** Compares `estimate` with the exact U on the first `count` qualifying generated systems. */
export function agreementWithExact(label: string, count: number, estimate: (model: SystemModel, seed: number, structure: Structure) => Estimate): Agreement {
  const compared: Compared[] = [];
  for (let seed = 1; compared.length < count && seed < 1000; seed++) {
    const generated = randomTopology(seed);
    const doc = analyseDocument(generated.text);
    if ([...doc.parse.diagnostics, ...doc.model.diagnostics].some((d) => d.severity === 'error')) continue;
    const system = doc.systems[0];
    const analysis = system?.analysis;
    if (!system || !analysis || !analysis.exact || !(analysis.unavailability >= 1e-4 && analysis.unavailability <= 1e-2)) continue;
    const exact = analysis.unavailability;
    const structure = compileStructure(system.model);
    const r = estimate(system.model, seed, structure);
    const [low, high] = r.unavailability.ci95;
    const halfWidth = (high - low) / 2;
    const allowance = exact * exact;
    const distance = (Math.abs(r.unavailability.mean - exact) - allowance) / halfWidth;
    const windows = exact - analysis.structuralUnavailability;
    const line = `seed ${seed}: exact ${exact.toExponential(4)} (windows ${(windows / exact * 100).toFixed(0)}%), ${label} ${r.unavailability.mean.toExponential(4)} ± ${halfWidth.toExponential(2)}, ${((r.unavailability.mean - exact) / halfWidth).toFixed(2)} half-widths from U (allowance U·U ${(allowance / halfWidth).toFixed(2)})`;
    compared.push({ seed, features: generated.features, exact, windows, mean: r.unavailability.mean, halfWidth, allowance, distance, line });
  }
  return { compared, misses: compared.filter((c) => c.distance > 1), far: compared.filter((c) => c.distance > 4) };
}

/** The most misses out of `n` intervals at 95% that chance exceeds with probability below 1%. */
export function missBudget(n: number): number {
  // P(X > m) for X ~ Binomial(n, 0.05), summed from the bottom.
  let cumulative = 0;
  for (let m = 0; m <= n; m++) {
    cumulative += binomial(n, m) * 0.05 ** m * 0.95 ** (n - m);
    if (1 - cumulative < 0.01) return m;
  }
  return n;
}

function binomial(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return c;
}

/**
 * The verdict on an agreement run, the same for every sampler:
 * - every system compared, and each revision 2 feature in at least three of them;
 * - power: on at least a third of them the windows' term exceeds four half-widths plus the
 *   allowance, so a sampler that dropped or mis-timed windows would be "far" there;
 * - misses (outside the interval widened by the allowance) no more than chance allows at the 1%
 *   level (`missBudget`), and none far (beyond four half-widths plus the allowance).
 */
export function assertAgreement(a: Agreement, count: number): void {
  assert.equal(a.compared.length, count, 'not enough generated systems qualified');
  const features: Feature[] = ['shared-zone', 'primaries-zone', 'cold-behind-hot', 'several-standbys', 'site-standbys', 'slow-detection', 'own-promote'];
  for (const f of features) assert.ok(a.compared.filter((c) => c.features.has(f)).length >= 3, `feature ${f} in fewer than 3 systems`);
  const telling = a.compared.filter((c) => c.windows > 4 * c.halfWidth + c.allowance).length;
  assert.ok(telling >= count / 3, `the windows' term stands out of the noise on only ${telling} systems`);
  assert.ok(a.misses.length <= missBudget(count), `${a.misses.length} misses (budget ${missBudget(count)}):\n${a.misses.map((c) => c.line).join('\n')}`);
  assert.deepEqual(a.far.map((c) => c.line), []);
}
