/**
 * Topo identifiers for a source's names (spec section 1): a letter or `_`, then letters, digits,
 * `_` or `-`, never ending in `-`, never a keyword. Changed names keep their original in a comment
 * (`emit.ts`); clashes — with each other, or with the instance names `NAME-1 … NAME-N` a node of
 * N replicas stands for — are broken with a suffix.
 */
import { CONTEXTUAL_KEYWORDS, KEYWORDS } from '../../../../grammar/src/tokens';

const RESERVED: ReadonlySet<string> = new Set([...KEYWORDS, ...CONTEXTUAL_KEYWORDS]);

/** The nearest identifier to `name`: other characters become `-`, runs collapse, a leading digit gets `_`. */
export function toIdentifier(name: string): string {
  let id = name.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/-{2,}/g, '-').replace(/^-+|-+$/g, '');
  if (id === '') id = 'unnamed';
  if (!/^[A-Za-z_]/.test(id)) id = `_${id}`;
  if (RESERVED.has(id)) id = `${id}_`;
  return id;
}

/** Hands out identifiers unique in one system: each with the instance names it brings. */
export class NameScope {
  private readonly used = new Set<string>();

  /** Reserves and returns an identifier for `name`, whose node stands for `replicas` instances. */
  claim(name: string, replicas = 1): string {
    const base = toIdentifier(name);
    for (let n = 1; ; n++) {
      const candidate = n === 1 ? base : `${base}-${n}`;
      const taken = [candidate, ...instanceNames(candidate, replicas)];
      if (taken.some((t) => this.used.has(t))) continue;
      for (const t of taken) this.used.add(t);
      return candidate;
    }
  }
}

function instanceNames(name: string, replicas: number): string[] {
  return replicas > 1 ? Array.from({ length: replicas }, (_, i) => `${name}-${i + 1}`) : [];
}
