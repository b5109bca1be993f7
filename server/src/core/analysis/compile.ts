/**
 * The model reduced to what the maths needs: elements with their unavailabilities, node layers
 * ("units") with their requirement on what is down, and the tree of layers and sites that
 * decides whether the system is up.
 *
 * Element keys are typed so an instance and a zone may share a name: `i:app-1`, `z:az1`,
 * `r:use1`, and a common cause `c:deploy app`.
 *
 * Common causes (docs/language.md "Common causes") take no new machinery where they can be
 * avoided: one in series with its scope (a whole layer, site or system) is an element in a layer
 * of its own — a one-instance unit placed in the path just before the layer it covers (or first
 * in its site's or the system's path) — so every engine (U_struct, the failover windows, cut
 * sets, importance) treats it as the ordinary element it is, exactly. Only one that covers part
 * of an active-active layer of nodes (a canary share, a node's group among several nodes) is
 * carried by its unit (`UnitSpec.groups`), which the engines mix over.
 */
import type { CommonCauseKind, CommonCauseModel, InstanceModel, LayerModel, SiteModel, SystemModel } from '../model/types';
import type { CapacityThreshold } from './dist/capacity';

export type ElementKey = string;

export const instanceKey = (id: string): ElementKey => `i:${id}`;
export const zoneKey = (name: string): ElementKey => `z:${name}`;
export const regionKey = (name: string): ElementKey => `r:${name}`;
export const commonCauseKey = (id: string): ElementKey => `c:${id}`;

export interface DomainSpec {
  key: ElementKey;
  name: string;
  type: 'zone' | 'region';
  unavailability: number;
  failuresPerSecond: number;
  mttrSeconds: number;
  /** A zone's region key. */
  region?: ElementKey;
  /** Position in `SystemSpec.domainList`. */
  index: number;
  /** A zone's region's position in `domainList`, −1 when none (or not declared). */
  regionIndex: number;
}

export interface InstanceSpec {
  key: ElementKey;
  id: string;
  unavailability: number;
  failuresPerSecond: number;
  mttrSeconds: number;
  capacity: number;
  zone?: ElementKey;
  region?: ElementKey;
  /** `domainList` positions of `zone` and `region`, −1 when absent. */
  zoneIndex: number;
  regionIndex: number;
  /** Bit j set when group j of its unit (`UnitSpec.groups`) covers it; 0 (or absent) when none. */
  groupMask?: number;
}

/** A common cause that covers part of an active-active layer of nodes: a canary share, a node's group. */
export interface GroupSpec {
  key: ElementKey;
  unavailability: number;
  failuresPerSecond: number;
  mttrSeconds: number;
  /** Positions in the unit's `instances` of what it takes down. */
  members: number[];
}

/** A common cause, as the analysis reports it. */
export interface CommonCauseSpec {
  key: ElementKey;
  id: string;
  kind: CommonCauseKind;
  unavailability: number;
  failuresPerSecond: number;
  mttrSeconds: number;
  /** The layer it is in series with or part of (layer and node scopes). */
  layer?: string;
  series: boolean;
}

/** What makes a node layer down, stated on its down instances. */
export type UnitRequirement =
  | { kind: 'count'; T: number }
  | { kind: 'capacity'; th: CapacityThreshold };

/**
 * How an active-passive layer with a primary and at least one standby takes over (spec section 3,
 * revision 2): its failover windows are computed from this (`windows.ts`).
 */
export interface Takeover {
  /** Member positions (in `instances` or `sites`) in takeover order: the primary, then the standbys. */
  order: number[];
  /** Per takeover position: T_fo of that member when it is the standby promoted, in seconds (0 for the primary). */
  failoverSeconds: number[];
}

/** A layer whose members are instances. */
export interface UnitSpec {
  index: number;
  layerId: string;
  mode: 'active-active' | 'active-passive';
  requirement: UnitRequirement;
  /** Active-passive with a standby: who takes over, and how long each takeover's window lasts. */
  takeover?: Takeover;
  instances: InstanceSpec[];
  /** Common causes covering part of it (an active-active layer of nodes only); the engines mix over their states. */
  groups?: GroupSpec[];
}

export type LayerNode =
  | { kind: 'nodes'; layerId: string; unit: number }
  | {
      kind: 'sites';
      layerId: string;
      mode: 'active-active' | 'active-passive';
      /** Down when at least T sites are down. */
      T: number;
      /** Active-passive with a standby site: who takes over, and how long each window lasts. */
      takeover?: Takeover;
      sites: SiteNode[];
    };

export interface SiteNode {
  id: string;
  layers: LayerNode[];
}

/**
 * Which domains the engine conditions on, fixed by the structure (overrides change
 * unavailabilities, never who uses what). Domains are numbered by `domainList` position.
 */
export interface DomainLayout {
  /** Domains used by more than one unit (whatever their unavailability): regions, then zones, each by key. */
  varDomains: number[];
  /** Per domain: its variable index, −1 when it is not shared. */
  varOfDomain: number[];
  /** Per domain: the one unit using it when it is not shared, else −1. */
  localUser: number[];
  /** Per variable: a zone's region variable, −1 for regions and zones whose region is not a variable. */
  regionVar: number[];
  /** Per variable: 1 when it holds an instance of a unit's group (never exchanged: the group tells its instances apart). */
  aloneVar: Uint8Array;
}

export interface SystemSpec {
  domains: Map<ElementKey, DomainSpec>;
  units: UnitSpec[];
  layers: Map<string, LayerNode>;
  sites: Map<string, SiteNode>;
  path: LayerNode[];
  /** The domains in `domains` order; `DomainSpec.index` is a position here. */
  domainList: DomainSpec[];
  layout: DomainLayout;
  /** Every common cause by key (in series or in a unit's groups). */
  commonCauses: Map<ElementKey, CommonCauseSpec>;
  /**
   * Per layer id: the one-instance layers of every common cause in series with it — the system's,
   * those of each site around it (outermost first), its own (its deploys, maintenance, whole-layer
   * groups) —, none of which is inside the layer's own node. A layer's own figure is these and the
   * layer in series: its instances are effectively down whenever one of them is.
   */
  seriesOf: Map<string, LayerNode[]>;
  /** Per site id: the same for a site — the system's and the enclosing sites' (its own are on its path). */
  siteSeriesOf: Map<string, LayerNode[]>;
}


/** The takeover of an active-passive layer (primary first, then its standbys in order), when it has a standby. */
function takeoverOf(l: LayerModel, members: readonly string[]): Takeover | undefined {
  const failover = l.failover;
  if (l.mode !== 'active-passive' || !failover || l.primary === undefined || l.standbys.length === 0) return undefined;
  const primary = members.indexOf(l.primary);
  if (primary < 0) return undefined;
  const order = [primary];
  const failoverSeconds = [0];
  l.standbys.forEach((id, k) => {
    const pos = members.indexOf(id);
    if (pos < 0 || pos === primary) return;
    order.push(pos);
    failoverSeconds.push(failover.standbyFailoverSeconds[k] ?? failover.failoverSeconds);
  });
  // Every member is the primary or a standby in an analysable model; anything else is left structural.
  return order.length > 1 && order.length === members.length ? { order, failoverSeconds } : undefined;
}


/** Builds the maths' view of a system model. */
export function compileSystem(system: SystemModel): SystemSpec {
  const c = new Compiler(system);
  for (const l of system.layers) c.layerNode(l.id);
  const path: LayerNode[] = [];
  for (const id of system.path) if (c.layerModels.has(id)) path.push(c.layerNode(id));
  const { commonCauses, seriesOf, siteSeriesOf } = c.commonCauses(system.commonCauses ?? [], path);
  return {
    domains: c.domains, units: c.units, layers: c.layers, sites: c.sites, path,
    domainList: c.domainList, layout: layoutOf(c.domainList, c.units), commonCauses, seriesOf, siteSeriesOf,
  };
}

/** The state of one compilation (methods, not closures: compiling is on the engine's hot path). */
class Compiler {
  readonly domains = new Map<ElementKey, DomainSpec>();
  readonly domainList: DomainSpec[] = [];
  readonly instances = new Map<string, InstanceModel>();
  readonly units: UnitSpec[] = [];
  readonly layers = new Map<string, LayerNode>();
  readonly sites = new Map<string, SiteNode>();
  readonly layerModels = new Map<string, LayerModel>();
  readonly siteModels = new Map<string, SiteModel>();
  /** Domains by their model name (the model's own strings: no key is built per instance). */
  private readonly zonesByName = new Map<string, DomainSpec>();
  private readonly regionsByName = new Map<string, DomainSpec>();

  constructor(system: SystemModel) {
    for (const r of system.regions) {
      const key = regionKey(r.name);
      this.regionsByName.set(r.name, this.addDomain({
        key, name: r.name, type: 'region',
        unavailability: r.hasAvailability ? r.unavailability : 0,
        failuresPerSecond: r.hasAvailability ? r.failuresPerSecond : 0,
        mttrSeconds: r.mttrSeconds,
        index: 0, regionIndex: -1,
      }));
    }
    for (const z of system.zones) {
      const region = z.region !== undefined ? this.regionsByName.get(z.region) : undefined;
      this.zonesByName.set(z.name, this.addDomain({
        key: zoneKey(z.name), name: z.name, type: 'zone',
        unavailability: z.hasAvailability ? z.unavailability : 0,
        failuresPerSecond: z.hasAvailability ? z.failuresPerSecond : 0,
        mttrSeconds: z.mttrSeconds,
        region: z.region !== undefined ? regionKey(z.region) : undefined,
        index: 0, regionIndex: region ? region.index : -1,
      }));
    }
    for (const i of system.instances) this.instances.set(i.id, i);
    for (const l of system.layers) this.layerModels.set(l.id, l);
    for (const s of system.sites) this.siteModels.set(s.id, s);
  }

  /** A later domain of the same key replaces the earlier one in its place (as `Map.set` does). */
  private addDomain(d: DomainSpec): DomainSpec {
    const existing = this.domains.get(d.key);
    d.index = existing ? existing.index : this.domainList.length;
    this.domainList[d.index] = d;
    this.domains.set(d.key, d);
    return d;
  }

  private instanceSpec(id: string, m: InstanceModel): InstanceSpec {
    const zoneDomain = m.zone !== undefined ? this.zonesByName.get(m.zone) : undefined;
    let zone: ElementKey | undefined;
    let region: ElementKey | undefined;
    let zoneIndex = -1;
    let regionIndex = -1;
    if (zoneDomain) {
      zone = zoneDomain.key;
      zoneIndex = zoneDomain.index;
      region = zoneDomain.region;
      regionIndex = zoneDomain.regionIndex;
    }
    if (region === undefined && m.region !== undefined) {
      const r = this.regionsByName.get(m.region);
      if (r) {
        region = r.key;
        regionIndex = r.index;
      }
    }
    // Its own failures: those a common-cause group does not take (the group is an element of its own).
    const own = m.own ?? m;
    return {
      key: instanceKey(id), id, unavailability: own.unavailability, failuresPerSecond: own.failuresPerSecond, mttrSeconds: own.mttrSeconds,
      capacity: m.capacity ?? 0, zone, region, zoneIndex, regionIndex,
    };
  }

  /**
   * Places the common causes: one in series with a layer, a site or the system becomes a
   * one-instance layer before what it covers (`path` and the sites' paths are changed in place);
   * one covering part of a layer becomes a group of its unit.
   */
  commonCauses(list: readonly CommonCauseModel[], path: LayerNode[]): Pick<SystemSpec, 'commonCauses' | 'seriesOf' | 'siteSeriesOf'> {
    const commonCauses = new Map<ElementKey, CommonCauseSpec>();
    /** The one-instance layers by scope: the system's (''), each site's, each layer's. */
    const ofSystem: LayerNode[] = [];
    const ofSite = new Map<string, LayerNode[]>();
    const ofLayer = new Map<string, LayerNode[]>();
    const add = (map: Map<string, LayerNode[]>, id: string, node: LayerNode): void => {
      const list = map.get(id);
      if (list) list.push(node);
      else map.set(id, [node]);
    };
    for (const cc of list) {
      const key = commonCauseKey(cc.id);
      if (commonCauses.has(key)) continue;
      const spec: CommonCauseSpec = {
        key, id: cc.id, kind: cc.kind, unavailability: cc.unavailability, failuresPerSecond: cc.failuresPerSecond,
        mttrSeconds: cc.mttrSeconds, series: cc.series,
      };
      if (cc.layer !== undefined) spec.layer = cc.layer;
      if (!cc.series) {
        const node = cc.layer !== undefined ? this.layers.get(cc.layer) : undefined;
        if (node?.kind !== 'nodes') continue;
        const unit = this.units[node.unit]!;
        const members: number[] = [];
        const covered = new Set(cc.instances);
        unit.instances.forEach((inst, pos) => {
          if (covered.has(inst.id)) members.push(pos);
        });
        if (members.length === 0) continue;
        const groups = (unit.groups ??= []);
        const bit = 1 << groups.length;
        for (const pos of members) {
          const inst = unit.instances[pos]!;
          inst.groupMask = (inst.groupMask ?? 0) | bit;
        }
        groups.push({ key, unavailability: cc.unavailability, failuresPerSecond: cc.failuresPerSecond, mttrSeconds: cc.mttrSeconds, members });
        commonCauses.set(key, spec);
        continue;
      }
      const pseudo = this.seriesNode(spec);
      commonCauses.set(key, spec);
      if (cc.scope === 'system') {
        ofSystem.push(pseudo);
        // A system with no layer on its path depends on nothing (it is never down): nor on this.
        if (path.length > ofSystem.length - 1) path.splice(ofSystem.length - 1, 0, pseudo);
      } else if (cc.scope === 'site') {
        const site = this.sites.get(cc.scopeId);
        if (!site) continue;
        add(ofSite, cc.scopeId, pseudo);
        site.layers.splice(ofSite.get(cc.scopeId)!.length - 1, 0, pseudo);
      } else if (cc.layer !== undefined) {
        add(ofLayer, cc.layer, pseudo);
        const layer = this.layers.get(cc.layer);
        const model = this.layerModels.get(cc.layer);
        if (!layer || !model) continue;
        // Just before the layer on the path that holds it (after its other common causes).
        const holder = model.site !== undefined ? this.sites.get(model.site)?.layers : path;
        const at = holder ? holder.indexOf(layer) : -1;
        if (holder && at >= 0) holder.splice(at, 0, pseudo);
      }
    }
    // What covers a site or a layer from outside it: the system's, then each enclosing site's.
    const outside = (site: string | undefined): LayerNode[] => {
      const chain: string[] = [];
      for (let s = site; s !== undefined; s = this.siteModels.get(s)?.site) chain.unshift(s);
      return [...ofSystem, ...chain.flatMap((s) => ofSite.get(s) ?? [])];
    };
    const seriesOf = new Map<string, LayerNode[]>();
    const siteSeriesOf = new Map<string, LayerNode[]>();
    if (commonCauses.size > 0) {
      for (const [id, l] of this.layerModels) {
        const all = [...outside(l.site), ...(ofLayer.get(id) ?? [])];
        if (all.length > 0) seriesOf.set(id, all);
      }
      for (const [id, s] of this.siteModels) {
        const all = outside(s.site);
        if (all.length > 0) siteSeriesOf.set(id, all);
      }
    }
    return { commonCauses, seriesOf, siteSeriesOf };
  }

  /** A one-instance layer for a common cause in series with what it covers. */
  private seriesNode(cc: CommonCauseSpec): LayerNode {
    const inst: InstanceSpec = {
      key: cc.key, id: cc.id, unavailability: cc.unavailability, failuresPerSecond: cc.failuresPerSecond, mttrSeconds: cc.mttrSeconds,
      capacity: 0, zoneIndex: -1, regionIndex: -1,
    };
    const unit: UnitSpec = { index: this.units.length, layerId: cc.id, mode: 'active-active', requirement: { kind: 'count', T: 1 }, instances: [inst] };
    this.units.push(unit);
    return { kind: 'nodes', layerId: cc.id, unit: unit.index };
  }

  private nodeLayer(l: LayerModel): LayerNode {
    const inst: InstanceSpec[] = [];
    const ids: string[] = [];
    for (const id of l.instances) {
      const m = this.instances.get(id);
      if (!m) continue;
      inst.push(this.instanceSpec(id, m));
      ids.push(id);
    }
    const n = inst.length;
    let requirement: UnitRequirement;
    let takeover: Takeover | undefined;
    if (l.mode === 'active-passive') {
      requirement = { kind: 'count', T: n };
      takeover = takeoverOf(l, ids);
    } else if (l.requirement.load !== undefined && l.requirement.k === undefined) {
      let total = 0;
      for (const i of inst) total += i.capacity;
      requirement = { kind: 'capacity', th: { countT: n - l.requirement.min + 1, capSlack: total - l.requirement.load } };
    } else {
      requirement = { kind: 'count', T: n - (l.requirement.k ?? l.requirement.min) + 1 };
    }
    const unit: UnitSpec = { index: this.units.length, layerId: l.id, mode: l.mode, requirement, instances: inst };
    if (takeover) unit.takeover = takeover;
    this.units.push(unit);
    return { kind: 'nodes', layerId: l.id, unit: unit.index };
  }

  layerNode(id: string): LayerNode {
    const existing = this.layers.get(id);
    if (existing) return existing;
    const l = this.layerModels.get(id)!;
    let node: LayerNode;
    if (l.members === 'sites') {
      const members: SiteNode[] = [];
      for (const s of l.sites) members.push(this.siteNode(s));
      const min = l.mode === 'active-passive' ? 1 : l.requirement.min;
      node = {
        kind: 'sites', layerId: l.id, mode: l.mode,
        T: l.mode === 'active-passive' ? members.length : members.length - min + 1,
        sites: members,
      };
      const takeover = takeoverOf(l, members.map((m) => m.id));
      if (takeover) node.takeover = takeover;
    } else {
      node = this.nodeLayer(l);
    }
    this.layers.set(id, node);
    return node;
  }

  private siteNode(id: string): SiteNode {
    const existing = this.sites.get(id);
    if (existing) return existing;
    const node: SiteNode = { id, layers: [] };
    this.sites.set(id, node);
    const layers: LayerNode[] = [];
    for (const lid of this.siteModels.get(id)?.path ?? []) if (this.layerModels.has(lid)) layers.push(this.layerNode(lid));
    node.layers = layers;
    return node;
  }
}

const byKey = (a: DomainSpec, b: DomainSpec): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** Sorts domains by key (keys are distinct); usually they are declared in order already. */
function sortByKey(ds: DomainSpec[]): void {
  for (let i = 1; i < ds.length; i++) {
    if (ds[i - 1]!.key > ds[i]!.key) {
      ds.sort(byKey);
      return;
    }
  }
}

/** Which domains are shared between units (the engine's variables), and who uses the others. */
function layoutOf(domainList: DomainSpec[], units: UnitSpec[]): DomainLayout {
  const nDomains = domainList.length;
  const localUser = new Array<number>(nDomains).fill(-1);
  const shared = new Uint8Array(nDomains);
  for (const unit of units) {
    for (const inst of unit.instances) {
      for (let k = 0; k < 2; k++) {
        const d = k === 0 ? inst.zoneIndex : inst.regionIndex;
        if (d < 0) continue;
        const user = localUser[d]!;
        if (user === -1) localUser[d] = unit.index;
        else if (user !== unit.index) shared[d] = 1;
      }
    }
  }
  const regions: DomainSpec[] = [];
  const zones: DomainSpec[] = [];
  for (let d = 0; d < nDomains; d++) {
    if (!shared[d]) continue;
    localUser[d] = -1;
    const domain = domainList[d]!;
    (domain.type === 'region' ? regions : zones).push(domain);
  }
  sortByKey(regions);
  sortByKey(zones);
  const varOfDomain = new Array<number>(nDomains).fill(-1);
  const nVars = regions.length + zones.length;
  const aloneVar = new Uint8Array(nVars);
  const varDomains: number[] = [];
  const regionVar = new Array<number>(nVars).fill(-1);
  for (const domain of regions) {
    varOfDomain[domain.index] = varDomains.length;
    varDomains.push(domain.index);
  }
  for (const domain of zones) {
    const v = varDomains.length;
    varOfDomain[domain.index] = v;
    varDomains.push(domain.index);
    if (domain.regionIndex >= 0) regionVar[v] = varOfDomain[domain.regionIndex]!;
  }
  for (const unit of units) {
    if (!unit.groups) continue;
    for (const inst of unit.instances) {
      if (!inst.groupMask) continue;
      for (const d of [inst.zoneIndex, inst.regionIndex]) if (d >= 0 && varOfDomain[d]! >= 0) aloneVar[varOfDomain[d]!] = 1;
    }
  }
  return { varDomains, varOfDomain, localUser, regionVar, aloneVar };
}
