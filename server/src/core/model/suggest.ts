/**
 * "Did you mean …?" for unknown names: the declared name closest to a misspelt one.
 *
 * Closeness is the edit distance (insertions, deletions, substitutions), bounded so that a
 * suggestion is only made when it is plausibly the same word: at most 40% of the name's length
 * (at least 1). A case-only difference and a qualified name ending in the written one
 * (`app-1` → `east.app-1`) always win.
 */

/** The candidate closest to `name`, or undefined when none is close enough. */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  const maxDistance = Math.max(1, Math.floor(name.length * 0.4));
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  let suffixMatch: string | undefined;
  for (const candidate of candidates) {
    if (candidate === name) continue;
    if (candidate.toLowerCase() === lower) return candidate;
    if (suffixMatch === undefined && candidate.endsWith(`.${name}`)) suffixMatch = candidate;
    if (Math.abs(candidate.length - name.length) > maxDistance) continue;
    const distance = editDistance(lower, candidate.toLowerCase(), Math.min(maxDistance, bestDistance - 1));
    if (distance < bestDistance) {
      bestDistance = distance;
      best = candidate;
    }
  }
  return suffixMatch ?? best;
}

/**
 * Levenshtein distance between a and b, or Infinity as soon as it must exceed `limit`
 * (so scanning many long candidates stays cheap).
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return Infinity;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      const value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
      current.push(value);
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return Infinity;
    previous = current;
  }
  const distance = previous[b.length] ?? Infinity;
  return distance > limit ? Infinity : distance;
}

/** "a, b, c" — at most `max` names, then "…", for messages that list what was declared. */
export function listNames(names: readonly string[], max = 8): string {
  const shown = names.slice(0, max).map((n) => `'${n}'`).join(', ');
  return names.length > max ? `${shown}, …` : shown;
}
