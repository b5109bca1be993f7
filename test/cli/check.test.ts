/**
 * `topo check` as a user runs it: the bundled CLI as a child process.
 * Covers the output formats, exit codes (0 ok, 1 error findings, 2 usage/I/O), help and
 * version, and issue 2's bad inputs — each must end within seconds with a clear message
 * and never a stack trace.
 */
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Random } from '../support/random';
import { buildCli } from '../support/cli';

const root = resolve(__dirname, '../..');
const cli = join(root, 'dist/topo.js');
const example = join(root, 'examples/checkout.topo');
const dir = mkdtempSync(join(tmpdir(), 'topo-cli-'));

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function topo(args: string[], timeoutMs = 30_000): Run {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
  assert.equal(r.error, undefined, `topo ${args.join(' ')} did not finish: ${String(r.error)}`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function file(name: string, content: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

/** No JavaScript stack trace ever reaches the user. */
function assertNoStack(r: Run): void {
  for (const out of [r.stdout, r.stderr]) {
    assert.doesNotMatch(out, /\n\s+at .+\(.+:\d+:\d+\)/, `stack trace in output:\n${out.slice(0, 2000)}`);
  }
}

function json(r: Run): { files: { file: string; diagnostics: { code: string; severity: string; range: unknown }[]; systems: Record<string, unknown>[]; error?: string }[] } {
  return JSON.parse(r.stdout);
}

describe('cli: topo check', () => {
  before(function () {
    this.timeout(120_000);
    buildCli();
  });

  it('prints the report and the diagnostics of the spec example; exit 1 for its slo-miss', () => {
    const r = topo(['check', example]);
    assert.equal(r.status, 1);
    // Spec section 10, revision 2: U = U_struct + the failover windows' term.
    assert.match(r.stdout, /99\.93885% available \(3\.21 nines\)/);
    assert.match(r.stdout, /^ {2}unavailability 6\.114987e-4 = structure 6\.104575e-4 \+ failover windows 1\.0413e-6 \(exact\)$/m);
    // db's windows: ~3.07 a year, 32.9s of system downtime, 32.8s from db-primary's failures, 27ms from az1's.
    assert.match(r.stdout, /^ {2}failover windows {2}T_fo {2}windows\/year {2}downtime\/year {2}from instances {2}from zones {2}from regions$/m);
    assert.match(r.stdout, /^ {2}db {17}15s {10}3\.07 {10}32\.9s {11}32\.8s {6}27\.3ms {12}0s$/m);
    // tsc-style locations, 1-based, with a caret excerpt under each.
    assert.match(r.stdout, /checkout\.topo:17:5 warning spof .*load balancer itself is the single point of failure/);
    assert.match(r.stdout, /checkout\.topo:3:3 error slo-miss /);
    assert.match(r.stdout, /\n\s+17 \| {5}node lb1 \{ availability 99\.95% zone az1 \}/);
    assert.match(r.stdout, /\n\s+\| {5}\^{10,}/);
    assertNoStack(r);
  });

  it('prints the JSON shape of spec section 8', () => {
    const r = topo(['check', '--format', 'json', example]);
    assert.equal(r.status, 1);
    const out = json(r);
    assert.equal(out.files.length, 1);
    const f = out.files[0]!;
    const codes = f.diagnostics.map((d) => d.code).sort();
    assert.deepEqual(codes, ['rto-exceeded', 'slo-miss', 'spof', 'spof', 'spof']);
    const sys = f.systems[0]!;
    assert.equal(sys.name, 'checkout');
    for (const key of ['availability', 'unavailability', 'nines', 'downtime', 'layers', 'spofs', 'cutSets', 'importance']) {
      assert.ok(key in sys, `missing field ${key}`);
    }
    assert.ok(Math.abs((sys.unavailability as number) / 6.114987e-4 - 1) < 1e-6);
    // Revision 2's terms: U = structure + failover windows, at the top and for db.
    assert.ok(Math.abs((sys.structuralUnavailability as number) / 6.104575e-4 - 1) < 1e-6);
    assert.ok(Math.abs((sys.failoverUnavailability as number) / 1.0413e-6 - 1) < 1e-4);
    assert.ok(Math.abs((sys.structuralUnavailability as number) + (sys.failoverUnavailability as number) - (sys.unavailability as number)) < 1e-15);
    assert.ok(!('failoverProbability' in sys));
    const spofs = (sys.spofs as { element: string; type: string }[]).map((s) => `${s.type}:${s.element}`).sort();
    assert.deepEqual(spofs, ['instance:lb1', 'region:use1', 'zone:az1']);
    const db = (sys.layers as { name: string; rtoSeconds: number; rpoSeconds: number }[]).find((l) => l.name === 'db');
    assert.equal(db?.rtoSeconds, 15);
    assert.equal(db?.rpoSeconds, 2);
  });

  it('JSON: each layer has its structural U, and each takeover layer its failover windows by trigger (revision 2)', () => {
    type Layer = { name: string; unavailability: number; structuralUnavailability: number; failover?: Record<string, unknown> };
    const layers = json(topo(['check', '--format', 'json', example])).files[0]!.systems[0]!.layers as Layer[];
    for (const l of layers) {
      assert.equal(typeof l.structuralUnavailability, 'number', l.name);
      assert.ok(!('failoverProbability' in l), l.name);
    }
    // Active-active layers have no windows: U is U_struct, and no failover field.
    for (const name of ['dns', 'lb', 'app']) {
      const l = layers.find((x) => x.name === name)!;
      assert.equal(l.unavailability, l.structuralUnavailability, name);
      assert.ok(!('failover' in l), name);
    }
    const db = layers.find((l) => l.name === 'db')!;
    assert.ok(db.unavailability > db.structuralUnavailability);
    const fo = db.failover as { secondsPerYear: number; unavailability: number; windowsPerYear: number; byTrigger: { instance: number; zone: number; region: number } };
    assert.deepEqual(Object.keys(fo).sort(), ['byTrigger', 'secondsPerYear', 'unavailability', 'windowsPerYear']);
    assert.deepEqual(Object.keys(fo.byTrigger).sort(), ['instance', 'region', 'zone']);
    // Spec section 10: ~32.86 s a year, 32.83 s from db-primary, 0.027 s from az1, 0 from use1, ~3.07 windows.
    assert.ok(Math.abs(fo.secondsPerYear - 32.86) < 0.005, String(fo.secondsPerYear));
    assert.ok(Math.abs(fo.byTrigger.instance - 32.83) < 0.005, String(fo.byTrigger.instance));
    assert.ok(Math.abs(fo.byTrigger.zone - 0.0273) < 0.0005, String(fo.byTrigger.zone));
    assert.equal(fo.byTrigger.region, 0);
    assert.ok(Math.abs(fo.windowsPerYear - 3.07) < 0.005, String(fo.windowsPerYear));
    assert.ok(Math.abs(fo.secondsPerYear / 31_557_600 - fo.unavailability) < 1e-15);
  });

  it('a file that cannot be analysed still has the JSON fields, as null', () => {
    const p = file('unanalysed.topo', 'system s { layer l { node a { zone nowhere availability 99% } } }\n');
    const sys = json(topo(['check', '--format', 'json', p])).files[0]!.systems[0]!;
    assert.equal(sys.analysed, false);
    assert.equal(sys.structuralUnavailability, null);
    assert.equal(sys.failoverUnavailability, null);
    assert.equal((sys.layers as { structuralUnavailability: unknown }[])[0]!.structuralUnavailability, null);
  });

  it('no failover windows line or table for a system without a takeover layer', () => {
    const r = topo(['check', file('no-failover.topo', 'system s { layer web { node a { availability 99.9% replicas 2 } } }\n')]);
    assert.match(r.stdout, /^ {2}unavailability 1\.000000e-6 \(exact\)$/m);
    assert.doesNotMatch(r.stdout, /failover windows/);
  });

  it('an active-passive layer of sites without replication: RPO unbounded in the header, the JSON and rpo-exceeded (review item 2)', () => {
    const p = file('sites-rpo.topo', `system shared {
  rpo 5s
  zone a { availability 99.9% }
  zone b { availability 99.9% }
  layer db {
    health-check { interval 10s unhealthy 2 }
    site blue { layer db { node db { availability 99.9% zone a } } }
    site green { standby hot layer db { node db { availability 99.9% zone b } } }
  }
}
`);
    const text = topo(['check', p]);
    assert.match(text.stdout, /^ {2}rpo 5s: unbounded \(exceeded\)$/m);
    assert.match(text.stdout, /warning rpo-exceeded layer 'db' can lose an unbounded amount of data/);
    assert.doesNotMatch(text.stdout, /unbounded of data/);
    const sys = json(topo(['check', '--format', 'json', p])).files[0]!.systems[0]!;
    assert.equal(sys.rpoSeconds, null);
    assert.equal((sys.layers as { name: string; rpoSeconds: number | null }[]).find((l) => l.name === 'db')!.rpoSeconds, null);
  });

  it('at 15 nines the report prints nines, never 100.000000000000% (review item 7)', () => {
    const p = file('nines.topo', 'system s { layer app { node a { availability 99.9% replicas 5 } } }\n');
    const r = topo(['check', p]);
    assert.doesNotMatch(r.stdout, /100\.0000/);
    assert.match(r.stdout, /15\.00 nines available/);
  });

  it('exits 0 on a file without error findings', () => {
    const p = file('ok.topo', 'system ok {\n  layer web {\n    node a { availability 99.9% }\n    node b { availability 99.9% }\n  }\n}\n');
    const r = topo(['check', p]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });

  it('--help and --version', () => {
    const h = topo(['--help']);
    assert.equal(h.status, 0);
    assert.match(h.stdout, /topo check FILE/);
    assert.match(h.stdout, /topo lsp --stdio/);
    const v = topo(['--version']);
    assert.equal(v.status, 0);
    // One version, package.json's, in every output that names one.
    const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
    assert.equal(v.stdout, `topo ${version}\n`);
    const sarif = JSON.parse(topo(['check', example, '--format', 'sarif']).stdout) as { runs: { tool: { driver: { version: string } } }[] };
    assert.equal(sarif.runs[0]!.tool.driver.version, version);
  });

  describe('bad input', () => {
    it('a missing file: exit 2, a one-line message', () => {
      const r = topo(['check', join(dir, 'nope.topo')]);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /nope\.topo: no such file/);
      assertNoStack(r);
    });

    it('a directory: exit 2', () => {
      const r = topo(['check', dir]);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /is a directory/);
    });

    it('an unknown flag, an unknown command, a bad --format: exit 2', () => {
      for (const args of [['check', '--frobnicate', example], ['frobnicate'], ['check', '--format', 'xml', example], ['check']]) {
        const r = topo(args);
        assert.equal(r.status, 2, `topo ${args.join(' ')}`);
        assert.ok(r.stderr.length > 0 && r.stderr.length < 500, `a short message for topo ${args.join(' ')}: ${r.stderr}`);
        // A usage error is the user's, not a bug of Topo's (the command's bundle throws it, the dispatcher reports it).
        assert.doesNotMatch(r.stderr, /internal error|report this/i, `topo ${args.join(' ')}`);
        assertNoStack(r);
      }
      assert.equal(topo(['check', '--frobnicate', example]).stderr, "topo check: unknown option '--frobnicate'\n");
    });

    it('an empty file: no systems, exit 0', () => {
      const r = topo(['check', '--format', 'json', file('empty.topo', '')]);
      assert.equal(r.status, 0);
      assert.deepEqual(json(r).files[0]!.systems, []);
    });

    it('a BOM and CRLF line endings: the same figures and 1-based lines as without', () => {
      const text = readFileSync(example, 'utf8');
      const crlf = file('crlf.topo', '\ufeff' + text.replace(/\n/g, '\r\n'));
      const a = json(topo(['check', '--format', 'json', example])).files[0]!;
      const b = json(topo(['check', '--format', 'json', crlf])).files[0]!;
      assert.equal(b.systems[0]!.unavailability, a.systems[0]!.unavailability);
      assert.deepEqual(b.diagnostics.map((d) => d.range), a.diagnostics.map((d) => d.range));
      assert.match(topo(['check', crlf]).stdout, /crlf\.topo:17:5 warning spof/);
    });

    it('random bytes: syntax diagnostics, exit 1', () => {
      const random = new Random(12345);
      const bytes = Buffer.alloc(64 * 1024);
      for (let i = 0; i < bytes.length; i++) bytes[i] = random.int(0, 255);
      const r = topo(['check', file('random.topo', bytes)]);
      assert.equal(r.status, 1);
      assert.match(r.stdout, / error syntax /);
      assertNoStack(r);
    });

    it('a 20 MB file: a limit diagnostic, within seconds', () => {
      const text = readFileSync(example, 'utf8');
      const big = text.repeat(Math.ceil((20 * 1024 * 1024) / text.length));
      const r = topo(['check', file('big.topo', big)]);
      assert.equal(r.status, 1);
      assert.match(r.stdout, / error limit /);
      assertNoStack(r);
    });

    it('100,000 nested braces: a limit diagnostic', () => {
      const r = topo(['check', file('nested.topo', 'system s {' + '{'.repeat(100_000) + '}'.repeat(100_000) + '}')]);
      assert.equal(r.status, 1);
      assert.match(r.stdout, / error limit /);
      assertNoStack(r);
    });

    it('absurd numbers: clear diagnostics, no crash', () => {
      const p = file(
        'absurd.topo',
        'system s {\n  layer a {\n    node x { availability 1e308% }\n    node y { availability 99% replicas 99999999999999999999 }\n    node z { availability 99% mttr -5s }\n    node w { availability 150% }\n  }\n}\n',
      );
      const r = topo(['check', '--format', 'json', p]);
      assert.equal(r.status, 1);
      const codes = new Set(json(r).files[0]!.diagnostics.map((d) => d.code));
      assert.ok(codes.has('syntax'), 'exponent and sign are syntax errors');
      assert.ok(codes.has('invalid-value') || codes.has('limit'), `replicas 1e20 / 150% are refused: ${[...codes].join(', ')}`);
      assertNoStack(r);
    });

    it('non-ASCII names are names', () => {
      const p = file('unicode.topo', 'system café {\n  layer données {\n    node nœud-1 { availability 99.9% }\n    node 節点 { availability 99.9% }\n  }\n}\n');
      const r = topo(['check', '--format', 'json', p]);
      assert.equal(r.status, 0, r.stdout);
      assert.equal(json(r).files[0]!.systems[0]!.name, 'café');
    });

    it('a closed pipe is not an error (topo check | head)', async () => {
      // Output far larger than a pipe's buffer, so writes go on after the reader has gone.
      const text = readFileSync(example, 'utf8');
      const many = Array.from({ length: 300 }, (_, i) => text.replace('system checkout', `system checkout${i}`)).join('\n');
      const child = spawn(process.execPath, [cli, 'check', '--format', 'json', file('many.topo', many)], { cwd: root });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.stdout.once('data', () => child.stdout.destroy());
      const code: number | null = await new Promise((res) => child.on('close', res));
      assert.ok(code === 0 || code === 1, `exit ${code}`);
      assert.doesNotMatch(stderr, /EPIPE|Error/);
    });
  });
});
