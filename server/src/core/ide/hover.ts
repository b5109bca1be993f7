/**
 * Hover content: what a name means in figures. Nodes and instances show their availability,
 * MTBF/MTTR, zone, importance and what their failure does; layers their redundancy and recovery;
 * the system its availability, downtime (by cause, with common causes declared) and budget; zones
 * and regions what runs there and what losing them costs; a `deploys`, `common-cause` or
 * `maintenance` line its element's figures and what it costs the system. Every name is a `markdownCode` span (text/markdown.ts): a system or scenario
 * name is a quoted string, and a hover is Markdown, where a name could otherwise be a link.
 */
import type { TokenInfo } from '../../../../grammar/src/ast';
import { containsPosition, type Position, type Range } from '../../../../grammar/src/text';
import type { AnalysedSystem, DocumentAnalysis } from '../pipeline';
import type { CommonCauseModel, DomainModel, InstanceModel, LayerModel, Objective, SystemModel } from '../model/types';
import type { FailoverCost, SystemAnalysis } from '../analysis/types';
import { excludesMaintenance, failsOver, objectiveVerdictOf, shownCauses, unavailabilityBoundsOf, unavailabilityText, withoutMaintenanceText } from '../report/summary';
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
  formatShareCeiling,
  formatTopoDuration,
} from '../text/format';
import { markdownCode, markdownText } from '../text/markdown';
import { KEYWORD_DOCS } from './keywords';
import { birnbaumOf, systemOf, unavailabilityGivenDown } from './lookup';
import { systemIndex } from '../model/index';
import { symbolAt, type Decl, type NameIndex } from './names';
import { serviceAt } from './services';
import { fileName } from './services';
import { journeyName, weakestStep } from '../report/estate';
import type { AnalysedJourney } from '../estate/analyse';
import type { HoverInfo } from './types';
import { SECONDS_PER_HOUR, SECONDS_PER_YEAR } from '../../../../grammar/src/units';

/**
 * How much of the version's analysis a hover has (the language server answers from what it
 * already knows rather than wait behind an analysis): `complete`, every figure; `partial`, the
 * routine analysis without importance, advice and cut sets, still being computed; `pending`,
 * the parse alone, the figures not yet computed.
 */
export type HoverFigures = 'complete' | 'partial' | 'pending';

/** What a hover reads: a version's analysis, or (figures `pending`) its parse with no systems. */
export type HoverSource = Pick<DocumentAnalysis, 'parse' | 'diagnostics' | 'systems'> & Partial<Pick<DocumentAnalysis, 'journeys' | 'imported' | 'model'>>;

/** Said in place of the figures a hover does not have yet. */
const PENDING_NOTE = '_Figures: this version is being analysed; hover again in a moment._';
const PARTIAL_NOTE = '_Importance, cut sets and advice: being computed for this version; hover again in a moment._';

/** The hover at a position, or undefined when there is nothing to say. */
export function hover(doc: HoverSource, index: NameIndex, pos: Position, figures: HoverFigures = 'complete'): HoverInfo | undefined {
  const service = serviceAt(index, pos);
  if (service && !(service.isDecl && service.decl?.kind === 'system')) {
    if (figures === 'pending') return { markdown: `**service** ${markdownCode(service.name)}\n\n${PENDING_NOTE}`, range: service.range };
    return { markdown: describeService(doc, index, service.name), range: service.range };
  }
  const hit = symbolAt(index, pos);
  if (hit?.decl.kind === 'journey' && !hit.ref) {
    if (figures === 'pending') return { markdown: `**journey** ${markdownCode(hit.decl.name)}\n\n${PENDING_NOTE}`, range: hit.decl.nameRange };
    return { markdown: describeJourney(doc, hit.decl), range: hit.decl.nameRange };
  }
  if (hit) {
    const range = hit.ref ? hit.ref.fullRange ?? hit.ref.range : hit.decl.nameRange;
    const sys = systemOf(doc, hit.decl.system);
    const instance = hit.ref?.instanceSuffix ? hit.decl.id + hit.ref.instanceSuffix : undefined;
    const broken = doc.diagnostics.some((d) => d.severity === 'error' && containsRange(hit.decl.range, d.range));
    if (figures === 'pending') return { markdown: `**${instance ? 'instance' : hit.decl.kind}** ${markdownCode(instance ?? hit.decl.id)}\n\n${PENDING_NOTE}`, range };
    const markdown = describe(hit.decl, sys, instance, broken);
    if (!markdown) return undefined;
    return { markdown: figures === 'partial' && sys?.analysis ? `${markdown}\n\n${PARTIAL_NOTE}` : markdown, range };
  }
  const cause = commonCauseAt(doc, pos);
  if (cause) {
    const head = `**${cause.cc.kind}** ${markdownCode(cause.cc.id)}`;
    if (figures === 'pending') return { markdown: `${head}\n\n${PENDING_NOTE}`, range: cause.cc.range };
    const markdown = withHead(head, describeCommonCause(cause.sys, cause.cc));
    return { markdown: figures === 'partial' && cause.sys.analysis ? `${markdown}\n\n${PARTIAL_NOTE}` : markdown, range: cause.cc.range };
  }
  const token: TokenInfo | undefined = doc.parse.tokens.find((t) => t.keyword && containsPosition(t.range, pos));
  const docText = token ? KEYWORD_DOCS[token.image] : undefined;
  return token && docText ? { markdown: `**${token.image}** — ${docText}`, range: token.range } : undefined;
}

function describe(decl: Decl, sys: AnalysedSystem | undefined, instance: string | undefined, broken: boolean): string | undefined {
  const head = `**${decl.kind}** ${markdownCode(decl.id)}`;
  if (!sys) return `${head}\n\n_No figures: the file has errors that stop the analysis._`;
  switch (decl.kind) {
    case 'system': return describeSystem(sys);
    case 'layer': return withHead(head, describeLayer(sys, decl.id));
    case 'node': return withHead(instance ? `**instance** ${markdownCode(instance)}` : head, describeNode(sys, decl.id, instance, broken));
    case 'zone':
    case 'region': return withHead(head, describeDomain(sys, decl.kind, decl.id, broken));
    case 'site': return withHead(head, describeSite(sys, decl.id));
    case 'scenario': return withHead(head, describeScenario(sys, decl.name));
    // Answered before (services and journeys have hovers of their own).
    case 'external':
    case 'journey': return undefined;
  }
}

function containsRange(outer: Range, inner: Range): boolean {
  return containsPosition(outer, inner.start) && containsPosition(outer, inner.end);
}

function withHead(head: string, body: string[]): string {
  return [head, ...body].join('\n\n');
}

function noFigures(sys: AnalysedSystem): string[] {
  return sys.analysis ? [] : ['_No figures: the model has errors that stop the analysis._'];
}

function describeSystem(sys: AnalysedSystem): string {
  const a = sys.analysis;
  const lines = [`**system** ${markdownCode(sys.model.name)}`];
  if (!a) return [...lines, ...noFigures(sys)].join('\n\n');
  return [...lines, ...figureLines(sys.model, a)].join('\n\n');
}

/** A system's (or a journey's composite's) figures: availability (a bound said as one), downtime, objectives, budget, RTO/RPO, SPOFs, advice. */
function figureLines(model: SystemModel, a: SystemAnalysis): string[] {
  const lines: string[] = [];
  const sys = { model };
  const bounds = unavailabilityBoundsOf(a);
  const inexact = (a.unavailabilityExact ?? a.exact) ? '' : ' _(not exact: ' + markdownText(a.limits.join('; ')) + ')_';
  if (bounds) {
    // Only a bound: a floor on availability and nines, a ceiling on downtime, both bounds on U.
    lines.push(`Availability **${formatAvailabilityFloor(a.unavailability)}** · ${formatNinesFloor(a.nines)} nines`);
    lines.push(`_${markdownText(formatBoundNote(bounds))}_${inexact}`);
  } else if (failsOver(a)) {
    // U split into its terms (spec section 3, revision 2), with what the windows cost in time.
    lines.push(`Availability **${formatAvailability(a.unavailability)}** · ${formatNines(a.nines)} nines${inexact}`);
    lines.push(`U = ${unavailabilityText(a)} (${formatDuration(a.failoverUnavailability * SECONDS_PER_YEAR)} of downtime a year)`);
  } else {
    lines.push(`Availability **${formatAvailability(a.unavailability)}** · ${formatNines(a.nines)} nines · U = ${formatProbability(a.unavailability)}${inexact}`);
  }
  const down = bounds ? formatDurationCeiling : formatDuration;
  lines.push(
    '| downtime | |\n|---|---|\n' +
      `| per year | ${down(a.downtime.year)} |\n| per month | ${down(a.downtime.month)} |\n| per week | ${down(a.downtime.week)} |`,
  );
  const causes = causesText(model, a);
  if (causes) lines.push(causes);
  const objectives: string[] = [];
  const verdict = (o: Objective): string => {
    const said = ({ met: '✓ met', missed: '✗ missed', undetermined: '? undetermined (U is only bounded)' })[objectiveVerdictOf(a, o)];
    return excludesMaintenance(o, a) ? `excludes maintenance ${said} (${withoutMaintenanceText(a)} without it)` : said;
  };
  if (sys.model.slo) objectives.push(`SLO ${formatPercent(sys.model.slo.value)} ${verdict(sys.model.slo)}`);
  if (sys.model.sla) objectives.push(`SLA ${formatPercent(sys.model.sla.value)} ${verdict(sys.model.sla)}`);
  if (objectives.length) lines.push(objectives.join(' · '));
  const b = a.errorBudget;
  if (b) {
    const share = bounds ? formatShareCeiling(b.spentFraction) : formatShare(b.spentFraction);
    const excluded = excludesMaintenance(sys.model.slo, a) ? ', maintenance excluded' : '';
    lines.push(`Error budget ${formatDuration(b.budgetSeconds)} per ${formatTopoDuration(b.windowSeconds)}; the design alone spends ${down(b.expectedDowntimeSeconds)}${excluded} (${share})`);
  }
  lines.push(`RTO ${formatDuration(a.rtoSeconds)} · RPO ${formatDuration(a.rpoSeconds)}`);
  if (a.spofs.length) lines.push(`Single points of failure: ${a.spofs.map((s) => markdownCode(s.element)).join(', ')}`);
  if (a.advice) lines.push(`Best improvement: ${a.advice.summary}`);
  return lines;
}

/**
 * U by cause in one line, for a system with common causes: "Downtime a year by cause: hardware
 * 5m 29s (3%) · deploys (changes) 2h 38m (94%) · failover windows 0s"; when U is only a bound,
 * "at most" each, without shares.
 */
function causesText(model: SystemModel, a: SystemAnalysis): string | undefined {
  const parts = shownCauses(model, a);
  if (parts.length === 0) return undefined;
  const bounded = unavailabilityBoundsOf(a) !== undefined;
  const part = (p: (typeof parts)[number]): string => {
    const time = formatDuration(p.unavailability * SECONDS_PER_YEAR);
    const share = !bounded && a.unavailability > 0 && p.unavailability > 0 ? ` (${formatShare(p.unavailability / a.unavailability)})` : '';
    return `${p.label} ${time}${share}`;
  };
  return `Downtime a year by cause${bounded ? ', at most' : ''}: ${parts.map(part).join(' · ')}`;
}

/** The common cause (deploy, common-cause group, maintenance) whose declaring line holds a position, in a system of the document. */
function commonCauseAt(doc: HoverSource, pos: Position): { sys: AnalysedSystem; cc: CommonCauseModel } | undefined {
  for (const sys of doc.systems ?? []) {
    // The document's own model: a composite's common causes of other services have ranges in their files.
    if (!containsPosition(sys.model.range, pos)) continue;
    const cc = (sys.model.commonCauses ?? []).find((c) => containsPosition(c.range, pos));
    if (cc) return { sys, cc };
  }
  return undefined;
}

/** Common-cause instances listed one by one up to this many; beyond, the ends and the count. */
const MAX_LISTED_COVERED = 6;

/**
 * A deploy, a common-cause group or maintenance: what it is, how often it happens and for how
 * long, its U as downtime a year, what it takes down, and what it costs the system (its Birnbaum
 * importance × its U, as `topo import`'s findings cost an element).
 */
function describeCommonCause(sys: AnalysedSystem, cc: CommonCauseModel): string[] {
  const lines = [`${cc.kind === 'deploy' ? 'Deploys' : cc.kind === 'maintenance' ? 'Maintenance' : 'A common-cause group'} of ${scopeMarkdown(cc)}`];
  const perYear = cc.failuresPerSecond * SECONDS_PER_YEAR;
  const yearly = formatDuration(cc.unavailability * SECONDS_PER_YEAR);
  if (cc.kind === 'deploy' && cc.deploy) {
    const d = cc.deploy;
    const rollout = d.rollout === 'canary' ? `canary of ${formatPercent(d.canaryShare ?? 1)}` : 'all at once';
    lines[0] += ` · rollout ${rollout}`;
    lines.push(`Bad deploys: about ${formatNumber(perYear, 3)} a year (${formatNumber(d.perWeek)} deploys a week × ${formatPercent(d.changeFailure)} change failure) · down ${formatDuration(cc.mttrSeconds)} each · ${yearly} of downtime a year (U = ${formatProbability(cc.unavailability)})`);
  } else if (cc.kind === 'maintenance' && cc.maintenance) {
    const m = cc.maintenance;
    lines.push(`Down ${formatDuration(m.durationSeconds)} every ${formatDuration(m.everySeconds)} (about ${formatNumber(perYear, 3)} times a year) · ${yearly} of downtime a year (U = ${formatProbability(cc.unavailability)})`);
  } else {
    const beta = cc.beta !== undefined ? ` (${formatPercent(cc.beta)} of its members' failures)` : '';
    lines.push(`Fails about ${formatNumber(perYear, 3)} times a year${beta} · down ${formatDuration(cc.mttrSeconds)} each · ${yearly} of downtime a year (U = ${formatProbability(cc.unavailability)})`);
  }
  lines.push(`Takes down ${coveredText(sys.model, cc)}`);
  const a = sys.analysis;
  if (!a) return [...lines, ...noFigures(sys)];
  if (a.spofs.some((s) => s.element === cc.id)) lines.push('A single point of failure: when it happens, the system goes down.');
  const b = birnbaumOf(sys, cc.id);
  if (b !== undefined) {
    const cost = b * cc.unavailability * SECONDS_PER_YEAR;
    const share = a.downtime.year > 0 ? ` (${formatShare(cost / a.downtime.year)} of it)` : '';
    lines.push(`Birnbaum importance ${formatProbability(b)} · costs the system about ${formatDuration(cost)} of downtime a year${share}`);
  }
  return lines;
}

/** The instances a common cause takes down: each, or for many, the ends and the count; "all of" its scope when it covers it. */
function coveredText(model: SystemModel, cc: CommonCauseModel): string {
  const n = cc.instances.length;
  if (n === 0) return 'nothing';
  const names = n <= MAX_LISTED_COVERED
    ? cc.instances.map((i) => markdownCode(i)).join(', ')
    : `${formatCount(n)} instances: ${markdownCode(cc.instances[0]!)} … ${markdownCode(cc.instances[n - 1]!)}`;
  const of = cc.series ? ` — all of ${scopeMarkdown(cc)}` : cc.scope !== 'node' && cc.layer !== undefined ? ` — ${formatCount(n)} of ${formatCount(layerSize(model, cc.layer))} in layer ${markdownCode(cc.layer)}` : '';
  return `${names}${of}`;
}

/** Where a common cause is declared, its names as code: "the system", "layer `app`", "node `db` in layer `data`". */
function scopeMarkdown(cc: CommonCauseModel): string {
  switch (cc.scope) {
    case 'system': return 'the system';
    case 'site': return `site ${markdownCode(cc.scopeId)}`;
    case 'layer': return `layer ${markdownCode(cc.scopeId)}`;
    case 'node': return `node ${markdownCode(cc.scopeId)}${cc.layer !== undefined ? ` in layer ${markdownCode(cc.layer)}` : ''}`;
  }
}

function layerSize(model: SystemModel, layer: string): number {
  return model.layers.find((l) => l.id === layer)?.instances.length ?? 0;
}

function describeLayer(sys: AnalysedSystem, id: string): string[] {
  const layer = sys.model.layers.find((l) => l.id === id);
  const fig = sys.analysis?.layers.find((l) => l.name === id);
  if (!layer) return ['_Not in the model (see the diagnostics)._'];
  const lines = [`${layer.kind} · ${layer.mode}${layer.onPath ? '' : layer.optional ? ' · optional' : ' · off the path'}`];
  if (!fig) return [...lines, ...noFigures(sys)];
  if (fig.exact === false) lines.push(`Availability **${formatAvailabilityFloor(fig.unavailability)}** · U at most ${formatProbability(fig.unavailability)} _(bounded: the analysis stopped at its work limit)_`);
  else lines.push(`Availability **${formatAvailability(fig.unavailability)}** · U = ${formatProbability(fig.unavailability)}`);
  lines.push(`${redundancyText(layer, fig.k, fig.n)} · RTO ${formatDuration(fig.rtoSeconds)} · RPO ${formatDuration(fig.rpoSeconds)}`);
  if (fig.failoverSeconds !== undefined) {
    const fo = layer.failover;
    const detection = `detection ${formatDuration(fig.detectionSeconds ?? 0)}${fo ? ` (${fo.detectionSource})` : ''}`;
    const promotion = `promotion ${formatDuration(fig.promotionSeconds ?? 0)}${fo ? ` (${fo.promotionSource})` : ''}`;
    lines.push(`Failover ${formatDuration(fig.failoverSeconds)} = ${detection} + ${promotion}${laterStandbysText(layer)}`);
    if (fig.failover && sys.analysis) lines.push(failoverCostText(fig.failover, sys.analysis.downtime.year));
  }
  return lines;
}

/** The T_fo of the standbys after the first, when theirs differs (revision 2 times a window by the standby promoted). */
function laterStandbysText(layer: LayerModel): string {
  const t = layer.failover?.standbyFailoverSeconds ?? [];
  const first = t[0];
  const others = layer.standbys.slice(1).map((id, k) => ({ id, seconds: t[k + 1] })).filter((x) => x.seconds !== undefined && x.seconds !== first);
  return others.length ? ` to ${markdownCode(layer.standbys[0] ?? '?')}; ${others.map((x) => `to ${markdownCode(x.id)} ${formatDuration(x.seconds as number)}`).join(', ')}` : '';
}

/**
 * What a takeover layer's failover windows cost the system a year, how often they open and what
 * opens them (spec section 3, revision 2): "Failover windows: about 3.1 a year, costing the system
 * 32.9s of downtime a year (0.17% of it): 32.8s from instance failures, 27.3ms from zone failures";
 * windows opened by a deploy, a common-cause group or maintenance are "from deploys and other common causes".
 */
export function failoverCostText(cost: FailoverCost, systemDowntimeYearSeconds: number): string {
  const often = cost.windowsPerYear > 0 ? `about ${formatNumber(cost.windowsPerYear, 2)} a year` : 'none expected';
  if (cost.secondsPerYear <= 0) {
    return `Failover windows: ${often}${cost.windowsPerYear > 0 ? ', costing the system nothing: each falls inside an outage it has anyway' : ''}`;
  }
  const share = systemDowntimeYearSeconds > 0 ? ` (${formatShare(cost.secondsPerYear / systemDowntimeYearSeconds)} of it)` : '';
  const triggers = (['instance', 'zone', 'region', 'commonCause'] as const).filter((t) => (cost.byTrigger[t] ?? 0) > 0);
  const what = (t: (typeof triggers)[number]): string => (t === 'commonCause' ? 'deploys and other common causes' : `${t} failures`);
  const split = triggers.length === 1
    ? `, all from ${what(triggers[0]!)}`
    : `: ${triggers.map((t) => `${formatDuration(cost.byTrigger[t])} from ${what(t)}`).join(', ')}`;
  return `Failover windows: ${often}, costing the system ${formatDuration(cost.secondsPerYear)} of downtime a year${share}${split}`;
}

function redundancyText(layer: LayerModel, k: number, n: number): string {
  const members = layer.members === 'sites' ? 'sites' : 'instances';
  if (layer.mode === 'active-passive') return `primary ${markdownCode(layer.primary ?? '?')} + ${layer.standbys.length} standby`;
  const load = layer.requirement.load !== undefined ? `, load ${layer.requirement.load}` : '';
  return `${k} of ${n} ${members} needed${load}`;
}

function describeNode(sys: AnalysedSystem, id: string, instanceId: string | undefined, broken: boolean): string[] {
  const node = sys.model.nodes.find((n) => n.id === id);
  if (!node) return ['_Not in the model (see the diagnostics)._'];
  const ids = instanceId ? [instanceId] : node.instances;
  const byId = systemIndex(sys.model).instances;
  const instances = ids.map((i) => byId.get(i)).filter((x): x is InstanceModel => x !== undefined);
  const first = instances[0];
  if (!first) return ['_No instance of this name._'];
  const lines = [`layer ${markdownCode(node.layer)}${node.standby ? ` · ${node.standby} standby` : ''}${instances.length > 1 ? ` · ${formatCount(instances.length)} instances` : ''}`];
  // A value the model rejected was replaced by a placeholder: showing it would be a false figure.
  if (broken) lines.push('_No figures: this declaration has errors (see the diagnostics)._');
  else lines.push(`Availability **${formatAvailability(first.unavailability)}** · MTBF ${formatDuration(first.mtbfSeconds)} · MTTR ${formatDuration(first.mttrSeconds)}`);
  lines.push(placementText(instances));
  if (broken) return lines;
  lines.push(...perInstance(sys, instances));
  return lines;
}

/** Where a node's instances run: each one, or for many, how many in each zone (the hover stays small at any count). */
function placementText(instances: InstanceModel[]): string {
  const where = (i: InstanceModel) => (i.zone ? 'zone ' + markdownCode(i.zone) + (i.region ? ' in ' + markdownCode(i.region) : '') : 'no zone');
  if (instances.length <= MAX_LISTED_PLACEMENTS) return instances.map((i) => `${instances.length > 1 ? markdownCode(i.id) + ' ' : ''}${where(i)}`).join(' · ');
  const counts = new Map<string, number>();
  for (const i of instances) counts.set(where(i), (counts.get(where(i)) ?? 0) + 1);
  const groups = [...counts].map(([w, n]) => `${formatCount(n)} in ${w}`);
  const shown = groups.slice(0, MAX_LISTED_PLACEMENTS).join(' · ');
  const more = groups.length > MAX_LISTED_PLACEMENTS ? ` · and ${formatCount(groups.length - MAX_LISTED_PLACEMENTS)} more places` : '';
  return `${markdownCode(instances[0]!.id)} … ${markdownCode(instances[instances.length - 1]!.id)}: ${shown}${more}`;
}

/** Instances (or places) listed one by one up to this many; beyond, counted. */
const MAX_LISTED_PLACEMENTS = 8;

/**
 * Importance and the effect of a failure. Replicas of one node can differ (their zones are shared
 * with different neighbours): one line when every instance gives the same figures, else each
 * instance's (or, for many, the range), never one figure that is false for some of them.
 */
function perInstance(sys: AnalysedSystem, instances: InstanceModel[]): string[] {
  const first = instances[0] as InstanceModel;
  const importances = instances.map((i) => birnbaumOf(sys, i.id));
  const effects = instances.map((i) => ifFails(sys, i));
  const known = importances.filter((b): b is number => b !== undefined);
  const same = (xs: (number | undefined)[]) => xs.every((x) => x === xs[0] || (x !== undefined && xs[0] !== undefined && Math.abs(x - xs[0]) <= 1e-9 * Math.abs(xs[0])));
  const lines: string[] = [];
  if (instances.length === 1 || (same(importances) && effects.every((e) => e === effects[0]))) {
    const b = importances[0];
    if (b !== undefined) lines.push(`Birnbaum importance ${formatProbability(b)}${instances.length > 1 ? ' (each instance)' : ''}`);
    lines.push(`If ${instances.length > 1 ? 'one instance' : 'it'} fails: ${ifFails(sys, first)}`);
    return lines;
  }
  if (instances.length <= MAX_LISTED_INSTANCES) {
    if (known.length) lines.push('Birnbaum importance: ' + instances.map((i, k) => `${markdownCode(i.id)} ${importances[k] === undefined ? '—' : formatProbability(importances[k] as number)}`).join(' · '));
    lines.push(instances.map((i, k) => `If ${markdownCode(i.id)} fails: ${effects[k]}`).join('\n\n'));
    return lines;
  }
  if (known.length) {
    const lo = Math.min(...known);
    const hi = Math.max(...known);
    const at = (x: number) => instances[importances.indexOf(x)]?.id ?? '?';
    lines.push(`Birnbaum importance from ${formatProbability(lo)} (${markdownCode(at(lo))}) to ${formatProbability(hi)} (${markdownCode(at(hi))}), by instance`);
  }
  lines.push(`If one instance fails: it depends on the instance (hover one in a \`fail\` line); the worst, ${markdownCode(worst(instances, importances).id)}: ${effects[instances.indexOf(worst(instances, importances))]}`);
  return lines;
}

/** Replicas listed one by one up to this many; beyond, the range. */
const MAX_LISTED_INSTANCES = 4;

function worst(instances: InstanceModel[], importances: (number | undefined)[]): InstanceModel {
  let best = 0;
  importances.forEach((b, k) => {
    if ((b ?? -1) > (importances[best] ?? -1)) best = k;
  });
  return instances[best] as InstanceModel;
}

/** One line: what the failure of one instance does to its layer and to the system. */
function ifFails(sys: AnalysedSystem, inst: InstanceModel): string {
  const a = sys.analysis;
  const layer = sys.model.layers.find((l) => l.id === inst.layer);
  if (a?.spofs.some((s) => s.element === inst.id)) return 'the system goes down — it is a single point of failure.';
  let effect = '';
  if (layer?.mode === 'active-passive') {
    const fo = layer.failover;
    const next = layer.standbys.find((s) => s !== inst.id);
    effect = layer.primary === inst.id
      ? next ? `failover to ${markdownCode(next)}${fo ? ` in ${formatDuration(fo.failoverSeconds)}` : ''}` : 'the layer goes down'
      : 'the layer loses a standby';
  } else if (layer) {
    const fig = a?.layers.find((l) => l.name === layer.id);
    effect = fig ? `the layer runs on ${formatCount(fig.n - 1)} of ${formatCount(fig.n)} (needs ${formatCount(fig.k)})` : 'the layer loses a member';
  }
  const b = a ? birnbaumOf(sys, inst.id) : undefined;
  if (a && b !== undefined) {
    const u = unavailabilityGivenDown(a.unavailability, inst.unavailability, b);
    effect += `${effect ? '; ' : ''}system availability ${formatAvailability(u)} while it is down`;
  }
  return (effect || 'no effect on the figures') + '.';
}

function describeDomain(sys: AnalysedSystem, kind: 'zone' | 'region', id: string, broken: boolean): string[] {
  const domains: DomainModel[] = kind === 'zone' ? sys.model.zones : sys.model.regions;
  const d = domains.find((x) => x.name === id);
  if (!d) return ['_Not in the model (see the diagnostics)._'];
  const lines: string[] = [];
  if (broken) return ['_No figures: this declaration has errors (see the diagnostics)._'];
  lines.push(d.hasAvailability ? `Availability **${formatAvailability(d.unavailability)}** · MTTR ${formatDuration(d.mttrSeconds)}` : 'No availability given: it never fails in the figures (but counts in the structure).');
  if (kind === 'region') {
    const zones = sys.model.zones.filter((z) => z.region === id).map((z) => markdownCode(z.name));
    lines.push(`Zones: ${zones.length ? zones.join(', ') : 'none'}`);
  }
  lines.push(`Runs: ${runsText(sys.model.instances.filter((i) => (kind === 'zone' ? i.zone === id : i.region === id)))}`);
  lines.push(`If it is lost: ${domainLoss(sys, id, d)}`);
  return lines;
}

/** What runs in a zone or region: each instance, or for many, each node with its count there. */
function runsText(instances: InstanceModel[]): string {
  if (instances.length === 0) return 'nothing';
  if (instances.length <= MAX_LISTED_PLACEMENTS) return instances.map((i) => markdownCode(i.id)).join(', ');
  const byNode = new Map<string, InstanceModel[]>();
  for (const i of instances) {
    const list = byNode.get(i.node);
    if (list) list.push(i);
    else byNode.set(i.node, [i]);
  }
  const parts = [...byNode.values()].map((xs) => (xs.length === 1 ? markdownCode(xs[0]!.id) : `${markdownCode(xs[0]!.node)} ×${formatCount(xs.length)}`));
  const more = parts.length > MAX_LISTED_PLACEMENTS ? `, and ${formatCount(parts.length - MAX_LISTED_PLACEMENTS)} more nodes` : '';
  return `${formatCount(instances.length)} instances: ${parts.slice(0, MAX_LISTED_PLACEMENTS).join(', ')}${more}`;
}

function domainLoss(sys: AnalysedSystem, id: string, d: DomainModel): string {
  const a = sys.analysis;
  if (!a) return 'no figures.';
  if (a.spofs.some((s) => s.element === id)) return 'the system goes down — it is a single point of failure.';
  const b = birnbaumOf(sys, id);
  if (b === undefined) return 'no effect on the figures.';
  const u = unavailabilityGivenDown(a.unavailability, d.unavailability, b);
  return `system availability ${formatAvailability(u)} while it is down (Birnbaum importance ${formatProbability(b)}).`;
}

function describeSite(sys: AnalysedSystem, id: string): string[] {
  const site = sys.model.sites.find((s) => s.id === id);
  const fig = sys.analysis?.sites.find((s) => s.name === id);
  if (!site) return ['_Not in the model (see the diagnostics)._'];
  const lines = [`member of ${markdownCode(site.parentLayer)}${site.standby ? ` · ${site.standby} standby` : ''} · path ${site.path.map((p) => markdownCode(p)).join(' → ')}`];
  if (fig) lines.push(`Availability **${formatAvailability(fig.unavailability)}** · RTO ${formatDuration(fig.rtoSeconds)} · ${formatProbability(fig.failuresPerSecond * SECONDS_PER_HOUR)} failures/h`);
  return [...lines, ...noFigures(sys)];
}

function describeScenario(sys: AnalysedSystem, name: string): string[] {
  const sc = sys.model.scenarios.find((s) => s.name === name);
  if (!sc) return [];
  return [sc.failures.map((f) => `fail ${markdownCode(f.target)} at ${formatDuration(f.atSeconds)}`).join(' · ') || 'fails nothing'];
}

/**
 * A service named in the document (a `use` target, a journey step, an external's declaration):
 * what it is, which file declares it, its figures as this document's composites see it (the layer
 * named after it in a system's or a journey's composite), an external's own figures, and what
 * in this document uses it.
 */
function describeService(doc: HoverSource, index: NameIndex, name: string): string {
  const local = index.decls.find((d) => (d.kind === 'external' || (d.kind === 'system' && d.scope === '')) && d.name === name);
  const imported = local ? undefined : (doc.imported ?? []).find((f) => f.model.systems.some((s) => s.name === name) || f.model.externals.some((e) => e.name === name));
  const kind = local ? local.kind : imported?.model.systems.some((s) => s.name === name) ? 'system' : imported ? 'external' : undefined;
  const where = local ? 'declared in this file' : imported ? `declared in ${markdownCode(fileName(imported.uri))}` : 'not declared in this file nor in the files it imports';
  const lines = [`**${kind ?? 'service'}** ${markdownCode(name)} — ${where}`];
  if (kind === 'external') {
    const e = (local ? doc.model : imported?.model)?.externals.find((x) => x.name === name);
    if (e) lines.push(e.hasAvailability ? `Availability **${formatAvailability(e.unavailability)}** · MTTR ${formatDuration(e.mttrSeconds)}` : '_No availability given (see the diagnostics)._');
  }
  const seen = figuresOfService(doc, name);
  if (seen) {
    const f = seen.figure;
    const value = f.exact === false ? `**${formatAvailabilityFloor(f.unavailability)}** · U at most ${formatProbability(f.unavailability)} _(bounded: the analysis stopped at its work limit)_` : `**${formatAvailability(f.unavailability)}** · U = ${formatProbability(f.unavailability)}`;
    lines.push(`As a step of ${markdownCode(seen.in)}: availability ${value} · ${formatDuration(f.unavailability * SECONDS_PER_YEAR)} of downtime a year`);
  } else if (kind === 'system' && local) {
    const own = (doc.systems ?? []).find((s) => s.model.name === name && !s.composite);
    if (own?.analysis) lines.push(`Availability **${unavailabilityBoundsOf(own.analysis) ? formatAvailabilityFloor(own.analysis.unavailability) : formatAvailability(own.analysis.unavailability)}** (the system alone)`);
  }
  const users = usersOf(doc, name);
  if (users.length) lines.push(`Used by: ${users.join(', ')}`);
  return lines.join('\n\n');
}

/** The document's composites: its systems with dependencies, then its journeys. */
function composites(doc: HoverSource): { name: string; model: SystemModel; analysis?: SystemAnalysis }[] {
  const out: { name: string; model: SystemModel; analysis?: SystemAnalysis }[] = [];
  for (const s of doc.systems ?? []) if (s.composite) out.push({ name: s.model.name, model: s.composite, ...(s.analysis ? { analysis: s.analysis } : {}) });
  for (const j of doc.journeys ?? []) if (j.composite) out.push({ name: journeyName(j), model: j.composite, ...(j.analysis ? { analysis: j.analysis } : {}) });
  return out;
}

/** The figures of the layer named after the service in the first composite that has it. */
function figuresOfService(doc: HoverSource, name: string): { in: string; figure: SystemAnalysis['layers'][number] } | undefined {
  for (const c of composites(doc)) {
    const figure = c.analysis?.layers.find((l) => l.name === name);
    if (figure) return { in: c.name, figure };
  }
  return undefined;
}

/** The systems (by their `use` lines) and journeys (by their steps) of this document that name a service. */
function usersOf(doc: HoverSource, name: string): string[] {
  const out: string[] = [];
  for (const s of doc.systems ?? []) {
    const use = s.model.uses.find((u) => u.target === name);
    if (use) out.push(`${markdownCode(s.model.name)}${use.soft ? ' (soft)' : ''}`);
  }
  for (const j of doc.journeys ?? []) {
    const layer = j.model.system !== undefined && (doc.systems ?? []).find((s) => s.model.name === j.model.system)?.model.layers.some((l) => l.site === undefined && l.name === name);
    if (!layer && j.model.path.some((p) => p.name === name)) out.push(`journey ${markdownCode(journeyName(j))}`);
  }
  return out;
}

/** A journey: its figures (a bound said as one), its SLO's verdict, its weakest link and its services. */
function describeJourney(doc: HoverSource, decl: Decl): string {
  const j: AnalysedJourney | undefined = (doc.journeys ?? []).find((x) => x.model.nameRange.start.line === decl.nameRange.start.line && x.model.nameRange.start.character === decl.nameRange.start.character);
  const head = `**journey** ${markdownCode(j ? journeyName(j) : decl.name)}`;
  if (!j) return `${head}\n\n_No figures: the file has errors that stop the analysis._`;
  const path = `path ${j.model.path.map((p) => markdownCode(p.name)).join(' → ')}`;
  if (!j.analysis || !j.composite) return [head, path, '_No figures: the journey has errors that stop the analysis (see the diagnostics)._'].join('\n\n');
  const lines = [head, path, ...figureLines(j.composite, j.analysis)];
  const weakest = weakestStep(j.analysis);
  if (weakest) lines.push(`Weakest link: ${markdownCode(weakest.name)} (${formatAvailability(weakest.unavailability)})`);
  if (j.services?.length) lines.push(`Services: ${j.services.map((s) => markdownCode(s)).join(', ')}`);
  return lines.join('\n\n');
}
