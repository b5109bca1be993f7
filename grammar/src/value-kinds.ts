/**
 * Which literal each key takes (spec section 2), shared by the parser's messages and the
 * AST builder's kind check.
 */
import type { LiteralAst } from './ast';

export type ValueKind = 'percent' | 'duration' | 'integer' | 'amount' | 'frequency';

/** Expected value by the word just before it (`every` for `backup every D`, `at` for `fail X at T`). */
export const VALUE_KIND_AFTER: Readonly<Record<string, ValueKind>> = {
  availability: 'percent', slo: 'percent', sla: 'percent',
  mtbf: 'duration', mttr: 'duration', promote: 'duration', window: 'duration', rto: 'duration',
  rpo: 'duration', interval: 'duration', timeout: 'duration', lag: 'duration', every: 'duration',
  at: 'duration',
  replicas: 'integer', min: 'integer', unhealthy: 'integer',
  capacity: 'amount', load: 'amount',
  // Common causes (an extension).
  deploys: 'frequency', 'change-failure': 'percent', restore: 'duration', canary: 'percent', 'common-cause': 'percent',
  maintenance: 'duration',
};

/** How a message names a kind of value. */
export function describeValueKind(kind: ValueKind | undefined): string {
  switch (kind) {
    case 'percent': return 'a percent (e.g. 99.95%)';
    case 'duration': return 'a duration (e.g. 500ms, 30s, 5m, 2h, 30d)';
    case 'integer': return 'a whole number (e.g. 3)';
    case 'amount': return 'a number or a rate (e.g. 1000rps)';
    case 'frequency': return 'a frequency (e.g. 20/week, 3/day)';
    default: return 'a value';
  }
}

/** True when a literal is of the kind a key takes. */
export function literalFits(lit: Pick<LiteralAst, 'kind' | 'integer'>, kind: ValueKind): boolean {
  switch (kind) {
    case 'percent': return lit.kind === 'percent';
    case 'duration': return lit.kind === 'duration';
    case 'integer': return lit.kind === 'number' && lit.integer;
    case 'amount': return lit.kind === 'number' || lit.kind === 'rate';
    case 'frequency': return lit.kind === 'frequency';
  }
}
