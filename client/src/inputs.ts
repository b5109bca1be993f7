/** Checks of what the user types in input boxes; each returns an error message or undefined. */
import { LIMITS, parse, type Position, type Range } from '../../server/src/core/index';

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

/**
 * The system or journey a command is about when the cursor is in it: the journey whose
 * `journey NAME { … }` block holds the cursor (`SYSTEM/NAME` inside a system, as the server takes
 * it), else the system whose `system NAME { … }` block does; undefined outside every block. Read
 * from the parser's AST, so braces in comments and strings, quoted names and half-typed blocks
 * count as they do for the server.
 */
export function subjectAt(text: string, at: Position): { system: string } | { journey: string } | undefined {
  const { ast } = parse(text);
  for (const journey of ast.journeys) {
    if (journey.name && contains(journey.range, at)) return { journey: journey.name.text };
  }
  for (const system of ast.systems) {
    if (!system.name || !contains(system.range, at)) continue;
    for (const journey of system.journeys) {
      if (journey.name && contains(journey.range, at)) return { journey: `${system.name.text}/${journey.name.text}` };
    }
    return { system: system.name.text };
  }
  return undefined;
}

/** Whether a range holds a position: from its start, up to and including its end (a cursor just after the closing brace is still in the block). */
function contains(range: Range, at: Position): boolean {
  const after = (a: Position, b: Position): boolean => a.line > b.line || (a.line === b.line && a.character >= b.character);
  return after(at, range.start) && after(range.end, at);
}

/**
 * The subject of a Monte Carlo run the cursor is in, among those offered (`simulationSubjects`):
 * undefined when the cursor is in none, or in one without figures (then the user is asked).
 */
export function subjectAtCursor(subjects: readonly SimulationSubject[], here: { system: string } | { journey: string } | undefined): SimulationSubject | undefined {
  if (here === undefined) return undefined;
  if ('journey' in here) return subjects.find((s) => s.journey === here.journey);
  return subjects.find((s) => s.system === here.system);
}

/**
 * The system that declares a scenario (for the `▶ Simulate` lens, which names the scenario only):
 * its name when exactly one system of the text declares it, else undefined (the server's default).
 */
export function systemOfScenario(text: string, scenario: string): string | undefined {
  const owners = parse(text).ast.systems.filter((s) => s.name && s.scenarios.some((sc) => sc.name?.text === scenario));
  return owners.length === 1 ? owners[0]!.name!.text : undefined;
}

/**
 * The subject of a command about one system or journey (Monte Carlo, Simulate Failover): the only
 * one when the file has at most one (undefined when it has none: the server's default), else the
 * one the cursor is in, else `'ask'` (the user picks among `subjects`).
 */
export function subjectToUse(subjects: readonly SimulationSubject[], here: { system: string } | { journey: string } | undefined): { subject: SimulationSubject | undefined } | 'ask' {
  if (subjects.length <= 1) return { subject: subjects[0] };
  const atCursor = subjectAtCursor(subjects, here);
  return atCursor ? { subject: atCursor } : 'ask';
}

/** A subject as the `system`/`journey` parameters of topo/simulate, topo/monteCarlo and topo/failureTargets (none for none). */
export function subjectParams(subject: SimulationSubject | undefined): { system?: string; journey?: string } {
  if (subject?.journey !== undefined) return { journey: subject.journey };
  if (subject?.system !== undefined) return { system: subject.system };
  return {};
}
