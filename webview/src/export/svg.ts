/**
 * The diagram as a standalone SVG document, drawn by the webview's own code into any DOM
 * `Document` (linkedom in Node). The stylesheet is embedded so the file renders anywhere;
 * its colours fall back from the VS Code theme variables to a light palette.
 */
import { layoutDiagram } from '../layout/diagram';
import { drawDiagram, SVG_NS } from '../render/draw';
import type { DiagramView } from '../../../server/src/core/index';

/** Draws `view` as an `<svg>` element of `doc`, with `<title>` tooltips and the CSS inlined. */
export function buildStandaloneSvg(doc: Document, view: DiagramView, css: string): SVGSVGElement {
  const svg = doc.createElementNS(SVG_NS, 'svg') as SVGSVGElement;
  svg.setAttribute('xmlns', SVG_NS);
  doc.body?.appendChild(svg);
  drawDiagram(svg, layoutDiagram(view), { titles: true, intrinsicSize: true });
  const style = doc.createElementNS(SVG_NS, 'style');
  style.textContent = css;
  svg.insertBefore(style, svg.firstChild);
  return svg;
}

/** Serialises an SVG element as a file: XML declaration, then the markup. */
export function svgFileText(svg: SVGSVGElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${svg.outerHTML}\n`;
}
