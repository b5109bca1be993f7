/**
 * Which layers the diagram draws summarised (`DIAGRAM_LIMITS`), and how their instances group:
 * one box per node and zone, or per zone alone when that would still be too many boxes. Only
 * what is drawn changes; the figures are the analysis's, over every instance.
 */
import type { InstanceModel, LayerModel, SystemModel } from '../model/types';
import type { IdRunView, MemberIdsView } from './view-model';
import { DIAGRAM_LIMITS } from '../limits';
import { systemIndex } from '../model/index';

/** Instances drawn as one box (or, when alone, as themselves). */
export interface InstanceBucket {
  /** `LAYER/NODE@ZONE`, NODE `*` when grouped by zone alone: the group's view id. */
  id: string;
  /** The node's id when grouped by node. */
  node?: string;
  zone?: string;
  members: InstanceModel[];
}

export interface LayerGrouping {
  by: 'node' | 'zone';
  /** In order of each group's first instance. */
  buckets: InstanceBucket[];
}

/**
 * The layers to draw summarised, with their groups: each layer of more than
 * `DIAGRAM_LIMITS.perLayer` instances, then the largest others while the diagram would still
 * draw more than `DIAGRAM_LIMITS.total` boxes. Empty for every ordinary model.
 */
export function summarisedLayers(model: SystemModel): Map<string, LayerGrouping> {
  const limits = DIAGRAM_LIMITS;
  const chosen = new Map<string, LayerGrouping>();
  let drawn = model.layers.reduce((n, l) => n + l.instances.length, 0);
  // Largest first; a stable sort keeps declaration order among equals, so the choice is deterministic.
  const bySize = [...model.layers].sort((a, b) => b.instances.length - a.instances.length);
  for (const layer of bySize) {
    const count = layer.instances.length;
    if (count <= limits.perLayer && drawn <= limits.total) break;
    const grouping = groupLayer(model, layer, limits.perLayer);
    // A layer whose instances are each alone in their zone gains nothing from groups.
    if (grouping.buckets.length >= count) continue;
    chosen.set(layer.id, grouping);
    drawn -= count - grouping.buckets.length;
  }
  return chosen;
}

/** A layer's instances by node and zone; by zone alone when that gives more than `maxBoxes` groups. */
function groupLayer(model: SystemModel, layer: LayerModel, maxBoxes: number): LayerGrouping {
  const { instances } = systemIndex(model);
  const members: InstanceModel[] = [];
  for (const id of layer.instances) {
    const inst = instances.get(id);
    if (inst) members.push(inst);
  }
  const byNode = bucketsOf(layer, members, (i) => i.node);
  if (byNode.length <= maxBoxes) return { by: 'node', buckets: byNode };
  return { by: 'zone', buckets: bucketsOf(layer, members, undefined) };
}

function bucketsOf(layer: LayerModel, members: InstanceModel[], nodeOf: ((i: InstanceModel) => string) | undefined): InstanceBucket[] {
  const buckets = new Map<string, InstanceBucket>();
  for (const inst of members) {
    const node = nodeOf?.(inst);
    const id = `${layer.id}/${node ?? '*'}@${inst.zone ?? ''}`;
    let bucket = buckets.get(id);
    if (!bucket) {
      bucket = { id, members: [] };
      if (node !== undefined) bucket.node = node;
      if (inst.zone !== undefined) bucket.zone = inst.zone;
      buckets.set(id, bucket);
    }
    bucket.members.push(inst);
  }
  return [...buckets.values()];
}

/**
 * `ids` compactly: runs of `${prefix}${n}` with n stepping evenly (a zone's share of
 * `replicas 100000`, app-1, app-4, app-7, …, is one run), and the ids that fit no run one by one.
 * n is the longest plain decimal number (no leading zero) that ends the id.
 */
export function compactIds(ids: readonly string[]): MemberIdsView {
  const out: MemberIdsView = { ids: [], runs: [] };
  let run: IdRunView | undefined;
  const flush = (): void => {
    if (run?.count === 1) out.ids.push(`${run.prefix}${run.first}`);
    else if (run) out.runs.push(run);
    run = undefined;
  };
  for (const id of ids) {
    const digits = trailingNumberLength(id);
    if (digits === 0) {
      flush();
      out.ids.push(id);
      continue;
    }
    const prefix = id.slice(0, id.length - digits);
    const n = Number(id.slice(id.length - digits));
    if (run && run.prefix === prefix) {
      if (run.count === 1 && n > run.first) {
        run.step = n - run.first;
        run.count = 2;
        continue;
      }
      if (run.count > 1 && n === run.first + run.step * run.count) {
        run.count++;
        continue;
      }
    }
    flush();
    run = { prefix, first: n, step: 1, count: 1 };
  }
  flush();
  return out;
}

/** Digits kept of an id's trailing number, so that it is exact as a double. */
const MAX_DIGITS = 15;

/**
 * The length of the plain decimal number (no leading zero, at most 15 digits) that ends `id`,
 * the longest there is; 0 when it ends in no digit.
 */
function trailingNumberLength(id: string): number {
  let digits = 0;
  while (digits < MAX_DIGITS && digits < id.length && isDigit(id.charCodeAt(id.length - 1 - digits))) digits++;
  // `app-007` ends in the number 7: leading zeros stay in the prefix.
  while (digits > 1 && id.charCodeAt(id.length - digits) === ZERO) digits--;
  return digits;
}

const ZERO = 48;

function isDigit(code: number): boolean {
  return code >= ZERO && code <= ZERO + 9;
}
