/**
 * SARIF 2.1.0 for `topo check --format sarif` (GitHub code scanning and other SARIF viewers).
 * One run; rule ids are diagnostic codes; regions are 1-based with an exclusive end column,
 * in UTF-16 code units (SARIF's default `columnKind`), which is exactly LSP's unit plus one.
 */
import type { Diagnostic, Severity } from '../../../../grammar/src/text';
import { DOCS_URI, ruleFor, type RuleInfo } from './rules';

export interface SarifFile {
  /** The artifact URI relative to the repository root, with forward slashes. */
  uri: string;
  diagnostics: Diagnostic[];
}

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** SARIF `level` for a Topo severity. */
export function sarifLevel(severity: Severity): 'error' | 'warning' | 'note' {
  return severity === 'info' ? 'note' : severity;
}

/** The SARIF log of one `topo check` run. */
export function toSarif(files: SarifFile[], toolVersion: string): object {
  const rules: RuleInfo[] = [];
  const ruleIndex = new Map<string, number>();
  const indexOf = (d: Diagnostic): number => {
    const known = ruleIndex.get(d.code);
    if (known !== undefined) return known;
    rules.push(ruleFor(d.code));
    ruleIndex.set(d.code, rules.length - 1);
    return rules.length - 1;
  };
  const results = files.flatMap((file) =>
    file.diagnostics.map((d) => ({
      ruleId: d.code,
      ruleIndex: indexOf(d),
      level: sarifLevel(d.severity),
      message: { text: d.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: artifact(file.uri),
            region: {
              startLine: d.range.start.line + 1,
              startColumn: d.range.start.character + 1,
              endLine: d.range.end.line + 1,
              endColumn: d.range.end.character + 1,
            },
          },
        },
      ],
    })),
  );
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'topo',
            version: toolVersion,
            informationUri: `${DOCS_URI}README.md`,
            rules: rules.map((r) => ({
              id: r.code,
              name: r.code.replace(/(^|-)(\w)/g, (_m, _d: string, c: string) => c.toUpperCase()),
              shortDescription: { text: r.description },
              helpUri: r.helpUri,
              defaultConfiguration: { level: sarifLevel(r.severity) },
            })),
          },
        },
        artifacts: files.map((f) => ({ location: artifact(f.uri) })),
        results,
      },
    ],
  };
}

/** A relative URI is resolved against the checkout root (`%SRCROOT%`); an absolute one stands alone. */
function artifact(uri: string): { uri: string; uriBaseId?: string } {
  return uri.startsWith('file://') ? { uri: encodeUri(uri) } : { uri: encodeUri(uri), uriBaseId: '%SRCROOT%' };
}

/** Percent-encodes each path segment, keeping the slashes. */
function encodeUri(path: string): string {
  if (path.startsWith('file://')) return 'file://' + encodeUri(path.slice('file://'.length));
  return path.split('/').map(encodeURIComponent).join('/');
}
