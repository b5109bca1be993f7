/** The simulation core's public API, for the CLI and the language server. */
export { simulateScenario } from './scenario';
export { scenarioFailures, resolveTarget, failableNames, joinSpacedNames, type ResolvedTarget, type TargetType } from './resolve';
export { createMonteCarlo, monteCarlo, partialResult, runStream, streamPlan, MIN_BATCHES, type MonteCarloRun } from './montecarlo';
export { mergeStreams } from './batch-means';
export { MonteCarloStream, type StreamOptions, type StreamStats } from './montecarlo-stream';
export { compileStructure, type Structure } from './structure';
export type * from './types';
export { formatScenarioText, formatMonteCarloText, formatImportanceText } from './format-text';
export { FIRST_SLICE_YEARS, SLICE_MS, slices, type SliceOptions } from './slices';
export { RegenerativeImportanceSampler, DEFAULT_BIAS, type ImportanceSamplingOptions } from './importance-sampling';
export { failureTargets, type FailureTarget } from './targets';
