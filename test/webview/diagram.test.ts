/** The diagram webview in headless Chromium: the DOM contract, live updates, clicks, playback, safety. */
import { strict as assert } from 'node:assert';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromiumSuite, type PanelPage } from './harness';
import { checkoutView, dbFailoverPlayback, sitesView } from './fixtures';
import type { DiagramView } from '../../server/src/core/diagram/view-model';
import { analyseDocument } from '../../server/src/core/pipeline';
import { buildDiagramView } from '../../server/src/core/diagram/index';

describe('diagram webview (Chromium)', function () {
  let panel: PanelPage;
  chromiumSuite({ eachTest: true, onPanel: (p) => (panel = p) });

  const attrs = (selector: string, name: string) =>
    panel.page.$$eval(selector, (els, n) => els.map((e) => e.getAttribute(n) ?? ''), name);

  it('follows the DOM contract of spec section 9 on the worked example', async () => {
    await panel.send({ type: 'view', view: checkoutView() });
    assert.deepEqual(await attrs('[data-layer]', 'data-layer'), ['dns', 'lb', 'app', 'db']);
    assert.deepEqual(
      (await attrs('[data-node]', 'data-node')).sort(),
      ['app-1', 'app-2', 'app-3', 'app-4', 'cloudflare', 'db-primary', 'db-standby', 'lb1', 'route53'],
    );
    assert.deepEqual(await attrs('[data-spof="true"]', 'data-node'), ['lb1']);
    assert.deepEqual((await attrs('[data-zone]', 'data-zone')).sort(), ['az1', 'az2']);
    // Each instance sits inside its layer's group.
    assert.equal(await panel.page.locator('[data-layer="app"] [data-node="app-3"]').count(), 1);
    assert.equal(await panel.page.locator('[data-layer="db"] [data-node="db-standby"][data-standby="hot"]').count(), 1);
    assert.deepEqual(await panel.violations(), []);
  });

  it('draws the spec example as the core presents it (DOM contract, screenshot artifact)', async () => {
    const view = buildDiagramView(analyseDocument(readFileSync(join(__dirname, '../../examples/checkout.topo'), 'utf8')));
    await panel.send({ type: 'view', view });
    assert.deepEqual(await attrs('[data-layer]', 'data-layer'), ['dns', 'lb', 'app', 'db']);
    assert.deepEqual(
      (await attrs('[data-node]', 'data-node')).sort(),
      ['app-1', 'app-2', 'app-3', 'app-4', 'cloudflare', 'db-primary', 'db-standby', 'lb1', 'route53'],
    );
    assert.deepEqual(await attrs('[data-spof="true"]', 'data-node'), ['lb1']);
    assert.deepEqual((await attrs('[data-zone]', 'data-zone')).sort(), ['az1', 'az2']);
    assert.match((await panel.page.locator('.headline-figures').textContent()) ?? '', /99\.9388\d*% · 3\.21 nines/);
    assert.equal(await panel.page.locator('.headline-part.miss').textContent(), ' · SLO 99.95% missed');
    mkdirSync('test-artifacts', { recursive: true });
    await panel.page.screenshot({ path: join('test-artifacts', 'diagram.png'), fullPage: true });
  });

  it('draws sites as boxes holding their own layers', async () => {
    await panel.send({ type: 'view', view: sitesView() });
    assert.deepEqual(await attrs('[data-site]', 'data-site'), ['east', 'west']);
    assert.equal(await panel.page.locator('[data-site="east"] [data-layer="east.app"] [data-node="east.app-2"]').count(), 1);
    assert.deepEqual(await attrs('[data-layer]', 'data-layer'), ['dns', 'regions', 'east.app', 'east.db', 'west.app', 'west.db']);
  });

  it('updates in place as the file changes, keeping elements and the zoom', async () => {
    await panel.send({ type: 'view', view: checkoutView() });
    await panel.page.evaluate(() => {
      (document.querySelector('[data-node="lb1"]') as Element & { __mark?: number }).__mark = 42;
      document.querySelector('.viewport')?.setAttribute('data-before', 'yes');
    });
    // Zoom by a wheel over the diagram, then edit: a second load balancer appears.
    await panel.page.mouse.move(500, 400);
    await panel.page.mouse.wheel(0, -300);
    const zoomBefore = await panel.page.getAttribute('.viewport', 'transform');
    const edited: DiagramView = checkoutView();
    const lb = edited.systems[0]!.scope.layers[1]!;
    lb.instances.push({ ...lb.instances[0]!, id: 'lb2', name: 'lb2', node: 'lb2', zone: 'az2', spof: false });
    lb.instances[0]!.spof = false;
    await panel.send({ type: 'view', view: edited });
    assert.equal(await panel.page.locator('[data-node="lb2"]').count(), 1);
    assert.equal(await panel.page.evaluate(() => (document.querySelector('[data-node="lb1"]') as Element & { __mark?: number }).__mark), 42);
    assert.equal(await panel.page.getAttribute('.viewport', 'data-before'), 'yes');
    assert.equal(await panel.page.locator('[data-spof="true"]').count(), 0);
    assert.match(zoomBefore ?? '', /scale\((?!1\))/, `the wheel should have zoomed (transform ${zoomBefore})`);
    assert.equal(await panel.page.getAttribute('.viewport', 'transform'), zoomBefore);
  });

  it('keeps the zoom when VS Code reloads a hidden panel', async () => {
    await panel.send({ type: 'view', view: checkoutView() });
    await panel.page.mouse.move(400, 300);
    await panel.page.mouse.wheel(0, -400);
    await panel.page.waitForTimeout(300);
    const zoomed = await panel.page.getAttribute('.viewport', 'transform');
    await panel.page.reload();
    await panel.page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
    await panel.send({ type: 'view', view: checkoutView() });
    assert.equal(await panel.page.getAttribute('.viewport', 'transform'), zoomed);
  });

  it('posts a reveal message with the declaration range when a node is clicked', async () => {
    const view = checkoutView();
    await panel.send({ type: 'view', view });
    await panel.page.click('[data-node="db-standby"] .node-box');
    const reveal = (await panel.posted()).filter((m) => m.type === 'reveal');
    const expected = view.systems[0]!.scope.layers[3]!.instances[1]!.range;
    assert.deepEqual(reveal, [{ type: 'reveal', range: expected }]);
  });

  it('shows a node figures as a text tooltip on hover', async () => {
    await panel.send({ type: 'view', view: checkoutView() });
    await panel.page.hover('[data-node="lb1"] .node-box');
    const tip = panel.page.locator('.topo-tooltip');
    assert.equal(await tip.isVisible(), true);
    assert.match((await tip.textContent()) ?? '', /single point of failure/);
  });

  it('plays a failover back step by step', async () => {
    await panel.send({ type: 'view', view: checkoutView() });
    await panel.send(dbFailoverPlayback());
    const bar = panel.page.locator('.topo-playback');
    assert.equal(await bar.isVisible(), true);
    assert.equal(await bar.getAttribute('data-step'), '0');
    assert.equal(await panel.page.locator('.scrubber .outage').count(), 1);
    await panel.page.click('button[data-action="next"]');
    assert.equal(await panel.page.locator('[data-node="db-primary"].down').count(), 1);
    await panel.page.click('button[data-action="next"]');
    assert.equal(await panel.page.locator('[data-system="checkout"].system-down').count(), 1);
    await panel.page.click('button[data-action="next"]');
    await panel.page.click('button[data-action="next"]');
    assert.equal(await bar.getAttribute('data-event'), 'promoted');
    assert.equal(await panel.page.locator('[data-node="db-standby"].promoted').count(), 1);
    await panel.page.click('button[data-action="next"]');
    assert.equal(await panel.page.locator('.system-down').count(), 0);
    await panel.page.click('button[data-action="next"]');
    assert.equal(await panel.page.locator('[data-node="db-primary"].down').count(), 0);
    assert.equal(await panel.page.locator('[data-node="db-standby"].promoted').count(), 0);
    // Clicking the scrubber just after the promotion's tick goes back to that moment.
    const tick = await panel.page.locator('.scrubber line.tick').nth(4).boundingBox();
    await panel.page.mouse.click(tick!.x + 1, tick!.y + 2);
    assert.equal(await bar.getAttribute('data-step'), '5');
    assert.equal(await panel.page.locator('[data-node="db-standby"].promoted').count(), 1);
  });

  it('draws a summarised layer as one box per zone and plays failures on them (some down, all down)', async () => {
    const view = buildDiagramView(analyseDocument(`system big {
  zone az1 { availability 99.99% }
  zone az2 { availability 99.99% }
  layer app { node app { availability 99.9% replicas 1000 zones [az1, az2] } }
  layer db { node db { availability 99.95% zone az1 } }
  path app -> db
}
`));
    await panel.send({ type: 'view', view });
    assert.deepEqual(await attrs('[data-group]', 'data-group'), ['app/app@az1', 'app/app@az2']);
    assert.deepEqual(await attrs('[data-group]', 'data-count'), ['500', '500']);
    assert.deepEqual(await attrs('[data-node]', 'data-node'), ['db']);
    assert.equal(await panel.page.locator('[data-layer="app"] [data-group="app/app@az2"][data-zone-of="az2"] .node-name').textContent(), 'app ×500 (az2)');
    assert.equal(await panel.page.locator('[data-group="app/app@az1"] .node-figure').textContent(), '99.9000% each');
    // Its tooltip and its declaration, like a node's.
    await panel.page.hover('[data-group="app/app@az1"] .node-box');
    assert.match((await panel.page.locator('.topo-tooltip').textContent()) ?? '', /500 instances of node app: app-1 … app-999/);
    await panel.page.click('[data-group="app/app@az1"] .node-box');
    assert.deepEqual((await panel.posted()).at(-1), { type: 'reveal', range: view.systems[0]!.scope.layers[0]!.summary!.groups[0]!.range });

    await panel.send({
      type: 'playback', title: 'app-3, then az2',
      timeline: {
        failures: [{ element: 'app-3', at: 0 }, { element: 'az2', at: 60 }],
        events: [
          { t: 0, type: 'failure', element: 'app-3', layer: 'app', detail: 'down for 1h' },
          { t: 60, type: 'failure', element: 'az2', detail: 'zone down' },
          { t: 3600, type: 'repaired', element: 'app-3', layer: 'app', detail: 'app-3 back up' },
          { t: 3660, type: 'repaired', element: 'az2', detail: 'az2 back up' },
        ],
        outages: [],
        systemDowntimeSeconds: 0,
      },
    });
    const group = (zone: string) => panel.page.locator(`[data-group="app/app@${zone}"]`);
    const state = async (zone: string) => [await group(zone).getAttribute('class'), await group(zone).locator('.group-down').textContent()];
    await panel.page.click('button[data-action="next"]');
    assert.deepEqual(await state('az1'), ['group partly-down', '1 of 500 down']);
    assert.deepEqual(await state('az2'), ['group', '']);
    await panel.page.click('button[data-action="next"]');
    assert.deepEqual(await state('az2'), ['group down', 'all 500 down']);
    await panel.page.click('button[data-action="next"]');
    assert.deepEqual(await state('az1'), ['group', '']);
    assert.deepEqual(await state('az2'), ['group down', 'all 500 down']);
    await panel.page.click('button[data-action="next"]');
    assert.deepEqual(await state('az2'), ['group', '']);
    assert.deepEqual(await panel.violations(), []);
  });

  it('plays a timeline that arrives before the diagram once the diagram comes', async () => {
    await panel.send({
      type: 'playback', title: 'lb1 fails',
      timeline: { failures: [{ element: 'lb1', at: 0 }], events: [{ t: 0, type: 'failure', element: 'lb1', layer: 'lb', detail: 'lb1 fails' }], outages: [{ start: 0, end: 3600 }], systemDowntimeSeconds: 3600 },
    });
    await panel.send({ type: 'view', view: checkoutView() });
    assert.equal(await panel.page.locator('.topo-playback').getAttribute('data-step'), '0');
    await panel.page.click('button[data-action="next"]');
    assert.equal(await panel.page.locator('[data-node="lb1"].down').count(), 1);
  });

  it('renders a hostile name as text, never as markup', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const view = checkoutView();
    view.systems[0]!.name = hostile;
    view.systems[0]!.scope.layers[0]!.instances[0]!.name = hostile;
    view.systems[0]!.scope.layers[0]!.instances[0]!.tooltip = [hostile];
    await panel.page.evaluate(() => {
      (window as unknown as { alert: () => void; __alerted: boolean }).alert = () => {
        (window as unknown as { __alerted: boolean }).__alerted = true;
      };
    });
    await panel.send({ type: 'view', view });
    assert.equal(await panel.page.locator('img').count(), 0);
    assert.equal(await panel.page.locator('.system-name').textContent(), hostile);
    await panel.page.hover('[data-node="route53"] .node-box');
    assert.equal(await panel.page.locator('.topo-tooltip').textContent(), hostile);
    assert.equal(await panel.page.locator('.topo-tooltip img').count(), 0);
    assert.equal(await panel.page.evaluate(() => (window as unknown as { __alerted?: boolean }).__alerted), undefined);
  });

  it('refuses an injected inline script and inline handler under the panel CSP', async () => {
    await panel.send({ type: 'view', view: checkoutView() });
    await panel.page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__pwned = true;';
      document.body.appendChild(s);
      const d = document.createElement('div');
      d.innerHTML = '<img src="data:," onload="window.__pwnedByHandler = true">';
      document.body.appendChild(d);
    });
    await panel.page.waitForTimeout(200);
    assert.equal(await panel.page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned), undefined);
    assert.equal(await panel.page.evaluate(() => (window as unknown as { __pwnedByHandler?: boolean }).__pwnedByHandler), undefined);
    const violations = await panel.violations();
    assert.ok(violations.some((v) => v.startsWith('script-src')), `expected a script-src violation, got ${JSON.stringify(violations)}`);
  });

  it('says so when the file declares no system, and draws once it does', async () => {
    await panel.send({ type: 'view', view: { version: 1, systems: [] } });
    assert.equal(await panel.page.locator('.topo-message').textContent(), 'This file declares no system yet.');
    assert.equal(await panel.page.locator('.topo-message').isVisible(), true);
    await panel.send({ type: 'view', view: checkoutView() });
    assert.equal(await panel.page.locator('.topo-message').isVisible(), false);
    assert.equal(await panel.page.locator('[data-node]').count(), 9);
  });

  it('reveals a zone declaration when its band is clicked', async () => {
    const view = checkoutView();
    await panel.send({ type: 'view', view });
    await panel.page.click('[data-zone="az2"] .zone-label');
    const reveal = (await panel.posted()).filter((m) => m.type === 'reveal');
    assert.deepEqual(reveal, [{ type: 'reveal', range: view.systems[0]!.zones[1]!.range }]);
  });

  it('drops messages that do not fit the protocol', async () => {
    await panel.send({ type: 'view', view: checkoutView() });
    await panel.page.evaluate(() => window.postMessage({ type: 'view', view: { version: 1, systems: [{ name: 3 }] } }, '*'));
    await panel.page.evaluate(() => window.postMessage({ type: 'eval', code: 'x' }, '*'));
    await panel.page.waitForTimeout(100);
    assert.equal(await panel.page.locator('[data-node="lb1"]').count(), 1);
  });
});
