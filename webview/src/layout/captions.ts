/** The short texts drawn inside boxes; the layout sizes boxes to fit them, the renderer draws them. */
import type { DomainView, InstanceGroupView, InstanceView, LayerView, SiteView } from '../../../server/src/core/index';

/** The second line of a node box (or a group's): its availability and role. */
export function nodeCaption(n: InstanceView | InstanceGroupView): string {
  const role = n.standby ? `standby ${n.standby}` : n.primary ? 'primary' : '';
  return [n.label, role, n.spof ? 'SPOF' : ''].filter((s) => s !== '').join(' · ');
}

/** A site box's title line (a service's site says so). */
export function siteCaption(s: SiteView): string {
  const role = s.standby ? `standby ${s.standby}` : s.primary ? 'primary' : '';
  return [`${s.service ? 'service' : 'site'} ${s.name}`, s.label, role].filter((p) => p !== '').join(' · ');
}

/** A layer's name line: its name, or `service auth` / `external stripe` for a service of a composite. */
export function layerCaption(l: LayerView): string {
  return l.service === undefined ? l.name : `${l.service === 'external' ? 'external' : 'service'} ${l.name}`;
}

/** A zone's legend entry. */
export function zoneCaption(z: DomainView): string {
  const where = z.region ? ` (${z.region})` : '';
  return `${z.name}${where} ${z.label}${z.spof ? ' · SPOF' : ''}`;
}

/** A region's legend entry. */
export function regionCaption(r: DomainView): string {
  return `region ${r.name} ${r.label}${r.spof ? ' · SPOF' : ''}`;
}
