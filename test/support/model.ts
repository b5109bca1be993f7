/** Models from `.topo` text for the tests. */
import { parse } from '../../grammar/src/index';
import { buildModel } from '../../server/src/core/model/build';
import type { SystemModel } from '../../server/src/core/model/types';

/** The first system of `text`, parsed and resolved (no analysis); throws, listing them, when the text has errors. */
export function modelOf(text: string): SystemModel {
  const parsed = parse(text);
  const built = buildModel(parsed);
  const errors = [...parsed.diagnostics, ...built.diagnostics].filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`fixture has errors: ${errors.map((e) => `${e.code}: ${e.message}`).join('; ')}\n${text}`);
  const sys = built.systems[0];
  if (!sys) throw new Error('fixture has no system');
  return sys;
}

/**
 * A model whose analysis stops at its work limit, so U is only bounded (about 1e-63 to 1.77e-4):
 * docs/language.md's `analysis-limit` example, a database with two hot standbys in each of 21
 * zones of its own, with `objectives` (an slo, an sla) as its first lines.
 */
export function boundedLedger(objectives: string[] = ['slo 99.99%']): string {
  const zones = Array.from({ length: 21 }, (_, i) => `z${i + 1}`);
  return [
    'system ledger {',
    ...objectives.map((o) => `  ${o}`),
    ...zones.map((z) => `  zone ${z} { availability 99.9% }`),
    '  layer db {',
    '    replication sync',
    '    heartbeat { timeout 10s }',
    '    node db { availability 99.95% zone z1 }',
    `    node replica { availability 99.95% standby hot replicas 42 zones [${zones.join(', ')}] }`,
    '  }',
    '}',
    '',
  ].join('\n');
}
