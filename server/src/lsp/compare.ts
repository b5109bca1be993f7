/**
 * "Topo: Compare with…" (`topo/revisions`, `topo/diff`; docs/editor.md, "Compare with a
 * revision"): the open document against its version at a git revision, compared by the core's
 * `diffDocuments` exactly as `topo diff REV:path FILE` compares them. The current side is the
 * server's own analysis of the document as the editor has it (unsaved edits included); the
 * revision's side is read with git (server/src/git.ts, shared with the CLI), its imports at the
 * same revision, and analysed here under the same options.
 */
import { existsSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { DIFF_LIMITS, diffDocuments, type DiffSide, formatDiffMarkdown } from '../core/index';
import { type CommitSummary, GitError, Repository } from '../git';
import type { DiffParams, DiffResponse, RevisionsParams, RevisionsResponse } from '../protocol';
import type { ServerContext } from './context';
import { fileKey } from './imports';
import type { Snapshot } from './snapshots';

type Located = { ok: true; repo: Repository; path: string; file: string } | { ok: false; error: string };

/**
 * The repository of each directory a comparison was asked for: found once (a `git rev-parse`), since
 * a comparison kept current asks again after every edit. Only a directory in a repository is
 * remembered, so one made a repository later is found then.
 */
const repositories = new Map<string, Repository>();
const MAX_REPOSITORIES = 64;

function repositoryOf(dir: string): Repository | undefined {
  const known = repositories.get(dir);
  if (known) return known;
  const found = Repository.find(dir);
  if (found) {
    if (repositories.size >= MAX_REPOSITORIES) repositories.clear();
    repositories.set(dir, found);
  }
  return found;
}

/** The repository holding the document's file and its path there; why not, for a document that is not a file in one. */
export function locate(uri: string): Located {
  const file = fileKey(uri);
  if (!uri.startsWith('file:') || file === uri) return { ok: false, error: `${uri} is not a file on disk: save it in a git repository to compare it with a revision` };
  const dir = dirname(file);
  if (!existsSync(dir)) return { ok: false, error: `${dir}: no such directory` };
  const repo = repositoryOf(dir);
  if (!repo) return { ok: false, error: `${basename(file)} is not in a git repository (or git is not installed)` };
  const path = repo.repoPathOfDisk(file);
  if (path === undefined || path === '') return { ok: false, error: `${file} is outside the repository ${repo.root}` };
  return { ok: true, repo, path, file };
}

/** `topo/revisions`: HEAD, then the latest commits that changed the file. */
export function revisionsOf(p: RevisionsParams): RevisionsResponse {
  const where = locate(p.uri);
  if (!where.ok) return where;
  return gitting(() => {
    if (!where.repo.isCommit('HEAD')) return { ok: true, revisions: [] };
    const head = where.repo.commit('HEAD');
    const touching = where.repo.commitsTouching(where.path, p.max ?? DIFF_LIMITS.revisions);
    return {
      ok: true,
      revisions: [
        { revision: 'HEAD', ...head },
        ...touching.filter((c) => c.hash !== head.hash).map((c) => ({ revision: c.hash, ...c })),
      ],
    };
  });
}

/**
 * The revision's side of the last comparisons, analysed: a commit does not change, so a comparison
 * kept current as the document is edited analyses only the current side again. Keyed by the
 * repository, commit, path, label and analysis options; the last four are kept (an analysis of a large model is large).
 */
export class RevisionSides {
  private readonly sides = new Map<string, Promise<DiffSide>>();
  constructor(private readonly capacity = 4) {}

  get(key: string): Promise<DiffSide> | undefined {
    const side = this.sides.get(key);
    if (side) {
      this.sides.delete(key);
      this.sides.set(key, side);
    }
    return side;
  }

  /** Forgets a side whose reading or analysis failed, so the next request tries again. */
  delete(key: string): void {
    this.sides.delete(key);
  }

  set(key: string, side: Promise<DiffSide>): void {
    this.sides.set(key, side);
    for (const oldest of this.sides.keys()) {
      if (this.sides.size <= this.capacity) break;
      this.sides.delete(oldest);
    }
  }
}

/**
 * `topo/diff`: the document's current snapshot (fully analysed) against the file at `p.revision`.
 * The revision's side is read here (git: the file and the texts its imports reach, from one
 * commit) and analysed in the worker thread when there is one, so other requests are not held
 * behind it; concurrent comparisons with the same commit share that analysis.
 */
export async function compareWithRevision(ctx: ServerContext, p: DiffParams, current: Snapshot, sides: RevisionSides): Promise<DiffResponse> {
  const where = locate(p.uri);
  if (!where.ok) return where;
  // Which commit the revision names now: asked without holding the thread, since a comparison
  // kept current asks it after every edit (the rest is read once per commit).
  let commit: CommitSummary;
  try {
    commit = await where.repo.commitAsync(p.revision);
  } catch (e) {
    if (e instanceof GitError) return { ok: false, error: e.message };
    throw e;
  }
  const read = gitting(() => {
    const label = `${p.revision}:${where.path}`;
    // Analysed fully under the options in force, as the current side is.
    const { detail: _routine, ...options } = ctx.cache.options;
    const key = JSON.stringify([where.repo.root, commit.hash, where.path, label, options]);
    let before = sides.get(key);
    if (!before) {
      const text = where.repo.readAt(commit.hash, where.path);
      const files = text === undefined ? undefined : where.repo.filesAt(commit.hash, where.path, text, p.revision);
      before = text === undefined || files === undefined
        ? Promise.resolve({ label })
        : ctx.cache.analyseRevision(text, { shownAs: p.revision, path: where.path, files }).then((analysis) => ({ label, text, analysis }));
      sides.set(key, before);
      before.catch(() => sides.delete(key));
    }
    return { ok: true as const, commit, before };
  });
  if (!read.ok) return read;
  const after: DiffSide = { label: where.path, text: current.text, analysis: current.analysis };
  const diff = diffDocuments(where.path, await read.before, after);
  return { ok: true, revision: p.revision, commit: read.commit, diff, markdown: formatDiffMarkdown([diff]) };
}

/** Runs git work, answering what git could not do as the response's error rather than failing the request. */
function gitting<T>(work: () => T): T | { ok: false; error: string } {
  try {
    return work();
  } catch (e) {
    if (e instanceof GitError) return { ok: false, error: e.message };
    throw e;
  }
}
