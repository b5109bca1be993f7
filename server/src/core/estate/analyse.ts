/**
 * The figures of an estate (docs/language.md, "Estates"): each system of the document with its hard
 * dependencies, and each journey, analysed as one composite system (`compose.ts`) by the exact
 * engine; the estate's own checks: unknown services, dependency cycles, objectives the
 * dependencies alone cannot meet, unused externals and imports.
 *
 * A system without `use` lines is analysed exactly as before: the estate changes nothing for
 * the files of spec section 2.
 */
import type { Diagnostic, Range } from '../../../../grammar/src/text';
import { analyseSystem } from '../analysis/index';
import { verdictOf } from '../analysis/figures';
import type { AnalysisOptions, SystemAnalysis } from '../analysis/types';
import type { JourneyModel, SystemModel } from '../model/types';
import { formatAvailability, formatPercent, formatShare } from '../text/format';
import { compose, type Composite, type CompositeInput, type Step } from './compose';
import type { Estate, EstateFile } from './load';
import { shortName } from './load';
import { Services, type Service } from './services';

export interface EstateFigures {
  /** The composite the figures are about: the system with its dependencies, or the journey. */
  composite: SystemModel;
  analysis?: SystemAnalysis;
  /** The services it depends on, hard, in path order. */
  services: string[];
  /** P(up but a soft dependency down): degraded, not down. Present when there are soft dependencies. */
  degradedUnavailability?: number;
  /** U of the hard dependencies alone: what they allow at best is 1 − this. */
  dependenciesUnavailability?: number;
}

export interface AnalysedJourney extends Partial<EstateFigures> {
  model: JourneyModel;
}

export interface EstateAnalysis {
  /** Per system of the document that has dependencies (absent: analysed as before). */
  systems: Map<SystemModel, EstateFigures>;
  journeys: AnalysedJourney[];
  diagnostics: Diagnostic[];
}

/** Analyses every system with dependencies and every journey of the estate's root file. */
export function analyseEstate(estate: Estate, options: AnalysisOptions): EstateAnalysis {
  const services = new Services(estate);
  const root = estate.root;
  const diagnostics: Diagnostic[] = [...estate.diagnostics, ...services.diagnostics];
  const systems = new Map<SystemModel, EstateFigures>();
  const journeys: AnalysedJourney[] = [];
  const used = new Set<Service>();

  /** A service named in the root file, or an unknown-reference. */
  const resolve = (name: string, range: Range): Service | undefined => {
    const found = services.resolve(root, name);
    if ('error' in found) {
      // An import that could not be read may be where the service is declared: say so.
      const failed = estate.diagnostics.find((d) => d.code === 'import-not-found' || d.code === 'import-cycle');
      const hint = failed && found.suggestion === undefined ? ` (the import on line ${failed.range.start.line + 1} failed: it may be declared there)` : '';
      diagnostics.push({ severity: 'error', code: 'unknown-reference', message: found.error + hint, range, data: { expected: 'service', ...(found.suggestion !== undefined ? { suggestion: found.suggestion } : {}) } });
      return undefined;
    }
    used.add(found);
    return found;
  };
  const usesOf = (system: SystemModel, soft: boolean): { extra: CompositeInput['extra']; ok: boolean } => {
    let ok = true;
    const extra: CompositeInput['extra'] = [];
    for (const use of system.uses) {
      const service = resolve(use.target, use.targetRange);
      if (!service) ok = false;
      else if (!use.soft || soft) extra.push({ service, range: use.range, nameRange: use.targetRange });
    }
    return { extra, ok };
  };

  for (const system of root.model.systems) {
    if (system.uses.length === 0) continue;
    const { extra, ok } = usesOf(system, false);
    const input: CompositeInput = { kind: 'system', name: system.name, range: system.range, nameRange: system.nameRange, root: system, steps: [], extra, objectives: system };
    const figures = figuresOf(input, services, options, diagnostics, ok);
    if (system.uses.some((u) => u.soft) && figures.analysis) {
      const all = usesOf(system, true).extra;
      const soft = compose({ ...input, extra: all, soft: true }, services);
      const u = soft.model.analysable ? analyseSystem(soft.model, { ...options, detail: 'diagnostics' })?.unavailability : undefined;
      if (u !== undefined) figures.degradedUnavailability = Math.max(0, u - figures.analysis.unavailability);
    }
    systems.set(system, figures);
  }

  const journeyInputs: { journey: JourneyModel; system?: SystemModel }[] = [
    ...root.model.systems.flatMap((system) => system.journeys.map((journey) => ({ journey, system }))),
    ...root.model.journeys.map((journey) => ({ journey })),
  ];
  for (const { journey, system } of journeyInputs) {
    let ok = journey.analysable && (system?.analysable ?? true);
    const steps: Step[] = [];
    for (const step of journey.path) {
      const layer = system?.layers.find((l) => l.site === undefined && l.name === step.name);
      if (layer) {
        steps.push({ kind: 'layer', id: layer.id, range: step.range });
        continue;
      }
      const service = resolve(step.name, step.range);
      if (service) steps.push({ kind: 'service', service, range: step.range, nameRange: step.range });
      else ok = false;
    }
    const own = system ? usesOf(system, false) : { extra: [], ok: true };
    const input: CompositeInput = {
      kind: 'journey', name: journey.name, range: journey.range, nameRange: journey.nameRange,
      ...(system ? { root: system } : {}), steps, extra: own.extra, objectives: journey,
    };
    journeys.push({ model: journey, ...figuresOf(input, services, options, diagnostics, ok && own.ok) });
  }

  diagnostics.push(...cycles(root, services), ...unusedServices(root, used, services));
  return { systems, journeys, diagnostics: unique(diagnostics) };
}

/** A composite's figures, its diagnostics filtered to what belongs here, and the objectives the dependencies settle. */
function figuresOf(input: CompositeInput, services: Services, options: AnalysisOptions, out: Diagnostic[], ok: boolean): EstateFigures {
  const composite: Composite = compose(input, services);
  out.push(...composite.diagnostics);
  const model = composite.model;
  if (!ok) model.analysable = false;
  const figures: EstateFigures = { composite: model, services: composite.services.map((s) => s.name) };
  if (!model.analysable) return figures;
  const analysis = analyseSystem(model, options);
  if (!analysis) return figures;
  figures.analysis = analysis;
  // The dependencies alone: the composite's path without the root's own steps.
  const rootLayers = new Set(input.steps.flatMap((s) => (s.kind === 'layer' ? [s.id] : [])));
  if (input.kind === 'system') input.root?.path.forEach((id) => rootLayers.add(id));
  const depsPath = model.path.filter((id) => !rootLayers.has(id));
  let depsU: number | undefined;
  // Only where the root has steps of its own: a journey of services alone simply misses.
  if (depsPath.length > 0 && depsPath.length < model.path.length && (model.slo ?? model.sla)) {
    const { slo: _slo, sla: _sla, rto: _rto, rpo: _rpo, ...rest } = model;
    const deps = analyseSystem({ ...rest, path: depsPath }, { ...options, detail: 'diagnostics' });
    if (deps?.unavailabilityExact ?? deps?.exact) depsU = deps?.unavailability;
  }
  if (depsU !== undefined) figures.dependenciesUnavailability = depsU;
  // Replaced, not added to: what belongs to other services is theirs to report.
  analysis.diagnostics = ownDiagnostics(model, analysis, depsU, figures.services, input.kind);
  return figures;
}

/**
 * The composite's analysis diagnostics that belong to its root: not those about another
 * service's elements (its own analysis reports them), and an objective the dependencies alone
 * cannot meet said as such rather than as a miss.
 */
function ownDiagnostics(model: SystemModel, analysis: SystemAnalysis, depsU: number | undefined, services: string[], kind: 'system' | 'journey'): Diagnostic[] {
  const foreign = model.composite?.foreign ?? new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of analysis.diagnostics) {
    const subject = d.data?.subject;
    if (typeof subject === 'string' && foreign.has(subject)) continue;
    // A journey reports what is about it as a whole; its system reports its layers.
    if (kind === 'journey' && !['slo-miss', 'sla-miss', 'objective-undetermined', 'sla-stricter-than-slo', 'analysis-limit'].includes(d.code)) continue;
    const which = d.code === 'slo-miss' ? model.slo : d.code === 'sla-miss' ? model.sla : undefined;
    if (which && depsU !== undefined && verdictOf(depsU, undefined, which.value) === 'missed') {
      const what = d.code === 'slo-miss' ? 'SLO' : 'SLA';
      const gap = which.value - (1 - depsU);
      out.push({
        severity: 'error', code: d.code === 'slo-miss' ? 'slo-unreachable' : 'sla-unreachable', range: d.range,
        message: `the ${what} needs ${formatPercent(which.value)}, its dependencies allow at most ${formatAvailability(depsU)} (${formatShare(gap)} short) whatever ${kind} '${model.name}' does itself: ${services.join(', ')} — make them more available, make one soft, or lower the ${what}`,
      });
      continue;
    }
    out.push(d);
  }
  return out;
}

/**
 * Every cycle of hard dependencies among the root file's systems, once, on the `use` that
 * closes it (a cycle in another file makes its users figure-less and is that file's to report).
 */
function cycles(root: EstateFile, services: Services): Diagnostic[] {
  const out: Diagnostic[] = [];
  const table = services.table(root);
  const said = new Set<string>();
  for (const system of root.model.systems) {
    const self = table.get(system.name);
    if (!self || self.kind !== 'system' || self.model !== system) continue;
    const { cycle } = services.closure([self]);
    if (!cycle || cycle.closing.from.file !== root) continue;
    // One cycle met from each of its members is still one cycle.
    const key = [...new Set(cycle.names)].sort().join('\u0000');
    if (said.has(key)) continue;
    said.add(key);
    out.push({
      severity: 'error', code: 'dependency-cycle', range: cycle.closing.range, data: { subject: cycle.closing.to.name },
      message: `dependency cycle: ${cycle.names.join(' → ')}; services cannot all need each other to be up — make one of these uses soft (\`use ${cycle.closing.to.name} soft\`) or remove it`,
    });
  }
  return out;
}

/** The diagnostics once each: several composites meet the same unknown service or conflicting zone. */
function unique(list: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const key = `${d.code}|${d.range.start.line}:${d.range.start.character}|${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Externals of the root file and imports that nothing uses. */
function unusedServices(root: EstateFile, used: ReadonlySet<Service>, services: Services): Diagnostic[] {
  const out: Diagnostic[] = [];
  const table = services.table(root);
  // A service the root's own systems or imported ones reach counts as used.
  const reached = new Set<Service>(services.closure([...used], true).services);
  for (const e of root.model.externals) {
    const s = table.get(e.name);
    if (s && s.kind === 'external' && !reached.has(s)) {
      out.push({ severity: 'warning', code: 'unused-service', range: e.nameRange, data: { subject: e.name }, message: `external '${e.name}' is never used: add \`use ${e.name}\` to the systems that call it, or remove it` });
    }
  }
  for (const imp of root.imports) {
    const brings = [...reached].some((s) => s.file === imp.file);
    if (!brings && !imp.file.broken) {
      out.push({ severity: 'warning', code: 'unused-service', range: imp.range, message: `nothing here uses what ${shortName(imp.file.uri)} declares: add a \`use\` or a journey step that names one of its services, or remove the import` });
    }
  }
  return out;
}
