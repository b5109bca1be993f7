import assert from 'node:assert/strict';
import type { LiteralAst } from '../../../grammar/src/ast';
import { unavailabilityOfPercent } from '../../../server/src/core/model/figures';
import { assertClose, build, codes, system } from './helpers';
import { SECONDS_PER_HOUR as H } from '../../../grammar/src/units';

/** The figures of the single instance of `node n { props }`. */
function figures(props: string, defaults = '') {
  const result = build(`system s { ${defaults} layer x { node n { ${props} } } }`);
  const instance = result.systems[0]?.instances[0];
  assert.ok(instance);
  return { instance, codes: codes(result), analysable: result.systems[0]?.analysable };
}

describe('model: availability of an element', () => {
  // Durations in seconds, written as hours: H is seconds per hour.
  const cases: { props: string; defaults?: string; u: number; mttrSeconds: number; mtbfSeconds: number; f: number }[] = [
    { props: 'availability 99.9%', u: 1e-3, mttrSeconds: 1 * H, mtbfSeconds: 999 * H, f: 1e-3 / H },
    { props: 'availability 99.95% mttr 2h', u: 5e-4, mttrSeconds: 2 * H, mtbfSeconds: 3998 * H, f: 2.5e-4 / H },
    { props: 'mtbf 999h mttr 1h', u: 1e-3, mttrSeconds: 1 * H, mtbfSeconds: 999 * H, f: 1e-3 / H },
    { props: 'mtbf 99h', u: 0.01, mttrSeconds: 1 * H, mtbfSeconds: 99 * H, f: 0.01 / H },
    { props: 'mtbf 98h', defaults: 'defaults { mttr 2h }', u: 0.02, mttrSeconds: 2 * H, mtbfSeconds: 98 * H, f: 0.01 / H },
    // availability and mtbf give R = F(1 − A)/A: 999h × 0.001 / 0.999 = 1h.
    { props: 'availability 99.9% mtbf 999h', u: 1e-3, mttrSeconds: 1 * H, mtbfSeconds: 999 * H, f: 1e-3 / H },
    { props: 'availability 99% mtbf 990h', u: 0.01, mttrSeconds: 10 * H, mtbfSeconds: 990 * H, f: 1e-3 / H },
    // All three, consistent: no warning; availability and mttr win.
    { props: 'availability 99.9% mtbf 999h mttr 1h', u: 1e-3, mttrSeconds: 1 * H, mtbfSeconds: 999 * H, f: 1e-3 / H },
    { props: 'availability 100%', u: 0, mttrSeconds: 1 * H, mtbfSeconds: Infinity, f: 0 },
    { props: 'availability 99.9999999%', u: 1e-9, mttrSeconds: 1 * H, mtbfSeconds: 999999999 * H, f: 1e-9 / H },
  ];
  for (const c of cases) {
    it(`${c.defaults ?? ''} ${c.props}`.trim(), () => {
      const { instance, codes: found, analysable } = figures(c.props, c.defaults);
      assertClose(instance.unavailability, c.u, 1e-12, 'U');
      assertClose(instance.mttrSeconds, c.mttrSeconds, 1e-12, 'MTTR');
      if (Number.isFinite(c.mtbfSeconds)) assertClose(instance.mtbfSeconds, c.mtbfSeconds, 1e-9, 'MTBF');
      else assert.equal(instance.mtbfSeconds, Infinity);
      assertClose(instance.failuresPerSecond, c.f, 1e-12, 'f');
      assertClose(instance.availability, 1 - c.u, 1e-12, 'A');
      assert.deepEqual(found, []);
      assert.equal(analysable, true);
    });
  }

  it('mtbf 999h mttr 1h gives U = 1e-3 to the last few bits', () => {
    assertClose(figures('mtbf 999h mttr 1h').instance.unavailability, 1e-3, 4e-16);
  });

  it('availability, mtbf and mttr that disagree: availability and mttr win, mtbf gets a warning', () => {
    const { instance, codes: found, analysable } = figures('availability 99.9% mtbf 5000h mttr 2h');
    assert.equal(instance.unavailability, 1e-3);
    assert.equal(instance.mttrSeconds, 2 * H);
    assertClose(instance.mtbfSeconds, 1998 * H, 1e-12);
    assert.deepEqual(found, ['inconsistent-value']);
    assert.equal(analysable, true);
  });

  it('U of a percent is exact in decimal, not 100 − P in floating point', () => {
    const percent = (text: string): LiteralAst => ({
      kind: 'percent',
      value: Number(text),
      integer: !text.includes('.'),
      text: `${text}%`,
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    });
    assert.equal(unavailabilityOfPercent(percent('99.9999999')), 1e-9);
    assert.equal(unavailabilityOfPercent(percent('99.95')), 5e-4);
    assert.equal(unavailabilityOfPercent(percent('99.999999999999')), 1e-14);
    assert.equal(unavailabilityOfPercent(percent('100')), 0);
    assert.equal(unavailabilityOfPercent(percent('0.5')), 0.995);
    // The float formula would be off by far more than 1e-9 relative here:
    assert.ok(Math.abs((100 - 99.9999999) / 100 - 1e-9) / 1e-9 > 1e-9);
  });

  it('zones and regions: figures from their body; none means never fails (A = 1)', () => {
    const sys = system(`system s {
      region r { mtbf 9999h mttr 1h }
      zone a in r { availability 99.99% }
      zone b in r
      layer x { node n { availability 99% zones [a, b] replicas 2 } }
    }`);
    const [a, b] = sys.zones;
    assert.deepEqual([a?.hasAvailability, a?.unavailability, a?.failuresPerSecond], [true, 1e-4, 1e-4 / H]);
    assert.deepEqual([b?.hasAvailability, b?.availability, b?.unavailability, b?.failuresPerSecond, b?.mtbfSeconds], [false, 1, 0, 0, Infinity]);
    assert.deepEqual([b?.region, sys.regions[0]?.unavailability], ['r', 1e-4]);
  });
});
