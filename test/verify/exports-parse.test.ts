/**
 * Every export parses with a real parser, whatever the names in it (issue 21, "keep it fixed"):
 * for seeded random names made of what XML, HTML, Markdown, JSON and terminals treat specially
 * (`<`, `&`, `]]>`, quotes, backticks, `</script>`, `-->`, link and image syntax, C0 and C1
 * controls, U+FFFE, lone surrogates, bidi overrides, line separators, emoji), put into the
 * systems, layers, nodes, zones, regions and scenarios of generated models:
 *
 *   - the diagram's SVG and the MEF fault tree parse with saxes (strict XML 1.0), every name
 *     reading back as written less what XML cannot hold (`xmlChars`);
 *   - the standalone HTML page parses with linkedom (an HTML parser) into the page's own elements
 *     only, the names inert text: the title, and the view's JSON in its data element;
 *   - `check --format json` (`files[].systems` of `systemJson`) parses and every name round-trips;
 *   - SARIF parses and has SARIF's shape (version 2.1.0, `runs[].results[]` with a rule declared
 *     in the driver, `message.text`, a physical location with a 1-based region), each message
 *     the diagnostic's own;
 *   - the Markdown report, rendered by markdown-it with raw HTML on, has no link, image, HTML or
 *     code element and shows each system name as its heading (less the line breaks, controls and
 *     edge blanks that `markdownText` documents it turns into one space, U+FFFD and nothing).
 *
 * Two generators: .topo text through the whole pipeline (system and scenario names are quoted
 * strings, which hold anything but a line break; layers, nodes and zones are identifiers, so they
 * get letters of several scripts, right-to-left ones included), and models built directly, where
 * every name is hostile. Most checks call the core in process; a few generated files also go
 * through the built CLI, whose outputs are files of UTF-8.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { analyseSystem } from '../../server/src/core/analysis/index';
import { DEFAULT_ANALYSIS_OPTIONS } from '../../server/src/core/analysis/types';
import { buildDiagramView } from '../../server/src/core/diagram/index';
import type { DiagramView } from '../../server/src/core/diagram/view-model';
import { toMef } from '../../server/src/core/export/mef';
import type { SystemModel } from '../../server/src/core/model/types';
import { analyseDocument, type AnalysedSystem, type DocumentAnalysis } from '../../server/src/core/pipeline';
import { systemJson } from '../../server/src/core/report/json';
import { formatMarkdownReport } from '../../server/src/core/report/markdown';
import { toSarif } from '../../server/src/core/report/sarif';
import { xmlChars } from '../../server/src/core/text/xml';
import { buildStandaloneHtml } from '../../webview/src/export/html';
import { renderSvgText } from '../../webview/src/export/node-svg';
import { buildCli, topoCli } from '../support/cli';
import { renderMarkdown, tagsOf } from '../support/markdown';
import { Random } from '../support/random';
import { smallZonedSystem } from './fixtures';
import { parseXml } from '../support/xml';

/** Pieces of a hostile name: markup of every format, controls, odd code points. */
const PIECES = [
  '<', '>', '&', "'", '"', '`', '``', ']]>', '--', '-->', '<!--', '</script>', '</SCRIPT', '<script>alert(1)</script>', '</title>', '</style>',
  '<img src=x onerror=alert(1)>', '<![CDATA[', '&amp;', '&#0;', '&lt', '[link](command:topo.x)', '![i](https://example.com/i.png)', '~~', '*', '_', '#', '|', '\\', '$',
  '\u0000', '\u0001', '\u0007', '\u0008', '\u000b', '\u000c', '\u001b', '\u001b[31m', '\u001b]0;PWNED\u0007', '\u007f', '\u0085', '\u009b', '\t', '\n', '\r',
  '\u202e', '\u202d', '\u2066', '\u2069', '\u200f', '\u200b', '\u2028', '\u2029', '\ufeff', '\ufffe', '\uffff', '\ud800', '\udfff',
  '\u{1F600}', '\u{1F469}\u200d\u{1F4BB}', '\u{10FFFF}', 'é', 'ß', '漢', 'א', ' ', 'a', 'z', '0', '.',
];

/** A name of 1–8 pieces. */
function hostileName(random: Random, pieces: readonly string[] = PIECES): string {
  let name = '';
  for (let n = random.int(1, 8); n > 0; n--) name += random.pick(pieces);
  return name;
}

/** What a quoted .topo string may hold: anything but a line break (a quote and a backslash escaped). */
const STRING_PIECES = PIECES.filter((p) => !/[\r\n]/.test(p));

/** `name` as a .topo string. */
function topoString(name: string): string {
  return `"${name.replace(/[\\"]/g, '\\$&')}"`;
}

/** Letters of several scripts, right-to-left ones among them; an identifier continues with digits, `_` and `-` too. */
const LETTERS = ['a', 'Z', '_', 'é', 'ß', 'Ω', 'ж', '漢', '字', 'א', 'ש', 'ب', 'ك', 'ह'];
function identifier(random: Random, used: Set<string>): string {
  for (;;) {
    let name = random.pick(LETTERS);
    for (let n = random.int(0, 5); n > 0; n--) name += random.pick([...LETTERS, '0', '9', '_', '-x']);
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
}

interface Names {
  systems: string[];
  layers: string[];
  nodes: string[];
  zones: string[];
  scenarios: string[];
}

/**
 * A .topo document of two systems: the first clean (zones, two layers, a scenario), the second
 * with a scenario declared twice, so that a diagnostic names it (and SARIF and JSON carry it).
 */
function textCase(random: Random): { text: string; names: Names } {
  const used = new Set<string>();
  const [z1, z2, web, db, w1, w2, d1, d2, l3, n3] = Array.from({ length: 10 }, () => identifier(random, used));
  const s1 = hostileName(random, STRING_PIECES);
  let s2 = hostileName(random, STRING_PIECES);
  while (s2 === s1) s2 += 'x';
  const sc1 = hostileName(random, STRING_PIECES);
  const sc2 = hostileName(random, STRING_PIECES);
  const text = `system ${topoString(s1)} {
  zone ${z1} { availability 99.99% }
  zone ${z2} { availability 99.99% }
  layer ${web} {
    node ${w1} { availability 99.9% zone ${z1} }
    node ${w2} { availability 99.9% zone ${z2} }
  }
  layer ${db} {
    replication async lag 2s
    node ${d1} { availability 99.95% zone ${z1} }
    node ${d2} { availability 99.95% zone ${z2} standby hot }
  }
  path ${web} -> ${db}
  scenario ${topoString(sc1)} { fail ${d1} }
}
system ${topoString(s2)} {
  layer ${l3} { node ${n3} { availability 99% } }
  scenario ${topoString(sc2)} { fail ${n3} }
  scenario ${topoString(sc2)} { fail ${n3} }
}
`;
  return { text, names: { systems: [s1, s2], layers: [web!, db!, l3!], nodes: [w1!, w2!, d1!, d2!, n3!], zones: [z1!, z2!], scenarios: [sc1, sc2] } };
}

/** `count` distinct hostile names. */
function distinctNames(random: Random, count: number): string[] {
  const names = new Set<string>();
  while (names.size < count) names.add(hostileName(random));
  return [...names];
}

/** A model built directly, every name hostile: a region, two zones, a DNS pair, a zoned app pair. */
function modelCase(random: Random): { doc: DocumentAnalysis; names: Names } {
  const all = distinctNames(random, 10);
  const [sys = '', , z1 = '', z2 = '', dns = '', app = '', d1 = '', d2 = '', a1 = '', a2 = ''] = all;
  const model: SystemModel = smallZonedSystem(all);
  const analysis = analyseSystem(model, DEFAULT_ANALYSIS_OPTIONS);
  assert.ok(analysis, `the analysis of ${JSON.stringify(sys)} failed`);
  const systems: AnalysedSystem[] = [{ model, analysis }];
  // The stages before the analysis found nothing: this model was built, not parsed.
  const doc = { systems, diagnostics: analysis.diagnostics } as unknown as DocumentAnalysis;
  return { doc, names: { systems: [sys], layers: [dns, app], nodes: [d1, d2, a1, a2], zones: [z1, z2], scenarios: [] } };
}

// ---------------------------------------------------------------------------------------------
// Parsers

/** The page's own elements, in order: what a page of benign names parses into. */
const PAGE_TAGS = ['html', 'head', 'meta', 'meta', 'meta', 'title', 'style', 'body', 'div', 'script', 'script'];

/** How the Markdown report shows a name (text/markdown.ts): line breaks a space, controls U+FFFD, no blanks at the edges. */
function markdownShown(name: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point.
  return name.replace(/\r\n|\r|\n/g, ' ').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '\ufffd').replace(/^[ \t]+|[ \t]+$/g, '');
}

/** Every string in `value`, deep. */
function stringsOf(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsOf(v, out);
  else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) stringsOf(v, out);
  return out;
}

interface SarifLog {
  version: string;
  runs: {
    tool: { driver: { name: string; rules: { id: string }[] } };
    artifacts: { location: { uri: string } }[];
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number; endLine: number; endColumn: number } } }[];
    }[];
  }[];
}

// ---------------------------------------------------------------------------------------------
// The checks, one per format

function checkSvg(view: DiagramView, names: Names, what: string): void {
  const parsed = parseXml(renderSvgText(view, '.a > .b { content: "</style>" }'));
  assert.equal(parsed.error, undefined, `${what}: the SVG is not well-formed XML`);
  const text = parsed.texts.join('\n');
  assert.ok(text.includes(xmlChars(names.systems[0]!)), `${what}: the SVG shows the first system's name`);
  for (const name of [...names.systems.slice(0, view.systems.length), ...names.layers, ...names.nodes]) {
    if (!view.systems.some((s) => stringsOf(s).includes(name))) continue;
    assert.ok(text.includes(xmlChars(name)), `${what}: the SVG shows ${JSON.stringify(name)}`);
  }
}

function checkHtml(view: DiagramView, title: string, what: string): void {
  const html = buildStandaloneHtml({ view, script: 'run();', style: 'a{}', nonce: 'n0nce', title });
  const { document } = parseHTML(html);
  const tags = Array.from(document.querySelectorAll('*')).map((e) => e.tagName.toLowerCase());
  assert.deepEqual(tags, PAGE_TAGS, `${what}: the page's own elements and no other`);
  for (const e of Array.from(document.querySelectorAll('*'))) {
    for (const a of Array.from(e.attributes)) assert.doesNotMatch(a.name, /^on/i, `${what}: an event handler on <${e.tagName}>`);
  }
  const scripts = Array.from(document.querySelectorAll('script'));
  assert.equal(scripts[1]?.textContent?.trim(), 'run();', `${what}: the bundle's script is the bundle`);
  const data = document.getElementById('topo-view');
  assert.equal(data?.getAttribute('type'), 'application/json', `${what}: the view's data element`);
  assert.deepEqual(JSON.parse(data?.textContent ?? ''), view, `${what}: the view reads back from the page`);
  assert.equal(document.title, title, `${what}: the title reads back as text`);
}

function checkMef(models: SystemModel[], names: Names, what: string): void {
  const exported = toMef(models);
  assert.ok(exported.ok, exported.ok ? '' : `${what}: ${exported.error}`);
  const parsed = parseXml(exported.mef.xml);
  assert.equal(parsed.error, undefined, `${what}: the MEF is not well-formed XML`);
  const texts = new Set(parsed.texts);
  for (const tree of exported.mef.trees) {
    for (const event of tree.basicEvents) assert.ok(texts.has(xmlChars(event.label)), `${what}: the label of ${event.name} reads back`);
    for (const gate of tree.gates) assert.ok(parsed.attributes.includes(gate.name), `${what}: gate ${gate.name}`);
  }
  const all = parsed.texts.join('\n');
  for (const node of names.nodes.filter((n) => models.some((m) => m.instances.some((i) => i.id === n)))) {
    assert.ok(all.includes(xmlChars(node)), `${what}: the MEF names ${JSON.stringify(node)}`);
  }
}

function checkJson(doc: DocumentAnalysis, file: string, names: Names, what: string): void {
  const out = { files: [{ file, diagnostics: doc.diagnostics, systems: doc.systems.map(systemJson) }] };
  const parsed = JSON.parse(JSON.stringify(out, null, 2)) as { files: { file: string; diagnostics: { message: string }[]; systems: { name: string }[] }[] };
  const back = parsed.files[0]!;
  assert.equal(back.file, file, `${what}: the file name round-trips`);
  assert.deepEqual(back.systems.map((s) => s.name), names.systems.slice(0, doc.systems.length), `${what}: system names round-trip`);
  assert.deepEqual(back.diagnostics.map((d) => d.message), doc.diagnostics.map((d) => d.message), `${what}: messages round-trip`);
  const strings = new Set(stringsOf(back));
  for (const layerName of names.layers) assert.ok(strings.has(layerName), `${what}: layer ${JSON.stringify(layerName)} round-trips`);
}

function checkSarif(doc: DocumentAnalysis, uri: string, names: Names, what: string): void {
  const log = JSON.parse(JSON.stringify(toSarif([{ uri, diagnostics: doc.diagnostics }], '0.0.0-test'))) as SarifLog;
  assert.equal(log.version, '2.1.0', `${what}: SARIF 2.1.0`);
  assert.equal(log.runs.length, 1);
  const run = log.runs[0]!;
  assert.equal(run.tool.driver.name, 'topo');
  assert.equal(run.results.length, doc.diagnostics.length, `${what}: one result per diagnostic`);
  run.results.forEach((result, k) => {
    const d = doc.diagnostics[k]!;
    assert.equal(run.tool.driver.rules[result.ruleIndex]?.id, result.ruleId, `${what}: result ${k}'s rule is declared at its index`);
    assert.equal(result.ruleId, d.code);
    assert.ok(['error', 'warning', 'note'].includes(result.level), `${what}: level ${result.level}`);
    assert.equal(result.message.text, d.message, `${what}: result ${k}'s message round-trips`);
    assert.equal(result.locations.length, 1);
    const { artifactLocation, region } = result.locations[0]!.physicalLocation;
    assert.equal(decodeURIComponent(artifactLocation.uri), uri);
    for (const n of [region.startLine, region.startColumn, region.endLine, region.endColumn]) assert.ok(Number.isInteger(n) && n >= 1, `${what}: a 1-based region`);
  });
  // A diagnostic that names a scenario carries it as written.
  for (const scenario of names.scenarios.slice(1)) {
    assert.ok(run.results.some((r) => r.message.text.includes(scenario)), `${what}: a message names scenario ${JSON.stringify(scenario)}`);
  }
}

function checkMarkdown(doc: DocumentAnalysis, title: string, names: Names, what: string): void {
  const md = formatMarkdownReport(title, doc.systems);
  const body = renderMarkdown(md);
  const allowed = ['h1', 'h2', 'h3', 'p', 'strong', 'em', 'ul', 'li', 'table', 'thead', 'tbody', 'tr', 'th', 'td'];
  assert.deepEqual(tagsOf(body).filter((t) => !allowed.includes(t)), [], `${what}: no link, image, HTML or code rendered from a name\n${md}`);
  assert.equal(body.querySelector('h1')?.textContent, `Availability report: ${markdownShown(title)}`.replace(/[ \t]+$/, ''), `${what}: the title shows as written`);
  const headings = Array.from(body.querySelectorAll('h2')).map((h) => h.textContent);
  assert.deepEqual(headings, names.systems.slice(0, doc.systems.length).map(markdownShown), `${what}: each system name shows as its heading`);
}

/** Every export of `doc`. */
function checkAll(doc: DocumentAnalysis, names: Names, title: string, what: string): void {
  const view = buildDiagramView(doc);
  checkSvg(view, names, what);
  checkHtml(view, title, what);
  const analysable = doc.systems.filter((s) => s.model.analysable && s.analysis !== undefined).map((s) => s.model);
  checkMef(analysable, names, what);
  checkJson(doc, `${title}.topo`, names, what);
  checkSarif(doc, `${title.replace(/[\ud800-\udfff]/g, '')}.topo`, names, what);
  checkMarkdown(doc, title, names, what);
}

describe('verify: every export parses with a real parser, for random names (issue 21)', function () {
  this.timeout(60_000);

  it('the parsers are real: saxes rejects malformed XML, linkedom finds injected elements, markdown-it renders links', () => {
    for (const bad of ['<a>&</a>', '<a>\u0001</a>', '<a>]]></a>', '<a b="<"/>', '<a>\ufffe</a>', '<a><b></a>']) assert.notEqual(parseXml(bad).error, undefined, JSON.stringify(bad));
    const { document } = parseHTML('<!DOCTYPE html><html><head><title>a</title></head><body><img src=x><script>1</script></body></html>');
    assert.deepEqual(Array.from(document.querySelectorAll('*')).map((e) => e.tagName.toLowerCase()), ['html', 'head', 'title', 'body', 'img', 'script']);
    assert.deepEqual(tagsOf(renderMarkdown('[a](command:x) ![i](y) <b>c</b> `d`')), ['p', 'a', 'img', 'b', 'code']);
  });

  it('.topo text with hostile system and scenario names: SVG, HTML, MEF, JSON, SARIF and Markdown', () => {
    const random = new Random(21_31);
    for (let i = 0; i < 60; i++) {
      const { text, names } = textCase(random);
      const doc = analyseDocument(text);
      const what = `text case ${i} (${JSON.stringify(names.systems[0])})`;
      assert.deepEqual(doc.systems.map((s) => s.model.name), names.systems, `${what}: the parser reads the names as written`);
      assert.ok(doc.systems[0]?.analysis, `${what}: the first system has figures`);
      assert.ok(doc.diagnostics.some((d) => d.code === 'duplicate-name'), `${what}: the second system's duplicate scenario`);
      checkAll(doc, names, hostileName(random), what);
    }
  });

  it('models built directly, every name hostile (systems, layers, nodes, zones, regions)', () => {
    const random = new Random(21_32);
    for (let i = 0; i < 60; i++) {
      const { doc, names } = modelCase(random);
      checkAll(doc, names, hostileName(random), `model case ${i} (${JSON.stringify(names.systems[0])})`);
    }
  });

  describe('through the built CLI: the files it writes parse', () => {
    let dir: string;
    before(function () {
      this.timeout(120_000);
      buildCli();
      dir = mkdtempSync(join(tmpdir(), 'topo-exports-parse-'));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('check --format json and sarif, diagram -o .svg and .html, export -o .xml', () => {
      const random = new Random(21_33);
      for (let i = 0; i < 2; i++) {
        const { text, names } = textCase(random);
        // The second system has an error, which export refuses: the file for export holds the first alone.
        const file = join(dir, `case-${i}.topo`);
        writeFileSync(file, text);
        const first = join(dir, `first-${i}.topo`);
        writeFileSync(first, text.slice(0, text.indexOf('\nsystem ') + 1));
        // Files are UTF-8: a lone surrogate is written as U+FFFD, and so read back.
        const onDisk = (s: string) => Buffer.from(s, 'utf8').toString('utf8');

        const json = topoCli(['check', '--format', 'json', file]);
        assert.equal(json.code, 1, json.err);
        const parsed = JSON.parse(json.out) as { files: { systems: { name: string }[] }[] };
        assert.deepEqual(parsed.files[0]!.systems.map((s) => s.name), names.systems.map(onDisk), `case ${i}: JSON names`);

        const sarif = JSON.parse(topoCli(['check', '--format', 'sarif', file]).out) as SarifLog;
        assert.equal(sarif.version, '2.1.0');
        assert.ok(sarif.runs[0]!.results.some((r) => r.message.text.includes(onDisk(names.scenarios[1]!))), `case ${i}: SARIF names the scenario`);

        for (const ext of ['svg', 'html']) {
          const out = join(dir, `case-${i}.${ext}`);
          const r = topoCli(['diagram', file, '-o', out]);
          assert.equal(r.code, 0, r.err);
          const content = readFileSync(out, 'utf8');
          if (ext === 'svg') {
            const xml = parseXml(content);
            assert.equal(xml.error, undefined, `case ${i}: the SVG file`);
            assert.ok(xml.texts.join('\n').includes(xmlChars(onDisk(names.systems[0]!))), `case ${i}: the SVG file names the system`);
          } else {
            const { document } = parseHTML(content);
            assert.equal(document.querySelectorAll('script').length, 2, `case ${i}: the page's two scripts only`);
            assert.deepEqual(Array.from(document.querySelectorAll('body *')).map((e) => e.tagName.toLowerCase()), ['div', 'script', 'script'], `case ${i}: no element from a name`);
          }
        }

        const mef = join(dir, `case-${i}.xml`);
        const r = topoCli(['export', '--format', 'mef', first, '-o', mef]);
        assert.equal(r.code, 0, r.err);
        assert.equal(parseXml(readFileSync(mef, 'utf8')).error, undefined, `case ${i}: the MEF file`);
      }
    });
  });
});
