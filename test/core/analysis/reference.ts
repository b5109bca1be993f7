/**
 * Brute-force reference for the engine's structural part (U_struct, spec section 3: no failover
 * windows; test/verify/brute-force.ts checks the windows): enumerate every joint state of every
 * element and add up the probabilities of the states where the system is down. Written straight from spec section 3 against the model, sharing no code with the engine,
 * so agreement means something. Exponential: only for small models (≤ ~18 random variables).
 */
import type { LayerModel, SystemModel } from '../../../server/src/core/model/types';

type State = Map<string, boolean>; // variable → down?

interface Variable {
  key: string;
  u: number;
}

export interface Reference {
  /** P(system structurally down): U_struct. */
  unavailability: number;
  /** P(layer structurally down) of one layer id. */
  layer(id: string): number;
  /** Birnbaum importance P(down | e down) − P(down | e up), per element key (i:, z:, r:). */
  birnbaum(key: string): number;
  /** Minimal cut sets (element keys) up to `maxOrder`, by testing every subset. */
  cutSets(maxOrder: number): string[][];
}

/** Exact figures of a small model by enumeration of all states. */
export function bruteForce(sys: SystemModel): Reference {
  const layers = new Map(sys.layers.map((l) => [l.id, l]));
  const sites = new Map(sys.sites.map((s) => [s.id, s]));
  const inst = new Map(sys.instances.map((i) => [i.id, i]));
  const zones = new Map(sys.zones.map((z) => [z.name, z]));

  const elementVars: Variable[] = [
    ...sys.instances.map((i) => ({ key: `i:${i.id}`, u: i.unavailability })),
    ...sys.zones.filter((z) => z.hasAvailability && z.unavailability > 0).map((z) => ({ key: `z:${z.name}`, u: z.unavailability })),
    ...sys.regions.filter((r) => r.hasAvailability && r.unavailability > 0).map((r) => ({ key: `r:${r.name}`, u: r.unavailability })),
  ];

  const effUp = (id: string, s: State): boolean => {
    const i = inst.get(id)!;
    if (s.get(`i:${id}`)) return false;
    const region = i.zone !== undefined ? zones.get(i.zone)?.region : i.region;
    if (i.zone !== undefined && s.get(`z:${i.zone}`)) return false;
    if (region !== undefined && s.get(`r:${region}`)) return false;
    return true;
  };
  const layerUp = (l: LayerModel, s: State): boolean => {
    if (l.members === 'sites') {
      const up = l.sites.filter((id) => siteUp(id, s)).length;
      return l.mode === 'active-passive' ? up >= 1 : up >= l.requirement.min;
    }
    const up = l.instances.filter((id) => effUp(id, s));
    if (l.mode === 'active-passive') return up.length >= 1;
    if (up.length < l.requirement.min) return false;
    if (l.requirement.load !== undefined) {
      const cap = up.reduce((c, id) => c + (inst.get(id)!.capacity ?? 0), 0);
      return cap >= l.requirement.load - 1e-9 * l.requirement.load;
    }
    return true;
  };
  const siteUp = (id: string, s: State): boolean => sites.get(id)!.path.every((lid) => layerUp(layers.get(lid)!, s));

  /** Σ P(state) over states where `down(state)`, with some variables forced. */
  const probability = (vars: Variable[], down: (s: State) => boolean, forced: Map<string, boolean> = new Map()): number => {
    const free = vars.filter((v) => !forced.has(v.key));
    if (free.length > 22) throw new Error(`brute force: too many variables (${free.length})`);
    let total = 0;
    const s: State = new Map(forced);
    const n = free.length;
    for (let mask = 0; mask < 1 << n; mask++) {
      let p = 1;
      for (let b = 0; b < n; b++) {
        const v = free[b]!;
        const isDown = ((mask >> b) & 1) === 1;
        s.set(v.key, isDown);
        p *= isDown ? v.u : 1 - v.u;
      }
      if (p > 0 && down(s)) total += p;
    }
    return total;
  };

  const vars = elementVars;
  const allElements = [
    ...sys.instances.map((i) => `i:${i.id}`), ...sys.zones.map((z) => `z:${z.name}`), ...sys.regions.map((r) => `r:${r.name}`),
  ];
  const cutSets = (maxOrder: number): string[][] => {
    // Every subset of at most maxOrder elements, smallest first; keep the minimal ones that
    // take the system down with every other element up.
    const found: string[][] = [];
    const choose = (from: number, acc: string[], size: number): void => {
      if (acc.length === size) {
        if (found.some((f) => f.every((e) => acc.includes(e)))) return;
        const s: State = new Map(acc.map((e) => [e, true]));
        if (systemDown(s)) found.push([...acc]);
        return;
      }
      for (let i = from; i < allElements.length; i++) choose(i + 1, [...acc, allElements[i]!], size);
    };
    for (let size = 1; size <= maxOrder; size++) choose(0, [], size);
    return found;
  };
  const systemDown = (s: State): boolean => !sys.path.every((id) => layerUp(layers.get(id)!, s));
  const unavailability = probability(vars, systemDown);
  const layer = (id: string): number => probability(vars, (s) => !layerUp(layers.get(id)!, s));
  const birnbaum = (key: string): number =>
    probability(vars, systemDown, new Map([[key, true]])) - probability(vars, systemDown, new Map([[key, false]]));
  return { unavailability, layer, birnbaum, cutSets };
}
