/**
 * The one XML escaping (server/src/core/text/xml.ts), one table per kind of output: text,
 * attribute values and comments, with the characters XML 1.0 cannot hold.
 */
import { strict as assert } from 'node:assert';
import { escapeXmlAttribute, escapeXmlComment, escapeXmlText, xmlChars } from '../../../server/src/core/text/xml';

const TABLE: [string, (text: string) => string, [input: string, expected: string][]][] = [
  ['xmlChars', xmlChars, [
    ['plain é 😀', 'plain é 😀'],
    ['\t\n\r', '\t\n\r'],
    ['a\u0000b\u0001\u001f\u007f', 'a\uFFFDb\uFFFD\uFFFD\u007f'], // DEL is an XML character
    ['\uFFFE\uFFFF', '\uFFFD\uFFFD'],
    ['\ud800x\udc00', '\uFFFDx\uFFFD'], // lone surrogates
    ['\u{10FFFF}\u202e', '\u{10FFFF}\u202e'],
  ]],
  ['escapeXmlText', escapeXmlText, [
    ['a<b>&c', 'a&lt;b&gt;&amp;c'],
    [']]>', ']]&gt;'],
    ['"\'', '"\''],
    ['a\r\nb\u0007', 'a&#13;\nb\uFFFD'],
    ['&amp;', '&amp;amp;'],
  ]],
  ['escapeXmlAttribute', escapeXmlAttribute, [
    ['a<b>&c', 'a&lt;b&gt;&amp;c'],
    ['"\'', '&quot;&apos;'],
    ['a\tb\nc\rd', 'a&#9;b&#10;c&#13;d'],
    ['\u0000', '\uFFFD'],
  ]],
  ['escapeXmlComment', escapeXmlComment, [
    ['a--b', 'a- -b'],
    ['---', '- - - '],
    ['ends-', 'ends- '],
    ['a-b <&>', 'a-b <&>'],
    ['\u0001', '\uFFFD'],
  ]],
];

describe('XML escaping', () => {
  for (const [name, escape, rows] of TABLE) {
    it(name, () => {
      for (const [input, expected] of rows) assert.equal(escape(input), expected, JSON.stringify(input));
    });
  }
});
