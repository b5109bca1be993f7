/** Snippets for whole blocks, offered where such a block may start. */
import type { BlockKind } from './keywords';
import type { CompletionEntry } from './types';

function snippet(label: string, detail: string, body: string): CompletionEntry {
  return { label, kind: 'snippet', detail, insertText: body, snippet: true, sortText: '2' + label };
}

/** The snippets offered in each block. */
export const SNIPPETS: Partial<Record<BlockKind, CompletionEntry[]>> = {
  file: [snippet('system', 'system block', 'system ${1:name} {\n  slo ${2:99.9%}\n\n  layer ${3:app} {\n    node ${4:app} { availability ${5:99.9%} replicas ${6:2} }\n  }\n}')],
  system: [
    snippet('layer', 'layer block', 'layer ${1:name} {\n  node ${2:name} { availability ${3:99.9%} }\n}'),
    snippet('zone', 'zone with availability', 'zone ${1:name}${2: in ${3:region}} { availability ${4:99.99%} }'),
    snippet('region', 'region with availability', 'region ${1:name} { availability ${2:99.999%} }'),
    snippet('defaults', 'defaults block', 'defaults {\n  mttr ${1:1h}\n}'),
    snippet('scenario', 'failure scenario', 'scenario "${1:name}" {\n  fail ${2:element} at ${3:0s}\n}'),
  ],
  layer: [
    snippet('node', 'node with availability', 'node ${1:name} { availability ${2:99.9%}$0 }'),
    snippet('health-check', 'health check', 'health-check { interval ${1:10s} unhealthy ${2:3} }'),
    snippet('heartbeat', 'heartbeat', 'heartbeat { interval ${1:1s} timeout ${2:10s} }'),
    snippet('site', 'site block', 'site ${1:name} {\n  layer ${2:app} {\n    node ${3:app} { availability ${4:99.9%} }\n  }\n}'),
  ],
  site: [snippet('layer', 'layer block', 'layer ${1:name} {\n  node ${2:name} { availability ${3:99.9%} }\n}')],
};
