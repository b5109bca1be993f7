/**
 * Services across the files of an estate (docs/language.md, "Estates"), for navigation and rename:
 * the service under the cursor (from the document's name index, `names.ts`), where it is declared
 * (this document, or one of the files it imports: `DocumentAnalysis.imported`), and every place
 * that names it — `use` lines, journey steps that are not a layer of their system, and its
 * declaration (a system's or an external's name) — in this document and in the imported files.
 *
 * Resolution follows estate/services.ts: a file sees its own services first, then those of the
 * files it imports. The imported files are known here by their models only, so a file that does
 * not declare a name is taken to mean the estate's one declaration of it (two files declaring one
 * name is a `duplicate-name` error of the importing file).
 */
import type { Range } from '../../../../grammar/src/text';
import type { ModelResult } from '../model/types';
import { isService, occurrences, refAt, symbolAt, type Decl, type NameIndex } from './names';
import type { Position, RenameRefusal, TextEdit } from './types';
import { invalidNameReason } from './navigation';

/** An imported file, as the analysis gives it. */
export interface ImportedFile {
  uri: string;
  model: Pick<ModelResult, 'systems' | 'externals' | 'journeys'>;
}

/** A place in a file. */
export interface Place {
  uri: string;
  range: Range;
}

/** The service named under the cursor: its name, the range of that name, and this file's declaration of it. */
export interface ServiceHit {
  name: string;
  range: Range;
  /** The declaration in this document, when it declares the service. */
  decl?: Decl;
  /** True when the cursor is on the declaration itself. */
  isDecl: boolean;
}

/** Where a service is declared. */
export interface ServiceDeclaration extends Place {
  kind: 'system' | 'external';
  name: string;
  /** The file's model, when it is an imported file (absent: this document). */
  file?: ImportedFile;
}

/** The service under the cursor (a `use` target, a journey step naming a service, a system or external declaration). */
export function serviceAt(index: NameIndex, pos: Position): ServiceHit | undefined {
  const hit = symbolAt(index, pos);
  if (hit) {
    if (hit.ref) return hit.ref.expected === 'service' && isService(hit.decl) ? { name: hit.ref.name, range: hit.ref.range, decl: hit.decl, isDecl: false } : undefined;
    return isService(hit.decl) && (hit.decl.kind === 'external' || hit.decl.scope === '') ? { name: hit.decl.name, range: hit.decl.nameRange, decl: hit.decl, isDecl: true } : undefined;
  }
  const ref = refAt(index, pos);
  return ref && ref.expected === 'service' ? { name: ref.name, range: ref.range, isDecl: false } : undefined;
}

/** Where the service `name`, as the document at `uri` sees it, is declared: the document first, then the imported files in order. */
export function serviceDeclaration(name: string, uri: string, index: NameIndex, imported: readonly ImportedFile[]): ServiceDeclaration | undefined {
  const own = index.decls.find((d) => isService(d) && d.name === name && (d.kind === 'external' || d.scope === ''));
  if (own) return { uri, range: own.nameRange, kind: own.kind as 'system' | 'external', name };
  for (const file of imported) {
    const found = declaredIn(file, name);
    if (found) return { uri: file.uri, range: found.range, kind: found.kind, name, file };
  }
  return undefined;
}

/** A file's own declaration of a service name: its first system of that name, else its first external. */
function declaredIn(file: ImportedFile, name: string): { kind: 'system' | 'external'; range: Range } | undefined {
  const system = file.model.systems.find((s) => s.name === name);
  if (system) return { kind: 'system', range: system.nameRange };
  const external = file.model.externals.find((e) => e.name === name);
  return external ? { kind: 'external', range: external.nameRange } : undefined;
}

/** The ranges where an imported file names a service (its `use` lines and the journey steps that are not layers). */
function namedIn(file: ImportedFile, name: string): Range[] {
  const out: Range[] = [];
  for (const system of file.model.systems) {
    for (const use of system.uses) if (use.target === name) out.push(use.targetRange);
    const layer = system.layers.some((l) => l.site === undefined && l.name === name);
    if (!layer) for (const j of system.journeys) for (const step of j.path) if (step.name === name) out.push(step.range);
  }
  for (const j of file.model.journeys) for (const step of j.path) if (step.name === name) out.push(step.range);
  return out;
}

/**
 * Every place that names the service `hit` names, its declaration first: in the document (by
 * the name index) and in the imported files that see the same declaration.
 */
export function serviceOccurrences(hit: Pick<ServiceHit, 'name' | 'decl'>, uri: string, index: NameIndex, imported: readonly ImportedFile[]): (Place & { isDecl: boolean })[] {
  const target = serviceDeclaration(hit.name, uri, index, imported);
  const out: (Place & { isDecl: boolean })[] = [];
  const local = hit.decl ?? index.decls.find((d) => isService(d) && d.name === hit.name && (d.kind === 'external' || d.scope === ''));
  if (local) {
    // Declared in this document: the imported files cannot see it (imports go one way).
    for (const o of occurrences(index, local)) out.push({ uri, range: o.range, isDecl: o.isDecl });
    return out;
  }
  if (target) out.push({ uri: target.uri, range: target.range, isDecl: true });
  for (const r of index.refs) if (r.expected === 'service' && !r.decl && r.name === hit.name) out.push({ uri, range: r.range, isDecl: false });
  if (!target) return out;
  for (const file of imported) {
    // A file that declares the name itself means its own service.
    const own = declaredIn(file, hit.name);
    if (own && file.uri !== target.uri) continue;
    for (const range of namedIn(file, hit.name)) out.push({ uri: file.uri, range, isDecl: false });
  }
  return unique(out);
}

function unique<T extends Place>(places: T[]): T[] {
  const seen = new Set<string>();
  return places.filter((p) => {
    const key = `${p.uri}|${p.range.start.line}:${p.range.start.character}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Highlights of a service in this document: its declaration (a write) and the names of it; one declared in an imported file has only the latter. */
export function serviceHighlights(hit: Pick<ServiceHit, 'name' | 'decl'>, index: NameIndex): { range: Range; write: boolean }[] {
  if (hit.decl) return occurrences(index, hit.decl).map((o) => ({ range: o.range, write: o.isDecl }));
  return index.refs.filter((r) => r.expected === 'service' && !r.decl && r.name === hit.name).map((r) => ({ range: r.range, write: false }));
}

/** The range to rename when the cursor is on a service, with its name as the placeholder. */
export function prepareServiceRename(hit: ServiceHit): { range: Range; placeholder: string } {
  return { range: hit.range, placeholder: hit.name };
}

/**
 * The edits that rename a service everywhere the document and its imported files name it, by
 * file; refused when the new name is no identifier or is another service's.
 */
export function renameService(
  hit: ServiceHit, uri: string, index: NameIndex, imported: readonly ImportedFile[], newName: string,
): { changes: Record<string, TextEdit[]> } | RenameRefusal {
  const reason = invalidNameReason(newName);
  if (reason) return { refused: reason };
  if (newName === hit.name) return { changes: {} };
  const clash = serviceDeclaration(newName, uri, index, imported);
  if (clash) return { refused: `A ${clash.kind} named '${newName}' already exists${clash.file ? ` (in ${fileName(clash.uri)})` : ''}; every service of an estate has its own name.` };
  const changes: Record<string, TextEdit[]> = {};
  for (const o of serviceOccurrences(hit, uri, index, imported)) (changes[o.uri] ??= []).push({ range: o.range, newText: newName });
  return { changes };
}

/** A URI's last segment, decoded when it can be: `platform.topo`. */
export function fileName(uri: string): string {
  const segment = uri.slice(uri.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
