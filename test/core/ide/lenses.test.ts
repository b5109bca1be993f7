/** Code lenses: figures above the system and each layer, and what each takeover layer's failover windows cost. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyseDocument } from '../../../server/src/core/pipeline';
import { budgetLensTitle, codeLenses, failoverLensTitle, inlayHints, layerLensTitle, systemLensTitle } from '../../../server/src/core/ide/lenses';
import { boundedLedger } from '../../support/model';

const example = readFileSync(join(__dirname, '..', '..', '..', 'examples', 'checkout.topo'), 'utf8');

/** "line:title" of every lens, lines 1-based. */
function lenses(text: string): string[] {
  return codeLenses(analyseDocument(text), 'file:///t.topo').map((l) => `${l.range.start.line + 1}:${l.title}`);
}

describe('ide/lenses', () => {
  it('writes the system lens as the issue shows it', () => {
    // Spec section 10, revision 2.
    const u = 6.114987e-4;
    assert.equal(systemLensTitle(u, -Math.log10(u), u * 31_557_600, 0.9995), '99.93885% · 3.21 nines · 5h 22m/yr · SLO 99.95% ✗');
    assert.equal(systemLensTitle(1e-4, 4, 3155.76, 0.999), '99.99000% · 4.00 nines · 52m 36s/yr · SLO 99.9% ✓');
  });

  it("the spec example: the system, each layer, and db's failover windows (spec section 10, revision 2)", () => {
    assert.deepEqual(lenses(example), [
      '2:99.93885% · 3.21 nines · 5h 22m/yr · SLO 99.95% ✗',
      // U × 30d = 26m 25s against a budget of 0.05% × 30d = 21m 36s.
      '2:over budget by 4m 49s (budget 21m 36s per 30d)',
      '12:99.999999000% · 316ms/yr · RTO 0s',
      '16:99.93901% · 5h 21m/yr · RTO 1h',
      '19:99.998959% · 5m 29s/yr · RTO 0s',
      '24:99.998818% · 6m 13s/yr · RTO 15s',
      // ~32.86 s of system downtime a year from ~3.07 windows.
      '24:failover windows: 32.9s/yr of downtime · 3.1 windows/yr',
    ]);
  });

  it('the same figures with the editor\'s routine analysis (detail "diagnostics")', () => {
    const doc = analyseDocument(example, { detail: 'diagnostics' });
    const titles = codeLenses(doc, 'file:///t.topo').map((l) => l.title);
    assert.ok(titles.includes('failover windows: 32.9s/yr of downtime · 3.1 windows/yr'), titles.join('\n'));
  });

  it('one failover lens per active-passive layer with a standby, inside sites too; none without a standby', () => {
    const text = `system s {
  zone a { availability 99.9% }
  zone b { availability 99.9% }
  layer front {
    health-check { interval 10s unhealthy 2 }
    site blue { layer db { node p { availability 99.9% zone a } node q { availability 99.9% zone b standby hot } } }
    site green { standby hot layer db { node p2 { availability 99.9% zone b } } }
  }
  layer solo { mode active-passive node x { availability 99.99% } }
}`;
    const failover = lenses(text).filter((l) => l.includes('failover windows'));
    assert.deepEqual(failover.map((l) => l.split(':')[0]), ['4', '6']);
    for (const l of failover) assert.match(l, /^\d+:failover windows: \S+\/yr of downtime · [\d.]+ windows\/yr$/);
  });

  it('the title: downtime a year first, then how many windows', () => {
    const cost = { secondsPerYear: 3725, unavailability: 3725 / 31_557_600, byTrigger: { instance: 3725, zone: 0, region: 0, commonCause: 0 }, windowsPerYear: 0.01234 };
    assert.equal(failoverLensTitle(cost), 'failover windows: 1h 2m/yr of downtime · 0.012 windows/yr');
  });

  it('a layer lens: availability, downtime a year and RTO; a bounded layer as floor and ceiling', () => {
    assert.equal(layerLensTitle({ unavailability: 1e-4, rtoSeconds: 15 }), '99.99000% · 52m 36s/yr · RTO 15s');
    assert.equal(layerLensTitle({ unavailability: 1e-4, rtoSeconds: 15, exact: false }), 'at least 99.99000% · at most 52m 36s/yr · RTO 15s');
  });

  it('the budget lens: what is left of the budget, or by how much it is overrun; a bound said as one', () => {
    const b = (expected: number) => ({ windowSeconds: 30 * 86_400, budgetSeconds: 2592, expectedDowntimeSeconds: expected, spentFraction: expected / 2592 });
    assert.equal(budgetLensTitle(b(130)), 'budget left 41m 2s of 43m 12s per 30d');
    assert.equal(budgetLensTitle(b(2592 + 3720)), 'over budget by 1h 2m (budget 43m 12s per 30d)');
    assert.equal(budgetLensTitle(b(2592)), 'budget left 0s of 43m 12s per 30d');
    assert.equal(budgetLensTitle(b(130), true), 'budget left at least 41m 2s of 43m 12s per 30d');
    assert.equal(budgetLensTitle(b(2592 + 3720), true), 'perhaps over budget, by at most 1h 2m (budget 43m 12s per 30d)');
  });

  it('no budget lens without an SLO', () => {
    const titles = lenses(example.replace('  slo 99.95%\n', ''));
    assert.ok(!titles.some((t) => t.includes('budget')), titles.join('\n'));
    assert.ok(titles[0]?.startsWith('2:99.93885% · 3.21 nines'), titles.join('\n'));
  });

  it('a bounded analysis: the system, budget and layer lenses read as bounds', () => {
    const titles = lenses(boundedLedger());
    assert.ok(titles.includes('1:perhaps over budget, by at most 3m 20s (budget 4m 19s per 30d)'), titles.join('\n'));
    assert.ok(titles.includes('24:at least 99.98229% · at most 1h 33m/yr · RTO 15s'), titles.join('\n'));
    assert.ok(lenses(boundedLedger(['slo 99%'])).includes('1:budget left at least 7h 4m of 7h 12m per 30d'));
  });
});

/** "line:character:label" of every node hint (the ones in parentheses), lines 1-based. */
function nodeHints(doc: ReturnType<typeof analyseDocument>): string[] {
  return inlayHints(doc).filter((h) => h.label.startsWith('(')).map((h) => `${h.position.line + 1}:${h.position.character}:${h.label}`);
}

describe('ide/lenses: node inlay hints', () => {
  it('after each node: its availability, the largest importance of its instances, SPOF (the full analysis)', () => {
    assert.deepEqual(nodeHints(analyseDocument(example)), [
      '13:40:(99.99000% · importance 9.99e-5)',
      '14:43:(99.99000% · importance 9.99e-5)',
      '17:45:(99.95000% · importance 1 · SPOF)',
      '22:80:(99.9000% · importance 1.03e-4)',
      '27:60:(99.95000% · importance 5.99e-4)',
      '28:72:(99.95000% · importance 5.00e-4)',
    ]);
    const app = inlayHints(analyseDocument(example)).find((h) => h.label.startsWith('(99.9000%'));
    assert.match(app?.tooltip ?? '', /each of app's 4 instances: 99\.9000%/);
    assert.match(app?.tooltip ?? '', /the largest of its instances', app-\d/);
  });

  it('the largest importance of the instances, not the first one\'s', () => {
    const doc = analyseDocument(example);
    const a = doc.systems[0]!.analysis!;
    a.importance = a.importance.map((i) => (i.element === 'app-3' ? { ...i, birnbaum: 0.42 } : i.element === 'app-1' ? { ...i, birnbaum: 0.01 } : i));
    assert.ok(nodeHints(doc).includes('22:80:(99.9000% · importance 0.42)'), nodeHints(doc).join('\n'));
  });

  it('the routine analysis has no importance: availability and SPOF now, the tooltip says it is coming', () => {
    const doc = analyseDocument(example, { detail: 'diagnostics' });
    assert.deepEqual(nodeHints(doc).slice(2, 4), ['17:45:(99.95000% · SPOF)', '22:80:(99.9000%)']);
    const lb = inlayHints(doc).find((h) => h.label === '(99.95000% · SPOF)');
    assert.match(lb?.tooltip ?? '', /Importance: being computed for this version/);
    assert.match(lb?.tooltip ?? '', /single point of failure/);
  });

  it('an importance that is only a lower bound reads as one', () => {
    const doc = analyseDocument(example);
    const a = doc.systems[0]!.analysis!;
    a.importance = a.importance.map((i) => (i.element === 'lb1' ? { ...i, bounded: true } : i));
    assert.ok(nodeHints(doc).includes('17:45:(99.95000% · importance ≥ 1 · SPOF)'), nodeHints(doc).join('\n'));
    assert.match(inlayHints(doc).find((h) => h.label.includes('≥'))?.tooltip ?? '', /only a lower bound/);
  });

  it('a bounded analysis keeps each node\'s own figures, and its path hint a floor', () => {
    const hints = inlayHints(analyseDocument(boundedLedger()));
    assert.deepEqual(hints.filter((h) => h.label.startsWith('[')).map((h) => h.label), ['[at least 99.98229%]']);
    assert.deepEqual(nodeHints(analyseDocument(boundedLedger())).map((h) => h.replace(/^\d+:\d+:/, '').replace(/importance [^ )]+/, 'importance B')), [
      '(99.95000% · importance B)', '(99.95000% · importance B)',
    ]);
  });

  it('no node hint on a declaration with an error, nor without figures', () => {
    const broken = analyseDocument(example.replace('node lb1 { availability 99.95% zone az1 }', 'node lb1 { availability 199.95% zone az1 }'));
    const hints = nodeHints(broken);
    assert.ok(!hints.some((h) => h.startsWith('17:')), hints.join('\n'));
    assert.deepEqual(nodeHints(analyseDocument('system s {\n  layer a { node x { availability 99.9% } }\n  path a -> b\n}\n')), []);
  });

  it('stays linear: 2,000 nodes in well under a second', () => {
    const nodes = Array.from({ length: 2000 }, (_, i) => `    node n${i} { availability 99.9% }`);
    const doc = analyseDocument(['system big {', '  layer web {', ...nodes, '  }', '}', ''].join('\n'), { detail: 'diagnostics' });
    const start = performance.now();
    const hints = nodeHints(doc);
    assert.equal(hints.length, 2000);
    assert.ok(performance.now() - start < 1000, `${performance.now() - start} ms`);
  });
});
