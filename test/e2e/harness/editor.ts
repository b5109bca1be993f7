/**
 * The code editor, read and driven through Monaco's DOM: its rendered text and tokens, the
 * position of a word, hovers, the token inspector, the caret.
 */
import type { Page } from 'playwright-core';
import { pollUntil } from './poll';
import { runCommand } from './quickInput';
import { timeouts } from './workbench';

const activeEditor = '.editor-group-container.active .editor-instance .monaco-editor';

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

/** The texts of the active editor's code lenses, top to bottom (each lens line as shown, its lenses joined by " | "). */
export async function codeLensTexts(page: Page): Promise<string[]> {
  return page.locator(`${activeEditor} .codelens-decoration`).evaluateAll((lenses) =>
    lenses
      .map((lens) => ({ top: parseFloat((lens.parentElement as HTMLElement | null)?.style.top || '0'), text: (lens.textContent ?? '').replace(/\u00a0/g, ' ') }))
      .sort((a, b) => a.top - b.top)
      .map((lens) => lens.text),
  );
}

/** The rendered line of the active editor that contains `lineText`, inlay hints included (they are drawn inside the line). */
export async function renderedLine(page: Page, lineText: string): Promise<string | undefined> {
  return (await editorText(page)).split('\n').find((line) => line.includes(lineText));
}

/** Clicks the first occurrence of `word` on the rendered line containing `lineText` (puts the caret there). */
export async function clickWord(page: Page, lineText: string, word: string): Promise<void> {
  const { x, y } = await wordCentre(page, lineText, word);
  await page.mouse.click(x, y);
}

/** The caret's 1-based line and column, as the status bar shows them ("Ln 17, Col 5"). */
export async function caretPosition(page: Page): Promise<{ line: number; column: number } | undefined> {
  const text = (await page.locator('[id="status.editor.selection"]').textContent()) ?? '';
  const found = /Ln (\d+), Col (\d+)/.exec(text);
  return found ? { line: Number(found[1]), column: Number(found[2]) } : undefined;
}

/** The line number the active editor shows beside the first rendered line containing `lineText` (the editor may be scrolled). */
export async function lineNumberOf(page: Page, lineText: string): Promise<number | undefined> {
  return page.locator(activeEditor).evaluate((editor, text) => {
    const line = Array.from(editor.querySelectorAll<HTMLElement>('.view-lines .view-line')).find((l) => (l.textContent ?? '').replace(/\u00a0/g, ' ').includes(text));
    if (!line) return undefined;
    const top = line.style.top;
    const number = Array.from(editor.querySelectorAll<HTMLElement>('.margin-view-overlays > div')).find((d) => d.style.top === top)?.querySelector('.line-numbers');
    const value = Number((number?.textContent ?? '').trim());
    return Number.isInteger(value) && value > 0 ? value : undefined;
  }, lineText);
}
