/** Checks of what the user types in input boxes; each returns an error message or undefined. */
import { LIMITS } from '../../server/src/core/index';

/** Largest Monte Carlo run the client asks for: the core's limit, which the server enforces. */
const MAX_YEARS = LIMITS.years.max;

/** Years for a Monte Carlo run: a whole number from 1 to MAX_YEARS (underscores and commas allowed). */
export function parseYears(text: string): { ok: true; years: number } | { ok: false; error: string } {
  const cleaned = text.trim().replace(/[_,]/g, '');
  if (!/^\d+$/.test(cleaned)) return { ok: false, error: 'Type a whole number of years, e.g. 100000.' };
  const years = Number(cleaned);
  if (years < 1 || years > MAX_YEARS) return { ok: false, error: `Between 1 and ${MAX_YEARS.toLocaleString('en-US')} years.` };
  return { ok: true, years };
}

/** The document a report is about, as a short name for titles: `checkout.topo`. */
export function fileNameOf(uri: string): string {
  const path = uri.replace(/[?#].*$/, '');
  return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1)) || uri;
}
