/**
 * Failover timing of an active-passive layer (spec section 3): T_fo = detection + promotion.
 *
 * - detection: `health-check` interval × unhealthy (default 3), or `heartbeat` timeout; the
 *   smaller when both; 5 minutes of manual detection when neither.
 *   A heartbeat with an interval but no timeout is taken to time out after 3 intervals (like
 *   `unhealthy` 3); a block without its interval (and timeout) detects nothing and is ignored.
 *   Both cases get warning `incomplete-detection`.
 * - promotion of standby j: j's own `promote`, else the layer's, else `defaults`' (node layers
 *   only: defaults are node properties), else by j's temperature. The layer's T_fo quotes the
 *   first standby; a window lasts the T_fo of the standby actually promoted (revision 2).
 */
import type { PropertyAst } from '../../../../grammar/src/ast';
import type { ModelDiagnostics } from './diagnostics';
import type { FailoverModel, Temperature } from './types';
import type { PropMap } from './values';
import { collectProps, readDuration, readInteger } from './values';

export const MANUAL_DETECTION_SECONDS = 5 * 60;
const DEFAULT_UNHEALTHY = 3;
/** Missed heartbeats before a heartbeat without `timeout` declares the peer dead. */
const DEFAULT_MISSED_HEARTBEATS = 3;
export const PROMOTION_SECONDS: Record<Temperature, number> = { hot: 5, warm: 60, cold: 30 * 60 };

export interface Detection {
  seconds: number;
  source: FailoverModel['detectionSource'];
  /** A health-check or heartbeat was written (even if unusable, which was reported already). */
  declared: boolean;
}

/** How long until the layer notices a dead member; reads (and validates) both blocks. */
export function readDetection(props: PropMap, diags: ModelDiagnostics, layerName: string): Detection {
  const healthCheck = healthCheckSeconds(props.get('health-check'), diags, layerName);
  const heartbeat = heartbeatSeconds(props.get('heartbeat'), diags, layerName);
  if (healthCheck !== undefined && (heartbeat === undefined || healthCheck <= heartbeat)) {
    return { seconds: healthCheck, source: 'health-check', declared: true };
  }
  if (heartbeat !== undefined) return { seconds: heartbeat, source: 'heartbeat', declared: true };
  const declared = props.has('health-check') || props.has('heartbeat');
  return { seconds: MANUAL_DETECTION_SECONDS, source: 'manual', declared };
}

function healthCheckSeconds(prop: PropertyAst | undefined, diags: ModelDiagnostics, layerName: string): number | undefined {
  if (!prop) return undefined;
  const body = collectProps(prop.body ?? [], diags, `the health-check of layer '${layerName}'`);
  const interval = readDuration(body.get('interval'), diags);
  readDuration(body.get('timeout'), diags);
  const unhealthy = readInteger(body.get('unhealthy'), diags) ?? DEFAULT_UNHEALTHY;
  if (interval !== undefined) return interval * unhealthy;
  if (!body.has('interval')) {
    diags.warning('incomplete-detection', `the health-check of layer '${layerName}' has no interval, so it detects nothing: add \`interval 10s\``, prop.keyRange);
  }
  return undefined;
}

function heartbeatSeconds(prop: PropertyAst | undefined, diags: ModelDiagnostics, layerName: string): number | undefined {
  if (!prop) return undefined;
  const body = collectProps(prop.body ?? [], diags, `the heartbeat of layer '${layerName}'`);
  const interval = readDuration(body.get('interval'), diags);
  const timeout = readDuration(body.get('timeout'), diags);
  if (timeout !== undefined) return timeout;
  if (body.has('timeout')) return undefined; // invalid, already reported
  if (interval !== undefined) {
    const assumed = interval * DEFAULT_MISSED_HEARTBEATS;
    diags.warning(
      'incomplete-detection',
      `the heartbeat of layer '${layerName}' has no timeout; Topo assumes ${DEFAULT_MISSED_HEARTBEATS} missed beats (${assumed}s): add \`timeout\` to say otherwise`,
      prop.keyRange,
    );
    return assumed;
  }
  if (!body.has('interval')) {
    diags.warning('incomplete-detection', `the heartbeat of layer '${layerName}' has no interval or timeout, so it detects nothing: add \`timeout 10s\``, prop.keyRange);
  }
  return undefined;
}

export interface PromotionInput {
  /** The first standby's own `promote` and temperature. */
  standbyPromoteSeconds?: number;
  standbyTemperature: Temperature;
  layerPromoteSeconds?: number;
  defaultsPromoteSeconds?: number;
}

/** T_fo and its parts; `standbys` are the promotion inputs of every standby, in takeover order (the first is `input`'s). */
export function failoverModel(detection: Detection, input: PromotionInput, standbys: PromotionInput[] = [input]): FailoverModel {
  const [promotionSeconds, promotionSource] = promotion(input);
  const shared = input.layerPromoteSeconds ?? input.defaultsPromoteSeconds;
  return {
    detectionSeconds: detection.seconds,
    detectionSource: detection.source,
    promotionSeconds,
    promotionSource,
    ...(shared !== undefined ? { sharedPromotionSeconds: shared } : {}),
    failoverSeconds: detection.seconds + promotionSeconds,
    standbyFailoverSeconds: standbys.map((s) => detection.seconds + promotion(s)[0]),
  };
}

function promotion(input: PromotionInput): [number, FailoverModel['promotionSource']] {
  if (input.standbyPromoteSeconds !== undefined) return [input.standbyPromoteSeconds, 'standby'];
  if (input.layerPromoteSeconds !== undefined) return [input.layerPromoteSeconds, 'layer'];
  if (input.defaultsPromoteSeconds !== undefined) return [input.defaultsPromoteSeconds, 'defaults'];
  return [PROMOTION_SECONDS[input.standbyTemperature], 'temperature'];
}
