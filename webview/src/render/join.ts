/** Keyed data joins over direct children: updates keep their DOM element, so edits never flicker. */
import type { BaseType, Selection } from 'd3-selection';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnySelection<E extends BaseType = any, D = any> = Selection<E, D, any, any>;

/**
 * Joins `data` to the `tag.cls` children of each element of `parent`, keyed by `key`.
 * Entering elements are created with the class; leaving ones are removed.
 */
export function joinChildren<D, E extends Element = SVGGElement>(
  parent: AnySelection,
  tag: string,
  cls: string,
  data: (parentDatum: never) => D[],
  key: (d: D) => string,
): AnySelection<E, D> {
  return parent
    .selectChildren<E, D>(`${tag}.${cls}`)
    .data(data as never, key as never)
    .join((enter: AnySelection) => enter.append(tag).attr('class', cls)) as AnySelection<E, D>;
}

/** Ensures one `tag.cls` child per element of `parent` (for fixed parts: a box, a label). */
export function part<E extends Element = SVGElement>(parent: AnySelection, tag: string, cls: string): AnySelection<E> {
  return parent
    .selectChildren<E, unknown>(`${tag}.${cls}`)
    .data((d: unknown) => [d])
    .join((enter: AnySelection) => enter.append(tag).attr('class', cls)) as AnySelection<E>;
}

/** Shortens text to `maxChars` with an ellipsis; the full text stays in the tooltip. */
export function elide(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  return `${text.slice(0, Math.max(1, maxChars - 1))}…`;
}

/**
 * Keeps only the elements whose datum changed since they were last drawn (by `signature`), so an
 * edit rewrites a handful of elements instead of restyling the whole diagram. The datum is
 * still rebound to every element by the join; unchanged ones keep identical attributes.
 */
export function changed<E extends Element, D>(sel: AnySelection<E, D>, signature: (d: D) => string): AnySelection<E, D> {
  return sel.filter(function (this: E, d: D) {
    const el = this as E & { __topoSignature?: string };
    const sig = signature(d);
    if (el.__topoSignature === sig) return false;
    el.__topoSignature = sig;
    return true;
  });
}
