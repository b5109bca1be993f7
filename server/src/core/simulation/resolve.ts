/**
 * What a name in `fail NAME` means: a node (all its instances), an instance, a site (every
 * instance in it, nested sites included), a zone, a region, or a common cause by its id
 * (`deploy app`, `common-cause db`, `maintenance`: one element whose failure takes down every
 * instance it covers). Names inside sites are qualified (`east.app-1`). Unknown names get an
 * error naming the closest declared one.
 */
import type { CommonCauseKind, SystemModel } from '../model/types';
import { closestName } from '../model/suggest';
import type { Structure } from './structure';
import type { ScenarioFailure, SimulationOutcome } from './types';

export type TargetType = 'node' | 'instance' | 'site' | 'zone' | 'region' | CommonCauseKind;

export interface ResolvedTarget {
  name: string;
  type: TargetType;
  /** Element indices of the structure that fail. */
  elements: number[];
}

/** Maps a name to the elements it fails. */
export function resolveTarget(structure: Structure, name: string): SimulationOutcome<ResolvedTarget> {
  const system = structure.system;
  const instance = system.instances.find((i) => i.id === name);
  if (instance) return found(name, 'instance', [structure.elementIndex.get(instance.id) as number]);
  const node = system.nodes.find((n) => n.id === name);
  if (node) return found(name, 'node', node.instances.map((id) => structure.elementIndex.get(id)).filter(isIndex));
  const site = system.sites.find((s) => s.id === name);
  if (site) {
    const inside = system.instances.filter((i) => isWithinSite(i.site, site.id, system));
    return found(name, 'site', inside.map((i) => structure.elementIndex.get(i.id)).filter(isIndex));
  }
  const zone = system.zones.findIndex((z) => z.name === name);
  if (zone >= 0) return found(name, 'zone', [structure.instanceCount + zone]);
  const region = system.regions.findIndex((r) => r.name === name);
  if (region >= 0) return found(name, 'region', [structure.instanceCount + system.zones.length + region]);
  // A common cause's id has a space or is a bare keyword, so it never shadows the names above.
  const cause = system.commonCauses.findIndex((c) => c.id === name);
  const cc = system.commonCauses[cause];
  if (cc) return found(name, cc.kind, [structure.instanceCount + system.zones.length + system.regions.length + cause]);
  const layer = system.layers.find((l) => l.id === name);
  if (layer) {
    // A layer does not fail; what it holds does. Say what to write, the first of it as the suggestion.
    const parts = layer.members === 'sites' ? layer.sites : layer.nodes.map((n) => n.id);
    const listed = parts.length > 4 ? `${parts.slice(0, 3).join(', ')} and ${parts.length - 3} more` : parts.join(', ');
    const kind = layer.members === 'sites' ? 'sites' : 'nodes';
    return {
      ok: false,
      error: `'${name}' is a layer, not something that fails: fail its ${kind} (${listed}), one of their instances, or a zone`,
      ...(parts[0] !== undefined ? { suggestion: parts[0] } : {}),
    };
  }
  const suggestion = closestName(name, failableNames(system));
  return {
    ok: false,
    error: `unknown name '${name}'${suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`}`,
    ...(suggestion === undefined ? {} : { suggestion }),
  };
}

/** Every name `fail` accepts, in declaration order. */
export function failableNames(system: SystemModel): string[] {
  const names = [
    ...system.nodes.map((n) => n.id),
    ...system.instances.map((i) => i.id),
    ...system.sites.map((s) => s.id),
    ...system.zones.map((z) => z.name),
    ...system.regions.map((r) => r.name),
    ...system.commonCauses.map((c) => c.id),
  ];
  return [...new Set(names)];
}

/**
 * `--fail deploy app@30s` as a shell splits it (`deploy`, `app@30s`): consecutive words joined
 * again when together they name a common cause (`deploy app`, whose id has a space), the time of
 * the second kept. Every other word is left as it is, so `--fail "deploy app"` and names without
 * a space are unchanged. A word that is a name of its own (a system-level `deploy`) is still
 * joined when the two words name a common cause: the id with a space is the more specific one.
 */
export function joinSpacedNames(system: SystemModel, specs: readonly string[]): string[] {
  const ids = new Set(system.commonCauses.map((c) => c.id));
  const out: string[] = [];
  for (let k = 0; k < specs.length; k++) {
    const word = specs[k] as string;
    const next = specs[k + 1];
    if (next !== undefined && !word.includes('@')) {
      const at = next.lastIndexOf('@');
      const name = `${word} ${at < 0 ? next : next.slice(0, at)}`;
      if (ids.has(name)) {
        out.push(`${word} ${next}`);
        k++;
        continue;
      }
    }
    out.push(word);
  }
  return out;
}

/** The failures of a file's `scenario NAME { … }` block. */
export function scenarioFailures(system: SystemModel, scenarioName: string): SimulationOutcome<ScenarioFailure[]> {
  const scenario = system.scenarios.find((s) => s.name === scenarioName);
  if (!scenario) {
    const suggestion = closestName(scenarioName, system.scenarios.map((s) => s.name));
    const known = system.scenarios.length === 0 ? ` (system '${system.name}' declares no scenario)` : suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`;
    return { ok: false, error: `unknown scenario '${scenarioName}'${known}`, ...(suggestion === undefined ? {} : { suggestion }) };
  }
  return { ok: true, result: scenario.failures.map((f) => ({ element: f.target, at: f.atSeconds })) };
}

function found(name: string, type: TargetType, elements: number[]): SimulationOutcome<ResolvedTarget> {
  return { ok: true, result: { name, type, elements } };
}

function isIndex(e: number | undefined): e is number {
  return e !== undefined;
}

/** True when a thing whose innermost site is `innermost` lies inside site `siteId` (at any depth). */
function isWithinSite(innermost: string | undefined, siteId: string, system: SystemModel): boolean {
  for (let id = innermost; id !== undefined; id = system.sites.find((s) => s.id === id)?.site) {
    if (id === siteId) return true;
  }
  return false;
}
