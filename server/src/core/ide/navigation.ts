/** Go to definition, find references, document highlights and rename, over the name index. */
import type { Position, Range } from '../../../../grammar/src/text';
import type { TokenInfo } from '../../../../grammar/src/ast';
import { containsPosition } from '../../../../grammar/src/text';
import { nameClash, occurrences, symbolAt, type Decl, type NameIndex } from './names';
import { KEYWORDS } from './keywords';
import type { RenameRefusal, TextEdit } from './types';

/** The declaration's name range for the symbol under the cursor. */
export function definition(index: NameIndex, pos: Position): Range | undefined {
  return symbolAt(index, pos)?.decl.nameRange;
}

/** Every place the symbol under the cursor is named (its declaration first when asked for). */
export function references(index: NameIndex, pos: Position, includeDeclaration: boolean): Range[] {
  const hit = symbolAt(index, pos);
  if (!hit) return [];
  return occurrences(index, hit.decl).filter((o) => includeDeclaration || !o.isDecl).map((o) => o.range);
}

/** Highlights: the declaration is a write, references are reads. */
export function highlights(index: NameIndex, pos: Position): { range: Range; write: boolean }[] {
  const hit = symbolAt(index, pos);
  if (!hit) return [];
  return occurrences(index, hit.decl).map((o) => ({ range: o.range, write: o.isDecl }));
}

const RENAMEABLE: ReadonlySet<Decl['kind']> = new Set(['zone', 'region', 'layer', 'node', 'site']);

/** The range to rename at the cursor, or why it cannot be renamed. */
export function prepareRename(index: NameIndex, tokens: TokenInfo[], pos: Position): { range: Range; placeholder: string } | RenameRefusal {
  const hit = symbolAt(index, pos);
  if (!hit) {
    const token = tokens.find((t) => containsPosition(t.range, pos));
    if (token?.keyword) return { refused: `'${token.image}' is a keyword of the language and cannot be renamed.` };
    return { refused: 'Only zones, regions, layers, nodes and sites can be renamed; there is none here.' };
  }
  if (!RENAMEABLE.has(hit.decl.kind)) {
    return { refused: `A ${hit.decl.kind} name is free text; edit it in place (only zones, regions, layers, nodes and sites are renamed).` };
  }
  const range = hit.ref ? hit.ref.range : hit.decl.nameRange;
  return { range, placeholder: hit.ref ? hit.ref.name : hit.decl.name };
}

/** Why a new name is not a valid identifier, or undefined when it is. */
export function invalidNameReason(name: string): string | undefined {
  if (name.length === 0) return 'A name cannot be empty.';
  if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) return `'${name}' is not an identifier: start with a letter or '_', then letters, digits, '_' or '-'.`;
  if (name.endsWith('-')) return `'${name}' ends with '-', which an identifier may not.`;
  if (KEYWORDS.has(name)) return `'${name}' is a keyword of the language.`;
  return undefined;
}

/** The edits that rename the symbol under the cursor everywhere in the document. */
export function rename(index: NameIndex, tokens: TokenInfo[], pos: Position, newName: string): TextEdit[] | RenameRefusal {
  const prepared = prepareRename(index, tokens, pos);
  if ('refused' in prepared) return prepared;
  const reason = invalidNameReason(newName);
  if (reason) return { refused: reason };
  const hit = symbolAt(index, pos) as { decl: Decl };
  const clash = nameClash(index, hit.decl, newName, hit.decl);
  if (clash) return { refused: clash };
  return occurrences(index, hit.decl).map((o) => ({ range: o.range, newText: newName }));
}
