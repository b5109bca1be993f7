/** Topo's own requests (declared in ../protocol.ts): diagram, report, failure targets, simulation, Monte Carlo, blast radius, comparison with a revision. */
import { ErrorCodes, LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver/node';
import {
  BlastRequest, DebugHeapRequest, DiagramRequest, DiffRequest, FailureTargetsRequest, MonteCarloRequest, ReportRequest, RevisionsRequest, SimulateRequest,
  type DocumentParams, type MonteCarloParams, type MonteCarloResponse,
} from '../protocol';
import {
  analyticOf, blastRadius, buildDiagramView, createMonteCarlo, documentReport, failureTargets, FIRST_SLICE_YEARS, journeyName, LIMITS, scenarioFailures, simulateScenario, slices, type AnalysedSystem,
} from '../core/index';
import { compareWithRevision, RevisionSides, revisionsOf } from './compare';
import type { ServerContext } from './context';
import { Cancelled, guarded } from './guard';
import { withParams } from './params';
import type { Snapshot } from './snapshots';

/** Target wall time of one Monte Carlo slice between yields, so cancellation and other requests stay responsive. */
const LSP_SLICE_MS = 20;

/** Registers Topo's own requests on the connection. */
export function registerCustomRequests(ctx: ServerContext): void {
  const c = ctx.connection;
  c.onRequest(DiagramRequest, guarded(c, DiagramRequest.method, withParams(DiagramRequest, async (p) => {
    const s = await open(ctx, DiagramRequest.method, p, true);
    return s.analysis.systems.length ? buildDiagramView(s.analysis) : null;
  })));

  c.onRequest(ReportRequest, guarded(c, ReportRequest.method, withParams(ReportRequest, async (p) => {
    const s = await open(ctx, ReportRequest.method, p, true);
    return documentReport(fileNameOf(p.uri), s.analysis);
  })));

  c.onRequest(FailureTargetsRequest, guarded(c, FailureTargetsRequest.method, withParams(FailureTargetsRequest, async (p) => {
    const s = await open(ctx, FailureTargetsRequest.method, p);
    if (p.system === undefined && p.journey === undefined) return failureTargets(s.analysis.systems.map((x) => x.composite ?? x.model));
    // Exactly what topo/simulate would simulate for the same subject, so every target is one it accepts.
    const picked = pickSystem(s, p.system, p.journey);
    if (!picked.ok) throw new ResponseError(LSPErrorCodes.RequestFailed, picked.error);
    return failureTargets([picked.system.model]);
  })));

  c.onRequest(SimulateRequest, guarded(c, SimulateRequest.method, withParams(SimulateRequest, async (p) => {
    const sys = pickSystem(await open(ctx, SimulateRequest.method, p), p.system, p.journey);
    if (!sys.ok) return sys;
    let failures = p.failures;
    if (p.scenario !== undefined) {
      const resolved = scenarioFailures(sys.system.model, p.scenario);
      if (!resolved.ok) return { ok: false, error: resolved.error };
      failures = resolved.result;
    }
    if (!failures || failures.length === 0) return { ok: false, error: 'Give `failures` or a `scenario` to simulate.' };
    const outcome = simulateScenario(sys.system.model, failures);
    return outcome.ok ? { ok: true, result: outcome.result } : { ok: false, error: outcome.error };
  })));

  c.onRequest(BlastRequest, guarded(c, BlastRequest.method, withParams(BlastRequest, async (p) => blastRadius((await open(ctx, BlastRequest.method, p)).analysis, p.element))));

  c.onRequest(RevisionsRequest, guarded(c, RevisionsRequest.method, withParams(RevisionsRequest, async (p) => revisionsOf(p))));

  const sides = new RevisionSides();
  c.onRequest(DiffRequest, guarded(c, DiffRequest.method, withParams(DiffRequest, async (p) => compareWithRevision(ctx, p, await open(ctx, DiffRequest.method, p, true), sides))));

  c.onRequest(MonteCarloRequest, guarded(c, MonteCarloRequest.method, withParams(MonteCarloRequest, (p: MonteCarloParams, token) => monteCarlo(ctx, p, token))));

  c.onRequest(DebugHeapRequest, guarded(c, DebugHeapRequest.method, withParams(DebugHeapRequest, async () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (gc) gc();
    const worker = await ctx.cache.worker?.heapUsed();
    return {
      heapUsedBytes: process.memoryUsage().heapUsed,
      ...(worker !== undefined ? { workerHeapUsedBytes: worker } : {}),
      collected: gc !== undefined,
      analyses: ctx.cache.analyses,
    };
  })));
}

/** The document's current snapshot; `detailed` when the answer needs importance, advice or cut sets. */
async function open(ctx: ServerContext, method: string, p: DocumentParams, detailed = false): Promise<Snapshot> {
  const s = await (detailed ? ctx.detailed(p.uri) : ctx.snapshot(p.uri));
  if (!s) throw new ResponseError(ErrorCodes.InvalidParams, `${method}: params.uri must be an open document, and ${JSON.stringify(p.uri)} is not open`);
  return s;
}

type Picked = { ok: true; system: AnalysedSystem } | { ok: false; error: string };

/**
 * What to simulate: the system named (else the first), with its dependencies when it has some
 * (its composite, which its figures are about), or a journey's composite.
 */
function pickSystem(s: Snapshot, name: string | undefined, journey?: string): Picked {
  if (journey !== undefined) {
    const slash = journey.indexOf('/');
    const [owner, local] = slash >= 0 ? [journey.slice(0, slash), journey.slice(slash + 1)] : [name, journey];
    const found = s.analysis.journeys.filter((j) => j.model.name === local && (owner === undefined || j.model.system === owner));
    if (found.length !== 1) return { ok: false, error: found.length === 0 ? `No journey named '${journey}' in the document.` : `Several systems have a journey '${local}': say which with SYSTEM/${local}.` };
    const j = found[0]!;
    if (!j.composite || !j.analysis) return { ok: false, error: `Journey '${journeyName(j)}' has no figures; fix the error diagnostics first.` };
    return { ok: true, system: { model: j.composite, analysis: j.analysis } };
  }
  const systems = s.analysis.systems;
  const system = name === undefined ? systems[0] : systems.find((x) => x.model.name === name);
  if (!system) return { ok: false, error: name === undefined ? 'The document declares no system.' : `No system named '${name}' in the document.` };
  if (!system.model.analysable) return { ok: false, error: `System '${system.model.name}' has errors that stop the simulation; fix the error diagnostics first.` };
  if (system.composite && !system.analysis) return { ok: false, error: `System '${system.model.name}' has no figures: a service it uses has errors; fix the error diagnostics first.` };
  return { ok: true, system: system.composite ? { ...system, model: system.composite } : system };
}

async function monteCarlo(ctx: ServerContext, p: MonteCarloParams, token: CancellationToken): Promise<MonteCarloResponse> {
  const picked = pickSystem(await open(ctx, MonteCarloRequest.method, p), p.system, p.journey);
  if (!picked.ok) return picked;
  // The years and the seed are within the core's limits (lsp/params.ts).
  const years = p.years;
  const seed = p.seed ?? LIMITS.seed.default;
  const { model, analysis } = picked.system;
  const run = createMonteCarlo(model, { years, seed }, analyticOf(analysis));
  const progress = ctx.connection.window.attachWorkDoneProgress(p.workDoneToken);
  progress.begin(`Monte Carlo: ${years.toLocaleString('en-US')} years of ${model.name}`, 0, undefined, true);
  try {
    // In slices of about LSP_SLICE_MS (the core's policy), yielding between them so other
    // requests and $/cancelRequest are served: the first slice is a share of a year, since a year
    // of a huge layer can take half a minute.
    const work = slices((y) => run.run(y), {
      initialUnits: FIRST_SLICE_YEARS, stop: () => token.isCancellationRequested, now: () => performance.now(), sliceMs: LSP_SLICE_MS,
      onSlice: () => progress.report(Math.floor(run.progress * 100)),
    });
    for (let next = work.next(); !next.done; next = work.next()) await new Promise((resolve) => setImmediate(resolve));
    if (token.isCancellationRequested) throw new Cancelled();
    return { ok: true, result: run.result() };
  } finally {
    progress.done();
  }
}

/**
 * The file name a report is titled with: the URI's last segment, decoded. A segment that is not
 * valid percent-encoding (`bad%zz.topo`, from a client that does not escape `%`) is shown as
 * written rather than failing the request.
 */
function fileNameOf(uri: string): string {
  const segment = uri.slice(uri.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
