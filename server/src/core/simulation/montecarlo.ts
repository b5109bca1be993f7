/**
 * Monte Carlo over simulated years (spec section 7), interleavable: an adapter calls `run` with
 * a budget of years between its cancellation checks and reads `progress` for a progress bar.
 */
import { SECONDS_PER_YEAR } from '../../../../grammar/src/units';
import type { SystemModel } from '../model/types';
import { mergeStreams } from './batch-means';
import { MonteCarloStream, type StreamOptions, type StreamStats } from './montecarlo-stream';
import { compileStructure, type Structure } from './structure';
import type { AnalyticFigure, MonteCarloOptions, MonteCarloResult } from './types';

/** At least this many batches in all (the interval uses Student's t on them). */
export const MIN_BATCHES = 32;

export interface MonteCarloRun {
  /** Simulates up to `maxYears` more years; returns true when the whole run is done. */
  run(maxYears: number): boolean;
  /** 0..1. */
  readonly progress: number;
  /** The result; call when `run` returned true. */
  result(): MonteCarloResult;
  /**
   * The result of what has been simulated so far, for a run stopped before its end (Ctrl-C, a
   * cancelled request), `stopped` set; undefined when nothing was.
   */
  partial(): MonteCarloResult | undefined;
}

/** The streams of a run: the same for the same seed and stream count, wherever they run. */
export function streamPlan(options: MonteCarloOptions): StreamOptions[] {
  const streams = Math.max(1, Math.floor(options.streams ?? 1));
  const batches = Math.ceil(MIN_BATCHES / streams);
  return Array.from({ length: streams }, (_v, stream) => ({ years: options.years / streams, seed: options.seed, stream, batches }));
}

/** Runs one stream of a plan to its end (what a worker thread does). */
export function runStream(structure: Structure, plan: StreamOptions, onProgress?: (fraction: number) => void, chunkYears = 1000): StreamStats {
  const stream = new MonteCarloStream(structure, plan);
  while (!stream.run(chunkYears)) onProgress?.(stream.progress);
  return stream.result();
}

/** A Monte Carlo run of `system`, its streams run one after the other in this thread. */
export function createMonteCarlo(system: SystemModel, options: MonteCarloOptions, analyticUnavailability: number | AnalyticFigure = NaN): MonteCarloRun {
  const structure = compileStructure(system);
  const plans = streamPlan(options);
  const finished: StreamStats[] = [];
  let current: MonteCarloStream | undefined;
  const totalYears = plans.reduce((t, p) => t + p.years, 0);
  let doneYears = 0;
  return {
    run(maxYears: number): boolean {
      let budget = maxYears;
      while (budget > 0 && finished.length < plans.length) {
        current ??= new MonteCarloStream(structure, plans[finished.length] as StreamOptions);
        const years = (plans[finished.length] as StreamOptions).years;
        const remaining = (1 - current.progress) * years;
        // A stream that is not done has used the whole budget; one that is done used what it had left.
        if (!current.run(budget)) break;
        budget -= remaining;
        doneYears += years;
        finished.push(current.result());
        current = undefined;
      }
      return finished.length === plans.length;
    },
    get progress(): number {
      if (totalYears <= 0) return 1;
      const running = current ? current.progress * (plans[finished.length]?.years ?? 0) : 0;
      return Math.min(1, (doneYears + running) / totalYears);
    },
    result(): MonteCarloResult {
      return mergeStreams(finished, options, analyticUnavailability);
    },
    partial(): MonteCarloResult | undefined {
      return partialResult(current ? [...finished, current.resultSoFar()] : finished, options, analyticUnavailability);
    },
  };
}

/** Runs a whole Monte Carlo at once (tests, small runs). */
export function monteCarlo(system: SystemModel, options: MonteCarloOptions, analyticUnavailability: number | AnalyticFigure = NaN): MonteCarloResult {
  const run = createMonteCarlo(system, options, analyticUnavailability);
  while (!run.run(Infinity));
  return run.result();
}

/**
 * The figures of what `streams` simulated before a run was stopped (each stream's `resultSoFar`):
 * `years` is the time they simulated, `stopped.requestedYears` what was asked; undefined when
 * nothing was.
 */
export function partialResult(streams: StreamStats[], options: MonteCarloOptions, analyticUnavailability: number | AnalyticFigure): MonteCarloResult | undefined {
  const ran = streams.filter((s) => s.simulatedSeconds > 0);
  const seconds = ran.reduce((t, s) => t + s.simulatedSeconds, 0);
  if (seconds <= 0) return undefined;
  const result = mergeStreams(ran, { years: seconds / SECONDS_PER_YEAR, seed: options.seed }, analyticUnavailability);
  result.stopped = { requestedYears: options.years };
  return result;
}
