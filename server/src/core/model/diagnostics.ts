/**
 * Collects the model's diagnostics for one system and remembers whether any of them makes the
 * figures meaningless (then the system is not `analysable`).
 *
 * Which codes block analysis (the default for each code; a caller may override it, e.g. an
 * `invalid-value` on an `slo` line does not change any figure):
 * - blocking: unknown-reference, duplicate-name, invalid-value, missing-availability,
 *   missing-capacity, primary-count, unsatisfiable, mixed-members, limit, empty-path, and the
 *   common causes' incomplete-deploys, invalid-rollout, common-cause-scope;
 * - not blocking: duplicate-property (the first one is used) and every warning.
 */
import type { Diagnostic, DiagnosticData, Range, RelatedInfo, Severity } from '../../../../grammar/src/text';
import type { DiagnosticCode } from '../../../../grammar/src/codes';
import { closestName } from './suggest';

/**
 * Candidate names compared for "did you mean" across one system. A file of thousands of
 * misspelt references against 100,000 instances would otherwise take minutes; past the budget
 * the diagnostics simply carry no suggestion.
 */
const SUGGESTION_BUDGET = 2_000_000;

const BLOCKING_CODES = new Set([
  'unknown-reference', 'duplicate-name', 'invalid-value', 'missing-availability', 'missing-capacity',
  'primary-count', 'unsatisfiable', 'mixed-members', 'limit', 'empty-path',
  'incomplete-deploys', 'invalid-rollout', 'common-cause-scope',
]);

export interface ReportOptions {
  data?: DiagnosticData;
  related?: RelatedInfo[];
  /** Overrides the code's default (see the table above). */
  blocking?: boolean;
}

/** A diagnostic collector for one system. */
export class ModelDiagnostics {
  readonly list: Diagnostic[] = [];
  private blocked = false;
  private suggestionBudget = SUGGESTION_BUDGET;

  /** True while no reported diagnostic makes the figures meaningless. */
  get analysable(): boolean {
    return !this.blocked;
  }

  error(code: DiagnosticCode, message: string, range: Range, options: ReportOptions = {}): void {
    this.report('error', code, message, range, options);
  }

  warning(code: DiagnosticCode, message: string, range: Range, options: ReportOptions = {}): void {
    this.report('warning', code, message, range, options);
  }

  /** The declared name closest to `name`, while the system's suggestion budget lasts. */
  suggest(name: string, candidates: readonly string[]): string | undefined {
    if (candidates.length > this.suggestionBudget) return undefined;
    this.suggestionBudget -= candidates.length;
    return closestName(name, candidates);
  }

  /** Adds a diagnostic another collector judged (a journey's): it never blocks this one. */
  adopt(diagnostic: Diagnostic): void {
    this.list.push(diagnostic);
  }

  /** Marks the system unanalysable without a diagnostic of its own (one was reported elsewhere). */
  block(): void {
    this.blocked = true;
  }

  private report(severity: Severity, code: DiagnosticCode, message: string, range: Range, options: ReportOptions): void {
    const diagnostic: Diagnostic = { severity, code, message, range };
    if (options.data) diagnostic.data = options.data;
    if (options.related && options.related.length > 0) diagnostic.related = options.related;
    this.list.push(diagnostic);
    if (options.blocking ?? BLOCKING_CODES.has(code)) this.blocked = true;
  }
}
