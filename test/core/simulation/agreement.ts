/**
 * Checks a sampler against the exact engine on generated topologies: the first 20 error-free
 * systems with an exact U between 1e-4 and 1e-2 whose analytic approximation gap
 * (approximation-gap.ts) is far below the noise. The caller asserts on what comes back.
 */
import { analyseDocument } from '../../../server/src/core/pipeline';
import type { SystemModel } from '../../../server/src/core/model/types';
import { approximationGap } from './approximation-gap';
import { randomTopology } from './random-topology';

export interface Estimate {
  unavailability: { mean: number; ci95: [number, number] };
}

export interface Agreement {
  /** How many systems were compared (20 unless too few qualified). */
  checked: number;
  /** Systems whose exact U lies outside the 95% interval (widened by the gap). */
  misses: string[];
  /** Systems whose exact U lies more than four half-widths away. */
  far: string[];
}

/** Compares `estimate` with the exact U on the qualifying generated systems. */
export function agreementWithExact(label: string, estimate: (model: SystemModel, seed: number, exactU: number) => Estimate): Agreement {
  const misses: string[] = [];
  const far: string[] = [];
  let checked = 0;
  for (let seed = 1; checked < 20 && seed < 500; seed++) {
    const doc = analyseDocument(randomTopology(seed));
    if ([...doc.parse.diagnostics, ...doc.model.diagnostics].some((d) => d.severity === 'error')) continue;
    const system = doc.systems[0];
    const exact = system?.analysis;
    if (!system || !exact || !exact.exact || !(exact.unavailability >= 1e-4 && exact.unavailability <= 1e-2)) continue;
    const gap = approximationGap(system.model, new Map(exact.layers.map((l) => [l.name, l.failoverProbability ?? 0])));
    // Only systems where the analytic model's own approximations are far below the noise.
    if (gap > 0.005 * exact.unavailability) continue;
    checked++;
    const r = estimate(system.model, seed, exact.unavailability);
    const [low, high] = r.unavailability.ci95;
    const half = (high - low) / 2;
    const distance = Math.abs(exact.unavailability - r.unavailability.mean);
    const line = `seed ${seed}: exact ${exact.unavailability.toExponential(4)}, ${label} ${r.unavailability.mean.toExponential(4)} ± ${half.toExponential(2)} (gap ${gap.toExponential(1)})`;
    if (distance > half + gap) misses.push(line);
    if (distance > 4 * half + gap) far.push(line);
  }
  return { checked, misses, far };
}
