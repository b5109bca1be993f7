import assert from 'node:assert/strict';
import { assumedText, CATALOGUE, catalogueEntry } from '../../../server/src/core/import/catalogue';

describe('import catalogue', () => {
  it('has well-formed entries: unique ids, percentages in range, a source document and a date on each', () => {
    assert.ok(CATALOGUE.length >= 10);
    assert.equal(new Set(CATALOGUE.map((e) => e.id)).size, CATALOGUE.length, 'ids are unique');
    for (const e of CATALOGUE) {
      assert.match(e.id, /^[a-z0-9-]+$/, e.id);
      assert.ok(e.percent > 0 && e.percent <= 100, `${e.id}: ${e.percent}`);
      assert.ok(e.basis === 'time' || e.basis === 'request', e.id);
      assert.ok(e.service.length > 0 && e.configuration.length > 0, e.id);
      assert.ok(e.source.document.length > 0, `${e.id} names its source document`);
      assert.match(e.source.asOf, /\d{4}-\d{2}-\d{2}/, `${e.id} says when it was recorded`);
      assert.equal(e.id.startsWith('topo-'), e.provider === 'topo', `${e.id}: only Topo's own defaults are topo-*`);
    }
  });

  it('covers the four providers and keeps Topo defaults apart from provider SLAs', () => {
    for (const p of ['aws', 'azure', 'gcp', 'cloudflare', 'topo']) assert.ok(CATALOGUE.some((e) => e.provider === p), p);
    const container = catalogueEntry('topo-default-container');
    assert.match(container.source.document, /no published SLA/);
    assert.doesNotMatch(assumedText(container), /\bSLA \d/, 'a Topo default is not worded as an SLA');
    assert.equal(assumedText(catalogueEntry('aws-rds-multi-az')), 'AWS Amazon RDS, Multi-AZ DB instance: SLA 99.95% [aws-rds-multi-az]');
  });

  it('distinguishes configurations of one service', () => {
    assert.ok(catalogueEntry('aws-rds-multi-az').percent > catalogueEntry('aws-rds-single-az').percent);
    assert.ok(catalogueEntry('aws-ec2-region').percent > catalogueEntry('aws-ec2-instance').percent);
    assert.throws(() => catalogueEntry('no-such-entry'), /no catalogue entry/);
  });
});
