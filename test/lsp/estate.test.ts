/**
 * The editor on estates over the real protocol (docs/editor.md, "Estates"): hover, completion,
 * definition, references and rename across files, the journey lenses, `topo/blast`, and the
 * re-analysis of a document when a file it imports changes on disk. The server reads imports
 * from the disk, so the example estate (examples/estate) is copied to a temporary folder.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeLens, CompletionItem, Hover, Location, Range, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { BlastRequest, MonteCarloRequest, SimulateRequest } from '../../server/src/protocol';
import { ensureBundle, LspHarness, ROOT } from './harness';

/** The position of the `n`th (0-based) occurrence of `needle` in `text`, plus `offset` characters. */
function positionOf(text: string, needle: string, offset = 0, n = 0): { line: number; character: number } {
  let i = -1;
  for (let k = 0; k <= n; k++) i = text.indexOf(needle, i + 1);
  assert.ok(i >= 0, `'${needle}' #${n} is in the text`);
  const before = text.slice(0, i + offset);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - before.lastIndexOf('\n') - 1 };
}

describe('lsp: estates', function () {
  this.timeout(60_000);
  let lsp: LspHarness;
  let dir: string;
  let shopUri: string;
  let platformUri: string;
  let platformPath: string;
  let shop: string;
  const doc = () => ({ textDocument: { uri: shopUri } });

  before(async () => {
    ensureBundle();
    dir = mkdtempSync(join(tmpdir(), 'topo-estate-'));
    cpSync(join(ROOT, 'examples', 'estate'), dir, { recursive: true });
    shopUri = pathToFileURL(join(dir, 'shop.topo')).href;
    platformPath = join(dir, 'shared', 'platform.topo');
    platformUri = pathToFileURL(platformPath).href;
    shop = readFileSync(join(dir, 'shop.topo'), 'utf8');
    lsp = await LspHarness.start({ workspaceCapabilities: { codeLens: { refreshSupport: true } } });
    await lsp.open(shopUri, shop, 1);
    await lsp.diagnosticsFor(shopUri, 1);
  });
  after(async () => {
    assert.equal(await lsp.stop(), 0);
    rmSync(dir, { recursive: true, force: true });
  });

  it('hover on `use auth`: the system, the file that declares it, its figures and its users', async () => {
    const h = await lsp.request<Hover>('textDocument/hover', { ...doc(), position: positionOf(shop, 'use auth', 5) });
    const md = (h.contents as { value: string }).value;
    assert.match(md, /^\*\*system\*\* `auth` — declared in `platform\.topo`/);
    assert.match(md, /As a step of `cart`: availability \*\*99\.\d+%\*\*/);
    assert.match(md, /Used by: `cart`, journey `web\/login`, journey `web\/checkout`/);
    assert.deepEqual(h.range?.start, positionOf(shop, 'use auth', 4));
  });

  it('hover on a journey: its figures, its SLO, its weakest link', async () => {
    const h = await lsp.request<Hover>('textDocument/hover', { ...doc(), position: positionOf(shop, 'journey checkout', 10) });
    const md = (h.contents as { value: string }).value;
    assert.match(md, /^\*\*journey\*\* `web\/checkout`/);
    assert.match(md, /Availability \*\*99\.\d+%\*\*/);
    assert.match(md, /SLO 99\.95% [✓✗]/);
    assert.match(md, /Weakest link: `stripe`/);
  });

  it('hover on an external: its availability, MTTR and users', async () => {
    const h = await lsp.request<Hover>('textDocument/hover', { ...doc(), position: positionOf(shop, 'external mailer', 10) });
    assert.match((h.contents as { value: string }).value, /^\*\*external\*\* `mailer`[^]*MTTR 2h[^]*Used by: `orders` \(soft\)/);
  });

  it('completion after `use`: this file\'s services and the imported ones', async () => {
    const items = await lsp.request<CompletionItem[]>('textDocument/completion', { ...doc(), position: positionOf(shop, 'use orders-db', 4) });
    const labels = items.map((i) => i.label);
    for (const n of ['web', 'catalog', 'stripe', 'mailer', 'auth', 'orders-db']) assert.ok(labels.includes(n), `${n} in [${labels.join(', ')}]`);
    assert.ok(!labels.includes('orders'), 'not the system itself');
    assert.equal(items.find((i) => i.label === 'auth')?.detail, 'system (platform.topo)');
  });

  it('completion in a journey path: the top-level layers and the services', async () => {
    const items = await lsp.request<CompletionItem[]>('textDocument/completion', { ...doc(), position: positionOf(shop, '-> cart', 3) });
    const labels = items.map((i) => i.label);
    for (const n of ['dns', 'app', 'auth', 'cart', 'stripe']) assert.ok(labels.includes(n), `${n} in [${labels.join(', ')}]`);
  });

  it('definition of an imported service: the file that declares it', async () => {
    const loc = await lsp.request<Location>('textDocument/definition', { ...doc(), position: positionOf(shop, '-> auth', 4, 1) });
    assert.equal(loc.uri, platformUri);
    assert.deepEqual(loc.range, { start: { line: 3, character: 7 }, end: { line: 3, character: 11 } });
    const local = await lsp.request<Location>('textDocument/definition', { ...doc(), position: positionOf(shop, 'use stripe', 5) });
    assert.equal(local.uri, shopUri);
    assert.equal(local.range.start.line, 4);
  });

  it('references of a service, across the files', async () => {
    const refs = await lsp.request<Location[]>('textDocument/references', { ...doc(), position: positionOf(shop, 'use orders-db', 5), context: { includeDeclaration: true } });
    assert.deepEqual(refs.map((r) => `${r.uri === shopUri ? 'shop' : r.uri === platformUri ? 'platform' : r.uri}:${r.range.start.line + 1}`), ['platform:23', 'shop:69', 'shop:77']);
    const without = await lsp.request<Location[]>('textDocument/references', { ...doc(), position: positionOf(shop, 'use orders-db', 5), context: { includeDeclaration: false } });
    assert.equal(without.length, 2);
  });

  it('document highlights of an imported service: every name of it in this file', async () => {
    const hs = await lsp.request<{ range: Range; kind?: number }[]>('textDocument/documentHighlight', { ...doc(), position: positionOf(shop, 'use auth', 5) });
    assert.deepEqual(hs.map((h) => h.range.start.line + 1), [30, 34, 54]);
  });

  it('prepareRename and rename of an imported service: one edit over both files', async () => {
    const position = positionOf(shop, 'use auth', 6);
    const prep = await lsp.request<{ range: Range; placeholder: string }>('textDocument/prepareRename', { ...doc(), position });
    assert.equal(prep.placeholder, 'auth');
    const edit = await lsp.request<WorkspaceEdit>('textDocument/rename', { ...doc(), position, newName: 'identity' });
    const changes = edit.changes ?? {};
    assert.deepEqual(Object.keys(changes).sort(), [platformUri, shopUri].sort());
    // In shop: `use auth`, and the steps of login and checkout; in platform: the declaration.
    assert.equal(changes[shopUri]?.length, 3);
    assert.deepEqual(changes[platformUri]?.map((e) => e.range.start), [{ line: 3, character: 7 }]);
    assert.ok([...changes[shopUri]!, ...changes[platformUri]!].every((e) => e.newText === 'identity'));
    await assert.rejects(lsp.request('textDocument/rename', { ...doc(), position, newName: 'stripe' }), /external named 'stripe' already exists/);
  });

  it('a code lens per journey on its `journey` line', async () => {
    const lenses = await lsp.request<CodeLens[]>('textDocument/codeLens', doc());
    const journeys = lenses.filter((l) => l.command?.title.includes('weakest'));
    assert.deepEqual(journeys.map((l) => l.range.start.line), [24, 28, 32]);
    assert.match(journeys[2]!.command!.title, /^99\.\d+% · .+\/yr · SLO 99\.95% [✓✗] · weakest: stripe \(99\.99/);
  });

  it('topo/blast: what fails if a service fails, and an unknown name refused with a reason', async () => {
    const r = await lsp.send(BlastRequest, { uri: shopUri, element: 'auth' });
    assert.ok(r.ok, JSON.stringify(r));
    const down = r.subjects.filter((s) => s.effect === 'down').map((s) => s.name);
    for (const n of ['cart', 'web/login', 'web/checkout']) assert.ok(down.includes(n), `${n} in [${down.join(', ')}]`);
    assert.ok(!down.includes('web/browse'));
    const bad = await lsp.send(BlastRequest, { uri: shopUri, element: 'nowhere' });
    assert.ok(!bad.ok);
    assert.match(bad.error, /nowhere/);
  });

  it('topo/simulate and topo/monteCarlo on a journey: its composite, its services named service.element', async () => {
    const sim = await lsp.send(SimulateRequest, { uri: shopUri, journey: 'checkout', failures: [{ element: 'orders-db.pg-primary', at: 0 }] });
    assert.ok(sim.ok, JSON.stringify(sim));
    assert.ok(sim.result.events.some((e) => e.element === 'orders-db.pg-replica' && e.type === 'promoted'), 'the replica of the shared database is promoted');
    const mc = await lsp.send(MonteCarloRequest, { uri: shopUri, journey: 'web/login', years: 2000, seed: 1 });
    assert.ok(mc.ok, JSON.stringify(mc));
    const login = await lsp.send(SimulateRequest, { uri: shopUri, journey: 'nowhere', failures: [{ element: 'az1', at: 0 }] });
    assert.ok(!login.ok);
    assert.match(login.error, /No journey named 'nowhere'/);
    const system = await lsp.send(SimulateRequest, { uri: shopUri, system: 'payments', failures: [{ element: 'stripe', at: 0 }] });
    assert.ok(system.ok, JSON.stringify(system));
    assert.ok(system.result.events.some((e) => e.type === 'system-down'), 'a system with dependencies is simulated with them: stripe down takes payments down');
    // The analytic figure beside the estimate is the journey's own U (about 8.6e-6), not its system's (1.4e-7).
    assert.ok(mc.result.analytic.unavailability > 5e-6 && mc.result.analytic.unavailability < 2e-5, String(mc.result.analytic.unavailability));
  });

  it('follows the unsaved edits of an imported file open in the editor', async () => {
    const lensOf = async () => (await lsp.request<CodeLens[]>('textDocument/codeLens', doc())).find((l) => l.range.start.line === 28)?.command?.title ?? '';
    const before = await lensOf();
    /** Asks for the lens until it reads as `wanted` (a re-analysis follows each edit of the imported file, after the debounce). */
    const lensBecomes = async (wanted: (title: string) => boolean, what: string): Promise<string> => {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const title = await lensOf();
        if (wanted(title)) return title;
        if (Date.now() > deadline) assert.fail(`${what}: the lens still reads '${title}'`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    const original = readFileSync(platformPath, 'utf8');
    await lsp.open(platformUri, original, 1);
    // Edited, not saved: the disk still has 99.9%.
    await lsp.change(platformUri, 2, [{ text: original.replace('node auth { availability 99.9%', 'node auth { availability 95%') }]);
    await lensBecomes((t) => /SLO 99\.9% ✗/.test(t), 'after the edit of the imported file');
    assert.equal(readFileSync(platformPath, 'utf8'), original);
    await lsp.change(platformUri, 3, [{ text: original }]);
    await lensBecomes((t) => t === before, 'after the edit is undone');
    await lsp.close(platformUri);
  });

  it('re-analyses the document when a file it imports is saved, or changes on disk', async () => {
    const lensOf = async () => (await lsp.request<CodeLens[]>('textDocument/codeLens', doc())).find((l) => l.range.start.line === 28)?.command?.title ?? '';
    const before = await lensOf();
    const published = (lsp.diagnostics.get(shopUri) ?? []).length;
    const original = readFileSync(platformPath, 'utf8');
    // auth much less available: the login journey's figures change.
    writeFileSync(platformPath, original.replace('node auth { availability 99.9%', 'node auth { availability 95%'));
    await lsp.open(platformUri, readFileSync(platformPath, 'utf8'), 1);
    await lsp.notify('textDocument/didSave', { textDocument: { uri: platformUri } });
    await lsp.until(() => (lsp.diagnostics.get(shopUri) ?? []).length > published, 10_000, 'shop.topo re-published after the save');
    const after = await lensOf();
    assert.notEqual(after, before);
    assert.match(after, /SLO 99\.9% ✗/);
    assert.ok(lsp.serverRequests.some((r) => r.method === 'workspace/codeLens/refresh'));
    await lsp.close(platformUri);
    // A watched file: the client says it changed; the document is analysed again from the disk.
    writeFileSync(platformPath, original);
    const again = (lsp.diagnostics.get(shopUri) ?? []).length;
    await lsp.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: platformUri, type: 2 }] });
    await lsp.until(() => (lsp.diagnostics.get(shopUri) ?? []).length > again, 10_000, 'shop.topo re-published after the watched change');
    assert.equal(await lensOf(), before);
    // A file it does not import: nothing is analysed again.
    const count = (lsp.diagnostics.get(shopUri) ?? []).length;
    await lsp.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(join(dir, 'other.topo')).href, type: 1 }] });
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal((lsp.diagnostics.get(shopUri) ?? []).length, count);
  });
});
