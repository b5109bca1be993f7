/**
 * Pathological structure (issue 3, "Bad input"): exact when it can be, else a named limit and
 * bounds — never a hang, never a wrong number presented as exact.
 */
import { strict as assert } from 'node:assert';
import { Engine, compileSystem } from '../../../server/src/core/analysis/index';
import { analyseDocument } from '../../../server/src/core/pipeline';
import { modelOf } from './fixtures';

const zones = (n: number, avail: (i: number) => string): string =>
  Array.from({ length: n }, (_, i) => `zone z${i} { availability ${avail(i)} }`).join('\n');
const zoneList = (n: number): string => `zones [${Array.from({ length: n }, (_, i) => `z${i}`).join(', ')}]`;

function analysed(text: string) {
  const doc = analyseDocument(text);
  const a = doc.systems[0]?.analysis;
  assert.ok(a, doc.diagnostics.map((d) => d.message).join('\n'));
  return { doc, a };
}

describe('analysis limits', function () {
  this.timeout(120_000);

  it('40 zones each hosting a slice of one layer: exact (the zones fold into the layer)', () => {
    const { a } = analysed(`system s { ${zones(40, () => '99.9%')} layer app { min 200 node a { availability 99% replicas 400 ${zoneList(40)} } } }`);
    assert.equal(a.exact, true);
    assert.ok(a.unavailability > 0 && a.unavailability < 1e-40);
  });

  it('40 identical zones shared by two layers: exact (enumerated by how many are down)', () => {
    const { a } = analysed(`system s { ${zones(40, () => '99.9%')}
      layer app { min 360 node a { availability 99.9% replicas 400 ${zoneList(40)} } }
      layer db { min 30 node d { availability 99% replicas 40 ${zoneList(40)} } } }`);
    assert.equal(a.exact, true);
    assert.deepEqual(a.limits, []);
  });

  it('40 distinct zones shared by two layers: a named limit and proven bounds, never a silent guess', () => {
    const { doc, a } = analysed(`system s { ${zones(40, (i) => `${(99 + i * 0.02).toFixed(2)}%`)}
      layer app { min 200 node a { availability 99% replicas 400 ${zoneList(40)} } }
      layer db { min 20 node d { availability 99% replicas 40 ${zoneList(40)} } } }`);
    assert.equal(a.exact, false);
    assert.ok(a.limits.some((l) => /budget/.test(l) && /shared domains/.test(l)), a.limits.join('; '));
    const [lo, hi] = a.unavailabilityBounds!;
    assert.ok(lo <= hi && a.unavailability === hi, 'the figure shown is the upper bound');
    const limit = doc.diagnostics.find((d) => d.code === 'analysis-limit');
    assert.ok(limit && limit.severity === 'warning' && /upper bound/.test(limit.message));
  });

  it('200,000 replicas: exact', () => {
    const { a } = analysed(`system s { ${zones(4, () => '99.95%')}
      layer lb { node lb { availability 99.9% replicas 4 ${zoneList(4)} } }
      layer app { min 1000 node a { availability 99.9% replicas 200000 ${zoneList(4)} } } }`);
    assert.equal(a.exact, true);
    assert.equal(a.layers.find((l) => l.name === 'app')!.n, 200_000);
  });

  it('k = 5,000 of 10,000: exact, and equal to the binomial tail computed directly', () => {
    const text = `system s { layer app { min 5000 node a { availability 50.5% replicas 10000 } } }`;
    const { a } = analysed(text);
    assert.equal(a.exact, true);
    // P(Binomial(10000, 0.495) ≥ 5001 down), summed in log space independently of the engine.
    const n = 10_000;
    const p = 0.495;
    const logC: number[] = [0];
    for (let j = 1; j <= n; j++) logC[j] = logC[j - 1]! + Math.log((n - j + 1) / j);
    let want = 0;
    for (let j = 5001; j <= n; j++) want += Math.exp(logC[j]! + j * Math.log(p) + (n - j) * Math.log1p(-p));
    assert.ok(Math.abs(a.unavailability - want) / want < 1e-9, `${a.unavailability} vs ${want}`);
  });

  it('deep nesting of sites: exact, and the same as the flat equivalent', () => {
    let counter = 0;
    const nest = (depth: number): string => {
      const id = counter++;
      if (depth === 0) return `layer app${id} { node a${id} { availability 99% replicas 2 zones [z0, z1] } }`;
      return `layer l${id} { min 1 site s${id}a { ${nest(depth - 1)} } site s${id}b { ${nest(depth - 1)} } }`;
    };
    const { a } = analysed(`system s { ${zones(2, () => '99.9%')} ${nest(6)} }`);
    assert.equal(a.exact, true);
    // 64 leaf sites in parallel, each a 1-of-2 over z0, z1: the system is down iff every
    // instance is effectively down; conditioning on the two zones gives it in closed form.
    const uz = 0.001;
    const ui = 0.01;
    const both = (1 - uz) * (1 - uz) * ui ** 128;
    const one = 2 * uz * (1 - uz) * ui ** 64;
    const want = uz * uz + one + both;
    assert.ok(Math.abs(a.unavailability - want) / want < 1e-12, `${a.unavailability} vs ${want}`);
  });

  it('an exhausted budget reports its name and keeps a lower and an upper bound', () => {
    const m = modelOf(`system s { ${zones(12, (i) => `${90 + i / 2}%`)}
      layer a { min 3 node a { availability 99% replicas 12 ${zoneList(12)} } }
      layer b { min 2 node b { availability 99% replicas 12 ${zoneList(12)} } } }`);
    const spec = compileSystem(m);
    const exact = new Engine(spec).down(spec.path);
    const starved = new Engine(spec).down(spec.path, 20_000);
    assert.equal(exact.exact, true);
    assert.equal(starved.exact, false);
    assert.match(starved.limits[0]!, /budget/);
    assert.ok(starved.down <= exact.down && exact.down <= starved.down + starved.errorBound);
  });
});
