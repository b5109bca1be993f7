/** Draws one scope: its layers, their nodes and sites (recursively), path edges and replication arrows. */
import type { ArrowLayout, EdgeLayout, GroupLayout, LayerLayout, NodeLayout, ScopeLayout, SiteLayout } from '../layout/types';
import { CHAR_WIDTH, LAYER_HEADER, SMALL_CHAR_WIDTH } from '../layout/metrics';
import { layerCaption, nodeCaption, siteCaption } from '../layout/captions';
import { changed, elide, joinChildren, part, type AnySelection } from './join';

export interface DrawOptions {
  /** Add SVG `<title>` tooltips (for standalone SVG, where no script shows ours). */
  titles: boolean;
  /** Give the `<svg>` the diagram's own width, height and viewBox (a file), instead of filling its container (the webview). */
  intrinsicSize: boolean;
}

/** Draws `scope` into each element of `sel` (a `g.scope`). */
export function drawScope(sel: AnySelection<SVGGElement, ScopeLayout>, options: DrawOptions): void {
  const edges = part<SVGGElement>(sel, 'g', 'edges');
  joinChildren<EdgeLayout, SVGLineElement>(edges, 'line', 'edge', (s: ScopeLayout) => s.edges, (e) => e.id)
    .attr('x1', (e) => e.x1).attr('y1', (e) => e.y1)
    .attr('x2', (e) => e.x2 - 2).attr('y2', (e) => e.y2)
    .attr('marker-end', 'url(#topo-arrow)');

  const layers = joinChildren<LayerLayout>(sel, 'g', 'layer', (s: ScopeLayout) => s.layers, (l) => l.view.id);
  drawLayerOwn(changed(layers, layerSignature), options);
  drawMembers(layers, options);
}

/** What a layer's own drawing depends on (not its members, which are compared one by one). */
function layerSignature(l: LayerLayout): string {
  const { instances: _i, summary: _g, sites: _s, ...own } = l.view;
  return JSON.stringify([l.x, l.y, l.width, l.height, l.arrows, own]);
}

function drawLayerOwn(layers: AnySelection<SVGGElement, LayerLayout>, options: DrawOptions): void {
  layers
    .attr('data-layer', (l) => l.view.id)
    .attr('data-mode', (l) => l.view.mode)
    .attr('data-service', (l) => l.view.service ?? null)
    .classed('off-path', (l) => !l.view.onPath)
    .attr('transform', (l) => `translate(${l.x},${l.y})`);
  part(layers, 'rect', 'layer-box')
    .attr('width', (l: LayerLayout) => l.width).attr('height', (l: LayerLayout) => l.height).attr('rx', 6);
  part(layers, 'rect', 'layer-header')
    .attr('width', (l: LayerLayout) => l.width).attr('height', LAYER_HEADER - 10).attr('rx', 6);
  part(layers, 'text', 'layer-name').attr('x', 10).attr('y', 18)
    .text((l: LayerLayout) => elide(layerCaption(l.view), Math.floor((l.width - 20) / CHAR_WIDTH)));
  part(layers, 'text', 'layer-figures').attr('x', 10).attr('y', 34)
    .text((l: LayerLayout) => `${l.view.label} · ${l.view.requirement}`);
  titles(layers, options, (l: LayerLayout) => l.view.tooltip);

  const arrows = part<SVGGElement>(layers, 'g', 'arrows');
  const arrow = joinChildren<ArrowLayout>(arrows, 'g', 'replication', (l: LayerLayout) => l.arrows, (a) => a.id);
  part(arrow, 'path', 'replication-line').attr('d', (a: ArrowLayout) => a.d).attr('marker-end', 'url(#topo-arrow-replication)');
  part(arrow, 'text', 'replication-label')
    .attr('x', (a: ArrowLayout) => a.labelX).attr('y', (a: ArrowLayout) => a.labelY)
    .text((a: ArrowLayout) => a.label);
}

function drawMembers(layers: AnySelection<SVGGElement, LayerLayout>, options: DrawOptions): void {
  const nodes = joinChildren<NodeLayout>(layers, 'g', 'node', (l: LayerLayout) => l.nodes, (n) => n.view.id);
  drawNode(changed(nodes, (n) => JSON.stringify(n)), options);

  // A summarised layer's groups; an ordinary layer has none, so its drawing is as it always was.
  const groups = joinChildren<GroupLayout>(layers, 'g', 'group', (l: LayerLayout) => l.groups, (g) => g.view.id);
  drawGroup(changed(groups, (g) => JSON.stringify(g)), options);

  const sites = joinChildren<SiteLayout>(layers, 'g', 'site', (l: LayerLayout) => l.sites, (s) => s.view.id);
  drawSite(sites, options);
}

function drawNode(nodes: AnySelection<SVGGElement, NodeLayout>, options: DrawOptions): void {
  nodes
    .attr('data-node', (n) => n.view.id)
    .attr('data-spof', (n) => (n.view.spof ? 'true' : null))
    .attr('data-standby', (n) => n.view.standby ?? null)
    .attr('data-zone-of', (n) => n.view.zone ?? null)
    .attr('tabindex', 0)
    .attr('role', 'button')
    .classed('spof', (n) => n.view.spof)
    .classed('standby', (n) => n.view.standby !== undefined)
    .classed('primary', (n) => n.view.primary)
    .attr('transform', (n) => `translate(${n.x},${n.y})`);
  part(nodes, 'rect', 'node-box')
    .attr('width', (n: NodeLayout) => n.width).attr('height', (n: NodeLayout) => n.height).attr('rx', 4);
  part(nodes, 'text', 'node-name').attr('x', 8).attr('y', 15)
    .text((n: NodeLayout) => elide(n.view.name, Math.floor((n.width - 14) / CHAR_WIDTH)));
  part(nodes, 'text', 'node-figure').attr('x', 8).attr('y', 30).text((n: NodeLayout) => elide(nodeCaption(n.view), Math.floor((n.width - 12) / SMALL_CHAR_WIDTH)));
  titles(nodes, options, (n: NodeLayout) => n.view.tooltip);
}

/**
 * A group of instances (`app ×33,334 (az1)`): a node box with a card behind it, so it reads as
 * many; playback writes how many of its members are down into its `group-down` line.
 */
function drawGroup(groups: AnySelection<SVGGElement, GroupLayout>, options: DrawOptions): void {
  groups
    .attr('data-group', (g) => g.view.id)
    .attr('data-count', (g) => g.view.count)
    .attr('data-spof', (g) => (g.view.spof ? 'true' : null))
    .attr('data-standby', (g) => g.view.standby ?? null)
    .attr('data-zone-of', (g) => g.view.zone ?? null)
    .attr('tabindex', 0)
    .attr('role', 'button')
    .classed('spof', (g) => g.view.spof)
    .classed('standby', (g) => g.view.standby !== undefined)
    .classed('primary', (g) => g.view.primary)
    .attr('transform', (g) => `translate(${g.x},${g.y})`);
  part(groups, 'rect', 'group-stack')
    .attr('x', GROUP_STACK_OFFSET).attr('y', -GROUP_STACK_OFFSET)
    .attr('width', (g: GroupLayout) => g.width).attr('height', (g: GroupLayout) => g.height).attr('rx', 4);
  part(groups, 'rect', 'node-box')
    .attr('width', (g: GroupLayout) => g.width).attr('height', (g: GroupLayout) => g.height).attr('rx', 4);
  part(groups, 'text', 'node-name').attr('x', 8).attr('y', 15)
    .text((g: GroupLayout) => elide(g.view.name, Math.floor((g.width - 14) / CHAR_WIDTH)));
  part(groups, 'text', 'node-figure').attr('x', 8).attr('y', 30).text((g: GroupLayout) => elide(nodeCaption(g.view), Math.floor((g.width - 12) / SMALL_CHAR_WIDTH)));
  part(groups, 'text', 'group-down').attr('x', 8).attr('y', 30);
  titles(groups, options, (g: GroupLayout) => g.view.tooltip);
}

/** How far the card behind a group's box shows, in px (within the gap between boxes). */
const GROUP_STACK_OFFSET = 3;

function drawSite(sites: AnySelection<SVGGElement, SiteLayout>, options: DrawOptions): void {
  // Recursion ends where no layer has sites: the selection is then empty.
  if (sites.empty()) return;
  drawSiteOwn(changed(sites, siteSignature), options);
  const inner = part<SVGGElement>(sites, 'g', 'scope')
    .attr('transform', (s: SiteLayout) => `translate(${s.scopeX},${s.scopeY})`)
    .datum((s: SiteLayout) => s.scope);
  drawScope(inner as unknown as AnySelection<SVGGElement, ScopeLayout>, options);
}

function siteSignature(s: SiteLayout): string {
  const { scope: _scope, ...own } = s.view;
  return JSON.stringify([s.x, s.y, s.width, s.height, own]);
}

function drawSiteOwn(sites: AnySelection<SVGGElement, SiteLayout>, options: DrawOptions): void {
  sites
    .attr('data-site', (s) => s.view.id)
    .attr('data-service', (s) => (s.view.service ? 'system' : null))
    .attr('data-standby', (s) => s.view.standby ?? null)
    .attr('tabindex', 0)
    .attr('role', 'button')
    .classed('standby', (s) => s.view.standby !== undefined)
    .classed('primary', (s) => s.view.primary)
    .attr('transform', (s) => `translate(${s.x},${s.y})`);
  part(sites, 'rect', 'site-box')
    .attr('width', (s: SiteLayout) => s.width).attr('height', (s: SiteLayout) => s.height).attr('rx', 8);
  part(sites, 'text', 'site-name').attr('x', 10).attr('y', 20).text((s: SiteLayout) => elide(siteCaption(s.view), Math.floor((s.width - 20) / CHAR_WIDTH)));
  titles(sites, options, (s: SiteLayout) => s.view.tooltip);
}


/** Native `<title>` tooltips when asked for, removed otherwise. */
function titles<D>(sel: AnySelection<SVGGElement, D>, options: DrawOptions, lines: (d: D) => string[]): void {
  if (!options.titles) {
    sel.selectChildren('title').remove();
    return;
  }
  part(sel, 'title', 'tooltip').text((d: D) => lines(d).join('\n'));
}
