/**
 * The language server's entry, bundled to dist/server.js and started by the VS Code extension.
 * `createConnection()` picks the transport from argv: `--node-ipc`, `--stdio` or `--socket=N`.
 */
import { isMainThread, workerData } from 'node:worker_threads';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { runAnalysisWorker, WORKER_MARK } from './analysis-worker';
import { startServer } from './server';

// The same bundle runs the server's analysis worker (see analysis-worker.ts).
if (!isMainThread && (workerData as { topo?: string } | null)?.topo === WORKER_MARK) runAnalysisWorker();
else startServer(createConnection(ProposedFeatures.all));
