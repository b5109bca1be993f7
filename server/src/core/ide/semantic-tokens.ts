/**
 * Semantic tokens: declared names coloured by what they are (layer, node, zone, region, site,
 * system, scenario), keywords, numbers with their units, strings and comments.
 */
import type { ParseResult } from '../../../../grammar/src/ast';
import { comparePositions, type Range } from '../../../../grammar/src/text';
import type { NameIndex } from './names';
import type { SymbolKind } from './types';

/** The legend the server declares; token type indices refer to it. */
export const SEMANTIC_LEGEND = {
  tokenTypes: ['keyword', 'number', 'string', 'comment', 'namespace', 'enum', 'enumMember', 'class', 'variable', 'struct', 'event'],
  tokenModifiers: ['declaration'],
} as const;

type TokenType = (typeof SEMANTIC_LEGEND.tokenTypes)[number];

const KIND_TYPE: Record<SymbolKind, TokenType> = {
  system: 'namespace', region: 'enum', zone: 'enumMember', layer: 'class', node: 'variable', site: 'struct', scenario: 'event',
  external: 'namespace', journey: 'event',
};

export interface SemanticToken {
  line: number;
  character: number;
  length: number;
  type: TokenType;
  declaration: boolean;
}

/** The document's semantic tokens, in order, without overlaps. */
export function semanticTokens(parsed: ParseResult, index: NameIndex): SemanticToken[] {
  const all: SemanticToken[] = [];
  const add = (r: Range, type: TokenType, declaration = false) => {
    if (r.start.line !== r.end.line || r.end.character <= r.start.character) return;
    all.push({ line: r.start.line, character: r.start.character, length: r.end.character - r.start.character, type, declaration });
  };
  for (const d of index.decls) add(d.nameRange, KIND_TYPE[d.kind], true);
  // An instance reference `app-2` is coloured whole, though it renames only `app`.
  for (const r of index.refs) if (r.decl) add(r.fullRange ?? r.range, KIND_TYPE[r.decl.kind]);
  for (const t of parsed.tokens) {
    if (t.keyword) add(t.range, 'keyword');
    else if (/^(Percent|Duration|Rate|Number|Integer)$/.test(t.type) || /^\d/.test(t.image)) add(t.range, 'number');
    else if (t.type === 'String' || t.image.startsWith('"')) add(t.range, 'string');
  }
  for (const c of parsed.comments) add(c.range, 'comment');
  all.sort((a, b) => comparePositions(a, b) || Number(b.declaration) - Number(a.declaration));
  const out: SemanticToken[] = [];
  for (const t of all) {
    const last = out[out.length - 1];
    if (last && last.line === t.line && t.character < last.character + last.length) continue;
    out.push(t);
  }
  return out;
}

/** LSP's relative encoding: five integers per token. */
export function encodeSemanticTokens(tokens: SemanticToken[]): number[] {
  const data: number[] = [];
  let line = 0;
  let character = 0;
  for (const t of tokens) {
    const dl = t.line - line;
    data.push(dl, dl === 0 ? t.character - character : t.character, t.length, SEMANTIC_LEGEND.tokenTypes.indexOf(t.type), t.declaration ? 1 : 0);
    line = t.line;
    character = t.character;
  }
  return data;
}
