/**
 * A system ready for repeated exact queries: compiled, with the failover terms of its
 * active-passive layers of sites filled in.
 */
import type { SystemModel } from '../model/types';
import { compileSystem, type SystemSpec } from './compile';
import { computeSiteFailovers, type SiteFrequency } from './site-failover';

/** Compiles `system` and computes its site failover terms. */
export function prepareSystem(system: SystemModel): { spec: SystemSpec; siteFrequencies: SiteFrequency[] } {
  const spec = compileSystem(system);
  const siteFrequencies = computeSiteFailovers(system, spec);
  return { spec, siteFrequencies };
}
