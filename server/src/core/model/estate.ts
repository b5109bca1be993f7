/**
 * The estate constructs of one file as model data (an extension: docs/language.md, "Estates"): `use` lines
 * of a system, journeys (in a system or at file level), externals and imports. What they refer
 * to — other systems, other files — is resolved later, by the estate stage (`core/estate/`),
 * which sees every file of the estate; here only what one declaration can say about itself is
 * checked (values, a journey's one path, names unique in their scope).
 */
import type { ExternalAst, ImportAst, JourneyAst, UseAst } from '../../../../grammar/src/ast';
import { SECONDS_PER_HOUR } from '../../../../grammar/src/units';
import { ModelDiagnostics } from './diagnostics';
import { DEFAULT_MTTR_SECONDS, elementFigures, perfectFigures } from './figures';
import type { NameRegistry } from './names';
import { objectivesOf, readObjectives } from './objectives';
import type { ExternalModel, ImportModel, JourneyModel, UseModel } from './types';
import { collectProps, readDuration, readPercent } from './values';
import { warnInconsistent } from './domains';

/** A system's `use` lines; the same service used twice is reported on the second. */
export function readUses(asts: readonly UseAst[], diags: ModelDiagnostics): UseModel[] {
  const uses: UseModel[] = [];
  const seen = new Map<string, UseModel>();
  for (const ast of asts) {
    if (!ast.target) continue; // the parser reported it
    const use: UseModel = { target: ast.target.text, soft: ast.soft, range: ast.range, targetRange: ast.target.range };
    const first = seen.get(use.target);
    if (first) {
      diags.warning('duplicate-reference', `service '${use.target}' is already used (line ${first.range.start.line + 1}); remove one of the two lines`, use.targetRange, {
        data: { subject: use.target },
        related: [{ message: `'${use.target}' used here`, range: first.range }],
      });
      continue;
    }
    seen.set(use.target, use);
    uses.push(use);
  }
  return uses;
}

/**
 * One journey. Its own diagnostics decide whether it has figures (`analysable`); none of them
 * stops its system's analysis, so they go to `into` without blocking it.
 */
export function readJourney(ast: JourneyAst, into: ModelDiagnostics, names: NameRegistry, system?: string): JourneyModel | undefined {
  if (!ast.name) return undefined; // the parser reported it
  const name = ast.name.text;
  names.claim(name, 'journey', ast.name.range);
  const own = new ModelDiagnostics();
  const label = `journey '${name}'`;
  const objectives = readObjectives(ast.objectives, own, label);
  const [first, ...others] = ast.paths;
  for (const extra of others) {
    own.error('duplicate-property', `${label} has a second path (line ${extra.range.start.line + 1}); a journey is one path — give it its own journey`, extra.keywordRange, {
      related: first ? [{ message: 'first path here', range: first.range }] : [],
      blocking: false,
    });
  }
  const path = (first?.layers ?? []).map((ref) => ({ name: ref.name, range: ref.range }));
  if (path.length === 0) {
    own.warning('empty-path', `${label} has no path: write the layers and services a request of it passes through, e.g. \`path web -> api -> payments\``, ast.name.range);
  }
  const journey: JourneyModel = {
    name, range: ast.range, nameRange: ast.name.range, path,
    windowSeconds: objectives.windowSeconds, analysable: own.analysable,
  };
  if (system !== undefined) journey.system = system;
  Object.assign(journey, objectivesOf(objectives));
  for (const d of own.list) into.adopt(d);
  return journey;
}

/** An external: one element with the figures its provider publishes. */
export function readExternal(ast: ExternalAst, diags: ModelDiagnostics, names: NameRegistry): ExternalModel | undefined {
  if (!ast.name) return undefined; // the parser reported it
  const name = ast.name.text;
  names.claim(name, 'external', ast.name.range);
  const owner = `external '${name}'`;
  const props = collectProps(ast.props, diags, owner);
  const percent = readPercent(props.get('availability'), diags, { aboveZero: true });
  const mtbfSeconds = readDuration(props.get('mtbf'), diags);
  const mttrSeconds = readDuration(props.get('mttr'), diags);
  const figures = elementFigures({ percent, mtbfSeconds, mttrSeconds, fallbackMttrSeconds: DEFAULT_MTTR_SECONDS });
  if (figures && percent && mtbfSeconds !== undefined && mttrSeconds !== undefined) {
    warnInconsistent(diags, figures.mtbfSeconds, mtbfSeconds, props.get('mtbf')?.value?.range ?? ast.name.range);
  }
  if (!figures) {
    diags.error('missing-availability', `${owner} has no availability: give the figure its provider publishes, e.g. \`external ${name} { availability 99.99% }\``, ast.name.range, {
      data: { subject: name },
      blocking: false,
    });
  }
  return {
    name, hasAvailability: figures !== undefined,
    ...(figures ?? perfectFigures(mttrSeconds ?? SECONDS_PER_HOUR)),
    range: ast.range, nameRange: ast.name.range,
  };
}

/** An import line; an empty path is reported here, the rest by the estate stage. */
export function readImport(ast: ImportAst, diags: ModelDiagnostics): ImportModel | undefined {
  if (!ast.path) return undefined; // the parser reported it
  if (ast.path.text.trim() === '') {
    diags.error('import-not-found', 'import of an empty path: write the file to import, e.g. `import "shared/auth.topo"`', ast.path.range, { blocking: false });
    return undefined;
  }
  return { path: ast.path.text, range: ast.range, pathRange: ast.path.range };
}
