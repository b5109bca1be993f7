/**
 * One generated model checked against independent implementations: Topo's engine (through the
 * whole pipeline, from text) against SCRAM on the exported MEF — the structure — and against the
 * revision 2 brute force — the structure and the failover windows. Shared by the differential
 * tests and the benchmark.
 *
 * Comparison rules (documented for the project's docs):
 * - The MEF carries the structure only (spec section 3, revision 2: the failover windows are not
 *   events of a fault tree), so SCRAM's top event is U_struct: |U_struct,topo − U_scram| ≤
 *   5e-6·U_scram (+1e-300), SCRAM printing 6 significant digits. Each layer's and site's
 *   `structuralUnavailability` against SCRAM's probe top event (`probe-…`) for it, the same way.
 * - Zones and regions without availability are basic events of probability 0; SCRAM keeps them
 *   in its products (it applies no probability cut-off), and the spec says they count in the
 *   structural analysis, so cut sets and SPOFs containing them are compared on both sides.
 * - SPOFs are SCRAM's order-1 products, as element names; cut sets are its products.
 * - Birnbaum importance against SCRAM's MIF (6 digits, or 1e-12 absolute), for the elements
 *   SCRAM reports (those in its products up to order 3).
 * - Against brute force (models small enough to enumerate): U, U_struct and the windows' term
 *   at 1e-9 relative; each layer's and site's `unavailability` and `structuralUnavailability` at
 *   1e-9 relative; each active-passive layer's `failover` (secondsPerYear, byTrigger,
 *   windowsPerYear) at 1e-9 relative, or 1e-9·U of the system (as seconds per year) absolute
 *   when the figure is tiny — an error that cannot move U by more than the spec's bound.
 */
import { toMef } from '../../server/src/core/export/mef';
import type { BasicEvent, Probe } from '../../server/src/core/export/fault-tree';
import { analyseDocument, type AnalysedSystem } from '../../server/src/core/pipeline';
import type { Diagnostic } from '../../grammar/src/text';
import { bruteForce, SECONDS_PER_YEAR, type BruteForceResult, type Figures } from './brute-force';
import type { ScramTop } from './scram';

export interface Prepared {
  seed: number;
  text: string;
  system: AnalysedSystem;
  /** Errors that stop the comparison (the generator should never produce them). */
  errors: Diagnostic[];
  mef?: { xml: string; top: string; events: Map<string, BasicEvent>; probes: Probe[] };
  /** The revision 2 reference's figures, when asked for (`bruteLimit` > 0). */
  brute?: BruteForceResult;
}

export interface PrepareOptions {
  maxOrder: number;
  /** Largest target brute force enumerates; 0 skips brute force. */
  bruteLimit: number;
  /** Write the MEF (with a probe per layer and site). */
  mef: boolean;
}

/** Runs the pipeline on a model's text, writes its MEF and runs brute force, as asked. */
export function prepare(seed: number, text: string, options: Partial<PrepareOptions> = {}): Prepared | undefined {
  const opts: PrepareOptions = { maxOrder: 3, bruteLimit: 0, mef: true, ...options };
  const doc = analyseDocument(text, { maxOrder: opts.maxOrder });
  const system = doc.systems[0];
  if (!system) return undefined;
  const errors = doc.diagnostics.filter((d) => d.severity === 'error' && !d.code.endsWith('-miss'));
  const prepared: Prepared = { seed, text, system, errors };
  if (opts.bruteLimit > 0 && system.model.analysable) prepared.brute = bruteForce(system.model, opts.bruteLimit);
  if (!opts.mef) return prepared;
  const exported = toMef([system.model], { probes: true, failoverUnavailability: () => system.analysis?.failoverUnavailability });
  if (exported.ok) {
    const tree = exported.mef.trees[0];
    if (tree) prepared.mef = { xml: exported.mef.xml, top: tree.top.name, events: new Map(tree.basicEvents.map((e) => [e.name, e])), probes: tree.probes };
  }
  return prepared;
}

/** Relative agreement asked of every figure against brute force (the spec's bound on U). */
export const BRUTE_RELATIVE = 1e-9;

/** What a problem is about, so each property of the engine gets its own test. */
export type Aspect = 'setup' | 'unavailability' | 'parts' | 'structure' | 'importance' | 'windows' | 'layer-failover' | 'windows-per-year' | 'off-path-failover';

export interface Problem {
  aspect: Aspect;
  message: string;
}

export interface Comparison {
  seed: number;
  problems: Problem[];
}

/** Relative agreement within SCRAM's 6 printed digits. */
export function agreesWithScram(topo: number, scram: number): boolean {
  return Math.abs(topo - scram) <= 5e-6 * Math.abs(scram) + 1e-300;
}

/** Agreement with brute force: relative, or within `absolute` when both are tiny. */
export function agreesWithBruteForce(topo: number | undefined, brute: number, absolute = 0): boolean {
  return topo !== undefined && Math.abs(topo - brute) <= Math.max(BRUTE_RELATIVE * Math.abs(brute), absolute, 1e-300);
}

/** Everything that differs between the engine's structure and SCRAM's for one model. */
export function compareWithScram(p: Prepared, scram: ScramTop | undefined, probes: Map<string, ScramTop> = new Map()): Comparison {
  const problems: Problem[] = [];
  const add = (aspect: Aspect, message: string): void => void problems.push({ aspect, message });
  const a = p.system.analysis;
  if (p.errors.length) add('setup', `model errors: ${p.errors.map((d) => `${d.code} ${d.message}`).join('; ')}`);
  if (!a) return { seed: p.seed, problems: [...problems, { aspect: 'setup', message: 'no analysis' }] };
  if (!a.exact) add('setup', `engine not exact: ${a.limits.join('; ')}`);
  if (!p.mef || !scram) return { seed: p.seed, problems: [...problems, { aspect: 'setup', message: 'no SCRAM result' }] };
  if (!agreesWithScram(a.structuralUnavailability, scram.probability)) add('unavailability', `U_struct: topo ${a.structuralUnavailability} vs scram ${scram.probability}`);
  for (const probe of p.mef.probes) {
    const figure = probe.kind === 'layer' ? a.layers.find((l) => l.name === probe.id) : a.sites.find((x) => x.name === probe.id);
    const expected = probes.get(probe.gate)?.probability;
    if (!figure || expected === undefined) add('parts', `${probe.kind} ${probe.id}: missing (topo ${figure?.structuralUnavailability}, scram ${expected})`);
    else if (!agreesWithScram(figure.structuralUnavailability, expected)) add('parts', `U_struct of ${probe.kind} ${probe.id}: topo ${figure.structuralUnavailability} vs scram ${expected}`);
  }
  const events = p.mef.events;
  const names = (prod: string[]): string => prod.map((e) => events.get(e)?.element ?? `?${e}`).sort().join(' + ');
  // Maintenance is planned, not a failure: in the cut sets, never a single point of failure (docs/language.md).
  const scramSpofs = new Set(scram.products.filter((prod) => prod.length === 1 && events.get(prod[0]!)?.type !== 'maintenance').map(names));
  const topoSpofs = new Set(a.spofs.map((s) => s.element));
  diffSets('SPOFs', topoSpofs, scramSpofs, add);
  for (const imp of a.importance) {
    const event = [...events.values()].find((e) => e.element === imp.element && e.type === imp.type);
    const mif = event ? scram.birnbaum.get(event.name) : undefined;
    // SCRAM reports importance only for events in its products (orders ≤ 3).
    if (mif !== undefined && !agreesWithScram(imp.birnbaum, mif) && Math.abs(imp.birnbaum - mif) > 1e-12) {
      add('importance', `Birnbaum of ${imp.element}: topo ${imp.birnbaum} vs scram ${mif}`);
    }
  }
  const scramCuts = new Set(scram.products.map(names));
  const scramProbability = new Map(scram.products.map((prod, i) => [names(prod), scram.productProbabilities[i] ?? NaN]));
  for (const c of a.cutSets) {
    const key = [...c.elements].sort().join(' + ');
    const expected = scramProbability.get(key);
    if (expected !== undefined && !agreesWithScram(c.probability, expected)) add('structure', `probability of cut set ${key}: topo ${c.probability} vs scram ${expected}`);
  }
  const topoCuts = new Set(a.cutSets.map((c) => [...c.elements].sort().join(' + ')));
  diffSets('cut sets', topoCuts, scramCuts, add);
  return { seed: p.seed, problems };
}

/** Everything that differs between the engine and the revision 2 brute force for one model. */
export function compareWithBruteForce(p: Prepared): Comparison {
  const problems: Problem[] = [];
  const add = (aspect: Aspect, message: string): void => void problems.push({ aspect, message });
  const a = p.system.analysis;
  const brute = p.brute;
  if (p.errors.length) add('setup', `model errors: ${p.errors.map((d) => `${d.code} ${d.message}`).join('; ')}`);
  if (!a || !brute) return { seed: p.seed, problems: [...problems, { aspect: 'setup', message: a ? 'no brute force' : 'no analysis' }] };
  if (!a.exact) add('setup', `engine not exact: ${a.limits.join('; ')}`);
  const figures = (what: string, topo: { unavailability: number; structuralUnavailability: number } | undefined, expected: Figures | undefined, aspect: Aspect): void => {
    if (!expected) return;
    if (!topo) return add(aspect, `${what}: missing from the engine`);
    for (const key of ['unavailability', 'structuralUnavailability'] as const) {
      if (!agreesWithBruteForce(topo[key], expected[key])) add(aspect, `${key} of ${what}: topo ${topo[key]} vs brute force ${expected[key]}`);
    }
  };
  if (brute.system) {
    figures('the system', a, brute.system, 'windows');
    if (!agreesWithBruteForce(a.failoverUnavailability, brute.system.failoverUnavailability)) {
      add('windows', `failoverUnavailability of the system: topo ${a.failoverUnavailability} vs brute force ${brute.system.failoverUnavailability}`);
    }
  }
  for (const [id, expected] of brute.layers) figures(`layer ${id}`, a.layers.find((l) => l.name === id), expected, 'parts');
  for (const [id, expected] of brute.sites) figures(`site ${id}`, a.sites.find((x) => x.name === id), expected, 'parts');
  // An error below 1e-9 of U (as downtime) cannot move U by more than the spec's bound.
  const absolute = brute.system ? BRUTE_RELATIVE * brute.system.unavailability * SECONDS_PER_YEAR : 0;
  for (const [id, expected] of brute.failover) {
    const layer = a.layers.find((l) => l.name === id);
    const topo = layer?.failover;
    if (!topo) {
      // LayerFigures.failover: "Active-passive with a standby" — a layer the system does not depend on included.
      const onPath = dependsOn(p, id);
      add(onPath ? 'layer-failover' : 'off-path-failover', `layer ${id}: no failover figures from the engine${onPath ? '' : ' (the system does not depend on it)'}`);
      continue;
    }
    if (expected.windowsPerYear !== undefined && !agreesWithBruteForce(topo.windowsPerYear, expected.windowsPerYear)) {
      add('windows-per-year', `windowsPerYear of ${id}: topo ${topo.windowsPerYear} vs brute force ${expected.windowsPerYear}`);
    }
    const cost = expected.cost;
    if (!cost) continue;
    const check = (what: string, value: number | undefined, want: number): void => {
      if (!agreesWithBruteForce(value, want, absolute)) add('layer-failover', `${what} of ${id}: topo ${value} vs brute force ${want}`);
    };
    check('failover.secondsPerYear', topo.secondsPerYear, cost.secondsPerYear);
    check('failover.unavailability', topo.unavailability, cost.unavailability);
    for (const type of ['instance', 'zone', 'region', 'commonCause'] as const) check(`failover.byTrigger.${type}`, topo.byTrigger[type], cost.byTrigger[type]);
  }
  for (const l of a.layers) {
    if (l.failover && !brute.failover.has(l.name)) add('layer-failover', `layer ${l.name}: failover figures for a layer that opens no window`);
  }
  return { seed: p.seed, problems };
}

/** Whether the system's path reaches a layer (directly or through the paths of sites). */
function dependsOn(p: Prepared, id: string): boolean {
  const model = p.system.model;
  const seen = new Set<string>();
  const walk = (layer: string): boolean => {
    if (layer === id) return true;
    if (seen.has(layer)) return false;
    seen.add(layer);
    const l = model.layers.find((x) => x.id === layer);
    return (l?.sites ?? []).some((s) => (model.sites.find((x) => x.id === s)?.path ?? []).some(walk));
  };
  return model.path.some(walk);
}

function diffSets(what: string, topo: Set<string>, scram: Set<string>, add: (aspect: Aspect, message: string) => void): void {
  const onlyTopo = [...topo].filter((x) => !scram.has(x));
  const onlyScram = [...scram].filter((x) => !topo.has(x));
  if (onlyTopo.length || onlyScram.length) {
    add('structure', `${what}: only topo {${onlyTopo.slice(0, 6).join(', ')}} only scram {${onlyScram.slice(0, 6).join(', ')}}`);
  }
}
