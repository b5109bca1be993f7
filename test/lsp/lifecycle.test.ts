import assert from 'node:assert/strict';
import { fork, spawnSync } from 'node:child_process';
import { createMessageConnection, IPCMessageReader, IPCMessageWriter } from 'vscode-jsonrpc/node';
import type { InitializeResult } from 'vscode-languageserver-protocol';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ReportRequest } from '../../server/src/protocol';
import { BUNDLE, ensureBundle, LspHarness, ROOT } from './harness';

describe('lsp: lifecycle', function () {
  this.timeout(30_000);
  before(ensureBundle);

  it('announces every feature it serves', async () => {
    const lsp = await LspHarness.start();
    try {
      const caps = lsp.initializeResult.capabilities;
      assert.deepEqual(caps.textDocumentSync, { openClose: true, change: 2, save: { includeText: false } });
      for (const key of [
        'hoverProvider', 'completionProvider', 'definitionProvider', 'referencesProvider', 'documentHighlightProvider',
        'renameProvider', 'documentSymbolProvider', 'foldingRangeProvider', 'selectionRangeProvider',
        'documentFormattingProvider', 'semanticTokensProvider', 'codeLensProvider', 'inlayHintProvider', 'codeActionProvider',
      ] as const) {
        assert.ok(caps[key], `${key} missing`);
      }
      assert.deepEqual(caps.renameProvider, { prepareProvider: true });
      const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
      assert.deepEqual(lsp.initializeResult.serverInfo, { name: 'topo', version });
    } finally {
      assert.equal(await lsp.stop(), 0);
    }
  });

  it('exits with 0 after shutdown and exit', async () => {
    const lsp = await LspHarness.start();
    assert.equal(await lsp.stop(), 0);
  });

  it('exits with 1 on exit without shutdown (as LSP says)', async () => {
    const lsp = await LspHarness.start();
    await lsp.notify('exit', null);
    assert.equal(await lsp.exitedPromise, 1);
    lsp.kill();
  });

  it('runs the same server from dist/server.js (what VS Code starts)', async () => {
    const lsp = await LspHarness.start({ serverBundle: true });
    assert.ok(lsp.initializeResult.capabilities.hoverProvider);
    assert.equal(await lsp.stop(), 0);
  });

  it('speaks over node IPC with --node-ipc (how the VS Code client starts it)', async () => {
    const child = fork(BUNDLE, ['lsp', '--node-ipc'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const connection = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    connection.listen();
    try {
      const init = await connection.sendRequest<InitializeResult>('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
      assert.ok(init.capabilities.hoverProvider);
      await connection.sendRequest('shutdown', null);
      await connection.sendNotification('exit', null);
      assert.equal(await exited, 0);
    } finally {
      connection.dispose();
      if (child.exitCode === null) child.kill();
    }
  });

  it('takes the cut set order from initializationOptions.maxCutSetOrder', async () => {
    const example = readFileSync(join(ROOT, 'examples', 'checkout.topo'), 'utf8');
    const orders: number[][] = [];
    for (const maxCutSetOrder of [1, 3]) {
      const lsp = await LspHarness.start({ initializationOptions: { maxCutSetOrder } });
      try {
        await lsp.open('file:///order.topo', example, 1);
        const report = await lsp.send(ReportRequest, { uri: 'file:///order.topo' });
        const json = report.json;
        orders.push((json.systems[0]?.cutSets ?? []).map((c) => c.elements.length));
      } finally {
        await lsp.stop();
      }
    }
    assert.ok(orders[0]?.length && orders[0].every((n) => n === 1), JSON.stringify(orders[0]));
    assert.ok(orders[1]?.some((n) => n > 1), JSON.stringify(orders[1]));
  });

  it('refuses to start without a transport, with a usage error', () => {
    const r = spawnSync(process.execPath, [BUNDLE, 'lsp'], { cwd: ROOT, encoding: 'utf8', timeout: 10_000 });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--stdio/);
    const bad = spawnSync(process.execPath, [BUNDLE, 'lsp', '--tcp'], { cwd: ROOT, encoding: 'utf8', timeout: 10_000 });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /unknown option '--tcp'/);
  });
});
