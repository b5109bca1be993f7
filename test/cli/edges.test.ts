/**
 * The CLI at the edges of what it can compute (issue 21): failure times past the simulation's
 * limit are refused, not rounded; `--workers` is bounded by the cores, and says so, with the
 * same numbers.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyseDocument } from '../../server/src/core/pipeline';
import { monteCarlo } from '../../server/src/core/simulation/index';
import { buildCli, topoCli } from '../support/cli';

const root = join(__dirname, '../..');
const example = join(root, 'examples/checkout.topo');

/** Runs the built CLI as a child process, stdout piped (so never a terminal). */
const topo = (...args: string[]) => topoCli(args, 120_000);

const LIMIT = "past the simulation's limit of 100,000 years, beyond which its clock of float64 seconds loses the millisecond";

describe('the CLI at the edges of simulation time and threads', function () {
  this.timeout(180_000);
  let dir: string;

  before(() => {
    buildCli();
    dir = mkdtempSync(join(tmpdir(), 'topo-edges-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('--fail NAME@T past 100,000 years is a usage error naming the time as typed (it was "outages none")', () => {
    for (const time of ['100000000000000y', '1000000000000y', '100001y', '3155760000001']) {
      const r = topo('simulate', example, '--fail', `lb1@${time}`);
      assert.deepEqual([r.code, r.out, r.err], [2, '', `topo simulate: the failure time ${time} is ${LIMIT}\n`], time);
    }
  });

  it('a time too large for a double (Infinity seconds) is past the limit too', () => {
    const time = `${'9'.repeat(400)}y`;
    const r = topo('simulate', example, '--fail', `lb1@${time}`);
    assert.deepEqual([r.code, r.err], [2, `topo simulate: the failure time ${time} is ${LIMIT}\n`]);
  });

  it('an exponent is refused as in a .topo file, saying why', () => {
    const r = topo('simulate', example, '--fail', 'lb1@1e14y');
    assert.deepEqual([r.code, r.err], [2, 'topo simulate: --fail lb1@1e14y: exponents are not supported; write the time out in full (e.g. 100000y)\n']);
  });

  it('at the limit the timeline is exact: lb1 down 1h, db-primary 15 s with 2 s of data lost', () => {
    const at = (seconds: number) => JSON.parse(topo('simulate', example, '--fail', `lb1@${seconds}`, `db-primary@${seconds + 7200}`, '--format', 'json').out);
    const near = at(0);
    const far = at(100_000 * 31_557_600 - 7200);
    assert.deepEqual(far.outages.map((o: { start: number; end: number }) => o.end - o.start), [3600, 15]);
    assert.deepEqual(near.outages.map((o: { start: number; end: number }) => o.end - o.start), [3600, 15]);
    for (const key of ['systemDowntimeSeconds', 'rto', 'rpo', 'unprotected']) assert.deepEqual(far[key], near[key], key);
  });

  it('a scenario `fail X at T` past the limit is an invalid-value error in check, and simulate refuses the model (exit 1)', () => {
    const file = join(dir, 'late.topo');
    writeFileSync(file, readFileSync(example, 'utf8').replace(/\n}\s*$/, '\n  scenario "late" { fail lb1 at 1000000y }\n}\n'));
    const check = topo('check', file);
    assert.equal(check.code, 1, check.out + check.err);
    assert.match(check.out + check.err, new RegExp(`invalid-value.*the failure time 1000000y is ${LIMIT.replace(/[().]/g, '\\$&')}`));
    const r = topo('simulate', file, '--scenario', 'late');
    assert.equal(r.code, 1, r.err);
    assert.match(r.err, /the failure time 1000000y is past the simulation's limit/);
    assert.equal(r.out, '');
  });

  it('--workers above the cores is lowered to them, said once on stderr, with the numbers of --workers N', () => {
    const cores = availableParallelism();
    const workers = 64;
    const r = topo('montecarlo', example, '--years', '6400', '--seed', '5', '--workers', String(workers), '--format', 'json');
    assert.equal(r.code, 0, r.err);
    // On a machine of 64 cores or more nothing is lowered, and nothing is said.
    const said = cores >= workers ? '' : `topo montecarlo: --workers ${workers} lowered to ${cores} (the cores available); the ${workers} streams, and so the results, stay those of --workers ${workers}\n`;
    assert.equal(r.err, said);
    const system = analyseDocument(readFileSync(example, 'utf8')).systems[0];
    assert.ok(system?.analysis);
    const inProcess = monteCarlo(system.model, { years: 6400, seed: 5, streams: workers }, system.analysis.unavailability);
    assert.deepEqual(JSON.parse(r.out), JSON.parse(JSON.stringify({ system: 'checkout', ...inProcess })));
  });

  it('--workers within the cores says nothing', () => {
    const r = topo('montecarlo', example, '--years', '400', '--workers', String(Math.min(2, availableParallelism())), '--format', 'json');
    assert.deepEqual([r.code, r.err], [0, '']);
  });
});
