/**
 * The Getting Started walkthrough and `Topo: Open Example` (issue 18): the manifest's walkthrough
 * is well formed (unique ids, 5–7 steps), each step's Markdown exists and is shipped — by vsce's
 * own listing of what `vsce package` would put in the .vsix (`vsce ls`), not a reading of
 * `.vscodeignore` of our own — and every command a step links to or completes on is one the
 * extension contributes and registers. The example's opening is tested against a fake editor.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EXAMPLE_PATH, exampleText, openExample, type ExampleHost } from '../../client/src/example';

const root = resolve(__dirname, '../..');

interface Step {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string; image?: string };
  completionEvents?: string[];
}
interface Manifest {
  engines: { vscode: string };
  activationEvents?: string[];
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    walkthroughs?: { id: string; title: string; description: string; steps: Step[] }[];
  };
}

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;
const contributed = new Set(manifest.contributes.commands.map((c) => c.command));
const walkthroughs = manifest.contributes.walkthroughs ?? [];
const steps = walkthroughs.flatMap((w) => w.steps);

/** The commands a Markdown text links to: `[label](command:ID)` or `(command:ID?ARGS)`. */
function commandLinks(markdown: string): string[] {
  return [...markdown.matchAll(/\]\(command:([^)?\s]+)/g)].map((m) => m[1]!);
}

/** The files `vsce package` would ship, as vsce lists them (paths relative to the root). */
function shippedFiles(): Set<string> {
  const vsce = join(root, 'node_modules/@vscode/vsce/vsce');
  const r = spawnSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, `vsce ls failed:\n${r.stdout}\n${r.stderr}`);
  return new Set(r.stdout.split('\n').map((l) => l.trim()).filter((l) => l !== ''));
}

describe('package: the Getting Started walkthrough', function () {
  this.timeout(60_000);
  let shipped = new Set<string>();
  before(() => {
    shipped = shippedFiles();
  });

  it('is one walkthrough, "Get started with Topo", of 5 to 7 steps, every id unique', () => {
    assert.deepEqual(walkthroughs.map((w) => [w.id, w.title]), [['topo.gettingStarted', 'Get started with Topo']]);
    assert.ok(steps.length >= 5 && steps.length <= 7, `${steps.length} steps`);
    const ids = [...walkthroughs.map((w) => w.id), ...steps.map((s) => s.id)];
    assert.deepEqual(ids.filter((id, i) => ids.indexOf(id) !== i), [], 'duplicate ids');
    for (const s of steps) assert.ok(s.title.trim() !== '' && s.description.trim() !== '', s.id);
  });

  it("gives each step a Markdown file under media/walkthrough/ that exists and is in the .vsix", () => {
    assert.ok(shipped.has('package.json'), `vsce ls listed: ${[...shipped].join(', ')}`);
    for (const s of steps) {
      const md = s.media.markdown;
      assert.ok(md !== undefined && /^media\/walkthrough\/[\w-]+\.md$/.test(md), `${s.id}: media ${JSON.stringify(s.media)}`);
      assert.ok(existsSync(join(root, md)), `${s.id}: ${md} does not exist`);
      assert.ok(shipped.has(md), `${s.id}: ${md} is not shipped (.vscodeignore)`);
    }
  });

  it('links to and completes on commands the extension contributes and registers', () => {
    const extension = readFileSync(join(root, 'client/src/extension.ts'), 'utf8');
    const named: string[] = [];
    for (const s of steps) {
      const markdown = s.media.markdown ? readFileSync(join(root, s.media.markdown), 'utf8') : '';
      const links = [...commandLinks(s.description), ...commandLinks(markdown)];
      const events = (s.completionEvents ?? []).filter((e) => e.startsWith('onCommand:')).map((e) => e.slice('onCommand:'.length));
      // A step that completes on a command offers its button.
      for (const e of events) assert.ok(links.includes(e), `${s.id} completes on ${e} but has no button for it`);
      named.push(...links, ...events);
    }
    assert.ok(named.length >= 8, `only ${named.length} command links and events: the patterns found nothing?`);
    for (const command of new Set(named)) {
      assert.ok(contributed.has(command), `${command} is not in contributes.commands`);
      assert.ok(extension.includes(`register('${command}'`), `${command} is not registered in client/src/extension.ts`);
    }
    assert.ok(named.includes('topo.openExample') && named.includes('topo.showDiagram'), named.join(', '));
  });

  it('contributes Topo: Open Example, activating on it', () => {
    const open = manifest.contributes.commands.find((c) => c.command === 'topo.openExample');
    assert.deepEqual(open && [open.category, open.title], ['Topo', 'Open Example']);
    // VS Code 1.74 and later activate an extension on its contributed commands by themselves.
    const [major, minor] = (/(\d+)\.(\d+)/.exec(manifest.engines.vscode) ?? []).slice(1).map(Number);
    const implied = major !== undefined && minor !== undefined && (major > 1 || minor >= 74);
    assert.ok(implied || manifest.activationEvents?.includes('onCommand:topo.openExample'), `engines.vscode ${manifest.engines.vscode}`);
  });

  it('ships the example the command opens', () => {
    const path = EXAMPLE_PATH.join('/');
    assert.ok(existsSync(join(root, path)), path);
    assert.ok(shipped.has(path), `${path} is not shipped (.vscodeignore)`);
  });

  it('the README lists every command the extension contributes', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    for (const c of contributed) assert.ok(readme.includes(`\`${c}\``), `README.md does not list ${c}`);
  });
});

describe('client: Topo: Open Example', () => {
  /** A fake editor over the repository's files: URIs are paths, documents what was opened. */
  function fakeHost(bytesOf: (path: string) => Uint8Array) {
    const calls: string[] = [];
    const host: ExampleHost<string, { language: string; content: string }> = {
      joinPath: (base, ...segments) => [base, ...segments].join('/'),
      readFile: async (path) => {
        calls.push(`read ${path}`);
        return bytesOf(path);
      },
      openTextDocument: async (options) => {
        calls.push(`open ${options.language}`);
        return options;
      },
      showTextDocument: async (document) => {
        calls.push(`show ${document.language}`);
      },
    };
    return { host, calls };
  }

  it("reads examples/checkout.topo from the extension's folder and shows it as an untitled topo document", async () => {
    const { host, calls } = fakeHost((path) => readFileSync(path));
    const document = await openExample(host, root);
    assert.deepEqual(calls, [`read ${root}/examples/checkout.topo`, 'open topo', 'show topo']);
    assert.equal(document.content, readFileSync(join(root, 'examples/checkout.topo'), 'utf8'));
    assert.match(document.content, /^# checkout: .*\nsystem checkout \{/);
  });

  it('decodes UTF-8 and drops a byte-order mark', async () => {
    const { host } = fakeHost(() => Buffer.from('\ufeffsystem café { }\n', 'utf8'));
    assert.equal((await openExample(host, '/ext')).content, 'system café { }\n');
    assert.equal(exampleText(Buffer.from('zone α\n', 'utf8')), 'zone α\n');
  });

  it('opens nothing when the file cannot be read', async () => {
    const { host, calls } = fakeHost(() => {
      throw new Error('ENOENT');
    });
    await assert.rejects(openExample(host, '/ext'), /ENOENT/);
    assert.deepEqual(calls, ['read /ext/examples/checkout.topo']);
  });
});
