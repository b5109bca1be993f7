/**
 * The status-bar item: the active `.topo` file's availability and nines, from topo/analysed; in
 * a file of several systems, those of the system at the cursor (followed as the cursor moves,
 * debounced), else of the first.
 */
import * as vscode from 'vscode';
import type { AnalysedParams } from '../../server/src/protocol';
import { subjectAt } from './inputs';
import { statusSystemAt, statusText } from './status-text';

/** Delay from the last cursor move to finding the system it is in (a parse of the file). */
const CURSOR_DEBOUNCE_MS = 200;

export class AvailabilityStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('topo.availability', vscode.StatusBarAlignment.Right, 100);
  private readonly latest = new Map<string, AnalysedParams>();
  private readonly subscriptions: vscode.Disposable[];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    this.item.name = 'Topo availability';
    this.item.command = 'topo.showReport';
    this.subscriptions = [
      vscode.window.onDidChangeActiveTextEditor(() => this.render()),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (e.textEditor === vscode.window.activeTextEditor && e.textEditor.document.languageId === 'topo') this.renderSoon();
      }),
    ];
  }

  /** Records a document's latest figures (older versions are ignored). */
  update(params: AnalysedParams): void {
    const previous = this.latest.get(params.uri);
    if (previous && previous.version > params.version) return;
    this.latest.set(params.uri, params);
    this.render();
  }

  forget(uri: string): void {
    this.latest.delete(uri);
    this.render();
  }

  private renderSoon(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.render();
    }, CURSOR_DEBOUNCE_MS);
  }

  private render(): void {
    const editor = vscode.window.activeTextEditor;
    const params = editor?.document.languageId === 'topo' ? this.latest.get(editor.document.uri.toString()) : undefined;
    // Only a file of several systems is parsed to find the one at the cursor.
    const names = params?.systems.map((s) => s.name) ?? [];
    const system = editor && names.length > 1 ? statusSystemAt(subjectAt(editor.document.getText(), editor.selection.active), names) : undefined;
    const shown = params ? statusText(params, system) : undefined;
    if (!shown) {
      this.item.hide();
      return;
    }
    this.item.text = shown.text;
    this.item.tooltip = shown.tooltip;
    this.item.backgroundColor = shown.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }
}
