/**
 * The text of a blast radius (`topo blast`, `estate/blast.ts`): a headline, one row per subject
 * the element affects (its effect, its availability while the element is down, what the
 * element's failures cost it a year, and what it loses), then how many it leaves untouched.
 * Every figure is spelt by `text/format.ts`; the caller escapes the text for a terminal.
 */
import type { BlastEffect, BlastReport, BlastSubject } from '../estate/blast';
import { formatAvailability, formatDuration, formatTable } from '../text/format';

const HEADER = ['subject', 'kind', 'effect', 'while down', 'costs a year', 'what it loses'];

const EFFECT_WORDS: Record<BlastEffect, string> = {
  down: 'down',
  'loses-redundancy': 'loses redundancy',
  degraded: 'degraded',
  unknown: 'unknown',
};

/** The blast radius as text, ending with a newline. */
export function formatBlast(report: BlastReport): string {
  const out = [`if ${report.label} fails:`];
  if (report.note !== undefined) out.push(`  (${report.note})`);
  if (report.subjects.length === 0) {
    out.push(`  no system or journey goes down, loses redundancy or is degraded (${report.unaffected} in all)`);
    return out.join('\n') + '\n';
  }
  const rows = report.subjects.map(row);
  out.push(...formatTable(HEADER, rows, new Set([3, 4])).map((l) => `  ${l}`));
  out.push(`  ${unaffectedLine(report.unaffected)}`);
  if (report.subjects.some((s) => s.exact === false)) out.push('  (~: a bound: the analysis stopped at its work limit)');
  return out.join('\n') + '\n';
}

function row(s: BlastSubject): string[] {
  const bound = s.exact === false ? '~' : '';
  const whileDown = s.unavailabilityWhileDown !== undefined ? `${bound}${formatAvailability(s.unavailabilityWhileDown)}` : '–';
  const cost = s.downtimePerYear !== undefined ? `${bound}${formatDuration(s.downtimePerYear)}` : '–';
  return [s.name, s.kind, EFFECT_WORDS[s.effect], whileDown, cost, lostOf(s)];
}

/** `app 2 of 3 up; recommendations down (soft)`, or the reason there are no figures. */
function lostOf(s: BlastSubject): string {
  if (s.effect === 'unknown') return s.reason ?? '';
  const parts = s.layers.map((l) => `${l.layer} ${l.up} of ${l.members} up${l.needs > 1 ? ` (needs ${l.needs})` : ''}`);
  for (const d of s.softDown) parts.push(`${d} down (soft)`);
  return parts.join('; ');
}

function unaffectedLine(n: number): string {
  if (n === 0) return 'every system and journey is affected';
  return `${n} other ${n === 1 ? 'system or journey' : 'systems and journeys'} unaffected`;
}
