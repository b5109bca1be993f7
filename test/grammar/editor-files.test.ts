import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '../../grammar/src/index';
import { ALL_KEYWORDS } from './helpers';

const grammarDir = join(__dirname, '..', '..', 'grammar');
const readJson = (file: string): unknown => JSON.parse(readFileSync(join(grammarDir, file), 'utf8'));

interface Rule {
  match?: string;
  begin?: string;
  end?: string;
  name?: string;
  include?: string;
  patterns?: Rule[];
  captures?: Record<string, { name: string }>;
}
interface Grammar {
  scopeName: string;
  patterns: Rule[];
  repository: Record<string, Rule>;
}

const grammar = readJson('topo.tmLanguage.json') as Grammar;

/** Every regex source in the grammar. */
function regexes(rules: Rule[] = [...grammar.patterns, ...Object.values(grammar.repository)]): string[] {
  return rules.flatMap((r) => [r.match, r.begin, r.end].filter((x): x is string => x !== undefined).concat(regexes(r.patterns ?? [])));
}

/** The top-level rules with includes resolved, in order (as a TextMate engine tries them). */
function topRules(rules: Rule[] = grammar.patterns): Rule[] {
  return rules.flatMap((r) => {
    if (r.include) return topRules(grammar.repository[r.include.slice(1)]?.patterns ?? []);
    return [r];
  });
}

/**
 * A small TextMate-style scanner for one line: at each position the rule whose match starts
 * earliest wins (the first rule on ties); a begin/end rule spans to its end. Returns
 * `[text, scope]` for every match and capture, which is enough to check what gets coloured.
 */
function scopes(line: string): [string, string][] {
  const rules = topRules();
  const out: [string, string][] = [];
  let pos = 0;
  while (pos < line.length) {
    let best: { rule: Rule; m: RegExpExecArray } | undefined;
    for (const rule of rules) {
      const re = new RegExp(rule.match ?? rule.begin ?? '', 'gu');
      re.lastIndex = pos;
      const m = re.exec(line);
      if (m && m[0].length > 0 && (!best || m.index < best.m.index)) best = { rule, m };
    }
    if (!best) break;
    const { rule, m } = best;
    let end = m.index + m[0].length;
    if (rule.begin && rule.end) {
      const endRe = new RegExp(rule.end, 'gu');
      endRe.lastIndex = end;
      // Skip escapes so that `\"` does not end a string.
      let e = endRe.exec(line);
      while (e && line[e.index - 1] === '\\' && e[0] === '"') { endRe.lastIndex = e.index + 1; e = endRe.exec(line); }
      end = e ? e.index + e[0].length : line.length;
    }
    if (rule.name) out.push([line.slice(m.index, end), rule.name]);
    for (const [group, capture] of Object.entries(rule.captures ?? {})) {
      const text = m[Number(group)];
      if (text) out.push([text, capture.name]);
    }
    pos = end;
  }
  return out;
}

describe('TextMate grammar (grammar/topo.tmLanguage.json)', () => {
  it('is JSON with scopeName source.topo', () => {
    assert.equal(grammar.scopeName, 'source.topo');
  });

  it('has only regexes that compile in JavaScript (no Oniguruma-only syntax)', () => {
    const all = regexes();
    assert.ok(all.length > 20);
    for (const src of all) {
      assert.doesNotThrow(() => new RegExp(src, 'u'), src);
      assert.doesNotMatch(src, /\\[AGzZh]|\(\?>|[*+?}]\+|\(\?[imx]-?[imx]*\)/, `Oniguruma-only construct in ${src}`);
    }
  });

  it('colours exactly the reserved words (the spec\'s and the common causes\') as keywords', () => {
    const keywordScopes = /^(storage\.type|keyword\.(control|other\.property)|constant\.language)\.topo$/;
    for (const word of ALL_KEYWORDS) {
      const got = scopes(`{ ${word} }`).filter(([, s]) => keywordScopes.test(s)).map(([t]) => t);
      assert.deepEqual(got, [word], word);
    }
    for (const notKeyword of ['zone-1', 'my-zone', 'zonex', 'System', 'active', 'health']) {
      assert.deepEqual(scopes(`{ ${notKeyword} }`).filter(([, s]) => keywordScopes.test(s)), [], notKeyword);
    }
  });

  const lines: [string, [string, string][]][] = [
    ['node café { availability 99.95% }', [
      ['node', 'storage.type.node.topo'], ['café', 'entity.name.function.node.topo'],
      ['{', 'punctuation.section.block.begin.topo'], ['availability', 'keyword.other.property.topo'],
      ['99.95%', 'constant.numeric.percent.topo'], ['%', 'keyword.other.unit.percent.topo'],
      ['}', 'punctuation.section.block.end.topo'],
    ]],
    ['layer db-main { promote 1.5h load 1200rps min 2 }', [
      ['layer', 'storage.type.layer.topo'], ['db-main', 'entity.name.class.layer.topo'],
      ['{', 'punctuation.section.block.begin.topo'],
      ['promote', 'keyword.other.property.topo'], ['1.5h', 'constant.numeric.duration.topo'], ['h', 'keyword.other.unit.duration.topo'],
      ['load', 'keyword.other.property.topo'], ['1200rps', 'constant.numeric.rate.topo'], ['rps', 'keyword.other.unit.rate.topo'],
      ['min', 'keyword.other.property.topo'], ['2', 'constant.numeric.topo'],
      ['}', 'punctuation.section.block.end.topo'],
    ]],
    ['zone az1 in use1 # comment "not a string"', [
      ['zone', 'storage.type.zone.topo'], ['az1', 'entity.name.namespace.zone.topo'],
      ['in', 'keyword.control.topo'], ['use1', 'variable.other.reference.topo'],
      ['# comment "not a string"', 'comment.line.number-sign.topo'], ['#', 'punctuation.definition.comment.topo'],
    ]],
    ['system "shop \\"eu\\"" { } // done', [
      ['system', 'storage.type.topo'], ['"shop \\"eu\\""', 'string.quoted.double.topo'],
      ['{', 'punctuation.section.block.begin.topo'], ['}', 'punctuation.section.block.end.topo'],
      ['// done', 'comment.line.double-slash.topo'], ['//', 'punctuation.definition.comment.topo'],
    ]],
    ['path dns->lb -> app', [
      ['path', 'keyword.control.topo'], ['->', 'keyword.operator.arrow.topo'], ['->', 'keyword.operator.arrow.topo'],
    ]],
    ['site east { } region r scenario drill', [
      ['site', 'storage.type.site.topo'], ['east', 'entity.name.namespace.site.topo'],
      ['{', 'punctuation.section.block.begin.topo'], ['}', 'punctuation.section.block.end.topo'],
      ['region', 'storage.type.region.topo'], ['r', 'entity.name.namespace.region.topo'],
      ['scenario', 'storage.type.scenario.topo'], ['drill', 'entity.name.type.scenario.topo'],
    ]],
    ['fail east.app-1 at 30s kind database', [
      ['fail', 'keyword.control.topo'], ['east.app-1', 'variable.other.reference.topo'],
      ['at', 'keyword.control.topo'], ['30s', 'constant.numeric.duration.topo'], ['s', 'keyword.other.unit.duration.topo'],
      ['kind', 'keyword.other.property.topo'], ['database', 'support.type.kind.topo'],
    ]],
    ['zones [az1, az2] mttr 30sec', [
      ['zones', 'keyword.other.property.topo'], ['[', 'punctuation.section.brackets.begin.topo'],
      [',', 'punctuation.separator.comma.topo'], [']', 'punctuation.section.brackets.end.topo'],
      ['mttr', 'keyword.other.property.topo'], ['30sec', 'invalid.illegal.numeric.topo'],
    ]],
  ];
  // The estates' contextual keywords: coloured only at the start of a line, where an item starts.
  lines.push(
    ['  use auth soft', [['use', 'keyword.control.topo'], ['auth', 'variable.other.reference.topo'], ['soft', 'constant.language.topo']]],
    ['  use "my shop" soft', [['use', 'keyword.control.topo'], ['"my shop"', 'string.quoted.double.topo'], ['soft', 'constant.language.topo']]],
    ['journey checkout {', [['journey', 'storage.type.journey.topo'], ['checkout', 'entity.name.type.journey.topo'], ['{', 'punctuation.section.block.begin.topo']]],
    ['journey "sign up" {', [['journey', 'storage.type.topo'], ['"sign up"', 'string.quoted.double.topo'], ['{', 'punctuation.section.block.begin.topo']]],
    ['import "shared/auth.topo"', [['import', 'keyword.control.import.topo'], ['"shared/auth.topo"', 'string.quoted.double.topo']]],
    ['external stripe { availability 99% }', [
      ['external', 'storage.type.external.topo'], ['stripe', 'entity.name.function.external.topo'],
      ['{', 'punctuation.section.block.begin.topo'], ['availability', 'keyword.other.property.topo'],
      ['99%', 'constant.numeric.percent.topo'], ['%', 'keyword.other.unit.percent.topo'], ['}', 'punctuation.section.block.end.topo'],
    ]],
    ['  layer use { node journey }', [
      ['layer', 'storage.type.layer.topo'], ['use', 'entity.name.class.layer.topo'], ['{', 'punctuation.section.block.begin.topo'],
      ['node', 'storage.type.node.topo'], ['journey', 'entity.name.function.node.topo'], ['}', 'punctuation.section.block.end.topo'],
    ]],
    ['  path import -> soft', [['path', 'keyword.control.topo'], ['->', 'keyword.operator.arrow.topo']]],
  );
  for (const [line, expected] of lines) {
    it(`scopes: ${line}`, () => {
      assert.deepEqual(scopes(line), expected);
    });
  }
});

describe('language configuration (grammar/language-configuration.json)', () => {
  const config = readJson('language-configuration.json') as {
    comments: { lineComment: string };
    brackets: string[][];
    autoClosingPairs: { open: string; close: string }[];
    surroundingPairs: string[][];
    folding: { markers: { start: string; end: string } };
    indentationRules: { increaseIndentPattern: string; decreaseIndentPattern: string };
    wordPattern: { pattern: string; flags: string };
  };

  it('comments with #, brackets {} and [], auto-closes quotes', () => {
    assert.equal(config.comments.lineComment, '#');
    assert.deepEqual(config.brackets, [['{', '}'], ['[', ']']]);
    assert.deepEqual(config.autoClosingPairs.map((p) => p.open + p.close), ['{}', '[]', '""']);
    assert.deepEqual(config.surroundingPairs.map((p) => p.join('')), ['{}', '[]', '""']);
  });

  it('indents after an opening brace and outdents on a closing one', () => {
    const increase = new RegExp(config.indentationRules.increaseIndentPattern);
    const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);
    assert.ok(increase.test('  layer app {'));
    assert.ok(increase.test('layer app {   # the app tier'));
    assert.ok(!increase.test('  node x { availability 99% }'));
    assert.ok(!increase.test('# a comment {'));
    assert.ok(decrease.test('  }'));
    assert.ok(!decrease.test('  node x {'));
  });

  it('folds on # region markers', () => {
    assert.ok(new RegExp(config.folding.markers.start).test('  # region databases'));
    assert.ok(new RegExp(config.folding.markers.end).test('# endregion'));
  });

  it('treats hyphenated and Unicode names and literals with units as one word', () => {
    const word = new RegExp(`^(?:${config.wordPattern.pattern})$`, config.wordPattern.flags);
    for (const w of ['db-primary', 'active-passive', 'health-check', 'café', '99.95%', '1200rps', '30s']) assert.ok(word.test(w), w);
    for (const w of ['dns->lb', 'a-', '-a']) assert.ok(!word.test(w), w);
  });
});

describe('snippets (grammar/snippets.json)', () => {
  const snippets = readJson('snippets.json') as Record<string, { prefix: string | string[]; body: string[]; description: string }>;

  /** The snippet's text with every placeholder replaced by its default (or first choice). */
  function expand(body: string[]): string {
    let text = body.join('\n');
    const defaults = new Map<string, string>();
    // Innermost placeholders first, so `${5:$1}` becomes the default of $1.
    for (let i = 0; i < 10; i++) {
      text = text
        .replace(/\$\{(\d+):([^${}]*)\}/g, (_, n: string, d: string) => { if (!defaults.has(n)) defaults.set(n, d); return defaults.get(n) ?? d; })
        .replace(/\$\{(\d+)\|([^|]*)\|\}/g, (_, n: string, choices: string) => { const d = choices.split(',')[0] ?? ''; defaults.set(n, d); return d; })
        .replace(/\$(\d+)/g, (_, n: string) => defaults.get(n) ?? '$' + n);
    }
    return text.replace(/\$0/g, '');
  }

  /** Where each snippet goes, to check that it expands to valid Topo. */
  const contexts: Record<string, (s: string) => string> = {
    'System': (s) => s,
    'Layer (active-active)': (s) => `system x { ${s} }`,
    'Layer (active-passive)': (s) => `system x { ${s} }`,
    'Node': (s) => `system x { layer l { ${s} } }`,
    'Zone': (s) => `system x { ${s} }`,
    'Region': (s) => `system x { ${s} }`,
    'Site': (s) => `system x { layer l { ${s} } }`,
    'Scenario': (s) => `system x { ${s} }`,
    'Health check': (s) => `system x { layer l { ${s} } }`,
    'Journey': (s) => `system x { layer web { node w } layer api { node a } ${s} }`,
    'External': (s) => s,
    'Deploys': (s) => `system x { layer l { ${s} } }`,
    'Maintenance': (s) => `system x { ${s} }`,
  };

  it('has the snippets the issue asks for', () => {
    assert.deepEqual(Object.keys(snippets).sort(), Object.keys(contexts).sort());
  });

  for (const [name, wrap] of Object.entries(contexts)) {
    it(`"${name}" expands to Topo that parses without diagnostics`, () => {
      const snippet = snippets[name];
      assert.ok(snippet && snippet.description.length > 10);
      const text = wrap(expand(snippet.body));
      assert.doesNotMatch(text, /\$/);
      assert.deepEqual(parse(text).diagnostics, [], text);
    });
  }
});
