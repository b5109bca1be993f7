/**
 * `scenario NAME { fail X [at T] … }` (spec section 7): X names a node (all its instances), an
 * instance, a site, a zone or a region — qualified inside sites (`east.app-1`). T defaults to 0.
 * An unknown X is `unknown-reference` (with a suggestion); it does not stop the analysis.
 */
import type { LiteralAst, ScenarioAst } from '../../../../grammar/src/ast';
import type { BuildContext } from './context';
import { NameRegistry } from './names';
import type { ScenarioFailureModel, ScenarioModel } from './types';
import { checkDuration } from './values';
import { checkFailureTime } from '../limits';

type TargetType = NonNullable<ScenarioFailureModel['targetType']>;

/** Resolves every scenario of the system against the built model. */
export function buildScenarios(ctx: BuildContext, asts: readonly ScenarioAst[]): ScenarioModel[] {
  if (asts.length === 0) return [];
  const targets = targetTable(ctx);
  const candidates = [...targets.keys()];
  const names = new NameRegistry(false);
  const scenarios: ScenarioModel[] = [];
  for (const ast of asts) {
    const name = ast.name?.text ?? '';
    const nameRange = ast.name?.range ?? ast.keywordRange;
    if (ast.name) names.claim(name, 'scenario', nameRange);
    const failures: ScenarioFailureModel[] = [];
    for (const fail of ast.fails) {
      if (!fail.target) continue; // the parser reported it
      const failure: ScenarioFailureModel = { target: fail.target.name, atSeconds: fail.at ? readAt(ctx, fail.at) : 0, range: fail.range };
      const type = targets.get(fail.target.name);
      if (type) failure.targetType = type;
      else reportUnknownTarget(ctx, fail.target.name, fail.target.range, candidates);
      failures.push(failure);
    }
    scenarios.push({ name, range: ast.range, nameRange, failures });
  }
  names.report(ctx.diags);
  return scenarios;
}

/**
 * `at T`: a duration ≥ 0 within the simulation's limit (`MAX_FAILURE_SECONDS`), else
 * `invalid-value`. A rejected time is kept as written, so the simulation refuses it rather than
 * failing X at 0; the scenario does not change the availability, so the error does not block.
 */
function readAt(ctx: BuildContext, lit: LiteralAst): number {
  const seconds = checkDuration(lit, 'at', ctx.diags, { allowZero: true, report: { blocking: false } });
  if (seconds === undefined) return lit.value;
  const tooLate = checkFailureTime(seconds, lit.text);
  if (tooLate !== undefined) ctx.diags.error('invalid-value', tooLate, lit.range, { blocking: false });
  return seconds;
}

/** Every name a scenario may fail; a single-instance node is a node (same name, same effect). */
function targetTable(ctx: BuildContext): Map<string, TargetType> {
  const targets = new Map<string, TargetType>();
  const add = (name: string, type: TargetType) => {
    if (!targets.has(name)) targets.set(name, type);
  };
  for (const node of ctx.nodes) add(node.id, 'node');
  for (const instance of ctx.instances) add(instance.id, 'instance');
  for (const site of ctx.sites) add(site.id, 'site');
  for (const zone of ctx.zones.keys()) add(zone, 'zone');
  for (const region of ctx.regions.keys()) add(region, 'region');
  return targets;
}

function reportUnknownTarget(ctx: BuildContext, name: string, range: ScenarioFailureModel['range'], candidates: readonly string[]): void {
  const layer = ctx.layers.find((l) => l.id === name);
  const suggestion = layer ? (layer.nodes[0]?.id ?? layer.sites[0]) : ctx.diags.suggest(name, candidates);
  const hint = layer
    ? ` — '${name}' is a layer; a scenario fails what runs in it${suggestion ? `, e.g. '${suggestion}'` : ''}`
    : suggestion
      ? ` — did you mean '${suggestion}'?`
      : '; a scenario fails a node, an instance, a site, a zone or a region';
  ctx.diags.error('unknown-reference', `unknown element '${name}'${hint}`, range, {
    blocking: false,
    data: { expected: 'element', ...(suggestion ? { suggestion } : {}) },
  });
}
