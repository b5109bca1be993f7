/**
 * Reliability figures of one element from what was written (spec section 3, "Availability of
 * an element"): `availability P` → U = (100 − P)/100; `mtbf F mttr R` → U = R/(F + R);
 * `availability` with `mtbf` → R = F·U/A. MTTR not given nor derived falls back to the caller's
 * default (the `defaults` block, else 1 h). f = U / MTTR, per second: every duration of the model
 * is in seconds.
 *
 * U is computed directly, never as 1 − A: 99.9999999% must give 1e-9 with all its digits.
 */
import type { LiteralAst } from '../../../../grammar/src/ast';
import type { ElementFigures } from './types';
import { SECONDS_PER_HOUR } from '../../../../grammar/src/units';

/** MTTR when neither the element nor `defaults` gives one (spec section 3). */
export const DEFAULT_MTTR_SECONDS = SECONDS_PER_HOUR;
/** Longer literals (a pasted megabyte of 9s) skip the decimal path: doubles hold 17 digits anyway. */
const MAX_EXACT_DIGITS = 40;

export interface ReliabilityInput {
  /** A validated `availability` literal (0% < P ≤ 100%). */
  percent?: LiteralAst;
  mtbfSeconds?: number;
  /** An explicit `mttr`, which wins over one derived from availability and mtbf. */
  mttrSeconds?: number;
  /** MTTR when none is given or derived. */
  fallbackMttrSeconds: number;
}

/** The figures, or undefined when neither availability nor mtbf is known. */
export function elementFigures(input: ReliabilityInput): ElementFigures | undefined {
  if (input.percent) return fromPercent(input.percent, input);
  if (input.mtbfSeconds !== undefined) return fromMtbf(input.mtbfSeconds, input.mttrSeconds ?? input.fallbackMttrSeconds);
  return undefined;
}

/** Figures of an element that never fails (a zone or region without availability). */
export function perfectFigures(mttrSeconds: number): ElementFigures {
  return { availability: 1, unavailability: 0, mttrSeconds, mtbfSeconds: Infinity, failuresPerSecond: 0 };
}

function fromPercent(percent: LiteralAst, input: ReliabilityInput): ElementFigures {
  const unavailability = unavailabilityOfPercent(percent);
  const availability = fractionOfPercent(percent);
  const derived = input.mtbfSeconds !== undefined && unavailability > 0 ? (input.mtbfSeconds * unavailability) / availability : undefined;
  const mttrSeconds = input.mttrSeconds ?? derived ?? input.fallbackMttrSeconds;
  return figuresFrom(availability, unavailability, mttrSeconds);
}

function fromMtbf(mtbfSeconds: number, mttrSeconds: number): ElementFigures {
  const total = mtbfSeconds + mttrSeconds;
  return figuresFrom(mtbfSeconds / total, mttrSeconds / total, mttrSeconds);
}

/** An element's figures from A, U (each computed directly) and MTTR: MTBF = MTTR·A/U, f = U/MTTR. */
export function figuresFrom(availability: number, unavailability: number, mttrSeconds: number): ElementFigures {
  return {
    availability,
    unavailability,
    mttrSeconds,
    mtbfSeconds: unavailability > 0 ? (mttrSeconds * availability) / unavailability : Infinity,
    failuresPerSecond: unavailability > 0 ? unavailability / mttrSeconds : 0,
  };
}

/**
 * (100 − P)/100 in decimal from the literal's digits, so `99.9999999%` gives exactly the
 * double nearest 1e-9 (the float subtraction 100 − 99.9999999 would keep only ~7 digits).
 * Falls back to the float formula for a literal not written as plain digits.
 */
export function unavailabilityOfPercent(percent: LiteralAst): number {
  const match = percent.text.length <= MAX_EXACT_DIGITS ? /^(\d+)(?:\.(\d+))?%?$/.exec(percent.text.trim()) : null;
  if (!match) return (100 - percent.value) / 100;
  const fraction = match[2] ?? '';
  const digits = BigInt(`${match[1]}${fraction}`);
  const hundred = 100n * 10n ** BigInt(fraction.length);
  const remainder = hundred - digits;
  if (remainder < 0n) return 0;
  // Both operands are exact doubles while they stay below 2^53 and 10^22.
  return Number(remainder) / 10 ** (fraction.length + 2);
}

/** P/100 correctly rounded from the literal's digits (99.9% → 0.999, not 0.9990000000000001). */
export function fractionOfPercent(percent: LiteralAst): number {
  const match = percent.text.length <= MAX_EXACT_DIGITS ? /^(\d+)(?:\.(\d+))?%?$/.exec(percent.text.trim()) : null;
  if (!match) return percent.value / 100;
  const fraction = match[2] ?? '';
  const digits = Number(`${match[1]}${fraction}`);
  const scale = 10 ** (fraction.length + 2);
  return Number.isSafeInteger(digits) && scale <= 1e22 ? digits / scale : percent.value / 100;
}

/**
 * With availability, mtbf and mttr all written, the MTBF they imply (MTTR·A/U) when the written
 * mtbf disagrees with it by more than 1%; undefined when they agree.
 */
export function inconsistentMtbfSeconds(impliedMtbfSeconds: number, mtbfSeconds: number): number | undefined {
  if (!Number.isFinite(impliedMtbfSeconds)) return impliedMtbfSeconds;
  return Math.abs(mtbfSeconds - impliedMtbfSeconds) > 0.01 * impliedMtbfSeconds ? impliedMtbfSeconds : undefined;
}
