/** The standalone page's escaping and CSP, without a browser. */
import { strict as assert } from 'node:assert';
import { buildStandaloneHtml, jsonForScript, standaloneCsp } from '../../webview/src/export/html';
import { checkoutView } from './fixtures';

describe('standalone page', () => {
  it('embeds JSON that cannot close its script element or open a comment', () => {
    const text = jsonForScript({ name: '</script><script>alert(1)</script><!-- & \u2028' });
    assert.doesNotMatch(text, /[<>&\u2028]/);
    assert.deepEqual(JSON.parse(text), { name: '</script><script>alert(1)</script><!-- & \u2028' });
  });

  it('allows only its own nonce for scripts and styles', () => {
    const csp = standaloneCsp('n0nce');
    assert.match(csp, /^default-src 'none';/);
    assert.match(csp, /script-src 'nonce-n0nce';/);
    assert.match(csp, /style-src 'nonce-n0nce';/);
    assert.doesNotMatch(csp, /unsafe|https?:/);
  });

  it('inlines the bundle safely even when it contains a closing tag', () => {
    const view = checkoutView();
    view.systems[0]!.name = '</title><script>alert(1)</script>';
    const html = buildStandaloneHtml({ view, script: 'const s = "</script>";', style: 'a{} </style>', nonce: 'abc', title: view.systems[0]!.name });
    assert.equal(html.match(/<\/script>/g)?.length, 2, 'only the JSON and the bundle elements close');
    assert.equal(html.match(/<\/style>/g)?.length, 1);
    assert.match(html, /<title>&lt;\/title&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/title>/);
    assert.match(html, /<script nonce="abc">\nconst s = "<\\\/script>";/);
  });
});
