/**
 * Every spelling of a figure, one table: input → text, for each formatter of
 * server/src/core/text/format.ts, edges included. The report, the editor, the diagnostics, the
 * timelines and the diagram print through these, so this table is what a person reads anywhere.
 */
import { strict as assert } from 'node:assert';
import {
  formatAvailability,
  formatDuration,
  formatNines,
  formatNumber,
  formatPercent,
  formatProbability,
  formatShare,
  formatSignedDuration,
  formatSignedPoints,
  formatTable,
  formatTopoDuration,
} from '../../../server/src/core/text/format';

const YEAR = 31_557_600;

type Row = [input: number, expected: string];

const TABLE: Record<string, [(x: number) => string, Row[]]> = {
  formatAvailability: [formatAvailability, [
    [6.11957e-4, '99.93880%'], // four digits of U visible, the trailing zero is one of them
    [6.114987e-4, '99.93885%'], // spec section 10
    [1.2e-4, '99.98800%'],
    [1e-3, '99.9000%'],
    [1.5e-6, '99.9998500%'],
    [3.3e-9, '99.9999996700%'],
    [0.5, '50.00%'],
    [0.05, '95.000%'],
    [1e-11, '99.999999999000%'], // 12 decimals: the last a percentage shows
    [1e-12, '12.00 nines'],
    [1e-13, '13.00 nines'],
    [1e-15, '15.00 nines'],
    [0, '100%'],
    [-1e-9, '100%'],
    [1, '0%'],
    [2, '0%'],
    [NaN, '?'],
  ]],
  formatPercent: [formatPercent, [
    [0.9995, '99.95%'],
    [0.999, '99.9%'],
    [0.99, '99%'],
    [1, '100%'],
    [0, '0%'],
    [0.9999995, '99.99995%'],
    [0.123456789, '12.345679%'], // six decimals at most
    [NaN, '?'],
    [Infinity, '?'],
  ]],
  formatShare: [formatShare, [
    [1.2238, '122%'],
    [0.1, '10%'],
    [0.045, '4.5%'],
    [0.004, '0.4%'],
    [0.0999, '10%'],
    [0, '0%'],
    [-0.5, '-50%'],
    [Infinity, '∞'],
    [NaN, '?'],
  ]],
  formatNines: [formatNines, [
    [3.2133, '3.21'],
    [0, '0.00'],
    [12.3, '12.30'],
    [Infinity, '∞'],
    [NaN, '?'],
  ]],
  formatProbability: [(p) => formatProbability(p), [
    [6.114987e-4, '6.11e-4'],
    [1.5e-6, '1.50e-6'], // significant zeros kept, as in an availability
    [0.005, '5.00e-3'],
    [0.01, '0.01'],
    [0.25, '0.25'],
    [0.123456, '0.123'],
    [1, '1'],
    [0, '0'],
    [NaN, '?'],
    [Infinity, '?'],
  ]],
  'formatProbability, 6 digits': [(p) => formatProbability(p, 6), [
    [6.114987e-4, '6.11499e-4'],
    [0.123456789, '0.123457'],
  ]],
  formatNumber: [(x) => formatNumber(x), [
    [2000, '2000'],
    [1.23456789, '1.23457'],
    [0.5, '0.5'],
    [0, '0'],
    [-3.1, '-3.1'],
    [Infinity, '∞'],
    [NaN, '?'],
  ]],
  'formatNumber, 2 digits': [(x) => formatNumber(x, 2), [
    [3.14159, '3.1'],
    [1234, '1200'],
  ]],
  formatDuration: [formatDuration, [
    [0, '0s'],
    [1e-7, '0.0001ms'],
    [0.0001234, '0.123ms'],
    [0.0005, '0.5ms'],
    [0.0273117, '27.3ms'],
    [0.25, '250ms'],
    [0.99949, '999ms'],
    [0.9996, '1s'], // rounding carries into the next unit
    [1, '1s'],
    [15, '15s'],
    [32.86, '32.9s'],
    [59.94, '59.9s'],
    [59.95, '1m'],
    [60, '1m'],
    [65, '1m 5s'],
    [90, '1m 30s'],
    [2629.8, '43m 50s'], // a month of 99.9%
    [3599.4, '59m 59s'],
    [3599.9, '1h'],
    [3600, '1h'],
    [7199.9, '2h'],
    [7260, '2h 1m'],
    [19_298.2, '5h 22m'], // a year of U = 6.114987e-4, spec section 10
    [19_311.9, '5h 22m'], // rounded, not truncated
    [31_557.6, '8h 46m'], // a year of 99.9%
    [86_399, '1d'],
    [200_000, '2d 8h'], // 2d 7h 33m: rounded, not truncated
    [273_700, '3d 4h'],
    [YEAR - 1, '1y'],
    [YEAR, '1y'],
    [1.5 * YEAR, '1.5y'],
    [400 * 86_400, '1.1y'],
    [-90, '-1m 30s'],
    [Infinity, 'unbounded'],
    [-Infinity, '?'],
    [NaN, '?'],
  ]],
  formatTopoDuration: [formatTopoDuration, [
    [0, '0s'],
    [0.5, '500ms'],
    [0.0001234, '0.1234ms'],
    [0.9996, '999.6ms'],
    [15, '15s'],
    [61.4, '61.4s'],
    [90, '90s'],
    [300, '5m'],
    [3600, '1h'],
    [5400, '90m'],
    [86_400, '1d'],
    [30 * 86_400, '30d'],
    [200_000, '200000s'],
    [YEAR, '1y'],
    [-15, '-15s'],
    [Infinity, 'unbounded'],
    [NaN, '?'],
  ]],
};

describe('text/format: one spelling of every figure', () => {
  for (const [name, [format, rows]] of Object.entries(TABLE)) {
    describe(name, () => {
      for (const [input, expected] of rows) it(`${input} → ${expected}`, () => assert.equal(format(input), expected));
    });
  }

  it('formatAvailability never rounds up to 100%', () => {
    for (let u = 1e-3; u > 1e-16; u /= 3.7) assert.doesNotMatch(formatAvailability(u), /^100/, String(u));
  });

  it('formatDuration never goes down as the duration grows', () => {
    // Reading each spelling back to seconds: monotone across every unit boundary.
    const back = (text: string): number => {
      const units: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400, y: YEAR };
      return text.split(' ').reduce((sum, part) => {
        const m = /^([\d.]+)([a-z]+)$/.exec(part);
        assert.ok(m, `${text} is not a duration`);
        return sum + Number(m[1]) * (units[m[2]!] ?? NaN);
      }, 0);
    };
    let last = 0;
    for (let s = 1e-4; s < 10 * YEAR; s *= 1.013) {
      const now = back(formatDuration(s));
      assert.ok(now >= last, `${formatDuration(s)} after ${last}s`);
      last = now;
    }
  });

  it('formatTable pads columns, right-aligning the numeric ones', () => {
    assert.deepEqual(formatTable(['layer', 'RTO'], [['web', '15s'], ['database', '1m 30s']], new Set([1])), [
      'layer        RTO',
      'web          15s',
      'database  1m 30s',
    ]);
    assert.deepEqual(formatTable(['a', 'b'], [['x']]), ['a  b', 'x']);
  });

  it('changes (topo diff): a sign, then the figure as it is spelt elsewhere', () => {
    assert.equal(formatSignedPoints(-0.0599), '\u22120.0599');
    assert.equal(formatSignedPoints(0.00511234), '+0.00511');
    assert.equal(formatSignedPoints(0), '0');
    assert.equal(formatSignedDuration(18_900), '+5h 15m');
    assert.equal(formatSignedDuration(-60), '\u22121m');
    assert.equal(formatSignedDuration(0), '0s');
  });
});
