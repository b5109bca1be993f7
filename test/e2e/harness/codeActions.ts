/**
 * Quick fixes the way a user applies them: the caret on the diagnostic's word, Ctrl+. (the
 * action widget lists the fixes of what is under the caret), a click on the one wanted.
 */
import type { Page } from 'playwright-core';
import { clickWord } from './editor';
import { pollUntil } from './poll';
import { timeouts } from './workbench';

const actionRows = '.action-widget .monaco-list-row.action';

/** The titles the open action widget offers. */
export async function codeActionTitles(page: Page): Promise<string[]> {
  return page.locator(`${actionRows} .title`).allTextContents();
}

/**
 * Puts the caret on `word` of the line containing `lineText`, opens the quick fixes there and
 * applies the one whose title matches `title`; returns that title. Polls, since the fixes that
 * need the full analysis arrive once the server has it.
 */
export async function applyQuickFix(page: Page, lineText: string, word: string, title: RegExp): Promise<string> {
  const chosen = await pollUntil(
    `a quick fix matching ${title} on "${word}"`,
    async () => {
      if (await page.locator(actionRows).first().isVisible()) await page.keyboard.press('Escape');
      await clickWord(page, lineText, word);
      await page.keyboard.press('Control+.');
      await page.locator(actionRows).first().waitFor({ state: 'visible', timeout: 5000 });
      return (await codeActionTitles(page)).find((text) => title.test(text));
    },
    { timeoutMs: timeouts.languageServerMs, intervalMs: 1000 },
    async () => JSON.stringify(await codeActionTitles(page)),
  );
  await page.locator(actionRows).filter({ has: page.locator('.title', { hasText: chosen }) }).first().click();
  await pollUntil('the action widget to close', async () => !(await page.locator(actionRows).first().isVisible()), { timeoutMs: timeouts.uiMs });
  return chosen;
}
