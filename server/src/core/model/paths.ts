/**
 * A scope's path (spec section 3, "System"): `path a -> b -> c` lists its layers in request
 * order; without one, every layer not marked `optional`, in declaration order. A layer neither
 * on the path nor optional gets warning `off-path`.
 */
import type { PathAst } from '../../../../grammar/src/ast';
import type { Range } from '../../../../grammar/src/text';
import type { ModelDiagnostics } from './diagnostics';
import { listNames } from './suggest';
import type { LayerModel } from './types';

/** Who owns the path, for messages: "system 'checkout'", "site 'east'". */
export interface ScopeOwner {
  label: string;
  range: Range;
  /** Qualified id of a site; absent for the system. */
  id?: string;
}

/** The path as qualified layer ids; marks `onPath` on the layers. */
export function resolvePath(diags: ModelDiagnostics, layers: readonly LayerModel[], paths: readonly PathAst[], owner: ScopeOwner): string[] {
  const byName = new Map<string, LayerModel>();
  for (const layer of layers) if (!byName.has(layer.name)) byName.set(layer.name, layer);
  const [first, ...others] = paths;
  for (const extra of others) {
    const line = (first?.range.start.line ?? 0) + 1;
    diags.error('duplicate-property', `${owner.label} already has a path (line ${line}); join them into one \`path a -> b -> c\``, extra.keywordRange);
  }
  const onPath = first ? explicitPath(diags, byName, first) : [...byName.values()].filter((l) => !l.optional);
  for (const layer of onPath) layer.onPath = true;
  if (first) warnOffPath(diags, layers, owner);
  if (onPath.length === 0 && !(first && first.layers.length > 0)) warnEmpty(diags, layers, owner);
  return onPath.map((l) => l.id);
}

function explicitPath(diags: ModelDiagnostics, byName: ReadonlyMap<string, LayerModel>, path: PathAst): LayerModel[] {
  const result: LayerModel[] = [];
  const seen = new Set<LayerModel>();
  const declared = [...byName.keys()];
  for (const ref of path.layers) {
    const layer = byName.get(ref.name);
    if (!layer) {
      reportUnknownLayer(diags, ref.name, ref.range, declared);
    } else if (seen.has(layer)) {
      diags.warning('duplicate-reference', `layer '${ref.name}' is already on the path; a request passes each layer once`, ref.range);
    } else {
      seen.add(layer);
      result.push(layer);
    }
  }
  return result;
}

function reportUnknownLayer(diags: ModelDiagnostics, name: string, range: Range, declared: string[]): void {
  const suggestion = diags.suggest(name, declared);
  const hint = suggestion ? ` — did you mean '${suggestion}'?` : declared.length > 0 ? `; declared layers: ${listNames(declared)}` : '; no layer is declared here';
  diags.error('unknown-reference', `unknown layer '${name}'${hint}`, range, { data: { expected: 'layer', ...(suggestion ? { suggestion } : {}) } });
}

function warnOffPath(diags: ModelDiagnostics, layers: readonly LayerModel[], owner: ScopeOwner): void {
  for (const layer of layers) {
    if (layer.onPath || layer.optional) continue;
    diags.warning(
      'off-path',
      `layer '${layer.name}' is not on the path of ${owner.label}, so it does not count: add it to \`path\` or mark it \`optional\``,
      layer.nameRange,
      { data: { subject: layer.id } },
    );
  }
}

/** Nothing on the path: the figures would say "always up", which means nothing. */
function warnEmpty(diags: ModelDiagnostics, layers: readonly LayerModel[], owner: ScopeOwner): void {
  const message =
    layers.length === 0
      ? `${owner.label} has no layers yet: add \`layer NAME { node … }\``
      : `every layer of ${owner.label} is \`optional\`, so nothing is on its path: give it a \`path\``;
  diags.warning('empty-path', message, owner.range, { blocking: true, ...(owner.id ? { data: { subject: owner.id } } : {}) });
}
