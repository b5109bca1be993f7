/** The exact availability engine's entry point. PLACEHOLDER until the engine lands. */
import type { SystemModel } from '../model/types';
import type { AnalysisOptions, SystemAnalysis } from './types';

export function analyseSystem(_system: SystemModel, _options: AnalysisOptions): SystemAnalysis | undefined {
  return undefined;
}
