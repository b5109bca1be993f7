/** Keyed data joins over direct children: updates keep their DOM element, so edits never flicker. */
import type { BaseType, Selection } from 'd3-selection';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnySelection<E extends BaseType = any, D = any> = Selection<E, D, any, any>;

/** The key each datum was joined with; old data keep theirs so their elements are matched again. */
const joinedKeys = new WeakMap<object, string>();

/**
 * Joins `data` to the `tag.cls` children of each element of `parent`, keyed by `key`.
 * Entering elements are created with the class; leaving ones are removed. Repeated keys (a
 * name declared twice, already an error in the file) get a suffix, so each datum still has
 * its own element.
 */
export function joinChildren<D, E extends Element = SVGGElement>(
  parent: AnySelection,
  tag: string,
  cls: string,
  data: (parentDatum: never) => D[],
  key: (d: D) => string,
): AnySelection<E, D> {
  const uniqueData = (parentDatum: never): D[] => {
    const list = data(parentDatum);
    const seen = new Map<string, number>();
    for (const d of list) {
      const k = key(d);
      const n = seen.get(k) ?? 0;
      seen.set(k, n + 1);
      if (typeof d === 'object' && d !== null) joinedKeys.set(d, n === 0 ? k : `${k}\u0000${n}`);
    }
    return list;
  };
  const keyOf = (d: D): string => (typeof d === 'object' && d !== null ? joinedKeys.get(d) : undefined) ?? key(d);
  // selection.join() would end with selection.order(), which asks compareDocumentPosition of every
  // element: linkedom answers that by listing the parent's children, so `topo diagram` of a layer
  // of 10,000 boxes spent its time there (quadratic). The same steps, ordering only when needed.
  const update = parent.selectChildren<E, D>(`${tag}.${cls}`).data(uniqueData as never, keyOf as never) as AnySelection<E, D>;
  update.exit().remove();
  const entered = update.enter().append<E>(tag).attr('class', cls) as AnySelection<E, D>;
  const joined = entered.merge(update);
  return inDocumentOrder(joined) ? joined : joined.order();
}

/**
 * Whether each group's elements already stand in data order among their siblings. One walk along
 * the siblings per group: from each element to the next one's, so a group in order costs its
 * parent's children once; the first element not found ahead stops it.
 */
function inDocumentOrder(sel: AnySelection): boolean {
  let ordered = true;
  sel.each(function (this: Element, _d: unknown, i: number, nodes: ArrayLike<Element>) {
    if (!ordered || i === 0) return;
    let at = nodes[i - 1]?.nextSibling ?? null;
    while (at !== null && at !== this) at = at.nextSibling;
    ordered = at === this;
  });
  return ordered;
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
