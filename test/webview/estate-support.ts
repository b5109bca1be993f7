/** `topo diagram` run in process for the estate tests (the bundle from source when dist/ has none). */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runDiagram } from '../../server/src/cli/commands/diagram';
import type { CliIo } from '../../server/src/cli/io';
import { webviewBundle } from './harness';
import { parseXml, type ParsedXml } from '../support/xml';

const ROOT = join(__dirname, '..', '..');

/** Runs `topo diagram ARGS` in process; the webview bundle is written to dist/ from source when missing. */
export async function runDiagramCli(args: string[]): Promise<{ code: number; err: string }> {
  const { js, css } = await webviewBundle();
  if (!existsSync(join(ROOT, 'dist/webview.js'))) writeFileSync(join(ROOT, 'dist/webview.js'), js);
  if (!existsSync(join(ROOT, 'dist/webview.css'))) writeFileSync(join(ROOT, 'dist/webview.css'), css);
  let err = '';
  const io: CliIo = { out: () => undefined, err: (t) => void (err += t), isTTY: false };
  try {
    return { code: await runDiagram(args, io), err };
  } catch (e) {
    return { code: -1, err: String(e) };
  }
}

/** `topo diagram FILE -o OUT.svg`, parsed strictly. */
export async function buildSvgFromCli(file: string, out: string): Promise<ParsedXml> {
  const { code, err } = await runDiagramCli([file, '-o', out]);
  if (code !== 0) throw new Error(err);
  return parseXml(readFileSync(out, 'utf8'));
}
