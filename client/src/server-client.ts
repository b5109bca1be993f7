/**
 * Starts the bundled language server (dist/server.js) over IPC and keeps it running: a crash
 * restarts it (within the crash policy), after which the user is offered a manual restart.
 */
import * as vscode from 'vscode';
import {
  CloseAction, ErrorAction, LanguageClient, TransportKind,
  type CloseHandlerResult, type ErrorHandler, type ErrorHandlerResult, type LanguageClientOptions, type ServerOptions,
} from 'vscode-languageclient/node';
import { CrashPolicy } from './crash-policy';

/** `initializationOptions` the extension sends (the server ignores what it does not know). */
export interface TopoInitOptions {
  maxCutSetOrder: number;
}

function initOptions(): TopoInitOptions {
  return { maxCutSetOrder: vscode.workspace.getConfiguration('topo').get<number>('maxCutSetOrder', 3) };
}

/** Creates the client (the id `topo` makes `topo.trace.server` its trace setting). */
export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): { client: LanguageClient; policy: CrashPolicy } {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  const policy = new CrashPolicy();
  const watcher = vscode.workspace.createFileSystemWatcher('**/*.topo');
  context.subscriptions.push(watcher);
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'topo' }],
    // .topo files changed on disk: the server re-analyses the open documents that import them.
    synchronize: { configurationSection: 'topo', fileEvents: watcher },
    initializationOptions: initOptions(),
    outputChannel: output,
    errorHandler: crashHandler(policy, output),
  };
  return { client: new LanguageClient('topo', 'Topo Language Server', serverOptions, clientOptions), policy };
}

function crashHandler(policy: CrashPolicy, output: vscode.LogOutputChannel): ErrorHandler {
  return {
    error(error: Error, _message, count): ErrorHandlerResult {
      output.appendLine(`[client] connection error (${count ?? 1}): ${error.message}`);
      // A few write errors happen while a dying server's pipe closes; `closed` decides on restarts.
      return { action: (count ?? 1) <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true };
    },
    closed(): CloseHandlerResult {
      if (policy.shouldRestart()) {
        output.appendLine('[client] the Topo language server stopped; restarting it');
        return { action: CloseAction.Restart, handled: true };
      }
      void vscode.window
        .showErrorMessage('The Topo language server crashed 5 times in 3 minutes and was not restarted. See the "Topo Language Server" output.', 'Restart Server', 'Show Output')
        .then((choice) => {
          if (choice === 'Restart Server') void vscode.commands.executeCommand('topo.restartServer');
          if (choice === 'Show Output') output.show(true);
        });
      return { action: CloseAction.DoNotRestart, handled: true };
    },
  };
}
