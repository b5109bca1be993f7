/**
 * A `layer` → LayerModel (spec section 3, "Layers"): its members (nodes or sites, never both),
 * mode (explicit, else active-passive when a member is a standby), primary and standbys,
 * requirement, failover, replication and kind.
 */
import type { LayerAst, NodeAst, PropertyAst, SiteAst } from '../../../../grammar/src/ast';
import type { BuildContext, Scope } from './context';
import type { Detection } from './failover';
import { failoverModel, readDetection, type PromotionInput } from './failover';
import type { BuiltNode } from './instances';
import { buildNode } from './instances';
import { layerKind } from './kind';
import type { NameRegistry } from './names';
import { readReplication } from './replication';
import { layerRequirement } from './requirement';
import type { BuiltSite } from './sites';
import { buildSite } from './sites';
import { listNames } from './suggest';
import type { LayerMode, LayerModel, Temperature } from './types';
import type { PropMap } from './values';
import { collectProps, readDuration } from './values';

/** One member as the mode rules see it: an instance or a site. */
interface Member {
  id: string;
  standby?: Temperature;
  promoteSeconds?: number;
}

/** Builds a layer (and, recursively, its sites) into `ctx`; undefined for a nameless layer. */
export function buildLayer(ctx: BuildContext, scope: Scope, ast: LayerAst, layerNames: NameRegistry): LayerModel | undefined {
  if (!ast.name) return undefined;
  const name = ast.name.text;
  layerNames.claim(name, 'layer', ast.name.range);
  const props = collectProps(ast.props, ctx.diags, `layer '${name}'`);
  const members = ast.members[0]?.type === 'site' ? 'sites' : 'nodes';
  const layer: LayerModel = {
    id: scope.prefix + name,
    name,
    kind: layerKind(name, props.get('kind'), ctx.diags),
    mode: 'active-active',
    members,
    nodes: [],
    instances: [],
    sites: [],
    requirement: { min: 1 },
    standbys: [],
    replication: readReplication(props, ctx.diags),
    optional: props.has('optional'),
    onPath: false,
    range: ast.range,
    nameRange: ast.name.range,
  };
  if (scope.site) layer.site = scope.site;
  // Pushed before its members so that `layers` lists outer layers before inner ones.
  ctx.layers.push(layer);
  const detection = readDetection(props, ctx.diags, name);
  layer.detectionSeconds = detection.seconds;
  layer.detectionSource = detection.source;
  if (members === 'nodes') buildNodeLayer(ctx, scope, layer, props, keepMembers(ctx, ast, 'node'), detection);
  else buildSiteLayer(ctx, scope, layer, props, keepMembers(ctx, ast, 'site'), detection);
  return layer;
}

/** The members of the layer's first member type; each other one is a `mixed-members` error. */
function keepMembers<T extends 'node' | 'site'>(ctx: BuildContext, ast: LayerAst, type: T): (T extends 'node' ? NodeAst : SiteAst)[] {
  const kept: (NodeAst | SiteAst)[] = [];
  for (const member of ast.members) {
    if (member.type === type) {
      kept.push(member);
      continue;
    }
    const what = member.name ? `${member.type} '${member.name.text}'` : `this ${member.type}`;
    const fix = member.type === 'site' ? 'move it to a layer of sites of its own' : 'move it into a layer inside a site';
    ctx.diags.error('mixed-members', `layer '${ast.name?.text ?? ''}' holds ${type}s, so ${what} cannot stand beside them: ${fix}`, member.name?.range ?? member.keywordRange);
  }
  return kept as (T extends 'node' ? NodeAst : SiteAst)[];
}

function buildNodeLayer(ctx: BuildContext, scope: Scope, layer: LayerModel, props: PropMap, asts: NodeAst[], detection: Detection): void {
  const built: BuiltNode[] = [];
  for (const ast of asts) {
    const node = buildNode(ctx, scope, layer.id, ast);
    if (node) built.push(node);
  }
  layer.nodes = built.map((b) => b.node);
  layer.instances = built.flatMap((b) => b.instances.map((i) => i.id));
  layer.mode = layerMode(props, built.some((b) => b.node.standby !== undefined));
  if (layer.mode === 'active-active') {
    for (const b of built) {
      if (!b.standbyProp) continue;
      ignoreStandby(ctx, layer, b.standbyProp);
      delete b.node.standby;
      for (const instance of b.instances) delete instance.standby;
    }
  }
  const instances = built.flatMap((b) => b.instances);
  layer.requirement = layerRequirement(info(layer, props), { nodes: layer.nodes, instances }, 0, ctx.diags);
  if (layer.mode === 'active-passive') assignRoles(ctx, layer, props, instances, detection, 'instance', ctx.defaults.promoteSeconds);
  else warnFailoverOnly(ctx, layer, props);
}

function buildSiteLayer(ctx: BuildContext, scope: Scope, layer: LayerModel, props: PropMap, asts: SiteAst[], detection: Detection): void {
  const built: BuiltSite[] = [];
  for (const ast of asts) {
    const site = buildSite(ctx, scope, layer.id, ast);
    if (site) built.push(site);
  }
  layer.sites = built.map((b) => b.site.id);
  layer.mode = layerMode(props, built.some((b) => b.site.standby !== undefined));
  if (layer.mode === 'active-active') {
    for (const b of built) {
      if (!b.standbyProp) continue;
      ignoreStandby(ctx, layer, b.standbyProp);
      delete b.site.standby;
    }
  }
  layer.requirement = layerRequirement(info(layer, props), undefined, built.length, ctx.diags);
  // Defaults are node properties: a site's promotion does not fall back to them.
  if (layer.mode === 'active-passive') assignRoles(ctx, layer, props, built.map((b) => b.site), detection, 'site', undefined);
  else warnFailoverOnly(ctx, layer, props);
}

function layerMode(props: PropMap, anyStandby: boolean): LayerMode {
  const word = props.get('mode')?.word?.text;
  if (word === 'active-active' || word === 'active-passive') return word;
  return anyStandby ? 'active-passive' : 'active-active';
}

/** Active-passive: the one member without standby is primary; standbys take over in order. */
function assignRoles(
  ctx: BuildContext,
  layer: LayerModel,
  props: PropMap,
  members: readonly Member[],
  detection: Detection,
  noun: 'instance' | 'site',
  defaultsPromoteSeconds: number | undefined,
): void {
  const primaries = members.filter((m) => m.standby === undefined);
  const standbys = members.filter((m) => m.standby !== undefined);
  layer.standbys = standbys.map((m) => m.id);
  if (primaries[0]) layer.primary = primaries[0].id;
  if (primaries.length !== 1) reportPrimaryCount(ctx, layer, primaries, noun);
  if (standbys.length === 0 && members.length > 0) {
    ctx.diags.warning(
      'no-standby',
      `active-passive layer '${layer.name}' has no standby: when ${primaries[0] ? `'${primaries[0].id}'` : 'its primary'} fails the layer is down until it is repaired; add a ${noun === 'site' ? 'site' : 'node'} with \`standby\``,
      layer.nameRange,
      { data: { subject: layer.id } },
    );
  }
  if (!detection.declared) {
    ctx.diags.warning(
      'no-health-check',
      `active-passive layer '${layer.name}' has no health-check or heartbeat, so a failure is taken to be noticed by hand after 5 minutes: add \`health-check { interval 10s }\``,
      layer.nameRange,
      { data: { subject: layer.id } },
    );
  }
  const layerPromoteSeconds = readDuration(props.get('promote'), ctx.diags, { allowZero: true });
  if (layerPromoteSeconds !== undefined) layer.promote = { seconds: layerPromoteSeconds, source: 'layer' };
  else if (defaultsPromoteSeconds !== undefined) layer.promote = { seconds: defaultsPromoteSeconds, source: 'defaults' };
  if (standbys.length === 0) return;
  const inputs = standbys.map((m): PromotionInput => ({
    standbyTemperature: m.standby ?? 'warm',
    ...(m.promoteSeconds !== undefined ? { standbyPromoteSeconds: m.promoteSeconds } : {}),
    ...(layerPromoteSeconds !== undefined ? { layerPromoteSeconds } : {}),
    ...(defaultsPromoteSeconds !== undefined ? { defaultsPromoteSeconds } : {}),
  }));
  layer.failover = failoverModel(detection, inputs[0]!, inputs);
}

function reportPrimaryCount(ctx: BuildContext, layer: LayerModel, primaries: readonly Member[], noun: 'instance' | 'site'): void {
  const message =
    primaries.length === 0
      ? `active-passive layer '${layer.name}' has no primary: every ${noun} is a standby; remove \`standby\` from the one that serves`
      : `active-passive layer '${layer.name}' has ${primaries.length} primaries (${listNames(primaries.map((p) => p.id))}): exactly one ${noun} serves, so mark the others \`standby\``;
  ctx.diags.error('primary-count', message, layer.nameRange, { data: { subject: layer.id } });
}

function ignoreStandby(ctx: BuildContext, layer: LayerModel, prop: PropertyAst): void {
  ctx.diags.warning('ignored-property', `'standby' has no effect: layer '${layer.name}' is active-active (every member serves); remove it or make the layer \`mode active-passive\``, prop.range);
}

/** `promote` only matters when something is promoted. */
function warnFailoverOnly(ctx: BuildContext, layer: LayerModel, props: PropMap): void {
  const promote = props.get('promote');
  if (promote) ctx.diags.warning('ignored-property', `'promote' has no effect: layer '${layer.name}' is active-active, nothing is promoted`, promote.range);
}

function info(layer: LayerModel, props: PropMap) {
  return { id: layer.id, name: layer.name, nameRange: layer.nameRange, mode: layer.mode, members: layer.members, props };
}
