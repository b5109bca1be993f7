/**
 * Names that would drive the terminal (issue 21): a system or scenario name is a quoted string and
 * may hold any character but a quote, a backslash or a line break, so `system "\x1b]0;PWNED\x07"`
 * would retitle the window of whoever runs `topo check` on it, and U+202E reorder the line it is
 * on. Every text the CLI prints for people must show such characters escaped, never emit them;
 * JSON stays as it is (it escapes its own controls). Node, zone and layer names are identifiers,
 * which cannot hold a control (the lexer), so the hostile node name here is one typed on the
 * command line (`--fail`), echoed by the usage error. The file's own name is hostile too.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCli, topoCli } from '../support/cli';
import { assertTerminalSafe } from '../support/terminal';


/** An OSC window title ended by BEL, a CSI colour, a one-byte C1 CSI and a right-to-left override. */
const SYSTEM = '\x1b]0;PWNED\x07\x1b[31mshop\u009b\u202e';
const SYSTEM_SHOWN = '\\x1b]0;PWNED\\x07\\x1b[31mshop\\x9b\\u202e';
/** A clear-screen CSI, a C1 next-line, a left-to-right isolate and a DEL. */
const SCENARIO = 'wipe\x1b[2J\u0085\u2066\x7f';
const SCENARIO_SHOWN = 'wipe\\x1b[2J\\x85\\u2066\\x7f';
/** Concealed text and a right-to-left mark: the second, empty system of the file. */
const OTHER = '\x1b[8mhidden\u200f';
const OTHER_SHOWN = '\\x1b[8mhidden\\u200f';
/** Typed after --fail. */
const NODE = 'db\x1b[5m\u202d\x9d';
const NODE_SHOWN = 'db\\x1b[5m\\u202d\\x9d';
/** In a comment on a line a diagnostic points at: the excerpt echoes it. */
const COMMENT = '\u202e\x9b\x1b[1m bold';
const COMMENT_SHOWN = '\\u202e\\x9b\\x1b[1m bold';
/** The files' own names. */
const FILE_NAME = 'model\x1b[1m\u202e.topo';
const FILE_NAME_SHOWN = 'model\\x1b[1m\\u202e.topo';
const BROKEN_NAME = 'broken\x07\u2067.topo';
const BROKEN_NAME_SHOWN = 'broken\\x07\\u2067.topo';

const SHOP = `system "${SYSTEM}" {
  slo 99.99%
  layer web { node web1 { availability 99.9% } }   # ${COMMENT}
  layer db { node db1 { availability 99.9% } }
  path web -> db
  scenario "${SCENARIO}" { fail db1 }
}
`;
const MODEL = `${SHOP}system "${OTHER}" { }
`;

/** A model error (two scenarios of one name): check reports it, simulate refuses the file. */
const BROKEN = `system s {
  layer a { node a1 { availability 99% } }
  path a
  scenario "${SCENARIO}" { fail a1 }
  scenario "${SCENARIO}" { fail a1 }
}
`;

/** Runs the built CLI as a child process, stdout piped (so never a terminal). */
const topo = (...args: string[]) => topoCli(args);

/** Runs `topo ARGS`, checks the exit code and that neither stream carries a raw control; returns both. */
function safeRun(expectedCode: number, ...args: string[]): { out: string; err: string } {
  const r = topo(...args);
  const label = `topo ${args.map((a) => JSON.stringify(a.replace(/[^\x20-\x7e]/g, '?'))).join(' ')}`;
  assertTerminalSafe(r.out, `${label}: stdout`);
  assertTerminalSafe(r.err, `${label}: stderr`);
  assert.equal(r.code, expectedCode, `${label}: exit code`);
  return r;
}

describe('hostile names never reach the terminal raw (the CLI as a child process)', function () {
  this.timeout(120_000);
  let dir: string;
  let file: string;
  let broken: string;
  let shop: string;

  before(() => {
    buildCli();
    dir = mkdtempSync(join(tmpdir(), 'topo-hostile-names-'));
    file = join(dir, FILE_NAME);
    broken = join(dir, BROKEN_NAME);
    writeFileSync(file, MODEL);
    writeFileSync(broken, BROKEN);
    shop = join(dir, 'shop.topo');
    writeFileSync(shop, SHOP);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('check: the report header, the diagnostics, their source lines and the summary', () => {
    const r = safeRun(1, 'check', file, broken);
    assert.ok(r.out.includes(`system ${SYSTEM_SHOWN}: `), 'the report header');
    assert.ok(r.out.includes(`system ${OTHER_SHOWN}: no figures`), 'the note of a system without figures');
    assert.ok(r.out.includes(`${join(dir, FILE_NAME_SHOWN)}:3:15 warning spof web1 is a single point of failure`), 'a diagnostic under the escaped file name');
    assert.ok(r.out.includes(`    3 |   layer web { node web1 { availability 99.9% } }   # ${COMMENT_SHOWN}\n`), 'the source line, its comment escaped');
    assert.ok(r.out.includes(`warning empty-path system '${OTHER_SHOWN}' has no layers yet`), 'a message naming a system');
    assert.ok(r.out.includes(`error duplicate-name scenario '${SCENARIO_SHOWN}' is already declared`), 'a message naming a scenario');
    // The caret stays under the quoted name, measured on what is shown.
    assert.ok(r.out.includes(`    8 | system "${OTHER_SHOWN}" { }\n      |        ${'^'.repeat(OTHER_SHOWN.length + 2)}\n`), 'the caret under the escaped name');
    assert.ok(r.out.includes(`${join(dir, BROKEN_NAME_SHOWN)}: 1 error, 1 warning\n`), 'the summary line');
  });

  it('check: a file that cannot be read is named escaped', () => {
    const r = safeRun(2, 'check', join(dir, `missing${FILE_NAME}`));
    assert.ok(r.err.includes(`missing${FILE_NAME_SHOWN}: no such file`), r.err);
  });

  it('check --format json stays JSON, the names in it as written', () => {
    const r = topo('check', file, '--format', 'json');
    assert.equal(r.code, 1, r.err);
    const json = JSON.parse(r.out) as { files: { file: string; systems: { name: string }[] }[] };
    assert.equal(json.files[0]?.file, file);
    assert.deepEqual(json.files[0]?.systems.map((s) => s.name), [SYSTEM, OTHER]);
  });

  it('simulate --fail: the timeline and its summary', () => {
    const r = safeRun(0, 'simulate', file, '--system', SYSTEM, '--fail', 'db1');
    assert.ok(r.out.startsWith(`${SYSTEM_SHOWN}: fail db1 at t+0s\n`), r.out.slice(0, 200));
    assert.match(r.out, /^ {2}system downtime\s+1h$/m);
  });

  it('simulate --scenario: the scenario picks its system, named escaped', () => {
    const r = safeRun(0, 'simulate', file, '--scenario', SCENARIO);
    assert.ok(r.out.startsWith(`${SYSTEM_SHOWN}: fail db1 at t+0s\n`), r.out.slice(0, 200));
  });

  it('simulate: usage errors echo what was typed and the names declared, escaped', () => {
    const scenario = safeRun(2, 'simulate', file, '--system', SYSTEM, '--scenario', `${SCENARIO}x`);
    assert.ok(scenario.err.includes(`unknown scenario '${SCENARIO_SHOWN}x' (did you mean '${SCENARIO_SHOWN}'?)`), scenario.err);
    const node = safeRun(2, 'simulate', file, '--system', SYSTEM, '--fail', NODE);
    assert.ok(node.err.includes(`unknown name '${NODE_SHOWN}'`), node.err);
    const which = safeRun(2, 'simulate', file, '--fail', 'db1');
    assert.ok(which.err.includes(`(${SYSTEM_SHOWN}, ${OTHER_SHOWN}): say which with --system NAME`), which.err);
    const system = safeRun(2, 'simulate', file, '--system', `${SYSTEM}x`, '--fail', 'db1');
    assert.ok(system.err.includes(`no system '${SYSTEM_SHOWN}x' (did you mean '${SYSTEM_SHOWN}'?)`), system.err);
  });

  it('simulate of a model with errors: the diagnostics on stderr, escaped', () => {
    const r = safeRun(1, 'simulate', broken, '--fail', 'a1');
    assert.ok(r.err.includes(`scenario '${SCENARIO_SHOWN}' is already declared`), r.err);
    assert.ok(r.err.includes(`${BROKEN_NAME_SHOWN}: not simulated`), r.err);
  });

  it('montecarlo: the report, plain and by importance sampling', () => {
    const plain = safeRun(0, 'montecarlo', file, '--system', SYSTEM, '--years', '20');
    assert.ok(plain.out.startsWith(`${SYSTEM_SHOWN}: Monte Carlo over 20 years, seed `), plain.out.slice(0, 200));
    const importance = safeRun(0, 'montecarlo', file, '--system', SYSTEM, '--method', 'importance', '--cycles', '200');
    assert.ok(importance.out.startsWith(`${SYSTEM_SHOWN}: importance sampling over 200 regenerative cycles`), importance.out.slice(0, 200));
  });

  it('montecarlo --format json stays JSON, the name in it as written', () => {
    const r = topo('montecarlo', file, '--system', SYSTEM, '--years', '20', '--format', 'json');
    assert.equal(r.code, 0, r.err);
    assert.equal((JSON.parse(r.out) as { system: string }).system, SYSTEM);
  });

  it('export: the note on stderr names the systems escaped', () => {
    const r = safeRun(0, 'export', shop, '-o', join(dir, 'tree.xml'));
    assert.ok(r.err.includes(`topo export: system ${SYSTEM_SHOWN}: the fault tree carries the structure only`), r.err);
  });

  it('the dispatcher and the option parser echo what was typed escaped', () => {
    const command = safeRun(2, `\x1b[31m${NODE}`);
    assert.ok(command.err.includes(`unknown command '\\x1b[31m${NODE_SHOWN}'`), command.err);
    const option = safeRun(2, 'check', `--${NODE}`, file);
    assert.ok(option.err.includes(`unknown option '--${NODE_SHOWN}'`), option.err);
    const choice = safeRun(2, 'montecarlo', file, '--format', NODE);
    assert.ok(choice.err.includes(`(got '${NODE_SHOWN}')`), choice.err);
  });
});
