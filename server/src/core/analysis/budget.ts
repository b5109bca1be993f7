/**
 * A bound on the work one analysis may do, so that pathological input ends with a named limit
 * instead of a hang. Each run has its own `Budget`, made by its caller and handed down (the
 * engine holds its run's): two runs, interleaved or one inside the other, never charge each
 * other. The engine calls `spend` in its inner loops; an exhausted budget throws a `LimitError`,
 * which the evaluation that set the limit catches and reports as `exact: false` (a bound).
 */

/** Thrown when a computation would exceed its budget; `limit` names it for the report. */
export class LimitError extends Error {
  constructor(readonly limit: string) {
    super(limit);
  }
}

/**
 * The work budget of one run, with nested limits: `enter` starts a limit within it (the tighter
 * of the two counts and names the error), `leave` ends it and charges what it used to the one
 * around it. Not shared between runs; within a run, limits are entered and left in stack order.
 */
export class Budget {
  private remaining: number;
  private limitName: string;
  /** Limits entered and not yet left: what to restore. */
  private readonly savedOps: number[] = [];
  private readonly savedNames: string[] = [];
  private readonly granted: number[] = [];

  /** A budget of `ops` operations (none: unlimited), named `name` in the limit it reports. */
  constructor(ops = Infinity, name = '') {
    this.remaining = ops;
    this.limitName = name;
  }

  /** Counts `ops` elementary operations; throws a `LimitError` once they exceed what is left. */
  spend(ops: number): void {
    const left = this.remaining - ops;
    this.remaining = left;
    if (left < 0) throw new LimitError(this.limitName);
  }

  /** Operations left (Infinity when unlimited; below 0 once the budget has been overdrawn). */
  left(): number {
    return this.remaining;
  }

  /**
   * Starts a limit of at most `ops` operations within this budget (nested limits keep the
   * tighter one). Every `enter` must be paired with a `leave` in a `finally`; `within` does both.
   */
  enter(ops: number, name: string): void {
    this.savedOps.push(this.remaining);
    this.savedNames.push(this.limitName);
    this.granted.push(ops);
    if (ops < this.remaining) {
      this.remaining = ops;
      this.limitName = name;
    }
  }

  /** Ends the innermost limit: what it used is charged to the one around it. */
  leave(): void {
    const outer = this.savedOps.pop()!;
    const ops = this.granted.pop()!;
    const used = (ops < outer ? ops : outer) - this.remaining;
    this.remaining = Number.isFinite(outer) ? outer - used : Infinity;
    this.limitName = this.savedNames.pop()!;
  }

  /** Runs `fn` with at most `ops` operations of this budget; nested limits keep the tighter one. */
  within<T>(ops: number, name: string, fn: () => T): T {
    this.enter(ops, name);
    try {
      return fn();
    } finally {
      this.leave();
    }
  }
}
