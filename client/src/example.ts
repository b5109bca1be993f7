/**
 * `Topo: Open Example` (the Getting Started walkthrough's first step): the spec's worked example,
 * `examples/checkout.topo`, read from the installed extension (`.vscodeignore` ships it) and opened
 * as a new untitled `topo` document, so the reader can edit it freely and nothing of the
 * extension's own files is ever written.
 *
 * The editor is reached through an `ExampleHost`, so the steps are tested without VS Code.
 */
import type * as vscode from 'vscode';

/** Where the example lives inside the extension (and the repository). */
export const EXAMPLE_PATH = ['examples', 'checkout.topo'] as const;

/** What opening the example needs of the editor. */
export interface ExampleHost<U, D> {
  joinPath(base: U, ...segments: string[]): U;
  readFile(uri: U): PromiseLike<Uint8Array>;
  openTextDocument(options: { language: string; content: string }): PromiseLike<D>;
  showTextDocument(document: D): PromiseLike<unknown>;
}

/** The example's text from its bytes: UTF-8, without a byte-order mark (TextDecoder drops it). */
export function exampleText(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes);
}

/** Opens the example, read from `extensionRoot`, as an untitled `topo` document in the editor. */
export async function openExample<U, D>(host: ExampleHost<U, D>, extensionRoot: U): Promise<D> {
  const bytes = await host.readFile(host.joinPath(extensionRoot, ...EXAMPLE_PATH));
  const document = await host.openTextDocument({ language: 'topo', content: exampleText(bytes) });
  await host.showTextDocument(document);
  return document;
}

/** The host over VS Code's API (passed in: this module imports only `vscode`'s types). */
export function vscodeExampleHost(api: typeof vscode): ExampleHost<vscode.Uri, vscode.TextDocument> {
  return {
    joinPath: (base, ...segments) => api.Uri.joinPath(base, ...segments),
    readFile: (uri) => api.workspace.fs.readFile(uri),
    openTextDocument: (options) => api.workspace.openTextDocument(options),
    showTextDocument: (document) => api.window.showTextDocument(document),
  };
}
