import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  CodeAction, CodeLens, CompletionItem, CompletionList, DocumentHighlight, DocumentSymbol, FoldingRange, Hover, InlayHint,
  Location, Position, Range, SelectionRange, SemanticTokens, TextEdit, WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { cursor, ROOT, sharedServer, type LspHarness } from './harness';

const EXAMPLE = readFileSync(join(ROOT, 'examples', 'checkout.topo'), 'utf8');
let counter = 0;

/** Opens a fixture (with an optional `<|>`) and waits for its analysis. */
async function openFixture(lsp: LspHarness, marked: string): Promise<{ uri: string; text: string; position: Position }> {
  const uri = `file:///fixture-${++counter}.topo`;
  const { text, position } = marked.includes('<|>') ? cursor(marked) : { text: marked, position: { line: 0, character: 0 } };
  await lsp.open(uri, text, 1);
  await lsp.diagnosticsFor(uri, 1);
  return { uri, text, position };
}

function slice(text: string, r: Range): string {
  const lines = text.split('\n');
  if (r.start.line === r.end.line) return (lines[r.start.line] ?? '').slice(r.start.character, r.end.character);
  return [(lines[r.start.line] ?? '').slice(r.start.character), ...lines.slice(r.start.line + 1, r.end.line), (lines[r.end.line] ?? '').slice(0, r.end.character)].join('\n');
}

function apply(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: Position) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start)).reduce((t, e) => t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end)), text);
}

describe('lsp: features over stdio', function () {
  this.timeout(30_000);
  let lsp: LspHarness;
  sharedServer((server) => (lsp = server));

  const hoverAt = async (marked: string) => {
    const f = await openFixture(lsp, marked);
    const h = await lsp.request<Hover | null>('textDocument/hover', { textDocument: { uri: f.uri }, position: f.position });
    return h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '';
  };

  describe('hover', () => {
    it('on a node: availability, MTBF/MTTR, zone, importance and what its failure does', async () => {
      const text = await hoverAt(EXAMPLE.replace('node lb1', 'node l<|>b1'));
      assert.match(text, /\*\*node\*\* `lb1`/);
      assert.match(text, /Availability \*\*99\.95000%\*\*/);
      assert.match(text, /MTBF 83d 7h · MTTR 1h/);
      assert.match(text, /zone `az1` in `use1`/);
      assert.match(text, /Birnbaum importance/);
      assert.match(text, /If it fails: the system goes down/);
    });

    it('on an instance named in a scenario', async () => {
      const text = await hoverAt(EXAMPLE.replace('  path dns', '  scenario "one" { fail app-<|>3 }\n  path dns'));
      assert.match(text, /\*\*instance\*\* `app-3`/);
      assert.match(text, /zone `az1`/);
      assert.match(text, /the layer runs on 3 of 4 \(needs 2\)/);
    });

    it('on a layer: availability, k-of-n, RTO, RPO, the failover time made of detection + promotion and what its windows cost', async () => {
      const text = await hoverAt(EXAMPLE.replace('layer db', 'layer d<|>b'));
      assert.match(text, /database · active-passive/);
      assert.match(text, /RTO 15s · RPO 2s/);
      assert.match(text, /Failover 15s = detection 10s \(heartbeat\) \+ promotion 5s \(temperature\)/);
      // Revision 2 (spec section 10): db's windows cost ~32.86 s a year, 32.83 s from db-primary, 0.027 s from az1.
      assert.match(text, /Failover windows: about 3\.1 a year, costing the system 32\.9s of downtime a year \(0\.17% of it\): 32\.8s from instance failures, 27\.3ms from zone failures/);
      assert.doesNotMatch(text, /q = /);
      const app = await hoverAt(EXAMPLE.replace('layer app', 'layer a<|>pp'));
      assert.match(app, /2 of 4 instances needed, load 2000/);
    });

    it('on the system: availability, nines, downtime table, SLO/SLA and error budget', async () => {
      const text = await hoverAt(EXAMPLE.replace('system checkout', 'system check<|>out'));
      assert.match(text, /Availability \*\*99\.93885%\*\* · 3\.21 nines/);
      assert.match(text, /U = 6\.114987e-4 = structure 6\.104575e-4 \+ failover windows 1\.0413e-6/);
      assert.match(text, /\| per year \| 5h 22m \|/);
      assert.match(text, /SLO 99\.95% ✗ missed · SLA 99\.9% ✓ met/);
      assert.match(text, /Error budget 21m 36s per 30d/);
    });

    it('on a zone and a region: what runs there and what losing it costs', async () => {
      const zone = await hoverAt(EXAMPLE.replace('zone az2 in', 'zone a<|>z2 in'));
      assert.match(zone, /Runs: `app-2`, `app-4`, `db-standby`/);
      assert.match(zone, /If it is lost: system availability [\d.]+% while it is down/);
      const region = await hoverAt(EXAMPLE.replace('region use1', 'region u<|>se1'));
      assert.match(region, /Zones: `az1`, `az2`/);
      assert.match(region, /If it is lost: the system goes down/);
    });

    it('on a keyword: what it means', async () => {
      assert.match(await hoverAt(EXAMPLE.replace('heartbeat {', 'heart<|>beat {')), /\*\*heartbeat\*\* — Detection by heartbeat/);
    });
  });

  it('completes declared zones after `zone`', async () => {
    const f = await openFixture(lsp, EXAMPLE.replace('zone az1 }', 'zone <|> }'));
    const r = await lsp.request<CompletionItem[] | CompletionList>('textDocument/completion', { textDocument: { uri: f.uri }, position: f.position });
    const items = Array.isArray(r) ? r : r.items;
    assert.deepEqual(items.map((i) => i.label).sort(), ['az1', 'az2']);
  });

  it('completes keywords of the block, and units after a number', async () => {
    const f = await openFixture(lsp, 'system s {\n  layer l {\n    node n { mttr 30<|> }\n  }\n}');
    const r = await lsp.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: f.uri }, position: f.position });
    assert.ok(r.some((i) => i.label === '30s' && i.textEdit && 'range' in i.textEdit && i.textEdit.newText === '30s'));
    const g = await openFixture(lsp, 'system s {\n  layer l {\n    <|>\n  }\n}');
    const k = await lsp.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: g.uri }, position: g.position });
    assert.ok(k.some((i) => i.label === 'health-check' && i.kind === 14));
    assert.ok(k.some((i) => i.label === 'node' && i.insertTextFormat === 2));
  });

  it('goes to the definition, finds references and highlights', async () => {
    const f = await openFixture(lsp, EXAMPLE.replace('path dns -> lb', 'path dns -> l<|>b'));
    const def = await lsp.request<Location>('textDocument/definition', { textDocument: { uri: f.uri }, position: f.position });
    assert.equal(def.uri, f.uri);
    assert.deepEqual(def.range, { start: { line: 15, character: 8 }, end: { line: 15, character: 10 } });
    const refs = await lsp.request<Location[]>('textDocument/references', { textDocument: { uri: f.uri }, position: f.position, context: { includeDeclaration: true } });
    assert.equal(refs.length, 2);
    const hl = await lsp.request<DocumentHighlight[]>('textDocument/documentHighlight', { textDocument: { uri: f.uri }, position: f.position });
    assert.deepEqual(hl.map((h) => h.kind).sort(), [2, 3]);
  });

  it('renames a zone everywhere, and refuses a keyword with a message', async () => {
    const f = await openFixture(lsp, EXAMPLE.replace('zones [az1, az2]', 'zones [a<|>z1, az2]'));
    const prep = await lsp.request<{ range: Range; placeholder: string }>('textDocument/prepareRename', { textDocument: { uri: f.uri }, position: f.position });
    assert.equal(prep.placeholder, 'az1');
    const edit = await lsp.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: f.uri }, position: f.position, newName: 'use1-a' });
    const edits = edit.changes?.[f.uri] ?? [];
    assert.equal(edits.length, 4);
    assert.doesNotMatch(apply(f.text, edits), /az1/);
    const k = await openFixture(lsp, EXAMPLE.replace('layer db', 'lay<|>er db'));
    await assert.rejects(
      lsp.request('textDocument/prepareRename', { textDocument: { uri: k.uri }, position: k.position }),
      (e: Error) => /'layer' is a keyword/.test(e.message),
    );
    await assert.rejects(
      lsp.request('textDocument/rename', { textDocument: { uri: f.uri }, position: f.position, newName: 'zone' }),
      (e: Error) => /keyword/.test(e.message),
    );
  });

  it('outlines the document, folds its blocks and widens selections', async () => {
    const f = await openFixture(lsp, EXAMPLE.replace('replicas 4', 'replicas <|>4'));
    const symbols = await lsp.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: f.uri } });
    assert.equal(symbols[0]?.name, 'checkout');
    assert.deepEqual(symbols[0]?.children?.map((c) => c.name), ['use1', 'az1', 'az2', 'dns', 'lb', 'app', 'db']);
    assert.deepEqual(symbols[0]?.children?.[6]?.children?.map((c) => c.name), ['db-primary', 'db-standby']);
    const folds = await lsp.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri: f.uri } });
    assert.ok(folds.some((r) => r.startLine === 1 && r.endLine === 29));
    assert.ok(folds.some((r) => r.startLine === 23 && r.endLine === 27));
    const [sel] = await lsp.request<SelectionRange[]>('textDocument/selectionRange', { textDocument: { uri: f.uri }, positions: [f.position] });
    assert.equal(slice(f.text, sel!.range), '4');
    assert.equal(slice(f.text, sel!.parent!.range), 'replicas 4');
  });

  it('formats to the canonical layout', async () => {
    const f = await openFixture(lsp, 'system s{layer l{node n{availability 99%}}}');
    const edits = await lsp.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri: f.uri }, options: { tabSize: 2, insertSpaces: true } });
    assert.equal(apply(f.text, edits), 'system s {\n  layer l {\n    node n { availability 99% }\n  }\n}\n');
  });

  it('gives semantic tokens with a legend', async () => {
    const f = await openFixture(lsp, 'system s {\n  zone z\n  layer l { node n { availability 99% zone z } }\n}');
    const legend = lsp.initializeResult.capabilities.semanticTokensProvider?.legend;
    assert.ok(legend);
    const tokens = await lsp.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri: f.uri } });
    // Decode to absolute positions.
    let line = 0;
    let ch = 0;
    const decoded: string[] = [];
    for (let i = 0; i < tokens.data.length; i += 5) {
      const [dl, dc, len, type] = tokens.data.slice(i, i + 4) as [number, number, number, number];
      line += dl;
      ch = dl === 0 ? ch + dc : dc;
      decoded.push(`${line}:${ch}:${len}:${legend.tokenTypes[type]}`);
    }
    assert.ok(decoded.includes('2:8:1:class'), decoded.join(' '));
    assert.ok(decoded.includes('2:17:1:variable'));
    assert.ok(decoded.includes('2:34:3:number'));
    assert.ok(decoded.includes('2:43:1:enumMember'));
    assert.ok(decoded.includes('1:2:4:keyword'));
  });

  it('shows code lenses above the system, its layers, its takeover layers\' failover windows and scenarios', async () => {
    const f = await openFixture(lsp, EXAMPLE.replace('  path dns', '  scenario "db dies" { fail db-primary }\n  path dns'));
    const lenses = await lsp.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: f.uri } });
    const titles = lenses.map((l) => `${l.range.start.line}:${l.command?.title}`);
    assert.ok(titles.includes('1:99.93885% · 3.21 nines · 5h 22m/yr · SLO 99.95% ✗'), titles.join('\n'));
    assert.ok(titles.includes('23:failover windows: 32.9s/yr of downtime · 3.1 windows/yr'), titles.join('\n'));
    assert.equal(titles.filter((t) => t.includes('failover windows')).length, 1, titles.join('\n'));
    assert.ok(titles.some((t) => /^23:99\.99\d*% · 6m 13s\/yr · RTO 15s$/.test(t)), titles.join('\n'));
    assert.ok(titles.includes('15:99.93901% · 5h 21m/yr · RTO 1h'), titles.join('\n'));
    assert.ok(titles.includes('1:over budget by 4m 49s (budget 21m 36s per 30d)'), titles.join('\n'));
    const sim = lenses.find((l) => l.command?.title === '▶ Simulate');
    assert.equal(sim?.command?.command, 'topo.simulateScenario');
    assert.deepEqual(sim?.command?.arguments, [f.uri, 'db dies']);
  });

  it('shows inlay hints: instance expansion and cumulative availability along the path', async () => {
    const f = await openFixture(lsp, EXAMPLE);
    const hints = await lsp.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri: f.uri }, range: { start: { line: 0, character: 0 }, end: { line: 40, character: 0 } } });
    const labels = hints.map((h) => `${h.position.line}:${h.label}`);
    assert.ok(labels.includes('21:→ app-1 … app-4'), labels.join('\n'));
    const path = hints.filter((h) => h.position.line === 29);
    assert.equal(path.length, 4);
    assert.equal(path[3]?.label, '[99.93885%]');
  });

  it('offers quick fixes: a standby for the load balancer SPOF, closest name for a typo', async () => {
    const f = await openFixture(lsp, EXAMPLE);
    const diags = (await lsp.diagnosticsFor(f.uri, 1)).diagnostics;
    const spof = diags.find((d) => d.code === 'spof' && d.range.start.line === 16);
    assert.ok(spof, JSON.stringify(diags.map((d) => [d.code, d.range.start.line])));
    const actions = await lsp.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: f.uri }, range: spof.range, context: { diagnostics: [spof] } });
    const standby = actions.find((a) => a.title.startsWith('Add a hot standby'));
    assert.ok(standby?.edit?.changes?.[f.uri]);
    const fixed = apply(f.text, standby.edit.changes[f.uri] ?? []);
    const g = await openFixture(lsp, fixed);
    const after = (await lsp.diagnosticsFor(g.uri, 1)).diagnostics;
    assert.ok(!after.some((d) => d.code === 'spof' && JSON.stringify(d.message).includes('lb1')), 'lb1 is no longer a SPOF');

    const t = await openFixture(lsp, EXAMPLE.replace('path dns -> lb', 'path dns -> lbb'));
    const unknown = (await lsp.diagnosticsFor(t.uri, 1)).diagnostics.find((d) => d.code === 'unknown-reference');
    assert.ok(unknown);
    const fixes = await lsp.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: t.uri }, range: unknown.range, context: { diagnostics: [unknown] } });
    assert.equal(fixes[0]?.title, "Change to 'lb'");
    assert.equal(fixes[0]?.isPreferred, true);
  });
});
