/**
 * The webview's entry point (bundled as dist/webview.js). In VS Code it talks to the extension
 * through `acquireVsCodeApi`; in `topo diagram`'s standalone page it draws the view model
 * embedded as JSON in `<script type="application/json" id="topo-view">`.
 */
import './diagram.css';
import { DiagramApp } from './app';
import { parseToWebview, checkDiagramView, type DiagramState, type FromWebview } from './protocol';
import type { DiagramView } from '../../server/src/core/index';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

function start(): void {
  const root = document.getElementById('topo-root') ?? document.body.appendChild(document.createElement('div'));
  root.id = 'topo-root';
  const vscode = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : undefined;
  const post = (m: FromWebview): void => vscode?.postMessage(m);
  const state = (vscode?.getState() ?? {}) as DiagramState;
  // The document shown is saved at once, so that VS Code can restore the panel after a reload.
  const shown = root.dataset.document ?? state.document;
  const saved = (zoom: DiagramState['zoom']): DiagramState => (shown === undefined ? { zoom } : { document: shown, zoom });
  if (shown !== undefined && shown !== state.document) vscode?.setState(saved(state.zoom));
  const app = new DiagramApp(document, root, post, state.zoom, (zoom) => vscode?.setState(saved(zoom)));
  app.exportable = vscode !== undefined;
  window.addEventListener('message', (event: MessageEvent) => {
    const receivedAt = performance.now();
    const parsed = parseToWebview(event.data);
    if (parsed.ok) app.receive(parsed.message, receivedAt);
    else console.warn(`topo diagram: ignored a message (${parsed.error})`);
  });
  const embedded = document.getElementById('topo-view');
  if (embedded?.textContent) {
    const view: unknown = JSON.parse(embedded.textContent);
    const error = checkDiagramView(view, 'view');
    if (error) console.error(`topo diagram: the embedded view is invalid (${error})`);
    else {
      // The standalone page shows everything: every system, then every journey.
      app.drawJourneys = true;
      app.show(view as DiagramView);
    }
  }
  post({ type: 'ready' });
}

start();
