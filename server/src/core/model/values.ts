/**
 * Reading property lines: duplicate detection and value validation (`invalid-value`).
 *
 * Every reader returns `undefined` for a value it rejects, after reporting it on the value's
 * range, so callers treat a bad value exactly like a missing one and never see NaN, Infinity
 * or a negative duration.
 */
import type { LiteralAst, PropertyAst, PropertyKey } from '../../../../grammar/src/ast';
import type { Range } from '../../../../grammar/src/text';
import type { ModelDiagnostics, ReportOptions } from './diagnostics';

/** Property lines of one block, by key; only the first of each key is kept. */
export type PropMap = Map<PropertyKey, PropertyAst>;

/** How a key reads in messages when it differs from the key. */
const SPELLING: Partial<Record<PropertyKey, string>> = { backup: 'backup every', rollout: 'rollout canary' };

/** Keys that set the same thing: a second one is a duplicate even when spelt differently. */
const SLOT: Partial<Record<PropertyKey, string>> = { zones: 'zone' };

/**
 * Indexes `props` by key and reports `duplicate-property` on each repeat (the first one wins,
 * so the model stays what the first line says). `owner` names the block in messages.
 */
export function collectProps(props: readonly PropertyAst[], diags: ModelDiagnostics, owner: string): PropMap {
  const byKey: PropMap = new Map();
  const bySlot = new Map<string, PropertyAst>();
  for (const prop of props) {
    const slot = SLOT[prop.key] ?? prop.key;
    const first = bySlot.get(slot);
    if (first) {
      const line = first.range.start.line + 1;
      diags.error('duplicate-property', `${owner} already sets '${first.key}' (line ${line}); remove one of them`, propertyRange(prop), {
        related: [{ message: `first '${first.key}' here`, range: propertyRange(first) }],
      });
      continue;
    }
    bySlot.set(slot, prop);
    byKey.set(prop.key, prop);
  }
  return byKey;
}

/** Where to point at a whole property: its keyword for a `{ … }` block, else the line. */
function propertyRange(prop: PropertyAst): Range {
  return prop.body ? prop.keyRange : prop.range;
}

/** Where to point at a property's value (the keyword when the value is missing). */
export function valueRange(prop: PropertyAst): Range {
  return prop.value?.range ?? prop.keyRange;
}

interface ReadOptions {
  /** Report options for a rejected value (e.g. `blocking: false` on objectives). */
  report?: ReportOptions;
}

/** A percent in [0, 100] (or (0, 100] with `aboveZero`), as written (99.95 for `99.95%`). */
export function readPercent(
  prop: PropertyAst | undefined,
  diags: ModelDiagnostics,
  options: ReadOptions & { aboveZero?: boolean } = {},
): LiteralAst | undefined {
  const lit = literal(prop);
  if (!prop || !lit) return undefined;
  const what = `${SPELLING[prop.key] ?? prop.key} ${shown(lit)}`;
  if (!Number.isFinite(lit.value) || lit.value > 100) return reject(diags, lit, `${what} is above 100%: a percent lies between 0% and 100%`, options);
  if (lit.value < 0) return reject(diags, lit, `${what} is below 0%: a percent lies between 0% and 100%`, options);
  if (options.aboveZero && lit.value === 0) {
    return reject(diags, lit, `${what} means never up; give a value above 0% (or remove the element)`, options);
  }
  return lit;
}

/** A duration in seconds: > 0, or ≥ 0 with `allowZero`; finite. */
export function readDuration(
  prop: PropertyAst | undefined,
  diags: ModelDiagnostics,
  options: ReadOptions & { allowZero?: boolean } = {},
): number | undefined {
  return checkDuration(literal(prop), prop ? (SPELLING[prop.key] ?? prop.key) : '', diags, options);
}

/** Validates a duration literal that is not a property's main value (e.g. `lag 2s`). */
export function checkDuration(
  lit: LiteralAst | undefined,
  key: string,
  diags: ModelDiagnostics,
  options: ReadOptions & { allowZero?: boolean } = {},
): number | undefined {
  if (!lit) return undefined;
  const what = `${key} ${shown(lit)}`;
  if (Number.isNaN(lit.value)) return reject(diags, lit, `${what} is not a duration`, options);
  if (lit.value === Infinity) return reject(diags, lit, `${what} is too long to compute with`, options);
  if (lit.value < 0) return reject(diags, lit, `${what} is negative; a duration must be positive`, options);
  if (lit.value === 0 && !options.allowZero) return reject(diags, lit, `${what} must be longer than zero`, options);
  return lit.value;
}

/** A whole number ≥ `min` (default 1) that is exactly representable (≤ 2^53 − 1). */
export function readInteger(
  prop: PropertyAst | undefined,
  diags: ModelDiagnostics,
  options: ReadOptions & { min?: number } = {},
): number | undefined {
  const lit = literal(prop);
  if (!prop || !lit) return undefined;
  const min = options.min ?? 1;
  const what = `${SPELLING[prop.key] ?? prop.key} ${shown(lit)}`;
  if (!lit.integer || !Number.isInteger(lit.value)) return reject(diags, lit, `${what} must be a whole number`, options);
  if (!Number.isSafeInteger(lit.value)) return reject(diags, lit, `${what} is too large to count with`, options);
  if (lit.value < min) return reject(diags, lit, `${what} must be at least ${min}`, options);
  return lit.value;
}

/** A strictly positive, finite number (capacity, load). */
export function readPositive(prop: PropertyAst | undefined, diags: ModelDiagnostics, options: ReadOptions = {}): number | undefined {
  const lit = literal(prop);
  if (!prop || !lit) return undefined;
  const what = `${SPELLING[prop.key] ?? prop.key} ${shown(lit)}`;
  if (!Number.isFinite(lit.value)) return reject(diags, lit, `${what} is too large to compute with`, options);
  if (lit.value <= 0) return reject(diags, lit, `${what} must be above zero`, options);
  return lit.value;
}

/** A literal as written, cut short for messages (a pasted megabyte of digits stays readable). */
export function shown(lit: LiteralAst | undefined): string {
  if (!lit) return '';
  return lit.text.length > 24 ? `${lit.text.slice(0, 20)}…` : lit.text;
}

function literal(prop: PropertyAst | undefined): LiteralAst | undefined {
  return prop?.value;
}

function reject(diags: ModelDiagnostics, lit: LiteralAst, message: string, options: ReadOptions): undefined {
  diags.error('invalid-value', message, lit.range, options.report ?? {});
  return undefined;
}
