/**
 * `topo diff` (issue 22): what a change to a `.topo` file does to its figures, and the gate of
 * `--fail-on`. Pure: the adapter reads and analyses both sides (`DiffSide`), this compares them.
 * Every figure is the analyses' own, unchanged; the reports (`report/diff.ts`) spell them.
 *
 * - **Subjects** are the systems and journeys (`SYSTEM/JOURNEY` for a journey of a system, as the
 *   reports name them), matched by kind and name; one on one side only is `added` or `removed`.
 * - **A side that does not parse** (an error of the parse stage) has figures of what could be
 *   read only (`provisional`): they are not compared (`analysed: false`), nor the warnings drawn
 *   from figures on the other side (they are withheld on this one, not gone).
 * - **Diagnostics** are compared by code, severity, message and `data.subject`, never by range,
 *   which moves with any edit; as multisets, so a second identical diagnostic is new.
 * - **A change** of a U is one larger than `DIFF_LIMITS.relativeChange` of it (the engine's
 *   relative error bound): below that the two figures are the same figure.
 */
import { SECONDS_PER_UNIT } from '../../../../grammar/src/units';
import type { Diagnostic } from '../../../../grammar/src/text';
import type { SystemAnalysis } from '../analysis/types';
import { DIFF_LIMITS } from '../limits';
import type { ExternalModel, ObjectivesModel } from '../model/types';
import type { DocumentAnalysis } from '../pipeline';
import { analyseDocument } from '../pipeline';
import { journeyName } from '../report/estate';
import { objectiveVerdictOf, unavailabilityBoundsOf } from '../report/summary';
import { formatAvailability, formatDuration, formatPercent, formatSignedDuration, formatSignedPoints, formatTopoDuration } from '../text/format';
import type {
  CutSetChange, DiffFigures, DiffSide, FileDiff, GateCondition, GateResult, LayerChange, ObjectiveChange, ObjectiveStatus, SubjectDiff,
} from './types';

export type * from './types';

/** One subject (system or journey) of one side, as read. */
interface Subject {
  kind: 'system' | 'journey';
  name: string;
  objectives: ObjectivesModel;
  analysis?: SystemAnalysis;
}

/** One side, analysed, with what the comparison needs of it. */
interface Side {
  exists: boolean;
  parses: boolean;
  analysis?: DocumentAnalysis;
  /** Its figures are provisional (syntax errors): not compared. */
  withheld: boolean;
}

/** Compares the two sides of one file (`path`): subjects, objectives, SPOFs, cut sets, layers and diagnostics. */
export function diffDocuments(path: string, before: DiffSide, after: DiffSide): FileDiff {
  const old = sideOf(before);
  const now = sideOf(after);
  const notes: string[] = [];
  for (const [side, words] of [[old, 'old'], [now, 'new']] as const) {
    if (side.exists && !side.parses) {
      const count = (side.analysis?.parse.diagnostics ?? []).filter((d) => d.severity === 'error').length;
      notes.push(`the ${words} side does not parse (${count === 1 ? 'one error' : `${count} errors`}): its figures are provisional and not compared, nor the warnings drawn from them`);
    }
  }

  const subjects = diffSubjects(subjectsOf(old), subjectsOf(now), old, now, notes);
  const { added, gone } = diffDiagnostics(old, now);
  const bothExist = old.exists && now.exists;
  const externals = bothExist && !old.withheld && !now.withheld ? externalChanges(old, now) : [];
  notes.push(...externals);
  const same = bothExist && old.parses === now.parses && subjects.every((s) => s.status === 'unchanged') && added.length === 0 && gone.length === 0 && externals.length === 0;
  if (bothExist && !same && before.text !== undefined && before.text === after.text) {
    notes.push('the file is the same on both sides, but what it imports changed');
  }
  const status: FileDiff['status'] = !old.exists && now.exists ? 'added' : old.exists && !now.exists ? 'deleted' : same || !old.exists ? 'unchanged' : 'changed';
  return {
    path,
    before: { label: before.label, exists: old.exists, parses: old.parses },
    after: { label: after.label, exists: now.exists, parses: now.parses },
    status,
    subjects,
    newDiagnostics: added,
    goneDiagnostics: gone,
    notes,
  };
}

/**
 * The externals (`external db { availability 99.99% }`) whose figures moved, appeared or went, in
 * words: they have no figures of their own to compare, and a file of externals alone (what an
 * estate imports) would otherwise read as unchanged; the systems that use them show the effect.
 */
function externalChanges(old: Side, now: Side): string[] {
  const byName = (side: Side) => new Map((side.analysis?.model.externals ?? []).map((e) => [e.name, e]));
  const before = byName(old);
  const after = byName(now);
  // One without its figures (`missing-availability`, a diagnostic of its own) has none to compare.
  const words = (e: ExternalModel) => (e.hasAvailability ? `${formatPercent(e.availability)} available, restored in ${formatDuration(e.mttrSeconds)}` : 'no availability given');
  const out: string[] = [];
  for (const [name, a] of after) {
    const b = before.get(name);
    if (!b) out.push(`external ${name} added (${words(a)})`);
    else if (b.hasAvailability !== a.hasAvailability || (a.hasAvailability && (moved(b.unavailability, a.unavailability) || moved(b.mttrSeconds, a.mttrSeconds)))) {
      out.push(`external ${name}: ${words(b)} → ${words(a)}; what uses it shows the effect`);
    }
  }
  for (const name of before.keys()) if (!after.has(name)) out.push(`external ${name} removed`);
  return out;
}

function sideOf(side: DiffSide): Side {
  if (side.text === undefined && side.analysis === undefined) return { exists: false, parses: true, withheld: false };
  // The adapter analyses with imports read its way; a text alone is analysed here, without imports.
  const analysis = side.analysis ?? analyseDocument(side.text ?? '');
  const parses = !analysis.parse.diagnostics.some((d) => d.severity === 'error');
  return { exists: true, parses, analysis, withheld: !parses };
}

function subjectsOf(side: Side): Subject[] {
  const a = side.analysis;
  if (!a) return [];
  const keep = (x: SystemAnalysis | undefined): SystemAnalysis | undefined => (side.withheld ? undefined : x);
  return [
    ...a.systems.map((s): Subject => ({ kind: 'system', name: s.model.name, objectives: s.model, analysis: keep(s.analysis) })),
    ...a.journeys.map((j): Subject => ({ kind: 'journey', name: journeyName(j), objectives: j.model, analysis: keep(j.analysis) })),
  ];
}

/** Pairs the subjects by kind and name (the n-th of a repeated name with the n-th), in the new side's order, then the removed ones. */
function diffSubjects(before: Subject[], after: Subject[], old: Side, now: Side, notes: string[]): SubjectDiff[] {
  const keyed = (list: Subject[]): Map<string, Subject> => {
    const seen = new Map<string, number>();
    const out = new Map<string, Subject>();
    for (const s of list) {
      const base = `${s.kind}\u0000${s.name}`;
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      out.set(`${base}\u0000${n}`, s);
    }
    return out;
  };
  const b = keyed(before);
  const a = keyed(after);
  const out: SubjectDiff[] = [];
  for (const [key, s] of a) out.push(diffSubject(s.kind, s.name, b.get(key), s));
  for (const [key, s] of b) if (!a.has(key)) out.push(diffSubject(s.kind, s.name, s, undefined));

  // Only when both sides exist and parse is a subject on one side only worth a note (else the whole file is).
  if (old.exists && now.exists) {
    for (const kind of ['system', 'journey'] as const) {
      const appeared = out.filter((s) => s.kind === kind && s.status === 'added');
      const disappeared = out.filter((s) => s.kind === kind && s.status === 'removed');
      const renamed = appeared.length === 1 && disappeared.length === 1 ? disappeared[0] : undefined;
      for (const s of appeared) notes.push(`${kind} '${s.name}' is not in the old side: added${renamed ? `, or renamed from '${renamed.name}'?` : ''}`);
      for (const s of disappeared) {
        if (renamed) continue;
        notes.push(`${kind} '${s.name}' is not in the new side: removed`);
      }
    }
  }
  return out;
}

function diffSubject(kind: Subject['kind'], name: string, before: Subject | undefined, after: Subject | undefined): SubjectDiff {
  const b = before ? figuresOf(before) : undefined;
  const a = after ? figuresOf(after) : undefined;
  const both = b?.analysed === true && a?.analysed === true;
  const objectives = diffObjectives(b, a);
  const spofKey = (s: { element: string; type: string }): string => `${s.type}\u0000${s.element}`;
  const spofsAdded = a?.analysed && (both || !before) ? a.spofs.filter((s) => !(b?.spofs ?? []).some((x) => spofKey(x) === spofKey(s))) : [];
  const spofsRemoved = b?.analysed && (both || !after) ? b.spofs.filter((s) => !(a?.spofs ?? []).some((x) => spofKey(x) === spofKey(s))) : [];
  const cutSets = both ? diffCutSets(b, a) : [];
  const layers = both ? diffLayers(b, a) : [];
  const diff: SubjectDiff = {
    name, kind,
    status: !before ? 'added' : !after ? 'removed' : 'unchanged',
    ...(b ? { before: b } : {}),
    ...(a ? { after: a } : {}),
    objectives, spofsAdded, spofsRemoved, cutSets, layers,
  };
  if (both && b.unavailabilityBounds === undefined && a.unavailabilityBounds === undefined) {
    const nines = b.nines !== null && a.nines !== null ? a.nines - b.nines : null;
    diff.delta = { unavailability: (a.unavailability ?? 0) - (b.unavailability ?? 0), downtimeSecondsPerYear: (a.downtimeSecondsPerYear ?? 0) - (b.downtimeSecondsPerYear ?? 0), nines };
  }
  if (before && after) {
    const sameDiagnostics = sameMultiset((before.analysis?.diagnostics ?? []).map(diagnosticKey), (after.analysis?.diagnostics ?? []).map(diagnosticKey));
    const changed = !sameFigures(b, a) || objectives.length > 0 || spofsAdded.length > 0 || spofsRemoved.length > 0 || cutSets.length > 0 || layers.length > 0 || !sameDiagnostics;
    diff.status = changed ? 'changed' : 'unchanged';
  }
  return diff;
}

/** The figures of a subject on one side; `analysed: false` without them. */
function figuresOf(s: Subject): DiffFigures {
  const a = s.analysis;
  if (!a) return { analysed: false, unavailability: null, availability: null, nines: null, downtimeSecondsPerYear: null, objectives: [], spofs: [], cutSets: [], layers: [] };
  const bounds = unavailabilityBoundsOf(a);
  return {
    analysed: true,
    unavailability: a.unavailability,
    availability: a.availability,
    nines: Number.isFinite(a.nines) ? a.nines : null,
    downtimeSecondsPerYear: a.downtime.year,
    ...(bounds ? { unavailabilityBounds: [bounds[0], bounds[1]] as [number, number] } : {}),
    objectives: objectivesOf(s.objectives, a),
    spofs: a.spofs.map((x) => ({ element: x.element, type: x.type })),
    cutSets: a.cutSets.map((c) => ({ elements: [...c.elements], probability: c.probability })),
    layers: a.layers.map((l) => ({ name: l.name, unavailability: l.unavailability, ...(l.exact === false ? { exact: false as const } : {}) })),
  };
}

/** The verdict of each objective declared, as the reports give it (`excludes maintenance` included); RTO/RPO met when the figure is within the target. */
function objectivesOf(o: ObjectivesModel, a: SystemAnalysis): ObjectiveStatus[] {
  const out: ObjectiveStatus[] = [];
  if (o.slo) out.push({ kind: 'slo', target: o.slo.value, verdict: objectiveVerdictOf(a, o.slo) });
  if (o.sla) out.push({ kind: 'sla', target: o.sla.value, verdict: objectiveVerdictOf(a, o.sla) });
  if (o.rto) out.push({ kind: 'rto', target: o.rto.value, verdict: a.rtoSeconds <= o.rto.value ? 'met' : 'missed' });
  if (o.rpo) out.push({ kind: 'rpo', target: o.rpo.value, verdict: a.rpoSeconds <= o.rpo.value ? 'met' : 'missed' });
  return out;
}

/**
 * Each objective whose verdict or target changed. Only between sides with figures; a subject
 * that is new (no old side at all) has each of its objectives `added`, one that went away each `removed`.
 */
function diffObjectives(b: DiffFigures | undefined, a: DiffFigures | undefined): ObjectiveChange[] {
  if ((b && !b.analysed) || (a && !a.analysed)) return [];
  const out: ObjectiveChange[] = [];
  for (const kind of ['slo', 'sla', 'rto', 'rpo'] as const) {
    const before = b?.objectives.find((o) => o.kind === kind);
    const after = a?.objectives.find((o) => o.kind === kind);
    if (!before && !after) continue;
    if (!before) { out.push({ kind, after: after as ObjectiveStatus, change: 'added' }); continue; }
    if (!after) { out.push({ kind, before, change: 'removed' }); continue; }
    if (before.target === after.target && before.verdict === after.verdict) continue;
    const change: ObjectiveChange['change'] =
      before.verdict === 'met' && after.verdict === 'missed' ? 'newly-missed' : before.verdict === 'missed' && after.verdict === 'met' ? 'newly-met' : 'changed';
    out.push({ kind, before, after, change });
  }
  return out;
}

/** Whether two figures differ by more than the engine's relative error (`DIFF_LIMITS.relativeChange`). */
export function moved(before: number | null, after: number | null): boolean {
  if (before === null || after === null) return before !== after;
  if (before === after) return false;
  return Math.abs(after - before) > DIFF_LIMITS.relativeChange * Math.max(Math.abs(before), Math.abs(after));
}

/** Cut sets matched by their sorted elements; those whose probability moved, largest |Δp| first, at most `DIFF_LIMITS.cutSets`. */
function diffCutSets(b: DiffFigures, a: DiffFigures): CutSetChange[] {
  const byKey = new Map<string, CutSetChange>();
  const keyOf = (elements: string[]): string => [...elements].sort().join('\u0000');
  for (const c of b.cutSets) byKey.set(keyOf(c.elements), { elements: [...c.elements].sort(), before: c.probability, after: null });
  for (const c of a.cutSets) {
    const key = keyOf(c.elements);
    const known = byKey.get(key);
    if (known) known.after = c.probability;
    else byKey.set(key, { elements: [...c.elements].sort(), before: null, after: c.probability });
  }
  return [...byKey.values()]
    .filter((c) => moved(c.before, c.after))
    .sort((x, y) => change(y) - change(x) || x.elements.join(' ').localeCompare(y.elements.join(' ')))
    .slice(0, DIFF_LIMITS.cutSets);
}

/** The layers whose own U moved (or that appeared or went away), largest |Δ| first. */
function diffLayers(b: DiffFigures, a: DiffFigures): LayerChange[] {
  const byName = new Map<string, LayerChange>();
  for (const l of b.layers) byName.set(l.name, { name: l.name, before: l.unavailability, after: null, ...(l.exact === false ? { bounded: true as const } : {}) });
  for (const l of a.layers) {
    const known = byName.get(l.name);
    const bounded = l.exact === false ? { bounded: true as const } : {};
    if (known) Object.assign(known, { after: l.unavailability }, bounded);
    else byName.set(l.name, { name: l.name, before: null, after: l.unavailability, ...bounded });
  }
  return [...byName.values()].filter((l) => moved(l.before, l.after)).sort((x, y) => change(y) - change(x) || x.name.localeCompare(y.name));
}

/** |after − before|, a missing side counting as 0. */
function change(c: { before: number | null; after: number | null }): number {
  return Math.abs((c.after ?? 0) - (c.before ?? 0));
}

function sameFigures(b: DiffFigures | undefined, a: DiffFigures | undefined): boolean {
  if (!b || !a) return b === a;
  if (b.analysed !== a.analysed) return false;
  if (!b.analysed) return true;
  if (moved(b.unavailability, a.unavailability) || moved(b.downtimeSecondsPerYear, a.downtimeSecondsPerYear)) return false;
  if ((b.unavailabilityBounds === undefined) !== (a.unavailabilityBounds === undefined)) return false;
  return true;
}

/** The identity of a diagnostic across edits: code, severity, message and the subject it is about; never its range. */
function diagnosticKey(d: Diagnostic): string {
  return [d.code, d.severity, d.message, d.data?.subject ?? ''].join('\u0000');
}

function sameMultiset(x: string[], y: string[]): boolean {
  if (x.length !== y.length) return false;
  const a = [...x].sort();
  const b = [...y].sort();
  return a.every((k, i) => k === b[i]);
}

/**
 * The diagnostics new on the after side and gone from the before side, errors first (then in
 * document order). When one side's figures are withheld (syntax errors), the other side's
 * diagnostics drawn from figures are left out: they are withheld there, not new or gone.
 */
function diffDiagnostics(old: Side, now: Side): { added: Diagnostic[]; gone: Diagnostic[] } {
  const fromFigures = (side: Side): Set<Diagnostic> => new Set([
    ...(side.analysis?.systems ?? []).flatMap((s) => s.analysis?.diagnostics ?? []),
    ...(side.analysis?.journeys ?? []).flatMap((j) => j.analysis?.diagnostics ?? []),
  ]);
  const listed = (side: Side, other: Side): Diagnostic[] => {
    const all = side.analysis?.diagnostics ?? [];
    if (!other.withheld || !other.exists) return all;
    const figures = fromFigures(side);
    return all.filter((d) => !figures.has(d) && d.code !== 'slo-unreachable' && d.code !== 'sla-unreachable');
  };
  const minus = (xs: Diagnostic[], ys: Diagnostic[]): Diagnostic[] => {
    const counts = new Map<string, number>();
    for (const d of ys) counts.set(diagnosticKey(d), (counts.get(diagnosticKey(d)) ?? 0) + 1);
    return xs.filter((d) => {
      const n = counts.get(diagnosticKey(d)) ?? 0;
      if (n === 0) return true;
      counts.set(diagnosticKey(d), n - 1);
      return false;
    });
  };
  const rank = { error: 0, warning: 1, info: 2 } as const;
  const ordered = (ds: Diagnostic[]): Diagnostic[] => ds.map((d, i) => ({ d, i })).sort((x, y) => rank[x.d.severity] - rank[y.d.severity] || x.i - y.i).map((x) => x.d);
  const before = listed(old, now);
  const after = listed(now, old);
  return { added: ordered(minus(after, before)), gone: ordered(minus(before, after)) };
}

// The gate.

const CONDITIONS = ['slo-miss', 'sla-miss', 'new-spof', 'new-error', 'availability-drop=PERCENT%', 'downtime-increase=DURATION'] as const;

/** A `--fail-on` value as a condition, or a sentence saying why it is not one. */
export function parseGateCondition(text: string): { ok: true; condition: GateCondition } | { ok: false; error: string } {
  const trimmed = text.trim();
  const eq = trimmed.indexOf('=');
  const name = (eq < 0 ? trimmed : trimmed.slice(0, eq)).trim();
  const value = eq < 0 ? undefined : trimmed.slice(eq + 1).trim();
  const expected = `expected one of ${CONDITIONS.join(', ')}`;
  switch (name) {
    case 'slo-miss':
    case 'sla-miss':
    case 'new-spof':
    case 'new-error':
      if (value !== undefined) return { ok: false, error: `'${name}' takes no value, not '${value}'` };
      return { ok: true, condition: { kind: name } };
    case 'availability-drop': {
      const m = /^(\d+(?:\.\d+)?)[ \t]*%$/.exec(value ?? '');
      const percent = m ? Number(m[1]) : NaN;
      if (!m || !(percent >= 0 && percent <= 100)) {
        return { ok: false, error: `'availability-drop' needs percentage points from 0% to 100% (availability-drop=0.01%), not ${value === undefined ? 'nothing' : `'${value}'`}` };
      }
      return { ok: true, condition: { kind: 'availability-drop', percent } };
    }
    case 'downtime-increase': {
      const m = /^(\d+(?:\.\d+)?)[ \t]*([a-z]+)$/.exec(value ?? '');
      const unit = m ? SECONDS_PER_UNIT[m[2] as string] : undefined;
      if (!m || unit === undefined || !Number.isFinite(Number(m[1]) * unit)) {
        const units = Object.keys(SECONDS_PER_UNIT).join(', ');
        return { ok: false, error: `'downtime-increase' needs a duration as in a .topo file, a number and one of ${units} (downtime-increase=5m), not ${value === undefined ? 'nothing' : `'${value}'`}` };
      }
      return { ok: true, condition: { kind: 'downtime-increase', seconds: Number(m[1]) * unit } };
    }
    default:
      return { ok: false, error: `unknown condition '${trimmed}'; ${expected}` };
  }
}

/**
 * Each condition against every subject of every file; a reason per condition and subject that
 * tripped, naming the file and the subject: `shop.topo: system shop: availability 99.95% →
 * 99.9% (−0.05 points, more than 0.01)`.
 *
 * - `slo-miss`, `sla-miss`: the after side misses the objective, whether newly (the reason
 *   says `newly missed`) or already before (`already missed before`): a gate is about the state
 *   the change leaves. `undetermined` (U only bounded) does not trip.
 * - `new-spof`: a SPOF of the after side the before side did not have, including those of a
 *   system or journey that is new.
 * - `new-error`: an error diagnostic new on the after side (a syntax error included).
 * - `availability-drop`, `downtime-increase`: on a subject with a delta (both sides exact), a
 *   fall of availability by more than the points given, a rise of downtime by more than the
 *   duration; a subject without a delta (new, gone, a side without figures or bounded) does not trip.
 */
export function evaluateGate(diffs: FileDiff[], conditions: GateCondition[]): GateResult {
  const reasons: string[] = [];
  for (const condition of conditions) {
    for (const file of diffs) {
      if (condition.kind === 'new-error') {
        for (const d of file.newDiagnostics) if (d.severity === 'error') reasons.push(`${file.path}:${d.range.start.line + 1}:${d.range.start.character + 1}: new error ${d.code}: ${d.message}`);
        continue;
      }
      for (const s of file.subjects) {
        const reason = tripped(condition, s);
        if (reason !== undefined) reasons.push(`${file.path}: ${s.kind} ${s.name}: ${reason}`);
      }
    }
  }
  return { failed: reasons.length > 0, reasons };
}

function tripped(condition: GateCondition, s: SubjectDiff): string | undefined {
  switch (condition.kind) {
    case 'slo-miss':
    case 'sla-miss': {
      const kind = condition.kind === 'slo-miss' ? 'slo' : 'sla';
      const now = s.after?.objectives.find((o) => o.kind === kind);
      if (!now || now.verdict !== 'missed') return undefined;
      const was = s.before?.objectives.find((o) => o.kind === kind);
      const figure = s.after?.unavailability !== null && s.after?.unavailability !== undefined ? ` (${formatAvailability(s.after.unavailability)} available)` : '';
      const when = !s.before ? `missed by a new ${s.kind}` : was?.verdict === 'missed' ? 'missed, already missed before' : was ? 'newly missed' : 'missed, a new objective';
      return `${kind} ${formatPercent(now.target)} ${when}${figure}`;
    }
    case 'new-spof':
      if (s.spofsAdded.length === 0) return undefined;
      return `new single point${s.spofsAdded.length === 1 ? '' : 's'} of failure: ${s.spofsAdded.map((x) => `${x.element} (${x.type})`).join(', ')}`;
    case 'availability-drop': {
      if (!s.delta || !s.before || !s.after) return undefined;
      const points = s.delta.unavailability * 100;
      if (!(points > condition.percent)) return undefined;
      return `availability ${formatAvailability(s.before.unavailability ?? NaN)} → ${formatAvailability(s.after.unavailability ?? NaN)} (${formatSignedPoints(-points)} points, more than ${condition.percent})`;
    }
    case 'downtime-increase': {
      if (!s.delta || !s.before || !s.after) return undefined;
      const more = s.delta.downtimeSecondsPerYear;
      if (!(more > condition.seconds)) return undefined;
      return `downtime a year ${formatDuration(s.before.downtimeSecondsPerYear ?? NaN)} → ${formatDuration(s.after.downtimeSecondsPerYear ?? NaN)} (${formatSignedDuration(more)}, more than ${formatTopoDuration(condition.seconds)})`;
    }
    case 'new-error':
      return undefined;
  }
}
