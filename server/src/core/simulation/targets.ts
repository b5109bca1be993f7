/**
 * What a person can fail in a simulation, listed for a picker: every scenario, node, instance of
 * a replicated node, site, zone, region and common cause (deploy, common-cause group,
 * maintenance), with a short description and where it is declared.
 */
import type { Range } from '../../../../grammar/src/text';
import { systemIndex } from '../model/index';
import type { CommonCauseKind, CommonCauseModel, SystemModel } from '../model/types';

export interface FailureTarget {
  /** Name to pass in `failures` (qualified inside sites), or the scenario's name. */
  name: string;
  type: 'node' | 'instance' | 'site' | 'zone' | 'region' | CommonCauseKind | 'scenario';
  /** A short description: its layer, its zone, what a scenario fails. */
  detail: string;
  range: Range;
}

/** The failure targets of every system, in declaration order (scenarios first within a system). */
export function failureTargets(systems: readonly SystemModel[]): FailureTarget[] {
  const out: FailureTarget[] = [];
  for (const m of systems) {
    const index = systemIndex(m);
    for (const sc of m.scenarios) out.push({ name: sc.name, type: 'scenario', detail: `fails ${sc.failures.map((f) => f.target).join(', ') || 'nothing'}`, range: sc.nameRange });
    for (const n of m.nodes) {
      out.push({ name: n.id, type: 'node', detail: `layer ${n.layer}${n.instances.length > 1 ? `, ${n.instances.length} instances` : ''}`, range: n.nameRange });
      if (n.instances.length < 2) continue;
      for (const id of n.instances) {
        const inst = index.instance(id);
        if (inst) out.push({ name: id, type: 'instance', detail: `${n.id} in ${inst.zone ?? 'no zone'}`, range: inst.nameRange });
      }
    }
    for (const site of m.sites) out.push({ name: site.id, type: 'site', detail: `member of ${site.parentLayer}`, range: site.nameRange });
    for (const z of m.zones) out.push({ name: z.name, type: 'zone', detail: z.region ? `zone in ${z.region}` : 'zone', range: z.nameRange });
    for (const r of m.regions) out.push({ name: r.name, type: 'region', detail: 'region', range: r.nameRange });
    for (const c of m.commonCauses) out.push({ name: c.id, type: c.kind, detail: commonCauseDetail(c), range: c.nameRange });
  }
  return out;
}

/** `takes app-1, app-2, app-3 down`, shortened past four instances: what failing it does. */
export function coveredText(instances: readonly string[]): string {
  if (instances.length === 0) return 'no instance';
  return instances.length > 4 ? `${instances.slice(0, 3).join(', ')} and ${instances.length - 3} more` : instances.join(', ');
}

/** A common cause in a picker: what it is and what it takes down. */
function commonCauseDetail(c: CommonCauseModel): string {
  const what = c.kind === 'deploy' ? (c.deploy?.rollout === 'canary' ? 'a bad canary deploy' : 'a bad deploy') : c.kind === 'maintenance' ? 'maintenance' : 'a common-cause failure';
  return `${what}: takes ${coveredText(c.instances)} down`;
}
