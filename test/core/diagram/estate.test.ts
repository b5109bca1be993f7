/**
 * The diagram of an estate (docs/language.md, "Estates"): a system with dependencies drawn from its
 * composite (its services as boxes, revealed at the line that brings them), and the journeys.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { analyseDocument, type DocumentAnalysis } from '../../../server/src/core/pipeline';
import { buildDiagramView } from '../../../server/src/core/diagram/index';
import type { DiagramView, InstanceGroupView, InstanceView, LayerView, ScopeView, SiteView, SystemView } from '../../../server/src/core/diagram/view-model';
import type { Range } from '../../../grammar/src/text';
import { checkDiagramView } from '../../../webview/src/protocol';
import { journeyName } from '../../../server/src/core/report/estate';
import { analyseEstateFiles, analyseFileWithImports } from '../../support/estate';

const shopPath = resolve(__dirname, '../../../examples/estate/shop.topo');

/** The example estate, its import read from the disk relative to the importing file. */
const shop = (): DocumentAnalysis => analyseFileWithImports(shopPath);

type Element = LayerView | SiteView | InstanceView | InstanceGroupView;

/** Every layer, site, instance and group under `layer`, itself included. */
function under(layer: LayerView): Element[] {
  return [layer, ...layer.instances, ...(layer.summary?.groups ?? []), ...layer.sites.flatMap((s) => [s, ...s.scope.layers.flatMap(under)])];
}

function allLayers(scope: ScopeView): LayerView[] {
  return scope.layers.flatMap((l) => [l, ...l.sites.flatMap((s) => allLayers(s.scope))]);
}

function system(view: DiagramView, name: string): SystemView {
  const found = view.systems.find((s) => s.name === name);
  assert.ok(found, `no system ${name}`);
  return found;
}

const lineOf = (r: Range): number => r.start.line;

describe('diagram view model of an estate', () => {
  const doc = shop();
  const view = buildDiagramView(doc);
  const text = readFileSync(shopPath, 'utf8').split('\n');

  it('analyses the example estate without errors and passes the webview check', () => {
    assert.deepEqual(doc.diagnostics.filter((d) => d.severity === 'error'), []);
    assert.equal(checkDiagramView(view, 'view'), null);
  });

  it('draws a system with dependencies from its composite: its layers, then one per service, labelled', () => {
    const payments = system(view, 'payments');
    assert.deepEqual(payments.scope.path, ['api', 'orders-db', 'stripe']);
    assert.deepEqual(payments.scope.layers.map((l) => [l.id, l.service ?? null]), [['api', null], ['orders-db', 'system'], ['stripe', 'external']]);
    const db = payments.scope.layers[1]!;
    assert.deepEqual(db.sites.map((s) => [s.id, s.service ?? null]), [['orders-db', true]]);
    assert.deepEqual(db.sites[0]!.scope.layers.map((l) => l.id), ['orders-db.db']);
    assert.deepEqual(db.sites[0]!.scope.layers[0]!.instances.map((i) => i.id), ['orders-db.pg-primary', 'orders-db.pg-replica']);
    const stripe = payments.scope.layers[2]!;
    assert.deepEqual(stripe.instances.map((i) => i.id), ['stripe']);
    assert.match(stripe.tooltip[0]!, /^external stripe/);
    assert.match(db.tooltip[0]!, /^service orders-db/);
    assert.deepEqual(payments.dependencies, { hard: ['orders-db', 'stripe'], soft: [], label: 'depends on orders-db, stripe' });
    // Its figures are its composite's, as in the report.
    assert.equal(payments.headline.unavailability, doc.systems.find((s) => s.model.name === 'payments')!.analysis!.unavailability);
    const orders = system(view, 'orders');
    assert.deepEqual(orders.dependencies?.soft, ['mailer']);
    assert.match(orders.dependencies!.label, /^depends on orders-db; soft dependencies: mailer \(degraded 0\.1% of the time/);
  });

  it("gives every element of a dependency the range of the `use` line that brings it", () => {
    for (const [name, uses] of [['cart', ['auth']], ['orders', ['orders-db']], ['payments', ['orders-db', 'stripe']]] as const) {
      const sys = system(view, name);
      for (const service of uses) {
        const line = text.findIndex((l, i) => l.trim() === `use ${service}` && i > text.findIndex((t) => t.startsWith(`system ${name} `)));
        const layer = sys.scope.layers.find((l) => l.id === service)!;
        const elements = under(layer);
        assert.ok(elements.length >= 2, `${name}/${service}: ${elements.length} elements`);
        for (const e of elements) {
          assert.equal(lineOf(e.range), line, `${name}: ${e.id} revealed at line ${lineOf(e.range) + 1}, not at 'use ${service}' (line ${line + 1})`);
          assert.equal(text[line]!.slice(e.range.start.character, e.range.end.character), service);
        }
      }
      // The system's own elements keep their declarations.
      for (const l of sys.scope.layers.filter((x) => x.service === undefined)) {
        assert.equal(text[lineOf(l.range)]!.slice(l.range.start.character, l.range.end.character), l.name);
      }
    }
  });

  it('keeps a system without dependencies exactly as before: no service, no dependencies', () => {
    const catalog = system(view, 'catalog');
    assert.equal(catalog.dependencies, undefined);
    assert.ok(allLayers(catalog.scope).every((l) => l.service === undefined));
    const alone = buildDiagramView(analyseDocument(text.slice(text.findIndex((t) => t.startsWith('system catalog ')), text.findIndex((t) => t.startsWith('system recommendations '))).join('\n')));
    assert.equal(alone.journeys, undefined);
    assert.equal(JSON.stringify(stripRanges({ ...catalog, errorCount: 0 })), JSON.stringify(stripRanges(alone.systems[0]!)));
    // A file without estate constructs has no journeys key at all.
    const plain = buildDiagramView(analyseDocument(readFileSync(join(__dirname, '../../../examples/checkout.topo'), 'utf8')));
    assert.ok(!('journeys' in plain));
    assert.ok(!JSON.stringify(plain).includes('"service"'));
  });

  it('presents every journey: its composite, its path, and exactly its analysis figures', () => {
    assert.deepEqual(view.journeys?.map((j) => j.name), ['web/browse', 'web/login', 'web/checkout']);
    assert.equal(view.journeys?.length, doc.journeys.length);
    doc.journeys.forEach((j, i) => {
      const v = view.journeys![i]!;
      assert.equal(v.name, journeyName(j));
      assert.ok(j.analysis);
      assert.equal(v.headline.analysed, true);
      assert.equal(v.headline.unavailability, j.analysis.unavailability);
      assert.equal(v.headline.availability, j.analysis.availability);
      assert.equal(v.headline.nines, j.analysis.nines);
      assert.equal(v.headline.downtimeYearSeconds, j.analysis.downtime.year);
      assert.equal(v.headline.slo, j.model.slo?.value ?? null);
      assert.equal(v.headline.sloMet, !j.analysis.diagnostics.some((d) => d.code === 'slo-miss'));
      assert.deepEqual(v.journey.steps, j.model.path.map((s) => s.name));
      assert.deepEqual(v.journey.services, j.services);
      assert.deepEqual(v.journey.passesThrough, j.composite!.path);
      assert.deepEqual(v.scope.path, j.composite!.path);
      assert.equal(v.journey.system, 'web');
    });
    const checkout = view.journeys![2]!;
    assert.deepEqual(checkout.journey.passesThrough, ['dns', 'lb', 'app', 'auth', 'cart', 'orders', 'payments', 'orders-db', 'stripe']);
    assert.deepEqual(checkout.headline.parts.slice(-1), ['SLO 99.95% met']);
    // Each service once (orders-db, shared by orders and payments, is one box); cart's elements at the step `cart`.
    const cart = checkout.scope.layers.find((l) => l.id === 'cart')!;
    const journeyLine = text.findIndex((t) => t.includes('path dns -> lb -> app -> auth -> cart'));
    for (const e of under(cart)) assert.equal(lineOf(e.range), journeyLine, e.id);
    assert.equal(text[journeyLine]!.slice(cart.range.start.character, cart.range.end.character), 'cart');
    // The journey's own layers are its system's, with their declarations.
    assert.deepEqual(checkout.scope.layers.slice(0, 3).map((l) => [l.id, text[lineOf(l.range)]!.includes(`layer ${l.id}`)]), [['dns', true], ['lb', true], ['app', true]]);
  });

  it('maps a zone a service brings to the line that brings the service, and draws a journey without figures', () => {
    const files = {
      'lib.topo': 'system db {\n  zone dz { availability 99.99% }\n  layer d { node pg { availability 99.9% replicas 2 zone dz } }\n}\n',
      'main.topo': 'import "lib.topo"\nexternal pay { availability 99.9% }\njourney buy { path db -> pay }\njourney none { slo 99% }\n',
    };
    const estate = analyseEstateFiles(files, 'main.topo');
    const v = buildDiagramView(estate);
    assert.equal(checkDiagramView(v, 'view'), null);
    assert.deepEqual(v.systems, []);
    const buy = v.journeys![0]!;
    assert.equal(buy.name, 'buy');
    assert.equal(buy.journey.system, null);
    assert.deepEqual(buy.zones.map((z) => [z.name, z.range.start.line, z.range.start.character]), [['dz', 2, 19]]);
    assert.deepEqual(under(buy.scope.layers[0]!).map((e) => [e.id, lineOf(e.range)]), [['db', 2], ['db', 2], ['db.d', 2], ['db.pg-1', 2], ['db.pg-2', 2]]);
    const none = v.journeys![1]!;
    assert.equal(none.headline.analysed, false);
    assert.deepEqual(none.scope, { path: [], layers: [] });
    assert.equal(none.headline.slo, 0.99);
  });

  it('keeps a journey through a huge service bounded: its layer drawn summarised', () => {
    const files = {
      'lib.topo': 'system big {\n  zone z1 { availability 99.99% }\n  zone z2 { availability 99.99% }\n  layer app { node a { availability 99% replicas 3000 zones [z1, z2] } }\n}\n',
      'main.topo': 'import "lib.topo"\njourney j { path big }\nsystem s {\n  use big\n  layer x { node w { availability 99.9% replicas 2 } }\n}\n',
    };
    const v = buildDiagramView(analyseEstateFiles(files, 'main.topo'));
    assert.equal(checkDiagramView(v, 'view'), null);
    for (const drawn of [v.systems[0]!, v.journeys![0]!]) {
      const app = allLayers(drawn.scope).find((l) => l.id === 'big.app')!;
      assert.equal(app.summary?.instanceCount, 3000, drawn.name);
      assert.deepEqual(app.summary.groups.map((g) => [g.id, g.count, g.range.start.line]), [['big.app/big.a@z1', 1500, drawn === v.systems[0] ? 3 : 1], ['big.app/big.a@z2', 1500, drawn === v.systems[0] ? 3 : 1]]);
      assert.equal(app.instances.length, 0);
    }
    const bytes = JSON.stringify(v).length;
    assert.ok(bytes < 20_000, `${bytes} bytes`);
  });

  it('refuses a journey that does not fit the protocol', () => {
    const bad = structuredClone(view) as unknown as { journeys: { journey: { passesThrough: unknown } }[] };
    bad.journeys[0]!.journey.passesThrough = 'dns';
    assert.match(checkDiagramView(bad, 'view') ?? '', /^view\.journeys\[0\]\.journey\.passesThrough: expected an array/);
    const badService = structuredClone(view) as unknown as { systems: { scope: { layers: { service?: unknown }[] } }[] };
    badService.systems[3]!.scope.layers[2]!.service = 'other';
    assert.match(checkDiagramView(badService, 'view') ?? '', /service: expected 'system' or 'external'/);
  });
});

/** A view with every range removed (ranges are the file's lines, which differ when a system is cut out alone). */
function stripRanges(view: unknown): unknown {
  return JSON.parse(JSON.stringify(view, (k, v: unknown) => (k === 'range' ? null : v)));
}
