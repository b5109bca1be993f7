/**
 * What changed since a revision, marked on the drawn diagram ("Topo: Compare with…"). Pure
 * marking: the extension says which subjects are new, which layers' own U moved and which
 * elements became single points of failure; this only finds them among the drawn elements.
 */
import type { ChangeMark } from '../protocol';
import type { DiagramView } from '../../../server/src/core/index';
import { topologyOf, type Topology } from './state';

/** Every class this module sets: removed from the whole diagram before marks are applied again. */
export const CHANGE_CLASSES = ['change-added', 'change-worse', 'change-better', 'change-spof'] as const;

/** Removes every change mark under `root`. */
export function clearChangeMarks(root: ParentNode): void {
  for (const el of Array.from(root.querySelectorAll(CHANGE_CLASSES.map((c) => `.${c}`).join(', ')))) el.classList.remove(...CHANGE_CLASSES);
}

/**
 * Marks `subjects` on each drawn system or journey of `svg` (`view` is what was drawn): a new
 * subject whole, its layers by change, its new SPOFs. Clears earlier marks first.
 */
export function markChanges(svg: ParentNode, view: DiagramView, subjects: readonly ChangeMark[]): void {
  clearChangeMarks(svg);
  for (const g of Array.from(svg.querySelectorAll('g.system'))) {
    const kind = g.hasAttribute('data-journey') ? 'journey' : 'system';
    // Attributes are compared as strings rather than put into a selector, so no name needs escaping.
    const name = g.getAttribute(`data-${kind}`);
    const subject = subjects.find((s) => s.kind === kind && s.name === name);
    if (!subject) continue;
    if (subject.status === 'added') g.classList.add('change-added');
    markLayers(g, subject.layers);
    const drawn = kind === 'journey' ? (view.journeys ?? []).find((j) => j.name === name) : view.systems.find((s) => s.name === name);
    if (drawn && subject.newSpofs.length > 0) markSpofs(g, subject.newSpofs, topologyOf(drawn));
  }
}

function markLayers(system: Element, layers: ChangeMark['layers']): void {
  if (layers.length === 0) return;
  const changeOf = new Map(layers.map((l) => [l.layer, l.change]));
  for (const layer of Array.from(system.querySelectorAll('g.layer[data-layer]'))) {
    const change = changeOf.get(layer.getAttribute('data-layer') ?? '');
    if (change) layer.classList.add(`change-${change}`);
  }
}

/**
 * Marks each new SPOF where it is drawn: an instance, group, site, zone or region by its own
 * name; a node of several instances or a common cause (not drawn themselves) on the instances
 * it takes down; an instance of a summarised layer on its group.
 */
function markSpofs(system: Element, names: readonly string[], topology: Topology): void {
  const drawn = drawnElements(system);
  for (const name of names) {
    const own = drawn.get(name);
    const targets = own ? [name] : topology.expand(name);
    for (const id of targets) {
      const group = own ? undefined : topology.groupOf(id)?.id;
      for (const el of [...(drawn.get(id) ?? []), ...(group !== undefined ? drawn.get(group) ?? [] : [])]) el.classList.add('change-spof');
    }
  }
}

/** The elements drawn for a name: instances, groups, sites, zones and regions (a zone's `data-region` is its region's name, not itself). */
function drawnElements(system: Element): Map<string, Element[]> {
  const byName = new Map<string, Element[]>();
  const add = (selector: string, attribute: string): void => {
    for (const el of Array.from(system.querySelectorAll(selector))) {
      const name = el.getAttribute(attribute) ?? '';
      const list = byName.get(name) ?? [];
      list.push(el);
      byName.set(name, list);
    }
  };
  add('[data-node]', 'data-node');
  add('[data-group]', 'data-group');
  add('[data-site]', 'data-site');
  add('g.zone[data-zone]', 'data-zone');
  add('g.region[data-region]', 'data-region');
  return byName;
}
