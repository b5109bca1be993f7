/**
 * The figures of one analysed system as rows of words, shared by the text and Markdown
 * reports so both say the same thing in the same order.
 */
import { verdictOf, type Verdict } from '../analysis/figures';
import type { DowntimeCauses, LayerFigures, Spof, SystemAnalysis } from '../analysis/types';
import type { CommonCauseModel, ElementType, Objective, SystemModel } from '../model/types';
import type { AnalyticFigure } from '../simulation/types';
import {
  formatAvailability,
  formatAvailabilityFloor,
  formatBetween,
  formatBoundNote,
  formatDuration,
  formatDurationCeiling,
  formatNines,
  formatNinesFloor,
  formatNumber,
  formatPercent,
  formatProbability,
  formatShare,
  formatShareCeiling,
  formatTopoDuration,
} from '../text/format';
import { SECONDS_PER_YEAR } from '../../../../grammar/src/units';

/** After a headline whose figures are provisional (the document has syntax errors: `figures-withheld`). */
export const PROVISIONAL_NOTE = '(provisional: the file has syntax errors)';

/** How many cut sets a report lists. */
const TOP_CUT_SETS = 5;

/**
 * [lower, upper] bounds on U when U itself is not exact (the analysis stopped at its work limit
 * and `unavailability` is the upper bound); undefined when U is exact.
 */
export function unavailabilityBoundsOf(a: SystemAnalysis): [number, number] | undefined {
  if (a.unavailabilityExact ?? a.exact) return undefined;
  return a.unavailabilityBounds ?? [0, a.unavailability];
}

/**
 * "99.93885% available (3.21 nines), 5h 22m of downtime a year"; when U is only a bound, "at least
 * 99.98229% available (≥ 3.75 nines; bounded: the analysis stopped at its work limit; U between
 * 1.01e-63 and 1.77e-4), at most 1h 33m of downtime a year".
 */
export function headline(a: SystemAnalysis): string {
  const bounds = unavailabilityBoundsOf(a);
  if (bounds) {
    const availability = formatAvailability(a.unavailability);
    const nines = availability.endsWith('nines') ? '' : `${formatNinesFloor(a.nines)} nines; `;
    return `${formatAvailabilityFloor(a.unavailability)} available (${nines}${formatBoundNote(bounds)}), ${formatDurationCeiling(a.downtime.year)} of downtime a year`;
  }
  const availability = formatAvailability(a.unavailability);
  // Past 11 nines the availability is already printed as nines: give U beside it instead.
  const beside = availability.endsWith('nines') ? `unavailability ${formatProbability(a.unavailability)}` : `${formatNines(a.nines)} nines`;
  return `${availability} available (${beside}), ${formatDuration(a.downtime.year)} of downtime a year`;
}

/**
 * U itself, its two parts when the system fails over (spec section 3, revision 2: U_struct plus
 * the failover windows' term), and whether it is exact; "(exact)" only when no figure at all hit a
 * limit. "unavailability 6.114987e-4 = structure 6.104575e-4 + failover windows 1.0413e-6 (exact)".
 */
export function exactness(a: SystemAnalysis): string {
  const bounds = unavailabilityBoundsOf(a);
  if (bounds) {
    // The upper bound is what the other figures are spelt from; its terms are bounds too.
    const upper = failsOver(a) ? `; the upper bound is ${unavailabilityText(a)}` : '';
    return `unavailability ${formatBetween(bounds, U_DIGITS)} (bounded${upper}; not exact: ${a.limits.join('; ')})`;
  }
  const u = `unavailability ${unavailabilityText(a)}`;
  if (a.exact) return `${u} (exact)`;
  if (a.unavailabilityExact === true) return `${u} (U exact; other figures not: ${a.limits.join('; ')})`;
  return `${u} (not exact: ${a.limits.join('; ')})`;
}

/** Significant digits of U where it is given as a number (the spec's section 10 quotes seven). */
const U_DIGITS = 7;

/** Whether some layer fails over, so U has a failover windows' term; else U is U_struct. */
export function failsOver(a: SystemAnalysis): boolean {
  return a.layers.some((l) => l.failover !== undefined) || a.failoverUnavailability > 0;
}

/**
 * U to seven digits and, when some layer fails over, its two terms, each to the same last decimal
 * place as U so they read as a sum of its digits:
 * "6.114987e-4 = structure 6.104575e-4 + failover windows 1.0413e-6".
 */
export function unavailabilityText(a: SystemAnalysis): string {
  const u = formatProbability(a.unavailability, U_DIGITS);
  if (!failsOver(a)) return u;
  const place = (p: number): number => Math.floor(Math.log10(p));
  const atPlaceOfU = (p: number): string =>
    formatProbability(p, p > 0 && a.unavailability > 0 ? Math.min(U_DIGITS, Math.max(2, U_DIGITS - (place(a.unavailability) - place(p)))) : U_DIGITS);
  const terms = `structure ${atPlaceOfU(a.structuralUnavailability)} + failover windows ${atPlaceOfU(a.failoverUnavailability)}`;
  // A layer always failing over (failover-saturated): the first-order terms pass 1 and U is capped.
  if (a.unavailability >= 1 && a.structuralUnavailability + a.failoverUnavailability > 1) return `${u} (capped: ${terms} add up to more)`;
  return `${u} = ${terms}`;
}

/** The expected downtime a year, month and week; "at most" when U is only a bound. */
export function downtimeRows(a: SystemAnalysis): string[][] {
  const label = unavailabilityBoundsOf(a) ? 'expected downtime, at most' : 'expected downtime';
  return [[label, formatDuration(a.downtime.year), formatDuration(a.downtime.month), formatDuration(a.downtime.week)]];
}

/** The analysis' U for a simulation to stand beside, with its bounds when it is only bounded (NaN without figures). */
export function analyticOf(a: SystemAnalysis | undefined): AnalyticFigure {
  if (!a) return { unavailability: NaN };
  const bounds = unavailabilityBoundsOf(a);
  return bounds ? { unavailability: a.unavailability, bounds: [bounds[0], bounds[1]] } : { unavailability: a.unavailability };
}

/**
 * Whether an objective is met: 'met' or 'missed'; when U is only a bound, 'met' only if the floor
 * on availability meets it, 'missed' only if even the lower bound on U misses it, else 'undetermined'.
 */
export function objectiveVerdict(a: SystemAnalysis, target: number): Verdict {
  return verdictOf(a.unavailability, unavailabilityBoundsOf(a), target);
}

// The one rule for an objective's verdict lives with the figures (the analysis' diagnostics use it too).
export { verdictOf, type Verdict };

/** The error-budget sentence, or undefined without an SLO. */
export function budgetLine(m: SystemModel, a: SystemAnalysis): string | undefined {
  const b = a.errorBudget;
  if (!b || !m.slo) return undefined;
  const bounded = unavailabilityBoundsOf(a) !== undefined;
  const verdict = b.spentFraction <= 1 ? 'within budget' : bounded ? 'perhaps over budget' : 'over budget';
  const spends = bounded ? formatDurationCeiling(b.expectedDowntimeSeconds) : formatDuration(b.expectedDowntimeSeconds);
  const share = bounded ? formatShareCeiling(b.spentFraction) : formatShare(b.spentFraction);
  const excluded = excludesMaintenance(m.slo, a) ? ', maintenance excluded' : '';
  return (
    `error budget for slo ${formatPercent(m.slo.value)} over ${formatTopoDuration(b.windowSeconds)}: ${formatDuration(b.budgetSeconds)}; ` +
    `the design alone spends ${spends}${excluded} (${share}, ${verdict})`
  );
}

/** The availability without maintenance, in words: a figure, or a floor when it is only bounded. */
export function withoutMaintenanceText(a: SystemAnalysis): string {
  const u = a.unavailabilityExcludingMaintenance as number;
  return a.unavailabilityExcludingMaintenanceBounds ? formatAvailabilityFloor(u) : formatAvailability(u);
}

/**
 * Whether an objective is checked without maintenance: it says `excludes maintenance` and the
 * system declares some (`unavailabilityExcludingMaintenance` present); else it is checked against U.
 */
export function excludesMaintenance(o: Objective | undefined, a: SystemAnalysis): boolean {
  return o?.excludesMaintenance === true && a.unavailabilityExcludingMaintenance !== undefined;
}

/**
 * The verdict of an objective as the analysis' diagnostics give it: against U (a bound said as
 * one), or for one that `excludes maintenance`, against U without the maintenance elements.
 */
export function objectiveVerdictOf(a: SystemAnalysis, o: Objective): Verdict {
  if (excludesMaintenance(o, a)) return verdictOf(a.unavailabilityExcludingMaintenance as number, a.unavailabilityExcludingMaintenanceBounds, o.value);
  return objectiveVerdict(a, o.value);
}

/** Objectives against the figures: "slo 99.95% missed", "sla 99.9% met", "rto 5m: 1h (exceeded)". */
export function objectiveLines(m: SystemModel, a: SystemAnalysis): string[] {
  const out: string[] = [];
  const said = (kind: 'slo' | 'sla', o: Objective): string => {
    const verdict = objectiveVerdictOf(a, o);
    const text = verdict === 'undetermined' ? 'undetermined (U is only bounded)' : verdict;
    if (!excludesMaintenance(o, a)) return `${kind} ${formatPercent(o.value)}: ${text}`;
    // The figure it was checked against, since the headline's is with maintenance.
    return `${kind} ${formatPercent(o.value)} excludes maintenance: ${text} (${withoutMaintenanceText(a)} without maintenance)`;
  };
  if (m.slo) out.push(said('slo', m.slo));
  if (m.sla) out.push(said('sla', m.sla));
  if (m.rto) out.push(`rto ${formatTopoDuration(m.rto.value)}: ${formatDuration(a.rtoSeconds)} (${a.rtoSeconds <= m.rto.value ? 'met' : 'exceeded'})`);
  if (m.rpo) out.push(`rpo ${formatTopoDuration(m.rpo.value)}: ${formatDuration(a.rpoSeconds)} (${a.rpoSeconds <= m.rpo.value ? 'met' : 'exceeded'})`);
  return out;
}

export const LAYER_HEADER = ['layer', 'mode', 'k/n', 'availability', 'RTO', 'RPO'];

/**
 * One row per layer. The k/n cell says what the layer needs: a count (`2/3`), or with unequal
 * capacities the capacity it needs of the capacity it has (`2000/4000 cap`). RPO is the figure
 * the JSON carries (0 for an active-active layer without replication), so both say the same.
 */
export function layerRows(a: SystemAnalysis): string[][] {
  return a.layers.map((l) => [
    l.name,
    l.mode,
    requirementCell(l),
    l.exact === false ? formatAvailabilityFloor(l.unavailability) : formatAvailability(l.unavailability),
    formatDuration(l.rtoSeconds),
    formatDuration(l.rpoSeconds),
  ]);
}

function requirementCell(l: LayerFigures): string {
  if (l.requiredCapacity === undefined || l.totalCapacity === undefined) return `${l.k}/${l.n}`;
  return `${formatNumber(l.requiredCapacity)}/${formatNumber(l.totalCapacity)} cap`;
}

export const SITE_HEADER = ['site', 'availability', 'failures/year', 'RTO'];

/** One row per site: its own availability, Birnbaum-weighted failure frequency and RTO. */
export function siteRows(a: SystemAnalysis): string[][] {
  return a.sites.map((x) => [x.name, formatAvailability(x.unavailability), formatRate(x.failuresPerSecond * SECONDS_PER_YEAR), formatDuration(x.rtoSeconds)]);
}


function formatRate(perYear: number): string {
  return perYear >= 0.01 ? formatNumber(perYear, 3) : formatProbability(perYear);
}

export const FAILOVER_HEADER = ['failover windows', 'T_fo', 'windows/year', 'downtime/year', 'from instances', 'from zones', 'from regions'];

/**
 * The failover table's header: with common causes declared, a last column for the windows they
 * open (deploys, common-cause groups, maintenance); without, the table is as it always was.
 */
export function failoverHeader(m: SystemModel): string[] {
  return hasCommonCauses(m) ? [...FAILOVER_HEADER, 'from common causes'] : FAILOVER_HEADER;
}

/** Whether the system declares a deploy, a common-cause group or maintenance (docs/language.md "Common causes"). */
export function hasCommonCauses(m: SystemModel): boolean {
  return (m.commonCauses?.length ?? 0) > 0;
}

/**
 * One row per active-passive layer with a standby (spec section 3, revision 2): its T_fo (each
 * standby's when they differ, in takeover order), the windows it opens a year, and the system
 * downtime a year they cost, split by what failed to open them.
 */
export function failoverRows(m: SystemModel, a: SystemAnalysis): string[][] {
  const rows: string[][] = [];
  for (const l of a.layers) {
    const cost = l.failover;
    if (!cost) continue;
    const t = m.layers.find((x) => x.id === l.name)?.failover?.standbyFailoverSeconds ?? (l.failoverSeconds !== undefined ? [l.failoverSeconds] : []);
    rows.push([
      l.name,
      [...new Set(t)].map(formatDuration).join(', ') || '?',
      formatRate(cost.windowsPerYear),
      formatDuration(cost.secondsPerYear),
      formatDuration(cost.byTrigger.instance),
      formatDuration(cost.byTrigger.zone),
      formatDuration(cost.byTrigger.region),
      ...(hasCommonCauses(m) ? [formatDuration(cost.byTrigger.commonCause)] : []),
    ]);
  }
  return rows;
}

/**
 * Said under the failover table when its rows add up to more than the windows' term: one failure
 * (a zone holding several primaries) opens windows in several layers, and each row counts it.
 */
export function failoverOverlapNote(a: SystemAnalysis): string | undefined {
  const costs = a.layers.flatMap((l) => (l.failover ? [l.failover.unavailability] : []));
  const sum = costs.reduce((s, u) => s + u, 0);
  if (costs.length < 2 || sum <= a.failoverUnavailability * (1 + 1e-6)) return undefined;
  return `the rows add up to ${formatDuration(sum * SECONDS_PER_YEAR)} a year, the windows together cost ${formatDuration(a.failoverUnavailability * SECONDS_PER_YEAR)}: one failure can open windows in several layers, and each row counts it`;
}

/**
 * "lb1 (instance in lb)", "az1 (zone)"; a common cause by what it is and where it is declared:
 * "deploy app (deploys of layer app)", "deploy (deploys of the system)", "common-cause db (a
 * common-cause group of node db in layer data)".
 */
export function spofList(a: SystemAnalysis, m?: SystemModel): string[] {
  return a.spofs.map((s) => `${s.element} (${elementDescription(s, m)})`);
}

const COMMON_CAUSE_WORDS: Record<CommonCauseModel['kind'], string> = { deploy: 'deploys', 'common-cause': 'a common-cause group', maintenance: 'maintenance' };

/** What an element of a SPOF or importance row is: "instance in lb", "zone", "deploys of layer app". */
export function elementDescription(s: Pick<Spof, 'element' | 'type' | 'layer'>, m?: SystemModel): string {
  if (s.type === 'instance') return s.layer ? `instance in ${s.layer}` : 'instance';
  if (!isCommonCause(s.type)) return s.type;
  const cc = m?.commonCauses?.find((c) => c.id === s.element);
  const what = COMMON_CAUSE_WORDS[s.type];
  if (cc) return `${what} of ${commonCauseScope(cc)}`;
  return s.layer !== undefined ? `${what} of layer ${s.layer}` : what;
}

/** "the system", "site east", "layer app", "node db in layer data". */
export function commonCauseScope(cc: CommonCauseModel): string {
  switch (cc.scope) {
    case 'system': return 'the system';
    case 'site': return `site ${cc.scopeId}`;
    case 'layer': return `layer ${cc.scopeId}`;
    case 'node': return cc.layer !== undefined ? `node ${cc.scopeId} in layer ${cc.layer}` : `node ${cc.scopeId}`;
  }
}

/** Whether an element type is a deploy, a common-cause group or maintenance. */
export function isCommonCause(t: ElementType): t is CommonCauseModel['kind'] {
  return t === 'deploy' || t === 'common-cause' || t === 'maintenance';
}

/** The parts of `DowntimeCauses` in the order they are shown, with their words. */
export const CAUSE_PARTS: readonly { key: keyof DowntimeCauses; label: string }[] = [
  { key: 'hardware', label: 'hardware' },
  { key: 'commonCause', label: 'common-cause groups' },
  { key: 'deploys', label: 'deploys (changes)' },
  { key: 'maintenance', label: 'maintenance' },
  { key: 'failoverWindows', label: 'failover windows' },
];

/**
 * The parts of U shown for a system (docs/language.md "Common causes"): none without a common
 * cause (U is then hardware and failover windows, as the figures above already say); with one,
 * hardware and failover windows always, and each other part that is not zero.
 */
export function shownCauses(m: SystemModel, a: SystemAnalysis): { key: keyof DowntimeCauses; label: string; unavailability: number }[] {
  if (!a.causes) return [];
  // A composite's common causes may all be its services' (the root declares none): their parts say so.
  const some = hasCommonCauses(m) || a.causes.commonCause > 0 || a.causes.deploys > 0 || a.causes.maintenance > 0;
  if (!some) return [];
  return CAUSE_PARTS.filter((p) => p.key === 'hardware' || p.key === 'failoverWindows' || a.causes[p.key] > 0).map((p) => ({ ...p, unavailability: a.causes[p.key] }));
}

/** The header of the causes table; when U is only a bound, so is each part, and the shares are left out. */
export function causeHeader(a: SystemAnalysis): string[] {
  return unavailabilityBoundsOf(a) ? ['downtime by cause, at most', 'a year'] : ['downtime by cause', 'a year', 'share'];
}

/**
 * One row per part of U: its downtime a year (U_part × year) and its share of U: "deploys
 * (changes) | 1d 2h | 72%". Empty for a system without common causes. When U is only a bound the
 * parts are bounds too (the header says "at most") and have no share.
 */
export function causeRows(m: SystemModel, a: SystemAnalysis): string[][] {
  const bounded = unavailabilityBoundsOf(a) !== undefined;
  return shownCauses(m, a).map((p) => {
    const row = [p.label, formatDuration(p.unavailability * SECONDS_PER_YEAR)];
    if (!bounded) row.push(a.unavailability > 0 ? formatShare(p.unavailability / a.unavailability) : '0%');
    return row;
  });
}

export function cutSetRows(a: SystemAnalysis): string[][] {
  return a.cutSets.slice(0, TOP_CUT_SETS).map((c) => [c.elements.join(' + '), formatProbability(c.probability)]);
}

export function adviceLine(a: SystemAnalysis): string | undefined {
  const advice = a.advice;
  if (!advice) return undefined;
  const after = formatAvailability(advice.unavailability);
  // The engine's summary may already state the new availability; say it once.
  const figure = advice.summary.includes(after) ? '' : `: ${after}`;
  return `${advice.summary}${figure} (downtime ${formatDuration(advice.unavailability * SECONDS_PER_YEAR)} a year)`;
}

/** The element whose improvement buys the most (highest Birnbaum importance). */
export function mostImportant(a: SystemAnalysis, m?: SystemModel): string | undefined {
  const top = [...a.importance].sort((x, y) => y.birnbaum - x.birnbaum)[0];
  if (!top) return undefined;
  // A common cause's type would repeat its name ("deploy app (deploy, …)"): said as what it is.
  const type = isCommonCause(top.type) ? elementDescription({ element: top.element, type: top.type }, m) : top.type;
  return `${top.element} (${type}, Birnbaum ${formatProbability(top.birnbaum)})`;
}
