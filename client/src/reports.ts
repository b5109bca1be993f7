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
  /** Live reports (the availability report) by the document they are about. */
  private readonly live = new Map<string, vscode.Uri>();

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? 'This report is no longer available: run the command again.';
  }

  /**
   * Opens (or refreshes) a report named `name` (its extension sets the language: .md, .txt).
   * A `fresh` report is a new document each time (a simulation run); a `liveFor` report is one
   * document per source that `update` keeps current as the source is edited.
   */
  async show(name: string, content: string, options: { fresh: boolean; viewColumn?: vscode.ViewColumn; liveFor?: string }): Promise<vscode.TextEditor> {
    const suffix = options.fresh ? `?run=${++this.counter}` : '';
    const uri = vscode.Uri.from({ scheme: REPORT_SCHEME, path: `/${name}`, query: suffix.slice(1) });
    if (options.liveFor !== undefined) this.live.set(options.liveFor, uri);
    this.contents.set(uri.toString(), content);
    this.changed.fire(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    return vscode.window.showTextDocument(doc, { viewColumn: options.viewColumn ?? vscode.ViewColumn.Beside, preview: false, preserveFocus: true });
  }

  /** The live report of `source`, when one is still open in an editor. */
  liveReportOf(source: string): vscode.Uri | undefined {
    const uri = this.live.get(source);
    if (!uri) return undefined;
    const open = vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString() && !d.isClosed);
    if (!open) this.live.delete(source);
    return open ? uri : undefined;
  }

  /** Replaces a report's text; an open editor shows the new text. */
  update(uri: vscode.Uri, content: string): void {
    if (this.contents.get(uri.toString()) === content) return;
    this.contents.set(uri.toString(), content);
    this.changed.fire(uri);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
