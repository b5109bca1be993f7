/**
 * Literal values (spec section 1), normalised as `ast.ts` says: percents as written,
 * durations in seconds, rates in requests per second.
 */
import type { LiteralAst } from './ast';
import { SECONDS_PER_UNIT, SECONDS_PER_WEEK, SECONDS_PER_FREQUENCY_UNIT } from './units';


const literalRe = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w|y|rps|%)?$/;

export type LiteralValue = Pick<LiteralAst, 'kind' | 'value' | 'integer'>;

/** A number, a space, then a unit: one mistake, whose meaning is plain (`99.95 %`, `30 s`). */
const spacedRe = /^(\d+(?:\.\d+)?)[ \t]+(ms|s|m|h|d|w|y|rps|%)$/;

/**
 * Reads a numeric token: its value, or a message saying what is wrong with it, or both (a space
 * before the unit is reported, but the value is still read, so later stages see it).
 */
export function classifyNumeric(image: string): { literal: LiteralValue; error?: string } | { error: string } {
  if (image.includes('/')) return classifyFrequency(image);
  const spaced = spacedRe.exec(image);
  if (spaced) {
    const joined = `${spaced[1] ?? ''}${spaced[2] ?? ''}`;
    const c = classifyNumeric(joined);
    const error = `'${image}': write the unit right after the number, without a space ('${joined}')`;
    return 'literal' in c ? { literal: c.literal, error } : { error };
  }
  const m = literalRe.exec(image);
  if (m) {
    const digits = m[1] ?? '';
    const suffix = m[2];
    const n = Number(digits);
    const integer = !digits.includes('.');
    if (suffix === undefined) return { literal: { kind: 'number', value: n, integer } };
    if (suffix === '%') return { literal: { kind: 'percent', value: n, integer } };
    if (suffix === 'rps') return { literal: { kind: 'rate', value: n, integer } };
    return { literal: { kind: 'duration', value: n * (SECONDS_PER_UNIT[suffix] ?? NaN), integer } };
  }
  return { error: explainBadNumeric(image) };
}

/** `20/week`, `0.5/d`: a number of events per unit of time, as events a week. */
const frequencyRe = /^(\d+(?:\.\d+)?)([ \t]*)\/([ \t]*)(.*)$/;

function classifyFrequency(image: string): { literal: LiteralValue; error?: string } | { error: string } {
  const m = frequencyRe.exec(image);
  const unitList = 's, m, h, d, w, y or second, minute, hour, day, week, month, year';
  if (!m) {
    const head = image.slice(0, image.indexOf('/')).trimEnd();
    if (head.startsWith('-')) return { error: `negative value '${image}': a frequency is never negative` };
    return { error: `'${image}' is not a frequency: write a number, '/' and a unit of time (e.g. 20/week, 3/day)` };
  }
  const digits = m[1] ?? '';
  const unit = m[4] ?? '';
  const seconds = SECONDS_PER_FREQUENCY_UNIT[unit];
  if (seconds === undefined) return { error: `unknown unit '${unit}' in '${image}': a frequency is a number per ${unitList} (e.g. 20/week)` };
  const literal: LiteralValue = { kind: 'frequency', value: (Number(digits) * SECONDS_PER_WEEK) / seconds, integer: !digits.includes('.') };
  if (m[2] || m[3]) return { literal, error: `'${image}': write a frequency without spaces around the '/' ('${digits}/${unit}')` };
  return { literal };
}

function explainBadNumeric(image: string): string {
  if (image.startsWith('-')) {
    return `negative value '${image}': durations, percents, rates and counts are never negative`;
  }
  if (/^\d+(?:\.\d+)?[eE][+-]?\d/.test(image)) {
    return `'${image}': exponents are not supported; write the number out in full (e.g. 99.95%, 1000rps)`;
  }
  const head = /^\d+(?:\.\d+)?/.exec(image)?.[0] ?? '';
  const rest = image.slice(head.length);
  if (rest.startsWith('.')) {
    return `'${image}' is not a number: write digits with at most one '.' and digits after it (e.g. 2.5)`;
  }
  return `unknown unit '${rest}' in '${image}': use ms, s, m, h, d, w or y for durations, rps for rates, % for percents`;
}

/** The value of a string token: quotes removed, `\"` and `\\` unescaped (other escapes kept as written). */
export function unquote(image: string): string {
  const closed = image.length >= 2 && image.endsWith('"') && !endsWithEscape(image.slice(0, -1));
  const body = image.slice(1, closed ? -1 : undefined);
  return body.replace(/\\(["\\])/g, '$1');
}

/** Escapes in a string token other than `\"` and `\\`, with their offsets within the image. */
export function badEscapes(image: string): { offset: number; text: string }[] {
  const out: { offset: number; text: string }[] = [];
  const re = /\\(.)?/g;
  for (let m = re.exec(image); m; m = re.exec(image)) {
    if (m[1] !== '"' && m[1] !== '\\') out.push({ offset: m.index, text: m[0] });
  }
  return out;
}

function endsWithEscape(s: string): boolean {
  let n = 0;
  for (let i = s.length - 1; i >= 0 && s[i] === '\\'; i--) n++;
  return n % 2 === 1;
}
