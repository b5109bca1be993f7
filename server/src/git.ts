/**
 * Reading `.topo` files from git, for `topo diff` (docs/cli.md, "topo diff") and the editor's
 * "Topo: Compare with…" (`topo/diff`): `git` run with `execFile` semantics (no shell: every
 * argument is one word) in the repository that holds a directory. Shared by the CLI and the
 * language server, like version.ts; what cannot be done is a `GitError` in one line, which the
 * CLI reports with exit 2 and the server as the request's `error`. Reads are bounded like the
 * CLI's files.ts bounds a file: at most the text limit plus one character, so a huge blob comes
 * back cut there and the parser refuses it with its `limit` diagnostic.
 */
import { execFile, spawnSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, posix, relative, resolve, sep } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { type DocumentSource, ESTATE_LIMITS, MAX_TEXT_LENGTH, parse } from './core/index';

/** What git could not do, in one line for people (a revision that is not one, a path outside the repository, no git). */
export class GitError extends Error {
  override readonly name = 'GitError';
}

/** One commit, as the editor offers it to compare with. */
export interface CommitSummary {
  /** The full hash. */
  hash: string;
  /** The abbreviated hash, as `git log --format=%h` prints it. */
  short: string;
  subject: string;
  /** When it was committed, relative (`3 days ago`). */
  when: string;
}

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

/**
 * How long one git command may take: reading a blob or listing a tree takes milliseconds; past
 * this git is stuck (a partial clone fetching from an unreachable remote, a network file system),
 * and the read fails with a `GitError` rather than holding the caller (the language server's thread).
 */
const GIT_TIMEOUT_MS = 10_000;

/**
 * What git runs with: never a prompt (for credentials: nothing can answer it), no lazy fetch of a
 * partial clone's missing objects (git 2.45+), no optional locks (a read in the background never
 * holds up the user's own git commands on the index), and the repository found from the
 * directory, not from variables meant for another process.
 */
const GIT_ENV: NodeJS.ProcessEnv = (() => {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_NO_LAZY_FETCH: '1', GIT_OPTIONAL_LOCKS: '0', GCM_INTERACTIVE: 'never' };
  for (const name of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_COMMON_DIR']) delete env[name];
  return env;
})();

/**
 * Settings before every command: what a repository's own configuration could otherwise make a
 * read run (a file-system monitor, a signature check's program), and paths taken literally
 * (`a[1].topo` is that file, not a pattern).
 */
const GIT_SAFE_OPTIONS = ['-c', 'core.fsmonitor=false', '-c', 'log.showSignature=false', '--literal-pathspecs'];

function git(cwd: string, args: string[], maxBytes = LISTING_MAX_BYTES): GitRun {
  const r = spawnSync('git', [...GIT_SAFE_OPTIONS, ...args], { cwd, maxBuffer: maxBytes, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true, timeout: GIT_TIMEOUT_MS, env: GIT_ENV });
  return outcome(args, r.error, r.status, r.stdout, r.stderr);
}

/** As `git`, without holding the thread: for the language server's requests that read nothing but git's answer. */
function gitAsync(cwd: string, args: string[], maxBytes = LISTING_MAX_BYTES): Promise<GitRun> {
  return new Promise((resolve, reject) => {
    execFile('git', [...GIT_SAFE_OPTIONS, ...args], { cwd, maxBuffer: maxBytes, windowsHide: true, timeout: GIT_TIMEOUT_MS, env: GIT_ENV, encoding: 'buffer' }, (error, stdout, stderr) => {
      // execFile reports a non-zero exit as an error with a numeric `code`; a failure to run or a timeout otherwise.
      const code: unknown = error ? (error as { code?: unknown }).code : undefined;
      const exit = typeof code === 'number' ? code : undefined;
      // A string code says why it could not run (ENOENT, the output past its bound); killed without one, the time ran out.
      const killed = error !== null && (error as { killed?: boolean }).killed === true && typeof code !== 'string';
      const runError = error && exit === undefined ? (killed ? Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' }) : error) : undefined;
      try {
        resolve(outcome(args, runError, error ? exit ?? null : 0, stdout, stderr));
      } catch (e) {
        reject(e);
      }
    });
  });
}

/** A git run's result, or the `GitError` of a git that could not run (not installed, timed out). */
function outcome(args: string[], error: Error | undefined, status: number | null, out: Buffer | undefined, err: Buffer | undefined): GitRun {
  const stdout = out ?? Buffer.alloc(0);
  const stderr = (err ?? Buffer.alloc(0)).toString('utf8').trim().split('\n')[0] ?? '';
  if (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOBUFS' || code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') return { ok: true, stdout, error: '', cut: true };
    if (code === 'ENOENT') throw new GitError('git is not installed (or not on the PATH): a revision cannot be read');
    if (code === 'ETIMEDOUT') throw new GitError(`git ${args[0] ?? ''} did not answer within ${GIT_TIMEOUT_MS / 1000} s`);
    throw new GitError(`git: ${error.message}`);
  }
  return { ok: status === 0, stdout, error: stderr.replace(/^(fatal|error): /, ''), cut: false };
}

/** `abs` with the symbolic links of its longest existing prefix resolved (as written when none of it can be). */
function realPathOf(abs: string): string {
  const rest: string[] = [];
  for (let at = abs; ; at = dirname(at)) {
    try {
      return join(realpathSync(at), ...rest);
    } catch {
      if (dirname(at) === at) return abs;
      rest.unshift(basename(at));
    }
  }
}

/** The repository that holds a directory, its root once found. */
export class Repository {
  private constructor(readonly root: string) {}

  /** The repository of `cwd` (a directory that exists), or undefined outside one (or without git). */
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

  /**
   * A path of the disk, inside the repository, as a path from its root; undefined outside it.
   * Symbolic links are resolved first (of the longest part of the path that exists: the path
   * may name a file that is not there), as git resolves the root it names.
   */
  repoPathOfDisk(path: string): string | undefined {
    const rel = relative(this.root, realPathOf(resolve(path)));
    if (rel === '..' || rel.startsWith('..' + sep) || isAbsolute(rel)) return undefined;
    return rel.split(sep).join('/');
  }

  /**
   * What `path` is at the commit `rev`: a file (`blob`), a directory (`tree`), or absent (nothing
   * there, or a submodule). Read from the tree (`git ls-tree`), so a path that is absent is told
   * apart from a read that failed, which is a `GitError`: never taken for a file added or deleted.
   */
  kindAt(rev: string, path: string): 'blob' | 'tree' | undefined {
    const r = git(this.root, ['ls-tree', '-z', rev, '--', path === '' ? '.' : path]);
    if (!r.ok) throw new GitError(`cannot read ${rev}:${path}: ${r.error}`);
    if (path === '') return 'tree';
    for (const entry of r.stdout.toString('utf8').split('\0')) {
      const tab = entry.indexOf('\t');
      if (tab < 0 || entry.slice(tab + 1) !== path) continue;
      const kind = entry.split(' ')[1];
      return kind === 'blob' || kind === 'tree' ? kind : undefined;
    }
    return undefined;
  }

  /** The `.topo` files under `dir` (a path from the root, '' for the whole tree) at `rev`, relative to `dir`, sorted. */
  topoFilesAt(rev: string, dir: string): string[] {
    const r = git(this.root, ['ls-tree', '-r', '--name-only', '-z', `${rev}:${dir}`]);
    if (!r.ok) throw new GitError(`cannot list ${rev}:${dir}: ${r.error}`);
    if (r.cut) throw new GitError(`${rev}:${dir}: too many files to list`);
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
    if (!r.ok) throw new GitError(`cannot read ${rev}:${path}: ${r.error}`);
    const decoder = new StringDecoder('utf8');
    let text = decoder.write(r.stdout);
    if (!r.cut) text += decoder.end();
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return text.length > MAX_TEXT_LENGTH + 1 ? text.slice(0, MAX_TEXT_LENGTH + 1) : text;
  }

  /**
   * Where a file read at `rev` comes from, for `analyseDocument`: its URI is `REV:path` (with the
   * revision `shownAs`: as people asked for it, when `rev` is the commit it named), and its
   * `import` lines are read at the same revision, relative to the importing file's directory.
   */
  sourceAt(rev: string, path: string, shownAs = rev): DocumentSource {
    return revisionSource(shownAs, path, (target) => this.readAt(rev, target));
  }

  /**
   * The file `path` at `rev` and every file its imports reach there (at most the estate's file
   * limit), read now: what an analysis elsewhere (the language server's worker thread, which
   * has no git) needs to read the imports as `sourceAt` would. Each path from the root is its
   * text, or null when there is no such file at the revision; a read git failed is a `GitError`.
   */
  filesAt(rev: string, path: string, text: string, shownAs = rev): Map<string, string | null> {
    const files = new Map<string, string | null>([[path, text]]);
    const source = revisionSource(shownAs, path, (target) => {
      if (files.has(target)) return files.get(target) ?? undefined;
      const read = this.readAt(rev, target);
      files.set(target, read ?? null);
      return read;
    }, { rethrow: true });
    const queue: [uri: string, text: string][] = [[source.uri ?? '', text]];
    const seen = new Set([source.uri]);
    while (queue.length > 0 && files.size <= ESTATE_LIMITS.files) {
      const [from, current] = queue.shift()!;
      for (const imported of parse(current).ast.imports) {
        if (imported.path === undefined) continue;
        const read = source.readImport?.(imported.path.text, from);
        if (read && 'text' in read && !seen.has(read.uri)) {
          seen.add(read.uri);
          queue.push([read.uri ?? '', read.text]);
        }
      }
    }
    return files;
  }

  /** The commit `rev` names (`git log -1`); a `GitError` saying why when it names none. */
  commit(rev: string): CommitSummary {
    if (!this.isCommit(rev)) throw new GitError(`unknown revision '${rev}': ${this.whyNotCommit(rev)}`);
    const found = this.log(['-1', `${rev}^{commit}`, '--']);
    if (found.length === 0) throw new GitError(`cannot read the commit '${rev}'`);
    return found[0]!;
  }

  /**
   * As `commit`, without holding the thread (the language server asks it after every edit while a
   * comparison is kept current): one `git log`, and the reason, on this thread, only when it fails.
   */
  async commitAsync(rev: string): Promise<CommitSummary> {
    if (rev === '' || rev.startsWith('-')) throw new GitError(`unknown revision '${rev}': ${this.whyNotCommit(rev)}`);
    const r = await gitAsync(this.root, [...LOG_ARGS, '-1', `${rev}^{commit}`, '--']);
    const found = r.ok ? commitsOf(r.stdout) : [];
    if (found.length === 0) throw new GitError(`unknown revision '${rev}': ${this.whyNotCommit(rev)}`);
    return found[0]!;
  }

  /** The last `max` commits of HEAD that changed `path` (a path from the root), newest first; none before the first commit. */
  commitsTouching(path: string, max: number): CommitSummary[] {
    if (!this.isCommit('HEAD')) return [];
    return this.log([`-${Math.max(1, Math.floor(max))}`, 'HEAD', '--', path === '' ? '.' : path]);
  }

  private log(args: string[]): CommitSummary[] {
    const r = git(this.root, [...LOG_ARGS, ...args]);
    if (!r.ok) throw new GitError(`git log: ${r.error}`);
    return commitsOf(r.stdout);
  }
}

/** `git log` as `commitsOf` reads it: one commit a record, its fields apart. */
const LOG_ARGS = ['log', '--no-color', '--no-show-signature', '-z', '--format=%H%x1f%h%x1f%s%x1f%cr'];

function commitsOf(stdout: Buffer): CommitSummary[] {
  return stdout.toString('utf8').split('\0').filter((entry) => entry !== '').flatMap((entry) => {
    const [hash, short, subject, when] = entry.replace(/^\n/, '').split('\x1f');
    return hash && short ? [{ hash, short, subject: subject ?? '', when: when ?? '' }] : [];
  });
}

/**
 * Where a file of a revision comes from (`REVISION:path`, `shownAs` the revision as people name
 * it), for `analyseDocument`: its `import` lines read with `read` (a path from the repository's
 * root → its text, undefined when there is no such file), relative to the importing file's
 * directory, never outside the repository or by an absolute path. Pure of git: `Repository`
 * reads with git, the language server's worker from the texts read for it (`filesAt`). A read
 * that throws is that import's error, unless `rethrow` (a `GitError` must not pass for a
 * missing file while the texts are being gathered).
 */
export function revisionSource(shownAs: string, path: string, read: (target: string) => string | undefined, options: { rethrow?: boolean } = {}): DocumentSource {
  const prefix = `${shownAs}:`;
  return {
    uri: prefix + path,
    readImport: (imported, from) => {
      const importer = from !== undefined && from.startsWith(prefix) ? from.slice(prefix.length) : path;
      if (posix.isAbsolute(imported)) return { error: `${imported}: an absolute path cannot be read at revision '${shownAs}'` };
      const target = posix.normalize(posix.join(posix.dirname(importer), imported));
      if (target === '..' || target.startsWith('../')) return { error: `${imported}: outside the repository` };
      try {
        const text = read(target);
        return text === undefined ? { error: `${prefix}${target}: no such file at that revision` } : { uri: prefix + target, text };
      } catch (e) {
        if (options.rethrow) throw e;
        return { error: e instanceof Error ? e.message : String(e) };
      }
    },
  };
}
