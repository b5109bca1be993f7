import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { BUNDLE, ensureBundle, LspHarness, ROOT } from './harness';

describe('lsp: lifecycle', function () {
  this.timeout(30_000);
  before(ensureBundle);

  it('announces every feature it serves', async () => {
    const lsp = await LspHarness.start();
    try {
      const caps = lsp.initializeResult.capabilities;
      assert.deepEqual(caps.textDocumentSync, { openClose: true, change: 2 });
      for (const key of [
        'hoverProvider', 'completionProvider', 'definitionProvider', 'referencesProvider', 'documentHighlightProvider',
        'renameProvider', 'documentSymbolProvider', 'foldingRangeProvider', 'selectionRangeProvider',
        'documentFormattingProvider', 'semanticTokensProvider', 'codeLensProvider', 'inlayHintProvider', 'codeActionProvider',
      ] as const) {
        assert.ok(caps[key], `${key} missing`);
      }
      assert.deepEqual(caps.renameProvider, { prepareProvider: true });
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

  it('refuses to start without a transport, with a usage error', () => {
    const r = spawnSync(process.execPath, [BUNDLE, 'lsp'], { cwd: ROOT, encoding: 'utf8', timeout: 10_000 });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--stdio/);
    const bad = spawnSync(process.execPath, [BUNDLE, 'lsp', '--tcp'], { cwd: ROOT, encoding: 'utf8', timeout: 10_000 });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /unknown option '--tcp'/);
  });
});
