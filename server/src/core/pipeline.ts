/**
 * The whole core pipeline for one document: text → parse → model → analysis.
 * Every adapter (CLI, language server, diagram) goes through here, so they agree.
 *
 * Stages (each implies the previous ones are finished):
 *   Parsed   — `parse`: tokens, AST, syntax diagnostics
 *   Resolved — `model`: the semantic model and model diagnostics
 *   Analysed — `systems[i].analysis`: exact figures, when the model is analysable
 */
import { parse } from '../../../grammar/src/index';
import type { ParseResult } from '../../../grammar/src/ast';
import { comparePositions, type Diagnostic } from '../../../grammar/src/text';
import { buildModel } from './model/build';
import type { ModelResult, SystemModel } from './model/types';
import { analyseSystem } from './analysis/index';
import { DEFAULT_ANALYSIS_OPTIONS, type AnalysisOptions, type SystemAnalysis } from './analysis/types';
import { analyseEstate, type AnalysedJourney, type EstateFigures } from './estate/analyse';
import { loadEstate, type ImportReader } from './estate/load';

export interface AnalysedSystem {
  /** The system as declared in the document. */
  model: SystemModel;
  /**
   * What the figures are about when the system uses other services (docs/language.md, "Estates"): the
   * composite of it and its hard dependencies; simulations run on it. Absent: `model` itself.
   */
  composite?: SystemModel;
  /** Absent when the model has errors that make figures meaningless. */
  analysis?: SystemAnalysis;
  /** With dependencies: their names, the degraded share, what they allow (see `EstateFigures`). */
  estate?: Omit<EstateFigures, 'composite' | 'analysis'>;
  /** Set when the document has syntax errors: the figures are of what could be read (see `withheld`). */
  provisional?: true;
}

/** A journey of the document; `provisional` as for a system. */
export type DocumentJourney = AnalysedJourney & { provisional?: true };

export interface DocumentAnalysis {
  parse: ParseResult;
  model: ModelResult;
  systems: AnalysedSystem[];
  /** The journeys of the document (docs/language.md, "Estates"), in source order: a system's, then the file's. */
  journeys: DocumentJourney[];
  /**
   * The files the document imports, transitively, with their models (for navigation and rename
   * across files); empty for a file without imports.
   */
  imported: { uri: string; model: ModelResult }[];
  /** Every diagnostic of every stage, in document order. */
  diagnostics: Diagnostic[];
  /**
   * Set when the document has syntax errors and figures were computed: they are of what could be
   * read, so they are provisional, and the diagnostics drawn from them are withheld (one
   * `figures-withheld` note says so instead).
   */
  provisional?: true;
}

/** Where a document comes from, so that its `import` lines can be read (adapters give it; the core does no I/O). */
export interface DocumentSource {
  uri?: string;
  readImport?: ImportReader;
}

/** Runs every stage on a document's text. Never throws on any input. */
export function analyseDocument(text: string, options: Partial<AnalysisOptions> = {}, source: DocumentSource = {}): DocumentAnalysis {
  return analyseParsed(parse(text), options, source);
}

/** Runs the stages after parsing on a parse already made. Never throws on any input. */
export function analyseParsed(parsed: ParseResult, options: Partial<AnalysisOptions> = {}, source: DocumentSource = {}): DocumentAnalysis {
  const opts: AnalysisOptions = { ...DEFAULT_ANALYSIS_OPTIONS, ...options };
  const model = buildModel(parsed);
  const loaded = isEstate(model) ? loadEstate({ ...(source.uri !== undefined ? { uri: source.uri } : {}), parse: parsed, model }, source.readImport) : undefined;
  const estate = loaded ? analyseEstate(loaded, opts) : undefined;
  const imported = (loaded?.files ?? []).slice(1).flatMap((f) => (f.uri !== undefined ? [{ uri: f.uri, model: f.model }] : []));
  const systems: AnalysedSystem[] = model.systems.map((sys) => {
    const figures = estate?.systems.get(sys);
    if (!figures) return { model: sys, analysis: sys.analysable ? analyseSystem(sys, opts) : undefined };
    const { composite, analysis, ...rest } = figures;
    return { model: sys, composite, analysis, estate: rest };
  });
  const journeys: DocumentJourney[] = estate?.journeys ?? [];
  const withheld = figuresWithheld(parsed, systems, journeys);
  const diagnostics = (withheld
    ? [...parsed.diagnostics, ...model.diagnostics, ...(estate?.diagnostics ?? []).filter((d) => !FROM_FIGURES.has(d.code)), withheld]
    : [
        ...parsed.diagnostics,
        ...model.diagnostics,
        ...systems.flatMap((s) => s.analysis?.diagnostics ?? []),
        ...journeys.flatMap((j) => j.analysis?.diagnostics ?? []),
        ...(estate?.diagnostics ?? []),
      ]).sort((a, b) => comparePositions(a.range.start, b.range.start));
  if (!withheld) return { parse: parsed, model, systems, journeys, imported, diagnostics };
  return {
    parse: parsed, model, imported, diagnostics, provisional: true,
    systems: systems.map((s) => (s.analysis ? { ...s, provisional: true } : s)),
    journeys: journeys.map((j) => (j.analysis ? { ...j, provisional: true } : j)),
  };
}

/** The estate's diagnostics that are drawn from figures (the rest are about its structure). */
const FROM_FIGURES: ReadonlySet<string> = new Set(['slo-unreachable', 'sla-unreachable']);

/**
 * While the document has syntax errors, figures are of what could be read: a skipped line may be
 * the replica or the zone that makes the difference. The diagnostics drawn from them (spof,
 * slo-miss, no-headroom, …) would then come and go as the person types, so they are withheld;
 * this one note, on the first syntax error, says so. Undefined when there is no syntax error, or
 * no figure was computed (nothing is withheld).
 */
function figuresWithheld(parsed: ParseResult, systems: readonly AnalysedSystem[], journeys: readonly DocumentJourney[]): Diagnostic | undefined {
  const syntax = parsed.diagnostics.filter((d) => d.code === 'syntax' && d.severity === 'error');
  const first = syntax[0];
  if (!first || !(systems.some((s) => s.analysis) || journeys.some((j) => j.analysis))) return undefined;
  const count = syntax.length === 1 ? 'one syntax error' : `${syntax.length} syntax errors`;
  return {
    severity: 'info', code: 'figures-withheld', range: first.range,
    message: `figures are withheld until the syntax errors are fixed (${count}): warnings drawn from them (spof, slo-miss, …) are not reported, and the figures shown are provisional`,
  };
}

/** True when the file uses any construct of estates; otherwise the estate stage has nothing to do. */
function isEstate(model: ModelResult): boolean {
  return model.imports.length > 0 || model.externals.length > 0 || model.journeys.length > 0
    || model.systems.some((s) => s.uses.length > 0 || s.journeys.length > 0);
}
