/**
 * The minimal cut sets of one node layer (spec section 5): sets of its domains and instances that
 * bring the down count to T (or the up capacity below the load), searched order by order with
 * pruning: a set already down is not extended, and instances alone cannot help when more than
 * the remaining slots are needed. Minimal and free of duplicates by construction.
 */
import type { ElementKey, InstanceSpec, UnitSpec } from '../compile';
import { CUT_SET_WORK_LIMIT, type Cut, type LayerCuts } from './layer-cuts';
import { INSERTION_SORT_MAX, orderByUnavailability } from './instance-order';
import type { CutSetRun } from './run';
import { grown, type CutSetScratch } from './scratch';

/**
 * Minimal cut sets of one node layer, searched order by order over candidates: the layer's
 * domains (by key), then its instances (most unavailable first, then by id).
 *
 * What is down is tracked as a bit mask of instances in a layer of up to 31 (when capacity sums
 * are exact in any order), else by cells: instances with the same zone and region, which a
 * domain takes down whole, so that a domain's effect is a few cells, not all its instances.
 * (Capacities are then summed per cell, in another order than instance by instance; that is
 * exact for whole-number capacities, the usual case, and otherwise each instance is its own
 * cell, which keeps the additions and subtractions of the plain walk, in its order.)
 *
 * One instance serves every node layer of one computation (its arrays grow and stay): it belongs
 * to the computation's scratch, and `cuts` is synchronous and never re-entered within it.
 */
export class NodeLayerWalk {
  /** False when the last `cuts` stopped some order at its work limit. */
  complete = true;
  private inst: InstanceSpec[] = [];
  /** The run whose layer is being searched (none between searches: an idle walk keeps no run alive). */
  private run: CutSetRun | undefined;
  /** The run's id buffer and reused arrays. */
  private readonly scratch: CutSetScratch;
  private countKind = true;
  /** Every instance adds the same to what is down: one (and the same capacity). */
  private sameEffect = true;
  /** Down when this many instances are down (a capacity requirement: or the capacity below). */
  private T = 0;
  private slack = 0;
  private maxCap = 0;
  /** While scanning: whether the capacities are all the same, all whole; their absolute sum. */
  private sameCap = true;
  private wholeCaps = true;
  private totalCap = 0;
  private nDomains = 0;
  private nCandidates = 0;
  /** Per domain candidate: its key and its number in the run (`CutSetRun.localDomain`). */
  private domainKeys: ElementKey[] = [];
  private domains: number[] = [];
  /** The same, in the order the instances name them. */
  private foundKeys: ElementKey[] = [];
  private foundDomains: number[] = [];
  /** In a small layer, each found domain's instances as a mask. */
  private foundMask = new Int32Array(32);
  /** Per instance: its capacity, its cell, its zone's and region's candidate (−1: none). */
  private capacity = new Float64Array(16);
  private cellOf = new Int32Array(16);
  private zoneOf = new Int32Array(16);
  private regionOf = new Int32Array(16);
  /** Per cell: its zone and region, instances and their capacity. */
  private nCells = 0;
  private cellZone = new Int32Array(16);
  private cellRegion = new Int32Array(16);
  private cellSize = new Int32Array(16);
  private cellCap = new Float64Array(16);
  /** Per cell: chosen domains over it; chosen instances in it, and their capacity. */
  private cellDown = new Int32Array(16);
  private cellChosen = new Int32Array(16);
  private cellChosenCap = new Float64Array(16);
  /** Domain candidate d's cells: `cells[cellStart[d] … cellStart[d + 1])`, in cell order. */
  private cellStart = new Int32Array(16);
  private cells = new Int32Array(16);
  /**
   * Up to 31 instances (and sums of capacities that are exact in any order), what is down is a
   * bit mask of instances; `candidateMask` has each candidate's instances, `saved` the state
   * before the candidate chosen at each depth.
   */
  private small = false;
  private downMask = 0;
  private candidateMask = new Int32Array(16);
  private savedMask: number[] = [];
  private savedCount: number[] = [];
  private savedCap: number[] = [];
  /** Instance candidates in order; sorted only when the walk first reaches them. */
  private byU = new Int32Array(16);
  /** Per instance candidate (after the domains, in order): its instance's cell. */
  private candidateCell = new Int32Array(16);
  private ordered = false;
  private candidateIds = new Int32Array(16);
  private elements: number[] = [];
  private downCount = 0;
  private downCap = 0;
  private chosen: number[] = [];
  /** Scratch for `sortPrefix`. */
  private prefix: number[] = [];
  private size = 0;
  private work = 0;
  /** The cut sets found: their keys, and their ids from `idsAt` in the id buffer. */
  private idsAt = 0;
  private keys: ElementKey[][] = [];
  private counts: number[] = [0];

  constructor(scratch: CutSetScratch) {
    this.scratch = scratch;
  }

  /** The minimal cut sets of `unit` of at most `order` elements, ids given by `run`. */
  cuts(unit: UnitSpec, order: number, run: CutSetRun): LayerCuts {
    this.setUp(unit, run);
    this.complete = true;
    this.idsAt = this.scratch.top;
    const keys: ElementKey[][] = (this.keys = []);
    const counts = (this.counts = [0]);
    const elements: number[] = (this.elements = []);
    for (let size = 1; size <= order; size++) {
      this.work = 0;
      this.size = size;
      this.counts.push(0);
      this.walk(0, 0);
    }
    // Minimal and free of duplicates by construction, shortest first: no `minimise` needed.
    this.inst = [];
    this.run = undefined;
    return { keys, counts, ids: this.scratch.ids, at: this.idsAt, elements };
  }

  private setUp(unit: UnitSpec, run: CutSetRun): void {
    const inst = unit.instances;
    const n = inst.length;
    this.inst = inst;
    this.run = run;
    const req = unit.requirement;
    this.countKind = req.kind === 'count';
    this.T = req.kind === 'count' ? req.T : req.th.countT;
    this.slack = req.kind === 'count' ? 0 : req.th.capSlack + 1e-9 * Math.max(1, Math.abs(req.th.capSlack));
    if (this.capacity.length < n) {
      const size = grown(this.capacity.length, n);
      this.capacity = new Float64Array(size);
      this.zoneOf = new Int32Array(size);
      this.regionOf = new Int32Array(size);
      this.foundMask = new Int32Array(2 * size);
    }
    const { foundDomains, foundMask } = this;
    const masks = n <= SMALL_LAYER_MAX;
    // One pass over the instances (`scanInstance`, a method of its own so that it is compiled
    // early: it runs once per instance, this once per layer).
    this.nDomains = 0;
    this.maxCap = 0;
    this.sameCap = true;
    this.wholeCaps = true;
    this.totalCap = 0;
    for (let idx = 0; idx < n; idx++) this.scanInstance(inst[idx]!, idx, masks);
    const nd = this.nDomains;
    for (let d = 0; d < nd; d++) run.localDomain[foundDomains[d]!] = -1;
    this.sameEffect = this.countKind || this.sameCap;
    this.nCandidates = nd + n;
    const order = this.orderDomains(nd);
    // Capacity sums are exact in any order for whole numbers (a down count ignores them).
    const exactSums = this.countKind || (this.wholeCaps && this.totalCap <= Number.MAX_SAFE_INTEGER);
    this.small = exactSums && masks;
    this.downMask = 0;
    if (this.small) {
      if (this.candidateMask.length < this.nCandidates) this.candidateMask = new Int32Array(grown(this.candidateMask.length, this.nCandidates));
      for (let p = 0; p < nd; p++) this.candidateMask[p] = foundMask[order[p]!]!;
    } else {
      this.renumberDomains(n, nd, order);
      this.setUpCells(n, exactSums);
    }
    if (this.candidateIds.length < this.nCandidates) this.candidateIds = new Int32Array(grown(this.candidateIds.length, this.nCandidates));
    this.candidateIds.fill(-1, 0, this.nCandidates);
    this.ordered = false;
    this.downCount = 0;
    this.downCap = 0;
  }

  /**
   * Instance `i` (at `idx`): its capacity (and what the capacities have in common so far), its
   * zone's and region's numbers by first use (`run.localDomain` maps a domain to it; `nDomains`
   * counts them), and with `masks`, its bit in their masks.
   */
  private scanInstance(i: InstanceSpec, idx: number, masks: boolean): void {
    const cap = i.capacity;
    this.capacity[idx] = cap;
    if (cap > this.maxCap) this.maxCap = cap;
    if (cap !== this.capacity[0]) this.sameCap = false;
    if (!Number.isInteger(cap)) this.wholeCaps = false;
    this.totalCap += Math.abs(cap);
    const run = this.run!;
    const z = this.localDomainOf(i.zoneIndex >= 0 ? i.zoneIndex : i.zone !== undefined ? run.extraDomain(i.zone) : -1, i.zone, idx, masks);
    const r = this.localDomainOf(i.regionIndex >= 0 ? i.regionIndex : i.region !== undefined ? run.extraDomain(i.region) : -1, i.region, idx, masks);
    this.zoneOf[idx] = z;
    this.regionOf[idx] = r;
  }

  /**
   * The layer's own number of a shared domain (`domain` < 0: none, −1 back), numbering it on
   * first sight under `name` (or the run's key); with `masks`, sets instance `idx`'s bit in it.
   */
  private localDomainOf(domain: number, name: string | undefined, idx: number, masks: boolean): number {
    if (domain < 0) return -1;
    const run = this.run!;
    let d = run.localDomain[domain]!;
    if (d < 0) {
      run.localDomain[domain] = d = this.nDomains++;
      this.foundKeys[d] = name ?? run.domainKey(domain);
      this.foundDomains[d] = domain;
      this.foundMask[d] = 0;
    }
    if (masks) this.foundMask[d]! |= 1 << idx;
    return d;
  }

  /**
   * Puts the `nd` domains found in key order (their candidate order): `domainKeys` and
   * `domains`; returns the scratch whose first `nd` entries are the found numbers in that order.
   */
  private orderDomains(nd: number): Int32Array {
    const { foundKeys, foundDomains } = this;
    const order = this.scratch.ranks(2 * nd);
    for (let d = 0; d < nd; d++) order[d] = d;
    if (nd > INSERTION_SORT_MAX) order.subarray(0, nd).sort((a, b) => (foundKeys[a]! < foundKeys[b]! ? -1 : 1));
    else {
      for (let a = 1; a < nd; a++) {
        const x = order[a]!;
        let b = a;
        for (; b > 0 && foundKeys[x]! < foundKeys[order[b - 1]!]!; b--) order[b] = order[b - 1]!;
        order[b] = x;
      }
    }
    for (let p = 0; p < nd; p++) {
      this.domainKeys[p] = foundKeys[order[p]!]!;
      this.domains[p] = foundDomains[order[p]!]!;
    }
    return order;
  }

  /** Each instance's zone and region as candidates (they were numbered by first use). */
  private renumberDomains(n: number, nd: number, order: Int32Array): void {
    const { zoneOf, regionOf } = this;
    let moved = false;
    for (let p = 0; p < nd; p++) {
      order[nd + order[p]!] = p;
      if (order[p] !== p) moved = true;
    }
    if (!moved) return;
    for (let idx = 0; idx < n; idx++) {
      if (zoneOf[idx]! >= 0) zoneOf[idx] = order[nd + zoneOf[idx]!]!;
      if (regionOf[idx]! >= 0) regionOf[idx] = order[nd + regionOf[idx]!]!;
    }
  }

  /** Groups the instances into cells (one per instance unless `aggregate`), and lists each domain's cells. */
  private setUpCells(n: number, aggregate: boolean): void {
    if (this.cellOf.length < n) this.cellOf = new Int32Array(grown(this.cellOf.length, n));
    if (this.cellSize.length < n) {
      const size = grown(this.cellSize.length, n);
      this.cellZone = new Int32Array(size);
      this.cellRegion = new Int32Array(size);
      this.cellSize = new Int32Array(size);
      this.cellCap = new Float64Array(size);
      this.cellDown = new Int32Array(size);
      this.cellChosen = new Int32Array(size);
      this.cellChosenCap = new Float64Array(size);
    }
    const { zoneOf, regionOf, cellOf, cellZone, cellRegion, cellSize, cellCap, capacity } = this;
    const nd = this.nDomains;
    let nCells = 0;
    if (!aggregate) {
      for (let idx = 0; idx < n; idx++) {
        cellOf[idx] = idx;
        cellZone[idx] = zoneOf[idx]!;
        cellRegion[idx] = regionOf[idx]!;
        cellSize[idx] = 1;
        cellCap[idx] = capacity[idx]!;
      }
      nCells = n;
    } else {
      // The last cell seen per zone (slot 0: no zone) usually fits; else a search among the
      // cells (a map by pair when there are many).
      const lastCell = this.scratch.ranks(nd + 1).fill(-1, 0, nd + 1);
      let byPair: Map<number, number> | undefined;
      for (let idx = 0; idx < n; idx++) {
        const z = zoneOf[idx]!;
        const r = regionOf[idx]!;
        let c = lastCell[z + 1]!;
        if (c < 0 || cellRegion[c] !== r) {
          c = -1;
          if (byPair) c = byPair.get((z + 1) * (nd + 1) + r + 1) ?? -1;
          else for (let other = 0; other < nCells; other++) if (cellZone[other] === z && cellRegion[other] === r) c = other;
          if (c < 0) {
            c = nCells++;
            cellZone[c] = z;
            cellRegion[c] = r;
            cellSize[c] = 0;
            cellCap[c] = 0;
            if (!byPair && nCells > CELL_SCAN_MAX) {
              byPair = new Map();
              for (let other = 0; other < nCells; other++) byPair.set((cellZone[other]! + 1) * (nd + 1) + cellRegion[other]! + 1, other);
            } else byPair?.set((z + 1) * (nd + 1) + r + 1, c);
          }
          lastCell[z + 1] = c;
        }
        cellOf[idx] = c;
        cellSize[c]!++;
        cellCap[c]! += capacity[idx]!;
      }
    }
    this.nCells = nCells;
    this.cellDown.fill(0, 0, nCells);
    this.cellChosen.fill(0, 0, nCells);
    this.cellChosenCap.fill(0, 0, nCells);
    // Each domain's cells, in cell order: counts, starts, then the cells.
    if (this.cellStart.length < nd + 1) this.cellStart = new Int32Array(grown(this.cellStart.length, nd + 1));
    if (this.cells.length < 2 * nCells) this.cells = new Int32Array(grown(this.cells.length, 2 * nCells));
    const start = this.cellStart;
    start.fill(0, 0, nd + 1);
    for (let c = 0; c < nCells; c++) {
      if (cellZone[c]! >= 0) start[cellZone[c]! + 1]!++;
      if (cellRegion[c]! >= 0) start[cellRegion[c]! + 1]!++;
    }
    for (let d = 0; d < nd; d++) start[d + 1]! += start[d]!;
    const next = this.scratch.ranks(nd);
    for (let d = 0; d < nd; d++) next[d] = start[d]!;
    const cells = this.cells;
    for (let c = 0; c < nCells; c++) {
      if (cellZone[c]! >= 0) cells[next[cellZone[c]!]!++] = c;
      if (cellRegion[c]! >= 0) cells[next[cellRegion[c]!]!++] = c;
    }
  }

  /** Sorts the instance candidates, the first time the walk needs them. */
  private orderInstances(): void {
    if (this.ordered) return;
    this.ordered = true;
    const n = this.inst.length;
    if (this.byU.length < n) this.byU = new Int32Array(grown(this.byU.length, n));
    orderByUnavailability(this.inst, this.byU, this.scratch);
    if (this.small) {
      for (let j = 0; j < n; j++) this.candidateMask[this.nDomains + j] = 1 << this.byU[j]!;
      return;
    }
    if (this.candidateCell.length < n) this.candidateCell = new Int32Array(grown(this.candidateCell.length, n));
    for (let j = 0; j < n; j++) this.candidateCell[j] = this.cellOf[this.byU[j]!]!;
  }

  private downAt(count: number, cap: number): boolean {
    return this.countKind ? count >= this.T : count >= this.T || cap > this.slack;
  }

  /** Could `slots` more instances bring the layer down? */
  private reachable(slots: number): boolean {
    if (this.countKind) return this.T - this.downCount <= slots;
    return this.T - this.downCount <= slots || this.downCap + slots * this.maxCap > this.slack;
  }

  /** Takes candidate `c`, chosen at `depth`, down; how many instances were up. */
  private apply(c: number, depth: number): number {
    return this.small ? this.applyMask(c, depth) : this.applyCells(c);
  }

  private applyMask(c: number, depth: number): number {
    const before = this.downMask;
    this.savedMask[depth] = before;
    this.savedCount[depth] = this.downCount;
    this.savedCap[depth] = this.downCap;
    const added = this.candidateMask[c]! & ~before;
    if (added === 0) return 0;
    this.downMask = before | added;
    const changed = bitCount(added);
    this.downCount += changed;
    if (!this.countKind) this.downCap += this.capacityOf(added);
    return changed;
  }

  private applyCells(c: number): number {
    if (c >= this.nDomains) return this.applyInstance(this.byU[c - this.nDomains]!);
    const { cells, cellDown, cellSize, cellChosen } = this;
    let changed = 0;
    for (let k = this.cellStart[c]!, end = this.cellStart[c + 1]!; k < end; k++) {
      const cell = cells[k]!;
      if (cellDown[cell]!++ !== 0) continue;
      const up = cellSize[cell]! - cellChosen[cell]!;
      if (up === 0) continue;
      changed += up;
      this.downCount += up;
      this.downCap += this.cellCap[cell]! - this.cellChosenCap[cell]!;
    }
    return changed;
  }

  private applyInstance(m: number): number {
    const cell = this.cellOf[m]!;
    this.cellChosen[cell]!++;
    this.cellChosenCap[cell]! += this.capacity[m]!;
    if (this.cellDown[cell] !== 0) return 0;
    this.downCount++;
    this.downCap += this.capacity[m]!;
    return 1;
  }

  /** Undoes `apply(c, depth)`. */
  private restore(c: number, depth: number): void {
    if (this.small) {
      // Back to the state before (exact: the sums are of whole numbers).
      this.downMask = this.savedMask[depth]!;
      this.downCount = this.savedCount[depth]!;
      this.downCap = this.savedCap[depth]!;
    } else this.restoreCells(c);
  }

  private restoreCells(c: number): void {
    if (c >= this.nDomains) {
      this.restoreInstance(this.byU[c - this.nDomains]!);
      return;
    }
    const { cells, cellDown, cellSize, cellChosen } = this;
    for (let k = this.cellStart[c]!, end = this.cellStart[c + 1]!; k < end; k++) {
      const cell = cells[k]!;
      if (--cellDown[cell]! !== 0) continue;
      const up = cellSize[cell]! - cellChosen[cell]!;
      if (up === 0) continue;
      this.downCount -= up;
      this.downCap -= this.cellCap[cell]! - this.cellChosenCap[cell]!;
    }
  }

  private restoreInstance(m: number): void {
    const cell = this.cellOf[m]!;
    this.cellChosen[cell]!--;
    this.cellChosenCap[cell]! -= this.capacity[m]!;
    if (this.cellDown[cell] !== 0) return;
    this.downCount--;
    this.downCap -= this.capacity[m]!;
  }

  /** Whether the first `length` chosen candidates, down, are minimal: without any but the last it is up. */
  private minimal(length: number): boolean {
    return this.small ? this.minimalByMask(length) : this.minimalByCells(length);
  }

  private minimalByCells(length: number): boolean {
    // Without its last member the set is up: the walk only extends sets that are up.
    for (let skip = 0; skip < length - 1; skip++) {
      // What is down without this member: the instances only it takes down come back.
      const c = this.chosen[skip]!;
      let count = this.downCount;
      let cap = this.downCap;
      if (c < this.nDomains) {
        for (let k = this.cellStart[c]!, end = this.cellStart[c + 1]!; k < end; k++) {
          const cell = this.cells[k]!;
          if (this.cellDown[cell] !== 1) continue;
          const up = this.cellSize[cell]! - this.cellChosen[cell]!;
          if (up === 0) continue;
          count -= up;
          cap -= this.cellCap[cell]! - this.cellChosenCap[cell]!;
        }
      } else {
        const m = this.byU[c - this.nDomains]!;
        if (this.cellDown[this.cellOf[m]!] === 0) {
          count--;
          cap -= this.capacity[m]!;
        }
      }
      if (this.downAt(count, cap)) return false;
    }
    return true;
  }

  private minimalByMask(length: number): boolean {
    const { chosen, candidateMask } = this;
    for (let skip = 0; skip < length - 1; skip++) {
      let others = 0;
      for (let k = 0; k < length; k++) if (k !== skip) others |= candidateMask[chosen[k]!]!;
      // What only the skipped member takes down comes back.
      const back = this.downMask & ~others;
      if (this.downAt(this.downCount - bitCount(back), this.countKind ? 0 : this.downCap - this.capacityOf(back))) return false;
    }
    return true;
  }

  /** The capacity of the instances in `mask`. */
  private capacityOf(mask: number): number {
    let sum = 0;
    for (let m = mask; m !== 0; m &= m - 1) sum += this.capacity[31 - Math.clz32(m & -m)]!;
    return sum;
  }

  /** Fills slots `depth…` of the current size with candidates `from…`. */
  private walk(from: number, depth: number): void {
    const size = this.size;
    const last = depth + 1 === size;
    for (let c = from; c < this.nCandidates; c++) {
      if (c >= this.nDomains) {
        if (last && this.sameEffect) {
          this.lastInstances(c, depth);
          return;
        }
        if (!this.reachable(size - depth)) return;
        this.orderInstances();
      }
      if (size > 1 && ++this.work > CUT_SET_WORK_LIMIT) {
        this.complete = false;
        return;
      }
      // A candidate that takes nothing new down cannot be in a minimal cut set; a set that
      // is already down before it is full would not be minimal either.
      if (this.apply(c, depth) > 0) {
        this.chosen[depth] = c;
        if (last) {
          if (this.downAt(this.downCount, this.downCap) && this.minimal(size)) this.emit(size);
        } else if (!this.downAt(this.downCount, this.downCap)) {
          this.walk(c + 1, depth + 1);
        }
      }
      this.restore(c, depth);
      if (!this.complete) return;
    }
  }

  /**
   * The walk's last slot over instances `from…`, when every instance not yet down has the same
   * effect (`sameEffect`), without applying each: either all of them complete the set or none
   * does, and whether the set is minimal does not depend on which (no earlier member takes it
   * down). Same sets, same order, same work count as the walk.
   */
  private lastInstances(from: number, depth: number): void {
    if (!this.reachable(1)) return;
    this.orderInstances();
    const size = this.size;
    const nd = this.nDomains;
    const n = this.nCandidates;
    // Not chosen before (candidates only grow), so down only through a chosen domain.
    let c = from;
    for (; c < n; c++) {
      if (size > 1 && ++this.work > CUT_SET_WORK_LIMIT) {
        this.complete = false;
        return;
      }
      if (!this.instanceDown(c - nd)) break;
    }
    if (c === n) return;
    this.chosen[depth] = c;
    this.apply(c, depth);
    const isMinimal = this.downAt(this.downCount, this.downCap) && this.minimal(depth + 1);
    this.restore(c, depth);
    if (!isMinimal) {
      // The rest would only count work.
      if (size > 1 && (this.work += n - 1 - c) > CUT_SET_WORK_LIMIT) this.complete = false;
      return;
    }
    this.sortPrefix(depth);
    const prefix = this.prefix;
    const names = this.run!.keys;
    const scratch = this.scratch;
    let emitted = 0;
    for (; c < n; c++) {
      if (emitted > 0) {
        if (size > 1 && ++this.work > CUT_SET_WORK_LIMIT) {
          this.complete = false;
          break;
        }
        if (this.instanceDown(c - nd)) continue;
      }
      const id = this.idOf(c);
      if (depth === 2) {
        // Sets of three, the most common, written here: this loop is compiled early, and a
        // separate small function would run unoptimised for many calls first.
        const a = prefix[0]!;
        const b = prefix[1]!;
        const x = id < a ? id : a;
        const y = id < a ? a : id < b ? id : b;
        const z = id < b ? b : id;
        const ids = scratch.room(3);
        const top = scratch.top;
        ids[top] = x;
        ids[top + 1] = y;
        ids[top + 2] = z;
        scratch.top = top + 3;
        this.keys.push([names[x]!, names[y]!, names[z]!]);
      } else this.emitWith(prefix, depth, id);
      emitted++;
    }
    this.counts[depth + 1]! += emitted;
  }

  /** Whether instance candidate `j` (counted after the domains) is down through a chosen domain. */
  private instanceDown(j: number): boolean {
    return this.small ? (this.candidateMask[this.nDomains + j]! & this.downMask) !== 0 : this.cellDown[this.candidateCell[j]!] !== 0;
  }

  /** The ids of the first `depth` chosen candidates (given in that order), sorted, in `prefix`. */
  private sortPrefix(depth: number): void {
    const prefix = this.prefix;
    for (let k = 0; k < depth; k++) prefix[k] = this.idOf(this.chosen[k]!);
    sortIds(prefix, depth);
  }

  /** Records the set of the sorted `prefix` (`depth` ids, not 2: see `lastInstances`) and `id`: its ids, sorted, and keys. */
  private emitWith(prefix: number[], depth: number, id: number): void {
    // (`prefix` holds `depth` ids.)
    const scratch = this.scratch;
    const ids = scratch.room(depth + 1);
    const names = this.run!.keys;
    if (depth === 0) {
      ids[scratch.top++] = id;
      this.keys.push([names[id]!]);
      return;
    }
    if (depth === 1) {
      const lo = id < prefix[0]! ? id : prefix[0]!;
      const hi = id < prefix[0]! ? prefix[0]! : id;
      ids[scratch.top++] = lo;
      ids[scratch.top++] = hi;
      this.keys.push([names[lo]!, names[hi]!]);
      return;
    }
    const keys: ElementKey[] = [];
    let placed = false;
    for (let k = 0; k < depth; k++) {
      const p = prefix[k]!;
      if (!placed && id < p) {
        ids[scratch.top++] = id;
        keys.push(names[id]!);
        placed = true;
      }
      ids[scratch.top++] = p;
      keys.push(names[p]!);
    }
    if (!placed) {
      ids[scratch.top++] = id;
      keys.push(names[id]!);
    }
    this.keys.push(keys);
  }

  /** Records the first `length` chosen candidates as a cut set: their element ids, sorted, and keys. */
  private emit(length: number): void {
    const { chosen, scratch } = this;
    const ids = scratch.room(length);
    const names = this.run!.keys;
    this.counts[length]!++;
    // Ids are given in the order of the chosen candidates.
    const a = this.idOf(chosen[0]!);
    if (length === 1) {
      ids[scratch.top++] = a;
      this.keys.push([names[a]!]);
      return;
    }
    const b = this.idOf(chosen[1]!);
    const lo = a < b ? a : b;
    const hi = a < b ? b : a;
    if (length === 2) {
      ids[scratch.top++] = lo;
      ids[scratch.top++] = hi;
      this.keys.push([names[lo]!, names[hi]!]);
      return;
    }
    const d = this.idOf(chosen[2]!);
    if (length > 3) {
      this.emitLong(length, [a, b, d]);
      return;
    }
    const x = d < lo ? d : lo;
    const y = d < lo ? lo : d < hi ? d : hi;
    const z = d < hi ? hi : d;
    ids[scratch.top++] = x;
    ids[scratch.top++] = y;
    ids[scratch.top++] = z;
    this.keys.push([names[x]!, names[y]!, names[z]!]);
  }

  /** `emit` of a set of more than 3, whose first 3 ids are `cut` (kept apart: the short ones are the hot path). */
  private emitLong(length: number, cut: Cut): void {
    const names = this.run!.keys;
    for (let k = 3; k < length; k++) cut.push(this.idOf(this.chosen[k]!));
    sortIds(cut, cut.length);
    const scratch = this.scratch;
    const ids = scratch.room(length);
    const keys: ElementKey[] = [];
    for (const id of cut) {
      ids[scratch.top++] = id;
      keys.push(names[id]!);
    }
    this.keys.push(keys);
  }

  private idOf(c: number): number {
    let id = this.candidateIds[c]!;
    if (id < 0) {
      id = c < this.nDomains ? this.run!.domainId(this.domains[c]!, this.domainKeys[c]!) : this.run!.idOf(this.inst[this.byU[c - this.nDomains]!]!.key);
      this.candidateIds[c] = id;
      this.elements.push(id);
    }
    return id;
  }
}

/** Sorts the first `n` of a few ids in place (insertion: `Array.prototype.sort` costs more to start than this takes). */
function sortIds(ids: number[], n: number): void {
  for (let a = 1; a < n; a++) {
    const x = ids[a]!;
    let b = a;
    for (; b > 0 && ids[b - 1]! > x; b--) ids[b] = ids[b - 1]!;
    ids[b] = x;
  }
}

/** Set bits of a 32-bit integer. */
function bitCount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** Layers of up to this many instances track what is down as a bit mask. */
const SMALL_LAYER_MAX = 31;

/** Up to this many cells are found by a scan. */
const CELL_SCAN_MAX = 32;
