/**
 * Debounced analysis per document: each edit restarts the document's timer, so a burst of
 * typing costs one analysis, of the latest version. The analysis itself is synchronous, so
 * "a newer edit cancels older work" means the older version's timer never fires.
 */
export class Debouncer {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly delayMs: () => number, private readonly run: (uri: string) => void) {}

  schedule(uri: string): void {
    this.cancel(uri);
    const delay = this.delayMs();
    const fire = () => {
      this.timers.delete(uri);
      this.run(uri);
    };
    // setImmediate still lets the messages already read be handled first, so a burst coalesces.
    this.timers.set(uri, delay <= 0 ? (setImmediate(fire) as unknown as ReturnType<typeof setTimeout>) : setTimeout(fire, delay));
  }

  cancel(uri: string): void {
    const t = this.timers.get(uri);
    if (t === undefined) return;
    clearTimeout(t);
    clearImmediate(t as unknown as ReturnType<typeof setImmediate>);
    this.timers.delete(uri);
  }

  dispose(): void {
    for (const uri of [...this.timers.keys()]) this.cancel(uri);
  }
}
