/** The system lens with common causes (docs/language.md "Common causes"): the share of changes, an SLO that excludes maintenance. */
import assert from 'node:assert/strict';
import { codeLenses, systemLensTitle } from '../../../server/src/core/ide/lenses';
import { analyseDocument } from '../../../server/src/core/pipeline';
import { formatShare } from '../../../server/src/core/text/format';

const SHOP = `system shop {
  slo 99.9% excludes maintenance
  layer app {
    deploys 20/week change-failure 5% restore 30m
    node app { availability 99.9% replicas 3 }
  }
  layer db {
    maintenance 1h every 30d
    node db { availability 99.95% replicas 2 }
  }
  path app -> db
}`;

describe('ide/lenses: common causes', () => {
  it('the system lens gives the share of downtime that changes cause, and checks an SLO that excludes maintenance without it', () => {
    const doc = analyseDocument(SHOP);
    const a = doc.systems[0]!.analysis!;
    const [title] = codeLenses(doc, 'file:///shop.topo').map((l) => l.title);
    // U ≈ 2.98e-3 (deploys) + 1.39e-3 (maintenance): the SLO misses with maintenance, meets without it.
    assert.ok(a.unavailability > 1e-3 && a.unavailabilityExcludingMaintenance! > 1e-3, 'the fixture misses either way');
    assert.equal(title, systemLensTitle(a.unavailability, a.nines, a.downtime.year, 0.999, undefined, { changesShare: a.causes.deploys / a.unavailability, sloUnavailability: a.unavailabilityExcludingMaintenance! }));
    assert.match(title!, new RegExp(` · changes ${formatShare(a.causes.deploys / a.unavailability)} · SLO 99\\.9% excl\\. maintenance ✗$`));
    const met = analyseDocument(SHOP.replace('slo 99.9%', 'slo 99.6%'));
    assert.match(codeLenses(met, 'x')[0]!.title, /SLO 99\.6% excl\. maintenance ✓$/);
    const counted = analyseDocument(SHOP.replace('slo 99.9% excludes maintenance', 'slo 99.6%'));
    assert.match(codeLenses(counted, 'x')[0]!.title, /SLO 99\.6% ✗$/);
  });

  it('without common causes, the title is as it was', () => {
    assert.equal(systemLensTitle(6.1e-4, 3.21, 19249, 0.9995), systemLensTitle(6.1e-4, 3.21, 19249, 0.9995, undefined, {}));
    const doc = analyseDocument('system s {\n  slo 99.9%\n  layer app { node app { availability 99.9% replicas 2 } }\n}');
    assert.doesNotMatch(codeLenses(doc, 'x')[0]!.title, /changes|maintenance/);
  });
});
