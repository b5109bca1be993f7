/**
 * The diagram as a PNG, rendered in the webview (it has a DOM and a canvas): the SVG file the SVG
 * export writes (drawn by the same code, the stylesheet embedded), drawn as an image on a canvas
 * at twice its size, read back with `canvas.toDataURL`. The image is a `data:` URL, which the
 * panel's CSP already allows for images; nothing is fetched.
 */
import type { DiagramView, JourneyView, SystemView } from '../../../server/src/core/index';
import { MAX_PNG_DATA_URL, PNG_DATA_URL_PREFIX } from '../protocol';
import { drawStandaloneSvg, svgFileText } from './svg';

/** The scale the PNG is drawn at, unless the canvas limits below need a smaller one. */
export const PNG_SCALE = 2;
/** The largest side and area of the canvas (Chromium's own limits are higher). */
const MAX_SIDE = 16_000;
const MAX_PIXELS = 64_000_000;

/** The SVG file of what `drawn` draws of `view`, with `css` embedded, and its size in CSS pixels. */
export function diagramSvgFile(doc: Document, view: DiagramView, drawn: readonly (SystemView | JourneyView)[], css: string): { text: string; width: number; height: number } {
  // A document of its own, so the page's drawing (and its zoom) are left alone; the stylesheet is
  // written into the file only, as the page's CSP refuses an inline <style> element.
  const scratch = doc.implementation.createHTMLDocument('');
  const svg = drawStandaloneSvg(scratch, view, drawn);
  const width = Number(svg.getAttribute('width'));
  const height = Number(svg.getAttribute('height'));
  return { text: svgFileText(svg, css), width, height };
}

/** The scale for a drawing of `width` × `height`: `PNG_SCALE`, or less to stay within the canvas limits. */
export function pngScale(width: number, height: number): number {
  return Math.min(PNG_SCALE, MAX_SIDE / width, MAX_SIDE / height, Math.sqrt(MAX_PIXELS / (width * height)));
}

/** Renders an SVG file as a PNG data URL (white background); rejects with a sentence when it cannot. */
export async function renderPng(doc: Document, svg: { text: string; width: number; height: number }): Promise<string> {
  if (!(svg.width > 0 && svg.height > 0)) throw new Error('the diagram is empty');
  const image = doc.createElement('img');
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg.text)}`;
  try {
    await image.decode();
  } catch {
    throw new Error('the drawing could not be loaded as an image');
  }
  const scale = pngScale(svg.width, svg.height);
  const canvas = doc.createElement('canvas');
  canvas.width = Math.max(1, Math.round(svg.width * scale));
  canvas.height = Math.max(1, Math.round(svg.height * scale));
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no canvas is available');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(image, 0, 0, canvas.width, canvas.height);
  const url = canvas.toDataURL('image/png');
  if (!url.startsWith(PNG_DATA_URL_PREFIX)) throw new Error('the canvas gave no PNG');
  if (url.length > MAX_PNG_DATA_URL) throw new Error(`the PNG is larger than ${Math.floor((MAX_PNG_DATA_URL * 3) / 4 / 1e6)} MB`);
  return url;
}
