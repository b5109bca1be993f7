import assert from 'node:assert/strict';
import { parse } from '../../../grammar/src/index';
import { formatText } from '../../../server/src/core/ide/format';
import type { DraftLayer, DraftNode, ImportDraft } from '../../../server/src/core/import/draft';
import { emitDraft } from '../../../server/src/core/import/emit';
import { completeImport } from '../../../server/src/core/import/index';
import { analyseDocument } from '../../../server/src/core/pipeline';

const at = (line: number): { file: string; line: number; column: number } => ({ file: 'compose.yml', line, column: 3 });

function node(name: string, replicas: number, line: number): DraftNode {
  return { name, replicas, zones: ['host'], location: at(line), notes: [], availability: { percent: 99.9, assumed: true, catalogueId: 'topo-default-container' } };
}

function layer(name: string, replicas: number, line: number, extra: Partial<DraftLayer> = {}): DraftLayer {
  return { name, nodes: [node(name, replicas, line)], location: at(line), notes: [], ...extra };
}

function draftOf(layers: DraftLayer[], path: string[] = []): ImportDraft {
  return {
    source: 'compose', files: ['compose.yml'], skipped: [], errors: [],
    systems: [{ name: 'shop "v2"', regions: [], zones: [{ name: 'host', notes: ['one host'] }], layers, path, notes: ['a note\nwith a line break'] }],
  };
}

describe('import emit', () => {
  it('writes a draft that parses, checks without errors and is formatted (fmt is idempotent)', () => {
    const draft = draftOf([
      layer('my.proxy', 1, 5, { kind: 'load-balancer', healthCheck: { intervalSeconds: 10, timeoutSeconds: 2, unhealthy: 3 } }),
      layer('web', 3, 10),
      layer('web-1', 1, 20),
      layer('node', 2, 30, { optional: true }),
      layer('2fast', 1, 40, { replication: { mode: 'async', lagSeconds: 5 } }),
    ], ['my.proxy', 'web', 'web-1', '2fast']);
    const { text, layerNames } = emitDraft(draft);
    const doc = analyseDocument(text);
    assert.deepEqual(doc.diagnostics.filter((d) => d.severity === 'error'), [], text);
    assert.equal(formatText(parse(text), text), text, 'formatting the draft changes nothing');
    // Names: sanitised, keywords and clashes with replica instance names (web-1 of `web ×3`) avoided.
    assert.deepEqual([...layerNames.values()], ['my-proxy', 'web', 'web-1-2', 'node_', '_2fast']);
    assert.match(text, /# Compose service `my\.proxy` \(written my-proxy: not a Topo identifier, or taken\), line 5/);
    assert.match(text, /path my-proxy -> web -> web-1-2 -> _2fast/);
    assert.match(text, /^system "shop \\"v2\\"" \{/m);
    assert.match(text, /# a note with a line break/);
  });

  it('writes a layer of several nodes (a primary and a standby, as the next importers will) with zones, regions and replication', () => {
    const draft = draftOf([]);
    const sys = draft.systems[0]!;
    sys.regions.push({ name: 'eu-west-1', notes: [] });
    sys.zones = [{ name: 'eu-west-1a', region: 'eu-west-1', notes: [] }, { name: 'eu-west-1b', region: 'eu-west-1', notes: [], availability: { percent: 99.99, assumed: true, catalogueId: 'aws-ec2-region' } }];
    const primary = { ...node('db.primary', 1, 3), zones: ['eu-west-1a'] };
    const standby = { ...node('standby', 1, 4), zones: ['eu-west-1b'], standby: 'warm' as const };
    sys.layers.push({ name: 'db', kind: 'database', mode: 'active-passive', nodes: [primary, standby], replication: { mode: 'sync' }, healthCheck: { intervalSeconds: 5, unhealthy: 3 }, location: at(2), notes: [] });
    const { text } = emitDraft(draft);
    const doc = analyseDocument(text);
    assert.deepEqual(doc.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), [], text);
    assert.equal(formatText(parse(text), text), text);
    assert.match(text, /region eu-west-1\n/);
    assert.match(text, /zone eu-west-1a in eu-west-1\n/);
    assert.match(text, /# assumed: AWS Amazon EC2, instances deployed across two or more Availability Zones of a region \(Region-level SLA\): SLA 99\.99% \[aws-ec2-region\]/);
    assert.match(text, /node db-primary \{/);
    assert.match(text, /# node `standby` \(written standby_\)\s*node standby_ \{/);
    assert.equal(doc.systems[0]!.model.layers[0]!.mode, 'active-passive');
  });

  it('marks every assumed availability with the catalogue entry it comes from', () => {
    const { text } = emitDraft(draftOf([layer('a', 1, 1), layer('b', 2, 2)]));
    const lines = text.split('\n').filter((l) => /^\s*availability /.test(l));
    assert.equal(lines.length, 2);
    for (const l of lines) assert.match(l, /availability 99\.9% {2}# assumed: Topo default 99\.9% for a container or process replica, no published SLA \[topo-default-container\]$/);
    const given = draftOf([layer('a', 1, 1)]);
    given.systems[0]!.layers[0]!.nodes[0]!.availability = { percent: 99.95, assumed: false };
    const written = emitDraft(given).text;
    assert.match(written, /availability 99\.95%/);
    assert.doesNotMatch(written, /99\.95% *#/, 'a figure the source gives carries no assumed comment');
  });
});

describe('import findings', () => {
  it('costs a single replica with the engine: Birnbaum × its unavailability, checked by hand', () => {
    // Path a (1 replica, q = 0.001) -> b (2 replicas, q = 0.001 each); the host zone never fails.
    // Birnbaum(a) = P(down | a down) − P(down | a up) = 1 − U_b, U_b = 0.001² = 1e-6.
    // Cost = 0.001 × (1 − 1e-6) × 525,960 min/yr = 525.959474… min.
    const result = completeImport(draftOf([layer('a', 1, 7), layer('b', 2, 9)], ['a', 'b']));
    const single = result.findings.find((f) => f.check === 'single-replica');
    assert.ok(single, JSON.stringify(result.findings));
    assert.ok(Math.abs(single.minutesPerYear! - 0.001 * (1 - 1e-6) * 525_960) < 1e-9, String(single.minutesPerYear));
    assert.deepEqual(single.location, at(7));
    assert.deepEqual(single.cutSet, ['a']);
    assert.match(single.message, /^service `a` runs 1 replica: a single point of failure, costing about 8h 46m a year/);
    // The host zone: a single point of failure with no figure, tied to the zone.
    const zone = result.findings.find((f) => f.check === 'single-zone');
    assert.ok(zone);
    assert.equal(zone.minutesPerYear, undefined);
    // No health check on either layer: one finding each, with a cut set that holds the layer.
    const hc = result.findings.filter((f) => f.check === 'no-healthcheck');
    assert.deepEqual(hc.map((f) => f.location.line), [7, 9]);
    assert.ok(hc[1]!.cutSet!.every((e) => e === 'host' || e.startsWith('b')), JSON.stringify(hc[1]!.cutSet));
  });

  it('writes no draft and draws no finding when the draft has errors', () => {
    const d = draftOf([layer('a', 1, 1)]);
    d.errors.push({ location: at(3), message: 'broken' });
    const r = completeImport(d);
    assert.equal(r.topo, undefined);
    assert.deepEqual(r.findings, []);
  });
});
