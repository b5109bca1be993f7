/**
 * `scenario NAME { fail X [at T] … }` (spec section 7): X names a node (all its instances), an
 * instance, a site, a zone or a region — qualified inside sites (`east.app-1`). T defaults to 0.
 * An unknown X is `unknown-reference` (with a suggestion); it does not stop the analysis.
 *
 * A common cause (an extension, docs/language.md "Common causes"): `fail deploy [X]`,
 * `fail maintenance [X]` (X a layer or a site; none: the system's), `fail common-cause X` (X a
 * layer or a node) fails the element `deploy X`, `maintenance X`, `common-cause X`: its target is
 * that id and its type the kind.
 */
import type { FailAst, LiteralAst, ScenarioAst } from '../../../../grammar/src/ast';
import type { BuildContext } from './context';
import { NameRegistry } from './names';
import type { CommonCauseModel, ScenarioFailureModel, ScenarioModel } from './types';
import { checkDuration } from './values';
import { checkFailureTime } from '../limits';

type TargetType = NonNullable<ScenarioFailureModel['targetType']>;

/** Resolves every scenario of the system against the built model. */
export function buildScenarios(ctx: BuildContext, asts: readonly ScenarioAst[], commonCauses: readonly CommonCauseModel[] = []): ScenarioModel[] {
  if (asts.length === 0) return [];
  const causes = new Map(commonCauses.map((c) => [c.id, c]));
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
      if (fail.cause) {
        failures.push(causeFailure(ctx, fail, fail.cause, causes));
        continue;
      }
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

/** `fail deploy [X]`, `fail maintenance [X]`, `fail common-cause X`: the element of that id. */
function causeFailure(
  ctx: BuildContext, fail: FailAst, cause: NonNullable<FailAst['cause']>, causes: ReadonlyMap<string, CommonCauseModel>,
): ScenarioFailureModel {
  const id = fail.target ? `${cause.kind} ${fail.target.name}` : cause.kind;
  const failure: ScenarioFailureModel = { target: id, atSeconds: fail.at ? readAt(ctx, fail.at) : 0, range: fail.range };
  const element = causes.get(id);
  if (element && element.kind === cause.kind) {
    failure.targetType = element.kind;
    return failure;
  }
  // `fail common-cause` with no name: the parser said a name is expected; nothing to add here.
  if (cause.kind === 'common-cause' && !fail.target) return failure;
  const same = [...causes.values()].filter((c) => c.kind === cause.kind);
  const suggestion = fail.target ? ctx.diags.suggest(fail.target.name, same.map((c) => c.scopeId).filter((s) => s !== '')) : undefined;
  const declare =
    cause.kind === 'deploy'
      ? '`deploys`, `change-failure` and `restore`'
      : cause.kind === 'maintenance'
        ? '`maintenance D every T`'
        : '`common-cause β`';
  const where = fail.target ? `'${fail.target.name}'` : 'the system';
  const hint = suggestion
    ? ` — did you mean '${cause.kind} ${suggestion}'?`
    : `: ${where} declares no ${cause.kind} that can fail (add ${declare} to it${same.length > 0 ? `, or fail one that is declared: ${same.slice(0, 3).map((c) => `'${c.id}'`).join(', ')}` : ''})`;
  ctx.diags.error('unknown-reference', `unknown ${cause.kind} '${id}'${hint}`, fail.target?.range ?? cause.range, {
    blocking: false,
    // The suggestion replaces the name at the range: the name alone, not the id.
    data: { expected: 'element', ...(suggestion ? { suggestion } : {}) },
  });
  return failure;
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
