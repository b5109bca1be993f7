/** `topo montecarlo FILE [--years N] [--seed S] [--workers N] [--format text|json] [--system NAME]`: Monte Carlo. */
import {
  compileStructure, createMonteCarlo, escapeTerminal, formatImportanceText, formatMonteCarloText, LIMITS, mergeStreams, type MonteCarloResult, RegenerativeImportanceSampler, runStream, streamPlan, type SystemModel,
} from '../../core/index';
import { choice, flag, intFlag, parseArgs, type ParsedArgs } from '../args';
import { EXIT_OK, UsageError, type CliIo } from '../io';
import { isMonteCarloWorker, runInWorkers, runWorker, threadsFor } from './montecarlo-workers';
import { loadSystem } from './simulation-input';

/** The usage line, for errors. */
const montecarloUsage = 'topo montecarlo FILE [--years N] [--seed S] [--workers N] [--method plain|importance] [--cycles N] [--format text|json] [--system NAME]';


/** Runs `topo montecarlo`; resolves to the exit code. */
export async function runMontecarlo(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, {
    years: { value: true }, seed: { value: true }, workers: { value: true }, format: { value: true }, system: { value: true },
    method: { value: true }, cycles: { value: true },
  });
  const method = choice(args, 'method', ['plain', 'importance'] as const, 'plain');
  const format = choice(args, 'format', ['text', 'json'] as const, 'text');
  const years = intFlag(args, 'years', LIMITS.years);
  const seed = intFlag(args, 'seed', LIMITS.seed);
  const workers = intFlag(args, 'workers', LIMITS.workers);
  if (args.positional.length > 1) throw new UsageError(`one file at a time (got ${args.positional.length})\nusage: ${montecarloUsage}`);

  const input = loadSystem(args.positional[0], flag(args, 'system'), io, montecarloUsage);
  if (typeof input === 'number') return input;
  const model = input.system.model;
  const analytic = input.system.analysis?.unavailability ?? NaN;
  if (method === 'importance') return runImportance(args, model, analytic, seed, format, io);
  if (flag(args, 'cycles') !== undefined) throw new UsageError('--cycles goes with --method importance');
  const progress = format === 'text' && io.isTTY ? progressBar(io, years, 'years') : undefined;
  const options = { years, seed, streams: workers };
  let result: MonteCarloResult;
  if (workers === 1) {
    const run = createMonteCarlo(model, options, analytic);
    const chunkYears = Math.max(1, years / 200);
    while (!run.run(chunkYears)) progress?.update(run.progress);
    result = run.result();
  } else {
    // More threads than cores only add memory (a bundle and a heap each) and time; the streams,
    // and so the numbers, stay those of --workers N however many threads run them.
    const threads = threadsFor(workers);
    if (threads < workers) io.err(`topo montecarlo: --workers ${workers} lowered to ${threads} (the cores available); the ${workers} streams, and so the results, stay those of --workers ${workers}\n`);
    const structure = compileStructure(model);
    const stats = await runInWorkers(input.text, model.name, streamPlan(options), threads, (f) => progress?.update(f),
      (plan, onFraction) => runStream(structure, plan, onFraction, Math.max(1, plan.years / 200)));
    result = mergeStreams(stats, options, analytic);
  }
  progress?.done();
  // JSON escapes its own controls; the system's name is escaped for the terminal.
  io.out(format === 'json' ? JSON.stringify({ system: model.name, ...result }, null, 2) + '\n' : escapeTerminal(formatMonteCarloText(model.name, result), { keepNewlines: true }));
  return EXIT_OK;
}

/** `--method importance`: regenerative cycles with failure biasing, for highly available designs. */
function runImportance(args: ParsedArgs, model: SystemModel, analytic: number, seed: number, format: 'text' | 'json', io: CliIo): number {
  if (flag(args, 'years') !== undefined || flag(args, 'workers') !== undefined) throw new UsageError('--method importance counts --cycles, not --years or --workers');
  const cycles = intFlag(args, 'cycles', LIMITS.cycles);
  const sampler = new RegenerativeImportanceSampler(compileStructure(model), { cycles, seed });
  const progress = format === 'text' && io.isTTY ? progressBar(io, cycles, 'cycles') : undefined;
  const chunk = Math.max(1, Math.ceil(cycles / 200));
  while (!sampler.run(chunk)) progress?.update(sampler.progress);
  progress?.done();
  const result = sampler.result(analytic);
  io.out(format === 'json' ? JSON.stringify({ system: model.name, ...result }, null, 2) + '\n' : escapeTerminal(formatImportanceText(model.name, result), { keepNewlines: true }));
  return EXIT_OK;
}

/** A one-line progress bar on stderr, redrawn at most every 100 ms. */
function progressBar(io: CliIo, total: number, unit: string): { update(fraction: number): void; done(): void } {
  const width = 30;
  let lastDraw = 0;
  const draw = (fraction: number) => {
    const filled = Math.round(fraction * width);
    const done = Math.round(fraction * total).toLocaleString('en-US');
    // The carriage return redraws the line; what follows it is escaped like every line for people.
    io.err('\r' + escapeTerminal(`[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}%  ${done} / ${total.toLocaleString('en-US')} ${unit}`));
  };
  return {
    update(fraction: number) {
      const now = Date.now();
      if (now - lastDraw < 100) return;
      lastDraw = now;
      draw(fraction);
    },
    done() {
      draw(1);
      io.err('\n');
    },
  };
}

// A worker thread started by `--workers` runs this command's bundle file again (dist/cli/montecarlo.js,
// see ./montecarlo-workers.ts): loading it is the worker's start, and its stream is all it does.
if (isMonteCarloWorker()) runWorker();
