/**
 * "Topo: Compare with…" through the language server (`topo/revisions`, `topo/diff`; issue 22):
 * a temporary git repository with the spec's example with a second load balancer committed, the
 * editor's unsaved text without it. The comparison is the CLI's: its Markdown is exactly what
 * `topo diff HEAD:shop.topo shop.topo --format markdown` prints once the same text is saved, an
 * import is read at the revision, and what cannot be compared is said in one line.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiffRequest, RevisionsRequest } from '../../server/src/protocol';
import { BUNDLE, ensureBundle, LspHarness, ROOT } from './harness';

const withoutLb2 = readFileSync(join(ROOT, 'examples', 'checkout.topo'), 'utf8');
const withLb2 = withoutLb2.replace(/( *)node lb1 \{[^\n]*\n/, (line, indent: string) => `${line}${indent}node lb2 { availability 99.95% zone az2 }\n`);

const webTopo = 'import "lib.topo"\nsystem web {\n  use db\n  layer app { node app { availability 99.9% } }\n}\n';
const libTopo = (availability: string) => `external db { availability ${availability} }\n`;

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.email=test@topo', '-c', 'user.name=test', ...args], { cwd, encoding: 'utf8' });
}

/**
 * Runs `body` in a temporary git repository made of `commits` (each: its message and the files it
 * writes, paths with `/`), removed afterwards.
 */
async function inRepository(commits: [message: string, files: Record<string, string>][], body: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'topo-compare-repo-'));
  try {
    git(dir, 'init', '-q');
    for (const [message, files] of commits) {
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), text);
      }
      git(dir, 'add', '-A');
      git(dir, 'commit', '-q', '-m', message);
    }
    await body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('lsp: compare with a revision (topo/revisions, topo/diff)', function () {
  this.timeout(60_000);
  let lsp: LspHarness;
  let repo: string;
  let first: string;
  const uriOf = (name: string) => pathToFileURL(join(repo, name)).href;

  before(async () => {
    ensureBundle();
    repo = mkdtempSync(join(tmpdir(), 'topo-compare-'));
    git(repo, 'init', '-q');
    writeFileSync(join(repo, 'shop.topo'), withoutLb2);
    writeFileSync(join(repo, 'web.topo'), webTopo);
    writeFileSync(join(repo, 'lib.topo'), libTopo('99.99%'));
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'one load balancer');
    first = git(repo, 'rev-parse', 'HEAD').trim();
    writeFileSync(join(repo, 'shop.topo'), withLb2);
    git(repo, 'commit', '-q', '-am', 'a second load balancer');
    // The import changes on disk after the commit: the revision's side must read the committed one.
    writeFileSync(join(repo, 'lib.topo'), libTopo('99.9%'));
    lsp = await LspHarness.start();
  });
  after(async () => {
    assert.equal(await lsp.stop(), 0);
    rmSync(repo, { recursive: true, force: true });
  });

  it('topo/revisions: HEAD first, then the commits that changed the file, newest first', async () => {
    const r = await lsp.send(RevisionsRequest, { uri: uriOf('shop.topo') });
    assert.ok(r.ok, JSON.stringify(r));
    assert.deepEqual(r.revisions.map((x) => [x.revision, x.subject]), [['HEAD', 'a second load balancer'], [first, 'one load balancer']]);
    assert.equal(r.revisions[1]!.short, first.slice(0, r.revisions[1]!.short.length));
    assert.ok(r.revisions.every((x) => x.when.length > 0));
    // web.topo changed in the first commit only, which is not HEAD.
    const web = await lsp.send(RevisionsRequest, { uri: uriOf('web.topo'), max: 5 });
    assert.ok(web.ok);
    assert.deepEqual(web.revisions.map((x) => x.revision), ['HEAD', first]);
  });

  it('topo/diff: the unsaved text against HEAD is the CLI\'s comparison of the same two texts', async () => {
    const uri = uriOf('shop.topo');
    await lsp.open(uri, withoutLb2, 1);
    const r = await lsp.send(DiffRequest, { uri, revision: 'HEAD' });
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.commit.subject, 'a second load balancer');
    assert.equal(r.diff.before.label, 'HEAD:shop.topo');
    assert.equal(r.diff.status, 'changed');
    const subject = r.diff.subjects[0]!;
    assert.deepEqual(subject.spofsAdded.map((s) => s.element).sort(), ['az1', 'lb1']);
    assert.ok(subject.delta && subject.delta.unavailability > 0);
    assert.deepEqual(subject.objectives.map((o) => `${o.kind} ${o.change}`), ['slo newly-missed', 'rto newly-missed']);
    assert.match(r.markdown, /new SPOF lb1/);
    // The same text saved, the CLI says exactly the same.
    writeFileSync(join(repo, 'shop.topo'), withoutLb2);
    const cli = spawnSync(process.execPath, [BUNDLE, 'diff', 'HEAD:shop.topo', 'shop.topo', '--format', 'markdown'], { cwd: repo, encoding: 'utf8' });
    assert.equal(cli.status, 0, cli.stderr);
    assert.equal(r.markdown.trimEnd(), cli.stdout.trimEnd());
    // The first commit had one load balancer too: no change.
    const same = await lsp.send(DiffRequest, { uri, revision: first });
    assert.ok(same.ok, JSON.stringify(same));
    assert.equal(same.diff.status, 'unchanged');
  });

  it('topo/diff: a new commit is a new HEAD, never the revision\'s side analysed for the old one', async () => {
    const uri = uriOf('shop.topo');
    const before = await lsp.send(DiffRequest, { uri, revision: 'HEAD' });
    assert.ok(before.ok && before.diff.status === 'changed', JSON.stringify(before));
    writeFileSync(join(repo, 'shop.topo'), withoutLb2);
    git(repo, 'commit', '-q', '-m', 'the second load balancer goes', '--', 'shop.topo');
    const after = await lsp.send(DiffRequest, { uri, revision: 'HEAD' });
    assert.ok(after.ok, JSON.stringify(after));
    assert.equal(after.commit.subject, 'the second load balancer goes');
    assert.equal(after.diff.status, 'unchanged');
    // HEAD~1 is the commit HEAD was: the same comparison as before the commit.
    const previous = await lsp.send(DiffRequest, { uri, revision: 'HEAD~1' });
    assert.ok(previous.ok);
    assert.equal(previous.markdown.replaceAll('HEAD\\~1:', 'HEAD:'), before.markdown);
  });

  it('topo/diff: the revision\'s imports are read at the revision, the editor\'s from the disk', async () => {
    const uri = uriOf('web.topo');
    await lsp.open(uri, webTopo, 1);
    const r = await lsp.send(DiffRequest, { uri, revision: 'HEAD' });
    assert.ok(r.ok, JSON.stringify(r));
    const web = r.diff.subjects.find((s) => s.name === 'web');
    assert.ok(web?.before?.unavailability && web.after?.unavailability, JSON.stringify(web));
    // db went from 99.99% (committed) to 99.9% (on disk): 1e-4 → 1e-3 more, with app at 1e-3.
    assert.ok(Math.abs(web.before.unavailability - (1 - 0.999 * 0.9999)) < 1e-12, String(web.before.unavailability));
    assert.ok(Math.abs(web.after.unavailability - (1 - 0.999 * 0.999)) < 1e-12, String(web.after.unavailability));
  });

  it('topo/diff: the same without the analysis worker (the revision\'s side analysed on the server\'s thread)', async () => {
    const alone = await LspHarness.start({ initializationOptions: { analysisWorker: false } });
    try {
      const uri = uriOf('web.topo');
      await alone.open(uri, webTopo, 1);
      const r = await alone.send(DiffRequest, { uri, revision: 'HEAD' });
      assert.ok(r.ok, JSON.stringify(r));
      // The committed lib.topo (db at 99.99%) on the revision's side, the disk's (99.9%) on the editor's, as with the worker.
      assert.ok(Math.abs((r.diff.subjects[0]?.before?.unavailability ?? 0) - (1 - 0.999 * 0.9999)) < 1e-12, JSON.stringify(r.diff.subjects[0]?.before));
      assert.ok(Math.abs((r.diff.subjects[0]?.after?.unavailability ?? 0) - (1 - 0.999 * 0.999)) < 1e-12);
    } finally {
      assert.equal(await alone.stop(), 0);
    }
  });

  it('topo/diff: a file the revision does not have is compared as added', async () => {
    const uri = uriOf('new.topo');
    await lsp.open(uri, withoutLb2, 1);
    const r = await lsp.send(DiffRequest, { uri, revision: 'HEAD' });
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.diff.status, 'added');
    assert.equal(r.diff.before.exists, false);
  });

  it('says in one line what cannot be compared: an unknown revision, a document not on disk, one outside any repository', async () => {
    const uri = uriOf('shop.topo');
    const unknown = await lsp.send(DiffRequest, { uri, revision: 'no-such-branch' });
    assert.ok(!unknown.ok);
    assert.match(unknown.error, /^unknown revision 'no-such-branch': no branch, tag or commit of that name/);
    const option = await lsp.send(DiffRequest, { uri, revision: '--output=/tmp/x' });
    assert.ok(!option.ok);
    assert.match(option.error, /unknown revision '--output=\/tmp\/x': a revision does not start with -/);

    await lsp.open('untitled:Untitled-1', withoutLb2, 1);
    const untitled = await lsp.send(DiffRequest, { uri: 'untitled:Untitled-1', revision: 'HEAD' });
    assert.ok(!untitled.ok);
    assert.match(untitled.error, /untitled:Untitled-1 is not a file on disk/);
    const listed = await lsp.send(RevisionsRequest, { uri: 'untitled:Untitled-1' });
    assert.ok(!listed.ok);

    const outside = mkdtempSync(join(tmpdir(), 'topo-no-repo-'));
    try {
      const loose = pathToFileURL(join(outside, 'loose.topo')).href;
      await lsp.open(loose, withoutLb2, 1);
      const r = await lsp.send(DiffRequest, { uri: loose, revision: 'HEAD' });
      assert.ok(!r.ok);
      assert.match(r.error, /loose\.topo is not in a git repository/);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('never takes a read that failed for a file that is not there: an object missing is an error, not "added"', async () => {
    await inRepository([['one', { 'sub/a.topo': withLb2 }]], async (broken) => {
      // The blob's loose object goes: the tree still names the file, git cannot read it.
      const blob = git(broken, 'rev-parse', 'HEAD:sub/a.topo').trim();
      rmSync(join(broken, '.git', 'objects', blob.slice(0, 2), blob.slice(2)));
      const uri = pathToFileURL(join(broken, 'sub', 'a.topo')).href;
      await lsp.open(uri, withoutLb2, 1);
      for (let i = 0; i < 2; i++) {
        const r = await lsp.send(DiffRequest, { uri, revision: 'HEAD' });
        assert.ok(!r.ok, JSON.stringify(r).slice(0, 300));
        assert.match(r.error, /^cannot read [0-9a-f]{40}:sub\/a\.topo/);
      }
      const cli = spawnSync(process.execPath, [BUNDLE, 'diff', 'HEAD:sub/a.topo', 'sub/a.topo'], { cwd: broken, encoding: 'utf8' });
      assert.equal(cli.status, 2, cli.stdout + cli.stderr);
      assert.match(cli.stderr, /^topo diff: cannot read HEAD:sub\/a\.topo/);
    });
  });

  it('takes paths literally and runs no program the repository\'s configuration names for a read', async () => {
    const commits: [string, Record<string, string>][] = [
      ['the file', { 'a[1].topo': withLb2 }],
      ['another file, which the pattern a[1].topo would match', { 'a1.topo': withLb2 }],
      ['a readme', { README: 'shop\n' }],
    ];
    await inRepository(commits, async (odd) => {
      // A commit carrying a signature, and a configuration that checks signatures with a program of its own.
      const marker = join(odd, 'ran');
      const program = join(odd, 'fake-gpg.sh');
      writeFileSync(program, `#!/bin/sh\necho ran > '${marker}'\n`, { mode: 0o755 });
      const raw = git(odd, 'cat-file', 'commit', 'HEAD').replace(/^(committer [^\n]*\n)/m, '$1gpgsig -----BEGIN PGP SIGNATURE-----\n \n -----END PGP SIGNATURE-----\n');
      const signed = execFileSync('git', ['hash-object', '-t', 'commit', '-w', '--stdin'], { cwd: odd, input: raw, encoding: 'utf8' }).trim();
      git(odd, 'update-ref', 'HEAD', signed);
      git(odd, 'config', 'log.showSignature', 'true');
      git(odd, 'config', 'gpg.program', program);
      git(odd, 'config', 'core.fsmonitor', program);
      git(odd, 'log', '-1', '--format=%H');
      assert.ok(existsSync(marker), 'the set-up makes git run the program');
      rmSync(marker);

      const uri = pathToFileURL(join(odd, 'a[1].topo')).href;
      await lsp.open(uri, withoutLb2, 1);
      const listed = await lsp.send(RevisionsRequest, { uri });
      assert.ok(listed.ok, JSON.stringify(listed));
      // HEAD, then only the commit that changed a[1].topo itself.
      assert.deepEqual(listed.revisions.map((x) => x.subject), ['a readme', 'the file']);
      const r = await lsp.send(DiffRequest, { uri, revision: 'HEAD' });
      assert.ok(r.ok, JSON.stringify(r).slice(0, 300));
      assert.deepEqual(r.diff.subjects[0]?.spofsAdded.map((x) => x.element).sort(), ['az1', 'lb1']);
      assert.equal(existsSync(marker), false, 'a read ran the program the repository names');
    });
  });

  it('lists no revision before the first commit, and compares nothing with HEAD there', async () => {
    await inRepository([], async (empty) => {
      const uri = pathToFileURL(join(empty, 'a.topo')).href;
      await lsp.open(uri, withoutLb2, 1);
      const listed = await lsp.send(RevisionsRequest, { uri });
      assert.deepEqual(listed, { ok: true, revisions: [] });
      const r = await lsp.send(DiffRequest, { uri, revision: 'HEAD' });
      assert.ok(!r.ok);
      assert.match(r.error, /unknown revision 'HEAD'/);
    });
  });
});
