/**
 * Topo's custom LSP messages, declared once and shared by the server (server/src/lsp) and the
 * VS Code client (client/src). Standard LSP features need no declaration here.
 *
 * Every request takes the document's URI; the server answers from its latest analysis of
 * that document (or analyses it on demand).
 */
import type { Range } from '../../grammar/src/text';
import type { DiagramView } from './core/diagram/types';
import type { MonteCarloResult, ScenarioResult } from './core/simulation/types';

export interface DocumentParams {
  uri: string;
}

/** `topo/diagram`: the view model of the document's diagram, or null when it has no system. */
export const DiagramRequest = { method: 'topo/diagram' } as const;
export type DiagramParams = DocumentParams;
export type DiagramResult = DiagramView | null;

/** `topo/report`: the availability report (figures, downtime table, SPOFs, cut sets, advice). */
export const ReportRequest = { method: 'topo/report' } as const;
export type ReportParams = DocumentParams;
export interface ReportResult {
  /** The report as Markdown, for a preview or a virtual document. */
  markdown: string;
  /** The `topo check --format json` object of this one file. */
  json: unknown;
}

/** `topo/failureTargets`: what can be failed in a simulation (for a quick pick). */
export const FailureTargetsRequest = { method: 'topo/failureTargets' } as const;
export type FailureTargetsParams = DocumentParams;
export interface FailureTarget {
  /** Name to pass in `failures` (qualified inside sites), or the scenario's name. */
  name: string;
  type: 'node' | 'instance' | 'site' | 'zone' | 'region' | 'scenario';
  /** A short description: its layer, its zone, what a scenario fails. */
  detail: string;
  range: Range;
}
export type FailureTargetsResult = FailureTarget[];

/** `topo/simulate`: a failover timeline. Give either `failures` or `scenario`. */
export const SimulateRequest = { method: 'topo/simulate' } as const;
export interface SimulateParams extends DocumentParams {
  failures?: { element: string; at: number }[];
  scenario?: string;
  /** Which system of the file (default: the first). */
  system?: string;
}
export type SimulateResult = { ok: true; result: ScenarioResult } | { ok: false; error: string };

/** `topo/monteCarlo`: a Monte Carlo run; supports work-done progress and cancellation. */
export const MonteCarloRequest = { method: 'topo/monteCarlo' } as const;
export interface MonteCarloParams extends DocumentParams {
  years: number;
  seed: number;
  system?: string;
  workDoneToken?: string | number;
}
export type MonteCarloResponse = { ok: true; result: MonteCarloResult } | { ok: false; error: string };

/**
 * `topo/analysed` (server → client notification): sent after each analysis of a document,
 * so the status bar and an open diagram update live.
 */
export const AnalysedNotification = { method: 'topo/analysed' } as const;
export interface AnalysedParams {
  uri: string;
  version: number;
  systems: {
    name: string;
    availability: number | null;
    unavailability: number | null;
    nines: number | null;
    downtimeYearSeconds: number | null;
    slo: number | null;
    sloMet: boolean | null;
  }[];
}

/**
 * `topo/debug/heap`: the server's heap after a full garbage collection when the process was
 * started with `--expose-gc` (else as it stands), and how many analyses it has run. For the
 * benchmark and the tests ("one analysis per document version"); not for users.
 */
export const DebugHeapRequest = { method: 'topo/debug/heap' } as const;
export interface DebugHeapResult {
  heapUsedBytes: number;
  /** The analysis worker's heap, when analyses run in a worker thread. */
  workerHeapUsedBytes?: number;
  /** True when a collection ran first (the figure is then comparable between calls). */
  collected: boolean;
  analyses: number;
}

/** `initializationOptions` the server understands (all optional). */
export interface TopoInitializationOptions {
  /** Delay between the last edit and the analysis, in milliseconds (default 150; tests use 0). */
  debounceMs?: number;
  /** Largest minimal cut set order the analysis enumerates (default 3, like `topo check --max-order`; 1–6; can be changed live with `workspace/didChangeConfiguration`). */
  maxCutSetOrder?: number;
  /** Run analyses in a worker thread so requests are not held behind them (default true). */
  analysisWorker?: boolean;
}
