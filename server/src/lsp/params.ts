/**
 * The parameters of Topo's own requests (declared in ../protocol.ts), checked once before any
 * handler reads them: JSON-RPC hands a handler whatever the client sent, so `null`, a string
 * for an array or a time of -1 must be refused at the door, not fail somewhere inside. A bad
 * parameter is answered with an `InvalidParams` error that names the field, what it must be
 * and what it was; numbers are held to the core's limits (`LIMITS`, `MAX_FAILURE_SECONDS`),
 * the same bounds the CLI and the extension apply.
 */
import { ErrorCodes, ResponseError, type CancellationToken, type RequestType } from 'vscode-languageserver/node';
import { checkFailureTime, checkOption, DIFF_LIMITS, formatDuration, MAX_FAILURE_SECONDS } from '../core/index';
import {
  BlastRequest, DebugHeapRequest, DiagramRequest, DiffRequest, FailureTargetsRequest, MonteCarloRequest, ReportRequest, RevisionsRequest, SimulateRequest,
} from '../protocol';

/** Why `value` (at `path`) is not what the field must be, or null when it is. */
type Check = (value: unknown, path: string) => string | null;

/** What a value was, in a few words (never the whole of a large value). */
function shown(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

const expected = (path: string, what: string, value: unknown): string => `${path} must be ${what}, not ${shown(value)}`;

const string: Check = (v, p) => (typeof v === 'string' ? null : expected(p, 'a string', v));

const uri: Check = (v, p) => (typeof v === 'string' && v.length > 0 ? null : expected(p, 'a document URI (a non-empty string)', v));

/** A failure time: seconds from the start, finite, at least 0 and within the simulation's limit. */
const failureSeconds: Check = (v, p) => {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) return expected(p, 'a finite number of seconds ≥ 0', v);
  const past = v > MAX_FAILURE_SECONDS ? checkFailureTime(v, formatDuration(v)) : undefined;
  return past ? `${p}: ${past}` : null;
};

/** A whole number within the option's bounds (core/limits.ts), worded as the CLI words it. */
function option(name: Parameters<typeof checkOption>[0]): Check {
  return (v, p) => {
    const checked = checkOption(name, v);
    return checked.ok ? null : checked.error.replace(new RegExp(`^${name}\\b`), p);
  };
}

const progressToken: Check = (v, p) => (typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v)) ? null : expected(p, 'a progress token (a string or an integer)', v));

function optional(check: Check): Check {
  return (v, p) => (v === undefined ? null : check(v, p));
}

function arrayOf(check: Check): Check {
  return (v, p) => {
    if (!Array.isArray(v)) return expected(p, 'an array', v);
    for (let i = 0; i < v.length; i++) {
      const e = check(v[i], `${p}[${i}]`);
      if (e) return e;
    }
    return null;
  };
}

/** A plain object whose listed fields pass their checks (other fields are ignored). */
function object(fields: Record<string, Check>, what = 'an object'): Check {
  return (v, p) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return expected(p, what, v);
    const record = v as Record<string, unknown>;
    for (const [name, check] of Object.entries(fields)) {
      const e = check(record[name], `${p}.${name}`);
      if (e) return e;
    }
    return null;
  };
}

const failure = object({ element: string, at: failureSeconds }, '{ element: string, at: seconds }');

const document = { uri };

/** `{ uri }`: the diagram and report requests. */
const documentParams: Check = object(document, '{ uri: string }');

/** The subject of a request about one system or journey of the document. */
const subject = { system: optional(string), journey: optional(string) };

/** `topo/failureTargets`: the document, and the system or journey whose targets are listed. */
const failureTargetsParams: Check = object({ ...document, ...subject }, '{ uri: string, system?: string, journey?: string }');

/** `topo/simulate`: the document, then `failures` ({ element, at } with `at` in seconds) or a `scenario`. */
const simulateParams: Check = object({
  ...document,
  failures: optional(arrayOf(failure)),
  scenario: optional(string),
  ...subject,
}, '{ uri: string, failures?: { element, at }[], scenario?: string, system?: string, journey?: string }');

/** `topo/monteCarlo`: the document, the years and the seed within the core's limits. */
const monteCarloParams: Check = object({
  ...document,
  years: option('years'),
  seed: optional(option('seed')),
  ...subject,
  workDoneToken: optional(progressToken),
}, '{ uri: string, years: number, seed?: number, system?: string, journey?: string }');

/** An element's name: a non-empty string of at most MAX_ELEMENT_LENGTH characters. */
const elementName: Check = (v, p) => (typeof v === 'string' && v.length > 0 && v.length <= MAX_ELEMENT_LENGTH ? null : expected(p, `an element's name (a non-empty string of at most ${MAX_ELEMENT_LENGTH} characters)`, v));
const MAX_ELEMENT_LENGTH = 1000;

/** `topo/blast`: the document and the element that fails. */
const blastParams: Check = object({ ...document, element: elementName }, '{ uri: string, element: string }');

/** A git revision: a non-empty string of at most `DIFF_LIMITS.revisionLength` characters, none a control character (git itself says whether it names a commit). */
const revision: Check = (v, p) =>
  // eslint-disable-next-line no-control-regex -- control characters are what is refused: no revision has one, and a line break would split the error's one line.
  (typeof v === 'string' && v.length > 0 && v.length <= DIFF_LIMITS.revisionLength && !/[\u0000-\u001f\u007f]/.test(v) ? null : expected(p, `a revision (a non-empty string of at most ${DIFF_LIMITS.revisionLength} characters, without control characters)`, v));

/** How many revisions to list: a whole number from 1 to `DIFF_LIMITS.maxRevisions`. */
const revisionCount: Check = (v, p) => (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= DIFF_LIMITS.maxRevisions ? null : expected(p, `a whole number from 1 to ${DIFF_LIMITS.maxRevisions}`, v));

/** `topo/diff`: the document and the revision to compare it with. */
const diffParams: Check = object({ ...document, revision }, '{ uri: string, revision: string }');

/** `topo/revisions`: the document, and how many commits to list. */
const revisionsParams: Check = object({ ...document, max: optional(revisionCount) }, '{ uri: string, max?: number }');

/** `topo/debug/heap`: no parameters, `{}`. */
const debugHeapParams: Check = object({}, 'an object ({})');

/** Each request's check, by the method of its declaration in ../protocol.ts. */
const CHECKS: ReadonlyMap<string, Check> = new Map([
  [DiagramRequest.method, documentParams],
  [ReportRequest.method, documentParams],
  [FailureTargetsRequest.method, failureTargetsParams],
  [SimulateRequest.method, simulateParams],
  [MonteCarloRequest.method, monteCarloParams],
  [DebugHeapRequest.method, debugHeapParams],
  [BlastRequest.method, blastParams],
  [DiffRequest.method, diffParams],
  [RevisionsRequest.method, revisionsParams],
]);

/**
 * Wraps the handler of `type` so it runs only on parameters that pass the request's check;
 * others are refused with an `InvalidParams` error naming the method and the field.
 */
export function withParams<P, R>(type: RequestType<P, unknown, void>, handler: (params: P, token: CancellationToken) => R) {
  const check = CHECKS.get(type.method);
  if (!check) throw new Error(`topo: ${type.method} has no parameter check in lsp/params.ts`);
  return (params: P, token: CancellationToken): R => {
    const error = check(params, 'params');
    if (error) throw new ResponseError(ErrorCodes.InvalidParams, `${type.method}: ${error}`);
    return handler(params, token);
  };
}
