/**
 * Model + analysis → the diagram's view model. Pure: no I/O, no DOM. The webview and
 * `topo diagram` draw exactly what this returns.
 */
import type { Range } from '../../../../grammar/src/text';
import type { DocumentAnalysis, AnalysedSystem } from '../pipeline';
import type { AnalysedJourney } from '../estate/analyse';
import type { DomainModel, SystemModel } from '../model/types';
import type { SystemAnalysis } from '../analysis/types';
import type { DiagramView, DomainView, HeadlineView, JourneyView, SystemView } from './view-model';
import { buildScope, type ScopeContext } from './scope';
import { foreignRanges } from './foreign';
import { dependencyLine, journeyName } from '../report/estate';
import { summarisedLayers } from './groups';
import { finiteOrNull } from './labels';
import { unavailabilityBoundsOf, verdictOf } from '../report/summary';
import {
  formatAvailability, formatAvailabilityFloor, formatBoundNote, formatDuration, formatDurationCeiling, formatNines, formatNinesFloor,
  formatPercent, formatProbability,
} from '../text/format';

/** The view model of every system of a document (an empty list when it has none), then of every journey. */
export function buildDiagramView(doc: DocumentAnalysis): DiagramView {
  const errorCount = doc.diagnostics.filter((d) => d.severity === 'error').length;
  const view: DiagramView = { version: 1, systems: doc.systems.map((s) => buildSystemView(s, errorCount)) };
  // A document analysis made by hand (tests, older callers) may have no journeys list at all.
  const journeys: readonly AnalysedJourney[] = (doc as Partial<DocumentAnalysis>).journeys ?? [];
  if (journeys.length > 0) view.journeys = journeys.map((j) => buildJourneyView(doc, j, errorCount));
  return view;
}

/** A system, drawn from its composite when it has dependencies (its own layers, then one per service). */
function buildSystemView(system: AnalysedSystem, errorCount: number): SystemView {
  const view = systemViewOf(system.composite ?? system.model, system.model, system.analysis, errorCount);
  if (system.composite) {
    view.dependencies = {
      hard: system.estate?.services ?? [],
      soft: system.model.uses.filter((u) => u.soft).map((u) => u.target),
      label: dependencyLine(system) ?? '',
    };
  }
  return view;
}

/** A journey drawn as its composite; without one (an empty path), with no layers and no figures. */
function buildJourneyView(doc: DocumentAnalysis, journey: AnalysedJourney, errorCount: number): JourneyView {
  const root = doc.systems.find((s) => (s.model.journeys as SystemModel['journeys'] | undefined)?.includes(journey.model))?.model;
  const base = journey.composite
    ? systemViewOf(journey.composite, root, journey.analysis, errorCount)
    : {
      name: journey.model.name, range: journey.model.nameRange, headline: buildHeadline(journey.model, undefined),
      regions: [], zones: [], scope: { path: [], layers: [] }, errorCount,
    };
  return {
    ...base,
    name: journeyName(journey),
    journey: {
      name: journey.model.name,
      system: journey.model.system ?? null,
      steps: journey.model.path.map((s) => s.name),
      services: journey.services ?? [],
      passesThrough: [...(journey.composite?.path ?? [])],
    },
  };
}

/**
 * The view of `model` (a system, or a composite whose own layers are `root`'s) with `analysis`.
 * In a composite, every element of a service gets the range of the line that brings the service
 * (its `use` line or journey step): its declaration is in another file, or elsewhere.
 */
function systemViewOf(model: SystemModel, root: SystemModel | undefined, analysis: SystemAnalysis | undefined, errorCount: number): SystemView {
  const spofs = new Set((analysis?.spofs ?? []).map((s) => `${s.type}:${s.element}`));
  const foreign = model.composite ? foreignRanges(model, root) : undefined;
  const ctx: ScopeContext = {
    model,
    analysis,
    spofInstances: new Set((analysis?.spofs ?? []).filter((s) => s.type === 'instance').map((s) => s.element)),
    layerFigures: new Map((analysis?.layers ?? []).map((l) => [l.name, l])),
    siteFigures: new Map((analysis?.sites ?? []).map((s) => [s.name, s])),
    importance: new Map((analysis?.importance ?? []).map((i) => [`${i.type}:${i.element}`, i.birnbaum])),
    groupings: summarisedLayers(model),
  };
  if (foreign) ctx.foreign = foreign;
  return {
    name: model.name,
    range: model.nameRange,
    headline: buildHeadline(model, analysis),
    regions: model.regions.map((d) => domainView(d, spofs, ctx.importance, foreign?.domains.get(d.name))),
    zones: model.zones.map((d) => domainView(d, spofs, ctx.importance, foreign?.domains.get(d.name))),
    scope: buildScope(ctx, model.path, model.layers.filter((l) => l.site === undefined)),
    errorCount,
    ...(model.commonCauses.length > 0 ? { commonCauses: model.commonCauses.map((c) => ({ id: c.id, instances: [...c.instances] })) } : {}),
  };
}

function buildHeadline(model: Pick<SystemModel, 'slo' | 'sla'>, analysis: SystemAnalysis | undefined): HeadlineView {
  const slo = model.slo?.value ?? null;
  const sla = model.sla?.value ?? null;
  if (!analysis) {
    return {
      analysed: false, availability: null, unavailability: null, nines: null, downtimeYearSeconds: null,
      slo, sloMet: null, sla, slaMet: null,
      parts: ['no figures: fix the errors first'],
    };
  }
  const bounds = unavailabilityBoundsOf(analysis);
  const figures = {
    analysed: true,
    availability: finiteOrNull(analysis.availability),
    unavailability: finiteOrNull(analysis.unavailability),
    nines: Number.isFinite(analysis.nines) ? analysis.nines : null,
    downtimeYearSeconds: finiteOrNull(analysis.downtime.year),
  };
  if (bounds) return { ...figures, unavailabilityBounds: bounds, ...boundedParts(analysis, bounds, slo, sla) };
  const sloMet = slo === null ? null : !hasCode(analysis, 'slo-miss');
  const slaMet = sla === null ? null : !hasCode(analysis, 'sla-miss');
  const parts = [
    formatAvailability(analysis.unavailability),
    `${formatNines(analysis.nines)} nines`,
    `${formatDuration(analysis.downtime.year)} down a year`,
  ];
  if (slo !== null) parts.push(`SLO ${formatPercent(slo)} ${sloMet ? 'met' : 'missed'}`);
  if (sla !== null) parts.push(`SLA ${formatPercent(sla)} ${slaMet ? 'met' : 'missed'}`);
  return { ...figures, slo, sloMet, sla, slaMet, parts };
}

/**
 * The headline when U is only bounded (the analysis stopped at its work limit): a floor on
 * availability and nines, a ceiling on downtime, each objective met, missed or undetermined by
 * the reports' one rule (`verdictOf`), and the bounds named, as the lens and the status bar say it.
 */
function boundedParts(analysis: SystemAnalysis, bounds: [number, number], slo: number | null, sla: number | null): Pick<HeadlineView, 'slo' | 'sloMet' | 'sla' | 'slaMet' | 'parts'> {
  const floor = formatAvailabilityFloor(analysis.unavailability);
  // Past 11 nines the floor is already spelt in nines (`at least 12.30 nines`): not twice, as the report's headline.
  const parts = floor.endsWith('nines')
    ? [floor, `${formatDurationCeiling(analysis.downtime.year)} down a year`]
    : [floor, `${formatNinesFloor(analysis.nines)} nines`, `${formatDurationCeiling(analysis.downtime.year)} down a year`];
  const verdict = (target: number | null, name: string): boolean | null => {
    if (target === null) return null;
    const v = verdictOf(analysis.unavailability, bounds, target);
    parts.push(`${name} ${formatPercent(target)} ${v}`);
    return v === 'undetermined' ? null : v === 'met';
  };
  const sloMet = verdict(slo, 'SLO');
  const slaMet = verdict(sla, 'SLA');
  parts.push(formatBoundNote(bounds));
  return { slo, sloMet, sla, slaMet, parts };
}

function hasCode(analysis: SystemAnalysis, code: string): boolean {
  return analysis.diagnostics.some((d) => d.code === code);
}

function domainView(d: DomainModel, spofs: Set<string>, importance: Map<string, number>, range: Range | undefined): DomainView {
  const spof = spofs.has(`${d.type}:${d.name}`);
  const label = d.hasAvailability ? formatAvailability(d.unavailability) : 'never fails';
  const tooltip = [
    `${d.type} ${d.name}${d.region ? ` in ${d.region}` : ''}`,
    d.hasAvailability
      ? `availability ${label} · MTTR ${formatDuration(d.mttrSeconds)}`
      : 'no availability given: never fails in the figures',
  ];
  const birnbaum = importance.get(`${d.type}:${d.name}`);
  if (birnbaum !== undefined) tooltip.push(`Birnbaum importance ${formatProbability(birnbaum)}`);
  if (spof) tooltip.push('single point of failure');
  const view: DomainView = {
    name: d.name, type: d.type, availability: d.hasAvailability ? finiteOrNull(d.availability) : null,
    spof, label, tooltip, range: range ?? d.nameRange,
  };
  if (d.region !== undefined) view.region = d.region;
  return view;
}
