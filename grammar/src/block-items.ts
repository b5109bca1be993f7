/**
 * Which keywords start an item of each block rule (spec section 2). The parser's recovery uses
 * them to tell a stray word inside a block from the start of an enclosing block's next item,
 * and the error wording lists them ("expected kind, mode, … or '}'").
 */

import { tokenMatcher, type IToken } from './chevrotain';
import {
  Async, CauseKind, CommonCause, ContextualKeyword, Every, isIdentifierLike, Keyword, LayerMode, LBrace, LBracket, Literal, RolloutKind, StringLit, Sync,
} from './tokens';

/** The common causes' items of a system, a site and a layer (an extension, docs/language.md "Common causes"). */
const COMMON_CAUSE_ITEMS = ['deploys', 'change-failure', 'restore', 'rollout', 'maintenance'];

/**
 * The keywords that may start an item of each block rule. `import`, `external`, `use` and
 * `journey` (the estates extension) are contextual: keywords only at the start of an item.
 */
export const ITEMS: Readonly<Record<string, readonly string[]>> = {
  file: ['system', 'import', 'external', 'journey'],
  system: ['slo', 'sla', 'window', 'rto', 'rpo', 'defaults', 'region', 'zone', 'layer', 'path', 'scenario', 'use', 'journey', ...COMMON_CAUSE_ITEMS],
  journey: ['path', 'slo', 'sla', 'window', 'rto', 'rpo'],
  defaults: ['availability', 'mtbf', 'mttr', 'zone', 'zones', 'replicas', 'capacity', 'standby', 'promote'],
  node: ['availability', 'mtbf', 'mttr', 'zone', 'zones', 'replicas', 'capacity', 'standby', 'promote', 'common-cause'],
  domainBody: ['availability', 'mtbf', 'mttr'],
  layer: [
    'kind', 'mode', 'min', 'load', 'optional', 'promote', 'health-check', 'heartbeat', 'replication', 'backup', 'node', 'site',
    ...COMMON_CAUSE_ITEMS, 'common-cause',
  ],
  healthCheck: ['interval', 'timeout', 'unhealthy'],
  heartbeat: ['interval', 'timeout'],
  site: ['layer', 'path', 'standby', 'promote', ...COMMON_CAUSE_ITEMS],
  scenario: ['fail'],
};

/**
 * True for a token that may start an item somewhere: a reserved word, or a contextual keyword
 * (`use`, `journey`, …), which starts an item only when what follows reads as its item.
 */
export function isItemWord(t: IToken, next: IToken | undefined): boolean {
  if (tokenMatcher(t, Keyword)) return true;
  return tokenMatcher(t, ContextualKeyword) && next !== undefined && readsAsItem(t.image, next);
}

/** True when `word` starts an item of a block enclosing the innermost one on `ruleStack` but not of that one. */
export function startsOuterItem(word: string, ruleStack: readonly string[]): boolean {
  const inner = ruleStack[ruleStack.length - 1];
  if (inner !== undefined && ITEMS[inner]?.includes(word)) return false;
  return ruleStack.slice(0, -1).some((rule) => ITEMS[rule]?.includes(word) ?? false);
}

/** Keywords whose item goes on with a name (`zone z1`, `in r1`, `fail x`). */
const THEN_NAME = new Set(['region', 'zone', 'in', 'layer', 'kind', 'node', 'site', 'path', 'fail']);
/** Keywords whose item goes on with a value (`slo 99.9%`, `at 30s`, `every 1d`). */
const THEN_VALUE = new Set([
  'slo', 'sla', 'window', 'rto', 'rpo', 'availability', 'mtbf', 'mttr', 'replicas', 'capacity', 'promote',
  'min', 'load', 'interval', 'timeout', 'unhealthy', 'lag', 'every', 'at',
  'deploys', 'change-failure', 'restore', 'common-cause', 'maintenance',
]);

/**
 * True when `word`, followed by `next`, reads as the start of an item (`zone z1`, `mode
 * active-passive`, `standby`), so a keyword where a name goes means the name is missing rather
 * than that the keyword was meant as the name.
 */
export function readsAsItem(word: string, next: IToken): boolean {
  // `fail deploy`, `fail maintenance`, `fail common-cause x`: a common cause, named by its kind.
  if (word === 'fail') return isIdentifierLike(next) || tokenMatcher(next, CauseKind) || next.tokenType === CommonCause;
  if (THEN_NAME.has(word)) return isIdentifierLike(next);
  if (THEN_VALUE.has(word)) return tokenMatcher(next, Literal);
  switch (word) {
    case 'system': case 'scenario': case 'external': case 'use': case 'journey': return isIdentifierLike(next) || next.tokenType === StringLit;
    case 'import': return next.tokenType === StringLit;
    case 'defaults': case 'health-check': case 'heartbeat': return next.tokenType === LBrace;
    case 'mode': return tokenMatcher(next, LayerMode);
    case 'rollout': return tokenMatcher(next, RolloutKind);
    case 'replication': return next.tokenType === Sync || next.tokenType === Async;
    case 'backup': return next.tokenType === Every;
    case 'zones': return next.tokenType === LBracket;
    case 'standby': case 'optional': return true;
    default: return false;
  }
}

/**
 * The keyword of `items` that `word` is a plain misspelling of (`helth-check`, `layr`, `zoen`,
 * `Layer`), or undefined: the one keyword at the smallest distance (case ignored; a swap of two
 * neighbouring letters counts as one edit), when that distance is at most 2 and at most 40% of
 * the word's length (at least 1). Two keywords at that distance (`zonse`: `zone`, `zones`) give none.
 */
export function misspeltKeyword(word: string, items: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  const limit = Math.min(2, Math.max(1, Math.floor(word.length * 0.4)));
  let best: string | undefined;
  let bestDistance = Infinity;
  let ties = 0;
  for (const item of items) {
    const d = spellingDistance(lower, item);
    if (d < bestDistance) {
      best = item;
      bestDistance = d;
      ties = 0;
    } else if (d === bestDistance) ties++;
  }
  return bestDistance <= limit && ties === 0 ? best : undefined;
}

/** Edits from `a` to `b`: insertions, deletions, substitutions and swaps of neighbouring letters. */
function spellingDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return Infinity;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const up = rows[i - 1] as number[];
      let d = Math.min((up[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (up[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      row.push(d);
    }
    rows.push(row);
  }
  return rows[a.length]?.[b.length] ?? Infinity;
}
