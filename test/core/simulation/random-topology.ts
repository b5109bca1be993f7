/**
 * Small random `.topo` systems with realistic figures (nodes 99%–99.99%, zones and regions
 * 99.99%–99.9995%, detection ≤ 30 s, no cold standbys), for checking the Monte Carlo against the exact figure. Realistic figures keep
 * the model's second-order differences small: the exact engine treats "failover in progress" as
 * an independent event, while in the simulation a failover starts only when a standby is up, and
 * one zone failure that starts failovers in several layers (or takes other layers down too)
 * overlaps them in time. Those differences grow with f_zone × T_fo, so zones are reliable and
 * failovers quick here, as in a design that follows the spec's advice.
 */
import { Random } from '../../support/random';

const NODE_PERCENTS = ['99%', '99.5%', '99.9%', '99.95%', '99.99%'];
const DOMAIN_PERCENTS = ['99.99%', '99.995%', '99.999%'];
const MTTRS = ['30m', '1h', '2h', '4h'];
const TEMPERATURES = ['hot', 'warm', ''];

/** A random system as text: 1–4 layers of nodes, sometimes a layer of two sites. */
export function randomTopology(seed: number): string {
  const rnd = new Random(seed);
  const lines = [`system r${seed} {`];
  const zones = ['z1', 'z2', 'z3'].slice(0, rnd.int(1, 3));
  const withRegion = rnd.chance(0.5);
  if (withRegion) lines.push(`  region reg { availability ${rnd.pick(['99.999%', '99.9995%'])} mttr 1h }`);
  for (const z of zones) lines.push(`  zone ${z}${withRegion ? ' in reg' : ''} { availability ${rnd.pick(DOMAIN_PERCENTS)} mttr ${rnd.pick(['30m', '1h'])} }`);
  const layerCount = rnd.int(1, 4);
  for (let l = 0; l < layerCount; l++) lines.push(...layer(rnd, `l${l}`, zones, '  '));
  if (rnd.chance(0.3)) {
    lines.push('  layer sites {');
    lines.push(`    heartbeat { timeout ${rnd.pick(['10s', '30s'])} }`);
    for (const [k, site] of ['east', 'west'].entries()) {
      lines.push(`    site ${site} {`);
      if (k === 1 && rnd.chance(0.7)) lines.push(`      standby ${rnd.pick(TEMPERATURES)}`);
      lines.push(...layer(rnd, 'inner', zones, '      '));
      lines.push('    }');
    }
    lines.push('  }');
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}

function layer(rnd: Random, name: string, zones: string[], indent: string): string[] {
  const out = [`${indent}layer ${name} {`];
  const figures = () => `availability ${rnd.pick(NODE_PERCENTS)} mttr ${rnd.pick(MTTRS)}`;
  if (rnd.chance(0.5)) {
    if (rnd.chance(0.5)) out.push(`${indent}  health-check { interval ${rnd.pick(['5s', '10s'])} unhealthy ${rnd.int(1, 3)} }`);
    else out.push(`${indent}  heartbeat { timeout ${rnd.pick(['3s', '10s'])} }`);
    if (rnd.chance(0.4)) out.push(`${indent}  replication async lag 2s`);
    // Standbys live outside the primary's zone, as in real designs: the exact engine counts a
    // failover for every failure of the primary's zone, which a zone shared with every standby
    // would turn into a failover that cannot happen.
    const primaryZone = rnd.pick(zones);
    const others = zones.filter((z) => z !== primaryZone);
    out.push(`${indent}  node ${name}-p { ${figures()} zone ${primaryZone} }`);
    const standbys = rnd.int(1, 2);
    for (let s = 0; s < standbys; s++) {
      const zone = others.length > 0 ? ` zone ${rnd.pick(others)}` : '';
      out.push(`${indent}  node ${name}-s${s} { ${figures()}${zone} standby ${rnd.pick(TEMPERATURES)} }`);
    }
  } else {
    const replicas = rnd.int(1, 4);
    const needed = rnd.int(1, replicas);
    if (rnd.chance(0.5)) out.push(`${indent}  load ${needed * 100}`);
    else out.push(`${indent}  min ${needed}`);
    out.push(`${indent}  node ${name}-n { ${figures()} replicas ${replicas} capacity 100 zones [${zones.join(', ')}] }`);
  }
  out.push(`${indent}}`);
  return out;
}
