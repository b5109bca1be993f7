/**
 * Name uniqueness (`duplicate-name`). Declarations claim names as the model is built; `report`
 * then flags every name claimed twice, on the one that comes second in the source, whatever
 * order the builder visited them in (zones are built before the layers that use them).
 *
 * A replicated node claims its instance names implicitly (`app` with replicas 4 claims
 * `app-1` … `app-4`) without materialising them, so a clash with a node called `app-2` is
 * found even for replicas 200,000 at the cost of one entry.
 */
import type { Range } from '../../../../grammar/src/text';
import { comparePositions } from '../../../../grammar/src/text';
import type { ModelDiagnostics } from './diagnostics';

interface Claim {
  name: string;
  /** What was declared, for messages: 'node', 'zone', 'layer', … */
  what: string;
  range: Range;
  /** A node with replicas N > 1 also claims NAME-1 … NAME-N. */
  replicas?: number;
}

/** One namespace: names claimed in it must be unique. */
export class NameRegistry {
  private readonly claims = new Map<string, Claim[]>();

  /** @param note appended to a clash between different kinds, to say why they share names */
  constructor(
    private readonly blocking = true,
    private readonly note = '',
  ) {}

  /** Declares `name` at `range`. */
  claim(name: string, what: string, range: Range, replicas?: number): void {
    const claim: Claim = { name, what, range };
    if (replicas !== undefined && replicas > 1) claim.replicas = replicas;
    const list = this.claims.get(name);
    if (list) list.push(claim);
    else this.claims.set(name, [claim]);
  }

  /** Reports every clash as `duplicate-name` on the later declaration. */
  report(diags: ModelDiagnostics): void {
    for (const list of this.claims.values()) {
      if (list.length < 2) continue;
      const sorted = [...list].sort((a, b) => comparePositions(a.range.start, b.range.start));
      const first = sorted[0];
      if (!first) continue;
      for (const later of sorted.slice(1)) this.clash(diags, later, first);
    }
    for (const list of this.claims.values()) {
      for (const claim of list) this.checkAgainstReplicas(diags, claim);
    }
  }

  /** `claim` is named like an instance of a replicated node (`app-2` beside `app` × 4). */
  private checkAgainstReplicas(diags: ModelDiagnostics, claim: Claim): void {
    const match = /^(.*)-([1-9]\d*)$/.exec(claim.name);
    if (!match || match[1] === undefined || match[2] === undefined) return;
    const index = Number(match[2]);
    for (const node of this.claims.get(match[1]) ?? []) {
      if (node.replicas === undefined || index > node.replicas) continue;
      const nodeFirst = comparePositions(node.range.start, claim.range.start) < 0;
      const message = nodeFirst
        ? `${claim.what} '${claim.name}' clashes with instance '${claim.name}' of node '${node.name}' (replicas ${node.replicas}, line ${node.range.start.line + 1}); rename one of them`
        : `node '${node.name}' (replicas ${node.replicas}) makes an instance '${claim.name}', but ${claim.what} '${claim.name}' is already declared (line ${claim.range.start.line + 1}); rename one of them`;
      const [later, first] = nodeFirst ? [claim, node] : [node, claim];
      diags.error('duplicate-name', message, later.range, {
        blocking: this.blocking,
        data: { subject: claim.name },
        related: [{ message: `${first.what} '${first.name}' declared here`, range: first.range }],
      });
    }
  }

  private clash(diags: ModelDiagnostics, later: Claim, first: Claim): void {
    const line = first.range.start.line + 1;
    const message =
      first.what === later.what
        ? `${later.what} '${later.name}' is already declared (line ${line}); rename one of them`
        : `${later.what} '${later.name}' clashes with the ${first.what} '${first.name}' (line ${line}); rename one of them${this.note}`;
    diags.error('duplicate-name', message, later.range, {
      blocking: this.blocking,
      data: { subject: later.name },
      related: [{ message: `${first.what} '${first.name}' declared here`, range: first.range }],
    });
  }
}
