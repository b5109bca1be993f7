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

/**
 * What the status bar shows for one analysed document; undefined when it has no system. The
 * figures are those of `system` (the system at the cursor, see `statusSystemAt`) when the document
 * has it, else of its first system; in a document of several, the system is named and the others
 * counted: `payments: 99.99000% · 4.00 nines (+1)`.
 */
export function statusText(params: AnalysedParams, system?: string): StatusText | undefined {
  const first = params.systems.find((s) => s.name === system) ?? params.systems[0];
  if (!first) return undefined;
  const others = params.systems.length - 1;
  const more = others > 0 ? ` (+${others})` : '';
  const named = others > 0 ? `${escapeIcons(first.name)}: ` : '';
  const tooltip = params.systems.map((s) => systemLine(s)).join('\n');
  if (first.unavailability === null) {
    return { text: `$(error) Topo: ${named}no figures${more}`, tooltip: `${tooltip}\nClick for the availability report.`, warning: true };
  }
  const nines = first.nines === null ? '∞' : first.unavailabilityBounds ? formatNinesFloor(first.nines) : formatNines(first.nines);
  const availability = first.unavailabilityBounds ? formatAvailabilityFloor(first.unavailability) : formatAvailability(first.unavailability);
  return {
    text: `$(pulse) ${named}${availability} · ${nines} nines${more}`,
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

/**
 * The system whose figures the status bar shows for a cursor: the one whose block holds it, or
 * whose journey's block does (`subjectAt`); undefined elsewhere (then the first system).
 */
export function statusSystemAt(here: { system: string } | { journey: string } | undefined, systems: readonly string[]): string | undefined {
  if (!here) return undefined;
  if ('system' in here) return systems.includes(here.system) ? here.system : undefined;
  // `SYSTEM/JOURNEY` for a journey inside a system (names may hold a `/`: the longest system that prefixes it).
  return systems.filter((s) => here.journey.startsWith(`${s}/`)).sort((a, b) => b.length - a.length)[0];
}

/** A name as status-bar text: `$(` would start an icon, so it is escaped as VS Code escapes it (`\\$(`). */
function escapeIcons(name: string): string {
  return name.replace(/\$\(/g, '\\$(');
}
