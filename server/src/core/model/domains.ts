/**
 * Zones and regions (spec section 3): their figures, `zone z in r`, and references to them.
 * A domain without `availability`/`mtbf` never fails in the figures (A = 1, hasAvailability
 * false); saying so is the analysis engine's job, not the model's.
 */
import type { DomainAst, RefAst } from '../../../../grammar/src/ast';
import type { Range } from '../../../../grammar/src/text';
import type { ModelDiagnostics } from './diagnostics';
import { DEFAULT_MTTR_SECONDS, elementFigures, inconsistentMtbfSeconds, perfectFigures } from './figures';
import type { NameRegistry } from './names';
import { listNames } from './suggest';
import type { DomainModel } from './types';
import { collectProps, readDuration, readPercent } from './values';
import { SECONDS_PER_HOUR } from '../../../../grammar/src/units';

/**
 * Builds regions then zones (zones refer to regions). Maps keep the first declaration of a
 * name; later ones are still built and listed, and `duplicate-name` is reported by `names`.
 */
export function buildDomains(
  regionAsts: readonly DomainAst[],
  zoneAsts: readonly DomainAst[],
  diags: ModelDiagnostics,
  names: NameRegistry,
  defaultMttrSeconds: number | undefined,
): { regions: Map<string, DomainModel>; zones: Map<string, DomainModel>; regionList: DomainModel[]; zoneList: DomainModel[] } {
  const regions = new Map<string, DomainModel>();
  const zones = new Map<string, DomainModel>();
  const regionList: DomainModel[] = [];
  const zoneList: DomainModel[] = [];
  for (const ast of regionAsts) {
    const model = buildDomain(ast, diags, names, defaultMttrSeconds);
    if (!model) continue;
    regionList.push(model);
    if (!regions.has(model.name)) regions.set(model.name, model);
  }
  for (const ast of zoneAsts) {
    const model = buildDomain(ast, diags, names, defaultMttrSeconds);
    if (!model) continue;
    if (ast.region) {
      const region = resolveDomain(ast.region, regions, 'region', diags);
      if (region) model.region = region;
    }
    zoneList.push(model);
    if (!zones.has(model.name)) zones.set(model.name, model);
  }
  return { regions, zones, regionList, zoneList };
}

function buildDomain(ast: DomainAst, diags: ModelDiagnostics, names: NameRegistry, defaultMttrSeconds: number | undefined): DomainModel | undefined {
  if (!ast.name) return undefined; // the parser reported it
  const name = ast.name.text;
  names.claim(name, ast.type, ast.name.range);
  const props = collectProps(ast.props, diags, `${ast.type} '${name}'`);
  const percent = readPercent(props.get('availability'), diags, { aboveZero: true });
  const mtbfSeconds = readDuration(props.get('mtbf'), diags);
  const mttrSeconds = readDuration(props.get('mttr'), diags);
  const fallbackMttrSeconds = defaultMttrSeconds ?? DEFAULT_MTTR_SECONDS;
  const figures = elementFigures({ percent, mtbfSeconds, mttrSeconds, fallbackMttrSeconds });
  if (figures && percent && mtbfSeconds !== undefined && mttrSeconds !== undefined) {
    warnInconsistent(diags, figures.mtbfSeconds, mtbfSeconds, props.get('mtbf')?.value?.range ?? ast.name.range);
  }
  return {
    type: ast.type,
    name,
    hasAvailability: figures !== undefined,
    ...(figures ?? perfectFigures(mttrSeconds ?? fallbackMttrSeconds)),
    range: ast.range,
    nameRange: ast.name.range,
  };
}

/** Warns when a written mtbf disagrees with the availability and mttr beside it (they win); the message writes the implied mtbf in hours, as Topo. */
export function warnInconsistent(diags: ModelDiagnostics, impliedMtbfSeconds: number, mtbfSeconds: number, range: Range): void {
  const implied = inconsistentMtbfSeconds(impliedMtbfSeconds, mtbfSeconds);
  if (implied === undefined) return;
  const hours = Number.isFinite(implied) ? `${Number((implied / SECONDS_PER_HOUR).toPrecision(6))}h` : 'no failures at all';
  diags.warning('inconsistent-value', `mtbf disagrees with availability and mttr, which imply mtbf ${hours}; Topo uses availability and mttr — remove one of the three`, range);
}

const declaredNames = new WeakMap<ReadonlyMap<string, DomainModel>, string[]>();

/** The map's names, computed once however many references miss. */
function namesOf(domains: ReadonlyMap<string, DomainModel>): string[] {
  let names = declaredNames.get(domains);
  if (!names) {
    names = [...domains.keys()];
    declaredNames.set(domains, names);
  }
  return names;
}

/** Resolves a zone or region reference, reporting `unknown-reference` with a suggestion. */
export function resolveDomain(
  ref: RefAst,
  domains: ReadonlyMap<string, DomainModel>,
  expected: 'zone' | 'region',
  diags: ModelDiagnostics,
): string | undefined {
  if (domains.has(ref.name)) return ref.name;
  const declared = namesOf(domains);
  const suggestion = diags.suggest(ref.name, declared);
  const hint = suggestion
    ? ` — did you mean '${suggestion}'?`
    : declared.length > 0
      ? `; declared ${expected}s: ${listNames(declared)}`
      : `; declare it with \`${expected} ${ref.name} { availability … }\``;
  diags.error('unknown-reference', `unknown ${expected} '${ref.name}'${hint}`, ref.range, {
    data: { expected, ...(suggestion ? { suggestion } : {}) },
  });
  return undefined;
}
