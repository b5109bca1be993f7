/**
 * `--workers N`: the streams of a Monte Carlo run in N threads — the main thread runs the first
 * stream itself and N − 1 worker threads the others (a worker costs a load of the whole bundle
 * and a cold JIT; the main thread has both already). A worker is the command's bundle file
 * started again (`new Worker(__filename)`, dist/cli/montecarlo.js); montecarlo.ts sends it here
 * when it loads and finds `workerData.topoMonteCarlo`. Each worker re-reads the model from the text, runs one stream of
 * the plan and posts its statistics, so N threads give exactly what N streams in one thread give.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { buildModel, compileStructure, parse, runStream, type StreamOptions, type StreamStats } from '../../core/index';

interface WorkerJob {
  topoMonteCarlo: true;
  text: string;
  systemName: string;
  plan: StreamOptions;
}

type WorkerMessage = { type: 'progress'; fraction: number } | { type: 'done'; stats: StreamStats } | { type: 'error'; message: string };

/** True when this thread is a Monte Carlo worker (then `runWorker` is all it should do). */
export function isMonteCarloWorker(): boolean {
  return !isMainThread && (workerData as Partial<WorkerJob> | null)?.topoMonteCarlo === true;
}

/** The worker side: one stream, progress now and then, the statistics at the end. */
export function runWorker(): void {
  const job = workerData as WorkerJob;
  const post = (m: WorkerMessage) => parentPort?.postMessage(m);
  try {
    // The model is all a stream needs: no exact analysis in the workers.
    const system = buildModel(parse(job.text)).systems.find((s) => s.name === job.systemName);
    if (!system) throw new Error(`system '${job.systemName}' not found in the worker`);
    let last = 0;
    const stats = runStream(compileStructure(system), job.plan, (fraction) => {
      if (fraction - last >= 0.01) {
        last = fraction;
        post({ type: 'progress', fraction });
      }
    }, Math.max(1, job.plan.years / 200));
    post({ type: 'done', stats });
  } catch (e) {
    post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
}

/**
 * Runs the streams of `plans`: the first with `runHere` in this thread (after the workers are
 * started, so they run alongside it), every other in its own worker thread; `onProgress` gets
 * the overall share done.
 */
export async function runInWorkers(
  text: string,
  systemName: string,
  plans: StreamOptions[],
  onProgress: (fraction: number) => void,
  runHere: (plan: StreamOptions, onFraction: (fraction: number) => void) => StreamStats,
): Promise<StreamStats[]> {
  const fractions = plans.map(() => 0);
  const totalYears = plans.reduce((t, p) => t + p.years, 0);
  const report = () => onProgress(plans.reduce((t, p, k) => t + p.years * (fractions[k] as number), 0) / totalYears);
  const workers: Worker[] = [];
  try {
    const others = plans.slice(1).map((plan, i) => new Promise<StreamStats>((resolve, reject) => {
      const k = i + 1;
      const job: WorkerJob = { topoMonteCarlo: true, text, systemName, plan };
      const worker = new Worker(__filename, { workerData: job, argv: ['montecarlo'] });
      workers.push(worker);
      worker.on('message', (m: WorkerMessage) => {
        if (m.type === 'progress') {
          fractions[k] = m.fraction;
          report();
        } else if (m.type === 'done') {
          fractions[k] = 1;
          report();
          resolve(m.stats);
        } else {
          reject(new Error(m.message));
        }
      });
      worker.on('error', reject);
      worker.on('exit', (code) => {
        if (code !== 0) reject(new Error(`worker ${k} stopped with exit code ${code}`));
      });
    }));
    // Rejections are taken by Promise.all below; until then (this thread is busy) none is unhandled.
    others.forEach((p) => p.catch(() => undefined));
    const first = runHere(plans[0]!, (fraction) => {
      fractions[0] = fraction;
      report();
    });
    return [first, ...(await Promise.all(others))];
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
