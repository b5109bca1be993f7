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
}

export interface DocumentAnalysis {
  parse: ParseResult;
  model: ModelResult;
  systems: AnalysedSystem[];
  /** The journeys of the document (docs/language.md, "Estates"), in source order: a system's, then the file's. */
  journeys: AnalysedJourney[];
  /**
   * The files the document imports, transitively, with their models (for navigation and rename
   * across files); empty for a file without imports.
   */
  imported: { uri: string; model: ModelResult }[];
  /** Every diagnostic of every stage, in document order. */
  diagnostics: Diagnostic[];
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
  const diagnostics = [
    ...parsed.diagnostics,
    ...model.diagnostics,
    ...systems.flatMap((s) => s.analysis?.diagnostics ?? []),
    ...(estate?.journeys ?? []).flatMap((j) => j.analysis?.diagnostics ?? []),
    ...(estate?.diagnostics ?? []),
  ].sort((a, b) => comparePositions(a.range.start, b.range.start));
  return { parse: parsed, model, systems, journeys: estate?.journeys ?? [], imported, diagnostics };
}

/** True when the file uses any construct of estates; otherwise the estate stage has nothing to do. */
function isEstate(model: ModelResult): boolean {
  return model.imports.length > 0 || model.externals.length > 0 || model.journeys.length > 0
    || model.systems.some((s) => s.uses.length > 0 || s.journeys.length > 0);
}
