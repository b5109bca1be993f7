/**
 * What `topo import` prints: the errors, the skipped items and the findings, each at its place in
 * the source (`file:line:col`, 1-based), then the draft's headline figures; the same as JSON; and
 * the diagnostics for the one SARIF writer (`report/sarif.ts`), whose rules are the diagnostic
 * codes: a finding keeps the code of the analysis it comes from (`spof`, `no-health-check`, …),
 * a skipped item is `ignored-property`, an error of the input `invalid-value`.
 */
import type { Diagnostic, Range } from '../../../../grammar/src/text';
import { SECONDS_PER_YEAR } from '../../../../grammar/src/units';
import { formatAvailability, formatDuration } from '../text/format';
import type { ImportResult } from './index';
import { formatLocation, type SourceLocation } from './tree';

/** The text report, for people (the CLI escapes it for the terminal). */
export function formatImportReport(result: ImportResult): string {
  const out: string[] = [];
  for (const e of result.draft.errors) out.push(`${formatLocation(e.location)} error ${e.message}`);
  for (const s of result.draft.skipped) out.push(`${formatLocation(s.location)} warning skipped ${s.what}: ${s.reason}`);
  for (const f of result.findings) {
    const cut = f.cutSet && f.cutSet.length > 1 ? ` (cut set: ${f.cutSet.join(' + ')})` : '';
    out.push(`${formatLocation(f.location)} ${f.severity} ${f.check} ${f.message}${cut}`);
  }
  for (const s of result.analysis?.systems ?? []) {
    const a = s.analysis;
    if (!a) continue;
    out.push(`draft system ${s.model.name}: availability ${formatAvailability(a.unavailability)}, ${formatDuration(a.unavailability * SECONDS_PER_YEAR)} of downtime a year, with the figures marked assumed`);
  }
  const errors = result.draft.errors.length;
  out.push(errors > 0
    ? `${errors} error${errors === 1 ? '' : 's'}: no draft written`
    : `${result.findings.length} finding${result.findings.length === 1 ? '' : 's'}, ${result.draft.skipped.length} skipped`);
  return out.join('\n') + '\n';
}

/** The JSON report (`--format json`); `output` is where the draft was written, if to a file. */
export function importJson(result: ImportResult, output: string | undefined): object {
  return {
    source: result.draft.source,
    files: result.draft.files,
    output: output ?? null,
    topo: result.topo ?? null,
    systems: (result.analysis?.systems ?? []).map((s) => ({
      name: s.model.name,
      availability: s.analysis?.availability ?? null,
      unavailability: s.analysis?.unavailability ?? null,
      downtimeSecondsPerYear: s.analysis ? s.analysis.unavailability * SECONDS_PER_YEAR : null,
    })),
    findings: result.findings.map(({ code: _code, ...f }) => f),
    skipped: result.draft.skipped,
    errors: result.draft.errors,
  };
}

/** The import's results as diagnostics of each source file, for `toSarif`. */
export function importDiagnostics(result: ImportResult): Map<string, Diagnostic[]> {
  const byFile = new Map<string, Diagnostic[]>(result.draft.files.map((f) => [f, []]));
  const add = (location: SourceLocation, d: Omit<Diagnostic, 'range'>): void => {
    const list = byFile.get(location.file) ?? [];
    list.push({ ...d, range: rangeAt(location) });
    byFile.set(location.file, list);
  };
  for (const e of result.draft.errors) add(e.location, { severity: 'error', code: 'invalid-value', message: e.message });
  for (const s of result.draft.skipped) add(s.location, { severity: 'warning', code: 'ignored-property', message: `skipped ${s.what}: ${s.reason}` });
  for (const f of result.findings) add(f.location, { severity: f.severity, code: f.code, message: `${f.check}: ${f.message}` });
  return byFile;
}

function rangeAt(l: SourceLocation): Range {
  const at = { line: l.line - 1, character: l.column - 1 };
  return { start: at, end: at };
}
