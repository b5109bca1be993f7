/** Lays out every system of a view model, stacked top to bottom. Pure and deterministic. */
import type { DiagramView, JourneyView, SystemView } from '../../../server/src/core/index';
import type { DiagramLayout, SystemLayout, ZoneLayout } from './types';
import { layoutScope } from './scope';
import * as M from './metrics';
import { regionCaption, zoneCaption } from './captions';

/**
 * The whole diagram's layout: `drawn` (by default every system, then every journey), stacked
 * top to bottom.
 */
export function layoutDiagram(view: DiagramView, drawn: readonly (SystemView | JourneyView)[] = [...view.systems, ...(view.journeys ?? [])]): DiagramLayout {
  let y = M.MARGIN;
  let width = 0;
  const systems: SystemLayout[] = [];
  for (const system of drawn) {
    const laid = layoutSystem(system, M.MARGIN, y);
    systems.push(laid);
    y += laid.height + M.SYSTEM_GAP;
    width = Math.max(width, laid.width);
  }
  return { width: width + 2 * M.MARGIN, height: Math.max(y - M.SYSTEM_GAP + M.MARGIN, 2 * M.MARGIN), systems };
}

/** True for a journey's view (it carries its journey). */
export function isJourney(view: SystemView | JourneyView): view is JourneyView {
  return 'journey' in view && typeof (view as JourneyView).journey === 'object';
}

/** The line under a system's figures: its dependencies, or a journey's path and services. */
function subtitleOf(view: SystemView | JourneyView): string | undefined {
  if (isJourney(view)) {
    const j = view.journey;
    return `path ${j.steps.join(' → ')}${j.services.length > 0 ? ` · depends on ${j.services.join(', ')}` : ''}`;
  }
  return view.dependencies && view.dependencies.label !== '' ? view.dependencies.label : undefined;
}

function layoutSystem(view: SystemView | JourneyView, x: number, y: number): SystemLayout {
  const zoneNames = view.zones.map((z) => z.name);
  const { layout: scope, bands } = layoutScope(view.scope, zoneNames);
  const kind = isJourney(view) ? 'journey' : 'system';
  const title = kind === 'journey' ? `journey ${view.name}` : view.name;
  const subtitle = subtitleOf(view);
  const headlineWidth = Math.max(title.length * 11, view.headline.parts.join(' · ').length * 7.5, (subtitle?.length ?? 0) * 7) + 20;
  const width = Math.max(scope.width, headlineWidth, 480);
  const legendY = M.HEADLINE_HEIGHT + (subtitle !== undefined ? SUBTITLE_HEIGHT : 0);
  const legend = flowLegend([...FIXED_LEGEND, ...view.zones.map(zoneCaption), ...view.regions.map(regionCaption)], width);
  const scopeY = legendY + legend.height + 8;
  const zones: ZoneLayout[] = view.zones.map((z, i) => {
    const at = legend.positions[i + FIXED_LEGEND.length] ?? { x: 0, y: 0 };
    return {
      view: z,
      colour: i,
      bands: bands.filter((b) => b.zone === z.name && b.box.width > 0).map((b) => ({ ...b.box, y: b.box.y + scopeY })),
      labels: bands.filter((b) => b.zone === z.name && b.label).map((b) => ({ x: b.label?.x ?? 0, y: (b.label?.y ?? 0) + scopeY })),
      legend: { x: at.x, y: legendY + at.y },
    };
  });
  const regions = view.regions.map((r, i) => {
    const at = legend.positions[i + FIXED_LEGEND.length + view.zones.length] ?? { x: 0, y: 0 };
    return { view: r, legend: { x: at.x, y: legendY + at.y } };
  });
  const laid: SystemLayout = { view, kind, title, x, y, width, height: scopeY + scope.height, scopeX: 0, scopeY, scope, zones, regions, legendY };
  if (subtitle !== undefined) laid.subtitle = subtitle;
  return laid;
}

/** Room for the line under the figures, in px. */
const SUBTITLE_HEIGHT = 18;

/** The legend's fixed entries, before the zones (drawn by render/system.ts in this order). */
export const FIXED_LEGEND = ['single point of failure', 'standby (hot/warm/cold)'];

/** Places legend entries left to right, wrapping at `width`. */
export function flowLegend(texts: string[], width: number): { positions: { x: number; y: number }[]; height: number } {
  let x = 0;
  let y = 0;
  const positions = texts.map((t) => {
    const w = M.legendItemWidth(t);
    if (x > 0 && x + w > width) {
      x = 0;
      y += M.LEGEND_HEIGHT;
    }
    const at = { x, y };
    x += w;
    return at;
  });
  return { positions, height: y + M.LEGEND_HEIGHT };
}
