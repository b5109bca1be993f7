/**
 * An independent structural reference for estates (docs/language.md, "Estates"): U_struct of a system with
 * dependencies or of a journey by enumerating every up/down state of the elements involved.
 *
 * It never builds a composite (nor reads `core/estate/`): each service is evaluated on its OWN
 * model (parse → model only, as `test/support/model.ts` does), every service sharing one state:
 * - an element is keyed by what it is in the estate: `i:<service>/<instance id>` for an instance
 *   of a system (the same key whoever reaches the system), `x:<name>` for an external, and
 *   `z:<name>`, `r:<name>` for zones and regions — BY NAME, estate-wide (shared fate);
 * - a system is up when every layer on its own path is up (spec section 3: an instance effectively
 *   up when it, its zone and the zone's region are up; active-active: at least `min` up and the
 *   summed capacity at least `load`; active-passive: one member up; a site up when its path is)
 *   and every hard dependency is up, recursively; soft dependencies count only with `softAsHard`;
 * - a journey is down when one of its steps is (a layer of its system, evaluated in that system,
 *   or a service) or one of its system's hard dependencies is.
 */
import { parse } from '../../grammar/src/index';
import { buildModel } from '../../server/src/core/model/build';
import type { ExternalModel, ModelResult, SystemModel } from '../../server/src/core/model/types';

type RefService = { kind: 'system'; name: string; model: SystemModel } | { kind: 'external'; name: string; model: ExternalModel };

/** The services of an estate by name: the root file's and its imported files' (names are unique in generated estates). */
export class World {
  readonly services = new Map<string, RefService>();
  readonly root: ModelResult;

  constructor(rootText: string, files: ReadonlyMap<string, string> = new Map()) {
    this.root = modelOrThrow(rootText);
    const models = [this.root, ...[...files.values()].map(modelOrThrow)];
    for (const m of models) {
      for (const s of m.systems) this.add({ kind: 'system', name: s.name, model: s });
      for (const e of m.externals) this.add({ kind: 'external', name: e.name, model: e });
    }
  }

  private add(s: RefService): void {
    if (this.services.has(s.name)) throw new Error(`the reference expects unique service names: ${s.name}`);
    this.services.set(s.name, s);
  }

  system(name: string): SystemModel {
    const s = this.services.get(name);
    if (s?.kind !== 'system') throw new Error(`no system ${name}`);
    return s.model;
  }
}

function modelOrThrow(text: string): ModelResult {
  const parsed = parse(text);
  const model = buildModel(parsed);
  const errors = [...parsed.diagnostics, ...model.diagnostics].filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`estate text has errors: ${errors.map((e) => `${e.code}: ${e.message}`).join('; ')}\n${text}`);
  return model;
}

/** What must be up: layers of a root system (evaluated in it), services, and the root's own `use` lines. */
export interface RefTarget {
  /** The system whose layers the steps name and whose `use` lines count (a journey of a system, or the system itself). */
  root?: string;
  /** Top-level layer names of the root. */
  layers: string[];
  /** Services named as steps. */
  services: string[];
  /** Count soft dependencies as hard, everywhere (the degraded figure's counterpart). */
  softAsHard?: boolean;
}

/** The targets of the estate's analyses. */
export const systemTarget = (world: World, name: string, softAsHard = false): RefTarget => ({
  root: name, layers: world.system(name).path.map((id) => layerName(world.system(name), id)), services: [], softAsHard,
});

export function journeyTarget(world: World, path: string[], system?: string): RefTarget {
  const root = system === undefined ? undefined : world.system(system);
  const layers = root ? path.filter((p) => root.layers.some((l) => l.site === undefined && l.name === p)) : [];
  return { ...(system !== undefined ? { root: system } : {}), layers, services: path.filter((p) => !layers.includes(p)) };
}

function layerName(model: SystemModel, id: string): string {
  const l = model.layers.find((x) => x.id === id);
  if (!l) throw new Error(`no layer ${id} in ${model.name}`);
  return l.name;
}

export interface RefResult {
  structuralUnavailability: number;
  /** Elements that can fail, enumerated. */
  elements: string[];
  /** Services counted, each once (the root not included). */
  services: string[];
}

/** Largest number of elements enumerated (2^n states). */
export const REFERENCE_LIMIT = 20;

/** P(target down) over every state of the elements it depends on. */
export function referenceStructural(world: World, target: RefTarget): RefResult {
  const soft = target.softAsHard ?? false;
  const keys = new Map<string, number>();
  const q: number[] = [];
  const element = (key: string, unavailability: number): number => {
    let k = keys.get(key);
    if (k === undefined) {
      k = q.length;
      keys.set(key, k);
      q.push(unavailability);
    }
    return k;
  };
  /** Domains by name, estate-wide: one figure per name. */
  const domainQ = new Map<string, number>();
  const domain = (prefix: 'z' | 'r', d: { name: string; hasAvailability: boolean; unavailability: number }): number => {
    const u = d.hasAvailability ? d.unavailability : 0;
    const known = domainQ.get(`${prefix}:${d.name}`);
    if (known !== undefined && known !== u) throw new Error(`${prefix}:${d.name} declared with two figures`);
    domainQ.set(`${prefix}:${d.name}`, u);
    return element(`${prefix}:${d.name}`, u);
  };

  type Up = (down: Uint8Array) => boolean;
  /** A system's layers (by id) as predicates, the system's instances keyed under `owner`. */
  const compileSystem = (owner: string, model: SystemModel): ((layerId: string) => Up) => {
    const memo = new Map<string, Up>();
    const instanceUp = (id: string): Up => {
      const i = model.instances.find((x) => x.id === id);
      if (!i) throw new Error(`no instance ${id} in ${model.name}`);
      const parts = [element(`i:${owner}/${i.id}`, i.unavailability)];
      const zone = i.zone === undefined ? undefined : model.zones.find((z) => z.name === i.zone);
      if (i.zone !== undefined && !zone) throw new Error(`zone ${i.zone} not declared in ${model.name}`);
      if (zone) parts.push(domain('z', zone));
      const regionName = zone?.region ?? i.region;
      const region = regionName === undefined ? undefined : model.regions.find((r) => r.name === regionName);
      if (region) parts.push(domain('r', region));
      return (down) => parts.every((p) => down[p] === 0);
    };
    const siteUp = (id: string): Up => {
      const site = model.sites.find((s) => s.id === id);
      if (!site) throw new Error(`no site ${id}`);
      const layers = site.path.map(layer);
      return (down) => layers.every((l) => l(down));
    };
    function layer(id: string): Up {
      const known = memo.get(id);
      if (known) return known;
      const l = model.layers.find((x) => x.id === id);
      if (!l) throw new Error(`no layer ${id} in ${model.name}`);
      const members = l.members === 'sites' ? l.sites.map(siteUp) : l.instances.map(instanceUp);
      const capacities = l.members === 'sites' ? [] : l.instances.map((i) => model.instances.find((x) => x.id === i)?.capacity ?? 0);
      const min = Math.max(1, l.requirement.min);
      const load = l.members === 'sites' ? undefined : l.requirement.load;
      const up: Up = (down) => {
        let count = 0;
        let capacity = 0;
        members.forEach((m, k) => {
          if (!m(down)) return;
          count++;
          capacity += capacities[k] ?? 0;
        });
        if (l.mode === 'active-passive') return count >= 1;
        return count >= min && (load === undefined || capacity >= load * (1 - 1e-9));
      };
      memo.set(id, up);
      return up;
    }
    return layer;
  };

  const counted: string[] = [];
  const serviceMemo = new Map<string, Up>();
  const onStack: string[] = [];
  const usesOf = (model: SystemModel): Up[] => model.uses.filter((u) => soft || !u.soft).map((u) => service(u.target));
  function service(name: string): Up {
    const known = serviceMemo.get(name);
    if (known) return known;
    if (onStack.includes(name)) throw new Error(`dependency cycle through ${name}`);
    const s = world.services.get(name);
    if (!s) throw new Error(`unknown service ${name}`);
    onStack.push(name);
    let up: Up;
    if (s.kind === 'external') {
      if (!s.model.hasAvailability) throw new Error(`external ${name} has no availability`);
      const e = element(`x:${name}`, s.model.unavailability);
      up = (down) => down[e] === 0;
    } else {
      const layer = compileSystem(name, s.model);
      const layers = s.model.path.map(layer);
      const deps = usesOf(s.model);
      up = (down) => layers.every((l) => l(down)) && deps.every((d) => d(down));
    }
    onStack.pop();
    counted.push(name);
    serviceMemo.set(name, up);
    return up;
  }

  const parts: Up[] = [];
  if (target.root !== undefined) {
    const model = world.system(target.root);
    const layer = compileSystem(target.root, model);
    for (const name of target.layers) {
      const l = model.layers.find((x) => x.site === undefined && x.name === name);
      if (!l) throw new Error(`no layer ${name} in ${model.name}`);
      parts.push(layer(l.id));
    }
    parts.push(...usesOf(model));
  }
  parts.push(...target.services.map(service));

  const canFail = q.map((u, k) => (u > 0 ? k : -1)).filter((k) => k >= 0);
  if (canFail.length > REFERENCE_LIMIT) throw new Error(`target has ${canFail.length} elements, more than ${REFERENCE_LIMIT}`);
  const down = new Uint8Array(q.length);
  let sum = 0;
  const walk = (k: number, p: number): void => {
    if (p === 0) return;
    if (k === canFail.length) {
      if (!parts.every((x) => x(down))) sum += p;
      return;
    }
    const e = canFail[k] as number;
    const u = q[e] as number;
    down[e] = 0;
    walk(k + 1, p * (1 - u));
    down[e] = 1;
    walk(k + 1, p * u);
    down[e] = 0;
  };
  walk(0, 1);
  const names = [...keys.keys()];
  return { structuralUnavailability: sum, elements: canFail.map((k) => names[k] as string), services: counted };
}
