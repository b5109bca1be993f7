/**
 * Diagnostics that need the maths (spec section 6), each on the declaration it is about:
 * spof, slo-miss, sla-miss, sla-stricter-than-slo, rto-exceeded, rpo-exceeded, no-headroom,
 * no-replication, no-availability (info: a zone or region that never fails in the figures) and
 * analysis-limit (warning: a limit made some figure inexact).
 */
import type { Diagnostic } from '../../../../grammar/src/text';
import type { SystemModel } from '../model/types';
import { errorBudgetOf, formatAvailability, formatSeconds } from './figures';
import type { Recovery } from './recovery';
import type { Spof } from './types';

export interface DiagnosticInput {
  system: SystemModel;
  unavailability: number;
  exact: boolean;
  limits: string[];
  spofs: Spof[];
  recovery: Map<string, Recovery>;
  /** Zones suggested for an extra replica, by layer id (for the spof advice). */
  otherZone: Map<string, string | undefined>;
  /** Per top-level path layer: the element keys (`z:…`, `r:…`, `i:…`) that alone take it down. */
  singlesByLayer?: Map<string, string[]>;
}

const REPLICATED_KINDS = new Set(['database', 'cache', 'storage', 'queue']);

/** A fraction as a percentage without trailing zeros: 0.9995 → "99.95%". */
export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(6).replace(/\.?0+$/, '')}%`;
}

/** All the analysis diagnostics of one system. */
export function analysisDiagnostics(input: DiagnosticInput): Diagnostic[] {
  return [
    ...spofDiagnostics(input),
    ...objectiveDiagnostics(input),
    ...layerDiagnostics(input),
    ...domainDiagnostics(input),
    ...limitDiagnostics(input),
  ];
}

function spofDiagnostics({ system, spofs, otherZone, singlesByLayer }: DiagnosticInput): Diagnostic[] {
  const out: Diagnostic[] = [];
  const instances = new Map(system.instances.map((i) => [i.id, i]));
  const layers = new Map(system.layers.map((l) => [l.id, l]));
  const nodes = new Map(system.nodes.map((n) => [n.id, n]));
  const byNode = new Map<string, string[]>();
  for (const s of spofs) {
    if (s.type !== 'instance') continue;
    const node = instances.get(s.element)?.node;
    if (node === undefined) continue;
    byNode.set(node, [...(byNode.get(node) ?? []), s.element]);
  }
  for (const [nodeId, elements] of byNode) {
    const node = nodes.get(nodeId);
    const layer = node ? layers.get(node.layer) : undefined;
    if (!node || !layer) continue;
    // A node of thousands of replicas names a few and counts the rest.
    const names = elements.length > 5 ? `${elements.slice(0, 4).join(', ')} and ${elements.length - 4} more` : elements.join(', ');
    const zone = otherZone.get(layer.id);
    const where = zone !== undefined ? `in another zone (${zone})` : 'in another zone';
    const isAre = elements.length > 1 ? 'are single points of failure' : 'is a single point of failure';
    const message = layer.kind === 'load-balancer'
      ? `${names} ${isAre}: the load balancer itself is the single point of failure of layer '${layer.id}' — add a second load balancer ${where}`
      : `${names} ${isAre}: ${elements.length > 1 ? 'the failure of any one of them' : 'its failure alone'} takes layer '${layer.id}' and the system down — add a redundant instance ${where}`;
    out.push({ severity: 'warning', code: 'spof', message, range: node.range, data: { subject: elements[0]! } });
  }
  const domains = new Map([...system.zones, ...system.regions].map((d) => [`${d.type}:${d.name}`, d]));
  for (const s of spofs) {
    if (s.type === 'instance') continue;
    const d = domains.get(`${s.type}:${s.element}`);
    if (!d) continue;
    const key = `${s.type === 'zone' ? 'z' : 'r'}:${s.element}`;
    const hit = [...(singlesByLayer ?? new Map<string, string[]>())].filter(([, keys]) => keys.includes(key)).map(([layer]) => `'${layer}'`);
    const what = hit.length > 0 ? `layer${hit.length > 1 ? 's' : ''} ${hit.join(', ')} and the system` : 'the system';
    const spread = hit.length > 0 ? `spread ${hit.join(', ')}` : 'spread each layer on it';
    const fix = s.type === 'zone' ? `${spread} across at least two zones` : 'add a standby site in another region';
    out.push({
      severity: 'warning', code: 'spof', range: d.range, data: { subject: s.element },
      message: `${s.type} ${s.element} is a single point of failure: its failure alone takes down ${what} — ${fix}`,
    });
  }
  return out;
}

function objectiveDiagnostics({ system, unavailability }: DiagnosticInput): Diagnostic[] {
  const out: Diagnostic[] = [];
  const a = formatAvailability(unavailability);
  const window = system.windowSeconds;
  if (system.slo && unavailability > 1 - system.slo.value) {
    const b = errorBudgetOf(unavailability, system.slo.value, window);
    out.push({
      severity: 'error', code: 'slo-miss', range: system.slo.range,
      message: `availability ${a} misses the SLO of ${formatPercent(system.slo.value)}: ${formatSeconds(b.expectedDowntimeSeconds)} of expected downtime per ${formatSeconds(window)} window against a budget of ${formatSeconds(b.budgetSeconds)} (${formatSeconds(b.expectedDowntimeSeconds - b.budgetSeconds)} over budget)`,
    });
  }
  if (system.sla && unavailability > 1 - system.sla.value) {
    const b = errorBudgetOf(unavailability, system.sla.value, window);
    out.push({
      severity: 'error', code: 'sla-miss', range: system.sla.range,
      message: `availability ${a} is below the SLA of ${formatPercent(system.sla.value)} promised to customers: ${formatSeconds(b.expectedDowntimeSeconds)} of expected downtime per ${formatSeconds(window)} window, ${formatSeconds(b.budgetSeconds)} allowed`,
    });
  }
  if (system.sla && system.slo && system.sla.value > system.slo.value) {
    out.push({
      severity: 'warning', code: 'sla-stricter-than-slo', range: system.sla.range,
      message: `the SLA (${formatPercent(system.sla.value)}) is stricter than the SLO (${formatPercent(system.slo.value)}): the promise to customers is tighter than the internal target — raise the SLO to at least the SLA`,
    });
  }
  return out;
}

function layerDiagnostics({ system, recovery }: DiagnosticInput): Diagnostic[] {
  const out: Diagnostic[] = [];
  const onPath = new Set(system.path);
  for (const l of system.layers) {
    const r = recovery.get(l.id);
    if (!r) continue;
    // RTO/RPO targets are the system's: they are checked on the layers of its path.
    if (onPath.has(l.id) && system.rto && r.rtoSeconds > system.rto.value) {
      out.push({
        severity: 'warning', code: 'rto-exceeded', range: l.range, data: { subject: l.id },
        message: `layer '${l.id}' takes ${formatSeconds(r.rtoSeconds)} to recover from one failure (${rtoReason(l.mode, r)}), more than the system's rto of ${formatSeconds(system.rto.value)}`,
      });
    }
    if (onPath.has(l.id) && system.rpo && r.rpoSeconds > system.rpo.value) {
      out.push({
        severity: 'warning', code: 'rpo-exceeded', range: l.range, data: { subject: l.id },
        message: `layer '${l.id}' can lose ${formatSeconds(r.rpoSeconds)} of data in a failover, more than the system's rpo of ${formatSeconds(system.rpo.value)}`,
      });
    }
    if (l.mode === 'active-active' && l.members === 'nodes' && r.n > 1 && !r.headroom) {
      out.push({
        severity: 'warning', code: 'no-headroom', range: l.range, data: { subject: l.id },
        message: `layer '${l.id}' needs ${r.k} of its ${r.n} instances: losing any one takes it down (N+0) — add an instance so it survives the loss of one`,
      });
    }
    if (l.mode === 'active-passive' && REPLICATED_KINDS.has(l.kind) && l.replication.mode === 'none') {
      out.push({
        severity: 'warning', code: 'no-replication', range: l.range, data: { subject: l.id },
        message: `layer '${l.id}' (${l.kind}) has no replication or backup: a failover loses the data (RPO unbounded) — add 'replication sync', 'replication async lag …' or 'backup every …'`,
      });
    }
  }
  return out;
}

function rtoReason(mode: string, r: Recovery): string {
  if (mode === 'active-passive') return 'its failover time';
  return r.n > 1 ? 'it cannot lose a member, so recovery waits for a repair' : 'no redundancy: recovery waits for a repair';
}

function domainDiagnostics({ system }: DiagnosticInput): Diagnostic[] {
  return [...system.regions, ...system.zones]
    .filter((d) => !d.hasAvailability)
    .map((d) => ({
      severity: 'info' as const, code: 'no-availability', range: d.nameRange, data: { subject: d.name },
      message: `${d.type} ${d.name} has no availability: it never fails in the figures (A = 1), but still counts in single points of failure and cut sets`,
    }));
}

function limitDiagnostics({ system, exact, limits }: DiagnosticInput): Diagnostic[] {
  if (exact) return [];
  return [{
    severity: 'warning', code: 'analysis-limit', range: system.nameRange,
    message: `the exact analysis hit a limit (${limits.join('; ')}): the unavailability shown is an upper bound, not an exact figure`,
  }];
}
