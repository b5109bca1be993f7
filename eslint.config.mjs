// Lint rules. The important one is architectural: the core (grammar and server/src/core)
// knows no editor and does no I/O, so the CLI, the language server and the webview share it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const editorOrIo = [
  { name: 'vscode', message: 'The core knows no editor: keep vscode out of grammar/ and server/src/core/.' },
  { name: 'fs', message: 'The core does no I/O: read files in an adapter (cli, lsp).' },
  { name: 'node:fs', message: 'The core does no I/O: read files in an adapter (cli, lsp).' },
  { name: 'fs/promises', message: 'The core does no I/O.' },
  { name: 'node:fs/promises', message: 'The core does no I/O.' },
  { name: 'child_process', message: 'The core does no I/O.' },
  { name: 'node:child_process', message: 'The core does no I/O.' },
  { name: 'process', message: 'The core does no I/O.' },
  { name: 'node:process', message: 'The core does no I/O.' },
];

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
      'no-restricted-imports': [
        'error',
        {
          paths: editorOrIo,
          patterns: [
            { group: ['vscode-languageserver*', 'vscode-languageclient*', 'vscode-jsonrpc*'], message: 'The core knows no editor protocol.' },
            { group: ['**/lsp/**', '**/cli/**', '**/client/**'], message: 'The core does not depend on its adapters.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'process', message: 'The core does no I/O.' }, { name: 'require', message: 'The core does no I/O.' }],
    },
  },
  {
    files: ['webview/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'The webview never imports vscode: it talks through its typed protocol.' }] }],
    },
  },
  {
    files: ['**/*.mjs', 'scripts/**', 'bench/**'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
