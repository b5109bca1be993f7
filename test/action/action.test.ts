/**
 * The GitHub Action's scripts (action.yml, scripts/action/*.mjs) as the runner runs them, against
 * a temporary git repository with two commits — the spec example with a second load balancer,
 * then without it — and, for the pull-request comment, a local stand-in for GitHub's REST API
 * that records every call. What is checked is what a reviewer sees: the job summary's Markdown,
 * the step's outputs and exit code, SARIF, and one comment created, then updated in place.
 */
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCli } from '../support/cli';

const ROOT = join(__dirname, '..', '..');
const TOPO = join(ROOT, 'dist', 'topo.js');
const EXAMPLE = readFileSync(join(ROOT, 'examples', 'checkout.topo'), 'utf8');
/** The example with a second load balancer in az2: what the pull request removes. */
const WITH_LB2 = EXAMPLE.replace('node lb1 { availability 99.95% zone az1 }     # one load balancer', 'node lb1 { availability 99.95% zone az1 }\n    node lb2 { availability 99.95% zone az2 }');

function sh(cwd: string, command: string, ...args: string[]): string {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, `${command} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

/** Runs one of the action's scripts in `cwd` with the runner's environment plus `env`. */
function step(script: string, cwd: string, env: Record<string, string>): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'action', script)], {
    cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TOPO, ...env }, timeout: 120_000,
  });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

/**
 * The same, without blocking: the comment step talks to a server in this process, which must
 * keep answering while the step runs.
 */
function stepAsync(script: string, cwd: string, env: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'scripts', 'action', script)], {
      cwd, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TOPO, ...env },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, out, err });
    });
  });
}

describe('GitHub Action (action.yml, scripts/action/)', function () {
  this.timeout(180_000);
  let repo: string;
  let base: string;
  let head: string;

  before(() => {
    assert.notEqual(WITH_LB2, EXAMPLE, 'the example still has its one load balancer line');
    buildCli();
    repo = mkdtempSync(join(tmpdir(), 'topo-action-'));
    sh(repo, 'git', 'init', '-q', '-b', 'main');
    sh(repo, 'git', 'config', 'user.email', 'ci@example.com');
    sh(repo, 'git', 'config', 'user.name', 'CI');
    mkdirSync(join(repo, 'models'));
    writeFileSync(join(repo, 'models', 'shop.topo'), WITH_LB2);
    sh(repo, 'git', 'add', '.');
    sh(repo, 'git', 'commit', '-q', '-m', 'two load balancers');
    base = sh(repo, 'git', 'rev-parse', 'HEAD');
    writeFileSync(join(repo, 'models', 'shop.topo'), EXAMPLE);
    sh(repo, 'git', 'commit', '-q', '-am', 'one load balancer');
    head = sh(repo, 'git', 'rev-parse', 'HEAD');
  });
  after(() => rmSync(repo, { recursive: true, force: true }));

  it('check: the report in the log, SARIF with the new spof on lb1, findings do not fail the step', () => {
    const r = step('check.mjs', repo, { MODELS: 'models', SARIF: 'topo.sarif' });
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /system checkout: 99\.93885% available/);
    const sarif = JSON.parse(readFileSync(join(repo, 'topo.sarif'), 'utf8')) as { runs: { results: { ruleId: string; message: { text: string } }[] }[] };
    assert.ok(sarif.runs[0]!.results.some((x) => x.ruleId === 'spof' && /lb1/.test(x.message.text)));
  });

  it('diff: the Markdown in the job summary and the outputs; the gate fails the step with its reason', () => {
    const summary = join(repo, 'summary.md');
    const output = join(repo, 'output.txt');
    const markdown = join(repo, 'diff.md');
    const env = { BASE: base, HEAD: head, MARKDOWN: markdown, GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: output };
    const passed = step('diff.mjs', repo, env);
    assert.equal(passed.code, 0, passed.err);
    const md = readFileSync(markdown, 'utf8');
    assert.match(md, /lb1/, 'the new single point of failure is named');
    assert.equal(readFileSync(summary, 'utf8'), `${md}\n`);
    assert.match(readFileSync(output, 'utf8'), new RegExp(`markdown=${markdown.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\ngate=passed\n`));
    const failed = step('diff.mjs', repo, { ...env, FAIL_ON: 'new-spof' });
    assert.equal(failed.code, 1);
    assert.match(failed.out, /::error title=topo diff::.*lb1/);
    assert.match(readFileSync(output, 'utf8'), /gate=failed\n$/);
  });

  it('diff: a commit missing from the clone is refused with what to do (exit 2)', () => {
    const r = step('diff.mjs', repo, { BASE: '0123456789abcdef0123456789abcdef01234567', HEAD: head, MARKDOWN: join(repo, 'x.md') });
    assert.equal(r.code, 2);
    assert.match(r.err, /fetch-depth: 0/);
  });

  describe('comment: one comment per pull request, updated in place', () => {
    let server: Server;
    let api: string;
    const calls: { method: string; url: string; auth: string | undefined; body?: { body: string } }[] = [];
    /** The comments of pull request 7 the stand-in holds: one of someone else's first. */
    const comments: { id: number; body: string }[] = [{ id: 1, body: 'Looks good to me' }];

    before(async () => {
      server = createServer((req: IncomingMessage, res) => {
        let data = '';
        req.on('data', (c: Buffer) => (data += c.toString()));
        req.on('end', () => {
          const body = data ? (JSON.parse(data) as { body: string }) : undefined;
          calls.push({ method: req.method ?? '', url: req.url ?? '', auth: req.headers.authorization, ...(body ? { body } : {}) });
          const json = (status: number, value: unknown) => {
            res.writeHead(status, { 'content-type': 'application/json' });
            res.end(JSON.stringify(value));
          };
          if (req.method === 'GET' && req.url?.startsWith('/repos/acme/shop/issues/7/comments')) return json(200, comments);
          if (req.method === 'POST' && req.url === '/repos/acme/shop/issues/7/comments') {
            const c = { id: 100 + comments.length, body: body!.body };
            comments.push(c);
            return json(201, c);
          }
          const patch = /^\/repos\/acme\/shop\/issues\/comments\/(\d+)$/.exec(req.url ?? '');
          if (req.method === 'PATCH' && patch) {
            const c = comments.find((x) => x.id === Number(patch[1]));
            if (!c) return json(404, { message: 'Not Found' });
            c.body = body!.body;
            return json(200, c);
          }
          return json(404, { message: 'Not Found' });
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('creates it on the first push, updates the same one on the next, and leaves the others alone', async () => {
      const event = join(repo, 'event.json');
      writeFileSync(event, JSON.stringify({ pull_request: { number: 7 } }));
      const markdown = join(repo, 'comment.md');
      const env = { GITHUB_API_URL: api, GITHUB_TOKEN: 'secret-token', GITHUB_REPOSITORY: 'acme/shop', GITHUB_EVENT_PATH: event, MARKDOWN: markdown };
      writeFileSync(markdown, 'first push: new SPOF lb1');
      const first = await stepAsync('comment.mjs', repo, env);
      assert.equal(first.code, 0, first.err);
      writeFileSync(markdown, 'second push: no change');
      const second = await stepAsync('comment.mjs', repo, env);
      assert.equal(second.code, 0, second.err);
      assert.deepEqual(comments.map((c) => c.id), [1, 101]);
      assert.equal(comments[0]!.body, 'Looks good to me');
      assert.equal(comments[1]!.body, '<!-- topo-diff -->\nsecond push: no change');
      assert.deepEqual(calls.map((c) => `${c.method} ${c.url.replace(/\?.*/, '')}`), [
        'GET /repos/acme/shop/issues/7/comments', 'POST /repos/acme/shop/issues/7/comments',
        'GET /repos/acme/shop/issues/7/comments', 'PATCH /repos/acme/shop/issues/comments/101',
      ]);
      assert.ok(calls.every((c) => c.auth === 'Bearer secret-token'));
    });

    it('an API error is one line and exit 2', async () => {
      const event = join(repo, 'event2.json');
      writeFileSync(event, JSON.stringify({ pull_request: { number: 8 } }));
      const r = await stepAsync('comment.mjs', repo, { GITHUB_API_URL: api, GITHUB_TOKEN: 't', GITHUB_REPOSITORY: 'acme/shop', GITHUB_EVENT_PATH: event, MARKDOWN: join(repo, 'comment.md') });
      assert.equal(r.code, 2);
      assert.match(r.err, /^topo action: GET \/repos\/acme\/shop\/issues\/8\/comments\?per_page=100&page=1: 404/);
    });
  });
});
