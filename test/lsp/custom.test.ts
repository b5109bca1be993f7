import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  DebugHeapRequest, DiagramRequest, FailureTargetsRequest, MonteCarloRequest, ReportRequest, SimulateRequest, type FailureTarget,
} from '../../server/src/protocol';
import { ensureBundle, LspHarness, ROOT } from './harness';

const EXAMPLE = readFileSync(join(ROOT, 'examples', 'checkout.topo'), 'utf8');
const SCENARIO = EXAMPLE.replace('  path dns', '  scenario "db dies" { fail db-primary }\n  path dns');

describe('lsp: custom requests', function () {
  this.timeout(60_000);
  let lsp: LspHarness;
  const uri = 'file:///custom/checkout.topo';
  before(async () => {
    ensureBundle();
    lsp = await LspHarness.start();
    await lsp.open(uri, SCENARIO, 1);
    await lsp.diagnosticsFor(uri, 1);
  });
  after(async () => {
    assert.equal(await lsp.stop(), 0);
  });

  it('topo/simulate: failing db-primary costs a 15 s outage and 2 s of data', async () => {
    const r = await lsp.send(SimulateRequest, { uri, failures: [{ element: 'db-primary', at: 0 }] });
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.result.systemDowntimeSeconds, 15);
    assert.equal(r.result.rpo.dataLossSeconds, 2);
    assert.equal(r.result.rto.met, true);
  });

  it('topo/simulate: runs a scenario of the file by name, and names an unknown one', async () => {
    const r = await lsp.send(SimulateRequest, { uri, scenario: 'db dies' });
    assert.ok(r.ok);
    assert.equal(r.result.systemDowntimeSeconds, 15);
    const bad = await lsp.send(SimulateRequest, { uri, failures: [{ element: 'db-primray', at: 0 }] });
    assert.ok(!bad.ok);
    assert.match(bad.error, /db-primary/);
  });

  it('topo/failureTargets: nodes, instances, zones, regions and scenarios with ranges', async () => {
    const targets = await lsp.send(FailureTargetsRequest, { uri });
    const names = targets.map((t) => `${t.type}:${t.name}`);
    for (const n of ['node:db-primary', 'node:app', 'instance:app-3', 'zone:az1', 'region:use1', 'scenario:db dies']) assert.ok(names.includes(n), n);
    const az1 = targets.find((t) => t.name === 'az1');
    assert.deepEqual(az1?.range.start, { line: 8, character: 7 });
  });

  it('topo/report: the Markdown report and the check JSON of the file', async () => {
    const r = await lsp.send(ReportRequest, { uri });
    assert.match(r.markdown, /# Availability report: checkout\.topo/);
    assert.match(r.markdown, /## checkout/);
    assert.match(r.markdown, /### Failover windows\n/);
    assert.match(r.markdown, /\| db \| 15s \| 3\.07 \| 32\.9s \| 32\.8s \| 27\.3ms \| 0s \|/);
    const json = r.json;
    assert.equal(json.file, 'checkout.topo');
    // Spec section 10, revision 2: U = 6.114987e-4 = U_struct 6.104575e-4 + failover windows 1.0413e-6.
    assert.ok(Math.abs((json.systems[0]?.unavailability ?? 0) / 6.114987e-4 - 1) < 1e-6);
    assert.ok(Math.abs((json.systems[0]?.structuralUnavailability ?? 0) / 6.104575e-4 - 1) < 1e-6);
    assert.ok(Math.abs((json.systems[0]?.failoverUnavailability ?? 0) / 1.0413e-6 - 1) < 1e-4);
  });

  it('topo/report: the full analysis (importance, advice, cut sets above order 1), though edits only analyse for diagnostics', async () => {
    const before = (await lsp.send(DebugHeapRequest, {})).analyses;
    const r = await lsp.send(ReportRequest, { uri });
    const sys = r.json.systems[0];
    assert.ok(sys && sys.importance.length > 0, 'importance');
    assert.notEqual(sys.advice, null, 'advice');
    assert.ok(sys.cutSets.some((c) => c.elements.length === 2), 'cut sets of order 2');
    assert.equal((await lsp.send(DebugHeapRequest, {})).analyses, before, 'the version is not re-analysed for diagnostics');
  });

  it('topo/diagram: the view model of the document', async () => {
    const view = await lsp.send(DiagramRequest, { uri });
    assert.ok(view);
    assert.equal(view.version, 1);
    assert.equal(view.systems.length, 1);
  });

  it('topo/monteCarlo: a seeded run, reproducible, with work-done progress', async () => {
    const token = 'mc-progress-1';
    const a = await lsp.send(MonteCarloRequest, { uri, years: 2000, seed: 7, workDoneToken: token });
    const b = await lsp.send(MonteCarloRequest, { uri, years: 2000, seed: 7 });
    assert.ok(a.ok && b.ok, JSON.stringify(a));
    assert.deepEqual(a.result, b.result);
    assert.ok(Math.abs(a.result.analytic.unavailability / 6.114987e-4 - 1) < 1e-6);
    const kinds = lsp.notifications
      .filter((n) => n.method === '$/progress' && (n.params as { token: unknown }).token === token)
      .map((n) => (n.params as { value: { kind: string } }).value.kind);
    assert.equal(kinds[0], 'begin');
    assert.equal(kinds[kinds.length - 1], 'end');
  });

  it('topo/monteCarlo: $/cancelRequest stops a long run promptly', async () => {
    const started = Date.now();
    const pending = lsp.connection.sendRequest('topo/monteCarlo', { uri, years: 50_000_000, seed: 1 }, cancelSource.token);
    setTimeout(() => cancelSource.cancel(), 300);
    await assert.rejects(pending, (e: { code?: number }) => e.code === -32800);
    assert.ok(Date.now() - started < 5000, `cancellation took ${Date.now() - started} ms`);
    // The server is still answering.
    const r = await lsp.send(SimulateRequest, { uri, scenario: 'db dies' });
    assert.ok(r.ok);
  });

  it('answers bad parameters with an error, not a crash', async () => {
    await assert.rejects(lsp.request('topo/diagram', { uri: 'file:///not-open.topo' }), /not open/);
    // The same bounds and words as the CLI's (the core's limits): whole years, a 32-bit seed;
    // out of them the parameters are invalid (test/lsp/hostile-params.test.ts has the rest).
    for (const [years, seed, what] of [[-1, 1, /years must be/], [1.5, 1, /years must be a whole number from 1 to 100,000,000, not 1\.5/], [100_000_001, 1, /years must be/], [10, -1, /seed must be a whole number from 0 to 4,294,967,295, not -1/]] as const) {
      await assert.rejects(lsp.send(MonteCarloRequest, { uri, years, seed }), (e: { code?: number; message?: string }) => e.code === -32602 && what.test(e.message ?? ''));
    }
    const s = await lsp.send(SimulateRequest, { uri });
    assert.ok(!s.ok);
  });
});

describe('lsp: topo/failureTargets of one system or journey', function () {
  this.timeout(60_000);
  let lsp: LspHarness;
  const uri = 'file:///custom/two-systems.topo';
  // Two systems whose elements share no name, the second with a scenario of its own.
  const TWO = [
    'system alpha {',
    '  zone za { availability 99.99% }',
    '  layer web { node front { availability 99.9% replicas 2 zone za } }',
    '}',
    'system beta {',
    '  zone zb1 { availability 99.99% }',
    '  zone zb2 { availability 99.99% }',
    '  scenario "zb1 out" { fail zb1 }',
    '  layer api { node api { availability 99.9% replicas 2 zones [zb1, zb2] } }',
    '  layer store { node store { availability 99.95% zone zb2 } }',
    '}',
  ].join('\n');
  const shopUri = pathToFileURL(join(ROOT, 'examples', 'estate', 'shop.topo')).href;
  before(async () => {
    ensureBundle();
    lsp = await LspHarness.start();
    await lsp.open(uri, TWO, 1);
    await lsp.diagnosticsFor(uri, 1);
    await lsp.open(shopUri, readFileSync(join(ROOT, 'examples', 'estate', 'shop.topo'), 'utf8'), 1);
    await lsp.diagnosticsFor(shopUri, 1);
  });
  after(async () => {
    assert.equal(await lsp.stop(), 0);
  });

  /** Simulates each target for the subject, as the client does after the pick; returns the refusals. */
  async function refused(doc: string, subject: { system?: string; journey?: string }, targets: FailureTarget[]): Promise<string[]> {
    const errors: string[] = [];
    for (const t of targets) {
      const r = await lsp.send(SimulateRequest, { uri: doc, ...subject, ...(t.type === 'scenario' ? { scenario: t.name } : { failures: [{ element: t.name, at: 0 }] }) });
      if (!r.ok) errors.push(`${t.type} ${t.name}: ${r.error}`);
    }
    return errors;
  }

  it('without a subject: the targets of every system, as before', async () => {
    const names = (await lsp.send(FailureTargetsRequest, { uri })).map((t) => t.name);
    for (const n of ['front', 'za', 'api', 'zb1', 'zb1 out']) assert.ok(names.includes(n), n);
  });

  it('system beta: its targets only, and topo/simulate accepts every one of them for beta', async () => {
    const targets = await lsp.send(FailureTargetsRequest, { uri, system: 'beta' });
    assert.deepEqual(targets.map((t) => `${t.type}:${t.name}`).sort(), [
      'instance:api-1', 'instance:api-2', 'node:api', 'node:store', 'scenario:zb1 out', 'zone:zb1', 'zone:zb2',
    ]);
    assert.deepEqual(await refused(uri, { system: 'beta' }, targets), []);
    // The bug this fixes: alpha's element, simulated as beta, is refused.
    const other = await lsp.send(SimulateRequest, { uri, system: 'beta', failures: [{ element: 'front', at: 0 }] });
    assert.ok(!other.ok);
  });

  it('deploys, common-cause groups and maintenance are targets, and each simulates: a bad deploy takes its layer down', async () => {
    const ccUri = 'file:///custom/deploys.topo';
    await lsp.open(ccUri, [
      'system shop {',
      '  maintenance 1h every 30d',
      '  layer app {',
      '    deploys 20/week change-failure 5% restore 30m',
      '    common-cause 5%',
      '    node app { availability 99.9% replicas 2 }',
      '  }',
      '}',
    ].join('\n'), 1);
    await lsp.diagnosticsFor(ccUri, 1);
    const targets = await lsp.send(FailureTargetsRequest, { uri: ccUri });
    const causes = targets.filter((t) => t.type === 'deploy' || t.type === 'common-cause' || t.type === 'maintenance').map((t) => `${t.type}:${t.name}`);
    assert.deepEqual(causes.sort(), ['common-cause:common-cause app', 'deploy:deploy app', 'maintenance:maintenance']);
    assert.deepEqual(await refused(ccUri, {}, targets), []);
    const r = await lsp.send(SimulateRequest, { uri: ccUri, failures: [{ element: 'deploy app', at: 0 }] });
    assert.ok(r.ok, r.ok ? '' : r.error);
    assert.equal(r.result.systemDowntimeSeconds, 1800);
  });

  it('an unknown system or journey: a RequestFailed error in the words of topo/simulate', async () => {
    const simulate = await lsp.send(SimulateRequest, { uri, system: 'gamma', failures: [{ element: 'api', at: 0 }] });
    assert.ok(!simulate.ok);
    await assert.rejects(lsp.send(FailureTargetsRequest, { uri, system: 'gamma' }), (e: { code?: number; message?: string }) => e.code === -32803 && e.message === simulate.error);
    await assert.rejects(lsp.send(FailureTargetsRequest, { uri, journey: 'nowhere' }), (e: { code?: number; message?: string }) => e.code === -32803 && /No journey named 'nowhere'/.test(e.message ?? ''));
    await assert.rejects(lsp.request('topo/failureTargets', { uri, system: 7 }), (e: { code?: number; message?: string }) => e.code === -32602 && /params\.system must be a string/.test(e.message ?? ''));
  });

  it('a journey: its composite\'s targets (its services as service.element), every one simulated', async () => {
    const targets = await lsp.send(FailureTargetsRequest, { uri: shopUri, journey: 'web/login' });
    const names = targets.map((t) => t.name);
    for (const n of ['alb', 'web', 'auth.auth']) assert.ok(names.includes(n), `${n} in ${names.join(', ')}`);
    // Not on the login journey: the catalog service, and the other systems' own elements.
    for (const n of ['catalog.catalog', 'catalog', 'payments.payments', 'redis-primary']) assert.ok(!names.includes(n), n);
    assert.deepEqual(await refused(shopUri, { journey: 'web/login' }, targets), []);
  });

  it('a system with dependencies: its composite (the system named, with what it uses)', async () => {
    const targets = await lsp.send(FailureTargetsRequest, { uri: shopUri, system: 'cart' });
    const names = targets.map((t) => t.name);
    assert.ok(names.includes('redis-primary') && names.some((n) => n.startsWith('auth.')), names.join(', '));
    assert.ok(!names.includes('alb'), 'web\'s element');
    assert.deepEqual(await refused(shopUri, { system: 'cart' }, targets), []);
  });
});

import { CancellationTokenSource } from 'vscode-jsonrpc/node';
const cancelSource = new CancellationTokenSource();
