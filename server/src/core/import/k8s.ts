/**
 * Kubernetes manifests → draft (docs/import.md, "Kubernetes"). Each Deployment, StatefulSet and
 * DaemonSet is a layer of one node: its replicas from `spec.replicas`, or the `minReplicas` of the
 * HorizontalPodAutoscaler that scales it (the floor it keeps); its zones from
 * `topologySpreadConstraints` or pod anti-affinity on the zone label, and when nothing spreads it,
 * every replica in one zone (what the scheduler is free to do); its health check from the
 * readiness (else liveness) probe of the container its Service sends to, else of the first. Ingresses and LoadBalancer Services are the entry;
 * a workload whose environment or arguments name another Service (`http://cart:7070`,
 * `cart.shop.svc`) calls it, which orders the path.
 *
 * Pure: the adapter parses the YAML (every document of every file) and hands over the trees.
 */
import { IMPORT_LIMITS } from '../limits';
import { CATALOGUE } from './catalogue';
import { kindOfImage } from './compose';
import type { DraftAvailability, DraftError, DraftHealthCheck, DraftLayer, DraftSkipped, DraftSystem, DraftZone, ImportDraft } from './draft';
import { entry, scalar, type SourceLocation, type SourceNode } from './tree';

/** One YAML document of a manifest file; `root` undefined: an empty document (a trailing `---`). */
export interface K8sDocument {
  file: string;
  root: SourceNode | undefined;
}

/** The catalogue entry every pod replica assumes: a self-hosted container has no published SLA. */
export const K8S_REPLICA_ENTRY = 'topo-default-container';
/** The entry a zone takes when the catalogue has one (asked of the catalogue's owners); else the replica's. */
export const K8S_ZONE_ENTRY = 'topo-default-zone';
/** Nodes a DaemonSet is assumed to run on: the manifests do not say how many nodes the cluster has. */
export const DAEMONSET_ASSUMED_NODES = 3;
/** Zones a spread workload is assumed to span when no manifest names them (a region's usual three). */
export const ASSUMED_ZONE_COUNT = 3;
/** Kubernetes' probe defaults (Pod lifecycle docs): every 10 s, 3 failures, 1 s timeout. */
export const PROBE_DEFAULTS = { periodSeconds: 10, failureThreshold: 3, timeoutSeconds: 1 };

const ZONE_KEYS = new Set(['topology.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/zone']);
const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);
const USED_KINDS = new Set(['Service', 'Ingress', 'HorizontalPodAutoscaler', 'PodDisruptionBudget']);

/** Kinds that are not on the request path, with why (read, listed as skipped). */
const OFF_PATH: [string[], string][] = [
  [['Job', 'CronJob'], 'a batch workload: not on the request path'],
  [['ConfigMap', 'Secret'], 'configuration, not a running component'],
  [['ServiceAccount', 'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding'], 'access control, not on the request path'],
  [['NetworkPolicy'], 'a network policy restricts traffic but runs nothing: not modelled'],
  [['Namespace', 'LimitRange', 'ResourceQuota', 'PriorityClass', 'IngressClass', 'StorageClass', 'CustomResourceDefinition'], 'cluster configuration, not on the request path'],
  [['PersistentVolumeClaim', 'PersistentVolume'], 'storage is not modelled: its failures are the pods\' that mount it'],
  [['Pod', 'ReplicaSet', 'ReplicationController'], 'import the Deployment or StatefulSet that makes it: a bare one is not modelled'],
  [['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'VerticalPodAutoscaler', 'Endpoints', 'EndpointSlice'], 'cluster machinery, not on the request path'],
];

interface K8sObject {
  kind: string;
  name: string;
  namespace: string;
  node: SourceNode;
  location: SourceLocation;
}

interface Workload {
  object: K8sObject;
  podLabels: Map<string, string>;
  podSpec: SourceNode | undefined;
  layer: DraftLayer;
  spread: Spread;
}

/** How a workload's replicas are placed over zones: required, preferred, or not at all; `named` from node affinity. */
interface Spread {
  how: 'required' | 'preferred' | 'daemon' | 'none';
  named: string[];
}

interface Service {
  object: K8sObject;
  selector: Map<string, string>;
  type: string;
}

/** The draft of the manifests `documents`; `name` names the system (a directory's or file's name). */
export function k8sDraft(documents: readonly K8sDocument[], files: string[], name: string): ImportDraft {
  const errors: DraftError[] = [];
  const skipped: DraftSkipped[] = [];
  const draft: ImportDraft = { source: 'k8s', files, systems: [], skipped, errors };
  const objects = manifestObjects(documents, errors, skipped);
  if (errors.length > 0) return draft;
  const hpas = objects.filter((o) => o.kind === 'HorizontalPodAutoscaler');
  const pdbs = objects.filter((o) => o.kind === 'PodDisruptionBudget');
  const services = objects.filter((o) => o.kind === 'Service').map(serviceOf);
  const workloadObjects = objects.filter((o) => WORKLOAD_KINDS.has(o.kind));
  if (workloadObjects.length > IMPORT_LIMITS.services) {
    errors.push({ location: workloadObjects[IMPORT_LIMITS.services]!.location, message: `${workloadObjects.length.toLocaleString('en-US')} workloads, more than the import's limit of ${IMPORT_LIMITS.services.toLocaleString('en-US')}` });
    return draft;
  }
  const clash = clashingNames(workloadObjects);
  const workloads: Workload[] = [];
  for (const o of workloadObjects) {
    const w = workloadOf(o, clash.has(o.name) ? `${o.namespace}/${o.name}` : o.name, { hpas, pdbs, services }, errors, skipped);
    if (w) workloads.push(w);
  }
  if (errors.length > 0) return draft;
  if (workloads.length === 0) {
    errors.push({ location: objects[0]?.location ?? { file: files[0] ?? '', line: 1, column: 1 }, message: 'no Deployment, StatefulSet or DaemonSet to import (see the skipped items)' });
    return draft;
  }
  const system: DraftSystem = { name, regions: [], zones: [], layers: workloads.map((w) => w.layer), path: [], location: workloads[0]!.object.location, notes: [] };
  placeInZones(system, workloads);
  orderPath(system, workloads, services, objects.filter((o) => o.kind === 'Ingress'));
  draft.systems.push(system);
  return draft;
}

/** Every object of the documents, `kind: List` items unwrapped; other documents are errors or skipped. */
function manifestObjects(documents: readonly K8sDocument[], errors: DraftError[], skipped: DraftSkipped[]): K8sObject[] {
  const out: K8sObject[] = [];
  const take = (node: SourceNode, file: string): void => {
    if (node.kind !== 'map') {
      errors.push({ location: node.location, message: `a Kubernetes manifest is a mapping with \`apiVersion\` and \`kind\`, not ${describe(node)}` });
      return;
    }
    const kind = scalar(entry(node, 'kind')?.value);
    if (typeof kind !== 'string') {
      errors.push({ location: node.location, message: 'a Kubernetes manifest needs a `kind` (Deployment, Service, …)' });
      return;
    }
    if (kind === 'List' || kind.endsWith('List')) {
      const items = entry(node, 'items')?.value;
      if (items?.kind === 'seq') for (const item of items.items) take(item, file);
      else if (items && !(items.kind === 'scalar' && items.value === null)) errors.push({ location: items.location, message: `\`items\` of a \`${kind}\` must be a list of manifests, not ${describe(items)}` });
      return;
    }
    const metadata = entry(node, 'metadata')?.value;
    const name = scalar(entry(metadata, 'name')?.value);
    const namespace = scalar(entry(metadata, 'namespace')?.value);
    const object = { kind, name: typeof name === 'string' ? name : '(unnamed)', namespace: typeof namespace === 'string' ? namespace : 'default', node, location: node.location };
    if (!WORKLOAD_KINDS.has(kind) && !USED_KINDS.has(kind)) {
      const reason = OFF_PATH.find(([kinds]) => kinds.includes(kind))?.[1] ?? 'not a kind Topo models (a custom resource?): its effect on availability is not read';
      skipped.push({ what: `${kind} \`${object.name}\``, reason, location: node.location });
      return;
    }
    const templated = firstTemplated(node);
    if (templated) {
      errors.push({ location: templated.location, message: `${kind} \`${object.name}\` has a templated value (${templated.text}): these are un-rendered Helm templates; render the chart first (\`helm template RELEASE CHART > manifests.yaml\`) and import its output` });
      return;
    }
    if (typeof name !== 'string') {
      errors.push({ location: node.location, message: `a ${kind} needs \`metadata.name\`` });
      return;
    }
    out.push(object);
  };
  for (const d of documents) {
    if (d.root === undefined || (d.root.kind === 'scalar' && d.root.value === null)) continue;
    take(d.root, d.file);
    if (out.length > IMPORT_LIMITS.documents) {
      errors.push({ location: d.root.location, message: `more than the import's limit of ${IMPORT_LIMITS.documents.toLocaleString('en-US')} manifests` });
      return [];
    }
  }
  return out;
}

/** The first value or key written as a Go template (`{{ .Values.replicas }}`), if any. */
function firstTemplated(node: SourceNode): { text: string; location: SourceLocation } | undefined {
  if (node.kind === 'scalar') return typeof node.value === 'string' && node.value.includes('{{') ? { text: node.value, location: node.location } : undefined;
  if (node.kind === 'seq') {
    for (const i of node.items) {
      const found = firstTemplated(i);
      if (found) return found;
    }
    return undefined;
  }
  for (const e of node.entries) {
    if (e.key.includes('{{')) return { text: e.key, location: e.keyLocation };
    const found = firstTemplated(e.value);
    if (found) return found;
  }
  return undefined;
}

/** Workload names written in more than one namespace: those get qualified (`ns/name`). */
function clashingNames(objects: readonly K8sObject[]): Set<string> {
  const namespaces = new Map<string, Set<string>>();
  for (const o of objects) namespaces.set(o.name, (namespaces.get(o.name) ?? new Set()).add(o.namespace));
  return new Set([...namespaces].filter(([, ns]) => ns.size > 1).map(([n]) => n));
}

/** The objects that tell about a workload without being one. */
interface Related {
  hpas: readonly K8sObject[];
  pdbs: readonly K8sObject[];
  services: readonly Service[];
}

function workloadOf(o: K8sObject, name: string, related: Related, errors: DraftError[], skipped: DraftSkipped[]): Workload | undefined {
  const { hpas, pdbs } = related;
  const spec = entry(o.node, 'spec')?.value;
  const template = entry(spec, 'template')?.value;
  const podSpec = entry(template, 'spec')?.value;
  const podLabels = stringMap(entry(entry(template, 'metadata')?.value, 'labels')?.value);
  const notes: string[] = [];
  const replicas = replicaCount(o, spec, hpas, errors, notes);
  if (replicas === undefined) return undefined;
  if (replicas === 0) {
    skipped.push({ what: `${o.kind} \`${o.name}\``, reason: 'it runs 0 replicas', location: o.location });
    return undefined;
  }
  const containers = entry(podSpec, 'containers')?.value;
  const list = seqItems(containers);
  const first = list[0];
  const image = scalar(entry(first, 'image')?.value);
  const kind = typeof image === 'string' ? kindOfImage(image) : undefined;
  if (o.kind === 'StatefulSet' && (kind === 'database' || kind === 'cache' || kind === 'queue')) {
    notes.push(`${String(image)} runs as a StatefulSet: its replicas are replicas of its data only if it replicates itself; check before counting on them.`);
  }
  const healthCheck = probeOf(servingContainer(o, podLabels, list, related.services) ?? first, notes);
  notes.push(...disruptionNotes(o, podLabels, replicas, pdbs));
  const { percent } = CATALOGUE.find((e) => e.id === K8S_REPLICA_ENTRY)!;
  const nodeNotes = o.kind === 'DaemonSet'
    ? [`assumed: ${DAEMONSET_ASSUMED_NODES} replicas — a DaemonSet runs one pod on each node of the cluster, and the manifests do not say how many nodes it has: set replicas to your node count.`]
    : [];
  const layer: DraftLayer = {
    name, ...(kind !== undefined ? { kind } : {}), location: o.location, notes, ...(healthCheck ? { healthCheck } : {}),
    nodes: [{ name, availability: { percent, assumed: true, catalogueId: K8S_REPLICA_ENTRY }, replicas, zones: [], location: o.location, notes: nodeNotes }],
  };
  // A DaemonSet runs a pod on every node, so in every zone the cluster's nodes are in.
  const spread = spreadOf(podSpec, podLabels);
  return { object: o, podLabels, podSpec, layer, spread: o.kind === 'DaemonSet' ? { how: 'daemon', named: spread.named } : spread };
}

/** `spec.replicas` (default 1), or the `minReplicas` of an autoscaler targeting it; a DaemonSet's assumed count. */
function replicaCount(o: K8sObject, spec: SourceNode | undefined, hpas: readonly K8sObject[], errors: DraftError[], notes: string[]): number | undefined {
  if (o.kind === 'DaemonSet') return DAEMONSET_ASSUMED_NODES;
  const hpa = hpas.find((h) => {
    const target = entry(entry(h.node, 'spec')?.value, 'scaleTargetRef')?.value;
    return h.namespace === o.namespace && scalar(entry(target, 'kind')?.value) === o.kind && scalar(entry(target, 'name')?.value) === o.name;
  });
  if (hpa) {
    const hpaSpec = entry(hpa.node, 'spec')?.value;
    const min = entry(hpaSpec, 'minReplicas');
    const max = scalar(entry(hpaSpec, 'maxReplicas')?.value);
    const count = min ? wholeNumber(min.value, `\`minReplicas\` of HorizontalPodAutoscaler \`${hpa.name}\``, errors) : 1;
    if (count === undefined) return undefined;
    notes.push(`HorizontalPodAutoscaler \`${hpa.name}\` scales it between ${count} and ${String(max ?? '?')} replicas: the draft counts ${count}, the floor it always keeps${min ? '' : ' (minReplicas defaults to 1)'}.`);
    return count;
  }
  const given = entry(spec, 'replicas');
  if (!given) {
    notes.push('no `spec.replicas`: Kubernetes runs 1.');
    return 1;
  }
  return wholeNumber(given.value, `\`spec.replicas\` of ${o.kind} \`${o.name}\``, errors);
}

function wholeNumber(node: SourceNode, what: string, errors: DraftError[]): number | undefined {
  const v = scalar(node);
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
    errors.push({ location: node.location, message: `${what} must be a whole number of replicas, not ${describe(node)}` });
    return undefined;
  }
  if (v > IMPORT_LIMITS.replicas) {
    errors.push({ location: node.location, message: `${what} is ${v.toLocaleString('en-US')}, more than the import's limit of ${IMPORT_LIMITS.replicas.toLocaleString('en-US')} replicas` });
    return undefined;
  }
  return v;
}

/**
 * The container a Service of the workload sends to: the one whose port (by name or number) is a
 * selecting Service's `targetPort` (its `port` when it has none); undefined when none matches.
 */
function servingContainer(o: K8sObject, podLabels: ReadonlyMap<string, string>, containers: readonly SourceNode[], services: readonly Service[]): SourceNode | undefined {
  const targets = services
    .filter((s) => s.object.namespace === o.namespace && selects(s.selector, podLabels))
    .flatMap((s) => seqItems(entry(entry(s.object.node, 'spec')?.value, 'ports')?.value))
    .map((p) => scalar(entry(p, 'targetPort')?.value) ?? scalar(entry(p, 'port')?.value));
  return containers.find((c) => seqItems(entry(c, 'ports')?.value).some((port) => {
    const number = scalar(entry(port, 'containerPort')?.value);
    const portName = scalar(entry(port, 'name')?.value);
    return targets.some((t) => (typeof t === 'number' && t === number) || (typeof t === 'string' && (t === portName || t === String(number))));
  }));
}

/** A container's readiness probe, else its liveness probe, as a health check (Kubernetes' defaults filled). */
function probeOf(container: SourceNode | undefined, notes: string[]): DraftHealthCheck | undefined {
  const which = ['readinessProbe', 'livenessProbe'].find((k) => entry(container, k));
  if (which === undefined) {
    notes.push(`no readinessProbe or livenessProbe on container \`${String(scalar(entry(container, 'name')?.value) ?? 'first')}\`: a hung pod stays in the Service and is not restarted.`);
    return undefined;
  }
  const probe = entry(container, which)!.value;
  const read = (key: keyof typeof PROBE_DEFAULTS): number => {
    const v = scalar(entry(probe, key)?.value);
    return typeof v === 'number' && v > 0 ? v : PROBE_DEFAULTS[key];
  };
  const defaulted = (Object.keys(PROBE_DEFAULTS) as (keyof typeof PROBE_DEFAULTS)[]).filter((k) => typeof scalar(entry(probe, k)?.value) !== 'number');
  const containerName = scalar(entry(container, 'name')?.value);
  notes.push(`health check from the ${which} of container \`${String(containerName ?? 'first')}\`${defaulted.length > 0 ? `; Kubernetes' default ${defaulted.map((k) => `${k} ${PROBE_DEFAULTS[k]}`).join(', ')} (not given)` : ''}.`);
  return { intervalSeconds: read('periodSeconds'), timeoutSeconds: read('timeoutSeconds'), unhealthy: read('failureThreshold') };
}

/** The PodDisruptionBudget notes of a workload: a PDB bounds voluntary evictions, not failures, so it is not in the figures. */
function disruptionNotes(o: K8sObject, podLabels: ReadonlyMap<string, string>, replicas: number, pdbs: readonly K8sObject[]): string[] {
  const matching = pdbs.filter((p) => p.namespace === o.namespace && selects(stringMap(entry(entry(entry(p.node, 'spec')?.value, 'selector')?.value, 'matchLabels')?.value), podLabels));
  if (matching.length === 0) {
    return replicas > 1 && o.kind !== 'DaemonSet'
      ? ['no PodDisruptionBudget selects its pods: a node drain or cluster upgrade may evict all its replicas at once (kube-score `pod-disruption-budget`); not in the figures, which count failures only.']
      : [];
  }
  return matching.map((p) => {
    const spec = entry(p.node, 'spec')?.value;
    const bound = ['minAvailable', 'maxUnavailable'].map((k) => [k, scalar(entry(spec, k)?.value)] as const).filter(([, v]) => v !== undefined && v !== null);
    return `PodDisruptionBudget \`${p.name}\` (${bound.map(([k, v]) => `${k} ${String(v)}`).join(', ') || 'no bound'}) limits voluntary evictions (drains, upgrades), not failures: not in the figures.`;
  });
}

/** How the pod template spreads its replicas over zones, and the zones its node affinity names. */
function spreadOf(podSpec: SourceNode | undefined, podLabels: ReadonlyMap<string, string>): Spread {
  let how: Spread['how'] = 'none';
  const upgrade = (to: 'required' | 'preferred'): void => {
    if (how !== 'required') how = to;
  };
  const constraints = entry(podSpec, 'topologySpreadConstraints')?.value;
  for (const c of constraints?.kind === 'seq' ? constraints.items : []) {
    if (!ZONE_KEYS.has(String(scalar(entry(c, 'topologyKey')?.value)))) continue;
    const labels = stringMap(entry(entry(c, 'labelSelector')?.value, 'matchLabels')?.value);
    if (labels.size > 0 && !selects(labels, podLabels)) continue;
    // whenUnsatisfiable defaults to DoNotSchedule.
    upgrade((scalar(entry(c, 'whenUnsatisfiable')?.value) ?? 'DoNotSchedule') === 'DoNotSchedule' ? 'required' : 'preferred');
  }
  const affinity = entry(podSpec, 'affinity')?.value;
  const anti = entry(affinity, 'podAntiAffinity')?.value;
  for (const term of seqItems(entry(anti, 'requiredDuringSchedulingIgnoredDuringExecution')?.value)) {
    if (ZONE_KEYS.has(String(scalar(entry(term, 'topologyKey')?.value)))) upgrade('required');
  }
  for (const weighted of seqItems(entry(anti, 'preferredDuringSchedulingIgnoredDuringExecution')?.value)) {
    if (ZONE_KEYS.has(String(scalar(entry(entry(weighted, 'podAffinityTerm')?.value, 'topologyKey')?.value)))) upgrade('preferred');
  }
  const named: string[] = [];
  const required = entry(entry(affinity, 'nodeAffinity')?.value, 'requiredDuringSchedulingIgnoredDuringExecution')?.value;
  for (const term of seqItems(entry(required, 'nodeSelectorTerms')?.value)) {
    for (const expr of seqItems(entry(term, 'matchExpressions')?.value)) {
      if (!ZONE_KEYS.has(String(scalar(entry(expr, 'key')?.value))) || scalar(entry(expr, 'operator')?.value) !== 'In') continue;
      for (const v of seqItems(entry(expr, 'values')?.value)) if (typeof scalar(v) === 'string' && !named.includes(String(scalar(v)))) named.push(String(scalar(v)));
    }
  }
  const selector = stringMap(entry(podSpec, 'nodeSelector')?.value);
  for (const [k, v] of selector) if (ZONE_KEYS.has(k) && !named.includes(v)) named.push(v);
  return { how, named };
}

/**
 * Zones: the ones the manifests name (node affinity on the zone label), else `z1…zN`, N the most
 * any spread workload spans (min(replicas, 3)). A spread workload's replicas go round robin over
 * min(replicas, zones) of them; a workload nothing spreads has all its replicas in the first, the
 * placement the scheduler is free to make.
 */
function placeInZones(system: DraftSystem, workloads: readonly Workload[]): void {
  const named = [...new Set(workloads.flatMap((w) => w.spread.named))];
  const span = (w: Workload): number => Math.min(w.layer.nodes[0]!.replicas, named.length > 0 ? named.length : ASSUMED_ZONE_COUNT);
  const generic = Array.from({ length: Math.max(1, ...workloads.filter((w) => w.spread.how !== 'none').map(span)) }, (_, i) => `z${i + 1}`);
  const zoneNames = named.length > 0 ? named : generic;
  const zones = new Map<string, DraftZone>(zoneNames.map((z) => [z, { name: z, availability: zoneAvailability(), notes: [] }]));
  system.zones = [...zones.values()];
  const first = system.zones[0]!;
  first.notes.push(zoneFigureNote());
  if (named.length === 0) first.notes.push(`No manifest names its zones (nodeAffinity on topology.kubernetes.io/zone): the draft calls them ${zoneNames.join(', ')}.`);
  for (const w of workloads) {
    const node = w.layer.nodes[0]!;
    const own = w.spread.named.length > 0 ? w.spread.named : zoneNames;
    const n = node.replicas;
    if (w.spread.how === 'none') {
      node.zones = [own[0]!];
      if (n > 1) w.layer.notes.push(`no topologySpreadConstraints or podAntiAffinity on topology.kubernetes.io/zone: all ${n} replicas may be scheduled in one zone, and the draft places them so (in ${own[0]}), the worst case.`);
    } else {
      node.zones = own.slice(0, Math.min(n, own.length));
      const how = w.spread.how === 'required'
        ? 'spread over zones (DoNotSchedule or required anti-affinity on topology.kubernetes.io/zone)'
        : w.spread.how === 'daemon'
          ? 'of a DaemonSet, one on each node: assumed to span the zones'
          : 'spread over zones only as a preference (ScheduleAnyway or preferred anti-affinity): assumed, not guaranteed — when a zone is short of room the scheduler may put them together';
      w.layer.notes.push(`replicas ${how}: round robin over ${node.zones.join(', ')}.`);
    }
    for (const z of node.zones) zones.get(z)!.location ??= w.object.location;
  }
}

function zoneAvailability(): DraftAvailability {
  const zoneEntry = CATALOGUE.find((e) => e.id === K8S_ZONE_ENTRY) ?? CATALOGUE.find((e) => e.id === K8S_REPLICA_ENTRY)!;
  return { percent: zoneEntry.percent, assumed: true, catalogueId: zoneEntry.id };
}

function zoneFigureNote(): string {
  return CATALOGUE.some((e) => e.id === K8S_ZONE_ENTRY)
    ? 'Each zone takes the catalogue\'s zone figure: replace it with your provider\'s or your measurements.'
    : 'The catalogue has no figure for a cloud zone yet: each zone takes the container default as a stand-in. Replace it with your provider\'s or your measurements.';
}

function serviceOf(o: K8sObject): Service {
  const spec = entry(o.node, 'spec')?.value;
  return { object: o, selector: stringMap(entry(spec, 'selector')?.value), type: String(scalar(entry(spec, 'type')?.value) ?? 'ClusterIP') };
}

/**
 * The path: from the workloads behind the entry (an Ingress's backends, a LoadBalancer or NodePort
 * Service), breadth first along the calls inferred from environment values and arguments naming a
 * Service; declaration order among equals. Unreached workloads are optional. With no call to go
 * by, every workload stays on the path in declaration order, and a note says so.
 */
function orderPath(system: DraftSystem, workloads: readonly Workload[], services: readonly Service[], ingresses: readonly K8sObject[]): void {
  const backing = (s: Service): Workload[] => (s.selector.size === 0 ? [] : workloads.filter((w) => w.object.namespace === s.object.namespace && selects(s.selector, w.podLabels)));
  const serviceNamed = (name: string, namespace: string): Service | undefined => services.find((s) => s.object.name === name && s.object.namespace === namespace);
  const entryServices: { service: Service; why: string }[] = [];
  for (const ing of ingresses) {
    for (const backend of ingressBackends(ing.node)) {
      const s = serviceNamed(backend, ing.namespace);
      if (s) entryServices.push({ service: s, why: `Ingress \`${ing.name}\`` });
    }
  }
  for (const s of services) if (s.type === 'LoadBalancer' || s.type === 'NodePort') entryServices.push({ service: s, why: `Service \`${s.object.name}\` of type ${s.type}` });
  const calls = new Map<Workload, Workload[]>(workloads.map((w) => [w, callees(w, services).flatMap((s) => backing(s)).filter((c) => c !== w)]));
  const edgeCount = [...calls.values()].reduce((n, c) => n + c.length, 0);
  const calledByOthers = new Set([...calls.values()].flat());
  let entries = [...new Set(entryServices.flatMap((e) => backing(e.service)))];
  const entryWords = entryServices.filter((e) => backing(e.service).length > 0).map((e) => `${e.why} → Service \`${e.service.object.name}\``);
  if (entries.length === 0) entries = workloads.filter((w) => !calledByOthers.has(w));
  const order = entries.slice().sort((a, b) => workloads.indexOf(a) - workloads.indexOf(b));
  for (let i = 0; i < order.length; i++) for (const c of calls.get(order[i]!)!) if (!order.includes(c)) order.push(c);
  const entryText = entryWords.length > 0 ? entryWords.join(', ') : 'no Ingress or LoadBalancer Service: from the workloads no other one calls';
  system.notes.push(`Entry: ${entryText}. The ingress controller or cloud load balancer in front is not in the manifests: add a layer for it with its figure.`);
  if (edgeCount === 0) {
    system.notes.push('Path: no workload\'s environment or arguments name another Service (`http://NAME:PORT`, `NAME.NAMESPACE.svc`), so the order of calls could not be inferred: every workload is on the path, in the order of the manifests.');
    system.path = [...order, ...workloads.filter((w) => !order.includes(w))].map((w) => w.layer.name);
    return;
  }
  system.notes.push('Path: from the entry, each workload before the Services it calls (a Service named in its environment values or arguments).');
  system.path = order.map((w) => w.layer.name);
  for (const w of workloads) {
    if (order.includes(w)) continue;
    w.layer.optional = true;
    w.layer.notes.push('not on the request path: nothing from the entry calls it (no environment value or argument names its Service), so it is optional; its own figures are still reported.');
  }
}

/** The Service names an Ingress routes to (networking.k8s.io/v1 and the older `serviceName`). */
function ingressBackends(ingress: SourceNode): string[] {
  const spec = entry(ingress, 'spec')?.value;
  const names: string[] = [];
  const backend = (b: SourceNode | undefined): void => {
    const name = scalar(entry(entry(b, 'service')?.value, 'name')?.value) ?? scalar(entry(b, 'serviceName')?.value);
    if (typeof name === 'string' && !names.includes(name)) names.push(name);
  };
  backend(entry(spec, 'defaultBackend')?.value ?? entry(spec, 'backend')?.value);
  for (const rule of seqItems(entry(spec, 'rules')?.value)) {
    for (const p of seqItems(entry(entry(rule, 'http')?.value, 'paths')?.value)) backend(entry(p, 'backend')?.value);
  }
  return names;
}

/** The Services a workload's containers name in their env values, args or command. */
function callees(w: Workload, services: readonly Service[]): Service[] {
  const texts: string[] = [];
  for (const c of seqItems(entry(w.podSpec, 'containers')?.value)) {
    for (const e of seqItems(entry(c, 'env')?.value)) {
      const v = scalar(entry(e, 'value')?.value);
      if (typeof v === 'string') texts.push(v);
    }
    for (const key of ['args', 'command']) for (const a of seqItems(entry(c, key)?.value)) if (typeof scalar(a) === 'string') texts.push(String(scalar(a)));
  }
  return services.filter((s) => texts.some((t) => namesService(t, s.object.name, s.object.namespace, w.object.namespace)));
}

/** True when `text` names the Service: `NAME:PORT`, `scheme://NAME`, `NAME.NAMESPACE[.svc…]` (a bare `NAME` in its own namespace too). */
export function namesService(text: string, name: string, namespace: string, fromNamespace: string): boolean {
  // Both forms hold the name as it is: most texts name no Service, and every workload's texts are
  // tried against every Service (quadratic), so the regular expressions are built only when needed.
  if (!text.includes(name)) return false;
  const n = name.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
  const ns = namespace.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
  const qualified = new RegExp(`(^|[^A-Za-z0-9.-])${n}\\.${ns}(\\.svc(\\.[A-Za-z0-9.-]*)?)?(?=$|[^A-Za-z0-9-])`);
  if (qualified.test(text)) return true;
  if (namespace !== fromNamespace) return false;
  return new RegExp(`(^|//|[\\s,;=@"'])${n}(?=:\\d|/|$)`).test(text);
}

function selects(selector: ReadonlyMap<string, string>, labels: ReadonlyMap<string, string>): boolean {
  return selector.size > 0 && [...selector].every(([k, v]) => labels.get(k) === v);
}

function stringMap(node: SourceNode | undefined): Map<string, string> {
  return new Map(node?.kind === 'map' ? node.entries.flatMap((e) => (e.value.kind === 'scalar' && e.value.value !== null ? [[e.key, String(e.value.value)] as [string, string]] : [])) : []);
}

function seqItems(node: SourceNode | undefined): SourceNode[] {
  return node?.kind === 'seq' ? node.items : [];
}

function describe(node: SourceNode): string {
  if (node.kind === 'map') return 'a mapping';
  if (node.kind === 'seq') return 'a list';
  return node.value === null ? 'null' : typeof node.value === 'string' ? `'${node.value}'` : String(node.value);
}
