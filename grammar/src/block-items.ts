/**
 * Which keywords start an item of each block rule (spec section 2). The parser's recovery uses
 * them to tell a stray word inside a block from the start of an enclosing block's next item,
 * and the error wording lists them ("expected kind, mode, … or '}'").
 */

/** The keywords that may start an item of each block rule. */
export const ITEMS: Readonly<Record<string, readonly string[]>> = {
  file: ['system'],
  system: ['slo', 'sla', 'window', 'rto', 'rpo', 'defaults', 'region', 'zone', 'layer', 'path', 'scenario'],
  defaults: ['availability', 'mtbf', 'mttr', 'zone', 'zones', 'replicas', 'capacity', 'standby', 'promote'],
  node: ['availability', 'mtbf', 'mttr', 'zone', 'zones', 'replicas', 'capacity', 'standby', 'promote'],
  domainBody: ['availability', 'mtbf', 'mttr'],
  layer: ['kind', 'mode', 'min', 'load', 'optional', 'promote', 'health-check', 'heartbeat', 'replication', 'backup', 'node', 'site'],
  healthCheck: ['interval', 'timeout', 'unhealthy'],
  heartbeat: ['interval', 'timeout'],
  site: ['layer', 'path', 'standby', 'promote'],
  scenario: ['fail'],
};

/** True when `word` starts an item of a block enclosing the innermost one on `ruleStack` but not of that one. */
export function startsOuterItem(word: string, ruleStack: readonly string[]): boolean {
  const inner = ruleStack[ruleStack.length - 1];
  if (inner !== undefined && ITEMS[inner]?.includes(word)) return false;
  return ruleStack.slice(0, -1).some((rule) => ITEMS[rule]?.includes(word) ?? false);
}
