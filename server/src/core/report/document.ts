/** One document's availability report in both forms an editor shows: Markdown for people, JSON for tools. */
import type { DocumentAnalysis } from '../pipeline';
import { fileJson, type FileJson } from './json';
import { formatMarkdownReport } from './markdown';

export interface DocumentReport {
  /** The report as Markdown, for a preview or a virtual document. */
  markdown: string;
  /** The `topo check --format json` entry of this one file. */
  json: FileJson;
}

/** The report of an analysed document named `file` (a path or a file name, shown as written). */
export function documentReport(file: string, doc: Pick<DocumentAnalysis, 'diagnostics' | 'systems'> & Partial<Pick<DocumentAnalysis, 'journeys'>>): DocumentReport {
  return { markdown: formatMarkdownReport(file, doc.systems, doc.journeys ?? []), json: fileJson(file, doc) };
}
