/**
 * The test suites' one brute-force reference: an independent, deliberately naive evaluation of
 * spec sections 3 (revision 2) and 5 for small systems. It reads the semantic model directly
 * (never the engine, never the fault tree) and evaluates the definitions as written:
 *
 * - U_struct: every up/down state of every element that can fail (instances, zones and regions
 *   with availability — the others never fail — and common causes: deploys, common-cause groups,
 *   maintenance), P(state) summed over the states where the target is structurally down (every
 *   active-passive layer up exactly when a member is). An instance is effectively up when it (with
 *   its own figures, `own ?? instance`), its zone, its region and every common cause covering it
 *   are up; a common cause is an element like a zone, its failure a window trigger like any.
 * - The windows' term Σ_e f_e × X_e: for each element e, every state S of the OTHER elements;
 *   with e up (before) and e down (after), each active-passive layer at any depth opens a window
 *   when e's failure takes its active member (the primary if up, else the first standby up, in
 *   declaration order; structural "up") from up to down while a standby is up once e is down;
 *   the window lasts T_fo(j) of j, the first standby up once e is down. Between consecutive
 *   window ends a < b the pieces "e still down" (weight MTTR_e(e^(−a/MTTR_e) − e^(−b/MTTR_e)))
 *   and "e back" (the rest of b − a) each add weight × (1[down, open windows] − 1[down, none]).
 *   A layer with an open window is down; a window inside a site makes the site unavailable but
 *   is not a failure of the site for the layer of sites above.
 *
 * The same enumeration gives each layer's and site's own figures (the layer or site alone as
 * the target), and, for each active-passive layer L, the system's term with only L's windows
 * open, split by the type of e, and how many windows L opens a year.
 *
 * Structure (spec section 5), from the same structure function: Birnbaum importance of an element
 * e is the U_struct enumeration with e held down minus the one with e held up; minimal cut sets
 * test every set of elements (every instance, zone and region, those that never fail included),
 * smallest first, for the system down with the others up.
 *
 * Exponential in the number of elements: a target with more than BRUTE_FORCE_LIMIT elements
 * that can fail is not evaluated (its figures are undefined). Cut sets enumerate no states, so
 * the limit does not bound them.
 */
import type { DomainModel, ElementType, LayerModel, SystemModel, Temperature } from '../../server/src/core/model/types';

/** Largest number of elements (that can fail) a target may have to be enumerated. */
export const BRUTE_FORCE_LIMIT = 18;
export const SECONDS_PER_YEAR = 31_557_600;
/** Relative rounding a summed capacity may fall short of `load` by and still carry it. */
const LOAD_ROUNDING = 1e-9;
/** The prefix of an element's key: `i:app-1`, `z:az1`, `r:use1`, `c:deploy app`. */
const KEY_PREFIX: Record<ElementType, string> = { instance: 'i:', zone: 'z:', region: 'r:', deploy: 'c:', 'common-cause': 'c:', maintenance: 'c:' };

/** The trigger bucket of an element type: common causes share one. */
function bucketOf(type: ElementType): keyof TriggerSplit {
  return type === 'instance' || type === 'zone' || type === 'region' ? type : 'commonCause';
}
/** Promotion by temperature (spec section 3), written here again rather than imported from the model. */
const PROMOTION_SECONDS: Record<Temperature, number> = { hot: 5, warm: 60, cold: 30 * 60 };

/** A target's figures: U = U_struct + the windows' term. */
export interface Figures {
  unavailability: number;
  structuralUnavailability: number;
  failoverUnavailability: number;
}

/** Seconds per year by the type of the element whose failure opened the window. */
export interface TriggerSplit {
  instance: number;
  zone: number;
  region: number;
  /** Deploys, common-cause groups and maintenance. */
  commonCause: number;
}

/** What one active-passive layer's windows cost (the engine's `LayerFigures.failover`). */
export interface LayerFailover {
  /** The system's windows' term with only this layer's windows open; undefined when the system is too big. */
  cost?: { secondsPerYear: number; unavailability: number; byTrigger: TriggerSplit };
  /** Σ_e f_e × P(the layer opens a window | e fails) × seconds a year; undefined when the layer is too big. */
  windowsPerYear?: number;
}

export interface BruteForceResult {
  /** The whole system; undefined when it has too many elements. */
  system: Figures | undefined;
  /** Every layer alone (on a path or not, inside sites too); undefined when too big. */
  layers: Map<string, Figures | undefined>;
  /** Every site alone. */
  sites: Map<string, Figures | undefined>;
  /** Active-passive layers with a standby. */
  failover: Map<string, LayerFailover>;
  /** How many elements (that can fail) the system has. */
  elementCount: number;
  /**
   * Birnbaum importance for the system of an element (`i:<instance>`, `z:<zone>`, `r:<region>`,
   * `c:<common cause id>`):
   * P(down | e down) − P(down | e up), structural; undefined when the system has too many elements.
   */
  birnbaum(key: string): number | undefined;
  /** The system's minimal cut sets (element keys) of at most `maxOrder` elements. */
  cutSets(maxOrder: number): string[][];
}

/**
 * Revision 2's figures of a small system by enumeration, each target (system, layer, site)
 * evaluated when it has at most `limit` elements; undefined when the model is not analysable.
 */
export function bruteForce(system: SystemModel, limit = BRUTE_FORCE_LIMIT): BruteForceResult | undefined {
  if (!system.analysable) return undefined;
  return new Reference(system, limit).evaluate();
}

/** T_fo(j) in seconds of standby `standby` (an instance or site id) of `layer`, from the spec's rules. */
export function standbyFailoverSeconds(system: SystemModel, layer: LayerModel, standby: string): number {
  const failover = layer.failover;
  if (!failover) throw new Error(`layer ${layer.id} has no failover`);
  const member =
    layer.members === 'sites' ? system.sites.find((s) => s.id === standby) : system.instances.find((i) => i.id === standby);
  if (!member) throw new Error(`standby ${standby} of ${layer.id} is not in the model`);
  const promotion =
    member.promoteSeconds ?? failover.sharedPromotionSeconds ?? PROMOTION_SECONDS[member.standby ?? 'warm'];
  return failover.detectionSeconds + promotion;
}

/** One element: an instance, zone, region or common cause. */
interface Element {
  key: string;
  type: ElementType;
  name: string;
  /** 0 for one that never fails (a domain without availability, 100%): always up unless held down. */
  unavailability: number;
  canFail: boolean;
  failuresPerSecond: number;
  mttrSeconds: number;
}

/**
 * A layer as the enumeration reads it: members by position, each an instance (the indices of
 * the elements it depends on) or a site (its index). Plain arrays, so the inner loops allocate
 * nothing.
 */
interface Layer {
  id: string;
  model: LayerModel;
  passive: boolean;
  /** Active-passive with a standby and a failover: it can open windows. */
  failsOver: boolean;
  ofSites: boolean;
  /** Layers of nodes: per member, the elements (instance, zone, region) it depends on. */
  memberElements: number[][];
  /** Layers of sites: per member, the site's index. */
  memberSites: number[];
  capacities: number[];
  min: number;
  load: number | undefined;
  /** Active-passive: member positions of the primary and of the standbys, in takeover order. */
  primary: number;
  standbys: number[];
  /** T_fo(j) of each standby, in seconds. */
  standbySeconds: number[];
}

interface Site {
  id: string;
  pathLayers: number[];
}

/** A window opened by one failure: the layer (index) and how long it lasts, in seconds. */
interface Window {
  layer: number;
  seconds: number;
}

/** The accumulators of one target's enumeration. */
interface PassResult {
  figures: Figures;
  /** Per active-passive layer of the target: the term with only its windows open, by trigger type (probability, not seconds). */
  onlyTerm: Map<string, TriggerSplit>;
  /** Per active-passive layer of the target: Σ_e f_e × P(it opens a window | e fails), per second. */
  windowsPerSecond: Map<string, number>;
}

class Reference {
  private readonly layers: Layer[] = [];
  private readonly sites: Site[] = [];
  private readonly layerIndex = new Map<string, number>();
  private readonly elements: Element[] = [];
  /** Element key (`i:…`, `z:…`, `r:…`) → index. */
  private readonly keyIndex = new Map<string, number>();
  /** Which element is down (1) in the state being visited. */
  private readonly down: Uint8Array;
  /** Which layer has its window open (1) in the piece being evaluated. */
  private readonly open: Uint8Array;
  /** All windows closed. */
  private readonly closed: Uint8Array;

  constructor(private readonly system: SystemModel, private readonly limit: number) {
    type Rates = { unavailability: number; failuresPerSecond: number; mttrSeconds: number };
    const add = (type: ElementType, name: string, figures: Rates): number => {
      const key = `${KEY_PREFIX[type]}${name}`;
      const known = this.keyIndex.get(key);
      if (known !== undefined) return known;
      const { unavailability, failuresPerSecond, mttrSeconds } = figures;
      this.keyIndex.set(key, this.elements.length);
      this.elements.push({ key, type, name, unavailability, canFail: unavailability > 0, failuresPerSecond, mttrSeconds });
      return this.elements.length - 1;
    };
    // A zone or region without availability never fails (spec section 3) but is still an element.
    const domainFigures = (d: DomainModel): Rates => (d.hasAvailability ? d : { unavailability: 0, failuresPerSecond: 0, mttrSeconds: d.mttrSeconds });
    // Common causes: their keys come after the domains' (`c:deploy app`), each with its own figures.
    const covering = new Map<string, number[]>();
    const causes = system.commonCauses.map((c) => ({ c, index: -1 }));
    const instanceElements = new Map<string, number[]>();
    for (const i of system.instances) {
      const zone = i.zone === undefined ? undefined : system.zones.find((z) => z.name === i.zone);
      const regionName = i.region ?? zone?.region;
      const region = regionName === undefined ? undefined : system.regions.find((r) => r.name === regionName);
      instanceElements.set(i.id, [
        add('instance', i.id, i.own ?? i),
        ...(zone ? [add('zone', zone.name, domainFigures(zone))] : []),
        ...(region ? [add('region', region.name, domainFigures(region))] : []),
      ]);
    }
    // Zones and regions no instance is in: elements all the same (keys for importance and cut sets).
    for (const d of [...system.zones, ...system.regions]) add(d.type, d.name, domainFigures(d));
    for (const entry of causes) {
      entry.index = add(entry.c.kind, entry.c.id, entry.c);
      for (const id of entry.c.instances) covering.set(id, [...(covering.get(id) ?? []), entry.index]);
    }
    for (const [id, list] of covering) instanceElements.get(id)?.push(...new Set(list));
    system.layers.forEach((l, k) => this.layerIndex.set(l.id, k));
    const siteIndex = new Map(system.sites.map((s, k) => [s.id, k]));
    for (const s of system.sites) this.sites.push({ id: s.id, pathLayers: s.path.map((l) => this.indexOfLayer(l)) });
    for (const l of system.layers) {
      const members = l.members === 'sites' ? l.sites : l.instances;
      const position = (id: string): number => members.indexOf(id);
      const failsOver = l.mode === 'active-passive' && l.standbys.length > 0 && l.failover !== undefined && l.primary !== undefined;
      this.layers.push({
        id: l.id,
        model: l,
        passive: l.mode === 'active-passive',
        failsOver,
        ofSites: l.members === 'sites',
        memberElements: l.members === 'sites' ? [] : l.instances.map((i) => instanceElements.get(i) ?? []),
        memberSites: l.members === 'sites' ? l.sites.map((s) => siteIndex.get(s) ?? -1) : [],
        capacities: l.members === 'sites' ? l.sites.map(() => 0) : l.instances.map((i) => system.instances.find((x) => x.id === i)?.capacity ?? 0),
        min: Math.max(1, l.requirement.min),
        load: l.members === 'sites' ? undefined : l.requirement.load,
        primary: l.primary === undefined ? -1 : position(l.primary),
        standbys: l.standbys.map(position),
        standbySeconds: failsOver ? l.standbys.map((s) => standbyFailoverSeconds(system, l, s)) : [],
      });
    }
    this.down = new Uint8Array(this.elements.length);
    this.open = new Uint8Array(this.layers.length);
    this.closed = new Uint8Array(this.layers.length);
  }

  evaluate(): BruteForceResult {
    const systemPass = this.pass(this.system.path);
    const layers = new Map(this.system.layers.map((l) => [l.id, this.pass([l.id])]));
    const sites = new Map(this.system.sites.map((s) => [s.id, this.pass(s.path)?.figures]));
    const failover = new Map<string, LayerFailover>();
    for (const l of this.layers) {
      if (!l.failsOver) continue;
      const own = layers.get(l.id)?.windowsPerSecond.get(l.id);
      const entry: LayerFailover = own === undefined ? {} : { windowsPerYear: own * SECONDS_PER_YEAR };
      if (systemPass) {
        // A layer the system does not depend on costs it nothing.
        const term = systemPass.onlyTerm.get(l.id) ?? { instance: 0, zone: 0, region: 0, commonCause: 0 };
        const total = term.instance + term.zone + term.region + term.commonCause;
        entry.cost = {
          secondsPerYear: total * SECONDS_PER_YEAR,
          unavailability: total,
          byTrigger: {
            instance: term.instance * SECONDS_PER_YEAR,
            zone: term.zone * SECONDS_PER_YEAR,
            region: term.region * SECONDS_PER_YEAR,
            commonCause: term.commonCause * SECONDS_PER_YEAR,
          },
        };
      }
      failover.set(l.id, entry);
    }
    return {
      system: systemPass?.figures,
      layers: new Map([...layers].map(([id, p]) => [id, p?.figures])),
      sites,
      failover,
      elementCount: this.elementsUnder(this.systemTarget()).length,
      birnbaum: (key) => this.birnbaum(key),
      cutSets: (maxOrder) => this.cutSets(maxOrder),
    };
  }

  private systemTarget(): number[] {
    return this.system.path.map((l) => this.indexOfLayer(l));
  }

  private indexOfLayer(id: string): number {
    const k = this.layerIndex.get(id);
    if (k === undefined) throw new Error(`layer ${id} is not in the model`);
    return k;
  }

  // ---- one target -------------------------------------------------------------------------

  /**
   * Enumerates one target (the layers that must all be up: the system's path, one layer, or a
   * site's path); undefined when it has too many elements.
   */
  private pass(targetIds: string[]): PassResult | undefined {
    const target = targetIds.map((l) => this.indexOfLayer(l));
    const elements = this.elementsUnder(target);
    if (elements.length > this.limit) return undefined;
    const passive = this.layersUnder(target).filter((l) => this.layers[l]?.failsOver);

    const structural = this.structural(target, elements);

    let windowsTerm = 0;
    const onlyTerm = new Map(passive.map((l) => [this.layerId(l), { instance: 0, zone: 0, region: 0, commonCause: 0 }]));
    const windowsPerSecond = new Map(passive.map((l) => [this.layerId(l), 0]));
    for (const e of elements) {
      const element = this.elements[e] as Element;
      if (!(element.failuresPerSecond > 0)) continue;
      // Only a layer with e under one of its members can see e's failure change its active member.
      const touched = passive.filter((l) => this.elementsUnder([l]).includes(e));
      if (touched.length === 0) continue;
      const others = elements.filter((x) => x !== e);
      let x = 0;
      const xOnly = new Float64Array(this.layers.length);
      const opens = new Float64Array(this.layers.length);
      this.enumerate(others, (p) => {
        const windows = this.windowsOpened(touched, e);
        if (windows.length === 0) return;
        const extra = this.extraDowntimeSeconds(windows, e, element.mttrSeconds, target);
        x += p * extra;
        for (const w of windows) {
          opens[w.layer] = (opens[w.layer] ?? 0) + p;
          // With one window, "only this layer's windows" is every window.
          const only = windows.length === 1 ? extra : this.extraDowntimeSeconds([w], e, element.mttrSeconds, target);
          xOnly[w.layer] = (xOnly[w.layer] ?? 0) + p * only;
        }
      });
      windowsTerm += element.failuresPerSecond * x;
      for (const l of touched) {
        const id = this.layerId(l);
        const split = onlyTerm.get(id) as TriggerSplit;
        split[bucketOf(element.type)] += element.failuresPerSecond * (xOnly[l] ?? 0);
        windowsPerSecond.set(id, (windowsPerSecond.get(id) ?? 0) + element.failuresPerSecond * (opens[l] ?? 0));
      }
    }
    return {
      figures: { unavailability: structural + windowsTerm, structuralUnavailability: structural, failoverUnavailability: windowsTerm },
      onlyTerm,
      windowsPerSecond,
    };
  }

  /** P(target structurally down): Σ P(state) over the states of `elements` where it is down, the others as in `this.down`. */
  private structural(target: number[], elements: number[]): number {
    let sum = 0;
    this.enumerate(elements, (p) => {
      if (this.targetDown(target, this.closed)) sum += p;
    });
    return sum;
  }

  // ---- structure of the system (spec section 5) -------------------------------------------

  /** Birnbaum importance: the U_struct enumeration over the others with e held down, minus with e held up. */
  private birnbaum(key: string): number | undefined {
    const e = this.keyIndex.get(key);
    if (e === undefined) throw new Error(`no element ${key}`);
    const target = this.systemTarget();
    const elements = this.elementsUnder(target);
    if (elements.length > this.limit) return undefined;
    const others = elements.filter((x) => x !== e);
    this.down[e] = 1;
    const ifDown = this.structural(target, others);
    this.down[e] = 0;
    return ifDown - this.structural(target, others);
  }

  /**
   * Minimal cut sets by testing every set of at most `maxOrder` elements, smallest first: a set
   * is one when the system is structurally down with it down and every other element up, and no
   * smaller one found is inside it.
   */
  private cutSets(maxOrder: number): string[][] {
    const target = this.systemTarget();
    const found: number[][] = [];
    const chosen: number[] = [];
    const choose = (from: number, size: number): void => {
      if (chosen.length === size) {
        if (found.some((f) => f.every((e) => chosen.includes(e)))) return;
        for (const e of chosen) this.down[e] = 1;
        if (this.targetDown(target, this.closed)) found.push([...chosen]);
        for (const e of chosen) this.down[e] = 0;
        return;
      }
      for (let i = from; i < this.elements.length; i++) {
        chosen.push(i);
        choose(i + 1, size);
        chosen.pop();
      }
    };
    for (let size = 1; size <= maxOrder; size++) choose(0, size);
    return found.map((set) => set.map((e) => (this.elements[e] as Element).key));
  }

  private layerId(l: number): string {
    return (this.layers[l] as Layer).id;
  }

  /**
   * Calls `visit(P(state))` once per up/down state of `indices`, with `this.down` set to it.
   * Every other element is up (and stays so).
   */
  private enumerate(indices: number[], visit: (probability: number) => void): void {
    const walk = (k: number, p: number): void => {
      if (p === 0) return;
      if (k === indices.length) return visit(p);
      const i = indices[k] as number;
      const u = (this.elements[i] as Element).unavailability;
      this.down[i] = 0;
      walk(k + 1, p * (1 - u));
      this.down[i] = 1;
      walk(k + 1, p * u);
      this.down[i] = 0;
    };
    walk(0, 1);
  }

  /**
   * The windows that e's failure opens in the current state of the others (e is up in
   * `this.down` on entry and on return): in each layer whose active member e's failure takes
   * down while a standby is up, lasting T_fo of the first standby up once e is down.
   */
  private windowsOpened(layers: number[], e: number): Window[] {
    const activeBefore: number[] = [];
    for (const l of layers) activeBefore.push(this.activeMember(this.layers[l] as Layer));
    this.down[e] = 1;
    const out: Window[] = [];
    for (let k = 0; k < layers.length; k++) {
      const layer = this.layers[layers[k] as number] as Layer;
      const active = activeBefore[k] as number;
      if (active < 0 || this.memberUp(layer, active)) continue;
      for (let j = 0; j < layer.standbys.length; j++) {
        if (!this.memberUp(layer, layer.standbys[j] as number)) continue;
        out.push({ layer: layers[k] as number, seconds: layer.standbySeconds[j] as number });
        break;
      }
    }
    this.down[e] = 0;
    return out;
  }

  /** The member serving an active-passive layer: the primary when up, else the first standby up; −1 for none. */
  private activeMember(l: Layer): number {
    if (this.memberUp(l, l.primary)) return l.primary;
    for (const s of l.standbys) if (this.memberUp(l, s)) return s;
    return -1;
  }

  /** Structural "up" of a member: an instance effectively up, a site with every path layer up (no windows). */
  private memberUp(l: Layer, member: number): boolean {
    return l.ofSites ? this.siteUp(l.memberSites[member] as number, this.closed) : this.instanceUp(l.memberElements[member] as number[]);
  }

  /**
   * ∫ (1[target down, windows open] − 1[target down, none]) dt over e's repair time, with the
   * other elements as in `this.down` (e up on entry and return), in seconds.
   */
  private extraDowntimeSeconds(windows: Window[], e: number, mttrSeconds: number, target: number[]): number {
    const ends = [...new Set(windows.map((w) => w.seconds))].sort((a, b) => a - b);
    this.down[e] = 1;
    const downWithoutWindows = this.targetDown(target, this.closed) ? 1 : 0;
    this.down[e] = 0;
    const backWithoutWindows = this.targetDown(target, this.closed) ? 1 : 0;
    let total = 0;
    let a = 0;
    for (const b of ends) {
      for (const w of windows) this.open[w.layer] = w.seconds >= b ? 1 : 0;
      const [stillDown, back] = pieceWeights(a, b, mttrSeconds);
      this.down[e] = 1;
      const whileDown = (this.targetDown(target, this.open) ? 1 : 0) - downWithoutWindows;
      this.down[e] = 0;
      const afterRepair = (this.targetDown(target, this.open) ? 1 : 0) - backWithoutWindows;
      total += stillDown * whileDown + back * afterRepair;
      a = b;
    }
    for (const w of windows) this.open[w.layer] = 0;
    return total;
  }

  // ---- structure --------------------------------------------------------------------------

  private targetDown(target: number[], open: Uint8Array): boolean {
    for (const l of target) if (!this.layerUp(l, open)) return true;
    return false;
  }

  private instanceUp(elements: number[]): boolean {
    for (const i of elements) if (this.down[i] === 1) return false;
    return true;
  }

  /** A site is available when every layer on its path is up (with the windows of `open` open inside it). */
  private siteUp(site: number, open: Uint8Array): boolean {
    for (const l of (this.sites[site] as Site).pathLayers) if (!this.layerUp(l, open)) return false;
    return true;
  }

  /**
   * A layer is up in the current state with the windows of `open` open: a layer with a window
   * is down; active-passive needs one member up; active-active at least `min` and, with
   * `load`, the capacity. A site with a window inside is unavailable here, not failed. "At least
   * load" is in exact arithmetic, so the sum's rounding is forgiven (0.1 + 0.7 carries 0.8).
   */
  private layerUp(index: number, open: Uint8Array): boolean {
    const l = this.layers[index] as Layer;
    if (l.passive && open[index] === 1) return false;
    const n = l.ofSites ? l.memberSites.length : l.memberElements.length;
    let count = 0;
    let capacity = 0;
    for (let k = 0; k < n; k++) {
      const up = l.ofSites ? this.siteUp(l.memberSites[k] as number, open) : this.instanceUp(l.memberElements[k] as number[]);
      if (!up) continue;
      count++;
      capacity += l.capacities[k] as number;
    }
    if (l.passive) return count >= 1;
    if (count < l.min) return false;
    return l.load === undefined || capacity >= l.load - LOAD_ROUNDING * l.load;
  }

  /** The layers a target depends on: the given ones and, inside their sites, the sites' path layers. */
  private layersUnder(ids: number[]): number[] {
    const out = new Set<number>();
    const walk = (l: number): void => {
      if (out.has(l)) return;
      out.add(l);
      for (const s of (this.layers[l] as Layer).memberSites) for (const inner of (this.sites[s] as Site).pathLayers) walk(inner);
    };
    ids.forEach(walk);
    return [...out];
  }

  /** The indices of the elements that can fail a target depends on (the others are always up unless held down). */
  private elementsUnder(ids: number[]): number[] {
    const out = new Set<number>();
    for (const l of this.layersUnder(ids)) {
      for (const member of (this.layers[l] as Layer).memberElements) for (const e of member) if ((this.elements[e] as Element).canFail) out.add(e);
    }
    return [...out].sort((a, b) => a - b);
  }
}

/**
 * The weights of one piece [a, b] (seconds) of e's repair: ∫ₐᵇ P(R > t) dt for "e still down"
 * = MTTR(e^(−a/MTTR) − e^(−b/MTTR)), and the rest of b − a for "e back". The second is
 * written without the subtraction (b − a) − first, which cancels when b − a ≪ MTTR:
 * (b − a)(1 − e^(−a/MTTR)) + MTTR·e^(−a/MTTR)·(x − (1 − e^(−x))), x = (b − a)/MTTR.
 */
export function pieceWeights(a: number, b: number, mttrSeconds: number): [stillDown: number, back: number] {
  const x = (b - a) / mttrSeconds;
  const decay = Math.exp(-a / mttrSeconds);
  const stillDown = mttrSeconds * decay * -Math.expm1(-x);
  const back = (b - a) * -Math.expm1(-a / mttrSeconds) + mttrSeconds * decay * xMinusOneMinusExp(x);
  return [stillDown, back];
}

/** x − (1 − e^(−x)) = x²/2 − x³/6 + …, by its series for small x. */
function xMinusOneMinusExp(x: number): number {
  if (x > 1e-2) return x + Math.expm1(-x);
  let term = (x * x) / 2;
  let sum = 0;
  for (let n = 3; Math.abs(term) > 1e-18 * Math.abs(sum) || sum === 0; n++) {
    sum += term;
    term *= -x / n;
    if (term === 0) break;
  }
  return sum;
}
