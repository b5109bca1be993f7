/**
 * The diagram panel: one webview per `.topo` document, beside its editor. The panel owns the
 * webview's security: a fresh nonce from `crypto.randomBytes`, the CSP, `localResourceRoots`
 * limited to the extension's dist/ folder, no command URIs. Messages both ways are typed in
 * webview/src/protocol.ts and validated on receipt.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DiagramRequest, type DiagramParams, type DiagramResult } from '../../server/src/protocol';
import { parseFromWebview, type PlaybackTimeline, type ToWebview } from '../../webview/src/protocol';
import { buildWebviewHtml, nonceFromBytes } from './webview-html';
import { fileNameOf } from './inputs';

export class DiagramPanel {
  private static readonly panels = new Map<string, DiagramPanel>();
  private ready = false;
  private queue: ToWebview[] = [];
  private lastPlayback: ToWebview | undefined;
  private refreshing: Promise<void> | undefined;
  private refreshAgain = false;

  /** Shows (or reveals) the diagram of `uri`, beside the editor. */
  static show(extensionUri: vscode.Uri, client: LanguageClient, uri: vscode.Uri): DiagramPanel {
    const existing = DiagramPanel.panels.get(uri.toString());
    if (existing) {
      existing.panel.reveal(vscode.ViewColumn.Beside, true);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel('topo.diagram', `Topology: ${fileNameOf(uri.toString())}`, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      enableCommandUris: false,
      enableForms: false,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')],
    });
    const created = new DiagramPanel(panel, extensionUri, client, uri);
    DiagramPanel.panels.set(uri.toString(), created);
    return created;
  }

  /** The focused diagram panel, if any. */
  static active(): DiagramPanel | undefined {
    return [...DiagramPanel.panels.values()].find((p) => p.panel.active);
  }

  /** The open panel of `uri`, if any. */
  static of(uri: string): DiagramPanel | undefined {
    return DiagramPanel.panels.get(uri);
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private readonly client: LanguageClient,
    readonly uri: vscode.Uri,
  ) {
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'diagram.svg');
    panel.webview.html = this.html();
    panel.webview.onDidReceiveMessage((data: unknown) => this.receive(data));
    panel.onDidDispose(() => DiagramPanel.panels.delete(uri.toString()));
    void this.refresh();
  }

  /** Fetches the view model again and sends it (coalescing bursts of edits into one request at a time). */
  refresh(): Promise<void> {
    if (this.refreshing) {
      this.refreshAgain = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      do {
        this.refreshAgain = false;
        await this.fetchAndSend();
      } while (this.refreshAgain);
    })().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  /** Plays a failover timeline in the diagram. */
  playback(title: string, timeline: PlaybackTimeline, system?: string): void {
    const message: ToWebview = system === undefined ? { type: 'playback', title, timeline } : { type: 'playback', title, system, timeline };
    this.lastPlayback = message;
    this.panel.reveal(undefined, true);
    this.post(message);
  }

  private async fetchAndSend(): Promise<void> {
    try {
      const params: DiagramParams = { uri: this.uri.toString() };
      const view = await this.client.sendRequest<DiagramResult>(DiagramRequest.method, params);
      this.post(view ? { type: 'view', view } : { type: 'notice', text: 'This file declares no system yet.' });
    } catch (e) {
      this.post({ type: 'notice', text: `The diagram is not available: ${e instanceof Error ? e.message : String(e)}` });
    }
  }

  private post(message: ToWebview): void {
    if (!this.ready) {
      this.queue.push(message);
      return;
    }
    void this.panel.webview.postMessage(message);
  }

  private receive(data: unknown): void {
    const parsed = parseFromWebview(data);
    if (!parsed.ok) return;
    const message = parsed.message;
    if (message.type === 'ready') {
      // A reloaded webview (hidden, then shown again) starts empty: send the view and any playback again.
      this.ready = true;
      const pending = this.queue;
      this.queue = [];
      for (const m of pending) void this.panel.webview.postMessage(m);
      if (pending.length === 0) void this.refresh().then(() => this.lastPlayback && this.post(this.lastPlayback));
      return;
    }
    if (message.type === 'reveal') void this.reveal(message.range);
  }

  private async reveal(range: { start: { line: number; character: number }; end: { line: number; character: number } }): Promise<void> {
    const r = new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === this.uri.toString());
    const editor = await vscode.window.showTextDocument(this.uri, { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One, selection: r, preserveFocus: false });
    editor.revealRange(r, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private html(): string {
    const webview = this.panel.webview;
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    return buildWebviewHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css')).toString(),
      nonce: nonceFromBytes(randomBytes(18)),
      title: this.panel.title,
    });
  }
}
