/**
 * Single mistakes made to valid `.topo` texts, for measuring how many diagnostics one mistake
 * gives. Each mistake is a deterministic edit at one token: deleted, doubled, a keyword
 * misspelt, a value replaced by a bare unit, a string left open, a stray character or brace, and so on.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, type TokenInfo } from '../../grammar/src/index';

/** One edited text and how it was made. */
export interface Mistake {
  /** What was done, e.g. "delete '}' at 12:2". */
  label: string;
  /** Which corpus text it was made to. */
  source: string;
  text: string;
}

/** The spec's worked example (section 10), bundled as examples/checkout.topo. */
export const CHECKOUT = readFileSync(join(__dirname, '..', '..', 'examples', 'checkout.topo'), 'utf8');

/**
 * Every construct of spec section 2 that the worked example leaves out: string names, defaults,
 * domains without a body, kind, mode, min, optional, promote, backup, sites, nested paths,
 * scenarios with `at` and dotted targets.
 */
export const EVERY_CONSTRUCT = `system "shop eu" {
  window 30d
  defaults { mttr 1h promote 30s zone z1 }
  region r1
  zone z1 in r1 { mtbf 1y mttr 4h }
  zone z2
  layer web {
    kind app
    mode active-passive
    min 1
    optional
    promote 10s
    backup every 1d
    replication sync
    node w1 { availability 99.9% standby warm }
    node w2 { availability 99.9% zones [z1, z2] }
  }
  layer dr {
    site east { layer app { node a { availability 99% } } path app promote 1m }
    site west { standby cold layer app { node b { availability 99% } } }
  }
  path web -> dr
  scenario "az outage" { fail z1 at 30s fail east.a }
}
`;

/** The corpus the sweep edits: the worked example and the every-construct text. */
export const CORPUS: readonly { name: string; text: string }[] = [
  { name: 'checkout', text: CHECKOUT },
  { name: 'every-construct', text: EVERY_CONSTRUCT },
];

/** Every single mistake made to every corpus text, in a fixed order. */
export function allMistakes(): Mistake[] {
  return CORPUS.flatMap(({ name, text }) => mistakesOf(text).map((m) => ({ ...m, source: name })));
}

/** Single mistakes made to one text. */
export function mistakesOf(text: string): Omit<Mistake, 'source'>[] {
  const tokens = parse(text).tokens;
  const out: Omit<Mistake, 'source'>[] = [];
  const at = (t: TokenInfo) => `'${t.image}' at ${t.range.start.line}:${t.range.start.character}`;
  const edit = (label: string, start: number, end: number, insert: string) =>
    out.push({ label, text: text.slice(0, start) + insert + text.slice(end) });
  tokens.forEach((t, i) => {
    edit(`delete ${at(t)}`, t.startOffset, t.endOffset, '');
    edit(`duplicate ${at(t)}`, t.endOffset, t.endOffset, ' ' + t.image);
    edit(`stray '@' before ${at(t)}`, t.startOffset, t.startOffset, '@ ');
    edit(`stray ';' after ${at(t)}`, t.endOffset, t.endOffset, ';');
    edit(`stray '{' before ${at(t)}`, t.startOffset, t.startOffset, '{ ');
    edit(`stray '}' before ${at(t)}`, t.startOffset, t.startOffset, '} ');
    if (t.keyword) {
      edit(`misspell ${at(t)}`, t.startOffset, t.endOffset, misspell(t.image));
      edit(`capitalise ${at(t)}`, t.startOffset, t.endOffset, t.image[0]?.toUpperCase() + t.image.slice(1));
    }
    if (t.type === 'Percent') edit(`percent without number ${at(t)}`, t.startOffset, t.endOffset, '%');
    if (t.type === 'Percent' || t.type === 'Duration' || t.type === 'Rate') {
      edit(`unit without number ${at(t)}`, t.startOffset, t.endOffset, t.image.replace(/^[\d.]+/, ''));
      edit(`space before unit ${at(t)}`, t.startOffset, t.endOffset, t.image.replace(/^([\d.]+)/, '$1 '));
    }
    if (t.type === 'String') edit(`unterminated ${at(t)}`, t.endOffset - 1, t.endOffset, '');
    const next = tokens[i + 1];
    if (t.type === 'Arrow' && next) edit(`'->' with no target ${at(t)}`, next.startOffset, next.endOffset, '');
    const prev = tokens[i - 1];
    if (t.type === 'Identifier' && prev?.type === 'Arrow' && next?.type !== 'Arrow') {
      edit(`trailing '->' after ${at(t)}`, t.endOffset, t.endOffset, ' ->');
    }
  });
  return out;
}

/** A plausible typo: the last two letters swapped (or one letter doubled for short words). */
function misspell(word: string): string {
  if (word.length < 3) return word + word.slice(-1);
  return word.slice(0, -2) + (word[word.length - 1] ?? '') + (word[word.length - 2] ?? '');
}

/** The grammar stage's own diagnostics (the model's are out of scope). */
export function grammarDiagnostics(text: string): ReturnType<typeof parse>['diagnostics'] {
  return parse(text).diagnostics.filter((d) => d.code === 'syntax' || d.code === 'limit');
}
