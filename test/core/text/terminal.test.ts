/**
 * The one escaping of text for a terminal (server/src/core/text/terminal.ts): every control and
 * bidirectional control shown as a visible escape, nothing else touched.
 */
import { strict as assert } from 'node:assert';
import { escapeTerminal } from '../../../server/src/core/text/terminal';

/** The characters a terminal acts on, spelt out here apart from the code under test. */
function actedOn(code: number): boolean {
  return code <= 0x1f || (code >= 0x7f && code <= 0x9f)
    || code === 0x061c || code === 0x200e || code === 0x200f
    || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
}

describe('escapeTerminal (core/text/terminal.ts)', () => {
  const TABLE: [input: string, expected: string][] = [
    ['checkout', 'checkout'],
    ['', ''],
    // The name: a window title set by OSC, a bell, then a colour by CSI.
    ['\x1b]0;PWNED\x07\x1b[31mshop', '\\x1b]0;PWNED\\x07\\x1b[31mshop'],
    ['\x00\x01\x08\x09\x0b\x0c\x0d\x1f', '\\x00\\x01\\x08\\x09\\x0b\\x0c\\x0d\\x1f'],
    ['a\nb', 'a\\x0ab'],
    ['\x7f', '\\x7f'],
    // C1: U+009B is a one-byte CSI, U+0085 a next-line, U+009D an OSC.
    ['\u0080\u0085\u009b\u009d\u009f', '\\x80\\x85\\x9b\\x9d\\x9f'],
    // Bidirectional controls (Trojan Source, CVE-2021-42574).
    ['\u202a\u202b\u202c\u202d\u202e', '\\u202a\\u202b\\u202c\\u202d\\u202e'],
    ['\u2066\u2067\u2068\u2069', '\\u2066\\u2067\\u2068\\u2069'],
    ['\u200e\u200f\u061c', '\\u200e\\u200f\\u061c'],
    ['admin\u202e\u2066txt.exe', 'admin\\u202e\\u2066txt.exe'],
    // What a terminal draws stays as it is: Latin-1 letters, marks, other scripts, emoji, symbols.
    ['\u00a0é ñ Ω 東京 عربى 😀 → — …', '\u00a0é ñ Ω 東京 عربى 😀 → — …'],
    // Neighbours of the ranges are left alone.
    ['\u00a0\u200d\u2029\u2070\u061b', '\u00a0\u200d\u2029\u2070\u061b'],
    // A backslash is printed as it is: the escapes are for safety, not a reversible encoding.
    ['C:\\topo\\x1b', 'C:\\topo\\x1b'],
  ];
  for (const [input, expected] of TABLE) {
    // The title shows the expected text only: the input would act on the terminal running the tests.
    it(`→ ${JSON.stringify(expected)}`, () => {
      assert.equal(escapeTerminal(input), expected);
    });
  }

  it('keepNewlines keeps a line break, and only that', () => {
    assert.equal(escapeTerminal('system \x1b[2J:\n  ok\r\n\t\u202e\n', { keepNewlines: true }), 'system \\x1b[2J:\n  ok\\x0d\n\\x09\\u202e\n');
  });

  it('leaves no character a terminal acts on, for every UTF-16 code unit', () => {
    let all = '';
    for (let code = 0; code <= 0xffff; code++) all += String.fromCharCode(code);
    for (const [out, newlines] of [[escapeTerminal(all), false], [escapeTerminal(all, { keepNewlines: true }), true]] as const) {
      for (let i = 0; i < out.length; i++) {
        const code = out.charCodeAt(i);
        if (newlines && code === 0x0a) continue;
        assert.ok(!actedOn(code), `U+${code.toString(16).padStart(4, '0')} at ${i} (keepNewlines: ${newlines})`);
      }
    }
  });

  it('changes nothing else, and escaping twice is escaping once', () => {
    for (let code = 0; code <= 0xffff; code++) {
      const ch = String.fromCharCode(code);
      const once = escapeTerminal(ch);
      if (!actedOn(code)) assert.equal(once, ch, `U+${code.toString(16)}`);
      assert.equal(escapeTerminal(once), once, `U+${code.toString(16)}`);
    }
  });
});
