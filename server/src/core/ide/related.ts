/**
 * Related information the editor shows under a diagnostic, added here when the core did not
 * give any: a `spof` points at its layer, an `slo-miss`/`sla-miss` at the layer that costs the most.
 */
import type { Diagnostic, RelatedInfo } from '../../../../grammar/src/text';
import { containsPosition } from '../../../../grammar/src/text';
import type { AnalysedSystem, DocumentAnalysis } from '../pipeline';
import { formatAvailability } from '../text/format';

/** The document's diagnostics, with related information filled in where it helps. */
export function withRelatedInfo(doc: DocumentAnalysis): Diagnostic[] {
  return doc.diagnostics.map((d) => {
    if (d.related && d.related.length > 0) return d;
    const sys = doc.systems.find((s) => containsPosition(s.model.range, d.range.start));
    if (!sys) return d;
    const related = d.code === 'spof' ? spofLayer(sys, d) : d.code === 'slo-miss' || d.code === 'sla-miss' ? costliestLayer(sys) : undefined;
    return related ? { ...d, related: [related] } : d;
  });
}

function spofLayer(sys: AnalysedSystem, d: Diagnostic): RelatedInfo | undefined {
  const subject = d.data?.subject;
  const instance =
    sys.model.instances.find((i) => i.id === subject) ??
    sys.model.instances.find((i) => containsPosition(i.range, d.range.start));
  if (!instance) return undefined;
  const layer = sys.model.layers.find((l) => l.id === instance.layer);
  if (!layer) return undefined;
  const fig = sys.analysis?.layers.find((l) => l.name === layer.id);
  const figures = fig ? ` (${fig.k} of ${fig.n} needed, availability ${formatAvailability(fig.unavailability)})` : '';
  return { message: `in layer ${layer.id}, which has no redundancy for it${figures}`, range: layer.nameRange };
}

function costliestLayer(sys: AnalysedSystem): RelatedInfo | undefined {
  const a = sys.analysis;
  if (!a) return undefined;
  const onPath = a.layers.filter((l) => sys.model.layers.find((m) => m.id === l.name)?.onPath);
  const worst = onPath.reduce<(typeof onPath)[number] | undefined>((w, l) => (!w || l.unavailability > w.unavailability ? l : w), undefined);
  const layer = worst && sys.model.layers.find((m) => m.id === worst.name);
  if (!worst || !layer) return undefined;
  return { message: `layer ${layer.id} costs the most: ${formatAvailability(worst.unavailability)} on its own`, range: layer.nameRange };
}
