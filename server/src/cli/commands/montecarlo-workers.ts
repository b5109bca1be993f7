/**
 * `--workers N`: the N streams of a Monte Carlo run, in at most as many threads as there are
 * cores — the main thread runs its share itself and one worker thread each other share (a worker
 * costs a load of the whole bundle and a cold JIT, ~30 MB; the main thread has both already).
 * The plan (N streams, each its seed's stream k) does not change with the threads, so a seed and
 * N give the same numbers on 2 cores as on 64. A worker is the command's bundle file started
 * again (`new Worker(__filename)`, dist/cli/montecarlo.js); montecarlo.ts sends it here when it
 * loads and finds `workerData.topoMonteCarlo`. Each worker is given the model (a system, or the
 * composite of a system with its dependencies or of a journey: plain data), compiles it, runs
 * its streams of the plan one after the other and posts their statistics, so N streams in
 * threads give exactly what N streams in one thread give.
 */
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { compileStructure, FIRST_SLICE_YEARS, MonteCarloStream, type StreamOptions, type StreamStats, type Structure, type SystemModel } from '../../core/index';
import { runSliced, runSlicedSync } from '../long-work';

interface WorkerJob {
  topoMonteCarlo: true;
  /** What to simulate, as plain data (a model imports no file again: an estate's composite is whole). */
  model: SystemModel;
  /** The streams this worker runs, in order. */
  plans: StreamOptions[];
  /** [0] becomes 1 when the run is to stop (Ctrl-C): the worker then posts what it has. */
  stop: Int32Array;
}

/** `done` carries a stream's statistics for every stream begun (the last one partial when stopped). */
type WorkerMessage = { type: 'progress'; index: number; fraction: number } | { type: 'done'; stats: StreamStats[]; finished: boolean } | { type: 'error'; message: string };



/** The threads to run `streams` streams in: one per stream, at most one per core this process may use. */
export function threadsFor(streams: number): number {
  return Math.max(1, Math.min(streams, availableParallelism()));
}

/** True when this thread is a Monte Carlo worker (then `runWorker` is all it should do). */
export function isMonteCarloWorker(): boolean {
  return !isMainThread && (workerData as Partial<WorkerJob> | null)?.topoMonteCarlo === true;
}

/** The worker side: its streams one after the other, progress now and then, the statistics at the end. */
export function runWorker(): void {
  const job = workerData as WorkerJob;
  const post = (m: WorkerMessage) => parentPort?.postMessage(m);
  try {
    // The model is all a stream needs: no exact analysis in the workers.
    const structure = compileStructure(job.model);
    const stopped = () => Atomics.load(job.stop, 0) === 1;
    const stats: StreamStats[] = [];
    let finished = true;
    for (let index = 0; index < job.plans.length && finished; index++) {
      const stream = new MonteCarloStream(structure, job.plans[index] as StreamOptions);
      let last = 0;
      finished = runSlicedSync((y) => stream.run(y), FIRST_SLICE_YEARS, stopped, () => {
        if (stream.progress - last >= 0.01) {
          last = stream.progress;
          post({ type: 'progress', index, fraction: last });
        }
      });
      if (finished) post({ type: 'progress', index, fraction: 1 });
      stats.push(finished ? stream.result() : stream.resultSoFar());
    }
    post({ type: 'done', stats, finished });
  } catch (e) {
    post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
}

/**
 * Runs the streams of `plans` in `threads` threads: stream k in share k mod `threads`; share 0
 * in this thread (after the workers are started, so they run alongside it, and in slices, so
 * their messages and Ctrl-C are heard), every other share in its own worker thread. Resolves to
 * the statistics of every stream begun, and whether all finished: when `stop()` turns true the
 * run stops after its slice, and each thread gives what it has (the streams it began, the last
 * one partial). `onProgress` gets the overall share done.
 */
export async function runInWorkers(
  model: SystemModel,
  plans: StreamOptions[],
  threads: number,
  onProgress: (fraction: number) => void,
  stop: () => boolean,
  /** The compiled system, for this thread's share (the workers compile their own from `model`). */
  structure: Structure,
): Promise<{ stats: StreamStats[]; finished: boolean }> {
  const fractions = plans.map(() => 0);
  const totalYears = plans.reduce((t, p) => t + p.years, 0);
  const report = () => onProgress(plans.reduce((t, p, k) => t + p.years * (fractions[k] as number), 0) / totalYears);
  const shares = Array.from({ length: Math.max(1, Math.min(threads, plans.length)) }, (_v, share) => plans.map((_p, k) => k).filter((k) => k % threads === share));
  const stats: StreamStats[] = [];
  const workers: Worker[] = [];
  const stopFlag = new Int32Array(new SharedArrayBuffer(4));
  let finished = true;
  try {
    const others = shares.slice(1).map((share, i) => new Promise<void>((resolve, reject) => {
      const job: WorkerJob = { topoMonteCarlo: true, model, plans: share.map((k) => plans[k] as StreamOptions), stop: stopFlag };
      const worker = new Worker(__filename, { workerData: job, argv: ['montecarlo'] });
      workers.push(worker);
      worker.on('message', (m: WorkerMessage) => {
        if (m.type === 'progress') {
          fractions[share[m.index] as number] = m.fraction;
          report();
        } else if (m.type === 'done') {
          m.stats.forEach((s, index) => (stats[share[index] as number] = s));
          if (!m.finished) finished = false;
          resolve();
        } else {
          reject(new Error(m.message));
        }
      });
      worker.on('error', reject);
      worker.on('exit', (code) => {
        if (code !== 0) reject(new Error(`worker ${i + 1} stopped with exit code ${code}`));
      });
    }));
    // Rejections are taken by Promise.all below; until then none is unhandled.
    others.forEach((p) => p.catch(() => undefined));
    const stopped = () => {
      if (stop()) Atomics.store(stopFlag, 0, 1);
      return Atomics.load(stopFlag, 0) === 1;
    };
    for (const k of shares[0] ?? []) {
      const stream = new MonteCarloStream(structure, plans[k] as StreamOptions);
      const done = await runSliced((y) => stream.run(y), FIRST_SLICE_YEARS, stopped, () => {
        fractions[k] = stream.progress;
        report();
      });
      stats[k] = done ? stream.result() : stream.resultSoFar();
      if (!done) {
        finished = false;
        break;
      }
    }
    // This thread's share is done (or stopped): wait for the workers, passing Ctrl-C on to them.
    const watch = setInterval(stopped, 50);
    try {
      await Promise.all(others);
    } finally {
      clearInterval(watch);
    }
    return { stats: stats.filter((s) => s !== undefined), finished };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
