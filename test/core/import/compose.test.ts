import assert from 'node:assert/strict';
import { composeDraft, isTemplated, kindOfImage } from '../../../server/src/core/import/compose';
import type { DraftLayer, ImportDraft } from '../../../server/src/core/import/draft';
import { parseGoDuration } from '../../../server/src/core/import/duration';
import { IMPORT_LIMITS } from '../../../server/src/core/limits';
import { FILE, treeOf } from './tree';

function draftOf(value: unknown): ImportDraft {
  return composeDraft(treeOf(value), FILE);
}

function layer(d: ImportDraft, name: string): DraftLayer {
  const found = d.systems[0]?.layers.find((l) => l.name === name);
  assert.ok(found, `layer ${name}`);
  return found;
}

describe('compose importer', () => {
  it('makes a layer per service, replicas from deploy.replicas (or scale), every replica in the host zone, assumed figure from the catalogue', () => {
    const d = draftOf({ services: { web: { image: 'example/web', ports: ['80:80'], deploy: { replicas: 3 }, depends_on: ['db'] }, db: { image: 'postgres:16', scale: 2 } } });
    assert.deepEqual(d.errors, []);
    const web = layer(d, 'web');
    assert.equal(web.nodes[0]!.replicas, 3);
    assert.deepEqual(web.nodes[0]!.zones, ['host']);
    assert.deepEqual(web.nodes[0]!.availability, { percent: 99.9, assumed: true, catalogueId: 'topo-default-container' });
    assert.equal(layer(d, 'db').nodes[0]!.replicas, 2);
    assert.equal(layer(d, 'db').kind, 'database');
    assert.deepEqual(d.systems[0]!.zones.map((z) => z.name), ['host']);
    // The service's key line: root map 1, `services` key 2, its map 3, `web` key 4.
    assert.equal(web.location.line, 4);
  });

  it('reads healthcheck durations in Go form and fills Docker defaults, saying which', () => {
    const d = draftOf({ services: { a: { image: 'x', healthcheck: { test: ['CMD', 'true'], interval: '1m30s', retries: 5 } }, b: { image: 'x', healthcheck: { test: ['NONE'] } }, c: { image: 'x' } } });
    assert.deepEqual(layer(d, 'a').healthCheck, { intervalSeconds: 90, timeoutSeconds: 30, unhealthy: 5 });
    assert.ok(layer(d, 'a').notes.some((n) => n.includes('timeout 30s')));
    assert.equal(layer(d, 'b').healthCheck, undefined);
    assert.ok(layer(d, 'b').notes.some((n) => n.includes('disabled')));
    assert.equal(layer(d, 'c').healthCheck, undefined);
  });

  it('orders the path from the entry (published ports) through depends_on, list or map form; the rest is optional', () => {
    const d = draftOf({
      services: {
        worker: { image: 'w', depends_on: ['db'] },
        proxy: { image: 'nginx', ports: ['443:443'], depends_on: { app: { condition: 'service_healthy' } } },
        db: { image: 'postgres' },
        app: { image: 'a', depends_on: ['cache', 'db'] },
        cache: { image: 'redis' },
      },
    });
    assert.deepEqual(d.errors, []);
    assert.deepEqual(d.systems[0]!.path, ['proxy', 'app', 'db', 'cache']);
    assert.equal(layer(d, 'worker').optional, true);
    assert.equal(layer(d, 'app').optional, undefined);
  });

  it('refuses a cycle of depends_on, at the entry that closes it', () => {
    const d = draftOf({ services: { a: { image: 'x', depends_on: ['b'] }, b: { image: 'x', depends_on: ['a'] } } });
    assert.equal(d.errors.length, 1);
    assert.match(d.errors[0]!.message, /cycle: a → b → a/);
    assert.equal(d.errors[0]!.location.file, FILE);
  });

  it('refuses templated values it must read, notes templated images, and names unknown dependencies', () => {
    const t = draftOf({ services: { a: { image: 'x:${TAG}', deploy: { replicas: '${N}' } } } });
    assert.equal(t.errors.length, 1);
    assert.match(t.errors[0]!.message, /templated \(\$\{N\}\)/);
    const img = draftOf({ services: { a: { image: 'x:${TAG}' } } });
    assert.deepEqual(img.errors, []);
    assert.ok(layer(img, 'a').notes.some((n) => n.includes('templated')));
    const dep = draftOf({ services: { a: { image: 'x', depends_on: ['ghost'] } } });
    assert.match(dep.errors[0]!.message, /depends on `ghost`, which is not a service/);
  });

  it('skips unknown top-level keys and extends with a reason, and zero-replica services', () => {
    const d = draftOf({ services: { a: { image: 'x', extends: { service: 'base' } }, off: { image: 'x', deploy: { replicas: 0 } } }, servcies: {}, 'x-common': {}, volumes: {} });
    assert.deepEqual(d.errors, []);
    assert.deepEqual(d.skipped.map((s) => s.what), ['top-level key `servcies`', '`extends` of service `a`', 'service `off`']);
    assert.deepEqual(d.systems[0]!.layers.map((l) => l.name), ['a']);
  });

  it('gives a clear error for an empty file, a file that is not a mapping, and services that are not one', () => {
    assert.match(composeDraft(undefined, FILE).errors[0]!.message, /the file is empty/);
    assert.match(draftOf(['a', 'b']).errors[0]!.message, /not a list/);
    assert.match(draftOf({ services: 'web' }).errors[0]!.message, /must be a mapping/);
    assert.match(draftOf({ version: '3' }).errors[0]!.message, /no `services:` key/);
    assert.match(draftOf({ services: { a: { deploy: { replicas: 1.5 } } } }).errors[0]!.message, /whole number/);
  });

  it('parses Go durations and recognises templates and image kinds', () => {
    assert.equal(parseGoDuration('1m30s'), 90);
    assert.equal(parseGoDuration('500ms'), 0.5);
    assert.equal(parseGoDuration('1.5h'), 5400);
    assert.equal(parseGoDuration('30'), undefined);
    assert.equal(parseGoDuration('soon'), undefined);
    assert.equal(isTemplated('${A}'), true);
    assert.equal(isTemplated('$A'), true);
    assert.equal(isTemplated('$$A'), false);
    assert.equal(isTemplated('plain'), false);
    assert.equal(kindOfImage('docker.io/library/postgres:16@sha256:abc'), 'database');
    assert.equal(kindOfImage('redis:7-alpine'), 'cache');
    assert.equal(kindOfImage('ghcr.io/acme/shop'), undefined);
  });
});

describe('compose importer limits', () => {
  it('refuses more services than IMPORT_LIMITS.services and more replicas than IMPORT_LIMITS.replicas', () => {
    const services = Object.fromEntries(Array.from({ length: IMPORT_LIMITS.services + 1 }, (_, i) => [`s${i}`, { image: 'x' }]));
    assert.match(draftOf({ services }).errors[0]!.message, /1,001 services, more than the import's limit of 1,000/);
    const atLimit = Object.fromEntries(Array.from({ length: IMPORT_LIMITS.services }, (_, i) => [`s${i}`, { image: 'x' }]));
    assert.deepEqual(draftOf({ services: atLimit }).errors, []);
    assert.match(draftOf({ services: { a: { deploy: { replicas: IMPORT_LIMITS.replicas + 1 } } } }).errors[0]!.message, /10,001 replicas, more than the import's limit of 10,000/);
  });
});
