/**
 * Topo's custom LSP messages, declared once as typed `RequestType`/`NotificationType` values and
 * shared by the server (server/src/lsp), the VS Code client (client/src) and the tests: a
 * handler or a `sendRequest` names the declaration, so its parameters and result are checked at
 * both ends and no call site casts. Standard LSP features need no declaration here. The shapes
 * themselves (the diagram view, the report JSON, timelines) are the core's public types.
 *
 * Every request takes the document's URI; the server answers from its latest analysis of
 * that document (or analyses it on demand).
 */
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { BlastResult, DiagramView, DocumentReport, FailureTarget, FileDiff, HeadlineView, MonteCarloResult, ScenarioResult } from './core/index';

export type { FailureTarget } from './core/index';

export interface DocumentParams {
  uri: string;
}

/** `topo/diagram`: the view model of the document's diagram, or null when it has no system. */
export type DiagramParams = DocumentParams;
export type DiagramResult = DiagramView | null;
export const DiagramRequest = new RequestType<DiagramParams, DiagramResult, void>('topo/diagram');

/** `topo/report`: the availability report (figures, downtime table, SPOFs, cut sets, advice). */
export type ReportParams = DocumentParams;
/** The report as Markdown and as the `topo check --format json` entry of this one file. */
export type ReportResult = DocumentReport;
export const ReportRequest = new RequestType<ReportParams, ReportResult, void>('topo/report');

/**
 * `topo/failureTargets`: what can be failed in a simulation (for a quick pick), of one subject, chosen as `topo/simulate` chooses it: `system` (a system
 * with dependencies lists its composite's elements, `service.element`) or `journey` (its name, or
 * SYSTEM/NAME: its composite's). Every target listed is one `topo/simulate` accepts for the same
 * `system`/`journey`. Without either, the targets of every system of the file. A subject the
 * simulation would refuse (unknown, ambiguous, or without figures) is answered with a
 * `RequestFailed` error carrying the words `topo/simulate` would give.
 */
export interface FailureTargetsParams extends DocumentParams {
  system?: string;
  journey?: string;
}
export type FailureTargetsResult = FailureTarget[];
export const FailureTargetsRequest = new RequestType<FailureTargetsParams, FailureTargetsResult, void>('topo/failureTargets');

/** `topo/simulate`: a failover timeline. Give either `failures` or `scenario`. */
export interface SimulateParams extends DocumentParams {
  failures?: { element: string; at: number }[];
  scenario?: string;
  /** Which system of the file (default: the first); a system with dependencies is simulated with them. */
  system?: string;
  /** A journey instead of a system: its name, or SYSTEM/NAME (docs/language.md, "Estates"). */
  journey?: string;
}
export type SimulateResult = { ok: true; result: ScenarioResult } | { ok: false; error: string };
export const SimulateRequest = new RequestType<SimulateParams, SimulateResult, void>('topo/simulate');

/** `topo/monteCarlo`: a Monte Carlo run; supports work-done progress and cancellation. */
export interface MonteCarloParams extends DocumentParams {
  years: number;
  seed: number;
  system?: string;
  /** A journey instead of a system: its name, or SYSTEM/NAME. */
  journey?: string;
  workDoneToken?: string | number;
}
export type MonteCarloResponse = { ok: true; result: MonteCarloResult } | { ok: false; error: string };
export const MonteCarloRequest = new RequestType<MonteCarloParams, MonteCarloResponse, void>('topo/monteCarlo');

/**
 * `topo/blast`: what fails if `element` fails (docs/language.md, "Estates"; `topo blast`): an
 * instance, a node, a site, a zone, a region or a whole service, in every system and journey of
 * the document's estate. `{ ok: false, error }` when the name is none of these.
 */
export interface BlastParams extends DocumentParams {
  element: string;
}
export type BlastResponse = BlastResult;
export const BlastRequest = new RequestType<BlastParams, BlastResponse, void>('topo/blast');

/**
 * `topo/diff`: what the document's current text does to the figures compared with its version at
 * a git revision (`topo diff REV:path FILE`; docs/editor.md, "Compare with a revision"). The
 * document must be a file in a git repository; its imports are read at the revision for the
 * revision's side and as the editor has them for the current one. A file absent at the revision
 * is compared as added. `{ ok: false, error }` (one line, for people) when the document is not
 * on disk or not in a repository, the revision names no commit, or git cannot run.
 */
export interface DiffParams extends DocumentParams {
  /** A branch, tag, commit or any revision git takes (`HEAD`, `main`, `HEAD~2`, a hash). */
  revision: string;
}
export type DiffResponse =
  | {
    ok: true;
    /** The revision as asked, and the commit it named. */
    revision: string;
    commit: { hash: string; short: string; subject: string; when: string };
    /** The comparison (`diffDocuments`), the revision's side labelled `REV:path`. */
    diff: FileDiff;
    /** `topo diff --format markdown` of it. */
    markdown: string;
  }
  | { ok: false; error: string };
export const DiffRequest = new RequestType<DiffParams, DiffResponse, void>('topo/diff');

/**
 * `topo/revisions`: what to offer for `topo/diff`: `HEAD` first, then the latest commits that
 * changed the document's file (at most `max`, default 20, newest first). Empty before the first
 * commit; `{ ok: false, error }` as for `topo/diff`.
 */
export interface RevisionsParams extends DocumentParams {
  max?: number;
}
export interface RevisionChoice {
  /** What to send as `topo/diff`'s `revision`. */
  revision: string;
  hash: string;
  short: string;
  subject: string;
  when: string;
}
export type RevisionsResponse = { ok: true; revisions: RevisionChoice[] } | { ok: false; error: string };
export const RevisionsRequest = new RequestType<RevisionsParams, RevisionsResponse, void>('topo/revisions');

/**
 * `topo/analysed` (server → client notification): sent after each analysis of a document,
 * so the status bar and an open diagram update live.
 */
export interface AnalysedParams {
  uri: string;
  version: number;
  /**
   * Per system, the diagram headline's figures (null where there are none); `unavailabilityBounds`
   * [lower, upper] only when U is a bound (the analysis stopped at its work limit, and
   * `unavailability` is the upper one).
   */
  systems: ({ name: string; unavailabilityBounds?: [number, number] } & Pick<HeadlineView, 'availability' | 'unavailability' | 'nines' | 'downtimeYearSeconds' | 'slo' | 'sloMet'>)[];
}
export const AnalysedNotification = new NotificationType<AnalysedParams>('topo/analysed');

/**
 * `topo/debug/heap`: the server's heap after a full garbage collection when the process was
 * started with `--expose-gc` (else as it stands), and how many analyses it has run. For the
 * benchmark and the tests ("one analysis per document version"); not for users.
 */
export interface DebugHeapResult {
  heapUsedBytes: number;
  /** The analysis worker's heap, when analyses run in a worker thread. */
  workerHeapUsedBytes?: number;
  /** True when a collection ran first (the figure is then comparable between calls). */
  collected: boolean;
  analyses: number;
}
/** No parameters: `{}`. */
export type DebugHeapParams = Record<string, never>;
export const DebugHeapRequest = new RequestType<DebugHeapParams, DebugHeapResult, void>('topo/debug/heap');

/** `initializationOptions` the server understands (all optional). */
export interface TopoInitializationOptions {
  /** Delay between the last edit and the analysis, in milliseconds (default 150; tests use 0). */
  debounceMs?: number;
  /** Largest minimal cut set order the analysis enumerates (default 3, like `topo check --max-order`; 1–6; can be changed live with `workspace/didChangeConfiguration`). */
  maxCutSetOrder?: number;
  /** Run analyses in a worker thread so requests are not held behind them (default true). */
  analysisWorker?: boolean;
  /**
   * How long a hover waits for the full analysis of the current version before it answers from
   * what is known (the routine analysis, or the parse alone, saying the figures are coming), in
   * milliseconds (default 300).
   */
  hoverWaitMs?: number;
}
