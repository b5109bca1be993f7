/**
 * Debounced analysis per document: each edit restarts the document's timer, so a burst of
 * typing costs one analysis, of the latest version. The analysis itself is synchronous, so
 * "a newer edit cancels older work" means the older version's timer never fires.
 *
 * With no delay (tests, benchmarks) the analysis runs once the burst has been read: the JSON-RPC
 * layer handles one message per macrotask, so a plain setImmediate would fire between two queued
 * edits. Instead the check hops from one macrotask to the next while edits keep arriving.
 */
export class Debouncer {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly settling = new Map<string, ReturnType<typeof setImmediate>>();
  /** Documents edited since their settle check last looked. */
  private readonly dirty = new Set<string>();

  constructor(private readonly delayMs: () => number, private readonly run: (uri: string) => void) {}

  schedule(uri: string): void {
    const delay = this.delayMs();
    if (delay > 0) {
      this.cancel(uri);
      this.timers.set(uri, setTimeout(() => this.fire(uri), delay));
      return;
    }
    this.dirty.add(uri);
    if (!this.settling.has(uri)) this.settling.set(uri, setImmediate(() => this.settle(uri)));
  }

  private settle(uri: string): void {
    if (this.dirty.delete(uri)) {
      this.settling.set(uri, setImmediate(() => this.settle(uri)));
      return;
    }
    this.fire(uri);
  }

  private fire(uri: string): void {
    this.timers.delete(uri);
    this.settling.delete(uri);
    this.run(uri);
  }

  cancel(uri: string): void {
    const t = this.timers.get(uri);
    if (t !== undefined) clearTimeout(t);
    const s = this.settling.get(uri);
    if (s !== undefined) clearImmediate(s);
    this.timers.delete(uri);
    this.settling.delete(uri);
    this.dirty.delete(uri);
  }

  dispose(): void {
    for (const uri of [...this.timers.keys(), ...this.settling.keys()]) this.cancel(uri);
  }
}
