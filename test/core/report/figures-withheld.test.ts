/**
 * Figures are withheld while the document has syntax errors (issue 18): what could be read is
 * still analysed, but a skipped line may be the replica or zone that matters, so the diagnostics
 * drawn from the figures (spof, slo-miss, …) are withheld, one `figures-withheld` note says why,
 * and the figures are marked provisional. A document without syntax errors is as before.
 */
import { strict as assert } from 'node:assert';
import { analyseDocument } from '../../../server/src/core/pipeline';
import { fileJson } from '../../../server/src/core/report/json';
import { formatJourneysReport, formatSystemReport } from '../../../server/src/core/report/text';
import { formatMarkdownReport } from '../../../server/src/core/report/markdown';

/** A system whose one web instance is a single point of failure and whose SLO it misses. */
const CLEAN = [
  'system shop {',
  '  slo 99.99%',
  '  layer web {',
  '    node web { availability 99.9% }',
  '  }',
  '  layer db {',
  '    node db { availability 99.95% replicas 2 }',
  '  }',
  '  path web -> db',
  '}',
].join('\n');

/** The same, with one syntax error (a stray `;`) that loses nothing of the model. */
const BROKEN = CLEAN.replace('replicas 2 }', 'replicas 2 } ;');

const codes = (text: string) => analyseDocument(text).diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character} ${d.severity} ${d.code}`);

describe('figures withheld while the document has syntax errors', () => {
  it('reports the spof and the slo-miss of a document without syntax errors, and marks nothing provisional', () => {
    assert.deepEqual(codes(CLEAN), ['1:2 error slo-miss', '3:4 warning spof']);
    const doc = analyseDocument(CLEAN);
    assert.equal(doc.provisional, undefined);
    assert.equal(doc.systems[0]?.provisional, undefined);
    assert.doesNotMatch(formatSystemReport(doc.systems[0]!), /provisional/);
    const json = fileJson('model.topo', doc);
    assert.ok(!('provisional' in json) && !('provisional' in (json.systems[0] ?? {})), JSON.stringify(json).slice(0, 200));
  });

  it('withholds them behind one figures-withheld note when the same document has a syntax error', () => {
    const doc = analyseDocument(BROKEN);
    assert.deepEqual(codes(BROKEN), ['6:47 error syntax', '6:47 info figures-withheld']);
    const note = doc.diagnostics.find((d) => d.code === 'figures-withheld');
    assert.equal(note?.message, 'figures are withheld until the syntax errors are fixed (one syntax error): warnings drawn from them (spof, slo-miss, …) are not reported, and the figures shown are provisional');
    assert.deepEqual(note?.range, doc.diagnostics.find((d) => d.code === 'syntax')?.range);
  });

  it('still computes the figures, marked provisional in the text report and the JSON', () => {
    const clean = analyseDocument(CLEAN).systems[0]!;
    const doc = analyseDocument(BROKEN);
    const sys = doc.systems[0]!;
    assert.equal(doc.provisional, true);
    assert.equal(sys.provisional, true);
    assert.equal(sys.analysis?.unavailability, clean.analysis?.unavailability);
    const [headlineLine, ...rest] = formatSystemReport(sys).split('\n');
    assert.match(headlineLine ?? '', /^system shop: .* of downtime a year \(provisional: the file has syntax errors\)$/);
    assert.deepEqual(rest, formatSystemReport(clean).split('\n').slice(1));
    const json = fileJson('model.topo', doc);
    assert.equal(json.provisional, true);
    assert.equal(json.systems[0]?.provisional, true);
    assert.equal(json.systems[0]?.unavailability, clean.analysis?.unavailability);
  });

  it('marks the provisional figures in the Markdown report (the editor\'s report), and nothing on a clean file', () => {
    const broken = analyseDocument(BROKEN);
    const clean = analyseDocument(CLEAN);
    assert.match(formatMarkdownReport('shop.topo', broken.systems, broken.journeys), /^\*\*.*available.*\*\* _\(provisional: the file has syntax errors\)_ — /m);
    assert.doesNotMatch(formatMarkdownReport('shop.topo', clean.systems, clean.journeys), /provisional/);
  });

  it('counts the syntax errors, and keeps the model diagnostics', () => {
    // `cache` is on no path: off-path is the model's, and stays.
    const text = BROKEN.replace('  path web -> db', '  layer cache { node c { availability 99% } }\n  path web -> db ;');
    assert.deepEqual(codes(text.replace(/ ;/g, '')), ['1:2 error slo-miss', '3:4 warning spof', '8:8 warning off-path']);
    const diags = analyseDocument(text).diagnostics;
    assert.deepEqual(diags.map((d) => d.code), ['syntax', 'figures-withheld', 'off-path', 'syntax']);
    assert.match(diags.find((d) => d.code === 'figures-withheld')?.message ?? '', /\(2 syntax errors\)/);
  });

  it('says nothing when no figure was computed (nothing is withheld)', () => {
    // The node's availability is the broken line: no figures, and no note.
    const text = 'system shop {\n  layer web {\n    node web { availability 99.9 }\n  }\n}';
    const doc = analyseDocument(text);
    assert.deepEqual(doc.diagnostics.map((d) => d.code), ['syntax']);
    assert.equal(doc.systems[0]?.analysis, undefined);
    assert.equal(doc.provisional, undefined);
  });

  it("withholds a journey's figure diagnostics too, and marks the journeys provisional", () => {
    const estate = [
      'external pay { availability 99.5% }',
      'system shop {',
      '  slo 99.99%',
      '  layer web { node web { availability 99.9% } }',
      '  path web',
      '  journey buy { path web -> pay slo 99.99% }',
      '}',
    ].join('\n');
    const clean = analyseDocument(estate);
    assert.ok(clean.diagnostics.some((d) => d.code === 'spof'), clean.diagnostics.map((d) => d.code).join(', '));
    assert.doesNotMatch(formatJourneysReport(clean.journeys), /provisional/);
    const broken = analyseDocument(estate.replace('path web\n', 'path web ;\n'));
    assert.deepEqual(broken.diagnostics.map((d) => `${d.severity} ${d.code}`), ['error syntax', 'info figures-withheld']);
    assert.equal(broken.journeys[0]?.provisional, true);
    assert.match(formatJourneysReport(broken.journeys).split('\n')[0] ?? '', /^journeys \(provisional: the file has syntax errors\)$/);
  });

  it('keeps the health check a misspelt keyword would have lost, so its layer fails over as written', () => {
    const text = [
      'system shop {',
      '  layer db {',
      '    mode active-passive',
      '    helth-check { interval 5s timeout 2s unhealthy 3 }',
      '    node primary { availability 99.9% }',
      '    node replica { availability 99.9% standby hot }',
      '  }',
      '  path db',
      '}',
    ].join('\n');
    const doc = analyseDocument(text);
    assert.deepEqual(doc.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character} ${d.code} ${d.message}`), [
      "3:4 syntax unknown word 'helth-check' — did you mean `health-check`?",
      '3:4 figures-withheld figures are withheld until the syntax errors are fixed (one syntax error): warnings drawn from them (spof, slo-miss, …) are not reported, and the figures shown are provisional',
    ]);
    const fixed = analyseDocument(text.replace('helth-check', 'health-check'));
    assert.equal(doc.systems[0]?.model.layers[0]?.failover?.detectionSource, 'health-check');
    assert.deepEqual(doc.systems[0]?.model.layers, fixed.systems[0]?.model.layers);
    assert.equal(doc.systems[0]?.analysis?.unavailability, fixed.systems[0]?.analysis?.unavailability);
  });
});
