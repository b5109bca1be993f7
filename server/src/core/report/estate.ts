/**
 * The estate's rows of words (docs/language.md, "Estates"), shared by the text, Markdown and JSON reports:
 * a system's dependencies, the table of journeys, and each journey's weakest link.
 */
import type { AnalysedJourney } from '../estate/analyse';
import type { AnalysedSystem } from '../pipeline';
import type { SystemAnalysis } from '../analysis/types';
import { SECONDS_PER_YEAR } from '../../../../grammar/src/units';
import { formatAvailability, formatDuration, formatNines, formatPercent, formatShare } from '../text/format';
import { headline, objectiveVerdictOf, unavailabilityBoundsOf } from './summary';

/** "depends on: catalog, auth; soft: recommendations (degraded 0.5% of the time, 1d 19h a year)". */
export function dependencyLine(system: AnalysedSystem): string | undefined {
  if (!system.estate) return undefined;
  const soft = system.model.uses.filter((u) => u.soft).map((u) => u.target);
  const hard = system.estate.services;
  const parts: string[] = [];
  if (hard.length > 0) parts.push(`depends on ${hard.join(', ')}`);
  if (soft.length > 0) {
    const d = system.estate.degradedUnavailability;
    const degraded = d !== undefined ? ` (degraded ${formatShare(d)} of the time, ${formatDuration(d * SECONDS_PER_YEAR)} a year)` : '';
    parts.push(`soft dependencies: ${soft.join(', ')}${degraded}`);
  }
  return parts.join('; ');
}

export const JOURNEY_HEADER = ['journey', 'availability', 'nines', 'downtime/year', 'objective', 'weakest link'];

/** One row per journey: its figures, its SLO's verdict and the step that costs it most. */
export function journeyRows(journeys: readonly AnalysedJourney[]): string[][] {
  return journeys.map((j) => {
    const a = j.analysis;
    const name = journeyName(j);
    if (!a) return [name, '–', '–', '–', objectiveCell(j), 'no figures (see the diagnostics)'];
    const bounded = unavailabilityBoundsOf(a) !== undefined;
    return [
      name,
      `${bounded ? '≥ ' : ''}${formatAvailability(a.unavailability)}`,
      formatNines(a.nines),
      formatDuration(a.downtime.year),
      objectiveCell(j),
      weakestLink(j) ?? '–',
    ];
  });
}

/** `web/checkout` for a journey of a system, `checkout` for one of the file. */
export function journeyName(j: AnalysedJourney): string {
  return j.model.system !== undefined ? `${j.model.system}/${j.model.name}` : j.model.name;
}

function objectiveCell(j: AnalysedJourney): string {
  const slo = j.model.slo;
  if (!slo) return '–';
  if (!j.analysis) return `slo ${formatPercent(slo.value)}`;
  return `slo ${formatPercent(slo.value)}${slo.excludesMaintenance && j.analysis.unavailabilityExcludingMaintenance !== undefined ? ' excludes maintenance' : ''} ${objectiveVerdictOf(j.analysis, slo)}`;
}

/** The step of the journey's path that is down most often on its own, and its share of the downtime. */
export function weakestLink(j: AnalysedJourney): string | undefined {
  const a = j.analysis;
  if (!a) return undefined;
  const step = weakestStep(a);
  if (!step) return undefined;
  return `${step.name} (${formatAvailability(step.unavailability)})`;
}

/** The path layer (a layer of the journey's system, or a service) with the largest U alone. */
export function weakestStep(a: SystemAnalysis): { name: string; unavailability: number } | undefined {
  const onPath = new Set(a.cumulative.map((c) => c.layer));
  let best: { name: string; unavailability: number } | undefined;
  for (const l of a.layers) if (onPath.has(l.name) && (!best || l.unavailability > best.unavailability)) best = l;
  return best ? { name: best.name, unavailability: best.unavailability } : undefined;
}

/** The short lines under a journey's row: its headline, its services. */
export function journeyLines(j: AnalysedJourney): string[] {
  const a = j.analysis;
  const out = [`journey ${journeyName(j)}: ${a ? headline(a) : 'no figures (see the diagnostics)'}`];
  out.push(`  path ${j.model.path.map((s) => s.name).join(' -> ')}`);
  if (j.services && j.services.length > 0) out.push(`  services: ${j.services.join(', ')}`);
  return out;
}
