/**
 * Hostile estates through `topo check` as a child process: imports of a directory, of a device,
 * of the file itself, a chain of imports past the estate's limit, a control character in a path.
 * Each gets a diagnostic on its line with its `file:line:col`, a bounded run and no stack trace.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertBounded, assertNoStackTrace, buildCli, measuredTopoCli } from '../support/cli';
import { assertTerminalSafe } from '../support/terminal';

const system = (name: string, uses: string[] = []): string =>
  `system ${name} {\n${uses.map((u) => `  use ${u}\n`).join('')}  layer l { node n { availability 99.9% replicas 2 } }\n}\n`;

describe('hostile estates (topo check as a child process)', function () {
  this.timeout(180_000);
  let dir: string;
  before(() => {
    buildCli();
    dir = mkdtempSync(join(tmpdir(), 'topo-estate-hostile-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const check = async (file: string, label: string) => {
    const run = await measuredTopoCli(['check', join(dir, file)]);
    assertBounded(run, label);
    assertNoStackTrace(run, label);
    assertTerminalSafe(run.out, label);
    return run;
  };

  it('an import of a directory is not found, with the reason', async () => {
    mkdirSync(join(dir, 'folder.topo'), { recursive: true });
    writeFileSync(join(dir, 'dir.topo'), `import "folder.topo"\n${system('a')}`);
    const run = await check('dir.topo', 'directory');
    assert.equal(run.code, 1);
    assert.match(run.out, /dir\.topo:1:8 error import-not-found cannot import 'folder\.topo': .*is a directory/);
  });

  it('an import of /dev/zero reads no more than a file may hold and reports the file as broken', async () => {
    writeFileSync(join(dir, 'zero.topo'), `import "/dev/zero"\n${system('a')}`);
    const run = await check('zero.topo', '/dev/zero');
    assert.equal(run.code, 1);
    assert.match(run.out, /zero\.topo:1:8 error import-error '\/dev\/zero' has errors/);
  });

  it('a file that imports itself is a cycle, named once', async () => {
    writeFileSync(join(dir, 'self.topo'), `import "self.topo"\n${system('a')}`);
    const run = await check('self.topo', 'self import');
    assert.equal(run.code, 1);
    assert.match(run.out, /self\.topo:1:8 error import-cycle import cycle: self\.topo → self\.topo/);
    assert.equal(run.out.match(/import-cycle/g)?.length, 1);
  });

  it('a chain of 250 imports stops at the estate limit, with a diagnostic, quickly', async () => {
    for (let i = 0; i < 250; i++) {
      const next = i + 1 < 250 ? `import "c${i + 1}.topo"\n` : '';
      writeFileSync(join(dir, `c${i}.topo`), `${next}${system(`s${i}`, i + 1 < 250 ? [`s${i + 1}`] : [])}`);
    }
    writeFileSync(join(dir, 'chain.topo'), `import "c0.topo"\n${system('top', ['s0'])}`);
    const run = await check('chain.topo', 'chain of imports');
    assert.equal(run.code, 1);
    // The file past the limit is not read: the one importing it is broken, and so is every file above it.
    assert.match(run.out, /chain\.topo:1:8 error import-error 'c0\.topo' has errors, so its services have no figures: c19\d\.topo line 1: cannot import 'c\d+\.topo': an estate holds at most 200 files and 4,194,304 characters$/m);
    assert.match(run.out, /^system top: no figures/m);
  });

  it('a control character in an import path is shown escaped', async () => {
    writeFileSync(join(dir, 'ctl.topo'), `import "bad\u001b[31m.topo"\n${system('a')}`);
    const run = await check('ctl.topo', 'control character');
    assert.equal(run.code, 1);
    assert.match(run.out, /import-not-found cannot import 'bad\\x1b\[31m\.topo'/);
  });
});
