/**
 * `topo diagram -o OUT.html`: one self-contained page that works offline. The webview bundle,
 * its stylesheet and the view model are inlined; a CSP lets only this page's nonce run. The
 * view model travels as JSON in a non-executable `<script type="application/json">`, with
 * every `<`, `>` and `&` escaped so no name can close the element.
 */
import type { DiagramView } from '../../../server/src/core/index';

export interface StandalonePageParams {
  view: DiagramView;
  /** dist/webview.js */
  script: string;
  /** dist/webview.css */
  style: string;
  /** From a cryptographic RNG. */
  nonce: string;
  title: string;
}

/** The Content-Security-Policy of the standalone page. */
export function standaloneCsp(nonce: string): string {
  return `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; img-src data:; base-uri 'none'; form-action 'none'`;
}

/** The whole page. */
export function buildStandaloneHtml(p: StandalonePageParams): string {
  const nonce = escapeHtml(p.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(standaloneCsp(p.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(p.title)}</title>
<style nonce="${nonce}">
${closeSafe(p.style, 'style')}
</style>
</head>
<body>
<div id="topo-root"></div>
<script type="application/json" id="topo-view">${jsonForScript(p.view)}</script>
<script nonce="${nonce}">
${closeSafe(p.script, 'script')}
</script>
</body>
</html>
`;
}

/** JSON that cannot end its `<script>` element or open a comment in it. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

// `</script` inside a script (or `</style` inside a style) would end the element early; in JS
// `<\/` means the same as `</` in every place the sequence can appear (strings, regexes, comments).
function closeSafe(text: string, tag: string): string {
  return text.replace(new RegExp(`</(${tag})`, 'gi'), '<\\/$1');
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
