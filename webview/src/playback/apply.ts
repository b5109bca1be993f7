/** Shows a playback state on the drawn diagram by toggling classes on the spec's data attributes. */
import type { PlaybackState } from './state';

/** Marks down / promoted / degraded elements under `root`; `null` clears every mark. */
export function showPlaybackState(root: ParentNode, state: PlaybackState | null): void {
  toggleAll(root, 'data-node', (id) => [['down', state?.down.has(id) ?? false], ['promoted', state?.promoted.has(id) ?? false]]);
  toggleAll(root, 'data-site', (id) => [['down', state?.down.has(id) ?? false], ['promoted', state?.promoted.has(id) ?? false]]);
  toggleAll(root, 'data-zone', (id) => [['down', state?.down.has(id) ?? false]]);
  toggleAll(root, 'data-layer', (id) => [['layer-down', state?.layersDown.has(id) ?? false], ['degraded', state?.layersDegraded.has(id) ?? false]]);
  toggleAll(root, 'data-system', () => [['system-down', state?.systemDown ?? false]]);
  showGroups(root, state);
}

// Attributes are compared as strings rather than put into a selector, so no name needs escaping.
function toggleAll(root: ParentNode, attribute: string, classes: (id: string) => [string, boolean][]): void {
  for (const el of Array.from(root.querySelectorAll(`[${attribute}]`))) {
    const id = el.getAttribute(attribute) ?? '';
    for (const [cls, on] of classes(id)) el.classList.toggle(cls, on);
  }
}

/** A group is `down` when all its members are, `partly-down` when some are, and says how many. */
function showGroups(root: ParentNode, state: PlaybackState | null): void {
  for (const el of Array.from(root.querySelectorAll('[data-group]'))) {
    const id = el.getAttribute('data-group') ?? '';
    const count = state?.groupsDown.get(id);
    const all = count !== undefined && count.down >= count.of;
    el.classList.toggle('down', all);
    el.classList.toggle('partly-down', count !== undefined && !all);
    el.classList.toggle('promoted', state?.groupsPromoted.has(id) ?? false);
    const line = el.querySelector('.group-down');
    if (line) line.textContent = count === undefined ? '' : all ? `all ${count.of.toLocaleString('en-US')} down` : `${count.down.toLocaleString('en-US')} of ${count.of.toLocaleString('en-US')} down`;
  }
}
