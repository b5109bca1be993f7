/**
 * The state of a system under failures, updated incrementally: both simulators drive this one
 * machine, so a scenario timeline and a Monte Carlo year follow the same rules (spec section 7).
 *
 * Every member (instance or site) has two states:
 * - `structUp`: up as far as its elements go (an instance: it, its zone, its region and every
 *   common cause covering it are up; a site:
 *   every layer on its path is structurally up, failovers aside);
 * - `up`: really serving (a site is also down while one of its own layers is in a failover window).
 * Active-passive layers fail over on their active member's *structural* failure, so a window
 * inside a site is not a failure of the site: the layer of sites above does not fail over for it,
 * and while it lasts the up members of that layer still serve.
 *
 * An active-passive layer is up when no window is open and some member is really up (the exact
 * engine's structure function, so both agree).
 *
 * Active-passive rules (spec section 3, "Failover windows", and section 7):
 * - The active member is the primary when it is up, else the standby that took over.
 * - When the active member fails structurally while some standby is structurally up, a window
 *   opens: the layer is down for T_fo(j) = detection + promotion of j, j the first standby (in
 *   takeover order) structurally up once the whole instant is applied (a zone may take several
 *   members at once). The window runs in full; every member is fenced meanwhile.
 * - At the window's end j is promoted; if j failed meanwhile, the first standby up then, at once.
 *   A primary back by then is active again at once (planned failback, no outage).
 * - A primary repaired while a standby serves is active again at once, without an outage.
 * - The serving standby failing (primary down) opens a window the same way, timed by the next
 *   standby up.
 * - When no member was up, the first one to come back serves at once: nothing to fail over from.
 */
import type { Structure } from './structure';

/** What the drivers hear from the machine. */
export interface MachineListener {
  /**
   * A window of `layer` opened at `now`, after `failedUnit` failed: it closes after
   * `windowSeconds` = T_fo(`targetUnit`), the first standby up, which the driver times it by.
   * The driver calls `completeFailover(layer)` then.
   */
  failoverStarted(layer: number, failedUnit: number, targetUnit: number, windowSeconds: number): void;
  /** `unit` took over as the active member of `layer` (−1: none was up at the failover's end). */
  promoted(layer: number, unit: number, afterFailover: boolean): void;
  /** The repaired primary is active again. */
  failedBack(layer: number): void;
  /** No member was up and the primary, back first, serves again (scenarios check what it missed). */
  resumed?(layer: number, primary: number): void;
  systemChanged(up: boolean): void;
}

/** A listener that ignores everything (the machine's default). */
const SILENT: MachineListener = {
  failoverStarted: () => undefined,
  promoted: () => undefined,
  failedBack: () => undefined,
  systemChanged: () => undefined,
};

/** Relative tolerance for summed capacities against `load` (sums of decimals are inexact). */
const CAPACITY_EPSILON = 1e-9;

/** The up/down state of every element, member, layer and site of one system, kept incrementally. */
export class Machine {
  readonly elementDown: Uint8Array;
  /** Per instance: how many of the elements it depends on (it, its zone, its region, the common causes covering it) are down. */
  readonly depDown: Uint16Array;
  readonly unitUp: Uint8Array;
  readonly unitStructUp: Uint8Array;
  readonly layerUp: Uint8Array;
  readonly layerStructUp: Uint8Array;
  readonly upCount: Int32Array;
  /**
   * Structural counts, kept for layers of sites and active-passive layers. An active-active layer
   * of nodes leaves them at 0: its members are instances, whose structural state is their real
   * state, so `upCount` and `upCapacity` serve for both (one pair to update per event).
   */
  readonly structUpCount: Int32Array;
  readonly upCapacity: Float64Array;
  readonly structUpCapacity: Float64Array;
  /** Active-passive: the active member's position, −1 when none (and during a window). */
  readonly active: Int32Array;
  /** Active-passive: 1 while a window is open (the layer is down, its members fenced). */
  readonly inFailover: Uint8Array;
  /** Active-passive: the position of the standby whose T_fo times the open window, −1 when none is open. */
  readonly failoverTarget: Int32Array;
  /** Per site: path layers down (really / structurally). */
  readonly siteDown: Int32Array;
  readonly siteStructDown: Int32Array;
  systemDownLayers = 0;
  listener: MachineListener = SILENT;
  // The layers' constants as typed arrays: the hot path reads numbers, not objects.
  private readonly layerActivePassive: Uint8Array;
  /** 1 for an active-active layer whose members are all instances (its counts serve both states). */
  private readonly layerSharedCounts: Uint8Array;
  private readonly layerMin: Int32Array;
  /** `load` less the capacity tolerance; 0 when the layer has no load. */
  private readonly layerLoadFloor: Float64Array;
  private readonly layerOwner: Int32Array;
  /** CSR of the layers' members: memberList[memberStart[l] + pos]. */
  private readonly memberStart: Int32Array;
  private readonly memberList: Int32Array;
  /** T_fo(j) of each member, beside `memberList` (0 for primaries and active-active members). */
  private readonly memberWindowSeconds: Float64Array;
  private readonly siteUnit: Int32Array;
  // The structure's arrays the per-event path reads, held here to skip a load through `s`.
  private readonly depStart: Int32Array;
  private readonly depList: Int32Array;
  private readonly unitLayer: Int32Array;
  private readonly unitCapacity: Float64Array;
  /**
   * Per element: the active-active layer of nodes holding it when it is an instance nothing else
   * depends on through it (an instance's own element, the usual event), else −1.
   */
  private readonly soleActiveLayer: Int32Array;
  /** `setElements`' argument for one element that several instances depend on (no array per event). */
  private readonly single: number[] = [0];
  /** Batch updates: layers with changed members, and those members. */
  private readonly dirty: Uint8Array;
  private readonly pending: (number[] | undefined)[];

  constructor(readonly s: Structure) {
    const e = s.elementNames.length;
    const l = s.layers.length;
    this.elementDown = new Uint8Array(e);
    this.depDown = new Uint16Array(s.instanceCount);
    this.unitUp = new Uint8Array(s.unitCount);
    this.unitStructUp = new Uint8Array(s.unitCount);
    this.layerUp = new Uint8Array(l);
    this.layerStructUp = new Uint8Array(l);
    this.upCount = new Int32Array(l);
    this.structUpCount = new Int32Array(l);
    this.upCapacity = new Float64Array(l);
    this.structUpCapacity = new Float64Array(l);
    this.active = new Int32Array(l);
    this.inFailover = new Uint8Array(l);
    this.failoverTarget = new Int32Array(l).fill(-1);
    this.siteDown = new Int32Array(s.sites.length);
    this.siteStructDown = new Int32Array(s.sites.length);
    this.layerActivePassive = Uint8Array.from(s.layers, (x) => (x.activePassive ? 1 : 0));
    this.layerSharedCounts = Uint8Array.from(s.layers, (x) => (!x.activePassive && x.members.every((u) => u < s.instanceCount) ? 1 : 0));
    this.layerMin = Int32Array.from(s.layers, (x) => x.min);
    this.layerLoadFloor = Float64Array.from(s.layers, (x) => x.load * (1 - CAPACITY_EPSILON));
    this.layerOwner = Int32Array.from(s.layers, (x) => x.owner);
    this.memberStart = new Int32Array(l + 1);
    s.layers.forEach((x, li) => (this.memberStart[li + 1] = (this.memberStart[li] as number) + x.members.length));
    this.memberList = Int32Array.from(s.layers.flatMap((x) => x.members));
    this.memberWindowSeconds = Float64Array.from(s.layers.flatMap((x) => x.members.map((_u, pos) => (x.activePassive ? (x.windowSeconds[pos] ?? 0) : 0))));
    this.siteUnit = Int32Array.from(s.sites, (x) => x.unit);
    this.depStart = s.depStart;
    this.depList = s.depList;
    this.unitLayer = s.unitLayer;
    this.unitCapacity = s.unitCapacity;
    this.soleActiveLayer = new Int32Array(e).fill(-1);
    for (let x = 0; x < e; x++) {
      if ((s.depStart[x + 1] as number) - (s.depStart[x] as number) !== 1) continue;
      const i = s.depList[s.depStart[x] as number] as number;
      const li = s.unitLayer[i] as number;
      if (i === x && li >= 0 && this.layerSharedCounts[li]) this.soleActiveLayer[x] = li;
    }
    this.dirty = new Uint8Array(l);
    this.pending = new Array<number[] | undefined>(l).fill(undefined);
    this.reset(new Uint8Array(e));
  }

  get systemUp(): boolean {
    return this.systemDownLayers === 0;
  }

  /** Sets every element's state at once and rebuilds the rest, with no failover in progress. */
  reset(elementDown: Uint8Array): void {
    const s = this.s;
    this.elementDown.set(elementDown);
    this.depDown.fill(0);
    for (let e = 0; e < elementDown.length; e++) {
      if (!elementDown[e]) continue;
      for (let k = s.depStart[e] as number; k < (s.depStart[e + 1] as number); k++) { const i = s.depList[k] as number; this.depDown[i] = (this.depDown[i] as number) + 1; }
    }
    for (let i = 0; i < s.instanceCount; i++) {
      const up = this.depDown[i] === 0 ? 1 : 0;
      this.unitUp[i] = up;
      this.unitStructUp[i] = up;
    }
    this.inFailover.fill(0);
    this.failoverTarget.fill(-1);
    for (const li of s.layerOrder) {
      const layer = s.layers[li];
      if (!layer) continue;
      for (const u of layer.members) if (s.unitSite[u] as number >= 0) this.resetSite(s.unitSite[u] as number);
      this.upCount[li] = 0;
      this.structUpCount[li] = 0;
      this.upCapacity[li] = 0;
      this.structUpCapacity[li] = 0;
      this.active[li] = -1;
      for (let pos = 0; pos < layer.members.length; pos++) {
        const u = layer.members[pos] as number;
        if (this.unitUp[u]) {
          this.upCount[li] = (this.upCount[li] as number) + 1;
          this.upCapacity[li] = (this.upCapacity[li] as number) + (s.unitCapacity[u] as number);
        }
        if (this.unitStructUp[u]) {
          if (!this.layerSharedCounts[li]) {
            this.structUpCount[li] = (this.structUpCount[li] as number) + 1;
            this.structUpCapacity[li] = (this.structUpCapacity[li] as number) + (s.unitCapacity[u] as number);
          }
          if (this.active[li] === -1) this.active[li] = pos;
        }
      }
      this.layerUp[li] = this.computeUp(li);
      this.layerStructUp[li] = this.computeStructUp(li);
    }
    this.systemDownLayers = 0;
    for (const li of s.path) if (!this.layerUp[li]) this.systemDownLayers++;
  }

  private resetSite(site: number): void {
    const s = this.s;
    const siteDef = s.sites[site];
    if (!siteDef) return;
    let down = 0;
    let structDown = 0;
    for (const li of siteDef.path) {
      if (!this.layerUp[li]) down++;
      if (!this.layerStructUp[li]) structDown++;
    }
    this.siteDown[site] = down;
    this.siteStructDown[site] = structDown;
    this.unitUp[siteDef.unit] = down === 0 ? 1 : 0;
    this.unitStructUp[siteDef.unit] = structDown === 0 ? 1 : 0;
  }

  /** Fails (`down` = 1) or repairs (0) one element. */
  setElement(e: number, down: number): void {
    if (this.elementDown[e] === down) return;
    const li = this.soleActiveLayer[e] as number;
    if (li >= 0) {
      // Arithmetic rather than branches on `down`: in a Monte Carlo run it is a coin flip to
      // the branch predictor. The instance flips when its down count leaves or reaches 0.
      this.elementDown[e] = down;
      const before = this.depDown[e] as number;
      const after = before + 2 * down - 1;
      this.depDown[e] = after;
      if (before * after === 0) this.instanceChanged(e, li, 1 - down);
      return;
    }
    this.setOtherElement(e, down);
  }

  private setOtherElement(e: number, down: number): void {
    const start = this.depStart[e] as number;
    const end = this.depStart[e + 1] as number;
    if (end - start > 1) {
      this.single[0] = e;
      this.setElements(this.single, down);
      return;
    }
    this.elementDown[e] = down;
    if (end === start) return;
    // One instance, so nothing else changes at the same instant.
    const i = this.depList[start] as number;
    const before = this.depDown[i] as number;
    const after = down ? before + 1 : before - 1;
    this.depDown[i] = after;
    if (before === 0 || after === 0) this.unitChanged(i, after === 0 ? 1 : 0, after === 0 ? 1 : 0);
  }

  /**
   * `unitChanged` for an instance whose state flips in an active-active layer of nodes, the bulk
   * of a Monte Carlo run. Its members' real and structural states are always equal, so one pair
   * of counts serves both and gives one verdict; the layer is re-evaluated only when that verdict
   * differs from what it was.
   */
  private instanceChanged(i: number, li: number, up: number): void {
    this.unitUp[i] = up;
    this.unitStructUp[i] = up;
    const delta = 2 * up - 1;
    // ±1 × capacity is exact: the same sums as adding or subtracting it.
    const signedCapacity = delta * (this.unitCapacity[i] as number);
    const count = (this.upCount[li] as number) + delta;
    const upCapacity = (this.upCapacity[li] as number) + signedCapacity;
    this.upCount[li] = count;
    this.upCapacity[li] = upCapacity;
    const layerUp = count >= (this.layerMin[li] as number) && upCapacity >= (this.layerLoadFloor[li] as number) ? 1 : 0;
    if (layerUp !== this.layerUp[li]) this.evaluateLayer(li, false);
  }

  /**
   * Fails or repairs several elements at one instant (a zone, a region, a scenario's failures at
   * the same time). Every member's new state is recorded first, then the layers are evaluated
   * innermost first, so no rule sees a half-applied instant: a zone holding a primary and its
   * standby starts no failover between the two, and a repaired zone's primary is active at once.
   */
  setElements(elements: ArrayLike<number>, down: number): void {
    const s = this.s;
    for (let k = 0; k < elements.length; k++) {
      const e = elements[k] as number;
      if (this.elementDown[e] === down) continue;
      this.elementDown[e] = down;
      for (let d = s.depStart[e] as number; d < (s.depStart[e + 1] as number); d++) {
        const i = s.depList[d] as number;
        const before = this.depDown[i] as number;
        const after = before + (down ? 1 : -1);
        this.depDown[i] = after;
        if (before === 0 || after === 0) this.recordUnit(i, after === 0 ? 1 : 0, after === 0 ? 1 : 0);
      }
    }
    this.evaluatePending();
  }

  /** Batch step one: a member's new state and its layer's counts, with the layer marked for later. */
  private recordUnit(u: number, up: number, structUp: number): void {
    const prevUp = this.unitUp[u] as number;
    const prevStructUp = this.unitStructUp[u] as number;
    if (prevUp === up && prevStructUp === structUp) return;
    this.unitUp[u] = up;
    this.unitStructUp[u] = structUp;
    const li = this.s.unitLayer[u] as number;
    if (li < 0) return;
    this.updateCounts(li, u, up, prevUp, structUp, prevStructUp);
    if (structUp !== prevStructUp) (this.pending[li] ??= []).push(u);
    this.dirty[li] = 1;
  }

  /** Batch step two: every marked layer, innermost first; a site that changes marks its parent. */
  private evaluatePending(): void {
    const s = this.s;
    for (const li of s.layerOrder) {
      if (!this.dirty[li]) continue;
      this.dirty[li] = 0;
      const changed = this.pending[li];
      this.pending[li] = undefined;
      if (changed && this.layerActivePassive[li]) {
        // Takeover order: a repaired primary is seen before a repaired standby.
        changed.sort((a, b) => (s.unitPos[a] as number) - (s.unitPos[b] as number));
        for (const u of changed) this.activePassiveMemberChanged(li, s.unitPos[u] as number, this.unitStructUp[u] as number);
      }
      this.evaluateLayer(li, true);
    }
  }

  private updateCounts(li: number, u: number, up: number, prevUp: number, structUp: number, prevStructUp: number): void {
    const capacity = this.s.unitCapacity[u] as number;
    if (up !== prevUp) {
      this.upCount[li] = (this.upCount[li] as number) + (up ? 1 : -1);
      this.upCapacity[li] = (this.upCapacity[li] as number) + (up ? capacity : -capacity);
    }
    if (structUp !== prevStructUp && !this.layerSharedCounts[li]) {
      this.structUpCount[li] = (this.structUpCount[li] as number) + (structUp ? 1 : -1);
      this.structUpCapacity[li] = (this.structUpCapacity[li] as number) + (structUp ? capacity : -capacity);
    }
  }

  /**
   * Closes the window of `li`: promotes the standby it was timed by when that one is still
   * structurally up, else the first standby structurally up now (at once: no extra time); then
   * the primary, if it is back, is active again at once (planned failback).
   */
  completeFailover(li: number): void {
    if (!this.inFailover[li]) return;
    this.inFailover[li] = 0;
    const start = this.memberStart[li] as number;
    const count = (this.memberStart[li + 1] as number) - start;
    const target = this.failoverTarget[li] as number;
    this.failoverTarget[li] = -1;
    const promoted = target > 0 && this.unitStructUp[this.memberList[start + target] as number] ? target : this.firstStandbyUp(li);
    this.listener.promoted(li, promoted < 0 ? -1 : (this.memberList[start + promoted] as number), true);
    if (count > 0 && this.unitStructUp[this.memberList[start] as number]) {
      this.active[li] = 0;
      if (promoted >= 0) this.listener.failedBack(li);
    } else {
      this.active[li] = promoted;
    }
    this.evaluateLayer(li, false);
  }

  /** The position of the first standby of `li` structurally up, −1 when none is. */
  private firstStandbyUp(li: number): number {
    const start = this.memberStart[li] as number;
    const end = this.memberStart[li + 1] as number;
    for (let k = start + 1; k < end; k++) if (this.unitStructUp[this.memberList[k] as number]) return k - start;
    return -1;
  }

  private unitChanged(u: number, up: number, structUp: number): void {
    const s = this.s;
    const prevUp = this.unitUp[u] as number;
    const prevStructUp = this.unitStructUp[u] as number;
    if (prevUp === up && prevStructUp === structUp) return;
    this.unitUp[u] = up;
    this.unitStructUp[u] = structUp;
    const li = s.unitLayer[u] as number;
    if (li < 0) return;
    this.updateCounts(li, u, up, prevUp, structUp, prevStructUp);
    if (structUp !== prevStructUp && this.layerActivePassive[li]) this.activePassiveMemberChanged(li, s.unitPos[u] as number, structUp);
    this.evaluateLayer(li, false);
  }

  private activePassiveMemberChanged(li: number, pos: number, structUp: number): void {
    if (this.inFailover[li]) return;
    if (!structUp) {
      if (this.active[li] !== pos) return;
      this.active[li] = -1;
      // The primary is down here (it would be active otherwise), so a member up is a standby;
      // every change of the instant is recorded already, so it is the one to time the window by.
      const target = (this.structUpCount[li] as number) > 0 ? this.firstStandbyUp(li) : -1;
      if (target < 0) return;
      const start = this.memberStart[li] as number;
      this.inFailover[li] = 1;
      this.failoverTarget[li] = target;
      this.listener.failoverStarted(li, this.memberList[start + pos] as number, this.memberList[start + target] as number, this.memberWindowSeconds[start + target] as number);
    } else if (pos === 0) {
      const before = this.active[li] as number;
      this.active[li] = 0;
      if (before > 0) this.listener.failedBack(li);
      // No member was up: the primary, back first, serves at once (it may have missed writes).
      else if (before === -1) this.listener.resumed?.(li, this.memberList[this.memberStart[li] as number] as number);
    } else if (this.active[li] === -1) {
      this.active[li] = pos;
      this.listener.promoted(li, this.memberList[(this.memberStart[li] as number) + pos] as number, false);
    }
  }

  private computeUp(li: number): number {
    // The spec's structure function: up when no failover is in progress and some member is up.
    // For nodes this is the active one; in a layer of sites, while the active site is down only
    // for its own internal failover, a standby site that is up carries the traffic.
    if (this.layerActivePassive[li]) return !this.inFailover[li] && (this.upCount[li] as number) > 0 ? 1 : 0;
    return (this.upCount[li] as number) >= (this.layerMin[li] as number) && (this.upCapacity[li] as number) >= (this.layerLoadFloor[li] as number) ? 1 : 0;
  }

  private computeStructUp(li: number): number {
    if (this.layerSharedCounts[li]) return this.computeUp(li);
    if (this.layerActivePassive[li]) return (this.structUpCount[li] as number) > 0 ? 1 : 0;
    return (this.structUpCount[li] as number) >= (this.layerMin[li] as number) && (this.structUpCapacity[li] as number) >= (this.layerLoadFloor[li] as number) ? 1 : 0;
  }

  /** Re-evaluates a layer after its members changed; `batch`: a site that changes is recorded, not applied. */
  private evaluateLayer(li: number, batch: boolean): void {
    const up = this.computeUp(li);
    const structUp = this.computeStructUp(li);
    const prevUp = this.layerUp[li] as number;
    const prevStructUp = this.layerStructUp[li] as number;
    if (up === prevUp && structUp === prevStructUp) return;
    this.layerUp[li] = up;
    this.layerStructUp[li] = structUp;
    const owner = this.layerOwner[li] as number;
    if (owner === -1) {
      if (up === prevUp) return;
      const wasUp = this.systemDownLayers === 0;
      this.systemDownLayers += up ? -1 : 1;
      const isUp = this.systemDownLayers === 0;
      if (wasUp !== isUp) this.listener.systemChanged(isUp);
    } else if (owner >= 0) {
      if (up !== prevUp) this.siteDown[owner] = (this.siteDown[owner] as number) + (up ? -1 : 1);
      if (structUp !== prevStructUp) this.siteStructDown[owner] = (this.siteStructDown[owner] as number) + (structUp ? -1 : 1);
      const unit = this.siteUnit[owner] as number;
      const siteUp = this.siteDown[owner] === 0 ? 1 : 0;
      const siteStructUp = this.siteStructDown[owner] === 0 ? 1 : 0;
      if (batch) this.recordUnit(unit, siteUp, siteStructUp);
      else this.unitChanged(unit, siteUp, siteStructUp);
    }
  }
}
