/**
 * The common causes (an extension, docs/language.md "Common causes"): deploys, `common-cause β`
 * groups and maintenance, each one element whose failure takes down every instance it covers.
 *
 * - `deploys F change-failure P restore R [rollout …]` (system, site, layer): f = F·P a week,
 *   down R each time, U = f·R; it covers its scope's instances (all at once), or the first
 *   m = max(1, ⌈P·n⌉) instances of an active-active layer of nodes (`rollout canary P`).
 * - `common-cause β` (layer of nodes, node): the beta factor of common-cause failure modelling;
 *   U_c = β × the smallest written U of the group, with that member's MTTR; every member keeps
 *   `own` figures U_own = (U − U_c)/(1 − U_c), so that alone it is still down with its written U.
 * - `maintenance D every T` (system, site, layer): down D every T, U = D/T.
 *
 * Runs after the scopes are built (it needs every instance) and before the scenarios (they may
 * fail a common cause). A common cause whose U is exactly 0 (`change-failure 0%`, β = 0%) is no
 * element. Elements are listed in declaration order.
 */
import type { LayerAst, LiteralAst, NodeAst, PropertyAst, PropertyKey, SiteAst, SystemAst } from '../../../../grammar/src/ast';
import { SECONDS_PER_WEEK } from '../../../../grammar/src/units';
import { PARTIAL_COMMON_CAUSES_PER_LAYER } from '../limits';
import type { BuildContext } from './context';
import { figuresFrom, fractionOfPercent } from './figures';
import type { CommonCauseModel, DeployModel, ElementFigures, InstanceModel, LayerModel, NodeModel, SiteModel, SystemModel } from './types';
import type { PropMap } from './values';
import { checkDuration, collectProps, readDuration, readPercent, shown } from './values';

/** Where a block of common-cause items is declared. */
type Owner =
  | { scope: 'system' }
  | { scope: 'site'; site: SiteModel }
  | { scope: 'layer'; layer: LayerModel };

/** Builds every common cause of one system (its AST, its scopes already built into `ctx`). */
export function buildCommonCauses(ctx: BuildContext, ast: SystemAst, label: string): CommonCauseModel[] {
  const builder = new Builder(ctx);
  // The system's own items have not been read anywhere else: duplicates are reported here.
  builder.scopeItems(collectProps(ast.props ?? [], ctx.diags, label), { scope: 'system' });
  builder.walk('', ast.layers);
  return builder.finish();
}

class Builder {
  private readonly out: CommonCauseModel[] = [];
  private readonly ids = new Map<string, CommonCauseModel>();
  private readonly layers = new Map<string, LayerModel>();
  private readonly sites = new Map<string, SiteModel>();
  private readonly nodes = new Map<string, NodeModel>();
  private readonly instances = new Map<string, InstanceModel>();

  constructor(private readonly ctx: BuildContext) {
    for (const l of ctx.layers) if (!this.layers.has(l.id)) this.layers.set(l.id, l);
    for (const s of ctx.sites) if (!this.sites.has(s.id)) this.sites.set(s.id, s);
    for (const n of ctx.nodes) if (!this.nodes.has(n.id)) this.nodes.set(n.id, n);
    for (const i of ctx.instances) if (!this.instances.has(i.id)) this.instances.set(i.id, i);
  }

  /** The layers of one scope (`prefix` is '' or 'east.'), their nodes and sites, recursively. */
  walk(prefix: string, layerAsts: readonly LayerAst[]): void {
    for (const layerAst of layerAsts) {
      if (!layerAst.name) continue;
      const layer = this.layers.get(prefix + layerAst.name.text);
      if (!layer) continue;
      // The layer's, site's and node's items were read (and duplicates reported) by their builders.
      const props = firstOfEach(layerAst.props);
      this.scopeItems(props, { scope: 'layer', layer });
      const beta = props.get('common-cause');
      if (beta) this.layerGroup(layer, beta);
      for (const member of layerAst.members) {
        if (!member.name) continue;
        if (member.type === 'node') this.nodeMember(prefix, layer, member, beta !== undefined);
        else this.siteMember(prefix, member);
      }
    }
  }

  private nodeMember(prefix: string, layer: LayerModel, ast: NodeAst, layerHasGroup: boolean): void {
    const node = this.nodes.get(prefix + (ast.name?.text ?? ''));
    const beta = firstOfEach(ast.props).get('common-cause');
    if (!node || !beta || node.layer !== layer.id) return;
    this.nodeGroup(layer, node, beta, layerHasGroup);
  }

  private siteMember(prefix: string, ast: SiteAst): void {
    const site = this.sites.get(prefix + (ast.name?.text ?? ''));
    if (!site) return;
    this.scopeItems(firstOfEach(ast.props), { scope: 'site', site });
    this.walk(`${site.id}.`, ast.layers);
  }

  /** The elements in declaration order (the order of their declaring items in the text). */
  finish(): CommonCauseModel[] {
    const out = [...this.out].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    // Those covering part of a layer are mixed over by the engine, 2^n variants of the layer: bounded.
    const partial = new Map<string, number>();
    for (const c of out) {
      if (c.series || c.layer === undefined) continue;
      const n = (partial.get(c.layer) ?? 0) + 1;
      partial.set(c.layer, n);
      if (n !== PARTIAL_COMMON_CAUSES_PER_LAYER + 1) continue;
      this.ctx.diags.error(
        'limit',
        `layer '${c.layer}' has more than ${PARTIAL_COMMON_CAUSES_PER_LAYER} common causes covering part of it (canary shares, groups of one node among several): put \`common-cause\` on the layer instead of on each node`,
        c.range,
      );
    }
    return out;
  }

  // ── deploys and maintenance ─────────────────────────────────────────────────────────────────

  scopeItems(props: PropMap, owner: Owner): void {
    this.deploys(props, owner);
    const maintenance = props.get('maintenance');
    if (maintenance) this.maintenance(maintenance, owner);
  }

  private deploys(props: PropMap, owner: Owner): void {
    const { diags } = this.ctx;
    const deploys = props.get('deploys');
    const changeFailure = props.get('change-failure');
    const restore = props.get('restore');
    const rollout = props.get('rollout');
    const where = describeOwner(owner);
    if (!deploys) {
      for (const prop of [changeFailure, restore, rollout]) {
        if (!prop) continue;
        diags.error(
          'incomplete-deploys',
          `'${prop.key}' has no effect without \`deploys\` in ${where}: add \`deploys 20/week\` (how often you deploy) beside it, or remove it`,
          prop.range,
        );
      }
      return;
    }
    const missing = [changeFailure ? undefined : 'change-failure', restore ? undefined : 'restore'].filter((k): k is string => k !== undefined);
    if (missing.length > 0) {
      const example = missing.map((k) => (k === 'change-failure' ? '`change-failure 5%` (the share of deploys that fail)' : '`restore 30m` (how long a bad deploy takes to undo)'));
      diags.error(
        'incomplete-deploys',
        `\`deploys ${shown(deploys.value)}\` in ${where} needs ${missing.map((k) => `\`${k}\``).join(' and ')} in the same block: add ${example.join(' and ')}`,
        deploys.range,
      );
    }
    const perWeek = readFrequency(deploys, this.ctx);
    const changeFailureLit = readPercent(changeFailure, diags);
    const restoreSeconds = readDuration(restore, diags);
    const plan = this.rolloutOf(rollout, owner);
    if (perWeek === undefined || !changeFailureLit || restoreSeconds === undefined || !plan || missing.length > 0) return;
    const changeFailureShare = fractionOfPercent(changeFailureLit);
    const failuresPerSecond = (perWeek * changeFailureShare) / SECONDS_PER_WEEK;
    // U = f·R, directly.
    const unavailability = (perWeek * changeFailureShare * restoreSeconds) / SECONDS_PER_WEEK;
    if (unavailability === 0) return; // a common cause that never happens is no element
    if (!(unavailability < 1)) {
      diags.error(
        'invalid-value',
        `bad deploys would take more than all the time: ${shown(deploys.value)} × ${shown(changeFailureLit)} failing, each down ${shown(restore?.value)}, is down ${formatShare(unavailability)} of the time; deploy less often, fail less, or restore faster`,
        deploys.range,
      );
      return;
    }
    const deploy: DeployModel = { perWeek, changeFailure: changeFailureShare, restoreSeconds, rollout: plan.rollout };
    if (plan.canaryShare !== undefined) deploy.canaryShare = plan.canaryShare;
    const covered = plan.canaryPercent !== undefined && owner.scope === 'layer' ? canaryInstances(owner.layer.instances, plan.canaryPercent) : this.covered(owner);
    const series = plan.canaryPercent === undefined || (owner.scope === 'layer' && covered.length === owner.layer.instances.length);
    const figures: ElementFigures = {
      availability: 1 - unavailability,
      unavailability,
      mttrSeconds: restoreSeconds,
      mtbfSeconds: (restoreSeconds * (1 - unavailability)) / unavailability,
      failuresPerSecond,
    };
    this.add({ ...base('deploy', owner), ...figures, instances: covered, series, deploy, range: deploys.range, nameRange: deploys.keyRange });
  }

  /** `rollout …`: all at once by default; a canary only on an active-active layer of nodes. */
  private rolloutOf(
    prop: PropertyAst | undefined,
    owner: Owner,
  ): { rollout: DeployModel['rollout']; canaryShare?: number; canaryPercent?: number } | undefined {
    if (!prop || prop.word?.text !== 'canary') return { rollout: 'all-at-once' };
    const { diags } = this.ctx;
    const why = canaryRefusal(owner);
    if (why) {
      diags.error('invalid-rollout', why, prop.range);
      return undefined;
    }
    const lit = readPercent(prop, diags);
    if (!lit) return undefined;
    if (lit.value === 0) {
      diags.error('invalid-value', `rollout canary ${shown(lit)} exposes no instance: give a share above 0%, or leave \`rollout\` out`, lit.range);
      return undefined;
    }
    return { rollout: 'canary', canaryShare: fractionOfPercent(lit), canaryPercent: lit.value };
  }

  private maintenance(prop: PropertyAst, owner: Owner): void {
    const { diags } = this.ctx;
    const durationSeconds = readDuration(prop, diags);
    const everySeconds = checkDuration(prop.every, 'every', diags);
    if (durationSeconds === undefined || everySeconds === undefined) return;
    if (durationSeconds >= everySeconds) {
      diags.error(
        'invalid-value',
        `maintenance ${shown(prop.value)} every ${shown(prop.every)} would never end: a window must be shorter than the time between windows`,
        prop.range,
      );
      return;
    }
    const unavailability = durationSeconds / everySeconds;
    const figures: ElementFigures = {
      availability: (everySeconds - durationSeconds) / everySeconds,
      unavailability,
      mttrSeconds: durationSeconds,
      mtbfSeconds: everySeconds - durationSeconds,
      failuresPerSecond: 1 / everySeconds,
    };
    this.add({
      ...base('maintenance', owner), ...figures, instances: this.covered(owner), series: true,
      maintenance: { durationSeconds, everySeconds }, range: prop.range, nameRange: prop.keyRange,
    });
  }

  /** Every instance of a system, a site (nested sites included) or a layer (its sites' included). */
  private covered(owner: Owner): string[] {
    return scopeInstances(this.ctx.instances, owner.scope === 'system' ? { scope: 'system' } : owner.scope === 'site' ? { scope: 'site', site: owner.site.id } : { scope: 'layer', layer: owner.layer });
  }

  // ── common-cause β ───────────────────────────────────────────────────────────────────────────

  private layerGroup(layer: LayerModel, prop: PropertyAst): void {
    const { diags } = this.ctx;
    if (layer.members === 'sites') {
      diags.error(
        'common-cause-scope',
        `'common-cause' groups instances, and layer '${layer.name}' holds sites: put \`common-cause\` on a layer of nodes inside the sites`,
        prop.range,
      );
      return;
    }
    const lit = readPercent(prop, diags);
    if (!lit) return;
    const members = layer.instances.map((id) => this.instances.get(id)).filter((i): i is InstanceModel => i !== undefined);
    this.group(`common-cause ${layer.id}`, 'layer', layer.id, layer, members, lit, true, prop);
  }

  private nodeGroup(layer: LayerModel, node: NodeModel, prop: PropertyAst, layerHasGroup: boolean): void {
    const { diags } = this.ctx;
    if (layerHasGroup) {
      diags.error(
        'common-cause-scope',
        `node '${node.name}' is already in layer '${layer.name}''s common-cause group: remove one of the two \`common-cause\` lines`,
        prop.range,
      );
      return;
    }
    const whole = node.instances.length === layer.instances.length;
    if (layer.mode === 'active-passive' && !whole) {
      diags.error(
        'common-cause-scope',
        `an active-passive layer fails over between its members, so node '${node.name}' alone is no group of it: put common-cause on the layer ('${layer.name}')`,
        prop.range,
      );
      return;
    }
    const lit = readPercent(prop, diags);
    if (!lit) return;
    const members = node.instances.map((id) => this.instances.get(id)).filter((i): i is InstanceModel => i !== undefined);
    this.group(`common-cause ${node.id}`, 'node', node.id, layer, members, lit, whole, prop);
  }

  /** A β-factor group: U_c = β × the smallest written U of its members, with that member's MTTR. */
  private group(
    id: string, scope: 'layer' | 'node', scopeId: string, layer: LayerModel, members: InstanceModel[], lit: LiteralAst, series: boolean,
    prop: PropertyAst,
  ): void {
    const beta = fractionOfPercent(lit);
    let smallest: InstanceModel | undefined;
    for (const m of members) if (!smallest || m.unavailability < smallest.unavailability) smallest = m;
    if (!smallest) return;
    const uMin = smallest.unavailability;
    const unavailability = beta * uMin;
    if (unavailability === 0) return; // a common cause that never happens is no element
    const mttrSeconds = smallest.mttrSeconds;
    const element: CommonCauseModel = {
      id, kind: 'common-cause', scope, scopeId, layer: layer.id,
      ...figuresOf(unavailability, mttrSeconds),
      instances: members.map((m) => m.id), series, beta, range: prop.range, nameRange: prop.keyRange,
    };
    if (!this.add(element)) return;
    for (const m of members) {
      // U − U_c without cancellation: (U − U_min) + U_min·(1 − β), both terms ≥ 0.
      const ownU = (m.unavailability - uMin + uMin * (1 - beta)) / (1 - unavailability);
      m.own = figuresOf(ownU, m.mttrSeconds);
      m.commonCause = id;
    }
  }

  private add(element: CommonCauseModel): boolean {
    const first = this.ids.get(element.id);
    if (first) {
      this.ctx.diags.error(
        'duplicate-name',
        `'${element.id}' would name two common causes (line ${first.range.start.line + 1} has it too): a layer and a node of the same name cannot both have one; rename one of them`,
        element.nameRange,
        { related: [{ message: `first '${element.id}' here`, range: first.nameRange }] },
      );
      return false;
    }
    this.ids.set(element.id, element);
    this.out.push(element);
    return true;
  }
}

/** An element's figures from U and MTTR: A = 1 − U, MTBF = MTTR·A/U, f = U/MTTR. */
function figuresOf(unavailability: number, mttrSeconds: number): ElementFigures {
  return figuresFrom(1 - unavailability, unavailability, mttrSeconds);
}

function base(kind: 'deploy' | 'maintenance', owner: Owner): Pick<CommonCauseModel, 'id' | 'kind' | 'scope' | 'scopeId' | 'layer'> {
  if (owner.scope === 'system') return { id: kind, kind, scope: 'system', scopeId: '' };
  if (owner.scope === 'site') return { id: `${kind} ${owner.site.id}`, kind, scope: 'site', scopeId: owner.site.id };
  return { id: `${kind} ${owner.layer.id}`, kind, scope: 'layer', scopeId: owner.layer.id, layer: owner.layer.id };
}

/** Why a canary cannot roll out here, or undefined when it can (an active-active layer of nodes). */
function canaryRefusal(owner: Owner): string | undefined {
  const fix = 'roll out all at once, or leave `rollout` out';
  if (owner.scope === 'system') {
    return `a canary exposes a share of one layer's instances, and the system is many layers: put \`deploys … rollout canary P\` on the layer it rolls out to, or here ${fix}`;
  }
  if (owner.scope === 'site') {
    return `a canary exposes a share of one layer's instances, and site '${owner.site.name}' is a whole stack: put \`deploys … rollout canary P\` on a layer inside it, or here ${fix}`;
  }
  if (owner.layer.members === 'sites') {
    return `a canary exposes a share of one layer's instances, and layer '${owner.layer.name}' holds sites: put \`deploys … rollout canary P\` on a layer of nodes inside them, or here ${fix}`;
  }
  if (owner.layer.mode === 'active-passive') {
    return `an active-passive layer serves from one member at a time, so a canary has no share of it to expose: ${fix}`;
  }
  return undefined;
}

/**
 * The first m = max(1, ⌈P·n⌉) instances (P as written, a percent). The ceiling is taken of
 * P·n/100 rounded to the nearest whole number when it is one up to float noise (5% of 20 is 1).
 */
export function canaryCount(percent: number, n: number): number {
  const exact = (percent * n) / 100;
  const nearest = Math.round(exact);
  const m = Math.abs(exact - nearest) <= 1e-9 * Math.max(1, nearest) ? nearest : Math.ceil(exact);
  return Math.min(n, Math.max(1, m));
}

function canaryInstances(instances: readonly string[], percent: number): string[] {
  if (instances.length === 0) return [];
  return instances.slice(0, canaryCount(percent, instances.length));
}

/** Every instance of a system, a site (nested sites included) or a layer (its sites' included), in declaration order. */
function scopeInstances(
  instances: readonly InstanceModel[],
  scope: { scope: 'system' } | { scope: 'site'; site: string } | { scope: 'layer'; layer: LayerModel },
): string[] {
  if (scope.scope === 'system') return instances.map((i) => i.id);
  if (scope.scope === 'site') return instances.filter((i) => inSite(i, scope.site)).map((i) => i.id);
  const layer = scope.layer;
  if (layer.members === 'nodes') return [...layer.instances];
  return instances.filter((i) => layer.sites.some((s) => inSite(i, s))).map((i) => i.id);
}

/**
 * The common causes of a system whose instances changed (the advice adds replicas and standbys
 * to a model): each covers its scope again as the model stage would — a deploy or maintenance
 * every instance of its scope, a canary the first ⌈P·n⌉ of its layer, a group its node's or
 * layer's instances, with its U_c and its members' `own` shares worked out again.
 */
export function coverCommonCauses(system: SystemModel): SystemModel {
  if (system.commonCauses.length === 0) return system;
  const layers = new Map(system.layers.map((l) => [l.id, l]));
  const nodes = new Map(system.nodes.map((n) => [n.id, n]));
  const instances = system.instances.map((i) => ({ ...i }));
  const byId = new Map(instances.map((i) => [i.id, i]));
  const commonCauses = system.commonCauses.map((c): CommonCauseModel => {
    const layer = c.layer !== undefined ? layers.get(c.layer) : undefined;
    if (c.kind === 'common-cause') {
      const members = c.scope === 'node' ? nodes.get(c.scopeId)?.instances ?? [] : layer?.instances ?? [];
      const list = members.map((id) => byId.get(id)).filter((i): i is InstanceModel => i !== undefined);
      let smallest: InstanceModel | undefined;
      for (const m of list) if (!smallest || m.unavailability < smallest.unavailability) smallest = m;
      if (!smallest || c.beta === undefined) return c;
      const uMin = smallest.unavailability;
      const u = c.beta * uMin;
      for (const m of list) {
        m.own = figuresOf((m.unavailability - uMin + uMin * (1 - c.beta)) / (1 - u), m.mttrSeconds);
        m.commonCause = c.id;
      }
      return { ...c, ...figuresOf(u, smallest.mttrSeconds), instances: list.map((m) => m.id), series: members.length === (layer?.instances.length ?? -1) };
    }
    if (c.deploy?.rollout === 'canary' && layer && c.deploy.canaryShare !== undefined) {
      const covered = canaryInstances(layer.instances, c.deploy.canaryShare * 100);
      return { ...c, instances: covered, series: covered.length === layer.instances.length };
    }
    const scope = c.scope === 'system' ? { scope: 'system' as const } : c.scope === 'site' ? { scope: 'site' as const, site: c.scopeId } : layer ? { scope: 'layer' as const, layer } : undefined;
    return scope ? { ...c, instances: scopeInstances(instances, scope) } : c;
  });
  return { ...system, instances, commonCauses };
}

function inSite(instance: InstanceModel, siteId: string): boolean {
  const site = instance.site;
  return site !== undefined && (site === siteId || site.startsWith(`${siteId}.`));
}

function describeOwner(owner: Owner): string {
  if (owner.scope === 'system') return 'this system';
  if (owner.scope === 'site') return `site '${owner.site.name}'`;
  return `layer '${owner.layer.name}'`;
}

/** Deploys a week: above zero and finite, else `invalid-value`. */
function readFrequency(prop: PropertyAst, ctx: BuildContext): number | undefined {
  const lit = prop.value;
  if (!lit) return undefined;
  if (!Number.isFinite(lit.value)) {
    ctx.diags.error('invalid-value', `deploys ${shown(lit)} is too large to compute with`, lit.range);
    return undefined;
  }
  if (lit.value <= 0) {
    ctx.diags.error('invalid-value', `deploys ${shown(lit)} never deploys: give a frequency above zero (e.g. 20/week), or remove the deploys`, lit.range);
    return undefined;
  }
  return lit.value;
}

/** A share of the time for a message: `150%`. */
function formatShare(u: number): string {
  return `${Number((u * 100).toPrecision(3))}%`;
}

/** Property lines by key, the first of each (the block's builder reported the repeats). */
function firstOfEach(props: readonly PropertyAst[]): PropMap {
  const map = new Map<PropertyKey, PropertyAst>();
  for (const p of props) if (!map.has(p.key)) map.set(p.key, p);
  return map;
}
