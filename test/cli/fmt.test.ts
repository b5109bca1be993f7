/**
 * `topo fmt` as a user runs it (the built CLI, a child process): the formatted text on stdout,
 * `--write` and `--check` on formatted and unformatted files, a file with a syntax error (left
 * alone, its diagnostics printed, the other files formatted), usage and I/O errors, a hostile file
 * name, and idempotence over every example and every `topo` block of the docs: formatting twice is
 * formatting once, and never changes a token.
 */
import { strict as assert } from 'node:assert';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { formatText, parse } from '../../server/src/core/index';
import { buildCli, topoCli, type CliRun } from '../support/cli';
import { assertTerminalSafe } from '../support/terminal';
import { blocksOf, docFiles, modelText, readDoc, ROOT } from '../docs/blocks';

const UNFORMATTED = `system   shop{
    layer web{ node web {availability 99.9%
      replicas 2}
    }

    # the database


    layer db {node db { availability 99.95% }}   # one only
  path web->db
}
`;

const FORMATTED = `system shop {
  layer web {
    node web { availability 99.9% replicas 2 }
  }

  # the database

  layer db {
    node db { availability 99.95% }
  }  # one only
  path web -> db
}
`;

const SYNTAX_ERROR = 'system broken {\n  layer web {\n    node web { availability 99.9 }\n  }\n}\n';

/** The token images of a text: what formatting may never change. */
function tokens(text: string): string[] {
  return parse(text).tokens.map((t) => t.image);
}

/** Every `.topo` file under a folder of the repository. */
function topoFiles(folder: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(ROOT, folder)).sort()) {
    const path = join(folder, name);
    if (statSync(join(ROOT, path)).isDirectory()) out.push(...topoFiles(path));
    else if (name.endsWith('.topo')) out.push(path);
  }
  return out;
}

describe('topo fmt', function () {
  this.timeout(120_000);
  let dir: string;
  let n = 0;
  /** A fresh file in the test folder. */
  const file = (content: string, name = `model-${n++}.topo`): string => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const read = (path: string): string => readFileSync(path, 'utf8');
  const noStack = (r: CliRun): void => assert.doesNotMatch(r.out + r.err, /^\s+at \S|internal error/m);

  before(() => {
    buildCli();
    dir = mkdtempSync(join(tmpdir(), 'topo-fmt-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('is the editor formatter: the expected layout, and the same text the core gives', () => {
    assert.equal(formatText(parse(UNFORMATTED), UNFORMATTED), FORMATTED);
  });

  it('prints the formatted text of one file on stdout and leaves the file alone', () => {
    const path = file(UNFORMATTED);
    const r = topoCli(['fmt', path]);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, FORMATTED);
    assert.equal(r.err, '');
    assert.equal(read(path), UNFORMATTED);
    const formatted = topoCli(['fmt', file(FORMATTED)]);
    assert.equal(formatted.code, 0, formatted.err);
    assert.equal(formatted.out, FORMATTED);
  });

  it('keeps CRLF line endings', () => {
    const crlf = UNFORMATTED.replace(/\n/g, '\r\n');
    const r = topoCli(['fmt', file(crlf)]);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, FORMATTED.replace(/\n/g, '\r\n'));
  });

  it('keeps a UTF-8 byte-order mark and CRLF line endings through stdout, --write and --check, and is idempotent with them', () => {
    const BOM = '\ufeff';
    const crlf = (text: string) => text.replace(/\n/g, '\r\n');
    const cases = [
      { name: 'BOM', unformatted: BOM + UNFORMATTED, formatted: BOM + FORMATTED },
      { name: 'CRLF', unformatted: crlf(UNFORMATTED), formatted: crlf(FORMATTED) },
      { name: 'BOM and CRLF', unformatted: BOM + crlf(UNFORMATTED), formatted: BOM + crlf(FORMATTED) },
    ];
    for (const c of cases) {
      const path = file(c.unformatted);
      const bytes = (text: string) => Buffer.from(text, 'utf8').toString('hex');
      const out = topoCli(['fmt', path]);
      assert.equal(out.code, 0, `${c.name}: ${out.err}`);
      assert.equal(bytes(out.out), bytes(c.formatted), `${c.name}: stdout`);
      const check = topoCli(['fmt', '--check', path]);
      assert.equal(check.code, 1, `${c.name}: --check of the unformatted file`);
      const write = topoCli(['fmt', '--write', path]);
      assert.equal(write.code, 0, `${c.name}: ${write.err}`);
      assert.equal(write.err, `formatted ${path}\n`);
      assert.equal(bytes(readFileSync(path, 'utf8')), bytes(c.formatted), `${c.name}: --write`);
      const again = topoCli(['fmt', '--check', path]);
      assert.deepEqual([again.code, again.out], [0, ''], `${c.name}: the written file is formatted`);
      const rewrite = topoCli(['fmt', '--write', path]);
      assert.deepEqual([rewrite.code, rewrite.err], [0, ''], `${c.name}: a formatted file is not rewritten`);
      assert.equal(bytes(topoCli(['fmt', path]).out), bytes(c.formatted), `${c.name}: formatting the formatted file`);
    }
    // A file without a BOM does not gain one.
    const plain = file(UNFORMATTED);
    topoCli(['fmt', '--write', plain]);
    assert.equal(readFileSync(plain)[0], 's'.charCodeAt(0));
  });

  it('--write rewrites the files that change, and says which', () => {
    const a = file(UNFORMATTED);
    const b = file(FORMATTED);
    const r = topoCli(['fmt', '--write', a, b]);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, '');
    assert.equal(r.err, `formatted ${a}\n`);
    assert.equal(read(a), FORMATTED);
    assert.equal(read(b), FORMATTED);
    const again = topoCli(['fmt', '--write', a, b]);
    assert.equal(again.code, 0, again.err);
    assert.equal(again.err, '', 'a formatted file is not rewritten');
  });

  it('--check lists the files that would change (exit 1) and writes nothing; exit 0 when all are formatted', () => {
    const a = file(UNFORMATTED);
    const b = file(FORMATTED);
    const r = topoCli(['fmt', '--check', a, b]);
    assert.equal(r.code, 1, r.err);
    assert.equal(r.out, `${a}\n`);
    assert.equal(read(a), UNFORMATTED);
    const clean = topoCli(['fmt', '--check', b]);
    assert.equal(clean.code, 0, clean.err);
    assert.equal(clean.out, '');
    assert.equal(clean.err, '');
  });

  it('leaves a file with a syntax error alone, prints its diagnostics, and formats the others (exit 1)', () => {
    const broken = file(SYNTAX_ERROR);
    const other = file(UNFORMATTED);
    const r = topoCli(['fmt', '--write', broken, other]);
    assert.equal(r.code, 1, r.err);
    noStack(r);
    assert.match(r.err, new RegExp(`^${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:29 error syntax `, 'm'));
    assert.match(r.err, /\n {4}3 \| {5}node web \{ availability 99\.9 \}\n/, 'the source line, as topo check prints it');
    assert.ok(r.err.includes(`formatted ${other}`), r.err);
    assert.equal(read(broken), SYNTAX_ERROR);
    assert.equal(read(other), FORMATTED);
    for (const args of [['fmt', broken], ['fmt', '--check', broken]]) {
      const alone = topoCli(args);
      assert.equal(alone.code, 1, alone.err);
      assert.equal(alone.out, '');
      assert.match(alone.err, /error syntax/);
    }
  });

  it('leaves a file over the size limit alone (a device that never ends is read no further than the limit)', () => {
    const r = topoCli(['fmt', '--write', '/dev/zero'], 20_000);
    assert.equal(r.code, 1, r.err);
    assert.match(r.err, /^\/dev\/zero:1:1 error limit /);
    assert.match(r.err, /\/dev\/zero: not formatted: it does not parse\n$/);
    assert.doesNotMatch(r.err, /formatted \/dev\/zero/);
  });

  it('is in the usage', () => {
    const r = topoCli(['fmt', '--help']);
    assert.equal(r.code, 0);
    assert.match(r.out, /topo fmt FILE… \[--check\] \[--write\]/);
  });

  it('refuses several files without --write or --check, and --check with --write (exit 2, with the usage)', () => {
    const a = file(UNFORMATTED);
    const b = file(UNFORMATTED);
    for (const args of [['fmt', a, b], ['fmt', '--check', '--write', a], ['fmt'], ['fmt', '--in-place', a]]) {
      const r = topoCli(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
      assert.equal(r.out, '');
      noStack(r);
      if (args.length !== 3 || args[1] !== '--in-place') assert.match(r.err, /usage: topo fmt FILE… \[--check\] \[--write\]/);
    }
    assert.equal(read(a), UNFORMATTED);
  });

  it('exits 2 on a file it cannot read or write, and goes on with the others', () => {
    const other = file(UNFORMATTED);
    const missing = join(dir, 'missing.topo');
    const r = topoCli(['fmt', '--check', missing, other, dir]);
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, /missing\.topo: no such file/);
    assert.match(r.err, /is a directory/);
    assert.equal(r.out, `${other}\n`);
    noStack(r);
    if (process.getuid?.() !== 0) {
      const locked = file(UNFORMATTED);
      chmodSync(locked, 0o444);
      const w = topoCli(['fmt', '--write', locked]);
      assert.equal(w.code, 2, w.err);
      assert.match(w.err, /cannot write .*locked|cannot write/);
      assert.equal(read(locked), UNFORMATTED);
    }
  });

  it('escapes a hostile file name in everything it prints', () => {
    const name = 'shop\x1b]0;PWNED\x07\x1b[31m\u202e.topo';
    const shown = 'shop\\x1b]0;PWNED\\x07\\x1b[31m\\u202e.topo';
    const messy = file(UNFORMATTED, name);
    const broken = file(SYNTAX_ERROR, `broken-${name}`);
    const runs = [topoCli(['fmt', '--check', messy, broken]), topoCli(['fmt', '--write', messy, broken]), topoCli(['fmt', '--check', join(dir, `missing-${name}`)])];
    for (const r of runs) {
      assertTerminalSafe(r.out, 'stdout');
      assertTerminalSafe(r.err, 'stderr');
      noStack(r);
    }
    assert.ok(runs[0]!.out.includes(shown), runs[0]!.out);
    assert.ok(runs[0]!.err.includes(`broken-${shown}:3:29 error syntax`), runs[0]!.err);
    assert.ok(runs[1]!.err.includes(`formatted ${join(dir, shown)}`), runs[1]!.err);
    assert.equal(runs[2]!.code, 2);
    assert.ok(runs[2]!.err.includes(`missing-${shown}: no such file`), runs[2]!.err);
  });

  it('is idempotent over every example and every topo block of the docs, and never changes a token', () => {
    const work = join(dir, 'idempotence');
    mkdirSync(work);
    const originals = new Map<string, string>();
    for (const path of [...topoFiles('examples')]) originals.set(path, readFileSync(join(ROOT, path), 'utf8'));
    for (const doc of docFiles()) {
      for (const b of blocksOf(doc, readDoc(doc))) if (b.lang === 'topo') originals.set(`${doc}:${b.line}`, modelText(b));
    }
    assert.ok(originals.size >= 100, `${originals.size} models`);
    const paths = new Map<string, string>();
    let i = 0;
    for (const [label, text] of originals) {
      const path = join(work, `${i++}.topo`);
      writeFileSync(path, text);
      paths.set(label, path);
    }
    // A model with syntax errors (the docs show one) is left alone: it is the one exit 1.
    const broken = [...originals].filter(([, text]) => parse(text).diagnostics.some((d) => d.severity === 'error')).map(([label]) => label);
    assert.ok(broken.length <= 2, `models with parse errors: ${broken.join(', ')}`);
    const first = topoCli(['fmt', '--write', ...paths.values()]);
    assert.equal(first.code, broken.length > 0 ? 1 : 0, first.err);
    noStack(first);
    const once = new Map([...paths].map(([label, path]) => [label, read(path)]));
    for (const [label, text] of originals) {
      const formatted = once.get(label)!;
      if (broken.includes(label)) assert.equal(formatted, text, `${label}: a file with syntax errors was changed`);
      else assert.deepEqual(tokens(formatted), tokens(text), `${label}: formatting changed a token`);
    }
    const formattedPaths = [...paths].filter(([label]) => !broken.includes(label)).map(([, path]) => path);
    const check = topoCli(['fmt', '--check', ...formattedPaths]);
    assert.equal(check.code, 0, `formatted twice differs from formatted once: ${check.out.split('\n').map((p) => relative(work, p)).join(' ')}`);
    const second = topoCli(['fmt', '--write', ...formattedPaths]);
    assert.equal(second.code, 0, second.err);
    assert.equal(second.err, '');
    for (const [label, path] of paths) assert.equal(read(path), once.get(label), `${label}: formatting twice differs from once`);
  });
});
