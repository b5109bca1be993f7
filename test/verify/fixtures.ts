/**
 * Hand-built semantic models for tests that must not depend on the parser: small systems
 * whose answers are computed by hand. Figures follow spec section 3 (f = U / MTTR).
 */
import type { CommonCauseModel, DeployModel, DomainModel, ElementFigures, InstanceModel, LayerModel, SiteModel, SystemModel } from '../../server/src/core/model/types';
import { ZERO_RANGE } from '../../grammar/src/text';
import { SECONDS_PER_HOUR, SECONDS_PER_WEEK } from '../../grammar/src/units';

const at = { range: ZERO_RANGE, nameRange: ZERO_RANGE };

/** An element's figures from U and MTTR (f = U / MTTR, MTBF = MTTR·A/U). */
export function figures(unavailability: number, mttrSeconds = SECONDS_PER_HOUR): ElementFigures {
  return {
    availability: 1 - unavailability,
    unavailability,
    mttrSeconds,
    mtbfSeconds: unavailability === 0 ? Infinity : (mttrSeconds * (1 - unavailability)) / unavailability,
    failuresPerSecond: unavailability / mttrSeconds,
  };
}

/** A zone or region; `undefined` unavailability means "declared without availability". */
export function domain(type: 'zone' | 'region', name: string, unavailability: number | undefined, region?: string): DomainModel {
  return { type, name, region, hasAvailability: unavailability !== undefined, ...figures(unavailability ?? 0), ...at };
}

/** One instance of a node in `layer`. */
export function instance(id: string, layer: string, unavailability: number, more: Partial<InstanceModel> = {}): InstanceModel {
  return { id, name: id, node: id, layer, index: 1, ...figures(unavailability, more.mttrSeconds), ...at, ...more };
}

/** A layer; members default to the instances (or sites) listed. */
export function layer(id: string, more: Partial<LayerModel> & { instances?: string[]; sites?: string[] }): LayerModel {
  const sites = more.sites ?? [];
  return {
    id,
    name: id,
    kind: 'other',
    mode: 'active-active',
    members: sites.length > 0 ? 'sites' : 'nodes',
    nodes: [],
    instances: [],
    sites,
    requirement: { min: 1 },
    standbys: [],
    replication: { mode: 'none', rpoSeconds: Infinity },
    optional: false,
    onPath: true,
    ...at,
    ...more,
  };
}

/** A site with its own path. */
export function site(id: string, parentLayer: string, path: string[], more: Partial<SiteModel> = {}): SiteModel {
  return { id, name: id, parentLayer, layers: path, path, ...at, ...more };
}

/** A system from its parts; the path defaults to every top-level layer. */
export function system(parts: Partial<SystemModel> & Pick<SystemModel, 'layers' | 'instances'>): SystemModel {
  return {
    name: 'fixture',
    windowSeconds: 30 * 86400,
    regions: [],
    commonCauses: [],
    zones: [],
    sites: [],
    nodes: [],
    path: parts.layers.filter((l) => l.site === undefined).map((l) => l.id),
    scenarios: [],
    analysable: true,
    uses: [],
    journeys: [],
    ...at,
    ...parts,
  };
}

/** The spec's worked example (section 10), built by hand. */
export function checkoutFixture(): SystemModel {
  const apps = [1, 2, 3, 4].map((i) =>
    instance(`app-${i}`, 'app', 1e-3, { zone: i % 2 === 1 ? 'az1' : 'az2', region: 'use1', capacity: 1000, index: i }),
  );
  return system({
    name: 'checkout',
    regions: [domain('region', 'use1', 1e-5)],
    zones: [domain('zone', 'az1', 1e-4, 'use1'), domain('zone', 'az2', 1e-4, 'use1')],
    instances: [
      instance('route53', 'dns', 1e-4),
      instance('cloudflare', 'dns', 1e-4),
      instance('lb1', 'lb', 5e-4, { zone: 'az1', region: 'use1' }),
      ...apps,
      instance('db-primary', 'db', 5e-4, { zone: 'az1', region: 'use1', mttrSeconds: 2 * SECONDS_PER_HOUR }),
      instance('db-standby', 'db', 5e-4, { zone: 'az2', region: 'use1', mttrSeconds: 2 * SECONDS_PER_HOUR, standby: 'hot' }),
    ],
    layers: [
      layer('dns', { instances: ['route53', 'cloudflare'] }),
      layer('lb', { instances: ['lb1'] }),
      layer('app', { instances: apps.map((a) => a.id), requirement: { min: 1, load: 2000, k: 2 } }),
      layer('db', {
        mode: 'active-passive',
        instances: ['db-primary', 'db-standby'],
        primary: 'db-primary',
        standbys: ['db-standby'],
        failover: { detectionSeconds: 10, detectionSource: 'heartbeat', promotionSeconds: 5, promotionSource: 'temperature', failoverSeconds: 15, standbyFailoverSeconds: [15] },
      }),
    ],
  });
}

/**
 * A small system — a region, two zones, a DNS pair and an app pair, one app in each zone — named
 * by `names`: the system, the region, the two zones, the two layers, then the four instances.
 */
export function smallZonedSystem(names: readonly string[]): SystemModel {
  const [sys = '', region = '', z1 = '', z2 = '', dns = '', app = '', d1 = '', d2 = '', a1 = '', a2 = ''] = names;
  return system({
    name: sys,
    regions: [domain('region', region, 1e-5)],
    zones: [domain('zone', z1, 1e-4, region), domain('zone', z2, 1e-4, region)],
    instances: [
      instance(d1, dns, 1e-4),
      instance(d2, dns, 2e-4),
      instance(a1, app, 1e-3, { zone: z1, region }),
      instance(a2, app, 1e-3, { zone: z2, region }),
    ],
    layers: [layer(dns, { instances: [d1, d2] }), layer(app, { instances: [a1, a2] })],
  });
}

// ---- common causes (docs/language.md "Common causes"), built as the semantics say ----------------

type CauseScope = Pick<CommonCauseModel, 'scope' | 'scopeId'> & { layer?: string; series?: boolean };

function cause(id: string, kind: CommonCauseModel['kind'], where: CauseScope, instances: string[], f: ElementFigures): CommonCauseModel {
  const { series = true, ...place } = where;
  return { id, kind, ...place, instances, series, ...f, ...at };
}

/**
 * `deploys F/week change-failure P restore R [rollout …]`: fails F·P a week and stays down R,
 * U = F·P·R (R in weeks), MTTR = R. `instances` are the ones it covers (all of its scope, or a
 * canary's first ⌈share·n⌉ of a layer).
 */
export function deployCause(id: string, where: CauseScope, instances: string[], deploy: DeployModel): CommonCauseModel {
  const perSecond = (deploy.perWeek * deploy.changeFailure) / SECONDS_PER_WEEK;
  return { ...cause(id, 'deploy', where, instances, figures(perSecond * deploy.restoreSeconds, deploy.restoreSeconds)), deploy };
}

/** `maintenance D every T`: down D every T, U = D/T, MTTR = D. */
export function maintenanceCause(id: string, where: CauseScope, instances: string[], durationSeconds: number, everySeconds: number): CommonCauseModel {
  return { ...cause(id, 'maintenance', where, instances, figures(durationSeconds / everySeconds, durationSeconds)), maintenance: { durationSeconds, everySeconds } };
}

/**
 * `common-cause β` on a node or a layer: one element failing with β of the reference member's
 * unavailability and its MTTR (the node's own U, or the smallest U of the layer's instances), so
 * U_c = β·U_ref; each member keeps U alone by its own share U_own = (U − U_c)/(1 − U_c), with
 * its MTTR (f_own = U_own/MTTR). Returns the group and the members with `own` and `commonCause` set.
 */
export function betaGroup(id: string, where: CauseScope, members: InstanceModel[], beta: number): { cause: CommonCauseModel; members: InstanceModel[] } {
  const reference = members.reduce((best, m) => (m.unavailability < best.unavailability ? m : best), members[0] as InstanceModel);
  const uc = beta * reference.unavailability;
  const group = { ...cause(id, 'common-cause', where, members.map((m) => m.id), figures(uc, reference.mttrSeconds)), beta };
  const withOwn = members.map((m) => ({ ...m, own: figures((m.unavailability - uc) / (1 - uc), m.mttrSeconds), commonCause: id }));
  return { cause: group, members: withOwn };
}
