/**
 * One generated model checked three ways: Topo's engine (through the whole pipeline, from
 * text), SCRAM on the exported MEF, and brute force when the model is small. Shared by the
 * differential test and the benchmark.
 *
 * Comparison rules (documented for the project's docs):
 * - U: SCRAM prints 6 significant digits, so |U_topo − U_scram| ≤ 5e-6·U_scram (+1e-300).
 * - Failover-in-progress events are not elements: SCRAM's products that contain one are dropped
 *   on SCRAM's side (the spec's cut sets are the minimal cut sets with no failover in progress,
 *   which are exactly the products without a failover event).
 * - Zones and regions without availability are basic events of probability 0; SCRAM keeps them
 *   in its products (it applies no probability cut-off), and the spec says they count in the
 *   structural analysis, so cut sets and SPOFs containing them are compared on both sides.
 * - Each layer's and site's own U against SCRAM's probability of a probe top event (`probe-…`)
 *   standing for that layer or site alone, to 6 digits.
 * - SPOFs are SCRAM's order-1 products, as element names.
 * - Birnbaum importance against SCRAM's MIF (6 digits, or 1e-12 absolute), for the elements
 *   SCRAM reports (those in its products up to order 3).
 * - q of each active-passive layer against brute force: within 1e-7 relative, or within 1e-9·U
 *   (an error that cannot move U by more than the spec's bound). A site's Birnbaum-weighted
 *   frequency can be a difference of nearly equal numbers when an inner failover term dominates,
 *   and then only ~8 digits of q survive in any double-precision method.
 */
import { toMef } from '../../server/src/core/export/mef';
import type { BasicEvent, Probe } from '../../server/src/core/export/fault-tree';
import { analyseDocument, type AnalysedSystem } from '../../server/src/core/pipeline';
import type { Diagnostic } from '../../grammar/src/text';
import { bruteForce } from './brute-force';
import type { ScramTop } from './scram';

export interface Prepared {
  seed: number;
  text: string;
  system: AnalysedSystem;
  /** Errors that stop the comparison (the generator should never produce them). */
  errors: Diagnostic[];
  mef?: { xml: string; top: string; events: Map<string, BasicEvent>; probes: Probe[] };
  /** Brute-force figures when the model is small enough. */
  bruteU?: number;
  /** q per active-passive layer, from brute force (independent of the engine). */
  bruteQ: Map<string, number>;
}

/** Runs the pipeline on a model's text and writes its MEF (site q from brute force, else the engine). */
export function prepare(seed: number, text: string, maxOrder = 3): Prepared | undefined {
  const doc = analyseDocument(text, { maxOrder });
  const system = doc.systems[0];
  if (!system) return undefined;
  const errors = doc.diagnostics.filter((d) => d.severity === 'error' && !d.code.endsWith('-miss'));
  const brute = system.model.analysable ? bruteForce(system.model) : undefined;
  const bruteQ = brute?.failoverProbability ?? new Map<string, number>();
  const engineQ = new Map((system.analysis?.layers ?? []).map((l) => [l.name, l.failoverProbability]));
  const exported = toMef([system.model], { failoverProbability: (l) => bruteQ.get(l.id) ?? engineQ.get(l.id), probes: true });
  const prepared: Prepared = { seed, text, system, errors, bruteU: brute?.unavailability, bruteQ };
  if (exported.ok) {
    const tree = exported.mef.trees[0];
    if (tree) prepared.mef = { xml: exported.mef.xml, top: tree.top.name, events: new Map(tree.basicEvents.map((e) => [e.name, e])), probes: tree.probes };
  }
  return prepared;
}

/** Relative agreement asked of q (see the header). */
const Q_RELATIVE = 1e-7;

/** What a problem is about, so each property of the engine gets its own test. */
export type Aspect = 'setup' | 'unavailability' | 'parts' | 'structure' | 'failover' | 'importance';

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

/** Everything that differs between the engine and SCRAM (and brute force) for one model. */
export function compare(p: Prepared, scram: ScramTop | undefined, probes: Map<string, ScramTop> = new Map()): Comparison {
  const problems: Problem[] = [];
  const add = (aspect: Aspect, message: string): void => void problems.push({ aspect, message });
  const a = p.system.analysis;
  if (p.errors.length) add('setup', `model errors: ${p.errors.map((d) => `${d.code} ${d.message}`).join('; ')}`);
  if (!a) return { seed: p.seed, problems: [...problems, { aspect: 'setup', message: 'no analysis' }] };
  if (!a.exact) add('setup', `engine not exact: ${a.limits.join('; ')}`);
  if (!p.mef || !scram) return { seed: p.seed, problems: [...problems, { aspect: 'setup', message: 'no SCRAM result' }] };
  if (!agreesWithScram(a.unavailability, scram.probability)) add('unavailability', `U: topo ${a.unavailability} vs scram ${scram.probability}`);
  if (p.bruteU !== undefined && Math.abs(a.unavailability - p.bruteU) > 1e-9 * p.bruteU + 1e-300) {
    add('unavailability', `U: topo ${a.unavailability} vs brute force ${p.bruteU}`);
  }
  for (const probe of p.mef.probes) {
    const figure = probe.kind === 'layer' ? a.layers.find((l) => l.name === probe.id) : a.sites.find((x) => x.name === probe.id);
    const expected = probes.get(probe.gate)?.probability;
    if (!figure || expected === undefined) add('parts', `${probe.kind} ${probe.id}: missing (topo ${figure?.unavailability}, scram ${expected})`);
    else if (!agreesWithScram(figure.unavailability, expected)) add('parts', `U of ${probe.kind} ${probe.id}: topo ${figure.unavailability} vs scram ${expected}`);
  }
  for (const l of a.layers) {
    const q = p.bruteQ.get(l.name);
    if (q !== undefined && l.failoverProbability !== undefined && Math.abs(l.failoverProbability - q) > Math.max(Q_RELATIVE * q, 1e-9 * a.unavailability)) {
      add('failover', `q of ${l.name}: topo ${l.failoverProbability} vs brute force ${q}`);
    }
  }
  const events = p.mef.events;
  const elementProducts = scram.products.filter((prod) => prod.every((e) => events.get(e)?.type !== 'failover'));
  const names = (prod: string[]): string => prod.map((e) => events.get(e)?.element ?? `?${e}`).sort().join(' + ');
  const scramSpofs = new Set(elementProducts.filter((prod) => prod.length === 1).map(names));
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
  const scramCuts = new Set(elementProducts.map(names));
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

function diffSets(what: string, topo: Set<string>, scram: Set<string>, add: (aspect: Aspect, message: string) => void): void {
  const onlyTopo = [...topo].filter((x) => !scram.has(x));
  const onlyScram = [...scram].filter((x) => !topo.has(x));
  if (onlyTopo.length || onlyScram.length) {
    add('structure', `${what}: only topo {${onlyTopo.slice(0, 6).join(', ')}} only scram {${onlyScram.slice(0, 6).join(', ')}}`);
  }
}
