/**
 * `slo`, `sla`, `window`, `rto`, `rpo` of a system. Invalid objectives are reported but do not
 * stop the analysis: they change no figure, only which targets are checked.
 */
import type { PropertyAst } from '../../../../grammar/src/ast';
import type { ModelDiagnostics } from './diagnostics';
import type { Objective, ObjectivesModel } from './types';
import { fractionOfPercent, unavailabilityOfPercent } from './figures';
import { collectProps, readDuration, readPercent } from './values';
import { SECONDS_PER_DAY } from '../../../../grammar/src/units';

/** Error-budget window when none is given (spec section 4). */
const DEFAULT_WINDOW_SECONDS = 30 * SECONDS_PER_DAY;

export type Objectives = ObjectivesModel;

/** The objectives of `from` alone (a system's or a journey's), with no key for an absent one. */
export function objectivesOf(from: ObjectivesModel): ObjectivesModel {
  const out: ObjectivesModel = { windowSeconds: from.windowSeconds };
  for (const key of ['slo', 'sla', 'window', 'rto', 'rpo'] as const) {
    const objective = from[key];
    if (objective) out[key] = objective;
  }
  return out;
}

/** Reads the objective lines; slo/sla as fractions (99.95% → 0.9995), the rest in seconds. */
export function readObjectives(props: readonly PropertyAst[], diags: ModelDiagnostics, owner: string): Objectives {
  const byKey = collectProps(props, diags, owner);
  const report = { blocking: false };
  const result: Objectives = { windowSeconds: DEFAULT_WINDOW_SECONDS };
  for (const key of ['slo', 'sla'] as const) {
    const prop = byKey.get(key);
    const percent = readPercent(prop, diags, { report });
    if (prop && percent) {
      const objective: Objective = { value: fractionOfPercent(percent), unavailability: unavailabilityOfPercent(percent), range: prop.range };
      // `slo P excludes maintenance` (an extension: common causes).
      if (prop.excludesRange) objective.excludesMaintenance = true;
      result[key] = objective;
    }
  }
  for (const key of ['window', 'rto', 'rpo'] as const) {
    const excludes = byKey.get(key)?.excludesRange;
    if (excludes) diags.warning('ignored-property', `'excludes maintenance' has no effect on '${key}': only \`slo\` and \`sla\` can leave maintenance out`, excludes);
  }
  const window = byKey.get('window');
  const windowSeconds = readDuration(window, diags, { report });
  if (window && windowSeconds !== undefined) {
    result.window = { value: windowSeconds, range: window.range };
    result.windowSeconds = windowSeconds;
  }
  for (const key of ['rto', 'rpo'] as const) {
    const prop = byKey.get(key);
    const seconds = readDuration(prop, diags, { report, allowZero: true });
    if (prop && seconds !== undefined) result[key] = { value: seconds, range: prop.range };
  }
  return result;
}
