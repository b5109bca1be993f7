/**
 * `topo import k8s` as a user runs it: the bundled CLI as a child process, on the manifests of
 * test/fixtures/import/k8s/ (the shop: a microservice app over nine files, one a Helm-rendered
 * multi-document file, one a `kind: List`, one in a subdirectory). The draft's figures are
 * checked against a hand calculation; every bad input must give its `file:line:col`, a non-zero
 * exit and no stack trace.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertNoStackTrace, buildCli, topoCli } from '../support/cli';
import { assertTerminalSafe } from '../support/terminal';

const SHOP = 'test/fixtures/import/k8s/shop';
const BAD = 'test/fixtures/import/k8s/bad';

interface ImportJson {
  files: string[];
  topo: string | null;
  systems: { name: string; unavailability: number }[];
  findings: { check: string; message: string; minutesPerYear?: number; location: { file: string; line: number; column: number } }[];
  skipped: { what: string; reason: string; location: { file: string; line: number; column: number } }[];
  errors: { message: string; location: { file: string; line: number; column: number } }[];
}


describe('topo import k8s', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    buildCli();
    dir = mkdtempSync(join(tmpdir(), 'topo-import-k8s-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('drafts the shop from its directory with figures checked by hand, a draft that checks clean and is formatted', () => {
    const out = join(dir, 'shop.topo');
    const r = topoCli(['import', 'k8s', SHOP, '-o', out, '--format', 'json']);
    assert.equal(r.code, 0, r.err);
    const json = JSON.parse(r.out) as ImportJson;
    const topo = readFileSync(out, 'utf8');
    assert.equal(json.topo, topo);
    assert.deepEqual(json.files, [
      'backend-list.yaml', 'catalog.yaml', 'checkout.yaml', 'extras.yaml', 'frontend.yaml', 'ingress.yaml', 'loadgenerator.yaml', 'monitoring/node-exporter.yml', 'redis.yaml',
    ].map((f) => `${SHOP}/${f}`), 'recursive, sorted, .yaml and .yml');

    // What the manifests say, as the draft must write it:
    //   frontend: spec.replicas 2, but its HPA keeps minReplicas 3; DoNotSchedule on the zone → zones [z1, z2, z3];
    //     readinessProbe periodSeconds 5, timeoutSeconds 2, failureThreshold 2.
    //   checkout: 2, required anti-affinity on the zone → [z1, z2]; livenessProbe only, all defaults (10s, 1s, 3).
    //   cart: 2, no spread → both in z1; recommendation: 2, no spread → z1; email: 1 → z1; redis-cart (StatefulSet): 1 → z1.
    //   currency (ScheduleAnyway), payment, shipping, ad (HPA min 2): 2 each over [z1, z2]; productcatalog: 3 over [z1, z2, z3].
    //   loadgenerator (calls the frontend, nothing calls it) and node-exporter (a DaemonSet) are off the path: optional.
    assert.match(topo, /layer frontend \{\s*health-check \{ interval 5s timeout 2s unhealthy 2 \}\s*node frontend \{\s*availability 99\.9%[^\n]*\n\s*replicas 3\s*zones \[z1, z2, z3\]/);
    assert.match(topo, /layer checkout \{\s*health-check \{ interval 10s timeout 1s unhealthy 3 \}\s*node checkout \{[^}]*replicas 2\s*zones \[z1, z2\]/);
    assert.match(topo, /layer cart \{[^]*?node cart \{[^}]*replicas 2\s*zone z1\n/);
    assert.match(topo, /all 2 replicas may be scheduled in one zone/);
    assert.match(topo, /layer redis-cart \{\s*kind cache/);
    assert.match(topo, /layer loadgenerator \{\s*optional/);
    assert.match(topo, /layer node-exporter \{\s*optional/);
    assert.match(topo, /path frontend -> cart -> currency -> productcatalog -> recommendation -> shipping -> ad -> checkout -> redis-cart -> payment -> email\n/);

    // By hand. Every replica assumes the catalogue's container default, 99.9% (p = 0.001), every
    // zone its zone default, 99.99% (z = 1e-4). z1 holds every replica of cart, recommendation, email and redis-cart, so
    // the system is down whenever z1 is. With z1 up, condition on z2 and z3 (q2 = p when z2 is up,
    // 1 when it is down; q3 likewise):
    //   cart, recommendation (2 in z1):   1 − p² each;      email, redis-cart (1 in z1): 1 − p each
    //   five layers of 2 over [z1, z2]:   1 − p·q2 each     (checkout, currency, payment, shipping, ad)
    //   two layers of 3 over [z1, z2, z3]: 1 − p·q2·q3 each (frontend, productcatalog)
    //   A = (1 − z) · Σ over z2, z3 of P(z2, z3) · (1 − p²)² (1 − p)² (1 − p·q2)⁵ (1 − p·q2·q3)²
    // which is about 1 − 2.1e-3 (99.79%): email and redis-cart cost about 1e-3 each, z1 1e-4.
    const p = 0.001;
    const z = 1e-4;
    let a = 0;
    for (const z2Up of [true, false]) {
      for (const z3Up of [true, false]) {
        const q2 = z2Up ? p : 1;
        const q3 = z3Up ? p : 1;
        const state = (z2Up ? 1 - z : z) * (z3Up ? 1 - z : z);
        a += state * (1 - p * p) ** 2 * (1 - p) ** 2 * (1 - p * q2) ** 5 * (1 - p * q2 * q3) ** 2;
      }
    }
    a *= 1 - z;
    const u = 1 - a;
    assert.equal(json.systems.length, 1);
    assert.equal(json.systems[0]!.name, 'shop');
    assert.ok(Math.abs(json.systems[0]!.unavailability - u) <= 1e-12, `${json.systems[0]!.unavailability} vs ${u}`);

    // email's single replica costs p × Birnbaum a year; its Birnbaum importance is P(up | email up) = A / (1 − p)
    // (the system is surely down when it is). redis-cart's the same; z1's z × A / (1 − z). 525,960 minutes a year.
    const email = json.findings.find((f) => f.check === 'single-replica' && f.message.includes('`email`'));
    assert.ok(email, JSON.stringify(json.findings));
    assert.ok(Math.abs(email.minutesPerYear! - (p * a) / (1 - p) * 525_960) < 1e-6, String(email.minutesPerYear));
    assert.deepEqual(email.location, { file: `${SHOP}/catalog.yaml`, line: 123, column: 1 }, 'the email Deployment\'s first line');
    const zone = json.findings.find((f) => f.check === 'single-zone');
    assert.ok(zone);
    assert.ok(Math.abs(zone.minutesPerYear! - (z * a) / (1 - z) * 525_960) < 1e-6, String(zone.minutesPerYear));
    assert.match(zone.message, /zone `z1` holds every replica of `cart`, `recommendation`, `email`, `redis-cart`/);
    assert.deepEqual(json.findings.filter((f) => f.check === 'single-replica').map((f) => `${f.location.file}:${f.location.line}`), [`${SHOP}/redis.yaml:1`, `${SHOP}/catalog.yaml:123`]);
    assert.deepEqual(json.findings.filter((f) => f.check === 'no-healthcheck').map((f) => `${f.location.file}:${f.location.line}`), [`${SHOP}/loadgenerator.yaml:2`, `${SHOP}/catalog.yaml:123`]);
    assert.deepEqual(json.skipped.map((s) => [s.what, `${s.location.line}:${s.location.column}`]), [
      ['ConfigMap `shop-config`', '1:1'], ['ServiceAccount `shop`', '9:1'], ['CronJob `nightly-report`', '15:1'], ['ServiceMonitor `shop`', '31:1'],
    ]);
    assert.match(json.skipped[3]!.reason, /custom resource/);

    const check = topoCli(['check', out]);
    assert.equal(check.code, 0, check.out);
    assert.doesNotMatch(check.out, / error /);
    assert.equal(topoCli(['fmt', '--check', out]).code, 0, 'the draft is formatted');
  });

  it('reads files named one by one, a List item at its own line; the draft to stdout and the report, terminal-safe, to stderr', () => {
    const r = topoCli(['import', 'k8s', `${SHOP}/ingress.yaml`, `${SHOP}/backend-list.yaml`, `${SHOP}/frontend.yaml`]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^# Draft written by `topo import k8s` from /);
    assert.match(r.out, /# Kubernetes workload `cart`, test\/fixtures\/import\/k8s\/shop\/backend-list\.yaml:5\n/);
    assert.match(r.out, /# Kubernetes workload `frontend`, test\/fixtures\/import\/k8s\/shop\/frontend\.yaml:4\n/, 'after the # Source: comment');
    assert.match(r.err, /draft system ingress: availability /);
    assertTerminalSafe(r.err, 'the report');
    const twice = topoCli(['import', 'k8s', SHOP, `${SHOP}/redis.yaml`, '--format', 'json']);
    assert.equal((JSON.parse(twice.out) as ImportJson).files.length, 9, 'a file named twice, itself and in its directory, is read once');
  });

  it('gives SARIF with the manifests\' locations', () => {
    const r = topoCli(['import', 'k8s', SHOP, '-o', join(dir, 's.topo'), '--format', 'sarif']);
    assert.equal(r.code, 0, r.err);
    const sarif = JSON.parse(r.out) as { runs: { results: { ruleId: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] }[] }[] };
    const results = sarif.runs[0]!.results;
    const email = results.find((x) => x.message.text.startsWith('single-replica: workload `email`'));
    assert.ok(email);
    assert.equal(email.ruleId, 'spof');
    assert.equal(email.locations[0]!.physicalLocation.artifactLocation.uri, `${SHOP}/catalog.yaml`);
    assert.equal(email.locations[0]!.physicalLocation.region.startLine, 123);
    const crd = results.find((x) => x.message.text.startsWith('skipped ServiceMonitor'));
    assert.ok(crd);
    assert.equal(crd.ruleId, 'ignored-property');
    assert.equal(crd.locations[0]!.physicalLocation.artifactLocation.uri, `${SHOP}/extras.yaml`);
    assert.equal(crd.locations[0]!.physicalLocation.region.startLine, 31);
  });

  const bad: [string, string, RegExp][] = [
    ['invalid.yaml', '6:13', /invalid YAML: /],
    ['bare-string.yaml', '9:1', /a Kubernetes manifest is a mapping with `apiVersion` and `kind`, not 'just a string'/],
    ['templated.yaml', '7:13', /Deployment `web` has a templated value \(\{\{ \.Values\.replicaCount \}\}\).*render the chart first \(`helm template/],
  ];
  for (const [file, at, message] of bad) {
    it(`refuses ${file} with its file:line:col and exit 1, writing no draft`, () => {
      const out = join(dir, `${file}.topo`);
      const r = topoCli(['import', 'k8s', `${BAD}/${file}`, '-o', out]);
      assert.equal(r.code, 1, r.out + r.err);
      const line = r.out.split('\n').find((l) => l.startsWith(`${BAD}/${file}:${at} error `));
      assert.ok(line, r.out);
      assert.match(line, message);
      assertNoStackTrace(r, 'topo import');
      assert.throws(() => readFileSync(out), /ENOENT/);
    });
  }

  it('says an un-rendered template that is not even YAML is one, with the first error\'s line', () => {
    const file = join(dir, 'chart.yaml');
    writeFileSync(file, 'apiVersion: apps/v1\nkind: Deployment\n{{- if .Values.enabled }}\nmetadata:\n  name: web\n{{- end }}\n');
    const r = topoCli(['import', 'k8s', file, '-o', join(dir, 'chart.topo')]);
    assert.equal(r.code, 1, r.out + r.err);
    assert.match(r.out, new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:\\d+ error invalid YAML: .*un-rendered Helm template\\? render the chart first`, 'm'));
    assertNoStackTrace(r, 'topo import');
  });

  it('refuses a file over the size limit at its first line, and an empty directory, with no stack trace', () => {
    const huge = join(dir, 'huge.yaml');
    writeFileSync(huge, `# ${'x'.repeat(1024 * 1024)}\napiVersion: v1\n`);
    const r = topoCli(['import', 'k8s', huge, '-o', join(dir, 'huge.topo')]);
    assert.equal(r.code, 1, r.out + r.err);
    assert.match(r.out, new RegExp(`${huge.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:1:1 error the file is larger than the import's limit of 1,048,576 characters`));
    assertNoStackTrace(r, 'topo import');

    const empty = join(dir, 'empty');
    mkdirSync(join(empty, 'nested'), { recursive: true });
    writeFileSync(join(empty, 'nested', 'README.md'), 'not a manifest\n');
    const e = topoCli(['import', 'k8s', empty]);
    assert.equal(e.code, 2, e.out + e.err);
    assert.match(e.err, /empty: no \.yaml or \.yml file in this directory/);
    assertNoStackTrace(e, 'topo import');

    const missing = topoCli(['import', 'k8s', `${SHOP}/no-such.yaml`]);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /no-such\.yaml: no such file/);
  });

  it('refuses a path that does not exist (exit 2) and lists k8s in the help', () => {
    const r = topoCli(['import', 'k8s', `${SHOP}/no-such-dir`]);
    assert.equal(r.code, 2);
    assert.match(r.err, /no-such-dir/);
    assertNoStackTrace(r, 'topo import');
    assert.match(topoCli(['--help']).out, /topo import k8s FILE\|DIR\.\.\./);
  });
});
