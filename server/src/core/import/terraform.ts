/**
 * Terraform plan → draft (docs/import.md, "Terraform"). Reads `terraform show -json PLAN` output:
 * `planned_values` (the root module and its child modules, recursively) is the state modelled;
 * `resource_changes` says what the plan deletes (left out, with a reason) and which attributes are
 * known only after apply (`after_unknown`, noted); `configuration` gives the references between
 * resources (`expressions.*.references`), which link what a plan cannot yet name by id.
 *
 * Managed services are one node each, with their provider's SLA for the configuration: the SLA is
 * the figure for the whole managed service, its own failover included, so modelling an RDS
 * Multi-AZ instance as primary + standby on top of the Multi-AZ figure would count the failover
 * twice. Compute the plan runs itself (an Auto Scaling group, VMs, a managed instance group) is
 * the structure: one instance per guaranteed replica, each with the per-instance SLA, spread over
 * its zones. No provider publishes a per-zone figure: a zone takes Topo's zone default, assumed.
 *
 * Pure: the adapter parses the JSON (as YAML, for positions) and hands over its positioned tree.
 */
import { IMPORT_LIMITS } from '../limits';
import { catalogueEntry } from './catalogue';
import type { DraftError, DraftHealthCheck, DraftLayer, DraftNode, DraftSkipped, DraftSystem, DraftZone, ImportDraft } from './draft';
import { entry, scalar, type SourceLocation, type SourceNode } from './tree';

/** One resource instance of `planned_values`, with what the rest of the plan says about it. */
interface Resource {
  /** Its full address, `module.data.aws_db_instance.main` or `aws_instance.web[0]`. */
  address: string;
  /** The address without instance keys: the resource block it comes from. */
  block: string;
  type: string;
  name: string;
  module?: string;
  values: SourceNode | undefined;
  location: SourceLocation;
  /** Top-level attributes known only after apply (`after_unknown`). */
  unknown: Set<string>;
  actions: string[];
}

type Tier = 'dns' | 'lb' | 'app' | 'cache' | 'database';

const TIER_ORDER: Tier[] = ['dns', 'lb', 'app', 'cache', 'database'];

/** A layer made from one resource (or the instances of one block), with its tier for the path. */
interface Unit {
  layer: DraftLayer;
  tier: Tier;
  resources: Resource[];
  /** DNS only: a record aliases a load balancer of the plan. */
  aliasesLoadBalancer?: boolean;
}

/** What every mapper shares: the resources, their references, and where to put what it skips. */
interface Context {
  resources: Resource[];
  /** block → top-level attribute → the blocks its configuration expression references. */
  references: Map<string, Map<string, Set<string>>>;
  /** Resources read by a mapper (subnets, target groups, cluster instances): not reported as skipped. */
  used: Set<Resource>;
  skipped: DraftSkipped[];
  errors: DraftError[];
}

/** The draft of the plan `file`, whose parsed tree is `root` (undefined: an empty document). */
export function terraformDraft(root: SourceNode | undefined, file: string): ImportDraft {
  const errors: DraftError[] = [];
  const skipped: DraftSkipped[] = [];
  const draft: ImportDraft = { source: 'terraform', files: [file], systems: [], skipped, errors };
  const start = { file, line: 1, column: 1 };
  if (root === undefined || root.kind !== 'map') {
    errors.push({ location: root?.location ?? start, message: 'not the output of `terraform show -json`: expected a JSON object with `planned_values`' });
    return draft;
  }
  const version = scalar(entry(root, 'format_version')?.value);
  if (typeof version === 'string' && !version.startsWith('1.')) {
    errors.push({ location: entry(root, 'format_version')!.value.location, message: `format_version ${version} is not supported: Topo reads the 1.x JSON format of \`terraform show -json\`` });
    return draft;
  }
  const planned = entry(root, 'planned_values') ?? entry(root, 'values');
  if (!planned) {
    errors.push({ location: root.location, message: 'no `planned_values` (nor `values` of a state): give the output of `terraform show -json PLAN`' });
    return draft;
  }
  const system: DraftSystem = { name: baseName(file), regions: [], zones: [], layers: [], path: [], location: root.location, notes: [] };
  if (planned.key === 'values') system.notes.push('Read from a state (`values`), not a plan: the resources as they are now.');
  const changes = resourceChanges(root);
  const resources = collectResources(entry(planned.value, 'root_module')?.value, changes, file);
  const ctx: Context = { resources: [], references: configurationReferences(entry(root, 'configuration')?.value), used: new Set(), skipped, errors };
  for (const r of resources) {
    if (r.actions.includes('delete') && !r.actions.includes('create')) skipped.push({ what: `\`${r.address}\` (${r.type})`, reason: 'the plan deletes it', location: r.location });
    else ctx.resources.push(r);
  }
  const inPlan = new Set(resources.map((r) => r.address));
  for (const [address, change] of changes) {
    if (inPlan.has(address) || !change.actions.includes('delete') || change.actions.includes('create')) continue;
    skipped.push({ what: `\`${address}\` (${change.type})`, reason: 'the plan deletes it: left out of the draft', location: change.location });
  }
  const units = mapResources(ctx);
  if (errors.length > 0) return draft;
  for (const r of ctx.resources) {
    if (ctx.used.has(r)) continue;
    const reason = r.type.startsWith('data.') ? 'a data source: read, not deployed' : 'not a resource Topo models (no availability of its own on the request path)';
    skipped.push({ what: `\`${r.address}\` (${r.type})`, reason, location: r.location });
  }
  if (units.length === 0) {
    errors.push({ location: planned.keyLocation, message: 'no resource Topo models in the plan (see the skipped ones): nothing to import' });
    return draft;
  }
  if (units.length > IMPORT_LIMITS.services) {
    errors.push({ location: planned.keyLocation, message: `${units.length.toLocaleString('en-US')} layers, more than the import's limit of ${IMPORT_LIMITS.services.toLocaleString('en-US')}` });
    return draft;
  }
  system.layers = units.map((u) => u.layer);
  system.zones = zonesOf(units);
  if (system.zones.length > 0) system.notes.push('No provider publishes a per-zone figure: each zone takes Topo\'s zone default (assumed), as the Kubernetes import does; replace it with your provider\'s history or your measurements.');
  orderPath(system, units, ctx);
  draft.systems.push(system);
  return draft;
}

// ---------------------------------------------------------------------------------------------
// Reading the plan

interface Change { actions: string[]; type: string; unknown: Set<string>; location: SourceLocation }

function resourceChanges(root: SourceNode): Map<string, Change> {
  const out = new Map<string, Change>();
  const list = entry(root, 'resource_changes')?.value;
  for (const rc of list?.kind === 'seq' ? list.items : []) {
    const address = scalar(entry(rc, 'address')?.value);
    if (typeof address !== 'string') continue;
    const change = entry(rc, 'change')?.value;
    const actionsNode = entry(change, 'actions')?.value;
    const actions = actionsNode?.kind === 'seq' ? actionsNode.items.map((i) => String(scalar(i))) : [];
    const afterUnknown = entry(change, 'after_unknown')?.value;
    const unknown = new Set(afterUnknown?.kind === 'map' ? afterUnknown.entries.filter((e) => scalar(e.value) === true).map((e) => e.key) : []);
    const mode = scalar(entry(rc, 'mode')?.value);
    out.set(address, { actions, type: `${mode === 'data' ? 'data.' : ''}${String(scalar(entry(rc, 'type')?.value))}`, unknown, location: entry(rc, 'address')!.keyLocation });
  }
  return out;
}

function collectResources(module: SourceNode | undefined, changes: ReadonlyMap<string, Change>, file: string, out: Resource[] = [], depth = 0): Resource[] {
  if (!module || depth > 100) return out;
  const moduleAddress = scalar(entry(module, 'address')?.value);
  const list = entry(module, 'resources')?.value;
  for (const r of list?.kind === 'seq' ? list.items : []) {
    const addressEntry = entry(r, 'address');
    const address = scalar(addressEntry?.value);
    const type = scalar(entry(r, 'type')?.value);
    const name = scalar(entry(r, 'name')?.value);
    if (typeof address !== 'string' || typeof type !== 'string' || typeof name !== 'string') continue;
    const change = changes.get(address);
    const mode = scalar(entry(r, 'mode')?.value);
    out.push({
      address, block: blockOf(address), type: mode === 'data' ? `data.${type}` : type, name,
      ...(typeof moduleAddress === 'string' ? { module: moduleAddress } : {}),
      values: entry(r, 'values')?.value, location: addressEntry?.keyLocation ?? { file, line: 1, column: 1 },
      unknown: change?.unknown ?? new Set(), actions: change?.actions ?? [],
    });
  }
  const children = entry(module, 'child_modules')?.value;
  for (const child of children?.kind === 'seq' ? children.items : []) collectResources(child, changes, file, out, depth + 1);
  return out;
}

/** `module.a[0].aws_x.y["k"]` → `module.a.aws_x.y`: the block an instance comes from. */
function blockOf(address: string): string {
  return address.replace(/\[[^\]]*\]/g, '');
}

/**
 * Each resource block's references, by top-level attribute, as absolute block addresses: from
 * `configuration.root_module` and its `module_calls`, recursively. Only references to resources
 * are kept (`aws_subnet.private[0].id` → `aws_subnet.private`); variables, locals and module
 * outputs cannot be followed from the plan.
 */
function configurationReferences(configuration: SourceNode | undefined): Map<string, Map<string, Set<string>>> {
  const out = new Map<string, Map<string, Set<string>>>();
  const walk = (module: SourceNode | undefined, prefix: string, depth: number): void => {
    if (!module || depth > 100) return;
    const resources = entry(module, 'resources')?.value;
    for (const r of resources?.kind === 'seq' ? resources.items : []) {
      const address = scalar(entry(r, 'address')?.value);
      const expressions = entry(r, 'expressions')?.value;
      if (typeof address !== 'string' || expressions?.kind !== 'map') continue;
      const byAttribute = new Map<string, Set<string>>();
      for (const e of expressions.entries) {
        const refs = new Set<string>();
        gatherReferences(e.value, refs, prefix, 0);
        if (refs.size > 0) byAttribute.set(e.key, refs);
      }
      out.set(prefix + address, byAttribute);
    }
    const calls = entry(module, 'module_calls')?.value;
    for (const call of calls?.kind === 'map' ? calls.entries : []) walk(entry(call.value, 'module')?.value, `${prefix}module.${call.key}.`, depth + 1);
  };
  walk(entry(configuration, 'root_module')?.value, '', 0);
  return out;
}

const NOT_RESOURCES = new Set(['var', 'local', 'module', 'data', 'each', 'count', 'path', 'self', 'terraform']);

function gatherReferences(node: SourceNode, into: Set<string>, prefix: string, depth: number): void {
  if (depth > 50) return;
  if (node.kind === 'seq') for (const i of node.items) gatherReferences(i, into, prefix, depth + 1);
  if (node.kind !== 'map') return;
  for (const e of node.entries) {
    if (e.key === 'references' && e.value.kind === 'seq') {
      for (const item of e.value.items) {
        const ref = scalar(item);
        const m = typeof ref === 'string' ? /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)/.exec(ref) : null;
        if (m && !NOT_RESOURCES.has(m[1]!)) into.add(`${prefix}${m[1]}.${m[2]}`);
      }
    } else gatherReferences(e.value, into, prefix, depth + 1);
  }
}

// ---------------------------------------------------------------------------------------------
// Attribute access

function value(r: Resource, key: string): SourceNode | undefined {
  const v = entry(r.values, key)?.value;
  return v?.kind === 'scalar' && v.value === null ? undefined : v;
}

function str(r: Resource, key: string): string | undefined {
  const v = scalar(value(r, key));
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function num(r: Resource, key: string): number | undefined {
  const v = scalar(value(r, key));
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

/** A count (instances, nodes, a threshold): a whole number from 0, else undefined. */
function whole(n: number | undefined): number | undefined {
  return n !== undefined && Number.isInteger(n) && n >= 0 ? n : undefined;
}

/** A duration in seconds: positive, else undefined. */
function positive(n: number | undefined): number | undefined {
  return n !== undefined && n > 0 ? n : undefined;
}

function bool(r: Resource, key: string): boolean | undefined {
  const v = scalar(value(r, key));
  return typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : undefined;
}

function strings(node: SourceNode | undefined): string[] {
  if (node?.kind !== 'seq') return [];
  return node.items.flatMap((i) => {
    const v = scalar(i);
    return typeof v === 'string' && v !== '' ? [v] : [];
  });
}

/** The first element of a nested block (`health_check { … }` is a list of one map in the plan). */
function block(r: Resource, key: string): SourceNode | undefined {
  const v = value(r, key);
  return v?.kind === 'seq' ? v.items[0] : v?.kind === 'map' ? v : undefined;
}

function blockNum(node: SourceNode | undefined, key: string): number | undefined {
  const v = scalar(entry(node, key)?.value);
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** A note for an attribute the plan does not know yet, or undefined when it is known or absent. */
function unknownNote(r: Resource, key: string, consequence: string): string | undefined {
  return r.unknown.has(key) && value(r, key) === undefined ? `\`${key}\` is known only after apply: ${consequence}.` : undefined;
}

/** Whether `from`'s attribute `key` points at `to`: by a configuration reference, or by a known id, ARN or name. */
function refers(ctx: Context, from: Resource, key: string, to: Resource): boolean {
  if (ctx.references.get(from.block)?.get(key)?.has(to.block)) return true;
  const v = value(from, key);
  const given = v?.kind === 'seq' ? strings(v) : typeof scalar(v) === 'string' ? [String(scalar(v))] : [];
  const ids = ['arn', 'id', 'name'].flatMap((k) => str(to, k) ?? []);
  return given.some((g) => ids.includes(g));
}

function resourcesOf(ctx: Context, ...types: string[]): Resource[] {
  return ctx.resources.filter((r) => types.includes(r.type));
}

// ---------------------------------------------------------------------------------------------
// Mapping resources to layers

const MAPPERS: Record<string, (ctx: Context, group: Resource[]) => Unit | undefined> = {
  aws_db_instance: (ctx, g) => rdsInstance(ctx, g[0]!),
  aws_rds_cluster: (ctx, g) => auroraCluster(ctx, g[0]!),
  aws_autoscaling_group: (ctx, g) => autoscalingGroup(ctx, g[0]!),
  aws_lb: (ctx, g) => loadBalancer(ctx, g[0]!),
  aws_alb: (ctx, g) => loadBalancer(ctx, g[0]!),
  aws_elb: (ctx, g) => loadBalancer(ctx, g[0]!),
  aws_elasticache_replication_group: (ctx, g) => elasticache(ctx, g[0]!),
  azurerm_linux_virtual_machine: (ctx, g) => azureVms(ctx, g),
  azurerm_windows_virtual_machine: (ctx, g) => azureVms(ctx, g),
  azurerm_virtual_machine: (ctx, g) => azureVms(ctx, g),
  azurerm_linux_virtual_machine_scale_set: (ctx, g) => azureScaleSet(ctx, g[0]!),
  azurerm_windows_virtual_machine_scale_set: (ctx, g) => azureScaleSet(ctx, g[0]!),
  azurerm_virtual_machine_scale_set: (ctx, g) => azureScaleSet(ctx, g[0]!),
  azurerm_mssql_database: (ctx, g) => azureSql(ctx, g[0]!),
  azurerm_sql_database: (ctx, g) => azureSql(ctx, g[0]!),
  google_compute_instance_group_manager: (ctx, g) => gcpGroup(ctx, g[0]!),
  google_compute_region_instance_group_manager: (ctx, g) => gcpGroup(ctx, g[0]!),
  google_compute_instance: (ctx, g) => gcpInstances(ctx, g),
};

/** Resource types whose instances of one block (`count`, `for_each`) are the replicas of one layer; the others make a layer per instance. */
const GROUPED = new Set(['azurerm_linux_virtual_machine', 'azurerm_windows_virtual_machine', 'azurerm_virtual_machine', 'google_compute_instance']);

function mapResources(ctx: Context): Unit[] {
  const units: Unit[] = [];
  const done = new Set<Resource>();
  for (const r of ctx.resources) {
    const mapper = MAPPERS[r.type];
    if (!mapper || done.has(r)) continue;
    const group = GROUPED.has(r.type) ? ctx.resources.filter((o) => o.block === r.block && o.type === r.type) : [r];
    for (const g of group) done.add(g);
    const unit = mapper(ctx, group);
    if (!unit) continue;
    for (const u of unit.resources) ctx.used.add(u);
    units.push(unit);
  }
  const dns = route53(ctx);
  if (dns) {
    for (const u of dns.resources) ctx.used.add(u);
    units.unshift(dns);
  }
  distinctNames(units);
  return units;
}

const TIER_WORDS: Record<Tier, string> = { dns: 'dns', lb: 'lb', app: 'app', cache: 'cache', database: 'db' };

/**
 * Layer names unique in the system (the path names layers): where resources of different tiers
 * share a name (`aws_lb.web` and `aws_autoscaling_group.web`), each gets its tier's word
 * (`web-lb`, `web-app`); what still clashes, a number.
 */
function distinctNames(units: Unit[]): void {
  const count = (name: string): number => units.filter((u) => u.layer.name === name).length;
  for (const u of units.filter((x) => count(x.layer.name) > 1)) rename(u, `${u.layer.name}-${TIER_WORDS[u.tier]}`);
  const seen = new Set<string>();
  for (const u of units) {
    let name = u.layer.name;
    for (let n = 2; seen.has(name); n++) name = `${u.layer.name}-${n}`;
    seen.add(name);
    if (name !== u.layer.name) rename(u, name);
  }
}

function rename(u: Unit, name: string): void {
  for (const n of u.layer.nodes) if (n.name === u.layer.name) n.name = name;
  u.layer.name = name;
}

/** The layer's name: the resource's name (and key), or its module's when the name says nothing (`this`). */
function layerName(r: Resource): string {
  const key = /\[([^\]]*)\]$/.exec(r.address)?.[1]?.replace(/"/g, '');
  const moduleName = r.module?.replace(/\[[^\]]*\]/g, '').split('.').pop();
  const base = r.name === 'this' && moduleName !== undefined ? moduleName : r.name;
  return key !== undefined ? `${base}-${key}` : base;
}

function assumed(id: string): DraftNode['availability'] {
  return { percent: catalogueEntry(id).percent, assumed: true, catalogueId: id };
}

function node(r: Resource, id: string, replicas: number, zones: string[], notes: string[] = []): DraftNode {
  return { name: layerName(r), availability: assumed(id), replicas, zones, location: r.location, notes };
}

function layerOf(r: Resource, kind: DraftLayer['kind'], nodes: DraftNode[], notes: string[]): DraftLayer {
  const planned = r.actions.includes('create') ? (r.actions.includes('delete') ? 'replaced by this plan (the replacement itself may cost an outage, not modelled)' : 'created by this plan') : r.actions.includes('update') ? 'updated by this plan' : undefined;
  // Every layer but compute is a managed service: one node at its SLA (draft.ts, `managed`).
  return { name: layerName(r), kind, nodes, ...(kind !== 'app' ? { managed: true } : {}), location: r.location, notes: [`\`${r.address}\`${planned ? `, ${planned}` : ''}.`, ...notes] };
}

function compact(list: (string | undefined)[]): string[] {
  return list.filter((s): s is string => s !== undefined);
}

function checkReplicas(ctx: Context, r: Resource, replicas: number): boolean {
  if (replicas <= IMPORT_LIMITS.replicas) return true;
  ctx.errors.push({ location: r.location, message: `\`${r.address}\` runs ${replicas.toLocaleString('en-US')} instances, more than the import's limit of ${IMPORT_LIMITS.replicas.toLocaleString('en-US')}` });
  return false;
}

const MANAGED_ONE_NODE = 'one node with the SLA figure: the SLA covers the managed service as a whole, its own redundancy and failover included, so modelling its primary and standby (or its nodes) as well would count them twice';

function rdsInstance(ctx: Context, r: Resource): Unit | undefined {
  const source = str(r, 'replicate_source_db');
  if (source !== undefined) {
    ctx.skipped.push({ what: `\`${r.address}\` (${r.type})`, reason: `a read replica of ${source}: not on the write path; add it yourself if reads depend on it`, location: r.location });
    ctx.used.add(r);
    return undefined;
  }
  const multiAz = bool(r, 'multi_az');
  const az = str(r, 'availability_zone');
  const engine = str(r, 'engine');
  const notes = compact([
    engine !== undefined ? `Amazon RDS, engine ${engine}.` : undefined,
    unknownNote(r, 'multi_az', 'taken as single-AZ, the worse case'),
  ]);
  if (multiAz === true) {
    notes.push(`Multi-AZ: AWS keeps a synchronous standby in another zone and fails over to it; the draft models it as ${MANAGED_ONE_NODE}.`);
    notes.push(`Not placed in a zone${az !== undefined ? ` (the primary starts in ${az})` : ''}: losing one zone fails it over rather than taking it down.`);
    return { tier: 'database', resources: [r], layer: layerOf(r, 'database', [node(r, 'aws-rds-multi-az', 1, [])], notes) };
  }
  notes.push('RDS not Multi-AZ (checkov CKV_AWS_157): one instance in one zone, with no standby; an instance or zone failure takes the database down until AWS replaces the instance. Set `multi_az = true`.');
  if (az === undefined) notes.push(`its zone is ${r.unknown.has('availability_zone') ? 'known only after apply' : 'not given (AWS picks one)'}: not placed in a zone.`);
  return { tier: 'database', resources: [r], layer: layerOf(r, 'database', [node(r, 'aws-rds-single-az', 1, az !== undefined ? [az] : [])], notes) };
}

function auroraCluster(ctx: Context, r: Resource): Unit {
  const clusterId = str(r, 'cluster_identifier');
  const members = resourcesOf(ctx, 'aws_rds_cluster_instance').filter((i) => refers(ctx, i, 'cluster_identifier', r) || (clusterId !== undefined && str(i, 'cluster_identifier') === clusterId));
  const engine = str(r, 'engine') ?? 'aurora';
  const aurora = engine.startsWith('aurora');
  const zones = [...new Set([...members.flatMap((i) => str(i, 'availability_zone') ?? []), ...strings(value(r, 'availability_zones'))])];
  const memberZones = new Set(members.flatMap((i) => str(i, 'availability_zone') ?? []));
  const notes = compact([
    `${aurora ? 'Amazon Aurora' : 'an RDS Multi-AZ DB cluster'}, engine ${engine}: ${members.length} instance${members.length === 1 ? '' : 's'} in the plan (${members.map((m) => `\`${m.address}\``).join(', ') || 'none'}).`,
    zones.length > 0 ? `zones ${zones.join(', ')}.` : unknownNote(r, 'availability_zones', 'the zones are not known'),
  ]);
  const sameZone = members.length >= 2 && memberZones.size === 1 && members.every((m) => str(m, 'availability_zone') !== undefined);
  const multi = members.length >= 2 && !sameZone;
  if (members.length === 0) notes.push('no `aws_rds_cluster_instance` of this cluster in the plan: a cluster serves nothing without one; modelled as one instance. Add the instances if they are managed elsewhere.');
  else if (members.length === 1) notes.push('one instance: no replica to promote, so a failure of it or of its zone takes the database down until it is replaced. Add a second instance in another zone.');
  else if (sameZone) notes.push(`every instance is in ${[...memberZones][0]!}: a failure of that zone takes the cluster down.`);
  const id = multi ? (aurora ? 'aws-aurora-multi-az' : 'aws-rds-multi-az') : aurora ? 'aws-aurora-single-az' : 'aws-rds-single-az';
  if (multi) notes.push(`the promotion of a replica in another zone is inside the SLA: the draft models the cluster as ${MANAGED_ONE_NODE}.`);
  const nodeZones = multi ? [] : [...memberZones].slice(0, 1);
  return { tier: 'database', resources: [r, ...members], layer: layerOf(r, 'database', [node(r, id, 1, nodeZones)], notes) };
}

/** The zones of subnets: given as ids (matched to `aws_subnet` resources of the plan) or as references to them. */
function subnetZones(ctx: Context, r: Resource, key: string): { zones: string[]; unresolved: number } {
  const subnets = resourcesOf(ctx, 'aws_subnet');
  const ids = strings(value(r, key));
  const referenced = subnets.filter((s) => ctx.references.get(r.block)?.get(key)?.has(s.block));
  const matched = ids.map((id) => subnets.find((s) => str(s, 'id') === id));
  const found = ids.length > 0 ? matched.flatMap((s) => (s ? [s] : [])) : referenced;
  for (const s of found) ctx.used.add(s);
  const zones = found.map((s) => str(s, 'availability_zone'));
  const known = zones.filter((z): z is string => z !== undefined);
  const unresolved = (ids.length > 0 ? ids.length - found.length : 0) + (zones.length - known.length);
  return { zones: [...new Set(known)], unresolved };
}

function zoneNotes(zones: string[], unresolved: number, what: string): string[] {
  if (unresolved === 0 && zones.length > 0) return [];
  if (zones.length === 0) return [`the zones of its ${what} are not in the plan (no \`aws_subnet\` with an \`availability_zone\` to match): its instances are not placed in zones; Topo does not invent a spread. Add \`zones\` by hand.`];
  return [`${unresolved} of its ${what} could not be matched to a zone: placed over the zones found (${zones.join(', ')}) only.`];
}

function autoscalingGroup(ctx: Context, r: Resource): Unit | undefined {
  const min = whole(num(r, 'min_size'));
  if (min === undefined || min < 1) {
    const reason = min !== undefined ? '`min_size` is 0: no instance is guaranteed' : value(r, 'min_size') !== undefined ? '`min_size` is not a whole number' : '`min_size` is not known';
    ctx.skipped.push({ what: `\`${r.address}\` (${r.type})`, reason, location: r.location });
    ctx.used.add(r);
    return undefined;
  }
  if (!checkReplicas(ctx, r, min)) return undefined;
  const notes = [`min_size ${min} is the guaranteed number of instances${num(r, 'max_size') !== undefined ? ` (max_size ${num(r, 'max_size')!}, desired ${num(r, 'desired_capacity') ?? 'not set'}: more run when it scales out)` : ''}.`];
  const listed = strings(value(r, 'availability_zones'));
  let zones = listed;
  if (listed.length === 0) {
    const found = subnetZones(ctx, r, 'vpc_zone_identifier');
    zones = found.zones;
    notes.push(...zoneNotes(found.zones, found.unresolved, 'subnets (`vpc_zone_identifier`)'));
  }
  if (zones.length > 0) notes.push(`spread over ${zones.join(', ')} (round robin, as the group balances its zones).`);
  const groups = targetGroupsOf(ctx, r);
  const healthCheck = asgHealthCheck(r, groups, notes);
  notes.push('each instance takes the EC2 instance-level SLA: the draft models the instances and zones itself, so the region-level figure (for the deployment as a whole) is not used.');
  const layer = layerOf(r, 'app', [node(r, 'aws-ec2-instance', min, zones)], notes);
  if (healthCheck) layer.healthCheck = healthCheck;
  return { tier: 'app', resources: [r], layer };
}

/** The target groups an Auto Scaling group is registered with: `target_group_arns`, or an `aws_autoscaling_attachment`. */
function targetGroupsOf(ctx: Context, asg: Resource): Resource[] {
  const groups = resourcesOf(ctx, 'aws_lb_target_group', 'aws_alb_target_group');
  const attachments = resourcesOf(ctx, 'aws_autoscaling_attachment').filter((a) => refers(ctx, a, 'autoscaling_group_name', asg));
  for (const a of attachments) ctx.used.add(a);
  const found = groups.filter((tg) => refers(ctx, asg, 'target_group_arns', tg) || attachments.some((a) => refers(ctx, a, 'lb_target_group_arn', tg) || refers(ctx, a, 'alb_target_group_arn', tg)));
  for (const tg of found) ctx.used.add(tg);
  return found;
}

/** ALB target groups' defaults (interval 30 s, timeout 5 s, unhealthy after 2 (HTTP/HTTPS)). */
const TARGET_GROUP_DEFAULTS = { intervalSeconds: 30, timeoutSeconds: 5, unhealthy: 2 };

function asgHealthCheck(r: Resource, groups: Resource[], notes: string[]): DraftHealthCheck | undefined {
  const type = str(r, 'health_check_type') ?? 'EC2';
  const grace = num(r, 'health_check_grace_period');
  if (grace !== undefined) notes.push(`health_check_grace_period ${grace}s: a new instance is not checked before then.`);
  if (type !== 'ELB') {
    notes.push('health_check_type EC2: only the instance status checks replace an instance; a hung application counts as up. Set `health_check_type = "ELB"`.');
    return undefined;
  }
  const tg = groups[0];
  const hc = tg ? block(tg, 'health_check') : undefined;
  const given = {
    intervalSeconds: positive(blockNum(hc, 'interval')), timeoutSeconds: positive(blockNum(hc, 'timeout')), unhealthy: positive(whole(blockNum(hc, 'unhealthy_threshold'))),
  };
  const defaulted = (Object.keys(given) as (keyof typeof given)[]).filter((k) => given[k] === undefined);
  notes.push(tg
    ? `health_check_type ELB: the health check of target group \`${tg.address}\`${defaulted.length > 0 ? ` (its defaults for ${defaulted.join(', ')})` : ''}.`
    : 'health_check_type ELB, but no target group of it found in the plan: the ALB target group defaults assumed (interval 30s, timeout 5s, unhealthy 2).');
  return {
    intervalSeconds: given.intervalSeconds ?? TARGET_GROUP_DEFAULTS.intervalSeconds,
    timeoutSeconds: given.timeoutSeconds ?? TARGET_GROUP_DEFAULTS.timeoutSeconds,
    unhealthy: given.unhealthy ?? TARGET_GROUP_DEFAULTS.unhealthy,
  };
}

function loadBalancer(ctx: Context, r: Resource): Unit {
  const lbType = str(r, 'load_balancer_type') ?? (r.type === 'aws_elb' ? 'classic' : 'application');
  const listed = strings(value(r, 'availability_zones'));
  const mapping = value(r, 'subnet_mapping');
  const viaMapping = mapping?.kind === 'seq' ? mapping.items.flatMap((m) => (typeof scalar(entry(m, 'subnet_id')?.value) === 'string' ? [String(scalar(entry(m, 'subnet_id')!.value))] : [])) : [];
  let zones = listed;
  const notes = [`${/^[aeiou]/.test(lbType) ? 'an' : 'a'} ${lbType} load balancer${bool(r, 'internal') === true ? ' (internal)' : ''}.`];
  if (listed.length === 0) {
    const found = subnetZones(ctx, r, viaMapping.length > 0 ? 'subnet_mapping' : 'subnets');
    zones = found.zones;
    if (found.unresolved > 0 || zones.length === 0) notes.push(`its zones are not all in the plan${found.unresolved > 0 ? ` (${found.unresolved} subnet${found.unresolved === 1 ? '' : 's'} unmatched)` : ''}.`);
  }
  if (zones.length > 0) notes.push(`enabled in ${zones.join(', ')}.`);
  if (zones.length === 1) notes.push('enabled in one zone only: a failure of that zone takes it down, which its SLA does not cover.');
  for (const l of resourcesOf(ctx, 'aws_lb_listener', 'aws_alb_listener').filter((x) => refers(ctx, x, 'load_balancer_arn', r))) ctx.used.add(l);
  notes.push(`Elastic Load Balancing runs nodes in each enabled zone; the draft models it as ${MANAGED_ONE_NODE}.`);
  if (zones.length !== 1) notes.push('Not placed in a zone: losing one of its zones leaves its nodes in the others serving.');
  return { tier: 'lb', resources: [r], layer: layerOf(r, 'load-balancer', [node(r, 'aws-elb', 1, zones.length === 1 ? zones : [])], notes) };
}

function elasticache(ctx: Context, r: Resource): Unit | undefined {
  const failover = bool(r, 'automatic_failover_enabled') === true;
  const multiAz = bool(r, 'multi_az_enabled') === true;
  const shards = whole(num(r, 'num_node_groups'));
  const perShard = whole(num(r, 'replicas_per_node_group'));
  const nodesCount = whole(num(r, 'num_cache_clusters')) ?? whole(num(r, 'number_cache_clusters')) ?? (perShard !== undefined ? perShard + 1 : 1);
  const azs = strings(value(r, 'preferred_cache_cluster_azs'));
  const notes = compact([
    `Amazon ElastiCache (${str(r, 'engine') ?? 'redis'}): ${nodesCount} node${nodesCount === 1 ? '' : 's'}${shards !== undefined && shards > 1 ? ` in each of ${shards} shards` : ''}, automatic failover ${failover ? 'on' : 'off'}, Multi-AZ ${multiAz ? 'on' : 'off'}.`,
    unknownNote(r, 'num_cache_clusters', 'one node assumed'),
    azs.length > 0 ? `preferred zones ${azs.join(', ')}.` : undefined,
  ]);
  if (failover && multiAz && nodesCount >= 2) {
    notes.push(`a replica in another zone is promoted on failure; the draft models it as ${MANAGED_ONE_NODE}.`);
    return { tier: 'cache', resources: [r], layer: layerOf(r, 'cache', [node(r, 'aws-elasticache-multi-az', 1, [])], notes) };
  }
  notes.push(nodesCount < 2
    ? 'a single cache node without failover: its failure loses the cache until it is replaced. Add a replica and enable automatic failover and Multi-AZ.'
    : !failover
      ? 'replicas without automatic failover: a failed primary is not replaced by a replica until someone promotes it. Enable `automatic_failover_enabled` and `multi_az_enabled`.'
      : 'automatic failover without Multi-AZ: the replicas may share the primary\'s zone, and the configuration has no published SLA. Enable `multi_az_enabled`.');
  notes.push('outside the ElastiCache SLA\'s Multi-AZ configuration: Topo\'s default figure for one managed node.');
  const zones = nodesCount < 2 && azs.length > 0 ? [azs[0]!] : [];
  return { tier: 'cache', resources: [r], layer: layerOf(r, 'cache', [node(r, 'topo-default-managed-node', 1, zones)], notes) };
}

function route53(ctx: Context): Unit | undefined {
  const records = resourcesOf(ctx, 'aws_route53_record');
  const hosted = resourcesOf(ctx, 'aws_route53_zone');
  const first = records[0] ?? hosted[0];
  if (!first) return undefined;
  const lbs = resourcesOf(ctx, 'aws_lb', 'aws_alb', 'aws_elb');
  const notes = [
    `Amazon Route 53: ${[...records.map((r) => `record \`${str(r, 'name') ?? r.address}\` ${str(r, 'type') ?? ''}`.trim()), ...hosted.map((z) => `hosted zone \`${str(z, 'name') ?? z.address}\``)].join(', ')}.`,
    'Route 53 is one managed service for every record: one node with its SLA figure, which is published as 100%. That is the credit threshold, not a claim that DNS never fails: give it your own figure.',
  ];
  const aliased = records.filter((r) => lbs.some((lb) => refers(ctx, r, 'alias', lb)));
  if (aliased.length > 0) notes.push(`${aliased.map((r) => `\`${r.address}\``).join(', ')} alias${aliased.length === 1 ? 'es' : ''} the load balancer.`);
  const layer: DraftLayer = { name: 'dns', kind: 'dns', managed: true, location: first.location, notes, nodes: [{ name: 'route53', availability: assumed('aws-route53'), replicas: 1, zones: [], location: first.location, notes: [] }] };
  return { tier: 'dns', resources: [...records, ...hosted], layer, aliasesLoadBalancer: aliased.length > 0 };
}

function azureZoneName(r: Resource, zone: string): string {
  const location = str(r, 'location');
  return location !== undefined ? `${location}-${zone}` : `zone-${zone}`;
}

/** Zones a round-robin list of `zones` reproduces for instances placed in `each`, or undefined when no such list does. */
function roundRobin(each: (string | undefined)[]): string[] | undefined {
  if (each.some((z) => z === undefined)) return each.every((z) => z === undefined) ? [] : undefined;
  const distinct = [...new Set(each as string[])];
  return each.every((z, i) => z === distinct[i % distinct.length]) ? distinct : undefined;
}

function azureVms(ctx: Context, group: Resource[]): Unit | undefined {
  const r = group[0]!;
  const each = group.map((vm) => {
    const z = str(vm, 'zone') ?? strings(value(vm, 'zones'))[0];
    return z !== undefined ? azureZoneName(vm, z) : undefined;
  });
  const notes = [`${group.length} Azure virtual machine${group.length === 1 ? '' : 's'} (${group.map((g) => `\`${g.address}\``).join(', ')}); each takes the single-instance SLA: the draft models the instances and zones itself, so the availability-zone figure (for two or more instances as a whole) is not used.`];
  if (group.some((vm) => str(vm, 'availability_set_id') !== undefined || vm.unknown.has('availability_set_id'))) notes.push('in an availability set: its fault and update domains are not modelled.');
  let zones = roundRobin(each);
  if (zones === undefined) {
    notes.push(`zones ${each.map((z) => z ?? 'none').join(', ')}: not a round-robin spread, so placed over the distinct zones in order; check the placement.`);
    zones = [...new Set(each.filter((z): z is string => z !== undefined))];
  }
  if (zones.length === 0) notes.push('no availability zone given: placed in no zone (a regional VM shares the fate of whatever zone Azure puts it in).');
  const layer = layerOf(r, 'app', [node(r, 'azure-vm-single', group.length, zones)], notes);
  layer.name = group.length > 1 ? r.name : layerName(r);
  layer.nodes[0]!.name = layer.name;
  return { tier: 'app', resources: group, layer };
}

function azureScaleSet(ctx: Context, r: Resource): Unit | undefined {
  const count = whole(num(r, 'instances') ?? blockNum(block(r, 'sku'), 'capacity'));
  if (count === undefined || count < 1) {
    ctx.skipped.push({ what: `\`${r.address}\` (${r.type})`, reason: count === undefined ? 'its instance count is not known' : 'it runs 0 instances', location: r.location });
    ctx.used.add(r);
    return undefined;
  }
  if (!checkReplicas(ctx, r, count)) return undefined;
  const zones = strings(value(r, 'zones')).map((z) => azureZoneName(r, z));
  const notes = compact([
    `an Azure scale set of ${count} instance${count === 1 ? '' : 's'} (the count given; autoscale rules may change it), each with the single-instance SLA.`,
    zones.length === 0 ? 'no zones given: the instances are not placed in zones.' : undefined,
    str(r, 'health_probe_id') === undefined && block(r, 'automatic_instance_repair') === undefined ? 'no health probe or automatic instance repair: a hung instance counts as up.' : undefined,
  ]);
  return { tier: 'app', resources: [r], layer: layerOf(r, 'app', [node(r, 'azure-vm-single', count, zones)], notes) };
}

function azureSql(ctx: Context, r: Resource): Unit {
  const zoneRedundant = bool(r, 'zone_redundant') === true;
  const notes = compact([
    `Azure SQL Database${str(r, 'sku_name') !== undefined ? `, SKU ${str(r, 'sku_name')!}` : ''}, ${zoneRedundant ? 'zone-redundant' : 'not zone-redundant'}; the draft models it as ${MANAGED_ONE_NODE}.`,
    zoneRedundant ? 'the zone-redundant figure is for Business Critical and Premium: confirm the tier.' : undefined,
  ]);
  return { tier: 'database', resources: [r], layer: layerOf(r, 'database', [node(r, zoneRedundant ? 'azure-sql-database-zone-redundant' : 'azure-sql-database', 1, [])], notes) };
}

function gcpGroup(ctx: Context, r: Resource): Unit | undefined {
  const size = whole(num(r, 'target_size'));
  if (size === undefined || size < 1) {
    ctx.skipped.push({ what: `\`${r.address}\` (${r.type})`, reason: size === undefined ? '`target_size` is not known (an autoscaler sets it?)' : 'its target_size is 0', location: r.location });
    ctx.used.add(r);
    return undefined;
  }
  if (!checkReplicas(ctx, r, size)) return undefined;
  const regional = r.type === 'google_compute_region_instance_group_manager';
  const zone = str(r, 'zone');
  const zones = regional ? strings(value(r, 'distribution_policy_zones')) : zone !== undefined ? [zone] : [];
  const notes = compact([
    `a ${regional ? 'regional' : 'zonal'} managed instance group of ${size} instance${size === 1 ? '' : 's'} (target_size), each with the single-instance SLA.`,
    regional && zones.length === 0 ? 'no `distribution_policy_zones`: Google spreads the instances over zones of the region it picks; not placed in zones.' : undefined,
  ]);
  const hcs = resourcesOf(ctx, 'google_compute_health_check', 'google_compute_region_health_check').filter((h) => refers(ctx, r, 'auto_healing_policies', h));
  let healthCheck: DraftHealthCheck | undefined;
  if (hcs[0]) {
    const h = hcs[0];
    ctx.used.add(h);
    healthCheck = { intervalSeconds: positive(num(h, 'check_interval_sec')) ?? 5, timeoutSeconds: positive(num(h, 'timeout_sec')) ?? 5, unhealthy: positive(whole(num(h, 'unhealthy_threshold'))) ?? 2 };
    notes.push(`auto-healing by health check \`${h.address}\`.`);
  } else notes.push(block(r, 'auto_healing_policies') ? 'auto-healing by a health check not in the plan: its timing is not known.' : 'no auto-healing policy: a hung instance counts as up.');
  const layer = layerOf(r, 'app', [node(r, 'gcp-compute-single-instance', size, zones)], notes);
  if (healthCheck) layer.healthCheck = healthCheck;
  return { tier: 'app', resources: [r], layer };
}

function gcpInstances(ctx: Context, group: Resource[]): Unit {
  const r = group[0]!;
  const each = group.map((i) => str(i, 'zone'));
  const zones = roundRobin(each) ?? [...new Set(each.filter((z): z is string => z !== undefined))];
  const notes = [`${group.length} Compute Engine instance${group.length === 1 ? '' : 's'}, each with the single-instance SLA.`];
  const layer = layerOf(r, 'app', [node(r, 'gcp-compute-single-instance', group.length, zones)], notes);
  layer.name = group.length > 1 ? r.name : layerName(r);
  layer.nodes[0]!.name = layer.name;
  return { tier: 'app', resources: group, layer };
}

// ---------------------------------------------------------------------------------------------
// Zones and the path

/** The catalogue entry of a zone's assumed figure (the Kubernetes import's too). */
const ZONE_ENTRY = 'topo-default-zone';

function zonesOf(units: Unit[]): DraftZone[] {
  const zones: DraftZone[] = [];
  for (const u of units) {
    for (const n of u.layer.nodes) {
      for (const z of n.zones) if (!zones.some((d) => d.name === z)) zones.push({ name: z, availability: assumed(ZONE_ENTRY), location: n.location, notes: [] });
    }
  }
  return zones;
}

/**
 * The path by tier: DNS → load balancers → compute → caches → databases. Where the plan links a
 * load balancer to compute (listener → target group → Auto Scaling group), compute not behind any
 * load balancer, and load balancers in front of none, are optional; without links, every layer
 * of every tier is on the path.
 */
function orderPath(system: DraftSystem, units: Unit[], ctx: Context): void {
  const lbs = units.filter((u) => u.tier === 'lb');
  const apps = units.filter((u) => u.tier === 'app');
  const links = lbs.flatMap((lb) => apps.filter((app) => linked(ctx, lb.resources[0]!, app.resources[0]!)).map((app) => ({ lb, app })));
  const how: string[] = [];
  if (links.length > 0) {
    how.push(`${links.map((l) => `\`${l.lb.layer.name}\` → \`${l.app.layer.name}\``).join(', ')} from the listeners, target groups and Auto Scaling attachments`);
    for (const u of [...lbs, ...apps]) {
      if (links.some((l) => l.lb === u || l.app === u)) continue;
      u.layer.optional = true;
      u.layer.notes.push(u.tier === 'lb' ? 'not in front of any compute of the plan: optional; its own figures are still reported.' : 'not behind any load balancer of the plan: optional; its own figures are still reported.');
    }
  } else if (lbs.length > 0 && apps.length > 0) how.push('no listener → target group → compute link found: every load balancer and compute layer is on the path');
  const dns = units.find((u) => u.tier === 'dns');
  if (dns && lbs.length > 0 && dns.aliasesLoadBalancer !== true) how.push('no DNS record aliases a load balancer: DNS put first by tier');
  if (units.some((u) => u.tier === 'cache' || u.tier === 'database')) how.push('the application is assumed to need every cache and database (a plan does not say which service uses which)');
  const ordered = TIER_ORDER.flatMap((t) => units.filter((u) => u.tier === t));
  system.layers = ordered.map((u) => u.layer);
  system.path = ordered.filter((u) => !u.layer.optional).map((u) => u.layer.name);
  system.notes.push(`Path: by tier, DNS → load balancer → compute → cache → database${how.length > 0 ? `; ${how.join('; ')}` : ''}.`);
}

/** Whether a load balancer sends traffic to a compute resource: a listener of it forwards to a target group the compute is registered with. */
function linked(ctx: Context, lb: Resource, app: Resource): boolean {
  if (app.type !== 'aws_autoscaling_group') return false;
  const listeners = resourcesOf(ctx, 'aws_lb_listener', 'aws_alb_listener').filter((l) => refers(ctx, l, 'load_balancer_arn', lb));
  const rules = resourcesOf(ctx, 'aws_lb_listener_rule', 'aws_alb_listener_rule').filter((rule) => listeners.some((l) => refers(ctx, rule, 'listener_arn', l)));
  const groups = targetGroupsOf(ctx, app);
  const forwards = [...listeners, ...rules].filter((l) => groups.some((tg) => refers(ctx, l, 'default_action', tg) || refers(ctx, l, 'action', tg)));
  if (lb.type === 'aws_elb') {
    const attached = refers(ctx, app, 'load_balancers', lb) || resourcesOf(ctx, 'aws_autoscaling_attachment').some((a) => refers(ctx, a, 'autoscaling_group_name', app) && refers(ctx, a, 'elb', lb));
    return attached;
  }
  for (const x of rules) ctx.used.add(x);
  return forwards.length > 0;
}

function baseName(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/(\.plan)?\.json$/i, '').replace(/\.tfplan$/i, '') || 'terraform';
}
