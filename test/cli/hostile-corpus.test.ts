/**
 * The hostile-input corpus (issue 21, "keep it fixed"): one table of the inputs that broke Topo or
 * could, each run through every CLI command and output format as a user meets them (the built
 * bundle as a child process, stdout piped), and one table of hostile command lines and outputs.
 *
 * Every run of both tables is held to the same rules: the exit code of the row (0 clean, 1 an
 * error diagnostic, 2 a usage or I/O error); no JavaScript failure shown (no `    at ` frame, no
 * TypeError, RangeError or stack overflow, no 'internal error'); no raw control or bidirectional
 * character in any text for people; ended within RUN_TIMEOUT_MS (a run past it is a hang) and
 * within MAX_RSS_KB of memory. Where a file was read and has diagnostics, the text names each at
 * FILE:LINE:COL (1-based) and the JSON, SARIF, SVG, HTML and MEF outputs parse. Rows add what is
 * particular to them (the limit's message, a bound read as a bound, inert names).
 *
 * The precise renderings live beside this table: names escaped for the terminal in
 * hostile-names.test.ts, the bounded read of regular files in hostile-io.test.ts, the edges of
 * simulation time and threads in edges.test.ts, the parser's limits in test/grammar/robustness.
 */
import { strict as assert } from 'node:assert';
import { spawn, spawnSync, type ChildProcess, type StdioOptions } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseHTML } from 'linkedom';
import { escapeTerminal } from '../../server/src/core/text/terminal';
import { xmlChars } from '../../server/src/core/text/xml';
import { assertBounded, assertNoStackTrace, buildCli, measuredTopoCli, pool, type MeasuredRun } from '../support/cli';
import { Random } from '../support/random';
import { assertTerminalSafe } from '../support/terminal';
import { parseXml } from '../support/xml';
import { boundedLedger } from '../support/model';

const root = resolve(__dirname, '../..');
const example = join(root, 'examples/checkout.topo');
/** A run past this is a hang: a bounded run of this corpus ends in a few seconds. */
const RUN_TIMEOUT_MS = 30_000;
/** Runs at a time: one per core. */
const PARALLEL = Math.max(1, Math.min(4, availableParallelism()));

// ---------------------------------------------------------------------------------------------
// What every run is held to

/** The label of a run in messages, its controls shown (the message itself is printed). */
function labelOf(args: string[]): string {
  return `topo ${args.map((a) => escapeTerminal(a)).join(' ')}`;
}

/** The common rules: bounded, no stack trace, stderr always terminal-safe (stdout too for text for people). */
function assertSane(run: MeasuredRun, args: string[], textStdout: boolean): void {
  const label = labelOf(args);
  assertBounded(run, label);
  assertNoStackTrace(run, label);
  assertTerminalSafe(run.err, `${label}: stderr`);
  if (textStdout) assertTerminalSafe(run.out, `${label}: stdout`);
}

/** `text` matched literally in a RegExp. */
function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}


// ---------------------------------------------------------------------------------------------
// The inputs

interface DiagnosticJson {
  severity: string;
  code: string;
  message: string;
  range: { start: { line: number; character: number } };
}
interface CheckJson {
  files: { file: string; error?: string; diagnostics: DiagnosticJson[]; systems: { name: string; exact?: boolean; availabilityBounds?: number[] }[] }[];
}
interface SarifJson {
  version: string;
  runs: {
    tool: { driver: { name: string; rules: { id: string }[] } };
    results: {
      ruleId: string;
      level: string;
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[];
    }[];
  }[];
}

/** Every command and output format a file goes through. */
const COMMANDS = ['check', 'check json', 'check sarif', 'simulate', 'montecarlo', 'diagram svg', 'diagram html', 'export'] as const;
type Command = (typeof COMMANDS)[number];

/** A source to read: a path, and what to undo once the run is over (a FIFO's writer). */
interface Source {
  path: string;
  close?: () => Promise<void>;
}

/** The exit code a row expects, or: 1 exactly when `check --format json` lists an error diagnostic, else 0. */
const BY_DIAGNOSTICS = 'by diagnostics';
type Expected = number | typeof BY_DIAGNOSTICS;

interface InputCase {
  /** The class of hostile input. */
  name: string;
  /** Where it comes from: the issue's item, or the earlier probe. */
  from: string;
  /** Makes the source for one run (called once per command). */
  open: (dir: string) => Source | Promise<Source>;
  /** The exit code of each command run; a command not listed is not run (with why, in `notRun`). */
  exits: Partial<Record<Command, Expected>>;
  notRun?: string;
  /** What `simulate` fails (default: n1, the node most rows declare; a row with errors is refused before it matters). */
  fail?: string;
  /** `LINE:COL SEVERITY CODE`s the text of `check` must show after the file's name. */
  at?: string[];
  /** Assertions of this row alone, after the common ones, per command. */
  more?: Partial<Record<Command, (run: Ran, all: Runs) => void>>;
}

interface Ran extends MeasuredRun {
  args: string[];
  path: string;
  /** The -o file of diagram and export. */
  output?: string;
}
type Runs = Partial<Record<Command, Ran>>;

/** A file of `content` in the corpus directory, written once. */
function file(name: string, content: string | Buffer): (dir: string) => Source {
  return (dir) => {
    const path = join(dir, name);
    if (!existsSync(path)) writeFileSync(path, content);
    return { path };
  };
}

const CLEAN = `system shop {
  layer web {
    node w1 { availability 99.9% }
    node w2 { availability 99.9% }
  }
}
`;

/** A spof on line 3, column 5 once the BOM is dropped: lines count CRLF once. */
const SPOF = `system s {\r\n  layer l {\r\n    node n1 { availability 99.9% }\r\n  }\r\n}\r\n`;

/** Absurd numbers: exponents, a count past 2^53, a negative duration, a percent past 100. */
const ABSURD = `system s {
  layer a {
    node x { availability 1e308% }
    node y { availability 99% replicas 99999999999999999999 }
    node z { availability 99% mttr -5s }
    node w { availability 150% }
    node u { availability 99.999999999999999999999999999999999999999999% replicas 0 }
  }
}
`;

/** Absurd numbers that are valid: figures at the edges of a double, none of them an error. */
const HUGE_VALID = `system s {
  slo 99.99999999999999999999999999999%
  rto 99999999999999999999999999y
  layer a {
    load 99999999999999999999999999rps
    node n1 { mtbf 99999999999999999999999999999999y mttr 0.000000000000000000001ms capacity 99999999999999999999999999rps }
    node u { availability 99.999999999999999999999999999999999999999999% replicas 3 capacity 99999999999999999999999999rps }
  }
}
`;

/** What HTML, XML and SVG treat specially, in a system, a layer-free scenario and a comment. */
const HTML_SYSTEM = `<script>alert(1)</script><img src=x onerror=alert(1)>&amp;]]><!--x-->`;
const HTML_SCENARIO = `</title></script><svg onload=alert(1)>`;
const HTML_NAMES = `# </script><script>alert(2)</script>
system "${HTML_SYSTEM}" {
  layer web {
    node n1 { availability 99.9% }
    node n2 { availability 99.9% }
  }
  scenario "${HTML_SCENARIO}" { fail n1 }
}
`;

/** Terminal escapes and bidirectional controls in names, a comment echoed under a diagnostic and the file's own name. */
const ESCAPE_SYSTEM = '\x1b]0;PWNED\x07\x1b[31mshop\u009b\u202e';
const ESCAPES = `system "${ESCAPE_SYSTEM}" {
  layer web { node n1 { availability 99.9% } }   # \u202e\x9b\x1b[1m bold \u2066
  scenario "wipe\x1b[2J\u0085\u2066\x7f" { fail n1 }
}
`;
const ESCAPE_FILE = 'model\x1b[1m\u202e\u0007.topo';

/** A model with errors of meaning: a layer declared twice, a path through an unknown layer. */
const MODEL_ERRORS = `system s {
  layer a { node a1 { availability 99% } }
  layer a { node a2 { availability 99% } }
  path a -> b
}
`;


/** 64 kB of seeded random bytes: invalid UTF-8, NULs, lone CRs. */
function randomBytes(): Buffer {
  const random = new Random(21_21);
  const bytes = Buffer.alloc(64 * 1024);
  for (let i = 0; i < bytes.length; i++) bytes[i] = random.int(0, 255);
  return bytes;
}

/** A FIFO of its own for each run, fed forever by `yes` (it ends on SIGPIPE once topo closes it, or when the run is over). */
function endlessFifo(dir: string): Source {
  const path = join(dir, `endless-${Math.random().toString(36).slice(2)}.topo`);
  assert.equal(spawnSync('mkfifo', [path]).status, 0, 'mkfifo');
  const writer: ChildProcess = spawn('sh', ['-c', 'exec yes "system s { layer l { node n { availability 99% } } }" > "$1"', 'sh', path], { stdio: 'ignore' });
  const closed = new Promise((res) => writer.on('close', res));
  return {
    path,
    close: async () => {
      writer.kill('SIGKILL');
      await closed;
    },
  };
}

/** The parser's limit, said at 1:1 of a file read up to it and no further (issue 21, item 1). */
const LIMIT_MESSAGE = /:1:1 error limit the file has too many characters, over Topo's limit of 1,048,576: split it into several files/;

/** Commands that exit 1 when the file has an error diagnostic, and the diagram (exit 0: it draws what could be resolved). */
const ERRORS: Partial<Record<Command, Expected>> = {
  check: 1, 'check json': 1, 'check sarif': 1, simulate: 1, montecarlo: 1, 'diagram svg': 0, 'diagram html': 0, export: 1,
};
/** ERRORS for a source that declares no system: its diagram is the empty view, whose page the other rows cover. */
const NO_SYSTEM: Partial<Record<Command, Expected>> = Object.fromEntries(Object.entries(ERRORS).filter(([command]) => command !== 'diagram html'));
const EMPTY_PAGE = 'diagram html: the empty view (no system), read and analysed as by diagram svg';
const CLEAN_EXITS: Partial<Record<Command, Expected>> = {
  check: 0, 'check json': 0, 'check sarif': 0, simulate: 0, montecarlo: 0, 'diagram svg': 0, 'diagram html': 0, export: 0,
};

const INPUTS: InputCase[] = [
  {
    name: 'a byte-order mark and CRLF line endings',
    from: 'earlier probe',
    open: file('bom-crlf.topo', '\ufeff' + SPOF),
    exits: CLEAN_EXITS,
    at: ['3:5 warning spof'],
    more: {
      'check json': (r) => {
        const diagnostic = (JSON.parse(r.out) as CheckJson).files[0]!.diagnostics[0]!;
        assert.deepEqual(diagnostic.range.start, { line: 2, character: 4 }, 'the BOM takes no column, CRLF is one line end');
      },
    },
  },
  {
    name: '64 kB of random bytes',
    from: 'earlier probe',
    open: file('random.topo', randomBytes()),
    exits: NO_SYSTEM,
    notRun: EMPTY_PAGE,
    more: { check: (r) => assert.match(r.out, / error syntax /) },
  },
  {
    name: '100,000 nested braces',
    from: 'earlier probe',
    open: file('nested.topo', 'system s {' + '{'.repeat(100_000) + '}'.repeat(100_000) + '}'),
    exits: NO_SYSTEM,
    notRun: EMPTY_PAGE,
    at: ['1:110 error limit'],
  },
  {
    name: 'absurd numbers (exponents, 2^66 replicas, negative and over-100% values)',
    from: 'earlier probe',
    open: file('absurd.topo', ABSURD),
    exits: ERRORS,
    at: ['3:27 error syntax', '4:40 error invalid-value', '5:36 error syntax', '6:27 error invalid-value', '7:83 error invalid-value'],
  },
  {
    name: 'huge numbers that are valid (1e26 rps, an mttr of 1e-21 ms, an slo that rounds to 100%)',
    from: 'earlier probe',
    open: file('huge-valid.topo', HUGE_VALID),
    exits: CLEAN_EXITS,
  },
  {
    name: 'a 20 MB file',
    from: 'earlier probe',
    open: (dir) => {
      const path = join(dir, 'big.topo');
      if (!existsSync(path)) {
        const text = readFileSync(example, 'utf8');
        writeFileSync(path, text.repeat(Math.ceil((20 * 1024 * 1024) / text.length)));
      }
      return { path };
    },
    exits: NO_SYSTEM,
    notRun: EMPTY_PAGE,
    at: ['1:1 error limit'],
  },
  {
    name: 'unterminated tokens (a string, then the file cut off inside a node)',
    from: 'earlier probe',
    open: file('unterminated.topo', 'system "abc {\n  layer l {\n    node n1 { availability 99%'),
    exits: ERRORS,
    at: ['1:8 error syntax', '3:31 error syntax'],
  },
  {
    name: 'an empty file',
    from: 'earlier probe',
    open: file('empty.topo', ''),
    // Nothing to simulate is a usage error; nothing to export, a finding (as export words it).
    exits: { check: 0, 'check json': 0, 'check sarif': 0, simulate: 2, montecarlo: 2, 'diagram svg': 0, 'diagram html': 0, export: 1 },
    more: {
      simulate: (r) => assert.equal(r.err, `topo simulate: ${r.path}: no system to simulate\n`),
      montecarlo: (r) => assert.equal(r.err, `topo montecarlo: ${r.path}: no system to simulate\n`),
      export: (r) => assert.equal(r.err, `topo export: ${r.path} declares no system\n`),
    },
  },
  {
    name: 'errors of meaning (a duplicate layer, an unknown one on the path)',
    from: 'earlier probe',
    open: file('model-errors.topo', MODEL_ERRORS),
    exits: ERRORS,
    at: ['3:9 error duplicate-name', '4:13 error unknown-reference'],
  },
  {
    name: 'names with HTML, XML and script in them',
    from: 'issue 21, item 5',
    open: file('html-names.topo', HTML_NAMES),
    exits: CLEAN_EXITS,
    more: {
      'diagram svg': (r) => {
        const parsed = parseXml(readFileSync(r.output!, 'utf8'));
        assert.ok(parsed.texts.join('\n').includes(xmlChars(HTML_SYSTEM)), 'the system name reads back as text');
      },
      'diagram html': (r) => {
        const { document } = parseHTML(readFileSync(r.output!, 'utf8'));
        assert.equal(document.querySelectorAll('script').length, 2, 'only the view\'s JSON and the bundle are scripts');
        assert.deepEqual(Array.from(document.querySelectorAll('img, svg, iframe, object')).map((e) => e.tagName), [], 'no element from a name');
        for (const e of Array.from(document.querySelectorAll('*'))) {
          for (const a of Array.from(e.attributes)) assert.doesNotMatch(a.name, /^on/i, `an event handler on <${e.tagName}>`);
        }
        assert.ok(document.title.includes(HTML_SYSTEM), `the title shows the name as text: ${document.title}`);
      },
    },
  },
  {
    name: 'terminal escapes and bidirectional controls in names, a comment and the file name',
    from: 'issue 21, item 3',
    open: file(ESCAPE_FILE, ESCAPES),
    exits: CLEAN_EXITS,
    at: ['2:15 warning spof'],
    more: {
      check: (r) => assert.ok(r.out.includes(escapeTerminal(ESCAPE_SYSTEM)), 'the name is shown escaped'),
      'check json': (r) => assert.equal((JSON.parse(r.out) as CheckJson).files[0]!.systems[0]!.name, ESCAPE_SYSTEM, 'JSON keeps the name as written'),
    },
  },
  {
    name: '/dev/zero (a device stat calls empty)',
    from: 'issue 21, item 1',
    open: () => ({ path: '/dev/zero' }),
    exits: NO_SYSTEM,
    notRun: EMPTY_PAGE,
    at: ['1:1 error limit'],
    more: {
      check: (r) => {
        assert.match(r.out, LIMIT_MESSAGE);
        assert.match(r.out, /^\/dev\/zero: 1 error$/m);
      },
      'check json': (r) => {
        const diagnostics = (JSON.parse(r.out) as CheckJson).files[0]!.diagnostics;
        assert.deepEqual(diagnostics.map((d) => d.code), ['limit']);
        assert.match(diagnostics[0]!.message, /over Topo's limit of 1,048,576/);
      },
      simulate: (r) => assert.match(r.err, LIMIT_MESSAGE),
      montecarlo: (r) => assert.match(r.err, LIMIT_MESSAGE),
      export: (r) => assert.match(r.err, LIMIT_MESSAGE),
      'diagram svg': (r) => assert.match(r.err, /diagram of 0 systems written; \/dev\/zero: 1 error/),
    },
  },
  {
    name: 'a FIFO fed forever',
    from: 'issue 21, item 1',
    open: endlessFifo,
    exits: NO_SYSTEM,
    notRun: EMPTY_PAGE,
    at: ['1:1 error limit'],
    more: {
      check: (r) => assert.match(r.out, LIMIT_MESSAGE),
      simulate: (r) => assert.match(r.err, LIMIT_MESSAGE),
    },
  },
  {
    name: 'an analysis that hits its work limit (U only bounded)',
    from: 'issue 21, item 7b',
    open: file('bounded.topo', boundedLedger()),
    fail: 'db',
    // Whether an slo the bounds cannot settle is an error is the analysis's call; the exit code follows the diagnostics.
    exits: { check: BY_DIAGNOSTICS, 'check json': BY_DIAGNOSTICS, 'check sarif': BY_DIAGNOSTICS, simulate: 0, montecarlo: 0, 'diagram svg': 0, 'diagram html': 0, export: 0 },
    at: ['1:8 warning analysis-limit'],
    more: {
      check: (r) => {
        const floor = /^system ledger: at least (\d+\.\d+%) available \(≥ [\d.]+ nines; bounded: /m.exec(r.out)?.[1];
        assert.ok(floor !== undefined, `the headline reads as a bound:\n${r.out.slice(0, 400)}`);
        assert.match(r.out, /^ {2}slo 99\.99%: undetermined \(U is only bounded\)$/m);
        // The floor is a bound wherever it is said: the report, its table and the diagnostics.
        for (const line of r.out.split('\n').filter((l) => l.includes(floor))) {
          assert.ok(line.includes(`at least ${floor}`) || line.includes(`≥ ${floor}`), `a bound read as the figure: ${line}`);
        }
        // An objective the bounds do not settle is undetermined (docs/language.md): no diagnostic says it is missed.
        assert.doesNotMatch(r.out, /slo-miss .*misses the SLO/, 'the report says undetermined, a diagnostic says missed');
      },
      'check json': (r) => {
        const system = (JSON.parse(r.out) as CheckJson).files[0]!.systems[0]!;
        assert.equal(system.exact, false);
        assert.equal(system.availabilityBounds?.length, 2);
      },
      montecarlo: (r) => {
        // The analytic figure beside the estimate is an upper bound on U here, and must say so.
        const analytic = /^ {2}analytic .*$/m.exec(r.out)?.[0] ?? '';
        assert.match(analytic, /at most|≤|bound/, `the analytic figure reads as exact: '${analytic.trim()}'`);
      },
    },
  },
  {
    name: 'a layer of 100,000 instances',
    from: 'issue 21, item 6',
    open: file('huge-layer.topo', 'system big {\n  layer app { node app { availability 99% replicas 100000 } }\n}\n'),
    exits: { check: 0, 'diagram svg': 0, 'diagram html': 0 },
    at: ['1:8 warning analysis-limit'],
    notRun: 'simulate, montecarlo and export take 3–17 s here and are bounded like check; the diagram is what broke',
  },
];

// ---------------------------------------------------------------------------------------------
// Hostile command lines and outputs

interface ArgsCase {
  name: string;
  from: string;
  args: (paths: { clean: string; dir: string }) => string[];
  /** Where stdout or stderr goes: a pipe, or /dev/full. */
  stdout?: 'full';
  stderr?: 'full';
  exit: number;
  /** stderr exactly, or matching. */
  err?: string | RegExp | ((paths: { clean: string; dir: string }) => string | RegExp);
  /** Assertions of this case alone, after the common ones. */
  more?: (run: Ran) => void;
}

const ARGS: ArgsCase[] = [
  { name: 'no command', from: 'usage', args: () => [], exit: 2, more: (r) => assert.match(r.out, /^topo — /) },
  { name: 'an unknown command', from: 'usage', args: () => ['frobnicate'], exit: 2, err: "topo: unknown command 'frobnicate'. Run 'topo --help' for the list.\n" },
  { name: 'an unknown option', from: 'usage', args: (p) => ['check', '--frobnicate', p.clean], exit: 2, err: "topo check: unknown option '--frobnicate'\n" },
  { name: 'an option without its value', from: 'usage', args: (p) => ['check', p.clean, '--format'], exit: 2, err: "topo check: option '--format' needs a value\n" },
  { name: 'a format that does not exist', from: 'usage', args: (p) => ['check', '--format', 'xml', p.clean], exit: 2, err: /^topo check: --format must be one of text, json, sarif \(got 'xml'\)\n$/ },
  { name: '--max-order past its bound', from: 'usage', args: (p) => ['check', '--max-order', '7', p.clean], exit: 2, err: 'topo check: --max-order must be between 1 and 6 (got 7)\n' },
  { name: 'check without a file', from: 'usage', args: () => ['check'], exit: 2, err: /^topo check: no file given\n/ },
  // check heads its I/O errors 'topo:', the other commands 'topo NAME:'; either will do.
  { name: 'a missing file', from: 'usage', args: (p) => ['check', join(p.dir, 'nope.topo')], exit: 2, err: (p) => new RegExp(`^topo(?: check)?: ${escapeRegExp(join(p.dir, 'nope.topo'))}: no such file\n$`) },
  { name: 'a directory as the file', from: 'usage', args: (p) => ['check', p.dir], exit: 2, err: (p) => new RegExp(`^topo(?: check)?: ${escapeRegExp(p.dir)}: is a directory, not a \\.topo file\n$`) },
  { name: 'simulate with nothing to fail', from: 'usage', args: (p) => ['simulate', p.clean], exit: 2, err: /^topo simulate: say what fails: --fail NAME\[@T\] or --scenario NAME\n/ },
  { name: 'simulate --fail NAME@-5s', from: 'usage', args: (p) => ['simulate', p.clean, '--fail', 'w1@-5s'], exit: 2, err: /^topo simulate: --fail w1@-5s: expected NAME or NAME@TIME/ },
  {
    name: 'simulate --fail lb1@1e14y (an exponent)',
    from: 'issue 21, item 7a',
    args: () => ['simulate', example, '--fail', 'lb1@1e14y'],
    exit: 2,
    err: 'topo simulate: --fail lb1@1e14y: exponents are not supported; write the time out in full (e.g. 100000y)\n',
  },
  {
    name: 'simulate --fail lb1@100000000000000y (past MAX_FAILURE_SECONDS)',
    from: 'issue 21, item 7a',
    args: () => ['simulate', example, '--fail', 'lb1@100000000000000y'],
    exit: 2,
    err: "topo simulate: the failure time 100000000000000y is past the simulation's limit of 100,000 years, beyond which its clock of float64 seconds loses the millisecond\n",
  },
  { name: 'montecarlo --years 0', from: 'usage', args: (p) => ['montecarlo', p.clean, '--years', '0'], exit: 2, err: 'topo montecarlo: --years must be between 1 and 100000000 (got 0)\n' },
  { name: 'montecarlo --seed -1', from: 'usage', args: (p) => ['montecarlo', p.clean, '--seed=-1'], exit: 2, err: "topo montecarlo: --seed takes a whole number (got '-1')\n" },
  { name: 'montecarlo --workers 65', from: 'usage', args: (p) => ['montecarlo', p.clean, '--workers', '65'], exit: 2, err: 'topo montecarlo: --workers must be between 1 and 64 (got 65)\n' },
  { name: 'montecarlo --cycles without importance', from: 'usage', args: (p) => ['montecarlo', p.clean, '--cycles', '5'], exit: 2, err: 'topo montecarlo: --cycles goes with --method importance\n' },
  {
    name: 'montecarlo --workers 64 (lowered to the cores, said on stderr)',
    from: 'issue 21, item 9',
    args: () => ['montecarlo', example, '--years', '640', '--workers', '64', '--format', 'json'],
    exit: 0,
    more: (r) => {
      const cores = availableParallelism();
      assert.equal(r.err, cores >= 64 ? '' : `topo montecarlo: --workers 64 lowered to ${cores} (the cores available); the 64 streams, and so the results, stay those of --workers 64\n`);
      assert.equal((JSON.parse(r.out) as { system: string }).system, 'checkout');
    },
  },
  { name: 'diagram without -o', from: 'usage', args: (p) => ['diagram', p.clean], exit: 2, err: /^topo diagram: no output given: -o OUT\.html or -o OUT\.svg\n/ },
  { name: 'diagram -o OUT.png', from: 'usage', args: (p) => ['diagram', p.clean, '-o', join(p.dir, 'x.png')], exit: 2, err: (p) => `topo diagram: the output must end in .html or .svg (got '${join(p.dir, 'x.png')}')\n` },
  { name: 'export --format xml', from: 'usage', args: (p) => ['export', '--format', 'xml', p.clean], exit: 2, err: "topo export: --format must be one of mef (got 'xml')\n" },
  // Unwritable outputs (issue 21, item 2).
  ...([['check'], ['check', '--format', 'json'], ['check', '--format', 'sarif'], ['simulate', '--fail', 'w1'], ['montecarlo', '--years', '100']] as const).map(([command, ...rest]): ArgsCase => ({
    name: `${[command, ...rest].join(' ')} > /dev/full`,
    from: 'issue 21, item 2',
    args: (p) => [command, p.clean, ...rest],
    stdout: 'full',
    exit: 2,
    err: `topo ${command}: cannot write the output: no space left on device (ENOSPC)\n`,
  })),
  {
    name: 'check 2> /dev/full (nothing can say why: the exit code does)',
    from: 'issue 21, item 2',
    args: (p) => ['check', join(p.dir, 'missing.topo')],
    stderr: 'full',
    exit: 2,
    more: (r) => assert.equal(r.out, ''),
  },
  ...(['diagram', 'export'] as const).flatMap((command): ArgsCase[] => {
    const run = (out: string) => (p: { clean: string }): string[] => (command === 'diagram' ? ['diagram', p.clean, '-o', out] : ['export', '--format', 'mef', p.clean, '-o', out]);
    const ext = command === 'diagram' ? 'svg' : 'xml';
    return [
      {
        name: `${command} -o a file on a full device`,
        from: 'issue 21, item 2',
        args: (p) => run(join(p.dir, `full.${ext}`))(p),
        exit: 2,
        err: (p) => `topo ${command}: cannot write ${join(p.dir, `full.${ext}`)}: no space left on device (ENOSPC)\n`,
      },
      {
        name: `${command} -o a directory`,
        from: 'issue 21, item 2',
        args: (p) => run(join(p.dir, `a-directory.${ext}`))(p),
        exit: 2,
        err: (p) => `topo ${command}: cannot write ${join(p.dir, `a-directory.${ext}`)}: is a directory\n`,
      },
      {
        name: `${command} -o a path in a missing directory`,
        from: 'issue 21, item 2',
        args: (p) => run(join(p.dir, 'missing', `x.${ext}`))(p),
        exit: 2,
        err: (p) => `topo ${command}: cannot write ${join(p.dir, 'missing', `x.${ext}`)}: no such file\n`,
      },
    ];
  }),
];

// ---------------------------------------------------------------------------------------------

/** The arguments of `command` over `path`; diagram and export write into `dir`. */
function argsOf(command: Command, path: string, output: string, fail: string): string[] {
  switch (command) {
    case 'check': return ['check', path];
    case 'check json': return ['check', '--format', 'json', path];
    case 'check sarif': return ['check', '--format', 'sarif', path];
    case 'simulate': return ['simulate', path, '--fail', fail];
    case 'montecarlo': return ['montecarlo', path, '--years', '20'];
    case 'diagram svg':
    case 'diagram html': return ['diagram', path, '-o', output];
    case 'export': return ['export', '--format', 'mef', path, '-o', output];
  }
}

function expectedExit(expected: Expected, runs: Runs): number {
  if (expected !== BY_DIAGNOSTICS) return expected;
  const json = runs['check json'];
  assert.ok(json, `'${BY_DIAGNOSTICS}' needs the check json run`);
  return (JSON.parse(json.out) as CheckJson).files[0]!.diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
}

/** The common assertions of `command` over a file: exit code, locations, outputs that parse. */
function assertCommand(input: InputCase, command: Command, runs: Runs): void {
  const r = runs[command]!;
  const label = labelOf(r.args);
  const textStdout = command === 'check' || command === 'simulate' || command === 'montecarlo';
  assertSane(r, r.args, textStdout);
  const expected = expectedExit(input.exits[command]!, runs);
  assert.equal(r.code, expected, `${label}: exit code\n${r.err.slice(0, 1000)}`);
  const shown = escapeTerminal(r.path);
  const json = runs['check json'] ? (JSON.parse(runs['check json'].out) as CheckJson).files[0]! : undefined;
  const errors = json?.diagnostics.filter((d) => d.severity === 'error') ?? [];
  const where = (d: DiagnosticJson) => `${shown}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.code} `;
  switch (command) {
    case 'check': {
      // Every diagnostic named at FILE:LINE:COL, as the JSON places it; the row's own places too.
      for (const d of json?.diagnostics.slice(0, 50) ?? []) assert.ok(r.out.includes(where(d)), `${label}: no '${where(d)}' in\n${r.out.slice(0, 1500)}`);
      for (const at of input.at ?? []) assert.ok(r.out.includes(`${shown}:${at} `), `${label}: no '${shown}:${at}' in\n${r.out.slice(0, 1500)}`);
      assert.ok(r.out.endsWith('\n') && r.out.split('\n').at(-2)!.startsWith(`${shown}: `), `${label}: the summary line ends the report`);
      break;
    }
    case 'check json': {
      const parsed = JSON.parse(r.out) as CheckJson;
      assert.equal(parsed.files[0]?.file, r.path, `${label}: the file as given`);
      break;
    }
    case 'check sarif': {
      const sarif = JSON.parse(r.out) as SarifJson;
      assert.equal(sarif.version, '2.1.0');
      const results = sarif.runs[0]!.results;
      assert.equal(results.length, json?.diagnostics.length, `${label}: one result per diagnostic`);
      const rules = new Set(sarif.runs[0]!.tool.driver.rules.map((rule) => rule.id));
      results.forEach((result, i) => {
        const d = json!.diagnostics[i]!;
        assert.equal(result.ruleId, d.code);
        assert.ok(rules.has(result.ruleId), `${label}: rule ${result.ruleId} declared`);
        assert.equal(result.message.text, d.message);
        const region = result.locations[0]!.physicalLocation.region;
        assert.deepEqual([region.startLine, region.startColumn], [d.range.start.line + 1, d.range.start.character + 1], `${label}: result ${i}'s place`);
      });
      break;
    }
    case 'simulate':
    case 'montecarlo':
    case 'export': {
      // A file with errors is refused, its errors named at FILE:LINE:COL on stderr, and nothing written.
      if (r.code === 1 && errors.length > 0) assert.ok(r.err.includes(where(errors[0]!)), `${label}: no '${where(errors[0]!)}' in\n${r.err.slice(0, 1500)}`);
      if (command === 'export' && r.code !== 0) assert.ok(!existsSync(r.output!), `${label}: wrote ${r.output} all the same`);
      if (command === 'export' && r.code === 0) assert.equal(parseXml(readFileSync(r.output!, 'utf8')).error, undefined, `${label}: the MEF is well-formed XML`);
      break;
    }
    case 'diagram svg':
    case 'diagram html': {
      if (r.code !== 0) break;
      assert.match(r.err, /: diagram of \d+ systems? written; /);
      const content = readFileSync(r.output!, 'utf8');
      if (command === 'diagram svg') assert.equal(parseXml(content).error, undefined, `${label}: the SVG is well-formed XML`);
      else assert.match(content.slice(0, 100), /^<!doctype html>/i, `${label}: a page`);
      break;
    }
  }
  input.more?.[command]?.(r, runs);
}

describe('cli: the hostile-input corpus (issue 21), every command over every input', function () {
  this.timeout(120_000);
  let dir: string;
  let clean: string;

  before(() => {
    buildCli();
    dir = mkdtempSync(join(tmpdir(), 'topo-corpus-'));
    clean = join(dir, 'clean.topo');
    writeFileSync(clean, CLEAN);
    mkdirSync(join(dir, 'a-directory.svg'));
    mkdirSync(join(dir, 'a-directory.xml'));
    symlinkSync('/dev/full', join(dir, 'full.svg'));
    symlinkSync('/dev/full', join(dir, 'full.xml'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const input of INPUTS) {
    describe(`${input.name} (${input.from})`, () => {
      const runs: Runs = {};
      const commands = COMMANDS.filter((c) => input.exits[c] !== undefined);

      before(async function () {
        this.timeout(RUN_TIMEOUT_MS * Math.ceil(commands.length / PARALLEL) + 30_000);
        const outputs = join(dir, `out-${INPUTS.indexOf(input)}`);
        mkdirSync(outputs);
        await pool(commands.map((command) => async () => {
          const source = await input.open(dir);
          const output = join(outputs, command === 'diagram html' ? 'diagram.html' : command === 'diagram svg' ? 'diagram.svg' : 'tree.xml');
          const args = argsOf(command, source.path, output, input.fail ?? 'n1');
          try {
            const run = await measuredTopoCli(args, { timeoutMs: RUN_TIMEOUT_MS });
            runs[command] = { ...run, args, path: source.path, output };
          } finally {
            await source.close?.();
          }
        }), PARALLEL);
      });

      for (const command of commands) {
        it(`${command}: exit ${String(input.exits[command])}`, () => assertCommand(input, command, runs));
      }
    });
  }

  describe('hostile command lines and unwritable outputs', () => {
    const runs: Ran[] = [];

    before(async function () {
      this.timeout(RUN_TIMEOUT_MS * Math.ceil(ARGS.length / PARALLEL) + 30_000);
      const paths = { clean, dir };
      runs.push(...await pool(ARGS.map((c) => async (): Promise<Ran> => {
        const args = c.args(paths);
        const full = c.stdout === 'full' || c.stderr === 'full' ? openSync('/dev/full', 'w') : undefined;
        const stdio: StdioOptions = ['ignore', c.stdout === 'full' ? full! : 'pipe', c.stderr === 'full' ? full! : 'pipe'];
        try {
          return { ...await measuredTopoCli(args, { stdio, timeoutMs: RUN_TIMEOUT_MS }), args, path: '' };
        } finally {
          if (full !== undefined) closeSync(full);
        }
      }), PARALLEL));
    });

    ARGS.forEach((c, i) => {
      it(`${c.name} (${c.from}): exit ${c.exit}`, () => {
        const r = runs[i]!;
        assertSane(r, r.args, true);
        assert.equal(r.code, c.exit, `${labelOf(r.args)}: exit code\n${r.err}`);
        const err = typeof c.err === 'function' ? c.err({ clean, dir }) : c.err;
        if (typeof err === 'string') assert.equal(r.err, err);
        else if (err !== undefined) assert.match(r.err, err);
        // A usage error is the user's to fix: one short message, not a report of a bug.
        if (c.exit === 2 && c.stderr !== 'full' && r.args.length > 0) assert.ok(r.err.length > 0 && r.err.length < 500, `a short message: ${r.err}`);
        c.more?.(r);
      });
    });

    it('nothing was written through the directory, the full device or the missing directory', () => {
      assert.ok(statSync(join(dir, 'a-directory.svg')).isDirectory());
      assert.ok(!existsSync(join(dir, 'missing')));
    });
  });
});
