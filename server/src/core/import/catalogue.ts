/**
 * The catalogue of availability figures an importer may assume (`catalogue-data.ts`): providers'
 * published SLAs, and Topo's defaults for what no provider covers. Importers look entries up by
 * id; `emit.ts` writes each figure taken from here with `# assumed: <service> <configuration> SLA P%`.
 */
import { CATALOGUE } from './catalogue-data';

export type Provider = 'aws' | 'azure' | 'gcp' | 'cloudflare' | 'topo';

export interface CatalogueEntry {
  id: string;
  provider: Provider;
  service: string;
  /** The deployment the figure is for: Multi-AZ vs single-AZ, region-level vs one instance. */
  configuration: string;
  /** The committed monthly percentage, 0–100. */
  percent: number;
  /** Whether the provider measures time up or the share of requests served. */
  basis: 'time' | 'request';
  /** The document the figure comes from and when it was recorded (`provider: 'topo'`: Topo's own). */
  source: { document: string; asOf: string };
  /** What the figure depends on, or what is uncertain about it. */
  note?: string;
}

export { CATALOGUE };

/** The entry of `id`; throws on an unknown id, which is a bug of an importer, not of its input. */
export function catalogueEntry(id: string): CatalogueEntry {
  const found = CATALOGUE.find((e) => e.id === id);
  if (!found) throw new Error(`no catalogue entry '${id}'`);
  return found;
}

/** The words of an `# assumed:` comment for the entry: "AWS Amazon RDS, Multi-AZ DB instance: SLA 99.95% [aws-rds-multi-az]". */
export function assumedText(entry: CatalogueEntry): string {
  if (entry.provider === 'topo') return `Topo default ${entry.percent}% for ${entry.service}, no published SLA [${entry.id}]`;
  return `${PROVIDER_NAMES[entry.provider]} ${entry.service}, ${entry.configuration}: SLA ${entry.percent}% [${entry.id}]`;
}

const PROVIDER_NAMES: Record<Exclude<Provider, 'topo'>, string> = { aws: 'AWS', azure: 'Azure', gcp: 'Google Cloud', cloudflare: 'Cloudflare' };
