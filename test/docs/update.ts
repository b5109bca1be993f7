/**
 * `npm run docs:output`: rewrites every output block of the docs (`text topo-output`,
 * `text npm-start`) with what the built CLI prints now. The docs test fails while one is stale.
 * `tsx test/docs/update.ts docs/cookbook.md` rewrites only the pages named (with the CLI already built).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { blocksOf, docFiles, outputRuns, readDoc, ROOT } from './blocks';
import { npmStartOutput, runOutput } from './run';

let changed = 0;
const only = process.argv.slice(2);
for (const file of docFiles().filter((f) => only.length === 0 || only.includes(f))) {
  const text = readDoc(file);
  const blocks = blocksOf(file, text);
  const runs = outputRuns(blocks);
  let out = '';
  let at = 0;
  for (const b of blocks) {
    const run = runs.get(b);
    const isStart = b.lang === 'text' && b.meta[0] === 'npm-start';
    if (!run && !isStart) continue;
    const body = `${run ? runOutput(run) : npmStartOutput()}\n`;
    if (body !== b.body) changed++;
    out += text.slice(at, b.start) + body;
    at = b.end;
  }
  out += text.slice(at);
  if (out !== text) writeFileSync(join(ROOT, file), out);
}
console.log(`${changed} output block${changed === 1 ? '' : 's'} rewritten`);
