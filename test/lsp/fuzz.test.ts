/**
 * The server never dies on any text: random edits of the spec example and random bytes, sent
 * as incremental changes, with hover and completion asked between them. Seeded, so a failure
 * can be replayed.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Position, TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';
import { seededRandom } from '../support/random';
import { ROOT, sharedServer, type LspHarness } from './harness';

const EXAMPLE = readFileSync(join(ROOT, 'examples', 'checkout.topo'), 'utf8');
const VOCABULARY = [
  '{', '}', '[', ']', ',', '->', '%', '"', '#', '//', '\n', ' ', 'system', 'layer', 'node', 'site', 'zone', 'zones', 'region',
  'in', 'standby', 'hot', 'replicas 3', 'availability 99.9%', 'mttr 2h', 'path a -> b', 'fail az1 at 5s', 'scenario "x" {',
  'health-check { interval 10s }', 'load 100rps', 'capacity 50rps', 'min 0', '999%', '-1s', '1e309', 'db-', '-', '.', 'é', '😀', '\u0000', '\r',
];


function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset).split(/\r\n|\r|\n/);
  return { line: before.length - 1, character: (before[before.length - 1] as string).length };
}

/** One random edit: delete a span, insert a word of the language, or insert random UTF-16 units. */
function randomEdit(text: string, random: () => number): { change: TextDocumentContentChangeEvent; next: string } {
  // Never split a \r\n: LSP positions cannot point between them.
  let from = Math.floor(random() * (text.length + 1));
  if (text[from - 1] === '\r' && text[from] === '\n') from--;
  let to = Math.min(text.length, from + (random() < 0.5 ? Math.floor(random() * 12) : 0));
  if (text[to - 1] === '\r' && text[to] === '\n') to++;
  let insert = '';
  const kind = random();
  if (kind < 0.5) insert = VOCABULARY[Math.floor(random() * VOCABULARY.length)] as string;
  else if (kind < 0.8) insert = Array.from({ length: Math.floor(random() * 6) }, () => String.fromCharCode(32 + Math.floor(random() * 95))).join('');
  else insert = Array.from({ length: Math.floor(random() * 4) }, () => String.fromCharCode(Math.floor(random() * 0xffff))).join('');
  // Keep surrogate pairs whole so the client's and the server's texts agree.
  insert = insert.replace(/[\ud800-\udfff]/g, '?');
  const next = text.slice(0, from) + insert + text.slice(to);
  return { change: { range: { start: positionAt(text, from), end: positionAt(text, to) }, text: insert }, next };
}

describe('lsp: robustness (fuzz)', function () {
  this.timeout(120_000);
  let lsp: LspHarness;
  sharedServer((server) => (lsp = server));

  for (const seed of [1, 2, 3]) {
    it(`survives 150 random edits of the example (seed ${seed}) and keeps answering`, async () => {
      const random = seededRandom(seed);
      const uri = `file:///fuzz-${seed}.topo`;
      let text = EXAMPLE;
      await lsp.open(uri, text, 1);
      for (let version = 2; version <= 151; version++) {
        const { change, next } = randomEdit(text, random);
        text = next;
        await lsp.change(uri, version, [change]);
        if (version % 10 === 0) {
          const position = positionAt(text, Math.floor(random() * (text.length + 1)));
          const at = { textDocument: { uri }, position };
          await lsp.request('textDocument/hover', at);
          await lsp.request('textDocument/completion', at);
          await lsp.request('textDocument/documentSymbol', { textDocument: { uri } });
          await lsp.request('textDocument/semanticTokens/full', { textDocument: { uri } });
          await lsp.request('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
        }
      }
      const last = await lsp.diagnosticsFor(uri, 151);
      assert.ok(Array.isArray(last.diagnostics));
      const versions = (lsp.diagnostics.get(uri) ?? []).map((d) => d.version as number);
      assert.deepEqual(versions, [...versions].sort((a, b) => a - b), 'published in order');
      assert.ok(!last.diagnostics.some((d) => d.code === 'internal'), JSON.stringify(last.diagnostics.filter((d) => d.code === 'internal')));
    });
  }

  it('survives random bytes, and still answers hover and completion on the example afterwards', async () => {
    const random = seededRandom(42);
    for (let i = 0; i < 20; i++) {
      const uri = `file:///bytes-${i}.topo`;
      const length = Math.floor(random() * 2000);
      const text = Array.from({ length }, () => String.fromCharCode(Math.floor(random() * 256))).join('');
      await lsp.open(uri, text, 1);
      await lsp.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 1 } });
      await lsp.request('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 0 } });
      await lsp.diagnosticsFor(uri, 1);
      await lsp.close(uri);
    }
    const uri = 'file:///after-fuzz.topo';
    await lsp.open(uri, EXAMPLE, 1);
    const hover = await lsp.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: { line: 16, character: 10 } });
    assert.match(hover?.contents.value ?? '', /lb1/);
    const completion = await lsp.request<unknown[]>('textDocument/completion', { textDocument: { uri }, position: { line: 16, character: 41 } });
    assert.ok(completion.length > 0);
    assert.doesNotMatch(lsp.logs.join('\n'), /uncaught|unhandled/);
  });

  it('answers an exception in a feature with an error response, logs it, and carries on', async () => {
    const uri = 'file:///broken-request.topo';
    await lsp.open(uri, EXAMPLE, 1);
    await assert.rejects(
      lsp.request('textDocument/hover', { textDocument: { uri }, position: null }),
      (e: { code?: number; message?: string }) => e.code === -32603 && /hover failed/.test(e.message ?? ''),
    );
    await lsp.until(() => lsp.logs.some((l) => /topo: hover failed/.test(l)), 5000, 'the error in the log');
    const hover = await lsp.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: { line: 16, character: 10 } });
    assert.match(hover?.contents.value ?? '', /lb1/);
  });

  it('turns the core\'s limits into diagnostics: a file over the size limit, braces nested too deep', async () => {
    const huge = 'file:///huge.topo';
    await lsp.open(huge, EXAMPLE + '# padding\n'.repeat(110_000), 1);
    const big = await lsp.diagnosticsFor(huge, 1, 60_000);
    assert.ok(big.diagnostics.some((d) => d.code === 'limit' && d.severity === 1), JSON.stringify(big.diagnostics.slice(0, 3)));
    await lsp.close(huge);
    const deep = 'file:///deep.topo';
    await lsp.open(deep, 'system s {\n' + 'layer l { site x {\n'.repeat(60) + '}\n'.repeat(121), 1);
    const nested = await lsp.diagnosticsFor(deep, 1, 60_000);
    assert.ok(nested.diagnostics.some((d) => d.code === 'limit'), JSON.stringify(nested.diagnostics.slice(0, 3)));
    const hover = await lsp.request('textDocument/hover', { textDocument: { uri: deep }, position: { line: 1, character: 2 } });
    assert.ok(hover === null || typeof hover === 'object');
  });
});
