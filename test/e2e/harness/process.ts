/**
 * Child processes for the end-to-end run: commands that must succeed, and long-running servers
 * started in their own process group so that stopping one also stops everything it spawned
 * (code-server forks its extension host and our language server).
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';

/** Options of run/capture: spawn's, plus a deadline after which the command is killed. */
export type CommandOptions = SpawnOptions & { timeoutMs?: number };

/** Runs a command to completion, echoing its output; rejects on a non-zero exit or the deadline. */
export function run(command: string, args: string[], options: CommandOptions = {}): Promise<void> {
  return finish(spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options }), command, args, options.timeoutMs).then(() => undefined);
}

/** Runs a command to completion and returns its standard output; rejects on a non-zero exit or the deadline. */
export function capture(command: string, args: string[], options: CommandOptions = {}): Promise<string> {
  return finish(spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options }), command, args, options.timeoutMs);
}

function finish(child: ChildProcess, command: string, args: string[], timeoutMs: number | undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let timedOut = false;
    const timer = timeoutMs === undefined ? undefined : setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const what = `${command} ${args.join(' ')}`;
      if (timedOut) reject(new Error(`${what} did not finish within ${Math.round((timeoutMs ?? 0) / 1000)} s:\n${stdout}${stderr}`));
      else if (code === 0) resolve(stdout);
      else reject(new Error(`${what} exited with ${signal ?? code}:\n${stdout}${stderr}`));
    });
  });
}

/** Starts a long-running process in its own process group, its output appended to a log file. */
export function startDetached(command: string, args: string[], logFile: string, options: SpawnOptions = {}): ChildProcess {
  const log = fs.openSync(logFile, 'a');
  const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  return child;
}

/** Stops a process group started by startDetached: SIGTERM, then SIGKILL after a grace period. */
export async function stopGroup(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  signalGroup(child.pid, 'SIGTERM');
  const timedOut = await Promise.race([exited.then(() => false), delay(graceMs).then(() => true)]);
  // Even after the leader exits, its children (extension host, language server) may linger.
  signalGroup(child.pid, 'SIGKILL');
  if (timedOut) await Promise.race([exited, delay(graceMs)]);
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

/** Resolves after the given number of milliseconds. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
