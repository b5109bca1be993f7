/** Models from `.topo` text for the tests. */
import { parse } from '../../grammar/src/index';
import { buildModel } from '../../server/src/core/model/build';
import type { SystemModel } from '../../server/src/core/model/types';

/** The first system of `text`, parsed and resolved (no analysis); throws, listing them, when the text has errors. */
export function modelOf(text: string): SystemModel {
  const parsed = parse(text);
  const built = buildModel(parsed);
  const errors = [...parsed.diagnostics, ...built.diagnostics].filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`fixture has errors: ${errors.map((e) => `${e.code}: ${e.message}`).join('; ')}\n${text}`);
  const sys = built.systems[0];
  if (!sys) throw new Error('fixture has no system');
  return sys;
}
