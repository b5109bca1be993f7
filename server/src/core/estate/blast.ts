/**
 * Blast radius (`topo blast FILE ELEMENT`): what goes down, or loses redundancy, when one element
 * of an estate fails — an instance, a node, a site, a zone or a region, or a whole service — and
 * what that element's failures cost each system and journey a year.
 *
 * The subjects are the document's systems (with their hard dependencies: their composite, see
 * `compose.ts`) and its journeys. The element is mapped into each subject's composite by name:
 * the subject's own root system keeps its ids, a dependency S's elements are `S.id`, zones and
 * regions are estate-wide by name, an external is the one instance named after it. Then, per
 * subject, with the exact engine:
 *
 * - effect `down`: the affected elements down and every other element up take it down;
 *   else `loses-redundancy`: a layer has a member down among them (the layers are named, with
 *   what remains up); else `degraded`: a soft dependency (its own, or of a system it depends on
 *   hard, in this file or an imported one) goes down;
 * - `unavailabilityWhileDown` = P(subject down | the affected elements down), the others free
 *   (U_struct: failover windows are about failures starting, not a state);
 * - `downtimePerYear` = (U − U with the affected elements forced up) × a year, U with its
 *   failover windows: for a zone, what that zone's failures cost the subject a year.
 *
 * Pure: no I/O. Never throws on any document; an analysis that stops at its work limit leaves the
 * subject with effect `unknown` and the reason.
 */
import { SECONDS_PER_YEAR } from '../../../../grammar/src/units';
import { structuralUnavailability, systemUnavailability, type ElementOverride } from '../analysis/index';
import type { InstanceModel, SystemModel } from '../model/types';
import { closestName, listNames } from '../model/suggest';
import type { DocumentAnalysis } from '../pipeline';

/** What failed, as resolved in the estate. */
export type BlastTarget =
  | { kind: 'zone' | 'region'; name: string }
  /** A whole service: every instance of it (not of the services it depends on). */
  | { kind: 'service'; service: string }
  /** An element of service `service` (a system), by its id in that system. */
  | { kind: 'instance' | 'node' | 'site'; service: string; id: string }
  /** A deploy, a common-cause group or maintenance of service `service`, by its id there (`deploy app`, `deploy`). */
  | { kind: 'common-cause'; service: string; id: string };

export type BlastEffect = 'down' | 'loses-redundancy' | 'degraded' | 'unknown';

/** A layer of a subject with a member down: `app 2 of 3 up (needs 1)`. */
export interface BlastLayer {
  /** Its id in the subject's composite (`app`, `auth.sessions`). */
  layer: string;
  /** Members still up (every element but the affected ones up). */
  up: number;
  members: number;
  /** Members it needs up (active-active `min`/k; 1 for active-passive). */
  needs: number;
}

export interface BlastSubject {
  /** A system's name, or a journey's (`web/checkout` for one declared in system web). */
  name: string;
  kind: 'system' | 'journey';
  effect: BlastEffect;
  /** The subject's elements that fail, by their ids in its composite (zones and regions by name). */
  elements: string[];
  /** Its layers with a member down, in declaration order. */
  layers: BlastLayer[];
  /** Its soft dependencies that go down (it is then degraded while up). */
  softDown: string[];
  /** P(subject down | the affected elements down), U_struct. */
  unavailabilityWhileDown?: number;
  /** What the element's failures cost the subject a year, in seconds (with failover windows). */
  downtimePerYear?: number;
  /** False when a figure is a bound (the analysis stopped at its work limit). */
  exact?: boolean;
  /** Why the effect is `unknown`. */
  reason?: string;
}

export interface BlastReport {
  /** The element as given. */
  element: string;
  target: BlastTarget;
  /** The target in words: `zone az1`, `node auth.app`, `service stripe`. */
  label: string;
  /** The subjects it affects (down, then losing redundancy, degraded, unknown), in document order within each. */
  subjects: BlastSubject[];
  /** How many subjects it leaves untouched. */
  unaffected: number;
  /** Another element the name could have meant, and how to name it instead. */
  note?: string;
}

export type BlastResult =
  | ({ ok: true } & BlastReport)
  | { ok: false; error: string; suggestion?: string; choices?: string[] };

/** One subject: what its figures are about, and the root system whose ids it keeps. */
interface Subject {
  name: string;
  kind: 'system' | 'journey';
  model: SystemModel;
  root: string | undefined;
  /** Its hard dependencies' names (the closure). */
  services: readonly string[];
  analysed: boolean;
}

/** The elements of a service, by their ids in it. */
interface Catalogue {
  instances: Set<string>;
  nodes: Set<string>;
  sites: Set<string>;
  layers: Set<string>;
  /** Its common causes, by their ids in it (`deploy app`, `maintenance`). */
  causes: Set<string>;
}

const CAUSE_KINDS = ['deploy', 'common-cause', 'maintenance'];

/** A common cause's id in the composite that holds service `service` (compose.ts): `deploy` → `deploy auth`, `deploy app` → `deploy auth.app`. */
function causeIdIn(service: string, root: string | undefined, id: string): string {
  if (service === root) return id;
  const space = id.indexOf(' ');
  return space < 0 ? `${id} ${service}` : `${id.slice(0, space)} ${service}.${id.slice(space + 1)}`;
}

const EFFECT_ORDER: Record<BlastEffect, number> = { down: 0, 'loses-redundancy': 1, degraded: 2, unknown: 3 };

/** What fails when `element` fails, for every system and journey of `doc`'s estate. */
export function blastRadius(doc: DocumentAnalysis, element: string): BlastResult {
  const subjects = subjectsOf(doc);
  const estate = new EstateIndex(doc, subjects);
  const resolved = estate.resolve(element);
  if ('error' in resolved) return { ok: false, ...resolved };
  const { target, note } = resolved;
  const softDown = new SoftDependencies(doc, subjects, target);
  const out: BlastSubject[] = [];
  let unaffected = 0;
  for (const s of subjects) {
    const subject = blastSubject(s, target, softDown.downFor(s));
    if (subject) out.push(subject);
    else unaffected++;
  }
  out.sort((a, b) => EFFECT_ORDER[a.effect] - EFFECT_ORDER[b.effect]);
  return { ok: true, element, target, label: labelOf(target), subjects: out, unaffected, ...(note !== undefined ? { note } : {}) };
}

/** The target in words. */
function labelOf(t: BlastTarget): string {
  switch (t.kind) {
    case 'zone':
    case 'region':
      return `${t.kind} ${t.name}`;
    case 'service':
      return `service ${t.service}`;
    case 'common-cause':
      return `${t.id} of ${t.service}`;
    default:
      return `${t.kind} ${t.service}.${t.id}`;
  }
}

function subjectsOf(doc: DocumentAnalysis): Subject[] {
  const systems: Subject[] = doc.systems.map((s) => ({
    name: s.model.name, kind: 'system', model: s.composite ?? s.model, root: s.model.name,
    services: s.estate?.services ?? [], analysed: s.analysis !== undefined,
  }));
  const journeys: Subject[] = doc.journeys.flatMap((j) => (j.composite
    ? [{
      name: j.model.system !== undefined ? `${j.model.system}/${j.model.name}` : j.model.name, kind: 'journey' as const,
      model: j.composite, root: j.model.system, services: j.services ?? [], analysed: j.analysis !== undefined,
    }]
    : []));
  return [...systems, ...journeys];
}

/** The ids of `model`'s elements that belong to service `service` (its root when `service` is `root`), without the `service.` prefix. */
function catalogueIn(model: SystemModel, service: string, root: string | undefined): Catalogue | undefined {
  const foreign = model.composite?.foreign ?? new Set<string>();
  if (service === root) {
    // A service of a composite stands on a layer of its name whose one member is a site (or an
    // external's node and instance) of its name: not the root's.
    const serviceIds = new Set(model.composite ? model.sites.filter((s) => s.id === s.parentLayer).map((s) => s.id) : []);
    const own = (id: string): boolean => !foreign.has(id) && !serviceIds.has(id);
    return {
      instances: new Set(model.instances.map((i) => i.id).filter(own)),
      nodes: new Set(model.nodes.map((n) => n.id).filter(own)),
      sites: new Set(model.sites.map((s) => s.id).filter(own)),
      layers: new Set(model.layers.map((l) => l.id).filter(own)),
      causes: new Set(model.commonCauses.map((c) => c.id).filter(own)),
    };
  }
  // A system service is the site `service` on the layer `service` (compose.ts).
  const site = model.sites.find((s) => s.id === service && s.parentLayer === service);
  if (!site) return undefined;
  const prefix = `${service}.`;
  const strip = (ids: string[]): Set<string> => new Set(ids.filter((id) => id.startsWith(prefix)).map((id) => id.slice(prefix.length)));
  const layers = new Set(model.layers.filter((l) => l.site !== undefined && (l.site === service || l.site.startsWith(prefix))).map((l) => l.id));
  return {
    instances: strip(model.instances.filter((i) => layers.has(i.layer)).map((i) => i.id)),
    nodes: strip(model.nodes.filter((n) => layers.has(n.layer)).map((n) => n.id)),
    sites: strip(model.sites.filter((s) => layers.has(s.parentLayer)).map((s) => s.id)),
    layers: strip([...layers]),
    causes: new Set(model.commonCauses.flatMap((c) => {
      const space = c.id.indexOf(' ');
      const kind = c.id.slice(0, space);
      const scope = c.id.slice(space + 1);
      return scope === service ? [kind] : scope.startsWith(prefix) ? [`${kind} ${scope.slice(prefix.length)}`] : [];
    })),
  };
}

/** The names of an estate, to resolve what the user typed. */
class EstateIndex {
  /** Zones and regions by name, estate-wide. */
  readonly domains = new Map<string, 'zone' | 'region'>();
  /** Services by name: their elements when known (a system seen in the document or in a composite). */
  readonly services = new Map<string, Catalogue | undefined>();
  /** The document's own systems (their bare ids are names too). */
  private readonly own: string[];

  constructor(doc: DocumentAnalysis, subjects: readonly Subject[]) {
    this.own = doc.model.systems.map((s) => s.name);
    const models = [...doc.model.systems, ...subjects.map((s) => s.model)];
    for (const m of models) {
      for (const r of m.regions) this.domains.set(r.name, 'region');
      for (const z of m.zones) if (!this.domains.has(z.name)) this.domains.set(z.name, 'zone');
    }
    for (const s of doc.systems) this.services.set(s.model.name, catalogueIn(s.composite ?? s.model, s.model.name, s.model.name));
    for (const e of doc.model.externals) if (!this.services.has(e.name)) this.services.set(e.name, undefined);
    for (const subject of subjects) {
      for (const name of subject.services) {
        if (this.services.get(name) !== undefined) continue;
        this.services.set(name, catalogueIn(subject.model, name, subject.root));
      }
    }
    for (const s of doc.model.systems) for (const u of s.uses) if (!this.services.has(u.target)) this.services.set(u.target, undefined);
    // The imported files' services, and what their systems use (a soft dependency is in no composite).
    for (const file of doc.imported ?? []) {
      for (const e of file.model.externals) if (!this.services.has(e.name)) this.services.set(e.name, undefined);
      for (const sys of file.model.systems) {
        if (!this.services.has(sys.name)) this.services.set(sys.name, undefined);
        for (const u of sys.uses) if (!this.services.has(u.target)) this.services.set(u.target, undefined);
      }
    }
  }

  resolve(name: string): { target: BlastTarget; note?: string } | { error: string; suggestion?: string; choices?: string[] } {
    const elements = this.elementMatches(name);
    // Zones, regions and services are estate-wide names and win; an element can always be named `system.id`.
    const others = [
      ...(this.domains.has(name) && this.services.has(name) ? [`service ${name}`] : []),
      ...elements.map((e) => `${e.kind} ${e.service}.${e.id}`),
    ];
    const note = others.length > 0 ? `'${name}' also names ${others.join(', ')}; ${elements.length > 0 ? `write ${elements.map((e) => `${e.service}.${e.id}`).join(' or ')} to fail ${elements.length === 1 ? 'it' : 'one of them'} instead` : 'the zone or region is meant'}` : undefined;
    const domain = this.domains.get(name);
    if (domain) return { target: { kind: domain, name }, ...(note !== undefined ? { note } : {}) };
    if (this.services.has(name)) return { target: { kind: 'service', service: name }, ...(note !== undefined ? { note } : {}) };
    if (elements.length === 1) return { target: elements[0]! };
    if (elements.length > 1) {
      const choices = elements.map((e) => `${e.service}.${e.id}`);
      return { error: `'${name}' names several elements: ${elements.map((e) => `${e.kind} ${e.service}.${e.id}`).join(', ')} — say which one as SYSTEM.ID`, choices };
    }
    const layer = this.layerMatch(name);
    if (layer) return { error: `'${name}' is a layer, not an element: fail one of its nodes, its zone or its service instead` };
    const names = this.allNames();
    const suggestion = closestName(name, names);
    const hint = suggestion !== undefined ? ` — did you mean '${suggestion}'?` : names.length > 0 ? `; elements include ${listNames(names)}` : '';
    return { error: `unknown element '${name}': not a zone, region, service, site, node, instance or common cause of this estate${hint}`, ...(suggestion !== undefined ? { suggestion } : {}) };
  }

  /** Every element `name` may mean: `service.id` of any service, or a bare id of a system of the document. */
  private elementMatches(name: string): Extract<BlastTarget, { id: string }>[] {
    const found: Extract<BlastTarget, { id: string }>[] = [];
    // (Common causes are matched below, by their ids, which have a space.)
    const seen = new Set<string>();
    const add = (service: string, id: string): void => {
      const c = this.services.get(service);
      if (!c) return;
      const kind = c.instances.has(id) ? 'instance' : c.nodes.has(id) ? 'node' : c.sites.has(id) ? 'site' : undefined;
      const key = `${service}\u0000${id}`;
      if (kind && !seen.has(key)) {
        seen.add(key);
        found.push({ kind, service, id });
      }
    };
    for (let dot = name.indexOf('.'); dot > 0; dot = name.indexOf('.', dot + 1)) add(name.slice(0, dot), name.slice(dot + 1));
    for (const s of this.own) add(s, name);
    // A common cause: its own id in a system of the document, or its id in a composite (`deploy auth.app`).
    const addCause = (service: string, id: string): void => {
      const key = `${service}\u0000${id}`;
      if (!this.services.get(service)?.causes.has(id) || seen.has(key)) return;
      seen.add(key);
      found.push({ kind: 'common-cause', service, id });
    };
    const space = name.indexOf(' ');
    const kind = space < 0 ? name : name.slice(0, space);
    if (CAUSE_KINDS.includes(kind)) {
      for (const s of this.own) addCause(s, name);
      const scope = space < 0 ? '' : name.slice(space + 1);
      for (const service of this.services.keys()) {
        if (scope === service) addCause(service, kind);
        else if (scope.startsWith(`${service}.`)) addCause(service, `${kind} ${scope.slice(service.length + 1)}`);
      }
    }
    return found;
  }

  private layerMatch(name: string): boolean {
    for (const [service, c] of this.services) {
      if (!c) continue;
      if (c.layers.has(name) && this.own.includes(service)) return true;
      if (name.startsWith(`${service}.`) && c.layers.has(name.slice(service.length + 1))) return true;
    }
    return false;
  }

  private allNames(): string[] {
    const names = new Set<string>([...this.domains.keys(), ...this.services.keys()]);
    for (const [service, c] of this.services) {
      if (!c) continue;
      for (const id of [...c.instances, ...c.nodes, ...c.sites]) {
        names.add(`${service}.${id}`);
        if (this.own.includes(service)) names.add(id);
      }
      for (const id of c.causes) names.add(this.own.includes(service) ? id : causeIdIn(service, undefined, id));
    }
    return [...names];
  }
}

/** What the target does inside one model: the overrides forcing it down, and the instances it takes down with it. */
interface Hit {
  /** The forced-down overrides: instances, or the zone/region itself. */
  down: ElementOverride[];
  /** The instances that fail (for a zone, those in it). */
  instances: Set<string>;
}

function hitIn(model: SystemModel, root: string | undefined, target: BlastTarget): Hit {
  const instances = new Set<string>();
  const byIds = (ids: Iterable<string>): Hit => {
    for (const id of ids) instances.add(id);
    return { down: [...instances].map((name) => ({ type: 'instance', name, state: 'down' })), instances };
  };
  switch (target.kind) {
    case 'zone':
    case 'region': {
      const declared = (target.kind === 'zone' ? model.zones : model.regions).some((d) => d.name === target.name);
      if (!declared) return { down: [], instances };
      for (const i of model.instances) if ((target.kind === 'zone' ? i.zone : i.region) === target.name) instances.add(i.id);
      return { down: [{ type: target.kind, name: target.name, state: 'down' }], instances };
    }
    case 'service': {
      if (target.service !== root && model.instances.some((i) => i.id === target.service && i.layer === target.service && i.node === target.service)
        && !model.sites.some((s) => s.id === target.service)) {
        return byIds([target.service]); // an external
      }
      const c = catalogueIn(model, target.service, root);
      if (!c) return { down: [], instances };
      const prefix = target.service === root ? '' : `${target.service}.`;
      return byIds([...c.instances].map((id) => prefix + id));
    }
    case 'common-cause': {
      const id = causeIdIn(target.service, root, target.id);
      const cause = model.commonCauses.find((c) => c.id === id);
      if (!cause) return { down: [], instances };
      for (const i of cause.instances) instances.add(i);
      return { down: [{ type: cause.kind, name: id, state: 'down' }], instances };
    }
    default: {
      const c = catalogueIn(model, target.service, root);
      if (!c) return { down: [], instances };
      const prefix = target.service === root ? '' : `${target.service}.`;
      const id = prefix + target.id;
      if (target.kind === 'instance') return byIds(c.instances.has(target.id) ? [id] : []);
      if (target.kind === 'node') return byIds(model.nodes.find((n) => n.id === id)?.instances ?? []);
      return byIds(model.instances.filter((i) => inSite(i, id)).map((i) => i.id));
    }
  }
}

function inSite(i: InstanceModel, site: string): boolean {
  return i.site !== undefined && (i.site === site || i.site.startsWith(`${site}.`));
}

/** The overrides that force every element of `model` but the hit ones up, and the hit ones down. */
function aloneOverrides(model: SystemModel, hit: Hit): ElementOverride[] {
  const downed = new Set(hit.down.map((o) => `${o.type}:${o.name}`));
  const up = (type: ElementOverride['type'], name: string): ElementOverride[] => (downed.has(`${type}:${name}`) ? [] : [{ type, name, state: 'up' }]);
  return [
    ...hit.down,
    ...model.instances.flatMap((i) => up('instance', i.id)),
    ...model.zones.flatMap((z) => up('zone', z.name)),
    ...model.regions.flatMap((r) => up('region', r.name)),
    ...model.commonCauses.flatMap((c) => up(c.kind, c.id)),
  ];
}

/** True when `model` (or the part on `path`) is down under `overrides`, which fix every element. */
function isDown(model: SystemModel, overrides: ElementOverride[], path?: string[]): boolean {
  return structuralUnavailability(path ? { ...model, path } : model, overrides).down > 0.5;
}

/** One subject's blast, or undefined when the element leaves it untouched. */
function blastSubject(s: Subject, target: BlastTarget, softDown: string[]): BlastSubject | undefined {
  const hit = hitIn(s.model, s.root, target);
  const touched = hit.instances.size > 0;
  const base = { name: s.name, kind: s.kind, elements: elementNames(hit), layers: [] as BlastLayer[], softDown };
  if (!s.analysed || !s.model.analysable) {
    return { ...base, effect: 'unknown', reason: 'it has errors, so it has no figures (see the diagnostics)' };
  }
  if (!touched && softDown.length === 0) return undefined;
  try {
    if (!touched) {
      const u = structuralUnavailability(s.model);
      return { ...base, effect: 'degraded', unavailabilityWhileDown: u.down, downtimePerYear: 0, exact: u.exact };
    }
    const alone = aloneOverrides(s.model, hit);
    const down = isDown(s.model, alone);
    const layers = layersHit(s.model, hit, alone);
    const effect: BlastEffect = down ? 'down' : layers.length > 0 ? 'loses-redundancy' : softDown.length > 0 ? 'degraded' : 'loses-redundancy';
    const whileDown = structuralUnavailability(s.model, hit.down);
    const u = systemUnavailability(s.model);
    const upOverrides: ElementOverride[] = hit.down.map((o) => ({ ...o, state: 'up' }));
    const uUp = systemUnavailability(s.model, upOverrides);
    return {
      ...base, effect, layers,
      unavailabilityWhileDown: whileDown.down,
      downtimePerYear: Math.max(0, u.value - uUp.value) * SECONDS_PER_YEAR,
      exact: whileDown.exact && u.exact && uUp.exact,
    };
  } catch (e) {
    return { ...base, effect: 'unknown', reason: `the analysis stopped: ${e instanceof Error ? e.message : String(e)}` };
  }
}

function elementNames(hit: Hit): string[] {
  const domains = hit.down.filter((o) => o.type !== 'instance').map((o) => o.name);
  return [...domains, ...hit.instances];
}

/** The layers of `model` with a member down when the hit elements are down and the others up. */
function layersHit(model: SystemModel, hit: Hit, alone: ElementOverride[]): BlastLayer[] {
  const out: BlastLayer[] = [];
  const sites = new Map(model.sites.map((s) => [s.id, s]));
  const siteDown = new Map<string, boolean>();
  const isSiteDown = (id: string): boolean => {
    let down = siteDown.get(id);
    if (down === undefined) {
      const touched = model.instances.some((i) => hit.instances.has(i.id) && inSite(i, id));
      down = touched && isDown(model, alone, sites.get(id)?.path ?? []);
      siteDown.set(id, down);
    }
    return down;
  };
  for (const l of model.layers) {
    const members = l.members === 'sites' ? l.sites : l.instances;
    if (members.length === 0) continue;
    const downCount = l.members === 'sites' ? members.filter(isSiteDown).length : members.filter((id) => hit.instances.has(id)).length;
    if (downCount === 0) continue;
    const needs = l.mode === 'active-passive' ? 1 : (l.requirement.k ?? l.requirement.min);
    out.push({ layer: l.id, up: members.length - downCount, members: members.length, needs });
  }
  return out;
}

/**
 * The soft dependencies of each subject that the target takes down: the soft `use` lines of its
 * root system and of every system of the document in its hard closure. A soft dependency is down
 * when it is the target, or a system the target alone takes down (an imported one: its own layers).
 */
class SoftDependencies {
  private readonly down = new Map<string, boolean>();
  private readonly systems: Map<string, { model: SystemModel; uses: SystemModel['uses'] }>;
  /** The `use` lines of every system of the estate: the document's and the imported files'. */
  private readonly uses = new Map<string, SystemModel['uses']>();

  constructor(doc: DocumentAnalysis, private readonly subjects: readonly Subject[], private readonly target: BlastTarget) {
    this.systems = new Map(doc.systems.map((s) => [s.model.name, { model: s.composite ?? s.model, uses: s.model.uses }]));
    for (const file of doc.imported ?? []) for (const sys of file.model.systems) if (!this.uses.has(sys.name)) this.uses.set(sys.name, sys.uses);
    for (const [name, sys] of this.systems) this.uses.set(name, sys.uses);
  }

  downFor(s: Subject): string[] {
    const soft = new Set<string>();
    for (const name of [...(s.root !== undefined ? [s.root] : []), ...s.services]) {
      for (const u of this.uses.get(name) ?? []) if (u.soft) soft.add(u.target);
    }
    // A soft dependency that is also a hard one is simply hard.
    for (const name of s.services) soft.delete(name);
    return [...soft].filter((name) => this.isDown(name));
  }

  private isDown(service: string): boolean {
    let down = this.down.get(service);
    if (down !== undefined) return down;
    down = false;
    if (this.target.kind === 'service' && this.target.service === service) down = true;
    else {
      const system = this.systems.get(service);
      try {
        if (system) {
          const hit = hitIn(system.model, service, this.target);
          down = system.model.analysable && hit.instances.size > 0 && isDown(system.model, aloneOverrides(system.model, hit));
        } else {
          // An imported system: its own layers, as a composite that includes it has them (the
          // document does not keep the imported file, so its own dependencies are not followed).
          const host = this.subjects.find((s) => s.model.analysable && s.model.sites.some((x) => x.id === service && x.parentLayer === service));
          if (host) {
            const hit = hitIn(host.model, host.root, this.target);
            down = hit.instances.size > 0 && isDown(host.model, aloneOverrides(host.model, hit), [service]);
          }
        }
      } catch {
        down = false;
      }
    }
    this.down.set(service, down);
    return down;
  }
}
