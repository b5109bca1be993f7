/**
 * Waiting for conditions. code-server on two busy cores is slow and its timing varies, so every
 * wait polls a condition with a generous deadline instead of sleeping a fixed time.
 */
import { delay } from './process';

/** Thrown by a probe when waiting longer cannot help (a process died); ends the wait at once. */
export class GiveUp extends Error {}

export interface PollOptions {
  /** Give up after this long. */
  timeoutMs: number;
  /** Pause between attempts. */
  intervalMs?: number;
}

/**
 * Calls `probe` until it returns a value other than undefined/false, and returns that value.
 * Exceptions from `probe` count as "not yet" (the DOM may be mid-update), except GiveUp. On timeout, throws an
 * error naming what was awaited and, when given, what was last observed.
 */
export async function pollUntil<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  options: PollOptions,
  describeLast?: () => Promise<string>,
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      if (error instanceof GiveUp) throw error;
      lastError = error;
    }
    if (Date.now() >= deadline) break;
    await delay(options.intervalMs ?? 250);
  }
  let observed = '';
  if (describeLast) {
    try {
      observed = `\n  last seen: ${await describeLast()}`;
    } catch {
      // Describing is best effort.
    }
  }
  const cause = lastError instanceof Error ? `\n  last error: ${lastError.message.split('\n')[0]}` : '';
  throw new Error(`timed out after ${Math.round(options.timeoutMs / 1000)} s waiting for ${what}${observed}${cause}`);
}
