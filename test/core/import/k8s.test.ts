import assert from 'node:assert/strict';
import type { DraftLayer, ImportDraft } from '../../../server/src/core/import/draft';
import { completeImport } from '../../../server/src/core/import/index';
import { k8sDraft, namesService } from '../../../server/src/core/import/k8s';
import { FILE, treeOf } from './tree';

function draftOf(...manifests: unknown[]): ImportDraft {
  return k8sDraft(manifests.map((m) => ({ file: FILE, root: treeOf(m) })), [FILE], 'shop');
}

function layer(d: ImportDraft, name: string): DraftLayer {
  const found = d.systems[0]?.layers.find((l) => l.name === name);
  assert.ok(found, `layer ${name}: ${JSON.stringify(d.errors)}`);
  return found;
}

interface WorkloadOptions {
  kind?: string;
  replicas?: number;
  namespace?: string;
  podSpec?: Record<string, unknown>;
  container?: Record<string, unknown>;
  env?: string[];
}

function workload(name: string, o: WorkloadOptions = {}): unknown {
  const container = { name: 'main', image: `example/${name}:1`, ...o.container, ...(o.env ? { env: o.env.map((value, i) => ({ name: `E${i}`, value })) } : {}) };
  return {
    apiVersion: 'apps/v1', kind: o.kind ?? 'Deployment',
    metadata: { name, ...(o.namespace ? { namespace: o.namespace } : {}) },
    spec: {
      ...(o.replicas !== undefined ? { replicas: o.replicas } : {}),
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { ...o.podSpec, containers: [container] } },
    },
  };
}

function service(name: string, type?: string, namespace?: string): unknown {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, ...(namespace ? { namespace } : {}) }, spec: { ...(type ? { type } : {}), selector: { app: name }, ports: [{ port: 80 }] } };
}

const ZONE = 'topology.kubernetes.io/zone';
const spread = (when: string): Record<string, unknown> => ({ topologySpreadConstraints: [{ maxSkew: 1, topologyKey: ZONE, whenUnsatisfiable: when }] });

describe('k8s importer', () => {
  it('counts spec.replicas (Kubernetes runs 1 when it is absent), and an autoscaler\'s minReplicas over it', () => {
    const hpa = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' }, spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, minReplicas: 4, maxReplicas: 9 } };
    const d = draftOf(workload('web', { replicas: 2 }), workload('api'), hpa);
    assert.deepEqual(d.errors, []);
    assert.equal(layer(d, 'web').nodes[0]!.replicas, 4);
    assert.ok(layer(d, 'web').notes.some((n) => n.includes('between 4 and 9') && n.includes('the floor')));
    assert.equal(layer(d, 'api').nodes[0]!.replicas, 1);
    assert.ok(layer(d, 'api').notes.some((n) => n.includes('no `spec.replicas`')));
    assert.deepEqual(layer(d, 'api').nodes[0]!.availability, { percent: 99.9, assumed: true, catalogueId: 'topo-default-container' });
  });

  it('assumes 3 nodes for a DaemonSet, spread over the zones, and says so', () => {
    const d = draftOf(workload('agent', { kind: 'DaemonSet' }));
    const node = layer(d, 'agent').nodes[0]!;
    assert.equal(node.replicas, 3);
    assert.deepEqual(node.zones, ['z1', 'z2', 'z3']);
    assert.ok(node.notes.some((n) => n.startsWith('assumed: 3 replicas')));
  });

  it('spreads replicas over min(replicas, 3) zones when DoNotSchedule or required anti-affinity says so, and all in one zone when nothing does', () => {
    const anti = { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: ZONE }] } } };
    const d = draftOf(
      workload('a', { replicas: 5, podSpec: spread('DoNotSchedule') }),
      workload('b', { replicas: 2, podSpec: anti }),
      workload('c', { replicas: 4 }),
      workload('d', { replicas: 2, podSpec: spread('ScheduleAnyway') }),
    );
    assert.deepEqual(d.systems[0]!.zones.map((z) => z.name), ['z1', 'z2', 'z3']);
    assert.deepEqual(d.systems[0]!.zones.map((z) => z.availability?.assumed), [true, true, true]);
    assert.deepEqual(layer(d, 'a').nodes[0]!.zones, ['z1', 'z2', 'z3']);
    assert.deepEqual(layer(d, 'b').nodes[0]!.zones, ['z1', 'z2']);
    assert.deepEqual(layer(d, 'c').nodes[0]!.zones, ['z1']);
    assert.ok(layer(d, 'c').notes.includes('no topologySpreadConstraints or podAntiAffinity on topology.kubernetes.io/zone: all 4 replicas may be scheduled in one zone, and the draft places them so (in z1), the worst case.'));
    assert.deepEqual(layer(d, 'd').nodes[0]!.zones, ['z1', 'z2']);
    assert.ok(layer(d, 'd').notes.some((n) => n.includes('not guaranteed')));
  });

  it('declares one zone when nothing spreads, and uses the zone names node affinity gives', () => {
    assert.deepEqual(draftOf(workload('a', { replicas: 3 })).systems[0]!.zones.map((z) => z.name), ['z1']);
    const pinned = { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'failure-domain.beta.kubernetes.io/zone', operator: 'In', values: ['eu-west-1a', 'eu-west-1b'] }] }] } } } };
    const d = draftOf(workload('a', { replicas: 3, podSpec: { ...spread('DoNotSchedule'), ...pinned } }));
    assert.deepEqual(d.systems[0]!.zones.map((z) => z.name), ['eu-west-1a', 'eu-west-1b']);
    assert.deepEqual(layer(d, 'a').nodes[0]!.zones, ['eu-west-1a', 'eu-west-1b']);
  });

  it('makes the readiness probe (else the liveness probe) of the first container the health check when no Service says which, with Kubernetes\' defaults', () => {
    const d = draftOf(
      workload('a', { container: { readinessProbe: { periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 4 }, livenessProbe: { periodSeconds: 30 } } }),
      workload('b', { container: { livenessProbe: { httpGet: { path: '/' } } } }),
      workload('c'),
    );
    assert.deepEqual(layer(d, 'a').healthCheck, { intervalSeconds: 5, timeoutSeconds: 2, unhealthy: 4 });
    assert.deepEqual(layer(d, 'b').healthCheck, { intervalSeconds: 10, timeoutSeconds: 1, unhealthy: 3 });
    assert.ok(layer(d, 'b').notes.some((n) => n.includes('livenessProbe') && n.includes('periodSeconds 10, failureThreshold 3, timeoutSeconds 1')));
    assert.equal(layer(d, 'c').healthCheck, undefined);
  });

  it('takes the probe of the container a Service\'s targetPort names, not of a sidecar before it', () => {
    const pod = {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
      spec: {
        replicas: 2, template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [
            { name: 'proxy', image: 'envoy', ports: [{ containerPort: 15001 }], livenessProbe: { periodSeconds: 30 } },
            { name: 'app', image: 'example/web', ports: [{ name: 'http', containerPort: 8080 }], readinessProbe: { periodSeconds: 4, failureThreshold: 5 } },
          ] },
        },
      },
    };
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http' }] } };
    assert.deepEqual(layer(draftOf(pod, svc), 'web').healthCheck, { intervalSeconds: 4, timeoutSeconds: 1, unhealthy: 5 });
    assert.deepEqual(layer(draftOf(pod), 'web').healthCheck, { intervalSeconds: 30, timeoutSeconds: 1, unhealthy: 3 }, 'no Service: the first container');
  });

  it('notes a PodDisruptionBudget that selects the pods, and its absence for several replicas; neither changes the figures', () => {
    const pdb = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'a-pdb' }, spec: { minAvailable: '50%', selector: { matchLabels: { app: 'a' } } } };
    const d = draftOf(workload('a', { replicas: 2 }), workload('b', { replicas: 2 }), workload('c', { replicas: 1 }), pdb);
    assert.ok(layer(d, 'a').notes.some((n) => n.startsWith('PodDisruptionBudget `a-pdb` (minAvailable 50%)')));
    assert.ok(layer(d, 'b').notes.some((n) => n.startsWith('no PodDisruptionBudget selects its pods')));
    assert.ok(!layer(d, 'c').notes.some((n) => n.includes('PodDisruptionBudget')));
    assert.equal(layer(d, 'a').min, undefined);
  });

  it('skips what is not on the request path and unknown kinds, at their lines, and unwraps a List', () => {
    const list = { apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' } }, workload('a')] };
    const crd = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } };
    const d = draftOf(list, crd);
    assert.deepEqual(d.errors, []);
    assert.deepEqual(d.skipped.map((s) => s.what), ['ConfigMap `cfg`', 'Widget `w`']);
    assert.match(d.skipped[1]!.reason, /custom resource/);
    // The List's map is line 1, apiVersion 2–3, kind 4–5, the items key 6 and its list 7: the ConfigMap item is line 8.
    assert.equal(d.skipped[0]!.location.line, 8);
    assert.ok(layer(d, 'a'));
  });

  it('refuses an un-rendered Helm value at its line, a manifest that is not a mapping, and manifests with no workload', () => {
    const templated = draftOf({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: '{{ .Values.replicas }}' } });
    assert.equal(templated.errors.length, 1);
    assert.match(templated.errors[0]!.message, /templated value \(\{\{ \.Values\.replicas \}\}\).*helm template/);
    // map 1, apiVersion 2–3, kind 4–5, metadata 6–9, spec key 10 and map 11, replicas key 12: its value is line 13.
    assert.equal(templated.errors[0]!.location.line, 13);
    const bare = draftOf('hello');
    assert.match(bare.errors[0]!.message, /a Kubernetes manifest is a mapping with `apiVersion` and `kind`, not 'hello'/);
    const none = draftOf(service('web'));
    assert.match(none.errors[0]!.message, /no Deployment, StatefulSet or DaemonSet/);
  });

  it('orders the path from the Ingress along the Services named in env values; the unreached are optional', () => {
    const ingress = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'shop' }, spec: { rules: [{ http: { paths: [{ backend: { service: { name: 'front' } } }] } }] } };
    const d = draftOf(
      workload('worker'), workload('db'), workload('api', { env: ['db.default.svc.cluster.local:5432'] }), workload('front', { env: ['http://api:8080'] }),
      service('db'), service('api'), service('front'), service('worker'), ingress,
    );
    assert.deepEqual(d.systems[0]!.path, ['front', 'api', 'db']);
    assert.equal(layer(d, 'worker').optional, true);
    assert.ok(d.systems[0]!.notes.some((n) => n.startsWith('Entry: Ingress `shop` → Service `front`')));
  });

  it('keeps declaration order, every workload on the path, when no call can be inferred', () => {
    const d = draftOf(workload('b'), workload('a'), service('a', 'LoadBalancer'), service('b'));
    assert.deepEqual(d.systems[0]!.path, ['a', 'b']);
    assert.ok(d.systems[0]!.notes.some((n) => n.includes('could not be inferred')));
    assert.equal(layer(d, 'b').optional, undefined);
  });

  it('qualifies names that two namespaces share', () => {
    const d = draftOf(workload('api', { namespace: 'blue' }), workload('api', { namespace: 'green' }), workload('web'));
    assert.deepEqual(d.systems[0]!.layers.map((l) => l.name), ['blue/api', 'green/api', 'web']);
  });

  it('recognises a Service\'s DNS names, not a word that merely contains it', () => {
    assert.ok(namesService('cart:7070', 'cart', 'shop', 'shop'));
    assert.ok(namesService('http://cart/api', 'cart', 'shop', 'shop'));
    assert.ok(namesService('redis://cart.shop.svc.cluster.local:6379', 'cart', 'shop', 'other'));
    assert.ok(!namesService('cart:7070', 'cart', 'shop', 'other'), 'a bare name resolves in its own namespace only');
    assert.ok(!namesService('shopping-cart:7070', 'cart', 'shop', 'shop'));
    assert.ok(!namesService('cartridge', 'cart', 'shop', 'shop'));
  });

  it('gives a draft the pipeline analyses: all replicas of an unspread workload in one zone make it a single point of failure', () => {
    const r = completeImport(draftOf(workload('a', { replicas: 3, podSpec: spread('DoNotSchedule') }), workload('b', { replicas: 2 })));
    assert.ok(r.topo);
    assert.deepEqual(r.analysis!.diagnostics.filter((x) => x.severity === 'error'), []);
    const zone = r.findings.find((f) => f.check === 'single-zone');
    assert.ok(zone, JSON.stringify(r.findings));
    assert.match(zone.message, /zone `z1` holds every replica of `b`/);
  });
});
