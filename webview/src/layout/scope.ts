/**
 * The layered layout of one scope (the system's top level, or the inside of a site).
 *
 * Layers are columns in path order, left to right, then the off-path layers. Zones are
 * horizontal bands shared by every node column of the scope, so the instances of one zone line
 * up across layers and a zone's failure reads as one row going dark. A layer of sites stacks
 * its site boxes, each laid out recursively with its own columns and bands.
 */
import type { InstanceGroupView, InstanceView, LayerView, ScopeView } from '../../../server/src/core/index';
import type { ArrowLayout, Box, EdgeLayout, GroupLayout, LayerLayout, NodeLayout, ScopeLayout, SiteLayout } from './types';
import * as M from './metrics';
import { layerCaption, nodeCaption, siteCaption } from './captions';

/** A zone band cell or label found while laying out a scope, in that scope's coordinates. */
export interface BandPiece {
  zone: string;
  box: Box;
  label?: { x: number; y: number };
}

export interface ScopeResult {
  layout: ScopeLayout;
  bands: BandPiece[];
}

const NO_ZONE = '';
const BAND_PAD = 6;

/** Lays out a scope at (0, 0); `zoneOrder` is the system's zones in declaration order. */
export function layoutScope(scope: ScopeView, zoneOrder: readonly string[]): ScopeResult {
  const rows = rowKeys(scope.layers, zoneOrder);
  const columns = scope.layers.map((l) => measureColumn(l, rows, zoneOrder));
  const rowHeights = rows.map((r) => Math.max(0, ...columns.map((c) => c.rowHeight(r))));
  const hasZones = rows.some((r) => r !== NO_ZONE);
  const rowTops = new Map<string, number>();
  let y = M.LAYER_HEADER;
  rows.forEach((r, i) => {
    rowTops.set(r, y);
    y += (rowHeights[i] ?? 0) + 2 * BAND_PAD + M.BAND_GAP;
  });
  const bandsBottom = rows.length > 0 ? y - M.BAND_GAP : M.LAYER_HEADER;
  const sitesBottom = Math.max(0, ...columns.map((c) => M.LAYER_HEADER + c.sitesHeight));
  const height = Math.max(bandsBottom, sitesBottom, M.LAYER_HEADER + M.NODE_HEIGHT) + M.LAYER_PAD;

  let x = hasZones ? M.BAND_LABEL_WIDTH : 0;
  const layers: LayerLayout[] = [];
  const bands: BandPiece[] = [];
  for (const column of columns) {
    const layer = column.place(x, height, rowTops);
    layers.push(layer);
    for (const site of layer.sites) bands.push(...column.siteBands(site, layer));
    x += layer.width + M.LAYER_GAP;
  }
  const width = Math.max(x - M.LAYER_GAP, 0);
  bands.push(...zoneBands(rows, rowTops, rowHeights, layers, hasZones, width));
  return { layout: { width, height, layers, edges: pathEdges(scope.path, layers) }, bands };
}

/** A box in a zone band: an instance, or a summarised layer's group of them. */
type Member = { group: false; view: InstanceView } | { group: true; view: InstanceGroupView };

/** A layer's boxes: its instances, then its groups when it is summarised. */
function membersOf(layer: LayerView): Member[] {
  const members: Member[] = layer.instances.map((view) => ({ group: false, view }));
  for (const view of layer.summary?.groups ?? []) members.push({ group: true, view });
  return members;
}

/** The zone rows a scope needs: unzoned instances first, then zones in declaration order. */
function rowKeys(layers: LayerView[], zoneOrder: readonly string[]): string[] {
  const used = new Set(layers.flatMap((l) => membersOf(l).map((m) => m.view.zone ?? NO_ZONE)));
  const known = [NO_ZONE, ...zoneOrder].filter((z) => used.has(z));
  const unknown = [...used].filter((z) => !known.includes(z)).sort();
  return [...known, ...unknown];
}

interface Column {
  rowHeight(row: string): number;
  sitesHeight: number;
  place(x: number, height: number, rowTops: Map<string, number>): LayerLayout;
  siteBands(site: SiteLayout, layer: LayerLayout): BandPiece[];
}

function measureColumn(layer: LayerView, rows: string[], zoneOrder: readonly string[]): Column {
  const members = membersOf(layer);
  const cells = new Map<string, Member[]>(rows.map((r) => [r, []]));
  for (const m of members) cells.get(m.view.zone ?? NO_ZONE)?.push(m);
  const gridCols = M.gridColumns(Math.max(0, ...[...cells.values()].map((c) => c.length)));
  const nodeWidth = M.nodeWidthFor(members.map((m) => m.view.name), members.map((m) => nodeCaption(m.view)));
  const headerWidth = Math.max(layerCaption(layer).length, layer.requirement.length + layer.label.length + 3) * M.CHAR_WIDTH + 2 * M.LAYER_PAD;
  const sites = layer.sites.map((s) => ({ view: s, inner: layoutScope(s.scope, zoneOrder) }));
  const sitesWidth = Math.max(0, ...sites.map((s) => Math.max(s.inner.layout.width, siteCaption(s.view).length * M.CHAR_WIDTH) + 2 * M.LAYER_PAD));
  const nodesWidth = members.length > 0 ? gridCols * nodeWidth + (gridCols - 1) * M.NODE_GAP : 0;
  // Replication arrows bow out to the right of their boxes, with their label beside them.
  const arrowRoom = layer.replication.length > 0 ? 44 + Math.max(...layer.replication.map((r) => r.label.length)) * M.SMALL_CHAR_WIDTH : 0;
  const width = Math.max(headerWidth, nodesWidth + 2 * M.LAYER_PAD + arrowRoom, sitesWidth + 2 * M.LAYER_PAD + arrowRoom, M.NODE_MIN_WIDTH);
  const siteBoxHeight = (s: (typeof sites)[number]): number => s.inner.layout.height + M.SITE_HEADER + M.LAYER_PAD;
  const sitesHeight = sites.reduce((h, s) => h + siteBoxHeight(s) + M.SITE_GAP, 0);

  return {
    rowHeight: (row) => {
      const n = cells.get(row)?.length ?? 0;
      return n === 0 ? 0 : Math.ceil(n / gridCols) * (M.NODE_HEIGHT + M.NODE_GAP) - M.NODE_GAP;
    },
    sitesHeight,
    place(x, height, rowTops) {
      const nodeLeft = arrowRoom > 0 ? M.LAYER_PAD : (width - nodesWidth) / 2;
      const nodes: NodeLayout[] = [];
      const groups: GroupLayout[] = [];
      for (const [row, cell] of cells) {
        const top = (rowTops.get(row) ?? M.LAYER_HEADER) + BAND_PAD;
        cell.forEach((m, i) => {
          const col = i % gridCols;
          const line = Math.floor(i / gridCols);
          const box = { x: nodeLeft + col * (nodeWidth + M.NODE_GAP), y: top + line * (M.NODE_HEIGHT + M.NODE_GAP), width: nodeWidth, height: M.NODE_HEIGHT };
          if (m.group) groups.push({ view: m.view, ...box });
          else nodes.push({ view: m.view, ...box });
        });
      }
      let siteTop = M.LAYER_HEADER;
      const placedSites: SiteLayout[] = sites.map((s) => {
        const box: SiteLayout = {
          view: s.view, x: M.LAYER_PAD, y: siteTop, width: width - 2 * M.LAYER_PAD - arrowRoom, height: siteBoxHeight(s),
          scopeX: M.LAYER_PAD, scopeY: M.SITE_HEADER, scope: s.inner.layout,
        };
        siteTop += box.height + M.SITE_GAP;
        return box;
      });
      const placed: LayerLayout = { view: layer, x, y: 0, width, height, nodes, groups, sites: placedSites, arrows: [] };
      placed.arrows = replicationArrows(placed);
      return placed;
    },
    siteBands(site, placed) {
      const inner = sites.find((s) => s.view.id === site.view.id);
      const dx = placed.x + site.x + site.scopeX;
      const dy = placed.y + site.y + site.scopeY;
      return (inner?.inner.bands ?? []).map((b) => ({
        zone: b.zone,
        box: { ...b.box, x: b.box.x + dx, y: b.box.y + dy },
        ...(b.label ? { label: { x: b.label.x + dx, y: b.label.y + dy } } : {}),
      }));
    },
  };
}

/** One band per zone row, running under every node column (merged where columns are adjacent). */
function zoneBands(rows: string[], rowTops: Map<string, number>, rowHeights: number[], layers: LayerLayout[], hasZones: boolean, width: number): BandPiece[] {
  const pieces: BandPiece[] = [];
  rows.forEach((row, i) => {
    if (row === NO_ZONE) return;
    const top = rowTops.get(row) ?? 0;
    const height = (rowHeights[i] ?? 0) + 2 * BAND_PAD;
    let run: Box | undefined;
    const flush = (): void => {
      if (run) pieces.push({ zone: row, box: run });
      run = undefined;
    };
    layers.forEach((l, index) => {
      if (l.view.members !== 'nodes') return flush();
      const left = index === 0 ? 0 : l.x - M.LAYER_GAP / 2;
      // Bands stay within the scope, so a site's bands stay inside its box.
      const right = Math.min(width, l.x + l.width + M.LAYER_GAP / 2);
      if (run && Math.abs(run.x + run.width - left) < 0.5) run.width = right - run.x;
      else {
        flush();
        run = { x: left, y: top, width: right - left, height };
      }
    });
    flush();
    if (hasZones) pieces.push({ zone: row, box: { x: 0, y: top, width: 0, height: 0 }, label: { x: 6, y: top + height / 2 } });
  });
  return pieces;
}

/** Path edges between consecutive layers, at the height of the layer headers. */
function pathEdges(path: string[], layers: LayerLayout[]): EdgeLayout[] {
  const byId = new Map(layers.map((l) => [l.view.id, l]));
  const edges: EdgeLayout[] = [];
  for (let i = 1; i < path.length; i++) {
    const from = byId.get(path[i - 1] as string);
    const to = byId.get(path[i] as string);
    if (!from || !to) continue;
    const y = M.LAYER_HEADER / 2;
    edges.push({ id: `${from.view.id}->${to.view.id}`, x1: from.x + from.width, y1: y, x2: to.x, y2: y });
  }
  return edges;
}

/** Replication arrows bowed out to the right of the boxes they join. */
function replicationArrows(layer: LayerLayout): ArrowLayout[] {
  const boxes = new Map<string, Box>([
    ...layer.nodes.map((n) => [n.view.id, n] as const),
    ...layer.groups.map((g) => [g.view.id, g] as const),
    ...layer.sites.map((s) => [s.view.id, s] as const),
  ]);
  return layer.view.replication.flatMap((r) => {
    const a = boxes.get(r.from);
    const b = boxes.get(r.to);
    if (!a || !b) return [];
    const x1 = a.x + a.width;
    const y1 = a.y + a.height / 2;
    const x2 = b.x + b.width;
    const y2 = b.y + b.height / 2;
    const bow = 18 + Math.min(40, Math.abs(y2 - y1) / 6);
    const right = Math.max(x1, x2) + bow;
    return [{
      id: `${r.from}=>${r.to}`,
      d: `M${x1},${y1} C${right},${y1} ${right},${y2} ${x2 + 4},${y2}`,
      label: r.label,
      labelX: right - bow / 4 + 2,
      labelY: (y1 + y2) / 2,
    }];
  });
}
