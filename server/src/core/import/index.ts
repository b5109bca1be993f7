/**
 * `topo import`: a source (Compose, Kubernetes; Terraform next) → a draft → a formatted
 * `.topo` text, analysed by the one pipeline → findings at the source's locations. Pure: the
 * adapter reads and parses the files and gives the positioned tree (`tree.ts`).
 */
import { IMPORT_LIMITS } from '../limits';
import { analyseDocument, type DocumentAnalysis } from '../pipeline';
import { formatDuration } from '../text/format';
import { composeDraft } from './compose';
import { terraformDraft } from './terraform';
import type { ImportDraft } from './draft';
import { emitDraft } from './emit';
import { importFindings, type ImportFinding } from './findings';
import { k8sDraft, type K8sDocument } from './k8s';
import type { SourceNode } from './tree';

export interface ImportResult {
  draft: ImportDraft;
  /** The `.topo` text; absent when the draft has errors (nothing trustworthy to write). */
  topo?: string;
  analysis?: DocumentAnalysis;
  findings: ImportFinding[];
}

/** The import of an analysed draft: emitted, analysed, its findings drawn. */
export function completeImport(draft: ImportDraft): ImportResult {
  checkFigures(draft);
  if (draft.errors.length > 0 || draft.systems.length === 0) return { draft, findings: [] };
  const emitted = emitDraft(draft);
  const analysis = analyseDocument(emitted.text);
  return { draft, topo: emitted.text, analysis, findings: importFindings(draft, emitted, analysis) };
}

/** `topo import compose`: the Compose file `file`, parsed into `root` by the adapter. */
export function importCompose(root: SourceNode | undefined, file: string): ImportResult {
  return completeImport(composeDraft(root, file));
}

/** `topo import k8s`: every YAML document of the manifest files `files`, parsed by the adapter; `name` names the system. */
export function importK8s(documents: readonly K8sDocument[], files: string[], name: string): ImportResult {
  return completeImport(k8sDraft(documents, files, name));
}

/** `topo import terraform`: the JSON of `terraform show -json` in `file`, parsed into `root` by the adapter. */
export function importTerraform(root: SourceNode | undefined, file: string): ImportResult {
  return completeImport(terraformDraft(root, file));
}

/**
 * The numbers a source gave that the draft would carry: each within the import's limits
 * (`IMPORT_LIMITS`), else an error at the item's place. A source may say anything
 * (`failureThreshold: 1e30`); a draft says only what the language can read back.
 */
function checkFigures(draft: ImportDraft): void {
  const { durationSeconds, count } = IMPORT_LIMITS;
  const seconds = (v: number): string => `${v.toLocaleString('en-US', { maximumFractionDigits: 3 })} s`;
  const number = (v: number): string => v.toLocaleString('en-US', { maximumFractionDigits: 3 });
  for (const system of draft.systems) {
    for (const layer of system.layers) {
      const check = (what: string, value: number | undefined, limit: number, spell: (v: number) => string): void => {
        if (value === undefined || value <= limit) return;
        draft.errors.push({ location: layer.location, message: `\`${layer.name}\`: ${what} ${spell(value)} is beyond the import's limit of ${limit === durationSeconds ? formatDuration(limit) : number(limit)}` });
      };
      check('health-check interval', layer.healthCheck?.intervalSeconds, durationSeconds, seconds);
      check('health-check timeout', layer.healthCheck?.timeoutSeconds, durationSeconds, seconds);
      check('failure count (unhealthy)', layer.healthCheck?.unhealthy, count, number);
      check('replication lag', layer.replication?.mode === 'async' ? layer.replication.lagSeconds : undefined, durationSeconds, seconds);
      check('load', layer.load, count, number);
      for (const node of layer.nodes) check(`capacity of \`${node.name}\``, node.capacity, count, number);
    }
  }
}
