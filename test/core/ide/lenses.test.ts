/** Code lenses: figures above the system and each layer, and what each takeover layer's failover windows cost. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyseDocument } from '../../../server/src/core/pipeline';
import { codeLenses, failoverLensTitle, systemLensTitle } from '../../../server/src/core/ide/lenses';

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
      '12:99.999999000% · RTO 0s',
      '16:99.93901% · RTO 1h',
      '19:99.998959% · RTO 0s',
      '24:99.998818% · RTO 15s',
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
    const cost = { secondsPerYear: 3725, unavailability: 3725 / 31_557_600, byTrigger: { instance: 3725, zone: 0, region: 0 }, windowsPerYear: 0.01234 };
    assert.equal(failoverLensTitle(cost), 'failover windows: 1h 2m/yr of downtime · 0.012 windows/yr');
  });
});
