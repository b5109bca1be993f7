// Bundles every entry point with esbuild. Type-checking is `tsc -b` (see package.json "build").
// Node bundles are CommonJS with `vscode` external; the webview bundle is an IIFE for the browser.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
};

/** Entry points; a missing one (a feature not written yet) is skipped with a note. */
const nodeEntries = [
  { in: 'server/src/cli/main.ts', out: 'dist/topo.js', banner: '#!/usr/bin/env node' },
  { in: 'server/src/lsp/main.ts', out: 'dist/server.js' },
  { in: 'client/src/extension.ts', out: 'dist/client.js' },
];
const browserEntries = [{ in: 'webview/src/main.ts', out: 'dist/webview.js' }];

const contexts = [];
for (const e of nodeEntries) {
  if (!existsSync(e.in)) continue;
  contexts.push(
    await esbuild.context({
      ...common,
      entryPoints: [e.in],
      outfile: e.out,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      mainFields: ['module', 'main'],
      external: ['vscode'],
      banner: e.banner ? { js: e.banner } : undefined,
    }),
  );
}
for (const e of browserEntries) {
  if (!existsSync(e.in)) continue;
  contexts.push(
    await esbuild.context({
      ...common,
      entryPoints: [e.in],
      outfile: e.out,
      platform: 'browser',
      target: 'es2022',
      format: 'iife',
    }),
  );
}

if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}
