/** Sizes of the diagram's boxes, in px. The CSS (webview/src/diagram.css) sets matching fonts. */
export const NODE_HEIGHT = 38;
export const NODE_GAP = 8;
export const NODE_MIN_WIDTH = 100;
const NODE_MAX_WIDTH = 220;
/** Average glyph width of the 12 px node font, for sizing boxes without measuring text. */
export const CHAR_WIDTH = 7;
export const LAYER_PAD = 10;
export const LAYER_GAP = 64;
export const LAYER_HEADER = 52;
export const BAND_GAP = 10;
export const BAND_LABEL_WIDTH = 72;
export const SITE_HEADER = 34;
export const SITE_GAP = 16;
export const HEADLINE_HEIGHT = 50;
export const LEGEND_HEIGHT = 30;
export const SYSTEM_GAP = 40;
export const MARGIN = 16;
/** Above this many instances in one zone of one layer, the layer lays them out in a grid. */
const MAX_SINGLE_COLUMN = 6;

/** How many grid columns a layer uses for its largest cell of `count` instances. */
export function gridColumns(count: number): number {
  return count <= MAX_SINGLE_COLUMN ? 1 : Math.ceil(Math.sqrt(count / 2));
}

/** Average glyph width of the 10.5 px captions. */
export const SMALL_CHAR_WIDTH = 6;
/** Legend entries are as wide as their text, within bounds. */
export const LEGEND_MAX_ITEM_WIDTH = 260;

/** A node box wide enough for its longest name and caption (within bounds; longer texts are elided). */
export function nodeWidthFor(names: string[], captions: string[]): number {
  // A loop, not Math.max(...list): spreading 100,000 names overflows the call stack.
  let longest = 0;
  for (const n of names) longest = Math.max(longest, n.length * CHAR_WIDTH);
  for (const c of captions) longest = Math.max(longest, c.length * SMALL_CHAR_WIDTH);
  return Math.min(NODE_MAX_WIDTH, Math.max(NODE_MIN_WIDTH, longest + 20));
}

/** The width of a legend entry showing `text`. */
export function legendItemWidth(text: string): number {
  return Math.min(LEGEND_MAX_ITEM_WIDTH, 22 + text.length * SMALL_CHAR_WIDTH + 18);
}
