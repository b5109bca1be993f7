import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hover } from '../../../server/src/core/ide/hover';
import { probabilityText } from '../../../server/src/core/ide/figures';
import { birnbaumOf } from '../../../server/src/core/ide/lookup';
import { fixture, textAt } from './fixture';

const example = readFileSync(join(__dirname, '..', '..', '..', 'examples', 'checkout.topo'), 'utf8');

function hoverText(marked: string): string {
  const f = fixture(marked);
  const h = hover(f.doc, f.index, f.position);
  assert.ok(h, 'expected a hover');
  return h.markdown;
}

describe('ide/hover', () => {
  it("gives each replica's own importance when the replicas differ", () => {
    const f = fixture(example.replace('node app {', 'node a<|>pp {'));
    const sys = f.doc.systems[0];
    assert.ok(sys?.analysis);
    const text = hoverText(example.replace('node app {', 'node a<|>pp {'));
    const importances = ['app-1', 'app-2', 'app-3', 'app-4'].map((i) => birnbaumOf(sys, i) as number);
    assert.notEqual(probabilityText(importances[0] as number), probabilityText(importances[1] as number), 'the fixture should have replicas that differ');
    assert.doesNotMatch(text, /each instance/);
    importances.forEach((b, k) => assert.match(text, new RegExp('`app-' + (k + 1) + '` ' + probabilityText(b).replace('.', '\\.'))));
    assert.match(text, /If `app-1` fails: .*\n\nIf `app-2` fails: /);
  });

  it('gives the range of importance over many replicas that differ', () => {
    const text = hoverText(example.replace('node app { availability 99.9% replicas 4', 'node a<|>pp { availability 99.9% replicas 6'));
    assert.match(text, /Birnbaum importance from \S+ \(`app-\d`\) to \S+ \(`app-\d`\), by instance/);
    assert.doesNotMatch(text, /each instance/);
  });

  it('gives one figure when every replica has the same', () => {
    const text = hoverText('system s {\n  layer l { node a<|>pp { availability 99.9% replicas 3 } }\n}');
    assert.match(text, /Birnbaum importance \S+ \(each instance\)/);
    assert.match(text, /If one instance fails: the layer runs on 2 of 3/);
  });

  for (const value of ['0%', '150%']) {
    it(`shows no figures for a node whose availability ${value} was rejected`, () => {
      const text = hoverText(`system s { layer l { node ze<|>ro { availability ${value} } } }`);
      assert.doesNotMatch(text, /100%|unbounded/);
      assert.match(text, /No figures: this declaration has errors/);
    });
  }

  it('shows no figures for a zone whose availability was rejected', () => {
    const text = hoverText('system s {\n  zone a<|>z1 { availability 150% }\n  layer l { node n { availability 99% zone az1 } }\n}');
    assert.doesNotMatch(text, /100%/);
    assert.match(text, /No figures/);
  });

  it('covers the whole instance name in a site-qualified fail target', () => {
    const marked = 'system s {\n  layer g { site east { layer a { node app { availability 99% replicas 2 } } path a } }\n  path g\n  scenario "x" { fail east.ap<|>p-1 }\n}';
    const f = fixture(marked);
    const h = hover(f.doc, f.index, f.position);
    assert.ok(h?.range);
    assert.equal(textAt(f.text, h.range), 'app-1');
    assert.match(h.markdown, /\*\*instance\*\* `east\.app-1`/);
  });
});
