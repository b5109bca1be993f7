import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { DraftLayer, ImportDraft } from '../../../server/src/core/import/draft';
import { completeImport } from '../../../server/src/core/import/index';
import { terraformDraft } from '../../../server/src/core/import/terraform';
import { IMPORT_LIMITS } from '../../../server/src/core/limits';
import { jsonTree, planTree } from './json-tree';

const FILE = 'plan.json';

interface Res { type: string; name: string; values: Record<string, unknown>; index?: number; unknown?: Record<string, unknown>; actions?: string[] }

/** A `terraform show -json` plan of `resources` (root module), `child` (module.child), with configuration expressions by address. */
function plan(resources: Res[], options: { child?: Res[]; expressions?: Record<string, Record<string, unknown>>; extraChanges?: unknown[] } = {}): unknown {
  const address = (r: Res, module?: string): string => `${module ? `${module}.` : ''}${r.type}.${r.name}${r.index !== undefined ? `[${r.index}]` : ''}`;
  const planned = (r: Res, module?: string): unknown => ({ address: address(r, module), mode: 'managed', type: r.type, name: r.name, ...(r.index !== undefined ? { index: r.index } : {}), provider_name: 'registry.terraform.io/hashicorp/aws', values: r.values });
  const change = (r: Res, module?: string): unknown => ({ address: address(r, module), mode: 'managed', type: r.type, name: r.name, change: { actions: r.actions ?? ['create'], after: r.values, after_unknown: r.unknown ?? {} } });
  const child = options.child ?? [];
  return {
    format_version: '1.2', terraform_version: '1.9.8',
    planned_values: { root_module: { resources: resources.map((r) => planned(r)), child_modules: child.length > 0 ? [{ address: 'module.child', resources: child.map((r) => planned(r, 'module.child')) }] : [] } },
    resource_changes: [...resources.map((r) => change(r)), ...child.map((r) => change(r, 'module.child')), ...(options.extraChanges ?? [])],
    configuration: { root_module: { resources: Object.entries(options.expressions ?? {}).map(([a, expressions]) => ({ address: a, mode: 'managed', expressions })) } },
  };
}

function draftOf(value: unknown): ImportDraft {
  return terraformDraft(planTree(value, FILE), FILE);
}

function layer(d: ImportDraft, name: string): DraftLayer {
  const found = d.systems[0]?.layers.find((l) => l.name === name);
  assert.ok(found, `layer ${name} in ${d.systems[0]?.layers.map((l) => l.name).join(', ')}; errors ${JSON.stringify(d.errors)}`);
  return found;
}

const hasNote = (l: DraftLayer, pattern: RegExp): boolean => l.notes.some((n) => pattern.test(n));

describe('terraform importer: managed services are one node with their SLA', () => {
  it('models an RDS Multi-AZ instance as one node with the Multi-AZ figure, in no zone, the failover inside the SLA', () => {
    const d = draftOf(plan([{ type: 'aws_db_instance', name: 'main', values: { engine: 'postgres', multi_az: true, availability_zone: 'eu-west-1a' } }]));
    const db = layer(d, 'main');
    assert.equal(db.kind, 'database');
    assert.equal(db.nodes.length, 1);
    assert.deepEqual(db.nodes[0]!.availability, { percent: 99.95, assumed: true, catalogueId: 'aws-rds-multi-az' });
    assert.equal(db.nodes[0]!.replicas, 1);
    assert.deepEqual(db.nodes[0]!.zones, []);
    assert.equal(db.mode, undefined, 'not primary + standby: that would count the failover twice');
    assert.ok(hasNote(db, /count them twice/));
    assert.ok(hasNote(db, /primary starts in eu-west-1a/));
  });

  it('gives a single-AZ RDS instance the single-AZ figure, its zone, and the CKV_AWS_157 note; an unknown multi_az is noted and taken as single-AZ', () => {
    const single = layer(draftOf(plan([{ type: 'aws_db_instance', name: 'db', values: { multi_az: false, availability_zone: 'eu-west-1b' } }])), 'db');
    assert.equal(single.nodes[0]!.availability.catalogueId, 'aws-rds-single-az');
    assert.deepEqual(single.nodes[0]!.zones, ['eu-west-1b']);
    assert.ok(hasNote(single, /RDS not Multi-AZ \(checkov CKV_AWS_157\)/));
    const unknown = layer(draftOf(plan([{ type: 'aws_db_instance', name: 'db', values: { engine: 'mysql' }, unknown: { multi_az: true, availability_zone: true } }])), 'db');
    assert.equal(unknown.nodes[0]!.availability.catalogueId, 'aws-rds-single-az');
    assert.ok(hasNote(unknown, /`multi_az` is known only after apply/));
    assert.deepEqual(unknown.nodes[0]!.zones, []);
  });

  it('skips an RDS read replica with its reason', () => {
    const d = draftOf(plan([{ type: 'aws_db_instance', name: 'primary', values: { multi_az: true } }, { type: 'aws_db_instance', name: 'reader', values: { replicate_source_db: 'shop-db' } }]));
    assert.deepEqual(d.systems[0]!.layers.map((l) => l.name), ['primary']);
    assert.match(d.skipped.find((s) => s.what.includes('reader'))!.reason, /read replica/);
  });

  it('models an Aurora cluster from its instances: two zones → the Multi-AZ figure, one instance → the single-AZ figure and a note', () => {
    const instance = (name: string, az: string): Res => ({ type: 'aws_rds_cluster_instance', name, values: { cluster_identifier: 'shop', availability_zone: az } });
    const two = draftOf(plan([{ type: 'aws_rds_cluster', name: 'shop', values: { cluster_identifier: 'shop', engine: 'aurora-postgresql' } }, instance('a', 'eu-west-1a'), instance('b', 'eu-west-1b')]));
    const cluster = layer(two, 'shop');
    assert.equal(cluster.nodes[0]!.availability.catalogueId, 'aws-aurora-multi-az');
    assert.deepEqual(cluster.nodes[0]!.zones, []);
    assert.deepEqual(two.skipped, [], 'the instances are read as part of the cluster');
    const one = layer(draftOf(plan([{ type: 'aws_rds_cluster', name: 'shop', values: { cluster_identifier: 'shop', engine: 'aurora-mysql' } }, instance('a', 'eu-west-1a')])), 'shop');
    assert.equal(one.nodes[0]!.availability.catalogueId, 'aws-aurora-single-az');
    assert.deepEqual(one.nodes[0]!.zones, ['eu-west-1a']);
    assert.ok(hasNote(one, /no replica to promote/));
    // Linked by the configuration's reference when the identifier is only known after apply.
    const byRef = draftOf(plan(
      [{ type: 'aws_rds_cluster', name: 'shop', values: { engine: 'aurora-postgresql' }, unknown: { cluster_identifier: true } }, { type: 'aws_rds_cluster_instance', name: 'x', index: 0, values: { availability_zone: 'eu-west-1a' } }, { type: 'aws_rds_cluster_instance', name: 'x', index: 1, values: { availability_zone: 'eu-west-1c' } }],
      { expressions: { 'aws_rds_cluster_instance.x': { cluster_identifier: { references: ['aws_rds_cluster.shop.id', 'aws_rds_cluster.shop'] } } } },
    ));
    assert.equal(layer(byRef, 'shop').nodes[0]!.availability.catalogueId, 'aws-aurora-multi-az');
  });

  it('models an ElastiCache group with automatic failover and Multi-AZ as one node; a single node without failover gets the default and a note', () => {
    const ha = layer(draftOf(plan([{ type: 'aws_elasticache_replication_group', name: 'cache', values: { automatic_failover_enabled: true, multi_az_enabled: true, num_cache_clusters: 2 } }])), 'cache');
    assert.equal(ha.kind, 'cache');
    assert.equal(ha.nodes[0]!.availability.catalogueId, 'aws-elasticache-multi-az');
    const single = layer(draftOf(plan([{ type: 'aws_elasticache_replication_group', name: 'cache', values: { automatic_failover_enabled: false, num_cache_clusters: 1, preferred_cache_cluster_azs: ['eu-west-1a'] } }])), 'cache');
    assert.equal(single.nodes[0]!.availability.catalogueId, 'topo-default-managed-node');
    assert.ok(hasNote(single, /single cache node without failover/));
    assert.deepEqual(single.nodes[0]!.zones, ['eu-west-1a']);
    const noFailover = layer(draftOf(plan([{ type: 'aws_elasticache_replication_group', name: 'c', values: { num_cache_clusters: 3 } }])), 'c');
    assert.ok(hasNote(noFailover, /replicas without automatic failover/));
  });

  it('makes one dns layer for Route 53 records and zones, with the published figure and a note that 100% is a credit threshold', () => {
    const d = draftOf(plan([{ type: 'aws_route53_zone', name: 'z', values: { name: 'example.com' } }, { type: 'aws_route53_record', name: 'a', values: { name: 'a.example.com', type: 'A' } }, { type: 'aws_route53_record', name: 'b', values: { name: 'b.example.com', type: 'CNAME' } }]));
    assert.equal(d.systems[0]!.layers.length, 1);
    const dns = layer(d, 'dns');
    assert.equal(dns.kind, 'dns');
    assert.deepEqual(dns.nodes[0]!.availability, { percent: 100, assumed: true, catalogueId: 'aws-route53' });
    assert.ok(hasNote(dns, /credit threshold/));
    assert.deepEqual(d.skipped, []);
  });

  it('gives Azure SQL its zone-redundant figure only when zone_redundant', () => {
    assert.equal(layer(draftOf(plan([{ type: 'azurerm_mssql_database', name: 'sql', values: { zone_redundant: true } }])), 'sql').nodes[0]!.availability.catalogueId, 'azure-sql-database-zone-redundant');
    assert.equal(layer(draftOf(plan([{ type: 'azurerm_sql_database', name: 'sql', values: { zone_redundant: false } }])), 'sql').nodes[0]!.availability.catalogueId, 'azure-sql-database');
  });
});

describe('terraform importer: compute is modelled as instances in zones', () => {
  const subnet = (index: number, id: string, az: string): Res => ({ type: 'aws_subnet', name: 'private', index, values: { id, availability_zone: az } });

  it('takes an Auto Scaling group\'s min_size as replicas, its subnets\' zones (matched by id), the EC2 instance figure each', () => {
    const d = draftOf(plan([subnet(0, 'subnet-a', 'eu-west-1a'), subnet(1, 'subnet-b', 'eu-west-1b'), { type: 'aws_autoscaling_group', name: 'app', values: { min_size: 2, max_size: 6, vpc_zone_identifier: ['subnet-a', 'subnet-b'], health_check_type: 'EC2' } }]));
    const app = layer(d, 'app');
    assert.equal(app.kind, 'app');
    assert.equal(app.nodes[0]!.replicas, 2);
    assert.deepEqual(app.nodes[0]!.zones, ['eu-west-1a', 'eu-west-1b']);
    assert.deepEqual(app.nodes[0]!.availability, { percent: 99.5, assumed: true, catalogueId: 'aws-ec2-instance' });
    assert.equal(app.healthCheck, undefined, 'EC2 status checks do not see a hung application');
    assert.ok(hasNote(app, /health_check_type EC2/));
    assert.deepEqual(d.systems[0]!.zones.map((z) => z.name), ['eu-west-1a', 'eu-west-1b']);
    // No provider publishes a zone figure: each zone takes Topo's zone default, assumed.
    assert.ok(d.systems[0]!.zones.every((z) => z.availability?.assumed === true && z.availability.catalogueId === 'topo-default-zone' && z.availability.percent === 99.99), JSON.stringify(d.systems[0]!.zones));
    assert.deepEqual(d.skipped, [], 'the subnets are read for their zones');
  });

  it('does not invent zones for subnets it cannot match, and says so; availability_zones are used as given', () => {
    const unmatched = layer(draftOf(plan([{ type: 'aws_autoscaling_group', name: 'app', values: { min_size: 3, vpc_zone_identifier: ['subnet-x', 'subnet-y'] } }])), 'app');
    assert.deepEqual(unmatched.nodes[0]!.zones, []);
    assert.ok(hasNote(unmatched, /Topo does not invent a spread/));
    const listed = layer(draftOf(plan([{ type: 'aws_autoscaling_group', name: 'app', values: { min_size: 3, availability_zones: ['us-east-1a', 'us-east-1b'] } }])), 'app');
    assert.deepEqual(listed.nodes[0]!.zones, ['us-east-1a', 'us-east-1b']);
  });

  it('skips a group with min_size 0 or unknown, never crashing on computed values', () => {
    const d = draftOf(plan([{ type: 'aws_autoscaling_group', name: 'zero', values: { min_size: 0 } }, { type: 'aws_autoscaling_group', name: 'later', values: { min_size: null }, unknown: { min_size: true } }, { type: 'aws_db_instance', name: 'db', values: { multi_az: true } }]));
    assert.deepEqual(d.errors, []);
    assert.match(d.skipped.find((s) => s.what.includes('zero'))!.reason, /min_size` is 0/);
    assert.match(d.skipped.find((s) => s.what.includes('later'))!.reason, /not known/);
    const odd = draftOf(plan([{ type: 'aws_autoscaling_group', name: 'odd', values: { min_size: 2.5 } }, { type: 'aws_db_instance', name: 'db', values: { multi_az: true } }]));
    assert.match(odd.skipped[0]!.reason, /not a whole number/);
  });

  it('groups counted Azure VMs into one layer over their zones; scale sets take instances and zones', () => {
    const vm = (index: number, zone: string): Res => ({ type: 'azurerm_linux_virtual_machine', name: 'web', index, values: { location: 'westeurope', zone } });
    const d = draftOf(plan([vm(0, '1'), vm(1, '2'), vm(2, '1'), vm(3, '2'), { type: 'azurerm_linux_virtual_machine_scale_set', name: 'api', values: { location: 'westeurope', instances: 3, zones: ['1', '2', '3'] } }]));
    const web = layer(d, 'web');
    assert.equal(web.nodes[0]!.replicas, 4);
    assert.deepEqual(web.nodes[0]!.zones, ['westeurope-1', 'westeurope-2']);
    assert.equal(web.nodes[0]!.availability.catalogueId, 'azure-vm-single');
    const api = layer(d, 'api');
    assert.equal(api.nodes[0]!.replicas, 3);
    assert.deepEqual(api.nodes[0]!.zones, ['westeurope-1', 'westeurope-2', 'westeurope-3']);
    assert.ok(hasNote(api, /no health probe/));
  });

  it('reads Google managed instance groups (target_size, distribution_policy_zones) and instances (zone)', () => {
    const d = draftOf(plan([
      { type: 'google_compute_region_instance_group_manager', name: 'web', values: { target_size: 3, distribution_policy_zones: ['europe-west1-b', 'europe-west1-c', 'europe-west1-d'] } },
      { type: 'google_compute_instance_group_manager', name: 'batch', values: { target_size: 2, zone: 'europe-west1-b' } },
      { type: 'google_compute_instance', name: 'bastion', values: { zone: 'europe-west1-c' } },
    ]));
    assert.deepEqual(layer(d, 'web').nodes[0]!.zones, ['europe-west1-b', 'europe-west1-c', 'europe-west1-d']);
    assert.equal(layer(d, 'web').nodes[0]!.replicas, 3);
    assert.deepEqual(layer(d, 'batch').nodes[0]!.zones, ['europe-west1-b']);
    assert.equal(layer(d, 'bastion').nodes[0]!.availability.catalogueId, 'gcp-compute-single-instance');
  });
});

describe('terraform importer: the plan as a whole', () => {
  it('leaves out what the plan deletes, skips unmodelled resources with address, type and location, and names module resources by their module', () => {
    const d = draftOf(plan([{ type: 'aws_iam_role', name: 'r', values: {} }, { type: 'aws_db_instance', name: 'old', values: { multi_az: true }, actions: ['delete'] }], {
      child: [{ type: 'aws_db_instance', name: 'this', values: { multi_az: true } }],
      extraChanges: [{ address: 'aws_instance.gone', mode: 'managed', type: 'aws_instance', name: 'gone', change: { actions: ['delete'], before: {}, after: null } }],
    }));
    assert.deepEqual(d.errors, []);
    assert.deepEqual(d.systems[0]!.layers.map((l) => l.name), ['child']);
    assert.deepEqual(d.skipped.map((s) => [s.what, s.reason]), [
      ['`aws_db_instance.old` (aws_db_instance)', 'the plan deletes it'],
      ['`aws_instance.gone` (aws_instance)', 'the plan deletes it: left out of the draft'],
      ['`aws_iam_role.r` (aws_iam_role)', 'not a resource Topo models (no availability of its own on the request path)'],
    ]);
    assert.equal(d.skipped[2]!.location.file, FILE);
    assert.ok(d.skipped[2]!.location.line > 1);
  });

  it('orders the path by tier and makes compute no load balancer sends to optional, when the plan links them', () => {
    const d = draftOf(plan([
      { type: 'aws_db_instance', name: 'db', values: { multi_az: true } },
      { type: 'aws_autoscaling_group', name: 'worker', values: { min_size: 1 } },
      { type: 'aws_autoscaling_group', name: 'web', values: { min_size: 2, health_check_type: 'ELB' } },
      { type: 'aws_lb_target_group', name: 'web', values: { health_check: [{ interval: 10, unhealthy_threshold: 4 }] } },
      { type: 'aws_lb_listener', name: 'http', values: {} },
      { type: 'aws_lb', name: 'front', values: { load_balancer_type: 'application' } },
    ], {
      expressions: {
        'aws_autoscaling_group.web': { target_group_arns: { references: ['aws_lb_target_group.web.arn', 'aws_lb_target_group.web'] } },
        'aws_lb_listener.http': { load_balancer_arn: { references: ['aws_lb.front.arn', 'aws_lb.front'] }, default_action: [{ target_group_arn: { references: ['aws_lb_target_group.web.arn', 'aws_lb_target_group.web'] } }] },
      },
    }));
    const s = d.systems[0]!;
    assert.deepEqual(s.path, ['front', 'web', 'db']);
    assert.equal(layer(d, 'worker').optional, true);
    assert.deepEqual(layer(d, 'web').healthCheck, { intervalSeconds: 10, timeoutSeconds: 5, unhealthy: 4 }, 'the target group\'s check, ALB defaults for what it leaves out');
    assert.ok(s.notes.some((n) => /`front` → `web`/.test(n)));
    assert.deepEqual(d.skipped, []);
    // Without a link, every layer is on the path, in tier order, and the note says so.
    const unlinked = draftOf(plan([{ type: 'aws_autoscaling_group', name: 'web', values: { min_size: 2 } }, { type: 'aws_lb', name: 'front', values: {} }]));
    assert.deepEqual(unlinked.systems[0]!.path, ['front', 'web']);
    assert.ok(unlinked.systems[0]!.notes.some((n) => /no listener → target group → compute link found/.test(n)));
  });

  it('reads a state (`values`) as well as a plan, saying so, and refuses a group past the replica limit', () => {
    const state = { format_version: '1.0', values: { root_module: { resources: [{ address: 'aws_db_instance.db', mode: 'managed', type: 'aws_db_instance', name: 'db', values: { multi_az: true } }] } } };
    const d = draftOf(state);
    assert.deepEqual(d.errors, []);
    assert.equal(layer(d, 'db').nodes[0]!.availability.catalogueId, 'aws-rds-multi-az');
    assert.ok(d.systems[0]!.notes.some((n) => /Read from a state/.test(n)));
    const big = draftOf(plan([{ type: 'aws_autoscaling_group', name: 'web', values: { min_size: IMPORT_LIMITS.replicas + 1 } }]));
    assert.match(big.errors[0]!.message, /10,001 instances, more than the import's limit of 10,000/);
  });

  it('gives clear errors for input that is not a plan, an unsupported format and a plan with nothing to model', () => {
    assert.match(terraformDraft(undefined, FILE).errors[0]!.message, /not the output of `terraform show -json`/);
    assert.match(draftOf({ format_version: '1.2' }).errors[0]!.message, /no `planned_values`/);
    assert.match(draftOf({ format_version: '2.0', planned_values: {} }).errors[0]!.message, /format_version 2.0 is not supported/);
    assert.match(draftOf(plan([{ type: 'aws_iam_role', name: 'r', values: {} }])).errors[0]!.message, /no resource Topo models/);
  });
});

describe('terraform importer: the three-tier fixture end to end', () => {
  const file = 'test/fixtures/import/terraform/three-tier.plan.json';
  const text = readFileSync(resolve(__dirname, '../../..', file), 'utf8');

  it('drafts dns → lb → app → cache → db with the catalogue figures, skips the rest, and analyses without errors', () => {
    const draft = terraformDraft(jsonTree(text, file), file);
    assert.deepEqual(draft.errors, []);
    const s = draft.systems[0]!;
    assert.equal(s.name, 'three-tier');
    assert.deepEqual(s.path, ['dns', 'web-lb', 'web-app', 'sessions', 'db']);
    assert.deepEqual(s.layers.map((l) => [l.name, l.kind, l.nodes[0]!.availability.catalogueId, l.nodes[0]!.replicas, l.nodes[0]!.zones.length]), [
      ['dns', 'dns', 'aws-route53', 1, 0],
      ['web-lb', 'load-balancer', 'aws-elb', 1, 0],
      ['web-app', 'app', 'aws-ec2-instance', 3, 3],
      ['sessions', 'cache', 'aws-elasticache-multi-az', 1, 0],
      ['db', 'database', 'aws-rds-multi-az', 1, 0],
    ]);
    assert.deepEqual(layer(draft, 'web-app').nodes[0]!.zones, ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'], 'the private subnets\' zones, through the configuration\'s references');
    assert.deepEqual(layer(draft, 'web-app').healthCheck, { intervalSeconds: 15, timeoutSeconds: 5, unhealthy: 3 });
    assert.deepEqual(draft.skipped.map((x) => x.what).sort(), [
      '`aws_iam_role.app` (aws_iam_role)', '`aws_instance.legacy` (aws_instance)', '`aws_launch_template.web` (aws_launch_template)',
      '`aws_s3_bucket.assets` (aws_s3_bucket)', '`aws_security_group.web` (aws_security_group)', '`module.db.aws_db_subnet_group.this` (aws_db_subnet_group)',
    ]);
    // Each skipped item points at its `"address"` key in the plan file.
    for (const x of draft.skipped) {
      const line = text.split('\n')[x.location.line - 1]!;
      assert.ok(line.slice(x.location.column - 1).startsWith('"address"'), `${x.what} at ${x.location.line}:${x.location.column}: ${line}`);
    }

    const result = completeImport(draft);
    assert.ok(result.topo && result.analysis);
    assert.deepEqual(result.analysis.diagnostics.filter((d) => d.severity === 'error'), [], result.topo);
    const analysed = result.analysis.systems[0]!.analysis!;
    // By hand. Only web-app's instances are in zones (one per zone, each zone at Topo's default
    // 99.99%); the managed services are in none, so the layers are independent and in series:
    //   dns      Route 53, one node, 100%                          U = 0
    //   web-lb   ELB, one node, 99.99%                             U = 1e-4
    //   web-app  3 EC2 instances at 99.5%, each alone in its zone at 99.99%, need 1:
    //            an instance serves when it and its zone are up, so U = (1 − 0.995 × 0.9999)³ ≈ 1.3261e-7
    //   sessions ElastiCache Multi-AZ, one node, 99.99%            U = 1e-4
    //   db       RDS Multi-AZ, one node, 99.95%                    U = 5e-4
    // No active-passive layer, so no failover windows: U = 1 − Π(1 − U_layer) ≈ 7.000225e-4,
    //   about 6.1 hours of downtime a year, nearly all of it the managed services' SLAs.
    const webApp = (1 - 0.995 * 0.9999) ** 3;
    const expected = 1 - 1 * 0.9999 * (1 - webApp) * 0.9999 * 0.9995;
    assert.ok(Math.abs(analysed.unavailability - expected) <= 1e-9 * expected, `${analysed.unavailability} vs ${expected}`);
    assert.ok(Math.abs(expected - 7.000225e-4) < 1e-9, String(expected));
  });
});
