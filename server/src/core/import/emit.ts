/**
 * Draft → `.topo` text, laid out by the one formatter (`ide/format.ts`), so the file is what
 * `topo fmt` would write and stays so. Every assumed figure carries an `# assumed:` comment
 * naming its catalogue entry; every note of the draft becomes a comment on the item it is about.
 */
import { parse } from '../../../../grammar/src/index';
import { formatText } from '../ide/format';
import { formatTopoDuration } from '../text/format';
import { assumedText, catalogueEntry } from './catalogue';
import type { DraftAvailability, DraftLayer, DraftSourceKind, DraftZone, DraftNode, DraftSystem, ImportDraft } from './draft';
import { NameScope } from './names';
import type { SourceLocation } from './tree';

/** The emitted text, and which Topo name each draft layer got (findings map engine names back with it). */
export interface EmittedDraft {
  text: string;
  /** The Topo name each draft layer and zone was written with. */
  layerNames: Map<DraftLayer, string>;
  zoneNames: Map<DraftZone, string>;
}

/** Writes the draft as a formatted `.topo` file. */
export function emitDraft(draft: ImportDraft): EmittedDraft {
  const layerNames = new Map<DraftLayer, string>();
  const zoneNames = new Map<DraftZone, string>();
  const lines: string[] = [
    `# Draft written by \`topo import ${draft.source}\` from ${draft.files.map(comment).join(', ')}.`,
    '# Figures marked `# assumed:` are not in the source: they come from Topo\'s catalogue of',
    '# published SLAs and defaults (docs/import.md). Replace them with what you know.',
  ];
  for (const system of draft.systems) lines.push('', ...systemLines(system, draft.source, draft.files.length > 1, layerNames, zoneNames));
  const raw = lines.join('\n') + '\n';
  const formatted = formatText(parse(raw), raw);
  return { text: formatted ?? raw, layerNames, zoneNames };
}

function systemLines(system: DraftSystem, source: DraftSourceKind, manyFiles: boolean, layerNames: Map<DraftLayer, string>, zoneDrafts: Map<DraftZone, string>): string[] {
  const scope = new NameScope();
  const out: string[] = [`system ${quote(system.name)} {`];
  out.push(...notes(system.notes));
  const regionNames = new Map<string, string>();
  for (const r of system.regions) {
    out.push(...notes(r.notes));
    const id = scope.claim(r.name);
    regionNames.set(r.name, id);
    out.push(`region ${id}${domainBody(r.availability)}`);
  }
  const zoneNames = new Map<string, string>();
  for (const z of system.zones) {
    out.push(...notes(z.notes));
    const id = scope.claim(z.name);
    zoneNames.set(z.name, id);
    zoneDrafts.set(z, id);
    out.push(`zone ${id}${z.region !== undefined ? ` in ${regionNames.get(z.region) ?? z.region}` : ''}${domainBody(z.availability)}`);
  }
  for (const layer of system.layers) {
    // One scope for every name (stricter than the language, which keeps layers apart from nodes):
    // a layer of one node shares its name with it (`layer db { node db { … } }`), and each node
    // of a layer of several gets its own, clear of every instance name `NAME-i` of the others.
    const only = layer.nodes.length === 1 ? layer.nodes[0] : undefined;
    const id = scope.claim(layer.name, only?.replicas ?? 1);
    layerNames.set(layer, id);
    const nodeIds = layer.nodes.map((n) => (n === only ? id : scope.claim(n.name, n.replicas)));
    out.push(...layerLines(layer, id, nodeIds, zoneNames, manyFiles, source));
  }
  const path = system.path.map((name) => system.layers.find((l) => l.name === name)).flatMap((l) => (l ? [layerNames.get(l)!] : []));
  if (path.length > 0) out.push(`path ${path.join(' -> ')}`);
  out.push('}');
  return out;
}

/** What a layer was in each source. */
const SOURCE_WORDS: Record<DraftSourceKind, string> = { compose: 'Compose service', k8s: 'Kubernetes workload', terraform: 'Terraform resource' };

function layerLines(layer: DraftLayer, id: string, nodeIds: readonly string[], zoneNames: ReadonlyMap<string, string>, manyFiles: boolean, source: DraftSourceKind): string[] {
  const renamed = id !== layer.name ? ` (written ${id}: not a Topo identifier, or taken)` : '';
  const out = [`# ${SOURCE_WORDS[source]} \`${comment(layer.name)}\`${renamed}, ${where(layer.location, manyFiles)}`];
  out.push(...notes(layer.notes), `layer ${id} {`);
  if (layer.kind) out.push(`kind ${layer.kind}`);
  if (layer.mode) out.push(`mode ${layer.mode}`);
  if (layer.min !== undefined) out.push(`min ${layer.min}`);
  if (layer.load !== undefined) out.push(`load ${layer.load}`);
  if (layer.optional) out.push('optional');
  const hc = layer.healthCheck;
  if (hc) {
    const parts = [`interval ${formatTopoDuration(hc.intervalSeconds)}`];
    if (hc.timeoutSeconds !== undefined) parts.push(`timeout ${formatTopoDuration(hc.timeoutSeconds)}`);
    if (hc.unhealthy !== undefined) parts.push(`unhealthy ${hc.unhealthy}`);
    out.push(`health-check { ${parts.join(' ')} }`);
  }
  const rep = layer.replication;
  if (rep) out.push(rep.mode === 'sync' ? 'replication sync' : `replication async${rep.lagSeconds !== undefined ? ` lag ${formatTopoDuration(rep.lagSeconds)}` : ''}`);
  layer.nodes.forEach((node, i) => {
    const nodeId = nodeIds[i]!;
    if (nodeId !== node.name && layer.nodes.length > 1) out.push(`# node \`${comment(node.name)}\` (written ${nodeId})`);
    out.push(...nodeLines(node, nodeId, zoneNames));
  });
  out.push('}');
  return out;
}

function nodeLines(node: DraftNode, id: string, zoneNames: ReadonlyMap<string, string>): string[] {
  const out = [...notes(node.notes), `node ${id} {`];
  out.push(`availability ${percent(node.availability.percent)}${assumedComment(node.availability)}`);
  if (node.replicas > 1) out.push(`replicas ${node.replicas}`);
  const zones = node.zones.map((z) => zoneNames.get(z) ?? z);
  if (zones.length === 1) out.push(`zone ${zones[0]}`);
  else if (zones.length > 1) out.push(`zones [${zones.join(', ')}]`);
  if (node.capacity !== undefined) out.push(`capacity ${node.capacity}`);
  if (node.standby) out.push(`standby ${node.standby}`);
  out.push('}');
  return out;
}

function domainBody(a: DraftAvailability | undefined): string {
  return a ? ` {\navailability ${percent(a.percent)}${assumedComment(a)}\n}` : '';
}

function assumedComment(a: DraftAvailability): string {
  if (!a.assumed) return '';
  return a.catalogueId !== undefined ? `  # assumed: ${comment(assumedText(catalogueEntry(a.catalogueId)))}` : '  # assumed';
}

function notes(list: readonly string[]): string[] {
  return list.map((n) => `# ${comment(n)}`);
}

function where(l: SourceLocation, withFile: boolean): string {
  return withFile ? `${comment(l.file)}:${l.line}` : `line ${l.line}`;
}

/** A percentage literal: the figure as written, at most 6 decimals, never in exponent form. */
function percent(p: number): string {
  return `${Number(p.toFixed(6)).toString()}%`;
}

/** Text safe inside a `#` comment: one line, no control characters. */
function comment(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ');
}

/** A system name as a string literal (spec section 1: `\"` and `\\` escapes). */
function quote(name: string): string {
  return `"${comment(name).replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
