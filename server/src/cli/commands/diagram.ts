/** `topo diagram`: PLACEHOLDER until its issue lands. */
import { UsageError, type CliIo } from '../io';

export async function runDiagram(_argv: string[], _io: CliIo): Promise<number> {
  throw new UsageError("'topo diagram' is not available in this build yet");
}
