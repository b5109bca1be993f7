/**
 * Exactness of estates (docs/language.md, "Estates"): journeys and systems with dependencies, through the
 * whole pipeline (text with `import`, `external`, `use`, `journey` → model → estate stage → engine),
 * against references that never read `core/estate/`:
 *
 * - the estate's own structural reference (`estate-reference.ts`): every state of the elements
 *   involved, each service evaluated on its OWN model with one shared state (zones and regions by
 *   name, estate-wide), hard dependencies recursively, soft ones never → U_struct at 1e-9 relative;
 * - the revision 2 brute force (`brute-force.ts`) on the composite the figures are about: U with
 *   the failover windows, the windows' term, SPOFs and minimal cut sets (1e-9);
 * - SCRAM 0.16.2 on the composite's MEF (its top event is U_struct; 6 printed digits, the rule of
 *   `differential.ts`), compared with the estate reference;
 * - the degraded share of a system with soft dependencies: U_struct(soft as hard) − U_struct(hard)
 *   of the estate reference (active-active estates: no windows);
 * - hand-worked cases: two services sharing a zone are not independent (the engine must not
 *   multiply), and a journey through a service that depends back on the journey's own system.
 *
 * Generated estates replay from their seed: `generateEstate(seed)` (`estate-generate.ts`).
 * TOPO_VERIFY_SEED=N shifts the seeds (default 1).
 */
import { strict as assert } from 'node:assert';
import { analyseDocument, type DocumentAnalysis } from '../../server/src/core/pipeline';
import type { SystemAnalysis } from '../../server/src/core/analysis/types';
import type { SystemModel } from '../../server/src/core/model/types';
import { toMef } from '../../server/src/core/export/mef';
import { bruteForce } from './brute-force';
import { agreesWithScram, BRUTE_RELATIVE } from './differential';
import { generateEstate, type GenEstate } from './estate-generate';
import { journeyTarget, referenceStructural, systemTarget, World, type RefResult, type RefTarget } from './estate-reference';
import { runScramAll, scramVersion } from './scram';

const FIRST_SEED = Number(process.env.TOPO_VERIFY_SEED ?? 1);
/** Estates with failover windows (active-passive layers) and imports. */
const COUNT = 40;
/** Active-active estates for the degraded share (no windows: U = U_struct). */
const DEGRADED_COUNT = 40;
/** Brute force on a composite enumerates at most this many elements (×2^n with the windows). */
const BRUTE_LIMIT = 14;

/** One analysed thing of an estate: a system with dependencies or a journey. */
interface TargetCase {
  label: string;
  kind: 'system' | 'journey';
  composite?: SystemModel;
  analysis?: SystemAnalysis;
  ref: RefTarget;
  /** The estate reference's figures. */
  expected: RefResult;
}

interface EstateCase {
  estate: GenEstate;
  doc: DocumentAnalysis;
  world: World;
  targets: TargetCase[];
}

/** Runs the pipeline on a generated estate, its imports read from memory. */
function analyseEstateText(text: string, files: ReadonlyMap<string, string>): DocumentAnalysis {
  return analyseDocument(text, {}, {
    uri: 'mem:/estate/root.topo',
    readImport: (path) => {
      const found = files.get(path);
      return found === undefined ? { error: 'not in the test estate' } : { uri: `mem:/estate/${path}`, text: found };
    },
  });
}

function prepareEstate(estate: GenEstate): EstateCase {
  const doc = analyseEstateText(estate.text, estate.files);
  const world = new World(estate.text, estate.files);
  const targets: TargetCase[] = [];
  for (const s of doc.systems) {
    if (s.model.uses.length === 0) continue;
    const ref = systemTarget(world, s.model.name);
    targets.push({ label: `system ${s.model.name}`, kind: 'system', composite: s.composite, analysis: s.analysis, ref, expected: referenceStructural(world, ref) });
  }
  for (const j of doc.journeys) {
    const ref = journeyTarget(world, j.model.path.map((p) => p.name), j.model.system);
    const label = `journey ${j.model.system !== undefined ? `${j.model.system}.` : ''}${j.model.name}`;
    targets.push({ label, kind: 'journey', composite: j.composite, analysis: j.analysis, ref, expected: referenceStructural(world, ref) });
  }
  return { estate, doc, world, targets };
}

/** Relative agreement at the spec's bound (1e-9), or both zero. */
function agrees(topo: number | undefined, expected: number, relative = BRUTE_RELATIVE): boolean {
  return topo !== undefined && Math.abs(topo - expected) <= relative * Math.abs(expected) + 1e-300;
}

/** The failures of one check over every case: at most 3 shown, each with its seed and text. */
function expectNone(failures: { estate: GenEstate; message: string }[], total: number, what: string): void {
  const shown = failures.slice(0, 3).map((f) => `seed ${f.estate.seed}: ${f.message}\n${f.estate.text}${[...f.estate.files].map(([p, t]) => `--- ${p}\n${t}`).join('')}`);
  assert.equal(failures.length, 0, `${failures.length} of ${total} ${what} disagree (seeds ${[...new Set(failures.map((f) => f.estate.seed))].join(', ')})\n${shown.join('\n')}`);
}

/**
 * A journey of system S through a service whose hard closure leads back to S: S's instances are
 * then ONE set of elements (the reference keys them by service). The composite once held S's
 * layers (`w`) and the service S (`S.w`) as independent copies; these targets also have a test
 * of their own below, which makes sure the generator keeps producing them.
 */
const loopsBack = (t: TargetCase): boolean => t.ref.root !== undefined && t.expected.services.includes(t.ref.root);

const typeKey: Record<string, string> = { instance: 'i:', zone: 'z:', region: 'r:', deploy: 'c:', 'common-cause': 'c:', maintenance: 'c:' };
const sortedSets = (sets: string[][]): string[] => sets.map((c) => [...c].sort().join(' + ')).sort();

describe(`estates: journeys and systems with dependencies are exact (${COUNT} + ${DEGRADED_COUNT} generated estates, seeds ${FIRST_SEED}…)`, function () {
  this.timeout(120_000);
  const cases: EstateCase[] = [];
  const degradedCases: EstateCase[] = [];
  const all = (): { c: EstateCase; t: TargetCase }[] => cases.flatMap((c) => c.targets.map((t) => ({ c, t })));

  before(() => {
    for (let seed = FIRST_SEED; seed < FIRST_SEED + COUNT; seed++) cases.push(prepareEstate(generateEstate(seed)));
    for (let seed = FIRST_SEED + 10_000; seed < FIRST_SEED + 10_000 + DEGRADED_COUNT; seed++) {
      degradedCases.push(prepareEstate(generateEstate(seed, { activePassive: false })));
    }
  });

  it('every generated estate is valid and every system with dependencies and every journey is analysed exactly', () => {
    const failures: { estate: GenEstate; message: string }[] = [];
    for (const c of [...cases, ...degradedCases]) {
      const errors = c.doc.diagnostics.filter((d) => d.severity === 'error');
      if (errors.length > 0) failures.push({ estate: c.estate, message: `errors: ${errors.map((d) => `${d.code} ${d.message}`).join('; ')}` });
      for (const t of c.targets) {
        if (!t.analysis || !t.composite) failures.push({ estate: c.estate, message: `${t.label}: no analysis` });
        else if (!t.analysis.exact) failures.push({ estate: c.estate, message: `${t.label}: not exact (${t.analysis.limits.join('; ')})` });
      }
    }
    expectNone(failures, cases.length + degradedCases.length, 'estates');
  });

  it('covers the shapes exactness depends on (so a generator change cannot quietly empty the suite)', () => {
    const count = (p: (c: EstateCase, t: TargetCase) => boolean): number => all().filter(({ c, t }) => p(c, t)).length;
    const services = (t: TargetCase): string[] => t.expected.services;
    const hasPassive = (t: TargetCase): boolean => (t.composite?.layers ?? []).some((l) => l.mode === 'active-passive' && l.standbys.length > 0);
    /** A zone some instances of two different services (or the root and a service) are in. */
    const sharedZone = (t: TargetCase): boolean => {
      const owners = new Map<string, Set<string>>();
      for (const e of t.expected.elements) {
        if (!e.startsWith('i:')) continue;
        const [owner, id] = e.slice(2).split('/') as [string, string];
        const zone = findZone(t, owner, id);
        if (zone !== undefined) owners.set(zone, (owners.get(zone) ?? new Set()).add(owner));
      }
      return [...owners.values()].some((s) => s.size > 1);
    };
    const findZone = (t: TargetCase, owner: string, id: string): string | undefined => {
      const c = cases.find((x) => x.targets.includes(t));
      const model = c?.world.services.get(owner);
      return model?.kind === 'system' ? model.model.instances.find((i) => i.id === id)?.zone : undefined;
    };
    const coverage: Record<string, number> = {
      'targets with two or more services': count((_, t) => services(t).length >= 2),
      'targets whose services share a zone': count((_, t) => sharedZone(t)),
      'targets with an external': count((_, t) => t.expected.elements.some((e) => e.startsWith('x:'))),
      'targets with an imported service': count((_, t) => services(t).some((s) => s === 'ledger' || s === 'idp')),
      'systems with a soft dependency': count((c, t) => t.kind === 'system' && (c.world.system(t.ref.root ?? '').uses.some((u) => u.soft))),
      'journeys mixing layers and services': count((_, t) => t.kind === 'journey' && t.ref.layers.length > 0 && t.ref.services.length > 0),
      'targets with failover windows': count((_, t) => hasPassive(t) && (t.analysis?.failoverUnavailability ?? 0) > 0),
      'targets brute force covers': count((_, t) => t.expected.elements.length <= BRUTE_LIMIT),
      'transitive hard dependencies (a service used through another)': count((_, t) => services(t).length > t.ref.services.length + (t.ref.root ? usesCount(t) : 0)),
    };
    function usesCount(t: TargetCase): number {
      const c = cases.find((x) => x.targets.includes(t));
      return c?.world.system(t.ref.root ?? '').uses.filter((u) => !u.soft).length ?? 0;
    }
    const short = Object.entries(coverage).filter(([, n]) => n < 5);
    assert.deepEqual(short, [], `too few cases: ${JSON.stringify(coverage)}`);
    const degradedSoft = degradedCases.flatMap((c) => c.targets.filter((t) => t.kind === 'system' && c.world.system(t.ref.root ?? '').uses.some((u) => u.soft)));
    assert.ok(degradedSoft.length >= 10, `only ${degradedSoft.length} active-active systems with a soft dependency`);
  });

  it('U_struct of every system with dependencies and every journey equals the independent estate reference (1e-9)', () => {
    const failures: { estate: GenEstate; message: string }[] = [];
    let checked = 0;
    for (const c of [...cases, ...degradedCases]) {
      for (const t of c.targets) {
        checked++;
        const got = t.analysis?.structuralUnavailability;
        if (!agrees(got, t.expected.structuralUnavailability)) {
          failures.push({ estate: c.estate, message: `${t.label}: U_struct topo ${got} vs reference ${t.expected.structuralUnavailability} (elements ${t.expected.elements.join(' ')})` });
        }
      }
    }
    assert.ok(checked > 100, `only ${checked} targets`);
    expectNone(failures, checked, 'targets');
  });

  it('U (with failover windows), its windows term, SPOFs and minimal cut sets equal brute force on the composite (1e-9)', () => {
    const failures: { estate: GenEstate; message: string }[] = [];
    let checked = 0;
    let withWindows = 0;
    for (const { c, t } of all()) {
      if (!t.composite || !t.analysis || t.expected.elements.length > BRUTE_LIMIT) continue;
      const brute = bruteForce(t.composite, BRUTE_LIMIT);
      const sys = brute?.system;
      if (!brute || !sys) {
        failures.push({ estate: c.estate, message: `${t.label}: brute force evaluated nothing` });
        continue;
      }
      checked++;
      if (sys.failoverUnavailability > 0) withWindows++;
      const a = t.analysis;
      const add = (message: string): void => void failures.push({ estate: c.estate, message: `${t.label}: ${message}` });
      if (!agrees(a.unavailability, sys.unavailability)) add(`U topo ${a.unavailability} vs brute force ${sys.unavailability}`);
      if (!agrees(a.structuralUnavailability, sys.structuralUnavailability)) add(`U_struct topo ${a.structuralUnavailability} vs brute force ${sys.structuralUnavailability}`);
      if (!agrees(a.failoverUnavailability, sys.failoverUnavailability)) add(`windows topo ${a.failoverUnavailability} vs brute force ${sys.failoverUnavailability}`);
      // The composite itself is the estate's structure: brute force on it and the estate reference agree.
      if (!agrees(sys.structuralUnavailability, t.expected.structuralUnavailability)) add(`brute force on the composite ${sys.structuralUnavailability} vs estate reference ${t.expected.structuralUnavailability}`);
      const spofs = a.spofs.map((s) => `${typeKey[s.type] ?? '?'}${s.element}`).sort();
      const bruteSpofs = brute.cutSets(1).map((s) => s[0] as string).sort();
      if (spofs.join(' ') !== bruteSpofs.join(' ')) add(`SPOFs topo {${spofs.join(', ')}} vs brute force {${bruteSpofs.join(', ')}}`);
      for (const imp of a.importance) {
        const expected = brute.birnbaum(`${typeKey[imp.type] ?? '?'}${imp.element}`);
        if (expected === undefined || !(Math.abs(imp.birnbaum - expected) <= BRUTE_RELATIVE * Math.abs(expected) + 1e-15)) add(`Birnbaum of ${imp.element}: topo ${imp.birnbaum} vs brute force ${expected}`);
      }
      if (a.importance.length === 0) add('no importance');
      if (a.cutSetsComplete !== false) {
        const cuts = sortedSets(a.cutSets.map((s) => s.elements));
        const bruteCuts = sortedSets(brute.cutSets(3).map((s) => s.map((k) => k.slice(2))));
        const only = (x: string[], y: string[]): string[] => x.filter((e) => !y.includes(e));
        if (cuts.join('|') !== bruteCuts.join('|')) add(`cut sets: only topo {${only(cuts, bruteCuts).slice(0, 5).join('; ')}} only brute force {${only(bruteCuts, cuts).slice(0, 5).join('; ')}}`);
      }
    }
    assert.ok(checked >= 100, `brute force covered only ${checked} targets`);
    assert.ok(withWindows >= 20, `only ${withWindows} targets with failover windows`);
    expectNone(failures, checked, 'targets');
  });

  it("a file-level journey `path S` has S's own figures: U, U_struct and the windows (1e-9)", () => {
    const failures: { estate: GenEstate; message: string }[] = [];
    let checked = 0;
    for (const c of cases) {
      for (const j of c.doc.journeys) {
        const only = /^only-(.+)$/.exec(j.model.name)?.[1];
        if (only === undefined) continue;
        const system = c.doc.systems.find((s) => s.model.name === only);
        const [a, b] = [j.analysis, system?.analysis];
        if (!a || !b) {
          failures.push({ estate: c.estate, message: `${j.model.name}: missing analysis` });
          continue;
        }
        checked++;
        for (const key of ['unavailability', 'structuralUnavailability', 'failoverUnavailability'] as const) {
          if (!agrees(a[key], b[key])) failures.push({ estate: c.estate, message: `${key}: journey ${j.model.name} ${a[key]} vs system ${only} ${b[key]}` });
        }
      }
    }
    assert.ok(checked >= 60, `only ${checked} journeys`);
    expectNone(failures, checked, 'journeys');
  });

  it('the degraded share of a system with soft dependencies is U_struct(soft as hard) − U_struct(hard) of the reference (1e-9)', () => {
    const failures: { estate: GenEstate; message: string }[] = [];
    let checked = 0;
    let positive = 0;
    for (const c of degradedCases) {
      for (const s of c.doc.systems) {
        if (!s.model.uses.some((u) => u.soft)) continue;
        checked++;
        const hard = referenceStructural(c.world, systemTarget(c.world, s.model.name)).structuralUnavailability;
        const softAsHard = referenceStructural(c.world, systemTarget(c.world, s.model.name, true)).structuralUnavailability;
        const expected = softAsHard - hard;
        if (expected > 0) positive++;
        const got = s.estate?.degradedUnavailability;
        // The difference of two U's, each exact far within 1e-9 of itself: the difference keeps
        // 1e-9 of itself plus the two U's absolute rounding (1e-12 of U, well inside the spec's 1e-9).
        if (got === undefined || Math.abs(got - expected) > BRUTE_RELATIVE * expected + 1e-12 * softAsHard) {
          failures.push({ estate: c.estate, message: `system ${s.model.name}: degraded topo ${got} vs reference ${expected} (${softAsHard} − ${hard})` });
        }
        if (s.analysis && s.analysis.failoverUnavailability !== 0) failures.push({ estate: c.estate, message: `system ${s.model.name}: windows in an active-active estate` });
      }
    }
    assert.ok(positive >= 10, `only ${positive} of ${checked} systems with a nonzero degraded share`);
    expectNone(failures, checked, 'systems with soft dependencies');
  });

  it('a journey through a service that leads back to its own system counts that system once', () => {
    const failures: { estate: GenEstate; message: string }[] = [];
    let checked = 0;
    for (const c of [...cases, ...degradedCases]) {
      for (const t of c.targets.filter(loopsBack)) {
        checked++;
        const got = t.analysis?.structuralUnavailability;
        if (!agrees(got, t.expected.structuralUnavailability)) {
          failures.push({ estate: c.estate, message: `${t.label}: U_struct topo ${got} vs reference ${t.expected.structuralUnavailability} (elements ${t.expected.elements.join(' ')})` });
        }
      }
    }
    assert.ok(checked >= 1, 'no generated journey leads back to its own system');
    expectNone(failures, checked, 'journeys leading back to their own system');
  });

  it("SCRAM's top event on each composite's MEF is the estate reference's U_struct (6 digits)", async () => {
    assert.ok(scramVersion(), 'scram is not installed: run `bash scripts/setup-system.sh` (the suite must not skip)');
    // One MEF document per estate, one tree per target.
    const jobs: { c: EstateCase; targets: TargetCase[]; xml: string; tops: string[] }[] = [];
    const failures: { estate: GenEstate; message: string }[] = [];
    for (const c of cases.slice(0, 25)) {
      const targets = c.targets.filter((t) => t.composite);
      const exported = toMef(targets.map((t) => t.composite as SystemModel));
      if (!exported.ok) {
        failures.push({ estate: c.estate, message: `no MEF: ${exported.error}` });
        continue;
      }
      jobs.push({ c, targets, xml: exported.mef.xml, tops: exported.mef.trees.map((tree) => tree.top.name) });
    }
    const reports = await runScramAll(jobs.map((j) => j.xml), { limitOrder: 1 });
    let checked = 0;
    jobs.forEach((job, k) => {
      job.targets.forEach((t, i) => {
        const top = reports[k]?.tops.get(job.tops[i] ?? '');
        checked++;
        if (!top) failures.push({ estate: job.c.estate, message: `${t.label}: no SCRAM top event ${job.tops[i]}` });
        else if (!agreesWithScram(t.expected.structuralUnavailability, top.probability)) {
          failures.push({ estate: job.c.estate, message: `${t.label}: reference ${t.expected.structuralUnavailability} vs SCRAM ${top.probability}` });
        }
      });
    });
    assert.ok(checked >= 100, `only ${checked} SCRAM top events`);
    expectNone(failures, checked, 'composites');
  });
});

describe('estates: hand-worked cases', () => {
  it('two services in one zone are correlated: the journey is NOT the product of independent services', () => {
    // auth = a ∧ az1, pay = p ∧ az1, one zone az1 (99.9%) shared by name; a, p 99%.
    //   journey up = az1 ∧ a ∧ p: U = 1 − 0.999 × 0.99 × 0.99 = 1 − 0.9791199 = 0.0208801
    //   independent product: U_auth = U_pay = 1 − 0.999 × 0.99 = 0.01099,
    //   1 − (0.98901)² = 1 − 0.9781407801 = 0.0218592199 (the zone counted twice).
    const text = [
      'system auth { zone az1 { availability 99.9% } layer app { node a { availability 99% zone az1 } } }',
      'system pay { zone az1 { availability 99.9% } layer app { node p { availability 99% zone az1 } } }',
      'journey checkout { path auth -> pay }',
      'system shop { use auth  use pay  layer web { node w { availability 100% } } }',
      '',
    ].join('\n');
    const doc = analyseDocument(text);
    assert.deepEqual(doc.diagnostics.filter((d) => d.severity === 'error'), []);
    const journey = doc.journeys[0]?.analysis;
    const shop = doc.systems[2]?.analysis;
    assert.ok(journey && shop);
    const auth = doc.systems[0]?.analysis?.unavailability;
    const pay = doc.systems[1]?.analysis?.unavailability;
    assert.ok(Math.abs((auth ?? 0) - 0.01099) < 1e-15 && Math.abs((pay ?? 0) - 0.01099) < 1e-15, `each service alone: ${auth}, ${pay}`);
    const independent = 1 - (1 - 0.01099) * (1 - 0.01099);
    assert.ok(Math.abs(independent - 0.0218592199) < 1e-15);
    assert.ok(Math.abs(journey.unavailability - 0.0208801) <= 1e-9 * 0.0208801, `journey U ${journey.unavailability}, by hand 0.0208801`);
    assert.ok(independent - journey.unavailability > 9.7e-4, 'the engine multiplied independent services');
    // A system using both: the same correlation (its own layer never fails).
    assert.ok(Math.abs(shop.unavailability - 0.0208801) <= 1e-9 * 0.0208801, `shop U ${shop.unavailability}, by hand 0.0208801`);
    // The zone is one element: a SPOF of the journey, once.
    assert.deepEqual(journey.spofs.map((s) => `${s.type} ${s.element}`).sort(), ['instance auth.a', 'instance pay.p', 'zone az1']);
  });

  it('redundant services across two shared zones: zone failures take both services at once', () => {
    // auth and pay each have one instance in z1 and one in z2 (99% each, zones 99.9%).
    // With both zones up the journey is down iff (a1∧a2 down) or (p1∧p2 down):
    //   P = 0.0001 + 0.0001 − 1e-8 = 0.00019999.
    // Exactly one zone down (2 × 0.999 × 0.001 = 0.001998): down iff the other zone's auth
    //   instance or pay instance is down: 1 − 0.99² = 0.0199.
    // Both zones down (1e-6): down.
    //   U = 0.998001 × 0.00019999 + 0.001998 × 0.0199 + 1e-6
    //     = 1.9959021999e-4 + 3.97602e-5 + 1e-6 = 2.4035041999e-4 (exact, in decimal)
    // Independent services would give 1 − (1 − U_auth)² with U_auth = 0.998001 × 1e-4 + 0.001998 × 0.01 + 1e-6
    //   = 9.98001e-5 + 1.998e-5 + 1e-6 = 1.207801e-4 → 1 − (1 − 1.207801e-4)² = 2.4154561e-4: 1.2e-6 more
    //   (a zone failure is counted against each service separately instead of once).
    const sys = (name: string, n: string): string =>
      `system ${name} { zone z1 { availability 99.9% } zone z2 { availability 99.9% } layer app { node ${n}1 { availability 99% zone z1 } node ${n}2 { availability 99% zone z2 } } }`;
    const text = [sys('auth', 'a'), sys('pay', 'p'), 'journey checkout { path auth -> pay }', ''].join('\n');
    const doc = analyseDocument(text);
    const u = doc.journeys[0]?.analysis?.unavailability;
    const byHand = 0.998001 * 0.00019999 + 0.001998 * 0.0199 + 1e-6;
    assert.ok(Math.abs(byHand - 2.4035041999e-4) < 1e-18);
    assert.ok(u !== undefined && Math.abs(u - byHand) <= 1e-9 * byHand, `journey U ${u}, by hand ${byHand}`);
    const uAuth = doc.systems[0]?.analysis?.unavailability ?? NaN;
    assert.ok(Math.abs(uAuth - 1.207801e-4) <= 1e-9 * 1.207801e-4, `auth U ${uAuth}`);
    const independent = 1 - (1 - uAuth) ** 2;
    assert.ok(independent - u > 1e-6, `independent ${independent} vs journey ${u}: the engine must not multiply`);
  });

  it('a diamond of dependencies counts the shared service once', () => {
    // shop uses auth and pay, both use the external db (99%); auth's and pay's own nodes never fail.
    // db is one element: U(shop) = 0.01, not 1 − 0.99² = 0.0199 (db counted twice).
    const text = [
      'external db { availability 99% }',
      'system auth { use db  layer app { node a { availability 100% } } }',
      'system pay { use db  layer app { node p { availability 100% } } }',
      'system shop { use auth  use pay  layer web { node w { availability 100% } } }',
      'journey both { path auth -> pay }',
      '',
    ].join('\n');
    const doc = analyseDocument(text);
    assert.deepEqual(doc.diagnostics.filter((d) => d.severity === 'error'), []);
    const shop = doc.systems[2];
    assert.ok(shop?.analysis && shop.estate);
    assert.ok(Math.abs(shop.analysis.unavailability - 0.01) <= 1e-9 * 0.01, `shop U ${shop.analysis.unavailability}, by hand 0.01 (0.0199 counts db twice)`);
    assert.deepEqual(shop.estate.services, ['auth', 'db', 'pay']);
    assert.equal(shop.composite?.instances.filter((i) => i.id === 'db').length, 1);
    const both = doc.journeys[0]?.analysis?.unavailability;
    assert.ok(both !== undefined && Math.abs(both - 0.01) <= 1e-9 * 0.01, `journey U ${both}, by hand 0.01`);
    // Structural (spec section 5): a and p never fail but still take the journey down alone; db is one SPOF, once.
    assert.deepEqual(doc.journeys[0]?.analysis?.spofs.map((x) => x.element).sort(), ['auth.a', 'db', 'pay.p']);
  });

  it('a soft dependency makes a system degraded, never down', () => {
    // shop = w (99%), uses mail (99.9%) soft and pay (99.5%) hard.
    //   U = 1 − 0.99 × 0.995 = 0.01495; mail never counts.
    //   degraded = P(up, mail down) = 0.99 × 0.995 × 0.001 = 0.00098505
    //   = U(mail as hard) − U = (1 − 0.99 × 0.995 × 0.999) − 0.01495 = 0.01593505 − 0.01495.
    const text = [
      'external mail { availability 99.9% }',
      'external pay { availability 99.5% }',
      'system shop { use mail soft  use pay  layer web { node w { availability 99% } } }',
      'journey buy { path shop }',
      '',
    ].join('\n');
    const doc = analyseDocument(text);
    const shop = doc.systems[0];
    assert.ok(shop?.analysis && shop.estate);
    assert.ok(Math.abs(shop.analysis.unavailability - 0.01495) <= 1e-9 * 0.01495, `U ${shop.analysis.unavailability}, by hand 0.01495`);
    const degraded = shop.estate.degradedUnavailability;
    assert.ok(degraded !== undefined && Math.abs(degraded - 0.00098505) <= 1e-9 * 0.00098505, `degraded ${degraded}, by hand 0.00098505`);
    assert.deepEqual(shop.estate.services, ['pay']);
    const buy = doc.journeys[0]?.analysis?.unavailability;
    assert.ok(buy !== undefined && Math.abs(buy - 0.01495) <= 1e-9 * 0.01495, `journey U ${buy}: the soft dependency must not count`);
  });

  it("a journey through a service that depends back on the journey's own system counts that system's instances once", () => {
    // shop's journey: shop's layer web, then service pay; pay uses shop (hard). The instance w of
    // shop is ONE element: the journey is up iff w ∧ p (w counted once):
    //   U = 1 − 0.99 × 0.98 = 0.0298. Counting shop's w twice (as `w` and `shop.w`, independent)
    //   would give 1 − 0.99 × 0.98 × 0.99 = 0.039502.
    const text = [
      'system shop { layer web { node w { availability 99% } } journey buy { path web -> pay } }',
      'system pay { use shop  layer app { node p { availability 98% } } }',
      '',
    ].join('\n');
    const doc = analyseDocument(text);
    assert.deepEqual(doc.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), []);
    const world = new World(text);
    const ref = referenceStructural(world, journeyTarget(world, ['web', 'pay'], 'shop'));
    assert.ok(Math.abs(ref.structuralUnavailability - 0.0298) < 1e-15, `reference ${ref.structuralUnavailability}`);
    const u = doc.journeys[0]?.analysis?.unavailability;
    // Holding shop's layer web (w) and the service shop (shop.w) as two independent elements would give 0.039502.
    assert.ok(u !== undefined && Math.abs(u - 0.0298) <= 1e-9 * 0.0298, `journey U ${u}, by hand 0.0298 (0.039502 counts w twice)`);
  });
});
