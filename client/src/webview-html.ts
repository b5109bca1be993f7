/**
 * The diagram panel's HTML: a strict Content-Security-Policy (scripts only with this page's
 * nonce, styles only from the extension's own files, nothing else), the stylesheet and the
 * script bundle. Pure (no vscode import) so tests load exactly this page in Chromium.
 */

export interface WebviewHtmlParams {
  /** `webview.cspSource`: the origin the webview serves the extension's files from. */
  cspSource: string;
  /** `webview.asWebviewUri(dist/webview.js)`, as a string. */
  scriptUri: string;
  /** `webview.asWebviewUri(dist/webview.css)`, as a string. */
  styleUri: string;
  /** A fresh nonce from a cryptographic RNG (see `makeNonce`). */
  nonce: string;
  title: string;
  /**
   * The URI of the document the diagram shows. The page keeps it with the webview state API, so
   * the panel serializer can re-attach a restored panel to its document after a window reload.
   */
  documentUri?: string;
}

/** The Content-Security-Policy of the diagram panel. */
export function diagramCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** The panel's whole document. Every interpolated value is attribute-escaped. */
export function buildWebviewHtml(p: WebviewHtmlParams): string {
  const root = `<div id="topo-root"${p.documentUri === undefined ? '' : ` data-document="${escapeAttribute(p.documentUri)}"`}></div>`;
  const script = `<script nonce="${escapeAttribute(p.nonce)}" src="${escapeAttribute(p.scriptUri)}"></script>`;
  return page(diagramCsp(p.cspSource, p.nonce), p.styleUri, p.title, `${root}\n${script}`);
}

/** A page that only says something (a diagram that cannot be restored): no script at all, styles from the extension. */
export function buildNoticeHtml(p: { cspSource: string; styleUri: string; title: string; text: string }): string {
  const csp = ["default-src 'none'", `style-src ${p.cspSource}`, "base-uri 'none'", "form-action 'none'"].join('; ');
  return page(csp, p.styleUri, p.title, `<div id="topo-root"><div class="topo-message" role="status">${escapeText(p.text)}</div></div>`);
}

/** The document both pages share: the policy, the extension's stylesheet, the title, then `body` (already escaped). */
function page(csp: string, styleUri: string, title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${escapeAttribute(styleUri)}">
<title>${escapeText(title)}</title>
</head>
<body>
${body}
</body>
</html>
`;
}

/** A nonce (base64 letters and digits) from the given random bytes, e.g. `crypto.randomBytes(16)`. */
export function nonceFromBytes(bytes: Uint8Array): string {
  if (bytes.length < 16) throw new Error('a nonce needs at least 16 random bytes');
  return Buffer.from(bytes).toString('base64').replace(/[^A-Za-z0-9]/g, '');
}

function escapeAttribute(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
