/**
 * The example estate (examples/estate/shop.topo, which imports shared/platform.topo) through
 * every command as a child process: check (text, JSON, SARIF), simulate and montecarlo per
 * journey, export (one fault tree per system and journey), diagram; and imports read relative
 * to the importing file wherever the command is run from.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertNoStackTrace, buildCli, topoCli } from '../support/cli';
import { parseXml } from '../support/xml';

const root = join(__dirname, '../..');
const shop = join(root, 'examples/estate/shop.topo');

interface JourneyOut {
  name: string;
  system: string | null;
  path: string[];
  services: string[];
  unavailability: number;
  weakestLink: { name: string } | null;
}

describe('the example estate through every command (child processes)', function () {
  this.timeout(180_000);
  let dir: string;
  before(() => {
    buildCli();
    dir = mkdtempSync(join(tmpdir(), 'topo-estate-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('check: the systems with their dependencies, then the journeys table; exit 0', () => {
    const r = topoCli(['check', shop]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^system web: 99\.99\d+% available/m);
    assert.match(r.out, /^ {2}soft dependencies: recommendations \(degraded 1% of the time/m);
    assert.match(r.out, /^ {2}depends on orders-db, stripe$/m);
    assert.match(r.out, /^journeys\n {2}journey +availability +nines +downtime\/year +objective +weakest link\n {2}web\/browse /m);
    assert.match(r.out, /^ {2}web\/checkout +99\.98\d+% .* slo 99\.95% met +stripe \(99\.99000%\)$/m);
    assert.match(r.out, /^journey web\/checkout: .*\n {2}path dns -> lb -> app -> auth -> cart -> orders -> payments\n {2}services: auth, cart, orders, orders-db, payments, stripe$/m);
  });

  it('check --format json: journeys[] with their path, services and figures; dependencies on systems', () => {
    const r = topoCli(['check', shop, '--format', 'json']);
    assert.equal(r.code, 0, r.err);
    const file = (JSON.parse(r.out) as { files: { systems: { name: string; dependencies?: { hard: string[]; soft: string[] } }[]; journeys: JourneyOut[] }[] }).files[0]!;
    assert.deepEqual(file.journeys.map((j) => `${j.system}/${j.name}`), ['web/browse', 'web/login', 'web/checkout']);
    const checkout = file.journeys[2]!;
    assert.deepEqual(checkout.services, ['auth', 'cart', 'orders', 'orders-db', 'payments', 'stripe']);
    assert.equal(checkout.weakestLink?.name, 'stripe');
    // stripe alone is 1e-4 of unavailability: the journey can only be less available than it.
    assert.ok(checkout.unavailability > 1e-4 && checkout.unavailability < 2e-4, String(checkout.unavailability));
    assert.deepEqual(file.systems.find((s) => s.name === 'payments')?.dependencies, { hard: ['orders-db', 'stripe'], soft: [], degradedUnavailability: null });
  });

  it('check --format sarif: a valid log whose results point into the checked file', () => {
    const r = topoCli(['check', shop, '--format', 'sarif']);
    assert.equal(r.code, 0, r.err);
    const log = JSON.parse(r.out) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    const uris = new Set(log.runs[0]!.results.map((x) => x.locations[0]!.physicalLocation.artifactLocation.uri));
    assert.deepEqual([...uris].map((u) => u.endsWith('examples/estate/shop.topo')), [...uris].map(() => true));
  });

  it('simulate --journey: a timeline of the journey, its services named service.element', () => {
    const r = topoCli(['simulate', shop, '--journey', 'checkout', '--fail', 'orders-db.pg-primary']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^checkout: fail orders-db\.pg-primary at t\+0s$/m);
    assert.match(r.out, /orders-db\.pg-replica +promoted/);
    const unknown = topoCli(['simulate', shop, '--journey', 'chekout', '--fail', 'az1']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /no journey 'chekout' \(did you mean 'web\/checkout'\?\)/);
    assertNoStackTrace(unknown, 'unknown journey');
  });

  it('montecarlo --journey: the estimate beside the journey’s exact figure, inside its interval', () => {
    const r = topoCli(['montecarlo', shop, '--journey', 'web/login', '--years', '20000', '--format', 'json']);
    assert.equal(r.code, 0, r.err);
    const out = JSON.parse(r.out) as { system: string; unavailability: number; analytic: { unavailability: number; insideInterval?: boolean }; interval?: [number, number] };
    assert.equal(out.system, 'login');
    const check = JSON.parse(topoCli(['check', shop, '--format', 'json']).out) as { files: { journeys: JourneyOut[] }[] };
    const login = check.files[0]!.journeys.find((j) => j.name === 'login')!;
    assert.equal(out.analytic.unavailability, login.unavailability);
  });

  it('export: one fault tree per system (with its dependencies) and per journey', () => {
    const r = topoCli(['export', '--format', 'mef', shop]);
    assert.equal(r.code, 0, r.err);
    const doc = parseXml(r.out);
    assert.ok(doc, 'well-formed XML');
    for (const name of ['journey_web_browse', 'journey_web_login', 'journey_web_checkout', 'payments']) assert.match(r.out, new RegExp(`name="${name}`));
    assert.match(r.err, /^topo export: journey web\/checkout: .* computes U_struct = /m);
  });

  it('diagram: an SVG of the estate', () => {
    const out = join(dir, 'shop.svg');
    const r = topoCli(['diagram', shop, '-o', out]);
    assert.equal(r.code, 0, r.err);
  });

  it('reads an import relative to the importing file, and names a missing one on its line', () => {
    mkdirSync(join(dir, 'lib'), { recursive: true });
    writeFileSync(join(dir, 'lib', 'db.topo'), 'system db { layer l { node d { availability 99% replicas 2 } } }\n');
    writeFileSync(join(dir, 'app.topo'), 'import "lib/db.topo"\nimport "lib/gone.topo"\nsystem app {\n  use db\n  layer l { node a { availability 99% replicas 2 } }\n}\n');
    const r = topoCli(['check', join(dir, 'app.topo')]);
    assert.equal(r.code, 1);
    assert.match(r.out, /app\.topo:2:8 error import-not-found cannot import 'lib\/gone\.topo': .*gone\.topo/);
    assert.match(r.out, /^system app: 99\.98000% available/m);
    assertNoStackTrace(r, 'missing import');
  });
});
