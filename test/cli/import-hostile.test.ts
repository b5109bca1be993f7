/**
 * `topo import` on hostile input: each source's fixture (the Compose web app, the Kubernetes shop
 * directory with one of its files mutated, the Terraform 3-tier plan) put through seeded mutations
 * — truncation, a line deleted or duplicated, a scalar replaced by a list, a map, null, a huge or
 * negative number, `${VAR}` or `{{ .Values.x }}`, raw bytes (NUL, invalid UTF-8, a BOM, ESC), deep
 * nesting, a small YAML alias bomb, a duplicated key — and run as a user runs it (the built bundle
 * as a child process).
 *
 * Every case is held to: an exit code of 0, 1 or 2 (never a crash code or a signal), within
 * RUN_TIMEOUT_MS and the memory bound; no JavaScript failure shown; every place in the input the
 * report names is FILE:LINE:COL with LINE within that file's lines; exit 0 writes the draft, which
 * `topo check` reads with exit 0 or 1 and no stack trace; exit 1 (an input error) writes no draft,
 * as docs/import.md says. Each case is named by its seed and mutation, so a failure replays: the
 * seeds are SEED_BASE + i (set IMPORT_HOSTILE_SEED to explore others).
 */
import { strict as assert } from 'node:assert';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { assertBounded, assertNoStackTrace, buildCli, measuredTopoCli, pool, type MeasuredRun } from '../support/cli';
import { Random } from '../support/random';

const ROOT = resolve(__dirname, '../..');
const COMPOSE = join(ROOT, 'test/fixtures/import/compose/webapp.yml');
const SHOP = join(ROOT, 'test/fixtures/import/k8s/shop');
const PLAN = join(ROOT, 'test/fixtures/import/terraform/three-tier.plan.json');
/** A run past this is a hang: an import of these fixtures ends in about a second. */
const RUN_TIMEOUT_MS = 20_000;
/** Cases per source. */
const CASES = 25;
/** Runs at a time (the CI machine has two cores). */
const PARALLEL = 2;
const SEED_BASE = Number(process.env.IMPORT_HOSTILE_SEED ?? 0x1d0) >>> 0;

type Source = 'compose' | 'k8s' | 'terraform';
type Mutation = 'truncate' | 'delete-line' | 'duplicate-line' | 'scalar' | 'bytes' | 'deep-nesting' | 'alias-bomb' | 'duplicate-key' | 'figure';
/** Scalars weigh double: they reach the importer's reading of values, the rest mostly the parser. */
const MUTATIONS: readonly Mutation[] = ['truncate', 'delete-line', 'duplicate-line', 'scalar', 'bytes', 'deep-nesting', 'alias-bomb', 'duplicate-key', 'scalar', 'figure'];

const YAML_SCALARS = ['[1, 2]', '{a: 1}', 'null', '~', '1e309', '99999999999999999999999', '-7', '-0.5', '${VAR}', '"{{ .Values.x }}"', '{{ .Values.x }}', '.nan', '""'];
const JSON_SCALARS = ['[1, 2]', '{"a": 1}', 'null', '1e309', '99999999999999999999999', '-7', '-0.5', '"${VAR}"', '"{{ .Values.x }}"', '{{ .Values.x }}', '""', 'true'];
const BYTES: readonly [string, Buffer][] = [
  ['NUL', Buffer.from([0])],
  ['invalid UTF-8 ff fe', Buffer.from([0xff, 0xfe])],
  ['truncated UTF-8 c3', Buffer.from([0xc3])],
  ['BOM', Buffer.from([0xef, 0xbb, 0xbf])],
  ['ESC', Buffer.from([0x1b, 0x5b, 0x33, 0x31, 0x6d])],
  ['lone surrogate', Buffer.from([0xed, 0xa0, 0x80])],
];

/** The keys whose value becomes a figure of the draft (replicas, health check, group sizes): a `figure` mutation's target. */
const FIGURE_KEY = /^\s*(?:-\s+)?"?(?:replicas|scale|interval|timeout|retries|periodSeconds|timeoutSeconds|failureThreshold|minReplicas|maxReplicas|min_size|max_size|desired_capacity|healthy_threshold|unhealthy_threshold|num_cache_clusters|multi_az)"?:/;
const YAML_FIGURES = ['1000000000000000000000000000000000s', '1e30', '99999999999999999999999', '-1', '0', '1e-30s', '0.001s', '4.5', '9999'];
const JSON_FIGURES = ['1e30', '1000000000000000000000000000000000', '99999999999999999999999', '-1', '0', '1e-30', '4.5', '"1e30s"', '9999'];

/** `key: scalar` (YAML) and `"key": scalar,` (JSON): the lines whose value a mutation may replace. */
const YAML_KEY_LINE = /^(\s*(?:-\s+)?[A-Za-z_][\w./-]*:[ \t]+)([^\s&*|>#{[][^#]*?)\s*$/;
const JSON_KEY_LINE = /^(\s*"[^"]*":\s*)([^\s{[].*?)(,?)\s*$/;

interface Case {
  source: Source;
  seed: number;
  /** The mutation, with what it did: the case's name. */
  what: string;
  /** The mutated file's path relative to the source (the one file of compose and terraform). */
  file: string;
  content: Buffer;
}

/** One mutation of `text` (a JSON plan when `json`), from `random`: the new bytes and what was done. */
function mutate(text: string, json: boolean, mutation: Mutation, random: Random): { content: Buffer; what: string } {
  const lines = text.split('\n');
  const keyLine = json ? JSON_KEY_LINE : YAML_KEY_LINE;
  const keyLines = lines.map((l, i) => (keyLine.test(l) ? i : -1)).filter((i) => i >= 0);
  /** The value of a random `key: scalar` line replaced by `value` (a JSON line keeps its comma). */
  const replaceScalar = (value: string, among: number[] = keyLines): { content: Buffer; what: string } => {
    const i = random.pick(among);
    lines[i] = lines[i]!.replace(keyLine, (_m, head: string, _v: string, comma: string | undefined) => `${head}${value}${comma ?? ''}`);
    const shown = value.length > 40 ? `${value.slice(0, 40)}… (${value.length} chars)` : value;
    return { content: Buffer.from(lines.join('\n')), what: `scalar at line ${i + 1} -> ${shown}` };
  };
  switch (mutation) {
    case 'truncate': {
      const at = random.int(0, text.length - 1);
      return { content: Buffer.from(text.slice(0, at)), what: `truncate at offset ${at}` };
    }
    case 'delete-line': {
      const i = random.int(0, lines.length - 1);
      lines.splice(i, 1);
      return { content: Buffer.from(lines.join('\n')), what: `delete line ${i + 1}` };
    }
    case 'duplicate-line': {
      const i = random.int(0, lines.length - 1);
      lines.splice(i, 0, lines[i]!);
      return { content: Buffer.from(lines.join('\n')), what: `duplicate line ${i + 1}` };
    }
    case 'scalar':
      return replaceScalar(random.pick(json ? JSON_SCALARS : YAML_SCALARS));
    case 'figure': {
      const figureLines = keyLines.filter((i) => FIGURE_KEY.test(lines[i]!));
      return replaceScalar(random.pick(json ? JSON_FIGURES : YAML_FIGURES), figureLines.length > 0 ? figureLines : keyLines);
    }
    case 'bytes': {
      const [name, bytes] = random.pick(BYTES);
      const buffer = Buffer.from(text);
      const at = random.chance(0.25) ? 0 : random.int(0, buffer.length);
      return { content: Buffer.concat([buffer.subarray(0, at), bytes, buffer.subarray(at)]), what: `bytes ${name} at byte ${at}` };
    }
    case 'deep-nesting': {
      const depth = random.pick([20, 150, 199, 201, 250, 3000]);
      const map = random.chance(0.5);
      const open = map ? (json ? '{"a": ' : '{a: ') : '[';
      return replaceScalar(`${open.repeat(depth)}1${(map ? '}' : ']').repeat(depth)}`);
    }
    case 'alias-bomb': {
      // Level k is a list of ten aliases of level k − 1: 10^levels values from a few hundred bytes.
      const levels = random.int(3, 7);
      const parts = ['&a0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]'];
      for (let k = 1; k < levels; k++) parts.push(`&a${k} [${Array.from({ length: 10 }, () => `*a${k - 1}`).join(', ')}]`);
      const bomb = replaceScalar(`[${parts.join(', ')}]`);
      return { content: bomb.content, what: `alias bomb of 10^${levels} values, ${bomb.what}` };
    }
    case 'duplicate-key': {
      const i = random.pick(keyLines);
      const line = lines[i]!;
      const m = keyLine.exec(line)!;
      // The key again, before its line (a list item's `- ` becomes indentation, and the copy goes after it).
      const head = m[1]!.replace(/-(\s+)/, ' $1');
      const copy = json ? `${head}1,` : `${head}1`;
      if (!json && /^\s*-\s/.test(line)) lines.splice(i + 1, 0, copy);
      else lines.splice(i, 0, copy);
      return { content: Buffer.from(lines.join('\n')), what: `duplicate key at line ${i + 1} (${m[1]!.trim()})` };
    }
  }
}

/** Every `*.yaml`/`*.yml` under `dir`, relative to it, sorted. */
function manifests(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d).sort()) {
      const full = join(d, e);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.ya?ml$/.test(e)) out.push(relative(dir, full));
    }
  };
  walk(dir);
  return out;
}

function generate(source: Source): Case[] {
  const shopFiles = source === 'k8s' ? manifests(SHOP) : [];
  const cases: Case[] = [];
  for (let i = 0; i < CASES; i++) {
    const seed = SEED_BASE + i;
    const random = new Random(seed ^ (source === 'compose' ? 0 : source === 'k8s' ? 0x5a5a : 0xa5a5));
    const mutation = MUTATIONS[i % MUTATIONS.length]!;
    const file = source === 'compose' ? 'webapp.yml' : source === 'terraform' ? 'three-tier.plan.json' : random.pick(shopFiles);
    const original = readFileSync(source === 'compose' ? COMPOSE : source === 'terraform' ? PLAN : join(SHOP, file), 'utf8');
    const { content, what } = mutate(original, source === 'terraform', mutation, random);
    cases.push({ source, seed, file, content, what: `${source} seed=${seed} ${mutation}: ${source === 'k8s' ? `${file}: ` : ''}${what}` });
  }
  return cases;
}

interface Outcome {
  run: MeasuredRun;
  /** The input's files and their line counts. */
  files: Map<string, number>;
  draft: string;
  draftExists: boolean;
  check?: MeasuredRun;
}

function lineCount(content: Buffer): number {
  let n = 1;
  for (const b of content) if (b === 0x0a) n++;
  return n;
}

/** Writes the case's input in `dir`, imports it with `-o`, and checks the draft when there is one. */
async function runCase(c: Case, dir: string): Promise<Outcome> {
  const files = new Map<string, number>();
  let input: string;
  if (c.source === 'k8s') {
    input = join(dir, 'shop');
    cpSync(SHOP, input, { recursive: true });
    writeFileSync(join(input, c.file), c.content);
    for (const f of manifests(input)) files.set(join(input, f), lineCount(readFileSync(join(input, f))));
  } else {
    input = join(dir, c.file);
    writeFileSync(input, c.content);
    files.set(input, lineCount(c.content));
  }
  const draft = join(dir, 'draft.topo');
  const run = await measuredTopoCli(['import', c.source, input, '-o', draft], { timeoutMs: RUN_TIMEOUT_MS });
  const draftExists = existsSync(draft);
  const check = run.code === 0 && draftExists ? await measuredTopoCli(['check', draft], { timeoutMs: RUN_TIMEOUT_MS }) : undefined;
  return { run, files, draft, draftExists, check };
}


/** Every mention of an input file in the report is FILE:LINE:COL, LINE within the file. */
function assertLocations(o: Outcome, label: string): void {
  const text = `${o.run.out}\n${o.run.err}`;
  for (const [file, lines] of o.files) {
    let at = text.indexOf(file);
    while (at >= 0) {
      const after = text.slice(at + file.length);
      const m = /^:(\d+):(\d+)\b/.exec(after);
      const lineOfText = text.slice(text.lastIndexOf('\n', at) + 1, text.indexOf('\n', at) < 0 ? undefined : text.indexOf('\n', at));
      assert.ok(m, `${label}: the report names ${file} without :LINE:COL:\n${lineOfText}`);
      const line = Number(m[1]);
      const column = Number(m[2]);
      assert.ok(line >= 1 && line <= lines, `${label}: line ${line} is outside ${file}'s ${lines} lines:\n${lineOfText}`);
      assert.ok(column >= 1, `${label}: column ${column} is not 1-based:\n${lineOfText}`);
      at = text.indexOf(file, at + file.length);
    }
  }
}

function assertCase(c: Case, o: Outcome): void {
  const label = `topo import ${c.what}`;
  const shown = `\n--- stdout\n${o.run.out.slice(0, 1500)}\n--- stderr\n${o.run.err.slice(0, 1500)}`;
  assert.ok(!o.run.timedOut, `${label}: did not finish within ${RUN_TIMEOUT_MS} ms`);
  assert.ok([0, 1, 2].includes(o.run.code), `${label}: exit ${o.run.code} (a crash or a signal)${shown}`);
  assertBounded(o.run, label);
  assertNoStackTrace(o.run, label);
  if (o.run.code !== 2) assertLocations(o, label);
  if (o.run.code === 0) {
    assert.ok(o.draftExists, `${label}: exit 0 but no draft at ${o.draft}${shown}`);
    const check = o.check!;
    const checkLabel = `${label}, then topo check of its draft`;
    assert.ok(!check.timedOut, `${checkLabel}: did not finish within ${RUN_TIMEOUT_MS} ms`);
    assert.ok(check.code === 0 || check.code === 1, `${checkLabel}: exit ${check.code}\n${check.out.slice(0, 1500)}${check.err.slice(0, 1500)}`);
    assertNoStackTrace(check, checkLabel);
  }
  // docs/import.md: exit 1, "the input has an error … and no draft is written".
  if (o.run.code === 1) assert.ok(!o.draftExists, `${label}: exit 1 but a draft was written to ${o.draft}${shown}\n--- draft\n${o.draftExists ? readFileSync(o.draft, 'utf8').slice(0, 1500) : ''}`);
}

for (const source of ['compose', 'k8s', 'terraform'] as const) {
  describe(`topo import ${source}: seeded hostile mutations of its fixture`, function () {
    this.timeout(300_000);
    const cases = generate(source);
    const outcomes: Outcome[] = [];
    let dir: string;
    before(async () => {
      if (!existsSync(join(ROOT, 'dist', 'topo.js'))) buildCli();
      dir = mkdtempSync(join(tmpdir(), `topo-import-hostile-${source}-`));
      outcomes.push(...(await pool(cases.map((c, i) => () => runCase(c, mkdtempSync(join(dir, `case-${i}-`)))), PARALLEL)));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));
    cases.forEach((c, i) => {
      it(c.what, () => assertCase(c, outcomes[i]!));
    });
  });
}
