/**
 * The import's findings: the engine's analysis of the emitted draft, in the source's terms and at
 * the source's locations. A single point of failure becomes `single-replica` ("service `db` runs 1
 * replica …") with what it costs a year; a layer without a health check `no-healthcheck`; the
 * analysis' other warnings keep their code. Costs are the engine's: Birnbaum importance × the
 * element's unavailability, which is U − U(element up), the downtime the element alone causes.
 */
import type { DiagnosticCode } from '../../../../grammar/src/codes';
import { SECONDS_PER_YEAR } from '../../../../grammar/src/units';
import type { SystemAnalysis } from '../analysis/types';
import { systemIndex } from '../model/index';
import type { SystemModel } from '../model/types';
import type { DocumentAnalysis } from '../pipeline';
import { formatDuration } from '../text/format';
import type { DraftLayer, DraftSourceKind, DraftSystem, DraftZone, ImportDraft } from './draft';
import type { EmittedDraft } from './emit';
import type { SourceLocation } from './tree';

export interface ImportFinding {
  /** The check, named as kube-score, Polaris or kube-linter name theirs where they have one. */
  check: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** The engine's expected system downtime a year caused by this item, in minutes, when it gives one. */
  minutesPerYear?: number;
  /** The minimal cut set (element names of the draft) that makes it matter, when there is one. */
  cutSet?: string[];
  /** The analysis' diagnostic code the finding comes from (for SARIF's rules). */
  code: DiagnosticCode;
  location: SourceLocation;
}

/** The findings of an analysed draft (`doc` is the analysis of `emitted.text`), costliest first. */
export function importFindings(draft: ImportDraft, emitted: EmittedDraft, doc: DocumentAnalysis): ImportFinding[] {
  const out: ImportFinding[] = [];
  draft.systems.forEach((ds, i) => {
    const analysed = doc.systems[i];
    if (!analysed?.analysis) return;
    out.push(...systemFindings(ds, draft.source, emitted, analysed.model, analysed.analysis, doc));
  });
  return out.sort((a, b) => (b.minutesPerYear ?? -1) - (a.minutesPerYear ?? -1) || a.location.line - b.location.line || a.location.column - b.location.column);
}

function systemFindings(ds: DraftSystem, source: DraftSourceKind, emitted: EmittedDraft, model: SystemModel, a: SystemAnalysis, doc: DocumentAnalysis): ImportFinding[] {
  const index = systemIndex(model);
  const layerOf = new Map(ds.layers.map((l) => [emitted.layerNames.get(l)!, l]));
  const zoneOf = new Map(ds.zones.map((z) => [emitted.zoneNames.get(z)!, z]));
  const out: ImportFinding[] = [];
  // What a layer is in the source's words: a Kubernetes workload, a Compose (or Terraform) service.
  const noun = source === 'k8s' ? 'workload' : 'service';
  const cost = (element: string, unavailability: number): number | undefined => {
    const imp = a.importance.find((e) => e.element === element);
    return imp && !imp.bounded ? (imp.birnbaum * unavailability * SECONDS_PER_YEAR) / 60 : undefined;
  };
  for (const s of a.spofs) {
    if (s.type === 'instance') {
      const inst = index.instances.get(s.element);
      const layer = inst ? layerOf.get(inst.layer) : undefined;
      if (!inst || !layer) continue;
      // An element that never fails in the figures (a published 100%) costs nothing: no finding.
      if (inst.unavailability === 0) continue;
      const minutes = cost(s.element, inst.unavailability);
      const replicas = layer.nodes[0]?.replicas ?? 1;
      const costText = minutes !== undefined ? `, costing about ${formatDuration(minutes * 60)} a year` : '';
      out.push({
        check: layer.managed ? 'managed-single-service' : replicas === 1 ? 'single-replica' : 'spof', code: 'spof', severity: 'warning', location: layer.location, cutSet: [s.element],
        ...(minutes !== undefined ? { minutesPerYear: minutes } : {}),
        message: layer.managed
          ? `managed service \`${layer.name}\` is one element at its published SLA (its own redundancy is inside that figure): a single point of failure of the path${costText}`
          : replicas === 1
            ? `${noun} \`${layer.name}\` runs 1 replica: a single point of failure${costText} — run at least 2`
            : `\`${s.element}\` of ${noun} \`${layer.name}\` is a single point of failure${costText}`,
      });
    } else {
      const zone = zoneOf.get(s.element);
      const domain = s.type === 'zone' ? index.zones.get(s.element) : index.regions.get(s.element);
      if (!zone || !domain) continue;
      const minutes = domain.hasAvailability ? cost(s.element, domain.unavailability) : undefined;
      const costText = minutes !== undefined
        ? `, costing about ${formatDuration(minutes * 60)} a year`
        : ': its cost is unknown until it has an availability';
      out.push({
        check: 'single-zone', code: 'spof', severity: 'warning', cutSet: [s.element], location: zone.location ?? ds.location ?? layerLocation(ds),
        ...(minutes !== undefined ? { minutesPerYear: minutes } : {}),
        message: zoneMessage(ds, zone, s.type, costText),
      });
    }
  }
  for (const layer of ds.layers) {
    // A managed service's health checking is the provider's.
    if (layer.healthCheck || layer.managed) continue;
    const id = emitted.layerNames.get(layer)!;
    const instances = new Set(index.layers.get(id)?.instances ?? []);
    const cut = a.cutSets.find((c) => c.elements.some((e) => instances.has(e)));
    out.push({
      check: 'no-healthcheck', code: 'no-health-check', severity: 'warning', location: layer.location, ...(cut ? { cutSet: cut.elements } : {}),
      message: source === 'k8s'
        ? `workload \`${layer.name}\` has no readinessProbe or livenessProbe: a hung pod counts as up, so nothing restarts it or routes around it`
        : `service \`${layer.name}\` has no healthcheck: a hung replica counts as up, so nothing restarts it or routes around it`,
    });
  }
  for (const d of doc.diagnostics) {
    if (d.severity === 'info' || d.code === 'spof' || d.code === 'no-health-check') continue;
    const layer = [...layerOf].find(([id]) => containsLine(index.layers.get(id)?.range, d.range.start.line))?.[1];
    out.push({ check: d.code, code: d.code, severity: d.severity, message: d.message, location: layer?.location ?? ds.location ?? layerLocation(ds) });
  }
  return out;
}

/**
 * What a zone that is a single point of failure means: every service on the path in it (Compose's
 * one host), or the services that run all their replicas in it while others spread.
 */
function zoneMessage(ds: DraftSystem, zone: DraftZone, type: string, costText: string): string {
  const onPath = ds.layers.filter((l) => !l.optional);
  const whole = onPath.filter((l) => l.nodes.every((n) => n.zones.length === 1 && n.zones[0] === zone.name));
  if (whole.length === onPath.length) return `every service on the path runs in ${type} \`${zone.name}\`: its failure alone takes the system down${costText}`;
  if (whole.length === 0) return `${type} \`${zone.name}\` is a single point of failure: its failure alone takes the system down${costText}`;
  return `${type} \`${zone.name}\` holds every replica of ${whole.map((l) => `\`${l.name}\``).join(', ')}: its failure alone takes the system down${costText}`;
}

function containsLine(range: { start: { line: number }; end: { line: number } } | undefined, line: number): boolean {
  return range !== undefined && range.start.line <= line && line <= range.end.line;
}

function layerLocation(ds: DraftSystem): SourceLocation {
  const first: DraftLayer | undefined = ds.layers[0];
  return first ? first.location : { file: '', line: 1, column: 1 };
}
