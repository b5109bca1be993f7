/**
 * Docker Compose → draft (docs/import.md, "Compose"). Each service is a layer of one node, its
 * `deploy.replicas` (or `scale`, default 1) the node's replicas; `healthcheck` becomes the layer's
 * `health-check`; `depends_on` orders the path, from the entry services (published `ports`, not
 * depended on) to what they need. Compose runs every service on one host, so the draft has one
 * zone, `host`, holding every replica: the shared fate is in the model, not hidden.
 *
 * Pure: the adapter parses the YAML and hands over its positioned tree.
 */
import { IMPORT_LIMITS } from '../limits';
import { catalogueEntry } from './catalogue';
import type { DraftError, DraftHealthCheck, DraftLayer, DraftSkipped, DraftSystem, ImportDraft } from './draft';
import { parseGoDuration } from './duration';
import { entry, scalar, type SourceEntry, type SourceLocation, type SourceNode } from './tree';

/** The catalogue entry every Compose replica assumes: a self-hosted container has no published SLA. */
export const COMPOSE_REPLICA_ENTRY = 'topo-default-container';

/** The zone standing for the one Docker host. */
export const HOST_ZONE = 'host';

/** Top-level keys of the Compose specification the draft has no use for (read, not reported). */
const KNOWN_UNMODELLED = new Set(['version', 'networks', 'volumes', 'configs', 'secrets']);

interface Service {
  name: string;
  at: SourceEntry;
  dependsOn: { name: string; location: SourceLocation }[];
  published: boolean;
}

/** The draft of the Compose file `file`, whose parsed tree is `root` (undefined: an empty document). */
export function composeDraft(root: SourceNode | undefined, file: string): ImportDraft {
  const errors: DraftError[] = [];
  const skipped: DraftSkipped[] = [];
  const draft: ImportDraft = { source: 'compose', files: [file], systems: [], skipped, errors };
  const start = { file, line: 1, column: 1 };
  if (root === undefined || (root.kind === 'scalar' && root.value === null)) {
    errors.push({ location: start, message: 'the file is empty: a Compose file is a mapping with a `services:` key' });
    return draft;
  }
  if (root.kind !== 'map') {
    errors.push({ location: root.location, message: `a Compose file is a mapping with a \`services:\` key, not ${describe(root)}` });
    return draft;
  }
  for (const e of root.entries) {
    if (e.key === 'services' || e.key === 'name' || e.key.startsWith('x-') || KNOWN_UNMODELLED.has(e.key)) continue;
    const reason = e.key === 'include'
      ? 'included Compose files are not read: import each of them on its own'
      : 'not a top-level key of the Compose specification; ignored';
    skipped.push({ what: `top-level key \`${e.key}\``, reason, location: e.keyLocation });
  }
  const servicesEntry = entry(root, 'services');
  if (!servicesEntry || servicesEntry.value.kind !== 'map') {
    const where = servicesEntry?.keyLocation ?? root.location;
    errors.push({ location: where, message: servicesEntry ? '`services` must be a mapping of service names to their definitions' : 'no `services:` key: there is nothing to import' });
    return draft;
  }
  const entries = servicesEntry.value.entries;
  if (entries.length > IMPORT_LIMITS.services) {
    errors.push({ location: servicesEntry.keyLocation, message: `${entries.length.toLocaleString('en-US')} services, more than the import's limit of ${IMPORT_LIMITS.services.toLocaleString('en-US')}` });
    return draft;
  }
  const nameEntry = entry(root, 'name');
  const projectName = typeof scalar(nameEntry?.value) === 'string' ? String(scalar(nameEntry!.value)) : baseName(file);
  const system: DraftSystem = {
    name: projectName, regions: [], layers: [], path: [], location: root.location,
    zones: [{
      name: HOST_ZONE, location: servicesEntry.keyLocation,
      notes: [
        'Compose runs every service on one Docker host: the zone `host` holds every replica, so its failure takes all of them down.',
        'The host has no published figure: until you give it one (`zone host { availability 99.5% }`, say), it never fails in the figures but still shows as a single point of failure.',
      ],
    }],
    notes: [],
  };
  const services: Service[] = [];
  for (const s of entries) {
    const layer = serviceLayer(s, errors, skipped);
    if (!layer) continue;
    system.layers.push(layer);
    services.push({ name: s.key, at: s, dependsOn: dependencies(s, errors), published: entry(s.value, 'ports') !== undefined });
  }
  for (const s of services) {
    for (const d of s.dependsOn) {
      if (!services.some((o) => o.name === d.name)) errors.push({ location: d.location, message: `service \`${s.name}\` depends on \`${d.name}\`, which is not a service of this file (or was skipped)` });
    }
  }
  if (errors.length === 0) orderPath(system, services, errors);
  if (system.layers.length > 0) draft.systems.push(system);
  else if (errors.length === 0) errors.push({ location: servicesEntry.keyLocation, message: 'no service left to import (see the skipped ones)' });
  return draft;
}

/** The layer of one service, or undefined when it is skipped or wrong (said in `errors` or `skipped`). */
function serviceLayer(s: SourceEntry, errors: DraftError[], skipped: DraftSkipped[]): DraftLayer | undefined {
  const def = s.value;
  if (def.kind !== 'map') {
    if (def.kind === 'scalar' && def.value === null) errors.push({ location: s.keyLocation, message: `service \`${s.key}\` has no definition (no image, no build)` });
    else errors.push({ location: def.location, message: `service \`${s.key}\` must be a mapping, not ${describe(def)}` });
    return undefined;
  }
  const notes: string[] = [];
  const replicas = replicaCount(s, errors, notes);
  if (replicas === undefined) return undefined;
  if (replicas === 0) {
    skipped.push({ what: `service \`${s.key}\``, reason: 'it runs 0 replicas', location: s.keyLocation });
    return undefined;
  }
  const extendsEntry = entry(def, 'extends');
  if (extendsEntry) skipped.push({ what: `\`extends\` of service \`${s.key}\``, reason: 'not followed: the service is imported from its own keys only; run `docker compose config` first to merge it', location: extendsEntry.keyLocation });
  const profiles = entry(def, 'profiles');
  if (profiles) notes.push(`only started with a profile (${listText(profiles.value)}): imported as if it were running.`);
  const image = scalar(entry(def, 'image')?.value);
  const imageName = typeof image === 'string' && !isTemplated(image) ? image : undefined;
  if (typeof image === 'string' && isTemplated(image)) notes.push(`its image is templated (${image}): the kind could not be read from it.`);
  const kind = imageName !== undefined ? kindOfImage(imageName) : undefined;
  const entryId = COMPOSE_REPLICA_ENTRY;
  const { percent } = catalogueEntry(entryId);
  if (kind === 'database' || kind === 'cache' || kind === 'queue' || kind === 'storage') {
    notes.push(`${imageName} is a self-hosted ${kind} container, not a managed service: each replica gets the default container figure, and Compose replicas of it are not replicas of its data.`);
  }
  const healthCheck = healthCheckOf(s, errors, notes);
  return {
    name: s.key, ...(kind !== undefined ? { kind } : {}), location: s.keyLocation, notes,
    ...(healthCheck ? { healthCheck } : {}),
    nodes: [{ name: s.key, availability: { percent, assumed: true, catalogueId: entryId }, replicas, zones: [HOST_ZONE], location: s.keyLocation, notes: [] }],
  };
}

/** `deploy.replicas`, else `scale`, else 1; undefined after an error. */
function replicaCount(s: SourceEntry, errors: DraftError[], notes: string[]): number | undefined {
  const deploy = entry(s.value, 'deploy')?.value;
  const mode = scalar(entry(deploy, 'mode')?.value);
  const given = entry(deploy, 'replicas') ?? entry(s.value, 'scale');
  if (mode === 'global') notes.push('`deploy.mode: global` runs one replica per node of a Swarm; Compose has one host, so one replica.');
  if (!given) return 1;
  const value = scalar(given.value);
  if (typeof value === 'string' && isTemplated(value)) {
    errors.push({ location: given.value.location, message: templatedMessage(value, `\`${given.key}\` of service \`${s.key}\``) });
    return undefined;
  }
  const count = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
    errors.push({ location: given.value.location, message: `\`${given.key}\` of service \`${s.key}\` must be a whole number of replicas, not ${describe(given.value)}` });
    return undefined;
  }
  if (count > IMPORT_LIMITS.replicas) {
    errors.push({ location: given.value.location, message: `service \`${s.key}\` runs ${count.toLocaleString('en-US')} replicas, more than the import's limit of ${IMPORT_LIMITS.replicas.toLocaleString('en-US')}` });
    return undefined;
  }
  return count;
}

/** Docker's defaults when a `healthcheck` leaves them out. */
const DOCKER_HEALTHCHECK = { intervalSeconds: 30, timeoutSeconds: 30, retries: 3 };

function healthCheckOf(s: SourceEntry, errors: DraftError[], notes: string[]): DraftHealthCheck | undefined {
  const hc = entry(s.value, 'healthcheck');
  if (!hc) {
    notes.push('no healthcheck in the Compose file (the image may declare one, which Topo cannot see).');
    return undefined;
  }
  if (hc.value.kind !== 'map') {
    errors.push({ location: hc.value.location, message: `\`healthcheck\` of service \`${s.key}\` must be a mapping, not ${describe(hc.value)}` });
    return undefined;
  }
  const testNode = entry(hc.value, 'test')?.value;
  const firstTest = testNode?.kind === 'seq' ? scalar(testNode.items[0]) : scalar(testNode);
  if (scalar(entry(hc.value, 'disable')?.value) === true || firstTest === 'NONE') {
    notes.push('its healthcheck is disabled.');
    return undefined;
  }
  const seconds = (key: string, fallback: number): number | undefined => {
    const e = entry(hc.value, key);
    if (!e) return fallback;
    const v = scalar(e.value);
    if (typeof v === 'string' && isTemplated(v)) {
      errors.push({ location: e.value.location, message: templatedMessage(v, `\`healthcheck.${key}\` of service \`${s.key}\``) });
      return undefined;
    }
    const parsed = typeof v === 'string' ? parseGoDuration(v) : undefined;
    if (parsed === undefined || parsed <= 0) {
      errors.push({ location: e.value.location, message: `\`healthcheck.${key}\` of service \`${s.key}\` must be a duration such as 30s or 1m30s, not ${describe(e.value)}` });
      return undefined;
    }
    return parsed;
  };
  const interval = seconds('interval', DOCKER_HEALTHCHECK.intervalSeconds);
  const timeout = seconds('timeout', DOCKER_HEALTHCHECK.timeoutSeconds);
  const retriesEntry = entry(hc.value, 'retries');
  let retries: number | undefined = DOCKER_HEALTHCHECK.retries;
  if (retriesEntry) {
    const v = scalar(retriesEntry.value);
    if (typeof v === 'string' && isTemplated(v)) {
      errors.push({ location: retriesEntry.value.location, message: templatedMessage(v, `\`healthcheck.retries\` of service \`${s.key}\``) });
      retries = undefined;
    } else if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
      errors.push({ location: retriesEntry.value.location, message: `\`healthcheck.retries\` of service \`${s.key}\` must be a whole number from 1, not ${describe(retriesEntry.value)}` });
      retries = undefined;
    } else retries = v;
  }
  if (interval === undefined || timeout === undefined || retries === undefined) return undefined;
  const defaulted = ['interval', 'timeout', 'retries'].filter((k) => !entry(hc.value, k));
  const defaults: Record<string, string> = { interval: 'interval 30s', timeout: 'timeout 30s', retries: 'retries 3' };
  if (defaulted.length > 0) notes.push(`healthcheck: Docker's default ${defaulted.map((k) => defaults[k]).join(', ')} (not given).`);
  return { intervalSeconds: interval, timeoutSeconds: timeout, unhealthy: retries };
}

/** The services `s` depends on, list form (`[db]`) or map form (`db: {condition: …}`). */
function dependencies(s: SourceEntry, errors: DraftError[]): { name: string; location: SourceLocation }[] {
  const d = entry(s.value, 'depends_on');
  if (!d) return [];
  const named = (name: unknown, location: SourceLocation): { name: string; location: SourceLocation }[] => {
    if (typeof name === 'string' && isTemplated(name)) {
      errors.push({ location, message: templatedMessage(name, `a \`depends_on\` of service \`${s.key}\``) });
      return [];
    }
    if (typeof name !== 'string') {
      errors.push({ location, message: `a \`depends_on\` of service \`${s.key}\` must name a service` });
      return [];
    }
    return [{ name, location }];
  };
  if (d.value.kind === 'seq') return d.value.items.flatMap((i) => named(scalar(i), i.location));
  if (d.value.kind === 'map') return d.value.entries.flatMap((e) => named(e.key, e.keyLocation));
  errors.push({ location: d.value.location, message: `\`depends_on\` of service \`${s.key}\` must be a list or a mapping of services` });
  return [];
}

/**
 * The path: from the entry services — those publishing `ports` that no service depends on (all
 * services no one depends on, when none publishes a port) — to what they need, each service
 * before its dependencies (declaration order among equals). Services off the way are optional.
 */
function orderPath(system: DraftSystem, services: Service[], errors: DraftError[]): void {
  const byName = new Map(services.map((s) => [s.name, s]));
  const cycle = findCycle(services, byName);
  if (cycle) {
    errors.push({ location: cycle.location, message: `\`depends_on\` has a cycle: ${cycle.names.join(' → ')}; a dependency order needs none` });
    return;
  }
  const dependedOn = new Set(services.flatMap((s) => s.dependsOn.map((d) => d.name)));
  const roots = services.filter((s) => !dependedOn.has(s.name));
  const published = roots.filter((s) => s.published);
  const entries = published.length > 0 ? published : roots;
  const reachable = new Set<string>();
  const visit = (s: Service): void => {
    if (reachable.has(s.name)) return;
    reachable.add(s.name);
    for (const d of s.dependsOn) visit(byName.get(d.name)!);
  };
  for (const s of entries) visit(s);
  // Kahn's order on "dependent before dependency", keeping declaration order among the ready.
  const waiting = new Map(services.filter((s) => reachable.has(s.name)).map((s) => [s.name, services.filter((o) => reachable.has(o.name) && o.dependsOn.some((d) => d.name === s.name)).length]));
  const order: string[] = [];
  while (order.length < waiting.size) {
    const next = services.find((s) => waiting.get(s.name) === 0 && !order.includes(s.name))!;
    order.push(next.name);
    for (const d of next.dependsOn) waiting.set(d.name, waiting.get(d.name)! - 1);
  }
  system.path = order;
  const entryNames = entries.map((s) => `\`${s.name}\``).join(', ');
  system.notes.push(`Path: from ${entryNames} (${published.length > 0 ? 'publishing ports, depended on by no service' : 'no service publishes a port: every service nothing depends on'}), each service before what it depends on (\`depends_on\`).`);
  for (const layer of system.layers) {
    if (reachable.has(layer.name)) continue;
    layer.optional = true;
    layer.notes.push(`not on the request path: no entry service needs it (depends_on), so it is optional; its own figures are still reported.`);
  }
}

/** A cycle of `depends_on`, named from where it closes, or undefined. */
function findCycle(services: Service[], byName: ReadonlyMap<string, Service>): { names: string[]; location: SourceLocation } | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const walk = (s: Service): { names: string[]; location: SourceLocation } | undefined => {
    state.set(s.name, 'open');
    stack.push(s.name);
    for (const d of s.dependsOn) {
      const target = byName.get(d.name)!;
      if (state.get(d.name) === 'open') return { names: [...stack.slice(stack.indexOf(d.name)), d.name], location: d.location };
      if (state.get(d.name) === undefined) {
        const found = walk(target);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(s.name, 'done');
    return undefined;
  };
  for (const s of services) {
    if (state.get(s.name) !== undefined) continue;
    const found = walk(s);
    if (found) return found;
  }
  return undefined;
}

/** The layer kind an image's name implies; undefined when it implies none. */
export function kindOfImage(image: string): DraftLayer['kind'] {
  const repo = image.split('@')[0]!.split('/').pop()!.split(':')[0]!.toLowerCase();
  for (const [kind, names] of IMAGE_KINDS) if (names.includes(repo)) return kind;
  return undefined;
}

const IMAGE_KINDS: [NonNullable<DraftLayer['kind']>, string[]][] = [
  ['database', ['postgres', 'postgis', 'mysql', 'mariadb', 'mongo', 'mongodb', 'cassandra', 'cockroach', 'mssql-server', 'timescaledb', 'clickhouse-server']],
  ['cache', ['redis', 'valkey', 'memcached', 'keydb', 'dragonfly']],
  ['load-balancer', ['nginx', 'haproxy', 'traefik', 'envoy', 'caddy', 'httpd']],
  ['queue', ['rabbitmq', 'kafka', 'nats', 'activemq', 'redpanda']],
  ['storage', ['minio', 'seaweedfs']],
];

/** True when `text` holds a variable Compose would substitute (`${VAR}`, `$VAR`; `$$` is a literal `$`). */
export function isTemplated(text: string): boolean {
  return /(^|[^$])(\$\$)*\$(\{[^}]*\}|[A-Za-z_])/.test(text);
}

function templatedMessage(value: string, what: string): string {
  return `${what} is templated (${value}): Topo reads the file as written; substitute the variables first (\`docker compose config\`)`;
}

function describe(node: SourceNode): string {
  if (node.kind === 'map') return 'a mapping';
  if (node.kind === 'seq') return 'a list';
  return node.value === null ? 'null' : typeof node.value === 'string' ? `'${node.value}'` : String(node.value);
}

function listText(node: SourceNode): string {
  return node.kind === 'seq' ? node.items.map((i) => String(scalar(i))).join(', ') : String(scalar(node));
}

function baseName(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/\.(ya?ml)$/i, '') || 'compose';
}
