/**
 * Inlay hints per node (issue 18): availability and SPOF from the routine analysis at once, the
 * importance when the full analysis has arrived, and one workspace/inlayHint/refresh then.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InlayHint } from 'vscode-languageserver-protocol';
import { ROOT, sharedServer, type LspHarness } from './harness';

const EXAMPLE = readFileSync(join(ROOT, 'examples', 'checkout.topo'), 'utf8');
const everything = { start: { line: 0, character: 0 }, end: { line: 40, character: 0 } };
const REFRESH = 'workspace/inlayHint/refresh';

async function hintsOf(lsp: LspHarness, uri: string): Promise<string[]> {
  const hints = await lsp.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: everything });
  return hints.map((h) => `${h.position.line}:${h.position.character}:${typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('')}`);
}

const refreshes = (lsp: LspHarness) => lsp.serverRequests.filter((r) => r.method === REFRESH).length;

describe('lsp: inlay hints per node', function () {
  this.timeout(30_000);

  describe('with a client that takes refreshes', () => {
    let lsp: LspHarness;
    sharedServer((s) => (lsp = s), { workspaceCapabilities: { inlayHint: { refreshSupport: true } } });

    it('answers at once from the routine analysis, then asks for the hints again once the importance is known', async () => {
      const uri = 'file:///hints/checkout.topo';
      await lsp.open(uri, EXAMPLE, 1);
      await lsp.diagnosticsFor(uri, 1);
      const before = refreshes(lsp);
      const first = await hintsOf(lsp, uri);
      // Nothing had asked for the full analysis: this answer has no importance yet.
      assert.ok(first.includes('16:45:(99.95000% · SPOF)'), first.join('\n'));
      assert.ok(first.includes('21:80:(99.9000%)'), first.join('\n'));
      assert.ok(first.includes('29:29:[99.93885%]'), first.join('\n'));
      assert.ok(!first.some((h) => h.includes('importance')), first.join('\n'));
      await lsp.until(() => refreshes(lsp) > before, 20_000, 'the inlay-hint refresh');
      const second = await hintsOf(lsp, uri);
      assert.ok(second.includes('16:45:(99.95000% · importance 1 · SPOF)'), second.join('\n'));
      assert.ok(second.includes('21:80:(99.9000% · importance 1.03e-4)'), second.join('\n'));
      assert.ok(second.includes('29:29:[99.93885%]'), second.join('\n'));
      // Answered from the full analysis now: no further refresh.
      await hintsOf(lsp, uri);
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(refreshes(lsp), before + 1);
    });

    it('a range gets the hints of its lines only', async () => {
      const uri = 'file:///hints/range.topo';
      await lsp.open(uri, EXAMPLE, 1);
      await lsp.diagnosticsFor(uri, 1);
      const hints = await lsp.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 16, character: 0 }, end: { line: 16, character: 99 } } });
      assert.deepEqual(hints.map((h) => h.position.line), [16]);
    });
  });

  describe('with a client that does not', () => {
    let lsp: LspHarness;
    sharedServer((s) => (lsp = s));

    it('never sends a refresh; a later request has the importance', async () => {
      const uri = 'file:///hints/plain.topo';
      await lsp.open(uri, EXAMPLE, 1);
      await lsp.diagnosticsFor(uri, 1);
      assert.ok((await hintsOf(lsp, uri)).includes('16:45:(99.95000% · SPOF)'));
      const deadline = Date.now() + 20_000;
      let hints = await hintsOf(lsp, uri);
      while (!hints.includes('16:45:(99.95000% · importance 1 · SPOF)') && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
        hints = await hintsOf(lsp, uri);
      }
      assert.ok(hints.includes('16:45:(99.95000% · importance 1 · SPOF)'), hints.join('\n'));
      assert.equal(refreshes(lsp), 0);
    });
  });
});
