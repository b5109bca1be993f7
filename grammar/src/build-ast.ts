/**
 * CST → AST (`ast.ts`) for the declarations: systems, layers, nodes, sites, paths, scenarios, and
 * the estates extension's imports, externals, uses and journeys.
 *
 * The CST may be partial after recovery: a missing name stays undefined, a missing block is
 * empty, and ranges cover only the tokens that were really written.
 */
import type { CstNode, IToken } from './chevrotain';
import type {
  DefaultsAst, DomainAst, ExternalAst, FailAst, FileAst, ImportAst, JourneyAst, LayerAst, NodeAst, PathAst, RefAst, ScenarioAst,
  SiteAst, SystemAst, UseAst,
} from './ast';
import type { Range } from './text';
import { isNode, node, nodes, onlyChild, token, tokens } from './cst';
import { checkNotReserved, flag, literal, nameOf, nodeProps, property, propertiesOf, refOf, type BuildContext } from './build-props';
import { keywordOf, StringLit } from './tokens';
import { unquote } from './literals';

/** Builds the AST of a whole file from its CST. */
export function buildFile(cst: CstNode, fileRange: Range, ctx: BuildContext): FileAst {
  const systems = nodes(cst, 'system')
    .map((s) => buildSystem(s, ctx))
    .filter((s): s is SystemAst => s !== undefined);
  const imports = nodes(cst, 'importDecl').map((n) => buildImport(n, ctx)).filter((i): i is ImportAst => i !== undefined);
  const externals = nodes(cst, 'external').map((n) => buildExternal(n, ctx)).filter((e): e is ExternalAst => e !== undefined);
  const journeys = nodes(cst, 'journey').map((n) => buildJourney(n, ctx)).filter((j): j is JourneyAst => j !== undefined);
  return { systems, imports, externals, journeys, range: fileRange };
}

/** A declaration's keyword range and whole range (its real tokens, else the keyword). */
function frame(n: CstNode, keyword: IToken, ctx: BuildContext): { range: Range; keywordRange: Range } {
  const keywordRange = ctx.ranges.ofToken(keyword);
  return { keywordRange, range: ctx.ranges.ofNode(n, keywordRange) };
}

function buildSystem(n: CstNode, ctx: BuildContext): SystemAst | undefined {
  // A misspelt or missing `system` (reported by the parser): the system starts at its first word.
  const kw = token(n, 'Kw_system') ?? token(n, 'misspelt') ?? token(node(n, 'declaredName'), 'name');
  if (!kw) return undefined;
  const sys: SystemAst = {
    type: 'system', ...frame(n, kw, ctx), name: declaredName(n, ctx),
    objectives: [], props: [], defaults: [], regions: [], zones: [], layers: [], paths: [], scenarios: [], uses: [], journeys: [],
  };
  for (const item of nodes(n, 'systemItem')) {
    const c = onlyChild(item);
    if (!c || !isNode(c.child)) continue;
    const child = c.child;
    switch (c.key) {
      case 'objective': push(sys.objectives, property(child, ctx)); break;
      case 'defaults': push(sys.defaults, buildDefaults(child, ctx)); break;
      case 'region': push(sys.regions, buildDomain(child, 'region', ctx)); break;
      case 'zone': push(sys.zones, buildDomain(child, 'zone', ctx)); break;
      case 'layer': push(sys.layers, buildLayer(child, ctx)); break;
      case 'path': push(sys.paths, buildPath(child, ctx)); break;
      case 'scenario': push(sys.scenarios, buildScenario(child, ctx)); break;
      case 'use': push(sys.uses, buildUse(child, ctx)); break;
      case 'journey': push(sys.journeys, buildJourney(child, ctx)); break;
      case 'scopeValue': case 'rollout': case 'maintenance': push(sys.props, property(child, ctx)); break;
    }
  }
  return sys;
}

function push<T>(list: T[], item: T | undefined): void {
  if (item !== undefined) list.push(item);
}

function declaredName(n: CstNode, ctx: BuildContext): SystemAst['name'] {
  const nameNode = node(n, 'declaredName');
  return nameOf(token(nameNode, 'name'), ctx);
}

function buildDefaults(n: CstNode, ctx: BuildContext): DefaultsAst | undefined {
  const kw = token(n, 'Kw_defaults');
  if (!kw) return undefined;
  return { type: 'defaults', ...frame(n, kw, ctx), props: nodeProps(nodes(n, 'nodeProp'), ctx) };
}

function buildDomain(n: CstNode, type: 'region' | 'zone', ctx: BuildContext): DomainAst | undefined {
  const kw = token(n, type === 'zone' ? 'Kw_zone' : 'Kw_region');
  if (!kw) return undefined;
  const dom: DomainAst = {
    type, ...frame(n, kw, ctx), name: nameOf(token(n, 'name'), ctx),
    // Properties written without their `{` (reported by the parser) sit on the rule itself.
    props: propertiesOf([...nodes(node(n, 'domainBody'), 'domainProp'), ...nodes(n, 'domainProp')], ctx),
  };
  const region = token(n, 'region');
  if (region) dom.region = refOf(region, ctx);
  return dom;
}

function buildLayer(n: CstNode, ctx: BuildContext): LayerAst | undefined {
  const kw = token(n, 'Kw_layer');
  if (!kw) return undefined;
  const layer: LayerAst = { type: 'layer', ...frame(n, kw, ctx), name: nameOf(token(n, 'name'), ctx), props: [], members: [] };
  for (const item of nodes(n, 'layerItem')) {
    const c = onlyChild(item);
    if (!c) continue;
    if (!isNode(c.child)) {
      if (c.key === 'Kw_optional' && !Number.isNaN(c.child.startOffset)) layer.props.push(flag(c.child, ctx));
      continue;
    }
    if (c.key === 'node') push(layer.members, buildNode(c.child, ctx));
    else if (c.key === 'site') push(layer.members, buildSite(c.child, ctx));
    else push(layer.props, property(c.child, ctx));
  }
  return layer;
}

function buildNode(n: CstNode, ctx: BuildContext): NodeAst | undefined {
  const kw = token(n, 'Kw_node');
  if (!kw) return undefined;
  return {
    type: 'node', ...frame(n, kw, ctx), name: nameOf(token(n, 'name'), ctx),
    props: nodeProps(nodes(n, 'nodeProp'), ctx),
    // A body whose `{` was left out (reported by the parser) still counts: its properties are kept.
    hasBody: (n.children['LBrace']?.length ?? 0) > 0 || (n.children['nodeProp']?.length ?? 0) > 0,
  };
}

function buildSite(n: CstNode, ctx: BuildContext): SiteAst | undefined {
  const kw = token(n, 'Kw_site');
  if (!kw) return undefined;
  const site: SiteAst = { type: 'site', ...frame(n, kw, ctx), name: nameOf(token(n, 'name'), ctx), props: [], layers: [], paths: [] };
  for (const item of nodes(n, 'siteItem')) {
    const c = onlyChild(item);
    if (!c || !isNode(c.child)) continue;
    if (c.key === 'layer') push(site.layers, buildLayer(c.child, ctx));
    else if (c.key === 'path') push(site.paths, buildPath(c.child, ctx));
    else push(site.props, property(c.child, ctx));
  }
  return site;
}

function buildPath(n: CstNode, ctx: BuildContext): PathAst | undefined {
  const kw = token(n, 'Kw_path');
  if (!kw) return undefined;
  return { type: 'path', ...frame(n, kw, ctx), layers: tokens(n, 'ref').map((t) => refOf(t, ctx)) };
}

function buildScenario(n: CstNode, ctx: BuildContext): ScenarioAst | undefined {
  const kw = token(n, 'Kw_scenario');
  if (!kw) return undefined;
  const fails = nodes(n, 'fail').map((f) => buildFail(f, ctx)).filter((f): f is FailAst => f !== undefined);
  return { type: 'scenario', ...frame(n, kw, ctx), name: declaredName(n, ctx), fails };
}

function buildFail(n: CstNode, ctx: BuildContext): FailAst | undefined {
  const kw = token(n, 'Kw_fail');
  if (!kw) return undefined;
  const fail: FailAst = frame(n, kw, ctx);
  const cause = token(n, 'cause');
  if (cause) {
    const kind = keywordOf(cause);
    if (kind === 'deploy' || kind === 'maintenance' || kind === 'common-cause') fail.cause = { kind, range: ctx.ranges.ofToken(cause) };
  }
  const parts = tokens(node(n, 'target'), 'part');
  const first = parts[0];
  const last = parts[parts.length - 1];
  if (first && last) {
    parts.forEach((p) => checkNotReserved(p, ctx));
    fail.target = { name: parts.map((p) => p.image).join('.'), range: ctx.ranges.between(first, last) };
  }
  const at = literal(token(n, 'at'), 'at', ctx);
  if (at) fail.at = at;
  return fail;
}

function buildImport(n: CstNode, ctx: BuildContext): ImportAst | undefined {
  const kw = token(n, 'Kw_import');
  if (!kw) return undefined;
  const imp: ImportAst = { type: 'import', ...frame(n, kw, ctx) };
  const path = token(n, 'path');
  if (path) imp.path = { text: unquote(path.image), range: ctx.ranges.ofToken(path) };
  return imp;
}

function buildExternal(n: CstNode, ctx: BuildContext): ExternalAst | undefined {
  const kw = token(n, 'Kw_external');
  if (!kw) return undefined;
  const ext: ExternalAst = {
    type: 'external', ...frame(n, kw, ctx),
    // Properties written without their `{` (reported by the parser) sit on the rule itself.
    props: propertiesOf([...nodes(node(n, 'domainBody'), 'domainProp'), ...nodes(n, 'domainProp')], ctx),
  };
  const name = nameOf(token(n, 'name'), ctx);
  if (name) ext.name = name;
  return ext;
}

function buildUse(n: CstNode, ctx: BuildContext): UseAst | undefined {
  const kw = token(n, 'Kw_use');
  if (!kw) return undefined;
  const soft = token(n, 'soft');
  const use: UseAst = { type: 'use', ...frame(n, kw, ctx), soft: soft !== undefined };
  const target = nameOf(token(n, 'target'), ctx);
  if (target) use.target = target;
  if (soft) use.softRange = ctx.ranges.ofToken(soft);
  return use;
}

function buildJourney(n: CstNode, ctx: BuildContext): JourneyAst | undefined {
  const kw = token(n, 'Kw_journey');
  if (!kw) return undefined;
  const journey: JourneyAst = { type: 'journey', ...frame(n, kw, ctx), objectives: [], paths: [] };
  const name = nameOf(token(n, 'name'), ctx);
  if (name) journey.name = name;
  for (const item of nodes(n, 'journeyItem')) {
    const c = onlyChild(item);
    if (!c || !isNode(c.child)) continue;
    if (c.key === 'objective') push(journey.objectives, property(c.child, ctx));
    else if (c.key === 'journeyPath') push(journey.paths, buildJourneyPath(c.child, ctx));
  }
  return journey;
}

/** A journey's path: a "string" names its service by the string's text. */
function buildJourneyPath(n: CstNode, ctx: BuildContext): PathAst | undefined {
  const kw = token(n, 'Kw_path');
  if (!kw) return undefined;
  const layers = tokens(n, 'ref').map((t): RefAst => (t.tokenType === StringLit ? { name: unquote(t.image), range: ctx.ranges.ofToken(t) } : refOf(t, ctx)));
  return { type: 'path', ...frame(n, kw, ctx), layers };
}
