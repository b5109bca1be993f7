// Import cycles between modules (`npm run lint` runs this after ESLint). A cycle makes module
// initialisation order matter and hides which module is the lower layer; type-only imports and
// re-exports of types create none at run time and are not counted.
// `node scripts/check-cycles.mjs [DIR…]` checks the .ts files under the given folders (default:
// the project's sources); exit 1, with each cycle printed, when there is one.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = join(import.meta.dirname, '..');
const dirs = process.argv.length > 2 ? process.argv.slice(2).map((d) => resolve(d)) : ['grammar/src', 'server/src', 'webview/src', 'client/src'].map((d) => join(root, d));

const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (path.endsWith('.ts') && !path.endsWith('.d.ts')) files.push(path);
  }
};
dirs.filter((d) => existsSync(d)).forEach(walk);
const known = new Set(files);

/** The modules a file imports at run time (relative specifiers only). */
function runtimeImports(file) {
  const text = readFileSync(file, 'utf8');
  const out = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\s+(type\s+)?(?:[^;'"]*?\sfrom\s+)?['"](\.{1,2}\/[^'"]+)['"]/gm)) {
    if (m[1]) continue;
    const base = resolve(dirname(file), m[2]);
    const target = [base, `${base}.ts`, join(base, 'index.ts')].find((p) => known.has(p));
    if (target) out.push(target);
  }
  return out;
}

const graph = new Map(files.map((f) => [f, runtimeImports(f)]));
const state = new Map();
const stack = [];
const cycles = [];
function visit(file) {
  state.set(file, 1);
  stack.push(file);
  for (const next of graph.get(file) ?? []) {
    if (state.get(next) === 1) cycles.push([...stack.slice(stack.indexOf(next)), next]);
    else if (!state.has(next)) visit(next);
  }
  stack.pop();
  state.set(file, 2);
}
for (const f of files) if (!state.has(f)) visit(f);

if (cycles.length > 0) {
  for (const c of cycles) console.error(`import cycle: ${c.map((f) => relative(root, f)).join(' → ')}`);
  process.exit(1);
}
console.log(`no import cycles (${files.length} modules)`);
