/**
 * `topo import` as a user runs it: the bundled CLI as a child process, on the Compose fixtures of
 * test/fixtures/import/compose/. The draft's figures are checked against a hand calculation; every
 * bad input must give its `file:line:col`, a non-zero exit and no stack trace.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertNoStackTrace, buildCli, topoCli } from '../support/cli';
import { assertTerminalSafe } from '../support/terminal';

const FIXTURES = 'test/fixtures/import/compose';
const webapp = `${FIXTURES}/webapp.yml`;

interface ImportJson {
  output: string | null;
  topo: string | null;
  systems: { name: string; unavailability: number }[];
  findings: { check: string; message: string; minutesPerYear?: number; cutSet?: string[]; location: { file: string; line: number; column: number } }[];
  skipped: { what: string; location: { line: number } }[];
  errors: { message: string; location: { line: number; column: number } }[];
}


describe('topo import compose', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    buildCli();
    dir = mkdtempSync(join(tmpdir(), 'topo-import-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('drafts the web app with figures checked by hand, a draft that checks clean and is formatted', () => {
    const out = join(dir, 'shop.topo');
    const r = topoCli(['import', 'compose', webapp, '-o', out, '--format', 'json']);
    assert.equal(r.code, 0, r.err);
    const json = JSON.parse(r.out) as ImportJson;
    const topo = readFileSync(out, 'utf8');
    assert.equal(json.topo, topo);
    // By hand. Every replica assumes the catalogue's container default, 99.9%: q = 0.001. The host
    // zone has no availability, so it never fails in the figures and the layers are independent.
    //   proxy ×1: q = 1e-3;  web ×3: q³ = 1e-9;  api ×2: q² = 1e-6;  postgres ×1: 1e-3;  redis ×1: 1e-3.
    //   worker depends on postgres and redis, publishes no port and nothing needs it: off the path (optional).
    //   U = 1 − 0.999 · (1 − 1e-9) · (1 − 1e-6) · 0.999 · 0.999 = 0.002998… (availability 99.7002%).
    const u = 1 - 0.999 * (1 - 1e-9) * (1 - 1e-6) * 0.999 * 0.999;
    assert.equal(json.systems.length, 1);
    assert.equal(json.systems[0]!.name, 'shop');
    assert.ok(Math.abs(json.systems[0]!.unavailability - u) <= 1e-12, `${json.systems[0]!.unavailability} vs ${u}`);
    assert.match(topo, /path proxy -> web -> api -> postgres -> redis/);
    assert.match(topo, /layer worker \{\s*optional/);
    assert.match(topo, /health-check \{ interval 90s timeout 5s unhealthy 3 \}/, 'api: interval 1m30s');
    assert.match(topo, /zone host\n/);
    assert.equal(topo.match(/# assumed: Topo default 99\.9%/g)?.length, 6, 'one assumed comment per service');

    // The proxy's single replica costs q × Birnbaum = 0.001 × (1 − U_rest) a year, where U_rest is
    // the path without the proxy: 1 − (1 − 1e-9)(1 − 1e-6) · 0.999 · 0.999. 525,960 minutes a year.
    const uRest = 1 - (1 - 1e-9) * (1 - 1e-6) * 0.999 * 0.999;
    const proxy = json.findings.find((f) => f.check === 'single-replica' && f.message.includes('`proxy`'));
    assert.ok(proxy, JSON.stringify(json.findings));
    assert.ok(Math.abs(proxy.minutesPerYear! - 0.001 * (1 - uRest) * 525_960) < 1e-6, String(proxy.minutesPerYear));
    assert.deepEqual(proxy.location, { file: webapp, line: 5, column: 3 });
    assert.deepEqual(proxy.cutSet, ['proxy']);
    assert.deepEqual(json.findings.filter((f) => f.check === 'single-replica').map((f) => f.location.line), [5, 50, 60], 'proxy, postgres, redis');
    assert.deepEqual(json.findings.filter((f) => f.check === 'no-healthcheck').map((f) => f.location.line), [44], 'worker');
    assert.ok(json.findings.some((f) => f.check === 'single-zone'));

    const check = topoCli(['check', out]);
    assert.equal(check.code, 0, check.out);
    assert.doesNotMatch(check.out, / error /);
    assert.equal(topoCli(['fmt', '--check', out]).code, 0, 'the draft is formatted');
  });

  it('writes the draft to stdout and the findings, terminal-safe, to stderr', () => {
    const r = topoCli(['import', 'compose', webapp]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^# Draft written by `topo import compose` from /);
    assert.match(r.err, new RegExp(`^${webapp}:5:3 warning single-replica service \`proxy\` runs 1 replica`, 'm'));
    assert.match(r.err, /draft system shop: availability 99\.7002%/);
    assertTerminalSafe(r.err, 'the report');
  });

  it('gives SARIF with the Compose file\'s locations', () => {
    const r = topoCli(['import', 'compose', webapp, '-o', join(dir, 's.topo'), '--format', 'sarif']);
    assert.equal(r.code, 0, r.err);
    const sarif = JSON.parse(r.out) as { runs: { results: { ruleId: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] }[] }[] };
    const proxy = sarif.runs[0]!.results.find((x) => x.message.text.startsWith('single-replica: service `proxy`'));
    assert.ok(proxy);
    assert.equal(proxy.ruleId, 'spof');
    assert.deepEqual(proxy.locations[0]!.physicalLocation.region, { startLine: 5, startColumn: 3, endLine: 5, endColumn: 3 });
    assert.equal(proxy.locations[0]!.physicalLocation.artifactLocation.uri, webapp);
  });

  const bad: [string, string, RegExp][] = [
    ['invalid.yml', '5:3', /invalid YAML: /],
    ['cycle.yml', '11:18', /`depends_on` has a cycle: api → db → api/],
    ['templated.yml', '6:17', /`replicas` of service `web` is templated \(\$\{WEB_REPLICAS\}\)/],
    ['empty.yml', '1:1', /the file is empty/],
  ];
  for (const [file, at, message] of bad) {
    it(`refuses ${file} with its file:line:col and exit 1, writing no draft`, () => {
      const out = join(dir, `${file}.topo`);
      const r = topoCli(['import', 'compose', `${FIXTURES}/${file}`, '-o', out]);
      assert.equal(r.code, 1, r.out + r.err);
      const line = r.out.split('\n').find((l) => l.startsWith(`${FIXTURES}/${file}:${at} error `));
      assert.ok(line, r.out);
      assert.match(line, message);
      assertNoStackTrace(r, 'topo import');
      assert.throws(() => readFileSync(out), /ENOENT/);
    });
  }

  it('refuses a figure beyond the import\'s limits at its service, and writes no draft', () => {
    const source = readFileSync(webapp, 'utf8');
    for (const [from, to] of [['retries: 5', 'retries: 1e30'], ['interval: 10s\n      timeout: 5s\n      retries: 5', 'interval: 1000000000000000000000000000000000s\n      timeout: 5s\n      retries: 5']] as const) {
      assert.ok(source.includes(from), from);
      const file = join(dir, 'huge.yml');
      writeFileSync(file, source.replace(from, to));
      const out = join(dir, 'huge.topo');
      rmSync(out, { force: true });
      const r = topoCli(['import', 'compose', file, '-o', out]);
      assert.equal(r.code, 1, r.out + r.err);
      // postgres (line 50) is the service with `retries: 5`; the number is never written as 1e+30.
      assert.match(r.out, new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:50:3 error \`postgres\`: (failure count \\(unhealthy\\)|health-check interval) [\\d,]+( s)? is beyond the import's limit of (1,000,000|1d)$`, 'm'));
      assert.doesNotMatch(r.out + r.err, /e\+\d/);
      assert.equal(existsSync(out), false, 'no draft is written');
      assertNoStackTrace(r, 'topo import');
    }
  });

  it('skips an unknown top-level key with a warning at its line and still drafts the rest', () => {
    const r = topoCli(['import', 'compose', `${FIXTURES}/unknown-key.yml`, '--format', 'json']);
    assert.equal(r.code, 0, r.err);
    const json = JSON.parse(r.out) as ImportJson;
    assert.deepEqual(json.skipped.map((s) => [s.what, s.location.line]), [['top-level key `servcies`', 9]]);
    assert.match(json.topo!, /layer web \{/);
    const text = topoCli(['import', 'compose', `${FIXTURES}/unknown-key.yml`, '-o', join(dir, 'u.topo')]);
    assert.match(text.out, new RegExp(`^${FIXTURES}/unknown-key.yml:9:1 warning skipped top-level key \`servcies\``, 'm'));
  });

  it('refuses a missing file and an unknown source (exit 2), and --help lists every source', () => {
    const missing = topoCli(['import', 'compose', `${FIXTURES}/no-such.yml`]);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /no-such\.yml: no such file/);
    const unknown = topoCli(['import', 'helm', 'chart.yaml']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /unknown source 'helm'/);
    const help = topoCli(['--help']).out;
    assert.match(help, /topo import compose FILE/);
    assert.match(help, /topo import k8s FILE\|DIR/);
    assert.match(help, /topo import terraform PLAN\.json/);
  });
});

describe('topo import compose: YAML as Compose writes it', function () {
  this.timeout(60_000);
  before(() => buildCli());

  it('follows aliases and << merge keys, and makes names Topo identifiers, keeping the original', () => {
    const r = topoCli(['import', 'compose', `${FIXTURES}/anchors.yml`, '--format', 'json']);
    assert.equal(r.code, 0, r.err);
    const json = JSON.parse(r.out) as ImportJson;
    const topo = json.topo!;
    // `my.app` is no identifier and `node` a keyword; both keep the merged replicas and health check.
    assert.match(topo, /# Compose service `my\.app` \(written my-app: not a Topo identifier, or taken\), line 10/);
    assert.match(topo, /layer my-app \{\s*health-check \{ interval 5s timeout 30s unhealthy 3 \}\s*node my-app \{[^}]*replicas 2/);
    assert.match(topo, /layer node_ \{[^]*?node node_ \{ *\n? *availability 99\.9%/);
    assert.doesNotMatch(topo, /layer node_ \{[^]*?replicas/, 'the service\'s own deploy wins over the merged one');
    assert.match(topo, /path my-app -> node_/);
    assert.deepEqual(json.findings.filter((f) => f.check === 'single-replica').map((f) => f.location.line), [14]);
  });

  it('refuses a document that is not a mapping, at its line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'topo-import-'));
    try {
      const file = join(dir, 'list.yml');
      writeFileSync(file, '# a list\n- web\n- db\n');
      const r = topoCli(['import', 'compose', file, '-o', join(dir, 'x.topo')]);
      assert.equal(r.code, 1);
      assert.match(r.out, /list\.yml:2:1 error a Compose file is a mapping with a `services:` key, not a list/);
      assertNoStackTrace(r, 'topo import');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
