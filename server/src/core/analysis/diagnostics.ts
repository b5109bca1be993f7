/**
 * Diagnostics that need the maths (spec section 6), each on the declaration it is about:
 * spof, slo-miss, sla-miss, sla-stricter-than-slo, rto-exceeded, rpo-exceeded, no-headroom,
 * no-replication, failover-saturated (warning: f_p × T_fo ≥ 1, the primary fails again before a
 * window ends: the layer is always failing over and the first-order window term says little),
 * no-availability (info: a zone or region that never fails in the figures)
 * and analysis-limit (warning: a limit made some figure inexact).
 */
import type { Diagnostic } from '../../../../grammar/src/text';
import type { InstanceModel, LayerModel, SystemModel } from '../model/types';
import { errorBudgetOf, verdictOf } from './figures';
import { survives, type Recovery } from './recovery';
import type { LayerFigures, Spof } from './types';
import { SECONDS_PER_HOUR } from '../../../../grammar/src/units';
import { formatAvailability, formatAvailabilityFloor, formatBoundNote, formatDuration, formatNumber, formatPercent, formatTopoDuration } from '../text/format';
import { systemIndex } from '../model/index';

export interface DiagnosticInput {
  system: SystemModel;
  unavailability: number;
  /** Every figure exact (no limit at all). */
  exact: boolean;
  /** U itself exact (default: `exact`). */
  unavailabilityExact?: boolean;
  /** When U is not exact: its [lower, upper] bounds (`unavailability` is the upper one). */
  unavailabilityBounds?: [number, number];
  limits: string[];
  spofs: Spof[];
  recovery: Map<string, Recovery>;
  /** Zones suggested for an extra replica, by layer id (for the spof advice). */
  otherZone: Map<string, string | undefined>;
  /** Per top-level path layer: the element keys (`z:…`, `r:…`, `i:…`) that alone take it down. */
  singlesByLayer?: Map<string, string[]>;
  /** Per-layer figures (for the failover term of active-passive layers). */
  layers?: LayerFigures[];
  /** With maintenance declared: U without it, for an objective that `excludes maintenance`. */
  unavailabilityExcludingMaintenance?: number;
  /** When that is not exact: its [lower, upper] bounds. */
  unavailabilityExcludingMaintenanceBounds?: [number, number];
}

const REPLICATED_KINDS = new Set(['database', 'cache', 'storage', 'queue']);

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
  const { instances, layers, nodes, zones, regions } = systemIndex(system);
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
    out.push({ severity: 'warning', code: 'spof', message, range: node.range, data: { subject: elements[0]!, ...(zone !== undefined ? { zone } : {}) } });
  }
  const instancesOf = (layerId: string): InstanceModel[] =>
    (layers.get(layerId)?.instances ?? []).map((id) => instances.get(id)).filter((i): i is InstanceModel => i !== undefined);
  out.push(...commonCauseSpofs(system, spofs));
  for (const s of spofs) {
    if (s.type !== 'zone' && s.type !== 'region') continue;
    const d = s.type === 'zone' ? zones.get(s.element) : regions.get(s.element);
    if (!d) continue;
    const key = `${s.type === 'zone' ? 'z' : 'r'}:${s.element}`;
    const hitIds = [...(singlesByLayer ?? new Map<string, string[]>())].filter(([, keys]) => keys.includes(key)).map(([layer]) => layer);
    const hit = hitIds.map((id) => `'${id}'`);
    const what = hit.length > 0 ? `layer${hit.length > 1 ? 's' : ''} ${hit.join(', ')} and the system` : 'the system';
    let fix: string;
    if (s.type === 'region') fix = 'add a standby site in another region';
    else {
      // A layer already spread over several zones is not short of zones but of what survives
      // without this one: say what is left against what it needs.
      const spread = hitIds.filter((id) => new Set(instancesOf(id).map((i) => i.zone)).size > 1);
      const single = hit.filter((_, n) => !spread.includes(hitIds[n]!));
      const parts = spread.map((id) => zoneShortfall(layers.get(id)!, instancesOf(id), s.element));
      if (single.length > 0) parts.push(`spread ${single.join(', ')} across at least two zones`);
      fix = parts.length > 0 ? parts.join('; ') : 'spread each layer on it across at least two zones';
    }
    out.push({
      severity: 'warning', code: 'spof', range: d.range, data: { subject: s.element },
      message: `${s.type} ${s.element} is a single point of failure: its failure alone takes down ${what} — ${fix}`,
    });
  }
  return out;
}

/**
 * A deploy or a common-cause group that alone takes the system down, on its declaring line: what
 * one occurrence does, and what would make it partial.
 */
function commonCauseSpofs(system: SystemModel, spofs: Spof[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const byId = new Map(system.commonCauses.map((c) => [c.id, c]));
  const { layers, instances } = systemIndex(system);
  for (const s of spofs) {
    const cc = s.type === 'deploy' || s.type === 'common-cause' ? byId.get(s.element) : undefined;
    if (!cc) continue;
    const layer = cc.layer !== undefined ? layers.get(cc.layer) : undefined;
    const what = cc.scope === 'system' ? 'the system' : cc.scope === 'site' ? `site '${cc.scopeId}' and the system` : `layer '${cc.layer ?? cc.scopeId}' and the system`;
    let message: string;
    if (cc.kind === 'deploy' && cc.deploy) {
      const d = cc.deploy;
      const members = layer ? layer.instances.map((id) => instances.get(id)).filter((i): i is InstanceModel => i !== undefined) : [];
      const losesOne = layer !== undefined && layer.instances.length > 1 && survives(layer, members, new Set(layer.instances.slice(0, 1)));
      const fix = layer && layer.mode === 'active-active' && layer.members === 'nodes' && layer.instances.length > 1
        ? !losesOne
          ? 'the layer cannot lose even one instance, so no canary can help: give it headroom (another instance, or capacity), then roll out by canary'
          : d.rollout === 'canary'
            ? `its canary of ${formatPercent(d.canaryShare ?? 1)} is more than the layer can lose: expose fewer instances first`
            : 'roll out by canary (`rollout canary …`) so that a bad deploy reaches only part of it'
        : cc.scope === 'layer'
          ? 'make bad deploys rarer or shorter (change-failure, restore), or deploy to a standby first'
          : 'deploy layer by layer with a canary on each, rather than all at once';
      message = `${cc.id} is a single point of failure: a bad deploy (${formatNumber(d.perWeek)} a week at ${formatPercent(d.changeFailure)} change failure) takes down ${what} for ${formatDuration(d.restoreSeconds)} — ${fix}`;
    } else {
      message = `${cc.id} is a single point of failure: a fault shared by ${cc.instances.length === 1 ? 'its instance' : `all ${cc.instances.length} of its instances`} (${formatPercent(cc.beta ?? 0)} of their failures) takes down ${what} at once — diversify them (versions, hardware, configuration) to lower the shared share`;
    }
    out.push({ severity: 'warning', code: 'spof', range: cc.range, message, data: { subject: cc.id } });
  }
  return out;
}

/** What a layer spread over several zones keeps without `zone`, against its requirement. */
function zoneShortfall(l: LayerModel, inst: InstanceModel[], zone: string): string {
  const left = inst.filter((i) => i.zone !== zone);
  const { min, load } = l.requirement;
  const zones = [...new Set(inst.map((i) => i.zone ?? '(no zone)'))].join(', ');
  const needs: string[] = [];
  if (l.mode === 'active-active' && left.length < min) needs.push(`${left.length} of the ${min} instances it needs`);
  if (l.mode === 'active-active' && load !== undefined) {
    const capacity = left.reduce((sum, i) => sum + (i.capacity ?? 0), 0);
    if (capacity < load) needs.push(`capacity ${formatNumber(capacity)} of the ${formatNumber(load)} it needs`);
  }
  const shortBy = needs.length > 0 ? needs.join(' and ') : `${left.length} of its ${inst.length} instances, not enough`;
  return `'${l.id}' already spans zones ${zones}, but without ${zone} it keeps ${shortBy}: add instances or capacity so that the others can carry it when ${zone} is lost`;
}

function objectiveDiagnostics(input: DiagnosticInput): Diagnostic[] {
  const { system } = input;
  const out: Diagnostic[] = [];
  const window = system.windowSeconds;
  // An objective that `excludes maintenance` is checked against U without it (bounds then unknown: the exact U's only).
  const countedFor = (excludes: boolean | undefined): { u: number; bounds: [number, number] | undefined; note: string } =>
    excludes && input.unavailabilityExcludingMaintenance !== undefined
      ? { u: input.unavailabilityExcludingMaintenance, bounds: input.unavailabilityExcludingMaintenanceBounds, note: ' (maintenance excluded)' }
      : { u: input.unavailability, bounds: input.unavailabilityBounds, note: '' };
  // Bounds that do not settle an objective settle nothing: said as such, not as a miss.
  const check = (what: 'SLO' | 'SLA', objective: NonNullable<SystemModel['slo']>): void => {
    const { u, bounds, note } = countedFor(objective.excludesMaintenance);
    const verdict = verdictOf(u, bounds, objective.value);
    if (verdict === 'undetermined') {
      out.push({
        severity: 'warning', code: 'objective-undetermined', range: objective.range,
        message: `the ${what} of ${formatPercent(objective.value)} is undetermined: availability is ${formatAvailabilityFloor(u)} (${formatBoundNote(bounds!)}), which neither meets it nor misses it; estimate it with \`topo montecarlo --method importance\``,
      });
    }
    if (verdict !== 'missed') return;
    const a = formatAvailability(u) + note;
    const b = errorBudgetOf(u, objective.value, window);
    out.push(what === 'SLO'
      ? {
        severity: 'error', code: 'slo-miss', range: objective.range,
        message: `availability ${a} misses the SLO of ${formatPercent(objective.value)}: ${formatDuration(b.expectedDowntimeSeconds)} of expected downtime per ${formatTopoDuration(window)} window against a budget of ${formatDuration(b.budgetSeconds)} (${formatDuration(b.expectedDowntimeSeconds - b.budgetSeconds)} over budget)`,
      }
      : {
        severity: 'error', code: 'sla-miss', range: objective.range,
        message: `availability ${a} is below the SLA of ${formatPercent(objective.value)} promised to customers: ${formatDuration(b.expectedDowntimeSeconds)} of expected downtime per ${formatTopoDuration(window)} window, ${formatDuration(b.budgetSeconds)} allowed`,
      });
  };
  if (system.slo) check('SLO', system.slo);
  if (system.sla) check('SLA', system.sla);
  if (system.sla && system.slo && system.sla.value > system.slo.value) {
    out.push({
      severity: 'warning', code: 'sla-stricter-than-slo', range: system.sla.range,
      message: `the SLA (${formatPercent(system.sla.value)}) is stricter than the SLO (${formatPercent(system.slo.value)}): the promise to customers is tighter than the internal target — raise the SLO to at least the SLA`,
    });
  }
  return out;
}

function layerDiagnostics({ system, recovery, layers }: DiagnosticInput): Diagnostic[] {
  const out: Diagnostic[] = [];
  const onPath = new Set(system.path);
  const { instances } = systemIndex(system);
  const figures = new Map((layers ?? []).map((f) => [f.name, f]));
  for (const l of system.layers) {
    const r = recovery.get(l.id);
    if (!r) continue;
    // RTO/RPO targets are the system's: they are checked on the layers of its path.
    if (onPath.has(l.id) && system.rto && r.rtoSeconds > system.rto.value) {
      out.push({
        severity: 'warning', code: 'rto-exceeded', range: l.range, data: { subject: l.id },
        message: `layer '${l.id}' takes ${formatDuration(r.rtoSeconds)} to recover from one failure (${r.rtoCause !== undefined ? commonCauseRto(system, r.rtoCause) : rtoReason(l.mode, r)}), more than the system's rto of ${formatTopoDuration(system.rto.value)}`,
      });
    }
    if (onPath.has(l.id) && system.rpo && r.rpoSeconds > system.rpo.value) {
      const loses = Number.isFinite(r.rpoSeconds)
        ? `can lose ${formatDuration(r.rpoSeconds)} of data in a failover`
        : 'can lose an unbounded amount of data in a failover (no replication or backup)';
      out.push({
        severity: 'warning', code: 'rpo-exceeded', range: l.range, data: { subject: l.id },
        message: `layer '${l.id}' ${loses}, more than the system's rpo of ${formatTopoDuration(system.rpo.value)}`,
      });
    }
    if (l.mode === 'active-active' && l.members === 'nodes' && r.n > 1 && !r.headroom) {
      const inst = l.instances.map((i) => instances.get(i)).filter((i): i is InstanceModel => i !== undefined);
      out.push({
        severity: 'warning', code: 'no-headroom', range: l.range, data: { subject: l.id },
        message: noHeadroomMessage(l, inst, r),
      });
    }
    if (l.mode === 'active-passive' && REPLICATED_KINDS.has(l.kind) && l.replication.mode === 'none') {
      out.push({
        severity: 'warning', code: 'no-replication', range: l.range, data: { subject: l.id },
        message: `layer '${l.id}' (${l.kind}) has no replication or backup: a failover loses the data (RPO unbounded) — add 'replication sync', 'replication async lag …' or 'backup every …'`,
      });
    }
    const f = figures.get(l.id);
    if (l.mode === 'active-passive' && f?.failover && f.failoverSeconds !== undefined && f.primaryFailuresPerSecond !== undefined) {
      const product = f.primaryFailuresPerSecond * f.failoverSeconds;
      if (product >= 1) {
        out.push({
          severity: 'warning', code: 'failover-saturated', range: l.range, data: { subject: l.id },
          message: `layer '${l.id}' is always failing over: its primary fails ${formatRate(f.primaryFailuresPerSecond)} and a failover takes ${formatDuration(f.failoverSeconds)}, so f_p × T_fo = ${formatNumber(product)} ≥ 1: the primary fails again before a window ends, and the failover figures (a first-order term) say little — shorten detection or promotion, or make the primary fail less often`,
        });
      }
    }
  }
  // The system's own deploys and common-cause groups take all of it down until restored.
  for (const c of system.commonCauses) {
    if (c.scope !== 'system' || c.kind === 'maintenance' || !system.rto || c.mttrSeconds <= system.rto.value) continue;
    out.push({
      severity: 'warning', code: 'rto-exceeded', range: c.range, data: { subject: c.id },
      message: `the system takes ${formatDuration(c.mttrSeconds)} to recover from ${c.kind === 'deploy' ? 'a bad deploy of the whole system' : 'a fault shared by all of it'}, more than its rto of ${formatTopoDuration(system.rto.value)}`,
    });
  }
  return out;
}

/** A failure frequency as the message words it, per hour. */
const formatRate = (perSecond: number | undefined): string =>
  perSecond === undefined ? 'often' : `${formatNumber(perSecond * SECONDS_PER_HOUR)} times an hour`;

/**
 * Why an active-active layer without headroom goes down, stated for what it really needs: a
 * count (k of n, any one loss is fatal) or a capacity (only the instances whose capacity the
 * others cannot make up are fatal; they are named).
 */
function noHeadroomMessage(l: LayerModel, inst: InstanceModel[], r: Recovery): string {
  const { min, load } = l.requirement;
  const fix = 'add an instance or capacity so it survives the loss of any one';
  if (load === undefined || l.requirement.k !== undefined || inst.length - 1 < min) {
    return `layer '${l.id}' needs ${r.k} of its ${r.n} instances: losing any one takes it down (N+0) — ${fix}`;
  }
  const total = inst.reduce((sum, i) => sum + (i.capacity ?? 0), 0);
  const fatal = inst.filter((i) => total - (i.capacity ?? 0) < load - 1e-9 * load);
  const needs = `layer '${l.id}' needs a capacity of ${formatNumber(load)} and has ${formatNumber(total)}`;
  if (fatal.length === inst.length) return `${needs}: losing any one of its ${inst.length} instances takes it down (N+0) — ${fix}`;
  const names = fatal.length > 5 ? `${fatal.slice(0, 4).map((i) => i.id).join(', ')} and ${fatal.length - 4} more` : fatal.map((i) => `${i.id} (capacity ${formatNumber(i.capacity ?? 0)})`).join(', ');
  const takes = fatal.length > 1 ? 'losing any one of them takes it down' : 'losing it takes the layer down';
  return `${needs}: the others cannot make up for ${names} — ${takes} — ${fix}`;
}

/** Why a common cause sets a layer's RTO, for `rto-exceeded`. */
function commonCauseRto(system: SystemModel, id: string): string {
  const c = system.commonCauses.find((x) => x.id === id);
  return c?.kind === 'deploy'
    ? `a bad deploy (${id}) stays down until it is restored`
    : `a fault shared by its instances (${id}) takes them down together until repaired`;
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

function limitDiagnostics({ system, exact, unavailabilityExact, limits }: DiagnosticInput): Diagnostic[] {
  if (exact && limits.length === 0) return [];
  const uExact = unavailabilityExact ?? exact;
  const consequence = uExact
    ? 'the unavailability is exact, but the figures named are partial or only bounds'
    : 'the unavailability shown is an upper bound, not an exact figure';
  return [{
    severity: 'warning', code: 'analysis-limit', range: system.nameRange,
    message: `the exact analysis hit a limit (${limits.join('; ')}): ${consequence}`,
  }];
}
