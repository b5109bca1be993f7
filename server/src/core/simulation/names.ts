/** Small helpers for names and durations in simulation messages. */
import { SECONDS_PER_DAY, SECONDS_PER_HOUR } from '../../../../grammar/src/units';

/** Levenshtein distance (case-insensitive), for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let previous = Array.from({ length: y.length + 1 }, (_v, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
    }
    previous = current;
  }
  return previous[y.length] as number;
}

/** The declared name closest to `name`, or undefined when there is none. */
export function closestName(name: string, declared: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of declared) {
    const d = editDistance(name, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

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
