/** The status-bar item: the active `.topo` file's availability and nines, from topo/analysed. */
import * as vscode from 'vscode';
import type { AnalysedParams } from '../../server/src/protocol';
import { statusText } from './status-text';

export class AvailabilityStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('topo.availability', vscode.StatusBarAlignment.Right, 100);
  private readonly latest = new Map<string, AnalysedParams>();
  private readonly subscription: vscode.Disposable;

  constructor() {
    this.item.name = 'Topo availability';
    this.item.command = 'topo.showReport';
    this.subscription = vscode.window.onDidChangeActiveTextEditor(() => this.render());
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

  private render(): void {
    const editor = vscode.window.activeTextEditor;
    const params = editor?.document.languageId === 'topo' ? this.latest.get(editor.document.uri.toString()) : undefined;
    const shown = params ? statusText(params) : undefined;
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
    this.subscription.dispose();
    this.item.dispose();
  }
}
