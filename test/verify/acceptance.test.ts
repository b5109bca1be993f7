/**
 * The spec's worked example (section 10), from its text: the figures, the SPOFs and the
 * diagnostics it lists, through the engine and through `topo check` as a child process.
 */
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyseDocument } from '../../server/src/core/pipeline';
import { formatMarkdownReport } from '../../server/src/core/report/markdown';
import { bruteForce } from './brute-force';
import { parseScramReport, scramVersion } from './scram';

const ROOT = join(__dirname, '..', '..');
const EXAMPLE = join(ROOT, 'examples', 'checkout.topo');
const text = readFileSync(EXAMPLE, 'utf8');
const lineOf = (needle: string): number => text.split('\n').findIndex((l) => l.includes(needle));

describe('the spec example (checkout)', () => {
  const doc = analyseDocument(text);
  const a = doc.systems[0]?.analysis;
  const codes = (code: string) => doc.diagnostics.filter((d) => d.code === code);

  it('has U = 6.114987e-4 = U_struct 6.104575e-4 + windows 1.0413e-6, exact', () => {
    assert.ok(a, 'no analysis');
    assert.ok(a.exact);
    assert.equal(a.unavailability.toExponential(6), '6.114987e-4');
    assert.equal(a.structuralUnavailability.toExponential(6), '6.104575e-4');
    assert.equal(a.failoverUnavailability.toExponential(4), '1.0413e-6');
    const model = doc.systems[0]?.model;
    assert.ok(model);
    const exact = bruteForce(model)?.system;
    assert.ok(exact, 'brute force evaluated nothing');
    for (const key of ['unavailability', 'structuralUnavailability', 'failoverUnavailability'] as const) {
      assert.ok(Math.abs(a[key] - exact[key]) <= 1e-9 * exact[key], `${key} = ${a[key]}, brute force ${exact[key]}`);
    }
    assert.equal(a.nines.toFixed(2), '3.21');
    assert.ok(Math.abs(a.downtime.year - a.unavailability * 31_557_600) < 1e-6);
  });

  it('has exactly the SPOFs lb1, az1, use1', () => {
    assert.ok(a);
    assert.deepEqual(a.spofs.map((s) => `${s.type}:${s.element}`).sort(), ['instance:lb1', 'region:use1', 'zone:az1']);
  });

  it('says the load balancer itself is the single point of failure, on lb1', () => {
    const lb1 = codes('spof').filter((d) => d.range.start.line === lineOf('node lb1'));
    assert.equal(lb1.length, 1, JSON.stringify(codes('spof')));
    assert.match(lb1[0]?.message ?? '', /load balancer/i);
  });

  it('warns rto-exceeded on lb, misses the SLO, meets the SLA, keeps headroom', () => {
    const rto = codes('rto-exceeded');
    assert.ok(rto.some((d) => d.range.start.line === lineOf('layer lb')), JSON.stringify(rto));
    assert.equal(codes('slo-miss').length, 1);
    assert.equal(codes('slo-miss')[0]?.range.start.line, lineOf('slo 99.95%'));
    assert.equal(codes('sla-miss').length, 0);
    assert.equal(codes('no-headroom').length, 0);
  });

  it('renders a Markdown report with the layer table and the SPOFs', () => {
    const md = formatMarkdownReport('checkout.topo', doc.systems);
    assert.match(md, /^# Availability report: checkout\.topo/);
    assert.match(md, /\*\*99\.93885% available \(3\.21 nines\)/);
    assert.match(md, /\| layer \| mode \| k\/n \| availability \| RTO \| RPO \|/);
    assert.match(md, /\| db \| active-passive \| 1\/2 \| /);
    assert.match(md, /- lb1 \(instance in lb\)/);
  });

  it("has db failing over in 15 s, its windows opened by db-primary's failures (az1's and use1's cost milliseconds), and lb RTO 1 h", () => {
    assert.ok(a);
    const db = a.layers.find((l) => l.name === 'db');
    assert.equal(db?.failoverSeconds, 15);
    const cost = db?.failover;
    assert.ok(cost, 'no failover figures for db');
    // Every window of the system is db's.
    assert.ok(Math.abs(cost.unavailability - a.failoverUnavailability) <= 1e-9 * a.failoverUnavailability, `${cost.unavailability} vs ${a.failoverUnavailability}`);
    assert.ok(Math.abs(cost.secondsPerYear - a.failoverUnavailability * 31_557_600) <= 1e-6, `${cost.secondsPerYear} s/year`);
    // db-primary fails 2.5e-4 times an hour; each window costs its 15 s unless something else has the system down.
    const byPrimary = 2.5e-4 * 8766 * 15;
    assert.ok(cost.byTrigger.instance <= byPrimary && cost.byTrigger.instance > byPrimary * 0.995, `instance share ${cost.byTrigger.instance} s/year`);
    assert.ok(cost.byTrigger.zone > 0 && cost.byTrigger.zone < 0.05, `az1's share ${cost.byTrigger.zone} s/year`);
    assert.ok(cost.byTrigger.region >= 0 && cost.byTrigger.region < 0.01, `use1's share ${cost.byTrigger.region} s/year`);
    assert.equal(a.layers.find((l) => l.name === 'lb')?.rtoSeconds, 3600);
  });
});

describe('topo check on the spec example, as a child process', function () {
  this.timeout(60_000);
  const topo = join(ROOT, 'dist', 'topo.js');
  before(() => {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT });
  });
  const run = (format: string) => spawnSync(process.execPath, [topo, 'check', '--format', format, 'examples/checkout.topo'], { cwd: ROOT, encoding: 'utf8' });

  it('--format json fills the fields of spec section 8 and exits 1 (slo-miss)', () => {
    const r = run('json');
    assert.equal(r.status, 1, r.stderr);
    const json = JSON.parse(r.stdout);
    const file = json.files[0];
    assert.equal(file.file, 'examples/checkout.topo');
    const spof = file.diagnostics.find((d: { code: string }) => d.code === 'spof');
    assert.deepEqual(Object.keys(spof.range), ['start', 'end']);
    assert.ok(['error', 'warning', 'info'].includes(spof.severity));
    const s = file.systems[0];
    assert.equal(s.name, 'checkout');
    assert.equal(s.unavailability.toExponential(6), '6.114987e-4');
    assert.ok(Math.abs(s.availability + s.unavailability - 1) < 1e-12);
    assert.equal(Number(s.nines.toFixed(2)), 3.21);
    for (const k of ['year', 'month', 'week']) assert.equal(typeof s.downtime[k], 'number');
    const db = s.layers.find((l: { name: string }) => l.name === 'db');
    assert.deepEqual(
      { mode: db.mode, kind: db.kind, rto: db.rtoSeconds, rpo: db.rpoSeconds },
      { mode: 'active-passive', kind: 'database', rto: 15, rpo: 2 },
    );
    assert.equal(typeof db.availability, 'number');
    assert.equal(typeof db.unavailability, 'number');
    assert.deepEqual(s.spofs.find((x: { element: string }) => x.element === 'lb1'), { element: 'lb1', type: 'instance', layer: 'lb' });
    assert.ok(s.cutSets.length > 0 && Array.isArray(s.cutSets[0].elements) && typeof s.cutSets[0].probability === 'number');
    for (let i = 1; i < s.cutSets.length; i++) assert.ok(s.cutSets[i - 1].probability >= s.cutSets[i].probability, 'cut sets sorted');
    assert.ok(s.importance.length > 0 && typeof s.importance[0].birnbaum === 'number' && typeof s.importance[0].element === 'string');
  });

  it('--format sarif is SARIF 2.1.0 with rule ids = codes', () => {
    const r = run('sarif');
    assert.equal(r.status, 1, r.stderr);
    const sarif = JSON.parse(r.stdout);
    assert.equal(sarif.version, '2.1.0');
    const run0 = sarif.runs[0];
    assert.equal(run0.tool.driver.name, 'topo');
    const ruleIds = run0.tool.driver.rules.map((x: { id: string }) => x.id);
    assert.ok(ruleIds.includes('spof') && ruleIds.includes('slo-miss'));
    const spof = run0.results.find((x: { ruleId: string; locations: { physicalLocation: { region: { startLine: number } } }[] }) =>
      x.ruleId === 'spof' && x.locations[0]?.physicalLocation.region.startLine === lineOf('node lb1') + 1);
    assert.ok(spof, 'spof on lb1 with a 1-based line');
    assert.equal(spof.level, 'warning');
    assert.equal(run0.tool.driver.rules[spof.ruleIndex].id, 'spof');
    assert.equal(spof.locations[0].physicalLocation.artifactLocation.uri, 'examples/checkout.topo');
    assert.ok(run0.results.some((x: { level: string; ruleId: string }) => x.ruleId === 'slo-miss' && x.level === 'error'));
  });

  it("topo export --format mef writes the structural fault tree (SCRAM's U_struct) and says so on stderr", () => {
    assert.ok(scramVersion(), 'scram is not installed: run `bash scripts/setup-system.sh`');
    const dir = mkdtempSync(join(tmpdir(), 'topo-export-'));
    try {
      const mef = join(dir, 'checkout.xml');
      const r = spawnSync(process.execPath, [topo, 'export', '--format', 'mef', 'examples/checkout.topo', '-o', mef], { cwd: ROOT, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stderr, /system checkout: the fault tree carries the structure only; SCRAM \(or any PRA tool\) computes U_struct = 6\.10457e-4; Topo's U = U_struct \+ failover windows 1\.04127e-6 = 6\.11499e-4/);
      assert.match(readFileSync(mef, 'utf8'), /<attribute name="topo-failover-unavailability" value="1\.0412\d*e-6"\/>/);
      execFileSync('scram', ['--bdd', '--probability', 'true', '--limit-order', '1', '-o', join(dir, 'report.xml'), mef]);
      const report = parseScramReport(readFileSync(join(dir, 'report.xml'), 'utf8'));
      assert.equal(report.tops.get('checkout-down')?.probability, 6.10457e-4);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('topo export refuses a model with errors (exit 1, the diagnostics on stderr)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'topo-export-'));
    try {
      const bad = join(dir, 'bad.topo');
      writeFileSync(bad, 'system s {\n  layer app { node a { zone nowhere } }\n}\n');
      const r = spawnSync(process.execPath, [topo, 'export', '--format', 'mef', bad], { cwd: ROOT, encoding: 'utf8' });
      assert.equal(r.status, 1);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /missing-availability/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('topo export refuses an unknown format with exit 2', () => {
    const r = spawnSync(process.execPath, [topo, 'export', '--format', 'dot', 'examples/checkout.topo'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /mef/);
  });

  it('text: the headline, the downtime, the SPOFs, then the diagnostics', () => {
    const r = run('text');
    assert.equal(r.status, 1, r.stderr);
    const out = r.stdout;
    assert.match(out, /99\.9388\d*%/);
    assert.match(out, /3\.21 nines/);
    assert.match(out, /5h 22m/);
    assert.match(out, /single points of failure: .*lb1/);
    assert.ok(out.indexOf('single points of failure') < out.indexOf('examples/checkout.topo:'), 'report before diagnostics');
    assert.match(out, /examples\/checkout\.topo:\d+:\d+ warning spof /);
  });
});
