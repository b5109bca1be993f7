/** The webview's `reveal` message as the diagram panel takes it: parsed, then checked against the document. */
import { strict as assert } from 'node:assert';
import { revealableRange, type DocumentLines } from '../../client/src/reveal';
import { parseFromWebview } from '../../webview/src/protocol';

/** A document of these lines. */
function lines(...text: string[]): DocumentLines {
  return { lineCount: text.length, lineLength: (line) => text[line]?.length ?? Number.NaN };
}

const doc = lines('system checkout {', '  layer lb { node lb1 }', '}');

/** What the panel does with a message from the webview: the range it would reveal, or why none. */
function revealed(message: unknown): ReturnType<typeof revealableRange> {
  const parsed = parseFromWebview(message);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  assert.equal(parsed.message.type, 'reveal');
  if (parsed.message.type !== 'reveal') throw new Error('not a reveal');
  return revealableRange(parsed.message.range, doc);
}

const at = (line: number, character: number, endLine = line, endCharacter = character) => ({
  type: 'reveal', range: { start: { line, character }, end: { line: endLine, character: endCharacter } },
});

describe('client: the diagram\'s reveal message', () => {
  it('passes on a range inside the document, its ends included', () => {
    for (const m of [at(1, 15, 1, 23), at(0, 0), at(2, 1), at(0, 17, 2, 0)]) {
      const r = revealed(m);
      assert.ok(r.ok, JSON.stringify(r));
      assert.deepEqual(r.range, m.range);
    }
  });

  it('refuses negative, fractional and infinite positions, naming the field', () => {
    for (const [m, field] of [
      [at(-1, 0), /range\.start\.line must be a whole number from 0 to 2/],
      [at(1, -3), /range\.start\.character must be a whole number from 0 to 23/],
      [at(0.5, 0), /range\.start\.line .* not 0\.5/],
      [at(1, 2.5), /range\.start\.character .* not 2\.5/],
      [at(0, 0, 1, Infinity), /range\.end\.character .* not Infinity/],
      [at(0, 0, -Infinity, 0), /range\.end\.line .* not -Infinity/],
    ] as const) {
      const r = revealed(m);
      assert.ok(!r.ok, `${JSON.stringify(m)} was passed on`);
      assert.match(r.error, field);
    }
  });

  it('refuses positions past the document\'s lines or past the end of their line', () => {
    for (const [m, field] of [
      [at(3, 0), /range\.start\.line must be a whole number from 0 to 2 \(the document's lines\), not 3/],
      [at(0, 0, 1_000_000, 0), /range\.end\.line .* not 1000000/],
      [at(0, 18), /range\.start\.character must be a whole number from 0 to 17 \(line 0's length\), not 18/],
      [at(2, 0, 2, 2), /range\.end\.character .* from 0 to 1 .* not 2/],
    ] as const) {
      const r = revealed(m);
      assert.ok(!r.ok, `${JSON.stringify(m)} was passed on`);
      assert.match(r.error, field);
    }
  });

  it('refuses a range whose start is after its end', () => {
    const r = revealed(at(1, 5, 0, 3));
    assert.ok(!r.ok);
    assert.match(r.error, /range\.start \(1:5\) is after range\.end \(0:3\)/);
  });

  it('refuses what is not a reveal of a range at all (the webview protocol\'s own check)', () => {
    for (const m of [{ type: 'reveal' }, { type: 'reveal', range: { start: { line: 'a', character: 0 }, end: { line: 0, character: 0 } } }, { type: 'reveal', range: null }]) {
      assert.ok(!revealed(m).ok, JSON.stringify(m));
    }
  });
});
