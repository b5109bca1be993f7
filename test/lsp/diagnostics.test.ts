import assert from 'node:assert/strict';
import type { Diagnostic, Hover } from 'vscode-languageserver-protocol';
import { DebugHeapRequest, type AnalysedParams } from '../../server/src/protocol';
import { benchDocument } from './large-document';
import { ensureBundle, LspHarness, sharedServer } from './harness';

const TWO_LBS = `system s {
  zone az1 { availability 99.99% }
  zone az2 { availability 99.99% }
  layer lb {
    node lb1 { availability 99.95% zone az1 }
    node lb2 { availability 99.95% zone az2 }
  }
}
`;

const text = (m: Diagnostic['message']) => (typeof m === 'string' ? m : m.value);
const spofs = (ds: Diagnostic[]) => ds.filter((d) => d.code === 'spof').map((d) => text(d.message));

describe('lsp: diagnostics', function () {
  this.timeout(30_000);
  let lsp: LspHarness;
  sharedServer((server) => (lsp = server));

  it('shows a SPOF as it is typed and drops it when fixed, each version in order', async () => {
    const uri = 'file:///edit-sequence.topo';
    await lsp.open(uri, TWO_LBS, 1);
    const v1 = await lsp.diagnosticsFor(uri, 1);
    assert.deepEqual(spofs(v1.diagnostics), []);

    // Delete lb2: lb1 is now alone in its layer.
    await lsp.change(uri, 2, [{ range: { start: { line: 5, character: 0 }, end: { line: 6, character: 0 } }, text: '' }]);
    const v2 = await lsp.diagnosticsFor(uri, 2);
    const spof = v2.diagnostics.find((d) => d.code === 'spof' && d.range.start.line === 4);
    assert.ok(spof, `expected a spof on lb1: ${JSON.stringify(v2.diagnostics)}`);
    assert.equal(spof.severity, 2);
    assert.equal(spof.source, 'topo');
    assert.match(text(spof.message), /load balancer/);
    const related = spof.relatedInformation?.[0];
    assert.ok(related, 'a spof points at its layer');
    assert.equal(related.location.uri, uri);
    assert.equal(related.location.range.start.line, 3);

    // Type it back.
    await lsp.change(uri, 3, [{ range: { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } }, text: '    node lb2 { availability 99.95% zone az2 }\n' }]);
    const v3 = await lsp.diagnosticsFor(uri, 3);
    assert.deepEqual(spofs(v3.diagnostics), []);

    const versions = (lsp.diagnostics.get(uri) ?? []).map((d) => d.version);
    assert.deepEqual(versions, [1, 2, 3]);
    const analysedFor = (version: number) => lsp.notifications.some((n) => n.method === 'topo/analysed' && (n.params as AnalysedParams).uri === uri && (n.params as AnalysedParams).version === version);
    await lsp.until(() => analysedFor(3), 5000, 'topo/analysed v3');
    const analysed = lsp.notifications.filter((n) => n.method === 'topo/analysed').map((n) => n.params as AnalysedParams).filter((p) => p.uri === uri);
    assert.deepEqual(analysed.map((a) => a.version), [1, 2, 3]);
    assert.ok((analysed[2]?.systems[0]?.availability ?? 0) > (analysed[1]?.systems[0]?.availability ?? 1), 'the fix raises availability');
  });

  it('reports syntax errors with a range and keeps going', async () => {
    const uri = 'file:///syntax.topo';
    await lsp.open(uri, 'system s {\n  layer {\n}\n', 1);
    const d = await lsp.diagnosticsFor(uri, 1);
    const syntax = d.diagnostics.filter((x) => x.code === 'syntax');
    assert.ok(syntax.length > 0);
    assert.equal(syntax[0]?.severity, 1);
    assert.ok(syntax[0]?.range.start.line !== undefined);
  });

  it('with no debounce, still analyses a burst of edits once it has been read, not once per edit', async () => {
    const uri = 'file:///burst-no-debounce.topo';
    await lsp.open(uri, TWO_LBS, 1);
    await lsp.diagnosticsFor(uri, 1);
    const before = await lsp.send(DebugHeapRequest, {});
    const edits: Promise<void>[] = [];
    for (let v = 2; v <= 21; v++) {
      edits.push(lsp.change(uri, v, [{ range: { start: { line: 8, character: 0 }, end: { line: 8, character: 0 } }, text: `# ${v}\n` }]));
    }
    await Promise.all(edits);
    await lsp.diagnosticsFor(uri, 21);
    const after = await lsp.send(DebugHeapRequest, {});
    assert.ok(after.analyses - before.analyses <= 5, `${after.analyses - before.analyses} analyses for 20 edits`);
  });

  it('clears diagnostics when a document closes', async () => {
    const uri = 'file:///closing.topo';
    await lsp.open(uri, 'system s {\n  layer {\n}\n', 1);
    await lsp.diagnosticsFor(uri, 1);
    await lsp.close(uri);
    await lsp.until(() => (lsp.diagnostics.get(uri) ?? []).some((p) => p.version === undefined && p.diagnostics.length === 0), 5000, 'cleared diagnostics');
  });
});

describe('lsp: debounced analysis', function () {
  this.timeout(30_000);
  let lsp: LspHarness;
  before(async () => {
    ensureBundle();
    lsp = await LspHarness.start({ debounceMs: 200 });
  });
  after(async () => {
    assert.equal(await lsp.stop(), 0);
  });

  it('analyses a burst of edits once, for its last version', async () => {
    const uri = 'file:///burst.topo';
    const before = await lsp.send(DebugHeapRequest, {});
    await lsp.open(uri, TWO_LBS, 1);
    for (let v = 2; v <= 6; v++) {
      await lsp.change(uri, v, [{ range: { start: { line: 8, character: 0 }, end: { line: 8, character: 0 } }, text: `# ${v}\n` }]);
    }
    await lsp.diagnosticsFor(uri, 6);
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual((lsp.diagnostics.get(uri) ?? []).map((d) => d.version), [6]);
    const after = await lsp.send(DebugHeapRequest, {});
    assert.equal(after.analyses - before.analyses, 1);
  });

  it('answers a request that comes before the debounce from a fresh analysis, and does not analyse twice', async () => {
    const uri = 'file:///burst.topo';
    const before = await lsp.send(DebugHeapRequest, {});
    await lsp.change(uri, 7, [{ range: { start: { line: 4, character: 9 }, end: { line: 4, character: 12 } }, text: 'edge' }]);
    const hover = await lsp.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 4, character: 10 } });
    assert.match(JSON.stringify(hover?.contents), /edge/);
    const published = await lsp.diagnosticsFor(uri, 7);
    assert.equal(published.version, 7);
    const after = await lsp.send(DebugHeapRequest, {});
    assert.equal(after.analyses - before.analyses, 1);
  });
});

describe('lsp: analysis in a worker thread', function () {
  this.timeout(60_000);

  it('keeps answering requests while a large model is analysed', async () => {
    const lsp = await LspHarness.start();
    try {
      const small = 'file:///small.topo';
      await lsp.open(small, TWO_LBS, 1);
      await lsp.diagnosticsFor(small, 1);
      const heap = await lsp.send(DebugHeapRequest, {});
      assert.ok(heap.workerHeapUsedBytes !== undefined, 'analyses run in the worker');

      const big = 'file:///big.topo';
      // 20,000 instances: an analysis long enough that the completion surely arrives while it runs.
      await lsp.open(big, benchDocument(200).text, 1);
      let answeredAt = 0;
      await lsp.request('textDocument/completion', { textDocument: { uri: small }, position: { line: 4, character: 4 } });
      answeredAt = Date.now();
      await lsp.diagnosticsFor(big, 1, 60_000);
      const publishedAt = Date.now();
      assert.ok(answeredAt < publishedAt, 'the completion was not held behind the analysis');
      const hover = await lsp.request<Hover | null>('textDocument/hover', { textDocument: { uri: big }, position: { line: 15, character: 10 } });
      assert.match(JSON.stringify(hover?.contents), /t1n1/);
    } finally {
      assert.equal(await lsp.stop(), 0);
    }
  });

  it('analyses in the server thread when asked not to use a worker', async () => {
    const lsp = await LspHarness.start({ initializationOptions: { analysisWorker: false } });
    try {
      await lsp.open('file:///a.topo', TWO_LBS, 1);
      const d = await lsp.diagnosticsFor('file:///a.topo', 1);
      assert.ok(Array.isArray(d.diagnostics));
      const heap = await lsp.send(DebugHeapRequest, {});
      assert.equal(heap.workerHeapUsedBytes, undefined);
    } finally {
      assert.equal(await lsp.stop(), 0);
    }
  });
});
