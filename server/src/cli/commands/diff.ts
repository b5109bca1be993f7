/**
 * `topo diff OLD NEW [--format text|json|markdown] [--fail-on COND[,COND…]]… [--max-order N]`:
 * what a change does to the figures (issue 22; docs/cli.md, "topo diff"). Each side is a file, a
 * directory, a revision with a path (`main:infra/shop.topo`, read from git) or a revision alone;
 * the core compares the two analyses (`diffDocuments`) and the gate (`--fail-on`) decides the
 * exit code: 1 when it trips, else 0, whatever the diagnostics.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  analyseDocument, diffDocuments, diffJson, type DiffSide, type DocumentSource, escapeTerminal, evaluateGate, type FileDiff, formatDiffMarkdown, formatDiffText,
  type GateCondition, type GateResult, LIMITS, parseGateCondition,
} from '../../core/index';
import { choice, intFlag, parseArgs } from '../args';
import { readSourceFile, sourceOf } from '../files';
import { Repository } from '../../git';
import { EXIT_FINDINGS, EXIT_OK, UsageError, type CliIo } from '../io';

const diffUsage = 'topo diff OLD NEW [--format text|json|markdown] [--fail-on COND[,COND…]]… [--max-order N]';

/** Directories a directory side does not descend into: git's own and the package managers'. */
const SKIPPED_DIRECTORIES = new Set(['node_modules']);

/** What one argument names, once read: a file or directory on disk or at a revision, a revision alone, or nothing. */
type Side =
  | { kind: 'file'; path: string }
  | { kind: 'dir'; path: string }
  | { kind: 'rev-file'; rev: string; path: string; exists: boolean }
  | { kind: 'rev-dir'; rev: string; path: string }
  | { kind: 'rev'; rev: string }
  | { kind: 'missing'; typed: string };

/** One file of a side, ready to read: its label for people and how to get its analysis. */
interface SideFile {
  label: string;
  load(): { text: string; source: DocumentSource } | undefined;
}

export async function runDiff(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, { format: { value: true }, 'fail-on': { value: true, repeat: true }, 'max-order': { value: true } });
  const format = choice(args, 'format', ['text', 'json', 'markdown'] as const, 'text');
  const maxOrder = intFlag(args, 'max-order', LIMITS.maxOrder);
  const conditions = gateConditions(args.flags.get('fail-on') ?? []);
  if (args.positional.length !== 2) {
    throw new UsageError(`${args.positional.length < 2 ? 'two sides needed' : 'only two sides can be compared'}\nusage: ${diffUsage}`);
  }
  const [oldArg, newArg] = args.positional as [string, string];

  const repo = lazyRepository();
  const [before, after] = pairSides(readSide(oldArg, repo), readSide(newArg, repo), repo);

  const diffs: FileDiff[] = [];
  for (const [path, old, now] of pairFiles(before, after, repo)) {
    diffs.push(diffDocuments(path, analysed(old, maxOrder), analysed(now, maxOrder)));
  }

  const gate: GateResult | undefined = conditions.length > 0 ? evaluateGate(diffs, conditions) : undefined;
  if (format === 'json') io.out(JSON.stringify(diffJson(diffs, gate), null, 2) + '\n');
  else {
    // Names, paths, messages and labels are the writers': escaped for the terminal, line breaks kept.
    const text = format === 'markdown' ? formatDiffMarkdown(diffs, gate) : formatDiffText(diffs, gate);
    io.out(escapeTerminal(text.endsWith('\n') ? text : text + '\n', { keepNewlines: true }));
  }
  if (gate?.failed) {
    for (const reason of gate.reasons) io.err(escapeTerminal(`topo diff: ${reason}`) + '\n');
    return EXIT_FINDINGS;
  }
  return EXIT_OK;
}

/** Every `--fail-on` value, each a comma-separated list of conditions; a bad one is a usage error in the core's words. */
function gateConditions(values: string[]): GateCondition[] {
  const conditions: GateCondition[] = [];
  for (const value of values) {
    for (const word of value.split(',')) {
      const parsed = parseGateCondition(word.trim());
      if (!parsed.ok) throw new UsageError(parsed.error);
      conditions.push(parsed.condition);
    }
  }
  return conditions;
}

/** The repository of the current directory, looked for once and only when a side needs git. */
function lazyRepository(): () => Repository | undefined {
  let found: { repo: Repository | undefined } | undefined;
  return () => (found ??= { repo: Repository.find() }).repo;
}

function needRepository(repo: () => Repository | undefined, typed: string): Repository {
  const r = repo();
  if (!r) throw new UsageError(`'${typed}' is not a file, and there is no git repository here to read a revision from (or git is not installed)`);
  return r;
}

/** What an argument names: an existing path first, then `REV:path`, then a revision alone; else nothing. */
function readSide(typed: string, repo: () => Repository | undefined): Side {
  if (typed === '') throw new UsageError('an empty side');
  if (existsSync(typed)) {
    let directory: boolean;
    try {
      directory = statSync(typed).isDirectory();
    } catch {
      directory = false; // Read as a file, whose error says why.
    }
    return directory ? { kind: 'dir', path: typed } : { kind: 'file', path: typed };
  }
  const colon = typed.indexOf(':');
  if (colon > 0) {
    const git = needRepository(repo, typed);
    const rev = typed.slice(0, colon);
    if (!git.isCommit(rev)) throw new UsageError(`unknown revision '${rev}': ${git.whyNotCommit(rev)}`);
    const path = git.repoPath(typed.slice(colon + 1));
    if (path === undefined) throw new UsageError(`'${typed}': the path is outside the repository (${git.root})`);
    const kind = git.kindAt(rev, path);
    return kind === 'tree' ? { kind: 'rev-dir', rev, path } : { kind: 'rev-file', rev, path, exists: kind === 'blob' };
  }
  const git = repo();
  if (git?.isCommit(typed)) return { kind: 'rev', rev: typed };
  return { kind: 'missing', typed };
}

/**
 * The two sides made comparable: a revision alone against a path is that path at the revision
 * (against another revision alone, the whole repository); a side that does not exist against a
 * directory is an empty directory.
 */
function pairSides(before: Side, after: Side, repo: () => Repository | undefined): [Side, Side] {
  const atRevision = (rev: string, other: Side): Side => {
    switch (other.kind) {
      case 'rev':
        return { kind: 'rev-dir', rev, path: '' };
      case 'rev-file':
      case 'rev-dir':
        return revisionSide(repo, rev, other.path);
      case 'file':
      case 'dir':
      case 'missing': {
        const git = needRepository(repo, rev);
        const typed = other.kind === 'missing' ? other.typed : other.path;
        const path = git.repoPathOfDisk(typed);
        if (path === undefined) throw new UsageError(`'${typed}' is outside the repository (${git.root}): it has no version at '${rev}'`);
        return revisionSide(repo, rev, path);
      }
    }
  };
  const [typedBefore, typedAfter] = [before, after];
  if (before.kind === 'rev' && after.kind === 'rev') return [{ kind: 'rev-dir', rev: before.rev, path: '' }, { kind: 'rev-dir', rev: after.rev, path: '' }];
  if (before.kind === 'rev') before = atRevision(before.rev, after);
  if (after.kind === 'rev') after = atRevision(after.rev, before);
  const absent = (s: Side) => s.kind === 'missing' || (s.kind === 'rev-file' && !s.exists);
  const directory = (s: Side) => s.kind === 'dir' || s.kind === 'rev-dir';
  if (absent(before) && absent(after)) {
    // A word that is neither a path nor a revision, compared with a revision: most likely a mistyped revision.
    const word = (s: Side, other: Side) => (s.kind === 'missing' && other.kind === 'rev' ? s.typed : undefined);
    const unknown = word(typedBefore, typedAfter) ?? word(typedAfter, typedBefore);
    const git = repo();
    if (unknown !== undefined && git) throw new UsageError(`unknown revision '${unknown}': not a file or directory either, and ${git.whyNotCommit(unknown)}`);
    throw new UsageError(`neither ${describe(before)} nor ${describe(after)} exists`);
  }
  if (directory(before) !== directory(after) && !absent(before) && !absent(after)) {
    throw new UsageError(`cannot compare a directory with a file: ${describe(before)} and ${describe(after)}`);
  }
  return [before, after];
}

function revisionSide(repo: () => Repository | undefined, rev: string, path: string): Side {
  const git = needRepository(repo, rev);
  const kind = git.kindAt(rev, path);
  return kind === 'tree' ? { kind: 'rev-dir', rev, path } : { kind: 'rev-file', rev, path, exists: kind === 'blob' };
}

function describe(side: Side): string {
  switch (side.kind) {
    case 'file':
    case 'dir':
      return `'${side.path}'`;
    case 'missing':
      return `'${side.typed}'`;
    case 'rev':
      return `'${side.rev}'`;
    case 'rev-file':
    case 'rev-dir':
      return `'${revLabel(side.rev, side.path)}'`;
  }
}

function revLabel(rev: string, path: string): string {
  return `${rev}:${path}`;
}

/** The files to compare, paired by path: `[path, before, after]`, sorted by path. */
function pairFiles(before: Side, after: Side, repo: () => Repository | undefined): [string, SideFile, SideFile][] {
  const isDirectory = (s: Side) => s.kind === 'dir' || s.kind === 'rev-dir';
  if (!isDirectory(before) && !isDirectory(after)) {
    return [[pathOf(after) ?? pathOf(before) ?? '', singleFile(before, repo), singleFile(after, repo)]];
  }
  const olds = filesOf(before, repo);
  const nows = filesOf(after, repo);
  const paths = [...new Set([...olds.keys(), ...nows.keys()])].sort();
  return paths.map((path) => [path, olds.get(path) ?? absentFile(before, path), nows.get(path) ?? absentFile(after, path)]);
}

function pathOf(side: Side): string | undefined {
  switch (side.kind) {
    case 'file':
      return side.path;
    case 'rev-file':
      return side.exists ? side.path : undefined;
    default:
      return undefined;
  }
}

function singleFile(side: Side, repo: () => Repository | undefined): SideFile {
  switch (side.kind) {
    case 'file':
      return diskFile(side.path);
    case 'rev-file':
      return side.exists ? revisionFile(needRepository(repo, side.rev), side.rev, side.path) : { label: revLabel(side.rev, side.path), load: () => undefined };
    default:
      return { label: describe(side).slice(1, -1), load: () => undefined };
  }
}

/** A file of a directory side that is not there: named as it would be. */
function absentFile(side: Side, rel: string): SideFile {
  let label: string;
  switch (side.kind) {
    case 'dir':
      label = join(side.path, ...rel.split('/'));
      break;
    case 'missing':
      label = join(side.typed, ...rel.split('/'));
      break;
    case 'rev-dir':
    case 'rev-file':
      label = revLabel(side.rev, side.path === '' ? rel : `${side.path}/${rel}`);
      break;
    default:
      label = rel;
  }
  return { label, load: () => undefined };
}

/** A directory side's `.topo` files by their path relative to it (forward slashes); none for a side that does not exist. */
function filesOf(side: Side, repo: () => Repository | undefined): Map<string, SideFile> {
  const files = new Map<string, SideFile>();
  if (side.kind === 'dir') {
    for (const rel of topoFilesOnDisk(side.path)) files.set(rel, diskFile(join(side.path, ...rel.split('/'))));
  } else if (side.kind === 'rev-dir') {
    const git = needRepository(repo, side.rev);
    for (const rel of git.topoFilesAt(side.rev, side.path)) files.set(rel, revisionFile(git, side.rev, side.path === '' ? rel : `${side.path}/${rel}`));
  }
  return files;
}

/** The `.topo` files under `dir`, recursively (not into hidden directories, `node_modules` or symbolic links to directories), relative, sorted. */
function topoFilesOnDisk(dir: string): string[] {
  const found: string[] = [];
  const walk = (abs: string, rel: string): void => {
    let entries;
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch (e) {
      throw new UsageError(`${abs}: cannot list the directory (${e instanceof Error && 'code' in e ? String(e.code) : String(e)})`);
    }
    for (const entry of entries) {
      const childRel = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && !SKIPPED_DIRECTORIES.has(entry.name)) walk(join(abs, entry.name), childRel);
      } else if (entry.name.endsWith('.topo') && (entry.isFile() || entry.isSymbolicLink())) {
        found.push(childRel);
      }
    }
  };
  walk(dir, '');
  return found.sort();
}

function diskFile(path: string): SideFile {
  return {
    label: path,
    load: () => ({ text: readSourceFile(path).text, source: sourceOf(path) }),
  };
}

/** A file at a revision, its imports read at the same revision relative to its directory in the repository. */
function revisionFile(git: Repository, rev: string, path: string): SideFile {
  const label = revLabel(rev, path);
  return {
    label,
    load: () => {
      const text = git.readAt(rev, path);
      return text === undefined ? undefined : { text, source: git.sourceAt(rev, path) };
    },
  };
}

/** A side as the core takes it: its label, and its text and analysis when it exists. */
function analysed(file: SideFile, maxOrder: number): DiffSide {
  const read = file.load();
  if (read === undefined) return { label: file.label };
  return { label: file.label, text: read.text, analysis: analyseDocument(read.text, { maxOrder }, read.source) };
}
