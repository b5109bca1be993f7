/**
 * The laid-out diagram: boxes with coordinates, computed from a view model by `layoutDiagram`.
 * Pure data; the drawing code turns it into SVG. Coordinates of a layer are relative to its
 * scope, of a node or site to its layer, of a site's scope to its site; zone bands are in
 * the system's coordinates so each zone can be drawn as one shape.
 */
import type { DomainView, InstanceGroupView, InstanceView, LayerView, SiteView, SystemView } from '../../../server/src/core/index';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface DiagramLayout {
  width: number;
  height: number;
  systems: SystemLayout[];
}

export interface SystemLayout extends Box {
  view: SystemView;
  /** A system, or a journey drawn as its composite (`data-journey`). */
  kind: 'system' | 'journey';
  /** The name line: the system's name, `journey web/checkout`. */
  title: string;
  /** A line under the figures (a system's dependencies, a journey's path), absent for an ordinary system. */
  subtitle?: string;
  /** Where the top-level scope starts, relative to the system. */
  scopeX: number;
  scopeY: number;
  scope: ScopeLayout;
  zones: ZoneLayout[];
  /** Regions appear in the legend only (their zones carry their colour bands). */
  regions: { view: DomainView; legend: { x: number; y: number } }[];
  /** The legend's origin, relative to the system. */
  legendY: number;
}

export interface ZoneLayout {
  view: DomainView;
  /** Index into the zone palette. */
  colour: number;
  /** Band cells in system coordinates. */
  bands: Box[];
  /** Band labels (the zone's name at the left of each scope that uses it), system coordinates. */
  labels: { x: number; y: number }[];
  /** Legend entry, relative to the system. */
  legend: { x: number; y: number };
}

export interface ScopeLayout {
  width: number;
  height: number;
  layers: LayerLayout[];
  edges: EdgeLayout[];
}

export interface LayerLayout extends Box {
  view: LayerView;
  nodes: NodeLayout[];
  /** A summarised layer's groups, laid out like nodes in their zone's band (empty otherwise). */
  groups: GroupLayout[];
  sites: SiteLayout[];
  arrows: ArrowLayout[];
}

export interface NodeLayout extends Box {
  view: InstanceView;
}

export interface GroupLayout extends Box {
  view: InstanceGroupView;
}

export interface SiteLayout extends Box {
  view: SiteView;
  /** The site's own scope, offset by (scopeX, scopeY) inside the site box. */
  scopeX: number;
  scopeY: number;
  scope: ScopeLayout;
}

/** A path edge between two consecutive layers of a scope. */
export interface EdgeLayout {
  id: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** A replication arrow, primary → standby, inside a layer. */
export interface ArrowLayout {
  id: string;
  /** SVG path data. */
  d: string;
  label: string;
  labelX: number;
  labelY: number;
}
