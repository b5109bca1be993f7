/**
 * Every XML file Topo writes is well-formed whatever the names in it: for seeded random names
 * made of what XML and HTML treat specially (`<>&'"`, `]]>`, `--`, C0 controls, lone
 * surrogates, U+FFFE, bidi controls, line separators, astral characters), the MEF export and the
 * diagram's SVG parse with a strict XML parser (saxes, checked first to reject malformed input),
 * and each name reads back as written, less the characters XML cannot hold (U+FFFD). The
 * standalone HTML page keeps the same names inert: they cannot close its `<script>` elements.
 */
import { strict as assert } from 'node:assert';
import { toMef } from '../../../server/src/core/export/mef';
import type { SystemModel } from '../../../server/src/core/model/types';
import { xmlChars } from '../../../server/src/core/text/xml';
import type { DiagramView } from '../../../server/src/core/diagram/view-model';
import { buildStandaloneHtml, jsonForScript } from '../../../webview/src/export/html';
import { renderSvgText } from '../../../webview/src/export/node-svg';
import { Random } from '../../support/random';
import { smallZonedSystem } from '../../verify/fixtures';
import { checkoutView } from '../../webview/fixtures';
import { parseXml, type ParsedXml } from '../../support/xml';

const CASES = 200;

function assertWellFormed(xml: string, what: string): ParsedXml {
  const parsed = parseXml(xml);
  assert.equal(parsed.error, undefined, `${what} is not well-formed XML`);
  return parsed;
}

const PIECES = [
  '<', '>', '&', "'", '"', ']]>', ']]', '--', '-', '<!--', '-->', '</script>', '</SCRIPT', '<![CDATA[', '&amp;', '&#0;', '&lt',
  '\u0000', '\u0001', '\u0007', '\u0008', '\u000b', '\u000c', '\u001b', '\u001f', '\u007f', '\u0085', '\t', '\n', '\r', '\r\n',
  '\u202e', '\u202d', '\u2066', '\u2069', '\u200f', '\u200b', '\u2028', '\u2029', '\ufeff', '\ufffe', '\uffff', '\ud800', '\udfff',
  '\u{1F600}', '\u{10FFFF}', '\u{1D11E}', 'é', 'ß', '漢', ' ', 'a', 'z', '0', '_', '.',
];

/** A name of 1–8 pieces, mostly special ones. */
function randomName(random: Random): string {
  let name = '';
  for (let n = random.int(1, 8); n > 0; n--) name += random.pick(PIECES);
  return name;
}

/** `count` distinct random names. */
function distinctNames(random: Random, count: number): string[] {
  const names = new Set<string>();
  while (names.size < count) names.add(randomName(random));
  return [...names];
}

/** A small system (a region, two zones, a DNS pair, a zoned app pair) with every name random. */
function randomSystem(random: Random): SystemModel {
  return smallZonedSystem(distinctNames(random, 10));
}

/** Keys of the view model whose strings are names or text a person wrote or reads. */
const TEXT_KEYS = new Set(['name', 'id', 'node', 'zone', 'region', 'from', 'to', 'path', 'label', 'requirement', 'tooltip', 'parts']);

/** `view` with every name and text replaced, the same string always by the same name, so references still resolve. */
function renamedView(view: DiagramView, random: Random): DiagramView {
  const renames = new Map<string, string>();
  const used = new Set<string>();
  const rename = (s: string): string => {
    let to = renames.get(s);
    if (to === undefined) {
      do to = randomName(random);
      while (used.has(to));
      used.add(to);
      renames.set(s, to);
    }
    return to;
  };
  const walk = (value: unknown, key?: string): unknown => {
    if (typeof value === 'string') return key !== undefined && TEXT_KEYS.has(key) ? rename(value) : value;
    if (Array.isArray(value)) return value.map((v) => walk(v, key));
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k)]));
    return value;
  };
  return walk(view) as DiagramView;
}

describe('XML exports are well-formed for any name', () => {
  it('the parser is strict: it rejects malformed XML', () => {
    for (const bad of ['<a>&</a>', '<a>&b;</a>', '<a>\u0001</a>', '<a>&#1;</a>', '<a>]]></a>', '<a b="<"/>', '<!-- a -- b --><a/>', '<a>\ufffe</a>', '<a><b></a>']) {
      assert.notEqual(parseXml(bad).error, undefined, JSON.stringify(bad));
    }
    assert.equal(parseXml('<a b="&lt;&quot;">&amp;]]&gt;\u{1F600}\u202e</a>').error, undefined);
  });

  it('MEF: parses, and every label reads back as written', () => {
    const random = new Random(21_05);
    for (let i = 0; i < CASES; i++) {
      const model = randomSystem(random);
      const exported = toMef([model]);
      assert.ok(exported.ok, exported.ok ? '' : exported.error);
      const parsed = assertWellFormed(exported.mef.xml, `case ${i}: MEF of ${JSON.stringify(model.name)}`);
      const texts = new Set(parsed.texts);
      for (const event of exported.mef.trees[0]?.basicEvents ?? []) {
        assert.ok(texts.has(xmlChars(event.label)), `case ${i}: the label of ${event.name} reads back`);
      }
      for (const gate of exported.mef.trees[0]?.gates ?? []) assert.ok(parsed.attributes.includes(gate.name), `case ${i}: gate ${gate.name}`);
    }
  });

  it('SVG: parses, and every name reads back as written', () => {
    const random = new Random(21_06);
    for (let i = 0; i < CASES / 4; i++) {
      const view = renamedView(checkoutView(), random);
      const css = `.a > .b { content: "${randomName(random)}" }`;
      const parsed = assertWellFormed(renderSvgText(view, css), `case ${i}: SVG`);
      const text = parsed.texts.join('\n');
      const system = view.systems[0];
      assert.ok(system);
      for (const name of [system.name, ...system.scope.layers.flatMap((l) => l.instances.map((n) => n.name))]) {
        assert.ok(text.includes(xmlChars(name)), `case ${i}: ${JSON.stringify(name)} reads back`);
      }
      assert.ok(text.includes(xmlChars(css)), `case ${i}: the stylesheet reads back`);
    }
  });

  it('HTML: names stay inert data inside the page', () => {
    const random = new Random(21_07);
    for (let i = 0; i < CASES / 4; i++) {
      const view = renamedView(checkoutView(), random);
      const html = buildStandaloneHtml({ view, script: 'run();', style: 'a{}', nonce: 'n0nce', title: randomName(random) });
      assert.equal(html.match(/<\/script/gi)?.length, 2, `case ${i}: only the JSON and the bundle elements close`);
      assert.equal(html.match(/<\/style/gi)?.length, 1, `case ${i}: only the stylesheet closes`);
      assert.equal(html.match(/<\/title/gi)?.length, 1, `case ${i}: only the title closes`);
      const json = /<script type="application\/json" id="topo-view">([^]*?)<\/script>/.exec(html)?.[1];
      assert.ok(json !== undefined, `case ${i}: the view's element`);
      assert.equal(json, jsonForScript(view));
      assert.doesNotMatch(json, /[<>&\u2028\u2029]/, `case ${i}: nothing in the JSON an HTML or JS parser reads as markup or a line end`);
      assert.deepEqual(JSON.parse(json), view, `case ${i}: the view reads back`);
    }
  });
});
