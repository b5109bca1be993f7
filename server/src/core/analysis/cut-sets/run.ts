/**
 * One cut-set computation, a run: the element ids (given on first use, in the order the cut sets
 * are found: they order the elements inside each set), each layer's cut sets (computed once),
 * and the run's scratch. A run takes an idle scratch, or a new one, when it starts and gives it
 * back when it ends, so runs that interleave or nest never share one.
 */
import type { ElementKey, LayerNode, SystemSpec, UnitSpec } from '../compile';
import { minimise } from './minimise';
import { combine } from './combine';
import { layerCutsOf, type Cut, type LayerCuts } from './layer-cuts';
import { minimiseLayers } from './minimise-layers';
import { NodeLayerWalk } from './node-layer';
import { CutSetScratch, grownFilled } from './scratch';

export interface CutSetResult {
  /** Element keys of each minimal cut set (order ≤ maxOrder), unsorted. */
  cuts: ElementKey[][];
  /** False when the enumeration of some order above 1 stopped at its work limit. */
  complete: boolean;
  /** Per top-level path layer: the elements that alone take it down. */
  singlesByLayer: Map<string, ElementKey[]>;
}

/** A run's scratch: its id buffer and reused arrays, and the walk of its node layers over them. */
interface RunScratch {
  arrays: CutSetScratch;
  walk: NodeLayerWalk;
}

/**
 * The scratch of runs that have ended, for the next ones: only idle scratch is kept here, never
 * one a run holds. A few suffice (runs nest rarely, and not deeply).
 */
const idle: RunScratch[] = [];
const MAX_IDLE = 4;

function takeScratch(): RunScratch {
  const kept = idle.pop();
  if (kept) {
    kept.arrays.top = 0;
    return kept;
  }
  const arrays = new CutSetScratch();
  return { arrays, walk: new NodeLayerWalk(arrays) };
}

/**
 * The minimal cut sets of one system up to an order, layer by layer (`layerCuts`), then for its
 * path (`result`, which ends the run). Other runs may go between its steps; taken in path order,
 * the steps give `cutSets`'s result exactly (the order layers are taken in numbers the elements).
 */
export class CutSetRun {
  readonly keys: ElementKey[] = [];
  complete = true;
  /** Per domain (`domainList` position, then extra ones): its local number in the unit being set up, else −1. */
  localDomain: Int32Array;
  /** Per domain (numbered as in `localDomain`): its id, −1 until it has one. */
  private domainIds: Int32Array;
  private readonly ids = new Map<ElementKey, number>();
  private readonly memo = new Map<string, LayerCuts>();
  /** Keys an instance names without a `domainList` position (not expected; numbered after it). */
  private extraKeys: ElementKey[] | undefined;
  private readonly order: number;
  /** This run's own scratch; undefined once the run has ended. */
  private scratch: RunScratch | undefined;

  /** A run over `spec`'s elements for cut sets of at most `maxOrder` elements (at least 1). */
  constructor(
    private readonly spec: SystemSpec,
    maxOrder: number,
  ) {
    this.order = Math.max(1, Math.floor(maxOrder));
    this.scratch = takeScratch();
    this.localDomain = new Int32Array(spec.domainList.length).fill(-1);
    this.domainIds = new Int32Array(spec.domainList.length).fill(-1);
  }

  /** The number of a domain known by key alone. */
  extraDomain(key: ElementKey): number {
    const extra = (this.extraKeys ??= []);
    let at = extra.indexOf(key);
    if (at < 0) at = extra.push(key) - 1;
    const d = this.spec.domainList.length + at;
    if (this.localDomain.length <= d) {
      this.localDomain = grownFilled(this.localDomain, d + 1);
      this.domainIds = grownFilled(this.domainIds, d + 1);
    }
    return d;
  }

  domainKey(d: number): ElementKey {
    const list = this.spec.domainList;
    return d < list.length ? list[d]!.key : this.extraKeys![d - list.length]!;
  }

  /** `idOf(key)` of domain `d`, remembered by number across layers. */
  domainId(d: number, key: ElementKey): number {
    let id = this.domainIds[d]!;
    if (id < 0) this.domainIds[d] = id = this.idOf(key);
    return id;
  }

  idOf(k: ElementKey): number {
    let id = this.ids.get(k);
    if (id === undefined) {
      id = this.keys.length;
      this.ids.set(k, id);
      this.keys.push(k);
    }
    return id;
  }

  /** The minimal cut sets of layer `l` (computed once per run). */
  layerCuts(l: LayerNode): LayerCuts {
    const cached = this.memo.get(l.layerId);
    if (cached) return cached;
    const scratch = this.live();
    let result: LayerCuts;
    if (l.kind === 'nodes') {
      const unit = this.spec.units[l.unit]!;
      if (unit.groups && unit.groups.length > 0) result = this.groupedCuts(unit, scratch);
      else {
        result = scratch.walk.cuts(unit, this.order, this);
        this.complete &&= scratch.walk.complete;
      }
    } else {
      const perSite: Cut[][] = [];
      for (const s of l.sites) {
        const layers: LayerCuts[] = [];
        for (const sl of s.layers) layers.push(this.layerCuts(sl));
        perSite.push(minimiseLayers(layers, this.keys.length, true, scratch.arrays).cuts);
      }
      const r = combine(perSite, l.T, this.order);
      this.complete &&= r.complete;
      result = layerCutsOf(r.cuts, this.keys.length, this.keys, scratch.arrays);
    }
    this.memo.set(l.layerId, result);
    return result;
  }

  /**
   * A unit with groups (common causes covering part of it): for each set S of its groups, the
   * cut sets of the unit with S's instances down, each with S added, then minimised. S alone is
   * one when its instances alone bring the layer down.
   */
  private groupedCuts(unit: UnitSpec, scratch: RunScratch): LayerCuts {
    const groups = unit.groups!;
    const all: Cut[] = [];
    const collect = (found: LayerCuts, extra: number[]): void => {
      for (const keys of found.keys) all.push([...keys.map((k) => this.idOf(k)), ...extra].sort((a, b) => a - b));
    };
    // Every set of at most `order` groups, the empty one first.
    const sets: number[][] = [[]];
    for (let j = 0; j < groups.length; j++) {
      const n = sets.length;
      for (let i = 0; i < n; i++) if (sets[i]!.length < this.order) sets.push([...sets[i]!, j]);
    }
    for (const set of sets) {
      const chosen: number[] = [];
      const covered = new Set<number>();
      for (const j of set) {
        chosen.push(this.idOf(groups[j]!.key));
        for (const pos of groups[j]!.members) covered.add(pos);
      }
      const rest = unit.instances.filter((_, pos) => !covered.has(pos));
      const coveredCap = unit.instances.reduce((sum, inst, pos) => sum + (covered.has(pos) ? inst.capacity : 0), 0);
      const req = unit.requirement;
      const requirement: UnitSpec['requirement'] = req.kind === 'count'
        ? { kind: 'count', T: req.T - covered.size }
        // (Not down already, what is left of the slack is at least minus the tolerance: no less than 0.)
        : { kind: 'capacity', th: { countT: req.th.countT - covered.size, capSlack: Math.max(0, req.th.capSlack - coveredCap) } };
      // Down already: the engine's test (dist/capacity.ts), with its tolerance on the sum of capacities.
      const downAlready = requirement.kind === 'count' ? requirement.T <= 0
        : req.kind === 'capacity' && (requirement.th.countT <= 0 || coveredCap > req.th.capSlack + 1e-9 * Math.max(1, Math.abs(req.th.capSlack)));
      if (downAlready) {
        if (chosen.length > 0) all.push(chosen.sort((a, b) => a - b));
        continue;
      }
      if (rest.length === 0 || chosen.length === this.order) continue;
      const derived: UnitSpec = { index: unit.index, layerId: unit.layerId, mode: unit.mode, requirement, instances: rest };
      collect(scratch.walk.cuts(derived, this.order - chosen.length, this), chosen);
      this.complete &&= scratch.walk.complete;
    }
    return layerCutsOf(minimise(all), this.keys.length, this.keys, scratch.arrays);
  }

  /**
   * The minimal cut sets of the system's path, and each path layer's single elements. Ends the
   * run: its scratch goes back for other runs (a run that throws keeps it, and it is dropped).
   */
  result(): CutSetResult {
    const scratch = this.live();
    const spec = this.spec;
    const layers: LayerCuts[] = [];
    // (Indexed loops here and below: a `for … of` costs an iterator in code not yet compiled.)
    for (let i = 0; i < spec.path.length; i++) layers.push(this.layerCuts(spec.path[i]!));
    const system = minimiseLayers(layers, this.keys.length, false, scratch.arrays);
    const singlesByLayer = new Map<string, ElementKey[]>();
    for (let i = 0; i < layers.length; i++) {
      const singles: ElementKey[] = [];
      const { keys, counts } = layers[i]!;
      for (let k = 0; k < (counts[1] ?? 0); k++) singles.push(keys[k]![0]!);
      singlesByLayer.set(spec.path[i]!.layerId, singles);
    }
    this.end();
    return { cuts: system.keys, complete: this.complete, singlesByLayer };
  }

  private live(): RunScratch {
    if (!this.scratch) throw new Error('this cut-set run has ended');
    return this.scratch;
  }

  /** Gives the run's scratch back: what it computed no longer refers to it (`keys` are the result's own arrays). */
  private end(): void {
    const scratch = this.scratch;
    this.scratch = undefined;
    if (scratch && idle.length < MAX_IDLE) idle.push(scratch);
  }
}
