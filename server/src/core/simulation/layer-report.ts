/**
 * What the scenario timeline says about a layer at one instant: whether it still has redundancy,
 * who serves it, why it is down, how it detects failures and what a promotion loses.
 */
import type { Machine } from './machine';
import { formatSeconds } from './names';
import type { SimLayer, Structure } from './structure';

const STATEFUL_KINDS = new Set(['database', 'cache', 'storage', 'queue']);

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
  const capacity = layer.load > 0 ? ` (capacity ${Number((m.upCapacity[li] as number).toFixed(6))})` : '';
  return `${m.upCount[li]} of ${layer.members.length} up${capacity}, ${needs}`;
}

/** Why a layer is down, for people. */
export function downReason(s: Structure, m: Machine, li: number): string {
  const layer = s.layers[li] as SimLayer;
  if (layer.activePassive) {
    if (m.inFailover[li]) return `failover in progress: ${formatSeconds(layer.failoverSeconds)} until a standby is promoted`;
    return m.active[li] as number < 0 ? 'no member up to serve' : `${s.unitNames[layer.members[m.active[li] as number] as number]} is down`;
  }
  return countText(s, m, li);
}

/**
 * The data a promotion in `layer` loses: the async lag, the backup interval, everything
 * (Infinity) for a stateful kind without replication; undefined when nothing is lost.
 */
export function dataLossOnPromotion(layer: SimLayer): { seconds: number; why: string } | undefined {
  const replication = layer.model.replication;
  if (replication.mode === 'async') return { seconds: replication.rpoSeconds, why: `async replication lag ${formatSeconds(replication.rpoSeconds)}` };
  if (replication.mode === 'backup') return { seconds: replication.rpoSeconds, why: `backup every ${formatSeconds(replication.rpoSeconds)}` };
  if (replication.mode === 'none' && STATEFUL_KINDS.has(layer.model.kind)) return { seconds: Infinity, why: 'no replication' };
  return undefined;
}

/** How a layer notices a failure, for people: `heartbeat timeout 10s`. */
export function detectionText(layer: SimLayer): string {
  const seconds = layer.detectionSeconds ?? layer.model.failover?.detectionSeconds ?? 0;
  const source = layer.model.failover?.detectionSource ?? layer.model.detectionSource;
  switch (source) {
    case 'heartbeat': return `heartbeat timeout ${formatSeconds(seconds)}`;
    case 'health-check': return `health check ${formatSeconds(seconds)}`;
    case 'manual': return `manual detection ${formatSeconds(seconds)} (no health check)`;
    default: return `detection ${formatSeconds(seconds)}`;
  }
}
