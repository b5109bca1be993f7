import assert from 'node:assert/strict';
import { durationText, fractionText, ninesText, percentText, probabilityText } from '../../../server/src/core/ide/figures';
import { systemLensTitle } from '../../../server/src/core/ide/lenses';

describe('ide/figures', () => {
  for (const [seconds, text] of [
    [0, '0s'], [0.5, '500ms'], [0.0273117, '27.3ms'], [0.0001234, '0.123ms'], [0.99949, '999ms'], [0.9996, '1s'], [15, '15s'], [32.86, '32.9s'], [59.99, '1m'], [65, '1m 5s'], [3600, '1h'], [3599.7, '1h'],
    [7260, '2h 1m'], [19311.9, '5h 22m'], [273700, '3d 4h'], [Infinity, 'unbounded'],
  ] as const) {
    it(`durationText(${seconds}) = ${text}`, () => assert.equal(durationText(seconds), text));
  }
  for (const [u, text] of [[6.114987e-4, '99.9389%'], [1e-4, '99.99%'], [1.5e-6, '99.99985%'], [0, '100%'], [0.5, '50.00%']] as const) {
    it(`percentText(${u}) = ${text}`, () => assert.equal(percentText(u), text));
  }
  it('formats targets, nines and probabilities', () => {
    assert.equal(fractionText(0.9995), '99.95%');
    assert.equal(fractionText(0.999), '99.90%');
    assert.equal(ninesText(3.2133), '3.21');
    assert.equal(ninesText(Infinity), '∞');
    assert.equal(probabilityText(1.5e-6), '1.5e-6');
    assert.equal(probabilityText(0.25), '0.25');
  });
  it("writes the system lens as the issue shows it", () => {
    // Spec section 10, revision 2.
    const u = 6.114987e-4;
    assert.equal(systemLensTitle(u, -Math.log10(u), u * 31_557_600, 0.9995), '99.9389% · 3.21 nines · 5h 22m/yr · SLO 99.95% ✗');
    assert.equal(systemLensTitle(1e-4, 4, 3155.76, 0.999), '99.99% · 4.00 nines · 52m 36s/yr · SLO 99.90% ✓');
  });
});
