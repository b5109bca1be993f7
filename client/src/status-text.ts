/** The status-bar item's text and tooltip, from the server's topo/analysed figures. */
import type { AnalysedParams } from '../../server/src/protocol';
import {
  formatAvailability,
  formatAvailabilityFloor,
  formatBoundNote,
  formatDuration,
  formatDurationCeiling,
  formatNines,
  formatNinesFloor,
  formatPercent,
  verdictOf,
} from '../../server/src/core/index';

export interface StatusText {
  text: string;
  tooltip: string;
  /** True when a system misses its SLO (the item gets the warning colour). */
  warning: boolean;
}

/** What the status bar shows for one analysed document; undefined when it has no system. */
export function statusText(params: AnalysedParams): StatusText | undefined {
  const [first, ...rest] = params.systems;
  if (!first) return undefined;
  const more = rest.length > 0 ? ` (+${rest.length})` : '';
  const tooltip = params.systems.map((s) => systemLine(s)).join('\n');
  if (first.unavailability === null) {
    return { text: `$(error) Topo: no figures${more}`, tooltip: `${tooltip}\nClick for the availability report.`, warning: true };
  }
  const nines = first.nines === null ? '∞' : first.unavailabilityBounds ? formatNinesFloor(first.nines) : formatNines(first.nines);
  const availability = first.unavailabilityBounds ? formatAvailabilityFloor(first.unavailability) : formatAvailability(first.unavailability);
  return {
    text: `$(pulse) ${availability} · ${nines} nines${more}`,
    tooltip: `${tooltip}\nClick for the availability report.`,
    warning: params.systems.some((s) => s.sloMet === false),
  };
}

/**
 * One system's line of the tooltip. When U is only a bound (the analysis stopped at its work
 * limit) the figures read as floor and ceiling, both bounds are named, and an SLO that the bounds
 * do not settle is "undetermined" rather than missed.
 */
function systemLine(s: AnalysedParams['systems'][number]): string {
  if (s.unavailability === null) return `${s.name}: no figures (fix the errors first)`;
  const bounds = s.unavailabilityBounds;
  const parts = [`${s.name}: ${bounds ? formatAvailabilityFloor(s.unavailability) : formatAvailability(s.unavailability)}`];
  if (s.downtimeYearSeconds !== null) parts.push(`${bounds ? formatDurationCeiling(s.downtimeYearSeconds) : formatDuration(s.downtimeYearSeconds)} down a year`);
  if (s.slo !== null) {
    parts.push(`SLO ${formatPercent(s.slo)} ${verdictOf(s.unavailability, bounds, s.slo)}`);
  }
  if (bounds) parts.push(formatBoundNote(bounds));
  return parts.join(' · ');
}
