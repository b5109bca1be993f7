/**
 * What changed since a revision, on the diagram in headless Chromium ("Topo: Compare with…"): the
 * `changes` message marks new subjects, layers whose own U moved and new single points of
 * failure; the marks survive redraws until `clearChanges` or the banner's Clear button; names are
 * matched as strings and shown as text; a message that does not fit is refused.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromiumSuite, type PanelPage } from './harness';
import { checkoutView, sitesView, summarisedView } from './fixtures';
import type { DiagramView } from '../../server/src/core/diagram/view-model';
import { buildDiagramView } from '../../server/src/core/diagram/index';
import { diffDocuments, type SubjectDiff } from '../../server/src/core/diff/index';
import { parseFromWebview, parseToWebview, type ChangeMark, type ToWebview } from '../../webview/src/protocol';
import { analyseEstateFiles } from '../support/estate';

type ChangesMessage = Extract<ToWebview, { type: 'changes' }>;

const changes = (subjects: ChangeMark[], title = 'Compared with HEAD (a1b2c3d)', summary = 'checkout: −0.0051%, new SPOF lb1'): ChangesMessage =>
  ({ type: 'changes', id: 7, title, summary, subjects });

const subject = (name: string, extra: Partial<ChangeMark> = {}): ChangeMark =>
  ({ name, kind: 'system', status: 'changed', layers: [], newSpofs: [], ...extra });

/** The marks on checkoutView(): lb worse, db better, app new; lb1, node app, zone az1 and region use1 new SPOFs. */
const checkoutChanges = (): ChangesMessage => changes([subject('checkout', {
  layers: [{ layer: 'lb', change: 'worse' }, { layer: 'db', change: 'better' }, { layer: 'app', change: 'added' }],
  newSpofs: ['lb1', 'app', 'az1', 'use1'],
})]);

/** The marks as the extension builds them from the core's comparison (client/src/changes.ts does this in the extension). */
function marksOf(subjects: SubjectDiff[]): ChangeMark[] {
  return subjects.flatMap((s) => (s.status === 'removed' ? [] : [{
    name: s.name, kind: s.kind, status: s.status,
    layers: s.layers.flatMap((l) => (l.after === null ? [] : [{ layer: l.name, change: l.before === null ? 'added' as const : l.after > l.before ? 'worse' as const : 'better' as const }])),
    newSpofs: s.spofsAdded.map((x) => x.element),
  }]));
}

describe('changes since a revision on the diagram (Chromium)', function () {
  let panel: PanelPage;
  chromiumSuite({ eachTest: true, onPanel: (p) => (panel = p) });

  /** Each element carrying `cls`, named by what it draws (`layer:lb`, `node:lb1`, `zone:az1`, …), sorted (the layout orders nodes by zone). */
  const marked = (cls: string): Promise<string[]> => panel.page.$$eval(`.${cls}`, (els) => els.map((e) => {
    if (e.hasAttribute('data-node')) return `node:${e.getAttribute('data-node')}`;
    if (e.hasAttribute('data-group')) return `group:${e.getAttribute('data-group')}`;
    if (e.hasAttribute('data-site')) return `site:${e.getAttribute('data-site')}`;
    if (e.hasAttribute('data-layer')) return `layer:${e.getAttribute('data-layer')}`;
    if (e.hasAttribute('data-zone')) return `zone:${e.getAttribute('data-zone')}`;
    if (e.classList.contains('region')) return `region:${e.getAttribute('data-region')}`;
    if (e.hasAttribute('data-journey')) return `journey:${e.getAttribute('data-journey')}`;
    if (e.hasAttribute('data-system')) return `system:${e.getAttribute('data-system')}`;
    return `other:${e.getAttribute('class')}`;
  }).sort());
  const allMarks = async () => ({
    added: await marked('change-added'), worse: await marked('change-worse'), better: await marked('change-better'), spof: await marked('change-spof'),
  });
  const none = { added: [], worse: [], better: [], spof: [] };
  const checkoutMarks = {
    added: ['layer:app'], worse: ['layer:lb'], better: ['layer:db'],
    spof: ['node:app-1', 'node:app-2', 'node:app-3', 'node:app-4', 'node:lb1', 'region:use1', 'zone:az1'],
  };
  /** Sends a message that is not a view and lets the page handle it (a task after the message's). */
  const post = async (message: unknown): Promise<void> => {
    await panel.page.evaluate((m) => window.postMessage(m, '*'), message);
    await panel.page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
  };
  const banner = () => panel.page.locator('.topo-changes');

  it('marks the layers whose U moved and the new single points of failure, with a banner', async () => {
    await panel.send({ type: 'view', view: checkoutView() });
    await post(checkoutChanges());
    assert.deepEqual(await allMarks(), checkoutMarks);
    // Zone az2 is in region use1 (its `data-region`) but is no SPOF; the system as a whole is not new.
    assert.equal(await panel.page.locator('g.zone[data-zone="az2"].change-spof').count(), 0);
    assert.equal(await banner().isVisible(), true);
    assert.equal(await banner().locator('.title').textContent(), 'Compared with HEAD (a1b2c3d)');
    assert.equal(await banner().locator('.summary').textContent(), 'checkout: −0.0051%, new SPOF lb1');
    assert.equal(await banner().locator('button[data-action="clear-changes"]').textContent(), 'Clear');
    assert.deepEqual(await panel.violations(), []);
  });

  it('marks a subject new since the revision as a whole, and only it', async () => {
    const view = checkoutView();
    const other = checkoutView().systems[0]!;
    other.name = 'payments';
    view.systems.push(other);
    await panel.send({ type: 'view', view });
    await post(changes([subject('payments', { status: 'added', layers: [{ layer: 'dns', change: 'added' }] })]));
    assert.deepEqual(await allMarks(), { ...none, added: ['layer:dns', 'system:payments'] });
    // A journey of the same name is another subject: nothing drawn matches it.
    await post(changes([subject('checkout', { kind: 'journey', status: 'added', layers: [{ layer: 'dns', change: 'worse' }] })]));
    assert.deepEqual(await allMarks(), none);
  });

  it('finds layers and elements inside sites, groups of a summarised layer and common causes', async () => {
    await panel.send({ type: 'view', view: sitesView() });
    await post(changes([subject('global', {
      layers: [{ layer: 'west.db', change: 'worse' }, { layer: 'east.app', change: 'better' }, { layer: 'regions', change: 'worse' }],
      newSpofs: ['west', 'east.db'],
    })]));
    assert.deepEqual(await allMarks(), { ...none, worse: ['layer:regions', 'layer:west.db'], better: ['layer:east.app'], spof: ['node:east.db', 'site:west'] });

    const summarised: DiagramView = summarisedView();
    summarised.systems[0]!.commonCauses = [{ id: 'deploy db', instances: ['db-primary', 'replica-1', 'replica-2'] }];
    await panel.send({ type: 'view', view: summarised });
    await post(changes([subject('checkout', { newSpofs: ['app-3', 'deploy db'] })]));
    assert.deepEqual(await allMarks(), { ...none, spof: ['group:app/app@az1', 'group:db/replica@az2', 'node:db-primary'] });
  });

  it('marks what the core compares on an estate: layers of a used service, and on a journey shown', async () => {
    const shop = readFileSync(join(__dirname, '../../examples/estate/shop.topo'), 'utf8');
    const platform = readFileSync(join(__dirname, '../../examples/estate/shared/platform.topo'), 'utf8');
    const worse = platform.replace('node auth { availability 99.9% replicas 2 zones [az1, az2] }', 'node auth { availability 99.9% zone az1 }');
    assert.notEqual(worse, platform, 'the example estate changed: update this edit');
    const before = analyseEstateFiles({ 'shop.topo': shop, 'shared/platform.topo': platform }, 'shop.topo');
    const after = analyseEstateFiles({ 'shop.topo': shop, 'shared/platform.topo': worse }, 'shop.topo');
    const diff = diffDocuments('shop.topo', { label: 'HEAD:shop.topo', text: shop, analysis: before }, { label: 'shop.topo', text: shop, analysis: after });
    await panel.send({ type: 'view', view: buildDiagramView(after) });
    await post(changes(marksOf(diff.subjects)));
    const inCart = (cls: string) => panel.page.$$eval(`g.system[data-system="cart"] .${cls}`, (els) => els.map((e) => e.getAttribute('data-layer') ?? e.getAttribute('data-node') ?? e.getAttribute('data-zone')));
    assert.deepEqual(await inCart('change-worse'), ['auth', 'auth.app']);
    assert.deepEqual(await inCart('change-spof'), ['az1', 'auth.auth']);
    await panel.page.selectOption('.journey-select', 'web/login');
    await panel.page.click('.journey-show');
    assert.deepEqual(await panel.page.$$eval('g.system[data-journey="web/login"] .change-worse', (els) => els.map((e) => e.getAttribute('data-layer'))), ['auth', 'auth.app']);
  });

  it('keeps the marks across redraws, and beside a blast radius', async () => {
    await panel.send({ type: 'view', view: checkoutView() });
    await post(checkoutChanges());
    const edited = checkoutView();
    const lb = edited.systems[0]!.scope.layers[1]!;
    lb.instances.push({ ...lb.instances[0]!, id: 'lb2', name: 'lb2', node: 'lb2', zone: 'az2', spof: false });
    await panel.send({ type: 'view', view: edited });
    assert.equal(await panel.page.locator('[data-node="lb2"]').count(), 1);
    assert.deepEqual(await allMarks(), checkoutMarks);
    assert.equal(await banner().isVisible(), true);

    await post({ type: 'blast', title: 'zone az1', subjects: [{ name: 'checkout', kind: 'system', effect: 'down', elements: ['az1'], layers: [{ layer: 'lb', up: 0, members: 2, needs: 1 }] }] });
    assert.equal(await panel.page.locator('[data-node="lb1"].down.change-spof').count(), 1);
    assert.deepEqual(await allMarks(), checkoutMarks);
    await post({ type: 'clearBlast' });
    assert.equal(await panel.page.locator('.down').count(), 0);
    assert.deepEqual(await allMarks(), checkoutMarks);
    // And the other way round: clearing the changes leaves the blast radius.
    await post({ type: 'blast', title: 'zone az1', subjects: [{ name: 'checkout', kind: 'system', effect: 'down', elements: ['az1'], layers: [] }] });
    await post({ type: 'clearChanges' });
    assert.deepEqual(await allMarks(), none);
    assert.equal(await panel.page.locator('[data-node="lb1"].down').count(), 1);
    assert.equal(await panel.page.locator('.topo-blast').isVisible(), true);
  });

  it('clears the marks on clearChanges, and they stay cleared after a redraw', async () => {
    await panel.send({ type: 'view', view: checkoutView() });
    await post(checkoutChanges());
    assert.deepEqual(await allMarks(), checkoutMarks);
    await post({ type: 'clearChanges' });
    assert.deepEqual(await allMarks(), none);
    assert.equal(await banner().isVisible(), false);
    await panel.send({ type: 'view', view: checkoutView() });
    assert.deepEqual(await allMarks(), none);
  });

  it("clears the marks with the banner's Clear button, and they stay cleared after a redraw", async () => {
    await panel.send({ type: 'view', view: checkoutView() });
    await post(checkoutChanges());
    assert.deepEqual(await allMarks(), checkoutMarks);
    assert.equal((await panel.posted()).filter((m) => m.type === 'changesCleared').length, 0);
    await panel.page.click('.topo-changes button[data-action="clear-changes"]');
    assert.deepEqual(await allMarks(), none);
    assert.equal(await banner().isVisible(), false);
    // The extension is told, so it neither sends the comparison again after a reload nor keeps it current.
    assert.deepEqual((await panel.posted()).filter((m) => m.type === 'changesCleared'), [{ type: 'changesCleared', id: 7 }]);
    await panel.send({ type: 'view', view: checkoutView() });
    assert.deepEqual(await allMarks(), none);
    // The blast banner's button is another one.
    assert.equal(await panel.page.locator('button[data-action="clear-blast"]').count(), 1);
  });

  it('marks changes that arrive before the diagram once it is drawn', async () => {
    await post(checkoutChanges());
    assert.equal(await banner().isVisible(), true);
    await panel.send({ type: 'view', view: checkoutView() });
    assert.deepEqual(await allMarks(), checkoutMarks);
  });

  it('matches hostile names as strings and shows them as text', async () => {
    const system = '<script>window.__pwned = 1</script>"\'';
    const layer = 'a"] [data-layer="lb\'<img src=x onerror=alert(1)>';
    const instance = '"><svg onload=alert(2)>';
    const view = checkoutView();
    const s = view.systems[0]!;
    s.name = system;
    s.scope.layers[0]!.id = layer;
    s.scope.layers[0]!.instances[0]!.id = instance;
    s.scope.layers[0]!.instances[0]!.node = instance;
    s.scope.path[0] = layer;
    await panel.page.evaluate(() => {
      (window as unknown as { alert: () => void }).alert = () => {
        (window as unknown as { __alerted: boolean }).__alerted = true;
      };
    });
    await panel.send({ type: 'view', view });
    const title = '<img src=x onerror=alert(3)> HEAD';
    const summary = `${system}: new SPOF ${instance}`;
    await post(changes([subject(system, { layers: [{ layer, change: 'worse' }], newSpofs: [instance] })], title, summary));
    assert.deepEqual(await marked('change-worse'), [`layer:${layer}`]);
    assert.deepEqual(await marked('change-spof'), [`node:${instance}`]);
    assert.equal(await banner().locator('.title').textContent(), title);
    assert.equal(await banner().locator('.summary').textContent(), summary);
    assert.equal(await panel.page.locator('.topo-changes img, .topo-changes script, .topo-changes svg').count(), 0);
    assert.equal(await panel.page.locator('img').count(), 0);
    assert.equal(await panel.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    assert.equal(await panel.page.evaluate(() => (window as unknown as { __alerted?: boolean }).__alerted), undefined);
  });

  it('drops a changes message that does not fit the protocol', async () => {
    await panel.send({ type: 'view', view: checkoutView() });
    const bogus = { ...checkoutChanges(), subjects: [{ ...subject('checkout'), layers: [{ layer: 'lb', change: 'bogus' }] }] };
    await post(bogus);
    await post({ ...checkoutChanges(), summary: undefined });
    assert.deepEqual(await allMarks(), none);
    assert.equal(await banner().isVisible(), false);
    // The same message, fitting, is taken.
    await post(checkoutChanges());
    assert.deepEqual(await allMarks(), checkoutMarks);
  });
});

describe('the changes messages in the protocol', () => {
  it('accepts changes and clearChanges as declared', () => {
    const ok = parseToWebview(checkoutChanges());
    assert.equal(ok.ok, true, ok.ok ? '' : ok.error);
    assert.equal(parseToWebview({ type: 'clearChanges' }).ok, true);
    assert.equal(parseFromWebview({ type: 'changesCleared', id: 7 }).ok, true);
    assert.equal(parseFromWebview({ type: 'changesCleared' }).ok, false);
  });

  it('refuses a layer change, a status or a kind it does not know, and missing fields', () => {
    const good = checkoutChanges();
    const first = good.subjects[0]!;
    const cases: [string, unknown, RegExp][] = [
      ['layer change bogus', { ...good, subjects: [{ ...first, layers: [{ layer: 'lb', change: 'bogus' }] }] }, /^subjects\[0\]\.layers\[0\]\.change: expected 'worse' or 'better' or 'added'$/],
      ['status removed', { ...good, subjects: [{ ...first, status: 'removed' }] }, /^subjects\[0\]\.status: expected/],
      ['kind service', { ...good, subjects: [{ ...first, kind: 'service' }] }, /^subjects\[0\]\.kind: expected/],
      ['newSpofs missing', { ...good, subjects: [{ ...first, newSpofs: undefined }] }, /^subjects\[0\]\.newSpofs: expected an array$/],
      ['a SPOF not a string', { ...good, subjects: [{ ...first, newSpofs: [3] }] }, /^subjects\[0\]\.newSpofs\[0\]: expected a string$/],
      ['summary missing', { ...good, summary: undefined }, /^summary: expected a string$/],
      ['subjects not an array', { ...good, subjects: {} }, /^subjects: expected an array$/],
    ];
    for (const [what, message, error] of cases) {
      const parsed = parseToWebview(message);
      assert.equal(parsed.ok, false, what);
      if (!parsed.ok) assert.match(parsed.error, error, what);
    }
  });
});
