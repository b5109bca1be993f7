/**
 * SARIF rules (and anything else that explains a code) from the one catalogue of diagnostic
 * codes (`grammar/src/codes.ts`), each pointing at its section of the language reference.
 */
import { DIAGNOSTIC_CODES, type DiagnosticCode } from '../../../../grammar/src/codes';
import type { Severity } from '../../../../grammar/src/text';

/** Where the documentation is published: the repository's `docs/` folder. */
export const DOCS_URI = 'https://github.com/topo-dev/topo/blob/main/docs/';

export interface RuleInfo {
  code: DiagnosticCode;
  severity: Severity;
  description: string;
  /** The code's section in docs/language.md. */
  helpUri: string;
}

/** The rule for a code. */
export function ruleFor(code: DiagnosticCode): RuleInfo {
  const info = DIAGNOSTIC_CODES[code];
  return { code, severity: info.severity, description: info.summary, helpUri: `${DOCS_URI}language.md#${code}` };
}
