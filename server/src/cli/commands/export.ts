/** `topo export --format mef FILE [-o OUT]`: the equivalent Open-PSA MEF fault tree, for other PRA tools. */
import { writeFileSync } from 'node:fs';
import { analyseDocument } from '../../core/pipeline';
import { toMef } from '../../core/export/mef';
import { formatDiagnostics } from '../../core/report/diagnostics-text';
import { choice, flag, parseArgs } from '../args';
import { EXIT_FINDINGS, EXIT_OK, readSource, UsageError, type CliIo } from '../io';

export const exportUsage = 'topo export --format mef FILE [-o OUT]';

/** Writes the MEF of every system in FILE to OUT (or standard output). Exit 1 when the model has errors. */
export async function runExport(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, { format: { value: true }, output: { value: true, short: 'o' } });
  choice(args, 'format', ['mef'] as const, 'mef');
  const [file, ...extra] = args.positional;
  if (file === undefined) throw new UsageError(`no file given\nusage: ${exportUsage}`);
  if (extra.length > 0) throw new UsageError(`one file at a time (got ${args.positional.length})\nusage: ${exportUsage}`);
  const text = readSource(file);
  const doc = analyseDocument(text);
  const errors = doc.diagnostics.filter((d) => d.severity === 'error' && d.code !== 'slo-miss' && d.code !== 'sla-miss');
  if (errors.length > 0 || doc.systems.some((s) => !s.model.analysable)) {
    io.err(formatDiagnostics(file, text, errors));
    io.err(`topo export: ${file} has errors; fix them before exporting\n`);
    return EXIT_FINDINGS;
  }
  if (doc.systems.length === 0) {
    io.err(`topo export: ${file} declares no system\n`);
    return EXIT_FINDINGS;
  }
  // Layers of sites need the engine's Birnbaum-weighted q; layers of nodes are computed in the exporter.
  const q = new Map<string, number>();
  for (const s of doc.systems) for (const l of s.analysis?.layers ?? []) if (l.failoverProbability !== undefined) q.set(l.name, l.failoverProbability);
  const result = toMef(doc.systems.map((s) => s.model), { failoverProbability: (layer) => (layer.members === 'sites' ? q.get(layer.id) : undefined) });
  if (!result.ok) {
    io.err(`topo export: ${result.error}\n`);
    return EXIT_FINDINGS;
  }
  const out = flag(args, 'output');
  if (out === undefined) io.out(result.mef.xml);
  else {
    try {
      writeFileSync(out, result.mef.xml);
    } catch (e) {
      throw new UsageError(`${out}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return EXIT_OK;
}
