/**
 * Quick fixes over the protocol (issue 18): `slo-miss` writes the analysis's advice (the server
 * computes the full analysis for it: the routine one after an edit has no advice), `no-standby` adds a
 * warm standby. Each fix is applied and the result opened again: the diagnostic is gone.
 */
import assert from 'node:assert/strict';
import type { CodeAction, Diagnostic, Position, TextEdit } from 'vscode-languageserver-protocol';
import { sharedServer, type LspHarness } from './harness';

let counter = 0;

function apply(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: Position) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start)).reduce((t, e) => t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end)), text);
}

const ZONES = 'system s {\n  zone az1 { availability 99.99% }\n  zone az2 { availability 99.99% }\n';

describe('lsp: quick fixes of the design', function () {
  this.timeout(30_000);
  let lsp: LspHarness;
  sharedServer((server) => (lsp = server));

  async function open(text: string): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
    const uri = `file:///quick-fix-${++counter}.topo`;
    await lsp.open(uri, text, 1);
    return { uri, diagnostics: (await lsp.diagnosticsFor(uri, 1)).diagnostics };
  }

  /** The fixes for the first diagnostic `code`, the preferred one applied, and the diagnostics of the result. */
  async function fix(text: string, code: string): Promise<{ actions: CodeAction[]; out: string; after: Diagnostic[] }> {
    const f = await open(text);
    const d = f.diagnostics.find((x) => x.code === code);
    assert.ok(d, JSON.stringify(f.diagnostics.map((x) => x.code)));
    const actions = await lsp.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: f.uri }, range: d.range, context: { diagnostics: [d] } });
    const preferred = actions.find((a) => a.isPreferred);
    const edits = preferred?.edit?.changes?.[f.uri];
    assert.ok(preferred && edits, JSON.stringify(actions));
    assert.deepEqual(preferred.diagnostics?.map((x) => x.code), [code]);
    const out = apply(text, edits);
    return { actions, out, after: (await open(out)).diagnostics };
  }

  it('slo-miss: the advice as an edit, titled with what it buys', async () => {
    const text = ZONES + '  slo 99.99%\n  layer app {\n    node app { availability 99% zone az1 replicas 2 }\n  }\n}';
    const { actions, out, after } = await fix(text, 'slo-miss');
    assert.deepEqual(actions.map((a) => a.title), ["Add a replica of app in az2 to layer 'app' (99.98000% → 99.9997980%)"]);
    assert.match(out, /node app-az2 \{ availability 99% zone az2 \}/);
    assert.deepEqual(after.filter((d) => d.code === 'slo-miss' || d.severity === 1).map((d) => d.message), []);
  });

  it('no-standby: a warm standby in the other zone', async () => {
    const text = ZONES + '  layer db {\n    mode active-passive\n    replication sync\n    health-check { interval 5s }\n    node db-primary { availability 99.95% zone az1 }\n  }\n}';
    const { actions, out, after } = await fix(text, 'no-standby');
    assert.deepEqual(actions.map((a) => a.title), ['Add a warm standby db-standby in zone az2']);
    assert.match(out, /\n {4}node db-standby \{ availability 99\.95% zone az2 standby warm \}\n/);
    assert.deepEqual(after.filter((d) => d.code === 'no-standby' || d.severity === 1).map((d) => d.message), []);
  });

  it('syntax, a misspelt keyword: the keyword meant, and the figures come back', async () => {
    const text = 'system s {\n  slo 99.9%\n  layer app {\n    helth-check { interval 10s unhealthy 3 }\n    node app { availability 99.9% replicas 3 }\n  }\n}';
    const before = await open(text);
    assert.ok(before.diagnostics.some((d) => d.code === 'figures-withheld'), JSON.stringify(before.diagnostics));
    const { actions, out, after } = await fix(text, 'syntax');
    assert.deepEqual(actions.map((a) => a.title), ["Change to 'health-check'"]);
    assert.match(out, /\n {4}health-check \{ interval 10s unhealthy 3 \}\n/);
    assert.deepEqual(after.map((d) => d.code), []);
  });
});
