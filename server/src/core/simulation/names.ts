/** Durations in simulation messages. */
import { SECONDS_PER_DAY, SECONDS_PER_HOUR } from '../../../../grammar/src/units';

/** A duration for people: `15s`, `1m30s`, `2h`, `1h30m`, `0.5s`. */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'unbounded';
  if (seconds < 60) return `${Number(seconds.toFixed(3))}s`;
  const total = Math.round(seconds);
  const d = Math.floor(total / SECONDS_PER_DAY);
  const h = Math.floor((total % SECONDS_PER_DAY) / SECONDS_PER_HOUR);
  const m = Math.floor((total % SECONDS_PER_HOUR) / 60);
  const s = total % 60;
  const parts: string[] = [];
  if (d) parts.push(`${d}d`);
  if (h) parts.push(`${h}h`);
  if (m) parts.push(`${m}m`);
  if (s) parts.push(`${s}s`);
  return parts.slice(0, 2).join('');
}
