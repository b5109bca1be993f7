/** Where a system's or journey's section of the availability report begins (pure: no editor types). */

/** A Markdown escape undone: `\X` → `X` (the report escapes names with the core's `markdownText`). */
function unescapeMarkdown(text: string): string {
  return text.replace(/\\(.)/g, '$1');
}

/**
 * The line of an availability report (`topo/report`'s Markdown) where the section of a system or
 * journey begins, to scroll it into view: the system's `## NAME` heading, or the journey's row
 * of the `## Journeys` table (its name as the server spells it: NAME, or SYSTEM/NAME inside a
 * system); undefined when the report has none.
 */
export function reportLineOf(markdown: string, subject: { system: string } | { journey: string }): number | undefined {
  const lines = markdown.split('\n');
  if ('system' in subject) {
    const index = lines.findIndex((l) => l.startsWith('## ') && unescapeMarkdown(l.slice(3)).trim() === subject.system.trim());
    return index >= 0 ? index : undefined;
  }
  const heading = lines.indexOf('## Journeys');
  if (heading < 0) return undefined;
  // The rows follow the header and its `| --- |` line; the table ends at the first line that is not a row.
  const separator = lines.findIndex((l, i) => i > heading && /^\|( --- \|)+$/.test(l));
  for (let i = separator + 1; separator >= 0 && i < lines.length && lines[i]!.startsWith('| '); i++) {
    // The first cell ends at the first ` | ` whose bar is not escaped.
    const first = /^\| ((?:[^\\|]|\\.)*?) \|/.exec(lines[i]!)?.[1];
    if (first !== undefined && unescapeMarkdown(first).trim() === subject.journey) return i;
  }
  return undefined;
}
