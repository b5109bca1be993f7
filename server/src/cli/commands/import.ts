/**
 * `topo import compose FILE`, `topo import k8s FILE|DIR…` and `topo import terraform PLAN.json`
 * `[-o OUT.topo] [--format text|json|sarif]`: a draft `.topo` from a Docker Compose file,
 * Kubernetes manifests or a Terraform plan, and what the analysis finds in it, at the source
 * files' lines (docs/import.md). This adapter reads the files (a directory
 * recursively, its `*.yaml` and `*.yml` in sorted order) and parses the YAML (the `yaml` package,
 * with a LineCounter per file for every position; every document of a multi-document file); the
 * core does the rest on the positioned trees.
 *
 * Exit codes as `topo check`'s: 0 the draft was made (findings are warnings); 1 the input has an
 * error (invalid YAML, a cycle of depends_on, a templated value Topo must read), so no draft is
 * written; 2 a usage or I/O error.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, parseDocument, visit, type Alias, type Document, type Node as YamlNode } from 'yaml';
import {
  escapeTerminal, formatImportReport, IMPORT_LIMITS, importCompose, importDiagnostics, importJson, importK8s, importTerraform, toSarif,
  type ImportResult, type K8sDocument, type SarifFile, type SourceEntry, type SourceLocation, type SourceNode,
} from '../../core/index';
import { choice, flag, parseArgs } from '../args';
import { readSourceOrError, writeOutputFile } from '../files';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, type CliIo } from '../io';
import { TOPO_VERSION } from '../../version';

const importUsage = 'topo import compose FILE | k8s FILE|DIR… | terraform PLAN.json [-o OUT.topo] [--format text|json|sarif]';
const KINDS = ['compose', 'k8s', 'terraform'] as const;
type SourceKind = (typeof KINDS)[number];

export async function runImport(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, { format: { value: true }, output: { value: true, short: 'o' } });
  const format = choice(args, 'format', ['text', 'json', 'sarif'] as const, 'text');
  const output = flag(args, 'output');
  const { kind, files } = kindAndFiles(args.positional);
  const read = kind === 'k8s' ? k8sImport(files) : singleFileImport(kind, files[0]!);
  if ('error' in read) {
    io.err(escapeTerminal(`topo import: ${read.error}`) + '\n');
    return EXIT_USAGE;
  }
  const result = read.result;
  // A draft the analysis finds an error in is not written (docs/import.md: exit 1, no draft).
  const analysisError = result.analysis?.diagnostics.some((d) => d.severity === 'error') ?? false;
  if (result.topo !== undefined && !analysisError) {
    if (output !== undefined) writeOutputFile(output, result.topo);
    else if (format === 'text') io.out(io.isTTY ? escapeTerminal(result.topo, { keepNewlines: true }) : result.topo);
  }
  if (format === 'json') io.out(JSON.stringify(importJson(result, output), null, 2) + '\n');
  else if (format === 'sarif') {
    const sarifFiles: SarifFile[] = [...importDiagnostics(result)].map(([f, diagnostics]) => ({ uri: repositoryUri(f), diagnostics }));
    io.out(JSON.stringify(toSarif(sarifFiles, TOPO_VERSION), null, 2) + '\n');
  } else {
    // The report goes to stderr when the draft itself is on stdout, so `> draft.topo` keeps it clean.
    const report = escapeTerminal(formatImportReport(result), { keepNewlines: true });
    if (output === undefined && result.topo !== undefined) io.err(report);
    else io.out(report);
  }
  return result.draft.errors.length > 0 || analysisError ? EXIT_FINDINGS : EXIT_OK;
}

/** The source kind and the files: `compose FILE` (or `FILE compose`, as the docs' output blocks run it), `k8s PATH…`. */
function kindAndFiles(positional: string[]): { kind: SourceKind; files: string[] } {
  const isKind = (w: string | undefined): w is SourceKind => (KINDS as readonly string[]).includes(w ?? '');
  const [first, second, ...rest] = positional;
  if (isKind(first) && second !== undefined && (first !== 'compose' || rest.length === 0)) return { kind: first, files: [second, ...rest] };
  if (rest.length === 0 && isKind(second) && first !== undefined) return { kind: second, files: [first] };
  if (first !== undefined && !isKind(first) && !isKind(second)) throw new UsageError(`unknown source '${first}': the sources are ${KINDS.join(', ')}\nusage: ${importUsage}`);
  throw new UsageError(`give the source and ${first === 'k8s' ? 'at least one file or directory' : 'one file'}\nusage: ${importUsage}`);
}

type Imported = { result: ImportResult } | { error: string };

/**
 * A Compose file (YAML) or a Terraform plan (`terraform show -json`: JSON, which the YAML parser
 * reads with the same positions), then the core's draft. A plan may be as large as every
 * manifest of a `k8s` import together (`totalTextLength`); a Compose file is one file's worth.
 */
function singleFileImport(kind: 'compose' | 'terraform', file: string): Imported {
  const read = readSourceOrError(file);
  if ('error' in read) return read;
  const location = { file, line: 1, column: 1 };
  const limit = kind === 'terraform' ? IMPORT_LIMITS.totalTextLength : IMPORT_LIMITS.textLength;
  if (read.text.length > limit) return { result: errorResult(kind, [file], location, tooLargeMessage(limit)) };
  const lineCounter = new LineCounter();
  const doc = parseDocument(read.text, { lineCounter, prettyErrors: false, uniqueKeys: true, merge: false });
  const tree = documentTree(doc, read.text, positions(lineCounter, file), false);
  // A plan is JSON: its syntax errors are said as such (the YAML parser reads JSON).
  if ('failed' in tree) return { result: errorResult(kind, [file], tree.failed.location, kind === 'terraform' ? tree.failed.message.replace(/^invalid YAML/, 'invalid JSON') : tree.failed.message) };
  return { result: kind === 'terraform' ? importTerraform(tree.root, file) : importCompose(tree.root, file) };
}

/** Every document of every manifest file, bounded per file and in total, then the core's draft. */
function k8sImport(paths: string[]): Imported {
  const files: string[] = [];
  const seen = new Set<string>();
  for (const p of paths) {
    const found = manifestFiles(p);
    if ('error' in found) return found;
    // A file named twice (itself and in its directory) is read once.
    for (const f of found.files) {
      const absolute = resolve(f);
      if (seen.has(absolute)) continue;
      seen.add(absolute);
      files.push(f);
    }
  }
  const documents: K8sDocument[] = [];
  let totalLength = 0;
  for (const file of files) {
    const read = readSourceOrError(file);
    if ('error' in read) return read;
    const start = { file, line: 1, column: 1 };
    if (read.text.length > IMPORT_LIMITS.textLength) return { result: errorResult('k8s', files, start, tooLargeMessage()) };
    totalLength += read.text.length;
    if (totalLength > IMPORT_LIMITS.totalTextLength) {
      return { result: errorResult('k8s', files, start, `the files together are larger than the import's limit of ${IMPORT_LIMITS.totalTextLength.toLocaleString('en-US')} characters`) };
    }
    const lineCounter = new LineCounter();
    const parsed = parseAllDocuments(read.text, { lineCounter, prettyErrors: false, uniqueKeys: true, merge: false });
    const at = positions(lineCounter, file);
    for (const doc of Array.isArray(parsed) ? parsed : []) {
      const tree = documentTree(doc, read.text, at, true);
      if ('failed' in tree) {
        const hint = read.text.includes('{{') ? ' (the file holds `{{ … }}`: an un-rendered Helm template? render the chart first: `helm template RELEASE CHART`)' : '';
        return { result: errorResult('k8s', files, tree.failed.location, tree.failed.message + hint) };
      }
      documents.push({ file, root: tree.root });
      if (documents.length > IMPORT_LIMITS.documents) {
        return { result: errorResult('k8s', files, tree.root?.location ?? start, `more than the import's limit of ${IMPORT_LIMITS.documents.toLocaleString('en-US')} YAML documents`) };
      }
    }
  }
  const first = paths[0]!;
  const name = basename(resolve(first)).replace(/\.(ya?ml)$/i, '') || 'k8s';
  return { result: importK8s(documents, files, name) };
}

/** A path named on the command line: a file as it is, a directory's `*.yaml`/`*.yml`, recursively, sorted. */
function manifestFiles(path: string): { files: string[] } | { error: string } {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch {
    return { files: [path] }; // the read says why, as for any file
  }
  if (!isDirectory) return { files: [path] };
  const files: string[] = [];
  const walk = (dir: string, depth: number): void => {
    if (depth > 50 || files.length > IMPORT_LIMITS.documents) return;
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const full = join(dir, e.name);
      if (e.isDirectory()) walk(full, depth + 1);
      else if (e.isFile() && /\.ya?ml$/i.test(e.name)) files.push(full);
    }
  };
  try {
    walk(path, 0);
  } catch (e) {
    return { error: `${path}: ${e instanceof Error ? e.message : String(e)}` };
  }
  return files.length > 0 ? { files } : { error: `${path}: no .yaml or .yml file in this directory` };
}

function tooLargeMessage(limit: number = IMPORT_LIMITS.textLength): string {
  return `the file is larger than the import's limit of ${limit.toLocaleString('en-US')} characters`;
}

/** Nodes converted at most in one document: aliases can make a small file a huge tree ("billion laughs"). */
const MAX_NODES = 200_000;

function positions(lineCounter: LineCounter, file: string): (offset: number) => SourceLocation {
  return (offset) => {
    const p = lineCounter.linePos(offset);
    return { file, line: p.line, column: p.col };
  };
}

/**
 * One YAML document as the core's positioned tree, or, for invalid YAML, the first error and its
 * place. Aliases are resolved and `<<` merge keys applied (Compose files use both). With
 * `templatesAsText`, a flow mapping written `{{ … }}` — an un-rendered Helm value, which YAML reads
 * as a mapping in a mapping — is given as its text, so the core can say what it is.
 */
function documentTree(doc: Document, text: string, at: (offset: number) => SourceLocation, templatesAsText: boolean): { root: SourceNode | undefined } | { failed: { location: SourceLocation; message: string } } {
  const first = doc.errors[0];
  if (first) return { failed: { location: at(first.pos[0]), message: `invalid YAML: ${first.message.split('\n')[0]}` } };
  let count = 0;
  const target = aliasTargets(doc);
  const convert = (node: unknown, depth: number): SourceNode => {
    if (++count > MAX_NODES || depth > 200) throw new TreeTooLarge();
    if (isAlias(node)) return convert(target(node), depth + 1);
    const range = (node as YamlNode | null)?.range;
    const location = at(range?.[0] ?? 0);
    if (isMap(node)) {
      if (templatesAsText && node.flow && range && text.startsWith('{{', range[0])) return { kind: 'scalar', value: text.slice(range[0], range[1]), location };
      const entries: SourceEntry[] = [];
      const merged: SourceEntry[] = [];
      for (const pair of node.items) {
        const keyNode = pair.key as YamlNode | null;
        const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
        const keyLocation = at(keyNode?.range?.[0] ?? 0);
        const value = pair.value === null ? { kind: 'scalar' as const, value: null, location: keyLocation } : convert(pair.value, depth + 1);
        if (key === '<<' && isScalar(keyNode) && keyNode.source === '<<') {
          const sources = value.kind === 'seq' ? value.items : [value];
          for (const s of sources) if (s.kind === 'map') merged.push(...s.entries);
          continue;
        }
        entries.push({ key, keyLocation, value });
      }
      for (const m of merged) if (!entries.some((e) => e.key === m.key)) entries.push(m);
      return { kind: 'map', entries, location };
    }
    if (isSeq(node)) return { kind: 'seq', items: node.items.map((i) => convert(i, depth + 1)), location };
    if (isScalar(node)) {
      const v = node.value;
      const value = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null ? v : String(v);
      return { kind: 'scalar', value, location };
    }
    return { kind: 'scalar', value: null, location };
  };
  try {
    return { root: doc.contents === null ? undefined : convert(doc.contents, 0) };
  } catch (e) {
    if (!(e instanceof TreeTooLarge)) throw e;
    // At the document in a multi-document stream (Kubernetes); at the file's start for Compose, as ever.
    const start = templatesAsText ? (doc.contents?.range?.[0] ?? 0) : 0;
    return { failed: { location: at(start), message: `the YAML expands to more than ${MAX_NODES.toLocaleString('en-US')} values (aliases?): too large to import` } };
  }
}

class TreeTooLarge extends Error {}

/**
 * Resolves an alias to the node of its anchor: the last node before it with that anchor, as YAML
 * says. The anchors and aliases are listed once per document and each alias found once: the
 * yaml package's own `Alias.resolve` walks the whole document at every call, so a small alias
 * bomb in a large file took minutes before the node limit stopped it.
 */
function aliasTargets(doc: Document): (alias: Alias) => unknown {
  const ordered: YamlNode[] = [];
  visit(doc, { Node: (_key, node) => void ((isAlias(node) || (node as { anchor?: string }).anchor !== undefined) && ordered.push(node)) });
  const position = new Map(ordered.map((node, i) => [node, i]));
  const found = new Map<Alias, unknown>();
  return (alias) => {
    if (found.has(alias)) return found.get(alias);
    let target: YamlNode | undefined;
    const end = position.get(alias) ?? ordered.length;
    for (let i = 0; i < end; i++) if ((ordered[i] as { anchor?: string }).anchor === alias.source) target = ordered[i];
    found.set(alias, target ?? null);
    return target ?? null;
  };
}

function errorResult(source: SourceKind, files: string[], location: SourceLocation, message: string): ImportResult {
  return { draft: { source, files, systems: [], skipped: [], errors: [{ location, message }] }, findings: [] };
}

/** A file's path relative to the working directory, with forward slashes (as `topo check`'s SARIF). */
function repositoryUri(file: string): string {
  const absolute = resolve(file);
  const rel = relative(process.cwd(), absolute);
  if (rel.startsWith('..')) return 'file://' + absolute.split(sep).join('/');
  return rel.split(sep).join('/');
}
