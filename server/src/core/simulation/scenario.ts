/**
 * The scenario simulator (spec section 7): given elements failing at given times, the exact
 * timeline of what follows, over continuous time in seconds. Each failed element comes back
 * after its MTTR; failovers, fencing and failback follow the machine's rules (./machine.ts),
 * the same ones the Monte Carlo runs on.
 *
 * Events that happen at the same instant are reported after the whole instant is processed, in
 * causal order (failure, detection, promotion, data loss, layer, degradation, system), so a
 * zero-length flicker between two simultaneous actions never shows as an outage.
 */
import type { CommonCauseModel, SystemModel } from '../model/types';
import { Machine, type MachineListener } from './machine';
import { resolveTarget } from './resolve';
import { dataLossOnTakeover, detectionText, downReason, isRedundant, upDetail } from './layer-report';
import { compileStructure, type SimLayer, type Structure } from './structure';
import { formatDuration } from '../text/format';
import { checkFailureTime } from '../limits';
import type { ScenarioFailure, ScenarioResult, SimEvent, SimEventType, SimulationOutcome } from './types';

type Action =
  | { t: number; seq: number; kind: 'fail'; element: number; cause: string }
  | { t: number; seq: number; kind: 'repair'; element: number }
  | { t: number; seq: number; kind: 'complete'; layer: number; gen: number }
  | { t: number; seq: number; kind: 'detect'; layer: number; element?: string; detail: string; unit?: number };

const RANK: Record<SimEventType, number> = {
  failure: 0, repaired: 0, detected: 1, promoted: 2, 'data-loss': 3, 'layer-down': 4, 'layer-up': 4,
  degraded: 5, 'system-down': 6, 'system-up': 6,
};

/** Simulates `failures` on `system` and returns the timeline and its summary. */
export function simulateScenario(system: SystemModel, failures: ScenarioFailure[]): SimulationOutcome<ScenarioResult> {
  const structure = compileStructure(system);
  const resolved: { element: number; at: number; cause: string }[] = [];
  for (const f of failures) {
    if (!(f.at >= 0) || !Number.isFinite(f.at)) return { ok: false, error: `failure time of '${f.element}' must be a finite number of seconds ≥ 0 (got ${f.at})` };
    const tooLate = checkFailureTime(f.at, `of '${f.element}', ${f.at.toLocaleString('en-US')} s,`);
    if (tooLate !== undefined) return { ok: false, error: tooLate };
    const target = resolveTarget(structure, f.element);
    if (!target.ok) return target;
    for (const e of target.result.elements) resolved.push({ element: e, at: f.at, cause: target.result.type === 'node' || target.result.type === 'site' ? `${target.result.type} ${f.element}` : '' });
  }
  return { ok: true, result: new ScenarioRun(structure).run(failures, resolved) };
}

/** What a common cause's failure is, in a timeline: `a bad deploy`, `maintenance`. */
function commonCauseEvent(c: CommonCauseModel): string {
  if (c.kind === 'deploy') return c.deploy?.rollout === 'canary' ? 'a bad canary deploy' : 'a bad deploy';
  if (c.kind === 'maintenance') return 'maintenance';
  return 'a common-cause failure';
}

/** Where an element's down time comes from: its MTTR, a deploy's `restore`, maintenance's duration. */
function repairWord(c: CommonCauseModel | undefined): string {
  if (c?.kind === 'deploy') return 'its restore time';
  if (c?.kind === 'maintenance') return 'its duration';
  return 'its MTTR';
}

class ScenarioRun implements MachineListener {
  private readonly machine: Machine;
  private queue: Action[] = [];
  private seq = 0;
  private now = 0;
  private readonly events: (SimEvent & { rank: number; seq: number })[] = [];
  private readonly repairAt: Float64Array;
  private readonly layerWasUp: Uint8Array;
  private readonly layerWasRedundant: Uint8Array;
  private readonly redundantAtStart: Uint8Array;
  private readonly unprotectedSince: Float64Array;
  private readonly unprotectedSeconds: Float64Array;
  /** Per layer: whether the open episode without redundancy has had the layer up (running on its last member). */
  private readonly unprotectedRan: Uint8Array;
  private readonly unitWasUp: Uint8Array;
  private systemWasUp = true;
  private downSince = 0;
  private readonly outages: { start: number; end: number }[] = [];
  private worstDataLossSeconds = 0;
  private totalDataLossSeconds = 0;
  /** Per member: seconds of writes it missed (down while its active-passive layer served from another). */
  private readonly missedSeconds: Float64Array;
  private lastInstant = 0;
  /**
   * Per active-passive layer, the window open: when it opened, the standby whose T_fo times it
   * (the first up then), the standbys before it that were down, and a generation that makes a
   * completion scheduled for an earlier window stale.
   */
  private readonly failoverStart: Float64Array;
  private readonly failoverTarget: Int32Array;
  private readonly passedOver: string[][];
  private readonly failoverGen: Uint32Array;

  constructor(private readonly s: Structure) {
    this.machine = new Machine(s);
    this.machine.listener = this;
    this.repairAt = new Float64Array(s.elementNames.length).fill(-Infinity);
    const layerCount = s.layers.length;
    this.layerWasUp = new Uint8Array(layerCount);
    this.layerWasRedundant = new Uint8Array(layerCount);
    this.redundantAtStart = new Uint8Array(layerCount);
    this.unprotectedSince = new Float64Array(layerCount).fill(NaN);
    this.unprotectedSeconds = new Float64Array(layerCount);
    this.unprotectedRan = new Uint8Array(layerCount);
    for (let li = 0; li < layerCount; li++) {
      this.layerWasUp[li] = this.machine.layerUp[li] as number;
      this.layerWasRedundant[li] = isRedundant(this.s, this.machine, li) ? 1 : 0;
      this.redundantAtStart[li] = this.layerWasRedundant[li] as number;
    }
    this.unitWasUp = Uint8Array.from(this.machine.unitUp);
    this.systemWasUp = this.machine.systemUp;
    this.missedSeconds = new Float64Array(s.unitCount);
    this.failoverStart = new Float64Array(layerCount);
    this.failoverTarget = new Int32Array(layerCount).fill(-1);
    this.passedOver = Array.from({ length: layerCount }, () => []);
    this.failoverGen = new Uint32Array(layerCount);
  }

  run(failures: ScenarioFailure[], resolved: { element: number; at: number; cause: string }[]): ScenarioResult {
    for (const r of resolved) this.schedule({ t: r.at, seq: 0, kind: 'fail', element: r.element, cause: r.cause });
    let end = 0;
    while (this.queue.length > 0) {
      const t = (this.queue[0] as Action).t;
      this.countMissedWrites(t - this.lastInstant);
      this.now = t;
      this.lastInstant = t;
      end = t;
      // Actions may schedule more at the same instant (a zero-length failover): repeat until none.
      while (this.queue.length > 0 && (this.queue[0] as Action).t === t) {
        let k = 0;
        while (k < this.queue.length && (this.queue[k] as Action).t === t) k++;
        this.applyInstant(this.queue.splice(0, k));
      }
      this.diff();
    }
    for (let li = 0; li < this.s.layers.length; li++) {
      if (!Number.isNaN(this.unprotectedSince[li] as number) && this.unprotectedRan[li]) this.unprotectedSeconds[li] = (this.unprotectedSeconds[li] as number) + (end - (this.unprotectedSince[li] as number));
    }
    return this.summary(failures, end);
  }

  private schedule(action: Action): void {
    action.seq = this.seq++;
    let k = this.queue.length;
    while (k > 0 && ((this.queue[k - 1] as Action).t > action.t)) k--;
    this.queue.splice(k, 0, action);
  }

  private emit(type: SimEventType, detail: string, element?: string, layer?: string): void {
    const event: SimEvent & { rank: number; seq: number } = { t: this.now, type, detail, rank: RANK[type], seq: this.seq++ };
    if (element !== undefined) event.element = element;
    if (layer !== undefined) event.layer = layer;
    this.events.push(event);
  }

  /**
   * Applies the actions of one instant: repairs, then failures, each as one batch so the machine
   * sees simultaneous changes together; then failover completions and detections.
   */
  private applyInstant(actions: Action[]): void {
    const s = this.s;
    const repaired: number[] = [];
    for (const action of actions) {
      // A repair pushed back by a later failure of the same element is stale.
      if (action.kind !== 'repair' || this.repairAt[action.element] !== this.now) continue;
      const e = action.element;
      this.repairAt[e] = -Infinity;
      repaired.push(e);
      this.emit('repaired', `${s.elementNames[e]} back up after ${formatDuration(s.mttrSeconds[e] as number)} (${repairWord(this.commonCause(e))})`, s.elementNames[e], this.layerOfElement(e));
    }
    if (repaired.length > 0) this.machine.setElements(repaired, 0);
    const failed: number[] = [];
    for (const action of actions) {
      if (action.kind !== 'fail') continue;
      const e = action.element;
      const alreadyDown = this.machine.elementDown[e] === 1 || failed.includes(e);
      const repairAt = Math.max(this.repairAt[e] as number, this.now + (s.mttrSeconds[e] as number));
      const later = repairAt !== this.repairAt[e];
      this.repairAt[e] = repairAt;
      failed.push(e);
      this.emit('failure', this.failureDetail(e, action.cause, alreadyDown, repairAt), s.elementNames[e], this.layerOfElement(e));
      if (later) this.schedule({ t: repairAt, seq: 0, kind: 'repair', element: e });
    }
    if (failed.length > 0) this.machine.setElements(failed, 1);
    for (const action of actions) {
      if (action.kind === 'complete' && action.gen === this.failoverGen[action.layer]) this.machine.completeFailover(action.layer);
      else if (action.kind === 'detect') {
        // An active-active member back before anyone noticed needs no detection.
        if (action.unit !== undefined && this.machine.unitUp[action.unit]) continue;
        this.emit('detected', action.detail, action.element, s.layers[action.layer]?.id);
      }
    }
  }

  /** Members of active-passive layers that were down while their layer served from another missed those writes. */
  private countMissedWrites(seconds: number): void {
    if (seconds <= 0) return;
    this.s.layers.forEach((layer, li) => {
      if (!layer.activePassive || !this.layerWasUp[li]) return;
      for (const u of layer.members) if (!this.unitWasUp[u]) this.missedSeconds[u] = (this.missedSeconds[u] as number) + seconds;
    });
  }

  private failureDetail(e: number, cause: string, alreadyDown: boolean, repairAt: number): string {
    const s = this.s;
    const parts: string[] = [];
    if (cause) parts.push(`part of ${cause}`);
    const type = s.elementTypes[e];
    const common = this.commonCause(e);
    if (type !== 'instance') {
      const hit: string[] = [];
      for (let k = s.depStart[e] as number; k < (s.depStart[e + 1] as number); k++) hit.push(s.elementNames[s.depList[k] as number] as string);
      const taken = hit.length === 0 ? 'no instance' : hit.join(', ');
      parts.push(common ? `${commonCauseEvent(common)} takes ${taken} down` : `${type} down, taking ${taken} with it`);
    }
    parts.push(alreadyDown ? `already down; repair now due at t+${formatDuration(repairAt)}` : `down for ${formatDuration(s.mttrSeconds[e] as number)} (${repairWord(common)})`);
    return parts.join('; ');
  }

  /** The common cause element `e` stands for, if it is one. */
  private commonCause(e: number): CommonCauseModel | undefined {
    const s = this.s;
    const first = s.instanceCount + s.system.zones.length + s.system.regions.length;
    return e >= first ? s.system.commonCauses[e - first] : undefined;
  }

  private layerOfElement(e: number): string | undefined {
    if (e < this.s.instanceCount) return this.s.layers[this.s.unitLayer[e] as number]?.id;
    return this.commonCause(e)?.layer;
  }

  /**
   * A window opened: detection is reported at now + detection, and the window closes at
   * now + T_fo(target), the first standby up now, whatever happens meanwhile (spec section 7).
   */
  failoverStarted(li: number, failedUnit: number, targetUnit: number, windowSeconds: number): void {
    const layer = this.s.layers[li] as SimLayer;
    const detection = layer.model.failover?.detectionSeconds ?? 0;
    const failed = this.s.unitNames[failedUnit] as string;
    this.failoverStart[li] = this.now;
    this.failoverTarget[li] = targetUnit;
    // The standbys ahead of the target in takeover order (the failed one aside) were down as the window opened.
    this.passedOver[li] = layer.members.slice(1, this.s.unitPos[targetUnit] as number).filter((u) => u !== failedUnit).map((u) => this.s.unitNames[u] as string);
    const gen = (this.failoverGen[li] = (this.failoverGen[li] as number) + 1);
    this.schedule({ t: this.now + detection, seq: 0, kind: 'detect', layer: li, element: failed, detail: `${failed} failure detected by ${detectionText(layer)}` });
    this.schedule({ t: this.now + windowSeconds, seq: 0, kind: 'complete', layer: li, gen });
  }

  promoted(li: number, unit: number, afterFailover: boolean): void {
    if (unit < 0) return;
    const layer = this.s.layers[li] as SimLayer;
    const name = this.s.unitNames[unit] as string;
    const how = afterFailover
      ? `${name} promoted: ${this.failoverTiming(li, unit)}`
      : `${name} back up and serving at once: no member was up, so there is nothing to fail over from`;
    this.emit('promoted', how, name, layer.id);
    this.dataLoss(layer, unit);
  }

  resumed(li: number, primary: number): void {
    // Only worth a line when it missed writes a standby took (and then lost by going down).
    if (!((this.missedSeconds[primary] as number) > 0)) return;
    const layer = this.s.layers[li] as SimLayer;
    const name = this.s.unitNames[primary] as string;
    this.emit('promoted', `${name} back up and serving at once: no member was up, so there is nothing to fail over from`, name, layer.id);
    this.dataLoss(layer, primary);
  }

  /**
   * `failover complete after 15s (detection 10s + promotion 5s)`: the window's length and its
   * parts, naming the standby it was timed by when that was not the first one (the first ones
   * were down) or not the one promoted (it went down during the window).
   */
  private failoverTiming(li: number, unit: number): string {
    const s = this.s;
    const layer = s.layers[li] as SimLayer;
    const detection = layer.model.failover?.detectionSeconds ?? 0;
    const timed = this.failoverTarget[li] as number;
    const timedName = s.unitNames[timed] as string;
    const promotion = formatDuration(layer.promotionSeconds[s.unitPos[timed] as number] as number);
    const total = `failover complete after ${formatDuration(this.now - (this.failoverStart[li] as number))}`;
    const passed = this.passedOver[li] ?? [];
    const notes: string[] = [];
    if (passed.length > 0) notes.push(`${passed.join(', ')} ${passed.length === 1 ? 'was' : 'were'} down`);
    if (timed !== unit) notes.push(`${timedName} went down during the window, so ${s.unitNames[unit]}, the first standby up at its end, takes over at once`);
    const parts = passed.length === 0 && timed === unit ? `detection ${formatDuration(detection)} + promotion ${promotion}` : `detection ${formatDuration(detection)} + promotion of ${timedName} ${promotion}`;
    return `${total} (${[parts, ...notes].join('; ')})`;
  }

  failedBack(li: number): void {
    const layer = this.s.layers[li] as SimLayer;
    const primary = this.s.unitNames[layer.members[0] as number] as string;
    this.emit('promoted', `${primary} active again: planned failback, no outage`, primary, layer.id);
  }

  systemChanged(): void {}

  private dataLoss(layer: SimLayer, unit: number): void {
    const promoted = this.s.unitNames[unit] as string;
    const loss = dataLossOnTakeover(layer, this.s.unitPos[unit] as number, promoted, this.missedSeconds[unit] as number);
    if (!loss) return;
    this.worstDataLossSeconds = Math.max(this.worstDataLossSeconds, loss.seconds);
    this.totalDataLossSeconds += loss.seconds;
    const lost = Number.isFinite(loss.seconds) ? `the last ${formatDuration(loss.seconds)} of writes, not yet on ${promoted}, are lost` : `every write not on ${promoted} is lost`;
    this.emit('data-loss', `${loss.why}: ${lost}`, promoted, layer.id);
  }

  /** Compares the state after an instant with the state before it and reports what changed. */
  private diff(): void {
    const s = this.s;
    const m = this.machine;
    for (let li = 0; li < s.layers.length; li++) {
      const layer = s.layers[li] as SimLayer;
      const up = m.layerUp[li] as number;
      const wasUp = this.layerWasUp[li] as number;
      const redundant = isRedundant(this.s, this.machine, li) ? 1 : 0;
      const wasRedundant = this.layerWasRedundant[li] as number;
      if (wasUp && !up) this.emit('layer-down', downReason(this.s, this.machine, li), undefined, layer.id);
      if (!wasUp && up) this.emit('layer-up', upDetail(this.s, this.machine, li), undefined, layer.id);
      const lost = this.newlyLostMembers(layer);
      if (up && !layer.activePassive && lost.length > 0) this.reportUnservedRequests(li, lost, redundant === 1);
      else if (up && !redundant && (wasRedundant || !wasUp) && this.redundantAtStart[li]) this.emit('degraded', `no redundancy left: ${upDetail(this.s, this.machine, li)}`, undefined, layer.id);
      // Without redundancy: an episode runs from the failure that took the layer's redundancy away
      // until it is restored, and counts whole (a failover's outage included, as in spec section
      // 8's example: db 7200 s) when the layer ran on its last member at some point in it. A
      // layer that was down throughout (the inner layers of a failed site) did not run at all.
      if (this.redundantAtStart[li]) {
        if (wasRedundant && !redundant) {
          this.unprotectedSince[li] = this.now;
          this.unprotectedRan[li] = 0;
        }
        if (!redundant && up) this.unprotectedRan[li] = 1;
        if (!wasRedundant && redundant && !Number.isNaN(this.unprotectedSince[li] as number)) {
          if (this.unprotectedRan[li]) this.unprotectedSeconds[li] = (this.unprotectedSeconds[li] as number) + (this.now - (this.unprotectedSince[li] as number));
          this.unprotectedSince[li] = NaN;
        }
      }
      this.layerWasUp[li] = up;
      this.layerWasRedundant[li] = redundant;
    }
    this.unitWasUp.set(m.unitUp);
    // A member up while its layer serves catches up (is in sync again) from the active one.
    for (let li = 0; li < s.layers.length; li++) {
      const layer = s.layers[li] as SimLayer;
      if (layer.activePassive && m.layerUp[li]) for (const u of layer.members) if (m.unitUp[u]) this.missedSeconds[u] = 0;
    }
    const up = m.systemUp;
    if (this.systemWasUp && !up) {
      this.downSince = this.now;
      this.emit('system-down', `${this.downLayers().join(', ')} down`);
    } else if (!this.systemWasUp && up) {
      this.outages.push({ start: this.downSince, end: this.now });
      this.emit('system-up', `up again after ${formatDuration(this.now - this.downSince)}`);
    }
    this.systemWasUp = up;
  }

  private newlyLostMembers(layer: SimLayer): number[] {
    return layer.members.filter((u) => this.unitWasUp[u] && !this.machine.unitUp[u]);
  }

  /** Active-active: requests still sent to a dead member fail until the layer notices. */
  private reportUnservedRequests(li: number, lost: number[], redundant: boolean): void {
    const layer = this.s.layers[li] as SimLayer;
    const names = lost.map((u) => this.s.unitNames[u] as string);
    const detection = layer.detectionSeconds;
    const until = detection === undefined ? 'until it is taken out of rotation' : `until detected (${detectionText(layer)})`;
    const left = redundant ? upDetail(this.s, this.machine, li) : `no redundancy left: ${upDetail(this.s, this.machine, li)}`;
    this.emit('degraded', `requests to ${names.join(', ')} fail ${until}; ${left}`, names.length === 1 ? names[0] : undefined, layer.id);
    if (detection !== undefined) {
      for (const unit of lost) {
        const name = this.s.unitNames[unit] as string;
        this.schedule({ t: this.now + detection, seq: 0, kind: 'detect', layer: li, element: name, unit, detail: `${name} out of rotation: ${detectionText(layer)}` });
      }
    }
  }

  private downLayers(): string[] {
    return this.s.path.filter((li) => !this.machine.layerUp[li]).map((li) => (this.s.layers[li] as SimLayer).id);
  }

  private summary(failures: ScenarioFailure[], end: number): ScenarioResult {
    const system = this.s.system;
    const downtime = this.outages.reduce((t, o) => t + (o.end - o.start), 0);
    const worstOutage = this.outages.reduce((w, o) => Math.max(w, o.end - o.start), 0);
    const rtoTarget = system.rto?.value ?? null;
    const rpoTarget = system.rpo?.value ?? null;
    const events = [...this.events]
      .sort((a, b) => a.t - b.t || a.rank - b.rank || a.seq - b.seq)
      .map(({ rank: _rank, seq: _seq, ...event }) => event);
    const unprotected: { layer: string; seconds: number }[] = [];
    this.s.layers.forEach((l, li) => {
      if ((this.unprotectedSeconds[li] as number) > 0) unprotected.push({ layer: l.id, seconds: this.unprotectedSeconds[li] as number });
    });
    return {
      failures: failures.map((f) => ({ element: f.element, at: f.at })),
      events,
      outages: this.outages,
      systemDowntimeSeconds: downtime,
      // With no target there is nothing to meet: `met` is null, not true.
      rto: { targetSeconds: rtoTarget, worstOutageSeconds: worstOutage, met: rtoTarget === null ? null : worstOutage <= rtoTarget },
      rpo: { targetSeconds: rpoTarget, dataLossSeconds: this.worstDataLossSeconds, met: rpoTarget === null ? null : this.worstDataLossSeconds <= rpoTarget },
      unprotected,
      totalDataLossSeconds: this.totalDataLossSeconds,
      endSeconds: end,
    };
  }
}
