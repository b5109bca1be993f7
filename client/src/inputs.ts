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

/**
 * The element name at a character of a line, for "What Fails If…" to start from: the run of
 * name characters (letters, digits, `_`, `-`, `.`) around it (`auth.sessions-primary-1`), without
 * a leading or trailing `.`/`-`; '' when the cursor is not on a name.
 */
export function elementNameAt(line: string, character: number): string {
  const isName = (c: string | undefined): boolean => c !== undefined && /[\w.-]/.test(c);
  let start = Math.min(Math.max(character, 0), line.length);
  let end = start;
  while (start > 0 && isName(line[start - 1])) start--;
  while (end < line.length && isName(line[end])) end++;
  const word = line.slice(start, end).replace(/^[.-]+|[.-]+$/g, '');
  return /^[A-Za-z_]/.test(word) ? word : '';
}

/** What a Monte Carlo run can simulate in a document: each analysed system, then each journey (docs/language.md, "Estates"). */
export interface SimulationSubject {
  label: string;
  description: string;
  system?: string;
  journey?: string;
}

/**
 * The systems and journeys of a report's JSON that have figures, for a quick pick: one needs no
 * question; several are offered, systems first.
 */
export function simulationSubjects(json: { systems: { name: string; analysed: boolean }[]; journeys?: { name: string; system: string | null; analysed: boolean }[] }): SimulationSubject[] {
  const systems = json.systems.filter((s) => s.analysed).map((s) => ({ label: s.name, description: 'system', system: s.name }));
  const journeys = (json.journeys ?? []).filter((j) => j.analysed).map((j) => {
    const name = j.system !== null ? `${j.system}/${j.name}` : j.name;
    return { label: name, description: 'journey', journey: name };
  });
  return [...systems, ...journeys];
}
