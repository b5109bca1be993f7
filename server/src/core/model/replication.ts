/**
 * Data-loss window of a layer (spec section 4, RPO): `replication sync` → 0;
 * `replication async [lag L]` → L (default 1 s); `backup every T` → T; none → unbounded.
 * With both replication and backup, the smaller window wins: the replica is the fresher copy
 * unless the backup runs more often than the lag.
 */
import type { ModelDiagnostics } from './diagnostics';
import type { ReplicationModel } from './types';
import type { PropMap } from './values';
import { checkDuration, readDuration } from './values';

const DEFAULT_ASYNC_LAG_SECONDS = 1;

/** The layer's replication, validated. */
export function readReplication(props: PropMap, diags: ModelDiagnostics): ReplicationModel {
  const candidates: ReplicationModel[] = [];
  const replication = props.get('replication');
  if (replication?.word?.text === 'sync') candidates.push({ mode: 'sync', rpoSeconds: 0 });
  if (replication?.word?.text === 'async') {
    const lag = replication.lag ? checkDuration(replication.lag, 'lag', diags, { allowZero: true }) : DEFAULT_ASYNC_LAG_SECONDS;
    if (lag !== undefined) candidates.push({ mode: 'async', rpoSeconds: lag });
  }
  const backup = readDuration(props.get('backup'), diags);
  if (backup !== undefined) candidates.push({ mode: 'backup', rpoSeconds: backup });
  let best: ReplicationModel = { mode: 'none', rpoSeconds: Infinity };
  for (const candidate of candidates) if (candidate.rpoSeconds < best.rpoSeconds) best = candidate;
  return best;
}
