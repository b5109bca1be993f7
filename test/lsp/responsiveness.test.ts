/**
 * Hover answers from what is known, never from behind a whole analysis (issue 21, item 8a): on a
 * document whose analysis takes seconds, a hover says the figures are coming rather than wait,
 * starts the full analysis so a later hover has every figure, and a hover of another document is
 * not held behind it. The wait is the server's `hoverWaitMs` (0 here: answer at once).
 *
 * The assertions are orderings, not times: the other document's hover must arrive before the big
 * document's diagnostics, which a server that waits for its analysis cannot do (the one worker
 * analyses the big document first).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Hover, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { benchDocument } from './large-document';
import { LspHarness, ROOT } from './harness';

const EXAMPLE = readFileSync(join(ROOT, 'examples', 'checkout.topo'), 'utf8');
/** 10,000 instances over 20 layers: its analysis takes far longer than a hover. */
const BIG = benchDocument(100);

function hoverText(h: Hover | null): string {
  const c = h?.contents;
  return c && typeof c === 'object' && 'value' in c ? c.value : '';
}

/** The position of `word` on the first line holding it. */
function at(text: string, word: string): { line: number; character: number } {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes(word));
  assert.ok(line >= 0, word);
  return { line, character: lines[line]!.indexOf(word) + 1 };
}

describe('lsp: hover never waits behind an analysis', function () {
  this.timeout(180_000);
  let lsp: LspHarness;
  beforeEach(async () => (lsp = await LspHarness.start({ initializationOptions: { hoverWaitMs: 0 } })));
  afterEach(async () => lsp.stop());

  it('a hover before the analysis arrives says the figures are coming; once analysed, it has every figure', async () => {
    const uri = 'file:///big.topo';
    await lsp.open(uri, BIG.text, 1);
    const position = at(BIG.text, 't3n2');
    const first = hoverText(await lsp.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position }));
    assert.match(first, /\*\*node\*\* `t3n2`/);
    assert.match(first, /being analysed; hover again in a moment/);
    assert.doesNotMatch(first, /Availability/);
    await lsp.diagnosticsFor(uri, 1, 120_000);
    // The first hover started the full analysis: hovering again ends with every figure.
    const pending = /being analysed; hover again|being computed for this version/;
    let text = '';
    for (let i = 0; i < 1200; i++) {
      text = hoverText(await lsp.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position }));
      if (!pending.test(text)) break;
      // In between: the parse alone (the diagnostics come ahead of the analysis they are from),
      // or the routine figures with a note that importance is being computed.
      assert.match(text, /being analysed; hover again|Availability[^]*Importance, cut sets and advice: being computed/);
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.doesNotMatch(text, pending);
    assert.match(text, /Availability \*\*99\.9000%\*\*/);
    assert.match(text, /If one instance fails/);
  });

  it("another document's hover is answered while the big document is still being analysed", async () => {
    const big = 'file:///big.topo';
    const small = 'file:///small.topo';
    const published: string[] = [];
    const seen = (p: PublishDiagnosticsParams) => published.push(p.uri);
    lsp.onDiagnostics(seen);
    await lsp.open(big, BIG.text, 1);
    await lsp.open(small, EXAMPLE, 1);
    const hover = hoverText(await lsp.request<Hover | null>('textDocument/hover', { textDocument: { uri: small }, position: at(EXAMPLE, 'lb1') }));
    assert.match(hover, /`lb1`/);
    assert.ok(!published.includes(big), `the hover waited for the big document's analysis (published: ${published.join(', ')})`);
    // Completion answers from the parse: it is not held either.
    const items = await lsp.request<unknown[]>('textDocument/completion', { textDocument: { uri: big }, position: at(BIG.text, 'zones [') });
    assert.ok(Array.isArray(items) && items.length > 0);
    assert.ok(!published.includes(big), 'completion waited for the analysis');
    await lsp.diagnosticsFor(big, 1, 120_000);
  });
});
