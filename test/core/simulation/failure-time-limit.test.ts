import { strict as assert } from 'node:assert';
import { MAX_FAILURE_SECONDS } from '../../../server/src/core/limits';
import { simulateScenario } from '../../../server/src/core/simulation/index';
import { SECONDS_PER_YEAR } from '../../../grammar/src/units';
import { parse } from '../../../grammar/src/index';
import { buildModel } from '../../../server/src/core/model/build';
import { scenarioFailures } from '../../../server/src/core/simulation/index';
import { modelOf, simulate } from './helpers';

// A failover of 5.25 s (detection 250ms + a hot promotion of 5 s), an MTTR of 1h 0.001s: times to the millisecond.
const text = `system s {
  layer db {
    heartbeat { timeout 250ms }
    replication sync
    node primary { availability 99.9% mttr 3600.001s }
    node replica { availability 99.9% mttr 1h standby hot }
  }
  layer lb { node lb1 { availability 99.9% mttr 1h } }
}`;

/** What a timeline says, less when: outages as lengths, downtime, time without redundancy, events from `at`. */
function durations(at: number) {
  const r = simulate(text, [{ element: 'lb1', at: at - 7200 }, { element: 'primary', at }]);
  return {
    outages: r.outages.map((o) => o.end - o.start),
    downtime: r.systemDowntimeSeconds,
    unprotected: r.unprotected,
    events: r.events.map((e) => [e.t - at, e.type, e.element ?? e.layer ?? 'system', e.detail]),
  };
}

describe('simulation: the failure time limit (MAX_FAILURE_SECONDS)', () => {
  it('is 100,000 years, below 2^42 s: doubles there lie at most 2^-11 s apart', () => {
    assert.equal(MAX_FAILURE_SECONDS, 100_000 * SECONDS_PER_YEAR);
    assert.ok(MAX_FAILURE_SECONDS < 2 ** 42);
    // The bound's premise: at the limit a millisecond is still seen; past 2^53 ms it is not.
    assert.notEqual(MAX_FAILURE_SECONDS + 0.001, MAX_FAILURE_SECONDS);
  });

  it('a timeline ending at the limit is the timeline near 0 shifted, to the millisecond', () => {
    const atZero = durations(7200);
    const atLimit = durations(MAX_FAILURE_SECONDS);
    assert.deepEqual(atZero.outages.length, 2);
    for (const [k, seconds] of atZero.outages.entries()) assert.ok(Math.abs((atLimit.outages[k] as number) - seconds) < 0.001, `outage ${k}: ${atLimit.outages[k]} vs ${seconds}`);
    assert.ok(Math.abs(atLimit.downtime - atZero.downtime) < 0.002);
    assert.deepEqual(atLimit.events.map((e) => e.slice(1)), atZero.events.map((e) => e.slice(1)));
    for (const [k, e] of atZero.events.entries()) assert.ok(Math.abs((atLimit.events[k]?.[0] as number) - (e[0] as number)) < 0.001);
  });

  it('past the limit the simulation refuses, naming the element and the time', () => {
    for (const at of [MAX_FAILURE_SECONDS * (1 + 1e-15), 1e12 * SECONDS_PER_YEAR, 1e14 * SECONDS_PER_YEAR]) {
      const outcome = simulateScenario(modelOf(text), [{ element: 'lb1', at }]);
      assert.equal(outcome.ok, false, `at ${at}`);
      if (!outcome.ok) assert.match(outcome.error, /^the failure time of 'lb1', [\d,.]+ s, is past the simulation's limit of 100,000 years/);
    }
  });

  it('a scenario whose `at` is past the limit is refused by the simulation too (what the editor\'s request runs)', () => {
    const built = buildModel(parse(`system s { layer lb { node lb1 { availability 99.9% mttr 1h } } scenario "late" { fail lb1 at 1000000y } }`));
    const model = built.systems[0];
    assert.ok(model?.analysable);
    const failures = scenarioFailures(model, 'late');
    assert.ok(failures.ok);
    const outcome = simulateScenario(model, failures.result);
    assert.deepEqual(outcome.ok ? 'simulated' : outcome.error.replace(/, beyond.*/, ''), "the failure time of 'lb1', 31,557,600,000,000 s, is past the simulation's limit of 100,000 years");
  });
});
