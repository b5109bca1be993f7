/** What `topo simulate` and `topo montecarlo` share: reading the file and choosing the system. */
import { analyseDocument, type AnalysedSystem, closestName, type Diagnostic, type DocumentAnalysis, escapeTerminal, formatDiagnostics, journeyName, SECONDS_PER_UNIT } from '../../core/index';
import { readSource, sourceOf } from '../files';
import { EXIT_FINDINGS, UsageError, type CliIo } from '../io';

export interface SimulationInput {
  file: string;
  text: string;
  /**
   * What to simulate, and its exact figures: the system (with its dependencies, the composite
   * its figures are about: docs/language.md, "Estates"), or with `--journey` the journey's composite.
   */
  system: AnalysedSystem;
}

/**
 * Reads FILE and picks the system: `--system NAME`; else the only one; else the only one that
 * `prefer` accepts (the system declaring a scenario). With several systems and nothing to choose
 * by, a usage error lists them rather than silently simulating the first. Returns the exit code
 * instead when the model has errors: a simulation of a broken model would only mislead.
 */
export function loadSystem(
  file: string | undefined, systemName: string | undefined, io: CliIo, usage: string, prefer?: (s: AnalysedSystem) => boolean, journeyName?: string,
): SimulationInput | number {
  if (file === undefined) throw new UsageError(`no file given\nusage: ${usage}`);
  const text = readSource(file);
  const doc = analyseDocument(text, {}, sourceOf(file));
  // Errors of the text and the model make a simulation meaningless; the analysis's own findings
  // (slo-miss, sla-miss) are verdicts on the design, which is exactly what one simulates.
  const errors = [...doc.parse.diagnostics, ...doc.model.diagnostics].filter((d) => d.severity === 'error');
  if (journeyName !== undefined) return loadJourney(file, text, doc, journeyName, systemName, errors, io);
  const system = systemName === undefined ? onlySystem(file, doc.systems, usage, prefer) : doc.systems.find((s) => s.model.name === systemName);
  if (!system) {
    if (systemName === undefined) {
      if (errors.length > 0) return reportErrors(file, text, errors, io);
      throw new UsageError(`${file}: no system to simulate`);
    }
    const suggestion = closestName(systemName, doc.systems.map((s) => s.model.name));
    throw new UsageError(`${file}: no system '${systemName}'${suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`}`);
  }
  if (errors.length > 0 || !system.model.analysable) return reportErrors(file, text, errors, io);
  if (system.composite && !system.analysis) return reportErrors(file, text, doc.diagnostics.filter((d) => d.severity === 'error'), io);
  return { file, text, system: system.composite ? { ...system, model: system.composite } : system };
}

/** `--journey NAME` (`SYSTEM/NAME` or `--system SYSTEM` when several systems have one of that name): its composite. */
function loadJourney(
  file: string, text: string, doc: DocumentAnalysis, name: string, systemName: string | undefined, errors: Diagnostic[], io: CliIo,
): SimulationInput | number {
  const slash = name.indexOf('/');
  const [owner, local] = slash >= 0 ? [name.slice(0, slash), name.slice(slash + 1)] : [systemName, name];
  const matches = doc.journeys.filter((j) => j.model.name === local && (owner === undefined || j.model.system === owner));
  if (matches.length === 0) {
    const names = doc.journeys.map(journeyName);
    // A journey is mostly written by its own name: suggest by it, and show where it is.
    const near = closestName(local, doc.journeys.map((j) => j.model.name));
    const suggestion = near === undefined ? undefined : names[doc.journeys.findIndex((j) => j.model.name === near)];
    throw new UsageError(`${file}: no journey '${name}'${suggestion !== undefined ? ` (did you mean '${suggestion}'?)` : names.length > 0 ? ` (journeys: ${names.join(', ')})` : ''}`);
  }
  if (matches.length > 1) throw new UsageError(`${file}: several systems have a journey '${local}' (${matches.map((j) => j.model.system).join(', ')}): say which with SYSTEM/${local}`);
  const journey = matches[0]!;
  if (errors.length > 0 || !journey.composite || !journey.analysis) {
    return reportErrors(file, text, errors.length > 0 ? errors : doc.diagnostics.filter((d) => d.severity === 'error'), io);
  }
  return { file, text, system: { model: journey.composite, analysis: journey.analysis } };
}

/** The one system to use without `--system`; a usage error (exit 2) when there are several to choose from. */
function onlySystem(file: string, systems: AnalysedSystem[], usage: string, prefer?: (s: AnalysedSystem) => boolean): AnalysedSystem | undefined {
  if (systems.length <= 1) return systems[0];
  const preferred = prefer ? systems.filter(prefer) : [];
  if (preferred.length === 1) return preferred[0];
  const among = preferred.length > 1 ? preferred : systems;
  const names = among.map((s) => s.model.name).join(', ');
  const what = preferred.length > 1 ? `${preferred.length} systems declare that scenario` : `${file} has ${systems.length} systems`;
  throw new UsageError(`${what} (${names}): say which with --system NAME\nusage: ${usage}`);
}

function reportErrors(file: string, text: string, errors: Parameters<typeof formatDiagnostics>[2], io: CliIo): number {
  io.err(escapeTerminal(formatDiagnostics(file, text, errors), { keepNewlines: true }));
  io.err(escapeTerminal(`${file}: not simulated: fix the error${errors.length === 1 ? '' : 's'} above first`) + '\n');
  return EXIT_FINDINGS;
}

const UNIT_SECONDS = SECONDS_PER_UNIT;

/** `30s`, `1.5h`, `500ms`; a bare number is seconds. Undefined when it is not a duration. */
export function parseDurationSeconds(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?|\.\d+)(ms|s|m|h|d|w|y)?$/.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1]) * (UNIT_SECONDS[match[2] ?? 's'] as number);
}
