/**
 * The language server's entry, bundled to dist/server.js and started by the VS Code extension.
 * `createConnection()` picks the transport from argv: `--node-ipc`, `--stdio` or `--socket=N`.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

startServer(createConnection(ProposedFeatures.all));
