/** Failure targets (topo/failureTargets) as quick-pick entries, grouped by what they are. */
import type { FailureTarget } from '../../server/src/protocol';

export interface TargetItem {
  label: string;
  description: string;
  target: FailureTarget;
}

/** A group heading (a quick-pick separator) followed by its items. */
export interface TargetGroup {
  title: string;
  items: TargetItem[];
}

const ORDER: { type: FailureTarget['type']; title: string }[] = [
  { type: 'scenario', title: 'Scenarios in this file' },
  { type: 'node', title: 'Nodes (all their instances)' },
  { type: 'instance', title: 'Instances' },
  { type: 'site', title: 'Sites' },
  { type: 'zone', title: 'Zones' },
  { type: 'region', title: 'Regions' },
  { type: 'deploy', title: 'Deploys (a bad deploy)' },
  { type: 'common-cause', title: 'Common-cause groups' },
  { type: 'maintenance', title: 'Maintenance' },
];

/** Groups targets in a fixed order (scenarios first), keeping the server's order within a group. */
export function groupTargets(targets: FailureTarget[]): TargetGroup[] {
  return ORDER.map(({ type, title }) => ({
    title,
    items: targets.filter((t) => t.type === type).map((t) => ({ label: t.name, description: `${t.type} · ${t.detail}`, target: t })),
  })).filter((g) => g.items.length > 0);
}

/** The simulate request's parameters for a picked target: a scenario by name, anything else failed at t = 0. */
export function simulateParamsFor(uri: string, target: FailureTarget): { uri: string; scenario?: string; failures?: { element: string; at: number }[] } {
  return target.type === 'scenario' ? { uri, scenario: target.name } : { uri, failures: [{ element: target.name, at: 0 }] };
}

/** A playback title for a picked target. */
export function playbackTitle(target: { type: string; name: string }): string {
  return target.type === 'scenario' ? `scenario “${target.name}”` : `${target.name} fails`;
}
