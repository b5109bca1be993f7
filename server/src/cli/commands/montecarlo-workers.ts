/**
 * `--workers N`: the N streams of a Monte Carlo run, in at most as many threads as there are
 * cores — the main thread runs its share itself and one worker thread each other share (a worker
 * costs a load of the whole bundle and a cold JIT, ~30 MB; the main thread has both already).
 * The plan (N streams, each its seed's stream k) does not change with the threads, so a seed and
 * N give the same numbers on 2 cores as on 64. A worker is the command's bundle file started
 * again (`new Worker(__filename)`, dist/cli/montecarlo.js); montecarlo.ts sends it here when it
 * loads and finds `workerData.topoMonteCarlo`. Each worker re-reads the model from the text, runs
 * its streams of the plan one after the other and posts their statistics, so N streams in
 * threads give exactly what N streams in one thread give.
 */
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { buildModel, compileStructure, parse, runStream, type StreamOptions, type StreamStats } from '../../core/index';

interface WorkerJob {
  topoMonteCarlo: true;
  text: string;
  systemName: string;
  /** The streams this worker runs, in order. */
  plans: StreamOptions[];
}

type WorkerMessage = { type: 'progress'; index: number; fraction: number } | { type: 'done'; stats: StreamStats[] } | { type: 'error'; message: string };

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
    const system = buildModel(parse(job.text)).systems.find((s) => s.name === job.systemName);
    if (!system) throw new Error(`system '${job.systemName}' not found in the worker`);
    const structure = compileStructure(system);
    const stats = job.plans.map((plan, index) => {
      let last = 0;
      const result = runStream(structure, plan, (fraction) => {
        if (fraction - last >= 0.01) {
          last = fraction;
          post({ type: 'progress', index, fraction });
        }
      }, Math.max(1, plan.years / 200));
      post({ type: 'progress', index, fraction: 1 });
      return result;
    });
    post({ type: 'done', stats });
  } catch (e) {
    post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
}

/**
 * Runs the streams of `plans` in `threads` threads: stream k in share k mod `threads`; share 0
 * with `runHere` in this thread (after the workers are started, so they run alongside it), every
 * other share in its own worker thread. Resolves to the statistics in the plans' order;
 * `onProgress` gets the overall share done.
 */
export async function runInWorkers(
  text: string,
  systemName: string,
  plans: StreamOptions[],
  threads: number,
  onProgress: (fraction: number) => void,
  runHere: (plan: StreamOptions, onFraction: (fraction: number) => void) => StreamStats,
): Promise<StreamStats[]> {
  const fractions = plans.map(() => 0);
  const totalYears = plans.reduce((t, p) => t + p.years, 0);
  const report = () => onProgress(plans.reduce((t, p, k) => t + p.years * (fractions[k] as number), 0) / totalYears);
  const shares = Array.from({ length: Math.max(1, Math.min(threads, plans.length)) }, (_v, share) => plans.map((_p, k) => k).filter((k) => k % threads === share));
  const stats: StreamStats[] = [];
  const workers: Worker[] = [];
  try {
    const others = shares.slice(1).map((share, i) => new Promise<void>((resolve, reject) => {
      const job: WorkerJob = { topoMonteCarlo: true, text, systemName, plans: share.map((k) => plans[k] as StreamOptions) };
      const worker = new Worker(__filename, { workerData: job, argv: ['montecarlo'] });
      workers.push(worker);
      worker.on('message', (m: WorkerMessage) => {
        if (m.type === 'progress') {
          fractions[share[m.index] as number] = m.fraction;
          report();
        } else if (m.type === 'done') {
          m.stats.forEach((s, index) => (stats[share[index] as number] = s));
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
    // Rejections are taken by Promise.all below; until then (this thread is busy) none is unhandled.
    others.forEach((p) => p.catch(() => undefined));
    for (const k of shares[0] ?? []) {
      stats[k] = runHere(plans[k] as StreamOptions, (fraction) => {
        fractions[k] = fraction;
        report();
      });
    }
    await Promise.all(others);
    return stats;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
