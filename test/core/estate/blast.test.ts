/**
 * Blast radius (`core/estate/blast.ts`) on a small estate whose figures are checked by hand.
 *
 * lib.topo (imported) declares system a: node w, 90% available, replicas 2 over zones z1, z2
 * (99% each). The document declares b (node w, 90%, in z1, `use a`), c (node w, 99%, no zone,
 * `use a soft`, `use pay`), the external pay (99.9%), the journey b/j (api -> a) and the file
 * journey top (path b). Everything is active-active: no failover windows, so U = U_struct.
 *
 *   a member of a is down with q = 1 − 0.9 × 0.99 = 0.109;   U_a = q² = 0.011881
 *   U_b = 1 − 0.99 × 0.9 × (1 − 0.1 × 0.109) = 0.1187119    (z1 shared by b's w and a's w-1)
 *   U_b with z1 forced up = 1 − 0.9 × (1 − 0.1 × 0.109) = 0.10981
 *   U_c = 1 − 0.99 × 0.999 = 0.01099; with pay forced up: 0.01
 */
import { strict as assert } from 'node:assert';
import { SECONDS_PER_YEAR as Y } from '../../../grammar/src/units';
import { blastRadius, type BlastReport, type BlastResult, type BlastSubject } from '../../../server/src/core/estate/blast';
import { formatBlast } from '../../../server/src/core/report/blast';
import { analyseDocument, type DocumentAnalysis } from '../../../server/src/core/pipeline';

const LIB = `
system a {
  zone z1 { availability 99% }
  zone z2 { availability 99% }
  layer app { node w { availability 90% replicas 2 zones [z1, z2] } }
}
`;

const MAIN = `
import "lib.topo"
external pay { availability 99.9% }
system b {
  zone z1 { availability 99% }
  use a
  layer api { node w { availability 90% zone z1 } }
  journey j { path api -> a }
}
system c {
  use a soft
  use pay
  layer x { node w { availability 99% } }
}
journey top { path b }
`;

function analyse(text: string, files: Record<string, string> = { 'lib.topo': LIB }): DocumentAnalysis {
  return analyseDocument(text, {}, {
    uri: 'mem:/main.topo',
    readImport: (path) => (path in files ? { uri: `mem:/${path}`, text: files[path]! } : { error: 'no such file' }),
  });
}

function report(result: BlastResult): BlastReport {
  assert.ok(result.ok, result.ok ? '' : result.error);
  return result;
}

function subject(r: BlastReport, name: string): BlastSubject {
  const s = r.subjects.find((x) => x.name === name);
  assert.ok(s, `${name} is not among ${r.subjects.map((x) => x.name).join(', ')}`);
  return s;
}

function close(actual: number | undefined, expected: number, what: string): void {
  assert.ok(actual !== undefined, `${what}: no figure`);
  assert.ok(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${what}: ${actual}, expected ${expected}`);
}

describe('blast radius (core/estate/blast.ts)', () => {
  const doc = analyse(MAIN);

  it('the estate analyses without errors', () => {
    assert.deepEqual(doc.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), []);
  });

  it('a shared zone: every subject in it down, with what the zone costs each a year, by hand', () => {
    const r = report(blastRadius(doc, 'z1'));
    assert.deepEqual(r.target, { kind: 'zone', name: 'z1' });
    assert.equal(r.label, 'zone z1');
    assert.deepEqual(r.subjects.map((s) => [s.name, s.kind, s.effect]), [
      ['b', 'system', 'down'], ['b/j', 'journey', 'down'], ['top', 'journey', 'down'],
    ]);
    // c has no zone and its soft dependency a only loses redundancy: untouched.
    assert.equal(r.unaffected, 1);
    for (const name of ['b', 'b/j', 'top']) {
      const s = subject(r, name);
      close(s.unavailabilityWhileDown, 1, `${name} while down`);
      close(s.downtimePerYear, (0.1187119 - 0.10981) * Y, `${name} cost a year`);
      assert.equal(s.exact, true);
    }
    // In b, its own instance and a's first one are in z1: a's layer keeps one member of two.
    assert.deepEqual(subject(r, 'b').layers, [
      { layer: 'api', up: 0, members: 1, needs: 1 },
      { layer: 'a.app', up: 1, members: 2, needs: 1 },
    ]);
    assert.deepEqual(subject(r, 'top').elements, ['z1', 'b.w', 'a.w-1']);
  });

  it("a service's element by SYSTEM.ID: loses redundancy, its P(down | element down) and cost by hand", () => {
    const r = report(blastRadius(doc, 'a.w-1'));
    assert.deepEqual(r.target, { kind: 'instance', service: 'a', id: 'w-1' });
    const b = subject(r, 'b');
    assert.equal(b.effect, 'loses-redundancy');
    assert.deepEqual(b.layers, [{ layer: 'a.app', up: 1, members: 2, needs: 1 }]);
    // b down given a.w-1 down: 1 − P(z1 up) × 0.9 × P(w-2 up) = 1 − 0.99 × 0.9 × 0.891.
    close(b.unavailabilityWhileDown, 1 - 0.99 * 0.9 * 0.891, 'b while down');
    // With a.w-1 forced up, a is down only when z1 is: U_b = 1 − 0.99 × 0.9 = 0.109.
    close(b.downtimePerYear, (0.1187119 - 0.109) * Y, 'b cost a year');
    assert.deepEqual(r.subjects.map((s) => s.name), ['b', 'b/j', 'top']);
  });

  it('a whole service down: its users down, a soft user degraded', () => {
    const r = report(blastRadius(doc, 'a'));
    assert.deepEqual(r.target, { kind: 'service', service: 'a' });
    assert.deepEqual(r.subjects.map((s) => [s.name, s.effect]), [['b', 'down'], ['b/j', 'down'], ['top', 'down'], ['c', 'degraded']]);
    const c = subject(r, 'c');
    assert.deepEqual(c.softDown, ['a']);
    assert.equal(c.downtimePerYear, 0);
    close(c.unavailabilityWhileDown, 0.01099, 'c while down');
  });

  it('a node of an imported service takes it down: the soft user is degraded too', () => {
    const r = report(blastRadius(doc, 'a.w'));
    assert.deepEqual(r.target, { kind: 'node', service: 'a', id: 'w' });
    assert.equal(subject(r, 'b').effect, 'down');
    assert.equal(subject(r, 'c').effect, 'degraded');
  });

  it('an external: its users down, with what it costs them a year by hand', () => {
    const r = report(blastRadius(doc, 'pay'));
    assert.deepEqual(r.subjects.map((s) => [s.name, s.effect]), [['c', 'down']]);
    const c = subject(r, 'c');
    assert.deepEqual(c.elements, ['pay']);
    close(c.downtimePerYear, (0.01099 - 0.01) * Y, 'c cost a year');
    assert.equal(r.unaffected, 3);
  });

  it('a bare id of a system of the document; the same id in two systems is ambiguous', () => {
    const bare = blastRadius(analyse(MAIN.replace('layer x { node w', 'layer x { node v')), 'w');
    assert.ok(bare.ok);
    assert.deepEqual(bare.target, { kind: 'instance', service: 'b', id: 'w' });
    const ambiguous = blastRadius(doc, 'w');
    assert.ok(!ambiguous.ok);
    assert.deepEqual(ambiguous.choices, ['b.w', 'c.w']);
    assert.match(ambiguous.error, /names several elements: instance b\.w, instance c\.w/);
  });

  it('an unknown element gets the closest name; a layer is said to be one', () => {
    const unknown = blastRadius(doc, 'z3');
    assert.ok(!unknown.ok);
    assert.match(unknown.error, /unknown element 'z3'.*did you mean 'z1'\?/);
    const imported = blastRadius(doc, 'w-1');
    assert.ok(!imported.ok);
    assert.equal(imported.suggestion, 'a.w-1');
    const layer = blastRadius(doc, 'api');
    assert.ok(!layer.ok);
    assert.match(layer.error, /'api' is a layer, not an element/);
  });

  it('a service name wins over a node of the same name, and says so', () => {
    const d = analyse(`
system web {
  use db
  layer app { node web { availability 99% replicas 2 } }
}
system db { layer data { node pg { availability 99.9% } } }
`);
    const r = report(blastRadius(d, 'web'));
    assert.deepEqual(r.target, { kind: 'service', service: 'web' });
    assert.match(r.note ?? '', /also names node web\.web; write web\.web/);
    const node = report(blastRadius(d, 'web.web'));
    assert.deepEqual(node.target, { kind: 'node', service: 'web', id: 'web' });
    // db fails: web down, exactly what db costs it (U_web − U_web with pg up = 1e-3 × 0.9999 a year).
    const db = report(blastRadius(d, 'db'));
    close(subject(db, 'web').downtimePerYear, 1e-3 * (1 - 1e-4) * Y, 'web cost of db');
  });

  it('a site and a region: the site member lost, the region taking every zone in it', () => {
    const d = analyse(`
system front {
  use back
  layer app { node f { availability 99% replicas 2 } }
}
system back {
  region r1 { availability 99.9% }
  zone z1 in r1 { availability 99.9% }
  layer sites {
    site east { layer app { node web { availability 99% replicas 2 zone z1 } } }
    site west { layer app { node web { availability 99% replicas 2 } } }
  }
}
`);
    assert.deepEqual(d.diagnostics.filter((x) => x.severity === 'error').map((x) => x.message), []);
    const site = report(blastRadius(d, 'east'));
    assert.deepEqual(site.target, { kind: 'site', service: 'back', id: 'east' });
    const front = subject(site, 'front');
    assert.equal(front.effect, 'loses-redundancy');
    assert.deepEqual(front.layers, [{ layer: 'back.sites', up: 1, members: 2, needs: 1 }, { layer: 'back.east.app', up: 0, members: 2, needs: 1 }]);
    assert.deepEqual(front.elements, ['back.east.web-1', 'back.east.web-2']);
    assert.equal(subject(site, 'back').effect, 'loses-redundancy');
    // The region takes z1 and so site east: the same layers lost, and it costs each of them what it costs.
    const region = report(blastRadius(d, 'r1'));
    assert.deepEqual(region.target, { kind: 'region', name: 'r1' });
    assert.deepEqual(subject(region, 'front').layers, front.layers);
    assert.ok((subject(region, 'front').downtimePerYear ?? 0) > 0);
    // A site given as SYSTEM.ID of the document's own system is the same site.
    assert.deepEqual(report(blastRadius(d, 'back.east')).target, site.target);
  });

  it('an element that touches nothing: said in one line', () => {
    const d = analyse(MAIN.replace('layer x { node w { availability 99% } }', 'zone z9 { availability 99% }\n  layer x { node w { availability 99% } }'));
    const r = report(blastRadius(d, 'z9'));
    assert.deepEqual(r.subjects, []);
    assert.equal(formatBlast(r), 'if zone z9 fails:\n  no system or journey goes down, loses redundancy or is degraded (4 in all)\n');
  });

  it('a subject without figures is listed as unknown, with the reason', () => {
    const d = analyse(`${MAIN}\njourney broken { path nowhere }\n`);
    const r = report(blastRadius(d, 'z1'));
    const broken = subject(r, 'broken');
    assert.equal(broken.effect, 'unknown');
    assert.match(broken.reason ?? '', /no figures/);
    assert.equal(r.subjects[r.subjects.length - 1], broken);
  });

  it('the text: a headline, a table of every figure spelt, the count of the others', () => {
    const text = formatBlast(report(blastRadius(doc, 'pay')));
    assert.equal(text, [
      'if service pay fails:',
      '  subject  kind    effect  while down  costs a year  what it loses',
      '  c        system  down            0%        8h 41m  pay 0 of 1 up',
      '  3 other systems and journeys unaffected',
      '',
    ].join('\n'));
  });
});

describe('blast radius: soft dependencies of imported systems', () => {
  it('a system that uses an imported system hard is degraded when that system’s soft dependency fails', () => {
    const lib = `
external feed { availability 99% }
system a {
  use feed soft
  layer app { node w { availability 90% replicas 2 } }
}
`;
    const doc = analyse('import "lib.topo"\nsystem b {\n  use a\n  layer api { node v { availability 90% replicas 2 } }\n}\n', { 'lib.topo': lib });
    const r = report(blastRadius(doc, 'feed'));
    const b = subject(r, 'b');
    assert.equal(b.effect, 'degraded');
    assert.deepEqual(b.softDown, ['feed']);
    // A soft dependency costs no downtime: b is as available as before while feed is down.
    assert.equal(b.downtimePerYear, 0);
  });

  it('a common cause: its id in its own system, or in the composite of one that uses it; what it covers goes down', () => {
    const lib = 'system auth {\n  deploys 10/week change-failure 10% restore 20m\n  layer api { node api { availability 99.9% replicas 2 } }\n}\n';
    const main = 'import "auth.topo"\nsystem shop {\n  use auth\n  layer web {\n    deploys 20/week change-failure 5% restore 30m rollout canary 50%\n    node web { availability 99.9% replicas 2 }\n  }\n}\n';
    const estate = analyse(main, { 'auth.topo': lib });
    const own = report(blastRadius(estate, 'deploy web'));
    assert.deepEqual(own.target, { kind: 'common-cause', service: 'shop', id: 'deploy web' });
    assert.equal(own.label, 'deploy web of shop');
    const shop = subject(own, 'shop');
    assert.equal(shop.effect, 'loses-redundancy');
    assert.deepEqual(shop.elements, ['deploy web', 'web-1']);
    // The service's deploy, named as the composite names it: all of auth down while it is bad.
    const theirs = report(blastRadius(estate, 'deploy auth'));
    assert.deepEqual(theirs.target, { kind: 'common-cause', service: 'auth', id: 'deploy' });
    const down = subject(theirs, 'shop');
    assert.equal(down.effect, 'down');
    assert.equal(down.unavailabilityWhileDown, 1);
    // What it costs: U − U with it forced up = u_c·(1 − U_rest), its own U (one bad deploy a week, 20m)
    // but for the little time the rest is down anyway.
    const ratio = (down.downtimePerYear ?? 0) / Y / ((10 * 0.1 * 1200) / 604800);
    assert.ok(ratio < 1 && ratio > 1 - 1e-4, `its cost against its own U: ${ratio}`);
    const unknown = blastRadius(estate, 'deploy nope');
    assert.ok(!unknown.ok && /did you mean 'deploy web'/.test(unknown.error), JSON.stringify(unknown));
  });
});
