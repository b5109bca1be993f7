/** `topo montecarlo FILE [--years N] [--seed S] [--workers N] [--format text|json] [--system NAME] [--journey NAME]`: Monte Carlo. */
import {
  analyticOf, type AnalyticFigure, compileStructure, FIRST_SLICE_YEARS, createMonteCarlo, escapeTerminal, formatImportanceText, formatMonteCarloText, LIMITS, mergeStreams, type MonteCarloResult, partialResult, RegenerativeImportanceSampler, streamPlan, type SystemModel,
} from '../../core/index';
import { choice, flag, intFlag, parseArgs, type ParsedArgs } from '../args';
import { EXIT_OK, UsageError, type CliIo } from '../io';
import { EXIT_INTERRUPTED, listenForStop, progressReporter, runSliced } from '../long-work';
import { isMonteCarloWorker, runInWorkers, runWorker, threadsFor } from './montecarlo-workers';
import { loadSystem } from './simulation-input';

/** The usage line, for errors. */
const montecarloUsage = 'topo montecarlo FILE [--years N] [--seed S] [--workers N] [--method plain|importance] [--cycles N] [--format text|json] [--system NAME] [--journey NAME]';


/** Runs `topo montecarlo`; resolves to the exit code. */
export async function runMontecarlo(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, {
    years: { value: true }, seed: { value: true }, workers: { value: true }, format: { value: true }, system: { value: true }, journey: { value: true },
    method: { value: true }, cycles: { value: true },
  });
  const method = choice(args, 'method', ['plain', 'importance'] as const, 'plain');
  const format = choice(args, 'format', ['text', 'json'] as const, 'text');
  const years = intFlag(args, 'years', LIMITS.years);
  const seed = intFlag(args, 'seed', LIMITS.seed);
  const workers = intFlag(args, 'workers', LIMITS.workers);
  if (args.positional.length > 1) throw new UsageError(`one file at a time (got ${args.positional.length})\nusage: ${montecarloUsage}`);

  const input = loadSystem(args.positional[0], flag(args, 'system'), io, montecarloUsage, undefined, flag(args, 'journey'));
  if (typeof input === 'number') return input;
  const model = input.system.model;
  // The exact U beside the estimate, with its bounds when the analysis only bounded it.
  const analytic = analyticOf(input.system.analysis);
  if (method === 'importance') return await runImportance(args, model, analytic, seed, format, io);
  if (flag(args, 'cycles') !== undefined) throw new UsageError('--cycles goes with --method importance');
  const options = { years, seed, streams: workers };
  const threads = threadsFor(workers);
  // More threads than cores only add memory (a bundle and a heap each) and time; the streams,
  // and so the numbers, stay those of --workers N however many threads run them.
  if (threads < workers) io.err(`topo montecarlo: --workers ${workers} lowered to ${threads} (the cores available); the ${workers} streams, and so the results, stay those of --workers ${workers}\n`);
  const progress = progressReporter(io, 'topo montecarlo', years, 'years');
  const stop = listenForStop(io, 'topo montecarlo');
  let result: MonteCarloResult | undefined;
  let finished: boolean;
  try {
    if (threads === 1) {
      // Every stream in this thread, one after the other, in slices (Ctrl-C is heard between them).
      const run = createMonteCarlo(model, options, analytic);
      finished = await runSliced((y) => run.run(y), FIRST_SLICE_YEARS, () => stop.requested, () => progress.update(run.progress));
      result = finished ? run.result() : run.partial();
    } else {
      const ran = await runInWorkers(model, streamPlan(options), threads, (f) => progress.update(f), () => stop.requested, compileStructure(model));
      finished = ran.finished;
      result = finished ? mergeStreams(ran.stats, options, analytic) : partialResult(ran.stats, options, analytic);
    }
  } finally {
    stop.dispose();
    progress.done();
  }
  return report(io, format, model.name, result, (r) => formatMonteCarloText(model.name, r), finished, 'a year was simulated');
}


/**
 * Writes a run's result (JSON escapes its own controls; the system's name is escaped for the
 * terminal). A run stopped by Ctrl-C writes what it had and exits EXIT_INTERRUPTED.
 */
function report<R extends object>(io: CliIo, format: 'text' | 'json', system: string, result: R | undefined, text: (r: R) => string, finished: boolean, nothing: string): number {
  if (!result) {
    io.err(`topo montecarlo: stopped before ${nothing}: no result\n`);
    return EXIT_INTERRUPTED;
  }
  io.out(format === 'json' ? JSON.stringify({ system, ...result }, null, 2) + '\n' : escapeTerminal(text(result), { keepNewlines: true }));
  return finished ? EXIT_OK : EXIT_INTERRUPTED;
}

/** `--method importance`: regenerative cycles with failure biasing, for highly available designs. */
async function runImportance(args: ParsedArgs, model: SystemModel, analytic: AnalyticFigure, seed: number, format: 'text' | 'json', io: CliIo): Promise<number> {
  if (flag(args, 'years') !== undefined || flag(args, 'workers') !== undefined) throw new UsageError('--method importance counts --cycles, not --years or --workers');
  const cycles = intFlag(args, 'cycles', LIMITS.cycles);
  const sampler = new RegenerativeImportanceSampler(compileStructure(model), { cycles, seed });
  const progress = progressReporter(io, 'topo montecarlo', cycles, 'cycles');
  const stop = listenForStop(io, 'topo montecarlo');
  let finished: boolean;
  try {
    finished = await runSliced((n) => sampler.run(Math.max(1, Math.round(n))), FIRST_SLICE_CYCLES, () => stop.requested, () => progress.update(sampler.progress));
  } finally {
    stop.dispose();
    progress.done();
  }
  const result = sampler.result(analytic);
  if (!finished) result.stopped = { requestedCycles: cycles };
  return report(io, format, model.name, result.cycles > 0 ? result : undefined, (r) => formatImportanceText(model.name, r), finished, 'the first cycle');
}

/** Cycles of the first slice of an importance-sampling run. */
const FIRST_SLICE_CYCLES = 100;

// A worker thread started by `--workers` runs this command's bundle file again (dist/cli/montecarlo.js,
// see ./montecarlo-workers.ts): loading it is the worker's start, and its stream is all it does.
if (isMonteCarloWorker()) runWorker();
