/**
 * A `node` declaration → one NodeModel and its instances (spec section 3, "Instances"):
 * replicas N > 1 give NAME-1 … NAME-N, placed round robin over `zones [...]` or all in `zone a`;
 * availability, mttr, capacity and zones fall back to `defaults`.
 */
import type { NodeAst, PropertyAst } from '../../../../grammar/src/ast';
import type { Range } from '../../../../grammar/src/text';
import type { BuildContext, Scope } from './context';
import { MAX_INSTANCES } from './context';
import { resolveDomain, warnInconsistent } from './domains';
import { DEFAULT_MTTR_SECONDS, elementFigures, perfectFigures } from './figures';
import type { ElementFigures, InstanceModel, NodeModel, Temperature } from './types';
import type { PropMap } from './values';
import { collectProps, readDuration, readInteger, readPercent, readPositive, shown, valueRange } from './values';

export interface BuiltNode {
  node: NodeModel;
  instances: InstanceModel[];
  /** The `standby` line, so an active-active layer can say it is ignored. */
  standbyProp?: PropertyAst;
}

/** Builds a node and its instances into `ctx`; undefined for a node without a name. */
export function buildNode(ctx: BuildContext, scope: Scope, layerId: string, ast: NodeAst): BuiltNode | undefined {
  if (!ast.name) return undefined;
  const name = ast.name.text;
  const id = scope.prefix + name;
  const props = collectProps(ast.props, ctx.diags, `node '${name}'`);
  const figures = nodeFigures(ctx, props, { id, name, nameRange: ast.name.range });
  const capacity = props.has('capacity') ? readPositive(props.get('capacity'), ctx.diags) : ctx.defaults.capacity;
  const zones = props.has('zone') || props.has('zones') ? resolveZones(ctx, props) : ctx.defaults.zones ?? [];
  const replicas = readReplicas(ctx, props.get('replicas'));
  const standbyProp = props.get('standby');
  const standby = standbyProp ? temperatureOf(standbyProp) : undefined;
  const promoteSeconds = readDuration(props.get('promote'), ctx.diags, { allowZero: true });
  ctx.elements.claim(id, 'node', ast.name.range, replicas);

  const node: NodeModel = { id, name, layer: layerId, instances: [], range: ast.range, nameRange: ast.name.range };
  if (zones.length > 0) node.zones = [...zones];
  if (standby) node.standby = standby;
  const instances: InstanceModel[] = [];
  for (let index = 1; index <= replicas; index++) {
    const localName = replicas > 1 ? `${name}-${index}` : name;
    const instance: InstanceModel = {
      id: scope.prefix + localName,
      name: localName,
      node: id,
      layer: layerId,
      index,
      ...figures,
      range: ast.range,
      nameRange: ast.name.range,
    };
    if (scope.site) instance.site = scope.site;
    const zone = zones.length > 0 ? zones[(index - 1) % zones.length] : undefined;
    if (zone !== undefined) {
      instance.zone = zone;
      const region = ctx.zones.get(zone)?.region;
      if (region) instance.region = region;
    }
    if (capacity !== undefined) instance.capacity = capacity;
    if (standby) instance.standby = standby;
    if (promoteSeconds !== undefined) instance.promoteSeconds = promoteSeconds;
    node.instances.push(instance.id);
    instances.push(instance);
  }
  ctx.nodes.push(node);
  for (const instance of instances) ctx.instances.push(instance);
  ctx.budget.used += instances.length;
  return standbyProp ? { node, instances, standbyProp } : { node, instances };
}

/**
 * Availability group from the node if it writes availability or mtbf, else from defaults;
 * an explicit mttr beats one derived from availability + mtbf, which beats defaults' mttr.
 */
function nodeFigures(ctx: BuildContext, props: PropMap, node: { id: string; name: string; nameRange: Range }): ElementFigures {
  const { name, nameRange } = node;
  const { defaults, diags } = ctx;
  const percent = readPercent(props.get('availability'), diags, { aboveZero: true });
  const mtbfSeconds = readDuration(props.get('mtbf'), diags);
  const mttrSeconds = readDuration(props.get('mttr'), diags);
  const ownGroup = props.has('availability') || props.has('mtbf');
  const figures = ownGroup
    ? elementFigures({ percent, mtbfSeconds, mttrSeconds, fallbackMttrSeconds: defaults.mttrSeconds ?? DEFAULT_MTTR_SECONDS })
    : elementFigures({
        percent: defaults.percent,
        mtbfSeconds: defaults.mtbfSeconds,
        mttrSeconds: mttrSeconds ?? defaults.mttrSeconds,
        fallbackMttrSeconds: DEFAULT_MTTR_SECONDS,
      });
  if (figures && ownGroup && percent && mtbfSeconds !== undefined && mttrSeconds !== undefined) {
    warnInconsistent(diags, figures.mtbfSeconds, mtbfSeconds, valueRange(props.get('mtbf') as PropertyAst));
  }
  if (figures) return figures;
  if (!ownGroup) {
    diags.error(
      'missing-availability',
      `node '${name}' has no availability: add \`availability 99.9%\` (or \`mtbf\` and \`mttr\`) to it, or to \`defaults\``,
      nameRange,
      { data: { subject: node.id } },
    );
  } else {
    diags.block(); // its availability or mtbf was invalid, and reported as such
  }
  return perfectFigures(mttrSeconds ?? DEFAULT_MTTR_SECONDS);
}

/** `zone a` → [a]; `zones [a, b]` → [a, b]; unknown zones are reported and left out. */
function resolveZones(ctx: BuildContext, props: PropMap): string[] {
  const prop = props.get('zone') ?? props.get('zones');
  const zones: string[] = [];
  for (const ref of prop?.refs ?? []) {
    const zone = resolveDomain(ref, ctx.zones, 'zone', ctx.diags);
    if (zone !== undefined) zones.push(zone);
  }
  return zones;
}

/** The replica count; 1 when absent, invalid or over the system's instance budget. */
function readReplicas(ctx: BuildContext, prop: PropertyAst | undefined): number {
  const replicas = readInteger(prop, ctx.diags);
  if (replicas === undefined || !prop) return 1;
  // Checked before anything is allocated: `replicas 1000000000000` must cost nothing.
  if (ctx.budget.used + replicas > MAX_INSTANCES) {
    ctx.diags.error(
      'limit',
      `replicas ${shown(prop.value)} would bring the file to ${(ctx.budget.used + replicas).toLocaleString('en-US')} instances; Topo models at most ${MAX_INSTANCES.toLocaleString('en-US')} per file`,
      valueRange(prop),
    );
    return 1;
  }
  return replicas;
}

/** `standby hot|warm|cold`; bare `standby` means warm. */
export function temperatureOf(prop: PropertyAst): Temperature {
  const word = prop.word?.text;
  return word === 'hot' || word === 'cold' ? word : 'warm';
}
