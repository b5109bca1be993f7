/**
 * `topo diff` (issue 22) as text, Markdown and JSON. Each file that changed gets its status, its
 * notes, and per system or journey that changed a headline ("−0.0051%, +26m 48s a year, new SPOF
 * lb1") then a before / after / Δ table; its new and gone diagnostics last. Files that did not
 * change are summed up in one line (`3 files unchanged`). Figures are spelt by `text/format.ts`
 * (a bound as a bound: `at least 99.98229%`, `at most 1h 33m`), their changes with a sign by
 * `diff/index.ts`; every name in Markdown goes through `text/markdown.ts`. The text is for a
 * terminal: the CLI escapes it (`escapeTerminal`).
 */
import type { Diagnostic } from '../../../../grammar/src/text';
import type { DiffFigures, FileDiff, GateResult, ObjectiveChange, ObjectiveStatus, SubjectDiff } from '../diff/types';
import { DIFF_LIMITS } from '../limits';
import {
  formatAvailability,
  formatAvailabilityFloor,
  formatBoundNote,
  formatDuration,
  formatDurationCeiling,
  formatNines,
  formatNinesFloor,
  formatPercent,
  formatProbability,
  formatSignedDuration,
  formatSignedPoints,
  formatTable,
  formatTopoDuration,
} from '../text/format';
import { markdownText } from '../text/markdown';

// What the text and the Markdown share: the words of each part.

/** "system checkout", "journey web/checkout". */
function subjectTitle(s: SubjectDiff): string {
  return `${s.kind} ${s.name}`;
}

/**
 * The headline of a subject that changed: its availability change in percentage points and its
 * downtime change a year, each with a sign, the new SPOFs and the objectives newly missed or met:
 * "−0.0051%, +26m 48s a year, new SPOF lb1, slo 99.95% newly missed".
 */
export function subjectHeadline(s: SubjectDiff): string {
  if (s.status === 'added') return `added: ${s.after ? figureWords(s.after) : 'no figures'}${spofWords(s)}`;
  if (s.status === 'removed') return `removed (was ${s.before ? figureWords(s.before) : 'without figures'})`;
  if (s.status === 'unchanged') return 'unchanged';
  const parts: string[] = [];
  const b = s.before;
  const a = s.after;
  if (s.delta) {
    parts.push(s.delta.unavailability === 0 ? 'availability unchanged' : `${formatSignedPoints(-s.delta.unavailability * 100)}%`);
    if (s.delta.downtimeSecondsPerYear !== 0) parts.push(`${formatSignedDuration(s.delta.downtimeSecondsPerYear)} a year`);
  } else if (b?.analysed && a?.analysed) {
    const same = b.unavailability === a.unavailability && b.unavailabilityBounds?.join() === a.unavailabilityBounds?.join();
    parts.push(same ? `${figureWords(a)} on both sides (bounded)` : `${figureWords(b)} → ${figureWords(a)} (bounded: no change given)`);
  } else if (a && !a.analysed) {
    parts.push(b?.analysed ? 'no figures on the new side (see its diagnostics)' : 'no figures on either side');
  } else if (b && !b.analysed) {
    parts.push(`no figures on the old side; now ${a ? figureWords(a) : '?'}`);
  }
  for (const x of s.spofsAdded) parts.push(`new SPOF ${x.element}`);
  for (const x of s.spofsRemoved) parts.push(`SPOF ${x.element} removed`);
  for (const o of s.objectives) {
    const word = objectiveChangeWord(o);
    if (word) parts.push(word);
  }
  if (parts.length === 0) parts.push('cut sets, layers or diagnostics changed');
  return parts.join(', ');
}

function spofWords(s: SubjectDiff): string {
  return s.spofsAdded.map((x) => `, SPOF ${x.element}`).join('');
}

/** "99.93880% available", or "at least 99.98229% available" when bounded. */
function figureWords(f: DiffFigures): string {
  if (!f.analysed || f.unavailability === null) return 'no figures';
  return `${f.unavailabilityBounds ? formatAvailabilityFloor(f.unavailability) : formatAvailability(f.unavailability)} available`;
}

/** "slo 99.95% newly missed", "rto 5m newly met"; undefined for a change the table says well enough. */
function objectiveChangeWord(o: ObjectiveChange): string | undefined {
  const status = o.after ?? o.before;
  if (!status) return undefined;
  const name = `${o.kind} ${objectiveTarget(status)}`;
  switch (o.change) {
    case 'newly-missed': return `${name} newly ${missedWord(o.kind)}`;
    case 'newly-met': return `${name} newly met`;
    case 'added': return o.after?.verdict === 'missed' ? `${name} ${missedWord(o.kind)} (new objective)` : undefined;
    default: return undefined;
  }
}

function missedWord(kind: ObjectiveStatus['kind']): string {
  return kind === 'rto' || kind === 'rpo' ? 'exceeded' : 'missed';
}

/** An objective's target as written: `99.95%`, `5m`. */
function objectiveTarget(o: ObjectiveStatus): string {
  return o.kind === 'slo' || o.kind === 'sla' ? formatPercent(o.target) : formatTopoDuration(o.target);
}

/** The change column of an objective: `newly missed`, `newly exceeded`, `newly met`, `changed`, `new objective`, `objective removed`. */
function changeWord(o: ObjectiveChange): string {
  switch (o.change) {
    case 'newly-missed': return `newly ${missedWord(o.kind)}`;
    case 'newly-met': return 'newly met';
    case 'changed': return 'changed';
    case 'added': return 'new objective';
    case 'removed': return 'objective removed';
  }
}

function verdictWord(o: ObjectiveStatus | undefined): string {
  if (!o) return '–';
  if (o.verdict === 'missed') return missedWord(o.kind);
  return o.verdict === 'undetermined' ? 'undetermined (U is only bounded)' : 'met';
}

/** The before / after / Δ rows of a subject: availability, nines, downtime a year, each objective. */
export function subjectRows(s: SubjectDiff): string[][] {
  const b = s.before;
  const a = s.after;
  const rows: string[][] = [
    ['availability', availabilityCell(b), availabilityCell(a), s.delta ? `${formatSignedPoints(-s.delta.unavailability * 100)}%` : '–'],
    ['nines', ninesCell(b), ninesCell(a), s.delta && s.delta.nines !== null ? signedNines(s.delta.nines) : '–'],
    ['downtime a year', downtimeCell(b), downtimeCell(a), s.delta ? formatSignedDuration(s.delta.downtimeSecondsPerYear) : '–'],
  ];
  const changes = new Map(s.objectives.map((o) => [o.kind, o]));
  for (const kind of ['slo', 'sla', 'rto', 'rpo'] as const) {
    const ob = b?.objectives.find((o) => o.kind === kind);
    const oa = a?.objectives.find((o) => o.kind === kind);
    if (!ob && !oa) continue;
    const targets = ob && oa && ob.target !== oa.target ? `${objectiveTarget(ob)} → ${objectiveTarget(oa)}` : objectiveTarget((oa ?? ob) as ObjectiveStatus);
    const change = changes.get(kind);
    rows.push([`${kind} ${targets}`, verdictWord(ob), verdictWord(oa), change ? changeWord(change) : '']);
  }
  return rows;
}

function availabilityCell(f: DiffFigures | undefined): string {
  if (!f) return '–';
  if (!f.analysed || f.unavailability === null) return 'no figures';
  return f.unavailabilityBounds ? formatAvailabilityFloor(f.unavailability) : formatAvailability(f.unavailability);
}

function ninesCell(f: DiffFigures | undefined): string {
  if (!f || !f.analysed) return '–';
  const nines = f.nines ?? Infinity;
  return f.unavailabilityBounds ? formatNinesFloor(nines) : formatNines(nines);
}

function downtimeCell(f: DiffFigures | undefined): string {
  if (!f || !f.analysed || f.downtimeSecondsPerYear === null) return '–';
  return f.unavailabilityBounds ? formatDurationCeiling(f.downtimeSecondsPerYear) : formatDuration(f.downtimeSecondsPerYear);
}

function signedNines(n: number): string {
  return n > 0 ? `+${formatNines(n)}` : n < 0 ? `\u2212${formatNines(-n)}` : formatNines(0);
}

/** The bounds of each side whose U is only bounded, as the reports name them. */
function boundNotes(s: SubjectDiff): string[] {
  const out: string[] = [];
  if (s.before?.unavailabilityBounds) out.push(`before: ${formatBoundNote(s.before.unavailabilityBounds)}`);
  if (s.after?.unavailabilityBounds) out.push(`after: ${formatBoundNote(s.after.unavailabilityBounds)}`);
  return out;
}

/** "lb1 (instance)". */
function spofWordsOf(list: SubjectDiff['spofsAdded']): string {
  return list.map((x) => `${x.element} (${x.type})`).join(', ');
}

export const CUT_SET_HEADER = ['cut set', 'before', 'after'];

function cutSetRows(s: SubjectDiff): string[][] {
  const p = (x: number | null): string => (x === null ? '–' : formatProbability(x));
  return s.cutSets.map((c) => [c.elements.join(' + '), p(c.before), p(c.after)]);
}

export const LAYER_CHANGE_HEADER = ['layer', 'before', 'after'];

/** The layers that moved, at most `DIFF_LIMITS.layers`, their availability (a floor when bounded), and how many more. */
function layerRows(s: SubjectDiff): { rows: string[][]; more: number } {
  const cell = (u: number | null, bounded: boolean): string => (u === null ? '–' : bounded ? formatAvailabilityFloor(u) : formatAvailability(u));
  const rows = s.layers.slice(0, DIFF_LIMITS.layers).map((l) => [l.name, cell(l.before, l.bounded === true), cell(l.after, l.bounded === true)]);
  return { rows, more: Math.max(0, s.layers.length - DIFF_LIMITS.layers) };
}

/** "error syntax (3:5): message". */
function diagnosticLine(d: Diagnostic): string {
  return `${d.severity} ${d.code} (${d.range.start.line + 1}:${d.range.start.character + 1}): ${d.message}`;
}

function sideWords(f: FileDiff): string {
  return f.before.label === f.after.label ? f.after.label : `${f.before.label} → ${f.after.label}`;
}

function unchangedLine(n: number): string {
  return n === 1 ? '1 file unchanged' : `${n} files unchanged`;
}

// Text.

/** The comparison for a terminal (the CLI escapes it), then the gate when one was given. */
export function formatDiffText(diffs: FileDiff[], gate?: GateResult): string {
  const out: string[] = [];
  const unchanged = diffs.filter((f) => f.status === 'unchanged').length;
  for (const f of diffs) {
    if (f.status === 'unchanged') continue;
    out.push(`${f.path}: ${f.status} (${sideWords(f)})`);
    for (const note of f.notes) out.push(`  note: ${note}`);
    for (const s of f.subjects) {
      if (s.status === 'unchanged') continue;
      out.push(`  ${subjectTitle(s)}: ${subjectHeadline(s)}`);
      if (s.status === 'changed') {
        out.push(...formatTable(['', 'before', 'after', 'change'], subjectRows(s)).map((l) => `    ${l}`));
        for (const n of boundNotes(s)) out.push(`    ${n}`);
      }
      if (s.spofsAdded.length) out.push(`    SPOFs added: ${spofWordsOf(s.spofsAdded)}`);
      if (s.spofsRemoved.length) out.push(`    SPOFs removed: ${spofWordsOf(s.spofsRemoved)}`);
      if (s.cutSets.length) {
        out.push('    cut sets whose probability changed most:');
        out.push(...formatTable(CUT_SET_HEADER, cutSetRows(s)).map((l) => `      ${l}`));
      }
      const layers = layerRows(s);
      if (layers.rows.length) {
        out.push('    layers whose figures moved:');
        out.push(...formatTable(LAYER_CHANGE_HEADER, layers.rows).map((l) => `      ${l}`));
        if (layers.more) out.push(`      and ${layers.more} more`);
      }
    }
    if (f.newDiagnostics.length) out.push('  new diagnostics:', ...f.newDiagnostics.map((d) => `    ${diagnosticLine(d)}`));
    if (f.goneDiagnostics.length) out.push('  gone diagnostics:', ...f.goneDiagnostics.map((d) => `    ${diagnosticLine(d)}`));
    out.push('');
  }
  if (unchanged > 0) out.push(unchangedLine(unchanged));
  if (diffs.length === 0) out.push('no files to compare');
  if (gate) {
    out.push(gate.failed ? 'gate: failed' : 'gate: passed');
    for (const r of gate.reasons) out.push(`  ${r}`);
  }
  return out.join('\n').replace(/\n+$/, '') + '\n';
}

// Markdown.

/**
 * The comparison as a pull-request comment: the gate first when one was given (what a reviewer
 * wants to know first), a `##` heading per file that changed, a `###` per system or journey with
 * its headline in bold then its table, SPOFs, cut sets and layers, the file's diagnostics last;
 * one line for the files that did not change. Every name and message goes through `markdownText`.
 */
export function formatDiffMarkdown(diffs: FileDiff[], gate?: GateResult): string {
  const out: string[] = [];
  if (gate) {
    out.push(gate.failed ? '**Gate failed**' : '**Gate passed**', '');
    if (gate.reasons.length) out.push(...gate.reasons.map((r) => `- ${markdownText(r)}`), '');
  }
  const unchanged = diffs.filter((f) => f.status === 'unchanged').length;
  for (const f of diffs) {
    if (f.status === 'unchanged') continue;
    out.push(`## ${markdownText(f.path)}`, '', `${markdownText(capital(f.status))} (${markdownText(sideWords(f))})`, '');
    if (f.notes.length) out.push(...f.notes.map((n) => `- ${markdownText(capital(n))}`), '');
    for (const s of f.subjects) {
      if (s.status === 'unchanged') continue;
      out.push(`### ${markdownText(subjectTitle(s))}`, '', `**${markdownText(subjectHeadline(s))}**`, '');
      if (s.status === 'changed') {
        out.push(...table(['', 'before', 'after', 'change'], subjectRows(s)), '');
        for (const n of boundNotes(s)) out.push(`_${markdownText(capital(n))}_`, '');
      }
      if (s.spofsAdded.length) out.push(`SPOFs added: ${markdownText(spofWordsOf(s.spofsAdded))}`, '');
      if (s.spofsRemoved.length) out.push(`SPOFs removed: ${markdownText(spofWordsOf(s.spofsRemoved))}`, '');
      if (s.cutSets.length) out.push('Cut sets whose probability changed most:', '', ...table(CUT_SET_HEADER, cutSetRows(s)), '');
      const layers = layerRows(s);
      if (layers.rows.length) {
        out.push('Layers whose figures moved:', '', ...table(LAYER_CHANGE_HEADER, layers.rows), '');
        if (layers.more) out.push(`And ${layers.more} more.`, '');
      }
    }
    if (f.newDiagnostics.length) out.push('New diagnostics:', '', ...f.newDiagnostics.map((d) => `- ${markdownText(diagnosticLine(d))}`), '');
    if (f.goneDiagnostics.length) out.push('Gone diagnostics:', '', ...f.goneDiagnostics.map((d) => `- ${markdownText(diagnosticLine(d))}`), '');
  }
  if (unchanged > 0) out.push(`_${markdownText(unchangedLine(unchanged))}._`, '');
  if (diffs.length === 0) out.push('_No files to compare._', '');
  return out.join('\n').replace(/\n+$/, '') + '\n';
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function table(header: string[], rows: string[][]): string[] {
  // An empty header cell would be a blank `|  |`: GFM accepts it.
  const line = (cells: string[]): string => `| ${cells.map((cell) => markdownText(cell)).join(' | ')} |`;
  return [line(header), `|${header.map(() => ' --- ').join('|')}|`, ...rows.map(line)];
}

// JSON.

/** The comparison as plain JSON: every `FileDiff` as it is, a count of each status, and the gate when given. */
export function diffJson(diffs: FileDiff[], gate?: GateResult): unknown {
  const count = (status: FileDiff['status']): number => diffs.filter((f) => f.status === status).length;
  const plain = JSON.parse(JSON.stringify({ files: diffs }, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value))) as { files: unknown[] };
  return {
    files: plain.files,
    summary: { files: diffs.length, changed: count('changed'), added: count('added'), deleted: count('deleted'), unchanged: count('unchanged') },
    ...(gate ? { gate: { failed: gate.failed, reasons: [...gate.reasons] } } : {}),
  };
}
