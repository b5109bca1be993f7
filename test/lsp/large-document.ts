/** The generated document the language-server benchmark edits: 2,000 instances over 20 layers, 4 zones, 2 regions. */

export const LAYERS = 20;
export const NODES_PER_LAYER = 5;
export const REPLICAS = 20;

/** The text, and the line of each node so edits and requests can aim at them; `replicas` per node scales it. */
export function benchDocument(replicas = REPLICAS): { text: string; nodeLines: number[] } {
  const lines: string[] = [
    'system bench {',
    '  slo 99.95%',
    '  sla 99.9%',
    '  rto 5m',
    '',
    '  region r1 { availability 99.999% }',
    '  region r2 { availability 99.999% }',
    '  zone z1 in r1 { availability 99.99% }',
    '  zone z2 in r1 { availability 99.99% }',
    '  zone z3 in r2 { availability 99.99% }',
    '  zone z4 in r2 { availability 99.99% }',
    '',
  ];
  const nodeLines: number[] = [];
  for (let l = 1; l <= LAYERS; l++) {
    lines.push(`  layer tier${l} {`, '    health-check { interval 5s unhealthy 3 }', `    min ${NODES_PER_LAYER * replicas - 10}`);
    for (let n = 1; n <= NODES_PER_LAYER; n++) {
      nodeLines.push(lines.length);
      lines.push(`    node t${l}n${n} { availability 99.9% replicas ${replicas} zones [z1, z2, z3, z4] }`);
    }
    lines.push('  }');
  }
  lines.push(`  path ${Array.from({ length: LAYERS }, (_v, i) => `tier${i + 1}`).join(' -> ')}`, '}', '');
  return { text: lines.join('\n'), nodeLines };
}
