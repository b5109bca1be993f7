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

/** Operations left in the current budget (Infinity outside any). */
export function budgetLeft(): number {
  return remainingOps;
}

/** Budgets entered and not yet left: what to restore (a stack, so that budgets nest). */
const savedOps: number[] = [];
const savedNames: string[] = [];
const granted: number[] = [];

/**
 * Starts a budget of at most `ops` operations (nested budgets keep the tighter one). Every
 * `enterBudget` must be paired with a `leaveBudget` in a `finally`; `withBudget` does both.
 */
export function enterBudget(ops: number, name: string): void {
  savedOps.push(remainingOps);
  savedNames.push(limitName);
  granted.push(ops);
  if (ops < remainingOps) {
    remainingOps = ops;
    limitName = name;
  }
}

/** Ends the innermost budget: what it used is charged to the one around it. */
export function leaveBudget(): void {
  const outer = savedOps.pop()!;
  const ops = granted.pop()!;
  const used = (ops < outer ? ops : outer) - remainingOps;
  remainingOps = Number.isFinite(outer) ? outer - used : Infinity;
  limitName = savedNames.pop()!;
}

/** Runs `fn` with at most `ops` operations; nested budgets keep the tighter one. */
export function withBudget<T>(ops: number, name: string, fn: () => T): T {
  enterBudget(ops, name);
  try {
    return fn();
  } finally {
    leaveBudget();
  }
}
