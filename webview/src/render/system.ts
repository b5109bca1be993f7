/** Draws a system's chrome: the headline figures, the legend and the zones (bands + legend entries). */
import type { SystemLayout, ZoneLayout } from '../layout/types';
import { BAND_LABEL_WIDTH, CHAR_WIDTH, LEGEND_MAX_ITEM_WIDTH, SMALL_CHAR_WIDTH } from '../layout/metrics';
import { regionCaption, zoneCaption } from '../layout/captions';
import { FIXED_LEGEND, flowLegend } from '../layout/diagram';
import { elide, joinChildren, part, type AnySelection } from './join';

/** Number of zone colours in diagram.css (`.zone-c0` … `.zone-c5`). */
const ZONE_COLOURS = 6;

interface HeadlinePart {
  key: string;
  text: string;
  miss: boolean;
}

/** The system's name and its figures at the top left. */
export function drawHeadline(systems: AnySelection<SVGGElement, SystemLayout>): void {
  const headline = part<SVGGElement>(systems, 'g', 'headline');
  part(headline, 'text', 'system-name').attr('x', 0).attr('y', 20).text((s: SystemLayout) => s.title);
  const figures = part<SVGTextElement>(headline, 'text', 'headline-figures').attr('x', 0).attr('y', 40)
    .classed('not-analysed', (s: SystemLayout) => !s.view.headline.analysed);
  joinChildren<HeadlinePart, SVGTSpanElement>(figures, 'tspan', 'headline-part', (s: SystemLayout) => headlineParts(s), (p) => p.key)
    .classed('miss', (p) => p.miss)
    .text((p) => p.text);
  // Beside the name, whose 18 px glyphs average about 10.5 px.
  part(headline, 'text', 'error-count').attr('x', (s: SystemLayout) => Math.round(s.title.length * 10.5) + 14).attr('y', 20)
    .text((s: SystemLayout) => (s.view.errorCount > 0 ? `${s.view.errorCount} error${s.view.errorCount === 1 ? '' : 's'} in the file` : ''));
  // Only a system with dependencies, or a journey, has this line: an ordinary system's drawing is as before.
  joinChildren<string, SVGTextElement>(headline, 'text', 'headline-sub', (s: SystemLayout) => (s.subtitle !== undefined ? [s.subtitle] : []), (t) => t)
    .attr('x', 0).attr('y', 60).text((t) => t);
}

function headlineParts(s: SystemLayout): HeadlinePart[] {
  const h = s.view.headline;
  return h.parts.map((text, i) => ({
    key: String(i),
    text: i === 0 ? text : ` · ${text}`,
    miss: (text.startsWith('SLO') && h.sloMet === false) || (text.startsWith('SLA') && h.slaMet === false),
  }));
}

/** The fixed legend entries (SPOF, standby); zone entries are drawn with their zones. */
export function drawLegend(systems: AnySelection<SVGGElement, SystemLayout>): void {
  const legend = part<SVGGElement>(systems, 'g', 'legend').attr('transform', (s: SystemLayout) => `translate(0,${s.legendY})`);
  const keys = ['spof', 'standby'];
  const entries = (s: SystemLayout) => {
    const flow = flowLegend(FIXED_LEGEND, s.width);
    return FIXED_LEGEND.map((text, i) => ({ key: keys[i] ?? text, text, at: flow.positions[i] ?? { x: 0, y: 0 } }));
  };
  const entry = joinChildren<ReturnType<typeof entries>[number]>(legend, 'g', 'legend-entry', entries, (e) => e.key)
    .attr('transform', (e) => `translate(${e.at.x},${e.at.y})`);
  part(entry, 'rect', 'legend-swatch').attr('width', 16).attr('height', 12).attr('y', 4).attr('rx', 2)
    .attr('data-legend', (e: { key: string }) => e.key);
  part(entry, 'text', 'legend-text').attr('x', 22).attr('y', 14).text((e: { text: string }) => e.text);
}

/** Regions in the legend, each a `g[data-region]` (with its SPOF mark). */
export function drawRegions(systems: AnySelection<SVGGElement, SystemLayout>): void {
  const layer = part<SVGGElement>(systems, 'g', 'regions');
  const regions = joinChildren<SystemLayout['regions'][number]>(layer, 'g', 'region', (s: SystemLayout) => s.regions, (r) => r.view.name)
    .attr('data-region', (r) => r.view.name)
    .classed('spof', (r) => r.view.spof)
    .attr('transform', (r) => `translate(${r.legend.x},${r.legend.y})`);
  part(regions, 'rect', 'legend-swatch').attr('width', 16).attr('height', 12).attr('y', 4).attr('rx', 2);
  part(regions, 'text', 'legend-text').attr('x', 22).attr('y', 14)
    .text((r: SystemLayout['regions'][number]) => elide(regionCaption(r.view), Math.floor((LEGEND_MAX_ITEM_WIDTH - 40) / SMALL_CHAR_WIDTH)));
}

/** Each zone as one `g[data-zone]`: its bands under the instances that run there, and its legend entry. */
export function drawZones(systems: AnySelection<SVGGElement, SystemLayout>): void {
  const layer = part<SVGGElement>(systems, 'g', 'zones');
  const zones = joinChildren<ZoneLayout>(layer, 'g', 'zone', (s: SystemLayout) => s.zones, (z) => z.view.name)
    .attr('data-zone', (z) => z.view.name)
    .attr('data-region', (z) => z.view.region ?? null)
    .attr('class', (z) => `zone zone-c${z.colour % ZONE_COLOURS}${z.view.spof ? ' spof' : ''}`);
  joinChildren<ZoneLayout['bands'][number], SVGRectElement>(zones, 'rect', 'zone-band', (z: ZoneLayout) => z.bands, (b) => `${b.x},${b.y}`)
    .attr('x', (b) => b.x).attr('y', (b) => b.y).attr('width', (b) => b.width).attr('height', (b) => b.height).attr('rx', 4);
  joinChildren<{ x: number; y: number; name: string }, SVGTextElement>(
    zones, 'text', 'zone-label',
    (z: ZoneLayout) => z.labels.map((l) => ({ ...l, name: z.view.name })),
    (l) => `${l.x},${l.y}`,
  )
    .attr('x', (l) => l.x).attr('y', (l) => l.y + 4)
    .text((l) => elide(l.name, Math.floor((BAND_LABEL_WIDTH - 10) / CHAR_WIDTH)));
  const legend = part<SVGGElement>(zones, 'g', 'zone-legend').attr('transform', (z: ZoneLayout) => `translate(${z.legend.x},${z.legend.y})`);
  part(legend, 'rect', 'legend-swatch').attr('width', 16).attr('height', 12).attr('y', 4).attr('rx', 2);
  part(legend, 'text', 'legend-text').attr('x', 22).attr('y', 14).text((z: ZoneLayout) => zoneLegendText(z));
}

function zoneLegendText(z: ZoneLayout): string {
  return elide(zoneCaption(z.view), Math.floor((LEGEND_MAX_ITEM_WIDTH - 40) / SMALL_CHAR_WIDTH));
}
