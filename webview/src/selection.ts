/**
 * The editor's selection on the diagram: the drawn elements whose declaration is at the editor's
 * cursor get the `selected` class (diagram.css outlines them), and are panned into view.
 */
import type { Position, Range } from '../../server/src/core/index';

/** What can be marked: each has a view with the range of its declaration as its datum's `view.range`. */
const SELECTABLE = 'g.system, g.layer, g.node, g.group, g.site, g.zone, g.region';

interface Candidate {
  element: Element;
  range: Range;
}

function rangeOfElement(element: Element): Range | undefined {
  const datum = (element as Element & { __data__?: unknown }).__data__;
  const view = typeof datum === 'object' && datum !== null ? (datum as { view?: unknown }).view : undefined;
  const range = typeof view === 'object' && view !== null ? (view as { range?: unknown }).range : undefined;
  return typeof range === 'object' && range !== null && 'start' in range && 'end' in range ? (range as Range) : undefined;
}

const before = (a: Position, b: Position): boolean => a.line < b.line || (a.line === b.line && a.character <= b.character);
const holds = (r: Range, at: Position): boolean => before(r.start, at) && before(at, r.end);
const same = (a: Range, b: Range): boolean => a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
/** Whether `a` lies within `b`. */
const within = (a: Range, b: Range): boolean => before(b.start, a.start) && before(a.end, b.end);

/**
 * The drawn elements `positions` point at: for the first position that some element's range
 * holds, the elements of the innermost such range; of those, the outermost drawn (the instances
 * of a replicated node share their node's range and are all marked; a service's site, not each
 * of its elements, which share the `use` line's range).
 */
export function elementsAt(svg: Element, positions: readonly Position[]): Element[] {
  if (positions.length === 0) return [];
  const candidates: Candidate[] = [];
  for (const element of Array.from(svg.querySelectorAll(SELECTABLE))) {
    const range = rangeOfElement(element);
    if (range) candidates.push({ element, range });
  }
  for (const at of positions) {
    const hits = candidates.filter((c) => holds(c.range, at));
    if (hits.length === 0) continue;
    const innermost = hits.reduce((a, b) => (within(b.range, a.range) ? b : a)).range;
    const chosen = hits.filter((c) => same(c.range, innermost)).map((c) => c.element);
    return chosen.filter((e) => !chosen.some((o) => o !== e && o.contains(e)));
  }
  return [];
}

/** Moves the `selected` class to `elements`; returns whether the marked set changed. */
export function markSelected(svg: Element, elements: readonly Element[]): boolean {
  const previous = Array.from(svg.querySelectorAll('.selected'));
  const next = new Set(elements);
  let changed = previous.length !== next.size;
  for (const e of previous) {
    if (next.has(e)) continue;
    e.classList.remove('selected');
    changed = true;
  }
  for (const e of elements) if (!e.classList.contains('selected')) e.classList.add('selected');
  return changed;
}

/**
 * How far to move the drawing (screen pixels) so that `box` is in `view`: nothing when it is
 * already wholly in view; else, on each axis where it is not, centred when it fits, its start
 * `margin` from the view's start when it does not.
 */
export function panInto(box: { left: number; top: number; width: number; height: number }, view: { left: number; top: number; width: number; height: number }, margin = 20): { dx: number; dy: number } {
  const axis = (start: number, size: number, viewStart: number, viewSize: number): number => {
    if (start >= viewStart && start + size <= viewStart + viewSize) return 0;
    return size <= viewSize ? viewStart + (viewSize - size) / 2 - start : viewStart + margin - start;
  };
  const inView = box.left >= view.left && box.top >= view.top && box.left + box.width <= view.left + view.width && box.top + box.height <= view.top + view.height;
  return inView ? { dx: 0, dy: 0 } : { dx: axis(box.left, box.width, view.left, view.width), dy: axis(box.top, box.height, view.top, view.height) };
}
