/**
 * Diagnostics that need the maths (spec section 6): each code, on the declaration it is about.
 * `<|>` marks where the diagnostic must start.
 */
import { strict as assert } from 'node:assert';
import type { Diagnostic } from '../../../grammar/src/text';
import { analyseDocument } from '../../../server/src/core/pipeline';
import { markers } from '../../support/markers';

/** Diagnostics of `code` for `marked` (text with `<|>` markers), and the marker positions. */
function check(marked: string, code: string): { found: Diagnostic[]; expected: { line: number; character: number }[] } {
  const { text, positions } = markers(marked);
  const doc = analyseDocument(text);
  return { found: doc.diagnostics.filter((d) => d.code === code), expected: positions };
}

function assertAt(marked: string, code: string): Diagnostic[] {
  const { found, expected } = check(marked, code);
  assert.deepEqual(found.map((d) => d.range.start).sort((a, b) => a.line - b.line || a.character - b.character), expected, found.map((d) => d.message).join('\n'));
  return found;
}

describe('analysis diagnostics', () => {
  it('spof: one diagnostic per node, listing its instances', () => {
    const [, d] = assertAt(`system s {
  <|>zone z1 { availability 99.9% }
  layer app { min 2
    <|>node app { availability 99% replicas 2 zones [z1] } }
}`, 'spof');
    assert.match(d!.message, /^app-1, app-2 are single points of failure: the failure of any one of them takes layer 'app'/);
  });

  it('spof: on a zone and a region declaration, even without availability', () => {
    const found = assertAt(`system s {
  <|>region r
  <|>zone z1 in r
  layer app { node a { availability 99% replicas 2 zones [z1] } }
}`, 'spof');
    assert.ok(found.every((d) => d.severity === 'warning'));
  });

  it('no spof where there is redundancy', () => {
    assertAt(`system s {
  zone z1 { availability 99.9% } zone z2 { availability 99.9% }
  layer app { node a { availability 99% replicas 2 zones [z1, z2] } }
}`, 'spof');
  });

  it('sla-miss and sla-stricter-than-slo on the sla line', () => {
    const marked = `system s {
  slo 99%
  <|>sla 99.99%
  layer app { node a { availability 99.9% } }
}`;
    const [miss] = assertAt(marked, 'sla-miss');
    assert.equal(miss!.severity, 'error');
    assert.match(miss!.message, /99\.9000%.*99\.99%/);
    const [stricter] = assertAt(marked, 'sla-stricter-than-slo');
    assert.equal(stricter!.severity, 'warning');
    assertAt(marked.replace('<|>', ''), 'slo-miss');
  });

  it('slo-miss names availability, target and the downtime over budget', () => {
    const [d] = assertAt(`system s {
  <|>slo 99.99%
  window 7d
  layer app { node a { availability 99.9% } }
}`, 'slo-miss');
    assert.match(d!.message, /99\.9000%.*99\.99%.*7d window.*over budget/);
  });

  it('no-headroom on an N+0 active-active layer; none with headroom', () => {
    assertAt(`system s {
  <|>layer app { load 300 node a { availability 99% replicas 3 capacity 100 } }
}`, 'no-headroom');
    assertAt(`system s {
  layer app { load 200 node a { availability 99% replicas 3 capacity 100 } }
}`, 'no-headroom');
    assertAt(`system s {
  layer one { node a { availability 99% } }
}`, 'no-headroom');
  });

  it('no-headroom with unequal capacities: losing the big one is what hurts', () => {
    assertAt(`system s {
  <|>layer app { load 150 node big { availability 99% capacity 100 } node small { availability 99% replicas 2 capacity 50 } }
}`, 'no-headroom');
  });

  it('no-headroom with unequal capacities names the instance whose loss is fatal, not "any one"', () => {
    const [d] = assertAt(`system s {
  <|>layer app { load 2000 node big { availability 99.9% capacity 3000 } node s1 { availability 99.9% capacity 500 } node s2 { availability 99.9% capacity 500 } }
}`, 'no-headroom');
    assert.doesNotMatch(d!.message, /any one takes it down|needs 1 of its 3/);
    assert.match(d!.message, /needs a capacity of 2000 and has 4000/);
    assert.match(d!.message, /big \(capacity 3000\)/);
    assert.doesNotMatch(d!.message, /s1|s2/);
  });

  it('no-headroom by count still says any one loss is fatal', () => {
    const [d] = assertAt(`system s {
  <|>layer app { load 300 node a { availability 99% replicas 3 capacity 100 } }
}`, 'no-headroom');
    assert.match(d!.message, /needs 3 of its 3 instances: losing any one takes it down/);
  });

  it('zone spof on a layer that already spans zones: says what is left without the zone, not "spread across two zones"', () => {
    const found = assertAt(`system s {
  <|>zone a { availability 99.9% }
  <|>zone b { availability 99.9% }
  layer app { load 300 node web { availability 99.9% replicas 4 capacity 100 zones [a, b] } }
}`, 'spof');
    for (const d of found) {
      assert.doesNotMatch(d.message, /across at least two zones/);
      assert.match(d.message, /'app' already spans zones a, b, but without [ab] it keeps capacity 200 of the 300 it needs/);
    }
    const [byCount] = assertAt(`system s {
  <|>zone a { availability 99.9% }
  zone b { availability 99.9% }
  layer app { min 2 node web { availability 99.9% replicas 3 zones [a, b] } }
}`, 'spof');
    assert.match(byCount!.message, /without a it keeps 1 of the 2 instances it needs/);
  });

  it('zone spof on a layer in one zone still says to spread it', () => {
    const [d] = assertAt(`system s {
  <|>zone a { availability 99.9% }
  layer app { node web { availability 99.9% replicas 2 zone a } }
}`, 'spof');
    assert.match(d!.message, /spread 'app' across at least two zones/);
  });

  it('rpo-exceeded when the RPO is unbounded says so in English', () => {
    const [d] = assertAt(`system s {
  rpo 5s
  <|>layer db { node p { availability 99.9% } node s { availability 99.9% standby } }
}`, 'rpo-exceeded');
    assert.doesNotMatch(d!.message, /unbounded of data/);
    assert.match(d!.message, /can lose an unbounded amount of data/);
  });

  it('rpo-exceeded on an active-passive layer of sites without replication (spec section 4: unbounded)', () => {
    const [d] = assertAt(`system s {
  rpo 5s
  <|>layer db { health-check { interval 10s unhealthy 2 }
    site blue { layer db { node a { availability 99.9% } } }
    site green { standby hot layer db { node b { availability 99.9% } } }
  }
}`, 'rpo-exceeded');
    assert.match(d!.message, /unbounded/);
  });

  it('rto-exceeded under a second prints milliseconds, not "0s"', () => {
    const [d] = assertAt(`system s {
  rto 0.5ms
  <|>layer db { heartbeat { timeout 1ms } promote 0.5ms node p { availability 99.9% } node s { availability 99.9% standby } }
}`, 'rto-exceeded');
    assert.match(d!.message, /takes 1\.5ms to recover .* rto of 0\.5ms/);
  });

  it('failover-saturated when f_p × T_fo ≥ 1 (the primary fails again before a window ends); none for an ordinary failover', () => {
    const [d] = assertAt(`system s {
  <|>layer db { heartbeat { timeout 10y } replication sync node p { availability 99.9% } node s { availability 99.9% standby } }
}`, 'failover-saturated');
    assert.equal(d!.severity, 'warning');
    assert.match(d!.message, /fails again before a window ends/);
    assertAt(`system s {
  layer db { heartbeat { timeout 10s } replication sync node p { availability 99.9% } node s { availability 99.9% standby } }
}`, 'failover-saturated');
  });

  it('no-replication on an active-passive database without replication; rpo-exceeded when it has some', () => {
    assertAt(`system s {
  <|>layer db { node p { availability 99.9% } node s { availability 99.9% standby } }
}`, 'no-replication');
    assertAt(`system s {
  layer cache { mode active-passive replication sync node p { availability 99.9% } node s { availability 99.9% standby } }
}`, 'no-replication');
    assertAt(`system s {
  rpo 1s
  <|>layer db { replication async lag 5s node p { availability 99.9% } node s { availability 99.9% standby } }
}`, 'rpo-exceeded');
  });

  it('rto-exceeded on path layers only', () => {
    assertAt(`system s {
  rto 1m
  <|>layer web { node w { availability 99.9% mttr 2h } }
  layer batch { optional node b { availability 99% } }
}`, 'rto-exceeded');
  });

  it('no-availability (info) on zones and regions that never fail in the figures', () => {
    const found = assertAt(`system s {
  region <|>r
  zone <|>z1 in r
  zone z2 in r { availability 99.9% }
  layer app { node a { availability 99% replicas 2 zones [z1, z2] } }
}`, 'no-availability');
    assert.ok(found.every((d) => d.severity === 'info'));
  });
});
