/**
 * The composite system of an estate (docs/language.md, "Estates"): what a system with dependencies, or a
 * journey, is as ONE system of spec section 3, so that every figure (U with its failover
 * windows, SPOFs, cut sets, importance, advice) comes from the same exact engine.
 *
 * - Its path is the root's own steps, then one layer per service of the hard-dependency
 *   closure, each service once (a diamond of dependencies counts the shared one once).
 * - The layer of a system service has that system as its one member, a site named after it:
 *   its layers, nodes and instances are named `service.id` (`auth.db-1`), as inside any site.
 *   The layer of an external has one node, one instance, with the external's figures.
 * - Zones and regions are estate-wide, by name: one zone `az1` however many services place
 *   something in it (shared fate); two declarations with different figures are an error.
 * - `composite.foreign` lists the ids that came from other services, whose own analyses report
 *   their diagnostics.
 */
import type { Diagnostic, Range } from '../../../../grammar/src/text';
import type {
  DomainModel, ExternalModel, InstanceModel, LayerModel, ObjectivesModel, NodeModel, SiteModel, SystemModel,
} from '../model/types';
import { formatPercent } from '../text/format';
import type { Service, Services } from './services';
import { ESTATE_LIMITS } from '../limits';
import { objectivesOf } from '../model/objectives';

/** One step of a composite's path before it is built: a layer of the root, or a service. */
export type Step = { kind: 'layer'; id: string; range: Range } | { kind: 'service'; service: Service; range: Range; nameRange: Range };

export interface Composite {
  model: SystemModel;
  /** The services it includes, in path order (the steps' and their closure). */
  services: Service[];
  /** Errors that leave it without figures (cycle, unknown service, broken import, conflicting zone). */
  diagnostics: Diagnostic[];
}

export interface CompositeInput {
  kind: 'system' | 'journey';
  name: string;
  range: Range;
  nameRange: Range;
  /** The root system whose layers the steps may name (a journey at file level has none). */
  root?: SystemModel;
  /** The root system's layers to keep: all of them for a system, those under the steps for a journey. */
  steps: Step[];
  /** Services depended on besides the steps (the root system's hard `use` lines). */
  extra: { service: Service; range: Range; nameRange: Range }[];
  objectives: ObjectivesModel;
  /** Count soft dependencies as hard (for the degraded figure). */
  soft?: boolean;
}

/** Builds the composite; it is `analysable` only when every service in it is. */
export function compose(input: CompositeInput, services: Services): Composite {
  const diagnostics: Diagnostic[] = [];
  const error = (code: Diagnostic['code'], message: string, range: Range, subject?: string): void => {
    diagnostics.push({ severity: 'error', code, message, range, ...(subject !== undefined ? { data: { subject } } : {}) });
  };
  const root = input.root;
  const foreign = new Set<string>();
  const model: SystemModel = {
    name: input.name, range: input.range, nameRange: input.nameRange,
    windowSeconds: input.objectives.windowSeconds,
    regions: [], zones: [], layers: [], sites: [], nodes: [], instances: [], commonCauses: [], path: [], scenarios: [],
    analysable: root?.analysable ?? true, uses: [], journeys: [],
    composite: { kind: input.kind, foreign },
  };
  Object.assign(model, objectivesOf(input.objectives));
  // The services: the steps', the root's, and everything they use, each once.
  const stepServices = input.steps.flatMap((s) => (s.kind === 'service' ? [s] : []));
  const starts = [...stepServices, ...input.extra];
  const closure = services.closure(starts.map((s) => s.service), input.soft ?? false);
  // A journey whose services need its own system back needs all of it: the system's elements are
  // its own here, never a second copy named `system.…` (they would fail independently).
  const isRoot = (s: Service): boolean => s.kind === 'system' && s.model === root;
  const needsRoot = closure.services.some(isRoot);
  // The root's own part: every layer for a system, the steps' layers (and what is inside them) for a journey.
  if (root) {
    const whole = input.kind === 'system' || needsRoot;
    const keep = whole ? undefined : layersUnder(root, input.steps.flatMap((s) => (s.kind === 'layer' ? [s.id] : [])));
    const keepLayer = (l: LayerModel): boolean => keep === undefined || keep.has(l.id);
    model.layers.push(...root.layers.filter(keepLayer));
    const layerIds = new Set(model.layers.map((l) => l.id));
    model.sites.push(...root.sites.filter((s) => layerIds.has(s.parentLayer)));
    model.nodes.push(...root.nodes.filter((n) => layerIds.has(n.layer)));
    model.instances.push(...root.instances.filter((i) => layerIds.has(i.layer)));
    // Its deploys, common-cause groups and maintenance, over what is kept of what they cover.
    const kept = new Set(model.instances.map((i) => i.id));
    for (const c of root.commonCauses) {
      const instances = c.instances.filter((id) => kept.has(id));
      if (instances.length > 0) model.commonCauses.push(instances.length === c.instances.length ? c : { ...c, instances });
    }
    const used = whole ? undefined : usedDomains(model.instances, root);
    model.zones.push(...root.zones.filter((z) => used === undefined || used.has(z.name)));
    model.regions.push(...root.regions.filter((r) => used === undefined || used.has(r.name)));
    if (input.kind === 'system') {
      model.path.push(...root.path);
      // The system's own scenarios name its own elements, which keep their ids here.
      model.scenarios = root.scenarios;
    }
  }
  const origin = new Map<Service, { range: Range; nameRange: Range }>();
  for (const s of starts) if (!origin.has(s.service)) origin.set(s.service, s);
  // A cycle is reported once, by the estate (`analyse.ts`), on the `use` that closes it.
  if (closure.cycle) model.analysable = false;
  for (const e of closure.errors) error('unknown-reference', e, (starts[0]?.nameRange ?? input.nameRange));
  if (closure.services.length > ESTATE_LIMITS.services) {
    error('limit', `${input.kind} '${input.name}' depends on ${closure.services.length} services; at most ${ESTATE_LIMITS.services} are analysed together`, input.nameRange);
    model.analysable = false;
    return { model, services: closure.services, diagnostics };
  }
  const layerOf = new Map<Service, string>();
  const zones = new Map(model.zones.map((z) => [z.name, z]));
  const regions = new Map(model.regions.map((r) => [r.name, r]));
  const taken = new Set([...model.layers.map((l) => l.id), ...model.sites.map((s) => s.id), ...model.instances.map((i) => i.id)]);
  for (const service of closure.services) {
    if (isRoot(service)) continue;
    const at = origin.get(service) ?? { range: starts[0]?.range ?? input.range, nameRange: starts[0]?.nameRange ?? input.nameRange };
    if (taken.has(service.name)) {
      error('duplicate-name', `service '${service.name}' has the name of a layer, site or instance of ${input.kind} '${input.name}': rename one of them (a service's elements are named '${service.name}.…' beside the others)`, at.nameRange, service.name);
      continue;
    }
    taken.add(service.name);
    const broken = service.file.broken || (service.kind === 'system' && !service.model.analysable) || (service.kind === 'external' && !service.model.hasAvailability);
    // Its errors are reported where they are (its file, or the import line): here it only has no figures.
    if (broken) model.analysable = false;
    layerOf.set(service, service.name);
    if (service.kind === 'external') {
      // An external is one element by nature: what it costs is in the figures, not in a spof warning.
      addExternal(model, service.model, at);
      foreign.add(service.name);
    } else {
      addSystem(model, service.model, at, foreign);
    }
    // Zones and regions by name, estate-wide; the same name must mean the same figures.
    const domains: [DomainModel[], Map<string, DomainModel>][] = service.kind === 'system'
      ? [[usedDomainList(service.model), zones], [service.model.regions, regions]]
      : [];
    for (const [list, byName] of domains) {
      for (const d of list) {
        const there = byName.get(d.name);
        if (!there) {
          byName.set(d.name, d);
          (d.type === 'zone' ? model.zones : model.regions).push(d);
          foreign.add(d.name);
          continue;
        }
        const differs = differences(there, d);
        if (differs) {
          error('conflicting-domain', `${d.type} ${d.name} of service '${service.name}' ${differs}: one ${d.type} of an estate has one set of figures — declare it the same way everywhere`, at.nameRange, d.name);
        }
      }
    }
  }
  // The path: the steps in order, then the rest of the closure.
  const onPath = new Set(model.path);
  const push = (id: string | undefined): void => {
    if (id === undefined || onPath.has(id)) return;
    onPath.add(id);
    model.path.push(id);
  };
  for (const step of input.steps) push(step.kind === 'layer' ? step.id : layerOf.get(step.service));
  for (const service of closure.services) {
    if (isRoot(service)) root?.path.forEach(push);
    else push(layerOf.get(service));
  }
  if (diagnostics.some((d) => d.severity === 'error')) model.analysable = false;
  return { model, services: closure.services, diagnostics };
}

/** A root's layers named by `ids`, and every layer inside their sites. */
function layersUnder(root: SystemModel, ids: string[]): Set<string> {
  const keep = new Set<string>();
  const layers = new Map(root.layers.map((l) => [l.id, l]));
  const sites = new Map(root.sites.map((s) => [s.id, s]));
  const visit = (id: string): void => {
    if (keep.has(id)) return;
    keep.add(id);
    for (const siteId of layers.get(id)?.sites ?? []) for (const inner of sites.get(siteId)?.layers ?? []) visit(inner);
  };
  ids.forEach(visit);
  return keep;
}

/** The zones and regions the instances are in. */
function usedDomains(instances: readonly InstanceModel[], root: SystemModel): Set<string> {
  const used = new Set<string>();
  for (const i of instances) {
    if (i.zone !== undefined) used.add(i.zone);
    if (i.region !== undefined) used.add(i.region);
  }
  for (const z of root.zones) if (used.has(z.name) && z.region !== undefined) used.add(z.region);
  return used;
}

/** A service's zones that something of it is in (an unused declaration brings nothing). */
function usedDomainList(system: SystemModel): DomainModel[] {
  const used = usedDomains(system.instances, system);
  return system.zones.filter((z) => used.has(z.name));
}

/** How two declarations of one zone or region differ, in words, or undefined. */
function differences(a: DomainModel, b: DomainModel): string | undefined {
  if (a.hasAvailability !== b.hasAvailability || Math.abs(a.unavailability - b.unavailability) > 1e-12 * Math.max(a.unavailability, b.unavailability)) {
    const shown = (d: DomainModel): string => (d.hasAvailability ? formatPercent(d.availability) : 'no availability');
    return `has ${shown(b)}, here ${shown(a)}`;
  }
  if (a.mttrSeconds !== b.mttrSeconds) return `has mttr ${b.mttrSeconds} s, here ${a.mttrSeconds} s`;
  if (a.region !== b.region) return `is in region ${b.region ?? '(none)'}, here in ${a.region ?? '(none)'}`;
  return undefined;
}

/** An external as a layer of one node of one instance. */
function addExternal(model: SystemModel, ext: ExternalModel, at: { range: Range; nameRange: Range }): void {
  const id = ext.name;
  const instance: InstanceModel = {
    id, name: id, node: id, layer: id, index: 1,
    availability: ext.availability, unavailability: ext.unavailability, mttrSeconds: ext.mttrSeconds,
    mtbfSeconds: ext.mtbfSeconds, failuresPerSecond: ext.failuresPerSecond,
    range: ext.range, nameRange: ext.nameRange,
  };
  const node: NodeModel = { id, name: id, layer: id, instances: [id], range: ext.range, nameRange: ext.nameRange };
  model.instances.push(instance);
  model.nodes.push(node);
  model.layers.push(serviceLayer(id, 'nodes', at, { nodes: [node], instances: [id] }));
}

/** A system service as a layer whose one member is the system, a site named after it. */
function addSystem(model: SystemModel, s: SystemModel, at: { range: Range; nameRange: Range }, foreign: Set<string>): void {
  const p = (id: string): string => `${s.name}.${id}`;
  const site: SiteModel = {
    id: s.name, name: s.name, parentLayer: s.name, layers: s.layers.map((l) => p(l.id)), path: s.path.map(p),
    range: at.range, nameRange: at.nameRange,
  };
  model.layers.push(serviceLayer(s.name, 'sites', at, { sites: [s.name] }));
  model.sites.push(site);
  for (const l of s.layers) {
    const layer: LayerModel = {
      ...l, id: p(l.id), site: l.site !== undefined ? p(l.site) : s.name,
      nodes: l.nodes.map((n) => prefixNode(n, p)),
      instances: l.instances.map(p), sites: l.sites.map(p), standbys: l.standbys.map(p),
      ...(l.primary !== undefined ? { primary: p(l.primary) } : {}),
    };
    model.layers.push(layer);
    foreign.add(layer.id);
  }
  for (const inner of s.sites) {
    model.sites.push({
      ...inner, id: p(inner.id), parentLayer: p(inner.parentLayer), site: inner.site !== undefined ? p(inner.site) : s.name,
      layers: inner.layers.map(p), path: inner.path.map(p),
    });
    foreign.add(p(inner.id));
  }
  for (const n of s.nodes) {
    model.nodes.push(prefixNode(n, p));
    foreign.add(p(n.id));
  }
  // A common cause is named after its scope, as its elements are: the service's own deploy
  // (`deploy`) becomes its site's (`deploy auth`), a layer's `deploy app` becomes `deploy auth.app`.
  const ccId = (kind: string, scope: string, scopeId: string): string => (scope === 'system' ? `${kind} ${s.name}` : `${kind} ${p(scopeId)}`);
  for (const i of s.instances) {
    const moved: InstanceModel = { ...i, id: p(i.id), node: p(i.node), layer: p(i.layer), site: i.site !== undefined ? p(i.site) : s.name };
    if (i.commonCause !== undefined) {
      const c = s.commonCauses.find((x) => x.id === i.commonCause);
      if (c) moved.commonCause = ccId(c.kind, c.scope, c.scopeId);
    }
    model.instances.push(moved);
    foreign.add(p(i.id));
  }
  for (const c of s.commonCauses) {
    const id = ccId(c.kind, c.scope, c.scopeId);
    model.commonCauses.push({
      ...c, id, scope: c.scope === 'system' ? 'site' : c.scope, scopeId: c.scope === 'system' ? s.name : p(c.scopeId),
      instances: c.instances.map(p), ...(c.layer !== undefined ? { layer: p(c.layer) } : {}),
    });
    foreign.add(id);
  }
}

function prefixNode(n: NodeModel, p: (id: string) => string): NodeModel {
  return { ...n, id: p(n.id), layer: p(n.layer), instances: n.instances.map(p) };
}

/** The layer that stands for one service on a composite's path: up when the service is. */
function serviceLayer(id: string, members: 'nodes' | 'sites', at: { range: Range; nameRange: Range }, parts: Partial<LayerModel>): LayerModel {
  return {
    id, name: id, kind: 'other', mode: 'active-active', members,
    nodes: [], instances: [], sites: [], standbys: [],
    requirement: { min: 1, k: 1 },
    replication: { mode: 'none', rpoSeconds: Infinity },
    optional: false, onPath: true, range: at.range, nameRange: at.nameRange,
    ...parts,
  };
}
