/**
 * The core's public surface: what the adapters (CLI, language server, VS Code client, webview)
 * may use. Everything else under server/src/core (and the grammar) is internal; the lint refuses
 * an adapter's import of anything but this file. Pure: no editor, no I/O.
 */

// Text → figures.
export { MAX_TEXT_LENGTH, parse } from '../../../grammar/src/index';
export type { ParseResult } from '../../../grammar/src/ast';
export type { Diagnostic, Position, Range } from '../../../grammar/src/text';
export { SECONDS_PER_UNIT } from '../../../grammar/src/units';
export { analyseDocument, analyseParsed, type AnalysedSystem, type DocumentAnalysis, type DocumentSource } from './pipeline';
export type { ImportReader } from './estate/load';
export type { AnalysedJourney, EstateFigures } from './estate/analyse';
export { journeyName } from './report/estate';
export { blastRadius, type BlastEffect, type BlastLayer, type BlastReport, type BlastResult, type BlastSubject, type BlastTarget } from './estate/blast';
export { buildModel } from './model/build';
export type { SystemModel } from './model/types';
export { closestName } from './model/suggest';
export { DEFAULT_ANALYSIS_OPTIONS, type AnalysisDetail, type AnalysisOptions, type SystemAnalysis } from './analysis/types';
export { checkFailureTime, checkOption, ESTATE_LIMITS, LIMITS, MAX_FAILURE_SECONDS, type IntegerLimit } from './limits';

// Reports.
export { formatDiagnostics, summariseDiagnostics } from './report/diagnostics-text';
export { documentReport, type DocumentReport } from './report/document';
export { fileJson, journeyJson, systemJson, type CheckJson, type FileJson, type JourneyJson, type SystemJson } from './report/json';
export { formatMarkdownReport } from './report/markdown';
export { toSarif, type SarifFile } from './report/sarif';
export { formatJourneysReport, formatSystemReport } from './report/text';
export { formatBlast } from './report/blast';
export { diffDocuments, evaluateGate, parseGateCondition } from './diff/index';
export type {
  CutSetChange, DiffFigures, DiffSide, FileDiff, GateCondition, GateResult, LayerChange, ObjectiveChange, ObjectiveStatus, SubjectDiff,
} from './diff/types';
export { diffJson, formatDiffMarkdown, formatDiffText, subjectHeadline } from './report/diff';
export {
  formatAvailability,
  formatAvailabilityFloor,
  formatBoundNote,
  formatDuration,
  formatDurationCeiling,
  formatNines,
  formatNinesFloor,
  formatPercent,
  formatProbability,
} from './text/format';
export { analyticOf, unavailabilityBoundsOf, verdictOf, type Verdict } from './report/summary';
export { escapeTerminal } from './text/terminal';
export { toMef } from './export/mef';

// Simulation.
export {
  compileStructure, createMonteCarlo, failureTargets, formatImportanceText, formatMonteCarloText, formatScenarioText, mergeStreams, type Structure,
  FIRST_SLICE_YEARS, joinSpacedNames, MonteCarloStream, partialResult, RegenerativeImportanceSampler, runStream, scenarioFailures, simulateScenario, slices, streamPlan,
  type AnalyticFigure, type FailureTarget, type MonteCarloResult, type ScenarioFailure, type ScenarioResult, type StreamOptions, type StreamStats,
} from './simulation/index';

// The diagram's view model (the webview imports these types).
export { buildDiagramView } from './diagram/index';
export type * from './diagram/view-model';

// Editor features (pure functions of the text, the AST and the analysis).
export { quickFixes } from './ide/actions';
export { completions } from './ide/completion';
export { formatEdits, formatText } from './ide/format';
export { hover, type HoverFigures, type HoverSource } from './ide/hover';
export { codeLenses, inlayHints } from './ide/lenses';
export { indexNames, type NameIndex } from './ide/names';
export { definition, highlights, prepareRename, references, rename } from './ide/navigation';
export { documentSymbols, foldingRanges } from './ide/outline';
export { withRelatedInfo } from './ide/related';
export { selectionRanges } from './ide/selection';
export { prepareServiceRename, renameService, serviceAt, serviceDeclaration, serviceHighlights, serviceOccurrences, type ImportedFile, type ServiceHit } from './ide/services';
export { encodeSemanticTokens, SEMANTIC_LEGEND, semanticTokens } from './ide/semantic-tokens';
export type { CompletionEntry, DiagnosticRef, DocumentSymbolInfo, FoldingRangeInfo, SelectionRangeInfo } from './ide/types';

// `topo import` (docs/import.md): a positioned tree the adapter parsed → a draft `.topo` and findings.
export { importCompose, importK8s, importTerraform, type ImportResult } from './import/index';
export type { K8sDocument } from './import/k8s';
export { formatImportReport, importDiagnostics, importJson } from './import/report';
export type { SourceEntry, SourceLocation, SourceNode, SourceScalar } from './import/tree';
export { DIFF_LIMITS, IMPORT_LIMITS } from './limits';
