/**
 * What the server sends after analysing a version: its diagnostics (as LSP's) and the status
 * bar's figures. Computed where the analysis ran — in the worker, it is posted ahead of the
 * analysis itself, so publishing does not wait for the (larger) analysis to be copied across.
 */
import type { Diagnostic as LspDiagnostic } from 'vscode-languageserver/node';
import { type DocumentAnalysis, unavailabilityBoundsOf, withRelatedInfo } from '../core/index';
import type { AnalysedParams } from '../protocol';
import { toLspDiagnostic } from './convert';

export interface Publication {
  version: number;
  diagnostics: LspDiagnostic[];
  analysed: AnalysedParams;
}

/** The diagnostics and status figures of one analysed version of a document. */
export function publicationOf(uri: string, version: number, analysis: DocumentAnalysis): Publication {
  return {
    version,
    diagnostics: withRelatedInfo(analysis).map((d) => toLspDiagnostic(uri, d)),
    analysed: analysedParams(uri, version, analysis),
  };
}

/** The status bar's figures for one analysed version. */
function analysedParams(uri: string, version: number, analysis: DocumentAnalysis): AnalysedParams {
  return {
    uri,
    version,
    systems: analysis.systems.map((s) => {
      const a = s.analysis;
      const slo = s.model.slo?.value ?? null;
      const bounds = a ? unavailabilityBoundsOf(a) : undefined;
      return {
        name: s.model.name,
        ...(bounds ? { unavailabilityBounds: bounds } : {}),
        availability: a?.availability ?? null,
        unavailability: a?.unavailability ?? null,
        nines: a && Number.isFinite(a.nines) ? a.nines : null,
        downtimeYearSeconds: a?.downtime.year ?? null,
        slo,
        sloMet: a && slo !== null ? 1 - a.unavailability >= slo : null,
      };
    }),
  };
}
