import { strict as assert } from 'node:assert';
import { parse } from '../../grammar/src/index';
import { allMistakes, CORPUS, grammarDiagnostics, type Mistake } from './mistakes';
import { show } from './helpers';

/**
 * The sweep: every single mistake (a token deleted, doubled, misspelt, capitalised, a stray
 * character or brace, a value without its number or with a space before its unit, a string left
 * open, a '->' with no layer, …) made at every token of the worked example and of a text with
 * every construct. One mistake should give one grammar diagnostic. Before the recovery work 465
 * of these 1,829 inputs gave two or more (252 of the 1,315 without stray braces); now none does,
 * and this test keeps it there.
 */
describe('single mistakes: one grammar diagnostic each (the sweep)', () => {
  const mistakes = allMistakes();

  it('makes the same 1,829 mistakes every run (the sweep cannot silently shrink)', () => {
    assert.equal(mistakes.length, 1829);
    for (const { name, text } of CORPUS) assert.deepEqual(parse(text).diagnostics, [], `${name} must be valid`);
  });

  it('gives no mistake two or more grammar diagnostics', () => {
    const multiple = mistakes
      .map((m) => ({ m, diags: grammarDiagnostics(m.text) }))
      .filter(({ diags }) => diags.length >= 2)
      .map(({ m, diags }) => `${m.source}: ${m.label} → ${diags.map((d) => `${show(d.range)} ${d.message}`).join(' | ')}`);
    assert.deepEqual(multiple, []);
  });

  it('gives every mistake a diagnostic, except the few that leave a valid text', () => {
    // A temperature is optional, `optional` is a flag, `standby standby` is the model's
    // duplicate-property, and `east.a` without its dot is the name `easta`.
    const silent = mistakes.filter((m) => grammarDiagnostics(m.text).length === 0).map((m) => `${m.source}: ${m.label}`);
    assert.deepEqual(silent, [
      "checkout: duplicate 'standby' at 27:59",
      "checkout: delete 'hot' at 27:67",
      "every-construct: delete 'optional' at 10:4",
      "every-construct: duplicate 'optional' at 10:4",
      "every-construct: duplicate 'standby' at 14:33",
      "every-construct: delete 'warm' at 14:41",
      "every-construct: duplicate 'standby' at 19:16",
      "every-construct: delete 'cold' at 19:24",
      "every-construct: delete '.' at 22:49",
    ]);
  });

  it('keeps the last item of the file after any mistake on another line', () => {
    // What follows a mistake must still parse: the language server analyses it while the user types.
    const lastItem = (text: string): string | undefined => {
      const sys = parse(text).ast.systems[0];
      return sys?.scenarios[sys.scenarios.length - 1]?.name?.text ?? sys?.paths[sys.paths.length - 1]?.layers.map((l) => l.name).join(' -> ');
    };
    const expected = new Map(CORPUS.map(({ name, text }) => [name, { item: lastItem(text), line: lastLine(text) }]));
    const lost = mistakes.filter((m: Mistake) => {
      const want = expected.get(m.source);
      return want !== undefined && lineOf(m.label) !== want.line && lastItem(m.text) !== want.item;
    });
    assert.deepEqual(lost.map((m) => `${m.source}: ${m.label}`), []);
  });
});

/** The line of the last item (the line before the closing brace). */
function lastLine(text: string): number {
  return text.trimEnd().split('\n').length - 2;
}

/** The line a mistake was made on, from its label ("delete 'x' at 12:4"). */
function lineOf(label: string): number {
  return Number(/ at (\d+):\d+$/.exec(label)?.[1] ?? -1);
}
