/**
 * Reports as read-only virtual documents under the `topo-report:` scheme: the availability
 * report (Markdown), failover timelines and Monte Carlo runs (plain text). An editor shows them
 * beside the source; tests read them from `workspace.textDocuments`.
 */
import * as vscode from 'vscode';

export const REPORT_SCHEME = 'topo-report';

export class ReportDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private counter = 0;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? 'This report is no longer available: run the command again.';
  }

  /** Opens (or refreshes) a report named `name` (its extension sets the language: .md, .txt). */
  async show(name: string, content: string, options: { fresh: boolean; viewColumn?: vscode.ViewColumn }): Promise<vscode.TextEditor> {
    const suffix = options.fresh ? `?run=${++this.counter}` : '';
    const uri = vscode.Uri.from({ scheme: REPORT_SCHEME, path: `/${name}`, query: suffix.slice(1) });
    this.contents.set(uri.toString(), content);
    this.changed.fire(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    return vscode.window.showTextDocument(doc, { viewColumn: options.viewColumn ?? vscode.ViewColumn.Beside, preview: false, preserveFocus: true });
  }

  dispose(): void {
    this.changed.dispose();
  }
}
