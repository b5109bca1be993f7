/**
 * Reading `.topo` files from git, for `topo diff` (docs/cli.md, "topo diff"): `git` run with
 * `execFile` semantics (no shell: every argument is one word) in the repository that holds the
 * current directory. Reads are bounded like files.ts bounds a file: at most the text limit plus
 * one character, so a huge blob comes back cut there and the parser refuses it with its `limit`
 * diagnostic.
 */
import { spawnSync } from 'node:child_process';
import { isAbsolute, posix, relative, resolve, sep } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { MAX_TEXT_LENGTH } from '../core/index';
import { describeFsError, UsageError } from './io';

/** Output of the listing commands (`ls-tree`, `rev-parse`): far more than any repository's names need. */
const LISTING_MAX_BYTES = 64 * 1024 * 1024;
/** A blob's bytes read at most: every character is at most four bytes, so this holds the text limit plus one. */
const BLOB_MAX_BYTES = 4 * (MAX_TEXT_LENGTH + 1) + 3;

interface GitRun {
  ok: boolean;
  stdout: Buffer;
  /** Its first line of stderr, or why git could not run. */
  error: string;
  /** The output was cut at its bound. */
  cut: boolean;
}

function git(cwd: string, args: string[], maxBytes = LISTING_MAX_BYTES): GitRun {
  const r = spawnSync('git', args, { cwd, maxBuffer: maxBytes, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
  const stdout = r.stdout ?? Buffer.alloc(0);
  const stderr = (r.stderr ?? Buffer.alloc(0)).toString('utf8').trim().split('\n')[0] ?? '';
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    if (code === 'ENOBUFS') return { ok: true, stdout, error: '', cut: true };
    if (code === 'ENOENT') throw new UsageError('git is not installed (or not on the PATH): a revision cannot be read');
    throw new UsageError(`git: ${describeFsError(r.error)}`);
  }
  return { ok: r.status === 0, stdout, error: stderr.replace(/^(fatal|error): /, ''), cut: false };
}

/** The repository that holds the current directory, its root once found. */
export class Repository {
  private constructor(readonly root: string) {}

  /** The repository of the current directory, or undefined outside one (or without git). */
  static find(cwd = process.cwd()): Repository | undefined {
    let r: GitRun;
    try {
      r = git(cwd, ['rev-parse', '--show-toplevel']);
    } catch {
      return undefined;
    }
    if (!r.ok) return undefined;
    const root = r.stdout.toString('utf8').replace(/\n$/, '');
    return root === '' ? undefined : new Repository(root);
  }

  /** Whether `rev` names a commit (`git rev-parse --verify REV^{commit}`); a word starting with `-` never does. */
  isCommit(rev: string): boolean {
    if (rev === '' || rev.startsWith('-')) return false;
    return git(this.root, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]).ok;
  }

  /** Why `rev` is not a commit, in one line (for the error). */
  whyNotCommit(rev: string): string {
    if (rev === '') return 'empty revision';
    if (rev.startsWith('-')) return 'a revision does not start with -';
    if (git(this.root, ['rev-parse', '--verify', '--quiet', rev]).ok) return 'not a commit';
    return `no branch, tag or commit of that name in ${this.root}`;
  }

  /**
   * A path as typed after `REV:` as a path from the repository's root (forward slashes, no
   * leading `./`): relative to the root as git takes it, or to the current directory when it
   * starts with `./` or `../` (as git does too). Undefined when it leaves the repository.
   */
  repoPath(typed: string, cwd = process.cwd()): string | undefined {
    let path: string;
    if (typed === '.' || typed === '..' || typed.startsWith('./') || typed.startsWith('../')) {
      path = relative(this.root, resolve(cwd, typed)).split(sep).join('/');
    } else {
      if (typed.startsWith('/')) return undefined;
      path = posix.normalize(typed === '' ? '.' : typed);
    }
    if (path === '' || path === '.') return '';
    if (path === '..' || path.startsWith('../') || posix.isAbsolute(path)) return undefined;
    return path.replace(/\/+$/, '');
  }

  /** A path of the disk, inside the repository, as a path from its root; undefined outside it. */
  repoPathOfDisk(path: string): string | undefined {
    const rel = relative(this.root, resolve(path));
    if (rel === '..' || rel.startsWith('..' + sep) || isAbsolute(rel)) return undefined;
    return rel.split(sep).join('/');
  }

  /** What `path` is at the commit `rev`: a file (`blob`), a directory (`tree`), or absent. */
  kindAt(rev: string, path: string): 'blob' | 'tree' | undefined {
    const r = git(this.root, ['cat-file', '-t', `${rev}:${path}`]);
    if (!r.ok) return undefined;
    const kind = r.stdout.toString('utf8').trim();
    return kind === 'blob' || kind === 'tree' ? kind : undefined;
  }

  /** The `.topo` files under `dir` (a path from the root, '' for the whole tree) at `rev`, relative to `dir`, sorted. */
  topoFilesAt(rev: string, dir: string): string[] {
    const r = git(this.root, ['ls-tree', '-r', '--name-only', '-z', `${rev}:${dir}`]);
    if (!r.ok) throw new UsageError(`cannot list ${rev}:${dir}: ${r.error}`);
    if (r.cut) throw new UsageError(`${rev}:${dir}: too many files to list`);
    return r.stdout.toString('utf8').split('\0').filter((name) => name.endsWith('.topo')).sort();
  }

  /**
   * The text of `path` (from the root) at `rev` (`git cat-file blob REV:path`: the bytes committed,
   * what `git show REV:path` prints without a textconv filter), without a byte-order
   * mark, bounded at the text limit plus one character; undefined when it is not a file there.
   */
  readAt(rev: string, path: string): string | undefined {
    if (this.kindAt(rev, path) !== 'blob') return undefined;
    const r = git(this.root, ['cat-file', 'blob', `${rev}:${path}`], BLOB_MAX_BYTES);
    if (!r.ok) throw new UsageError(`cannot read ${rev}:${path}: ${r.error}`);
    const decoder = new StringDecoder('utf8');
    let text = decoder.write(r.stdout);
    if (!r.cut) text += decoder.end();
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return text.length > MAX_TEXT_LENGTH + 1 ? text.slice(0, MAX_TEXT_LENGTH + 1) : text;
  }
}
