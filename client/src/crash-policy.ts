/**
 * When to restart a crashed language server. The server is restarted after each crash, but a
 * server that crashes again and again (a bad build, a file that trips a bug on load) is left
 * stopped after `maxCrashes` within `windowMs`, and the user is told and offered a restart.
 */
export interface CrashPolicyOptions {
  maxCrashes: number;
  windowMs: number;
}

const DEFAULT_CRASH_POLICY: CrashPolicyOptions = { maxCrashes: 5, windowMs: 3 * 60 * 1000 };

export class CrashPolicy {
  private crashes: number[] = [];

  constructor(private readonly options: CrashPolicyOptions = DEFAULT_CRASH_POLICY, private readonly now: () => number = Date.now) {}

  /** Records a crash; true when the server should be restarted. */
  shouldRestart(): boolean {
    const t = this.now();
    this.crashes = [...this.crashes.filter((c) => t - c < this.options.windowMs), t];
    return this.crashes.length <= this.options.maxCrashes;
  }

  /** Forgets past crashes (after the user restarts the server by hand). */
  reset(): void {
    this.crashes = [];
  }
}
