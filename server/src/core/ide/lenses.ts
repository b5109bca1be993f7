/**
 * Code lenses (figures above the system and its layers, what each takeover layer's failover
 * windows cost, ▶ Simulate above scenarios) and inlay hints.
 */
import type { LayerAst, SiteAst } from '../../../../grammar/src/ast';
import type { FailoverCost } from '../analysis/types';
import type { DocumentAnalysis } from '../pipeline';
import type { AnalysedJourney } from '../estate/analyse';
import { weakestStep } from '../report/estate';
import { unavailabilityBoundsOf, verdictOf, type Verdict } from '../report/summary';

const VERDICT_MARK: Record<Verdict, string> = { met: '✓', missed: '✗', undetermined: '?' };
import {
  formatAvailability,
  formatAvailabilityFloor,
  formatCount,
  formatBoundNote,
  formatDuration,
  formatDurationCeiling,
  formatNines,
  formatNinesFloor,
  formatNumber,
  formatPercent,
  formatProbability,
} from '../text/format';
import { systemOf } from './lookup';
import type { CodeLensInfo, InlayHintInfo } from './types';

/** The command the client registers to run a scenario: arguments [uri, scenarioName]. */
const SIMULATE_COMMAND = 'topo.simulateScenario';

/** Code lenses of a document. */
export function codeLenses(doc: DocumentAnalysis, uri: string): CodeLensInfo[] {
  const out: CodeLensInfo[] = [];
  doc.parse.ast.systems.forEach((ast, i) => {
    const sys = systemOf(doc, i);
    const a = sys?.analysis;
    if (sys && a) out.push({ range: ast.keywordRange, title: systemLensTitle(a.unavailability, a.nines, a.downtime.year, sys.model.slo?.value, unavailabilityBoundsOf(a)) });
    const layerLens = (layer: LayerAst, prefix: string) => {
      const fig = a?.layers.find((l) => l.name === prefix + (layer.name?.text ?? '\0'));
      if (fig) out.push({ range: layer.keywordRange, title: `${fig.exact === false ? formatAvailabilityFloor(fig.unavailability) : formatAvailability(fig.unavailability)} · RTO ${formatDuration(fig.rtoSeconds)}` });
      if (fig?.failover) out.push({ range: layer.keywordRange, title: failoverLensTitle(fig.failover) });
      for (const m of layer.members) if (m.type === 'site') siteLenses(m, prefix, layerLens);
    };
    for (const layer of ast.layers) layerLens(layer, '');
    for (const sc of ast.scenarios) {
      if (!sc.name) continue;
      out.push({ range: sc.keywordRange, title: '▶ Simulate', command: { id: SIMULATE_COMMAND, arguments: [uri, sc.name.text] } });
    }
  });
  // Each journey on its `journey` line (docs/language.md, "Estates"): matched to its figures by its name's place.
  const journeys = new Map(doc.journeys.map((j) => [`${j.model.nameRange.start.line}:${j.model.nameRange.start.character}`, j]));
  for (const ast of [...doc.parse.ast.systems.flatMap((s) => s.journeys), ...doc.parse.ast.journeys]) {
    const j = ast.name ? journeys.get(`${ast.name.range.start.line}:${ast.name.range.start.character}`) : undefined;
    if (j) out.push({ range: ast.keywordRange, title: journeyLensTitle(j) });
  }
  return out;
}

/**
 * `99.9912% · 46m 10s/yr · SLO 99.95% ✓ · weakest: stripe (99.99%)`: a journey's availability
 * (a floor when U is a bound), downtime a year, its SLO's verdict and its weakest link.
 */
export function journeyLensTitle(j: AnalysedJourney): string {
  const a = j.analysis;
  if (!a) return 'no figures (see the diagnostics)';
  const bounds = unavailabilityBoundsOf(a);
  const parts = bounds
    ? [formatAvailabilityFloor(a.unavailability), `${formatDurationCeiling(a.downtime.year)}/yr`]
    : [formatAvailability(a.unavailability), `${formatDuration(a.downtime.year)}/yr`];
  const slo = j.model.slo?.value;
  if (slo !== undefined) parts.push(`SLO ${formatPercent(slo)} ${VERDICT_MARK[verdictOf(a.unavailability, bounds, slo)]}`);
  const weakest = weakestStep(a);
  if (weakest) parts.push(`weakest: ${weakest.name} (${formatAvailability(weakest.unavailability)})`);
  if (bounds) parts.push(formatBoundNote(bounds));
  return parts.join(' · ');
}

function siteLenses(site: SiteAst, prefix: string, layerLens: (l: LayerAst, prefix: string) => void): void {
  if (!site.name) return;
  for (const l of site.layers) layerLens(l, `${prefix}${site.name.text}.`);
}

/**
 * What an active-passive layer's failover windows cost the system (spec section 3, revision 2):
 * `failover windows: 32.9s/yr of downtime · 3.1 windows/yr`. The hover splits it by what failed.
 */
export function failoverLensTitle(cost: FailoverCost): string {
  return `failover windows: ${formatDuration(cost.secondsPerYear)}/yr of downtime · ${formatNumber(cost.windowsPerYear, 2)} windows/yr`;
}

/**
 * `99.93885% · 3.21 nines · 5h 22m/yr · SLO 99.95% ✗`; with `bounds` on U (the analysis stopped at
 * its work limit, `unavailability` the upper one): `at least 99.98229% · ≥ 3.75 nines · at most 1h
 * 33m/yr · bounded: the analysis stopped at its work limit; U between 1.01e-63 and 1.77e-4`, and an
 * SLO the bounds do not settle shows `?`.
 */
export function systemLensTitle(unavailability: number, nines: number, downtimeYearSeconds: number, slo: number | undefined, bounds?: [number, number]): string {
  const parts = bounds
    ? [formatAvailabilityFloor(unavailability), `${formatNinesFloor(nines)} nines`, `${formatDurationCeiling(downtimeYearSeconds)}/yr`]
    : [formatAvailability(unavailability), `${formatNines(nines)} nines`, `${formatDuration(downtimeYearSeconds)}/yr`];
  if (slo !== undefined) {
    const met = VERDICT_MARK[verdictOf(unavailability, bounds, slo)];
    parts.push(`SLO ${formatPercent(slo)} ${met}`);
  }
  if (bounds) parts.push(formatBoundNote(bounds));
  return parts.join(' · ');
}

/** Instance names an inlay hint's tooltip lists one by one; beyond, the count. */
const MAX_TOOLTIP_NAMES = 8;

/** Inlay hints: the instances a replicated node stands for, and the cumulative availability along the path. */
export function inlayHints(doc: DocumentAnalysis): InlayHintInfo[] {
  const out: InlayHintInfo[] = [];
  doc.parse.ast.systems.forEach((ast, i) => {
    const sys = systemOf(doc, i);
    if (!sys) return;
    for (const node of sys.model.nodes) {
      if (node.instances.length < 2) continue;
      const first = node.instances[0] as string;
      const last = node.instances[node.instances.length - 1] as string;
      const local = (id: string) => id.slice(id.lastIndexOf('.') + 1);
      const label = node.instances.length === 2 ? `→ ${local(first)}, ${local(last)}` : `→ ${local(first)} … ${local(last)}`;
      // Every name up to a few; for many, the count and the ends (a node of 40,000 replicas gave a 470 KB tooltip).
      const tooltip = node.instances.length <= MAX_TOOLTIP_NAMES ? node.instances.join(', ') : `${formatCount(node.instances.length)} instances: ${first} … ${last}`;
      out.push({ position: node.nameRange.end, label, paddingLeft: true, tooltip });
    }
    const cumulative = sys.analysis?.cumulative ?? [];
    const path = ast.paths[ast.paths.length - 1];
    for (const c of cumulative) {
      const ref = path?.layers.find((r) => r.name === c.layer);
      const decl = sys.model.layers.find((l) => l.id === c.layer);
      const at = ref ? ref.range.end : decl?.nameRange.end;
      if (!at) continue;
      // A prefix the work limit left bounded reads as a floor, as every bound does.
      if (c.exact === false) {
        out.push({
          position: at, label: `[${formatAvailabilityFloor(c.unavailability)}]`, paddingLeft: true,
          tooltip: `Availability of the path up to and including ${c.layer}: only a floor, U at most ${formatProbability(c.unavailability)} (the analysis stopped at its work limit)`,
        });
      } else out.push({ position: at, label: `[${formatAvailability(c.unavailability)}]`, paddingLeft: true, tooltip: `Availability of the path up to and including ${c.layer}` });
    }
  });
  return out.sort((a, b) => a.position.line - b.position.line || a.position.character - b.position.character);
}
