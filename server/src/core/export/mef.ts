/**
 * Open-PSA MEF (Model Exchange Format) writer: a system's availability model as a fault tree any
 * Open-PSA tool (SCRAM, XFTA, …) can analyse. The tree is built by `buildFaultTree`; this file
 * only writes it as XML.
 */
import type { SystemModel } from '../model/types';
import { buildFaultTree, type BasicEvent, type FaultTree, type FaultTreeOptions, type Formula, type Gate, type Term } from './fault-tree';

export type { FaultTree, FaultTreeOptions } from './fault-tree';

export interface MefExport {
  xml: string;
  trees: FaultTree[];
}

export type MefResult = { ok: true; mef: MefExport } | { ok: false; error: string };

/**
 * Writes one MEF document holding one fault tree per system. Event names are global in MEF, so
 * with more than one system each tree's names are checked for clashes with the others'.
 */
export function toMef(systems: SystemModel[], options: FaultTreeOptions = {}): MefResult {
  const trees: FaultTree[] = [];
  for (const system of systems) {
    const prefix = systems.length > 1 ? `${system.name}.` : options.prefix;
    const built = buildFaultTree(system, { ...options, prefix });
    if (!built.ok) return { ok: false, error: `system ${system.name}: ${built.error}` };
    trees.push(built.tree);
  }
  const clash = firstClash(trees);
  if (clash) return { ok: false, error: `event '${clash}' is named in two systems; export them one at a time` };
  return { ok: true, mef: { xml: writeMef(trees), trees } };
}

/** Serialises fault trees as an MEF document. */
export function writeMef(trees: FaultTree[]): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>', '<!-- Written by topo export: the equivalent fault tree of each system (spec section 3). -->', '<opsa-mef>'];
  for (const tree of trees) {
    out.push(`  <define-fault-tree name="${tree.name}">`);
    for (const gate of [...tree.gates].reverse()) out.push(...gateXml(gate));
    out.push('  </define-fault-tree>');
  }
  out.push('  <model-data>');
  for (const tree of trees) for (const event of tree.basicEvents) out.push(...basicEventXml(event));
  out.push('  </model-data>', '</opsa-mef>', '');
  return out.join('\n');
}

function gateXml(gate: Gate): string[] {
  return [`    <define-gate name="${gate.name}">`, `      <label>${escapeXml(gate.label)}</label>`, ...formulaXml(gate.formula, '      '), '    </define-gate>'];
}

function formulaXml(formula: Formula, indent: string): string[] {
  if (formula.op === 'ref') return [termXml(formula.arg, indent)];
  const open = formula.op === 'atleast' ? `<atleast min="${formula.min}">` : `<${formula.op}>`;
  return [`${indent}${open}`, ...formula.args.map((a) => termXml(a, indent + '  ')), `${indent}</${formula.op}>`];
}

function termXml(term: Term, indent: string): string {
  if (term.kind === 'const') return `${indent}<constant value="${term.value}"/>`;
  return `${indent}<${term.kind} name="${term.name}"/>`;
}

function basicEventXml(event: BasicEvent): string[] {
  return [
    `    <define-basic-event name="${event.name}">`,
    `      <label>${escapeXml(event.label)}</label>`,
    `      <float value="${event.probability}"/>`,
    '    </define-basic-event>',
  ];
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
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
