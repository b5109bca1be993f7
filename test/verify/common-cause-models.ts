/**
 * Generated models with common causes (issue 16, docs/language.md "Common causes") for the
 * common-cause suites. Until the model stage reads the new syntax everywhere, a model is the text
 * printed WITHOUT the common causes, parsed, with its common causes built by hand from the same
 * description (`withCommonCauses`: the semantics, not the model stage); `parsedWithCommonCauses`
 * is the same model read from the full text, for the test that checks the two agree.
 */
import { parse } from '../../grammar/src/index';
import { buildModel } from '../../server/src/core/model/build';
import type { SystemModel } from '../../server/src/core/model/types';
import { generateSystem, hasCommonCauses, printSystem, withCommonCauses, withoutCommonCauses, type GenerateOptions, type GenSystem } from './generate';

/** Small systems (brute force enumerates them), with common causes. */
export const COMMON_CAUSE_SHAPES: Partial<GenerateOptions> = { commonCauses: true, failoverShapes: true, maxLayers: 2, maxInstancesPerLayer: 3, maxSiteDepth: 1, siteChance: 0.5 };

export interface CommonCauseCase {
  seed: number;
  gen: GenSystem;
  /** The full text, common causes included (the new syntax). */
  text: string;
  /** The model, common causes built by hand. */
  model: SystemModel;
  /** The same model without its common causes. */
  base: SystemModel;
}

/** The model of a text, or undefined when it has errors. */
function modelOfText(text: string): SystemModel | undefined {
  const parsed = parse(text);
  const built = buildModel(parsed);
  const errors = [...parsed.diagnostics, ...built.diagnostics].filter((d) => d.severity === 'error');
  const system = built.systems[0];
  return errors.length === 0 && system?.analysable ? system : undefined;
}

/** The generated case of `seed`; undefined when it draws no common cause or its model has errors. */
export function commonCauseCase(seed: number, options: Partial<GenerateOptions> = COMMON_CAUSE_SHAPES): CommonCauseCase | undefined {
  const gen = generateSystem(seed, options);
  if (!hasCommonCauses(gen)) return undefined;
  const base = modelOfText(printSystem(withoutCommonCauses(gen)));
  if (!base) return undefined;
  return { seed, gen, text: printSystem(gen), model: withCommonCauses(base, gen), base };
}

/** The model the model stage reads from the full text (with the new syntax), with its errors. */
export function parsedWithCommonCauses(text: string): { model?: SystemModel; errors: string[] } {
  const parsed = parse(text);
  const built = buildModel(parsed);
  const errors = [...parsed.diagnostics, ...built.diagnostics].filter((d) => d.severity === 'error').map((d) => `${d.code}: ${d.message}`);
  return { model: built.systems[0], errors };
}
