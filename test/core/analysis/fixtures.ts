/**
 * Test fixtures for the engine: models from `.topo` text, and a seeded generator of small random
 * topologies covering every feature of spec section 3 (shared and unshared zones and regions,
 * zones without availability, k-of-n, unequal capacities, active-passive with temperatures and
 * health checks, sites both active-active and active-passive, nested sites).
 */
import { seededRandom } from '../../support/random';

export { modelOf } from '../../support/model';

interface Gen {
  r: () => number;
  zones: string[];
  /** Random variables used so far (instances + failing domains + failover events), kept small. */
  budget: number;
  counter: number;
}

const pick = <T>(g: Gen, xs: readonly T[]): T => xs[Math.floor(g.r() * xs.length)]!;
const int = (g: Gen, lo: number, hi: number): number => lo + Math.floor(g.r() * (hi - lo + 1));
const AVAIL = ['90%', '95%', '99%', '99.5%', '99.9%', '80%', '99.99%'];

function nodeText(g: Gen, name: string, opts: { replicas: number; capacity?: number; standby?: string }): string {
  const props = [`availability ${pick(g, AVAIL)}`];
  if (g.r() < 0.3) props.push(`mttr ${pick(g, ['30m', '2h', '4h'])}`);
  if (g.zones.length > 0 && g.r() < 0.85) {
    if (opts.replicas > 1 && g.r() < 0.7) {
      const zs = [...new Set(Array.from({ length: int(g, 1, 3) }, () => pick(g, g.zones)))];
      props.push(`zones [${zs.join(', ')}]`);
    } else props.push(`zone ${pick(g, g.zones)}`);
  }
  if (opts.replicas > 1) props.push(`replicas ${opts.replicas}`);
  if (opts.capacity !== undefined) props.push(`capacity ${opts.capacity}`);
  if (opts.standby !== undefined) props.push(opts.standby);
  return `node ${name} { ${props.join(' ')} }`;
}

function nodeLayer(g: Gen, name: string): string {
  const lines: string[] = [];
  if (g.r() < 0.35) {
    // active-passive: one primary, 1–2 standbys.
    const standbys = int(g, 0, 2);
    if (g.r() < 0.5) lines.push(`health-check { interval ${pick(g, ['5s', '10s', '1m'])} unhealthy ${int(g, 1, 4)} }`);
    if (g.r() < 0.3) lines.push(`heartbeat { interval 1s timeout ${pick(g, ['5s', '30s'])} }`);
    if (g.r() < 0.2) lines.push(`promote ${pick(g, ['10s', '2m'])}`);
    lines.push('mode active-passive');
    lines.push(nodeText(g, `${name}p`, { replicas: 1 }));
    for (let i = 0; i < standbys; i++) {
      lines.push(nodeText(g, `${name}s${i}`, { replicas: 1, standby: pick(g, ['standby hot', 'standby warm', 'standby cold', 'standby']) }));
    }
    g.budget -= 2 + standbys;
  } else {
    const nodes = int(g, 1, 2);
    const withLoad = g.r() < 0.35;
    const caps = [1, 2, 3];
    let n = 0;
    const nodeLines: string[] = [];
    let total = 0;
    for (let i = 0; i < nodes; i++) {
      const replicas = int(g, 1, 3);
      const capacity = withLoad ? pick(g, caps) : undefined;
      nodeLines.push(nodeText(g, `${name}${i}`, { replicas, capacity }));
      n += replicas;
      total += (capacity ?? 0) * replicas;
    }
    if (withLoad) lines.push(`load ${int(g, 1, Math.max(1, total - 1))}`);
    lines.push(`min ${int(g, 1, n)}`);
    lines.push(...nodeLines);
    g.budget -= n;
  }
  return `layer ${name} { ${lines.join('\n ')} }`;
}

function siteLayer(g: Gen, name: string, depth: number): string {
  const ap = g.r() < 0.5;
  const count = int(g, 2, 2);
  const sites: string[] = [];
  for (let s = 0; s < count; s++) {
    const inner = int(g, 1, 2);
    const layers: string[] = [];
    for (let i = 0; i < inner; i++) {
      const lname = `${name}${s}l${i}`;
      layers.push(depth < 1 && g.r() < 0.2 ? siteLayer(g, lname, depth + 1) : nodeLayer(g, lname));
    }
    const standby = ap && s > 0 ? pick(g, ['standby hot', 'standby warm', 'standby cold']) : '';
    sites.push(`site ${name}s${s} { ${standby} ${layers.join('\n')} }`);
  }
  const mode = ap ? 'mode active-passive health-check { interval 10s }' : `min ${int(g, 1, count)}`;
  return `layer ${name} { ${mode}\n${sites.join('\n')} }`;
}

/** A random small system (at most ~16 random variables) as `.topo` text. */
export function randomTopo(seed: number): string {
  const g: Gen = { r: seededRandom(seed), zones: [], budget: 14, counter: 0 };
  const decl: string[] = [];
  const regions = int(g, 0, 2);
  for (let i = 0; i < regions; i++) {
    decl.push(g.r() < 0.8 ? `region r${i} { availability ${pick(g, ['99%', '99.9%', '95%'])} }` : `region r${i}`);
    if (g.r() < 0.8) g.budget--;
  }
  const zones = int(g, 0, 3);
  for (let i = 0; i < zones; i++) {
    const inRegion = regions > 0 && g.r() < 0.7 ? ` in r${int(g, 0, regions - 1)}` : '';
    const body = g.r() < 0.8 ? ` { availability ${pick(g, ['99%', '99.9%', '98%'])} }` : '';
    decl.push(`zone z${i}${inRegion}${body}`);
    if (body) g.budget--;
    g.zones.push(`z${i}`);
  }
  const layers: string[] = [];
  let i = 0;
  while (g.budget > 0 && layers.length < 4) {
    const name = `l${i++}`;
    layers.push(g.r() < 0.2 && g.budget > 6 ? siteLayer(g, name, 0) : nodeLayer(g, name));
  }
  return `system s${seed} {\n${decl.join('\n')}\n${layers.join('\n')}\n}\n`;
}
