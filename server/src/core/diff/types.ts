/**
 * `topo diff` (issue 22): what a change to a `.topo` file does to its figures, the contract shared
 * by the core (`diff/index.ts`), the reports (`report/diff.ts`), the CLI and the editor. Pure data:
 * every figure comes from the two sides' analyses (`DocumentAnalysis`), unchanged.
 */
import type { Diagnostic } from '../../../../grammar/src/text';
import type { ElementType } from '../model/types';
import type { DocumentAnalysis } from '../pipeline';

/**
 * One side of a comparison as the adapter read and analysed it (the core reads nothing):
 * `diffDocuments(path, before, after)` in `diff/index.ts`.
 */
export interface DiffSide {
  /** How the side is named to people: a path, or `REV:path` (`main:infra/shop.topo`). */
  label: string;
  /** Absent when the side does not exist (the file was added or deleted). */
  text?: string;
  /** `analyseDocument(text, …)` of the side, with its imports read the adapter's way; absent with `text`. */
  analysis?: DocumentAnalysis;
}

/** The figures of one system or journey on one side. */
export interface DiffFigures {
  /** False when errors left it without figures (its diagnostics say why). */
  analysed: boolean;
  unavailability: number | null;
  availability: number | null;
  nines: number | null;
  downtimeSecondsPerYear: number | null;
  /** Present when U is only bounded (the analysis stopped at its work limit): [lower, upper]. */
  unavailabilityBounds?: [number, number];
  /** `slo`, `sla` verdicts (`met`, `missed`, `undetermined`), RTO/RPO `met`/`exceeded`; absent objectives are left out. */
  objectives: ObjectiveStatus[];
  spofs: { element: string; type: ElementType }[];
  /** Minimal cut sets as listed by the analysis (most probable first). */
  cutSets: { elements: string[]; probability: number }[];
  /** Each layer's own U (qualified ids); `exact: false` when that U is only an upper bound (the layer hit a work limit). */
  layers: { name: string; unavailability: number; exact?: false }[];
}

export interface ObjectiveStatus {
  kind: 'slo' | 'sla' | 'rto' | 'rpo';
  /** The target as written: a fraction for slo/sla, seconds for rto/rpo. */
  target: number;
  verdict: 'met' | 'missed' | 'undetermined';
}

/** One objective whose verdict changed (or appeared, or went away). */
export interface ObjectiveChange {
  kind: ObjectiveStatus['kind'];
  before?: ObjectiveStatus;
  after?: ObjectiveStatus;
  /** `newly-missed`, `newly-met`, `changed` (target or undetermined), `added`, `removed`. */
  change: 'newly-missed' | 'newly-met' | 'changed' | 'added' | 'removed';
}

/** A cut set whose probability changed (or that appeared or went away), by how much. */
export interface CutSetChange {
  elements: string[];
  before: number | null;
  after: number | null;
}

/** A layer whose own U moved by more than the diff's threshold (or that appeared or went away). */
export interface LayerChange {
  name: string;
  before: number | null;
  after: number | null;
  /** Set when either side's figure is only an upper bound on the layer's U (shown as a floor on its availability). */
  bounded?: true;
}

/** One system or journey of the file, before and after. */
export interface SubjectDiff {
  name: string;
  kind: 'system' | 'journey';
  /** `added`/`removed`: present on one side only (matched by name); `unchanged`: same figures and diagnostics. */
  status: 'added' | 'removed' | 'changed' | 'unchanged';
  before?: DiffFigures;
  after?: DiffFigures;
  /** after − before, when both sides have figures. */
  delta?: { unavailability: number; downtimeSecondsPerYear: number; nines: number | null };
  objectives: ObjectiveChange[];
  spofsAdded: { element: string; type: ElementType }[];
  spofsRemoved: { element: string; type: ElementType }[];
  /** The cut sets whose probability changed most, largest |Δ| first (at most `DIFF_LIMITS.cutSets`). */
  cutSets: CutSetChange[];
  /** The layers whose figures moved, largest |Δ| first. */
  layers: LayerChange[];
}

/** One file's comparison. */
export interface FileDiff {
  /** The path the two sides are paired by (relative, for directories and revisions). */
  path: string;
  before: { label: string; exists: boolean; parses: boolean };
  after: { label: string; exists: boolean; parses: boolean };
  /** `added`/`deleted`: one side missing; `unchanged`: same text, or same figures and diagnostics. */
  status: 'added' | 'deleted' | 'changed' | 'unchanged';
  subjects: SubjectDiff[];
  /** Diagnostics of the after side that the before side did not have (by code, subject and message), errors first. */
  newDiagnostics: Diagnostic[];
  /** Diagnostics of the before side that are gone. */
  goneDiagnostics: Diagnostic[];
  /** Notes for people: a system that appears or disappears (renamed?), a side that does not parse. */
  notes: string[];
}

/** A `--fail-on` condition. */
export type GateCondition =
  | { kind: 'slo-miss' }
  | { kind: 'sla-miss' }
  | { kind: 'new-spof' }
  | { kind: 'new-error' }
  /** Availability falls by more than this many percentage points (`availability-drop=0.01%` → 0.01). */
  | { kind: 'availability-drop'; percent: number }
  /** Expected downtime a year grows by more than this many seconds (`downtime-increase=5m`). */
  | { kind: 'downtime-increase'; seconds: number };

/** What the gate decided: each condition that tripped, in words, with the file and subject. */
export interface GateResult {
  failed: boolean;
  reasons: string[];
}
