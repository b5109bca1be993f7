/** Durations as Compose and Kubernetes write them (Go's `time.ParseDuration`): `30s`, `1m30s`, `1.5h`, `500ms`. */

const UNIT_SECONDS: Record<string, number> = { ns: 1e-9, us: 1e-6, 'µs': 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/** Seconds of a Go duration, or undefined when `text` is not one. A bare number is not a duration. */
export function parseGoDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(trimmed)) return undefined;
  let seconds = 0;
  for (const [, value, , unit] of trimmed.matchAll(/(\d+(\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) seconds += Number(value) * UNIT_SECONDS[unit!]!;
  return seconds;
}
