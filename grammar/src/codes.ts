/**
 * Every diagnostic code Topo reports (spec section 6 and Topo's own), with its severity and a
 * one-line summary: the one catalogue. `Diagnostic.code` is typed by it, so a code cannot be
 * reported without being listed here; SARIF rules, the hover's explanations and the docs test
 * (each code has its section in `docs/language.md`) read it.
 */

export interface CodeInfo {
  severity: 'error' | 'warning' | 'info';
  summary: string;
}

export const DIAGNOSTIC_CODES = {
  syntax: { severity: 'error', summary: 'The text does not follow the .topo grammar.' },
  limit: { severity: 'error', summary: 'An explicit limit was hit (file size, nesting, instance count): the message names it.' },
  internal: { severity: 'error', summary: 'A bug in Topo, reported instead of crashing.' },
  'unknown-reference': { severity: 'error', summary: 'A zone, region, layer or element name that is not declared.' },
  'duplicate-name': { severity: 'error', summary: 'A name declared twice in the same scope.' },
  'duplicate-property': { severity: 'error', summary: 'A property given twice in the same block.' },
  'invalid-value': { severity: 'error', summary: 'A value out of range: a percent above 100%, a zero duration, min 0, …' },
  'missing-availability': { severity: 'error', summary: 'A node with no availability, directly or from defaults.' },
  'missing-capacity': { severity: 'error', summary: 'A layer with load where a node has no capacity.' },
  'primary-count': { severity: 'error', summary: 'An active-passive layer without exactly one primary (non-standby) member.' },
  unsatisfiable: { severity: 'error', summary: 'A layer that can never be up: it needs more members than it has.' },
  'mixed-members': { severity: 'error', summary: 'A layer whose members mix nodes and sites.' },
  'incomplete-deploys': { severity: 'error', summary: '`deploys` without `change-failure` or `restore` in the same block, or one of those (or `rollout`) without `deploys`.' },
  'invalid-rollout': { severity: 'error', summary: '`rollout canary` where a canary has no share to expose: a system, a site, a layer of sites or an active-passive layer.' },
  'common-cause-scope': { severity: 'error', summary: '`common-cause` where it cannot group instances: a layer of sites, part of an active-passive layer, or a node of a layer that has its own.' },
  'slo-miss': { severity: 'error', summary: 'The computed availability is below the SLO.' },
  'sla-miss': { severity: 'error', summary: 'The computed availability is below the SLA.' },
  'objective-undetermined': { severity: 'warning', summary: 'The analysis stopped at its work limit and its bounds on U neither meet nor miss the SLO or SLA.' },
  spof: { severity: 'warning', summary: 'A single point of failure: its failure alone takes the system down.' },
  'sla-stricter-than-slo': { severity: 'warning', summary: 'The SLA promised to customers is tighter than the internal SLO.' },
  'rto-exceeded': { severity: 'warning', summary: "A layer's recovery time exceeds the system's RTO." },
  'rpo-exceeded': { severity: 'warning', summary: "A layer's data-loss window exceeds the system's RPO." },
  'no-health-check': { severity: 'warning', summary: 'An active-passive layer with no health check or heartbeat: failover waits for a person.' },
  'no-standby': { severity: 'warning', summary: 'An active-passive layer with no standby.' },
  'no-replication': { severity: 'warning', summary: 'A stateful active-passive layer with no replication or backup: the data-loss window is unbounded.' },
  'no-headroom': { severity: 'warning', summary: 'An active-active layer that fails its requirement when any one instance is lost (N+0).' },
  'off-path': { severity: 'warning', summary: 'A layer neither on the path nor optional.' },
  'inconsistent-value': { severity: 'warning', summary: 'availability, mtbf and mttr all given, and they disagree by more than 1%.' },
  'incomplete-detection': { severity: 'warning', summary: 'A health-check without interval, or a heartbeat with neither interval nor timeout.' },
  'ignored-property': { severity: 'warning', summary: 'A property that has no effect where it is (e.g. `min` in an active-passive layer).' },
  'unknown-kind': { severity: 'warning', summary: 'A `kind` Topo does not know.' },
  'duplicate-reference': { severity: 'warning', summary: 'A layer listed twice on a path.' },
  'empty-path': { severity: 'warning', summary: 'The path has no layer.' },
  'analysis-limit': { severity: 'warning', summary: 'A work limit was hit: the figures it names are bounds, and exact is false.' },
  'failover-saturated': {
    severity: 'warning',
    summary: 'An active-passive layer always failing over (f_p × T_fo ≥ 1): its primary fails again before a failover window ends, so the first-order window figures say little.',
  },
  'dependency-cycle': { severity: 'error', summary: 'Services that depend on each other in a cycle (hard `use` only): the message names the cycle.' },
  'import-not-found': { severity: 'error', summary: 'An `import` whose file cannot be read.' },
  'import-cycle': { severity: 'error', summary: 'Files that import each other in a cycle: the message names the chain.' },
  'import-error': { severity: 'error', summary: 'An imported file has errors: its services cannot be analysed.' },
  'conflicting-domain': { severity: 'error', summary: 'Two services of one estate declare the same zone or region with different figures or regions.' },
  'slo-unreachable': { severity: 'error', summary: 'The SLO is higher than the hard dependencies alone allow, whatever the service itself does.' },
  'sla-unreachable': { severity: 'error', summary: 'The SLA is higher than the hard dependencies alone allow, whatever the service itself does.' },
  'unused-service': { severity: 'warning', summary: 'An external, or an import, that no `use` and no journey refers to.' },
  'figures-withheld': { severity: 'info', summary: 'The file has syntax errors: the diagnostics drawn from the figures (spof, slo-miss, …) are withheld, and the figures are provisional, until they are fixed.' },
  'no-availability': { severity: 'info', summary: 'A zone or region without availability never fails in the figures.' },
} as const satisfies Record<string, CodeInfo>;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

/** Every code, in catalogue order. */
export const CODES = Object.keys(DIAGNOSTIC_CODES) as DiagnosticCode[];
