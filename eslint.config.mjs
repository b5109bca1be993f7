// Lint rules. The important one is architectural: the core (grammar and server/src/core)
// knows no editor and does no I/O, so the CLI, the language server and the webview share it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * What the core (grammar/src, server/src/core) may import: its own modules and chevrotain (the
 * parser) — an allow-list, so a Node module, an editor package, a DOM library or an adapter is an
 * error whatever its name. `npm run lint` also runs scripts/check-cycles.mjs.
 */
const coreImports = [
  {
    regex: '^(?!\\.{1,2}/)(?!chevrotain$)',
    message: 'The core imports only its own modules (and chevrotain): Node modules (I/O, threads, network), editor packages and DOM libraries belong to an adapter (cli, lsp, client, webview).',
  },
  { group: ['**/lsp/**', '**/cli/**', '**/client/**', '**/protocol', '**/version'], message: 'The core does not depend on its adapters or their protocol.' },
  { group: ['**/webview/**'], message: 'The core does not depend on the webview: the view model is declared in the core (diagram/view-model.ts) and the webview imports it.' },
];

/**
 * What an adapter (CLI, language server, VS Code client) may take from the core: its public
 * surface, server/src/core/index.ts, and nothing behind it (nor the grammar, which the core
 * re-exports).
 */
const coreInternals = {
  group: ['**/core/**', '!**/core/index', '**/grammar/src/**'],
  message: 'An adapter uses the core through its public surface, server/src/core/index.ts: export what you need from there.',
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', '**/*.d.ts', 'test-artifacts/**', '.bench/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['grammar/src/**/*.ts', 'server/src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: coreImports }],
      'no-restricted-globals': ['error', { name: 'process', message: 'The core does no I/O.' }, { name: 'require', message: 'The core does no I/O.' }],
    },
  },
  {
    files: ['server/src/cli/**/*.ts', 'server/src/lsp/**/*.ts', 'server/src/*.ts', 'client/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [coreInternals] }],
    },
  },
  {
    // The CLI's dispatcher loads no core (`topo --version` stays a few kilobytes) yet echoes what was
    // typed: it takes the one terminal escaping from core/text/terminal.ts, pure and dependency-free.
    files: ['server/src/cli/main.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '(^|/)(core/(?!index$|text/terminal$)|grammar/src/)', message: coreInternals.message }] }],
    },
  },
  {
    files: ['webview/src/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'The webview never imports vscode: it talks through its typed protocol.' }],
        patterns: [
          // text/format.ts and text/xml.ts are the exceptions, pure and dependency-free: the figures' spelling, so the playback clock spells durations as everything else does, and the XML escaping, so the SVG export escapes as the MEF export does.
          { regex: '(^|/)(server/src/(?!core/index$|core/text/format$|core/text/xml$)|grammar/src/)', message: "The webview takes only types, and only from the core's public surface (server/src/core/index.ts); values only from text/format.ts and text/xml.ts." },
          { group: ['**/server/src/core/index'], allowTypeImports: true, message: "The webview takes only types from the core (the view model it draws, ranges): it computes no figure and ships none of the core's code." },
        ],
      }],
    },
  },
  {
    files: ['**/*.mjs', 'scripts/**', 'bench/**'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', fetch: 'readonly' } },
  },
);
