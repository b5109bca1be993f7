/**
 * The packaged extension (issue 2, "Done when"): `vsce package` writes a .vsix under 2 MB that
 * holds the bundles, the grammar and the language configuration — and no node_modules, no
 * TypeScript sources, no source maps. The zip itself is read, not vsce's own listing.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { buildCli } from '../support/cli';

const root = resolve(__dirname, '../..');

/** Entry names and (for small files) contents of a zip, from its central directory. */
function readZip(path: string): Map<string, Buffer> {
  const buf = readFileSync(path);
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(eocd >= 0, 'not a zip file');
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const entries = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    assert.equal(buf.readUInt32LE(at), 0x02014b50, 'bad central directory');
    const method = buf.readUInt16LE(at + 10);
    const compressed = buf.readUInt32LE(at + 20);
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLen);
    const dataAt = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(dataAt, dataAt + compressed);
    entries.set(name, method === 8 ? inflateRawSync(raw) : Buffer.from(raw));
    at += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

describe('package: the .vsix', function () {
  this.timeout(180_000);
  let vsix = '';
  let entries = new Map<string, Buffer>();

  before(() => {
    buildCli();
    vsix = join(mkdtempSync(join(tmpdir(), 'topo-vsix-')), 'topo.vsix');
    const vsce = join(root, 'node_modules/@vscode/vsce/vsce');
    const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '-o', vsix], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 0, `vsce package failed:\n${r.stdout}\n${r.stderr}`);
    entries = readZip(vsix);
  });

  it('is under 2 MB', () => {
    const size = statSync(vsix).size;
    assert.ok(size < 2 * 1024 * 1024, `${size} bytes`);
  });

  it('holds the bundles, the grammar, the language configuration and the snippets', () => {
    for (const f of ['dist/client.js', 'dist/server.js', 'dist/webview.js', 'grammar/topo.tmLanguage.json', 'grammar/language-configuration.json', 'grammar/snippets.json', 'package.json']) {
      assert.ok(entries.has(`extension/${f}`), `missing ${f}; has ${[...entries.keys()].join(', ')}`);
    }
  });

  it('holds the worked example, byte for byte, for Topo: Open Example', () => {
    assert.deepEqual(entries.get('extension/examples/checkout.topo'), readFileSync(join(root, 'examples/checkout.topo')));
  });

  it('holds no node_modules, TypeScript sources, source maps or tests', () => {
    // The one .topo file shipped is the worked example `Topo: Open Example` opens.
    const bad = [...entries.keys()].filter((n) => n !== 'extension/examples/checkout.topo' && /node_modules\/|\.ts$|\.map$|(^|\/)test\/|\.topo$/.test(n));
    assert.deepEqual(bad, []);
  });

  it('declares the topo language and the pieces VS Code loads', () => {
    const manifest = JSON.parse(entries.get('extension/package.json')!.toString('utf8'));
    assert.equal(manifest.main, './dist/client.js');
    assert.deepEqual(manifest.contributes.languages[0].extensions, ['.topo']);
    assert.equal(manifest.contributes.grammars[0].scopeName, 'source.topo');
    // Restricted Mode: everything but Compare with…, which runs git (a repository's configuration can make it run programs).
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.match(manifest.capabilities.untrustedWorkspaces.description, /Compare with/);
    const palette = manifest.contributes.menus.commandPalette.find((m: { command: string }) => m.command === 'topo.compareWith');
    assert.match(palette.when, /^isWorkspaceTrusted && /);
    for (const c of ['topo.showDiagram', 'topo.simulateFailover', 'topo.runMonteCarlo', 'topo.showReport', 'topo.exportSvg', 'topo.exportPng', 'topo.whatFailsIf', 'topo.compareWith']) {
      assert.ok(manifest.contributes.commands.some((x: { command: string; category: string }) => x.command === c && x.category === 'Topo'), c);
    }
  });
});
