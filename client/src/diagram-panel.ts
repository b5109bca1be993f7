/**
 * The diagram panel: one webview per `.topo` document, beside its editor. The panel owns the
 * webview's security: a fresh nonce from `crypto.randomBytes`, the CSP, `localResourceRoots`
 * limited to the extension's dist/ folder, no command URIs. Messages both ways are typed in
 * webview/src/protocol.ts and validated on receipt.
 *
 * After a window reload VS Code restores open panels through `DiagramPanelSerializer`: the
 * webview saved the URI of its document, and the panel is re-attached to it (or told why not).
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DiagramRequest, type DiagramParams } from '../../server/src/protocol';
import { parseFromWebview, pngBytesOf, VERDICT_CODES, type BlastMark, type ChangeMark, type PlaybackTimeline, type ToWebview } from '../../webview/src/protocol';
import { buildNoticeHtml, buildWebviewHtml, nonceFromBytes } from './webview-html';
import { fileNameOf } from './inputs';
import { planRestore, type Opened } from './diagram-restore';
import { revealableRange } from './reveal';
import { declarationsIn, type FileAst } from './selection';
import { parse } from '../../server/src/core/index';
import type { DiagramView, Range } from '../../server/src/core/index';

/** The diagram's webview type (the serializer is registered for it; `onWebviewPanel:topo.diagram` activates the extension). */
export const DIAGRAM_VIEW_TYPE = 'topo.diagram';

/** How long the page may take to render a PNG before the export gives up. */
const PNG_TIMEOUT_MS = 60_000;

/** How long the editor's cursor rests before the diagram marks what it is on. */
const SELECT_DEBOUNCE_MS = 100;

/**
 * How many errors the text of `uri` has: the server's diagnostics of severity error, less the
 * design's verdicts (a missed SLO is an error of the design, and the diagram shows it).
 */
function textErrorsOf(uri: vscode.Uri): number {
  return vscode.languages.getDiagnostics(uri).filter((d) =>
    d.source === 'topo' && d.severity === vscode.DiagnosticSeverity.Error && !VERDICT_CODES.has(typeof d.code === 'object' ? String(d.code.value) : String(d.code)),
  ).length;
}

/** The webview's options: scripts, and files only from the extension's dist/ folder. */
function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, enableCommandUris: false, enableForms: false, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')] };
}

export class DiagramPanel {
  private static readonly panels = new Map<string, DiagramPanel>();
  private ready = false;
  private queue: ToWebview[] = [];
  /** The last playback or blast radius shown, sent again when a hidden panel's page is reloaded. */
  private lastPlayback: ToWebview | undefined;
  /** The last comparison with a revision shown (until cleared), sent again as the playback is; it stands beside a playback or blast. */
  private lastChanges: Extract<ToWebview, { type: 'changes' }> | undefined;
  /** How many comparisons' marks were sent: each `changes` message's `id`. */
  private changesDrawn = 0;
  private refreshing: Promise<void> | undefined;
  private refreshAgain = false;
  /**
   * The last view of a version without errors, sent first to a reloaded page, so that while the
   * file has errors it still shows the last diagram without (the page keeps it from then on).
   */
  private lastClean: DiagramView | undefined;
  /** The PNG asked of the page, until it answers. */
  private pendingPng: { resolve: (bytes: Uint8Array) => void; reject: (e: Error) => void; timer: ReturnType<typeof setTimeout> } | undefined;
  /** The `select` waiting for the cursor to rest. */
  private selectTimer: ReturnType<typeof setTimeout> | undefined;
  /** The document's text parsed, for one version: what `select` reads the cursor's declarations from. */
  private parsed: { version: number; ast: FileAst } | undefined;

  /** Shows (or reveals) the diagram of `uri`, beside the editor. */
  static show(extensionUri: vscode.Uri, client: LanguageClient, uri: vscode.Uri): DiagramPanel {
    const existing = DiagramPanel.panels.get(uri.toString());
    if (existing) {
      existing.panel.reveal(vscode.ViewColumn.Beside, true);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(DIAGRAM_VIEW_TYPE, `Topology: ${fileNameOf(uri.toString())}`, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, webviewOptions(extensionUri));
    const created = new DiagramPanel(panel, extensionUri, client, uri);
    DiagramPanel.panels.set(uri.toString(), created);
    return created;
  }

  /**
   * Re-attaches a panel VS Code restored after a reload to the diagram of `uri`: options, HTML
   * (a fresh nonce), message handlers and live updates, as `show` gives a new one. Should the
   * document already have a panel, that one is revealed and the restored copy closed.
   */
  static restore(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, client: LanguageClient, uri: vscode.Uri): DiagramPanel {
    const existing = DiagramPanel.panels.get(uri.toString());
    if (existing) {
      panel.dispose();
      existing.panel.reveal(undefined, true);
      return existing;
    }
    panel.webview.options = webviewOptions(extensionUri);
    panel.title = `Topology: ${fileNameOf(uri.toString())}`;
    const restored = new DiagramPanel(panel, extensionUri, client, uri);
    DiagramPanel.panels.set(uri.toString(), restored);
    return restored;
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
    // The editor's selection marks the diagram (docs/editor.md, "The diagram").
    const selection = vscode.window.onDidChangeTextEditorSelection((e) => {
      if (e.textEditor.document.uri.toString() !== uri.toString()) return;
      clearTimeout(this.selectTimer);
      this.selectTimer = setTimeout(() => this.sendSelection(e.textEditor), SELECT_DEBOUNCE_MS);
    });
    panel.onDidDispose(() => {
      DiagramPanel.panels.delete(uri.toString());
      selection.dispose();
      clearTimeout(this.selectTimer);
      this.settlePng(new Error('the diagram was closed'));
    });
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

  /**
   * Marks what fails if an element fails (`title`: the element in words, `zone az1`): the subjects
   * of `topo/blast`'s answer as they are (`BlastSubject` has every field of `BlastMark`). It
   * replaces a playback, as a playback replaces it.
   */
  blast(title: string, subjects: readonly BlastMark[]): void {
    const message: ToWebview = { type: 'blast', title, subjects: [...subjects] };
    this.lastPlayback = message;
    this.panel.reveal(undefined, true);
    this.post(message);
  }

  /**
   * Marks what changed since a revision (`title`: `Compared with HEAD (a1b2c3d)`, `summary`: the
   * figures' change in one line, client/src/changes.ts). Kept beside a playback or a blast radius
   * until `clearChanges` or another comparison.
   */
  changes(title: string, summary: string, subjects: readonly ChangeMark[], options: { reveal: boolean } = { reveal: true }): void {
    const message: Extract<ToWebview, { type: 'changes' }> = { type: 'changes', id: ++this.changesDrawn, title, summary, subjects: [...subjects] };
    this.lastChanges = message;
    if (options.reveal) this.panel.reveal(undefined, true);
    this.post(message);
  }

  /** Whether the page shows a comparison (not cleared since): what keeps it current as the document is edited. */
  get showsChanges(): boolean {
    return this.lastChanges !== undefined;
  }

  /** Takes the marks of the last comparison away. */
  clearChanges(): void {
    this.lastChanges = undefined;
    this.post({ type: 'clearChanges' });
  }

  /**
   * Asks the page for the diagram it shows as a PNG (drawn at 2× with `css` embedded): the bytes
   * of the file, checked to be a PNG; rejects when the page says it cannot, or after a minute.
   */
  renderPng(css: string): Promise<Uint8Array> {
    this.settlePng(new Error('another export was asked for'));
    return new Promise<Uint8Array>((resolve, reject) => {
      const timer = setTimeout(() => this.settlePng(new Error('the diagram did not answer')), PNG_TIMEOUT_MS);
      this.pendingPng = { resolve, reject, timer };
      this.post({ type: 'renderPng', css });
    });
  }

  /** Ends the PNG asked for, if any: with its bytes, or with an error. */
  private settlePng(result: Uint8Array | Error): void {
    const pending = this.pendingPng;
    if (!pending) return;
    this.pendingPng = undefined;
    clearTimeout(pending.timer);
    if (result instanceof Error) pending.reject(result);
    else pending.resolve(result);
  }

  private async fetchAndSend(): Promise<void> {
    try {
      const params: DiagramParams = { uri: this.uri.toString() };
      const view = await this.client.sendRequest(DiagramRequest, params);
      // Read after the answer: the server publishes a version's diagnostics before it says it analysed it.
      const errors = textErrorsOf(this.uri);
      if (view && errors === 0) this.lastClean = view;
      // A text whose errors leave no system still keeps the page's last diagram without errors.
      if (!view && errors === 0) this.post({ type: 'notice', text: 'This file declares no system yet.' });
      else {
        this.post({ type: 'view', view: view ?? { version: 1, systems: [] }, errors });
        // Once after each view, so a diagram opened (or redrawn) marks what the cursor is on.
        const editor = this.editor();
        if (editor) this.sendSelection(editor);
      }
    } catch (e) {
      this.post({ type: 'notice', text: `The diagram is not available: ${e instanceof Error ? e.message : String(e)}` });
    }
  }

  /** The editor of the document the cursor is read from: the active one, else one in sight. */
  private editor(): vscode.TextEditor | undefined {
    const ofThis = (e: vscode.TextEditor | undefined): boolean => e?.document.uri.toString() === this.uri.toString();
    const active = vscode.window.activeTextEditor;
    return ofThis(active) ? active : vscode.window.visibleTextEditors.find(ofThis);
  }

  /** Tells the page what the cursor of `editor` is on: the declarations around it, innermost first. */
  private sendSelection(editor: vscode.TextEditor): void {
    const document = editor.document;
    if (document.isClosed) return;
    if (this.parsed?.version !== document.version) this.parsed = { version: document.version, ast: parse(document.getText()).ast };
    const { line, character } = editor.selection.active;
    this.post({ type: 'select', positions: declarationsIn(this.parsed.ast, { line, character }) });
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
      // A reloaded webview (hidden, then shown again) starts empty: send the view, any comparison and any playback again.
      this.ready = true;
      const pending = this.queue;
      this.queue = [];
      for (const m of pending) void this.panel.webview.postMessage(m);
      if (pending.length === 0) {
        if (this.lastClean) this.post({ type: 'view', view: this.lastClean });
        void this.refresh().then(() => {
          if (this.lastChanges) this.post(this.lastChanges);
          if (this.lastPlayback) this.post(this.lastPlayback);
        });
      }
      return;
    }
    switch (message.type) {
      case 'reveal': return void this.reveal(message.range);
      case 'export': return void vscode.commands.executeCommand(message.format === 'png' ? 'topo.exportPng' : 'topo.exportSvg', this.uri);
      case 'png': {
        const bytes = pngBytesOf(message.dataUrl);
        return this.settlePng(bytes ?? new Error('the diagram sent something that is not a PNG'));
      }
      case 'pngFailed': return this.settlePng(new Error(message.error));
      // Cleared on the page: not sent again after a reload, nor kept current.
      // (Marks sent since, while the user was clicking, stay: they are another comparison's.)
      case 'changesCleared':
        if (this.lastChanges?.id === message.id) this.lastChanges = undefined;
        return;
    }
  }

  private async reveal(range: Range): Promise<void> {
    const document = await vscode.workspace.openTextDocument(this.uri);
    // A position the document does not have is refused, not clamped by the editor.
    const checked = revealableRange(range, { lineCount: document.lineCount, lineLength: (line) => document.lineAt(line).text.length });
    if (!checked.ok) return;
    const { start, end } = checked.range;
    const r = new vscode.Range(start.line, start.character, end.line, end.character);
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === this.uri.toString());
    const editor = await vscode.window.showTextDocument(document, { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One, selection: r, preserveFocus: false });
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
      documentUri: this.uri.toString(),
    });
  }
}

/** Restores diagram panels after a window reload (registered for DIAGRAM_VIEW_TYPE). */
export class DiagramPanelSerializer implements vscode.WebviewPanelSerializer {
  constructor(private readonly extensionUri: vscode.Uri, private readonly client: () => LanguageClient) {}

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const plan = await planRestore(state, openDocument);
    if (plan.kind === 'attach') {
      DiagramPanel.restore(panel, this.extensionUri, this.client(), vscode.Uri.parse(plan.uri));
      return;
    }
    // No script runs in the notice: it only needs the stylesheet.
    panel.webview.options = { ...webviewOptions(this.extensionUri), enableScripts: false };
    panel.title = plan.title;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'diagram.svg');
    panel.webview.html = buildNoticeHtml({
      cspSource: panel.webview.cspSource,
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview.css')).toString(),
      title: plan.title,
      text: plan.text,
    });
  }
}

/** Opens a document (the language client then sends it to the server); says as what language, or why it could not. */
async function openDocument(uri: string): Promise<Opened> {
  try {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
    return { ok: true, languageId: doc.languageId };
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message : String(e) };
  }
}
