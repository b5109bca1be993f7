/**
 * `topo diagram` of the example estate as a child process: every system (a system with
 * dependencies with its services), then every journey with its title, in well-formed SVG and a
 * page that embeds them; an ordinary file is drawn as before (no journey, no service).
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCli, topoCli } from '../support/cli';
import { parseXml } from '../support/xml';

const root = join(__dirname, '../..');
const shop = join(root, 'examples/estate/shop.topo');
const SYSTEMS = ['web', 'catalog', 'recommendations', 'cart', 'orders', 'payments'];
const JOURNEYS = ['web/browse', 'web/login', 'web/checkout'];

describe('topo diagram of an estate (child process)', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    buildCli();
    dir = mkdtempSync(join(tmpdir(), 'topo-diagram-estate-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('SVG: well-formed, every system then every journey with its title, services marked', () => {
    const out = join(dir, 'shop.svg');
    const r = topoCli(['diagram', shop, '-o', out]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /shop\.svg: diagram of 6 systems written; 3 journeys drawn after them; .*shop\.topo: 3 warnings/);
    const svg = parseXml(readFileSync(out, 'utf8'));
    assert.equal(svg.error, undefined);
    assert.deepEqual(svg.attributesByName.get('data-system'), SYSTEMS);
    assert.deepEqual(svg.attributesByName.get('data-journey'), JOURNEYS);
    for (const title of [...SYSTEMS, ...JOURNEYS.map((j) => `journey ${j}`)]) assert.ok(svg.texts.includes(title), `no title ${title}`);
    // Systems come first: the first journey's title follows the last system's.
    assert.ok(svg.texts.indexOf('payments') < svg.texts.indexOf('journey web/browse'));
    assert.ok(svg.texts.includes('external stripe'));
    assert.ok(svg.texts.includes('path dns → lb → app → auth → cart → orders → payments · depends on auth, cart, orders, orders-db, payments, stripe'));
    const services = svg.attributesByName.get('data-service') ?? [];
    assert.ok(services.filter((s) => s === 'external').length >= 2, services.join(' '));
  });

  it('HTML: the page embeds the journeys and names them in its title', () => {
    const out = join(dir, 'shop.html');
    const r = topoCli(['diagram', shop, '-o', out]);
    assert.equal(r.code, 0, r.err);
    const html = readFileSync(out, 'utf8');
    assert.match(html, /<title>web, catalog, recommendations, cart, orders, payments, web\/browse, web\/login, web\/checkout — topology<\/title>/);
    const json = /<script type="application\/json" id="topo-view">(.*?)<\/script>/s.exec(html)?.[1] ?? '';
    const view = JSON.parse(json) as { journeys?: { name: string; headline: { parts: string[] } }[] };
    assert.deepEqual(view.journeys?.map((j) => j.name), JOURNEYS);
    assert.ok(json.length < 100_000, `${json.length} bytes of view model`);
  });

  it('an ordinary file: no journey, no service', () => {
    const out = join(dir, 'checkout.svg');
    const r = topoCli(['diagram', join(root, 'examples/checkout.topo'), '-o', out]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /diagram of 1 system written; /);
    const svg = parseXml(readFileSync(out, 'utf8'));
    assert.equal(svg.error, undefined);
    assert.equal(svg.attributesByName.get('data-journey'), undefined);
    assert.equal(svg.attributesByName.get('data-service'), undefined);
    assert.ok(!svg.texts.some((t) => t.startsWith('journey ')));
  });
});
