/** Layers, sites and instances of one scope (the system's top level, or a site) as view data. */
import type { InstanceModel, LayerModel, SiteModel, SystemModel } from '../model/types';
import type { LayerFigures, SiteFigures, SystemAnalysis } from '../analysis/types';
import type { InstanceView, LayerView, ReplicationView, ScopeView, SiteView } from './view-model';
import { finiteOrNull } from './labels';
import { systemIndex } from '../model/index';
import { formatAvailability, formatAvailabilityFloor, formatDuration, formatProbability } from '../text/format';
import type { LayerGrouping } from './groups';
import { buildSummary, drawnReplication } from './summary-view';
import { rangeIn, type ForeignRanges } from './foreign';

/** What every scope of one system needs, looked up once. */
export interface ScopeContext {
  model: SystemModel;
  analysis: SystemAnalysis | undefined;
  spofInstances: Set<string>;
  layerFigures: Map<string, LayerFigures>;
  siteFigures: Map<string, SiteFigures>;
  /** Birnbaum importance by `type:element`. */
  importance: Map<string, number>;
  /** The layers drawn summarised, by id, with their groups (`groups.ts`). */
  groupings: Map<string, LayerGrouping>;
  /** In a composite only: its services and the ranges its foreign elements are shown with. */
  foreign?: ForeignRanges;
}

/** A scope's layers: those on the path first, in request order, then the rest as declared. */
export function buildScope(ctx: ScopeContext, path: string[], layers: LayerModel[]): ScopeView {
  const byId = new Map(layers.map((l) => [l.id, l]));
  const onPath = path.filter((id, i) => byId.has(id) && path.indexOf(id) === i);
  const rest = layers.filter((l) => !onPath.includes(l.id));
  const ordered = [...onPath.map((id) => byId.get(id) as LayerModel), ...rest];
  return { path: onPath, layers: ordered.map((l) => buildLayer(ctx, l)) };
}

function buildLayer(ctx: ScopeContext, layer: LayerModel): LayerView {
  const figures = ctx.layerFigures.get(layer.id);
  const { instances, sites } = systemIndex(ctx.model);
  const requirement = requirementText(layer, figures);
  const label = !figures ? '—' : figures.exact === false ? formatAvailabilityFloor(figures.unavailability) : formatAvailability(figures.unavailability);
  const grouping = ctx.groupings.get(layer.id);
  const view: LayerView = {
    id: layer.id,
    name: layer.name,
    kind: layer.kind,
    mode: layer.mode,
    members: layer.members,
    onPath: layer.onPath,
    optional: layer.optional,
    availability: finiteOrNull(figures?.availability),
    label,
    requirement,
    tooltip: layerTooltip(layer, figures, requirement, label),
    instances: grouping
      ? grouping.buckets.flatMap((b) => (b.members.length === 1 ? [buildInstance(ctx, b.members[0] as InstanceModel, layer)] : []))
      : layer.instances.flatMap((id) => {
        const inst = instances.get(id);
        return inst ? [buildInstance(ctx, inst, layer)] : [];
      }),
    sites: layer.sites.flatMap((id) => {
      const site = sites.get(id);
      return site ? [buildSite(ctx, site, layer)] : [];
    }),
    replication: grouping ? drawnReplication(replicationArrows(layer), grouping) : replicationArrows(layer),
    range: rangeIn(ctx.foreign, layer.id, layer.nameRange),
  };
  const service = ctx.foreign?.services.get(layer.id);
  if (service !== undefined) {
    view.service = service;
    view.tooltip[0] = service === 'external'
      ? `external ${layer.name}: a service known from the outside, one element`
      : `service ${layer.name}: a system this one depends on (its elements are named ${layer.name}.…)`;
  }
  if (!grouping) return view;
  const summary = buildSummary(ctx, layer, grouping);
  view.tooltip.push(`drawn summarised: ${summary.instanceCount.toLocaleString('en-US')} instances in ${(summary.groups.length + view.instances.length).toLocaleString('en-US')} boxes, one per ${grouping.by === 'node' ? 'node and zone' : 'zone'}`);
  view.summary = summary;
  return view;
}

function requirementText(layer: LayerModel, figures: LayerFigures | undefined): string {
  const n = layer.members === 'sites' ? layer.sites.length : layer.instances.length;
  if (layer.mode === 'active-passive') return `primary + ${layer.standbys.length} standby`;
  const k = figures?.k ?? layer.requirement.k ?? layer.requirement.min;
  return `${k} of ${n}`;
}

function layerTooltip(layer: LayerModel, f: LayerFigures | undefined, requirement: string, label: string): string[] {
  const lines = [`layer ${layer.name} (${layer.kind}, ${layer.mode})`, `needs ${requirement}`];
  if (!f) return [...lines, 'no figures'];
  lines.push(`availability ${label}`);
  lines.push(`RTO ${formatDuration(f.rtoSeconds)} · RPO ${formatDuration(f.rpoSeconds)}`);
  if (f.failoverSeconds !== undefined) {
    lines.push(`failover ${formatDuration(f.failoverSeconds)} (detect ${formatDuration(f.detectionSeconds ?? 0)} + promote ${formatDuration(f.promotionSeconds ?? 0)})`);
  }
  if (layer.mode === 'active-active' && f.n > 1) lines.push(f.headroom ? 'survives losing any one member' : 'no headroom: losing one member takes it down');
  if (!layer.onPath) lines.push(layer.optional ? 'optional: not on the path' : 'not on the path');
  return lines;
}

function replicationArrows(layer: LayerModel): ReplicationView[] {
  if (layer.mode !== 'active-passive' || layer.primary === undefined) return [];
  const primary = layer.primary;
  const label = replicationLabel(layer);
  return layer.standbys.map((to) => ({ from: primary, to, label }));
}

function replicationLabel(layer: LayerModel): string {
  const r = layer.replication;
  switch (r.mode) {
    case 'sync': return 'sync';
    case 'async': return `async lag ${formatDuration(r.rpoSeconds)}`;
    case 'backup': return `backup every ${formatDuration(r.rpoSeconds)}`;
    default: return 'no replication';
  }
}

function buildInstance(ctx: ScopeContext, inst: InstanceModel, layer: LayerModel): InstanceView {
  const spof = ctx.spofInstances.has(inst.id);
  const label = formatAvailability(inst.unavailability);
  const tooltip = [
    `${inst.id}${inst.node !== inst.id ? ` (node ${inst.node})` : ''}`,
    `availability ${label} · MTTR ${formatDuration(inst.mttrSeconds)} · MTBF ${formatDuration(inst.mtbfSeconds)}`,
  ];
  if (inst.zone) tooltip.push(`zone ${inst.zone}${inst.region ? ` in ${inst.region}` : ''}`);
  if (inst.capacity !== undefined) tooltip.push(`capacity ${inst.capacity}`);
  if (inst.standby) tooltip.push(`standby (${inst.standby})`);
  const birnbaum = ctx.importance.get(`instance:${inst.id}`);
  if (birnbaum !== undefined) tooltip.push(`Birnbaum importance ${formatProbability(birnbaum)}`);
  if (spof) tooltip.push('single point of failure');
  const view: InstanceView = {
    id: inst.id, name: inst.name, node: inst.node,
    primary: layer.mode === 'active-passive' && layer.primary === inst.id,
    spof, availability: finiteOrNull(inst.availability), label, tooltip, range: rangeIn(ctx.foreign, inst.id, inst.nameRange),
  };
  if (inst.zone !== undefined) view.zone = inst.zone;
  if (inst.region !== undefined) view.region = inst.region;
  if (inst.standby !== undefined) view.standby = inst.standby;
  return view;
}

function buildSite(ctx: ScopeContext, site: SiteModel, layer: LayerModel): SiteView {
  const figures = ctx.siteFigures.get(site.id);
  const label = figures ? formatAvailability(figures.unavailability) : '—';
  const tooltip = [`site ${site.id}`, `availability ${label}`];
  if (figures) tooltip.push(`RTO ${formatDuration(figures.rtoSeconds)}`);
  if (site.standby) tooltip.push(`standby (${site.standby})`);
  const view: SiteView = {
    id: site.id, name: site.name,
    primary: layer.mode === 'active-passive' && layer.primary === site.id,
    availability: finiteOrNull(figures?.availability), label, tooltip,
    scope: buildScope(ctx, site.path, ctx.model.layers.filter((l) => l.site === site.id)),
    range: rangeIn(ctx.foreign, site.id, site.nameRange),
  };
  if (site.standby !== undefined) view.standby = site.standby;
  if (ctx.foreign?.services.get(site.id) === 'system' && site.parentLayer === site.id) {
    view.service = true;
    view.tooltip[0] = `service ${site.name}`;
  }
  return view;
}
