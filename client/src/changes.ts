/**
 * "Topo: Compare with…" in words and marks: what the diagram is told about a comparison with a
 * revision (`topo/diff`'s `FileDiff`), and the banner's title and one-line summary. Pure (no
 * `vscode`), so the tests read it directly; every figure and word comes from the core.
 */
import { subjectHeadline, type FileDiff, type LayerChange, type SubjectDiff } from '../../server/src/core/index';
import type { ChangeMark } from '../../webview/src/protocol';

/**
 * The marks of each system or journey the document still has (a removed one has nothing left to
 * draw): its layers that moved and its new single points of failure.
 */
export function changeMarks(diff: FileDiff): ChangeMark[] {
  return diff.subjects.flatMap((s) => (s.status === 'removed' ? [] : [markOf(s, s.status)]));
}

function markOf(s: SubjectDiff, status: ChangeMark['status']): ChangeMark {
  return {
    name: s.name,
    kind: s.kind,
    status,
    layers: s.layers.flatMap((l) => {
      const change = layerChange(l);
      return change === undefined ? [] : [{ layer: l.name, change }];
    }),
    newSpofs: s.spofsAdded.map((x) => x.element),
  };
}

/**
 * How a layer moved: a higher U is worse. A layer gone from the document is not drawn; the diff
 * lists only layers whose U moved, so equal figures do not reach here.
 */
function layerChange(l: LayerChange): ChangeMark['layers'][number]['change'] | undefined {
  if (l.after === null) return undefined;
  if (l.before === null) return 'added';
  return l.after > l.before ? 'worse' : 'better';
}

/**
 * One line for the banner: `name: headline` per system or journey that changed (as `topo diff`
 * words it: "checkout: −0.0051%, +26m 48s a year, new SPOF lb1"), joined by ' · ', or
 * 'no change in the figures'; a side that does not parse is named, since its figures were not compared.
 */
export function changeSummary(diff: FileDiff): string {
  const changed = diff.subjects.filter((s) => s.status !== 'unchanged').map((s) => `${s.name}: ${subjectHeadline(s)}`);
  const unparsed = [diff.before, diff.after].filter((side) => side.exists && !side.parses).map((side) => `${side.label} does not parse`);
  return [changed.length > 0 ? changed.join(' · ') : 'no change in the figures', ...unparsed].join(' · ');
}

/** A commit as `topo/diff` names it. */
export interface CommitNames {
  hash: string;
  short: string;
}

/**
 * The revision as people read it: as it was asked (`HEAD`, `main`, `v1.2`), or the short hash
 * when it was asked by hash (the pick sends a commit's full hash).
 */
export function revisionWords(revision: string, commit: CommitNames): string {
  return /^[0-9a-f]{4,}$/i.test(revision) && commit.hash.toLowerCase().startsWith(revision.toLowerCase()) ? commit.short : revision;
}

/** The banner's title: "Compared with HEAD (a1b2c3d)", or "Compared with a1b2c3d" when the revision is a hash. */
export function changesTitle(revision: string, commit: CommitNames): string {
  const words = revisionWords(revision, commit);
  return words === commit.short ? `Compared with ${words}` : `Compared with ${words} (${commit.short})`;
}

/**
 * The name of the comparison's report, "checkout.topo — compared with origin/main.md" (the
 * revision in `revisionWords`), with the slashes of a revision spelt as U+2215 (a report's name
 * is the path of its `topo-report:` URI, where a slash would make folders).
 */
export function comparisonReportName(fileName: string, revision: string, commit: CommitNames): string {
  return `${fileName} — compared with ${revisionWords(revision, commit).replace(/[/\\]/g, '\u2215')}.md`;
}

/**
 * The comparisons a window shows, by document: the revisions whose report is kept current, the
 * one marked on the document's diagram, and which answer is the latest asked for each (so an
 * answer that arrives after a later request's, for the same document and revision, is dropped).
 * Pure bookkeeping: the command and the refresh ask it what to do.
 */
export class ComparisonState {
  private readonly bySource = new Map<string, { revisions: Set<string>; marked: string | undefined }>();
  private readonly asked = new Map<string, number>();
  private counter = 0;

  /**
   * A request for `source` against `revision` is sent: the returned check says, when its answer
   * arrives, whether it is still the latest for the pair. `mark` (a comparison the user asked for)
   * makes `revision` the one the diagram shows from now on.
   */
  ask(source: string, revision: string, options: { mark: boolean }): () => boolean {
    const key = `${source}\u0000${revision}`;
    const id = ++this.counter;
    this.asked.set(key, id);
    if (options.mark) this.entry(source).marked = revision;
    return () => this.asked.get(key) === id;
  }

  /** The comparison's report is open and kept current. */
  shown(source: string, revision: string): void {
    this.entry(source).revisions.add(revision);
  }

  /** The revision marked on the document's diagram, if any. */
  marked(source: string): string | undefined {
    return this.bySource.get(source)?.marked;
  }

  /**
   * What to refresh for `source`: each revision with a report that `isOpen` still finds, and the
   * marked one while `marking`; the rest is forgotten (the document's whole entry when nothing is left).
   */
  toRefresh(source: string, isOpen: (revision: string) => boolean, marking: boolean): { revision: string; report: boolean; marks: boolean }[] {
    const entry = this.bySource.get(source);
    if (!entry) return [];
    for (const revision of [...entry.revisions]) if (!isOpen(revision)) entry.revisions.delete(revision);
    if (!marking) entry.marked = undefined;
    const revisions = new Set([...entry.revisions, ...(entry.marked !== undefined ? [entry.marked] : [])]);
    if (revisions.size === 0) {
      this.bySource.delete(source);
      for (const key of [...this.asked.keys()]) if (key.startsWith(`${source}\u0000`)) this.asked.delete(key);
      return [];
    }
    return [...revisions].map((revision) => ({ revision, report: entry.revisions.has(revision), marks: revision === entry.marked }));
  }

  /** The documents with a comparison shown. */
  sources(): string[] {
    return [...this.bySource.keys()];
  }

  private entry(source: string): { revisions: Set<string>; marked: string | undefined } {
    let entry = this.bySource.get(source);
    if (!entry) {
      entry = { revisions: new Set(), marked: undefined };
      this.bySource.set(source, entry);
    }
    return entry;
  }
}
