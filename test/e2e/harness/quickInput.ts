/**
 * The quick input widget, the way a user drives it: the command palette (F1), quick open, and
 * the quick picks extensions show. Rows are picked by their label.
 */
import type { Page } from 'playwright-core';
import { pollUntil } from './poll';
import { timeouts } from './workbench';

const quickInput = '.quick-input-widget';
const quickInputBox = `${quickInput} .quick-input-box input`;
const quickInputRows = `${quickInput} .quick-input-list .monaco-list-row`;

async function openQuickInput(page: Page): Promise<void> {
  await closeQuickInput(page);
  await pollUntil(
    'the command palette to open',
    async () => {
      if (!(await page.locator(quickInputBox).isVisible())) await page.keyboard.press('F1');
      return page.locator(quickInputBox).evaluate((input) => input === document.activeElement);
    },
    { timeoutMs: timeouts.uiMs, intervalMs: 1000 },
  );
}

async function closeQuickInput(page: Page): Promise<void> {
  if (await page.locator(quickInputBox).isVisible()) await page.keyboard.press('Escape');
}

/** The labels of the rows the open quick input offers. */
export async function quickInputLabels(page: Page): Promise<string[]> {
  return page.locator(quickInputRows).evaluateAll((rows) =>
    rows.map((row) => (row.querySelector('.label-name')?.textContent ?? row.textContent ?? '').trim()),
  );
}

/** A regular expression matching exactly `text`. */
function exactly(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}

/**
 * Waits for a row of the open quick input labelled exactly `label`, then clicks it and waits for
 * the quick input to take it. (Rows are found by label, never by index: the list positions its
 * rows absolutely, so DOM order is not display order.)
 */
export async function pickRow(page: Page, label: string): Promise<void> {
  const row = page.locator(quickInputRows).filter({ has: page.locator('.label-name', { hasText: exactly(label) }) });
  await pollUntil(`a quick-input row labelled "${label}"`, async () => (await row.count()) > 0, { timeoutMs: timeouts.uiMs }, async () =>
    JSON.stringify(await quickInputLabels(page)),
  );
  const box = page.locator(quickInputBox);
  const typed = await box.inputValue();
  await row.first().click();
  // The widget is shared: a command that asks a question reuses it at once, so "picked" means
  // closed or showing another question (a different input value), not necessarily hidden.
  await pollUntil(
    `the quick input to take "${label}"`,
    async () => !(await box.isVisible()) || (await box.inputValue()) !== typed,
    { timeoutMs: timeouts.uiMs },
  );
}

/** Runs a command from the command palette by its full title ("Topo: Show Topology Diagram"). */
export async function runCommand(page: Page, title: string): Promise<void> {
  await openQuickInput(page);
  await page.locator(quickInputBox).fill(`>${title}`);
  await pickRow(page, title);
}

/** Opens a file of the workspace with quick open (the palette without its ">" prefix). */
export async function quickOpen(page: Page, fileName: string): Promise<void> {
  await openQuickInput(page);
  await page.locator(quickInputBox).fill(fileName);
  await pickRow(page, fileName);
}

/**
 * Answers the quick pick titled `title` (an extension's showQuickPick, which appears only once
 * its items are ready): filters it with `label` and picks the row labelled exactly that.
 */
export async function answerQuickPick(page: Page, title: string, label: string): Promise<void> {
  await pollUntil(
    `the quick pick "${title}"`,
    async () =>
      (await page.locator(quickInputBox).isVisible()) &&
      (await page.locator(`${quickInput} .quick-input-title`).textContent())?.includes(title) === true &&
      (await page.locator(quickInputRows).count()) > 0,
    { timeoutMs: timeouts.languageServerMs },
  );
  await page.locator(quickInputBox).fill(label);
  await pickRow(page, label);
}
