/**
 * The VS Code workbench around the editor: waiting for it to load, the Problems panel, and the
 * frames that hold webviews. Selectors are VS Code's own class names (stable across many
 * releases); every wait polls with a deadline. See quickInput.ts and editor.ts for the rest.
 */
import type { Frame, Page } from 'playwright-core';
import { pollUntil } from './poll';

/** Deadlines, generous because code-server shares two busy cores with other work. */
export const timeouts = {
  workbenchMs: 180_000,
  uiMs: 30_000,
  languageServerMs: 90_000,
};

/** Waits until the workbench has loaded the workspace folder (its files are in the explorer). */
export async function waitForWorkbench(page: Page, expectedFile: string): Promise<void> {
  await pollUntil(
    `the workbench to show ${expectedFile} in the explorer`,
    async () => (await page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${expectedFile}"]`).count()) > 0,
    { timeoutMs: timeouts.workbenchMs, intervalMs: 500 },
    async () => (await page.locator('.monaco-workbench').count()) > 0 ? 'workbench without the file' : 'no workbench yet',
  );
}

/** A marker row of the Problems panel, as shown: message, source, code and 1-based position. */
export interface ProblemRow {
  message: string;
  source: string;
  code: string;
  /** "[Ln 17, Col 5]" as a number pair; 0 when the row shows no position. */
  line: number;
  column: number;
}

/** The marker rows the Problems panel renders (file rows are left out). */
export async function problemRows(page: Page): Promise<ProblemRow[]> {
  // No named functions inside page functions: tsx (esbuild keepNames) would wrap them in a
  // `__name` helper that does not exist in the browser.
  const rows = await page.locator('.markers-panel .monaco-list-row').evaluateAll((elements) =>
    elements
      .filter((row) => row.querySelector('.marker-message') !== null)
      .map((row) => ['.marker-message', '.marker-source', '.marker-code', '.marker-line'].map((cell) => row.querySelector(cell)?.textContent ?? '')),
  );
  return rows.map(([message = '', source = '', code = '', where = '']) => {
    const position = /Ln (\d+), Col (\d+)/.exec(where);
    const clean = (text: string): string => text.replace(/\s+/g, ' ').trim();
    return {
      message: clean(message),
      source: clean(source),
      code: clean(code),
      line: position ? Number(position[1]) : 0,
      column: position ? Number(position[2]) : 0,
    };
  });
}

/** Shows the Problems panel (Ctrl+Shift+M) and waits until it is rendered. */
export async function showProblems(page: Page): Promise<void> {
  await page.keyboard.press('Control+Shift+M');
  await pollUntil('the Problems panel to show', () => page.locator('.markers-panel').isVisible(), {
    timeoutMs: timeouts.uiMs,
  });
}

/** Every frame of the page, webviews included (they are nested iframes), whose DOM matches `selector`. */
export async function framesWith(page: Page, selector: string): Promise<Frame[]> {
  const found: Frame[] = [];
  for (const frame of page.frames()) {
    try {
      if ((await frame.locator(selector).count()) > 0) found.push(frame);
    } catch {
      // A frame that navigated away or was detached mid-query.
    }
  }
  return found;
}

/** The text of the status bar item an extension contributed (`publisher.name.itemId`); '' when it is not shown. */
export async function statusBarItemText(page: Page, id: string): Promise<string> {
  const item = page.locator(`.statusbar-item[id="${id}"]`);
  if ((await item.count()) === 0) return '';
  return ((await item.first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/** The messages of the notification toasts on screen. */
export async function notificationTexts(page: Page): Promise<string[]> {
  return page.locator('.notifications-toasts .notification-list-item-message').allTextContents();
}
