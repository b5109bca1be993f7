/**
 * Topo's own requests refuse parameters that are not what server/src/protocol.ts declares —
 * null, absent, the wrong type, out of the core's limits, a URI that is not open — with an
 * `InvalidParams` error (-32602) that names the field, and the server goes on answering.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  BlastRequest, DebugHeapRequest, DiagramRequest, DiffRequest, FailureTargetsRequest, MonteCarloRequest, ReportRequest, RevisionsRequest, SimulateRequest,
} from '../../server/src/protocol';
import { cursor, ensureBundle, LspHarness, ROOT } from './harness';

const EXAMPLE = readFileSync(join(ROOT, 'examples', 'checkout.topo'), 'utf8');
const uri = 'file:///hostile/checkout.topo';

/** [what is sent, the field the error must name (a pattern over the message)]. */
type Case = [params: unknown, names: RegExp];

const DOCUMENT = '\\{ uri: string \\}';

/** The cases every request that takes a document shares; `shape` is how its message spells the params. */
const documentCases = (shape: string, rest: object = {}): Case[] => [
  [null, new RegExp(`params must be ${shape}, not null`)],
  ['file:///hostile/checkout.topo', new RegExp(`params must be ${shape}, not "file:`)],
  [[uri], new RegExp(`params must be ${shape}, not an array`)],
  [{}, /params\.uri must be a document URI \(a non-empty string\), not undefined/],
  [{ uri: 42 }, /params\.uri must be a document URI .*, not 42/],
  [{ uri: '' }, /params\.uri must be a document URI .*, not ""/],
  [{ uri: 'file:///hostile/not-open.topo', ...rest }, /params\.uri must be an open document.*not-open\.topo.* is not open/],
];

const CASES: [method: string, cases: Case[]][] = [
  [DiagramRequest.method, documentCases(DOCUMENT)],
  [ReportRequest.method, documentCases(DOCUMENT)],
  [FailureTargetsRequest.method, [
    ...documentCases('\\{ uri: string, system\\?: string, journey\\?: string \\}'),
    [{ uri, system: 7 }, /params\.system must be a string, not 7/],
    [{ uri, journey: null }, /params\.journey must be a string, not null/],
  ]],
  [SimulateRequest.method, [
    ...documentCases('\\{ uri: string, failures\\?: \\{ element, at \\}\\[\\], scenario\\?: string, system\\?: string, journey\\?: string \\}'),
    [{ uri, failures: 'lb1' }, /params\.failures must be an array, not "lb1"/],
    [{ uri, failures: { element: 'lb1', at: 0 } }, /params\.failures must be an array, not an object/],
    [{ uri, failures: ['lb1'] }, /params\.failures\[0\] must be \{ element: string, at: seconds \}, not "lb1"/],
    [{ uri, failures: [null] }, /params\.failures\[0\] must be \{ element: string, at: seconds \}, not null/],
    [{ uri, failures: [{ at: 0 }] }, /params\.failures\[0\]\.element must be a string, not undefined/],
    [{ uri, failures: [{ element: 7, at: 0 }] }, /params\.failures\[0\]\.element must be a string, not 7/],
    [{ uri, failures: [{ element: 'lb1' }] }, /params\.failures\[0\]\.at must be a finite number of seconds ≥ 0, not undefined/],
    [{ uri, failures: [{ element: 'lb1', at: '10' }] }, /params\.failures\[0\]\.at must be a finite number of seconds ≥ 0, not "10"/],
    [{ uri, failures: [{ element: 'lb1', at: 0 }, { element: 'app', at: -1 }] }, /params\.failures\[1\]\.at must be a finite number of seconds ≥ 0, not -1/],
    [{ uri, failures: [{ element: 'lb1', at: 1e300 }] }, /params\.failures\[0\]\.at: the failure time .* is past the simulation's limit of 100,000 years/],
    [{ uri, scenario: 3 }, /params\.scenario must be a string, not 3/],
    [{ uri, scenario: 'db dies', system: ['checkout'] }, /params\.system must be a string, not an array/],
    [{ uri, scenario: 'db dies', journey: 7 }, /params\.journey must be a string, not 7/],
  ]],
  [MonteCarloRequest.method, [
    ...documentCases('\\{ uri: string, years: number, seed\\?: number, system\\?: string, journey\\?: string \\}', { years: 10 }),
    [{ uri }, /params\.years must be a whole number from 1 to 100,000,000, not undefined/],
    [{ uri, years: '1000' }, /params\.years must be a whole number from 1 to 100,000,000, not '1000'/],
    [{ uri, years: -1 }, /params\.years must be a whole number from 1 to 100,000,000, not -1/],
    [{ uri, years: 1.5 }, /params\.years must be a whole number .*, not 1\.5/],
    [{ uri, years: 100_000_001 }, /params\.years must be a whole number .*, not 100000001/],
    [{ uri, years: 10, seed: -1 }, /params\.seed must be a whole number from 0 to 4,294,967,295, not -1/],
    [{ uri, years: 10, seed: 2 ** 32 }, /params\.seed must be a whole number .*, not 4294967296/],
    [{ uri, years: 10, seed: null }, /params\.seed must be a whole number .*, not null/],
    [{ uri, years: 10, system: false }, /params\.system must be a string, not false/],
    [{ uri, years: 10, journey: null }, /params\.journey must be a string, not null/],
    [{ uri, years: 10, workDoneToken: { id: 1 } }, /params\.workDoneToken must be a progress token \(a string or an integer\), not an object/],
  ]],
  [BlastRequest.method, [
    ...documentCases('\\{ uri: string, element: string \\}', { element: 'az1' }),
    [{ uri }, /params\.element must be an element's name \(a non-empty string of at most 1000 characters\), not undefined/],
    [{ uri, element: '' }, /params\.element must be an element's name .*, not ""/],
    [{ uri, element: 7 }, /params\.element must be an element's name .*, not 7/],
    [{ uri, element: 'x'.repeat(1001) }, /params\.element must be an element's name .*, not "x{40}…"/],
  ]],
  [DiffRequest.method, [
    ...documentCases('\\{ uri: string, revision: string \\}', { revision: 'HEAD' }),
    [{ uri }, /params\.revision must be a revision \(a non-empty string of at most 1000 characters, without control characters\), not undefined/],
    [{ uri, revision: '' }, /params\.revision must be a revision .*, not ""/],
    [{ uri, revision: 7 }, /params\.revision must be a revision .*, not 7/],
    [{ uri, revision: 'x'.repeat(1001) }, /params\.revision must be a revision .*, not "x{40}…"/],
    [{ uri, revision: 'HEAD\u0000x' }, /params\.revision must be a revision .*without control characters\), not "HEAD\\u0000x"/],
    [{ uri, revision: 'HEAD\nmain' }, /params\.revision must be a revision .*, not "HEAD\\nmain"/],
  ]],
  // A document need not be open to list its file's commits: only the shape is refused here.
  [RevisionsRequest.method, [
    ...documentCases('\\{ uri: string, max\\?: number \\}').slice(0, -1),
    [{ uri, max: 0 }, /params\.max must be a whole number from 1 to 200, not 0/],
    [{ uri, max: 201 }, /params\.max must be a whole number from 1 to 200, not 201/],
    [{ uri, max: '20' }, /params\.max must be a whole number .*, not "20"/],
  ]],
  [DebugHeapRequest.method, [
    [null, /params must be an object \(\{\}\), not null/],
    [[], /params must be an object \(\{\}\), not an array/],
    ['heap', /params must be an object \(\{\}\), not "heap"/],
  ]],
];

describe('lsp: hostile parameters of the custom requests', function () {
  this.timeout(60_000);
  let lsp: LspHarness;
  before(async () => {
    ensureBundle();
    lsp = await LspHarness.start();
    await lsp.open(uri, EXAMPLE.replace('  path dns', '  scenario "db dies" { fail db-primary }\n  path dns'), 1);
    await lsp.diagnosticsFor(uri, 1);
  });
  after(async () => {
    assert.equal(await lsp.stop(), 0);
  });

  for (const [method, cases] of CASES) {
    it(`${method}: refuses each bad parameter with InvalidParams naming the field`, async () => {
      for (const [params, names] of cases) {
        await assert.rejects(lsp.request(method, params), (e: { code?: number; message?: string }) => {
          assert.equal(e.code, -32602, `${method} ${JSON.stringify(params)}: ${e.message}`);
          assert.match(e.message ?? '', names, `${method} ${JSON.stringify(params)}: ${e.message}`);
          assert.ok((e.message ?? '').startsWith(`${method}: params`), e.message);
          return true;
        }, `${method} ${JSON.stringify(params)} was accepted`);
      }
    });
  }

  // JSON-RPC itself refuses these, before the handler, with the same code.
  it('refuses a request sent with no params at all', async () => {
    for (const method of [DiagramRequest.method, SimulateRequest.method, MonteCarloRequest.method]) {
      await assert.rejects(lsp.connection.sendRequest(method), (e: { code?: number; message?: string }) => {
        assert.equal(e.code, -32602, `${method}: ${e.message}`);
        assert.match(e.message ?? '', new RegExp(`${method}.* params`));
        return true;
      }, method);
    }
  });

  it('still answers good parameters, and a hover, after all of them', async () => {
    const simulated = await lsp.send(SimulateRequest, { uri, failures: [{ element: 'db-primary', at: 0 }] });
    assert.ok(simulated.ok, JSON.stringify(simulated));
    // A document that is not a file on disk in a repository is said so, not a failed request.
    const compared = await lsp.send(DiffRequest, { uri, revision: 'HEAD' });
    assert.ok(!compared.ok && /not in a git repository|no such directory/.test(compared.error), JSON.stringify(compared));
    const run = await lsp.send(MonteCarloRequest, { uri, years: 10, seed: 3 });
    assert.ok(run.ok, JSON.stringify(run));
    assert.ok((await lsp.send(DebugHeapRequest, {})).analyses >= 1);
    const { text, position } = cursor(EXAMPLE.replace('node lb1', 'node l<|>b1'));
    const hoverUri = 'file:///hostile/hover.topo';
    await lsp.open(hoverUri, text, 1);
    const hover = await lsp.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri: hoverUri }, position });
    assert.match(hover?.contents.value ?? '', /lb1/);
    assert.doesNotMatch(lsp.logs.join('\n'), /uncaught|unhandled|failed/);
  });
});
