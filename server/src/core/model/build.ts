/** AST → semantic model + model diagnostics (spec section 3 and 6). PLACEHOLDER until the model lands. */
import type { ParseResult } from '../../../../grammar/src/ast';
import type { ModelResult } from './types';

export function buildModel(_parsed: ParseResult): ModelResult {
  return { systems: [], diagnostics: [] };
}
