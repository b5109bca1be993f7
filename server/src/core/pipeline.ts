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

export interface AnalysedSystem {
  model: SystemModel;
  /** Absent when the model has errors that make figures meaningless. */
  analysis?: SystemAnalysis;
}

export interface DocumentAnalysis {
  parse: ParseResult;
  model: ModelResult;
  systems: AnalysedSystem[];
  /** Every diagnostic of every stage, in document order. */
  diagnostics: Diagnostic[];
}

/** Runs every stage on a document's text. Never throws on any input. */
export function analyseDocument(text: string, options: Partial<AnalysisOptions> = {}): DocumentAnalysis {
  const opts: AnalysisOptions = { ...DEFAULT_ANALYSIS_OPTIONS, ...options };
  const parsed = parse(text);
  const model = buildModel(parsed);
  const systems: AnalysedSystem[] = model.systems.map((sys) => ({
    model: sys,
    analysis: sys.analysable ? analyseSystem(sys, opts) : undefined,
  }));
  const diagnostics = [
    ...parsed.diagnostics,
    ...model.diagnostics,
    ...systems.flatMap((s) => s.analysis?.diagnostics ?? []),
  ].sort((a, b) => comparePositions(a.range.start, b.range.start));
  return { parse: parsed, model, systems, diagnostics };
}
