/**
 * A layer's kind (spec section 4): `kind` if given, else from the layer's name when it is one
 * of dns, lb/load-balancer, app, db/database, cache, storage, queue; else `other`.
 * `kind` accepts the same words (and `other`); an unknown word gets warning `unknown-kind`.
 */
import type { PropertyAst } from '../../../../grammar/src/ast';
import type { ModelDiagnostics } from './diagnostics';
import { closestName } from './suggest';
import type { LayerKind } from './types';

const KIND_BY_WORD: Readonly<Record<string, LayerKind>> = {
  dns: 'dns',
  lb: 'load-balancer',
  'load-balancer': 'load-balancer',
  app: 'app',
  db: 'database',
  database: 'database',
  cache: 'cache',
  storage: 'storage',
  queue: 'queue',
};

/** The kind of layer `layerName`, from its `kind` line if any. */
export function layerKind(layerName: string, kindProp: PropertyAst | undefined, diags: ModelDiagnostics): LayerKind {
  const word = kindProp?.word;
  if (!word) return KIND_BY_WORD[layerName] ?? 'other';
  const kind = KIND_BY_WORD[word.text];
  if (kind) return kind;
  if (word.text === 'other') return 'other';
  const suggestion = closestName(word.text, [...Object.keys(KIND_BY_WORD), 'other']);
  const known = 'dns, load-balancer (lb), app, database (db), cache, storage, queue, other';
  const hint = suggestion ? ` — did you mean '${suggestion}'? Known kinds: ${known}` : `; known kinds: ${known}`;
  diags.warning(
    'unknown-kind',
    `unknown kind '${word.text}'${hint}`,
    word.range,
    suggestion ? { data: { suggestion } } : {},
  );
  return 'other';
}
