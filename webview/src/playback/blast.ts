/**
 * A blast radius on the diagram: what the extension says fails when an element fails, shown as
 * playback shows a state. Pure: it only marks what the core's `topo/blast` reported (elements
 * down, layers down or left without redundancy, the subject down); it computes no figure.
 */
import type { BlastMark } from '../protocol';
import { groupsDown, type PlaybackState, type Topology } from './state';

/** The diagram state of one subject: its failed elements (and what is inside them) down, its layers marked. */
export function blastState(subject: BlastMark, topology: Topology): PlaybackState {
  const down = new Set<string>();
  for (const element of subject.elements) for (const id of topology.expand(element)) down.add(id);
  const layersDown = new Set<string>();
  const layersDegraded = new Set<string>();
  // A layer with fewer members up than it needs is down; one that still has enough has lost redundancy.
  for (const l of subject.layers) (l.up < l.needs ? layersDown : layersDegraded).add(l.layer);
  return {
    down, promoted: new Set(), layersDown, layersDegraded, systemDown: subject.effect === 'down',
    groupsDown: groupsDown(down, topology), groupsPromoted: new Set(),
  };
}

const EFFECT_WORDS: Record<BlastMark['effect'], string> = {
  down: 'down',
  'loses-redundancy': 'loses redundancy',
  degraded: 'degraded',
  unknown: 'unknown (no figures)',
};

/** One line of words: `web/checkout down · cart loses redundancy (api 1 of 2 up) · web degraded (recommendations down)`. */
export function blastSummary(subjects: readonly BlastMark[]): string {
  if (subjects.length === 0) return 'nothing goes down, loses redundancy or is degraded';
  return subjects.map((s) => {
    const layers = s.effect === 'loses-redundancy' && s.layers.length > 0
      ? ` (${s.layers.map((l) => `${l.layer} ${l.up} of ${l.members} up`).join(', ')})`
      : '';
    const soft = s.effect === 'degraded' && (s.softDown?.length ?? 0) > 0 ? ` (${(s.softDown ?? []).join(', ')} down)` : '';
    return `${s.name} ${EFFECT_WORDS[s.effect]}${layers}${soft}`;
  }).join(' · ');
}
