/**
 * Tiny structural validators for data that crosses postMessage. Each check returns null when
 * the value fits, or a message naming the first path that does not.
 */
export type Check = (value: unknown, path: string) => string | null;

const fail = (path: string, what: string): string => `${path || 'value'}: expected ${what}`;

export const str: Check = (v, p) => (typeof v === 'string' ? null : fail(p, 'a string'));
export const num: Check = (v, p) => (typeof v === 'number' && !Number.isNaN(v) ? null : fail(p, 'a number'));
export const bool: Check = (v, p) => (typeof v === 'boolean' ? null : fail(p, 'a boolean'));

/** `check`, or null. */
export function nullable(check: Check): Check {
  return (v, p) => (v === null ? null : check(v, p));
}

/** `check`, or absent. */
export function optional(check: Check): Check {
  return (v, p) => (v === undefined ? null : check(v, p));
}

/** One of the given string literals. */
export function literal(...values: string[]): Check {
  return (v, p) => (typeof v === 'string' && values.includes(v) ? null : fail(p, values.map((x) => `'${x}'`).join(' or ')));
}

export function arrayOf(check: Check): Check {
  return (v, p) => {
    if (!Array.isArray(v)) return fail(p, 'an array');
    for (let i = 0; i < v.length; i++) {
      const e = check(v[i], `${p}[${i}]`);
      if (e) return e;
    }
    return null;
  };
}

/** An array of exactly these elements, each passing its check. */
export function tuple(...checks: Check[]): Check {
  return (v, p) => {
    if (!Array.isArray(v) || v.length !== checks.length) return fail(p, `an array of ${checks.length}`);
    for (let i = 0; i < checks.length; i++) {
      const e = (checks[i] as Check)(v[i], `${p}[${i}]`);
      if (e) return e;
    }
    return null;
  };
}

/** A plain object whose listed fields pass their checks (other fields are ignored). */
export function object(fields: Record<string, Check>): Check {
  return (v, p) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return fail(p, 'an object');
    const record = v as Record<string, unknown>;
    for (const [name, check] of Object.entries(fields)) {
      const e = check(record[name], p ? `${p}.${name}` : name);
      if (e) return e;
    }
    return null;
  };
}

/** Defers to a check defined later (for recursive shapes). */
export function lazy(get: () => Check): Check {
  return (v, p) => get()(v, p);
}
