/**
 * AST → semantic model + model diagnostics (spec sections 3 and 6). Never throws: whatever
 * can be resolved is in the model, and `analysable` says whether figures can be computed.
 *
 * Order of the steps matters: defaults' reliability first (zones use its mttr), then zones and
 * regions (nodes and defaults refer to them), then the layers with their nodes and sites, then
 * the names (duplicates are judged in source order, not visiting order), then the common causes
 * (deploys, `common-cause` groups, maintenance: they cover the instances built), then scenarios
 * (they refer to everything).
 */
import type { ParseResult, SystemAst } from '../../../../grammar/src/ast';
import type { BuildContext, InstanceBudget } from './context';
import { TOP_SCOPE } from './context';
import { readDefaults } from './defaults';
import { ModelDiagnostics } from './diagnostics';
import { buildDomains, resolveDomain } from './domains';
import { NameRegistry } from './names';
import { objectivesOf, readObjectives } from './objectives';
import { buildCommonCauses } from './common-cause';
import { buildScenarios } from './scenarios';
import { buildScope } from './scope';
import type { ModelResult, SystemModel } from './types';
import { readExternal, readImport, readJourney, readUses } from './estate';

const SHARED_NAMESPACE_NOTE = ' (nodes, instances, sites, zones and regions share one namespace: scenarios and reports name them alone)';

/** `[x]`, or `[]` when a declaration could not be read (its name missing: the parser said so). */
const present = <T>(x: T | undefined): T[] => (x === undefined ? [] : [x]);

/** Builds the model of every system of a parsed file. */
export function buildModel(parsed: ParseResult): ModelResult {
  const systems: SystemModel[] = [];
  const diagnostics = [];
  const systemNames = new NameRegistry(false);
  const fileDiags = new ModelDiagnostics();
  const budget: InstanceBudget = { used: 0 };
  for (const ast of parsed.ast.systems) {
    if (ast.name) systemNames.claim(ast.name.text, 'system', ast.name.range);
    const { system, diags } = buildSystem(ast, budget);
    systems.push(system);
    diagnostics.push(...diags.list);
  }
  // Systems and externals are the file's services: one namespace (`use NAME` names either).
  const externals = (parsed.ast.externals ?? []).flatMap((e) => present(readExternal(e, fileDiags, systemNames)));
  const journeyNames = new NameRegistry(false);
  const journeys = (parsed.ast.journeys ?? []).flatMap((j) => present(readJourney(j, fileDiags, journeyNames)));
  const imports = (parsed.ast.imports ?? []).flatMap((i) => present(readImport(i, fileDiags)));
  systemNames.report(fileDiags);
  journeyNames.report(fileDiags);
  diagnostics.push(...fileDiags.list);
  return { systems, diagnostics, externals, journeys, imports };
}

/** One system; its diagnostics decide whether it is analysable. `budget` is shared by the file's systems. */
function buildSystem(ast: SystemAst, budget: InstanceBudget = { used: 0 }): { system: SystemModel; diags: ModelDiagnostics } {
  const diags = new ModelDiagnostics();
  const name = ast.name?.text ?? '';
  const nameRange = ast.name?.range ?? ast.keywordRange;
  const label = ast.name ? `system '${name}'` : 'this system';
  const objectives = readObjectives(ast.objectives, diags, label);
  const { defaults, zoneProp } = readDefaults(ast.defaults, diags);
  const elements = new NameRegistry(true, SHARED_NAMESPACE_NOTE);
  const domains = buildDomains(ast.regions, ast.zones, diags, elements, defaults.mttrSeconds);
  if (zoneProp) {
    defaults.zones = (zoneProp.refs ?? []).flatMap((ref) => resolveDomain(ref, domains.zones, 'zone', diags) ?? []);
  }
  const ctx: BuildContext = {
    diags,
    budget,
    defaults,
    zones: domains.zones,
    regions: domains.regions,
    elements,
    siteNames: new NameRegistry(),
    layers: [],
    sites: [],
    nodes: [],
    instances: [],
    buildScope,
  };
  const top = buildScope(ctx, TOP_SCOPE, ast.layers, ast.paths, { label, range: nameRange });
  elements.report(diags);
  ctx.siteNames.report(diags);
  const commonCauses = buildCommonCauses(ctx, ast, label);
  const scenarios = buildScenarios(ctx, ast.scenarios, commonCauses);
  const uses = readUses(ast.uses ?? [], diags);
  const journeyNames = new NameRegistry(false);
  const journeys = (ast.journeys ?? []).flatMap((j) => present(readJourney(j, diags, journeyNames, name)));
  journeyNames.report(diags);
  const system: SystemModel = {
    name,
    range: ast.range,
    nameRange,
    windowSeconds: objectives.windowSeconds,
    regions: domains.regionList,
    zones: domains.zoneList,
    layers: ctx.layers,
    sites: ctx.sites,
    nodes: ctx.nodes,
    instances: ctx.instances,
    commonCauses,
    path: top.path,
    scenarios,
    analysable: diags.analysable,
    uses,
    journeys,
  };
  Object.assign(system, objectivesOf(objectives));
  return { system, diags };
}
