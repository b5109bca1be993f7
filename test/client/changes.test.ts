/**
 * "Topo: Compare with…" as the diagram is told it (client/src/changes.ts): the marks and the
 * banner's words, from real comparisons of small files (`diffDocuments` over two analyses, as
 * the server's `topo/diff` makes them), so the figures are the engine's.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyseDocument, diffDocuments, subjectHeadline, type DiffSide, type FileDiff, type SubjectDiff } from '../../server/src/core/index';
import { changeMarks, changesTitle, changeSummary, ComparisonState, comparisonReportName } from '../../client/src/changes';
import { parseToWebview } from '../../webview/src/protocol';

const examples = join(__dirname, '..', '..', 'examples');
/** The spec's example: one load balancer, a SPOF. */
const oneLb = readFileSync(join(examples, 'checkout.topo'), 'utf8');
/** The same with a second load balancer in the other zone. */
const twoLbs = readFileSync(join(examples, 'checkout-two-lbs.topo'), 'utf8');

function side(label: string, text: string): DiffSide {
  return { label, text, analysis: analyseDocument(text) };
}

/** The document as the editor has it compared with the file at HEAD. */
function compare(atHead: string, now: string): FileDiff {
  return diffDocuments('shop.topo', side('HEAD:shop.topo', atHead), side('shop.topo', now));
}

function subject(d: FileDiff, name: string): SubjectDiff {
  const s = d.subjects.find((x) => x.name === name);
  assert.ok(s, `no subject ${name} in ${d.subjects.map((x) => x.name).join(', ')}`);
  return s;
}

const storefront = (layers: string, path: string): string => `system storefront {
  slo 99.9%
  zone az1 { availability 99.99% }
  zone az2 { availability 99.99% }
${layers}
  path ${path}
}
`;
const web = '  layer web { node web { availability 99.9% replicas 2 zones [az1, az2] } }';
const cache = '  layer cache { node cache { availability 99.5% zone az1 } }';
const queue = '  layer queue { node queue { availability 99.9% replicas 2 zones [az1, az2] } }';
const billing = `system billing {
  zone az3 { availability 99.99% }
  layer ledger { node ledger { availability 99.95% zone az3 } }
  path ledger
}
`;

describe('comparing with a revision: the diagram\'s marks and banner', () => {
  describe('removing the second load balancer (checkout-two-lbs.topo at HEAD, checkout.topo now)', () => {
    const d = compare(twoLbs, oneLb);
    const checkout = subject(d, 'checkout');

    it('marks the load balancers\' layer worse and lb1 as a new SPOF', () => {
      assert.deepEqual(changeMarks(d), [{
        name: 'checkout', kind: 'system', status: 'changed',
        layers: [{ layer: 'lb', change: 'worse' }],
        newSpofs: checkout.spofsAdded.map((x) => x.element),
      }]);
      assert.ok(checkout.spofsAdded.some((x) => x.element === 'lb1'), JSON.stringify(checkout.spofsAdded));
    });

    it('sums the change up as topo diff heads it, in one line', () => {
      const summary = changeSummary(d);
      assert.equal(summary, `checkout: ${subjectHeadline(checkout)}`);
      // The figures are the engine's: availability down, downtime up, lb1 now a SPOF, the SLO missed.
      assert.match(summary, /^checkout: −0\.\d+%, \+\d+h \d+m a year, new SPOF lb1\b/);
      assert.match(summary, /slo 99\.95% newly missed/);
      assert.ok(!summary.includes('\n'));
    });

    it('is a message the diagram takes', () => {
      const parsed = parseToWebview({ type: 'changes', id: 1, title: changesTitle('HEAD', { hash: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678', short: 'a1b2c3d' }), summary: changeSummary(d), subjects: changeMarks(d) });
      assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
    });
  });

  describe('adding it back (checkout.topo at HEAD, checkout-two-lbs.topo now)', () => {
    const d = compare(oneLb, twoLbs);

    it('marks the layer better, with no new SPOF', () => {
      assert.deepEqual(changeMarks(d), [{ name: 'checkout', kind: 'system', status: 'changed', layers: [{ layer: 'lb', change: 'better' }], newSpofs: [] }]);
    });

    it('says the SPOF is gone and the figures better', () => {
      const summary = changeSummary(d);
      assert.match(summary, /^checkout: \+0\.\d+%, −\d+h \d+m a year, SPOF lb1 removed\b/);
      assert.ok(!summary.includes('new SPOF'), summary);
    });
  });

  describe('a layer replaced, a system removed', () => {
    const atHead = storefront(`${web}\n${cache}`, 'web -> cache') + billing;
    const now = storefront(`${web}\n${queue}`, 'web -> queue');
    const d = compare(atHead, now);

    it('marks the new layer added, leaves the layer gone and the system removed undrawn', () => {
      const marks = changeMarks(d);
      assert.deepEqual(marks.map((m) => m.name), ['storefront']);
      assert.deepEqual(subject(d, 'billing').status, 'removed');
      // The diff lists the cache layer (gone) and the queue layer (new); only the one drawn is marked.
      assert.deepEqual(subject(d, 'storefront').layers.map((l) => l.name).sort(), ['cache', 'queue']);
      assert.deepEqual(marks[0]!.layers, [{ layer: 'queue', change: 'added' }]);
    });

    it('names every subject that changed, the removed one too, joined by a dot', () => {
      const summary = changeSummary(d);
      assert.equal(summary, `storefront: ${subjectHeadline(subject(d, 'storefront'))} · billing: ${subjectHeadline(subject(d, 'billing'))}`);
      assert.match(summary, / · billing: removed \(was /);
    });

    it('marks a system new since the revision as added, without layers to compare, its SPOFs new', () => {
      const back = compare(now, atHead);
      assert.deepEqual(changeMarks(back).find((m) => m.name === 'billing'), { name: 'billing', kind: 'system', status: 'added', layers: [], newSpofs: ['ledger', 'az3'] });
    });
  });

  describe('nothing changed', () => {
    const d = compare(oneLb, oneLb);

    it('says so, and still draws each system, unchanged', () => {
      assert.equal(changeSummary(d), 'no change in the figures');
      assert.deepEqual(changeMarks(d), [{ name: 'checkout', kind: 'system', status: 'unchanged', layers: [], newSpofs: [] }]);
    });
  });

  describe('a side that does not parse', () => {
    it('is named, since its figures are not compared', () => {
      const broken = oneLb.replace('node lb1 { availability 99.95%', 'node lb1 { availability');
      const summary = changeSummary(compare(oneLb, broken));
      assert.match(summary, / · shop\.topo does not parse$/);
      assert.ok(!/HEAD:shop\.topo does not parse/.test(summary), summary);
      assert.match(changeSummary(compare(broken, oneLb)), / · HEAD:shop\.topo does not parse$/);
    });
  });

  describe('the banner and the report', () => {
    const commit = { hash: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678', short: 'a1b2c3d' };

    it('titles the banner with the revision and its commit, a hash once', () => {
      assert.equal(changesTitle('HEAD', commit), 'Compared with HEAD (a1b2c3d)');
      assert.equal(changesTitle('main', commit), 'Compared with main (a1b2c3d)');
      assert.equal(changesTitle(commit.hash, commit), 'Compared with a1b2c3d');
      assert.equal(changesTitle('A1B2C3D4E', commit), 'Compared with a1b2c3d');
      // A branch whose name happens to be hexadecimal is not the commit's hash.
      assert.equal(changesTitle('beef', commit), 'Compared with beef (a1b2c3d)');
    });

    it('names the report after the file and the revision, a slash not making a folder', () => {
      assert.equal(comparisonReportName('checkout.topo', 'HEAD', commit), 'checkout.topo — compared with HEAD.md');
      assert.equal(comparisonReportName('checkout.topo', commit.hash, commit), 'checkout.topo — compared with a1b2c3d.md');
      assert.equal(comparisonReportName('checkout.topo', 'origin/main', commit), 'checkout.topo — compared with origin\u2215main.md');
    });
  });
});

describe('client: which comparisons are kept current (ComparisonState)', () => {
  const doc = 'file:///w/shop.topo';

  it('drops an answer when a later request for the same document and revision was sent', () => {
    const state = new ComparisonState();
    const first = state.ask(doc, 'HEAD', { mark: true });
    const second = state.ask(doc, 'HEAD', { mark: false });
    assert.equal(first(), false);
    assert.equal(second(), true);
    // Another revision, or another document, is another pair.
    const other = state.ask(doc, 'main', { mark: false });
    assert.equal(second(), true);
    assert.equal(other(), true);
    assert.equal(state.ask('file:///w/other.topo', 'HEAD', { mark: false })(), true);
    assert.equal(second(), true);
  });

  it('marks the revision asked for last, whichever answer arrives last', () => {
    const state = new ComparisonState();
    state.ask(doc, 'main', { mark: true });
    state.ask(doc, 'HEAD', { mark: true });
    assert.equal(state.marked(doc), 'HEAD');
    // A refresh does not move the mark.
    state.ask(doc, 'main', { mark: false });
    assert.equal(state.marked(doc), 'HEAD');
  });

  it('refreshes each open report and the marked revision, and forgets what is no longer shown', () => {
    const state = new ComparisonState();
    state.ask(doc, 'HEAD', { mark: true });
    state.shown(doc, 'HEAD');
    state.ask(doc, 'main', { mark: true });
    state.shown(doc, 'main');
    const open = new Set(['HEAD', 'main']);
    assert.deepEqual(state.toRefresh(doc, (r) => open.has(r), true), [
      { revision: 'HEAD', report: true, marks: false },
      { revision: 'main', report: true, marks: true },
    ]);
    // main's report closed, its marks still shown: marks only.
    open.delete('main');
    assert.deepEqual(state.toRefresh(doc, (r) => open.has(r), true), [
      { revision: 'HEAD', report: true, marks: false },
      { revision: 'main', report: false, marks: true },
    ]);
    // The marks cleared: HEAD's report only, and main is forgotten for good.
    assert.deepEqual(state.toRefresh(doc, (r) => open.has(r), false), [{ revision: 'HEAD', report: true, marks: false }]);
    assert.deepEqual(state.toRefresh(doc, (r) => open.has(r), true), [{ revision: 'HEAD', report: true, marks: false }]);
    assert.deepEqual(state.sources(), [doc]);
    // Nothing shown any more: the document is forgotten.
    open.clear();
    assert.deepEqual(state.toRefresh(doc, () => false, false), []);
    assert.deepEqual(state.sources(), []);
    assert.equal(state.marked(doc), undefined);
  });
});
