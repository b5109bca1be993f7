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

/**
 * The CLI is a small dispatcher, dist/topo.js, and one bundle per command, dist/cli/NAME.js,
 * loaded when that command runs (server/src/cli/main.ts imports each lazily): `topo check`
 * parses its own 0.6 MB, not the language server, linkedom and d3 as well (a 2 MB bundle took
 * ~80 ms to compile before anything ran). The commands share no module state, so the few
 * modules in two bundles (the core) cost disk, not behaviour.
 */
const CLI_COMMANDS = ['check', 'fmt', 'simulate', 'montecarlo', 'blast', 'diff', 'diagram', 'export', 'import', 'lsp'];

/** In the dispatcher, `import('./commands/NAME')` becomes a require of dist/cli/NAME.js at run time. */
const commandsApart = {
  name: 'cli-commands-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\/commands\/[\w-]+$/, namespace: 'file' }, (args) => {
      const name = args.path.slice('./commands/'.length);
      if (!args.importer.endsWith('server/src/cli/main.ts') || !CLI_COMMANDS.includes(name)) return undefined;
      return { path: `./cli/${name}.js`, external: true };
    });
  },
};

/** Entry points; a missing one (a feature not written yet) is skipped with a note. */
const nodeEntries = [
  // `supported: dynamic-import false`: the lazy imports become plain requires. Node's import() of a
  // CommonJS file scans all of it for export names first (~50 ms for a command's bundle).
  { in: 'server/src/cli/main.ts', out: 'dist/topo.js', banner: '#!/usr/bin/env node', plugins: [commandsApart], supported: { 'dynamic-import': false } },
  ...CLI_COMMANDS.map((name) => ({ in: `server/src/cli/commands/${name}.ts`, out: `dist/cli/${name}.js` })),
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
      plugins: e.plugins ?? [],
      supported: e.supported ?? {},
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
