/** The extension's pure helpers: quick-pick grouping, status text, inputs, crash policy, panel HTML. */
import { strict as assert } from 'node:assert';
import { groupTargets, playbackTitle, simulateParamsFor } from '../../client/src/targets';
import { statusSystemAt, statusText } from '../../client/src/status-text';
import { elementNameAt, fileNameOf, parseYears, simulationSubjects, subjectAt, subjectAtCursor, subjectParams, subjectToUse, systemOfScenario } from '../../client/src/inputs';
import { CrashPolicy } from '../../client/src/crash-policy';
import { buildWebviewHtml, diagramCsp, nonceFromBytes } from '../../client/src/webview-html';
import type { AnalysedParams, FailureTarget } from '../../server/src/protocol';

const r = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
const target = (name: string, type: FailureTarget['type']): FailureTarget => ({ name, type, detail: 'd', range: r });

describe('client: failure targets', () => {
  it('groups scenarios first, then nodes, instances, sites, zones, regions, dropping empty groups', () => {
    const groups = groupTargets([target('az1', 'zone'), target('lb1', 'node'), target('db down', 'scenario'), target('use1', 'region'), target('app-1', 'instance')]);
    assert.deepEqual(groups.map((g) => g.items.map((i) => i.label)), [['db down'], ['lb1'], ['app-1'], ['az1'], ['use1']]);
    assert.match(groups[0]!.title, /Scenarios/);
    assert.equal(groups[3]!.items[0]!.description, 'zone · d');
  });

  it('simulates a scenario by name and anything else failed at t = 0', () => {
    assert.deepEqual(simulateParamsFor('file:///a.topo', target('db down', 'scenario')), { uri: 'file:///a.topo', scenario: 'db down' });
    assert.deepEqual(simulateParamsFor('file:///a.topo', target('az1', 'zone')), { uri: 'file:///a.topo', failures: [{ element: 'az1', at: 0 }] });
    assert.equal(playbackTitle({ type: 'zone', name: 'az1' }), 'az1 fails');
  });
});

describe('client: status bar text', () => {
  const params = (systems: Partial<AnalysedParams['systems'][number]>[]): AnalysedParams => ({
    uri: 'file:///c.topo', version: 1,
    systems: systems.map((s) => ({ name: 'checkout', availability: 0.9993885013, unavailability: 6.114987e-4, nines: 3.2136, downtimeYearSeconds: 19297, slo: 0.9995, sloMet: false, ...s })),
  });

  it('shows the availability and nines of the first system, with the SLO miss as a warning', () => {
    const shown = statusText(params([{}]));
    // Spec section 10, revision 2.
    assert.equal(shown?.text, '$(pulse) 99.93885% · 3.21 nines');
    assert.equal(shown?.warning, true);
    assert.match(shown?.tooltip ?? '', /SLO 99\.95% missed/);
  });

  it('counts further systems and says when there are no figures', () => {
    assert.match(statusText(params([{ sloMet: true }, { name: 'b' }]))?.text ?? '', /\(\+1\)$/);
    assert.equal(statusText(params([{ sloMet: true }]))?.warning, false);
    assert.match(statusText(params([{ unavailability: null, availability: null, nines: null }]))?.text ?? '', /no figures/);
    assert.equal(statusText({ uri: 'x', version: 1, systems: [] }), undefined);
  });

  it('in a file of several systems, names the system shown: the one at the cursor, else the first', () => {
    const two = params([{ name: 'checkout' }, { name: 'payments', unavailability: 1e-4, availability: 0.9999, nines: 4, sloMet: true }]);
    assert.equal(statusText(two)?.text, '$(pulse) checkout: 99.93885% · 3.21 nines (+1)');
    assert.equal(statusText(two, 'payments')?.text, '$(pulse) payments: 99.99000% · 4.00 nines (+1)');
    assert.equal(statusText(two, 'gone')?.text, '$(pulse) checkout: 99.93885% · 3.21 nines (+1)');
    // One system: as before, whatever the cursor.
    assert.equal(statusText(params([{}]), 'checkout')?.text, '$(pulse) 99.93885% · 3.21 nines');
    // A name cannot open an icon.
    assert.equal(statusText(params([{ name: 'a$(zap)' }, { name: 'b' }]))?.text, '$(pulse) a\\$(zap): 99.93885% · 3.21 nines (+1)');
    assert.match(statusText(params([{ name: 'b' }, { name: 'c', unavailability: null, availability: null, nines: null }]), 'c')?.text ?? '', /^\$\(error\) Topo: c: no figures \(\+1\)$/);
  });

  it('the system at the cursor, from subjectAt: its block, or a journey inside it', () => {
    const text = [
      'system web {',
      '  layer a { node x { availability 99.9% } }',
      '  journey buy { path a }',
      '}',
      'system "pay/ments" {',
      '  layer b { node y { availability 99.9% } }',
      '}',
      'journey browse { path web }',
      '',
    ].join('\n');
    const names = ['web', 'pay/ments'];
    const at = (line: number, character: number) => statusSystemAt(subjectAt(text, { line, character }), names);
    assert.equal(at(1, 4), 'web');
    assert.equal(at(2, 14), 'web', 'a journey inside web');
    assert.equal(at(5, 4), 'pay/ments');
    assert.equal(at(7, 10), undefined, 'a journey of the file: no system');
    assert.equal(at(8, 0), undefined);
    assert.equal(statusSystemAt({ system: 'other' }, names), undefined);
    assert.equal(statusSystemAt({ journey: 'pay/ments/checkout' }, names), 'pay/ments');
  });
});

describe('client: inputs', () => {
  it('offers each system and journey with figures for a Monte Carlo run, systems first', () => {
    const subjects = simulationSubjects({
      systems: [{ name: 'web', analysed: true }, { name: 'broken', analysed: false }],
      journeys: [{ name: 'checkout', system: 'web', analysed: true }, { name: 'browse', system: null, analysed: true }, { name: 'x', system: 'web', analysed: false }],
    });
    assert.deepEqual(subjects, [
      { label: 'web', description: 'system', system: 'web' },
      { label: 'web/checkout', description: 'journey', journey: 'web/checkout' },
      { label: 'browse', description: 'journey', journey: 'browse' },
    ]);
    assert.deepEqual(simulationSubjects({ systems: [{ name: 'only', analysed: true }] }).map((s) => s.label), ['only']);
  });

  it('accepts whole years with separators and refuses the rest', () => {
    assert.deepEqual(parseYears(' 100_000 '), { ok: true, years: 100000 });
    assert.deepEqual(parseYears('1,000'), { ok: true, years: 1000 });
    for (const bad of ['', '0', '-5', '1.5', '1e5', 'ten', '100000000000']) assert.equal(parseYears(bad).ok, false, bad);
  });

  it('names a document by its file name', () => {
    assert.equal(fileNameOf('file:///home/me/check%20out.topo'), 'check out.topo');
    assert.equal(fileNameOf('untitled:Untitled-1'), 'untitled:Untitled-1');
  });
});

describe('client: crash policy', () => {
  it('restarts after each crash until five within three minutes, then stops; old crashes expire', () => {
    let now = 0;
    const policy = new CrashPolicy({ maxCrashes: 5, windowMs: 180_000 }, () => now);
    const results = Array.from({ length: 6 }, () => {
      now += 1000;
      return policy.shouldRestart();
    });
    assert.deepEqual(results, [true, true, true, true, true, false]);
    now += 180_000;
    assert.equal(policy.shouldRestart(), true);
    policy.reset();
    assert.equal(policy.shouldRestart(), true);
  });
});

describe('client: diagram panel HTML', () => {
  it('has a strict CSP: nothing by default, scripts only with the nonce, styles only from the extension', () => {
    const csp = diagramCsp('https://ext.test', 'abc123');
    assert.match(csp, /^default-src 'none';/);
    assert.match(csp, /script-src 'nonce-abc123'(;|$)/);
    assert.match(csp, /style-src https:\/\/ext\.test(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    // The PNG export draws the diagram as a data: image on a canvas: images from data: only, no blob:, no connections.
    assert.match(csp, /img-src https:\/\/ext\.test data:(;|$)/);
    assert.doesNotMatch(csp, /blob:|connect-src|\*/);
  });

  it('loads one script carrying the nonce, and no inline script or handler', () => {
    const html = buildWebviewHtml({ cspSource: 'https://ext.test', scriptUri: 'https://ext.test/dist/webview.js', styleUri: 'https://ext.test/dist/webview.css', nonce: 'abc123', title: '<b>x</b>' });
    assert.deepEqual(html.match(/<script[^>]*>/g), ['<script nonce="abc123" src="https://ext.test/dist/webview.js">']);
    assert.doesNotMatch(html, /\son[a-z]+=/i);
    assert.match(html, /<title>&lt;b&gt;x&lt;\/b&gt;<\/title>/);
  });

  it('makes nonces from at least 16 random bytes', () => {
    const nonce = nonceFromBytes(new Uint8Array(18).fill(7));
    assert.match(nonce, /^[A-Za-z0-9]{20,}$/);
    assert.throws(() => nonceFromBytes(new Uint8Array(8)));
  });
});

describe('client: What Fails If… starts from the name under the cursor', () => {
  it('takes the whole dotted, hyphenated name around the cursor', () => {
    const line = '    fail auth.sessions-primary at 0s';
    assert.equal(elementNameAt(line, line.indexOf('sessions')), 'auth.sessions-primary');
    assert.equal(elementNameAt(line, line.indexOf(' at')), 'auth.sessions-primary', 'at the end of the name');
    assert.equal(elementNameAt('  use orders-db', 8), 'orders-db');
  });

  it('nothing when the cursor is not on a name; no trailing dot or dash', () => {
    assert.equal(elementNameAt('  path a -> b', 9), '');
    assert.equal(elementNameAt('  availability 99.9%', 16), '');
    assert.equal(elementNameAt('  az1. ', 4), 'az1');
    assert.equal(elementNameAt('', 0), '');
  });
});

describe('client: the system or journey at the cursor', () => {
  const text = [
    '# system commented { not a block }',          // 0
    'system web {',                                 // 1
    '  layer app { node app { availability 99.9% replicas 2 } }',
    '  path app',                                   // 3
    '  journey browse { path app  slo 99.9% }',     // 4
    '  scenario "app down" { fail app at 0s }',     // 5
    '}',                                            // 6
    '',                                             // 7
    'system "two words" {',                         // 8
    '  layer db { node db { availability 99.95% } }  # a } in a comment',
    '  path db',                                    // 10
    '  scenario "app down" { fail db at 0s }',      // 11
    '  scenario "db only" { fail db at 0s }',       // 12
    '}',                                            // 13
    'journey signup { path web -> "two words" }',   // 14
    '',                                             // 15
  ].join('\n');
  const at = (line: number, character: number) => subjectAt(text, { line, character });

  it('gives the system whose block holds the cursor, quoted names and comments with braces included', () => {
    assert.deepEqual(at(2, 10), { system: 'web' });
    assert.deepEqual(at(1, 0), { system: 'web' }, 'on the keyword');
    assert.deepEqual(at(6, 1), { system: 'web' }, 'just after the closing brace');
    assert.deepEqual(at(9, 50), { system: 'two words' }, 'in a comment holding a brace');
    assert.deepEqual(at(10, 3), { system: 'two words' });
  });

  it('gives the journey whose block holds the cursor: SYSTEM/NAME inside a system, NAME at the top level', () => {
    assert.deepEqual(at(4, 20), { journey: 'web/browse' });
    assert.deepEqual(at(14, 20), { journey: 'signup' });
  });

  it('gives nothing outside every block, and takes a half-typed file as the server does', () => {
    assert.equal(at(0, 20), undefined, 'in a comment that looks like a system');
    assert.equal(at(7, 0), undefined, 'between systems');
    assert.equal(at(15, 0), undefined, 'after the last block');
    assert.deepEqual(subjectAt('system half {\n  layer a {', { line: 1, character: 4 }), { system: 'half' });
    assert.equal(subjectAt('', { line: 0, character: 0 }), undefined);
  });

  it('preselects the Monte Carlo subject at the cursor, only when it has figures', () => {
    const subjects = simulationSubjects({
      systems: [{ name: 'web', analysed: true }, { name: 'two words', analysed: false }],
      journeys: [{ name: 'browse', system: 'web', analysed: true }, { name: 'signup', system: null, analysed: true }],
    });
    assert.equal(subjectAtCursor(subjects, at(2, 10))?.label, 'web');
    assert.equal(subjectAtCursor(subjects, at(4, 20))?.label, 'web/browse');
    assert.equal(subjectAtCursor(subjects, at(14, 20))?.label, 'signup');
    assert.equal(subjectAtCursor(subjects, at(10, 3)), undefined, 'a system without figures: the user is asked');
    assert.equal(subjectAtCursor(subjects, undefined), undefined);
  });

  it('Simulate Failover and Monte Carlo: the only subject, else the one at the cursor, else ask; as request parameters', () => {
    const subjects = simulationSubjects({
      systems: [{ name: 'web', analysed: true }, { name: 'two words', analysed: false }],
      journeys: [{ name: 'browse', system: 'web', analysed: true }, { name: 'signup', system: null, analysed: true }],
    });
    const use = (here: ReturnType<typeof at>) => {
      const chosen = subjectToUse(subjects, here);
      return chosen === 'ask' ? 'ask' : subjectParams(chosen.subject);
    };
    assert.deepEqual(use(at(2, 10)), { system: 'web' });
    assert.deepEqual(use(at(4, 20)), { journey: 'web/browse' });
    assert.deepEqual(use(at(14, 20)), { journey: 'signup' });
    assert.equal(use(at(7, 0)), 'ask', 'between systems: the user says which');
    assert.equal(use(at(10, 3)), 'ask', 'in a system without figures');
    const one = simulationSubjects({ systems: [{ name: 'only', analysed: true }, { name: 'broken', analysed: false }] });
    assert.deepEqual(subjectToUse(one, undefined), { subject: one[0] }, 'one with figures: no question');
    assert.deepEqual(subjectToUse([], { system: 'broken' }), { subject: undefined }, 'none: the server\'s default');
    assert.deepEqual(subjectParams(undefined), {});
  });

  it('finds the system that declares a scenario, when only one does', () => {
    assert.equal(systemOfScenario(text, 'db only'), 'two words');
    assert.equal(systemOfScenario(text, 'app down'), undefined, 'declared in two systems: the server decides');
    assert.equal(systemOfScenario(text, 'nowhere'), undefined);
  });
});
