/**
 * The VS Code extension: starts the language server, registers the `Topo:` commands, the
 * status bar and the diagram panels. A thin adapter: every figure comes from the server.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { AnalysedNotification } from '../../server/src/protocol';
import { createLanguageClient } from './server-client';
import { AvailabilityStatus } from './status-bar';
import { DIAGRAM_VIEW_TYPE, DiagramPanel, DiagramPanelSerializer } from './diagram-panel';
import { REPORT_SCHEME, ReportDocuments } from './reports';
import * as commands from './commands';
import { ComparisonState } from './changes';
import { openExample, vscodeExampleHost } from './example';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Topo Language Server', { log: true });
  const created = createLanguageClient(context, output);
  client = created.client;
  const status = new AvailabilityStatus();
  const reports = new ReportDocuments();
  const ctx: commands.CommandContext = { extension: context, client: () => created.client, reports, comparisons: new ComparisonState() };

  created.client.onNotification(AnalysedNotification, (params) => {
    status.update(params);
    void DiagramPanel.of(params.uri)?.refresh();
    commands.refreshReport(ctx, params.uri).catch((e: unknown) => output.warn(`report refresh: ${String(e)}`));
    commands.refreshComparison(ctx, params.uri).catch((e: unknown) => output.warn(`comparison refresh: ${String(e)}`));
  });

  // A commit or a checkout moves what a revision names (HEAD): the comparisons shown follow it,
  // once the repository has settled (a commit writes several files).
  let gitSettle: NodeJS.Timeout | undefined;
  const gitMoved = (): void => {
    if (gitSettle) clearTimeout(gitSettle);
    gitSettle = setTimeout(() => commands.refreshComparisons(ctx).catch((e: unknown) => output.warn(`comparison refresh: ${String(e)}`)), 500);
  };
  const gitRefs = vscode.workspace.createFileSystemWatcher('**/.git/{HEAD,packed-refs,refs/**}');
  gitRefs.onDidChange(gitMoved);
  gitRefs.onDidCreate(gitMoved);
  gitRefs.onDidDelete(gitMoved);

  const register = (id: string, run: (...args: unknown[]) => Promise<unknown>): vscode.Disposable =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        await run(...args);
      } catch (e) {
        void vscode.window.showErrorMessage(`Topo: ${e instanceof Error ? e.message : String(e)}`);
      }
    });

  context.subscriptions.push(
    gitRefs,
    { dispose: () => gitSettle && clearTimeout(gitSettle) },
    output,
    status,
    reports,
    vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, reports),
    vscode.window.registerWebviewPanelSerializer(DIAGRAM_VIEW_TYPE, new DiagramPanelSerializer(context.extensionUri, () => created.client)),
    vscode.workspace.onDidCloseTextDocument((doc) => status.forget(doc.uri.toString())),
    register('topo.showDiagram', (uri) => commands.showDiagram(ctx, uri)),
    register('topo.showReport', (uri) => commands.showReport(ctx, uri)),
    register('topo.simulateFailover', (uri) => commands.simulateFailover(ctx, uri)),
    register('topo.simulateScenario', (uri, scenario) => commands.simulateScenario(ctx, uri, scenario)),
    register('topo.runMonteCarlo', (uri) => commands.runMonteCarlo(ctx, uri)),
    register('topo.exportSvg', (uri) => commands.exportSvg(ctx, uri)),
    register('topo.exportPng', (uri) => commands.exportPng(ctx, uri)),
    register('topo.whatFailsIf', (uri) => commands.whatFailsIf(ctx, uri)),
    register('topo.compareWith', (uri, revision) => commands.compareWith(ctx, uri, revision)),
    register('topo.openExample', () => openExample(vscodeExampleHost(vscode), context.extensionUri)),
    register('topo.restartServer', async () => {
      created.policy.reset();
      if (created.client.isRunning()) await created.client.restart();
      else await created.client.start();
    }),
    { dispose: () => void created.client.stop() },
  );
  await created.client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
