/**
 * Markdown as a person sees it: markdown-it (a CommonMark renderer, the one VS Code's Markdown
 * preview uses) with raw HTML on, the worst case for a name that holds some, parsed by linkedom so
 * a test can ask what elements came out.
 */
import { createRequire } from 'node:module';
import { parseHTML } from 'linkedom';

interface MarkdownIt {
  render(source: string): string;
}
// markdown-it comes with @vscode/vsce (a dev dependency) and has no types of its own. Bare web
// addresses (`www.…`, `https://…`) are left to a renderer's linkify, so it is off here.
const markdownIt = createRequire(__filename)('markdown-it') as (options: { html: boolean; linkify: boolean }) => MarkdownIt;
const md = markdownIt({ html: true, linkify: false });

/** The body of the HTML that `source` renders to. */
export function renderMarkdown(source: string): HTMLElement {
  return parseHTML(`<!doctype html><html><body>${md.render(source)}</body></html>`).document.body;
}

/** The tag names of every element under `root`, in document order, lower case. */
export function tagsOf(root: HTMLElement): string[] {
  return Array.from(root.querySelectorAll('*')).map((e) => e.tagName.toLowerCase());
}
