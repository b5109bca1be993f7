/** Shared helpers for the simulation tests: models from `.topo` text, timelines as short lines. */
import { strict as assert } from 'node:assert';
import { modelOf } from '../../support/model';
import { simulateScenario } from '../../../server/src/core/simulation/index';
import type { ScenarioFailure, ScenarioResult } from '../../../server/src/core/simulation/types';

export { modelOf };

/** Simulates and returns the result; fails the test when the simulation refuses. */
export function simulate(text: string, failures: ScenarioFailure[]): ScenarioResult {
  const outcome = simulateScenario(modelOf(text), failures);
  if (!outcome.ok) assert.fail(outcome.error);
  return outcome.result;
}

/** `--fail a b@30` in short: names with an optional `@seconds`. */
export function fails(...specs: string[]): ScenarioFailure[] {
  return specs.map((s) => {
    const [element, at] = s.split('@');
    return { element: element as string, at: at === undefined ? 0 : Number(at) };
  });
}

/** Events as `t type subject` lines (subject: element, else layer), for compact assertions. */
export function timeline(result: ScenarioResult, types?: string[]): string[] {
  return result.events
    .filter((e) => types === undefined || types.includes(e.type))
    .map((e) => `${e.t} ${e.type} ${e.element ?? e.layer ?? 'system'}`);
}

/** A system with one active-passive layer `db` of a primary and one standby. */
export function activePassive(layerLines: string, primary = 'availability 99.9% mttr 2h', standby = 'availability 99.9% mttr 2h standby hot'): string {
  return `system s {\n  layer db {\n    ${layerLines}\n    node db-primary { ${primary} }\n    node db-standby { ${standby} }\n  }\n}\n`;
}
