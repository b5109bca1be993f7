/**
 * A tiny step runner: the steps of a scenario run in order, each followed by a screenshot
 * (test-artifacts/e2e/NN-step.png); the first failure stops the run, because later steps build
 * on the state earlier ones leave behind.
 */
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { screenshot } from './browser';

export interface Step {
  /** A short name, also used in the screenshot's file name. */
  name: string;
  run(): Promise<void>;
}

export interface StepOutcome {
  name: string;
  status: 'passed' | 'failed' | 'not run';
  seconds: number;
  screenshot?: string;
  error?: string;
}

function slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/**
 * Runs the steps in order with a screenshot after each; stops at the first failure unless
 * `keepGoing` (for diagnosis: later steps then run on whatever state the failure left).
 */
export async function runSteps(page: Page, steps: Step[], artifactsDir: string, keepGoing = false): Promise<StepOutcome[]> {
  const outcomes: StepOutcome[] = [];
  let failed = false;
  for (const [index, step] of steps.entries()) {
    const number = String(index + 1).padStart(2, '0');
    if (failed) {
      outcomes.push({ name: step.name, status: 'not run', seconds: 0 });
      console.log(`  -  ${number} ${step.name} (not run)`);
      continue;
    }
    const started = Date.now();
    let error: string | undefined;
    try {
      await step.run();
    } catch (caught) {
      error = caught instanceof Error ? caught.message : String(caught);
      failed = !keepGoing;
    }
    const file = path.join(artifactsDir, `${number}-${slug(step.name)}.png`);
    const shot = (await screenshot(page, file)) ? file : undefined;
    const seconds = (Date.now() - started) / 1000;
    outcomes.push({ name: step.name, status: error ? 'failed' : 'passed', seconds, screenshot: shot, error });
    if (error === undefined) {
      console.log(`  ok ${number} ${step.name} (${seconds.toFixed(1)} s)`);
    } else {
      console.log(`  FAIL ${number} ${step.name} (${seconds.toFixed(1)} s)\n    ${error.replace(/\n/g, '\n    ')}`);
      console.log(`    screenshot: ${shot ? path.relative(process.cwd(), shot) : '(could not be taken)'}`);
    }
  }
  return outcomes;
}
