/**
 * The one XML escaping of Topo: every XML file it writes (the Open-PSA MEF export, the diagram's
 * SVG) puts text, attribute values and comments through these functions, so a name holding
 * `<`, `&`, `]]>`, `--` or a control character still gives a well-formed document.
 *
 * - **Characters XML 1.0 cannot hold**, even as a character reference (most C0 controls, lone
 *   surrogates, U+FFFE and U+FFFF), become U+FFFD, visibly: the reader sees that something was
 *   there. Tab, line feed and carriage return are kept.
 * - **Text** escapes `&`, `<` and `>` (so `]]>` cannot appear), and writes a carriage return as
 *   `&#13;` so the parser's line-end normalisation does not turn it into a line feed.
 * - **An attribute value** (written between double or single quotes) escapes `&`, `<`, `>`, `"`
 *   and `'`, and writes tab, line feed and carriage return as references, which attribute-value
 *   normalisation would otherwise turn into spaces.
 * - **A comment** cannot be escaped, only kept legal: no `--` inside and no `-` at its end, so a
 *   space is put after any dash another dash follows or the comment ends with.
 */

/** Any character XML 1.0 does not allow (its `Char` production), lone surrogates included. */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** What a character XML cannot hold is written as. */
export const XML_REPLACEMENT_CHARACTER = '\uFFFD';

/** `text` with every character XML 1.0 cannot hold replaced by U+FFFD. */
export function xmlChars(text: string): string {
  return text.replace(NOT_XML_CHAR, XML_REPLACEMENT_CHARACTER);
}

const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };
const ATTRIBUTE_ESCAPES: Record<string, string> = { ...TEXT_ESCAPES, '"': '&quot;', "'": '&apos;', '\t': '&#9;', '\n': '&#10;' };

/** `text` as an element's character data. */
export function escapeXmlText(text: string): string {
  return xmlChars(text).replace(/[&<>\r]/g, (c) => TEXT_ESCAPES[c] ?? c);
}

/** `text` as an attribute value, inside either kind of quotes. */
export function escapeXmlAttribute(text: string): string {
  return xmlChars(text).replace(/[&<>"'\t\n\r]/g, (c) => ATTRIBUTE_ESCAPES[c] ?? c);
}

/** `text` as the inside of `<!-- … -->`: no `--`, no trailing `-`. */
export function escapeXmlComment(text: string): string {
  return xmlChars(text).replace(/-(?=-|$)/g, '- ');
}
