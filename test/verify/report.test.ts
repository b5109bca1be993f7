/** The shared formatters and the SARIF writer, table-driven. */
import { strict as assert } from 'node:assert';
import { sarifLevel, toSarif } from '../../server/src/core/report/sarif';
import { range } from '../../grammar/src/text';
import { analyseDocument } from '../../server/src/core/pipeline';
import { formatSystemReport } from '../../server/src/core/report/text';
import { formatAvailability, formatDuration, formatNines, formatProbability, formatShare, formatTopoDuration } from '../../server/src/core/text/format';

describe('report formatters', () => {
  const cases: [string, string, string][] = [
    // [what, got, expected]
    ['spec example', formatAvailability(6.114987e-4), '99.93885%'],
    ['three nines', formatAvailability(1e-3), '99.9000%'],
    ['tiny U stays visible', formatAvailability(3.3e-9), '99.9999996700%'],
    ['perfect', formatAvailability(0), '100%'],
    ['never rounds to 100: past 11 nines, nines', formatAvailability(1e-15), '15.00 nines'],
    ['half', formatAvailability(0.5), '50.00%'],
    ['nines', formatNines(3.2133), '3.21'],
    ['infinite nines', formatNines(Infinity), '∞'],
    ['year of 99.9%', formatDuration(1e-3 * 31_557_600), '8h 46m'],
    ['month of 99.9%', formatDuration(1e-3 * 2_629_800), '43m 50s'],
    ['week of 99.9%', formatDuration(1e-3 * 604_800), '10m 5s'],
    ['spec example year', formatDuration(6.114987e-4 * 31_557_600), '5h 22m'],
    ['seconds', formatDuration(15), '15s'],
    ['milliseconds', formatDuration(0.25), '250ms'],
    ['zero', formatDuration(0), '0s'],
    ['one hour', formatDuration(3600), '1h'],
    ['59m 59.9s rounds up', formatDuration(7199.9), '2h'],
    ['days', formatDuration(3 * 86400 + 4 * 3600), '3d 4h'],
    ['unbounded', formatDuration(Infinity), 'unbounded'],
    ['probability', formatProbability(6.114987e-4), '6.11e-4'],
    ['probability 6 digits', formatProbability(6.114987e-4, 6), '6.11499e-4'],
    ['large probability', formatProbability(0.5), '0.5'],
    ['share', formatShare(1.2238), '122%'],
    ['small share', formatShare(0.004), '0.4%'],
    ['topo duration', formatTopoDuration(300), '5m'],
    ['topo duration s', formatTopoDuration(15), '15s'],
  ];
  for (const [what, got, expected] of cases) it(`${what}: ${expected}`, () => assert.equal(got, expected));
});

describe('text report', () => {
  it('lists layers, sites and SPOFs of a system with sites', () => {
    const doc = analyseDocument(`system s {
  zone z1 { availability 99.99% }
  layer dc {
    site east { layer app { node a { availability 99.9% zone z1 } } }
    site west { standby warm layer app { node b { availability 99.9% } } }
  }
}`);
    const system = doc.systems[0];
    assert.ok(system);
    const text = formatSystemReport(system);
    assert.match(text, /^system s: 99\.\d+% available \(\d\.\d\d nines\)/);
    assert.match(text, /\n {2}layer +mode +k\/n +availability +RTO +RPO\n/);
    assert.match(text, /\n {2}east\.app +active-active +1\/1 /);
    assert.match(text, /\n {2}site +availability +failures\/year +RTO\n {2}east /);
    assert.match(text, /single points of failure|no single point of failure/);
  });
});

describe('SARIF', () => {
  it('maps severities to levels', () => {
    assert.deepEqual(['error', 'warning', 'info'].map((s) => sarifLevel(s as 'error')), ['error', 'warning', 'note']);
  });

  it('writes 1-based regions, one rule per code, relative URIs', () => {
    const log = toSarif(
      [
        {
          uri: 'dir/a b.topo',
          diagnostics: [
            { severity: 'warning', code: 'spof', message: 'lb1 is a SPOF', range: range(16, 4, 16, 12) },
            { severity: 'warning', code: 'spof', message: 'az1 is a SPOF', range: range(6, 2, 6, 10) },
            { severity: 'info', code: 'no-availability', message: 'note', range: range(0, 0, 0, 1) },
          ],
        },
      ],
      '1.2.3',
    ) as { version: string; runs: { tool: { driver: { name: string; version: string; rules: { id: string; shortDescription: { text: string }; helpUri: string }[] }; informationUri?: string }; results: { ruleIndex: number; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: Record<string, number> } }[] }[] }[] };
    assert.equal(log.version, '2.1.0');
    const run = log.runs[0];
    assert.ok(run);
    assert.deepEqual(run.tool.driver.rules.map((r) => r.id), ['spof', 'no-availability']);
    assert.ok(run.tool.driver.rules.every((r) => r.shortDescription.text.length > 0));
    // Each rule's help is its section of the language reference (docs/language.md, tested to exist).
    assert.deepEqual(run.tool.driver.rules.map((r) => r.helpUri), [
      'https://github.com/topo-dev/topo/blob/main/docs/language.md#spof',
      'https://github.com/topo-dev/topo/blob/main/docs/language.md#no-availability',
    ]);
    assert.deepEqual(run.results.map((r) => r.ruleIndex), [0, 0, 1]);
    assert.equal(run.results[2]?.level, 'note');
    const loc = run.results[0]?.locations[0]?.physicalLocation;
    assert.equal(loc?.artifactLocation.uri, 'dir/a%20b.topo');
    assert.deepEqual(loc?.region, { startLine: 17, startColumn: 5, endLine: 17, endColumn: 13 });
  });
});
