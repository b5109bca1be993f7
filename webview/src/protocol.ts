/**
 * The messages between the extension and the diagram webview, declared once for both sides
 * and validated on receipt: a message that does not fit is dropped, never half-used.
 */
import type { DiagramView, Position, Range } from '../../server/src/core/index';
import { arrayOf, bool, lazy, literal, nullable, num, object, optional, str, tuple, type Check } from './validate';

/** A failover timeline to play back: the fields of the core's `ScenarioResult` the diagram uses. */
export interface PlaybackTimeline {
  failures: { element: string; at: number }[];
  events: { t: number; type: string; element?: string; layer?: string; detail: string }[];
  outages: { start: number; end: number }[];
  systemDowntimeSeconds: number;
}

/**
 * One subject of a blast radius to mark on the diagram (the fields of the core's `BlastSubject` the
 * diagram uses, so the extension can pass `topo/blast`'s subjects as they are): a system or a
 * journey by its drawn name, its effect, the ids of its elements that fail (in its composite:
 * `auth.auth-1`; zones and regions by name) and its layers with members down.
 */
export interface BlastMark {
  name: string;
  kind: 'system' | 'journey';
  effect: 'down' | 'loses-redundancy' | 'degraded' | 'unknown';
  elements: string[];
  layers: { layer: string; up: number; members: number; needs: number }[];
  softDown?: string[];
}

/**
 * One subject of a comparison to mark on the diagram ("Topo: Compare with…", `topo/diff`): a
 * system or journey by its drawn name, whether it is new since the revision, the layers whose own
 * U moved (`worse`: more unavailable now, `better`, `added`: no such layer then) by their
 * diagram ids, and the elements that became single points of failure (instances, nodes, sites,
 * zones, regions, common causes, as the analysis names them). Built by the extension from the
 * core's `SubjectDiff` (client/src/changes.ts); the page only marks what it is told.
 */
export interface ChangeMark {
  name: string;
  kind: 'system' | 'journey';
  status: 'added' | 'changed' | 'unchanged';
  layers: { layer: string; change: 'worse' | 'better' | 'added' }[];
  newSpofs: string[];
}

/** Extension → webview. */
export type ToWebview =
  /** Mark what fails if an element fails (`title`: `zone az1`): its elements red, the layers it takes down or leaves without redundancy. */
  | { type: 'blast'; title: string; subjects: BlastMark[] }
  | { type: 'clearBlast' }
  /**
   * Mark what changed since a revision (`title`: `Compared with HEAD (a1b2c3d)`; `summary`: one
   * line of the figures' change, `checkout: −0.0051%, +26.8 min/year, new SPOF lb1`), kept across
   * redraws until `clearChanges` or the banner's close button. `id` names this comparison's marks,
   * so a `changesCleared` the page sent for older marks does not clear newer ones.
   */
  | { type: 'changes'; id: number; title: string; summary: string; subjects: ChangeMark[] }
  | { type: 'clearChanges' }
  /**
   * Draw (or update in place) this view model. `errors`: how many errors the text has (the
   * diagnostics of severity error, less the design's verdicts, `VERDICT_CODES`); while it has
   * any, the page keeps the diagram of the last view without, under a banner. Absent: none.
   */
  | { type: 'view'; view: DiagramView; errors?: number }
  /** Show a sentence instead of a diagram (no system, the server is not running, …). */
  | { type: 'notice'; text: string }
  /** Play this timeline on the drawn diagram. */
  | { type: 'playback'; title: string; system?: string; timeline: PlaybackTimeline }
  | { type: 'stopPlayback' }
  /**
   * Render the diagram shown as a PNG (at 2×) and post it back as `png`; `css` is the
   * stylesheet to embed (dist/webview.css, as the SVG export embeds it).
   */
  | { type: 'renderPng'; css: string }
  /**
   * What the editor's cursor is on, as positions in the diagram's document: the names of the
   * declarations around the cursor, innermost first (an instance's node, its layer, its system;
   * client/src/selection.ts). The page marks the drawn elements whose `range` holds the first
   * position that any holds, and pans them into view; an empty list clears the mark.
   */
  | { type: 'select'; positions: Position[] };

/** The most positions a `select` message may carry (declarations nest far less deeply). */
export const MAX_SELECT_POSITIONS = 64;

/**
 * Error codes that judge the design rather than the text (an SLO or SLA missed or out of reach):
 * a file with only these is drawn as it is. `SystemView.errorCount` counts them too, which is
 * why the extension sends `errors` with each view.
 */
export const VERDICT_CODES: ReadonlySet<string> = new Set(['slo-miss', 'sla-miss', 'slo-unreachable', 'sla-unreachable']);

/** The longest PNG data URL the webview may post (characters): about 37 MB of PNG. */
export const MAX_PNG_DATA_URL = 50_000_000;
/** The prefix of every PNG data URL. */
export const PNG_DATA_URL_PREFIX = 'data:image/png;base64,';

/** Webview → extension. */
export type FromWebview =
  /** The script has loaded and listens; the extension sends the current view. */
  | { type: 'ready' }
  /** The user clicked an element: reveal its declaration. */
  | { type: 'reveal'; range: Range }
  /** The toolbar's export buttons: the extension saves the diagram (an SVG, or a PNG it asks `renderPng` for). */
  | { type: 'export'; format: 'svg' | 'png' }
  /** The answer to `renderPng`: the PNG as a base64 data URL, at most `MAX_PNG_DATA_URL` characters. */
  | { type: 'png'; dataUrl: string }
  /** The answer to `renderPng` when the page could not render it (no diagram, too large, …). */
  | { type: 'pngFailed'; error: string }
  /** The user cleared the marks of a comparison (`id`: the `changes` message that drew them; the banner's button): the extension stops keeping them current. */
  | { type: 'changesCleared'; id: number };

/**
 * What the webview keeps with VS Code's state API (`setState`): the document it shows, which
 * the extension's panel serializer reads to re-attach the panel after a window reload, and the
 * zoom, which the page itself restores.
 */
export interface DiagramState {
  /** The URI of the `.topo` document, as the extension put it in `#topo-root`'s `data-document`. */
  document?: string;
  zoom?: { k: number; x: number; y: number };
}

const position = object({ line: num, character: num });
const range = object({ start: position, end: position });
const strings = arrayOf(str);
const temperature = optional(literal('hot', 'warm', 'cold'));

const instance = object({
  id: str, name: str, node: str, zone: optional(str), region: optional(str), standby: temperature,
  primary: bool, spof: bool, availability: nullable(num), label: str, tooltip: strings, range,
});
const scope: Check = lazy(() => object({ path: strings, layers: arrayOf(layer) }));
const site = object({
  id: str, name: str, standby: temperature, primary: bool, availability: nullable(num),
  label: str, tooltip: strings, scope, range, service: optional(isTrue),
});
const group = object({
  id: str, name: str, node: optional(str), zone: optional(str), region: optional(str), count: num,
  members: object({ ids: strings, runs: arrayOf(object({ prefix: str, first: num, step: num, count: num })) }),
  standby: temperature, primary: bool, spof: bool, availability: nullable(num), label: str, tooltip: strings, range,
});
const summary = object({ instanceCount: num, by: literal('node', 'zone'), groups: arrayOf(group) });
const layer: Check = object({
  id: str, name: str, kind: str, mode: literal('active-active', 'active-passive'), members: literal('nodes', 'sites'),
  onPath: bool, optional: bool, availability: nullable(num), label: str, requirement: str, tooltip: strings,
  instances: arrayOf(instance), summary: optional(summary), sites: arrayOf(site),
  replication: arrayOf(object({ from: str, to: str, label: str })), range, service: optional(literal('system', 'external')),
});
const domain = object({
  name: str, type: literal('zone', 'region'), region: optional(str), availability: nullable(num), spof: bool,
  label: str, tooltip: strings, range,
});
const headline = object({
  analysed: bool, availability: nullable(num), unavailability: nullable(num), nines: nullable(num),
  downtimeYearSeconds: nullable(num), unavailabilityBounds: optional(tuple(num, num)), slo: nullable(num), sloMet: nullable(bool), sla: nullable(num), slaMet: nullable(bool),
  parts: strings,
});
const systemFields = {
  name: str, range, headline, regions: arrayOf(domain), zones: arrayOf(domain), scope, errorCount: num,
  dependencies: optional(object({ hard: strings, soft: strings, label: str })),
  commonCauses: optional(arrayOf(object({ id: str, instances: strings }))),
};
const system = object(systemFields);
const journey = object({
  ...systemFields,
  journey: object({ name: str, system: nullable(str), steps: strings, services: strings, passesThrough: strings }),
});

/** Checks a whole view model. */
export const checkDiagramView: Check = object({ version: versionOne, systems: arrayOf(system), journeys: optional(arrayOf(journey)) });

function count(v: unknown, p: string): string | null {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? null : `${p}: expected a count`;
}

function isTrue(v: unknown, p: string): string | null {
  return v === true ? null : `${p}: expected true`;
}

const blastMark = object({
  name: str, kind: literal('system', 'journey'), effect: literal('down', 'loses-redundancy', 'degraded', 'unknown'),
  elements: strings, layers: arrayOf(object({ layer: str, up: num, members: num, needs: num })), softDown: optional(strings),
});

const changeMark = object({
  name: str, kind: literal('system', 'journey'), status: literal('added', 'changed', 'unchanged'),
  layers: arrayOf(object({ layer: str, change: literal('worse', 'better', 'added') })), newSpofs: strings,
});

function versionOne(v: unknown, p: string): string | null {
  return v === 1 ? null : `${p}: expected version 1`;
}

const timeline = object({
  failures: arrayOf(object({ element: str, at: num })),
  events: arrayOf(object({ t: num, type: str, element: optional(str), layer: optional(str), detail: str })),
  outages: arrayOf(object({ start: num, end: num })),
  systemDowntimeSeconds: num,
});

const toWebviewChecks: Record<ToWebview['type'], Check> = {
  view: object({ view: checkDiagramView, errors: optional(count) }),
  notice: object({ text: str }),
  playback: object({ title: str, system: optional(str), timeline }),
  stopPlayback: object({}),
  blast: object({ title: str, subjects: arrayOf(blastMark) }),
  clearBlast: object({}),
  changes: object({ id: num, title: str, summary: str, subjects: arrayOf(changeMark) }),
  clearChanges: object({}),
  renderPng: object({ css: str }),
  select: object({ positions: boundedArrayOf(object({ line: count, character: count }), MAX_SELECT_POSITIONS) }),
};

const fromWebviewChecks: Record<FromWebview['type'], Check> = {
  ready: object({}),
  reveal: object({ range }),
  export: object({ format: literal('svg', 'png') }),
  png: object({ dataUrl: pngDataUrl }),
  pngFailed: object({ error: boundedString(1000) }),
  changesCleared: object({ id: num }),
};

/** A PNG data URL: the prefix, then base64 only, within `MAX_PNG_DATA_URL` characters. */
function pngDataUrl(v: unknown, p: string): string | null {
  if (typeof v !== 'string' || !v.startsWith(PNG_DATA_URL_PREFIX)) return `${p}: expected a PNG data URL`;
  if (v.length > MAX_PNG_DATA_URL) return `${p}: longer than ${MAX_PNG_DATA_URL} characters`;
  return /^[A-Za-z0-9+/]+={0,2}$/.test(v.slice(PNG_DATA_URL_PREFIX.length)) ? null : `${p}: expected base64 after the prefix`;
}

function boundedArrayOf(check: Check, max: number): Check {
  const each = arrayOf(check);
  return (v, p) => (Array.isArray(v) && v.length > max ? `${p}: expected at most ${max} items` : each(v, p));
}

function boundedString(max: number): Check {
  return (v, p) => (typeof v === 'string' && v.length <= max ? null : `${p}: expected a string of at most ${max} characters`);
}

/** The message as a `ToWebview`, or an error saying why it is not one. */
export function parseToWebview(data: unknown): { ok: true; message: ToWebview } | { ok: false; error: string } {
  return parseWith<ToWebview>(data, toWebviewChecks);
}

/** The message as a `FromWebview`, or an error saying why it is not one. */
export function parseFromWebview(data: unknown): { ok: true; message: FromWebview } | { ok: false; error: string } {
  return parseWith<FromWebview>(data, fromWebviewChecks);
}

function parseWith<T>(data: unknown, checks: Record<string, Check>): { ok: true; message: T } | { ok: false; error: string } {
  if (typeof data !== 'object' || data === null) return { ok: false, error: 'message: expected an object' };
  const type = (data as { type?: unknown }).type;
  const check = typeof type === 'string' && Object.prototype.hasOwnProperty.call(checks, type) ? checks[type] : undefined;
  if (!check) return { ok: false, error: `message: unknown type ${JSON.stringify(type)}` };
  const error = check(data, '');
  return error ? { ok: false, error } : { ok: true, message: data as T };
}

/** The eight bytes every PNG file starts with. */
export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const;

/** The bytes of a `png` message's data URL, or undefined when they are not a PNG file. */
export function pngBytesOf(dataUrl: string): Uint8Array | undefined {
  if (pngDataUrl(dataUrl, 'dataUrl') !== null) return undefined;
  const binary = atob(dataUrl.slice(PNG_DATA_URL_PREFIX.length));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return PNG_SIGNATURE.every((b, i) => bytes[i] === b) ? bytes : undefined;
}
