/**
 * `defaults { … }`: node properties for every node that does not set them.
 *
 * Which properties apply (the spec leaves it open):
 * - availability / mtbf as one group: a node that writes either uses only its own; otherwise it
 *   takes both from defaults (mixing a node's availability with a default mtbf would silently
 *   derive an MTTR nobody wrote);
 * - mttr, capacity, and zone/zones (as one group);
 * - promote is not copied onto nodes: it is the third step of the promotion chain (first
 *   standby's promote, the layer's, then defaults').
 * - replicas and standby are structural, not defaults: they get warning `ignored-property`;
 *   so does `common-cause` (a group is a layer's or a node's, never everyone's).
 * - mttr also serves zones and regions without their own (spec: "MTTR … from defaults, else 1h").
 * Several `defaults` blocks act as one; a property set in two of them is `duplicate-property`.
 */
import type { DefaultsAst, PropertyAst } from '../../../../grammar/src/ast';
import type { NodeDefaults } from './context';
import type { ModelDiagnostics } from './diagnostics';
import { warnInconsistent } from './domains';
import { elementFigures, DEFAULT_MTTR_SECONDS } from './figures';
import type { PropMap } from './values';
import { collectProps, readDuration, readPercent, readPositive } from './values';

/** Defaults' reliability, capacity and promote; zones are resolved later (they need the zones). */
export function readDefaults(blocks: readonly DefaultsAst[], diags: ModelDiagnostics): { defaults: NodeDefaults; zoneProp?: PropertyAst } {
  const props: PropMap = collectProps(blocks.flatMap((b) => b.props), diags, 'defaults');
  const defaults: NodeDefaults = {};
  const percent = readPercent(props.get('availability'), diags, { aboveZero: true });
  if (percent) defaults.percent = percent;
  const mtbf = readDuration(props.get('mtbf'), diags);
  if (mtbf !== undefined) defaults.mtbfSeconds = mtbf;
  const mttr = readDuration(props.get('mttr'), diags);
  if (mttr !== undefined) defaults.mttrSeconds = mttr;
  const capacity = readPositive(props.get('capacity'), diags);
  if (capacity !== undefined) defaults.capacity = capacity;
  const promote = readDuration(props.get('promote'), diags, { allowZero: true });
  if (promote !== undefined) defaults.promoteSeconds = promote;
  if (percent && mtbf !== undefined && mttr !== undefined) {
    const figures = elementFigures({ percent, mtbfSeconds: mtbf, mttrSeconds: mttr, fallbackMttrSeconds: DEFAULT_MTTR_SECONDS });
    const range = props.get('mtbf')?.value?.range;
    if (figures && range) warnInconsistent(diags, figures.mtbfSeconds, mtbf, range);
  }
  for (const key of ['replicas', 'standby'] as const) {
    const prop = props.get(key);
    if (prop) diags.warning('ignored-property', `'${key}' in defaults is ignored: set it on each node that needs it`, prop.range);
  }
  const beta = props.get('common-cause');
  if (beta) diags.warning('ignored-property', `'common-cause' in defaults is ignored: put it on the layer (or the node) whose instances fail together`, beta.range);
  const zoneProp = props.get('zone') ?? props.get('zones');
  return zoneProp ? { defaults, zoneProp } : { defaults };
}
