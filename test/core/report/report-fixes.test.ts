/**
 * The check report says what the figures are (review item 7, Q7): no "0s" for a positive
 * duration, no wall of 9s that rounds to 100%, one spelling of zero, the same RPO in the text
 * and the JSON, an unbounded RPO for an active-passive layer of sites without replication.
 */
import { strict as assert } from 'node:assert';
import { analyseDocument } from '../../../server/src/core/pipeline';
import { systemJson } from '../../../server/src/core/report/json';
import { headline } from '../../../server/src/core/report/summary';
import { formatSystemReport } from '../../../server/src/core/report/text';
import { formatAvailability, formatDuration, formatTopoDuration } from '../../../server/src/core/text/format';

const report = (text: string) => {
  const doc = analyseDocument(text);
  const sys = doc.systems[0]!;
  return { doc, sys, text: formatSystemReport(sys), json: systemJson(sys) };
};

describe('report: durations and availabilities say what they are', () => {
  it('a sub-second duration in a diagnostic is milliseconds, not "0s"', () => {
    assert.equal(formatDuration(0.001), '1ms');
    assert.equal(formatDuration(0.0155), '15.5ms');
    assert.equal(formatDuration(0), '0s');
    assert.equal(formatDuration(15), '15s');
  });

  it('at 12 nines and more the availability is printed as nines, never as 100.000…%', () => {
    for (const u of [1e-12, 1e-13, 1e-15, 3e-16]) {
      const text = formatAvailability(u);
      assert.doesNotMatch(text, /^100/, `${u}: ${text}`);
      assert.match(text, /nines$/, `${u}: ${text}`);
    }
    assert.equal(formatAvailability(1e-15), '15.00 nines');
    assert.equal(formatAvailability(1e-13), '13.00 nines');
    // Below the threshold, percentages as before.
    assert.equal(formatAvailability(6.114987e-4), '99.93885%');
    assert.equal(formatAvailability(1.2e-4), '99.98800%');
    assert.equal(formatAvailability(1e-3), '99.9000%');
  });

  it('the headline of a 13-nines system gives its nines and U, once each', () => {
    const { sys } = report(`system s { layer app { node a { availability 99.9% replicas 5 } } }`);
    const h = headline(sys.analysis!);
    assert.match(h, /^15\.00 nines available \(unavailability 1\.00e-15\)/);
  });

  it('zero is spelt "0s" in the objectives as in the tables', () => {
    assert.equal(formatTopoDuration(0), '0s');
    const { text } = report(`system s { rpo 0s
      layer db { replication sync node p { availability 99.9% } node q { availability 99.9% standby } } }`);
    assert.match(text, /^ {2}rpo 0s: 0s \(met\)$/m);
    assert.doesNotMatch(text, /0ms/);
  });

  it('the RPO column shows the figure the JSON carries (0 for active-active, not "-")', () => {
    const { sys, text, json } = report(`system s { layer web { node w { availability 99.9% replicas 2 } } }`);
    assert.equal(sys.analysis!.layers[0]!.rpoSeconds, 0);
    assert.equal((json.layers as { rpoSeconds: number | null }[])[0]!.rpoSeconds, 0);
    assert.match(text, /^ {2}web +active-active +1\/2 +\S+ +0s +0s$/m);
  });

  it('an active-passive layer of sites without replication: RPO unbounded in the header, the table and the JSON (null)', () => {
    const { doc, text, json } = report(`system s {
      rpo 5s
      layer db { health-check { interval 10s unhealthy 2 }
        site blue { layer db { node a { availability 99.9% } } }
        site green { standby hot layer db { node b { availability 99.9% } } }
      }
    }`);
    assert.match(text, /^ {2}rpo 5s: unbounded \(exceeded\)$/m);
    assert.match(text, /^ {2}db +active-passive .* unbounded$/m);
    assert.equal(json.rpoSeconds, null);
    assert.equal((json.layers as { name: string; rpoSeconds: number | null }[]).find((l) => l.name === 'db')!.rpoSeconds, null);
    assert.ok(doc.diagnostics.some((d) => d.code === 'rpo-exceeded'));
  });

  it('a capacity requirement reads as capacity in the k/n column, not "1/3"', () => {
    const { text, sys } = report(`system s {
      layer app { load 2000 node big { availability 99.9% capacity 3000 } node s1 { availability 99.9% capacity 500 } node s2 { availability 99.9% capacity 500 } } }`);
    const app = sys.analysis!.layers[0]!;
    assert.equal(app.requiredCapacity, 2000);
    assert.equal(app.totalCapacity, 4000);
    assert.match(text, /^ {2}app +active-active +2000\/4000 cap /m);
  });

  it('nines when U = 0: null in the JSON (it has no Infinity), ∞ in the text', () => {
    const { json, text } = report(`system s { layer app { node a { availability 100% } } }`);
    assert.equal(json.unavailability, 0);
    assert.equal(json.nines, null);
    assert.match(text, /100% available \(∞ nines\)/);
  });
});
