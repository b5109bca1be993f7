/**
 * Document symbols (system → zones, regions, layers → nodes | sites → layers …, journeys, scenarios;
 * at the top level also imports, externals and journeys) and folding ranges.
 */
import type { CommentInfo, ExternalAst, FileAst, ImportAst, JourneyAst, LayerAst, SiteAst, SystemAst } from '../../../../grammar/src/ast';
import { comparePositions, type Range } from '../../../../grammar/src/text';
import type { DocumentSymbolInfo, FoldingRangeInfo } from './types';

/** The outline of a file. Unnamed declarations (mid-edit) are listed as `?`. */
export function documentSymbols(file: FileAst): DocumentSymbolInfo[] {
  // The estates' items have no symbol kind of their own: an imported file is a namespace (as a
  // system is), an external a node, a journey a path; the detail says which.
  return inSourceOrder([
    ...file.systems.map(systemSymbol),
    ...file.imports.map(importSymbol),
    ...file.externals.map(externalSymbol),
    ...file.journeys.map(journeySymbol),
  ]);
}

function inSourceOrder(symbols: DocumentSymbolInfo[]): DocumentSymbolInfo[] {
  return symbols.sort((a, b) => comparePositions(a.range.start, b.range.start));
}

function importSymbol(imp: ImportAst): DocumentSymbolInfo {
  return sym('system', imp.path?.text, imp.range, imp.path?.range ?? imp.keywordRange, 'import');
}

function externalSymbol(ext: ExternalAst): DocumentSymbolInfo {
  return sym('node', ext.name?.text, ext.range, ext.name?.range, 'external');
}

function journeySymbol(j: JourneyAst): DocumentSymbolInfo {
  return sym('path', j.name?.text, j.range, j.name?.range, 'journey');
}

function sym(kind: DocumentSymbolInfo['kind'], name: string | undefined, range: Range, selection: Range | undefined, detail?: string, children: DocumentSymbolInfo[] = []): DocumentSymbolInfo {
  const s: DocumentSymbolInfo = { name: name && name.length > 0 ? name : '?', kind, range, selectionRange: selection ?? range, children };
  if (detail) s.detail = detail;
  return s;
}

function systemSymbol(sys: SystemAst): DocumentSymbolInfo {
  const children = [
    ...sys.regions.map((r) => sym('region', r.name?.text, r.range, r.name?.range)),
    ...sys.zones.map((z) => sym('zone', z.name?.text, z.range, z.name?.range, z.region ? `in ${z.region.name}` : undefined)),
    ...sys.layers.map(layerSymbol),
    ...sys.journeys.map(journeySymbol),
    ...sys.scenarios.map((s) => sym('scenario', s.name?.text, s.range, s.name?.range, `${s.fails.length} failure${s.fails.length === 1 ? '' : 's'}`)),
  ];
  return sym('system', sys.name?.text, sys.range, sys.name?.range, undefined, children);
}

function layerSymbol(layer: LayerAst): DocumentSymbolInfo {
  const children = layer.members.map((m) => (m.type === 'node' ? nodeSymbol(m.name?.text, m.range, m.name?.range, m.props) : siteSymbol(m)));
  return sym('layer', layer.name?.text, layer.range, layer.name?.range, undefined, children);
}

function nodeSymbol(name: string | undefined, range: Range, selection: Range | undefined, props: { key: string; value?: { value: number } }[]): DocumentSymbolInfo {
  const replicas = props.find((p) => p.key === 'replicas')?.value?.value;
  return sym('node', name, range, selection, replicas !== undefined && replicas > 1 ? `× ${replicas}` : undefined);
}

function siteSymbol(site: SiteAst): DocumentSymbolInfo {
  return sym('site', site.name?.text, site.range, site.name?.range, undefined, site.layers.map(layerSymbol));
}

/** Folding ranges: every block that spans lines, and runs of two or more comment lines. */
export function foldingRanges(file: FileAst, comments: CommentInfo[]): FoldingRangeInfo[] {
  const out: FoldingRangeInfo[] = [];
  const block = (r: Range) => {
    // Keep the closing brace visible: fold up to the line before it.
    if (r.end.line > r.start.line) out.push({ startLine: r.start.line, endLine: r.end.line - 1 });
  };
  const layers = (ls: LayerAst[]) => {
    for (const l of ls) {
      block(l.range);
      for (const p of l.props) if (p.body) block(p.range);
      for (const m of l.members) {
        block(m.range);
        if (m.type === 'site') layers(m.layers);
      }
    }
  };
  for (const sys of file.systems) {
    block(sys.range);
    for (const d of [...sys.defaults, ...sys.regions, ...sys.zones, ...sys.scenarios, ...sys.journeys]) block(d.range);
    layers(sys.layers);
  }
  for (const d of [...file.externals, ...file.journeys]) block(d.range);
  let runStart = -1;
  let runEnd = -1;
  const flush = () => {
    if (runStart >= 0 && runEnd > runStart) out.push({ startLine: runStart, endLine: runEnd, kind: 'comment' });
  };
  for (const c of comments) {
    if (c.range.start.line === runEnd + 1 && runStart >= 0) runEnd = c.range.start.line;
    else {
      flush();
      runStart = runEnd = c.range.start.line;
    }
  }
  flush();
  return out.filter((f) => f.endLine > f.startLine);
}
