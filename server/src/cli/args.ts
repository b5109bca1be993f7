/** A small, strict argument parser: unknown flags are usage errors, never ignored. */
import { UsageError } from './io';
import type { IntegerLimit } from '../core/index';

export interface FlagSpec {
  /** Flag takes a value (`--format json` or `--format=json`). */
  value?: boolean;
  /** Flag may repeat (values collect into a list). */
  repeat?: boolean;
  /** Short alias, e.g. `-o`. */
  short?: string;
}

export interface ParsedArgs {
  positional: string[];
  flags: Map<string, string[]>;
}

export function parseArgs(argv: string[], spec: Record<string, FlagSpec>): ParsedArgs {
  const positional: string[] = [];
  const flags = new Map<string, string[]>();
  const byShort = new Map(Object.entries(spec).filter(([, s]) => s.short).map(([n, s]) => [s.short as string, n]));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    let name: string;
    let inline: string | undefined;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      inline = eq < 0 ? undefined : arg.slice(eq + 1);
    } else {
      const long = byShort.get(arg.slice(1));
      if (!long) throw new UsageError(`unknown option '${arg}'`);
      name = long;
    }
    const s = spec[name];
    if (!s) throw new UsageError(`unknown option '--${name}'`);
    let val = 'true';
    if (s.value) {
      if (inline !== undefined) val = inline;
      else {
        const next = argv[i + 1];
        if (next === undefined) throw new UsageError(`option '--${name}' needs a value`);
        val = next;
        i++;
      }
    } else if (inline !== undefined) {
      throw new UsageError(`option '--${name}' takes no value`);
    }
    const list = flags.get(name) ?? [];
    if (list.length > 0 && !s.repeat) throw new UsageError(`option '--${name}' given twice`);
    list.push(val);
    flags.set(name, list);
  }
  return { positional, flags };
}

export function flag(args: ParsedArgs, name: string): string | undefined {
  return args.flags.get(name)?.[0];
}

/** An enumerated flag value, with a usage error naming the choices. */
export function choice<T extends string>(args: ParsedArgs, name: string, choices: readonly T[], fallback: T): T {
  const v = flag(args, name);
  if (v === undefined) return fallback;
  if ((choices as readonly string[]).includes(v)) return v as T;
  throw new UsageError(`--${name} must be one of ${choices.join(', ')} (got '${v}')`);
}

/** A whole-number flag within the core's limit of that option (its default when absent). */
export function intFlag(args: ParsedArgs, name: string, limit: IntegerLimit): number {
  const v = flag(args, name);
  if (v === undefined) return limit.default;
  if (!/^\d+$/.test(v)) throw new UsageError(`--${name} takes a whole number (got '${v}')`);
  const n = Number(v);
  if (n < limit.min || n > limit.max) throw new UsageError(`--${name} must be between ${limit.min} and ${limit.max} (got ${v})`);
  return n;
}
