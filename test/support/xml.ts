/** The one strict XML parser of the tests (saxes, XML 1.0), for every file Topo writes as XML (SVG, MEF). */
import { SaxesParser } from 'saxes';

/** What a parse found: the first error, every run of character data, and each attribute's values by name. */
export interface ParsedXml {
  error?: string;
  texts: string[];
  /** Every attribute value, in document order. */
  attributes: string[];
  /** Attribute values by attribute name, in document order. */
  attributesByName: Map<string, string[]>;
}

/** Parses `xml` strictly (characters XML cannot hold, bad entities, `]]>` in text and `--` in comments are errors). */
export function parseXml(xml: string): ParsedXml {
  const parser = new SaxesParser();
  const parsed: ParsedXml = { texts: [], attributes: [], attributesByName: new Map() };
  parser.on('error', (e) => {
    parsed.error ??= e.message;
  });
  parser.on('text', (t) => parsed.texts.push(t));
  parser.on('opentag', (tag) => {
    for (const [name, value] of Object.entries(tag.attributes)) {
      parsed.attributes.push(String(value));
      parsed.attributesByName.set(name, [...(parsed.attributesByName.get(name) ?? []), String(value)]);
    }
  });
  try {
    parser.write(xml).close();
  } catch (e) {
    parsed.error ??= String(e);
  }
  return parsed;
}
