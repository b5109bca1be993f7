/**
 * Builds the bundles and packages the extension exactly as it is published (`vsce package`),
 * so the end-to-end run exercises the installed .vsix and not the sources.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { capture, run } from './process';
import { repoRoot } from './paths';

/** Runs the esbuild bundling and `vsce package`; returns the path of the .vsix in `outDir`. */
export async function buildVsix(outDir: string): Promise<string> {
  await run(process.execPath, [path.join(repoRoot, 'scripts', 'build.mjs')], { cwd: repoRoot, timeoutMs: 300_000 });
  const vsix = path.join(outDir, 'topo.vsix');
  const vsce = path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  // stdin is closed so that vsce fails instead of waiting on a question.
  await capture(process.execPath, [vsce, 'package', '--no-dependencies', '--out', vsix], { cwd: repoRoot, timeoutMs: 300_000 });
  if (!fs.existsSync(vsix)) throw new Error(`vsce did not write ${vsix}`);
  return vsix;
}

/** The publisher.name-version folder name that code-server gives the installed extension. */
export function installedFolderName(): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    publisher: string;
    name: string;
    version: string;
  };
  return `${manifest.publisher}.${manifest.name}-${manifest.version}`;
}
