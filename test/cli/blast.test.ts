/** `topo blast FILE ELEMENT` as a child process, on the example estate (examples/estate/shop.topo). */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertNoStackTrace, buildCli, topoCli } from '../support/cli';

const root = join(__dirname, '../..');
const shop = join(root, 'examples/estate/shop.topo');

const topo = (...args: string[]) => topoCli(args);

describe('topo blast (the CLI as a child process)', function () {
  this.timeout(120_000);
  let dir: string;

  before(() => {
    buildCli();
    dir = mkdtempSync(join(tmpdir(), 'topo-blast-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a zone shared by the estate: a headline, every system and journey it touches, exit 0', () => {
    const r = topo('blast', shop, 'az1');
    assert.equal(r.code, 0, r.err);
    assert.equal(r.err, '');
    const lines = r.out.split('\n');
    assert.equal(lines[0], 'if zone az1 fails:');
    assert.match(lines[1] ?? '', /^ {2}subject +kind +effect +while down +costs a year +what it loses$/);
    // recommendations lives in az1 alone: down; web loses redundancy and is degraded (its soft dependency is down).
    assert.match(r.out, /\n {2}recommendations +system +down +0% +52m 4s +api 0 of 1 up\n/);
    assert.match(r.out, /\n {2}web +system +loses redundancy +99\.8800% +3\.79s +lb 1 of 2 up; app 1 of 3 up; recommendations down \(soft\)\n/);
    assert.match(r.out, /\n {2}web\/checkout +journey +loses redundancy .* payments\.api 1 of 2 up/);
    assert.match(r.out, /\n {2}every system and journey is affected\n$/);
  });

  it('--format json: the BlastResult', () => {
    const r = topo('blast', shop, 'stripe', '--format', 'json');
    assert.equal(r.code, 0, r.err);
    const json = JSON.parse(r.out);
    assert.equal(json.ok, true);
    assert.deepEqual(json.target, { kind: 'service', service: 'stripe' });
    assert.deepEqual(json.subjects.map((s: { name: string; kind: string; effect: string }) => [s.name, s.kind, s.effect]), [
      ['payments', 'system', 'down'], ['web/checkout', 'journey', 'down'],
    ]);
    assert.equal(json.subjects[0].unavailabilityWhileDown, 1);
    assert.ok(json.subjects[0].downtimePerYear > 3000 && json.subjects[0].downtimePerYear < 3160, String(json.subjects[0].downtimePerYear));
    assert.equal(json.unaffected, 7);
  });

  it('an element of an imported service, named SERVICE.ID', () => {
    const r = topo('blast', shop, 'orders-db.pg-primary');
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out.split('\n')[0], 'if instance orders-db.pg-primary fails:');
    assert.match(r.out, /\n {2}payments +system +loses redundancy .* orders-db\.db 1 of 2 up\n/);
  });

  it('an unknown element: exit 2 with the closest name', () => {
    const r = topo('blast', shop, 'az3');
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    assert.match(r.err, /^topo blast: .*shop\.topo: unknown element 'az3'.* did you mean 'az1'\?\n$/);
  });

  it('usage errors exit 2: no element, a file that cannot be read, a bad --format', () => {
    for (const args of [[shop], [join(dir, 'missing.topo'), 'az1'], [shop, 'az1', '--format', 'xml'], [shop, 'az1', 'az2']]) {
      const r = topo('blast', ...args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, /^topo blast: /);
      assertNoStackTrace(r, args.join(' '));
    }
  });

  it('a file with errors: they are printed, exit 1', () => {
    const file = join(dir, 'broken.topo');
    writeFileSync(file, 'system s {\n  use nowhere\n  layer app { node a { availability 99.9% zone az1 } }\n}\n');
    const r = topo('blast', file, 'az1');
    assert.equal(r.code, 1, r.err);
    assert.equal(r.out, '');
    assert.match(r.err, /broken\.topo:2:\d+ error unknown-reference/);
    assert.match(r.err, /no blast radius: fix the errors? above first\n$/);
  });

  it('names are escaped for the terminal', () => {
    const file = join(dir, 'hostile.topo');
    writeFileSync(file, 'system "x\u001b[2Jy" {\n  use ext\n  layer app { node a { availability 99.9% } }\n}\nexternal ext { availability 99.9% }\n');
    const r = topo('blast', file, 'ext');
    assert.equal(r.code, 0, r.err);
    assert.ok(!r.out.includes('\u001b'), r.out);
    assert.ok(r.out.includes('x\\x1b[2Jy'), r.out);
  });
});
