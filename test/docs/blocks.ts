/**
 * The code blocks of the docs (`docs/*.md` and the README) and what each promises, read the same
 * way by the docs test (`docs.test.ts`) and by the script that regenerates the outputs
 * (`npm run docs:output`, `update.ts`).
 *
 * Conventions (written for doc authors in `docs/README.md`):
 * - ```` ```topo ```` a complete model: the checker finds no error in it.
 * - ```` ```topo expect=CODE[,CODE…] ```` a model that shows diagnostics: each listed code is
 *   raised, and no other error.
 * - ```` ```topo fragment ```` (with or without `expect=`) part of a system: checked inside
 *   `system fragment { … }`.
 * - ```` ```text topo-output [COMMAND [ARGS…]] [name=FILE.topo] [file=PATH] [lines=N] ```` exactly
 *   what `topo COMMAND FILE ARGS…` prints (COMMAND defaults to `check`) for the last complete
 *   model above it in the same file (saved as FILE.topo, default `model.topo`), or for the
 *   repository file PATH; with `lines=N`, its first N lines; with `only=diagnostics`, only
 *   its diagnostic lines (`FILE:LINE:COL severity code message`); with `only=journeys`, only
 *   the table of journeys (from its `journeys` line to the first blank line).
 * - A model may `import` files: they are read relative to the markdown file's folder (the docs'
 *   own fixtures are in `docs/examples/`), by the checker and by the output blocks alike.
 * - ```` ```text npm-start ```` exactly what `npm start` prints after npm's own banner.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { DocumentSource } from '../../server/src/core/index';

export const ROOT = join(__dirname, '..', '..');

export interface Block {
  /** Repository-relative path of the markdown file. */
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  lang: string;
  meta: string[];
  body: string;
  /** Offsets of the body in the file's text (for rewriting it). */
  start: number;
  end: number;
}

/** The markdown files whose blocks are checked: every file under `docs/`, and the README. */
export function docFiles(): string[] {
  const docs = readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`);
  return [...docs, 'README.md'];
}

/** The fenced code blocks of a markdown text (``` fences, not indented). */
export function blocksOf(file: string, text: string): Block[] {
  const out: Block[] = [];
  const fence = /^```([^\n`]*)\n/gm;
  let m: RegExpExecArray | null;
  while ((m = fence.exec(text))) {
    const info = m[1]!.trim().split(/\s+/).filter((w) => w.length > 0);
    const start = m.index + m[0].length;
    const close = text.indexOf('\n```', start - 1);
    if (close < 0) throw new Error(`${file}: a code block opened at offset ${m.index} is never closed`);
    const end = close + 1;
    out.push({ file, line: text.slice(0, m.index).split('\n').length, lang: info[0] ?? '', meta: info.slice(1), body: text.slice(start, end), start, end });
    fence.lastIndex = end + 3;
  }
  return out;
}

export function readDoc(file: string): string {
  return readFileSync(join(ROOT, file), 'utf8');
}

/** `key=value` options of a block's meta, and the words that are not options. */
export function optionsOf(block: Block): { words: string[]; options: Map<string, string> } {
  const words: string[] = [];
  const options = new Map<string, string>();
  for (const w of block.meta) {
    const eq = w.indexOf('=');
    if (eq > 0) options.set(w.slice(0, eq), w.slice(eq + 1));
    else words.push(w);
  }
  return { words, options };
}

/** The model text a `topo` block stands for (a fragment inside a system). */
export function modelText(block: Block): string {
  return optionsOf(block).words.includes('fragment') ? `system fragment {\n${block.body}}\n` : block.body;
}

/** What a `text topo-output` block runs: the command, its arguments, the model (text or repository file) and the file name. */
export interface OutputRun {
  command: string;
  args: string[];
  text?: string;
  file?: string;
  name: string;
  /** Only the first lines printed. */
  lines?: number;
  /** Only the diagnostic lines, or only the table of journeys. */
  only?: 'diagnostics' | 'journeys';
  /** The markdown file's folder (repository-relative): where the model's imports are read. */
  folder: string;
}

/** The run each output block of a file stands for, by block index. */
export function outputRuns(blocks: Block[]): Map<Block, OutputRun> {
  const runs = new Map<Block, OutputRun>();
  let lastModel: Block | undefined;
  for (const b of blocks) {
    if (b.lang === 'topo' && !optionsOf(b).words.includes('fragment')) lastModel = b;
    if (b.lang !== 'text' || b.meta[0] !== 'topo-output') continue;
    const { words, options } = optionsOf({ ...b, meta: b.meta.slice(1) });
    const [command = 'check', ...args] = words;
    const file = options.get('file');
    if (!file && !lastModel) throw new Error(`${b.file}:${b.line}: a topo-output block with no model above it`);
    const lines = options.has('lines') ? Number(options.get('lines')) : undefined;
    const only = options.get('only');
    if (only !== undefined && only !== 'diagnostics' && only !== 'journeys') throw new Error(`${b.file}:${b.line}: only=${only}: only=diagnostics and only=journeys are the choices`);
    runs.set(b, {
      command, args, ...(file ? { file } : { text: lastModel!.body }), name: options.get('name') ?? 'model.topo',
      ...(lines !== undefined ? { lines } : {}), ...(only ? { only } : {}), folder: dirname(b.file),
    });
  }
  return runs;
}

/**
 * Where a `topo` block of the markdown file `file` comes from, for the checker: the markdown
 * file itself, so that its `import` lines are read relative to its folder, as the CLI reads
 * them relative to a model's folder. A file that cannot be read is not found.
 */
export function docSource(file: string): DocumentSource {
  return {
    uri: join(ROOT, file),
    readImport: (path, from) => {
      const target = resolve(dirname(from ?? join(ROOT, file)), path);
      try {
        return { uri: target, text: readFileSync(target, 'utf8') };
      } catch (e) {
        return { error: e instanceof Error ? e.message : String(e) };
      }
    },
  };
}
