/**
 * `npm run test:e2e`: the packaged extension in a real VS Code. Sets up code-server once (cached
 * outside the repo by scripts/e2e/setup.sh), builds and packages the .vsix, installs it into a
 * fresh extensions dir, serves a workspace holding the examples, and drives the workbench in
 * headless Chromium through the steps of checkout.e2e.ts, then those of editor.e2e.ts. Exits non-zero naming the failed step;
 * screenshots and logs stay in test-artifacts/e2e/. `--keep` keeps the temporary sandbox;
 * `--keep-going` runs the later steps after a failure too (for diagnosis; the run still fails).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openWorkbench, type BrowserSession } from './harness/browser';
import { createSandbox, installExtension, startCodeServer, type RunningServer } from './harness/codeServer';
import { artifactsDir, codeServerEntry, repoRoot } from './harness/paths';
import { run } from './harness/process';
import { runSteps, type StepOutcome } from './harness/steps';
import { buildVsix, installedFolderName } from './harness/vsix';
import { timeouts, waitForWorkbench } from './harness/workbench';
import { checkoutSteps } from './checkout.e2e';
import { editorSteps } from './editor.e2e';

const extensionId = 'topo.topo';
const keepSandbox = process.argv.includes('--keep');
const keepGoing = process.argv.includes('--keep-going');
/** After setup, a run that passes takes under a minute; a failing one is bounded by its waits. */
const runDeadlineMinutes = 15;

async function phase<T>(name: string, body: () => Promise<T>): Promise<T> {
  const started = Date.now();
  console.log(`e2e: ${name}…`);
  try {
    const value = await body();
    console.log(`e2e: ${name} done (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return value;
  } catch (error) {
    throw new Error(`${name} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function main(): Promise<number> {
  const started = Date.now();
  fs.rmSync(artifactsDir, { recursive: true, force: true });
  fs.mkdirSync(artifactsDir, { recursive: true });

  await phase('setting up code-server', () => run('bash', [path.join(repoRoot, 'scripts', 'e2e', 'setup.sh')]));
  if (!fs.existsSync(codeServerEntry)) throw new Error(`code-server is not installed at ${codeServerEntry}`);

  const sandbox = createSandbox();
  let server: RunningServer | undefined;
  let browser: BrowserSession | undefined;
  const cleanUp = async (): Promise<void> => {
    await browser?.close();
    await server?.stop();
    // VS Code's own logs (extension host, the Topo output channel) explain most failures.
    const logs = path.join(sandbox.userDataDir, 'logs');
    if (fs.existsSync(logs)) fs.cpSync(logs, path.join(artifactsDir, 'vscode-logs'), { recursive: true });
    if (!keepSandbox) fs.rmSync(sandbox.root, { recursive: true, force: true });
  };
  const onSignal = (): void => {
    void cleanUp().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  // Every wait has its own deadline; this one guards against a hung browser call, so CI never hangs.
  const watchdog = setTimeout(() => {
    console.error(`e2e: FAILED: the run took more than ${runDeadlineMinutes} minutes; stopping`);
    void cleanUp().finally(() => process.exit(1));
  }, runDeadlineMinutes * 60_000);
  watchdog.unref();

  try {
    const vsix = await phase('building and packaging the .vsix', () => buildVsix(sandbox.root));
    const installed = await phase('installing the .vsix into a fresh extensions dir', () =>
      installExtension(sandbox, vsix, installedFolderName(), extensionId),
    );
    console.log(`e2e: installed at ${installed}`);
    const running = await phase('starting code-server', () =>
      startCodeServer(sandbox, path.join(artifactsDir, 'code-server.log'), timeouts.workbenchMs),
    );
    server = running;
    const session = await phase('opening the workbench in Chromium', () =>
      openWorkbench(running.url, path.join(sandbox.root, 'chromium-profile'), path.join(artifactsDir, 'browser-console.log')),
    );
    browser = session;
    const page = session.page;

    console.log('e2e: steps');
    const outcomes: StepOutcome[] = await runSteps(
      page,
      [{ name: 'workbench loads the workspace', run: () => waitForWorkbench(page, 'checkout.topo') }, ...checkoutSteps(page), ...editorSteps(page, sandbox.workspaceDir)],
      artifactsDir,
      keepGoing,
    );
    const failed = outcomes.filter((outcome) => outcome.status === 'failed');
    const passed = outcomes.filter((outcome) => outcome.status === 'passed').length;
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    if (failed.length > 0) {
      const names = failed.map((outcome) => `"${outcome.name}"`).join(', ');
      console.log(`e2e: FAILED at step ${names} (${passed}/${outcomes.length} passed, ${seconds} s)`);
      console.log(`e2e: screenshots and logs in ${path.relative(process.cwd(), artifactsDir)}/`);
      return 1;
    }
    console.log(`e2e: all ${outcomes.length} steps passed (${seconds} s); screenshots in ${path.relative(process.cwd(), artifactsDir)}/`);
    return 0;
  } finally {
    if (keepSandbox) console.log(`e2e: sandbox kept at ${sandbox.root}`);
    await cleanUp();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`e2e: FAILED: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
