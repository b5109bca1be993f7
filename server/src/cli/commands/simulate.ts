/** `topo simulate`: PLACEHOLDER until its issue lands. */
import { UsageError, type CliIo } from '../io';

export async function runSimulate(_argv: string[], _io: CliIo): Promise<number> {
  throw new UsageError("'topo simulate' is not available in this build yet");
}
