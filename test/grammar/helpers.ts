/** Helpers for the grammar tests: range markers, compact views of the AST, seeded randomness. */
import { strict as assert } from 'node:assert';
import { parse, type Diagnostic, type ParseResult, type Range } from '../../grammar/src/index';

export { marked } from '../support/markers';

/** `line:char-line:char`, for readable assertion failures. */
export function show(r: Range): string {
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

/** The AST with every range removed, for comparing structure. */
export function withoutRanges(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutRanges);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === 'range' || k === 'keyRange' || k === 'keywordRange') continue;
      out[k] = withoutRanges(v);
    }
    return out;
  }
  return value;
}

/** Parses text that must have no diagnostics. */
export function parseClean(text: string): ParseResult {
  const r = parse(text);
  assert.deepEqual(r.diagnostics.map((d) => `${show(d.range)} ${d.message}`), [], `unexpected diagnostics for: ${text}`);
  return r;
}

/** Diagnostics as `range code message` lines. */
export function describe(diags: Diagnostic[]): string[] {
  return diags.map((d) => `${show(d.range)} ${d.code} ${d.message}`);
}

export { seededRandom } from '../support/random';

/** True when every position of a range is a finite, non-negative integer. */
export function isValidRange(r: Range): boolean {
  return [r.start.line, r.start.character, r.end.line, r.end.character].every((n) => Number.isInteger(n) && n >= 0)
    && (r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character));
}

/** Every range anywhere in a value (AST, tokens, diagnostics). */
export function allRanges(value: unknown, out: Range[] = []): Range[] {
  if (Array.isArray(value)) value.forEach((v) => allRanges(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if ((k === 'range' || k === 'keyRange' || k === 'keywordRange') && v) out.push(v as Range);
      else allRanges(v, out);
    }
  }
  return out;
}

/** Spec section 1's keyword list, copied verbatim. */
export const SPEC_KEYWORDS = `system defaults region zone in layer kind mode min load optional promote
  health-check heartbeat interval timeout unhealthy replication sync async lag backup every node site
  availability mtbf mttr zones replicas capacity standby hot warm cold path scenario fail at slo sla
  window rto rpo active-active active-passive`.split(/\s+/);
/** The reserved words of the common-causes extension (docs/language.md "Common causes"), after the spec's. */
export const COMMON_CAUSE_KEYWORDS = 'deploys deploy change-failure restore rollout canary all-at-once common-cause maintenance excludes'.split(' ');
/** Every reserved word, in the grammar's order. */
export const ALL_KEYWORDS = [...SPEC_KEYWORDS, ...COMMON_CAUSE_KEYWORDS];
