/**
 * A third, deliberately naive implementation of spec section 3 for small systems: enumerate
 * every up/down state of every element (and every failover-in-progress event) and add up the
 * probability of the states where the system is down. It reads the semantic model directly
 * (not the fault tree), computes the Birnbaum-weighted frequency of primary sites itself, and
 * is the tie-breaker when the engine and SCRAM disagree. Exponential: small models only.
 */
import { nodeFailoverProbability } from '../../server/src/core/export/failover';
import type { LayerModel, SiteModel, SystemModel } from '../../server/src/core/model/types';

/** Largest number of independent events (elements + failover events) enumerated. */
export const BRUTE_FORCE_LIMIT = 18;

interface Event {
  key: string;
  /** P(down). */
  probability: number;
  failuresPerHour: number;
}

export interface BruteForceResult {
  /** Undefined when the whole system has too many events to enumerate. */
  unavailability: number | undefined;
  /** q per active-passive layer id. */
  failoverProbability: Map<string, number>;
}

/**
 * Exact U of a small system by enumeration, and q of every active-passive layer (a primary site
 * is enumerated on its own, so q is found even when the whole system is too big). Undefined when
 * a primary site itself is too big.
 */
export function bruteForce(system: SystemModel): BruteForceResult | undefined {
  const q = new Map<string, number>();
  const evaluator = new Evaluator(system, q);
  // Site layers' q needs the Birnbaum weights of their primary site, which may contain inner
  // active-passive layers: resolve innermost first (layers are listed outer before inner).
  for (const layer of [...system.layers].reverse()) {
    if (layer.mode !== 'active-passive') continue;
    if (layer.members === 'nodes') {
      q.set(layer.id, nodeFailoverProbability(system, layer) ?? 0);
      continue;
    }
    if (layer.standbys.length === 0 || !layer.failover || layer.primary === undefined) {
      q.set(layer.id, 0);
      continue;
    }
    const primary = layer.primary;
    const frequency = evaluator.birnbaumFrequency((s) => evaluator.siteUp(primary, s), () => evaluator.siteEvents(primary));
    if (frequency === undefined) return undefined;
    q.set(layer.id, Math.min(1, (frequency * layer.failover.failoverSeconds) / 3600));
  }
  const events = evaluator.events(system.path.flatMap((l) => evaluator.layerEvents(l)));
  if (events.length > BRUTE_FORCE_LIMIT) return { unavailability: undefined, failoverProbability: q };
  let unavailability = 0;
  evaluator.enumerate(events, (state, p) => {
    if (!system.path.every((l) => evaluator.layerUp(l, state))) unavailability += p;
  });
  return { unavailability, failoverProbability: q };
}

/**
 * Birnbaum importance of each element of a small system, P(critical) summed directly
 * (see `birnbaumOf`); keys are `i:id`, `z:name`, `r:name`. Undefined when too big.
 */
export function bruteForceBirnbaum(system: SystemModel): Map<string, number> | undefined {
  const brute = bruteForce(system);
  if (!brute || brute.unavailability === undefined) return undefined;
  const evaluator = new Evaluator(system, brute.failoverProbability);
  const events = evaluator.events(system.path.flatMap((l) => evaluator.layerEvents(l)));
  return evaluator.criticality((s) => system.path.every((l) => evaluator.layerUp(l, s)), events);
}

type State = Set<string>;

class Evaluator {
  private readonly layers: Map<string, LayerModel>;
  private readonly all = new Map<string, Event>();
  private readonly keysOf = new Map<string, string[]>();
  private readonly sites: Map<string, SiteModel>;
  private readonly capacity: Map<string, number>;

  constructor(private readonly system: SystemModel, private readonly q: Map<string, number>) {
    this.layers = new Map(system.layers.map((l) => [l.id, l]));
    this.sites = new Map(system.sites.map((x) => [x.id, x]));
    this.capacity = new Map(system.instances.map((i) => [i.id, i.capacity ?? 0]));
    for (const i of system.instances) this.all.set(`i:${i.id}`, { key: `i:${i.id}`, probability: i.unavailability, failuresPerHour: i.failuresPerHour });
    for (const d of [...system.zones, ...system.regions]) {
      const key = `${d.type === 'zone' ? 'z' : 'r'}:${d.name}`;
      this.all.set(key, { key, probability: d.hasAvailability ? d.unavailability : 0, failuresPerHour: d.hasAvailability ? d.failuresPerHour : 0 });
    }
  }

  /** The keys of the events an instance's effective state depends on. */
  private instanceKeys(id: string): string[] {
    const known = this.keysOf.get(id);
    if (known) return known;
    const i = this.system.instances.find((x) => x.id === id);
    if (!i) return [];
    const zone = this.system.zones.find((z) => z.name === i.zone);
    const region = i.region ?? zone?.region;
    const keys = [`i:${id}`, ...(zone ? [`z:${zone.name}`] : []), ...(region !== undefined ? [`r:${region}`] : [])];
    this.keysOf.set(id, keys);
    return keys;
  }

  layerEvents(id: string): string[] {
    const l = this.layers.get(id);
    if (!l) return [];
    const own = l.mode === 'active-passive' && l.standbys.length > 0 ? [`f:${id}`] : [];
    const members = l.members === 'sites' ? l.sites.flatMap((s) => this.siteEvents(s)) : l.instances.flatMap((i) => this.instanceKeys(i));
    return [...own, ...members];
  }

  siteEvents(id: string): string[] {
    const site = this.sites.get(id);
    return site ? site.path.flatMap((l) => this.layerEvents(l)) : [];
  }

  events(keys: string[]): Event[] {
    return [...new Set(keys)].map((key) =>
      key.startsWith('f:') ? { key, probability: this.q.get(key.slice(2)) ?? 0, failuresPerHour: 0 } : (this.all.get(key) as Event),
    );
  }

  /** Calls `visit` with the set of DOWN events of every state and the state's probability. */
  enumerate(events: Event[], visit: (down: State, probability: number) => void): void {
    const walk = (i: number, down: State, p: number): void => {
      if (p === 0) return;
      if (i === events.length) return visit(down, p);
      const e = events[i] as Event;
      walk(i + 1, down, p * (1 - e.probability));
      down.add(e.key);
      walk(i + 1, down, p * e.probability);
      down.delete(e.key);
    };
    walk(0, new Set(), 1);
  }

  /**
   * Σ_e Birnbaum(e) × f_e over the elements `up` depends on (spec section 3, sites). Birnbaum is
   * summed directly as P(e is critical) = P(the site is up with e up and down with e down), a sum
   * of positive terms: the difference P(down | e down) − P(down | e up) would cancel most of its
   * digits when a failover term dominates both.
   */
  birnbaumFrequency(up: (s: State) => boolean, keys: () => string[]): number | undefined {
    const events = this.events(keys());
    if (events.length > BRUTE_FORCE_LIMIT) return undefined;
    const critical = this.criticality(up, events.filter((e) => e.key.startsWith('f:') || e.failuresPerHour > 0));
    return events.reduce((sum, e) => sum + (e.key.startsWith('f:') ? 0 : (critical.get(e.key) ?? 0) * e.failuresPerHour), 0);
  }

  /** P(e is critical) for each element event: up with it up, down with it down, summed over the other events' states. */
  criticality(up: (s: State) => boolean, events: Event[]): Map<string, number> {
    const critical = new Map<string, number>();
    const elements = events.filter((e) => !e.key.startsWith('f:') && e.probability < 1);
    this.enumerate(events, (down, p) => {
      if (!up(down)) return;
      for (const e of elements) {
        if (down.has(e.key)) continue;
        down.add(e.key);
        if (!up(down)) critical.set(e.key, (critical.get(e.key) ?? 0) + p / (1 - e.probability));
        down.delete(e.key);
      }
    });
    return critical;
  }

  instanceUp(id: string, down: State): boolean {
    return this.instanceKeys(id).every((k) => !down.has(k));
  }

  siteUp(id: string, down: State): boolean {
    const site = this.sites.get(id);
    return site !== undefined && site.path.every((l) => this.layerUp(l, down));
  }

  layerUp(id: string, down: State): boolean {
    const l = this.layers.get(id);
    if (!l) return false;
    const ups = l.members === 'sites' ? l.sites.map((s) => this.siteUp(s, down)) : l.instances.map((i) => this.instanceUp(i, down));
    const count = ups.filter(Boolean).length;
    if (l.mode === 'active-passive') return count >= 1 && !down.has(`f:${id}`);
    if (count < Math.max(1, l.requirement.min)) return false;
    if (l.members === 'sites' || l.requirement.load === undefined) return true;
    const capacity = l.instances.reduce((sum, i, j) => sum + (ups[j] ? (this.capacity.get(i) ?? 0) : 0), 0);
    return capacity >= l.requirement.load;
  }
}
