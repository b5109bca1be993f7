/** The status-bar item's text and tooltip, from the server's topo/analysed figures. */
import type { AnalysedParams } from '../../server/src/protocol';
import { formatAvailability, formatDuration, formatNines, formatPercent } from '../../server/src/core/index';

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
  const nines = first.nines === null ? '∞' : formatNines(first.nines);
  return {
    text: `$(pulse) ${formatAvailability(first.unavailability)} · ${nines} nines${more}`,
    tooltip: `${tooltip}\nClick for the availability report.`,
    warning: params.systems.some((s) => s.sloMet === false),
  };
}

function systemLine(s: AnalysedParams['systems'][number]): string {
  if (s.unavailability === null) return `${s.name}: no figures (fix the errors first)`;
  const parts = [`${s.name}: ${formatAvailability(s.unavailability)}`];
  if (s.downtimeYearSeconds !== null) parts.push(`${formatDuration(s.downtimeYearSeconds)} down a year`);
  if (s.slo !== null) parts.push(`SLO ${formatPercent(s.slo)} ${s.sloMet ? 'met' : 'missed'}`);
  return parts.join(' · ');
}
