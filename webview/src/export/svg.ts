/**
 * The diagram as a standalone SVG document, drawn by the webview's own code into any DOM
 * `Document` (linkedom in Node). The stylesheet is embedded so the file renders anywhere;
 * its colours fall back from the VS Code theme variables to a light palette.
 */
import { layoutDiagram } from '../layout/diagram';
import { drawDiagram, SVG_NS } from '../render/draw';
import type { DiagramView, JourneyView, SystemView } from '../../../server/src/core/index';
import { escapeXmlAttribute, escapeXmlComment, escapeXmlText } from '../../../server/src/core/text/xml';

/**
 * Draws `view` as an `<svg>` element of `doc`, with `<title>` tooltips and the CSS inlined;
 * `drawn` chooses what is drawn (by default every system, then every journey).
 */
export function buildStandaloneSvg(doc: Document, view: DiagramView, css: string, drawn?: readonly (SystemView | JourneyView)[]): SVGSVGElement {
  const svg = drawStandaloneSvg(doc, view, drawn);
  const style = doc.createElementNS(SVG_NS, 'style');
  style.textContent = css;
  svg.insertBefore(style, svg.firstChild);
  return svg;
}

/**
 * Draws `view` as an `<svg>` element of `doc` without its stylesheet (which `svgFileText` can
 * write into the file instead: a page under a CSP may not hold an inline `<style>`).
 */
export function drawStandaloneSvg(doc: Document, view: DiagramView, drawn?: readonly (SystemView | JourneyView)[]): SVGSVGElement {
  const svg = doc.createElementNS(SVG_NS, 'svg') as SVGSVGElement;
  svg.setAttribute('xmlns', SVG_NS);
  doc.body?.appendChild(svg);
  drawDiagram(svg, layoutDiagram(view, drawn), { titles: true, intrinsicSize: true });
  return svg;
}

/**
 * Serialises an SVG element as a file: XML declaration, then the markup. Written here rather
 * than by `outerHTML`, which speaks HTML (linkedom's escapes only `"` in attributes): every text,
 * attribute and comment goes through core/text/xml.ts, so any name gives well-formed XML.
 * `css`, when given, is written as the element's first child, a `<style>`, as `buildStandaloneSvg` puts it.
 */
export function svgFileText(svg: SVGSVGElement, css?: string): string {
  const style = css === undefined ? '' : `<style>${escapeXmlText(css)}</style>`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${elementXml(svg, style)}\n`;
}

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;
const COMMENT_NODE = 8;

/** One node as XML; nodes of other kinds (processing instructions, doctypes) are left out. */
function xmlOf(node: Node): string {
  switch (node.nodeType) {
    case ELEMENT_NODE: return elementXml(node as Element);
    case TEXT_NODE:
    case CDATA_SECTION_NODE: return escapeXmlText(node.nodeValue ?? '');
    case COMMENT_NODE: return `<!--${escapeXmlComment(node.nodeValue ?? '')}-->`;
    default: return '';
  }
}

/** Element and attribute names are the drawing code's own; only values and text come from the model. */
function elementXml(element: Element, first = ''): string {
  const name = element.localName;
  const attributes = Array.from(element.attributes, (a) => ` ${a.name}="${escapeXmlAttribute(a.value)}"`).join('');
  const children = first + Array.from(element.childNodes, (n) => xmlOf(n)).join('');
  return children === '' ? `<${name}${attributes}/>` : `<${name}${attributes}>${children}</${name}>`;
}
