import assert from 'node:assert/strict';
import { quickFixes } from '../../../server/src/core/ide/actions';
import type { DiagnosticRef } from '../../../server/src/core/ide/types';
import { applyEdits, fixture } from './fixture';

/** The fixes offered for the first diagnostic with `code` (from the analysis, or given). */
function fixesFor(text: string, code: string, given?: DiagnosticRef) {
  const f = fixture(text);
  const d = given ?? f.doc.diagnostics.find((x) => x.code === code);
  assert.ok(d, `expected a '${code}' diagnostic in ${JSON.stringify(f.doc.diagnostics.map((x) => x.code))}`);
  return { f, fixes: quickFixes(f.doc.parse, f.index, f.text, [d]) };
}

function codes(text: string): string[] {
  return fixture(text).doc.diagnostics.map((d) => d.code);
}

/**
 * Applies every fix offered for the diagnostic `code` about `subject`, re-analyses, and checks the
 * diagnostic is gone and no error was added. Returns the fixes' titles and the fixed texts.
 */
function applyEachFix(text: string, code: string, subject: string): { titles: string[]; outs: string[] } {
  const f = fixture(text);
  const d = f.doc.diagnostics.find((x) => x.code === code && x.data?.subject === subject);
  assert.ok(d, `expected '${code}' on '${subject}' in ${JSON.stringify(f.doc.diagnostics.map((x) => [x.code, x.data?.subject]))}`);
  const errorsBefore = f.doc.diagnostics.filter((x) => x.severity === 'error').map((x) => x.code);
  const fixes = quickFixes(f.doc.parse, f.index, f.text, [d]);
  const outs = fixes.map((fix) => {
    const out = applyEdits(text, fix.edits);
    const after = fixture(out).doc.diagnostics;
    assert.ok(!after.some((x) => x.code === code && x.data?.subject === subject), `'${fix.title}' left the ${code}:\n${out}`);
    const added = after.filter((x) => x.severity === 'error' && !errorsBefore.includes(x.code));
    assert.deepEqual(added.map((x) => `${x.code}: ${x.message}`), [], `'${fix.title}' added errors:\n${out}`);
    return out;
  });
  return { titles: fixes.map((x) => x.title), outs };
}

const ZONES = 'system s {\n  zone az1 { availability 99.99% }\n  zone az2 { availability 99.99% }\n';

describe('ide/actions (quick fixes)', () => {
  it('missing-availability: adds an availability line to a node body', () => {
    const { f, fixes } = fixesFor(ZONES + '  layer l {\n    node n { zone az1 }\n  }\n}', 'missing-availability');
    const out = applyEdits(f.text, fixes[0]?.edits ?? []);
    assert.match(out, /node n \{ availability 99\.9% zone az1 \}/);
    assert.ok(!codes(out).includes('missing-availability'));
  });

  it('missing-availability: gives a bodiless node a body', () => {
    const { f, fixes } = fixesFor(ZONES + '  layer l {\n    node n\n  }\n}', 'missing-availability');
    const out = applyEdits(f.text, fixes[0]?.edits ?? []);
    assert.match(out, /node n \{ availability 99\.9% \}/);
    assert.ok(!codes(out).includes('missing-availability'));
  });

  it('unknown-reference: changes to the suggested name, or declares it', () => {
    const { f, fixes } = fixesFor(ZONES + '  layer l {\n    node n { availability 99% zone az3 }\n  }\n}', 'unknown-reference');
    assert.deepEqual(fixes.map((x) => x.title), ["Change to 'az1'", "Declare zone 'az3'"]);
    const changed = applyEdits(f.text, fixes[0]?.edits ?? []);
    assert.match(changed, /zone az1 \}/);
    assert.ok(!codes(changed).includes('unknown-reference'));
    const declared = applyEdits(f.text, fixes[1]?.edits ?? []);
    assert.match(declared, /zone az2 \{ availability 99\.99% \}\n {2}zone az3\n/);
    assert.ok(!codes(declared).includes('unknown-reference'));
  });

  it('unknown-reference: declares a missing layer of a path', () => {
    const { f, fixes } = fixesFor('system s {\n  layer web {\n    node w { availability 99% }\n  }\n  path web -> cache\n}', 'unknown-reference');
    const declare = fixes.find((x) => x.title.startsWith('Declare layer'));
    assert.ok(declare);
    const out = applyEdits(f.text, declare.edits);
    assert.ok(!codes(out).includes('unknown-reference'), out);
  });

  it('unknown-reference: finds the closest name itself when the core gave none', () => {
    const text = ZONES + '  layer l {\n    node n { availability 99% zone azz2 }\n  }\n}';
    const f = fixture(text);
    const d = f.doc.diagnostics.find((x) => x.code === 'unknown-reference');
    assert.ok(d);
    const fixes = quickFixes(f.doc.parse, f.index, f.text, [{ ...d, data: {} }]);
    assert.equal(fixes[0]?.title, "Change to 'az2'");
  });

  it('no-health-check: inserts a health-check block first in the layer', () => {
    const text = ZONES + '  layer db {\n    node p { availability 99.9% }\n    node s { availability 99.9% standby hot }\n  }\n}';
    const { f, fixes } = fixesFor(text, 'no-health-check');
    const out = applyEdits(f.text, fixes[0]?.edits ?? []);
    assert.match(out, /layer db \{\n {4}health-check \{ interval 10s unhealthy 3 \}\n {4}node p/);
    assert.ok(!codes(out).includes('no-health-check'));
  });

  it('sla-stricter-than-slo: swaps the targets', () => {
    const text = 'system s {\n  slo 99.9%\n  sla 99.95%\n  layer l { node n { availability 99.99% } }\n}';
    const f = fixture(text);
    const sla = f.doc.parse.ast.systems[0]?.objectives.find((o) => o.key === 'sla');
    assert.ok(sla);
    const fixes = quickFixes(f.doc.parse, f.index, f.text, [{ code: 'sla-stricter-than-slo', message: '', range: sla.range }]);
    assert.equal(applyEdits(f.text, fixes[0]?.edits ?? []), text.replace('slo 99.9%', 'slo 99.95%').replace('sla 99.95%', 'sla 99.9%'));
  });

  it('spof: adds another replica in another zone (preferred: what the advice prices), or a hot standby', () => {
    const text = ZONES + '  layer lb {\n    node lb1 { availability 99.95% mttr 2h zone az1 }\n  }\n}';
    const f = fixture(text);
    const node = f.index.decls.find((d) => d.name === 'lb1');
    assert.ok(node);
    const fixes = quickFixes(f.doc.parse, f.index, f.text, [{ code: 'spof', message: '', range: node.nameRange }]);
    assert.deepEqual(fixes.map((x) => x.title), ['Add another replica in zone az2 (replicas 2)', 'Add a hot standby lb1-standby in zone az2']);
    // A lone active-active member gets a second active one first: a standby would turn the layer
    // active-passive and cost a failover window each time lb1 fails.
    assert.deepEqual(fixes.map((x) => x.preferred === true), [true, false]);
    const standby = applyEdits(f.text, fixes[1]?.edits ?? []);
    assert.match(standby, /node lb1 \{ availability 99\.95% mttr 2h zone az1 \}\n {4}node lb1-standby \{ availability 99\.95% mttr 2h zone az2 standby hot \}/);
    const replica = applyEdits(f.text, fixes[0]?.edits ?? []);
    assert.match(replica, /node lb1 \{ availability 99\.95% mttr 2h zones \[az1, az2\] replicas 2 \}/);
    for (const out of [standby, replica]) {
      const m = fixture(out).doc;
      assert.deepEqual(m.diagnostics.filter((d) => d.severity === 'error'), []);
      assert.equal(m.systems[0]?.model.instances.length, 2);
    }
  });

  it('spof: in an active-passive layer only a standby is offered', () => {
    const text = ZONES + '  layer db {\n    mode active-passive\n    node p { availability 99.9% replicas 1 }\n  }\n}';
    const f = fixture(text);
    const node = f.index.decls.find((d) => d.name === 'p');
    assert.ok(node);
    const fixes = quickFixes(f.doc.parse, f.index, f.text, [{ code: 'spof', message: '', range: node.nameRange }]);
    assert.deepEqual(fixes.map((x) => x.title), ['Add a hot standby p-standby']);
    assert.equal(fixes[0]?.preferred, true);
  });

  it('spof: an instance of an active-active layer gets another replica, never a standby (which would make two primaries)', () => {
    const text = 'system s { layer app { load 1000rps\n    node a { availability 99.9% capacity 1000rps }\n    node b { availability 99.9% capacity 500rps } } }';
    const { titles } = applyEachFix(text, 'spof', 'a');
    assert.deepEqual(titles, ['Add another replica (replicas 2)']);
  });

  it('spof: a single-node layer still gets a standby, and the fixes remove the spof', () => {
    const { titles } = applyEachFix(ZONES + '  layer lb {\n    node lb1 { availability 99.95% zone az1 }\n  }\n}', 'spof', 'lb1');
    assert.deepEqual(titles, ['Add another replica in zone az2 (replicas 2)', 'Add a hot standby lb1-standby in zone az2']);
  });

  it("spof: the fixes put the new instance in the zone the message names (the layer's region), not the first unused one", () => {
    // far is declared first but lies in another region: the analysis proposes b, in a's region.
    const text = `system s {
  region r1 { availability 99.99% }
  region r2 { availability 99.99% }
  zone far in r2 { availability 99.99% }
  zone a in r1 { availability 99.99% }
  zone b in r1 { availability 99.99% }
  layer lb {
    node lb1 { availability 99.95% zone a }
  }
}`;
    const f = fixture(text);
    const d = f.doc.diagnostics.find((x) => x.code === 'spof' && x.data?.subject === 'lb1')!;
    assert.match(d.message, /in another zone \(b\)/);
    assert.equal(d.data?.zone, 'b');
    const { titles, outs } = applyEachFix(text, 'spof', 'lb1');
    assert.ok(titles.length >= 1);
    for (const out of outs) {
      assert.match(out, /zone b\b|zones \[a, b\]/, out);
      assert.doesNotMatch(out.replace(/zone far in r2/, ''), /\bfar\b/, out);
    }
  });

  it('spof: the standby gets a name no other element has', () => {
    const text = 'system s {\n  layer web {\n    node w { availability 99.9% }\n  }\n  layer other {\n    node w-standby { availability 99.99% replicas 2 }\n    node w-standby-2-1 { availability 99.99% }\n  }\n  path web -> other\n}';
    const { titles, outs } = applyEachFix(text, 'spof', 'w');
    const k = titles.indexOf('Add a hot standby w-standby-3');
    assert.ok(k >= 0, titles.join('; '));
    assert.match(outs[k] ?? '', /node w-standby-3 \{ availability 99\.9% standby hot \}/);
  });

  it('spof: no replica is offered when the new instance names are taken', () => {
    const text = 'system s {\n  layer web {\n    node w { availability 99.9% }\n  }\n  layer other {\n    node w-2 { availability 99.99% replicas 2 }\n  }\n  path web -> other\n}';
    const { titles } = applyEachFix(text, 'spof', 'w');
    assert.deepEqual(titles, ['Add a hot standby w-standby']);
  });

  it("unknown-reference: declares a missing layer of a site's path inside the site", () => {
    const text = [
      'system s {',
      '  layer g {',
      '    site east {',
      '      layer app { node app { availability 99.9% } }',
      '      layer db { node db { availability 99.9% } }',
      '      path app -> dbb',
      '    }',
      '  }',
      '  path g',
      '}',
    ].join('\n');
    const f = fixture(text);
    const d = f.doc.diagnostics.find((x) => x.code === 'unknown-reference');
    assert.ok(d);
    const declare = quickFixes(f.doc.parse, f.index, f.text, [d]).find((x) => x.title === "Declare layer 'dbb'");
    assert.ok(declare);
    const out = applyEdits(text, declare.edits);
    assert.match(out, /layer db \{ node db \{ availability 99\.9% \} \}\n {6}layer dbb \{\n {8}node dbb \{ availability 99\.9% \}\n {6}\}\n {6}path app -> dbb/);
    const after = fixture(out).doc;
    assert.deepEqual(after.diagnostics.filter((x) => x.severity === 'error').map((x) => x.code), []);
    assert.ok(after.systems[0]?.model.layers.some((l) => l.id === 'east.dbb' && l.onPath));
  });

  it('offers nothing for codes it does not fix', () => {
    const f = fixture(ZONES + '}');
    assert.deepEqual(quickFixes(f.doc.parse, f.index, f.text, [{ code: 'off-path', message: '', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } }]), []);
  });
});
