/**
 * The availability report as Markdown (the VS Code "Show Availability Report" command): the
 * same content as the text report, as headings and tables. Every name and cell goes through
 * `markdownText` (text/markdown.ts), so a name shows as itself and never as Markdown.
 */
import type { AnalysedSystem, DocumentJourney } from '../pipeline';
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
import { markdownText } from '../text/markdown';
import { dependencyLine, JOURNEY_HEADER, journeyRows } from './estate';

/** A Markdown report of every system of a document, then its journeys (docs/language.md, "Estates") as one table. */
export function formatMarkdownReport(title: string, systems: AnalysedSystem[], journeys: readonly DocumentJourney[] = []): string {
  const parts = [`# Availability report: ${markdownText(title)}`, ''];
  for (const s of systems) parts.push(systemMarkdown(s));
  if (systems.length === 0) parts.push('_No system in this file._', '');
  if (journeys.length > 0) {
    const provisional = journeys.some((j) => j.provisional) ? ['', `_${PROVISIONAL_NOTE}_`] : [];
    parts.push('## Journeys', ...provisional, '', ...table(JOURNEY_HEADER, journeyRows(journeys)), '');
  }
  return parts.join('\n');
}

function systemMarkdown(system: AnalysedSystem): string {
  // With dependencies, the figures are the composite's: its layers include the services'.
  const m = system.composite ?? system.model;
  const a = system.analysis;
  const out = [`## ${markdownText(m.name)}`, ''];
  if (!a) return [...out, '_No figures: see the problems reported for this file._', ''].join('\n');
  out.push(`**${headline(a)}**${system.provisional ? ` _${PROVISIONAL_NOTE}_` : ''} — ${exactness(a)}`, '');
  const deps = dependencyLine(system);
  if (deps) out.push(markdownText(deps.charAt(0).toUpperCase() + deps.slice(1)) + '.', '');
  for (const line of objectiveLines(m, a)) out.push(`- ${line}`);
  out.push('', ...table(['', 'year', 'month', 'week'], downtimeRows(a)), '');
  const causes = causeRows(m, a);
  if (causes.length) out.push(...table(causeHeader(a), causes), '');
  const budget = budgetLine(m, a);
  if (budget) out.push(budget.charAt(0).toUpperCase() + budget.slice(1), '');
  out.push('### Layers', '', ...table(LAYER_HEADER, layerRows(a)), '');
  if (a.sites.length) out.push('### Sites', '', ...table(SITE_HEADER, siteRows(a)), '');
  const failovers = failoverRows(m, a);
  if (failovers.length) {
    // The first header cell names the table in text; under its own heading it is the layer.
    out.push('### Failover windows', '', 'System downtime a year that each layer\'s failover windows cost, by what failed to open them.', '');
    out.push(...table(['layer', ...failoverHeader(m).slice(1)], failovers), '');
    const overlap = failoverOverlapNote(a);
    if (overlap) out.push(markdownText(overlap.charAt(0).toUpperCase() + overlap.slice(1)) + '.', '');
  }
  const spofs = spofList(a, m);
  out.push('### Single points of failure', '', spofs.length ? spofs.map((s) => `- ${markdownText(s)}`).join('\n') : 'None.', '');
  const cuts = cutSetRows(a);
  if (cuts.length) out.push('### Top cut sets', '', ...table(['elements', 'probability'], cuts), '');
  const important = mostImportant(a, m);
  const advice = adviceLine(a);
  if (important || advice) {
    out.push('### Advice', '');
    if (important) out.push(`- Most important element: ${markdownText(important)}`);
    if (advice) out.push(`- ${markdownText(advice)}`);
    out.push('');
  }
  return out.join('\n');
}

function table(header: string[], rows: string[][]): string[] {
  const line = (cells: string[]): string => `| ${cells.map((cell) => markdownText(cell)).join(' | ')} |`;
  return [line(header), `|${header.map(() => ' --- ').join('|')}|`, ...rows.map(line)];
}
