/** `topo export`: PLACEHOLDER until its issue lands. */
import { UsageError, type CliIo } from '../io';

export async function runExport(_argv: string[], _io: CliIo): Promise<number> {
  throw new UsageError("'topo export' is not available in this build yet");
}
