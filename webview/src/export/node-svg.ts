/** `DiagramView` → SVG text in Node, on a linkedom document (for `topo diagram` and the extension's export). */
import { parseHTML } from 'linkedom';
import type { DiagramView } from '../../../server/src/core/index';
import { buildStandaloneSvg, svgFileText } from './svg';

/** The standalone SVG file for `view`, with `css` embedded. */
export function renderSvgText(view: DiagramView, css: string): string {
  const { document } = parseHTML('<!DOCTYPE html><html><head></head><body></body></html>');
  return svgFileText(buildStandaloneSvg(document as unknown as Document, view, css));
}
