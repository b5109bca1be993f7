/**
 * A summarised layer's groups as view data (`InstanceGroupView`): `app ×33,334 (az1)`, with the
 * figures its members share (or their range), and their ids compactly, for playback.
 */
import type { InstanceModel, LayerModel } from '../model/types';
import type { InstanceGroupView, LayerSummaryView, ReplicationView } from './view-model';
import type { ScopeContext } from './scope';
import { rangeIn } from './foreign';
import { compactIds, type InstanceBucket, type LayerGrouping } from './groups';
import { finiteOrNull } from './labels';
import { systemIndex } from '../model/index';
import { formatAvailability, formatDuration, formatNumber, formatProbability } from '../text/format';

/** The groups of a summarised layer (its instances alone in their group are drawn as themselves). */
export function buildSummary(ctx: ScopeContext, layer: LayerModel, grouping: LayerGrouping): LayerSummaryView {
  return {
    instanceCount: layer.instances.length,
    by: grouping.by,
    groups: grouping.buckets.filter((b) => b.members.length > 1).map((b) => buildGroup(ctx, layer, b)),
  };
}

/**
 * A summarised layer's replication arrows between the boxes drawn: each end becomes its group,
 * once per pair of boxes; an arrow inside one group is not drawn.
 */
export function drawnReplication(arrows: ReplicationView[], grouping: LayerGrouping): ReplicationView[] {
  if (arrows.length === 0) return arrows;
  const boxOf = new Map<string, string>();
  for (const b of grouping.buckets) for (const m of b.members) boxOf.set(m.id, b.members.length > 1 ? b.id : m.id);
  const seen = new Set<string>();
  const out: ReplicationView[] = [];
  for (const a of arrows) {
    const from = boxOf.get(a.from) ?? a.from;
    const to = boxOf.get(a.to) ?? a.to;
    const key = `${from}\u0000${to}`;
    if (from === to || seen.has(key)) continue;
    seen.add(key);
    out.push({ ...a, from, to });
  }
  return out;
}

function buildGroup(ctx: ScopeContext, layer: LayerModel, bucket: InstanceBucket): InstanceGroupView {
  const { members } = bucket;
  const first = members[0] as InstanceModel;
  const last = members[members.length - 1] as InstanceModel;
  const node = bucket.node === undefined ? undefined : systemIndex(ctx.model).node(bucket.node);
  const count = members.length.toLocaleString('en-US');
  const where = bucket.zone === undefined ? '' : ` (${bucket.zone})`;
  const range = spread(members);
  const standby = first.standby !== undefined && members.every((m) => m.standby === first.standby) ? first.standby : undefined;
  const primary = layer.mode === 'active-passive' && layer.primary !== undefined && members.some((m) => m.id === layer.primary);
  const spofs = members.filter((m) => ctx.spofInstances.has(m.id)).length;
  const label = range.uniform ? `${formatAvailability(range.highestU)} each` : `${formatAvailability(range.highestU)} to ${formatAvailability(range.lowestU)}`;
  const tooltip = [
    `${count} instances of ${bucket.node !== undefined ? `node ${bucket.node}` : `layer ${layer.name}`}: ${first.id} … ${last.id}`,
    range.uniform
      ? `availability ${label} · MTTR ${formatDuration(first.mttrSeconds)} · MTBF ${formatDuration(first.mtbfSeconds)}`
      : `availability from ${label}`,
  ];
  if (bucket.zone !== undefined) tooltip.push(`zone ${bucket.zone}${first.region ? ` in ${first.region}` : ''}`);
  if (first.capacity !== undefined && members.every((m) => m.capacity === first.capacity)) tooltip.push(`capacity ${formatNumber(first.capacity)} each`);
  if (standby) tooltip.push(`standbys (${standby})`);
  if (primary) tooltip.push(`holds the primary, ${layer.primary}`);
  const birnbaum = highestImportance(ctx, members);
  if (birnbaum !== undefined) tooltip.push(`Birnbaum importance up to ${formatProbability(birnbaum)}`);
  if (spofs > 0) tooltip.push(spofs === 1 ? 'holds a single point of failure' : `holds ${spofs.toLocaleString('en-US')} single points of failure`);
  tooltip.push(`drawn as one box: layer ${layer.name} has ${layer.instances.length.toLocaleString('en-US')} instances, too many to draw one by one`);
  const view: InstanceGroupView = {
    id: bucket.id,
    name: `${node?.name ?? layer.name} ×${count}${where}`,
    count: members.length,
    members: compactIds(members.map((m) => m.id)),
    primary,
    spof: spofs > 0,
    availability: finiteOrNull(range.lowestAvailability),
    label,
    tooltip,
    range: rangeIn(ctx.foreign, node?.id ?? layer.id, node?.nameRange ?? layer.nameRange),
  };
  if (bucket.node !== undefined) view.node = bucket.node;
  if (bucket.zone !== undefined) view.zone = bucket.zone;
  if (first.region !== undefined && members.every((m) => m.region === first.region)) view.region = first.region;
  if (standby !== undefined) view.standby = standby;
  return view;
}

/** The members' highest and lowest U, and whether they share their figures (one node's do). */
function spread(members: InstanceModel[]): { highestU: number; lowestU: number; lowestAvailability: number; uniform: boolean } {
  const first = members[0] as InstanceModel;
  let highestU = first.unavailability;
  let lowestU = first.unavailability;
  let lowestAvailability = first.availability;
  let uniform = true;
  for (const m of members) {
    highestU = Math.max(highestU, m.unavailability);
    lowestU = Math.min(lowestU, m.unavailability);
    lowestAvailability = Math.min(lowestAvailability, m.availability);
    uniform &&= m.unavailability === first.unavailability && m.mttrSeconds === first.mttrSeconds && m.mtbfSeconds === first.mtbfSeconds;
  }
  return { highestU, lowestU, lowestAvailability, uniform };
}

function highestImportance(ctx: ScopeContext, members: InstanceModel[]): number | undefined {
  let highest: number | undefined;
  for (const m of members) {
    const b = ctx.importance.get(`instance:${m.id}`);
    if (b !== undefined && (highest === undefined || b > highest)) highest = b;
  }
  return highest;
}
