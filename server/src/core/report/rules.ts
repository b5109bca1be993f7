/**
 * The catalogue of diagnostic codes (spec section 6 and Topo's own): a one-line description
 * for each, used as SARIF rules and wherever a code needs explaining. A code missing here still
 * reports fine; it just gets a generic description.
 */
import type { Severity } from '../../../../grammar/src/text';

export interface RuleInfo {
  code: string;
  severity: Severity;
  description: string;
}

const RULES: readonly RuleInfo[] = [
  { code: 'syntax', severity: 'error', description: 'The text does not follow the .topo grammar.' },
  { code: 'unknown-reference', severity: 'error', description: 'A zone, region, layer or element name that is not declared.' },
  { code: 'duplicate-name', severity: 'error', description: 'A name declared twice in the same scope.' },
  { code: 'duplicate-property', severity: 'error', description: 'A property given twice in the same block.' },
  { code: 'invalid-value', severity: 'error', description: 'A value out of range: a percent above 100%, a zero duration, min 0, …' },
  { code: 'missing-availability', severity: 'error', description: 'A node with no availability, directly or from defaults.' },
  { code: 'missing-capacity', severity: 'error', description: 'A layer with load where a node has no capacity.' },
  { code: 'primary-count', severity: 'error', description: 'An active-passive layer without exactly one primary (non-standby) member.' },
  { code: 'unsatisfiable', severity: 'error', description: 'A layer that can never be up: it needs more members than it has.' },
  { code: 'mixed-members', severity: 'error', description: 'A layer whose members mix nodes and sites.' },
  { code: 'spof', severity: 'warning', description: 'A single point of failure: its failure alone takes the system down.' },
  { code: 'slo-miss', severity: 'error', description: 'The computed availability is below the SLO.' },
  { code: 'sla-miss', severity: 'error', description: 'The computed availability is below the SLA.' },
  { code: 'sla-stricter-than-slo', severity: 'warning', description: 'The SLA promised to customers is tighter than the internal SLO.' },
  { code: 'rto-exceeded', severity: 'warning', description: "A layer's recovery time exceeds the system's RTO." },
  { code: 'rpo-exceeded', severity: 'warning', description: "A layer's data-loss window exceeds the system's RPO." },
  { code: 'no-health-check', severity: 'warning', description: 'An active-passive layer with no health check or heartbeat: failover waits for a person.' },
  { code: 'no-standby', severity: 'warning', description: 'An active-passive layer with no standby.' },
  { code: 'no-replication', severity: 'warning', description: 'A stateful active-passive layer with no replication or backup: the data-loss window is unbounded.' },
  { code: 'no-headroom', severity: 'warning', description: 'An active-active layer that fails its requirement when any one instance is lost (N+0).' },
  { code: 'failover-saturated', severity: 'warning', description: 'An active-passive layer always failing over (f_p × T_fo ≥ 1): its primary fails again before a failover window ends, so the first-order window figures say little.' },
  { code: 'off-path', severity: 'warning', description: 'A layer neither on the path nor optional.' },
];

const BY_CODE = new Map(RULES.map((r) => [r.code, r]));

/** The rule for a code; codes outside the catalogue get a generic one. */
export function ruleFor(code: string, severity: Severity = 'warning'): RuleInfo {
  return BY_CODE.get(code) ?? { code, severity, description: `Topo diagnostic '${code}'.` };
}
