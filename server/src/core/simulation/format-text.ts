/**
 * Simulation results as text a person reads in a terminal or an editor's output panel:
 *
 *   t+10s   db           detected: db-primary failure detected by heartbeat timeout 10s
 */
import { formatAvailability, formatDuration, formatNumber, formatScientific, formatTopoDuration } from '../text/format';
import type { AnalyticFigure, ImportanceSamplingResult, MonteCarloResult, ScenarioResult } from './types';
import { SECONDS_PER_YEAR } from '../../../../grammar/src/units';

/** The timeline, one event per line, then the summary. */
export function formatScenarioText(systemName: string, result: ScenarioResult): string {
  const lines: string[] = [];
  const what = result.failures.map((f) => `${f.element} at t+${formatDuration(f.at)}`).join(', ');
  lines.push(`${systemName}: fail ${what}`, '');
  const timeWidth = Math.max(6, ...result.events.map((e) => `t+${formatDuration(e.t)}`.length)) + 2;
  const subjectWidth = Math.max(8, ...result.events.map((e) => subjectOf(e).length)) + 2;
  for (const e of result.events) {
    lines.push(`${`t+${formatDuration(e.t)}`.padEnd(timeWidth)}${subjectOf(e).padEnd(subjectWidth)}${e.type}: ${e.detail}`);
  }
  lines.push('', 'Summary');
  const outages = result.outages.map((o) => `t+${formatDuration(o.start)}–t+${formatDuration(o.end)} (${formatDuration(o.end - o.start)})`);
  lines.push(`  outages              ${result.outages.length === 0 ? 'none' : `${result.outages.length}: ${outages.join(', ')}`}`);
  lines.push(`  system downtime      ${formatDuration(result.systemDowntimeSeconds)}`);
  const rtoTarget = result.rto.targetSeconds === null ? 'no rto set' : `rto ${formatTopoDuration(result.rto.targetSeconds)}`;
  lines.push(`  RTO                  ${result.rto.targetSeconds === null ? '—' : result.rto.met ? 'met' : 'MISSED'} (${rtoTarget}; worst outage ${formatDuration(result.rto.worstOutageSeconds)})`);
  const rpoTarget = result.rpo.targetSeconds === null ? 'no rpo set' : `rpo ${formatTopoDuration(result.rpo.targetSeconds)}`;
  lines.push(`  RPO                  ${result.rpo.targetSeconds === null ? '—' : result.rpo.met ? 'met' : 'MISSED'} (${rpoTarget}; data lost ${formatDuration(result.rpo.dataLossSeconds)})`);
  const unprotected = result.unprotected.map((u) => `${u.layer} for ${formatDuration(u.seconds)}`);
  lines.push(`  without redundancy   ${unprotected.length === 0 ? 'none' : unprotected.join(', ')}`);
  return lines.join('\n') + '\n';
}

function subjectOf(e: { element?: string; layer?: string; type: string }): string {
  if (e.type === 'system-down' || e.type === 'system-up') return 'system';
  if (e.type === 'layer-down' || e.type === 'layer-up' || e.type === 'detected' || e.type === 'degraded') return e.layer ?? e.element ?? '';
  return e.element ?? e.layer ?? '';
}

/** The Monte Carlo figures, with the analytic value beside them. */
export function formatMonteCarloText(systemName: string, r: MonteCarloResult): string {
  const u = r.unavailability;
  const inside = besideAnalytic(r.analytic, u.ci95);
  const lines = [
    `${systemName}: Monte Carlo over ${r.stopped ? formatYearsDone(r.years) : r.years.toLocaleString('en-US')} years, seed ${r.seed}${r.streams && r.streams > 1 ? `, ${r.streams} streams` : ''}`,
    '',
    `  unavailability       ${sci(u.mean)}  (${Number.isFinite(u.ci95[1]) ? `95% CI ${sci(u.ci95[0])} – ${sci(u.ci95[1])}` : 'no interval: one batch'})`,
    `  analytic             ${analyticText(r.analytic, inside)}`,
    `  availability         ${formatAvailability(u.mean)}`,
    `  downtime per year    ${formatDuration(r.downtimeSecondsPerYear)}`,
    `  outages per year     ${formatNumber(r.outagesPerYear, 4)}${r.outages === undefined ? '' : `  (${r.outages.toLocaleString('en-US')} observed)`}`,
    `  mean outage          ${formatDuration(r.meanOutageSeconds)}`,
    `  longest outage       ${formatDuration(r.longestOutageSeconds)}`,
  ];
  if (r.stopped) lines.splice(1, 0, `stopped before its end: ${formatYearsDone(r.years)} of ${r.stopped.requestedYears.toLocaleString('en-US')} years simulated; these are their figures`);
  if (inside === 'OUTSIDE the interval') lines.push('', OUTSIDE_WHY);
  if (r.warning) lines.push('', `warning: ${r.warning}`);
  return lines.join('\n') + '\n';
}

/** The importance-sampling figures, with the analytic value beside them. */
export function formatImportanceText(systemName: string, r: ImportanceSamplingResult): string {
  const u = r.unavailability;
  const inside = besideAnalytic(r.analytic, u.ci95);
  const lines = [
    `${systemName}: importance sampling over ${r.cycles.toLocaleString('en-US')} regenerative cycles (about ${Math.round(r.equivalentYears).toLocaleString('en-US')} years), seed ${r.seed}`,
    '',
    `  unavailability       ${sci(u.mean)}  (95% CI ${sci(u.ci95[0])} – ${sci(u.ci95[1])})`,
    `  analytic             ${analyticText(r.analytic, inside)}`,
    `  availability         ${formatAvailability(u.mean)}`,
    `  downtime per year    ${formatDuration(u.mean * SECONDS_PER_YEAR)}`,
    `  outages per year     ${formatNumber(r.outagesPerYear, 4)}`,
  ];
  if (r.abandonedCycles > 0) lines.push(`  abandoned cycles     ${r.abandonedCycles}`);
  if (r.stopped) lines.splice(1, 0, `stopped before its end: ${r.cycles.toLocaleString('en-US')} of ${r.stopped.requestedCycles.toLocaleString('en-US')} cycles simulated; these are their figures`);
  if (inside === 'OUTSIDE the interval') lines.push('', OUTSIDE_WHY);
  if (r.warning) lines.push('', `warning: ${r.warning}`);
  return lines.join('\n') + '\n';
}

/**
 * Why the analytic value can sit outside the simulated interval (spec section 3, revision 2): U is
 * first order in the failover windows, while the simulation lives the second-order terms too.
 */
const OUTSIDE_WHY =
  'why: the analytic value is the spec\'s U, first order in the failover windows; the simulation also lives what first order leaves out (elements failing or coming back during a window, overlapping windows, a standby that fails before it serves), terms of relative size about the elements\' failure frequencies times T_fo, and a 95% interval misses 1 run in 20';

/** Years simulated by a stopped run (whole batches, so rarely a whole number): `41,250.5`. */
function formatYearsDone(years: number): string {
  return Number(years.toPrecision(6)).toLocaleString('en-US', { maximumFractionDigits: 1 });
}

/**
 * Where the analytic U stands against the simulated interval: inside it or OUTSIDE; when the
 * analysis only bounded U, whether its bounds and the interval overlap; '' when there is none.
 */
function besideAnalytic(a: AnalyticFigure, ci: [number, number]): string {
  if (a.bounds) return a.bounds[0] <= ci[1] && ci[0] <= a.bounds[1] ? 'overlaps the interval' : 'does not overlap the interval';
  if (!Number.isFinite(a.unavailability)) return '';
  return a.unavailability >= ci[0] && a.unavailability <= ci[1] ? 'inside the interval' : 'OUTSIDE the interval';
}

/** The analytic line's value: U, both bounds when it is bounded, or that there is none. */
function analyticText(a: AnalyticFigure, inside: string): string {
  if (a.bounds) return `between ${sci(a.bounds[0])} and ${sci(a.bounds[1])}, only bounded: the analysis stopped at its work limit (${inside})`;
  return Number.isFinite(a.unavailability) ? `${sci(a.unavailability)}  (${inside})` : 'not available';
}

/** An unavailability with five significant digits, always scientific, so the simulated and analytic figures compare digit by digit. */
function sci(x: number): string {
  return formatScientific(x, 5);
}
