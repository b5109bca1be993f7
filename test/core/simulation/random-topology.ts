/**
 * Small random `.topo` systems for checking the samplers against the exact engine, shaped to
 * exercise what revision 2 of the spec is about (section 3, "Failover windows"): windows timed by
 * the standby they promote, zones that take several members or layers at once, windows inside
 * sites. Each system says which of these it has (`features`), so the agreement test can check it
 * covered them all:
 * - `shared-zone`: a primary and one of its standbys in the same zone;
 * - `primaries-zone`: one zone holding the primaries of every active-passive layer and the only
 *   load balancer;
 * - `cold-behind-hot`: a cold standby behind a hot one;
 * - `several-standbys`: two or three standbys;
 * - `site-standbys`: an active-passive layer of sites with standby sites (and windows inside them);
 * - `slow-detection`: detection of a minute or more (up to 5 minutes of manual detection);
 * - `own-promote`: a standby's own or a layer's `promote`.
 * Primaries fail often enough (99.5% to 99.95%, MTTR 30 m to 4 h) and standbys are unreliable
 * enough (down to 99%) that the windows are a real share of U, not a rounding error of it; no
 * element fails more than 0.02 times an hour, as in real designs (see agreement.ts for why that
 * bounds what first order leaves out).
 */
import { Random } from '../../support/random';

export type Feature = 'shared-zone' | 'primaries-zone' | 'cold-behind-hot' | 'several-standbys' | 'site-standbys' | 'slow-detection' | 'own-promote';

export interface GeneratedTopology {
  text: string;
  features: Set<Feature>;
}

const PRIMARY_PERCENTS = ['99.5%', '99.9%', '99.95%'];
const STANDBY_PERCENTS = ['99%', '99.5%', '99.9%'];
const REPLICA_PERCENTS = ['99%', '99.5%', '99.9%'];
const ZONE_PERCENTS = ['99.9%', '99.95%', '99.99%'];
const MTTRS = ['30m', '1h', '2h', '4h'];
/** Detection from 3 s to 5 minutes: [the layer's line, seconds]. */
const DETECTIONS: [string, number][] = [
  ['health-check { interval 1s unhealthy 3 }', 3],
  ['heartbeat { timeout 10s }', 10],
  ['health-check { interval 10s unhealthy 3 }', 30],
  ['heartbeat { timeout 1m }', 60],
  ['health-check { interval 1m unhealthy 3 }', 180],
  ['', 300],
];
const STANDBY_ORDERS = [['hot'], ['warm'], [''], ['cold'], ['hot', 'cold'], ['hot', 'warm', 'cold'], ['warm', 'cold'], ['hot', 'hot'], ['cold', 'hot']];

/** A random system as text: 1–3 layers of nodes, sometimes a load balancer and a layer of sites. */
export function randomTopology(seed: number): GeneratedTopology {
  const rnd = new Random(seed);
  const features = new Set<Feature>();
  const lines = [`system r${seed} {`];
  const zones = ['z1', 'z2', 'z3'].slice(0, rnd.int(2, 3));
  const withRegion = rnd.chance(0.3);
  if (withRegion) lines.push(`  region reg { availability ${rnd.pick(['99.99%', '99.999%'])} mttr 1h }`);
  for (const z of zones) lines.push(`  zone ${z}${withRegion ? ' in reg' : ''} { availability ${rnd.pick(ZONE_PERCENTS)} mttr ${rnd.pick(['30m', '1h'])} }`);
  // A hub zone: the only load balancer and every primary live in z1.
  const hub = rnd.chance(0.3);
  const path: string[] = [];
  if (hub) {
    lines.push(`  layer lb { node lb { availability ${rnd.pick(['99.95%', '99.99%'])} mttr ${rnd.pick(['30m', '1h'])} zone z1 } }`);
    path.push('lb');
  }
  const layerCount = rnd.int(1, 3);
  let activePassive = 0;
  for (let l = 0; l < layerCount; l++) {
    const name = `l${l}`;
    const ap = rnd.chance(0.65);
    if (ap) activePassive++;
    lines.push(...(ap ? activePassiveLayer(rnd, name, zones, '  ', features, hub ? 'z1' : undefined) : activeActiveLayer(rnd, name, zones, '  ')));
    path.push(name);
  }
  if (hub && activePassive >= 1) features.add('primaries-zone');
  if (rnd.chance(0.35)) {
    lines.push(...sitesLayer(rnd, zones, features));
    path.push('sites');
  }
  lines.push(`  path ${path.join(' -> ')}`);
  lines.push('}');
  return { text: lines.join('\n') + '\n', features };
}

function activePassiveLayer(rnd: Random, name: string, zones: string[], indent: string, features: Set<Feature>, primaryZone = rnd.pick(zones)): string[] {
  const out = [`${indent}layer ${name} {`];
  const [detection, detectionSeconds] = rnd.pick(DETECTIONS);
  if (detection) out.push(`${indent}  ${detection}`);
  if (detectionSeconds >= 60) features.add('slow-detection');
  out.push(`${indent}  replication ${rnd.pick(['sync', 'async lag 2s'])}`);
  if (rnd.chance(0.15)) {
    out.push(`${indent}  promote ${rnd.pick(['20s', '2m'])}`);
    features.add('own-promote');
  }
  out.push(`${indent}  node ${name}-p { availability ${rnd.pick(PRIMARY_PERCENTS)} mttr ${rnd.pick(MTTRS)} zone ${primaryZone} }`);
  const temperatures = rnd.pick(STANDBY_ORDERS);
  if (temperatures.length > 1) features.add('several-standbys');
  if (temperatures.join(' ').includes('hot cold') || temperatures.join(' ').includes('hot warm cold')) features.add('cold-behind-hot');
  const others = zones.filter((z) => z !== primaryZone);
  temperatures.forEach((temperature, k) => {
    const sameZone = rnd.chance(0.3);
    if (sameZone) features.add('shared-zone');
    const zone = sameZone ? primaryZone : rnd.pick(others);
    let promote = '';
    if (rnd.chance(0.15)) {
      promote = ` promote ${rnd.pick(['10s', '5m'])}`;
      features.add('own-promote');
    }
    out.push(`${indent}  node ${name}-s${k} { availability ${rnd.pick(STANDBY_PERCENTS)} mttr ${rnd.pick(MTTRS)} zone ${zone} standby${temperature ? ` ${temperature}` : ''}${promote} }`);
  });
  out.push(`${indent}}`);
  return out;
}

function activeActiveLayer(rnd: Random, name: string, zones: string[], indent: string): string[] {
  const out = [`${indent}layer ${name} {`];
  const replicas = rnd.int(2, 4);
  const needed = rnd.int(1, replicas - 1);
  out.push(`${indent}  ${rnd.pick(['health-check { interval 10s unhealthy 3 }', 'heartbeat { timeout 10s }'])}`);
  if (rnd.chance(0.5)) out.push(`${indent}  load ${needed * 100}`);
  else out.push(`${indent}  min ${needed}`);
  out.push(`${indent}  node ${name}-n { availability ${rnd.pick(REPLICA_PERCENTS)} mttr ${rnd.pick(MTTRS)} replicas ${replicas} capacity 100 zones [${zones.join(', ')}] }`);
  out.push(`${indent}}`);
  return out;
}

/** A layer of two or three sites, active-passive with standby sites (mostly) or active-active. */
function sitesLayer(rnd: Random, zones: string[], features: Set<Feature>): string[] {
  const out = ['  layer sites {'];
  const ap = rnd.chance(0.75);
  if (ap) out.push(`    ${rnd.pick(DETECTIONS.slice(0, 5))[0]}`, '    replication sync');
  const count = rnd.int(2, 3);
  ['east', 'west', 'north'].slice(0, count).forEach((site, k) => {
    out.push(`    site ${site} {`);
    if (ap && k > 0) {
      out.push(`      standby${rnd.pick([' hot', ' warm', ' cold', ''])}`);
      features.add('site-standbys');
    }
    // Inside: one layer, active-passive (windows inside the site) or active-active.
    const inner = rnd.chance(0.6) ? activePassiveLayer(rnd, 'db', zones, '      ', features) : activeActiveLayer(rnd, 'app', zones, '      ');
    out.push(...inner, '    }');
  });
  out.push('  }');
  return out;
}
