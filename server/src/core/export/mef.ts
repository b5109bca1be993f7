/**
 * Open-PSA MEF (Model Exchange Format) writer: a system's STRUCTURAL availability model as a fault
 * tree any Open-PSA tool (SCRAM, XFTA, …) can analyse. The tree is built by `buildFaultTree`; this
 * file only writes it as XML, and says on the model, the fault tree and its top gate that the
 * failover windows are not included: the tool's figure is U_struct, and Topo's
 * U = U_struct + the windows' first-order term (spec section 3, revision 2).
 */
import type { SystemModel } from '../model/types';
import { escapeXmlAttribute as attr, escapeXmlComment, escapeXmlText } from '../text/xml';
import { buildFaultTree, type BasicEvent, type FaultTree, type FaultTreeOptions, type Formula, type Gate, type Term } from './fault-tree';

export type { FaultTree, FaultTreeOptions } from './fault-tree';

export interface MefExport {
  xml: string;
  trees: FaultTree[];
}

export interface MefOptions extends Omit<FaultTreeOptions, 'failoverUnavailability'> {
  /** Each system's failover windows' term from Topo's analysis, written beside its tree (never in it). */
  failoverUnavailability?: (system: SystemModel) => number | undefined;
}

export type MefResult = { ok: true; mef: MefExport } | { ok: false; error: string };

/**
 * Writes one MEF document holding one fault tree per system. Event names are global in MEF, so
 * with more than one system each tree's names are checked for clashes with the others'.
 */
export function toMef(systems: SystemModel[], options: MefOptions = {}): MefResult {
  const trees: FaultTree[] = [];
  const { failoverUnavailability, ...treeOptions } = options;
  for (const system of systems) {
    const prefix = systems.length > 1 ? `${system.name}.` : options.prefix;
    const windows = failoverUnavailability?.(system);
    const built = buildFaultTree(system, { ...treeOptions, prefix, ...(windows !== undefined ? { failoverUnavailability: windows } : {}) });
    if (!built.ok) return { ok: false, error: `system ${system.name}: ${built.error}` };
    trees.push(built.tree);
  }
  const clash = firstClash(trees);
  if (clash) return { ok: false, error: `event '${clash}' is named in two systems; export them one at a time` };
  return { ok: true, mef: { xml: writeMef(trees), trees } };
}

/** What every exported tree leaves out, in words: the windows of spec section 3, revision 2. */
export const STRUCTURE_ONLY_NOTE =
  "structure only: failover windows are not included, so this tree's top event has probability U_struct; " +
  "Topo's U = U_struct + the failover windows' first-order term (spec section 3, revision 2)";

/** The note for one tree, with its windows' term when the analysis gave it. */
function structureOnlyNote(tree: FaultTree): string {
  if (tree.failoverUnavailability === undefined) return STRUCTURE_ONLY_NOTE;
  return `${STRUCTURE_ONLY_NOTE}; for this system the windows' term is ${tree.failoverUnavailability.toExponential(5)}`;
}

/** Serialises fault trees as an MEF document. */
function writeMef(trees: FaultTree[]): string {
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<!-- Written by topo export: the structural fault tree of each system (spec section 3). ${escapeXmlComment(STRUCTURE_ONLY_NOTE)}. -->`,
    '<opsa-mef>',
    `  <label>${escapeXmlText(STRUCTURE_ONLY_NOTE)}</label>`,
    ...attributesXml(structureAttributes(undefined), '  '),
  ];
  for (const tree of trees) {
    const note = structureOnlyNote(tree);
    out.push(`  <define-fault-tree name="${attr(tree.name)}">`, `    <label>${escapeXmlText(note)}</label>`, ...attributesXml(structureAttributes(tree), '    '));
    for (const gate of [...tree.gates].reverse()) out.push(...gateXml(gate, gate.name === tree.top.name ? tree : undefined));
    out.push('  </define-fault-tree>');
  }
  out.push('  <model-data>');
  for (const tree of trees) for (const event of tree.basicEvents) out.push(...basicEventXml(event));
  out.push('  </model-data>', '</opsa-mef>', '');
  return out.join('\n');
}

/** Machine-readable form of the note: what the tree's probability is, and the windows' term when known. */
function structureAttributes(tree: FaultTree | undefined): [string, string][] {
  const out: [string, string][] = [
    ['topo-figure', 'structural-unavailability'],
    ['topo-failover-windows', 'not-included'],
  ];
  if (tree?.failoverUnavailability !== undefined) out.push(['topo-failover-unavailability', tree.failoverUnavailability.toExponential()]);
  return out;
}

function attributesXml(attributes: [string, string][], indent: string): string[] {
  return [`${indent}<attributes>`, ...attributes.map(([name, value]) => `${indent}  <attribute name="${attr(name)}" value="${attr(value)}"/>`), `${indent}</attributes>`];
}

/** A gate; the top gate (`top` given) carries the tree's note too. */
function gateXml(gate: Gate, top?: FaultTree): string[] {
  const label = top ? `${gate.label} (${structureOnlyNote(top)})` : gate.label;
  return [
    `    <define-gate name="${attr(gate.name)}">`,
    `      <label>${escapeXmlText(label)}</label>`,
    ...(top ? attributesXml(structureAttributes(top), '      ') : []),
    ...formulaXml(gate.formula, '      '),
    '    </define-gate>',
  ];
}

function formulaXml(formula: Formula, indent: string): string[] {
  if (formula.op === 'ref') return [termXml(formula.arg, indent)];
  const open = formula.op === 'atleast' ? `<atleast min="${formula.min}">` : `<${formula.op}>`;
  return [`${indent}${open}`, ...formula.args.map((a) => termXml(a, indent + '  ')), `${indent}</${formula.op}>`];
}

function termXml(term: Term, indent: string): string {
  if (term.kind === 'const') return `${indent}<constant value="${term.value}"/>`;
  return `${indent}<${term.kind} name="${attr(term.name)}"/>`;
}

function basicEventXml(event: BasicEvent): string[] {
  return [
    `    <define-basic-event name="${attr(event.name)}">`,
    `      <label>${escapeXmlText(event.label)}</label>`,
    `      <float value="${event.probability}"/>`,
    '    </define-basic-event>',
  ];
}

function firstClash(trees: FaultTree[]): string | undefined {
  if (trees.length < 2) return undefined;
  const seen = new Set<string>();
  for (const tree of trees) {
    const names = [tree.name, ...tree.gates.map((g) => g.name), ...tree.basicEvents.map((e) => e.name)];
    for (const name of new Set(names)) {
      if (seen.has(name)) return name;
      seen.add(name);
    }
  }
  return undefined;
}
