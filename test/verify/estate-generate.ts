/**
 * A seeded generator of random estates (docs/language.md, "Estates"), written as TEXT so the whole pipeline
 * (parser, model, estate stage, engine) is exercised. The same seed gives the same estate.
 *
 * Shapes: 2–5 systems in the root file and, with `imported`, one more file (`lib.topo`, one system
 * and one external) brought in by `import`; externals; `use` lines hard and soft forming a DAG
 * (system i uses only systems after it, or externals); zones and a region drawn from ONE estate-wide
 * pool and declared with the same figures in every system that places something in them (shared
 * fate across services); active-active layers (k of n by `min`, or `load` over equal capacities)
 * and, with `activePassive`, active-passive layers with 1–2 standbys (hot/warm/cold, health checks
 * or heartbeats: failover windows); a journey inside a system whose path mixes its layers and
 * services (which may lead back to the system itself); file-level journeys of services, and one
 * file-level journey `path S` per root system (whose figures must equal S's own).
 *
 * Every analysed target (a system with dependencies, a journey) is kept small enough to enumerate:
 * the generator redraws until each target's closure has at most `maxElements` elements that can
 * fail (instances, externals, zones, regions).
 */
import { Random } from '../support/random';

export interface EstateGenOptions {
  /** Also active-passive layers with standbys (failover windows). */
  activePassive: boolean;
  /** Also an imported file. */
  imported: boolean;
  /** Largest closure of a target, in elements that can fail. */
  maxElements: number;
}

export const DEFAULT_ESTATE_OPTIONS: EstateGenOptions = { activePassive: true, imported: true, maxElements: 16 };

interface GenZone {
  name: string;
  line: string;
  region?: string;
}

export interface GenNode {
  name: string;
  figures: string;
  zone?: string;
  zones?: string[];
  replicas?: number;
  capacity?: number;
  standby?: 'hot' | 'warm' | 'cold' | 'bare';
}

export interface GenLayer {
  name: string;
  passive: boolean;
  min?: number;
  load?: number;
  detection?: string;
  nodes: GenNode[];
}

export interface GenService {
  name: string;
  file: 'root' | 'lib';
  kind: 'system' | 'external';
  /** Externals: the figures line. */
  figures?: string;
  layers: GenLayer[];
  uses: { target: string; soft: boolean }[];
  journeys: { name: string; path: string[] }[];
  path?: string[];
}

export interface GenEstate {
  seed: number;
  services: GenService[];
  fileJourneys: { name: string; path: string[] }[];
  /** The root file's text. */
  text: string;
  /** Imported files by the path written in `import`. */
  files: Map<string, string>;
}

const SYSTEM_NAMES = ['shop', 'auth', 'pay', 'search', 'mail'];
const LAYER_NAMES = ['web', 'app', 'db', 'cache'];
const PERCENTS = ['99%', '99.5%', '99.9%', '99.95%', '98%'];

/** The estate-wide pool of failure domains: one set of figures per name. */
function domainPool(rnd: Random): { zones: GenZone[]; region: string } {
  const region = `region r1 { availability ${rnd.pick(['99.99%', '99.995%'])} }`;
  const zones: GenZone[] = [
    { name: 'z1', line: `zone z1 { availability ${rnd.pick(['99.9%', '99.95%', '99.5%'])} }` },
    { name: 'z2', line: `zone z2 { mtbf ${rnd.pick([2000, 8760])}h mttr ${rnd.pick([1, 4])}h }` },
    { name: 'z3', line: `zone z3 in r1 { availability ${rnd.pick(['99.9%', '99.99%'])} mttr 30m }`, region: 'r1' },
  ];
  return { zones, region };
}

function nodeFigures(rnd: Random): string {
  const r = rnd.next();
  if (r < 0.25) return `mtbf ${rnd.pick([200, 1000, 4000])}h mttr ${rnd.pick(['30m', '2h', '6h'])}`;
  if (r < 0.4) return `availability ${rnd.pick(PERCENTS)} mttr ${rnd.pick(['15m', '1h', '3h'])}`;
  return `availability ${rnd.pick(PERCENTS)}`;
}

function activeLayer(rnd: Random, name: string, prefix: string, zones: string[], budget: number): GenLayer {
  const nodes: GenNode[] = [];
  let n = 0;
  const count = rnd.int(1, 2);
  for (let j = 1; j <= count && n < budget; j++) {
    const node: GenNode = { name: `${prefix}${name}${j}`, figures: nodeFigures(rnd) };
    const p = rnd.next();
    if (p < 0.45) node.zone = rnd.pick(zones);
    else if (p < 0.85 && budget - n >= 2) {
      node.replicas = 2;
      node.zones = rnd.shuffle(zones).slice(0, rnd.int(1, 2));
    }
    n += node.replicas ?? 1;
    nodes.push(node);
  }
  const layer: GenLayer = { name, passive: false, nodes };
  if (rnd.chance(0.3)) {
    for (const node of nodes) node.capacity = 100;
    const k = rnd.int(1, n);
    layer.load = 100 * k - rnd.pick([0, 50]);
  } else if (rnd.chance(0.6)) layer.min = rnd.int(1, n);
  return layer;
}

function passiveLayer(rnd: Random, name: string, prefix: string, zones: string[], budget: number): GenLayer {
  const standbys = Math.min(rnd.int(1, 2), budget - 1);
  const nodes: GenNode[] = [{ name: `${prefix}${name}p`, figures: nodeFigures(rnd), zone: rnd.pick(zones) }];
  for (let j = 1; j <= standbys; j++) {
    nodes.push({
      name: `${prefix}${name}s${j}`, figures: nodeFigures(rnd), standby: rnd.pick(['hot', 'warm', 'cold', 'bare'] as const),
      ...(rnd.chance(0.7) ? { zone: rnd.pick(zones) } : {}),
    });
  }
  const d = rnd.next();
  const detection = d < 0.4 ? `health-check { interval ${rnd.pick([5, 10])}s unhealthy 2 }` : d < 0.8 ? `heartbeat { timeout ${rnd.pick([10, 30])}s }` : undefined;
  return { name, passive: true, nodes, ...(detection ? { detection } : {}) };
}

function systemLayers(rnd: Random, prefix: string, zones: string[], opts: EstateGenOptions): GenLayer[] {
  const names = rnd.shuffle(LAYER_NAMES).slice(0, rnd.int(1, 2));
  let budget = 4;
  return names.map((name, i) => {
    const left = Math.max(1, budget - (names.length - 1 - i));
    const own = i === names.length - 1 ? left : rnd.int(1, Math.max(1, left - 1));
    const layer = opts.activePassive && own >= 2 && rnd.chance(0.45) ? passiveLayer(rnd, name, prefix, zones, own) : activeLayer(rnd, name, prefix, zones, own);
    budget -= layer.nodes.reduce((s, x) => s + (x.replicas ?? 1), 0);
    return layer;
  });
}

/** A random estate from a seed. */
export function generateEstate(seed: number, options: Partial<EstateGenOptions> = {}): GenEstate {
  const opts = { ...DEFAULT_ESTATE_OPTIONS, ...options };
  const rnd = new Random(seed);
  for (let attempt = 0; ; attempt++) {
    const estate = draw(rnd, seed, opts);
    if (largestTarget(estate) <= opts.maxElements) return estate;
    if (attempt > 200) throw new Error(`seed ${seed}: no estate small enough`);
  }
}

function draw(rnd: Random, seed: number, opts: EstateGenOptions): GenEstate {
  const pool = domainPool(rnd);
  const zoneNames = rnd.shuffle(pool.zones.map((z) => z.name)).slice(0, rnd.int(1, 3));
  const services: GenService[] = [];
  const count = rnd.int(2, 5);
  for (let i = 0; i < count; i++) {
    const name = SYSTEM_NAMES[i] as string;
    // Node names carry the system's initial so that cut sets read well; zones are shared.
    services.push({ name, file: 'root', kind: 'system', layers: systemLayers(rnd, name[0] as string, zoneNames, opts), uses: [], journeys: [] });
  }
  const externals: GenService[] = [];
  for (const name of rnd.shuffle(['stripe', 'smtp']).slice(0, rnd.int(1, 2))) {
    externals.push({ name, file: 'root', kind: 'external', figures: `availability ${rnd.pick(['99.9%', '99.95%', '99.99%', '99.5%'])}${rnd.chance(0.5) ? ' mttr 2h' : ''}`, layers: [], uses: [], journeys: [] });
  }
  const lib: GenService[] = [];
  if (opts.imported && rnd.chance(0.6)) {
    const idp: GenService = { name: 'idp', file: 'lib', kind: 'external', figures: `availability ${rnd.pick(['99.9%', '99.99%'])}`, layers: [], uses: [], journeys: [] };
    const ledger: GenService = { name: 'ledger', file: 'lib', kind: 'system', layers: systemLayers(rnd, 'l', zoneNames, opts), uses: [], journeys: [] };
    if (rnd.chance(0.6)) ledger.uses.push({ target: 'idp', soft: rnd.chance(0.3) });
    lib.push(ledger, idp);
  }
  // A DAG: system i uses later systems, externals, imported services.
  const targets = (i: number): string[] => [...services.slice(i + 1).map((s) => s.name), ...externals.map((e) => e.name), ...lib.map((s) => s.name)];
  services.forEach((s, i) => {
    for (const t of rnd.shuffle(targets(i)).slice(0, rnd.int(0, 2))) s.uses.push({ target: t, soft: rnd.chance(0.3) });
  });
  // Every external and import used somewhere (no unused-service warnings needed, but harmless).
  const all = [...services, ...externals, ...lib];
  const serviceNames = all.map((s) => s.name);
  // A journey inside one system: some of its layers and services, in a random order.
  const host = rnd.pick(services);
  const steps = [
    ...rnd.shuffle(host.layers.map((l) => l.name)).slice(0, rnd.int(1, host.layers.length)),
    ...rnd.shuffle(serviceNames.filter((n) => n !== host.name)).slice(0, rnd.int(1, 2)),
  ];
  host.journeys.push({ name: 'inner', path: rnd.shuffle(steps) });
  const fileJourneys = [
    { name: 'flow', path: rnd.shuffle(serviceNames).slice(0, rnd.int(1, 3)) },
    ...services.map((s) => ({ name: `only-${s.name}`, path: [s.name] })),
  ];
  for (const s of [...services, ...lib]) if (s.layers.length > 1 && rnd.chance(0.3)) s.path = rnd.shuffle(s.layers.map((l) => l.name));
  const estate: GenEstate = { seed, services: all, fileJourneys, text: '', files: new Map() };
  estate.text = printFile(estate, 'root', pool, lib.length > 0);
  if (lib.length > 0) estate.files.set('lib.topo', printFile(estate, 'lib', pool, false));
  return estate;
}

/** The elements that can fail under one target: instances, externals, zones, regions. */
function largestTarget(estate: GenEstate): number {
  const byName = new Map(estate.services.map((s) => [s.name, s]));
  const count = (rootLayers: GenLayer[], starts: string[], soft: boolean): number => {
    const elements = new Set<string>();
    const addLayers = (owner: string, layers: GenLayer[]): void => {
      for (const l of layers) {
        for (const n of l.nodes) {
          for (let r = 1; r <= (n.replicas ?? 1); r++) elements.add(`${owner}/${n.name}-${r}`);
          for (const z of [...(n.zones ?? []), ...(n.zone ? [n.zone] : [])]) {
            elements.add(`z:${z}`);
            if (z === 'z3') elements.add('r:r1');
          }
        }
      }
    };
    const seen = new Set<string>();
    const visit = (name: string): void => {
      if (seen.has(name)) return;
      seen.add(name);
      const s = byName.get(name);
      if (!s) return;
      if (s.kind === 'external') elements.add(`x:${name}`);
      else addLayers(name, s.layers);
      for (const u of s?.uses ?? []) if (!u.soft || soft) visit(u.target);
    };
    addLayers('root', rootLayers);
    starts.forEach(visit);
    return elements.size;
  };
  let most = 0;
  for (const s of estate.services) {
    if (s.kind !== 'system' || s.file !== 'root') continue;
    most = Math.max(most, count([], [s.name], true));
    for (const j of s.journeys) {
      const layers = s.layers.filter((l) => j.path.includes(l.name));
      most = Math.max(most, count(layers, [...j.path.filter((p) => byName.has(p)), ...s.uses.filter((u) => !u.soft).map((u) => u.target)], false));
    }
  }
  for (const j of estate.fileJourneys) most = Math.max(most, count([], j.path, false));
  return most;
}

function printFile(estate: GenEstate, file: 'root' | 'lib', pool: { zones: GenZone[]; region: string }, importsLib: boolean): string {
  const out: string[] = [];
  if (importsLib) out.push('import "lib.topo"', '');
  for (const s of estate.services.filter((x) => x.file === file && x.kind === 'external')) out.push(`external ${s.name} { ${s.figures} }`);
  for (const s of estate.services.filter((x) => x.file === file && x.kind === 'system')) {
    out.push(`system ${s.name} {`);
    for (const u of s.uses) out.push(`  use ${u.target}${u.soft ? ' soft' : ''}`);
    const used = new Set(s.layers.flatMap((l) => l.nodes.flatMap((n) => [...(n.zones ?? []), ...(n.zone ? [n.zone] : [])])));
    if (used.has('z3')) out.push(`  ${pool.region}`);
    for (const z of pool.zones) if (used.has(z.name)) out.push(`  ${z.line}`);
    for (const l of s.layers) out.push(...layerLines(l));
    if (s.path) out.push(`  path ${s.path.join(' -> ')}`);
    for (const j of s.journeys) out.push(`  journey ${j.name} { path ${j.path.join(' -> ')} }`);
    out.push('}');
  }
  if (file === 'root') for (const j of estate.fileJourneys) out.push(`journey ${j.name} { path ${j.path.join(' -> ')} }`);
  return `${out.join('\n')}\n`;
}

function layerLines(l: GenLayer): string[] {
  const props: string[] = [];
  if (l.min !== undefined) props.push(`min ${l.min}`);
  if (l.load !== undefined) props.push(`load ${l.load}`);
  if (l.detection) props.push(l.detection);
  const nodes = l.nodes.map((n) => {
    const p = [n.figures];
    if (n.zone !== undefined) p.push(`zone ${n.zone}`);
    if (n.zones) p.push(`zones [${n.zones.join(', ')}]`);
    if (n.replicas !== undefined) p.push(`replicas ${n.replicas}`);
    if (n.capacity !== undefined) p.push(`capacity ${n.capacity}`);
    if (n.standby) p.push(n.standby === 'bare' ? 'standby' : `standby ${n.standby}`);
    return `    node ${n.name} { ${p.join(' ')} }`;
  });
  return [`  layer ${l.name} {`, ...props.map((p) => `    ${p}`), ...nodes, '  }'];
}
