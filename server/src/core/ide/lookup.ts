/** Finds the model and figures that belong to a declaration of the name index. */
import type { FileAst } from '../../../../grammar/src/ast';
import type { AnalysedSystem, DocumentAnalysis } from '../pipeline';

/** A document's parse, with its analysed systems when the analysis has run. */
export type PartialAnalysis = Pick<DocumentAnalysis, 'parse'> & Partial<Pick<DocumentAnalysis, 'systems' | 'imported'>>;
import type { Position } from '../../../../grammar/src/text';
import { comparePositions, containsPosition } from '../../../../grammar/src/text';

/** The analysed system a declaration belongs to (systems are matched by name, then by order). */
export function systemOf(doc: PartialAnalysis, systemIndex: number): AnalysedSystem | undefined {
  const systems = doc.systems ?? [];
  const ast = doc.parse.ast.systems[systemIndex];
  const name = ast?.name?.text;
  const byName = name === undefined ? undefined : systems.filter((s) => s.model.name === name);
  if (byName && byName.length === 1) return byName[0];
  return systems[systemIndex];
}

/** The index of the system whose text holds a position (or the last one that starts before it). */
export function systemIndexAt(file: FileAst, pos: Position): number {
  const systems = file.systems;
  const inside = systems.findIndex((s) => containsPosition(s.range, pos));
  if (inside >= 0) return inside;
  let best = -1;
  systems.forEach((s, i) => {
    if (comparePositions(s.range.start, pos) <= 0) best = i;
  });
  return best;
}

/** The Birnbaum importance of an element, when the analysis lists it. */
export function birnbaumOf(sys: AnalysedSystem, element: string): number | undefined {
  const a = sys.analysis;
  if (!a) return undefined;
  // Looked up once per element of a hover: a map per analysis, not a search per lookup (a node of
  // 40,000 replicas made the hover quadratic).
  let byElement = importanceIndex.get(a);
  if (!byElement) {
    byElement = new Map();
    for (const i of a.importance) if (!byElement.has(i.element)) byElement.set(i.element, i.birnbaum);
    importanceIndex.set(a, byElement);
  }
  return byElement.get(element);
}

/** Each analysis' importance by element (an analysis is never changed once made). */
const importanceIndex = new WeakMap<NonNullable<AnalysedSystem['analysis']>, Map<string, number>>();

/**
 * System unavailability given that an element is down, from U, the element's own u and its
 * Birnbaum importance B: U = P(d|up) + u·B, so P(d|down) = U + (1 − u)·B.
 */
export function unavailabilityGivenDown(systemU: number, elementU: number, birnbaum: number): number {
  return Math.min(1, Math.max(0, systemU + (1 - elementU) * birnbaum));
}
