/** Live settings: a changed `topo.maxCutSetOrder` re-analyses the open documents without a restart. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DebugHeapRequest, ReportRequest } from '../../server/src/protocol';
import { ROOT, sharedServer, type LspHarness } from './harness';

const EXAMPLE = readFileSync(join(ROOT, 'examples', 'checkout.topo'), 'utf8');

/** The orders of the minimal cut sets the server reports for the document (from topo/report). */
async function cutSetOrders(lsp: LspHarness, uri: string): Promise<number[]> {
  const report = await lsp.send(ReportRequest, { uri });
  const json = report.json;
  return (json.systems[0]?.cutSets ?? []).map((c) => c.elements.length);
}

function analysedCount(lsp: LspHarness, uri: string): number {
  return lsp.notifications.filter((n) => n.method === 'topo/analysed' && (n.params as { uri: string }).uri === uri).length;
}

async function analyses(lsp: LspHarness): Promise<number> {
  return (await lsp.send(DebugHeapRequest, {})).analyses;
}

/** Sends a didChangeConfiguration and waits for the open document's re-publication. */
async function changeAndWait(lsp: LspHarness, uri: string, settings: unknown): Promise<void> {
  const before = analysedCount(lsp, uri);
  await lsp.notify('workspace/didChangeConfiguration', { settings });
  await lsp.until(() => analysedCount(lsp, uri) > before, 10_000, `topo/analysed for ${uri} after the settings changed`);
}

describe('lsp: live configuration (settings pushed in the notification)', function () {
  this.timeout(60_000);
  let lsp: LspHarness;
  sharedServer((s) => (lsp = s), { initializationOptions: { maxCutSetOrder: 1 } });
  const uri = 'file:///config/checkout.topo';

  before(async () => {
    await lsp.open(uri, EXAMPLE, 1);
    await lsp.diagnosticsFor(uri, 1);
  });

  it('a new topo.maxCutSetOrder changes the cut sets reported, and the document is published again', async () => {
    const atOne = await cutSetOrders(lsp, uri);
    assert.ok(atOne.length > 0 && atOne.every((n) => n === 1), JSON.stringify(atOne));

    const diagnosticsBefore = lsp.diagnostics.get(uri)?.length ?? 0;
    await changeAndWait(lsp, uri, { topo: { maxCutSetOrder: 3 } });
    const atThree = await cutSetOrders(lsp, uri);
    assert.ok(atThree.some((n) => n === 2), JSON.stringify(atThree));
    assert.ok(atThree.every((n) => n <= 3), JSON.stringify(atThree));
    assert.ok((lsp.diagnostics.get(uri)?.length ?? 0) > diagnosticsBefore, 'diagnostics published again for the same version');
    assert.equal(lsp.diagnostics.get(uri)?.at(-1)?.version, 1);

    await changeAndWait(lsp, uri, { topo: { maxCutSetOrder: 1 } });
    assert.deepEqual(await cutSetOrders(lsp, uri), atOne);
    await changeAndWait(lsp, uri, { topo: { maxCutSetOrder: 3 } });
    assert.deepEqual(await cutSetOrders(lsp, uri), atThree);
  });

  it('an unchanged value does not analyse again', async () => {
    const count = await analyses(lsp);
    const published = analysedCount(lsp, uri);
    await lsp.notify('workspace/didChangeConfiguration', { settings: { topo: { maxCutSetOrder: 3, monteCarlo: { years: 5 } } } });
    await lsp.notify('workspace/didChangeConfiguration', { settings: { other: { x: 1 } } });
    await lsp.notify('workspace/didChangeConfiguration', { settings: null });
    assert.equal(await analyses(lsp), count);
    assert.equal(analysedCount(lsp, uri), published);
  });

  for (const bad of [0, 7, 2.5, -1, 'three', null, { order: 2 }]) {
    it(`refuses maxCutSetOrder ${JSON.stringify(bad)} with a log message, keeps the previous order and keeps serving`, async () => {
      const orders = await cutSetOrders(lsp, uri);
      const count = await analyses(lsp);
      const published = analysedCount(lsp, uri);
      const logged = lsp.logs.length;
      await lsp.notify('workspace/didChangeConfiguration', { settings: { topo: { maxCutSetOrder: bad } } });
      const refusal = () => lsp.logs.slice(logged).find((m) => m.includes('topo.maxCutSetOrder must be a whole number from 1 to 6'));
      await lsp.until(() => refusal() !== undefined, 10_000, 'the refusal in the log');
      assert.ok(refusal()?.includes(`not ${JSON.stringify(bad)}`), refusal());
      assert.match(refusal() ?? '', /keeps order 3/);
      assert.deepEqual(await cutSetOrders(lsp, uri), orders);
      assert.equal(await analyses(lsp), count, 'no analysis for a refused value');
      assert.equal(analysedCount(lsp, uri), published);
      assert.equal(lsp.proc.exitCode, null);
    });
  }

  it('a document opened after the change is analysed with the new order', async () => {
    await changeAndWait(lsp, uri, { topo: { maxCutSetOrder: 2 } });
    const other = 'file:///config/later.topo';
    await lsp.open(other, EXAMPLE, 1);
    await lsp.diagnosticsFor(other, 1);
    const orders = await cutSetOrders(lsp, other);
    assert.ok(orders.some((n) => n === 2) && orders.every((n) => n <= 2), JSON.stringify(orders));
    await lsp.close(other);
  });
});

describe('lsp: live configuration (pulled with workspace/configuration)', function () {
  this.timeout(60_000);
  let lsp: LspHarness;
  sharedServer((s) => (lsp = s), {
    workspaceCapabilities: { configuration: true, codeLens: { refreshSupport: true }, inlayHint: { refreshSupport: true } },
  });
  const uri = 'file:///config-pull/checkout.topo';

  before(async () => {
    await lsp.open(uri, EXAMPLE, 1);
    await lsp.diagnosticsFor(uri, 1);
  });

  it('asks the client for the topo section, prefers it to the pushed settings, then asks for code lenses and inlay hints again', async () => {
    assert.ok((await cutSetOrders(lsp, uri)).some((n) => n === 2), 'the default order is 3');
    lsp.settings = { topo: { maxCutSetOrder: 1 } };
    const asked = lsp.serverRequests.length;
    await changeAndWait(lsp, uri, { topo: { maxCutSetOrder: 5 } });
    const orders = await cutSetOrders(lsp, uri);
    assert.ok(orders.length > 0 && orders.every((n) => n === 1), JSON.stringify(orders));
    await lsp.until(() => lsp.serverRequests.some((r, i) => i >= asked && r.method === 'workspace/inlayHint/refresh'), 10_000, 'the refreshes');
    const sent = lsp.serverRequests.slice(asked);
    assert.deepEqual(sent.map((r) => r.method), ['workspace/configuration', 'workspace/codeLens/refresh', 'workspace/inlayHint/refresh']);
    assert.deepEqual(sent[0]?.params, { items: [{ section: 'topo' }] });
  });

  it('uses the pushed settings when the pull answers nothing', async () => {
    lsp.settings = {};
    await changeAndWait(lsp, uri, { topo: { maxCutSetOrder: 3 } });
    assert.ok((await cutSetOrders(lsp, uri)).some((n) => n === 2));
  });

  it('refuses a bad pulled value without a crash', async () => {
    lsp.settings = { topo: { maxCutSetOrder: 'lots' } };
    const logged = lsp.logs.length;
    await lsp.notify('workspace/didChangeConfiguration', { settings: null });
    await lsp.until(() => lsp.logs.slice(logged).some((m) => m.includes('not "lots"')), 10_000, 'the refusal in the log');
    assert.ok((await cutSetOrders(lsp, uri)).some((n) => n === 2));
  });
});
