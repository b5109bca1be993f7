/**
 * Zooming and panning the diagram from its toolbar and the keyboard: the steps, what a key asks
 * for, and the transform that fits a drawing into the canvas. Pure: `DiagramApp` applies each
 * command through its d3 zoom behaviour, so the scale stays within the behaviour's extent and the
 * zoom is saved on `end` as a wheel or a drag saves it.
 */

/** One press of Zoom in multiplies the scale by this (Zoom out divides by it). */
export const ZOOM_FACTOR = 1.25;
/** An arrow key pans the view this far, in screen pixels; with Shift, `PAN_STEP_LARGE_PX`. */
export const PAN_STEP_PX = 50;
export const PAN_STEP_LARGE_PX = 250;
/**
 * Fit scales a small diagram up, but no further than this: past 2× a few boxes fill the panel
 * with text larger than anything around it, which reads as a mistake rather than a fit.
 */
export const FIT_MAX_SCALE = 2;
/** Fit leaves this much room, in screen pixels, between the diagram and each edge of the canvas. */
export const FIT_MARGIN_PX = 16;

/** What a button or key asks the diagram to do. */
export type ZoomCommand =
  | { kind: 'zoom'; factor: number }
  | { kind: 'fit' }
  /** Moves the view (not the drawing) by this many screen pixels: right and down are positive. */
  | { kind: 'pan'; dxPx: number; dyPx: number };

/** The fields of a `KeyboardEvent` a zoom key depends on. */
export interface ZoomKey {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

/**
 * The command a key asks for, if any: `+` or `=` zooms in, `-` zooms out, `0` fits, an arrow pans
 * (Shift: a larger step). A key with Ctrl, Cmd or Alt is left alone: those belong to the editor
 * and the browser (Ctrl+= zooms VS Code's whole window).
 */
export function zoomCommandOfKey(e: ZoomKey): ZoomCommand | undefined {
  if (e.ctrlKey || e.metaKey || e.altKey) return undefined;
  const step = e.shiftKey ? PAN_STEP_LARGE_PX : PAN_STEP_PX;
  switch (e.key) {
    case '+': case '=': return { kind: 'zoom', factor: ZOOM_FACTOR };
    case '-': return { kind: 'zoom', factor: 1 / ZOOM_FACTOR };
    case '0': return { kind: 'fit' };
    case 'ArrowLeft': return { kind: 'pan', dxPx: -step, dyPx: 0 };
    case 'ArrowRight': return { kind: 'pan', dxPx: step, dyPx: 0 };
    case 'ArrowUp': return { kind: 'pan', dxPx: 0, dyPx: -step };
    case 'ArrowDown': return { kind: 'pan', dxPx: 0, dyPx: step };
    default: return undefined;
  }
}

/**
 * Whether keys typed at `target` are its own: a form control (the journey menu, the playback
 * slider, a button) or editable text. The diagram's keys never act there.
 */
export function ownsKeys(target: EventTarget | null): boolean {
  const el = target as { closest?: (s: string) => Element | null } | null;
  if (typeof el?.closest !== 'function') return false;
  return el.closest('input, select, textarea, button, [contenteditable]:not([contenteditable="false"])') !== null;
}

/** A box in the drawing's own units (the viewport group's, before its transform). */
export interface DrawingBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The transform that shows all of `drawing` centred in a canvas of `canvasPx`, as large as fits
 * within `FIT_MARGIN_PX` of its edges, at most `FIT_MAX_SCALE`, and within `scaleExtent`.
 * Undefined when there is nothing to fit or no room to fit it in.
 */
export function fitTransform(drawing: DrawingBox, canvasPx: { width: number; height: number }, scaleExtent: readonly [number, number]): { k: number; x: number; y: number } | undefined {
  if (!(drawing.width > 0 && drawing.height > 0 && canvasPx.width > 0 && canvasPx.height > 0)) return undefined;
  // A canvas too small for the margins fits the drawing edge to edge.
  const margin = Math.min(FIT_MARGIN_PX, canvasPx.width / 4, canvasPx.height / 4);
  const fill = Math.min((canvasPx.width - 2 * margin) / drawing.width, (canvasPx.height - 2 * margin) / drawing.height);
  const k = Math.max(scaleExtent[0], Math.min(scaleExtent[1], FIT_MAX_SCALE, fill));
  return {
    k,
    x: (canvasPx.width - drawing.width * k) / 2 - drawing.x * k,
    y: (canvasPx.height - drawing.height * k) / 2 - drawing.y * k,
  };
}

/** The toolbar's zoom buttons (Zoom in, Zoom out, Fit), each running its command when clicked. */
export function zoomButtons(doc: Document, run: (command: ZoomCommand) => void): HTMLElement {
  const group = doc.createElement('span');
  group.className = 'topo-zoom';
  group.setAttribute('role', 'group');
  group.setAttribute('aria-label', 'Zoom');
  const button = (action: string, text: string, label: string, key: string, command: ZoomCommand): HTMLButtonElement => {
    const b = doc.createElement('button');
    b.type = 'button';
    b.dataset.action = action;
    b.textContent = text;
    b.title = `${label} (${key})`;
    b.setAttribute('aria-label', label);
    b.setAttribute('aria-keyshortcuts', key);
    b.addEventListener('click', () => run(command));
    return b;
  };
  group.append(
    button('zoom-in', '+', 'Zoom in', '+', { kind: 'zoom', factor: ZOOM_FACTOR }),
    button('zoom-out', '\u2212', 'Zoom out', '-', { kind: 'zoom', factor: 1 / ZOOM_FACTOR }),
    button('fit', 'Fit', 'Fit the diagram to the panel', '0', { kind: 'fit' }),
  );
  return group;
}
