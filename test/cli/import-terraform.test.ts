/**
 * `topo import terraform` as a user runs it: the bundled CLI as a child process on the plan of a
 * 3-tier AWS app (test/fixtures/import/terraform/three-tier.plan.json, `terraform show -json`).
 * The draft's figure is checked against a hand calculation; findings and SARIF point at the
 * plan's lines; bad input gives its `file:line:col`, a non-zero exit and no stack trace.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertNoStackTrace, buildCli, topoCli } from '../support/cli';

const PLAN = 'test/fixtures/import/terraform/three-tier.plan.json';
const planLines = readFileSync(PLAN, 'utf8').split('\n');

interface ImportJson {
  topo: string | null;
  systems: { name: string; unavailability: number }[];
  findings: { check: string; message: string; minutesPerYear?: number; location: { file: string; line: number; column: number } }[];
  skipped: { what: string; location: { line: number; column: number } }[];
  errors: { message: string; location: { line: number; column: number } }[];
}


/** The `"address"` a location of the plan points at. */
function addressAt(location: { line: number; column: number }): string {
  const line = planLines[location.line - 1] ?? '';
  return /^"address":\s*"([^"]+)"/.exec(line.slice(location.column - 1))?.[1] ?? `(no address at ${location.line}:${location.column}: ${line.trim()})`;
}

describe('topo import terraform', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    buildCli();
    dir = mkdtempSync(join(tmpdir(), 'topo-import-tf-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('drafts the 3-tier plan with its figure checked by hand; the draft checks clean and is formatted', () => {
    const out = join(dir, 'three-tier.topo');
    const r = topoCli(['import', 'terraform', PLAN, '-o', out, '--format', 'json']);
    assert.equal(r.code, 0, r.err);
    const json = JSON.parse(r.out) as ImportJson;
    const topo = readFileSync(out, 'utf8');
    assert.equal(json.topo, topo);
    // By hand, from the catalogue's published SLAs and Topo's zone default (each marked assumed in
    // the draft). Only web-app's instances are in zones, one per zone, so the layers are
    // independent and in series:
    //   dns      Route 53, one managed node, 100%               U = 0
    //   web-lb   ALB, one managed node, 99.99%                  U = 1e-4
    //   web-app  ASG min_size 3, EC2 instance-level 99.5%, one per subnet's zone (99.99% each),
    //            1 needed: (1 − 0.995 × 0.9999)³
    //   sessions ElastiCache with failover, Multi-AZ, 99.99%    U = 1e-4
    //   db       RDS Multi-AZ, 99.95%                           U = 5e-4
    //   U = 1 − 0.9999 · (1 − (1 − 0.995 · 0.9999)³) · 0.9999 · 0.9995 = 7.000225…e-4 (99.93%, 6h 8m a year).
    const webApp = (1 - 0.995 * 0.9999) ** 3;
    const u = 1 - 0.9999 * (1 - webApp) * 0.9999 * 0.9995;
    assert.equal(json.systems.length, 1);
    assert.ok(Math.abs(json.systems[0]!.unavailability - u) <= 1e-12, `${json.systems[0]!.unavailability} vs ${u}`);
    assert.match(topo, /path dns -> web-lb -> web-app -> sessions -> db/);
    assert.match(topo, /# assumed: .*RDS.*Multi-AZ.*99\.95%/);
    const check = topoCli(['check', out]);
    assert.equal(check.code, 0, check.out + check.err);
    const fmt = topoCli(['fmt', '--check', out]);
    assert.equal(fmt.code, 0, fmt.out + fmt.err);

    // The managed services are single elements at their SLA: findings say so, at their resources' entries,
    // costliest first; Route 53 at 100% costs nothing and gets none; a managed service gets no health-check finding.
    assert.deepEqual(json.findings.map((f) => [f.check, addressAt(f.location)]), [
      ['managed-single-service', 'module.db.aws_db_instance.this'],
      ['managed-single-service', 'aws_lb.web'],
      ['managed-single-service', 'aws_elasticache_replication_group.sessions'],
    ]);
    // db's cost: Birnbaum importance × its unavailability = 5e-4 × Π(1 − U of the others), in minutes a year.
    const dbMinutes = 5e-4 * 0.9999 * (1 - webApp) * 0.9999 * 365.25 * 24 * 60;
    assert.ok(Math.abs(json.findings[0]!.minutesPerYear! - dbMinutes) < 1e-6, `${json.findings[0]!.minutesPerYear} vs ${dbMinutes}`);
    // Skipped: what Topo does not model, and what the plan deletes, each at its entry.
    const skipped = json.skipped.map((s) => addressAt(s.location));
    for (const address of ['aws_iam_role.app', 'aws_security_group.web', 'aws_s3_bucket.assets', 'aws_instance.legacy']) {
      assert.ok(skipped.includes(address), `${address} not in ${JSON.stringify(skipped)}`);
    }
  });

  it('writes SARIF with its locations in the plan', () => {
    const r = topoCli(['import', 'terraform', PLAN, '-o', join(dir, 's.topo'), '--format', 'sarif']);
    assert.equal(r.code, 0, r.err);
    const sarif = JSON.parse(r.out) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] }[] }[] };
    const locations = sarif.runs[0]!.results.map((x) => x.locations[0]!.physicalLocation);
    assert.ok(locations.length >= 3);
    for (const l of locations) {
      assert.equal(l.artifactLocation.uri, PLAN);
      assert.match(addressAt({ line: l.region.startLine, column: l.region.startColumn }), /^[\w.[\]"-]+$/);
    }
  });

  it('says what is wrong with a bad plan, at its line, without a stack trace', () => {
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{\n  "format_version": "1.2",\n  "planned_values": {\n');
    const r = topoCli(['import', 'terraform', broken]);
    assert.equal(r.code, 1);
    assert.match(r.out + r.err, /broken\.json:\d+:\d+ error invalid JSON/);
    assertNoStackTrace(r, 'topo import');

    const notAPlan = join(dir, 'list.json');
    writeFileSync(notAPlan, '[1, 2, 3]\n');
    const list = topoCli(['import', 'terraform', notAPlan]);
    assert.notEqual(list.code, 0);
    assert.match(list.out + list.err, /list\.json:1:1 error/);
    assertNoStackTrace(list, 'topo import');

    const empty = join(dir, 'empty.json');
    writeFileSync(empty, '');
    const none = topoCli(['import', 'terraform', empty]);
    assert.notEqual(none.code, 0);
    assert.match(none.out + none.err, /empty\.json:1:1 error/);
    assertNoStackTrace(none, 'topo import');
  });
});
