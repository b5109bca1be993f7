/** What the pointer is over: the nearest drawn element that has a declaration and figures. */
import type { Range } from '../../server/src/core/index';

interface WithView {
  view: { tooltip: string[]; range: Range };
}

const TARGETS = '[data-node], [data-group], [data-site], [data-zone], [data-region], [data-layer]';

function datumOf(target: EventTarget | null): WithView | undefined {
  if (!(target instanceof Element)) return undefined;
  // A layer's tooltip shows only over its header; elsewhere in the column the pointer is over its members.
  let el = target.closest(TARGETS);
  if (el?.hasAttribute('data-layer') && !target.closest('.layer-header, .layer-name, .layer-figures')) el = null;
  const datum = (el as (Element & { __data__?: unknown }) | null)?.__data__;
  if (typeof datum !== 'object' || datum === null) return undefined;
  const view = (datum as { view?: unknown }).view;
  return typeof view === 'object' && view !== null && 'range' in view && 'tooltip' in view ? (datum as WithView) : undefined;
}

/** The declaration range of the clicked element, if any. */
export function rangeOf(target: EventTarget | null): Range | undefined {
  return datumOf(target)?.view.range;
}

/** The tooltip lines of the hovered element, if any. */
export function tooltipLinesOf(target: EventTarget | null): string[] | undefined {
  return datumOf(target)?.view.tooltip;
}
