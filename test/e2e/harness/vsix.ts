/**
 * Builds the bundles and packages the extension exactly as it is published (`vsce package`
 * with the flags of the `package` npm script), so the end-to-end run exercises the installed
 * .vsix and not the sources.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { capture, run } from './process';
import { repoRoot } from './paths';

interface Manifest {
  publisher: string;
  name: string;
  version: string;
  scripts?: Record<string, string>;
}

function manifest(): Manifest {
  return JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Manifest;
}

/**
 * The flags the `package` npm script gives `vsce package` (say `--baseContentUrl`), without its
 * output path; `--no-dependencies` always, since the bundles carry their dependencies.
 */
export function packageFlags(script: string | undefined): string[] {
  const words = (/vsce\s+package\b([^&;|]*)/.exec(script ?? '')?.[1] ?? '').trim().split(/\s+/).filter(Boolean);
  const flags: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    if (word === '-o' || word === '--out') i++;
    else if (!word.startsWith('--out=')) flags.push(word);
  }
  return flags.includes('--no-dependencies') ? flags : ['--no-dependencies', ...flags];
}

/** Runs the esbuild bundling and `vsce package`; returns the path of the .vsix in `outDir`. */
export async function buildVsix(outDir: string): Promise<string> {
  await run(process.execPath, [path.join(repoRoot, 'scripts', 'build.mjs')], { cwd: repoRoot, timeoutMs: 300_000 });
  const vsix = path.join(outDir, 'topo.vsix');
  const vsce = path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  const flags = packageFlags(manifest().scripts?.package);
  // stdin is closed so that vsce fails instead of waiting on a question.
  await capture(process.execPath, [vsce, 'package', ...flags, '--out', vsix], { cwd: repoRoot, timeoutMs: 300_000 });
  if (!fs.existsSync(vsix)) throw new Error(`vsce did not write ${vsix}`);
  return vsix;
}

/** The publisher.name-version folder name that code-server gives the installed extension. */
export function installedFolderName(): string {
  const { publisher, name, version } = manifest();
  return `${publisher}.${name}-${version}`;
}
