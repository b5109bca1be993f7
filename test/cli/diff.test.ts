/**
 * `topo diff OLD NEW` as a child process (issue 22): two commits of a temporary git repository
 * (the spec's example with a second load balancer, then without it, and an estate whose imported
 * file changes), files, directories, the three formats, the gate and the errors. Each figure is
 * checked against what `topo check` prints for that side.
 */
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { assertNoStackTrace, buildCli, type CliRun } from '../support/cli';

const root = join(__dirname, '../..');
const topoJs = join(root, 'dist', 'topo.js');

/** The spec's example (examples/checkout.topo) and the same with a second load balancer in az2. */
const withoutLb2 = readFileSync(join(root, 'examples/checkout.topo'), 'utf8');
const withLb2 = withoutLb2.replace(/( *)node lb1 \{[^\n]*\n/, (line, indent: string) => `${line}${indent}node lb2 { availability 99.95% zone az2 }\n`);

const webTopo = 'import "lib.topo"\nsystem web {\n  use db\n  layer app { node app { availability 99.9% } }\n}\n';
const libTopo = (availability: string) => `external db { availability ${availability} }\n`;

/** `topo ARGS…` run in `cwd` (git sides are read from the repository that holds it). */
function topoIn(cwd: string, ...args: string[]): CliRun {
  const r = spawnSync(process.execPath, [topoJs, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  const run = { code: r.status ?? -1, out: r.stdout, err: r.stderr };
  assertNoStackTrace(run, `topo ${args.join(' ')}`);
  return run;
}

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', args, { cwd, stdio: 'ignore' });
}

function write(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** `topo check FILE` of a text, as `--format json` gives it and as its text report spells the availability. */
function checked(dir: string, text: string, name = 'side.topo'): { unavailability: number; spelt: string } {
  const file = join(dir, name);
  write(file, text);
  const json = JSON.parse(topoIn(dir, 'check', '--format', 'json', file).out) as { files: { systems: { unavailability: number }[] }[] };
  const report = topoIn(dir, 'check', file).out;
  const spelt = /: (\d+(?:\.\d+)?%) available/.exec(report)?.[1];
  assert.ok(spelt !== undefined, report);
  return { unavailability: json.files[0]!.systems[0]!.unavailability, spelt };
}

interface Subject { name: string; kind: string; status: string; before?: { availability: number | null; unavailability: number | null }; after?: { availability: number | null; unavailability: number | null }; spofsAdded: { element: string }[] }
interface FileEntry { path: string; status: string; before: { label: string; exists: boolean; parses: boolean }; after: { label: string; exists: boolean; parses: boolean }; subjects: Subject[] }

/** Every FileDiff in the JSON (wherever `diffJson` puts them): objects with a path, a status and two labelled sides. */
function fileDiffs(json: unknown): FileEntry[] {
  const found: FileEntry[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.path === 'string' && typeof o.status === 'string' && Array.isArray(o.subjects) && typeof o.before === 'object') found.push(o as unknown as FileEntry);
      else Object.values(o).forEach(walk);
    }
  };
  walk(json);
  return found;
}

const near = (a: number | null | undefined, b: number, label: string) => {
  assert.ok(typeof a === 'number' && Math.abs(a - b) <= 1e-12 * Math.max(1, b), `${label}: ${a} ≠ ${b}`);
};

describe('topo diff (the CLI as a child process, over a temporary git repository)', function () {
  this.timeout(180_000);
  let repo: string;
  let scratch: string;
  let old: { unavailability: number; spelt: string };
  let now: { unavailability: number; spelt: string };

  before(function () {
    const which = spawnSync('git', ['--version'], { encoding: 'utf8' });
    assert.equal(which.status, 0, 'git is needed for topo diff over revisions (it is installed in CI)');
    buildCli();
    repo = mkdtempSync(join(tmpdir(), 'topo-diff-repo-'));
    scratch = mkdtempSync(join(tmpdir(), 'topo-diff-'));
    git(repo, 'init', '-q');
    git(repo, 'config', 'user.name', 'Topo Test');
    git(repo, 'config', 'user.email', 'topo@example.invalid');
    git(repo, 'config', 'commit.gpgsign', 'false');
    write(join(repo, 'shop.topo'), withLb2);
    write(join(repo, 'estate/web.topo'), webTopo);
    write(join(repo, 'estate/lib.topo'), libTopo('99.9%'));
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'two load balancers');
    write(join(repo, 'shop.topo'), withoutLb2);
    write(join(repo, 'estate/lib.topo'), libTopo('99.5%'));
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'one load balancer');
    // The working tree's lib.topo differs from both commits: a revision side must not read it.
    write(join(repo, 'estate/lib.topo'), libTopo('90%'));
    old = checked(scratch, withLb2, 'before.topo');
    now = checked(scratch, withoutLb2, 'after.topo');
  });
  after(() => {
    rmSync(repo, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  });

  it('two revisions of a file, text: the headline names the new SPOF lb1, the figures are topo check\'s', () => {
    const r = topoIn(repo, 'diff', 'HEAD~1:shop.topo', 'HEAD:shop.topo');
    assert.equal(r.code, 0, r.err);
    assert.equal(r.err, '');
    assert.match(r.out.split('\n').slice(0, 5).join('\n'), /lb1/, r.out);
    assert.ok(r.out.includes(old.spelt), `${old.spelt} in\n${r.out}`);
    assert.ok(r.out.includes(now.spelt), `${now.spelt} in\n${r.out}`);
    assert.ok(r.out.includes('HEAD~1:shop.topo') || r.out.includes('shop.topo'), r.out);
  });

  it('--format json: the FileDiff with both sides\' figures and lb1 as a new SPOF', () => {
    const r = topoIn(repo, 'diff', 'HEAD~1:shop.topo', 'HEAD:shop.topo', '--format', 'json');
    assert.equal(r.code, 0, r.err);
    const [file, ...more] = fileDiffs(JSON.parse(r.out));
    assert.equal(more.length, 0);
    assert.equal(file!.path, 'shop.topo');
    assert.equal(file!.status, 'changed');
    assert.equal(file!.before.label, 'HEAD~1:shop.topo');
    assert.equal(file!.after.label, 'HEAD:shop.topo');
    const checkout = file!.subjects.find((s) => s.name === 'checkout');
    assert.ok(checkout, JSON.stringify(file!.subjects));
    near(checkout.before?.unavailability, old.unavailability, 'before');
    near(checkout.after?.unavailability, now.unavailability, 'after');
    assert.ok(checkout.spofsAdded.some((s) => s.element === 'lb1'), JSON.stringify(checkout.spofsAdded));
  });

  it('--format markdown: a headline naming lb1, then the figures', () => {
    const r = topoIn(repo, 'diff', 'HEAD~1:shop.topo', 'HEAD:shop.topo', '--format', 'markdown');
    assert.equal(r.code, 0, r.err);
    const lines = r.out.split('\n').filter((l) => l.trim() !== '');
    const headline = lines.find((l) => l.startsWith('**'));
    assert.match(headline ?? '', /^\*\*.*new SPOF lb1.*\*\*$/, r.out);
    assert.ok(r.out.includes(old.spelt) && r.out.includes(now.spelt), r.out);
    assert.match(r.out, /^\|.*\|$/m, 'a table');
  });

  it('a file against a file on disk: the same figures', () => {
    const r = topoIn(scratch, 'diff', 'before.topo', 'after.topo', '--format', 'json');
    assert.equal(r.code, 0, r.err);
    const [file] = fileDiffs(JSON.parse(r.out));
    assert.equal(file!.path, 'after.topo');
    assert.deepEqual([file!.before.label, file!.after.label], ['before.topo', 'after.topo']);
    const checkout = file!.subjects.find((s) => s.name === 'checkout')!;
    near(checkout.before?.unavailability, old.unavailability, 'before');
    near(checkout.after?.unavailability, now.unavailability, 'after');
  });

  it('a revision alone against a file: that file at the revision (the working copy against HEAD)', () => {
    const r = topoIn(repo, 'diff', 'HEAD~1', 'shop.topo', '--format', 'json');
    assert.equal(r.code, 0, r.err);
    const [file] = fileDiffs(JSON.parse(r.out));
    assert.deepEqual([file!.before.label, file!.after.label], ['HEAD~1:shop.topo', 'shop.topo']);
    near(file!.subjects.find((s) => s.name === 'checkout')!.before?.unavailability, old.unavailability, 'before');
  });

  it('a file added: the missing side is not an error', () => {
    const r = topoIn(repo, 'diff', 'HEAD~1:new.topo', 'HEAD:shop.topo', '--format', 'json');
    assert.equal(r.code, 0, r.err);
    const [file] = fileDiffs(JSON.parse(r.out));
    assert.equal(file!.status, 'added');
    assert.equal(file!.before.exists, false);
    assert.equal(file!.after.exists, true);
  });

  it('a directory against a directory: files paired by relative path (changed, unchanged, added)', () => {
    const oldDir = join(scratch, 'dirs/old');
    const newDir = join(scratch, 'dirs/new');
    write(join(oldDir, 'shop.topo'), withLb2);
    write(join(oldDir, 'same.topo'), withoutLb2);
    write(join(newDir, 'shop.topo'), withoutLb2);
    write(join(newDir, 'same.topo'), withoutLb2);
    write(join(newDir, 'sub/added.topo'), withLb2);
    write(join(newDir, 'notes.txt'), 'not a model');
    const r = topoIn(scratch, 'diff', 'dirs/old', 'dirs/new', '--format', 'json');
    assert.equal(r.code, 0, r.err);
    const files = fileDiffs(JSON.parse(r.out));
    assert.deepEqual(files.map((f) => [f.path, f.status]), [['same.topo', 'unchanged'], ['shop.topo', 'changed'], ['sub/added.topo', 'added']]);
    const text = topoIn(scratch, 'diff', 'dirs/old', 'dirs/new');
    assert.equal(text.code, 0, text.err);
    assert.match(text.out, /shop\.topo/);
    assert.match(text.out, /sub\/added\.topo/);
  });

  it('two revisions alone: every .topo file of the repository at each', () => {
    const r = topoIn(repo, 'diff', 'HEAD~1', 'HEAD', '--format', 'json');
    assert.equal(r.code, 0, r.err);
    const files = fileDiffs(JSON.parse(r.out));
    assert.deepEqual(files.map((f) => f.path), ['estate/lib.topo', 'estate/web.topo', 'shop.topo']);
    const shop = files.find((f) => f.path === 'shop.topo')!;
    assert.equal(shop.status, 'changed');
    assert.deepEqual([shop.before.label, shop.after.label], ['HEAD~1:shop.topo', 'HEAD:shop.topo']);
    // From a subdirectory too: the paths are the repository's.
    const sub = topoIn(join(repo, 'estate'), 'diff', 'HEAD~1', 'HEAD', '--format', 'json');
    assert.equal(sub.code, 0, sub.err);
    assert.deepEqual(fileDiffs(JSON.parse(sub.out)).map((f) => f.path), ['estate/lib.topo', 'estate/web.topo', 'shop.topo']);
  });

  it('imports are read at the revision of the file that imports them, not from the disk', () => {
    write(join(scratch, 'old-estate/lib.topo'), libTopo('99.9%'));
    const webOld = checked(join(scratch, 'old-estate'), webTopo, 'web.topo');
    write(join(scratch, 'new-estate/lib.topo'), libTopo('99.5%'));
    const webNew = checked(join(scratch, 'new-estate'), webTopo, 'web.topo');
    write(join(scratch, 'disk-estate/lib.topo'), libTopo('90%'));
    const webDisk = checked(join(scratch, 'disk-estate'), webTopo, 'web.topo');
    const r = topoIn(repo, 'diff', 'HEAD~1:estate/web.topo', 'HEAD:estate/web.topo', '--format', 'json');
    assert.equal(r.code, 0, r.err);
    const web = fileDiffs(JSON.parse(r.out))[0]!.subjects.find((s) => s.name === 'web')!;
    near(web.before?.unavailability, webOld.unavailability, 'HEAD~1');
    near(web.after?.unavailability, webNew.unavailability, 'HEAD');
    // `./` paths are relative to the current directory; the disk side reads the disk's lib.topo.
    const mixed = topoIn(join(repo, 'estate'), 'diff', 'HEAD:./web.topo', 'web.topo', '--format', 'json');
    assert.equal(mixed.code, 0, mixed.err);
    const both = fileDiffs(JSON.parse(mixed.out))[0]!;
    assert.equal(both.before.label, 'HEAD:estate/web.topo');
    const w = both.subjects.find((s) => s.name === 'web')!;
    near(w.before?.unavailability, webNew.unavailability, 'HEAD');
    near(w.after?.unavailability, webDisk.unavailability, 'disk');
  });

  it('a side that does not parse: its syntax error is reported, the other side\'s figures still appear', () => {
    write(join(scratch, 'broken.topo'), withoutLb2.replace('layer lb {', 'layer lb {{'));
    const r = topoIn(scratch, 'diff', 'before.topo', 'broken.topo');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /syntax|parse/i, r.out);
    assert.ok(r.out.includes(old.spelt), `${old.spelt} in\n${r.out}`);
    const json = topoIn(scratch, 'diff', 'before.topo', 'broken.topo', '--format', 'json');
    const [file] = fileDiffs(JSON.parse(json.out));
    assert.equal(file!.before.parses, true);
    assert.equal(file!.after.parses, false);
  });

  it('the gate: new-spof trips (exit 1, its reason on stderr), a 1% drop does not, a bad condition is exit 2', () => {
    const spof = topoIn(repo, 'diff', 'HEAD~1:shop.topo', 'HEAD:shop.topo', '--fail-on', 'new-spof');
    assert.equal(spof.code, 1, spof.err);
    assert.match(spof.err, /lb1/);
    assert.ok(spof.err.split('\n').filter((l) => l !== '').every((l) => l.startsWith('topo diff: ')), spof.err);
    assert.ok(spof.out.includes(now.spelt), 'the report is printed as well');
    const drop = topoIn(repo, 'diff', 'HEAD~1:shop.topo', 'HEAD:shop.topo', '--fail-on', 'availability-drop=1%');
    assert.equal(drop.code, 0, drop.err);
    assert.equal(drop.err, '');
    const both = topoIn(repo, 'diff', 'HEAD~1:shop.topo', 'HEAD:shop.topo', '--fail-on', 'availability-drop=1%,new-spof');
    assert.equal(both.code, 1, both.err);
    const bad = topoIn(repo, 'diff', 'HEAD~1:shop.topo', 'HEAD:shop.topo', '--fail-on', 'new-spoof');
    assert.equal(bad.code, 2);
    assert.equal(bad.out, '');
    assert.match(bad.err, /^topo diff: .+\n$/);
  });

  it('unknown revisions, both sides missing, a revision outside a repository: exit 2 in one line', () => {
    for (const args of [['mian:shop.topo', 'HEAD:shop.topo'], ['mian', 'HEAD']]) {
      const r = topoIn(repo, 'diff', ...args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, /^topo diff: unknown revision 'mian': [^\n]+\n$/, r.err);
      assert.equal(r.out, '');
    }
    const none = topoIn(repo, 'diff', 'HEAD:nope.topo', 'nope.topo');
    assert.equal(none.code, 2);
    assert.match(none.err, /^topo diff: neither 'HEAD:nope\.topo' nor 'nope\.topo' exists\n$/);
    const outside = mkdtempSync(join(tmpdir(), 'topo-diff-nogit-'));
    try {
      const r = topoIn(outside, 'diff', 'HEAD:shop.topo', join(scratch, 'after.topo'));
      assert.equal(r.code, 2);
      assert.match(r.err, /^topo diff: [^\n]*git repository[^\n]*\n$/);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
    const one = topoIn(repo, 'diff', 'HEAD:shop.topo');
    assert.equal(one.code, 2);
    assert.match(one.err, /two sides/);
  });
});
