/**
 * The name index of a document: every declaration of a system, zone, region, layer, node,
 * site and scenario, and every reference to one, resolved by the spec's scoping rules.
 * Built from the AST alone, so it works on a file with errors (and before the model exists).
 *
 * Scopes (spec section 3): zones, regions and sites are unique in their system; layers and
 * nodes are named within their scope (the system's top level or one site) and qualified with
 * the site chain, `east.db`. A `fail` target may name an instance `app-2`: its reference
 * covers only the node part `app`, so renaming the node renames `app-2` to `NEW-2`.
 *
 * Estates (docs/language.md, "Estates"): services are systems and externals (`external` decls, at
 * file level: `system` -1); `use X` targets and a journey's path steps that are not a layer of its
 * system are `service` references, resolved to this file's own system or external of that name
 * (one declared in an imported file stays unresolved here: `services.ts` follows it across files);
 * journeys are declared (`journey`), the steps naming their system's top-level layers are layer
 * references.
 */
import type { FileAst, JourneyAst, LayerAst, NodeAst, PathAst, PropertyAst, RefAst, SiteAst, SystemAst } from '../../../../grammar/src/ast';
import { containsPosition, type Position, type Range } from '../../../../grammar/src/text';
import type { SymbolKind } from './types';

export interface Decl {
  kind: SymbolKind;
  /** The local name as written. */
  name: string;
  /** Qualified name, as the model spells ids (`east.app`). */
  id: string;
  /** Index of the enclosing system in the file. */
  system: number;
  /** Qualified id of the enclosing site ('' at the top level). */
  scope: string;
  nameRange: Range;
  range: Range;
  /** A node with `replicas N` (N > 1) also names its instances `id-1` … `id-N`. */
  replicas?: number;
}

export interface Ref {
  /**
   * What the reference must name. `element` is a fail target (node, site, zone, region);
   * `service` a system or an external (a `use` target, a journey step that is no layer).
   */
  expected: SymbolKind | 'element' | 'service';
  /** The text this reference stands for (the node part of an instance name). */
  name: string;
  range: Range;
  system: number;
  scope: string;
  decl?: Decl;
  /** For an instance reference `app-2`: the suffix after the node name (`-2`). */
  instanceSuffix?: string;
  /** For an instance reference: the whole name `app-2` (hover and definition answer on all of it). */
  fullRange?: Range;
}

export interface NameIndex {
  decls: Decl[];
  refs: Ref[];
}

/** Builds the index of a parsed file. */
export function indexNames(file: FileAst): NameIndex {
  const index: NameIndex = { decls: [], refs: [] };
  file.systems.forEach((sys, i) => indexSystem(index, sys, i));
  for (const e of file.externals) {
    if (e.name) index.decls.push({ kind: 'external', name: e.name.text, id: e.name.text, system: -1, scope: '', nameRange: e.name.range, range: e.range });
  }
  for (const j of file.journeys) indexJourney(index, j, -1, undefined);
  // Services: the file's systems, then its externals, the first of a name wins (estate/services.ts).
  const services = new Map<string, Decl>();
  for (const d of index.decls) if ((d.kind === 'system' && d.scope === '') || d.kind === 'external') if (!services.has(d.name)) services.set(d.name, d);
  for (const r of index.refs) {
    if (r.expected !== 'service') continue;
    const decl = services.get(r.name);
    if (decl) r.decl = decl;
  }
  return index;
}

/** True for the declaration of a service: a system or an external. */
export function isService(decl: Decl): boolean {
  return decl.kind === 'system' || decl.kind === 'external';
}

/** A journey: its declaration, and its path's steps (layers of `s`'s system when it has one, else services). */
function indexJourney(index: NameIndex, j: JourneyAst, system: number, s: SystemScope | undefined): void {
  if (j.name) index.decls.push({ kind: 'journey', name: j.name.text, id: j.name.text, system, scope: '', nameRange: j.name.range, range: j.range });
  for (const p of j.paths) {
    for (const r of p.layers) {
      const step = (): void => {
        const layer = s && !r.name.includes('.') ? s.layers.get(r.name) : undefined;
        if (layer && s) addRef(s, 'layer', r, '', layer);
        else index.refs.push({ expected: 'service', name: r.name, range: r.range, system, scope: '' });
      };
      if (s) s.pending.push(step);
      else step();
    }
  }
}

/** The declaration at a position, whether the cursor is on its name or on a reference to it. */
export function symbolAt(index: NameIndex, pos: Position): { decl: Decl; ref?: Ref } | undefined {
  for (const ref of index.refs) {
    if (ref.decl && containsPosition(ref.fullRange ?? ref.range, pos)) return { decl: ref.decl, ref };
  }
  for (const decl of index.decls) {
    if (containsPosition(decl.nameRange, pos)) return { decl };
  }
  return undefined;
}

/** An unresolved reference at a position, if any. */
export function refAt(index: NameIndex, pos: Position): Ref | undefined {
  return index.refs.find((r) => containsPosition(r.range, pos));
}

/** The declaration's own name range and every reference to it. */
export function occurrences(index: NameIndex, decl: Decl): { range: Range; isDecl: boolean; ref?: Ref }[] {
  const out: { range: Range; isDecl: boolean; ref?: Ref }[] = [{ range: decl.nameRange, isDecl: true }];
  for (const ref of index.refs) if (ref.decl === decl) out.push({ range: ref.range, isDecl: false, ref });
  return out;
}

/** Declarations of a system, optionally of some kinds. */
export function declsOf(index: NameIndex, system: number, kinds?: SymbolKind[]): Decl[] {
  return index.decls.filter((d) => d.system === system && (!kinds || kinds.includes(d.kind)));
}

const ELEMENT_KINDS: ReadonlySet<SymbolKind> = new Set(['zone', 'region', 'node', 'site']);

/**
 * Why a `kind` named `name` in `at`'s system and scope would be a duplicate name, by the model's
 * rules (model/names.ts, model/build.ts): in a system, nodes, their instances, sites, zones and
 * regions share one namespace of qualified ids (`east.app`, `app-2`, `us-east-1a`); site names
 * are also unique by their local name; layers are unique within their scope (top level or one
 * site). `except` is left out (the declaration being renamed). `at.replicas` is the new node's.
 */
export function nameClash(
  index: NameIndex, at: Pick<Decl, 'kind' | 'system' | 'scope' | 'replicas'>, name: string, except?: Decl,
): string | undefined {
  const others = index.decls.filter((d) => d !== except && d.system === at.system);
  if (at.kind === 'layer') {
    const layer = others.find((d) => d.kind === 'layer' && d.scope === at.scope && d.name === name);
    return layer ? `A layer named '${name}' already exists here.` : undefined;
  }
  if (!ELEMENT_KINDS.has(at.kind)) return undefined;
  const id = at.kind === 'node' || at.kind === 'site' ? (at.scope ? at.scope + '.' : '') + name : name;
  for (const other of others) {
    if (!ELEMENT_KINDS.has(other.kind)) continue;
    if (other.id === id) return `A ${other.kind} named '${id}' already exists here.`;
    const asInstance = instanceNumber(other.id, id);
    if (asInstance !== undefined && other.replicas !== undefined && asInstance <= other.replicas) {
      return `'${id}' is already an instance of node '${other.id}' (replicas ${other.replicas}).`;
    }
    const ownInstance = instanceNumber(id, other.id);
    if (ownInstance !== undefined && at.replicas !== undefined && ownInstance <= at.replicas) {
      return `Its instance '${other.id}' would clash with the ${other.kind} '${other.id}' (replicas ${at.replicas}).`;
    }
  }
  if (at.kind === 'site') {
    const site = others.find((d) => d.kind === 'site' && d.name === name);
    if (site) return `A site named '${name}' already exists ('${site.id}'); site names are unique in a system.`;
  }
  return undefined;
}

/** The first of `base`, `base-2`, `base-3`, … that `nameClash` allows. */
export function freeName(index: NameIndex, at: Pick<Decl, 'kind' | 'system' | 'scope' | 'replicas'>, base: string): string {
  for (let i = 1; ; i++) {
    const name = i === 1 ? base : `${base}-${i}`;
    if (!nameClash(index, at, name)) return name;
  }
}

/** `k` when `name` is `base-k` (k ≥ 1, no leading zero: how the model numbers instances). */
function instanceNumber(base: string, name: string): number | undefined {
  if (!name.startsWith(base + '-')) return undefined;
  const rest = name.slice(base.length + 1);
  return /^[1-9]\d*$/.test(rest) ? Number(rest) : undefined;
}

interface SystemScope {
  index: NameIndex;
  system: number;
  zones: Map<string, Decl>;
  regions: Map<string, Decl>;
  /** Sites by local name and by qualified id. */
  sites: Map<string, Decl>;
  /** Layers and nodes by qualified id. */
  layers: Map<string, Decl>;
  nodes: Map<string, Decl>;
  pending: (() => void)[];
}

function indexSystem(index: NameIndex, sys: SystemAst, system: number): void {
  const s: SystemScope = {
    index, system, pending: [],
    zones: new Map(), regions: new Map(), sites: new Map(), layers: new Map(), nodes: new Map(),
  };
  if (sys.name) declare(s, 'system', sys.name.text, sys.name.text, '', sys.name.range, sys.range);
  for (const r of sys.regions) if (r.name) remember(s.regions, declare(s, 'region', r.name.text, r.name.text, '', r.name.range, r.range));
  for (const z of sys.zones) if (z.name) remember(s.zones, declare(s, 'zone', z.name.text, z.name.text, '', z.name.range, z.range));
  for (const z of sys.zones) if (z.region) addRef(s, 'region', z.region, '', s.regions.get(z.region.name));
  for (const d of sys.defaults) zoneRefs(s, d.props, '');
  indexLayers(s, sys.layers, '');
  for (const p of sys.paths) pathRefs(s, p, '');
  for (const sc of sys.scenarios) {
    if (sc.name) declare(s, 'scenario', sc.name.text, sc.name.text, '', sc.name.range, sc.range);
    for (const f of sc.fails) if (f.target) s.pending.push(() => failRefs(s, f.target as RefAst));
  }
  for (const u of sys.uses) if (u.target) index.refs.push({ expected: 'service', name: u.target.text, range: u.target.range, system, scope: '' });
  for (const j of sys.journeys) indexJourney(index, j, system, s);
  // References to sites, layers and nodes may come before their declarations.
  for (const resolve of s.pending) resolve();
}

function indexLayers(s: SystemScope, layers: LayerAst[], scope: string): void {
  const prefix = scope ? scope + '.' : '';
  for (const layer of layers) {
    if (layer.name) remember(s.layers, declare(s, 'layer', layer.name.text, prefix + layer.name.text, scope, layer.name.range, layer.range));
    for (const m of layer.members) {
      if (m.type === 'node') indexNode(s, m, scope);
      else indexSite(s, m, prefix);
    }
  }
}

function indexNode(s: SystemScope, node: NodeAst, scope: string): void {
  const prefix = scope ? scope + '.' : '';
  if (node.name) {
    const decl = declare(s, 'node', node.name.text, prefix + node.name.text, scope, node.name.range, node.range);
    const replicas = node.props.find((p) => p.key === 'replicas')?.value?.value;
    if (replicas !== undefined && Number.isInteger(replicas) && replicas > 1) decl.replicas = replicas;
    remember(s.nodes, decl);
  }
  zoneRefs(s, node.props, scope);
}

function indexSite(s: SystemScope, site: SiteAst, prefix: string): void {
  const id = site.name ? prefix + site.name.text : undefined;
  if (site.name && id !== undefined) {
    const decl = declare(s, 'site', site.name.text, id, prefix.replace(/\.$/, ''), site.name.range, site.range);
    remember(s.sites, decl, id);
    remember(s.sites, decl, site.name.text);
  }
  // A site without a name still has layers; give them an unmatchable scope.
  const scope = id ?? prefix + '?';
  indexLayers(s, site.layers, scope);
  for (const p of site.paths) pathRefs(s, p, scope);
}

function zoneRefs(s: SystemScope, props: PropertyAst[], scope: string): void {
  for (const p of props) {
    if (p.key !== 'zone' && p.key !== 'zones') continue;
    for (const r of p.refs ?? []) addRef(s, 'zone', r, scope, s.zones.get(r.name));
  }
}

function pathRefs(s: SystemScope, path: PathAst, scope: string): void {
  const prefix = scope ? scope + '.' : '';
  for (const r of path.layers) s.pending.push(() => addRef(s, 'layer', r, scope, s.layers.get(prefix + r.name)));
}

/** `fail east.app-2`: `east` is a site; `app` is a node whose instance `-2` is meant. */
function failRefs(s: SystemScope, target: RefAst): void {
  const parts = target.name.split('.');
  let offset = 0;
  let prefix = '';
  const sameLine = target.range.start.line === target.range.end.line;
  const sub = (from: number, to: number): Range =>
    sameLine
      ? { start: { line: target.range.start.line, character: target.range.start.character + from }, end: { line: target.range.start.line, character: target.range.start.character + to } }
      : target.range;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    const last = i === parts.length - 1;
    const r = sub(offset, offset + part.length);
    const id = prefix + part;
    if (!last) {
      addRef(s, 'site', { name: part, range: r }, prefix.replace(/\.$/, ''), s.sites.get(id) ?? s.sites.get(part));
    } else {
      const exact =
        s.nodes.get(id) ?? s.sites.get(id) ?? (prefix ? undefined : s.zones.get(part) ?? s.regions.get(part));
      if (exact) addRef(s, 'element', { name: part, range: r }, prefix.replace(/\.$/, ''), exact);
      else {
        const m = /^(.+)-(\d+)$/.exec(part);
        const node = m ? s.nodes.get(prefix + (m[1] as string)) : undefined;
        if (m && node) {
          const base = m[1] as string;
          const ref = addRef(s, 'element', { name: base, range: sub(offset, offset + base.length) }, prefix.replace(/\.$/, ''), node, part.slice(base.length));
          ref.fullRange = r;
        } else addRef(s, 'element', { name: part, range: r }, prefix.replace(/\.$/, ''), undefined);
      }
    }
    offset += part.length + 1;
    prefix = id + '.';
  }
}

function declare(s: SystemScope, kind: SymbolKind, name: string, id: string, scope: string, nameRange: Range, range: Range): Decl {
  const decl: Decl = { kind, name, id, system: s.system, scope, nameRange, range };
  s.index.decls.push(decl);
  return decl;
}

/** The first declaration of a name wins; later ones are `duplicate-name` errors. */
function remember(map: Map<string, Decl>, decl: Decl, key = decl.id): void {
  if (!map.has(key)) map.set(key, decl);
}

function addRef(s: SystemScope, expected: Ref['expected'], r: RefAst, scope: string, decl: Decl | undefined, instanceSuffix?: string): Ref {
  const ref: Ref = { expected, name: r.name, range: r.range, system: s.system, scope };
  if (decl) ref.decl = decl;
  if (instanceSuffix !== undefined) ref.instanceSuffix = instanceSuffix;
  s.index.refs.push(ref);
  return ref;
}
