/**
 * Merging Monte Carlo streams into one result with an honest 95% interval: the method of batch
 * means on equal-length stretches of simulated time (a ratio estimator, so batches of different
 * streams may differ in length), with Student's t for the number of batches.
 */
import type { AnalyticFigure, MonteCarloResult } from './types';
import type { StreamStats } from './montecarlo-stream';
import { SECONDS_PER_YEAR } from '../../../../grammar/src/units';

/** Fewer outages than this and the interval is not to be trusted (batch means are far from normal). */
const MIN_OUTAGES_FOR_INTERVAL = 30;
/** A half-width above this share of the mean makes the figure meaningless. */
const MAX_RELATIVE_HALF_WIDTH = 0.5;

/** The 97.5% quantile of Student's t with `df` degrees of freedom (Cornish–Fisher expansion; ≤ 1e-3 relative error for df ≥ 5). */
export function tQuantile975(df: number): number {
  const z = 1.959963984540054;
  if (!(df > 0)) return Infinity;
  const z3 = z * z * z;
  const z5 = z3 * z * z;
  const z7 = z5 * z * z;
  return z + (z3 + z) / (4 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96 * df * df) + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df * df * df);
}

/** Combines the streams of one run into the result the commands and the language server show. */
export function mergeStreams(streams: StreamStats[], run: { years: number; seed: number }, analytic: number | AnalyticFigure): MonteCarloResult {
  const ordered = [...streams].sort((a, b) => a.stream - b.stream);
  const totalSeconds = sum(ordered.map((s) => s.simulatedSeconds));
  const downSeconds = sum(ordered.map((s) => s.downSeconds));
  const outages = sum(ordered.map((s) => s.outages));
  const years = totalSeconds / SECONDS_PER_YEAR;
  const mean = totalSeconds > 0 ? downSeconds / totalSeconds : 0;
  const lengths = ordered.flatMap((s) => s.batchSeconds);
  const downs = ordered.flatMap((s) => s.batchDownSeconds);
  const batches = lengths.length;
  let squares = 0;
  for (let b = 0; b < batches; b++) squares += ((downs[b] as number) - mean * (lengths[b] as number)) ** 2;
  const standardError = batches > 1 ? Math.sqrt((squares / (batches - 1)) * batches) / totalSeconds : Infinity;
  // One batch (a run stopped before its second) gives no interval at all.
  const halfWidth = batches > 1 ? tQuantile975(batches - 1) * standardError : Infinity;
  const result: MonteCarloResult = {
    years: run.years,
    seed: run.seed,
    unavailability: { mean, ci95: [Math.max(0, mean - halfWidth), mean + halfWidth] },
    analytic: analyticFigure(analytic),
    outagesPerYear: years > 0 ? outages / years : 0,
    meanOutageSeconds: outages > 0 ? downSeconds / outages : 0,
    longestOutageSeconds: Math.max(0, ...ordered.map((s) => s.longestOutageSeconds)),
    downtimeSecondsPerYear: mean * SECONDS_PER_YEAR,
    outages,
    batches,
    streams: ordered.length,
    elementEvents: sum(ordered.map((s) => s.elementEvents)),
  };
  const warning = intervalWarning(outages, mean, halfWidth, years);
  if (warning) result.warning = warning;
  return result;
}

function intervalWarning(outages: number, mean: number, halfWidth: number, years: number): string | undefined {
  if (outages === 0) {
    return `no outage in ${formatYears(years)} simulated years: the unavailability is too small to estimate this way; run many more years (or trust the analytic figure)`;
  }
  const needed = Math.ceil((MIN_OUTAGES_FOR_INTERVAL / outages) * years);
  if (outages < MIN_OUTAGES_FOR_INTERVAL) {
    return `only ${outages} outage${outages === 1 ? '' : 's'} in ${formatYears(years)} simulated years: the interval is too wide to mean much; run about ${formatYears(needed)} years or more`;
  }
  if (!Number.isFinite(halfWidth)) return `one batch of ${formatYears(years)} years gives no interval: let the run go on longer`;
  const relative = halfWidth / mean;
  if (relative > MAX_RELATIVE_HALF_WIDTH) {
    const factor = (relative / 0.1) ** 2;
    return `the 95% interval is ±${Math.round(relative * 100)}% of the mean: too wide to mean much; about ${formatYears(years * factor)} years would give ±10%`;
  }
  return undefined;
}

function formatYears(years: number): string {
  return years >= 1e6 ? years.toExponential(1) : String(Math.round(years));
}

function sum(values: number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

/** The analytic figure a result carries, from U alone (exact) or from the analysis' figure with its bounds. */
export function analyticFigure(analytic: number | AnalyticFigure): AnalyticFigure {
  if (typeof analytic === 'number') return { unavailability: analytic };
  return analytic.bounds ? { unavailability: analytic.unavailability, bounds: [analytic.bounds[0], analytic.bounds[1]] } : { unavailability: analytic.unavailability };
}
