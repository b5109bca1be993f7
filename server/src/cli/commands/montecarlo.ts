/** `topo montecarlo`: PLACEHOLDER until its issue lands. */
import { UsageError, type CliIo } from '../io';

export async function runMontecarlo(_argv: string[], _io: CliIo): Promise<number> {
  throw new UsageError("'topo montecarlo' is not available in this build yet");
}
