/**
 * Driving the VS Code workbench through its DOM, the way a user would: the command palette,
 * quick open, quick picks, the editor, hovers and the Problems panel. Selectors are VS Code's
 * own class names (stable across many releases); every wait polls with a deadline.
 */
import type { Frame, Page } from 'playwright-core';
import { pollUntil } from './poll';

/** Deadlines, generous because code-server shares two busy cores with other work. */
export const timeouts = {
  workbenchMs: 180_000,
  uiMs: 30_000,
  languageServerMs: 90_000,
};

const quickInput = '.quick-input-widget';
const quickInputBox = `${quickInput} .quick-input-box input`;
const quickInputRows = `${quickInput} .quick-input-list .monaco-list-row`;
const activeEditor = '.editor-group-container.active .editor-instance .monaco-editor';

/** Waits until the workbench has loaded the workspace folder (its files are in the explorer). */
export async function waitForWorkbench(page: Page, expectedFile: string): Promise<void> {
  await pollUntil(
    `the workbench to show ${expectedFile} in the explorer`,
    async () => (await page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${expectedFile}"]`).count()) > 0,
    { timeoutMs: timeouts.workbenchMs, intervalMs: 500 },
    async () => (await page.locator('.monaco-workbench').count()) > 0 ? 'workbench without the file' : 'no workbench yet',
  );
}

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

/** The text of the active editor as rendered (every line is rendered: the fixtures are short). */
export async function editorText(page: Page): Promise<string> {
  return page.locator(`${activeEditor} .view-lines`).evaluate((lines) => {
    const rendered = Array.from(lines.querySelectorAll<HTMLElement>('.view-line')).map((line) => ({
      top: parseFloat(line.style.top || '0'),
      text: (line.textContent ?? '').replace(/\u00a0/g, ' '),
    }));
    return rendered
      .sort((a, b) => a.top - b.top)
      .map((line) => line.text)
      .join('\n');
  });
}

/** The rendered text of every editor visible in the editor area (each group's active editor). */
export async function visibleEditorTexts(page: Page): Promise<string[]> {
  return page.locator('.part.editor .editor-instance .monaco-editor .view-lines').evaluateAll((all) =>
    all.map((lines) =>
      Array.from(lines.querySelectorAll<HTMLElement>('.view-line'))
        .map((line) => ({ top: parseFloat(line.style.top || '0'), text: (line.textContent ?? '').replace(/\u00a0/g, ' ') }))
        .sort((a, b) => a.top - b.top)
        .map((line) => line.text)
        .join('\n'),
    ),
  );
}

/** A rendered token of the active editor: its text and its computed colour. */
export interface RenderedToken {
  text: string;
  className: string;
  color: string;
}

/** The tokens of the active editor's rendered lines (Monaco draws each token as a span). */
export async function editorTokens(page: Page): Promise<RenderedToken[]> {
  return page.locator(`${activeEditor} .view-lines`).evaluate((lines) =>
    Array.from(lines.querySelectorAll<HTMLElement>('.view-line > span > span')).map((span) => ({
      text: (span.textContent ?? '').replace(/\u00a0/g, ' '),
      className: span.className,
      color: getComputedStyle(span).color,
    })),
  );
}

/** The centre of the first occurrence of `word` on the rendered line containing `lineText`. */
export async function wordCentre(page: Page, lineText: string, word: string): Promise<{ x: number; y: number }> {
  const centre = await page.locator(`${activeEditor} .view-lines`).evaluate(
    (lines, args) => {
      for (const line of Array.from(lines.querySelectorAll<HTMLElement>('.view-line'))) {
        const text = (line.textContent ?? '').replace(/\u00a0/g, ' ');
        if (!text.includes(args.lineText)) continue;
        const at = text.indexOf(args.word);
        // Monaco splits a line into one span per token: the word may cross text nodes.
        const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
        const range = document.createRange();
        let offset = 0;
        let started = false;
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const length = node.textContent?.length ?? 0;
          if (!started && at < offset + length) {
            range.setStart(node, at - offset);
            started = true;
          }
          if (started && at + args.word.length <= offset + length) {
            range.setEnd(node, at + args.word.length - offset);
            const box = range.getBoundingClientRect();
            return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
          }
          offset += length;
        }
      }
      return null;
    },
    { lineText, word },
  );
  if (centre === null) throw new Error(`"${word}" not found on a rendered line containing "${lineText}"`);
  return centre;
}

/** Moves the mouse over `word` and returns the text of the hover once it has content. */
export async function hoverText(page: Page, lineText: string, word: string, ready: (text: string) => boolean): Promise<string> {
  const hover = '.monaco-hover:not(.hidden) .monaco-hover-content';
  return pollUntil(
    `a hover over "${word}" that satisfies the check`,
    async () => {
      const { x, y } = await wordCentre(page, lineText, word);
      if (!(await page.locator(hover).first().isVisible())) {
        // Nudge the pointer so the editor sees a fresh mouse move and schedules its hover.
        await page.mouse.move(x - 2, y);
        await page.mouse.move(x, y, { steps: 2 });
        await page.locator(hover).first().waitFor({ state: 'visible', timeout: 5000 });
      }
      const text = (await page.locator(hover).allTextContents()).join('\n');
      return ready(text) ? text : undefined;
    },
    { timeoutMs: timeouts.languageServerMs, intervalMs: 500 },
    async () => (await page.locator(hover).allTextContents()).join(' | ') || 'no hover',
  );
}

/**
 * What "Developer: Inspect Editor Tokens and Scopes" says about `word` on the line containing
 * `lineText`: the widget's text (language, TextMate scopes, semantic token type, colours).
 * Polls until `ready` accepts it (semantic tokens arrive after the language server starts).
 */
export async function inspectToken(page: Page, lineText: string, word: string, ready: (text: string) => boolean): Promise<string> {
  const widget = page.locator('.token-inspect-widget');
  const text = await pollUntil(
    `the token inspector on "${word}" to show what the check wants`,
    async () => {
      if (await widget.isVisible()) await page.keyboard.press('Escape');
      const { x, y } = await wordCentre(page, lineText, word);
      await page.mouse.click(x, y);
      await runCommand(page, 'Developer: Inspect Editor Tokens and Scopes');
      await widget.waitFor({ state: 'visible', timeout: 10_000 });
      const shown = await widget.innerText();
      return ready(shown) ? shown : undefined;
    },
    { timeoutMs: timeouts.languageServerMs, intervalMs: 1000 },
    async () => ((await widget.isVisible()) ? (await widget.innerText()).replace(/\s+/g, ' ') : 'no inspector'),
  );
  await page.keyboard.press('Escape');
  return text;
}

/** Puts the caret at the end of the rendered line containing `lineText` (click on it, then End). */
export async function caretToLineEnd(page: Page, lineText: string): Promise<void> {
  const { x, y } = await wordCentre(page, lineText, lineText);
  await page.mouse.click(x, y);
  await page.keyboard.press('End');
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

/** Shows the Problems panel (View: Focus on Problems View) and waits until it is rendered. */
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
