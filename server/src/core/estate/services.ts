/**
 * The services of an estate and their dependencies (docs/language.md, "Estates").
 *
 * A service is a system or an external. Each file sees its own services and those declared in
 * the files it imports (not what those import: an import brings one file's declarations). A
 * dependency closure follows the hard `use` lines, each service once, and finds cycles.
 */
import type { Diagnostic, Range } from '../../../../grammar/src/text';
import type { ExternalModel, SystemModel } from '../model/types';
import { closestName, listNames } from '../model/suggest';
import type { Estate, EstateFile } from './load';
import { shortName } from './load';

export type Service =
  | { kind: 'system'; name: string; file: EstateFile; model: SystemModel }
  | { kind: 'external'; name: string; file: EstateFile; model: ExternalModel };

/** One edge of a closure: who uses whom, and where. */
export interface Dependency {
  from: Service;
  to: Service;
  soft: boolean;
  range: Range;
}

/** A cycle of hard dependencies: the services in order, and the `use` that closes it. */
export interface Cycle {
  names: string[];
  closing: Dependency;
}

export class Services {
  private readonly tables = new Map<EstateFile, Map<string, Service>>();
  private readonly keys = new Map<Service, string>();
  /** Clashes between a file's own services and imported ones, on the root's import lines. */
  readonly diagnostics: Diagnostic[] = [];

  constructor(readonly estate: Estate) {
    estate.files.forEach((file) => this.tables.set(file, this.tableOf(file, file === estate.root)));
  }

  /** The services `file` can name. */
  table(file: EstateFile): ReadonlyMap<string, Service> {
    return this.tables.get(file) ?? new Map();
  }

  /** A key unique in the estate (two files may each declare an `auth`). */
  key(service: Service): string {
    let key = this.keys.get(service);
    if (key === undefined) {
      key = `${this.estate.files.indexOf(service.file)}:${service.kind}:${service.name}`;
      this.keys.set(service, key);
    }
    return key;
  }

  /** The service `name` seen from `file`, or a sentence saying why there is none. */
  resolve(file: EstateFile, name: string): Service | { error: string; suggestion?: string } {
    const table = this.table(file);
    const found = table.get(name);
    if (found) return found;
    const names = [...table.keys()];
    const suggestion = closestName(name, names);
    const where = file === this.estate.root ? '' : ` in ${shortName(file.uri)}`;
    const hint = suggestion !== undefined ? ` — did you mean '${suggestion}'?`
      : names.length > 0 ? `; services${where}: ${listNames(names)}`
      : `; declare it as a system, as \`external ${name} { availability … }\`, or import the file that declares it`;
    return { error: `unknown service '${name}'${where}${hint}`, ...(suggestion !== undefined ? { suggestion } : {}) };
  }

  /** The hard dependencies of a service (a system's `use` lines without `soft`), resolved. */
  uses(service: Service, soft: boolean): { deps: Dependency[]; errors: string[] } {
    if (service.kind === 'external') return { deps: [], errors: [] };
    const deps: Dependency[] = [];
    const errors: string[] = [];
    for (const use of service.model.uses) {
      if (use.soft && !soft) continue;
      const to = this.resolve(service.file, use.target);
      if ('error' in to) errors.push(`${service.name} uses '${use.target}': ${to.error}`);
      else deps.push({ from: service, to, soft: use.soft, range: use.range });
    }
    return { deps, errors };
  }

  /**
   * Every service reachable from `start` by `use` lines (hard only, or soft too), each once,
   * in the order first met (depth first); the first cycle met is named.
   */
  closure(start: readonly Service[], soft = false): { services: Service[]; cycle?: Cycle; errors: string[] } {
    const done = new Set<string>();
    const onStack: Service[] = [];
    const services: Service[] = [];
    const errors: string[] = [];
    let cycle: Cycle | undefined;
    const visit = (s: Service, via?: Dependency): void => {
      const key = this.key(s);
      const at = onStack.findIndex((o) => this.key(o) === key);
      if (at >= 0) {
        if (!cycle && via) cycle = { names: [...onStack.slice(at), s].map((o) => o.name), closing: via };
        return;
      }
      if (done.has(key)) return;
      done.add(key);
      services.push(s);
      onStack.push(s);
      const { deps, errors: own } = this.uses(s, soft);
      errors.push(...own);
      // Only hard edges make cycles: a soft one may point back (degraded, never down).
      for (const d of deps) if (!d.soft || !onStack.includes(d.to)) visit(d.to, d);
      onStack.pop();
    };
    start.forEach((s) => visit(s));
    return { services, ...(cycle ? { cycle } : {}), errors };
  }

  private tableOf(file: EstateFile, isRoot: boolean): Map<string, Service> {
    const table = new Map<string, Service>();
    for (const model of file.model.systems) if (!table.has(model.name)) table.set(model.name, { kind: 'system', name: model.name, file, model });
    for (const model of file.model.externals) if (!table.has(model.name)) table.set(model.name, { kind: 'external', name: model.name, file, model });
    const own = new Set(table.keys());
    for (const imp of file.imports) {
      const brought = [
        ...imp.file.model.systems.map((model): Service => ({ kind: 'system', name: model.name, file: imp.file, model })),
        ...imp.file.model.externals.map((model): Service => ({ kind: 'external', name: model.name, file: imp.file, model })),
      ];
      for (const s of brought) {
        const there = table.get(s.name);
        if (!there) {
          table.set(s.name, s);
          continue;
        }
        if (there.file === s.file) continue;
        if (isRoot) {
          const which = own.has(s.name) ? `the ${there.kind} '${s.name}' of this file` : `'${s.name}' from ${shortName(there.file.uri)}`;
          this.diagnostics.push({
            severity: 'error', code: 'duplicate-name', range: imp.range, data: { subject: s.name },
            message: `${shortName(imp.file.uri)} declares a ${s.kind} '${s.name}', which clashes with ${which}; rename one of them (every service of an estate has its own name)`,
          });
        }
      }
    }
    return table;
  }
}
