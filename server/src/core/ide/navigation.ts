/** Go to definition, find references, document highlights and rename, over the name index. */
import type { Position, Range } from '../../../../grammar/src/text';
import type { TokenInfo } from '../../../../grammar/src/ast';
import { containsPosition } from '../../../../grammar/src/text';
import { occurrences, symbolAt, type Decl, type NameIndex } from './names';
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
  const clash = renameClash(index, hit.decl, newName);
  if (clash) return { refused: clash };
  return occurrences(index, hit.decl).map((o) => ({ range: o.range, newText: newName }));
}

const ELEMENT_KINDS: ReadonlySet<Decl['kind']> = new Set(['zone', 'region', 'node', 'site']);

/**
 * Why renaming `decl` to `newName` would make a duplicate name, by the model's rules
 * (model/names.ts, build.ts): in a system, nodes, their instances, sites, zones and regions
 * share one namespace of qualified ids (`east.app`, `app-2`, `us-east-1a`); site names are also
 * unique by their local name; layers are unique within their scope (top level or one site).
 */
function renameClash(index: NameIndex, decl: Decl, newName: string): string | undefined {
  const others = index.decls.filter((d) => d !== decl && d.system === decl.system);
  if (decl.kind === 'layer') {
    const layer = others.find((d) => d.kind === 'layer' && d.scope === decl.scope && d.name === newName);
    return layer ? `A layer named '${newName}' already exists here.` : undefined;
  }
  if (!ELEMENT_KINDS.has(decl.kind)) return undefined;
  const newId = decl.kind === 'node' || decl.kind === 'site' ? (decl.scope ? decl.scope + '.' : '') + newName : newName;
  for (const other of others) {
    if (!ELEMENT_KINDS.has(other.kind)) continue;
    if (other.id === newId) return `A ${other.kind} named '${newId}' already exists here.`;
    const asInstance = instanceNumber(other.id, newId);
    if (asInstance !== undefined && other.replicas !== undefined && asInstance <= other.replicas) {
      return `'${newId}' is already an instance of node '${other.id}' (replicas ${other.replicas}).`;
    }
    const ownInstance = instanceNumber(newId, other.id);
    if (ownInstance !== undefined && decl.replicas !== undefined && ownInstance <= decl.replicas) {
      return `Its instance '${other.id}' would clash with the ${other.kind} '${other.id}' (replicas ${decl.replicas}).`;
    }
  }
  if (decl.kind === 'site') {
    const site = others.find((d) => d.kind === 'site' && d.name === newName);
    if (site) return `A site named '${newName}' already exists ('${site.id}'); site names are unique in a system.`;
  }
  return undefined;
}

/** `k` when `name` is `base-k` (k ≥ 1, no leading zero: how the model numbers instances). */
function instanceNumber(base: string, name: string): number | undefined {
  if (!name.startsWith(base + '-')) return undefined;
  const rest = name.slice(base.length + 1);
  return /^[1-9]\d*$/.test(rest) ? Number(rest) : undefined;
}
