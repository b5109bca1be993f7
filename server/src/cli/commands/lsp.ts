/**
 * `topo lsp --stdio | --node-ipc`: the language server, for any LSP editor. The same server the
 * VS Code extension starts (dist/server.js); see server/src/lsp.
 */
import { createConnection, IPCMessageReader, IPCMessageWriter, ProposedFeatures, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { UsageError, type CliIo } from '../io';
import { startServer } from '../../lsp/server';

/** Starts the server; the promise never settles: the process ends on the client's `exit`. */
export async function runLsp(argv: string[], _io: CliIo): Promise<number> {
  let transport: 'stdio' | 'node-ipc' | undefined;
  for (const arg of argv) {
    if (arg === '--stdio' || arg === '--node-ipc') {
      if (transport) throw new UsageError('give one transport: --stdio or --node-ipc');
      transport = arg === '--stdio' ? 'stdio' : 'node-ipc';
    } else if (!/^--clientProcessId=\d+$/.test(arg)) {
      // --clientProcessId is added by LSP clients; vscode-languageserver watches that process itself.
      throw new UsageError(`unknown option '${arg}' (use --stdio or --node-ipc)`);
    }
  }
  if (!transport) throw new UsageError('choose a transport: --stdio (any editor) or --node-ipc (VS Code)');
  if (transport === 'node-ipc' && !process.send) throw new UsageError('--node-ipc needs a parent process with an IPC channel');
  const connection =
    transport === 'stdio'
      ? createConnection(ProposedFeatures.all, new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout))
      : createConnection(ProposedFeatures.all, new IPCMessageReader(process), new IPCMessageWriter(process));
  startServer(connection);
  return new Promise<number>(() => {});
}
