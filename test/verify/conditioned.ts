/**
 * A reference for models too big for `brute-force.ts`: the bench models (issue 13), hundreds to
 * ten thousand instances on a path of layers of nodes. It evaluates spec section 3 (revision 2)
 * as written, deliberately naively, and reads the semantic model directly (never the engine):
 *
 * - every state of the failing zones and regions with at most K of them down, K the smallest for
 *   which P(more than K down) ≤ 1e-16 (that tail, times the longest window, bounds what is left
 *   out: `errorBound`);
 * - given those, the layers are independent. An active-active layer is up when its effectively
 *   up instances meet `min` and `load`; its instances must be alike (one unavailability, one
 *   capacity), so the count of those down is binomial, summed from its threshold up. An
 *   active-passive layer enumerates every up/down state of its instances;
 * - the windows' term Σ_e f_e × X_e: for each element e that can open a window (the instances of
 *   active-passive layers with a standby, and their zones and regions), over the same domain
 *   states (e's own held up before its failure), each layer's P(structurally up) and
 *   P(available) in each view (piece between window ends × e still down / back), and X_e adds
 *   weight × (Π P(up) − Π P(available)).
 *
 * Sites, `optional` layers, unequal figures inside an active-active layer: not handled (throws).
 */
import type { InstanceModel, LayerModel, SystemModel } from '../../server/src/core/model/types';
import { standbyFailoverSeconds } from './brute-force';

export interface ConditionedResult {
  structural: number;
  windows: number;
  unavailability: number;
  /** Upper bound on what the states left out could add. */
  errorBound: number;
}

/** Probability mass of the domain states left out, at most. */
const TAIL = 1e-16;

interface Domain {
  name: string;
  u: number;
  f: number;
  mttr: number;
  region?: string;
}

export function conditionedReference(system: SystemModel): ConditionedResult {
  if (system.sites.length > 0) throw new Error('the conditioned reference takes no sites');
  const layers = system.path.map((id) => {
    const l = system.layers.find((x) => x.id === id);
    if (!l) throw new Error(`no layer ${id}`);
    return l;
  });
  const failing: Domain[] = [];
  for (const r of system.regions) if (r.hasAvailability && r.unavailability > 0) failing.push({ name: r.name, u: r.unavailability, f: r.failuresPerSecond, mttr: r.mttrSeconds });
  for (const z of system.zones) if (z.hasAvailability && z.unavailability > 0) failing.push({ name: z.name, u: z.unavailability, f: z.failuresPerSecond, mttr: z.mttrSeconds, region: z.region });
  const regionOf = new Map(system.zones.map((z) => [z.name, z.region]));
  const instances = new Map<string, InstanceModel[]>(layers.map((l) => [l.id, system.instances.filter((i) => i.layer === l.id)]));

  // Every window end of every layer: the pieces (finer than one trigger needs is harmless).
  const ends = new Set<number>();
  for (const l of layers) if (l.mode === 'active-passive' && l.failover) for (const s of l.standbys) ends.add(standbyFailoverSeconds(system, l, s));
  const times = [...ends].filter((t) => t > 0).sort((a, b) => a - b);
  const longest = times.length > 0 ? times[times.length - 1]! : 0;

  /** Is instance i effectively up, given which domains are down (`down`) and e's forced state? */
  const domainsUp = (i: InstanceModel, down: ReadonlySet<string>): boolean => {
    if (i.zone !== undefined && down.has(i.zone)) return false;
    const region = i.region ?? (i.zone !== undefined ? regionOf.get(i.zone) : undefined);
    return !(region !== undefined && down.has(region));
  };

  /** P(layer structurally up) given the domains down. */
  const layerUp = (l: LayerModel, down: ReadonlySet<string>): number => {
    const all = instances.get(l.id)!;
    if (l.mode !== 'active-passive') return 1 - activeActiveDown(l, all, effectivelyUp(all, down, undefined, domainsUp));
    let pDown = 1;
    for (const i of all) if (domainsUp(i, down)) pDown *= i.unavailability;
    return 1 - pDown;
  };

  // ── Domain states ──
  const subsets = domainSubsets(failing);

  // U_struct.
  let structural = 0;
  for (const { down, p } of subsets) {
    let logUp = 0;
    for (const l of layers) {
      const up = layerUp(l, down);
      if (up <= 0) {
        logUp = -Infinity;
        break;
      }
      logUp += Math.log(up);
    }
    structural += p * -Math.expm1(logUp);
  }
  const left = tailBeyond(failing, subsets.maxDown);

  // Triggers.
  const triggers: { key: string; f: number; mttr: number; instance?: InstanceModel; domain?: string }[] = [];
  const seen = new Set<string>();
  for (const l of layers) {
    if (l.mode !== 'active-passive' || !l.failover || l.standbys.length === 0) continue;
    for (const i of instances.get(l.id)!) {
      if (i.failuresPerSecond > 0) triggers.push({ key: `i:${i.id}`, f: i.failuresPerSecond, mttr: i.mttrSeconds, instance: i });
      const region = i.region ?? (i.zone !== undefined ? regionOf.get(i.zone) : undefined);
      for (const d of [i.zone, region]) {
        const dom = failing.find((x) => x.name === d);
        if (!dom || seen.has(dom.name)) continue;
        seen.add(dom.name);
        triggers.push({ key: `d:${dom.name}`, f: dom.f, mttr: dom.mttr, domain: dom.name });
      }
    }
  }

  let windows = 0;
  for (const t of triggers) {
    // Piece weights: e still down, and back.
    const pieces: { start: number; whileDown: number; whenBack: number }[] = [];
    let a = 0;
    for (const b of times) {
      const whileDown = t.mttr * (Math.exp(-a / t.mttr) - Math.exp(-b / t.mttr));
      pieces.push({ start: a, whileDown, whenBack: b - a - whileDown });
      a = b;
    }
    // The other elements' states: a domain trigger's own (up) factor is not among them.
    const own = t.domain !== undefined ? 1 - failing.find((d) => d.name === t.domain)!.u : 1;
    let x = 0;
    for (const { down, p: withOwn } of subsets) {
      if (t.domain !== undefined && down.has(t.domain)) continue;
      const p = withOwn / own;
      const after = t.domain !== undefined ? new Set([...down, t.domain]) : down;
      for (const piece of pieces) {
        for (const eDown of [true, false]) {
          let upAll = 1;
          let availAll = 1;
          for (const l of layers) {
            const r = apView(system, l, instances.get(l.id)!, down, after, t.instance?.id, eDown, piece.start, domainsUp);
            upAll *= r.up;
            availAll *= r.available;
          }
          x += p * (eDown ? piece.whileDown : piece.whenBack) * (upAll - availAll);
        }
      }
    }
    windows += t.f * x;
  }
  let totalF = 0;
  for (const t of triggers) totalF += t.f;
  return { structural, windows, unavailability: structural + windows, errorBound: left * (1 + totalF * longest) };
}

/**
 * One layer in one view: P(structurally up in the view's state of e) and P(available: up, and no
 * window open over the piece starting at `start`). `before`/`after` are the domains down before
 * e's failure and once it has failed; e an instance when `instanceId` is set.
 */
function apView(
  system: SystemModel, l: LayerModel, all: InstanceModel[], before: ReadonlySet<string>, after: ReadonlySet<string>,
  instanceId: string | undefined, eDown: boolean, start: number, domainsUp: (i: InstanceModel, down: ReadonlySet<string>) => boolean,
): { up: number; available: number } {
  const viewDown = eDown ? after : before;
  const viewForced = eDown ? instanceId : undefined;
  if (l.mode !== 'active-passive' || !l.failover || l.standbys.length === 0) {
    let up: number;
    if (l.mode === 'active-passive') {
      let pDown = 1;
      for (const i of all) if (domainsUp(i, viewDown) && i.id !== viewForced) pDown *= i.unavailability;
      up = 1 - pDown;
    } else up = 1 - activeActiveDown(l, all, effectivelyUp(all, viewDown, viewForced, domainsUp));
    return { up, available: up };
  }
  // Members in takeover order: the primary, then the standbys as declared.
  const order = [l.primary!, ...l.standbys].map((id) => all.find((i) => i.id === id)!);
  const others = order.filter((i) => i.id !== instanceId);
  let up = 0;
  let available = 0;
  for (let mask = 0; mask < 1 << others.length; mask++) {
    let p = 1;
    const ownUp = new Map<string, boolean>();
    others.forEach((i, k) => {
      const isUp = (mask >> k) & 1;
      p *= isUp ? 1 - i.unavailability : i.unavailability;
      ownUp.set(i.id, isUp === 1);
    });
    if (p === 0) continue;
    const upIn = (i: InstanceModel, down: ReadonlySet<string>, eIsDown: boolean): boolean =>
      (i.id === instanceId ? !eIsDown : ownUp.get(i.id)!) && domainsUp(i, down);
    const activeBefore = order.find((i) => upIn(i, before, false));
    const structureBefore = activeBefore !== undefined;
    const structureAfter = order.some((i) => upIn(i, after, true));
    let windowSeconds = 0;
    if (activeBefore && !upIn(activeBefore, after, true)) {
      const j = l.standbys.map((id) => order.find((i) => i.id === id)!).find((i) => upIn(i, after, true));
      if (j) windowSeconds = standbyFailoverSeconds(system, l, j.id);
    }
    const structure = eDown ? structureAfter : structureBefore;
    if (!structure) continue;
    up += p;
    if (!(windowSeconds > start)) available += p;
  }
  return { up, available };
}

/** Per layer's instance list: how many instances each (zone, region) holds, with one of them. */
const groupsOf = new WeakMap<InstanceModel[], { sample: InstanceModel; count: number; ids: Set<string> }[]>();

/** How many of `all` are effectively up with the domains `down` down and `forced` (an instance id) down. */
function effectivelyUp(all: InstanceModel[], down: ReadonlySet<string>, forced: string | undefined, domainsUp: (i: InstanceModel, down: ReadonlySet<string>) => boolean): number {
  let groups = groupsOf.get(all);
  if (!groups) {
    const byKey = new Map<string, { sample: InstanceModel; count: number; ids: Set<string> }>();
    for (const i of all) {
      const key = `${i.zone ?? ''}|${i.region ?? ''}`;
      const g = byKey.get(key);
      if (g) {
        g.count++;
        g.ids.add(i.id);
      } else byKey.set(key, { sample: i, count: 1, ids: new Set([i.id]) });
    }
    groupsOf.set(all, (groups = [...byKey.values()]));
  }
  let m = 0;
  for (const g of groups) if (domainsUp(g.sample, down)) m += g.count - (forced !== undefined && g.ids.has(forced) ? 1 : 0);
  return m;
}

/** By layer, then by how many of its instances are effectively up: P(down). */
const activeActiveMemo = new WeakMap<LayerModel, Map<number, number>>();

/** P(active-active layer down) given how many of its instances are effectively up (`all` gives the layer's figures). */
function activeActiveDown(l: LayerModel, all: InstanceModel[], m: number): number {
  let memo = activeActiveMemo.get(l);
  if (!memo) {
    const first = all[0]!;
    for (const i of all) {
      if (i.unavailability !== first.unavailability || i.capacity !== first.capacity) throw new Error(`layer ${l.id}: instances differ`);
    }
    activeActiveMemo.set(l, (memo = new Map()));
  }
  let down = memo.get(m);
  if (down === undefined) {
    // From min and load as the spec words them, not the model's k.
    let k = l.requirement.min;
    if (l.requirement.load !== undefined) k = Math.max(k, Math.ceil(l.requirement.load / all[0]!.capacity! - 1e-9));
    // Down when more than m − k of the m are down: P(Binomial(m, u) ≥ m − k + 1).
    down = m < k ? 1 : binomialTail(m, all[0]!.unavailability, m - k + 1);
    memo.set(m, down);
  }
  return down;
}

/** P(Binomial(n, u) ≥ t), summed upward from t (each term from the one before). */
function binomialTail(n: number, u: number, t: number): number {
  if (t <= 0) return 1;
  if (t > n) return 0;
  if (u >= 1) return 1;
  if (u <= 0) return 0;
  let logC = 0;
  for (let i = 1; i <= t; i++) logC += Math.log((n - t + i) / i);
  let term = Math.exp(logC + t * Math.log(u) + (n - t) * Math.log1p(-u));
  let sum = 0;
  for (let j = t; j <= n && term > 0; j++) {
    sum += term;
    term *= ((n - j) / (j + 1)) * (u / (1 - u));
    if (term < sum * 1e-18) break;
  }
  return sum;
}

/** Every set of at most K failing domains down, with its probability (others up). */
function domainSubsets(failing: Domain[]): { down: Set<string>; p: number }[] & { maxDown: number } {
  let maxDown = 0;
  while (maxDown < failing.length && tailBeyond(failing, maxDown) > TAIL) maxDown++;
  const out: { down: Set<string>; p: number }[] = [];
  const walk = (from: number, chosen: number[]): void => {
    let p = 1;
    for (let i = 0; i < failing.length; i++) p *= chosen.includes(i) ? failing[i]!.u : 1 - failing[i]!.u;
    out.push({ down: new Set(chosen.map((i) => failing[i]!.name)), p });
    if (chosen.length === maxDown) return;
    for (let i = from; i < failing.length; i++) walk(i + 1, [...chosen, i]);
  };
  walk(0, []);
  return Object.assign(out, { maxDown });
}

/** P(more than `k` of the independent domains down). */
function tailBeyond(failing: Domain[], k: number): number {
  let dist = [1];
  for (const d of failing) {
    const next = new Array<number>(dist.length + 1).fill(0);
    dist.forEach((p, j) => {
      next[j]! += p * (1 - d.u);
      next[j + 1]! += p * d.u;
    });
    dist = next;
  }
  let tail = 0;
  for (let j = k + 1; j < dist.length; j++) tail += dist[j]!;
  return tail;
}
