/**
 * The `topo` command line: a thin adapter over the core. Commands live in ./commands;
 * this file only dispatches and turns errors into exit codes (0 ok, 1 findings, 2 usage/I/O).
 */
import { EXIT_USAGE, isUsageError, processIo, type CliIo } from './io';
// The one exception to "adapters import core/index only" (eslint.config.mjs): the dispatcher loads
// no core, so `topo --version` stays a few kilobytes, yet echoes what was typed; terminal.ts is pure
// and imports nothing.
import { escapeTerminal } from '../core/text/terminal';
import { TOPO_VERSION } from '../version';

const version = TOPO_VERSION;

const HELP = `topo — exact availability, single points of failure and failover for .topo systems

Usage:
  topo check FILE… [--format text|json|sarif] [--max-order N]
      Analyse and report: availability, nines, downtime, SPOFs, cut sets, advice, diagnostics.
      Exit 0 when no error diagnostic, 1 when there is one, 2 on a usage or I/O error.
  topo fmt FILE… [--check] [--write]
      Format .topo files as the editor does: one file to stdout, --write rewrites each in
      place, --check lists those not formatted (exit 1). A file with syntax errors is left alone.
  topo simulate FILE (--fail NAME[@T] … | --scenario NAME) [--format text|json] [--system NAME]
                    [--journey NAME]
      Failover timeline of one scenario: NAME is a node, instance, site, zone or region;
      T is a duration (30s, 1.5m; a bare number is seconds). --journey simulates a journey.
  topo montecarlo FILE [--years N] [--seed S] [--workers N] [--method plain|importance]
                       [--cycles N] [--format text|json] [--system NAME] [--journey NAME]
      Monte Carlo over simulated years, with a 95% confidence interval and the exact
      figure beside it; --method importance for designs whose outages need several failures.
  topo blast FILE ELEMENT [--format text|json]
      Blast radius: the systems and journeys that go down, lose redundancy or are degraded
      when ELEMENT fails (a zone, region, service, site, node or instance; SYSTEM.ID when a
      name is ambiguous), and the downtime its failures cost each of them a year.
  topo diff OLD NEW [--format text|json|markdown] [--fail-on COND[,COND…]]… [--max-order N]
      What a change does to the figures: availability, downtime, objectives, SPOFs, cut sets,
      layers and new diagnostics, before and after. OLD and NEW are files, directories (.topo
      files paired by path), REV:PATH (read from git, PATH from the repository's root or ./ for
      the current directory) or a revision alone (a path's version there; two revisions compare
      the repository). A missing side is a file added or deleted. COND: slo-miss, sla-miss,
      new-spof, new-error, availability-drop=0.01%, downtime-increase=5m.
      Exit 0, 1 when a --fail-on condition holds (its reasons on stderr), 2 on a usage, git or
      I/O error.
  topo diagram FILE -o OUT.html|OUT.svg
      The topology diagram, standalone.
  topo export --format mef FILE [-o OUT]
      The equivalent Open-PSA MEF fault tree, for SCRAM and other PRA tools.
  topo import compose FILE [-o OUT.topo] [--format text|json|sarif]
  topo import k8s FILE|DIR... [-o OUT.topo] [--format text|json|sarif]
  topo import terraform PLAN.json [-o OUT.topo] [--format text|json|sarif]
      A draft .topo from a Docker Compose file, Kubernetes manifests (a directory is read
      recursively, *.yaml and *.yml) or a Terraform plan (terraform show -json), with its
      single points of failure and missing health checks at the source's lines; assumed
      figures (published SLAs, Topo's defaults) are marked.
      Exit 0 with a draft, 1 when the input has an error, 2 on a usage or I/O error.
  topo lsp --stdio
      The language server over standard input/output, for any LSP editor.

Options:
  -h, --help       this help
  -v, --version    the version
`;

type Command = (argv: string[], io: CliIo) => Promise<number>;

/**
 * Each command is loaded when it runs, not before: `topo check` never loads the language
 * server, linkedom or d3, and `topo --version` loads none of them. The build makes each command
 * its own bundle (dist/cli/NAME.js, scripts/build.mjs), so a command parses only its own code.
 */
const commands: Record<string, () => Promise<Command>> = {
  check: async () => (await import('./commands/check')).runCheck,
  fmt: async () => (await import('./commands/fmt')).runFmt,
  simulate: async () => (await import('./commands/simulate')).runSimulate,
  montecarlo: async () => (await import('./commands/montecarlo')).runMontecarlo,
  blast: async () => (await import('./commands/blast')).runBlast,
  diff: async () => (await import('./commands/diff')).runDiff,
  diagram: async () => (await import('./commands/diagram')).runDiagram,
  export: async () => (await import('./commands/export')).runExport,
  import: async () => (await import('./commands/import')).runImport,
  lsp: async () => (await import('./commands/lsp')).runLsp,
};

/** Runs the CLI; resolves to the exit code. Never lets an exception escape as a stack trace. */
async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    io.out(HELP);
    return name === undefined ? EXIT_USAGE : 0;
  }
  if (name === '-v' || name === '--version') {
    io.out(`topo ${version}\n`);
    return 0;
  }
  const load = commands[name];
  if (!load) {
    io.err(`topo: unknown command '${escapeTerminal(name)}'. Run 'topo --help' for the list.\n`);
    return EXIT_USAGE;
  }
  if (rest.includes('-h') || rest.includes('--help')) {
    io.out(HELP);
    return 0;
  }
  try {
    const command = await load();
    return await command(rest, io);
  } catch (e) {
    // Messages echo names, paths and options as typed or written: escaped, their line breaks kept.
    // What git could not do (server/src/git.ts's GitError: an unknown revision, no git) is the
    // user's to fix, like a usage error; told by its name, since the dispatcher loads no core.
    if (isUsageError(e) || (e instanceof Error && e.name === 'GitError')) {
      io.err(escapeTerminal(`topo ${name}: ${e.message}`, { keepNewlines: true }) + '\n');
      return EXIT_USAGE;
    }
    io.err(escapeTerminal(`topo ${name}: internal error: ${e instanceof Error ? e.message : String(e)}`, { keepNewlines: true }) + '\nPlease report this with the input that caused it.\n');
    return EXIT_USAGE;
  }
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  const name = argv[0];
  const io = processIo(name !== undefined && Object.hasOwn(commands, name) ? `topo ${name}` : 'topo');
  main(argv, io).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      io.err(escapeTerminal(`topo: internal error: ${String(e)}`, { keepNewlines: true }) + '\n');
      process.exitCode = EXIT_USAGE;
    },
  );
}
