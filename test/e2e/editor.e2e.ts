/**
 * The end-to-end scenario of issue 18 (the editor experience), run after checkout.e2e.ts in the
 * same workbench: the numbers beside the code, the diagram as a tool (playback slider, click to
 * reveal, the editor's selection marked, pan and zoom, exports, the last diagram without errors),
 * quick fixes applied one after the other, the recovery from a misspelt keyword, outline, folding,
 * formatting and snippets, the system at the cursor in a file of two, the walkthrough, and the
 * diagram's colours in two themes at 1,000 instances; Compare with… against HEAD (the workspace
 * made a git repository for it). Each step leaves its screenshot
 * (test-artifacts/e2e/NN-step.png). The files are the examples plus test/e2e/workspace/.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { applyQuickFix } from './harness/codeActions';
import { caretPosition, caretToLineEnd, clickWord, codeLensTexts, editorText, lineNumberOf, renderedLine, visibleEditorTexts } from './harness/editor';
import { artifactsDir, repoRoot } from './harness/paths';
import { pollUntil } from './harness/poll';
import { delay } from './harness/process';
import { answerQuickPick, pickRow, quickInputLabels, quickOpen, runCommand } from './harness/quickInput';
import type { Step } from './harness/steps';
import { framesWith, notificationTexts, problemRows, showProblems, statusBarItemText, timeouts } from './harness/workbench';

/** The status bar item of the extension (`publisher.name.id`). */
const STATUS = 'topo.topo.topo.availability';
const quickInputBox = '.quick-input-widget .quick-input-box input';

/** Opens a workspace file, scrolled to its top (the caret there), and waits until the editor shows `marker`. */
async function openFile(page: Page, name: string, marker: string): Promise<void> {
  await quickOpen(page, name);
  await pollUntil(`the editor of ${name} to take the focus`, async () => ((await page.locator('.editor-group-container.active .tab.active').textContent()) ?? '').includes(name), { timeoutMs: timeouts.uiMs });
  await page.keyboard.press('Control+Home');
  await pollUntil(`the editor to show ${name}`, async () => (await editorText(page)).includes(marker), { timeoutMs: timeouts.uiMs });
}

/** The diagram's frame: the webview whose page draws `[data-node="NAME"]`. */
async function diagramFrame(page: Page, node: string): Promise<Frame> {
  return pollUntil(
    `a diagram drawing ${node}`,
    async () => (await framesWith(page, `[data-node="${node}"]`))[0],
    { timeoutMs: timeouts.languageServerMs },
    async () => `${page.frames().length} frames`,
  );
}

/** The zoom of the diagram: d3's transform of `g.viewport`. */
async function viewportTransform(frame: Frame): Promise<{ k: number; x: number; y: number }> {
  const text = (await frame.locator('g.viewport').getAttribute('transform')) ?? '';
  const translate = /translate\(([-\d.e]+),\s*([-\d.e]+)\)/.exec(text);
  const scale = /scale\(([-\d.e]+)\)/.exec(text);
  return { k: scale ? Number(scale[1]) : 1, x: translate ? Number(translate[1]) : 0, y: translate ? Number(translate[2]) : 0 };
}

/** The problems whose code is `code`. */
async function problemsWithCode(page: Page, code: string): Promise<number> {
  return (await problemRows(page)).filter((row) => row.source === 'topo' && row.code === code).length;
}

/** Waits for a file the workbench writes into the workspace (`forget` it first), and returns its bytes. */
async function writtenFile(file: string): Promise<Buffer> {
  return pollUntil(`${path.basename(file)} to be written`, async () => (fs.existsSync(file) && fs.statSync(file).size > 0 ? fs.readFileSync(file) : undefined), { timeoutMs: timeouts.languageServerMs });
}

/** Removes a file an earlier attempt wrote, so the save dialog does not ask to replace it. */
function forget(...files: string[]): void {
  for (const file of files) fs.rmSync(file, { force: true });
}

/**
 * Answers VS Code's save dialog (in the browser, the quick input with the path): the path typed
 * into it, then Enter.
 */
async function answerSaveDialog(page: Page, title: string, file: string): Promise<void> {
  await pollUntil(
    `the save dialog "${title}"`,
    async () => (await page.locator(quickInputBox).isVisible()) && ((await page.locator('.quick-input-widget .quick-input-title').textContent()) ?? '').includes(title),
    { timeoutMs: timeouts.languageServerMs },
  );
  // The dialog fills in its default path once it has listed the folder, which may overwrite
  // what was typed: type it until it stays.
  const box = page.locator(quickInputBox);
  await pollUntil(`the save dialog to hold ${path.basename(file)}`, async () => {
    if ((await box.inputValue()) !== file) {
      await box.fill(file);
      return false;
    }
    await delay(500);
    return (await box.inputValue()) === file;
  }, { timeoutMs: timeouts.uiMs }, async () => box.inputValue());
  await page.keyboard.press('Enter');
}

/** Relative luminance of a CSS `rgb(…)` colour (WCAG 2). */
function luminance(colour: string): number {
  const channels = (/rgba?\(([^)]+)\)/.exec(colour)?.[1] ?? '').split(',').slice(0, 3).map((c) => Number(c.trim()) / 255);
  if (channels.length !== 3 || channels.some((c) => !Number.isFinite(c))) throw new Error(`not an rgb colour: ${colour}`);
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two colours. */
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** The colours the diagram draws with, read from the page: a label's text, a box's border, the page's background. */
async function diagramColours(frame: Frame): Promise<{ text: string; border: string; background: string; groups: number; nodes: number }> {
  return frame.evaluate(() => {
    const label = document.querySelector('[data-layer] text');
    const box = document.querySelector('[data-group] rect, [data-node] rect');
    return {
      text: label ? getComputedStyle(label).fill : '',
      border: box ? getComputedStyle(box).stroke : '',
      background: getComputedStyle(document.body).backgroundColor,
      groups: document.querySelectorAll('[data-group]').length,
      nodes: document.querySelectorAll('[data-node]').length,
    };
  });
}

/** A screenshot of the diagram alone (its frame), beside the steps' screenshots: the panel is narrow in the workbench's. */
async function diagramShot(frame: Frame, name: string): Promise<void> {
  await (await frame.frameElement()).screenshot({ path: path.join(artifactsDir, name), timeout: 30_000 });
}

/** The steps, in order; the first ones rely on the state checkout.e2e.ts leaves (its diagram, its playback). */
export function editorSteps(page: Page, workspaceDir: string): Step[] {
  return [
    {
      name: 'numbers beside the code: lenses, inlay hints, status bar',
      run: async () => {
        await openFile(page, 'checkout.topo', 'system checkout {');
        await pollUntil(
          'the system, layer and failover-window lenses',
          async () => {
            const lenses = await codeLensTexts(page);
            return (
              /^\d{2}\.\d+% · \d\.\d\d nines · .+\/yr · SLO 99\.95% [✓✗]/.test(lenses[0] ?? '') &&
              lenses.some((lens) => /^99\.998818% · 6m 13s\/yr · RTO 15s/.test(lens)) &&
              lenses.some((lens) => /failover windows: .+\/yr of downtime · [\d.]+ windows\/yr/.test(lens))
            );
          },
          { timeoutMs: timeouts.languageServerMs },
          async () => JSON.stringify(await codeLensTexts(page)),
        );
        // Inlay hints are drawn inside the line: the instances of a replicated node, each node's figures.
        await pollUntil(
          'the inlay hints on app and lb1',
          async () => /node app ?→ app-1 … app-4/.test((await renderedLine(page, 'replicas 4 capacity')) ?? '') && /\(99\.95000% · importance [\d.e-]+\)/.test((await renderedLine(page, 'node lb1 {')) ?? ''),
          { timeoutMs: timeouts.languageServerMs },
          async () => `${await renderedLine(page, 'replicas 4 capacity')} / ${await renderedLine(page, 'node lb1 {')}`,
        );
        await pollUntil('the status bar figures', async () => /\d{2}\.\d+% · \d\.\d\d nines/.test(await statusBarItemText(page, STATUS)), { timeoutMs: timeouts.uiMs }, () => statusBarItemText(page, STATUS));
      },
    },
    {
      name: 'the playback slider scrubs the failover of db-primary',
      run: async () => {
        const frame = await diagramFrame(page, 'db-primary');
        const slider = frame.locator('.topo-playback input.slider');
        await slider.waitFor({ state: 'visible', timeout: timeouts.uiMs });
        await slider.focus();
        const shown = async (): Promise<string> => `${await frame.locator('.topo-playback .time').textContent()} ${await frame.locator('.topo-playback .event').textContent()}`;
        const marked = (cls: string) => frame.locator(`[data-node].${cls}`).evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-node')).join(','));
        // Home: before anything fails. Then the arrow keys scrub from event to event.
        await page.keyboard.press('Home');
        await pollUntil('the first step, every element up', async () => /^t = 0s \(0\//.test(await shown()) && (await marked('down')) === '', { timeoutMs: timeouts.uiMs }, shown);
        await page.keyboard.press('ArrowRight');
        await pollUntil('db-primary down at t = 0', async () => /^t = 0s \(1\/.*failure db-primary/.test(await shown()) && (await marked('down')) === 'db-primary', { timeoutMs: timeouts.uiMs }, shown);
        // Spec section 10: the heartbeat times out after 10 s, the hot standby takes 5 s more.
        for (let i = 0; i < 20 && !/^t = 15s .*promoted db-standby/.test(await shown()); i++) await page.keyboard.press('ArrowRight');
        await pollUntil('db-standby promoted at t = 15s', async () => /^t = 15s .*promoted db-standby/.test(await shown()) && (await marked('promoted')) === 'db-standby', { timeoutMs: timeouts.uiMs }, shown);
        await page.keyboard.press('End');
        await pollUntil('the failback at the end, nothing down', async () => /db-primary active again/.test(await shown()) && (await marked('down')) === '', { timeoutMs: timeouts.uiMs }, shown);
      },
    },
    {
      name: 'clicking a node of the diagram reveals its declaration',
      run: async () => {
        const frame = await diagramFrame(page, 'app-3');
        await frame.locator('[data-node="app-3"]').first().click();
        await pollUntil('the caret on the declaration of app', async () => {
          return (await caretPosition(page))?.line === (await lineNumberOf(page, 'replicas 4 capacity'));
        }, { timeoutMs: timeouts.uiMs }, async () => JSON.stringify(await caretPosition(page)));
      },
    },
    {
      name: 'the caret in the editor marks its element on the diagram',
      run: async () => {
        const frame = await diagramFrame(page, 'db-standby');
        await clickWord(page, 'node db-standby', 'db-standby');
        await pollUntil('db-standby marked, nothing else', async () => {
          const marked = await frame.locator('[data-node].selected').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-node')));
          return marked.length === 1 && marked[0] === 'db-standby';
        }, { timeoutMs: timeouts.uiMs }, async () => JSON.stringify(await frame.locator('.selected').evaluateAll((n) => n.map((e) => e.outerHTML.slice(0, 80)))));
        // A replicated node's line marks every instance it stands for.
        await clickWord(page, 'replicas 4 capacity', 'app');
        await pollUntil('app-1 … app-4 marked', async () => {
          const marked = await frame.locator('[data-node].selected').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-node')).sort());
          return JSON.stringify(marked) === JSON.stringify(['app-1', 'app-2', 'app-3', 'app-4']);
        }, { timeoutMs: timeouts.uiMs }, async () => JSON.stringify(await frame.locator('[data-node].selected').evaluateAll((n) => n.map((e) => e.getAttribute('data-node')))));
      },
    },
    {
      name: 'pan and zoom the diagram: wheel, drag, toolbar, keys',
      run: async () => {
        const frame = await diagramFrame(page, 'lb1');
        const canvas = await frame.locator('#topo-canvas').boundingBox();
        if (!canvas) throw new Error('the diagram has no canvas on screen');
        const centre = { x: canvas.x + canvas.width / 2, y: canvas.y + canvas.height / 2 };
        const start = await viewportTransform(frame);
        await page.mouse.move(centre.x, centre.y);
        await page.mouse.wheel(0, -400);
        const zoomed = await pollUntil('the wheel to zoom in', async () => {
          const t = await viewportTransform(frame);
          return t.k > start.k * 1.1 ? t : undefined;
        }, { timeoutMs: timeouts.uiMs }, async () => JSON.stringify(await viewportTransform(frame)));
        // Drag on the background (the gap below the drawing's last row) pans.
        await page.mouse.move(centre.x, canvas.y + canvas.height - 20);
        await page.mouse.down();
        await page.mouse.move(centre.x + 80, canvas.y + canvas.height - 60, { steps: 8 });
        await page.mouse.up();
        await pollUntil('the drag to pan', async () => {
          const t = await viewportTransform(frame);
          return Math.abs(t.x - zoomed.x) > 40 && Math.abs(t.k - zoomed.k) < 1e-9;
        }, { timeoutMs: timeouts.uiMs }, async () => JSON.stringify(await viewportTransform(frame)));
        await frame.locator('[data-action="fit"]').click();
        const fitted = await pollUntil('Fit to fit the drawing into the canvas', async () => {
          const within = await frame.evaluate(() => {
            const drawn = document.querySelector('g.viewport')?.getBoundingClientRect();
            const box = document.querySelector('#topo-canvas')?.getBoundingClientRect();
            if (!drawn || !box) return false;
            return drawn.left >= box.left - 1 && drawn.top >= box.top - 1 && drawn.right <= box.right + 1 && drawn.bottom <= box.bottom + 1;
          });
          return within ? viewportTransform(frame) : undefined;
        }, { timeoutMs: timeouts.uiMs }, async () => JSON.stringify(await viewportTransform(frame)));
        await frame.locator('[data-action="zoom-in"]').click();
        await pollUntil('Zoom in', async () => (await viewportTransform(frame)).k > fitted.k * 1.1, { timeoutMs: timeouts.uiMs });
        // The keyboard, once the diagram has the focus: "-" zooms out, "0" fits again.
        await frame.locator('#topo-canvas svg').focus();
        await page.keyboard.press('-');
        await page.keyboard.press('-');
        await pollUntil('"-" to zoom out', async () => (await viewportTransform(frame)).k < fitted.k * 0.95, { timeoutMs: timeouts.uiMs }, async () => JSON.stringify(await viewportTransform(frame)));
        await page.keyboard.press('0');
        await pollUntil('"0" to fit again', async () => Math.abs((await viewportTransform(frame)).k - fitted.k) < 1e-6, { timeoutMs: timeouts.uiMs }, async () => JSON.stringify(await viewportTransform(frame)));
      },
    },
    {
      name: 'export the diagram as SVG and PNG from the toolbar and the palette',
      run: async () => {
        const frame = await diagramFrame(page, 'lb2');
        const svgFile = path.join(workspaceDir, 'checkout-toolbar.svg');
        const pngFile = path.join(workspaceDir, 'checkout-toolbar.png');
        const paletteFile = path.join(workspaceDir, 'checkout-palette.svg');
        forget(svgFile, pngFile, paletteFile);
        await frame.locator('[data-action="export-svg"]').click();
        await answerSaveDialog(page, 'Export Diagram as SVG', svgFile);
        const svg = (await writtenFile(svgFile)).toString('utf8');
        if (!/<svg[\s>]/.test(svg) || !svg.includes('data-node="lb2"')) throw new Error(`the exported SVG is not the diagram shown: ${svg.slice(0, 200)}`);
        await frame.locator('[data-action="export-png"]').click();
        await answerSaveDialog(page, 'Export Diagram as PNG', pngFile);
        const png = await writtenFile(pngFile);
        if (png.subarray(0, 8).toString('hex') !== '89504e470d0a1a0a' || png.length < 5000) throw new Error(`the exported PNG is not an image (${png.length} bytes)`);
        await openFile(page, 'checkout.topo', 'system checkout {');
        await runCommand(page, 'Topo: Export Diagram as SVG');
        await answerSaveDialog(page, 'Export Diagram as SVG', paletteFile);
        const fromPalette = (await writtenFile(paletteFile)).toString('utf8');
        if (!fromPalette.includes('data-node="lb2"')) throw new Error('the SVG exported from the palette lacks lb2');
        await pollUntil('the export to be confirmed', async () => (await notificationTexts(page)).some((text) => text.includes('checkout-palette.svg')), { timeoutMs: timeouts.uiMs });
      },
    },
    {
      name: 'while the text has errors the last diagram without errors stays, under a banner',
      run: async () => {
        await openFile(page, 'checkout.topo', 'system checkout {');
        const frame = await diagramFrame(page, 'lb2');
        await caretToLineEnd(page, 'node lb2 {');
        await page.keyboard.type(' availability');
        await pollUntil('the banner over the last diagram without errors, lb2 still drawn', async () => {
          const banner = frame.locator('.topo-errors');
          return (await banner.isVisible()) && /showing the diagram of the last version without errors/.test((await banner.textContent()) ?? '') && (await frame.locator('[data-node="lb2"]').count()) > 0;
        }, { timeoutMs: timeouts.languageServerMs }, async () => `${await frame.locator('.topo-errors').textContent()}`);
        for (let i = 0; i < ' availability'.length; i++) await page.keyboard.press('Backspace');
        await pollUntil('the banner to go', async () => !(await frame.locator('.topo-errors').isVisible()), { timeoutMs: timeouts.languageServerMs });
      },
    },
    {
      name: 'quick fix duplicate-name renames the later node',
      run: async () => {
        await openFile(page, 'fixes.topo', 'system fixes {');
        await showProblems(page);
        await pollUntil('the duplicate-name error', async () => (await problemsWithCode(page, 'duplicate-name')) === 1, { timeoutMs: timeouts.languageServerMs });
        await applyQuickFix(page, 'node cache { availability 99.9% zone az2', 'cache', /^Rename this node 'cache' to 'cache-2'$/);
        await pollUntil('cache-2 in the text and no duplicate-name', async () => (await editorText(page)).includes('node cache-2 { availability 99.9% zone az2 }') && (await problemsWithCode(page, 'duplicate-name')) === 0, { timeoutMs: timeouts.languageServerMs });
      },
    },
    {
      name: 'quick fix spof adds a replica in the other zone',
      run: async () => {
        await pollUntil('the spof on lb1', async () => (await problemRows(page)).some((row) => row.code === 'spof' && /\blb1\b/.test(row.message)), { timeoutMs: timeouts.languageServerMs }, async () => JSON.stringify(await problemRows(page)));
        await applyQuickFix(page, 'node lb1 {', 'lb1', /^Add another replica in zone az2 \(replicas 2\)$/);
        await pollUntil('lb1 replicated over az1 and az2, no spof on it', async () => {
          const line = (await renderedLine(page, 'node lb1')) ?? '';
          return /replicas 2/.test(line) && /az1/.test(line) && /az2/.test(line) && !(await problemRows(page)).some((row) => row.code === 'spof' && /\blb1\b/.test(row.message));
        }, { timeoutMs: timeouts.languageServerMs }, async () => `${await renderedLine(page, 'node lb1')} ${JSON.stringify(await problemRows(page))}`);
      },
    },
    {
      name: 'quick fix no-standby adds a warm standby',
      run: async () => {
        await applyQuickFix(page, 'layer db {', 'db', /^Add a warm standby db-standby in zone az2$/);
        await pollUntil('the standby in the text and no no-standby', async () => (await editorText(page)).includes('node db-standby { availability 99.95% zone az2 standby warm }') && (await problemsWithCode(page, 'no-standby')) === 0, { timeoutMs: timeouts.languageServerMs });
      },
    },
    {
      name: 'quick fix slo-miss writes the best single change',
      run: async () => {
        const before = await editorText(page);
        // After the two fixes above, the advice is a hot standby (spec section 7: promotion 5s instead of 60s).
        const title = await applyQuickFix(page, 'slo 99.999%', 'slo', /^Make standby db-standby hot \(it is warm\)/);
        await pollUntil('the advised change in the text', async () => (await editorText(page)) !== before, { timeoutMs: timeouts.uiMs });
        // The title says what the change buys: "… (BEFORE → AFTER)"; the system lens then shows AFTER.
        const after = /→ (\d+\.\d+%|\d+\.\d\d nines)\)$/.exec(title)?.[1];
        if (!after) throw new Error(`the slo-miss fix's title does not end with what it buys: ${title}`);
        await pollUntil(`the system lens to show ${after}`, async () => (await codeLensTexts(page))[0]?.startsWith(after) === true, { timeoutMs: timeouts.languageServerMs }, async () => JSON.stringify(await codeLensTexts(page)));
      },
    },
    {
      name: 'a misspelt keyword keeps its block, withholds the figures, and is fixed',
      run: async () => {
        await openFile(page, 'typo.topo', 'system typo {');
        await pollUntil('did you mean health-check, and the figures withheld', async () => {
          const rows = await problemRows(page);
          return rows.some((row) => row.code === 'syntax' && /did you mean `health-check`\?/.test(row.message)) && rows.some((row) => row.code === 'figures-withheld');
        }, { timeoutMs: timeouts.languageServerMs }, async () => JSON.stringify(await problemRows(page)));
        await applyQuickFix(page, 'helth-check', 'helth-check', /^Change to 'health-check'$/);
        await pollUntil('the keyword fixed and the figures back', async () => {
          const rows = await problemRows(page);
          return (await editorText(page)).includes('    health-check { interval 10s unhealthy 3 }') && !rows.some((row) => row.code === 'figures-withheld' || row.code === 'syntax');
        }, { timeoutMs: timeouts.languageServerMs }, async () => JSON.stringify(await problemRows(page)));
      },
    },
    {
      name: 'outline, folding and format document',
      run: async () => {
        await runCommand(page, 'Explorer: Focus on Outline View');
        await pollUntil('the outline of typo.topo', async () => {
          const rows = await page.locator('.outline-pane .monaco-list-row').evaluateAll((all) => all.map((row) => row.getAttribute('aria-label') ?? ''));
          return ['typo', 'app'].every((name) => rows.some((row) => row.startsWith(`${name} (`)));
        }, { timeoutMs: timeouts.languageServerMs }, async () => JSON.stringify(await page.locator('.outline-pane .monaco-list-row').evaluateAll((all) => all.map((row) => row.getAttribute('aria-label')))));
        await openFile(page, 'typo.topo', 'system typo {');
        await runCommand(page, 'Fold All');
        await pollUntil('the system folded', async () => !(await editorText(page)).includes('node app'), { timeoutMs: timeouts.uiMs });
        await runCommand(page, 'Unfold All');
        await pollUntil('the system unfolded', async () => (await editorText(page)).includes('node app'), { timeoutMs: timeouts.uiMs });
        // Indent a line badly; Format Document puts it back.
        await clickWord(page, 'node app', 'node');
        await page.keyboard.press('Home');
        await page.keyboard.type('      ');
        await pollUntil('the line indented badly', async () => /^ {10}node app\b/.test((await renderedLine(page, 'node app')) ?? ''), { timeoutMs: timeouts.uiMs });
        await runCommand(page, 'Format Document');
        // (The inlay hint "→ app-1 … app-3" is drawn after the name.)
        await pollUntil('the line formatted', async () => /^ {4}node app\b.*\{ availability 99\.9% replicas 3 \}/.test((await renderedLine(page, 'node app')) ?? ''), { timeoutMs: timeouts.languageServerMs }, async () => JSON.stringify(await renderedLine(page, 'node app')));
      },
    },
    {
      name: 'a snippet inserts a system',
      run: async () => {
        await page.keyboard.press('Control+End');
        await page.keyboard.press('Enter');
        await runCommand(page, 'Snippets: Insert Snippet');
        // The picker lists the language's snippets by prefix (grammar/snippets.json).
        await pollUntil('the snippets of the topo language', async () => (await quickInputLabels(page)).includes('layer-active-passive'), { timeoutMs: timeouts.uiMs }, async () => JSON.stringify(await quickInputLabels(page)));
        await page.locator(quickInputBox).fill('system');
        await pickRow(page, 'system');
        await pollUntil('the system skeleton in the text', async () => {
          const text = await editorText(page);
          return /system name \{/.test(text) && /slo 99\.9%/.test(text) && /rto 5m/.test(text);
        }, { timeoutMs: timeouts.uiMs }, async () => editorText(page));
        await page.keyboard.press('Escape');
        await runCommand(page, 'File: Revert File');
        await pollUntil('typo.topo as it was saved', async () => !(await editorText(page)).includes('system name {'), { timeoutMs: timeouts.uiMs });
      },
    },
    {
      name: 'two systems: the status bar and Simulate Failover take the one at the cursor',
      run: async () => {
        await openFile(page, 'two-systems.topo', 'system billing {');
        await clickWord(page, 'node ledger-primary', 'ledger-primary');
        await pollUntil('the status bar to name billing', async () => (await statusBarItemText(page, STATUS)).includes('billing'), { timeoutMs: timeouts.languageServerMs }, () => statusBarItemText(page, STATUS));
        await runCommand(page, 'Topo: Simulate Failover…');
        await pollUntil('the targets of billing only', async () => {
          const title = (await page.locator('.quick-input-widget .quick-input-title').textContent()) ?? '';
          const labels = await quickInputLabels(page);
          return title.includes('Simulate Failover: billing') && labels.includes('ledger-primary') && !labels.some((label) => /^web/.test(label));
        }, { timeoutMs: timeouts.languageServerMs }, async () => JSON.stringify(await quickInputLabels(page)));
        await answerQuickPick(page, 'Simulate Failover', 'ledger-primary');
        await pollUntil('the failover report of ledger-primary', async () => (await visibleEditorTexts(page)).some((text) => /fail ledger-primary\b/.test(text)), { timeoutMs: timeouts.languageServerMs });
        // Outside both systems, the command asks which one.
        await openFile(page, 'two-systems.topo', 'system billing {');
        await clickWord(page, '# two systems', 'two');
        await runCommand(page, 'Topo: Simulate Failover…');
        await pollUntil('the question: which system', async () => {
          const labels = await quickInputLabels(page);
          return labels.includes('storefront') && labels.includes('billing');
        }, { timeoutMs: timeouts.languageServerMs }, async () => JSON.stringify(await quickInputLabels(page)));
        await answerQuickPick(page, 'Simulate Failover', 'storefront');
        await pollUntil('the targets of storefront only', async () => {
          const labels = await quickInputLabels(page);
          return labels.includes('web-1') && !labels.some((label) => /^ledger/.test(label));
        }, { timeoutMs: timeouts.languageServerMs }, async () => JSON.stringify(await quickInputLabels(page)));
        await page.keyboard.press('Escape');
      },
    },
    {
      name: 'the report opens at the section of the system at the cursor',
      run: async () => {
        await openFile(page, 'two-systems.topo', 'system billing {');
        await clickWord(page, 'node ledger-primary', 'ledger-primary');
        await runCommand(page, 'Topo: Show Availability Report');
        // Scrolled so that billing's heading is at the top: storefront's heading is out of sight.
        await pollUntil('the report, scrolled to billing', async () => (await visibleEditorTexts(page)).some((text) => /^## billing$/m.test(text) && !/^## storefront$/m.test(text) && /Error budget for slo 99\.\s?95%/.test(text)), {
          timeoutMs: timeouts.languageServerMs,
        }, async () => JSON.stringify((await visibleEditorTexts(page)).map((text) => text.slice(0, 160))));
      },
    },
    {
      name: 'Compare with HEAD: the second load balancer removed shows a new SPOF',
      run: async () => {
        // The workspace becomes a git repository whose HEAD has checkout-two-lbs.topo as in the
        // examples; the file on disk then loses lb2 (it becomes examples/checkout.topo). A file the
        // workspace has from the start, because quick open does not list one created since.
        const file = path.join(workspaceDir, 'checkout-two-lbs.topo');
        const git = (...args: string[]): void => void execFileSync('git', ['-c', 'user.email=e2e@topo', '-c', 'user.name=e2e', ...args], { cwd: workspaceDir, stdio: 'pipe' });
        git('init', '-q');
        git('add', '-A');
        git('commit', '-q', '-m', 'base');
        fs.copyFileSync(path.join(repoRoot, 'examples', 'checkout.topo'), file);
        await openFile(page, 'checkout-two-lbs.topo', '# one load balancer');
        // Its diagram open, so the comparison marks it too.
        await runCommand(page, 'Topo: Show Topology Diagram');
        const titled = async (): Promise<string[]> => Promise.all((await framesWith(page, '[data-node="lb1"]')).map((frame) => frame.evaluate(() => document.title).catch(() => '')));
        await pollUntil('the diagram of checkout-two-lbs.topo', async () => (await titled()).some((title) => title.includes('checkout-two-lbs.topo')), { timeoutMs: timeouts.languageServerMs }, async () => JSON.stringify(await titled()));
        await openFile(page, 'checkout-two-lbs.topo', '# one load balancer');
        await runCommand(page, 'Topo: Compare with…');
        // The pick lists HEAD first, then the commits that changed the file.
        await answerQuickPick(page, 'Compare checkout-two-lbs.topo with', 'HEAD');
        // The report: `topo diff`'s Markdown, its headline the figures' change and the new SPOF.
        // (The editor wraps long lines, keeping the space before each break: the line breaks go.)
        const report = await pollUntil(
          'the comparison report with the new SPOF lb1',
          async () => (await visibleEditorTexts(page)).map((text) => text.replace(/\n/g, '')).find((text) => /\*\*−0\.\d+%, \+\d+h \d+m a year, new SPOF lb1\b/.test(text)),
          { timeoutMs: timeouts.languageServerMs },
          async () => JSON.stringify((await visibleEditorTexts(page)).map((text) => text.slice(0, 300))),
        );
        if (!/slo 99\.95% newly missed/.test(report)) throw new Error(`the report does not say the SLO is newly missed:\n${report}`);
        const tabs = await page.locator('.tab').evaluateAll((all) => all.map((tab) => (tab.textContent ?? '').trim()));
        if (!tabs.some((tab) => tab.includes('checkout-two-lbs.topo — compared with HEAD.md'))) throw new Error(`no report tab named after the comparison: ${JSON.stringify(tabs)}`);
        // The report opened over the diagram, whose page VS Code then discarded: shown again, the
        // page starts empty and the panel sends the comparison again with the view.
        await page.locator('.tab').filter({ hasText: 'Topology: checkout-two-lbs.topo' }).first().click();
        // The diagram's banner (the revision, its commit and the same headline) and its marks: the
        // load balancers' layer worse, lb1 a new single point of failure.
        const marked = async (): Promise<string> => {
          for (const frame of await framesWith(page, '.topo-changes')) {
            const banner = (await frame.locator('.topo-changes').first().textContent().catch(() => '')) ?? '';
            if (!banner.includes('Compared with HEAD')) continue;
            const worse = await frame.locator('g.layer.change-worse').evaluateAll((all) => all.map((g) => g.getAttribute('data-layer')));
            const spofs = await frame.locator('[data-node].change-spof').evaluateAll((all) => all.map((g) => g.getAttribute('data-node')));
            return `${banner} | worse: ${worse.join(',')} | new SPOFs: ${spofs.join(',')}`;
          }
          return 'no diagram with the banner';
        };
        await pollUntil(
          'the diagram\'s banner and marks: compared with HEAD, lb worse, lb1 a new SPOF',
          async () => /^Compared with HEAD \([0-9a-f]{7,}\).*checkout: −0\.\d+%.*new SPOF lb1.* \| worse: lb \| new SPOFs: lb1$/.test(await marked()),
          { timeoutMs: timeouts.uiMs },
          marked,
        );
        // The comparison follows the edits: lb2 typed back in, the figures are HEAD's again, and
        // the banner, the marks and the report say so without running the command again.
        await openFile(page, 'checkout-two-lbs.topo', '# one load balancer');
        await caretToLineEnd(page, 'node lb1 {');
        await page.keyboard.press('Enter');
        await page.keyboard.type('node lb2 { availability 99.95% zone az2 }');
        // The diagram is behind the editor in its group: shown again, its page gets the comparison as it is now.
        await page.locator('.tab').filter({ hasText: 'Topology: checkout-two-lbs.topo' }).first().click();
        await pollUntil(
          'the diagram\'s banner after lb2 is back: no change in the figures, nothing marked',
          async () => /^Compared with HEAD \([0-9a-f]{7,}\).*no change in the figures.* \| worse: {2}\| new SPOFs: $/.test(await marked()),
          { timeoutMs: timeouts.languageServerMs },
          marked,
        );
        await page.locator('.tab').filter({ hasText: 'compared with HEAD.md' }).first().click();
        await pollUntil(
          'the comparison report after lb2 is back: unchanged',
          async () => (await visibleEditorTexts(page)).some((text) => /unchanged/.test(text) && !/new SPOF/.test(text) && !/# one load balancer/.test(text)),
          { timeoutMs: timeouts.languageServerMs },
          async () => JSON.stringify((await visibleEditorTexts(page)).map((text) => text.slice(0, 300))),
        );
      },
    },
    {
      name: 'the Getting Started walkthrough opens the example',
      run: async () => {
        await runCommand(page, 'Welcome: Open Walkthrough...');
        await pollUntil('the walkthroughs to choose from', async () => (await quickInputLabels(page)).includes('Get started with Topo'), { timeoutMs: timeouts.uiMs }, async () => JSON.stringify(await quickInputLabels(page)));
        await page.locator(quickInputBox).fill('Get started with Topo');
        await pickRow(page, 'Get started with Topo');
        const steps = ['Open an example', 'See the figures', 'Fix a problem', 'Show the diagram', 'Simulate a failover', 'Run Monte Carlo', 'Read the report'];
        await pollUntil('the walkthrough and its steps', async () => {
          const text = (await page.locator('.gettingStartedContainer').first().textContent()) ?? '';
          return text.includes('Get started with Topo') && steps.every((step) => text.includes(step));
        }, { timeoutMs: timeouts.uiMs }, async () => ((await page.locator('.gettingStartedContainer').first().textContent()) ?? 'no walkthrough').slice(0, 400));
        await page.locator('.gettingStartedContainer a, .gettingStartedContainer button').filter({ hasText: /^Open the Example$/ }).first().click();
        await pollUntil('the example in a new editor', async () => (await visibleEditorTexts(page)).some((text) => text.includes('system checkout {') && text.includes('node db-standby')), { timeoutMs: timeouts.languageServerMs });
      },
    },
    {
      name: 'fleet of 1,000 instances: the diagram in the dark theme',
      run: async () => {
        await openFile(page, 'fleet.topo', 'system fleet {');
        await runCommand(page, 'Topo: Show Topology Diagram');
        const frame = await diagramFrame(page, 'db-primary');
        const dark = await pollUntil('the summarised diagram, readable', async () => {
          const colours = await diagramColours(frame);
          return colours.groups > 0 && colours.text !== '' ? colours : undefined;
        }, { timeoutMs: timeouts.languageServerMs });
        if (dark.nodes >= 1000) throw new Error(`${dark.nodes} instances drawn one by one: the large layers should be summarised`);
        // The pointer off the tab (its hover would cover the toolbar), then Fit.
        const canvas = await frame.locator('#topo-canvas').boundingBox();
        if (canvas) await page.mouse.move(canvas.x + canvas.width / 2, canvas.y + canvas.height / 2);
        await frame.locator('[data-action="fit"]').click();
        await diagramShot(frame, 'fleet-diagram-dark.png');
        if (luminance(dark.background) > 0.2) throw new Error(`the dark theme's diagram has a light background: ${dark.background}`);
        if (contrast(dark.text, dark.background) < 4.5) throw new Error(`labels ${dark.text} on ${dark.background}: contrast ${contrast(dark.text, dark.background).toFixed(2)} < 4.5`);
      },
    },
    {
      name: 'fleet of 1,000 instances: the diagram follows the light theme',
      run: async () => {
        const frame = await diagramFrame(page, 'db-primary');
        const dark = await diagramColours(frame);
        await runCommand(page, 'Preferences: Color Theme');
        await pickRow(page, 'Light Modern');
        await pollUntil('the workbench in the light theme', async () => /\bvs\b(?!-dark)/.test((await page.locator('.monaco-workbench').getAttribute('class')) ?? ''), { timeoutMs: timeouts.uiMs });
        const light = await pollUntil('the diagram in the light theme', async () => {
          const colours = await diagramColours(frame);
          return colours.background !== dark.background && colours.text !== dark.text ? colours : undefined;
        }, { timeoutMs: timeouts.uiMs }, async () => JSON.stringify(await diagramColours(frame)));
        if (luminance(light.background) < 0.5) throw new Error(`the light theme's diagram has a dark background: ${light.background}`);
        if (contrast(light.text, light.background) < 4.5) throw new Error(`labels ${light.text} on ${light.background}: contrast ${contrast(light.text, light.background).toFixed(2)} < 4.5`);
        await diagramShot(frame, 'fleet-diagram-light.png');
        if (light.border === dark.border) throw new Error(`the boxes keep their border colour ${dark.border} in both themes`);
      },
    },
  ];
}
