/**
 * What a layer needs to be up (spec section 3): at least `min` members (default 1) and, in a
 * layer of nodes with `load`, enough summed capacity. With equal capacities c that is
 * "k = max(min, ⌈load / c⌉) of n". Reports `missing-capacity` and `unsatisfiable`.
 */
import type { PropertyAst } from '../../../../grammar/src/ast';
import type { Range } from '../../../../grammar/src/text';
import type { ModelDiagnostics } from './diagnostics';
import type { InstanceModel, LayerMode, NodeModel, RequirementModel } from './types';
import type { PropMap } from './values';
import { readInteger, readPositive, shown } from './values';

/** Ratios within this relative distance of a whole number count as that number (0.3/0.1 is 3). */
const RATIO_TOLERANCE = 1e-9;

export interface LayerInfo {
  name: string;
  nameRange: Range;
  mode: LayerMode;
  members: 'nodes' | 'sites';
  props: PropMap;
}

/** Members of a layer of nodes: the instances, and the nodes that declared them. */
export interface NodeMembers {
  nodes: NodeModel[];
  instances: InstanceModel[];
}

/** The layer's requirement; `members` is undefined for a layer of sites (`siteCount` counts them). */
export function layerRequirement(layer: LayerInfo, members: NodeMembers | undefined, siteCount: number, diags: ModelDiagnostics): RequirementModel {
  const minProp = layer.props.get('min');
  const loadProp = layer.props.get('load');
  if (layer.mode === 'active-passive') {
    for (const prop of [minProp, loadProp]) if (prop) ignored(diags, prop, `in active-passive layer '${layer.name}' one member serves at a time`);
    return { min: 1, k: 1 };
  }
  const min = readInteger(minProp, diags) ?? 1;
  if (!members) {
    if (loadProp) ignored(diags, loadProp, `a layer of sites counts sites up (\`min\`), not capacity`);
    if (min > siteCount) unsatisfiable(diags, layer, `it needs ${min} of its ${siteCount} site${plural(siteCount)} up`);
    return { min, k: min };
  }
  const n = members.instances.length;
  const load = readPositive(loadProp, diags);
  if (load === undefined) {
    if (loadProp) return { min }; // invalid load, reported: the requirement is unknown
    if (min > n) unsatisfiable(diags, layer, n === 0 ? 'it has no nodes' : `it needs ${min} of its ${n} instance${plural(n)} (\`min ${min}\`)`);
    return { min, k: min };
  }
  if (!everyNodeHasCapacity(layer, members, loadProp, diags)) return { min, load };
  const capacities = members.instances.map((i) => i.capacity ?? 0);
  const first = capacities[0];
  if (first !== undefined && capacities.every((c) => c === first)) {
    const k = Math.max(min, ceilRatio(load, first));
    if (k > n) unsatisfiable(diags, layer, `it needs ${k} of its ${n} instance${plural(n)} (${describeNeed(layer, load, first, min)})`);
    return { min, load, k };
  }
  const total = capacities.reduce((sum, c) => sum + c, 0);
  if (total < load * (1 - RATIO_TOLERANCE)) unsatisfiable(diags, layer, `its instances carry ${total} in total, less than its load ${shown(loadProp?.value)}`);
  else if (min > n) unsatisfiable(diags, layer, `it needs ${min} of its ${n} instance${plural(n)} (\`min ${min}\`)`);
  return { min, load };
}

/** ⌈load / capacity⌉, treating a ratio within rounding error of a whole number as that number. */
function ceilRatio(load: number, capacity: number): number {
  const ratio = load / capacity;
  const nearest = Math.round(ratio);
  return Math.abs(ratio - nearest) <= RATIO_TOLERANCE * Math.max(1, nearest) ? nearest : Math.ceil(ratio);
}

function everyNodeHasCapacity(layer: LayerInfo, members: NodeMembers, loadProp: PropertyAst | undefined, diags: ModelDiagnostics): boolean {
  let ok = true;
  const load = shown(loadProp?.value);
  const lacking = new Set(members.instances.filter((i) => i.capacity === undefined).map((i) => i.node));
  for (const node of members.nodes) {
    if (!lacking.has(node.id)) continue;
    ok = false;
    diags.error(
      'missing-capacity',
      `node '${node.name}' has no capacity, but layer '${layer.name}' has load ${load}: add \`capacity\` to the node (or to \`defaults\`)`,
      node.nameRange,
      { data: { subject: node.id } },
    );
  }
  return ok;
}

function describeNeed(layer: LayerInfo, load: number, capacity: number, min: number): string {
  const loadText = shown(layer.props.get('load')?.value) || String(load);
  const byLoad = ceilRatio(load, capacity);
  return byLoad >= min ? `load ${loadText} at ${capacity} each` : `\`min ${min}\``;
}

function unsatisfiable(diags: ModelDiagnostics, layer: LayerInfo, why: string): void {
  diags.error('unsatisfiable', `layer '${layer.name}' can never be up: ${why}`, layer.nameRange, { data: { subject: layer.name } });
}

function ignored(diags: ModelDiagnostics, prop: PropertyAst, why: string): void {
  diags.warning('ignored-property', `'${prop.key}' has no effect here: ${why}`, prop.range);
}

function plural(n: number): string {
  return n === 1 ? '' : 's';
}
