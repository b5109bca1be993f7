/**
 * The invariants ARCHITECTURE.md states, checked: the core imports only its own modules (and
 * chevrotain), enforced by the lint; no module imports itself back through others; every path
 * the code map names exists.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { ESLint } from 'eslint';

const root = resolve(__dirname, '../..');

/** True when `name` (a file, a `dir/`, or a path like `a/b.ts`) exists at or below `dir`. */
function findBelow(dir: string, name: string): boolean {
  if (existsSync(join(dir, name))) return true;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory() && entry.name !== 'node_modules' && findBelow(join(dir, entry.name), name)) return true;
  }
  return false;
}

describe('architecture', function () {
  this.timeout(60_000);

  describe('the core imports only its own modules (npm run lint)', () => {
    const eslint = new ESLint({ cwd: root });
    /** The no-restricted-imports messages for one import in a core file. */
    const restricted = async (specifier: string, file = 'server/src/core/diagram/probe.ts'): Promise<string[]> => {
      const [result] = await eslint.lintText(`import * as probe from '${specifier}';\nexport const used = probe;\n`, { filePath: join(root, file) });
      return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
    };

    for (const specifier of ['node:worker_threads', 'node:os', 'node:http', 'fs', 'linkedom', 'd3', 'vscode', 'vscode-languageserver/node']) {
      it(`refuses '${specifier}'`, async () => {
        assert.equal((await restricted(specifier)).length, 1);
      });
    }
    for (const specifier of ['../protocol', '../../protocol', '../lsp/server', '../../cli/main', '../../version', '../../../../webview/src/render/draw', '../../../../webview/src/layout/diagram']) {
      it(`refuses the adapter module '${specifier}'`, async () => {
        assert.equal((await restricted(specifier)).length, 1);
      });
    }
    it('allows its own modules, the grammar and chevrotain', async () => {
      for (const specifier of ['./build', './view-model', '../analysis/index', '../../../../grammar/src/text']) assert.deepEqual(await restricted(specifier), [], specifier);
      assert.deepEqual(await restricted('chevrotain', 'grammar/src/probe.ts'), []);
    });
    it('leaves the adapters free to use Node and the editor', async () => {
      assert.deepEqual(await restricted('node:worker_threads', 'server/src/lsp/probe.ts'), []);
      assert.deepEqual(await restricted('vscode-languageserver/node', 'server/src/lsp/probe.ts'), []);
    });
  });

  describe("the adapters use the core only through its public surface, server/src/core/index.ts (npm run lint)", () => {
    const eslint = new ESLint({ cwd: root });
    /** The restricted-import messages for one import statement in `file`. */
    const restricted = async (statement: string, file: string): Promise<string[]> => {
      const [result] = await eslint.lintText(`${statement}\nexport const used = probe;\n`, { filePath: join(root, file) });
      return (result?.messages ?? []).filter((m) => /no-restricted-imports$/.test(m.ruleId ?? '')).map((m) => m.message);
    };
    const cases: [file: string, specifier: string][] = [
      ['server/src/cli/commands/probe.ts', '../../core'],
      ['server/src/lsp/probe.ts', '../core'],
      ['server/src/probe.ts', './core'],
      ['client/src/probe.ts', '../../server/src/core'],
    ];
    for (const [file, core] of cases) {
      it(`${file.slice(0, file.lastIndexOf('/'))}: core/index yes, anything behind it or the grammar no`, async () => {
        assert.deepEqual(await restricted(`import { probe } from '${core}/index';`, file), []);
        for (const inner of [`${core}/pipeline`, `${core}/report/json`, `${core}/model/types`]) {
          assert.equal((await restricted(`import { probe } from '${inner}';`, file)).length, 1, inner);
        }
        const grammar = core.replace(/server\/src\/core$|core$/, '') + (file.startsWith('client') ? '../../grammar/src/text' : `${core}/../../../grammar/src/text`);
        assert.equal((await restricted(`import { probe } from '${grammar}';`, file)).length, 1, grammar);
      });
    }
    it('the webview takes types from core/index, values only from core/text/format and core/text/xml, and nothing else of the server', async () => {
      const file = 'webview/src/layout/probe.ts';
      assert.deepEqual(await restricted("import type { probe } from '../../../server/src/core/index';", file), []);
      assert.ok((await restricted("import { probe } from '../../../server/src/core/index';", file)).length > 0, 'a value from the core');
      assert.ok((await restricted("import type { probe } from '../../../server/src/core/diagram/view-model';", file)).length > 0, 'behind the surface');
      assert.ok((await restricted("import type { probe } from '../../../server/src/protocol';", file)).length > 0, 'the LSP protocol');
      assert.ok((await restricted("import { probe } from 'vscode';", file)).length > 0, 'vscode');
      assert.deepEqual(await restricted("import { probe } from '../../../server/src/core/text/format';", file), [], 'the one spelling of figures');
      assert.deepEqual(await restricted("import { probe } from '../../../server/src/core/text/xml';", file), [], 'the one XML escaping');
      assert.ok((await restricted("import { probe } from '../../../server/src/core/text/xmlish';", file)).length > 0, 'only that file of text/');
      assert.ok((await restricted("import { probe } from '../../../server/src/core/model/build';", file)).length > 0, 'any other value');
      assert.ok((await restricted("import type { probe } from '../../../grammar/src/text';", file)).length > 0, 'the grammar');
    });
    it("the CLI's dispatcher (it loads no core) may take core/text/terminal too, and nothing else behind core/index", async () => {
      const file = 'server/src/cli/main.ts';
      assert.deepEqual(await restricted("import { probe } from '../core/index';", file), []);
      assert.deepEqual(await restricted("import { probe } from '../core/text/terminal';", file), [], 'the one terminal escaping');
      for (const inner of ['../core/text/format', '../core/text/terminalish', '../core/pipeline', '../../grammar/src/text']) {
        assert.equal((await restricted(`import { probe } from '${inner}';`, file)).length, 1, inner);
      }
      // The exception is the dispatcher's alone: a command imports the core's surface.
      assert.equal((await restricted("import { probe } from '../../core/text/terminal';", 'server/src/cli/commands/probe.ts')).length, 1);
    });
  });

  it('the core type-checks without Node or DOM types: a probe using process fails tsc', function () {
    this.timeout(120_000);
    const config = JSON.parse(readFileSync(join(root, 'server/src/core/tsconfig.json'), 'utf8')) as { compilerOptions: { types?: string[]; lib?: string[] } };
    assert.deepEqual(config.compilerOptions.types, []);
    assert.deepEqual(config.compilerOptions.lib, ['ES2022']);
    const dir = mkdtempSync(join(tmpdir(), 'topo-core-types-'));
    writeFileSync(join(dir, 'probe.ts'), 'export const env = process.env.HOME;\nexport const t = setTimeout(() => 0, 1);\nexport const w = window;\n');
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { ...config.compilerOptions, composite: false, noEmit: true, emitDeclarationOnly: false, declaration: false, outDir: undefined, rootDir: undefined },
      extends: join(root, 'tsconfig.base.json'),
      files: ['probe.ts'],
    }));
    const tsc = join(root, 'node_modules/typescript/bin/tsc');
    const r = spawnSync(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
    assert.equal(r.status, 2, r.stdout);
    for (const name of ['process', 'setTimeout', 'window']) assert.match(r.stdout, new RegExp(`Cannot find name '${name}'`), name);
  });

  describe('import cycles (scripts/check-cycles.mjs, run by npm run lint)', () => {
    const check = (...dirs: string[]) => spawnSync(process.execPath, [join(root, 'scripts/check-cycles.mjs'), ...dirs], { encoding: 'utf8' });

    it('the sources have none', () => {
      const r = check();
      assert.equal(r.status, 0, r.stderr);
    });

    it('a cycle fails, naming its modules; a type-only import makes none', () => {
      const dir = mkdtempSync(join(tmpdir(), 'topo-cycles-'));
      mkdirSync(join(dir, 'm'));
      writeFileSync(join(dir, 'a.ts'), "import { b } from './m/b';\nexport const a = () => b;\n");
      writeFileSync(join(dir, 'm', 'b.ts'), "import { c } from '../c';\nexport const b = () => c;\n");
      writeFileSync(join(dir, 'c.ts'), "import type { A } from './d';\nexport const c = 1;\nexport type C = A;\n");
      writeFileSync(join(dir, 'd.ts'), "import { c } from './c';\nexport type A = typeof c;\n");
      assert.equal(check(dir).status, 0, 'no cycle yet: c → d is type-only');
      writeFileSync(join(dir, 'c.ts'), "import { a } from './a';\nexport const c = () => a;\n");
      const r = check(dir);
      assert.equal(r.status, 1);
      assert.match(r.stderr, /import cycle: .*a\.ts → .*m\/b\.ts → .*c\.ts → .*a\.ts/);
    });
  });

  it("every path ARCHITECTURE.md's code map names exists", () => {
    const text = readFileSync(join(root, 'ARCHITECTURE.md'), 'utf8');
    const map = text.slice(text.indexOf('## Code map'), text.indexOf('## Invariants'));
    const missing: string[] = [];
    let named = 0;
    for (const row of map.split('\n').filter((l) => l.startsWith('| `'))) {
      const [, first = '', description = ''] = row.split(/\s*\|\s*/);
      const paths = [...first.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
      const base = paths[0]!.includes('/') ? paths[0]!.slice(0, paths[0]!.lastIndexOf('/') + 1) : '';
      for (const p of paths) {
        named++;
        const full = p.includes('/') ? p : base + p;
        if (!existsSync(join(root, full))) missing.push(full);
      }
      // A folder's row names its files and subfolders.
      if (!paths[0]!.endsWith('/')) continue;
      for (const m of description.matchAll(/`([\w./-]+\.(?:ts|md|json|mjs|sh)|[\w-]+\/)`/g)) {
        named++;
        const folder = join(root, paths[0]!);
        // Written from the root (`webview/src/view-model.ts`), below the folder, or from its parent (`analysis/README.md`).
        if (!existsSync(join(root, m[1]!)) && !findBelow(folder, m[1]!) && !findBelow(dirname(folder), m[1]!)) missing.push(`${paths[0]}…${m[1]}`);
      }
    }
    assert.ok(named > 60, `${named} paths`);
    assert.deepEqual(missing, []);
  });
});
