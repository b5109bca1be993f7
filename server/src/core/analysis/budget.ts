/**
 * A bound on the work one analysis may do, so that pathological input ends with a named limit
 * instead of a hang. The engine calls `spend` in its inner loops; `withBudget` turns an
 * exhausted budget into a `LimitError` the caller reports as `exact: false`.
 */

/** Thrown when a computation would exceed its budget; `limit` names it for the report. */
export class LimitError extends Error {
  constructor(readonly limit: string) {
    super(limit);
  }
}

let remainingOps = Infinity;
let limitName = '';

/** Counts `ops` elementary operations against the current budget. */
export function spend(ops: number): void {
  remainingOps -= ops;
  if (remainingOps < 0) throw new LimitError(limitName);
}

/** Runs `fn` with at most `ops` operations; nested budgets keep the tighter one. */
export function withBudget<T>(ops: number, name: string, fn: () => T): T {
  const savedOps = remainingOps;
  const savedName = limitName;
  if (ops < remainingOps) {
    remainingOps = ops;
    limitName = name;
  }
  try {
    return fn();
  } finally {
    const used = (ops < savedOps ? ops : savedOps) - remainingOps;
    remainingOps = Number.isFinite(savedOps) ? savedOps - used : Infinity;
    limitName = savedName;
  }
}
