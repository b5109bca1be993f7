/**
 * Debian's Chromium driven by playwright-core: headless, no sandbox (CI runs as root), no GPU,
 * no background traffic, and a fresh profile per run.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { chromiumBinary } from './paths';

export interface BrowserSession {
  page: Page;
  close(): Promise<void>;
}

/** Launches Chromium with a profile under `profileDir` and opens one page at `url`. */
export async function openWorkbench(url: string, profileDir: string, consoleLog: string): Promise<BrowserSession> {
  fs.mkdirSync(profileDir, { recursive: true });
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumBinary,
    headless: true,
    viewport: { width: 1600, height: 1200 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') {
      fs.appendFileSync(consoleLog, `[${message.type()}] ${message.text()}\n`);
    }
  });
  page.on('pageerror', (error) => fs.appendFileSync(consoleLog, `[pageerror] ${error.message}\n`));
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 120_000 });
  return {
    page,
    // Closing a persistent context also ends the browser process it launched.
    close: async () => {
      await context.close().catch(() => undefined);
    },
  };
}

/** A screenshot of the whole page, best effort (a crashed page must not hide the real error). */
export async function screenshot(page: Page, file: string): Promise<boolean> {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await page.screenshot({ path: file, timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
}
