/**
 * The analysis off the main thread. On a large model one analysis takes hundreds of
 * milliseconds; run on the server's thread it would hold every request (completion, hover of
 * another file) behind it. The worker runs the same bundle (dist/server.js), which starts as a
 * worker when `workerData.topo` says so (see main.ts).
 *
 * The worker handles one job at a time; a queued job for a document is replaced by a newer one
 * for the same document, so a burst of versions costs at most the one running plus the newest.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort, Worker } from 'node:worker_threads';
import type { AnalysisOptions, DocumentAnalysis, DocumentSource } from '../core/index';
import { revisionSource } from '../git';
import { safeAnalyse } from './analyse';
import { lspSource } from './imports';
import { publicationOf, type Publication } from './publication';

/** `workerData.topo` of the analysis worker: tells the bundle to start as a worker, not a server. */
export const WORKER_MARK = 'topo-analysis-worker';

interface Job {
  id: number;
  uri: string;
  text: string;
  options: Partial<AnalysisOptions>;
  /** When set, the worker posts the version's publication (diagnostics, status) ahead of the analysis. */
  version?: number;
  /** Open documents' texts by file path, which imports read before the disk (lsp/imports.ts). */
  open?: Map<string, string>;
  /** A file at a git revision ("Compare with…"): its imports read from these texts (`Repository.filesAt`), not the disk. */
  revision?: RevisionFiles;
}

/** A file at a revision and the texts its imports reach there, read beforehand on the server's thread (the worker has no git). */
export interface RevisionFiles {
  shownAs: string;
  path: string;
  files: Map<string, string | null>;
}

/** Where a file at a revision comes from, its imports read from the texts read for it. */
export function revisionSourceOf(revision: RevisionFiles): DocumentSource {
  return revisionSource(revision.shownAs, revision.path, (target) => revision.files.get(target) ?? undefined);
}

/**
 * An analysis as the worker posts it: without the parse, which the server thread redoes when a
 * feature needs it (a few milliseconds) rather than paying to copy thousands of tokens per edit.
 */
export type RemoteAnalysis = Omit<DocumentAnalysis, 'parse'>;

interface Pending extends Job {
  resolve(a: RemoteAnalysis): void;
  reject(e: unknown): void;
  onPublication?(p: Publication): void;
}

/** What the worker posts: a job's publication (first, when asked), then its analysis. */
type Reply = { id: number; publication: Publication } | { id: number; analysis: RemoteAnalysis };

/** The worker's side: analyse what is posted, post the result back (or its heap, when asked). */
export function runAnalysisWorker(): void {
  parentPort?.on('message', (job: Job | { heap: number }) => {
    if ('heap' in job) {
      (globalThis as { gc?: () => void }).gc?.();
      parentPort?.postMessage({ heap: job.heap, heapUsedBytes: process.memoryUsage().heapUsed });
      return;
    }
    const revision = job.revision;
    const source = revision ? revisionSourceOf(revision) : lspSource(job.uri, job.open);
    const analysis = safeAnalyse(job.text, job.options, source);
    // The publication is small; the analysis takes milliseconds to copy on a large model.
    if (job.version !== undefined) parentPort?.postMessage({ id: job.id, publication: publicationOf(job.uri, job.version, analysis) } satisfies Reply);
    const { parse: _parse, ...remote } = analysis;
    parentPort?.postMessage({ id: job.id, analysis: remote } satisfies Reply);
  });
}

/**
 * The bundle a worker can run: dist/server.js beside the running bundle (the extension's server)
 * or one folder up (`topo lsp`, whose bundle is dist/cli/lsp.js), if it is there.
 */
export function workerBundle(): string | undefined {
  return [join(__dirname, 'server.js'), join(__dirname, '..', 'server.js')].find((p) => existsSync(p));
}

/** The server's side of the worker: a queue of at most one job per document. */
export class AnalysisWorker {
  private worker: Worker | undefined;
  private running: Pending | undefined;
  private readonly queue: Pending[] = [];
  private nextId = 1;
  /** Set when the worker failed to start or died twice: the caller analyses in its own thread. */
  broken = false;
  private deaths = 0;

  constructor(private readonly bundle: string, private readonly log: (message: string) => void) {}

  /**
   * Analyses a text in the worker. A queued job of the same document and detail is dropped in
   * favour of this one. Routine ('diagnostics') jobs go before queued 'full' ones, so that an
   * on-demand full analysis never delays the diagnostics of a newer edit by more than the job running.
   */
  analyse(
    uri: string, text: string, options: Partial<AnalysisOptions>, publication?: { version: number; ready(p: Publication): void }, open?: Map<string, string>, revision?: RevisionFiles,
  ): Promise<RemoteAnalysis> {
    return new Promise((resolve, reject) => {
      const superseded = this.queue.findIndex((p) => p.uri === uri && p.options.detail === options.detail);
      if (superseded >= 0) this.queue.splice(superseded, 1)[0]?.reject(new Superseded());
      const job: Pending = { id: this.nextId++, uri, text, options, resolve, reject, ...(open && open.size > 0 ? { open } : {}), ...(revision ? { revision } : {}) };
      if (publication) {
        job.version = publication.version;
        job.onPublication = publication.ready;
      }
      const firstFull = this.queue.findIndex((p) => p.options.detail === 'full');
      if (options.detail !== 'full' && firstFull >= 0) this.queue.splice(firstFull, 0, job);
      else this.queue.push(job);
      this.pump();
    });
  }

  /** The worker's heap after a GC (when --expose-gc), or undefined when no worker runs. */
  heapUsed(): Promise<number | undefined> {
    const worker = this.worker;
    if (!worker) return Promise.resolve(undefined);
    const ask = this.nextId++;
    return new Promise((resolve) => {
      const onMessage = (m: { heap?: number; heapUsedBytes?: number }) => {
        if (m.heap !== ask) return;
        worker.off('message', onMessage);
        resolve(m.heapUsedBytes);
      };
      worker.on('message', onMessage);
      worker.postMessage({ heap: ask });
    });
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private pump(): void {
    if (this.running || this.queue.length === 0) return;
    const worker = this.ensureWorker();
    const job = this.queue.shift() as Pending;
    if (!worker) {
      job.reject(new Error('analysis worker unavailable'));
      return;
    }
    this.running = job;
    worker.postMessage({
      id: job.id, uri: job.uri, text: job.text, options: job.options, version: job.version, ...(job.open ? { open: job.open } : {}), ...(job.revision ? { revision: job.revision } : {}),
    } satisfies Job);
  }

  private ensureWorker(): Worker | undefined {
    if (this.worker) return this.worker;
    try {
      const worker = new Worker(this.bundle, { workerData: { topo: WORKER_MARK }, stdout: true, stderr: true });
      worker.unref();
      worker.on('message', (m: Reply) => {
        const job = this.running;
        if (!job || job.id !== m.id) return;
        if ('publication' in m) return job.onPublication?.(m.publication);
        this.running = undefined;
        job.resolve(m.analysis);
        this.pump();
      });
      worker.on('error', (e) => this.died(e));
      worker.on('exit', (code) => {
        if (this.worker === worker && code !== 0) this.died(new Error(`analysis worker exited with code ${code}`));
      });
      this.worker = worker;
      return worker;
    } catch (e) {
      this.broken = true;
      this.log(`topo: cannot start the analysis worker, analysing in the server's thread: ${String(e)}`);
      return undefined;
    }
  }

  private died(e: unknown): void {
    this.log(`topo: the analysis worker failed: ${e instanceof Error ? e.message : String(e)}`);
    this.worker = undefined;
    if (++this.deaths >= 2) this.broken = true;
    const job = this.running;
    this.running = undefined;
    job?.reject(e);
    for (const q of this.queue.splice(0)) q.reject(e);
  }
}

/** A queued analysis replaced by one of a newer version of the same document. */
export class Superseded extends Error {}
