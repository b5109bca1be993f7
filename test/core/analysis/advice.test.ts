/**
 * Advice (spec section 5): the priced change is exactly the change the text describes, placed the
 * way the model places it (checked against the edited source text); changes inside a site stay in
 * the site's zones and regions; the pruned search gives the exhaustive search's answer; and the
 * search ends within its work budget.
 */
import { strict as assert } from 'node:assert';
import { adviceCandidates, adviceGainBounds, exactUnavailability, otherZoneFor, searchAdvice, type AdviceCandidate } from '../../../server/src/core/analysis/advice';
import { analyseSystem } from '../../../server/src/core/analysis/index';
import type { SystemModel } from '../../../server/src/core/model/types';
import { generateLayered, generateSystem, printSystem, Random, type GenDeploy, type GenLayer, type GenNode, type GenSystem } from '../../verify/generate';
import { modelOf } from './fixtures';

/** The figures of two evaluations of the same system agree to rounding. */
const RELATIVE = 1e-12;

const analyse = (text: string) => analyseSystem(modelOf(text), { maxOrder: 3 })!;
const uOf = (text: string): number => exactUnavailability(modelOf(text))!;

function assertClose(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= RELATIVE * expected, `${what}: ${actual} vs ${expected}`);
}

/** The advice of `text`, and U of `edited` (the same change written in the source). */
function adviceAgainstEdit(text: string, edited: string, summary: RegExp): void {
  const a = analyse(text);
  assert.ok(a.advice, 'no advice');
  assert.match(a.advice.summary, summary);
  assertClose(a.advice.unavailability, uOf(edited), a.advice.summary);
}

describe('advice: the figure is that of the change the text describes', () => {
  it('adds the replica where round robin puts it, not in no zone (review repro)', () => {
    const text = `system s { zone a { availability 99.9% } zone b { availability 99.9% }
      layer app { load 300 node web { availability 99.9% replicas 4 capacity 100 zones [a, b] } } }`;
    adviceAgainstEdit(text, text.replace('replicas 4', 'replicas 5'), /replica of web to layer 'app' \(replicas 5, the new one in a\): 99\.7995% → 99\.8997%/);
  });

  it('a node with fewer replicas than listed zones: the next replica goes in the next listed zone', () => {
    // replicas 2 over [a, b, c]: a third replica goes in c, the zone the node does not use yet.
    const text = `system s { zone a { availability 99% } zone b { availability 99% } zone c { availability 99% }
      layer app { load 200 node web { availability 99.9% replicas 2 capacity 100 zones [a, b, c] } } }`;
    adviceAgainstEdit(text, text.replace('replicas 2', 'replicas 3'), /\(replicas 3, the new one in c\)/);
  });

  const threeTiers = (dbCheck: string): string => `system shop { zone a { availability 99.9% } zone b { availability 99.9% } zone c { availability 99.9% }
      layer lb { node lb { availability 99.99% replicas 3 zones [a, b, c] } }
      layer app { load 3000rps health-check { interval 5s unhealthy 2 } node web { availability 99.5% replicas 6 capacity 1000rps zones [a, b, c] } }
      layer db { replication sync health-check { ${dbCheck} }
        node pg1 { availability 99.95% zone a } node pg2 { availability 99.95% zone b standby hot } node pg3 { availability 99.95% zone c standby warm } } }`;

  it('three tiers over three zones: replicas 7 of web, the seventh in a', () => {
    // db already detects in 10 s: a seventh web replica buys the most.
    const text = threeTiers('interval 5s unhealthy 2');
    adviceAgainstEdit(text, text.replace('replicas 6', 'replicas 7'), /\(replicas 7, the new one in a\)/);
  });

  it('three tiers whose database detects in 15 s: faster detection buys the most (failover windows, revision 2)', () => {
    // pg1 and zone a fail 1.5e-3 times an hour; each failover window costs 20 s (15 s + hot 5 s):
    // about 8e-6 of U = 1.18e-5. Detecting in 10 s saves a quarter of that.
    const text = threeTiers('interval 5s');
    adviceAgainstEdit(text, threeTiers('interval 5s unhealthy 2'), /Detect failures of layer 'db' in 10s with `health-check \{ interval 5s unhealthy 2 \}` \(now 15s\)/);
    assert.equal(analyse(text).advice!.action, 'faster-detection');
  });

  it('a replica in a named zone is a new instance in that zone (checkout: second load balancer in az2)', () => {
    const text = `system checkout { region use1 { availability 99.999% }
      zone az1 in use1 { availability 99.99% } zone az2 in use1 { availability 99.99% }
      layer dns { node route53 { availability 99.99% } node cloudflare { availability 99.99% } }
      layer lb { node lb1 { availability 99.95% zone az1 } }
      layer app { load 2000rps node app { availability 99.9% replicas 4 capacity 1000rps zones [az1, az2] } } }`;
    const edited = text.replace('node lb1 { availability 99.95% zone az1 }', 'node lb1 { availability 99.95% zone az1 } node lb2 { availability 99.95% zone az2 }');
    adviceAgainstEdit(text, edited, /second load balancer in az2 to layer 'lb'/);
  });

  it('a node spread by the defaults\' zones: its next replica goes where round robin puts it', () => {
    // `one` has the defaults' zones [a, b] and one replica (in a): `replicas 2` puts the next in b.
    const text = `system d { defaults { availability 99.5% mttr 2h zones [a, b] capacity 100rps }
      zone a { availability 99.9% } zone b { availability 99.9% }
      layer app { load 250rps node web { replicas 4 } node one { availability 99.9% } } }`;
    const edited = text.replace('node one { availability 99.9% }', 'node one { availability 99.9% replicas 2 }');
    adviceAgainstEdit(text, edited, /replica of one to layer 'app' \(replicas 2, the new one in b\)/);
  });

  it('when every zone is used, the zone holding the least of the layer', () => {
    const text = `system d { zone a { availability 99.9% } zone b { availability 99.9% }
      layer app { load 250rps node web { availability 99.5% mttr 2h replicas 4 capacity 100rps zones [a, b] }
        node one { availability 99.9% capacity 100rps zone a } } }`;
    const edited = text.replace('zone a } } }', 'zone a } node two { availability 99.9% capacity 100rps zone b } } }');
    adviceAgainstEdit(text, edited, /replica of one in b to layer 'app'/);
  });

  it('a standby added to a layer that declares `promote` (or whose defaults do) is promoted in that time', () => {
    const layer = (promote: string) => `system s { zone z1 { availability 99.99% } zone z2 { availability 99.99% } ${promote.startsWith('defaults') ? promote : ''}
      layer db { mode active-passive heartbeat { interval 1s timeout 5s } ${promote.startsWith('promote') ? promote : ''} node p { availability 99% mttr 3h zone z1 } } }`;
    for (const promote of ['promote 20m', 'defaults { promote 20m }']) {
      const text = layer(promote);
      adviceAgainstEdit(text, text.replace('zone z1 } }', 'zone z1 } node p-standby { availability 99% mttr 3h zone z2 standby hot } }'), /hot standby for p in z2/);
    }
  });

  it('a standby copies the primary in another zone; warming a standby is its `standby` line', () => {
    const add = `system s { zone z1 { availability 99.99% } zone z2 { availability 99.99% }
      layer db { mode active-passive heartbeat { interval 1s timeout 5s } node p { availability 99% mttr 3h zone z1 } } }`;
    adviceAgainstEdit(add, add.replace('zone z1 } }', 'zone z1 } node p-standby { availability 99% mttr 3h zone z2 standby hot } }'), /hot standby for p in z2/);
    const warm = `system s { layer db { health-check { interval 10s unhealthy 3 }
      node p { availability 99.9% } node s { availability 99.9% standby cold } } }`;
    adviceAgainstEdit(warm, warm.replace('standby cold', 'standby warm'), /Make standby s warm \(it is cold\)/);
  });

  it('a node with no zone gets a replica with no zone', () => {
    const text = `system s { zone a { availability 99.9% } layer app { node w { availability 99% } } layer b { node x { availability 99.99% zone a } } }`;
    const c = adviceCandidates(modelOf(text)).find((x) => x.edit.kind === 'replica' && x.edit.roundRobin && x.edit.node === 'w')!;
    assert.equal(c.summary, "Add a replica of w to layer 'app' (replicas 2)");
    assertClose(exactUnavailability(c.build())!, uOf(text.replace('availability 99% }', 'availability 99% replicas 2 }')), c.summary);
  });

  it('on generated systems, every candidate is priced as its edit of the source text', () => {
    const { checked } = pricedAsWritten({});
    assert.ok(checked > 300, `only ${checked} candidates checked`);
  });

  it('on generated systems with deploys, common-cause groups and maintenance: a canary, fewer deploys, priced as written', () => {
    const { checked, deploys } = pricedAsWritten({ commonCauses: true });
    assert.ok(checked > 300 && deploys > 30, `only ${checked} candidates checked, ${deploys} of deploys`);
  });
});

describe('advice: sites keep their isolation', () => {
  const twoRegions = `system s {
    region r1 { availability 99.99% } region r2 { availability 99.99% }
    zone e1 in r1 { availability 99.9% } zone e2 in r1 { availability 99.9% }
    zone w1 in r2 { availability 99.9% } zone w2 in r2 { availability 99.9% }
    layer dc { health-check { interval 10s }
      site primary { layer app { node app { availability 99.5% replicas 2 zone e1 } } layer db { node db { availability 99.5% zone e1 } } }
      site dr { standby warm layer app { node app { availability 99.5% replicas 2 zone w1 } } layer db { mode active-passive node db { availability 99.5% zone w1 } } }
    } }`;

  it('a change inside a site only uses zones of its own regions', () => {
    const system = modelOf(twoRegions);
    const primaryDb = system.layers.find((l) => l.id === 'primary.db')!;
    assert.equal(otherZoneFor(system, primaryDb), 'e2');
    const cs = adviceCandidates(system);
    assert.ok(cs.some((c) => c.layer === 'dr.db' && c.edit.kind === 'standby' && c.edit.zone === 'w2'), 'the DR database gets its standby in its own region');
    for (const c of cs) {
      for (const i of c.build().instances) {
        const expected = i.site === 'primary' ? 'r1' : 'r2';
        assert.equal(i.region, expected, `${c.summary}: ${i.id} in ${i.zone}`);
      }
    }
  });

  it('sites without regions: a zone another site uses is never offered, a free one is', () => {
    const text = `system g { zone z1 { availability 99.9% } zone z2 { availability 99.9% } zone z3 { availability 99.9% }
      layer cells { min 1
        site c1 { layer app { node app { availability 99.5% replicas 2 zone z1 } } }
        site c2 { layer app { node app { availability 99.5% replicas 2 zone z2 } } } } }`;
    const system = modelOf(text);
    const zones = adviceCandidates(system).filter((c) => c.layer === 'c1.app').map((c) => (c.edit.kind === 'spread' ? c.edit.to : c.edit.kind === 'replica' ? c.edit.zone : undefined));
    assert.ok(zones.includes('z3'), 'the free zone is offered');
    assert.ok(!zones.includes('z2'), 'the other site\'s zone is not');
    const full = modelOf(text.replace('zone z3 { availability 99.9% }', ''));
    const left = adviceCandidates(full).filter((c) => c.layer === 'c1.app');
    assert.deepEqual(left.map((c) => c.edit), [{ kind: 'replica', node: 'c1.app', zone: 'z1', roundRobin: true }]);
  });
});

describe('advice: no candidate buys more than its bound', () => {
  /** Every candidate priced: what it removes from U never exceeds the bound the search prunes with. */
  const within = (system: SystemModel, label: string): number => {
    const u = exactUnavailability(system)!;
    const all = adviceCandidates(system);
    const bounds = adviceGainBounds(system, all);
    all.forEach((c, i) => {
      const after = exactUnavailability(c.build());
      if (after === undefined) return;
      assert.ok(u - after <= bounds[i]! + 1e-9 * u, `${label}: '${c.summary}' removes ${u - after}, bound ${bounds[i]}`);
    });
    return all.length;
  };

  it('on generated systems, with revision 2\'s failover shapes (standbys, slow detection, crowded zones)', () => {
    let checked = 0;
    for (let seed = 1; seed <= 150; seed++) {
      checked += within(modelOf(printSystem(generateSystem(seed))), `seed ${seed}`);
      checked += within(modelOf(printSystem(generateSystem(seed, { failoverShapes: true }))), `failover seed ${seed}`);
      checked += within(modelOf(printSystem(generateSystem(seed, { commonCauses: true }))), `common-cause seed ${seed}`);
    }
    assert.ok(checked > 500, `${checked} candidates`);
  });

  it('on long paths, where a shared region takes many layers down at once', () => {
    const text = generateLayered({ layers: 9, zones: 4, regions: 2, replicas: 5 });
    const slow = text.replaceAll('heartbeat { interval 1s timeout 10s }', 'heartbeat { interval 10s timeout 60s }').replaceAll('standby hot', 'standby cold');
    assert.ok(within(modelOf(text), 'layered') >= 6);
    assert.ok(within(modelOf(slow), 'layered, slow failover') >= 9);
  });
});

describe('advice: the pruned search is the exhaustive one', () => {
  const same = (system: SystemModel, label: string): { priced: number; all: number } => {
    const u = exactUnavailability(system)!;
    const pruned = searchAdvice(system, u, { maxOps: Infinity });
    const exhaustive = searchAdvice(system, u, { maxOps: Infinity, exhaustive: true });
    assert.deepEqual(pruned.advice, exhaustive.advice, label);
    assert.ok(pruned.priced <= exhaustive.priced, label);
    return { priced: pruned.priced, all: exhaustive.priced };
  };

  it('on generated systems (sites, standbys, shared zones)', () => {
    let priced = 0;
    let all = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const r = same(modelOf(printSystem(generateSystem(seed))), `seed ${seed}`);
      priced += r.priced;
      all += r.all;
    }
    assert.ok(priced < all * 0.7, `pruning priced ${priced} of ${all}`);
  });

  it('inside the primary site of an active-passive layer of sites, a change can buy more than its layer\'s U', () => {
    // The primary's app fails often and is repaired in a minute; the failover it causes takes
    // 35 minutes. A replica there removes most of q, far more than U of 'p.app' itself.
    const system = modelOf(`system s {
      layer dc {
        site p { layer app { node a { mtbf 100h mttr 1m } } }
        site d { standby cold layer app { node b { availability 99.99% } } }
      }
      layer other { node o { availability 99.9% } } }`);
    const u = exactUnavailability(system)!;
    const r = same(system, 'failover term');
    const appU = analyse(`system s { layer app { node a { mtbf 100h mttr 1m } } }`).unavailability;
    const advice = searchAdvice(system, u).advice!;
    assert.match(advice.summary, /replica of p\.a to layer 'p\.app'/);
    assert.ok(u - advice.unavailability > 10 * appU, `gain ${u - advice.unavailability} against U of p.app ${appU}`);
    assert.ok(r.priced >= 1);
  });

  it('on wide generated systems, where the bound does the work', () => {
    let priced = 0;
    let all = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const r = same(modelOf(wideSystem(seed, 25)), `wide seed ${seed}`);
      priced += r.priced;
      all += r.all;
    }
    assert.ok(priced < all * 0.2, `pruning priced ${priced} of ${all}`);
  });
});

describe('advice: scale and work budget', () => {
  it('prices no candidate when no layer holds 1% of U, and few when one dominates', () => {
    const layers = (n: number, extra = ''): string =>
      `system big { ${Array.from({ length: n }, (_, i) => `layer l${i} { node n${i} { availability 99.9% replicas 2 } }`).join(' ')} ${extra} }`;
    const flat = modelOf(layers(300));
    const none = searchAdvice(flat, exactUnavailability(flat)!);
    assert.equal(none.advice, undefined);
    assert.equal(none.priced, 0);
    assert.equal(none.candidates, 300);
    const one = modelOf(layers(300, 'layer weak { node weak { availability 99% } }'));
    const found = searchAdvice(one, exactUnavailability(one)!);
    assert.equal(found.advice?.summary.startsWith("Add a replica of weak to layer 'weak' (replicas 2)"), true, found.advice?.summary);
    assert.ok(found.priced <= 2, `priced ${found.priced}`);
  });

  it('nodes alike in figures and zones are one candidate, named by the first', () => {
    const nodes = Array.from({ length: 300 }, (_, i) => `node n${i} { availability 99.9% zone ${i % 2 ? 'a' : 'b'} }`).join(' ');
    const system = modelOf(`system z { zone a { availability 99.9% } zone b { availability 99.9% } zone c { availability 99.99% }
      layer app { min 200 ${nodes} node odd { availability 99% zone a } } }`);
    const cs = adviceCandidates(system);
    assert.deepEqual([...new Set(cs.map((c) => (c.edit.kind === 'replica' ? c.edit.node : '')))], ['n0', 'n1', 'odd']);
    assert.equal(cs.length, 8);
  });

  it('ends with a named limit, and the best change priced so far, when its budget runs out', () => {
    // Sixty equal weak layers: each holds more than 1% of U, and each candidate's bound is as
    // large as the best gain, so every one has to be priced.
    const n = 60;
    const text = `system z { zone a { availability 99.99% } zone b { availability 99.99% }
      ${Array.from({ length: n }, (_, i) => `layer l${i} { node n${i} { availability 99% replicas 2 zones [a, b] } }`).join(' ')} }`;
    const system = modelOf(text);
    const u = exactUnavailability(system)!;
    const limited = searchAdvice(system, u, { maxOps: 1e6 });
    assert.equal(limited.exact, false);
    assert.match(limited.limits[0]!, /advice budget of 1e\+6 operations/);
    assert.match(limited.advice?.summary ?? '', /^Add a replica of n0 to layer 'l0'/);
    assert.ok(limited.priced > 0 && limited.priced < limited.candidates, `priced ${limited.priced} of ${limited.candidates}`);
    const start = Date.now();
    const bounded = searchAdvice(system, u);
    assert.ok(bounded.exact || /advice budget/.test(bounded.limits[0]!), bounded.limits.join('; '));
    assert.ok(Date.now() - start < 20_000, 'the default budget bounds the search');
  });
});

// ── Edits of generated source text ───────────────────────────────────────────────────────────

interface Located {
  node: GenNode;
  layer: GenLayer;
}

/** Qualified layer id → the generated layer. */
function layersOf(gen: GenSystem): Map<string, GenLayer> {
  const out = new Map<string, GenLayer>();
  const walk = (layers: GenLayer[], prefix: string): void => {
    for (const layer of layers) {
      out.set(prefix + layer.name, layer);
      for (const site of layer.sites) walk(site.layers, `${prefix}${site.name}.`);
    }
  };
  walk(gen.layers, '');
  return out;
}

/** The generated deploy of a deploy's id: `deploy` (the system's), `deploy ID` (a layer's or a site's). */
function deployOf(gen: GenSystem, id: string): GenDeploy | undefined {
  if (id === 'deploy') return gen.deploy;
  const scope = id.slice('deploy '.length);
  const layer = layersOf(gen).get(scope);
  if (layer) return layer.deploy;
  const sites = (layers: GenLayer[], prefix: string): GenDeploy | undefined => {
    for (const l of layers) {
      for (const site of l.sites) {
        if (prefix + site.name === scope) return site.deploy;
        const inner = sites(site.layers, `${prefix}${site.name}.`);
        if (inner) return inner;
      }
    }
    return undefined;
  };
  return sites(gen.layers, '');
}

/** Qualified node id → the generated node and its layer. */
function nodesOf(gen: GenSystem): Map<string, Located> {
  const out = new Map<string, Located>();
  const walk = (layers: GenLayer[], prefix: string): void => {
    for (const layer of layers) {
      for (const node of layer.nodes) out.set(prefix + node.name, { node, layer });
      for (const site of layer.sites) walk(site.layers, `${prefix}${site.name}.`);
    }
  };
  walk(gen.layers, '');
  return out;
}

/**
 * Every candidate of generated systems (seeds 1–150) priced as its edit of the source text (the
 * edited text analysed): how many were compared, and how many of them change a deploy.
 */
function pricedAsWritten(options: Parameters<typeof generateSystem>[1]): { checked: number; deploys: number } {
  let checked = 0;
  let deploys = 0;
  for (let seed = 1; seed <= 150; seed++) {
    const gen = generateSystem(seed, options);
    const system = modelOf(printSystem(gen));
    for (const c of adviceCandidates(system)) {
      const edited = editedText(gen, c);
      if (edited === undefined) continue;
      const priced = exactUnavailability(c.build());
      const written = exactUnavailability(modelOf(edited));
      if (priced === undefined || written === undefined) continue;
      assertClose(priced, written, `seed ${seed}: ${c.summary}\n${edited}`);
      checked++;
      if (c.edit.kind === 'canary' || c.edit.kind === 'fewer-deploys') deploys++;
    }
  }
  return { checked, deploys };
}

/**
 * The candidate's change written into a copy of the generated source, or undefined where the
 * model cannot know what the text would do: a node listing more zones than it has replicas (the
 * model keeps each instance's zone, not the list), and a new standby in a layer or file that
 * declares `promote` (the model keeps no promotion for a layer without standby).
 */
function editedText(original: GenSystem, c: AdviceCandidate): string | undefined {
  const gen = structuredClone(original);
  const nodes = nodesOf(gen);
  const e = c.edit;
  if (e.kind === 'replica') {
    const at = nodes.get(e.node)!;
    const replicas = at.node.replicas ?? 1;
    if (e.roundRobin) {
      if ((at.node.zones?.length ?? 0) > replicas) return undefined;
      at.node.replicas = replicas + 1;
    } else {
      const copy: GenNode = { ...at.node, name: `${at.node.name}x`, zone: e.zone, zones: undefined, replicas: undefined };
      at.layer.nodes.splice(at.layer.nodes.indexOf(at.node) + 1, 0, copy);
    }
  } else if (e.kind === 'spread') {
    const at = nodes.get(e.node)!;
    at.node.zones = [e.from, e.to];
    at.node.zone = undefined;
  } else if (e.kind === 'standby') {
    const at = nodes.get(e.primary)!;
    if (at.layer.promoteSeconds !== undefined || gen.defaults?.promoteSeconds !== undefined) return undefined;
    const { availabilityPercent, mtbfSeconds, mttrSeconds } = at.node;
    at.layer.nodes.push({ name: 'added-standby', availabilityPercent, mtbfSeconds, mttrSeconds, zone: e.zone, standby: 'hot' });
  } else if (e.kind === 'warm') {
    nodes.get(e.node)!.node.standby = e.to;
  } else if (e.kind === 'detect') {
    const layer = layersOf(gen).get(e.layer)!;
    layer.healthCheck = { intervalSeconds: e.intervalSeconds, unhealthy: e.unhealthy };
  } else {
    const deploy = deployOf(gen, e.deploy);
    if (!deploy) return undefined;
    if (e.kind === 'canary') {
      deploy.canaryPercent = e.share * 100;
      deploy.allAtOnce = undefined;
    } else deploy.perWeek = e.perWeek;
  }
  return printSystem(gen);
}

/** Many layers over three zones, with random figures, replicas and placements. */
function wideSystem(seed: number, layers: number): string {
  const rnd = new Random(seed);
  const zones = ['a', 'b', 'c'];
  const lines = zones.map((z) => `zone ${z} { availability ${rnd.pick([99.9, 99.95, 99.99, 99.999])}% }`);
  for (let i = 0; i < layers; i++) {
    const replicas = rnd.int(1, 3);
    const where = rnd.chance(0.3) ? '' : ` zones [${rnd.shuffle(zones).slice(0, rnd.int(1, 3)).join(', ')}]`;
    const figure = rnd.pick([99, 99.5, 99.9, 99.95, 99.99, 99.999]);
    const standby = replicas === 1 && rnd.chance(0.2) ? ` node s${i} { availability ${figure}% standby ${rnd.pick(['cold', 'warm'])} }` : '';
    lines.push(`layer l${i} { node n${i} { availability ${figure}% replicas ${replicas}${where} }${standby} }`);
  }
  return `system wide { ${lines.join('\n')} }`;
}
