/**
 * `topo diagram FILE -o OUT.html|OUT.svg`: the topology diagram (every system, then every
 * journey, each with its title), standalone, drawn by the
 * webview's own code — in the page by the inlined bundle (HTML), or here on a linkedom
 * document (SVG). Exit 0 when written — also when the file has errors: the diagram shows what
 * could be resolved and `topo check` is the gate — and 2 on a usage or I/O error.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { analyseDocument, buildDiagramView, escapeTerminal, summariseDiagnostics } from '../../core/index';
import { buildStandaloneHtml } from '../../../../webview/src/export/html';
import { renderSvgText } from '../../../../webview/src/export/node-svg';
import { parseArgs, flag } from '../args';
import { readSource, sourceOf, writeOutputFile } from '../files';
import { EXIT_OK, UsageError, type CliIo } from '../io';

const diagramUsage = 'topo diagram FILE -o OUT.html|OUT.svg';

export async function runDiagram(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, { output: { value: true, short: 'o' } });
  const [file, ...extra] = args.positional;
  if (file === undefined) throw new UsageError(`no file given\nusage: ${diagramUsage}`);
  if (extra.length > 0) throw new UsageError(`one file at a time (got ${args.positional.length})\nusage: ${diagramUsage}`);
  const out = flag(args, 'output');
  if (out === undefined) throw new UsageError(`no output given: -o OUT.html or -o OUT.svg\nusage: ${diagramUsage}`);
  const format = extname(out).toLowerCase();
  if (format !== '.html' && format !== '.svg') throw new UsageError(`the output must end in .html or .svg (got '${out}')`);

  const text = readSource(file);
  const doc = analyseDocument(text, {}, sourceOf(file));
  const view = buildDiagramView(doc);
  const style = readAsset('webview.css');
  const content = format === '.svg'
    ? renderSvgText(view, style)
    : buildStandaloneHtml({
      view, style, script: readAsset('webview.js'), nonce: randomBytes(18).toString('base64url'),
      title: `${[...view.systems, ...(view.journeys ?? [])].map((s) => s.name).join(', ') || file} — topology`,
    });
  writeOutputFile(out, content);
  const journeys = view.journeys?.length ?? 0;
  const drawnJourneys = journeys > 0 ? `; ${journeys} journey${journeys === 1 ? '' : 's'} drawn after them` : '';
  io.err(escapeTerminal(`${out}: diagram of ${view.systems.length} system${view.systems.length === 1 ? '' : 's'} written${drawnJourneys}; ${file}: ${summariseDiagnostics(doc.diagnostics)}`) + '\n');
  return EXIT_OK;
}

/**
 * A file of the webview bundle. In the packaged CLI it sits in dist/, above this command's
 * bundle (dist/cli/diagram.js); run from source (tests), in the repository's dist/.
 */
function readAsset(name: string): string {
  const candidates = [join(__dirname, '..', name), join(__dirname, '..', '..', '..', '..', 'dist', name)];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new UsageError(`${name} is missing next to the topo bundle (looked in ${candidates.join(', ')}); run 'npm run build'`);
  return readFileSync(found, 'utf8');
}
