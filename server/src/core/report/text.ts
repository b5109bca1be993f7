/**
 * The report a person reads at a glance (`topo check`, text format): the headline, downtime,
 * downtime by cause (with common causes declared), error budget, per-layer table, failover windows, single points of failure, top cut sets and
 * advice of each system. Diagnostics follow it, printed by `diagnostics-text.ts`.
 */
import type { AnalysedSystem, DocumentJourney } from '../pipeline';
import { dependencyLine, JOURNEY_HEADER, journeyLines, journeyRows } from './estate';
import { formatTable } from '../text/format';
import {
  adviceLine,
  budgetLine,
  causeHeader,
  causeRows,
  cutSetRows,
  downtimeRows,
  exactness,
  failoverHeader,
  failoverOverlapNote,
  failoverRows,
  headline,
  LAYER_HEADER,
  layerRows,
  mostImportant,
  objectiveLines,
  PROVISIONAL_NOTE,
  SITE_HEADER,
  siteRows,
  spofList,
} from './summary';

/** The text report of one system; a short note when it could not be analysed. */
export function formatSystemReport(system: AnalysedSystem): string {
  // With dependencies, the figures are the composite's: its layers include the services'.
  const m = system.composite ?? system.model;
  const a = system.analysis;
  if (!a) return `system ${m.name}: no figures (see the diagnostics below)\n\n`;
  const out: string[] = [`system ${m.name}: ${headline(a)}${system.provisional ? ` ${PROVISIONAL_NOTE}` : ''}`, `  ${exactness(a)}`];
  const deps = dependencyLine(system);
  if (deps) out.push(`  ${deps}`);
  for (const line of objectiveLines(m, a)) out.push(`  ${line}`);
  out.push('', ...indent(formatTable(['', 'year', 'month', 'week'], downtimeRows(a), new Set([1, 2, 3]))));
  const causes = causeRows(m, a);
  if (causes.length) out.push('', ...indent(formatTable(causeHeader(a), causes, new Set([1, 2]))));
  const budget = budgetLine(m, a);
  if (budget) out.push('', `  ${budget}`);
  out.push('', ...indent(formatTable(LAYER_HEADER, layerRows(a), new Set([2, 3, 4, 5]))));
  if (a.sites.length) out.push('', ...indent(formatTable(SITE_HEADER, siteRows(a), new Set([1, 2, 3]))));
  const failovers = failoverRows(m, a);
  if (failovers.length) out.push('', ...indent(formatTable(failoverHeader(m), failovers, new Set([1, 2, 3, 4, 5, 6, 7]))));
  const overlap = failoverOverlapNote(a);
  if (overlap) out.push(`  (${overlap})`);
  const spofs = spofList(a, m);
  out.push('', spofs.length ? `  single points of failure: ${spofs.join(', ')}` : '  no single point of failure');
  const cuts = cutSetRows(a);
  if (cuts.length) out.push('', ...indent(formatTable(['top cut sets', 'probability'], cuts, new Set([1]))));
  const important = mostImportant(a, m);
  if (important) out.push('', `  most important element: ${important}`);
  const advice = adviceLine(a);
  if (advice) out.push(`  advice: ${advice}`);
  return out.join('\n') + '\n\n';
}

/** The journeys of a document: their table, then each journey's own figures (as a system's). */
export function formatJourneysReport(journeys: readonly DocumentJourney[]): string {
  if (journeys.length === 0) return '';
  const out = [journeys.some((j) => j.provisional) ? `journeys ${PROVISIONAL_NOTE}` : 'journeys', ...indent(formatTable(JOURNEY_HEADER, journeyRows(journeys), new Set([1, 2, 3]))), ''];
  for (const j of journeys) {
    out.push(...journeyLines(j));
    const a = j.analysis;
    const m = j.composite;
    if (!a || !m) {
      out.push('');
      continue;
    }
    out.push(`  ${exactness(a)}`);
    for (const line of objectiveLines(m, a)) out.push(`  ${line}`);
    const budget = budgetLine(m, a);
    if (budget) out.push(`  ${budget}`);
    const spofs = spofList(a, m);
    out.push(spofs.length ? `  single points of failure: ${spofs.join(', ')}` : '  no single point of failure');
    const cuts = cutSetRows(a);
    if (cuts.length) out.push(...indent(formatTable(['top cut sets', 'probability'], cuts, new Set([1]))));
    const important = mostImportant(a, m);
    if (important) out.push(`  most important element: ${important}`);
    out.push('');
  }
  return out.join('\n') + '\n';
}

function indent(lines: string[]): string[] {
  return lines.map((l) => `  ${l}`);
}
