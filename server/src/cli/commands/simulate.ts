/** `topo simulate FILE (--fail NAME[@T] … | --scenario NAME) [--format text|json] [--system NAME] [--journey NAME]`: a failover timeline. */
import { checkFailureTime, escapeTerminal, formatScenarioText, joinSpacedNames, type ScenarioFailure, scenarioFailures, simulateScenario } from '../../core/index';
import { choice, flag, parseArgs } from '../args';
import { EXIT_OK, UsageError, type CliIo } from '../io';
import { loadSystem, parseDurationSeconds } from './simulation-input';

/** The usage line, for errors. */
const simulateUsage = 'topo simulate FILE (--fail NAME[@T] … | --scenario NAME) [--format text|json] [--system NAME] [--journey NAME]';

/** Runs `topo simulate`; resolves to the exit code (usage errors throw UsageError: exit 2). */
export async function runSimulate(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, { fail: { value: true, repeat: true }, scenario: { value: true }, format: { value: true }, system: { value: true }, journey: { value: true } });
  const format = choice(args, 'format', ['text', 'json'] as const, 'text');
  const fails = args.flags.get('fail') ?? [];
  const scenario = flag(args, 'scenario');
  // `--fail a b@30s FILE` lists several names after one --fail: the file is the `.topo` argument.
  let positional = args.positional;
  if (fails.length > 0 && positional.length > 1) {
    const fileIndex = Math.max(0, positional.findIndex((p) => p.endsWith('.topo')));
    fails.push(...positional.filter((_p, k) => k !== fileIndex));
    positional = [positional[fileIndex] as string];
  }
  if (positional.length > 1) throw new UsageError(`one file at a time (got ${positional.length})\nusage: ${simulateUsage}`);
  if (fails.length === 0 && scenario === undefined) throw new UsageError(`say what fails: --fail NAME[@T] or --scenario NAME\nusage: ${simulateUsage}`);
  if (fails.length > 0 && scenario !== undefined) throw new UsageError('give either --fail or --scenario, not both');

  // Without --system, a scenario picks the system that declares it.
  const declaresScenario = scenario === undefined ? undefined : (s: { model: { scenarios: { name: string }[] } }) => s.model.scenarios.some((x) => x.name === scenario);
  const input = loadSystem(positional[0], flag(args, 'system'), io, simulateUsage, declaresScenario, flag(args, 'journey'));
  if (typeof input === 'number') return input;
  const system = input.system.model;
  let failures: ScenarioFailure[];
  if (scenario !== undefined) {
    const found = scenarioFailures(system, scenario);
    if (!found.ok) throw new UsageError(found.error);
    failures = found.result;
  } else {
    // `--fail deploy app`: the shell splits a common cause's id (it has a space); joined again here.
    failures = joinSpacedNames(system, fails).map(parseFailure);
  }
  const outcome = simulateScenario(system, failures);
  if (!outcome.ok) throw new UsageError(outcome.error);
  // JSON escapes its own controls; the timeline's names are escaped for the terminal.
  io.out(format === 'json' ? JSON.stringify(outcome.result, null, 2) + '\n' : escapeTerminal(formatScenarioText(system.name, outcome.result), { keepNewlines: true }));
  return EXIT_OK;
}

/** `db-primary`, `db-primary@30s`, `az1@1.5h`, `app-2@90` (seconds), up to the simulation's limit (`MAX_FAILURE_SECONDS`). */
function parseFailure(text: string): ScenarioFailure {
  const at = text.lastIndexOf('@');
  if (at < 0) return { element: text, at: 0 };
  const element = text.slice(0, at);
  const time = text.slice(at + 1);
  const seconds = parseDurationSeconds(time);
  if (element === '' || seconds === undefined) {
    // As in a .topo file, a time is written out in full: `1e14y` is refused, but said why.
    const why = /^\d+(?:\.\d+)?[eE]/.test(time) ? 'exponents are not supported; write the time out in full (e.g. 100000y)' : 'expected NAME or NAME@TIME, with a time like 30s, 5m, 1.5h or a number of seconds';
    throw new UsageError(`--fail ${text}: ${why}`);
  }
  const tooLate = checkFailureTime(seconds, time);
  if (tooLate !== undefined) throw new UsageError(tooLate);
  return { element, at: seconds };
}
