/**
 * A scope — the system's top level or one site — holds layers and a path. Layer names are
 * unique within their scope; the path refers to the scope's own layers.
 */
import type { LayerAst, PathAst } from '../../../../grammar/src/ast';
import type { BuildContext, Scope } from './context';
import { buildLayer } from './layers';
import { NameRegistry } from './names';
import type { ScopeOwner } from './paths';
import { resolvePath } from './paths';
import type { LayerModel } from './types';

/** Builds the scope's layers into `ctx` and resolves its path. */
export function buildScope(
  ctx: BuildContext,
  scope: Scope,
  layerAsts: readonly LayerAst[],
  pathAsts: readonly PathAst[],
  owner: ScopeOwner,
): { layers: LayerModel[]; path: string[] } {
  const layerNames = new NameRegistry();
  const layers: LayerModel[] = [];
  for (const ast of layerAsts) {
    const layer = buildLayer(ctx, scope, ast, layerNames);
    if (layer) layers.push(layer);
  }
  layerNames.report(ctx.diags);
  return { layers, path: resolvePath(ctx.diags, layers, pathAsts, owner) };
}
