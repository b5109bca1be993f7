/**
 * code-server (VS Code served to a browser) for one end-to-end run: a fresh sandbox of user data,
 * extensions and workspace, the packaged extension installed into it, and the server itself.
 */
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GiveUp, pollUntil } from './poll';
import { capture, freePort, startDetached, stopGroup } from './process';
import { codeServerEntry, nodeBinary, repoRoot } from './paths';

export interface Sandbox {
  root: string;
  userDataDir: string;
  extensionsDir: string;
  workspaceDir: string;
  configFile: string;
}

/**
 * User settings that keep the workbench quiet and deterministic: no trust prompt (the workspace
 * would open in Restricted Mode), no welcome page, tips, walkthroughs, telemetry or update
 * checks, and no editing aids that rewrite what the test types (auto-closing brackets,
 * suggestions accepted on Enter).
 */
const userSettings = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.enableExperiments': false,
  'workbench.colorTheme': 'Default Dark Modern',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'chat.disableAIFeatures': true,
  'files.autoSave': 'off',
  'editor.autoClosingBrackets': 'never',
  'editor.autoClosingQuotes': 'never',
  'editor.autoSurround': 'never',
  'editor.acceptSuggestionOnEnter': 'off',
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'editor.suggestOnTriggerCharacters': false,
  'editor.hover.delay': 300,
  'editor.minimap.enabled': false,
};

/** Creates a fresh sandbox in the system temp dir, with the workspace copied from examples/ and test/e2e/workspace/. */
export function createSandbox(): Sandbox {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'topo-e2e-'));
  const sandbox: Sandbox = {
    root,
    userDataDir: path.join(root, 'user-data'),
    extensionsDir: path.join(root, 'extensions'),
    workspaceDir: path.join(root, 'workspace'),
    configFile: path.join(root, 'config.yaml'),
  };
  fs.mkdirSync(path.join(sandbox.userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(sandbox.extensionsDir, { recursive: true });
  fs.cpSync(path.join(repoRoot, 'examples'), sandbox.workspaceDir, { recursive: true });
  // The files of editor.e2e.ts (quick fixes, a misspelt keyword, two systems, 1,000 instances).
  fs.cpSync(path.join(repoRoot, 'test', 'e2e', 'workspace'), sandbox.workspaceDir, { recursive: true });
  fs.writeFileSync(path.join(sandbox.userDataDir, 'User', 'settings.json'), JSON.stringify(userSettings, null, 2));
  // An explicit config file, so that code-server neither reads nor creates ~/.config/code-server.
  fs.writeFileSync(sandbox.configFile, 'auth: none\ncert: false\n');
  return sandbox;
}

/**
 * The environment without VS Code's own variables: run from a VS Code terminal, code-server would
 * see VSCODE_IPC_HOOK_CLI and hand the folder to that editor instead of starting.
 */
function isolatedEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VSCODE_')));
}

function commonArgs(sandbox: Sandbox): string[] {
  return [
    codeServerEntry,
    '--config',
    sandbox.configFile,
    '--user-data-dir',
    sandbox.userDataDir,
    '--extensions-dir',
    sandbox.extensionsDir,
  ];
}

/** Installs the .vsix with code-server's own installer and checks where it landed. */
export async function installExtension(sandbox: Sandbox, vsix: string, folderName: string, extensionId: string): Promise<string> {
  await capture(nodeBinary, [...commonArgs(sandbox), '--install-extension', vsix], { env: isolatedEnv(), timeoutMs: 180_000 });
  const installed = path.join(sandbox.extensionsDir, folderName);
  if (!fs.existsSync(path.join(installed, 'package.json'))) {
    const found = fs.readdirSync(sandbox.extensionsDir).join(', ') || 'nothing';
    throw new Error(`the extension is not in ${sandbox.extensionsDir} (found: ${found})`);
  }
  checkInstalledFiles(installed);
  const listed = await capture(nodeBinary, [...commonArgs(sandbox), '--list-extensions'], { env: isolatedEnv(), timeoutMs: 180_000 });
  if (!listed.split(/\r?\n/).some((line) => line.trim().toLowerCase() === extensionId.toLowerCase())) {
    throw new Error(`code-server --list-extensions does not list ${extensionId}:\n${listed}`);
  }
  return installed;
}

/** Every file under `dir`, relative to it. */
function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));
}

/**
 * The installed copy must run on its own: its `main` bundle is there, and no TypeScript source
 * was shipped (the .vscodeignore allow-list keeps the package to bundles and assets).
 */
function checkInstalledFiles(installed: string): void {
  const manifest = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8')) as { main?: string };
  if (!manifest.main || !fs.existsSync(path.join(installed, manifest.main))) {
    throw new Error(`the installed extension lacks its main entry ${manifest.main ?? '(none declared)'}`);
  }
  const sources = filesUnder(installed).filter((file) => /\.ts$/.test(file) && !/\.d\.ts$/.test(file));
  if (sources.length > 0) throw new Error(`the .vsix ships TypeScript sources: ${sources.slice(0, 5).join(', ')}`);
}

export interface RunningServer {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts code-server on a free 127.0.0.1 port with the sandbox's workspace; waits until it answers. */
export async function startCodeServer(sandbox: Sandbox, logFile: string, timeoutMs: number): Promise<RunningServer> {
  const port = await freePort();
  const args = [
    ...commonArgs(sandbox),
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    sandbox.workspaceDir,
  ];
  const child = startDetached(nodeBinary, args, logFile, { env: isolatedEnv() });
  const server: RunningServer = {
    url: `http://127.0.0.1:${port}/?folder=${encodeURIComponent(sandbox.workspaceDir)}`,
    process: child,
    stop: () => stopGroup(child),
  };
  try {
    await pollUntil(
      `code-server to answer on port ${port}`,
      async () => {
        if (child.exitCode !== null) throw new GiveUp(`code-server exited with ${child.exitCode}; see ${logFile}`);
        const response = await fetch(`http://127.0.0.1:${port}/healthz`);
        return response.ok;
      },
      { timeoutMs, intervalMs: 500 },
    );
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}
