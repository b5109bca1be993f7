/**
 * The fault tree of a system's STRUCTURE (spec section 3), as plain data: its top event's
 * probability is U_struct, "P(system down) with no failover windows". The failover windows of
 * revision 2 are not events of the tree — a window's cost depends on which element failed and on
 * the time it takes to repair, which a static fault tree cannot say — so a PRA tool reading this
 * tree computes U_struct, and Topo's U = U_struct + the windows' first-order term (the analysis's
 * `failoverUnavailability`, recorded on the tree when known).
 *
 * Top event: the system is down = OR over its path layers of "layer down". Every instance,
 * zone, region and common cause (deploy, common-cause group, maintenance) is a basic event with
 * its unavailability (a zone or region without availability is kept with probability 0, so it
 * still shapes the structure; an instance in a beta group has its own share, `own`); an
 * instance is effectively down = OR(instance, its zone, its region, every common cause covering
 * it). Layer down:
 * - active-active, count only: at least n − min + 1 members effectively down;
 * - active-active with load and equal capacities c: at least n − k + 1 down, k = max(min, ⌈load/c⌉);
 * - active-active with unequal capacities: (count short) OR (capacity short), the latter an
 *   exact monotone decomposition over the members (see `capacityShort`);
 * - active-passive: AND(all members down) — structurally up while any member is;
 * - layers of sites work the same way over "site down" = OR of the site's path layers.
 * Constants are folded while building, so no gate is ever trivially true or false unless the
 * whole system is.
 */
import type { CommonCauseModel, InstanceModel, LayerModel, SiteModel, SystemModel } from '../model/types';
import type { ElementType } from '../model/types';
import { MefNames } from './names';
import { systemIndex } from '../model/index';

/** A reference to an event of the tree, or a constant. */
export type Term = { kind: 'const'; value: boolean } | { kind: 'gate' | 'basic-event'; name: string };

export type Formula =
  | { op: 'or' | 'and'; args: Term[] }
  | { op: 'atleast'; min: number; args: Term[] }
  | { op: 'ref'; arg: Term };

export interface Gate {
  name: string;
  formula: Formula;
  /** What the gate means, for a person reading the MEF. */
  label: string;
}

export interface BasicEvent {
  name: string;
  probability: number;
  /** The Topo element (qualified name). */
  element: string;
  type: ElementType;
  label: string;
}

export interface FaultTree {
  name: string;
  /** The top event: "the system is down". */
  top: { kind: 'gate'; name: string };
  gates: Gate[];
  basicEvents: BasicEvent[];
  /** Extra top events, when asked for: each layer's and site's own "down". */
  probes: Probe[];
  /** What the failover windows add to the tree's U_struct (Topo's analysis), when it was given. */
  failoverUnavailability?: number;
}

/** A top event standing for one layer or site on its own, so a tool reports its figure too. */
export interface Probe {
  kind: 'layer' | 'site';
  id: string;
  gate: string;
}

export interface FaultTreeOptions {
  /**
   * The system's failover windows' term from Topo's analysis (`failoverUnavailability`): not part
   * of the tree, only written beside it so that a reader of the MEF can add it to U_struct.
   */
  failoverUnavailability?: number;
  /** Prepended to every name (to keep several systems apart in one MEF document). */
  prefix?: string;
  /**
   * How k-of-n is written: `atleast` gates (default, the readable MEF form), or `shared`, a
   * decomposition into AND/OR gates with shared sub-terms (O(n·k) gates) that some tools —
   * SCRAM among them — handle far faster for large n.
   */
  kOfN?: 'atleast' | 'shared';
  /** Add a top event per layer and per site (`probe-…`): SCRAM then reports each one's probability. */
  probes?: boolean;
}

export type FaultTreeResult = { ok: true; tree: FaultTree } | { ok: false; error: string };

const FALSE: Term = { kind: 'const', value: false };
const TRUE: Term = { kind: 'const', value: true };

/** Builds the structural fault tree of one system. Never throws; a model that does not hold together is an error result. */
export function buildFaultTree(system: SystemModel, options: FaultTreeOptions = {}): FaultTreeResult {
  try {
    return { ok: true, tree: new Builder(system, options).build() };
  } catch (e) {
    if (e instanceof ExportError) return { ok: false, error: e.message };
    throw e;
  }
}

class ExportError extends Error {}

class Builder {
  private readonly names: MefNames;
  private readonly gates: Gate[] = [];
  private readonly events = new Map<string, BasicEvent>();
  /** Element key (`instance:id`, `zone:name`, …) → its claimed MEF name. */
  private readonly elementNames = new Map<string, string>();
  private readonly layerDown = new Map<string, Term>();
  private readonly siteDown = new Map<string, Term>();
  private readonly effectiveDown = new Map<string, Term>();
  private readonly instances: ReadonlyMap<string, InstanceModel>;
  private readonly layers: ReadonlyMap<string, LayerModel>;
  private readonly sites: ReadonlyMap<string, SiteModel>;
  /** Instance id → the common causes covering it, in declaration order. */
  private readonly covering = new Map<string, CommonCauseModel[]>();

  constructor(private readonly system: SystemModel, private readonly options: FaultTreeOptions) {
    this.names = new MefNames(options.prefix ?? '');
    ({ instances: this.instances, layers: this.layers, sites: this.sites } = systemIndex(system));
    // Elements claim their names first, so they keep their plain names in the MEF.
    for (const i of system.instances) this.elementNames.set(`instance:${i.id}`, this.names.claim(i.id));
    for (const z of system.zones) this.elementNames.set(`zone:${z.name}`, this.names.claim(z.name));
    for (const r of system.regions) this.elementNames.set(`region:${r.name}`, this.names.claim(r.name));
    for (const c of system.commonCauses) {
      this.elementNames.set(`${c.kind}:${c.id}`, this.names.claim(c.id));
      for (const id of new Set(c.instances)) {
        const list = this.covering.get(id);
        if (list) list.push(c);
        else this.covering.set(id, [c]);
      }
    }
  }

  build(): FaultTree {
    const layers = this.system.path.map((id) => this.layerTerm(id));
    const before = this.gates.length;
    const top = this.or(
      layers,
      `${this.system.name}-down`,
      `system ${this.system.name} is down: a layer on its path is down`,
    );
    // The top event is always a gate of its own (never a layer's gate, a bare event or a
    // constant), so nothing else — a probe — can reference it and hide it as a top event.
    const own = top.kind === 'gate' && this.gates.length > before && this.gates[this.gates.length - 1]?.name === top.name;
    const topGate = own ? { kind: 'gate' as const, name: top.name } : this.gate(`${this.system.name}-down`, { op: 'ref', arg: top }, `system ${this.system.name} is down`);
    const probes = this.options.probes ? this.probes() : [];
    const tree: FaultTree = { name: this.names.claim(this.system.name), top: topGate, gates: this.gates, basicEvents: [...this.events.values()], probes };
    const windows = this.options.failoverUnavailability;
    if (windows !== undefined && Number.isFinite(windows)) tree.failoverUnavailability = windows;
    return tree;
  }

  /** One extra top event per layer and per site (every layer, on a path or not). */
  private probes(): Probe[] {
    const out: Probe[] = [];
    for (const layer of this.system.layers) {
      const gate = this.gate(`probe-${layer.id}`, { op: 'ref', arg: this.layerTerm(layer.id) }, `probe: layer ${layer.id} is down`);
      out.push({ kind: 'layer', id: layer.id, gate: gate.name });
    }
    for (const site of this.system.sites) {
      const gate = this.gate(`probe-${site.id}-site`, { op: 'ref', arg: this.siteTerm(site.id) }, `probe: site ${site.id} is down`);
      out.push({ kind: 'site', id: site.id, gate: gate.name });
    }
    return out;
  }

  private layerTerm(id: string): Term {
    const known = this.layerDown.get(id);
    if (known) return known;
    const layer = this.layers.get(id);
    if (!layer) throw new ExportError(`layer '${id}' is on a path but not in the model`);
    const members =
      layer.members === 'sites' ? layer.sites.map((s) => this.siteTerm(s)) : layer.instances.map((i) => this.instanceTerm(i));
    const term =
      layer.mode === 'active-passive' ? this.activePassive(layer, members) : this.activeActive(layer, members);
    this.layerDown.set(id, term);
    return term;
  }

  private activeActive(layer: LayerModel, members: Term[]): Term {
    const n = members.length;
    const min = Math.max(1, layer.requirement.min);
    const label = `layer ${layer.id} is down`;
    const load = layer.members === 'nodes' ? layer.requirement.load : undefined;
    if (load === undefined || load <= 0) {
      return this.atLeast(n - min + 1, members, `${layer.id}-down`, `${label}: fewer than ${min} of ${n} members up`);
    }
    const capacities = layer.instances.map((i) => this.instances.get(i)?.capacity ?? 0);
    const first = capacities[0] ?? 0;
    if (first > 0 && capacities.every((c) => c === first)) {
      const k = Math.max(min, Math.ceil(load / first));
      return this.atLeast(n - k + 1, members, `${layer.id}-down`, `${label}: fewer than ${k} of ${n} members up`);
    }
    const countShort = this.atLeast(n - min + 1, members, `${layer.id}-count-short`, `fewer than ${min} of ${n} members of ${layer.id} up`);
    const capacityShort = this.capacityShort(layer, members, capacities, load);
    return this.or([countShort, capacityShort], `${layer.id}-down`, `${label}: too few members or too little capacity up`);
  }

  /**
   * "The members from i on cannot supply r" as a monotone formula in their down events:
   * short(i, r) = (down_i AND short(i+1, r)) OR short(i+1, r − c_i), since with member i up the
   * rest must miss r − c_i, with it down they must miss r, and missing r − c_i implies missing r.
   * Shared sub-terms are memoised on (i, r), so the tree stays pseudo-polynomial, never exponential
   * in the common cases (few distinct capacities).
   */
  private capacityShort(layer: LayerModel, members: Term[], capacities: number[], load: number): Term {
    const order = members.map((_, i) => i).sort((a, b) => (capacities[b] ?? 0) - (capacities[a] ?? 0));
    const suffix: number[] = new Array<number>(order.length + 1).fill(0);
    for (let j = order.length - 1; j >= 0; j--) suffix[j] = (suffix[j + 1] ?? 0) + (capacities[order[j] ?? 0] ?? 0);
    const epsilon = load * 1e-12;
    const memo = new Map<string, Term>();
    const short = (j: number, need: number): Term => {
      if (need <= epsilon) return FALSE;
      if ((suffix[j] ?? 0) < need - epsilon) return TRUE;
      const key = `${j}:${need.toPrecision(15)}`;
      const known = memo.get(key);
      if (known) return known;
      const member = order[j] ?? 0;
      const down = members[member] ?? FALSE;
      const withoutIt = this.and([down, short(j + 1, need)], `${layer.id}-short-${j}-a`, `members of ${layer.id} from #${j + 1} short of ${need} while member ${j + 1} is down`);
      const withIt = short(j + 1, need - (capacities[member] ?? 0));
      const term = this.or([withoutIt, withIt], `${layer.id}-short-${j}`, `members of ${layer.id} from #${j + 1} (by capacity) supply less than ${need}`);
      memo.set(key, term);
      return term;
    };
    return short(0, load);
  }

  /** Structurally, an active-passive layer is down when every member is (its failover windows are not in the tree). */
  private activePassive(layer: LayerModel, members: Term[]): Term {
    const allDown = this.and(members, `${layer.id}-down`, `layer ${layer.id} is down: every member is down (failover windows not included)`);
    return this.named(allDown, `${layer.id}-down`, `layer ${layer.id} is down (failover windows not included)`);
  }

  private siteTerm(id: string): Term {
    const known = this.siteDown.get(id);
    if (known) return known;
    const site = this.sites.get(id);
    if (!site) throw new ExportError(`site '${id}' is a member but not in the model`);
    const term = this.or(site.path.map((l) => this.layerTerm(l)), `${id}-site-down`, `site ${id} is down: a layer on its path is down`);
    this.siteDown.set(id, term);
    return term;
  }

  private instanceTerm(id: string): Term {
    const known = this.effectiveDown.get(id);
    if (known) return known;
    const instance = this.instances.get(id);
    if (!instance) throw new ExportError(`instance '${id}' is a member but not in the model`);
    const own = instance.own ?? instance;
    const ownLabel = instance.own ? `, its own failures outside common-cause ${instance.commonCause ?? 'group'}` : '';
    const parts = [this.element('instance', id, own.unavailability, `instance ${id} (layer ${instance.layer}${ownLabel})`)];
    const zone = instance.zone === undefined ? undefined : this.system.zones.find((z) => z.name === instance.zone);
    if (zone) parts.push(this.element('zone', zone.name, zone.hasAvailability ? zone.unavailability : 0, `zone ${zone.name}`));
    const regionName = instance.region ?? zone?.region;
    const region = regionName === undefined ? undefined : this.system.regions.find((r) => r.name === regionName);
    if (region) parts.push(this.element('region', region.name, region.hasAvailability ? region.unavailability : 0, `region ${region.name}`));
    const causes = this.covering.get(id) ?? [];
    for (const c of causes) parts.push(this.element(c.kind, c.id, c.unavailability, `${c.id}: ${c.kind === 'maintenance' ? 'maintenance' : c.kind === 'deploy' ? 'a bad deploy' : 'a common-cause failure'} taking down ${c.instances.length} instance${c.instances.length === 1 ? '' : 's'}`));
    const why = causes.length > 0 ? 'it, its zone, its region or a common cause covering it is down' : 'it, its zone or its region is down';
    const term = this.or(parts, `${id}-effective-down`, `instance ${id} is effectively down: ${why}`);
    this.effectiveDown.set(id, term);
    return term;
  }

  private element(type: ElementType, id: string, probability: number, label: string): Term {
    const name = this.elementNames.get(`${type}:${id}`) ?? this.names.claim(id);
    if (!this.events.has(name)) this.events.set(name, { name, probability, element: id, type, label });
    return { kind: 'basic-event', name };
  }

  // Gate constructors fold constants and single arguments, so the tree has no trivial gates.

  private or(args: Term[], name: string, label: string): Term {
    if (args.some(isTrue)) return TRUE;
    const live = dedupe(args.filter((a) => !isFalse(a)));
    if (live.length === 0) return FALSE;
    if (live.length === 1) return live[0] as Term;
    return this.gate(name, { op: 'or', args: live }, label);
  }

  private and(args: Term[], name: string, label: string): Term {
    if (args.some(isFalse)) return FALSE;
    const live = dedupe(args.filter((a) => !isTrue(a)));
    if (live.length === 0) return TRUE;
    if (live.length === 1) return live[0] as Term;
    return this.gate(name, { op: 'and', args: live }, label);
  }

  /** At least `min` of `args` true. Callers pass distinct members, so no dedupe (it would change the count). */
  private atLeast(min: number, args: Term[], name: string, label: string): Term {
    const trues = args.filter(isTrue).length;
    const live = args.filter((a) => a.kind !== 'const');
    const need = min - trues;
    if (need <= 0) return TRUE;
    if (need > live.length) return FALSE;
    if (need === 1) return this.or(live, name, label);
    if (need === live.length) return this.and(live, name, label);
    if (this.options.kOfN === 'shared') return this.sharedAtLeast(need, live, name, label);
    return this.gate(name, { op: 'atleast', min: need, args: live }, label);
  }

  /** at-least(t, x_i…) = (x_i AND at-least(t − 1, x_i+1…)) OR at-least(t, x_i+1…), memoised on (i, t). */
  private sharedAtLeast(min: number, args: Term[], name: string, label: string): Term {
    const memo = new Map<string, Term>();
    const at = (i: number, t: number): Term => {
      if (t <= 0) return TRUE;
      if (args.length - i < t) return FALSE;
      const key = `${i}:${t}`;
      const known = memo.get(key);
      if (known) return known;
      const top = i === 0 && t === min;
      const taken = this.and([args[i] as Term, at(i + 1, t - 1)], `${name}-${i}-${t}-a`, `${label} (member ${i + 1} down)`);
      const term = this.or([taken, at(i + 1, t)], top ? name : `${name}-${i}-${t}`, top ? label : `at least ${t} down from member ${i + 1} (${label})`);
      memo.set(key, term);
      return term;
    };
    return at(0, min);
  }

  /** Gives a layer its own named gate even when it is a single event (so every layer appears in the MEF). */
  private named(term: Term, name: string, label: string): Term {
    if (term.kind !== 'basic-event') return term;
    return this.gate(name, { op: 'ref', arg: term }, label);
  }

  private gate(name: string, formula: Formula, label: string): { kind: 'gate'; name: string } {
    const claimed = this.names.claim(name);
    this.gates.push({ name: claimed, formula, label });
    return { kind: 'gate', name: claimed };
  }
}

function isTrue(t: Term): boolean {
  return t.kind === 'const' && t.value;
}

function isFalse(t: Term): boolean {
  return t.kind === 'const' && !t.value;
}

function dedupe(terms: Term[]): Term[] {
  const seen = new Set<string>();
  return terms.filter((t) => {
    const key = t.kind === 'const' ? String(t.value) : t.name;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
