/** The core pipeline, guarded: an analysis is always returned, whatever the text. */
import { analyseDocument, type AnalysisOptions, type Diagnostic, type DocumentAnalysis, type DocumentSource, parse, type ParseResult } from '../core/index';

/**
 * The core promises never to throw; should it break that promise, the document still gets an
 * analysis (the parse alone, or nothing) with an `internal` diagnostic saying what happened,
 * so every feature keeps answering.
 */
export function safeAnalyse(text: string, options: Partial<AnalysisOptions> = {}, source: DocumentSource = {}): DocumentAnalysis {
  try {
    return analyseDocument(text, options, source);
  } catch (e) {
    const internal: Diagnostic = {
      severity: 'error',
      code: 'internal',
      message: `internal error while analysing this file (please report it with the file): ${e instanceof Error ? e.message : String(e)}`,
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    };
    const parsed = safeParse(text);
    return { parse: parsed, model: { systems: [], diagnostics: [], externals: [], journeys: [], imports: [] }, systems: [], journeys: [], imported: [], diagnostics: [...parsed.diagnostics, internal] };
  }
}

/** The parse, or an empty one should the parser ever throw (the analysis then reports it). */
export function safeParse(text: string): ParseResult {
  try {
    return parse(text);
  } catch {
    const zero = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return { ast: { systems: [], imports: [], externals: [], journeys: [], range: zero }, tokens: [], comments: [], diagnostics: [] };
  }
}
