/** `topo lsp`: PLACEHOLDER until its issue lands. */
import { UsageError, type CliIo } from '../io';

export async function runLsp(_argv: string[], _io: CliIo): Promise<number> {
  throw new UsageError("'topo lsp' is not available in this build yet");
}
