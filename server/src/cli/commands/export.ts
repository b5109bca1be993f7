/** `topo export --format mef FILE [-o OUT]`: the structural Open-PSA MEF fault tree, for other PRA tools. */
import { analyseDocument, escapeTerminal, formatDiagnostics, formatProbability, journeyName, type SystemAnalysis, toMef } from '../../core/index';
import { choice, flag, parseArgs } from '../args';
import { readSource, sourceOf, writeOutputFile } from '../files';
import { EXIT_FINDINGS, EXIT_OK, UsageError, type CliIo } from '../io';

const exportUsage =
  "topo export --format mef FILE [-o OUT]\n(the fault tree carries the structure only: a PRA tool's figure is U_struct; Topo's U adds the failover windows)";

/**
 * Writes the MEF of every system in FILE to OUT (or standard output), and says on standard error
 * that a PRA tool's figure for it is U_struct, not Topo's U. Exit 1 when the model has errors.
 */
export async function runExport(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, { format: { value: true }, output: { value: true, short: 'o' } });
  choice(args, 'format', ['mef'] as const, 'mef');
  const [file, ...extra] = args.positional;
  if (file === undefined) throw new UsageError(`no file given\nusage: ${exportUsage}`);
  if (extra.length > 0) throw new UsageError(`one file at a time (got ${args.positional.length})\nusage: ${exportUsage}`);
  const text = readSource(file);
  const doc = analyseDocument(text, {}, sourceOf(file));
  const errors = doc.diagnostics.filter((d) => d.severity === 'error' && d.code !== 'slo-miss' && d.code !== 'sla-miss');
  if (errors.length > 0 || doc.systems.some((s) => !s.model.analysable)) {
    io.err(escapeTerminal(formatDiagnostics(file, text, errors), { keepNewlines: true }));
    io.err(escapeTerminal(`topo export: ${file} has errors; fix them before exporting`) + '\n');
    return EXIT_FINDINGS;
  }
  if (doc.systems.length === 0) {
    io.err(escapeTerminal(`topo export: ${file} declares no system`) + '\n');
    return EXIT_FINDINGS;
  }
  // A system with dependencies is exported with them (its composite), and each journey as a tree of its own.
  const trees = [
    ...doc.systems.map((s) => ({ model: s.composite ?? s.model, analysis: s.analysis })),
    ...doc.journeys.flatMap((j) => (j.composite && j.analysis ? [{ model: { ...j.composite, name: `journey ${journeyName(j)}` }, analysis: j.analysis }] : [])),
  ];
  const analyses = new Map(trees.map((t) => [t.model, t.analysis]));
  const result = toMef(trees.map((t) => t.model), { failoverUnavailability: (model) => analyses.get(model)?.failoverUnavailability });
  if (!result.ok) {
    io.err(escapeTerminal(`topo export: ${result.error}`) + '\n');
    return EXIT_FINDINGS;
  }
  const out = flag(args, 'output');
  if (out === undefined) io.out(result.mef.xml);
  else writeOutputFile(out, result.mef.xml);
  // The XML is escaped as XML; what is said to the person on stderr, for the terminal.
  for (const t of trees) io.err(escapeTerminal(structureNote(t.model.name, t.analysis), { keepNewlines: true }));
  return EXIT_OK;
}

/** One line per system: what a PRA tool will compute from the tree, and what Topo adds to it. */
function structureNote(name: string, analysis: SystemAnalysis | undefined): string {
  const head = `topo export: ${name.startsWith('journey ') ? name : `system ${name}`}: the fault tree carries the structure only; SCRAM (or any PRA tool) computes U_struct`;
  const struct = analysis?.structuralUnavailability;
  const windows = analysis?.failoverUnavailability;
  if (!analysis || struct === undefined || windows === undefined || !Number.isFinite(struct) || !Number.isFinite(windows)) {
    return `${head}; Topo's U = U_struct + the failover windows' term (not in the tree)\n`;
  }
  return `${head} = ${formatProbability(struct, 6)}; Topo's U = U_struct + failover windows ${formatProbability(windows, 6)} = ${formatProbability(analysis.unavailability, 6)}\n`;
}
