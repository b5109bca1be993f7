/**
 * Code lenses (figures above the system, its error budget and its layers, what each takeover
 * layer's failover windows cost, ▶ Simulate above scenarios) and inlay hints (instances, each
 * node's availability and importance, the cumulative availability along the path).
 */
import type { LayerAst, SiteAst } from '../../../../grammar/src/ast';
import { containsPosition, type Diagnostic } from '../../../../grammar/src/text';
import { SECONDS_PER_YEAR } from '../../../../grammar/src/units';
import type { ErrorBudget, FailoverCost, Importance, LayerFigures, SystemAnalysis } from '../analysis/types';
import { MAX_IMPORTANCE } from '../analysis/analyse';
import { systemIndex } from '../model/index';
import type { NodeModel, SystemModel } from '../model/types';
import type { AnalysedSystem, DocumentAnalysis } from '../pipeline';
import type { AnalysedJourney } from '../estate/analyse';
import { weakestStep } from '../report/estate';
import { excludesMaintenance, unavailabilityBoundsOf, verdictOf, type Verdict } from '../report/summary';

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
  formatShare,
  formatTopoDuration,
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
    if (sys && a) out.push({ range: ast.keywordRange, title: systemLensTitle(a.unavailability, a.nines, a.downtime.year, sys.model.slo?.value, unavailabilityBoundsOf(a), systemLensExtras(sys.model, a)) });
    // The error budget beside it, as a lens of its own on the same line (only with an SLO).
    if (sys && a?.errorBudget && sys.model.slo) out.push({ range: ast.keywordRange, title: budgetLensTitle(a.errorBudget, unavailabilityBoundsOf(a) !== undefined) });
    const layerLens = (layer: LayerAst, prefix: string) => {
      const fig = a?.layers.find((l) => l.name === prefix + (layer.name?.text ?? '\0'));
      if (fig) out.push({ range: layer.keywordRange, title: layerLensTitle(fig) });
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
 * A layer's figures on its own: `99.998818% · 6m 13s/yr · RTO 15s` (availability, downtime a
 * year, RTO); when the work limit left its U bounded, `at least 99.98229% · at most 1h 33m/yr · RTO 15s`.
 */
export function layerLensTitle(fig: Pick<LayerFigures, 'unavailability' | 'rtoSeconds' | 'exact'>): string {
  const down = fig.unavailability * SECONDS_PER_YEAR;
  const figures = fig.exact === false
    ? `${formatAvailabilityFloor(fig.unavailability)} · ${formatDurationCeiling(down)}/yr`
    : `${formatAvailability(fig.unavailability)} · ${formatDuration(down)}/yr`;
  return `${figures} · RTO ${formatDuration(fig.rtoSeconds)}`;
}

/**
 * What is left of the SLO's error budget once the design alone has spent its expected downtime
 * in the window: `budget left 41m 2s of 43m 12s per 30d`, or `over budget by 4m 49s (budget 21m
 * 36s per 30d)`. With `bounded` (the expected downtime is a ceiling) what is left is a floor,
 * `budget left at least …`, and an overrun only possible: `perhaps over budget, by at most …`.
 */
export function budgetLensTitle(b: ErrorBudget, bounded = false): string {
  const left = b.budgetSeconds - b.expectedDowntimeSeconds;
  const per = `per ${formatTopoDuration(b.windowSeconds)}`;
  if (left >= 0) return `budget left ${bounded ? 'at least ' : ''}${formatDuration(left)} of ${formatDuration(b.budgetSeconds)} ${per}`;
  return bounded
    ? `perhaps over budget, by at most ${formatDuration(-left)} (budget ${formatDuration(b.budgetSeconds)} ${per})`
    : `over budget by ${formatDuration(-left)} (budget ${formatDuration(b.budgetSeconds)} ${per})`;
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
 * SLO the bounds do not settle shows `?`. With deploys, the share of U they cause (`changes 72%`);
 * an SLO that `excludes maintenance` says so (`SLO 99.95% excl. maintenance ✓`) and is checked without it.
 */
export function systemLensTitle(
  unavailability: number, nines: number, downtimeYearSeconds: number, slo: number | undefined, bounds?: [number, number], extras: SystemLensExtras = {},
): string {
  const parts = bounds
    ? [formatAvailabilityFloor(unavailability), `${formatNinesFloor(nines)} nines`, `${formatDurationCeiling(downtimeYearSeconds)}/yr`]
    : [formatAvailability(unavailability), `${formatNines(nines)} nines`, `${formatDuration(downtimeYearSeconds)}/yr`];
  if (extras.changesShare !== undefined && !bounds) parts.push(`changes ${formatShare(extras.changesShare)}`);
  if (slo !== undefined) {
    // An SLO that `excludes maintenance` is checked against U without it (as the analysis' diagnostics do).
    const met = VERDICT_MARK[extras.sloUnavailability !== undefined ? verdictOf(extras.sloUnavailability, undefined, slo) : verdictOf(unavailability, bounds, slo)];
    parts.push(`SLO ${formatPercent(slo)}${extras.sloUnavailability !== undefined ? ' excl. maintenance' : ''} ${met}`);
  }
  if (bounds) parts.push(formatBoundNote(bounds));
  return parts.join(' · ');
}

/** What a system lens adds with common causes declared (docs/language.md "Common causes"). */
export interface SystemLensExtras {
  /** The share of U that deploys cause (`changes 72%`); only when some. */
  changesShare?: number;
  /** U without maintenance, for an SLO that `excludes maintenance`. */
  sloUnavailability?: number;
}

function systemLensExtras(model: SystemModel, a: SystemAnalysis): SystemLensExtras {
  const out: SystemLensExtras = {};
  if (a.causes && a.causes.deploys > 0 && a.unavailability > 0) out.changesShare = a.causes.deploys / a.unavailability;
  if (excludesMaintenance(model.slo, a)) out.sloUnavailability = a.unavailabilityExcludingMaintenance as number;
  return out;
}

/** Instance names an inlay hint's tooltip lists one by one; beyond, the count. */
const MAX_TOOLTIP_NAMES = 8;

/**
 * Inlay hints: the instances a replicated node stands for, each node's availability and
 * importance after its declaration (see `nodeHint`), and the cumulative availability along the
 * path. The importance comes with the full analysis only: on the routine one (`detail:
 * 'diagnostics'`) a node's hint has its availability and SPOF mark, and its tooltip says the
 * importance is being computed.
 */
export function inlayHints(doc: DocumentAnalysis): InlayHintInfo[] {
  const out: InlayHintInfo[] = [];
  const errors = errorsByLine(doc.diagnostics);
  doc.parse.ast.systems.forEach((ast, i) => {
    const sys = systemOf(doc, i);
    if (!sys) return;
    const figures = sys.analysis ? nodeFigures(sys, sys.analysis) : undefined;
    for (const node of sys.model.nodes) {
      const hint = figures && !hasError(errors, node) ? nodeHint(node, figures) : undefined;
      if (hint) out.push(hint);
    }
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

/** What the node hints read from one system's analysis, looked up once per system (2,000 nodes stay linear). */
interface NodeFigures {
  sys: AnalysedSystem;
  /** Each instance's importance; undefined when the analysis has none (the routine one). */
  importance: Map<string, Importance> | undefined;
  spofs: Set<string>;
}

function nodeFigures(sys: AnalysedSystem, a: SystemAnalysis): NodeFigures {
  let importance: Map<string, Importance> | undefined;
  if (a.detail !== 'diagnostics') {
    importance = new Map();
    for (const i of a.importance) if (i.type === 'instance' && !importance.has(i.element)) importance.set(i.element, i);
  }
  return { sys, importance, spofs: new Set(a.spofs.filter((s) => s.type === 'instance').map((s) => s.element)) };
}

/**
 * A node's hint after its declaration: `(99.95000% · importance 0.999 · SPOF)`. The availability
 * is its instances' (they share its declaration); the importance the largest Birnbaum importance
 * of its instances, `≥ …` when that one is only a lower bound; `SPOF` when one of its instances is
 * a single point of failure. Parentheses, so that it never reads as the path's `[…]` hints.
 */
export function nodeHint(node: NodeModel, f: NodeFigures): InlayHintInfo | undefined {
  const byId = systemIndex(f.sys.model).instances;
  const first = byId.get(node.instances[0] ?? '');
  if (!first) return undefined;
  let top: Importance | undefined;
  let spof = false;
  for (const id of node.instances) {
    const imp = f.importance?.get(id);
    if (imp && (!top || imp.birnbaum > top.birnbaum)) top = imp;
    if (f.spofs.has(id)) spof = true;
  }
  const availability = formatAvailability(first.unavailability);
  const parts = [availability];
  const tips = [`Availability of ${node.instances.length > 1 ? `each of ${node.id}'s ${formatCount(node.instances.length)} instances` : node.id}: ${availability}`];
  if (top) {
    const value = `${top.bounded ? '≥ ' : ''}${formatProbability(top.birnbaum)}`;
    parts.push(`importance ${value}`);
    tips.push(`Birnbaum importance ${value}${node.instances.length > 1 ? ` (the largest of its instances', ${top.element})` : ''}${top.bounded ? ': only a lower bound (the analysis stopped at its work limit)' : ''}`);
  } else if (!f.importance) tips.push('Importance: being computed for this version.');
  else tips.push(`Birnbaum importance: not listed (the analysis lists the ${formatCount(MAX_IMPORTANCE)} largest, and leaves out a value it could only bound)`);
  if (spof) {
    parts.push('SPOF');
    tips.push('A single point of failure: when it fails, the system goes down.');
  }
  return { position: node.range.end, label: `(${parts.join(' · ')})`, paddingLeft: true, tooltip: tips.join('\n') };
}

/** The error diagnostics by the line they start on, so each node checks only its own lines. */
function errorsByLine(diagnostics: readonly Diagnostic[]): Map<number, Diagnostic[]> {
  const out = new Map<number, Diagnostic[]>();
  for (const d of diagnostics) {
    if (d.severity !== 'error') continue;
    const list = out.get(d.range.start.line);
    if (list) list.push(d);
    else out.set(d.range.start.line, [d]);
  }
  return out;
}

/** Whether an error sits inside the node's declaration: a value the model replaced would give a false figure. */
function hasError(errors: Map<number, Diagnostic[]>, node: NodeModel): boolean {
  if (errors.size === 0) return false;
  for (let line = node.range.start.line; line <= node.range.end.line; line++) {
    if (errors.get(line)?.some((d) => containsPosition(node.range, d.range.start) && containsPosition(node.range, d.range.end))) return true;
  }
  return false;
}
