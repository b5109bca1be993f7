/**
 * What the scenario timeline says about a layer at one instant: whether it still has redundancy,
 * who serves it, why it is down, how it detects failures and what a promotion loses.
 */
import type { Machine } from './machine';
import type { SimLayer, Structure } from './structure';
import { formatDuration, formatNumber } from '../text/format';

/** True when the layer is up and would survive losing any one more member. */
export function isRedundant(s: Structure, m: Machine, li: number): boolean {
  const layer = s.layers[li] as SimLayer;
  if (!m.layerUp[li]) return false;
  if (layer.activePassive) return layer.members.filter((u) => m.unitUp[u]).length >= 2;
  let largest = 0;
  for (const u of layer.members) if (m.unitUp[u]) largest = Math.max(largest, s.unitCapacity[u] as number);
  return (m.upCount[li] as number) - 1 >= layer.min && (m.upCapacity[li] as number) - largest >= layer.load * (1 - 1e-9);
}

/** Who serves an up layer, or how many members are up: `serving on db-standby`, `3 of 4 up, needs 2 up`. */
export function upDetail(s: Structure, m: Machine, li: number): string {
  const layer = s.layers[li] as SimLayer;
  if (layer.activePassive) {
    const active = m.active[li] as number;
    const activeUnit = active < 0 ? undefined : (layer.members[active] as number);
    const serving = activeUnit !== undefined && m.unitUp[activeUnit] ? activeUnit : layer.members.find((u) => m.unitUp[u]);
    return serving === undefined ? 'no member serving' : `serving on ${s.unitNames[serving]}`;
  }
  return countText(s, m, li);
}

/** `3 of 4 up (capacity 300), needs 2 up and capacity 200`. */
function countText(s: Structure, m: Machine, li: number): string {
  const layer = s.layers[li] as SimLayer;
  const needs = layer.load > 0 ? `needs ${layer.min} up and capacity ${layer.load}` : `needs ${layer.min} up`;
  const capacity = layer.load > 0 ? ` (capacity ${formatNumber(m.upCapacity[li] as number)})` : '';
  return `${m.upCount[li]} of ${layer.members.length} up${capacity}, ${needs}`;
}

/** Why a layer is down, for people. */
export function downReason(s: Structure, m: Machine, li: number): string {
  const layer = s.layers[li] as SimLayer;
  if (layer.activePassive) {
    if (m.inFailover[li]) {
      // The window opened when the layer went down, timed by the first standby up then.
      const pos = m.failoverTarget[li] as number;
      const name = pos > 0 ? s.unitNames[layer.members[pos] as number] : 'a standby';
      return `failover in progress: ${formatDuration(layer.windowSeconds[pos] ?? 0)} until ${name} is promoted`;
    }
    return m.active[li] as number < 0 ? 'no member up to serve' : `${s.unitNames[layer.members[m.active[li] as number] as number]} is down`;
  }
  return countText(s, m, li);
}

/**
 * The data lost when the member at position `pos` of an active-passive layer becomes active,
 * given the seconds of writes it missed (it was down while another member served):
 * - a standby: the replication's own loss — async lag, backup interval, and without replication
 *   everything (Infinity: spec section 4, "none → unbounded", whatever the layer's kind) — plus,
 *   unless it is restored from a backup, the writes it missed;
 * - the primary (back first after a standby served and went down): the writes it missed (with
 *   backups, at most the interval).
 * Undefined when nothing is lost.
 */
export function dataLossOnTakeover(layer: SimLayer, pos: number, name: string, missedSeconds: number): { seconds: number; why: string } | undefined {
  const replication = layer.model.replication;
  const missed = missedSeconds > 0 ? `${name} was down while ${formatDuration(missedSeconds)} of writes went to another member` : '';
  const join = (...parts: string[]) => parts.filter((p) => p !== '').join(', and ');
  if (replication.mode === 'backup') {
    const seconds = pos === 0 ? Math.min(missedSeconds, replication.rpoSeconds) : replication.rpoSeconds;
    return seconds > 0 ? { seconds, why: join(missed, `restored from a backup taken every ${formatDuration(replication.rpoSeconds)}`) } : undefined;
  }
  if (pos === 0) return missedSeconds > 0 ? { seconds: missedSeconds, why: missed } : undefined;
  if (replication.mode === 'none') return { seconds: Infinity, why: 'no replication' };
  if (replication.mode === 'async') return { seconds: replication.rpoSeconds + missedSeconds, why: join(missed, `async replication lag ${formatDuration(replication.rpoSeconds)}`) };
  return missedSeconds > 0 ? { seconds: missedSeconds, why: missed } : undefined;
}

/** How a layer notices a failure, for people: `heartbeat timeout 10s`. */
export function detectionText(layer: SimLayer): string {
  const seconds = layer.detectionSeconds ?? layer.model.failover?.detectionSeconds ?? 0;
  const source = layer.model.failover?.detectionSource ?? layer.model.detectionSource;
  switch (source) {
    case 'heartbeat': return `heartbeat timeout ${formatDuration(seconds)}`;
    case 'health-check': return `health check ${formatDuration(seconds)}`;
    case 'manual': return `manual detection ${formatDuration(seconds)} (no health check)`;
    default: return `detection ${formatDuration(seconds)}`;
  }
}
