/**
 * Draws a laid-out diagram into an `<svg>`. The same code runs in the webview (live, with
 * keyed joins so an edit updates elements in place) and in Node for `topo diagram` (on a
 * linkedom document). Every name is set with `.text()`, never as markup.
 */
import { select } from 'd3-selection';
import type { DiagramLayout, ScopeLayout, SystemLayout } from '../layout/types';
import { drawScope, type DrawOptions } from './scope';
import { drawHeadline, drawLegend, drawRegions, drawZones } from './system';
import { joinChildren, part, type AnySelection } from './join';

export type { DrawOptions } from './scope';

export const SVG_NS = 'http://www.w3.org/2000/svg';

/** Draws (or updates) `layout` in `svg`; returns the viewport group that zooming transforms. */
export function drawDiagram(svg: SVGSVGElement, layout: DiagramLayout, options: DrawOptions = { titles: false, intrinsicSize: false }): SVGGElement {
  const sized = options.intrinsicSize;
  const root = select(svg).datum(layout)
    .attr('class', 'topo-diagram')
    .attr('width', sized ? layout.width : null)
    .attr('height', sized ? layout.height : null)
    .attr('viewBox', sized ? `0 0 ${layout.width} ${layout.height}` : null) as AnySelection<SVGSVGElement, DiagramLayout>;
  drawDefs(root);
  const viewport = part<SVGGElement>(root, 'g', 'viewport');
  // A journey is keyed apart from the systems (a file-level journey may share a system's name).
  const systems = joinChildren<SystemLayout>(viewport, 'g', 'system', (d: DiagramLayout) => d.systems, (s) => (s.kind === 'journey' ? `journey\u0000${s.view.name}` : s.view.name))
    .attr('data-system', (s) => (s.kind === 'system' ? s.view.name : null))
    .attr('data-journey', (s) => (s.kind === 'journey' ? s.view.name : null))
    .each(function (s) {
      if (s.kind === 'journey' && !this.classList.contains('journey')) this.classList.add('journey');
    })
    .attr('transform', (s) => `translate(${s.x},${s.y})`);
  drawZones(systems);
  drawRegions(systems);
  drawHeadline(systems);
  drawLegend(systems);
  const scope = part<SVGGElement>(systems, 'g', 'scope')
    .attr('transform', (s: SystemLayout) => `translate(${s.scopeX},${s.scopeY})`)
    .datum((s: SystemLayout) => s.scope);
  drawScope(scope as unknown as AnySelection<SVGGElement, ScopeLayout>, options);
  return viewport.node() as SVGGElement;
}

function drawDefs(root: AnySelection<SVGSVGElement, DiagramLayout>): void {
  const defs = part<SVGDefsElement>(root, 'defs', 'markers');
  const markers = [
    { id: 'topo-arrow', cls: 'arrow-head' },
    { id: 'topo-arrow-replication', cls: 'arrow-head replication-head' },
  ];
  joinChildren<(typeof markers)[number], SVGMarkerElement>(defs, 'marker', 'marker', () => markers, (m) => m.id)
    .attr('id', (m) => m.id)
    .attr('viewBox', '0 0 10 10').attr('refX', 9).attr('refY', 5)
    .attr('markerWidth', 7).attr('markerHeight', 7).attr('orient', 'auto-start-reverse')
    .each(function (m) {
      part(select(this), 'path', 'marker-path').attr('d', 'M0,0 L10,5 L0,10 z').attr('class', `marker-path ${m.cls}`);
    });
}
