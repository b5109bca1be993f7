/**
 * Drives a language server with the fuzzer's edits and requests (fuzz-model.ts) and checks every
 * answer; shared by the fuzz suite (`fuzz.test.ts`) and the long run (`scripts/fuzz-lsp.ts`).
 *
 * A run is a sequence of steps. Each step sends one didChange to one of the open documents
 * (several are open at once: the server shares one analysis worker between them), then 0–3
 * requests about it or another document, all pipelined (no step waits for an answer); now and
 * then a document is closed and opened again with another text. At random *settle points* (on
 * average every 3 steps, and after the last) the client waits: for an answer to every request,
 * then for the diagnostics of each open document's current version. A configuration change
 * (`topo.maxCutSetOrder`, now and then an invalid value) is sent at a settle point; after a
 * valid new value every open document must be published again. The requests draw on what the
 * client knew at the last settle point (published diagnostics, failure targets), never on
 * answers racing with edits, so a seed sends the same messages in the same order every time.
 *
 * What is asserted (each failure carries the seed, the step and the last edit):
 * - the server process never exits, logs no failure (`topo: … failed`, uncaught, unhandled),
 *   writes nothing to stderr, and answers every request within the timeout (30 s by default);
 * - every response is a result or one of the deliberate refusals of `Refusal` (fuzz-model.ts);
 *   anything else — InternalError, another code, a message reading like a crash ('Cannot read
 *   properties', 'is not a function', a stack frame) — fails; so does a simulate or Monte Carlo
 *   `{ ok: false, error }` whose error reads like a crash;
 * - results are well formed: every range has whole non-negative positions with start ≤ end,
 *   semantic tokens come in fives of whole non-negative numbers, the edits of a formatting or a
 *   rename do not overlap;
 * - diagnostics, as server.ts promises them (with `debounceMs` 0 the analysis runs once the burst
 *   of queued edits has been read, so a burst publishes its last version, not every version):
 *   (a) every version the client waited on (each open document's current version at each
 *   settle point; settle points fall after single edits too) is published; (b) within one open
 *   session of a document the published versions strictly increase, except that a configuration
 *   change re-publishes the current version once; (c) every published version is one the client
 *   sent in that session; (d) closing publishes an empty list with no version; (e) no diagnostic
 *   has the code 'internal', and every one has a code, a severity and a well-formed range.
 */
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { FailureTargetsRequest, MonteCarloRequest, type FailureTarget } from '../../server/src/protocol';
import {
  applyEdit, describeEdit, openDoc, randomEdit, randomRequest, startDocuments, systemNames,
  type Corpus, type FuzzDoc, type FuzzEdit, type FuzzRequest, Random, type Refusal, type StartDocument,
} from './fuzz-model';
import type { LspHarness } from './harness';

export interface FuzzOptions {
  seed: number;
  /** didChange notifications to send in all. */
  edits: number;
  /** The documents open at the start; `large` keeps Monte Carlo runs short on it. */
  documents: StartDocument[];
  corpus: Corpus;
  /** Chance per step of closing a document and opening it again with another text (default 0.01). */
  reopenChance?: number;
  /** `topo.maxCutSetOrder` values a configuration change draws from (none: no changes); invalid ones are sent too. */
  maxOrders?: number[];
  /** Chance per settle point of a configuration change (default 0.05 when `maxOrders` is given). */
  configChance?: number;
  /** How long a settle point waits for answers and diagnostics (default 30 s). */
  timeoutMs?: number;
  /** 'throw' stops at the first failure (the test); 'record' counts them and goes on (the long run). */
  mode?: 'throw' | 'record';
  /** Stop at the first settle point after this time (Date.now() ms), however many edits are left. */
  stopAt?: number;
  /** Called after each settle point (progress, memory samples). */
  onSettle?: (stats: FuzzStats) => void;
}

/**
 * The options of a run on one of the `startDocuments` sets, as the suite and the long run both
 * use them (so `npx tsx scripts/fuzz-lsp.ts --seed S --edits N` sends what the test sent).
 */
export function standardRun(set: 'example' | 'large', seed: number, edits: number, corpus: Corpus, replicas?: number): FuzzOptions {
  return {
    seed, edits, corpus,
    documents: startDocuments(set, corpus, replicas),
    // Orders above 3 cost too much on 2,000 instances for a fuzz run.
    maxOrders: set === 'large' ? [1, 2, 3] : [1, 2, 3, 4, 5, 6],
  };
}

export interface FuzzFailure {
  seed: number;
  step: number;
  reason: string;
  lastEdit: string;
  request?: string;
  response?: string;
}

export interface FuzzStats {
  steps: number;
  edits: number;
  editsByKind: Record<string, number>;
  requests: Record<string, number>;
  /** Results with something in them (not null, not an empty list, not `{ ok: false }`), by method: how much of each feature the texts reached. */
  answered: Record<string, number>;
  /** The slowest answer of each method, in ms (pipelined: it includes the wait behind earlier messages). */
  slowestMs: Record<string, number>;
  /** Answers that took longer than SLOW_MS (not a failure unless past the timeout), and the first few of them. */
  slowCount: number;
  slow: string[];
  /** The documents of the first few slow answers, as they were when asked about. */
  slowTexts: { what: string; text: string }[];
  /** Deliberate refusals, by `method code`. */
  refusals: Record<string, number>;
  failures: FuzzFailure[];
  publications: number;
  /** Versions the client waited on (distinct document versions), each published. */
  versionsWaited: number;
  settles: number;
  reopens: number;
  configChanges: number;
  /** The server exited (its process ended) during the run. */
  crashed: boolean;
  memory: { startRss?: number; endRss?: number; maxRss?: number; peakRss?: number };
}

/** How long into a settle point a Monte Carlo run still going is cancelled. */
const LONG_RUN_MS = 3000;

/** An answer slower than this is counted and listed in the figures (a person would see the editor stall). */
export const SLOW_MS = 10_000;

/** The key under which `stats.requests` counts the failure targets each settle point asks for. */
export const SETTLE_TARGETS = `${FailureTargetsRequest.method} (at settle points)`;

/** Text that means an exception escaped somewhere, not a sentence written for a person. */
const CRASH_TEXT = /Cannot read propert|Cannot set propert|is not a function|is not iterable|is not defined|undefined is not|Maximum call stack|Invalid array length|\bat .*:\d+:\d+\)?\s*$|TypeError|ReferenceError|RangeError|SyntaxError|\[object Object\]/m;
/** A log line saying something went wrong (`ignoring the new setting` is a deliberate answer, not one of them). */
const BAD_LOG = /failed|uncaught|unhandled|exception|internal error/i;

interface Session {
  fuzz: FuzzDoc;
  large: boolean;
  /** Versions sent in this session (1 … fuzz.doc.version). */
  lastPublished: number;
  lastDiagnostics: Diagnostic[];
  /** Publications of this session. */
  publications: number;
  /** The last version a settle point waited for. */
  lastWaited: number;
  /** The client closed it: its last publication is the close's empty list. */
  closed: boolean;
  /** A configuration change was applied: the current version may be published once more. */
  repeatAllowed: boolean;
  history: string[];
}

export class FuzzFailureError extends Error {}

/** Formats a failure for a person replaying it. */
export function formatFailure(f: FuzzFailure): string {
  return [
    `fuzz failure (seed ${f.seed}, step ${f.step}): ${f.reason}`,
    ...(f.request ? [`  request: ${f.request}`] : []),
    ...(f.response ? [`  response: ${f.response}`] : []),
    `  last edit: ${f.lastEdit}`,
  ].join('\n');
}

const short = (value: unknown, max = 600): string => {
  let s: string;
  try {
    s = JSON.stringify(value) ?? String(value);
  } catch {
    s = String(value);
  }
  return s.length > max ? `${s.slice(0, max)}… (${s.length} chars)` : s;
};

export class LspFuzzer {
  readonly stats: FuzzStats = {
    steps: 0, edits: 0, editsByKind: {}, requests: {}, answered: {}, slowestMs: {}, slowCount: 0, slow: [], slowTexts: [], refusals: {}, failures: [], publications: 0, versionsWaited: 0,
    settles: 0, reopens: 0, configChanges: 0, crashed: false, memory: {},
  };
  private readonly random: Random;
  private readonly timeoutMs: number;
  /** Open sessions by URI, and per URI the sessions whose publications are still to come (closed ones first). */
  private readonly sessions = new Map<string, Session[]>();
  private readonly outstanding: { request: FuzzRequest; step: number; done: boolean; answer: Promise<void>; source: CancellationTokenSource | undefined }[] = [];
  private readonly toCancel: CancellationTokenSource[] = [];
  private step = 0;
  private running = false;
  private lastEdit = '(none yet)';
  private logCursor: number;
  private stderrCursor: number;
  private order: number | undefined;
  private readonly stopListening: () => void;

  constructor(private readonly lsp: LspHarness, private readonly options: FuzzOptions) {
    this.random = new Random(options.seed);
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.logCursor = lsp.logs.length;
    this.stderrCursor = lsp.stderr.length;
    this.stopListening = lsp.onDiagnostics((p) => this.published(p));
    void lsp.exitedPromise.then(() => {
      if (this.running) this.stats.crashed = true;
    });
  }

  /** Runs every step; resolves with the figures (in 'throw' mode, rejects at the first failure). */
  async run(): Promise<FuzzStats> {
    this.running = true;
    try {
      if (this.options.maxOrders) {
        // A known starting point: another run on the same server may have changed it.
        await this.lsp.notify('workspace/didChangeConfiguration', { settings: { topo: { maxCutSetOrder: 3 } } });
        this.order = 3;
      }
      for (const d of this.options.documents) await this.open(d.uri, d.text, d.large ?? false);
      await this.settle();
      this.sampleMemory('start');
      const reopenChance = this.options.reopenChance ?? 0.01;
      for (this.step = 1; this.step <= this.options.edits; this.step++) {
        this.stats.steps = this.step;
        const open = this.openSessions();
        let session = this.pickSession(open);
        if (this.random.chance(reopenChance)) session = await this.reopen(session);
        await this.edit(session);
        for (let n = this.random.int(0, 3); n > 0; n--) {
          const target = this.random.chance(0.7) ? session : this.random.pick(this.openSessions());
          this.send(randomRequest(target.fuzz, this.random, { largeDocument: target.large }));
        }
        // Cancelled once the step's messages are sent, so the order of messages is the seed's.
        for (const source of this.toCancel.splice(0)) source.cancel();
        if (this.step === this.options.edits || this.random.chance(0.3)) {
          await this.settle();
          if (this.options.stopAt !== undefined && Date.now() > this.options.stopAt) break;
        }
      }
      this.sampleMemory('end');
      return this.stats;
    } finally {
      this.running = false;
      await this.closeAll();
      this.stopListening();
    }
  }

  /**
   * Closes this run's documents and waits for their closes' publications, so that a run after it
   * on the same server (the suite runs several) starts from nothing of this one.
   */
  private async closeAll(): Promise<void> {
    if (this.lsp.proc.exitCode !== null || this.lsp.proc.signalCode !== null) return;
    for (const s of this.openSessions()) {
      s.closed = true;
      await this.lsp.close(s.fuzz.uri);
    }
    await this.lsp.until(() => [...this.sessions.values()].every((list) => list.length === 0), 10_000, 'the closes\' publications').catch(() => undefined);
  }

  /** The document to edit: by the weights of the options' documents (1 each by default). */
  private pickSession(open: Session[]): Session {
    const weight = (s: Session) => this.options.documents.find((d) => d.uri === s.fuzz.uri)?.weight ?? 1;
    let x = this.random.next() * open.reduce((sum, s) => sum + weight(s), 0);
    for (const s of open) {
      x -= weight(s);
      if (x < 0) return s;
    }
    return open[open.length - 1] as Session;
  }

  private openSessions(): Session[] {
    return [...this.sessions.values()].map((list) => list[list.length - 1]).filter((s): s is Session => s !== undefined && !s.closed);
  }

  private async open(uri: string, text: string, large: boolean): Promise<Session> {
    const session: Session = { fuzz: openDoc(uri, text), large, lastPublished: 0, lastDiagnostics: [], publications: 0, lastWaited: 0, closed: false, repeatAllowed: false, history: [text] };
    const list = this.sessions.get(uri) ?? [];
    list.push(session);
    this.sessions.set(uri, list);
    await this.lsp.open(uri, text, 1);
    return session;
  }

  /** Closes a document and opens it again (version 1) with another valid model or its own text. */
  private async reopen(session: Session): Promise<Session> {
    this.stats.reopens++;
    const uri = session.fuzz.uri;
    const text = this.random.chance(0.5) ? session.fuzz.doc.getText() : this.random.pick(this.options.corpus.models);
    this.lastEdit = `close and reopen ${uri} (${text.length} chars)`;
    session.closed = true;
    await this.lsp.close(uri);
    // Its publications after this are the close's empty list, then the new session's.
    return this.open(uri, text, session.large);
  }

  private async edit(session: Session): Promise<void> {
    const edit: FuzzEdit = randomEdit(session.fuzz, this.random, this.options.corpus, session.history);
    const version = applyEdit(session.fuzz, edit);
    this.lastEdit = describeEdit(session.fuzz.uri, version, edit);
    this.stats.edits++;
    this.stats.editsByKind[edit.kind] = (this.stats.editsByKind[edit.kind] ?? 0) + 1;
    await this.lsp.change(session.fuzz.uri, version, edit.changes);
  }

  /** Sends a request without waiting for it; its answer is checked when it comes. */
  private send(request: FuzzRequest): void {
    const { method, params } = request;
    this.stats.requests[method] = (this.stats.requests[method] ?? 0) + 1;
    const step = this.step;
    const lastEdit = this.lastEdit;
    // A Monte Carlo run may be long (a pasted `replicas 100000` makes each year long): like an
    // editor's progress notification, the client cancels one still running a while into a settle point.
    const longRunning = method === MonteCarloRequest.method;
    if (longRunning && !request.refusals.includes('cancelled')) request.refusals.push('cancelled');
    const source = request.cancel || longRunning ? new CancellationTokenSource() : undefined;
    const args: unknown[] = params === undefined ? [] : [params];
    if (source) args.push(source.token);
    const sent = performance.now();
    // The text the request was about, kept in case its answer is slow (the long run can write it out).
    const p = params as { uri?: unknown; textDocument?: { uri?: unknown } } | undefined;
    const uri = typeof p?.uri === 'string' ? p.uri : typeof p?.textDocument?.uri === 'string' ? p.textDocument.uri : undefined;
    const text = uri === undefined ? undefined : this.sessions.get(uri)?.at(-1)?.fuzz.doc.getText();
    const answer = (this.lsp.connection.sendRequest(method, ...args) as Promise<unknown>).finally(() => {
      const ms = performance.now() - sent;
      this.stats.slowestMs[method] = Math.max(this.stats.slowestMs[method] ?? 0, ms);
      if (ms > SLOW_MS) {
        this.stats.slowCount++;
        if (this.stats.slow.length < 20) this.stats.slow.push(`${method} ${short(params, 160)} at step ${step}: ${(ms / 1000).toFixed(1)} s`);
        if (text !== undefined && this.stats.slowTexts.length < 5) this.stats.slowTexts.push({ what: `${method} at step ${step}`, text });
      }
    });
    if (source && request.cancel) this.toCancel.push(source);
    const entry = { request, step, done: false, answer: Promise.resolve(), source };
    entry.answer = answer.then(
      (result) => this.checkResult(request, result, step, lastEdit),
      (error: unknown) => this.checkError(request, error, step, lastEdit),
    ).finally(() => (entry.done = true));
    this.outstanding.push(entry);
  }

  private fail(reason: string, extra: { step?: number; lastEdit?: string; request?: FuzzRequest; response?: unknown } = {}): void {
    this.stats.failures.push({
      seed: this.options.seed,
      step: extra.step ?? this.step,
      reason,
      lastEdit: extra.lastEdit ?? this.lastEdit,
      ...(extra.request ? { request: `${extra.request.method} ${extra.request.params === undefined ? '(no params)' : short(extra.request.params)}` } : {}),
      ...(extra.response !== undefined ? { response: short(extra.response) } : {}),
    });
  }

  private checkError(request: FuzzRequest, error: unknown, step: number, lastEdit: string): void {
    const e = error as { code?: number; message?: string };
    const message = e.message ?? String(error);
    const refusal = deliberate(request, e.code, message);
    if (refusal) {
      const key = `${request.method} ${e.code}`;
      this.stats.refusals[key] = (this.stats.refusals[key] ?? 0) + 1;
      return;
    }
    this.fail(`error response ${e.code ?? '(no code)'}: ${message}`, { step, lastEdit, request, response: { code: e.code, message } });
  }

  private checkResult(request: FuzzRequest, result: unknown, step: number, lastEdit: string): void {
    if (hasContent(result)) this.stats.answered[request.method] = (this.stats.answered[request.method] ?? 0) + 1;
    const problem = resultProblem(request.method, result);
    if (problem) this.fail(problem, { step, lastEdit, request, response: result });
  }

  /** A publishDiagnostics, checked against what the client sent (see the header: (b)–(e)). */
  private published(p: PublishDiagnosticsParams): void {
    const list = this.sessions.get(p.uri);
    if (!list) return; // not one of this run's documents
    this.stats.publications++;
    const session = list[0];
    if (!session) return this.fail(`diagnostics for ${p.uri}, which is not open`, { response: p });
    if (p.version === undefined || p.version === null) {
      // The close of the oldest session: the next publications are the following session's.
      if (!session.closed) return this.fail(`diagnostics with no version for ${p.uri}, which was not closed`, { response: p });
      if (p.diagnostics.length > 0) this.fail(`closing ${p.uri} published ${p.diagnostics.length} diagnostics, not an empty list`, { response: p });
      list.shift();
      return;
    }
    const v = p.version;
    // A closed session's document stays at its last version.
    if (!Number.isInteger(v) || v < 1 || v > session.fuzz.doc.version) this.fail(`diagnostics for ${p.uri} v${v}, a version never sent (last sent v${session.fuzz.doc.version})`);
    if (v < session.lastPublished || (v === session.lastPublished && !session.repeatAllowed)) {
      this.fail(`diagnostics for ${p.uri} v${v} published after v${session.lastPublished}: out of order or twice`);
    }
    if (v === session.lastPublished) session.repeatAllowed = false;
    session.lastPublished = v;
    session.lastDiagnostics = p.diagnostics;
    session.publications++;
    for (const d of p.diagnostics) {
      if (d.code === 'internal') this.fail(`an internal diagnostic in ${p.uri} v${v}: ${d.message}`, { response: d });
      else if (d.code === undefined || d.severity === undefined || !rangeOk(d.range)) this.fail(`a malformed diagnostic in ${p.uri} v${v}`, { response: d });
    }
  }

  /** Waits for every answer and every open document's current version's diagnostics; then learns targets and diagnostics. */
  private async settle(): Promise<void> {
    this.stats.settles++;
    const pending = this.outstanding.splice(0);
    const cancelLongRuns = setTimeout(() => {
      for (const e of pending) if (!e.done && e.request.method === MonteCarloRequest.method) e.source?.cancel();
    }, LONG_RUN_MS);
    const unanswered = () => pending.filter((e) => !e.done).map((e) => `${e.request.method} ${short(e.request.params, 200)} (step ${e.step})`).join('; ');
    try {
      await this.within(Promise.all(pending.map((e) => e.answer)), () => `answers to ${pending.length} requests (unanswered: ${unanswered()})`);
    } finally {
      clearTimeout(cancelLongRuns);
    }
    for (const s of this.openSessions()) {
      const version = s.fuzz.doc.version;
      await this.within(this.lsp.until(() => this.current(s) && s.lastPublished === version, this.timeoutMs + 1000, ''), `diagnostics of ${s.fuzz.uri} v${version}`);
      if (s.lastWaited !== version) this.stats.versionsWaited++;
      s.lastWaited = version;
    }
    if (this.options.maxOrders && this.random.chance(this.options.configChance ?? 0.05)) await this.reconfigure(this.options.maxOrders);
    this.checkProcess();
    // What the next requests are drawn from: this version's diagnostics and failure targets.
    for (const s of this.openSessions()) {
      s.fuzz.diagnostics = s.lastDiagnostics;
      s.fuzz.systems = systemNames(s.fuzz.doc.getText());
      // A text without errors is one to come back to ('restore'); the first is kept.
      const text = s.fuzz.doc.getText();
      if (!s.lastDiagnostics.some((d) => d.severity === 1) && s.history[s.history.length - 1] !== text && text.length < 200_000) s.history.push(text);
      if (s.history.length > 8) s.history.splice(1, 1);
      const request: FuzzRequest = { method: SETTLE_TARGETS, params: { uri: s.fuzz.uri }, refusals: [] };
      this.stats.requests[SETTLE_TARGETS] = (this.stats.requests[SETTLE_TARGETS] ?? 0) + 1;
      try {
        s.fuzz.targets = await this.within(this.lsp.send(FailureTargetsRequest, { uri: s.fuzz.uri }), 'failure targets') ?? [];
        this.checkResult(request, s.fuzz.targets, this.step, this.lastEdit);
      } catch (e) {
        s.fuzz.targets = [] as FailureTarget[];
        if (!(e instanceof FuzzFailureError)) this.checkError(request, e, this.step, this.lastEdit);
      }
    }
    this.checkProcess();
    // The harness keeps every publication; this run has checked them as they came.
    for (const uri of this.sessions.keys()) this.lsp.diagnostics.delete(uri);
    this.sampleMemory();
    this.options.onSettle?.(this.stats);
    if (this.options.mode !== 'record' && this.stats.failures.length > 0) throw new FuzzFailureError(formatFailure(this.stats.failures[0] as FuzzFailure));
  }

  /** True when `s` is the session whose publications arrive now (no closed session before it). */
  private current(s: Session): boolean {
    return this.sessions.get(s.fuzz.uri)?.[0] === s;
  }

  /**
   * A change of `topo.maxCutSetOrder`, pushed as vscode-languageclient pushes it. A valid new
   * value re-publishes every open document's current version (server.ts `reconfigure`): waited
   * for here; an invalid one is logged and changes nothing.
   */
  private async reconfigure(orders: number[]): Promise<void> {
    const value: unknown = this.random.chance(0.8) ? this.random.pick(orders) : this.random.pick([0, 7, 2.5, '3', null]);
    this.lastEdit = `configuration change: topo.maxCutSetOrder ${JSON.stringify(value)}`;
    this.stats.configChanges++;
    const changes = typeof value === 'number' && orders.includes(value) && value !== this.order;
    const open = this.openSessions();
    const before = new Map(open.map((s) => [s, s.publications]));
    if (changes) {
      this.order = value;
      for (const s of open) s.repeatAllowed = true;
    }
    await this.lsp.notify('workspace/didChangeConfiguration', { settings: { topo: { maxCutSetOrder: value } } });
    if (!changes) return;
    for (const s of open) {
      await this.within(this.lsp.until(() => s.publications > (before.get(s) ?? 0), this.timeoutMs + 1000, ''), `re-publication of ${s.fuzz.uri} after the configuration change`);
    }
    for (const s of open) s.repeatAllowed = false;
  }

  private checkProcess(): void {
    if (this.stats.crashed || this.lsp.proc.exitCode !== null || this.lsp.proc.signalCode !== null) {
      this.stats.crashed = true;
      this.fail(`the server exited (code ${this.lsp.proc.exitCode}, signal ${this.lsp.proc.signalCode}); stderr: ${this.lsp.stderr.slice(-2000)}`);
      throw new FuzzFailureError(formatFailure(this.stats.failures[this.stats.failures.length - 1] as FuzzFailure));
    }
    for (; this.logCursor < this.lsp.logs.length; this.logCursor++) {
      const line = this.lsp.logs[this.logCursor] as string;
      if (BAD_LOG.test(line)) this.fail(`the server logged: ${line.slice(0, 2000)}`);
    }
    if (this.lsp.stderr.length > this.stderrCursor) {
      this.fail(`the server wrote to stderr: ${this.lsp.stderr.slice(this.stderrCursor, this.stderrCursor + 2000)}`);
      this.stderrCursor = this.lsp.stderr.length;
    }
  }

  private sampleMemory(at?: 'start' | 'end'): void {
    const m = this.lsp.memory();
    if (!m) return;
    const mem = this.stats.memory;
    if (at === 'start') mem.startRss = m.rssBytes;
    if (at === 'end') mem.endRss = m.rssBytes;
    mem.maxRss = Math.max(mem.maxRss ?? 0, m.rssBytes);
    mem.peakRss = m.peakRssBytes;
  }

  /** `promise`, or a failure (and a FuzzFailureError) when it takes longer than the timeout. */
  private async within<T>(promise: Promise<T>, what: string | (() => string)): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new FuzzFailureError('timeout')), this.timeoutMs);
    });
    try {
      return await Promise.race([promise, timeout]);
    } catch (e) {
      if (e instanceof FuzzFailureError) {
        this.checkProcess();
        this.fail(`no ${typeof what === 'string' ? what : what()} within ${this.timeoutMs} ms`);
        throw new FuzzFailureError(formatFailure(this.stats.failures[this.stats.failures.length - 1] as FuzzFailure));
      }
      throw e;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Which deliberate refusal an error response is, if it is one (see `Refusal` in fuzz-model.ts). */
function deliberate(request: FuzzRequest, code: number | undefined, message: string): Refusal | undefined {
  if (CRASH_TEXT.test(message)) return undefined;
  const may = (r: Refusal) => request.refusals.includes(r);
  if (code === -32600 && may('rename') && message.length > 0) return 'rename';
  if (code === -32602 && may('params') && (message.startsWith(`${request.method}: params`) || (request.params === undefined && message.includes(request.method)))) return 'params';
  if (code === -32800 && may('cancelled')) return 'cancelled';
  return undefined;
}

function isPosition(p: unknown): p is { line: number; character: number } {
  const q = p as { line?: unknown; character?: unknown } | null;
  return typeof q === 'object' && q !== null && Number.isInteger(q.line) && Number.isInteger(q.character) && (q.line as number) >= 0 && (q.character as number) >= 0;
}

function rangeOk(r: unknown): boolean {
  const q = r as { start?: unknown; end?: unknown } | null;
  if (typeof q !== 'object' || q === null || !isPosition(q.start) || !isPosition(q.end)) return false;
  return q.start.line < q.end.line || (q.start.line === q.end.line && q.start.character <= q.end.character);
}

/** Every `range`, `selectionRange`, `targetRange`… and `position` of a result well formed. */
function shapeProblem(value: unknown, path: string, depth = 0): string | undefined {
  if (typeof value !== 'object' || value === null || depth > 40) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = shapeProblem(value[i], `${path}[${i}]`, depth + 1);
      if (p) return p;
    }
    return undefined;
  }
  for (const [key, v] of Object.entries(value)) {
    if (/range$/i.test(key) && typeof v === 'object' && v !== null && 'start' in v && !rangeOk(v)) return `malformed range at ${path}.${key}: ${short(v)}`;
    if (key === 'position' && !isPosition(v)) return `malformed position at ${path}.${key}: ${short(v)}`;
    const p = shapeProblem(v, `${path}.${key}`, depth + 1);
    if (p) return p;
  }
  return undefined;
}

/** Overlapping text edits (LSP forbids them in one edit list). */
function overlapping(edits: unknown): string | undefined {
  if (!Array.isArray(edits)) return undefined;
  const ranges = edits.map((e) => (e as { range: { start: { line: number; character: number }; end: { line: number; character: number } } }).range)
    .sort((a, b) => a.start.line - b.start.line || a.start.character - b.start.character);
  for (let i = 1; i < ranges.length; i++) {
    const prev = ranges[i - 1] as (typeof ranges)[number];
    const next = ranges[i] as (typeof ranges)[number];
    if (prev.end.line > next.start.line || (prev.end.line === next.start.line && prev.end.character > next.start.character)) {
      return `overlapping edits: ${short(prev)} and ${short(next)}`;
    }
  }
  return undefined;
}

function hasContent(result: unknown): boolean {
  if (result === null || result === undefined) return false;
  if (Array.isArray(result)) return result.length > 0;
  const r = result as { ok?: unknown; data?: unknown; changes?: unknown };
  if (r.ok === false) return false;
  if (Array.isArray(r.data)) return r.data.length > 0;
  return true;
}

/** What is wrong with a result, or undefined. */
function resultProblem(method: string, result: unknown): string | undefined {
  const shape = shapeProblem(result, 'result');
  if (shape) return shape;
  if (method === 'textDocument/semanticTokens/full') {
    const data = (result as { data?: unknown } | null)?.data;
    if (!Array.isArray(data) || data.length % 5 !== 0 || data.some((n) => !Number.isInteger(n) || (n as number) < 0)) return 'semantic tokens are not fives of whole numbers ≥ 0';
  }
  if (method === 'textDocument/formatting') return overlapping(result);
  if (method === 'textDocument/rename' && result) {
    for (const edits of Object.values((result as { changes?: Record<string, unknown> }).changes ?? {})) {
      const o = overlapping(edits);
      if (o) return o;
    }
  }
  const outcome = result as { ok?: unknown; error?: unknown } | null;
  if (outcome && typeof outcome === 'object' && outcome.ok === false) {
    if (typeof outcome.error !== 'string' || outcome.error.length === 0) return 'an { ok: false } answer with no error message';
    if (CRASH_TEXT.test(outcome.error)) return `an { ok: false } answer whose error reads like a crash: ${outcome.error}`;
  }
  return undefined;
}
