/**
 * What to do with a diagram panel VS Code restores after a window reload: re-attach it to the
 * document its webview saved (see `DiagramState` in webview/src/protocol.ts), or, when that
 * document is gone, say so in the panel. Pure (no vscode import): the serializer in
 * diagram-panel.ts gives it a way to open a document.
 */
import type { DiagramState } from '../../webview/src/protocol';
import { fileNameOf } from './inputs';

/** Whether a document could be opened, and as what language; or why not. */
export type Opened = { ok: true; languageId: string } | { ok: false; reason: string };

export type RestorePlan =
  /** Re-attach the panel to this document (the URI as the webview saved it). */
  | { kind: 'attach'; uri: string }
  /** Show this sentence in the panel instead of a diagram. */
  | { kind: 'notice'; title: string; text: string };

const AGAIN = 'Open the .topo file and run “Topo: Show Topology Diagram” to see its diagram again.';

/** The document URI a restored webview's state names, if it names a plausible one. */
export function documentOfState(state: unknown): string | undefined {
  if (typeof state !== 'object' || state === null) return undefined;
  const document = (state as DiagramState).document;
  // A URI has a scheme (`file:`, `untitled:`, `vscode-remote:` …); anything else is not one we wrote.
  return typeof document === 'string' && /^[A-Za-z][A-Za-z0-9+.-]*:./.test(document) ? document : undefined;
}

/**
 * The plan for a restored panel whose webview saved `state`. `open` opens the document (so the
 * language server analyses it) and says as what language it opened.
 */
export async function planRestore(state: unknown, open: (uri: string) => Promise<Opened>): Promise<RestorePlan> {
  const uri = documentOfState(state);
  if (uri === undefined) {
    return { kind: 'notice', title: 'Topology', text: `This diagram could not be restored: it does not say which file it showed. ${AGAIN}` };
  }
  const name = fileNameOf(uri);
  const title = `Topology: ${name}`;
  let opened: Opened;
  try {
    opened = await open(uri);
  } catch (e) {
    opened = { ok: false, reason: e instanceof Error ? e.message : String(e) };
  }
  if (!opened.ok) {
    return { kind: 'notice', title, text: `The diagram of ${name} could not be restored: the file cannot be opened (it may have been moved or deleted). ${opened.reason}` };
  }
  if (opened.languageId !== 'topo') {
    return { kind: 'notice', title, text: `The diagram of ${name} could not be restored: the file is no longer a Topo file (it opened as ${opened.languageId}).` };
  }
  return { kind: 'attach', uri };
}
