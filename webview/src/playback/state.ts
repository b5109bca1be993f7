/**
 * Failover playback as a sequence of diagram states: the timeline's events folded one by one.
 * Pure: it only replays what the simulation reported (which elements are down, which layers
 * are degraded or down, which standby took over); it computes no figure of its own.
 */
import type { PlaybackTimeline } from '../protocol';
import type { InstanceGroupView, LayerView, ScopeView, SystemView } from '../../../server/src/core/index';

export interface PlaybackState {
  /** Instances, groups, sites, zones and regions that are down (failed, or inside a failed one). */
  down: Set<string>;
  /** Standbys (instances or sites) that have taken over. */
  promoted: Set<string>;
  layersDown: Set<string>;
  layersDegraded: Set<string>;
  systemDown: boolean;
  /** Groups of a summarised layer with members down: how many, of how many (absent: none down). */
  groupsDown: Map<string, { down: number; of: number }>;
  /** Groups holding a standby that has taken over. */
  groupsPromoted: Set<string>;
}

export interface PlaybackStep {
  /** Seconds since the scenario started. */
  t: number;
  type: string;
  element?: string;
  layer?: string;
  detail: string;
  /** The diagram's state just after this event. */
  state: PlaybackState;
}

/** What a failure of each name takes down: a node is all its instances, a zone everything in it, … */
export interface Topology {
  expand(name: string): string[];
  /** The layer an instance or site belongs to. */
  layerOf(id: string): string | undefined;
  /** Layer id → its primary instance or site id (active-passive layers). */
  primaryOf(layer: string): string | undefined;
  /** Every member (instance, group or site) of a layer. */
  membersOf(layer: string): string[];
  /** The group drawn for an instance of a summarised layer, and its size. */
  groupOf(id: string): { id: string; count: number } | undefined;
  /** The size of a group, by its id; undefined for any other name. */
  groupSize(id: string): number | undefined;
}

/** The containment relations of a drawn system, for expanding failures. */
export function topologyOf(system: SystemView): Topology {
  const children = new Map<string, string[]>();
  const add = (parent: string, child: string): void => {
    const list = children.get(parent) ?? [];
    list.push(child);
    children.set(parent, list);
  };
  const layerOf = new Map<string, string>();
  const primaries = new Map<string, string>();
  const members = new Map<string, string[]>();
  for (const zone of system.zones) if (zone.region) add(zone.region, zone.name);
  // A deploy, a common-cause group or maintenance takes down the instances it covers.
  for (const cause of system.commonCauses ?? []) for (const id of cause.instances) add(cause.id, id);
  const visit = (scope: ScopeView, site: string | undefined): void => {
    for (const layer of scope.layers) visitLayer(layer, site);
  };
  const groups = groupIndex();
  const visitLayer = (layer: LayerView, site: string | undefined): void => {
    const layerGroups = layer.summary?.groups ?? [];
    members.set(layer.id, [...layer.instances.map((i) => i.id), ...layerGroups.map((g) => g.id), ...layer.sites.map((s) => s.id)]);
    for (const group of layerGroups) {
      groups.add(group);
      layerOf.set(group.id, layer.id);
      if (group.node !== undefined) add(group.node, group.id);
      if (group.zone) add(group.zone, group.id);
      if (site) add(site, group.id);
    }
    for (const inst of layer.instances) {
      layerOf.set(inst.id, layer.id);
      if (inst.primary) primaries.set(layer.id, inst.id);
      if (inst.node !== inst.id) add(inst.node, inst.id);
      if (inst.zone) add(inst.zone, inst.id);
      else if (inst.region) add(inst.region, inst.id);
      if (site) add(site, inst.id);
    }
    for (const s of layer.sites) {
      layerOf.set(s.id, layer.id);
      if (s.primary) primaries.set(layer.id, s.id);
      if (site) add(site, s.id);
      visit(s.scope, s.id);
    }
  };
  visit(system.scope, undefined);
  const expand = (name: string): string[] => {
    const out = new Set<string>([name]);
    const stack = [name];
    while (stack.length > 0) {
      for (const c of children.get(stack.pop() as string) ?? []) {
        if (!out.has(c)) {
          out.add(c);
          stack.push(c);
        }
      }
    }
    return [...out];
  };
  return {
    expand,
    layerOf: (id) => layerOf.get(id) ?? layerOf.get(groups.groupOf(id)?.id ?? ''),
    primaryOf: (layer) => primaries.get(layer),
    membersOf: (layer) => members.get(layer) ?? [],
    groupOf: groups.groupOf,
    groupSize: (id) => groups.sizes.get(id),
  };
}

/**
 * Finds the group of an instance from the groups' member ids (`MemberIdsView`): the ids listed
 * one by one, then each run `${prefix}${n}` whose prefix leaves a plain decimal n at the end of
 * the id (at most one try per trailing digit).
 */
function groupIndex() {
  const sizes = new Map<string, number>();
  const byId = new Map<string, InstanceGroupView>();
  const runs = new Map<string, { first: number; step: number; count: number; group: InstanceGroupView }[]>();
  const found = (g: InstanceGroupView) => ({ id: g.id, count: g.count });
  return {
    sizes,
    add(group: InstanceGroupView): void {
      sizes.set(group.id, group.count);
      for (const id of group.members.ids) byId.set(id, group);
      for (const r of group.members.runs) {
        const list = runs.get(r.prefix) ?? [];
        list.push({ first: r.first, step: r.step, count: r.count, group });
        runs.set(r.prefix, list);
      }
    },
    groupOf(id: string): { id: string; count: number } | undefined {
      const listed = byId.get(id);
      if (listed) return found(listed);
      if (runs.size === 0) return undefined;
      for (let digits = 1; digits <= id.length && isDigit(id.charCodeAt(id.length - digits)); digits++) {
        const text = id.slice(id.length - digits);
        if (text.length > 1 && text.startsWith('0')) continue;
        const n = Number(text);
        for (const r of runs.get(id.slice(0, id.length - digits)) ?? []) {
          const k = (n - r.first) / r.step;
          if (Number.isInteger(k) && k >= 0 && k < r.count) return found(r.group);
        }
      }
      return undefined;
    },
  };
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** The steps of a playback: an initial all-up state, then one per event in time order. */
export function playbackSteps(timeline: PlaybackTimeline, topology: Topology): PlaybackStep[] {
  let state: PlaybackState = {
    down: new Set(), promoted: new Set(), layersDown: new Set(), layersDegraded: new Set(), systemDown: false,
    groupsDown: new Map(), groupsPromoted: new Set(),
  };
  const steps: PlaybackStep[] = [{ t: 0, type: 'start', detail: 'every element up', state }];
  const events = [...timeline.events].sort((a, b) => a.t - b.t);
  for (const e of events) {
    state = apply(state, e, topology);
    const step: PlaybackStep = { t: e.t, type: e.type, detail: e.detail, state };
    if (e.element !== undefined) step.element = e.element;
    if (e.layer !== undefined) step.layer = e.layer;
    steps.push(step);
  }
  return steps;
}

function apply(prev: PlaybackState, e: PlaybackTimeline['events'][number], topology: Topology): PlaybackState {
  const s: PlaybackState = {
    down: new Set(prev.down), promoted: new Set(prev.promoted), layersDown: new Set(prev.layersDown),
    layersDegraded: new Set(prev.layersDegraded), systemDown: prev.systemDown,
    groupsDown: prev.groupsDown, groupsPromoted: prev.groupsPromoted,
  };
  const affected = e.element !== undefined ? topology.expand(e.element) : [];
  switch (e.type) {
    case 'failure':
      for (const id of affected) s.down.add(id);
      break;
    case 'repaired':
      for (const id of affected) s.down.delete(id);
      s.groupsDown = groupsDown(s.down, topology);
      for (const id of affected) failBack(s, id, topology);
      break;
    case 'promoted':
      if (e.element !== undefined) s.promoted.add(e.element);
      break;
    case 'degraded':
      if (e.layer !== undefined) s.layersDegraded.add(e.layer);
      break;
    case 'layer-down':
      if (e.layer !== undefined) s.layersDown.add(e.layer);
      break;
    case 'layer-up':
      if (e.layer !== undefined) s.layersDown.delete(e.layer);
      break;
    case 'system-down':
      s.systemDown = true;
      break;
    case 'system-up':
      s.systemDown = false;
      break;
    default:
      break;
  }
  s.groupsDown = groupsDown(s.down, topology);
  s.groupsPromoted = new Set([...s.promoted].flatMap((id) => topology.groupOf(id)?.id ?? []));
  return s;
}

/** How many members of each group are down: all when the group itself is (its zone failed), else those failed one by one. */
export function groupsDown(down: Set<string>, topology: Topology): Map<string, { down: number; of: number }> {
  const counts = new Map<string, { down: number; of: number }>();
  for (const id of down) {
    const size = topology.groupSize(id);
    if (size !== undefined) {
      counts.set(id, { down: size, of: size });
      continue;
    }
    const group = topology.groupOf(id);
    if (!group) continue;
    const c = counts.get(group.id) ?? { down: 0, of: group.count };
    // A group already wholly down (its zone failed) stays at its size.
    if (c.down < c.of) c.down++;
    counts.set(group.id, c);
  }
  return counts;
}

/** A repaired primary is active again at once (planned failback); a layer whole again is no longer degraded. */
function failBack(s: PlaybackState, id: string, topology: Topology): void {
  const layer = topology.layerOf(id);
  if (layer === undefined) return;
  if (topology.primaryOf(layer) === id) for (const p of s.promoted) if (topology.layerOf(p) === layer) s.promoted.delete(p);
  if (topology.membersOf(layer).every((m) => !s.down.has(m) && !s.groupsDown.has(m))) s.layersDegraded.delete(layer);
}
