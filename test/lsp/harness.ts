/**
 * A language-server client for tests and benchmarks: spawns the bundled server
 * (`node dist/topo.js lsp --stdio`) and speaks JSON-RPC to it over its standard streams.
 *
 *   const lsp = await LspHarness.start();
 *   const { text, position } = cursor('layer <|>db { … }');
 *   await lsp.open('file:///a.topo', text);
 *   const hover = await lsp.request('textDocument/hover', { textDocument: { uri }, position });
 *   await lsp.stop(); // shutdown + exit; resolves to the exit code
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection, type RequestType } from 'vscode-jsonrpc/node';
import type {
  InitializeResult, PublishDiagnosticsParams, TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol';

export const ROOT = join(__dirname, '..', '..');
export const BUNDLE = join(ROOT, 'dist', 'topo.js');

/** Builds the bundles once when they are missing (npm test builds them first anyway). */
export function ensureBundle(): void {
  if (existsSync(BUNDLE)) return;
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('build failed');
}

export { cursor } from '../support/markers';

export interface StartOptions {
  /** initializationOptions.debounceMs (default 0: analyse as soon as the edits are read). */
  debounceMs?: number;
  /** Extra node flags, e.g. --expose-gc. */
  nodeArgs?: string[];
  /** Run dist/server.js with --stdio instead of `topo lsp --stdio`. */
  serverBundle?: boolean;
  /** More initializationOptions (e.g. maxCutSetOrder). */
  initializationOptions?: Record<string, unknown>;
  /** The client's `workspace` capabilities (e.g. `{ configuration: true }`); none by default. */
  workspaceCapabilities?: Record<string, unknown>;
}

export class LspHarness {
  readonly diagnostics = new Map<string, PublishDiagnosticsParams[]>();
  readonly notifications: { method: string; params: unknown }[] = [];
  readonly logs: string[] = [];
  /** Requests the server sent to this client (refreshes, configuration pulls), in order. */
  readonly serverRequests: { method: string; params: unknown }[] = [];
  /** What `workspace/configuration` answers, by section (the client's settings as a pull sees them). */
  settings: Record<string, unknown> = {};
  stderr = '';
  initializeResult!: InitializeResult;
  private readonly waiters: { test: () => boolean; resolve: () => void }[] = [];
  private readonly diagnosticsListeners = new Set<(p: PublishDiagnosticsParams) => void>();
  private readonly exited: Promise<number | null>;

  private constructor(readonly proc: ChildProcess, readonly connection: MessageConnection) {
    this.exited = new Promise((resolve) => proc.on('exit', (code) => resolve(code)));
    proc.stderr?.on('data', (d: Buffer) => (this.stderr += d.toString()));
    connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      const list = this.diagnostics.get(p.uri) ?? [];
      list.push(p);
      this.diagnostics.set(p.uri, list);
      for (const listener of this.diagnosticsListeners) listener(p);
      this.wake();
    });
    connection.onNotification('window/logMessage', (p: { message: string }) => {
      this.logs.push(p.message);
      this.wake();
    });
    connection.onNotification((method: string, params: unknown) => {
      this.notifications.push({ method, params });
      this.wake();
    });
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => {
      this.serverRequests.push({ method: 'workspace/configuration', params: p });
      this.wake();
      return p.items.map((item) => (item.section === undefined ? null : (this.settings[item.section] ?? null)));
    });
    for (const method of ['workspace/codeLens/refresh', 'workspace/inlayHint/refresh']) {
      connection.onRequest(method, () => {
        this.serverRequests.push({ method, params: null });
        this.wake();
        return null;
      });
    }
    connection.onNotification('$/progress', (p: unknown) => {
      this.notifications.push({ method: '$/progress', params: p });
      this.wake();
    });
    connection.listen();
  }

  /** Spawns and initializes a server. */
  static async start(options: StartOptions = {}): Promise<LspHarness> {
    ensureBundle();
    const args = options.serverBundle ? [join(ROOT, 'dist', 'server.js'), '--stdio'] : [BUNDLE, 'lsp', '--stdio'];
    const proc = spawn(process.execPath, [...(options.nodeArgs ?? []), ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    const h = new LspHarness(proc, connection);
    h.initializeResult = await h.request<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: {
        window: { workDoneProgress: true },
        textDocument: { publishDiagnostics: { versionSupport: true, relatedInformation: true } },
        ...(options.workspaceCapabilities ? { workspace: options.workspaceCapabilities } : {}),
      },
      // Hovers wait for the full analysis (as on an ordinary model), so what they say does not
      // depend on the machine's speed; test/lsp/responsiveness.test.ts sets its own wait.
      initializationOptions: { debounceMs: options.debounceMs ?? 0, hoverWaitMs: 600_000, ...options.initializationOptions },
    });
    await h.notify('initialized', {});
    return h;
  }

  /** One of Topo's typed requests (server/src/protocol.ts): parameters and result are checked. */
  send<P, R>(type: RequestType<P, R, void>, params: P): Promise<R> {
    return this.connection.sendRequest(type.method, params) as Promise<R>;
  }

  /** A standard LSP request by its method name. */
  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  notify(method: string, params: unknown): Promise<void> {
    return this.connection.sendNotification(method, params);
  }

  async open(uri: string, text: string, version = 1): Promise<void> {
    await this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'topo', version, text } });
  }

  async change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): Promise<void> {
    await this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
  }

  async close(uri: string): Promise<void> {
    await this.notify('textDocument/didClose', { textDocument: { uri } });
  }

  /** Resolves with the first diagnostics published for `uri` at `version` (or any version when omitted). */
  async diagnosticsFor(uri: string, version?: number, timeoutMs = 10_000): Promise<PublishDiagnosticsParams> {
    const find = () => (this.diagnostics.get(uri) ?? []).find((d) => version === undefined || d.version === version);
    await this.until(() => find() !== undefined, timeoutMs, `diagnostics for ${uri} v${version ?? '*'}`);
    return find() as PublishDiagnosticsParams;
  }

  /** Waits for a condition re-checked on every message from the server. */
  until(test: () => boolean, timeoutMs: number, what: string): Promise<void> {
    if (test()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}\nstderr: ${this.stderr}`)), timeoutMs);
      this.waiters.push({ test, resolve: () => { clearTimeout(timer); resolve(); } });
    });
  }

  /** Shuts down politely and resolves to the process's exit code. */
  async stop(): Promise<number | null> {
    if (this.proc.exitCode !== null) return this.proc.exitCode;
    await this.request('shutdown', null);
    await this.notify('exit', null);
    const code = await this.exited;
    this.connection.dispose();
    return code;
  }

  /** Kills the process (for tests that do not care how it ends). */
  kill(): void {
    this.connection.dispose();
    if (this.proc.exitCode === null) this.proc.kill();
  }

  get exitedPromise(): Promise<number | null> {
    return this.exited;
  }

  /**
   * Calls `listener` with every publishDiagnostics, in the order they arrive (before `until`'s
   * conditions are re-checked); returns a function that stops it.
   */
  onDiagnostics(listener: (p: PublishDiagnosticsParams) => void): () => void {
    this.diagnosticsListeners.add(listener);
    return () => this.diagnosticsListeners.delete(listener);
  }

  /**
   * The server process's resident set (VmRSS) and its peak so far (VmHWM), in bytes, from
   * /proc/PID/status (the analysis worker is a thread of the same process, so it is counted);
   * undefined where there is no /proc or the process has exited.
   */
  memory(): { rssBytes: number; peakRssBytes: number } | undefined {
    try {
      const status = readFileSync(`/proc/${this.proc.pid}/status`, 'utf8');
      const kb = (field: string) => Number(new RegExp(`^${field}:\\s*(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
      const rssBytes = kb('VmRSS');
      return Number.isFinite(rssBytes) ? { rssBytes, peakRssBytes: kb('VmHWM') } : undefined;
    } catch {
      return undefined;
    }
  }

  private wake(): void {
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      const w = this.waiters[i] as { test: () => boolean; resolve: () => void };
      if (w.test()) {
        this.waiters.splice(i, 1);
        w.resolve();
      }
    }
  }
}

/**
 * One server for a whole `describe` block: started before its tests and handed over through
 * `set`; after them it must shut down and exit with code 0.
 */
export function sharedServer(set: (server: LspHarness) => void, options: StartOptions = {}): void {
  let server: LspHarness | undefined;
  before(async () => {
    server = await LspHarness.start(options);
    set(server);
  });
  after(async () => {
    if (server) assert.equal(await server.stop(), 0);
  });
}
