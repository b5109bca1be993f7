/**
 * The 'diagnostics' detail (what the editor computes after each edit) must agree with the full
 * analysis on everything it computes, and leave out only importance, advice and cut sets above
 * order 1, saying so.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyseDocument } from '../../../server/src/core/pipeline';
import type { SystemAnalysis } from '../../../server/src/core/analysis/types';
import { randomTopo } from './fixtures';

const EXAMPLE = readFileSync(join(__dirname, '..', '..', '..', 'examples', 'checkout.topo'), 'utf8');

/** The full analysis without the extras, as the diagnostics detail should give it. */
function withoutExtras(a: SystemAnalysis): SystemAnalysis {
  const { importance: _i, advice: _a, cutSets, cutSetsComplete: _c, ...rest } = a;
  return { ...rest, importance: [], cutSets: cutSets.filter((c) => c.elements.length === 1), cutSetsComplete: false, detail: 'diagnostics' };
}

function assertSameFigures(text: string, label: string): void {
  const full = analyseDocument(text);
  const cheap = analyseDocument(text, { detail: 'diagnostics' });
  assert.deepEqual(cheap.diagnostics, full.diagnostics, `${label}: diagnostics`);
  assert.equal(cheap.systems.length, full.systems.length);
  full.systems.forEach((s, i) => {
    const a = s.analysis;
    const b = cheap.systems[i]!.analysis;
    if (!a || !b) return assert.equal(b, a, `${label}: analysable`);
    assert.equal(a.detail, undefined, `${label}: a full analysis is not marked`);
    assert.deepEqual(b, withoutExtras(a), `${label}: figures`);
  });
}

describe('analysis: diagnostics detail', () => {
  it('agrees with the full analysis on the spec example, with no importance, no advice and order-1 cut sets only', () => {
    assertSameFigures(EXAMPLE, 'example');
    const a = analyseDocument(EXAMPLE, { detail: 'diagnostics' }).systems[0]!.analysis!;
    assert.equal(a.detail, 'diagnostics');
    assert.equal(a.importance.length, 0);
    assert.equal(a.advice, undefined);
    assert.ok(a.cutSets.length > 0 && a.cutSets.every((c) => c.elements.length === 1));
    assert.equal(a.unavailability.toExponential(6), '6.114987e-4');
  });

  it('agrees with the full analysis on 60 random topologies', () => {
    for (let seed = 500; seed < 560; seed++) assertSameFigures(randomTopo(seed), `seed ${seed}`);
  });
});
