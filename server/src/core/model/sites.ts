/**
 * A `site` → SiteModel (spec section 3, "Sites"): a whole stack — its own layers and path —
 * standing in for one member of a layer of sites. Names inside are qualified by the site's.
 */
import type { PropertyAst, SiteAst } from '../../../../grammar/src/ast';
import type { BuildContext, Scope } from './context';
import { temperatureOf } from './instances';
import type { SiteModel } from './types';
import { collectProps, readDuration } from './values';

export interface BuiltSite {
  site: SiteModel;
  /** The `standby` line, so an active-active layer can say it is ignored. */
  standbyProp?: PropertyAst;
}

/** Builds a site, its layers and path into `ctx`; undefined for a nameless site. */
export function buildSite(ctx: BuildContext, scope: Scope, parentLayer: string, ast: SiteAst): BuiltSite | undefined {
  if (!ast.name) return undefined;
  const name = ast.name.text;
  const id = scope.prefix + name;
  ctx.elements.claim(id, 'site', ast.name.range);
  ctx.siteNames.claim(name, 'site', ast.name.range);
  const props = collectProps(ast.props, ctx.diags, `site '${name}'`);
  const site: SiteModel = { id, name, parentLayer, layers: [], path: [], range: ast.range, nameRange: ast.name.range };
  if (scope.site) site.site = scope.site;
  const standbyProp = props.get('standby');
  if (standbyProp) site.standby = temperatureOf(standbyProp);
  const promoteSeconds = readDuration(props.get('promote'), ctx.diags, { allowZero: true });
  if (promoteSeconds !== undefined) site.promoteSeconds = promoteSeconds;
  // Pushed before its contents so that `sites` lists outer sites before inner ones.
  ctx.sites.push(site);
  const built = ctx.buildScope(ctx, { prefix: `${id}.`, site: id }, ast.layers, ast.paths, { label: `site '${name}'`, range: ast.name.range, id });
  site.layers = built.layers.map((l) => l.id);
  site.path = built.path;
  return standbyProp ? { site, standbyProp } : { site };
}
