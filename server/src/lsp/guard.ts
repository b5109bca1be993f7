/**
 * Every handler runs inside a guard: an exception in one feature is logged and answered with
 * an error response, and the server carries on. Cancellation is answered as LSP asks.
 */
import { ErrorCodes, LSPErrorCodes, ResponseError, type CancellationToken, type Connection } from 'vscode-languageserver/node';

/** Thrown by a long request that saw its cancellation token set. */
export class Cancelled extends Error {}

/** Wraps a request handler so it can neither throw nor reject. */
export function guarded<P, R>(connection: Connection, name: string, handler: (params: P, token: CancellationToken) => R | Promise<R>) {
  return async (params: P, token: CancellationToken): Promise<R | ResponseError<void>> => {
    try {
      return await handler(params, token);
    } catch (e) {
      // A deliberate answer (a refused rename, a bad parameter) goes back as it is.
      if (e instanceof ResponseError) return e as ResponseError<void>;
      if (e instanceof Cancelled || token.isCancellationRequested) {
        return new ResponseError(LSPErrorCodes.RequestCancelled, `${name} cancelled`);
      }
      connection.console.error(`topo: ${name} failed: ${describe(e)}`);
      return new ResponseError(ErrorCodes.InternalError, `topo: ${name} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
}

/** Wraps a notification handler: errors are logged, never thrown. */
export function guardedNotification<P>(connection: Connection, name: string, handler: (params: P) => void) {
  return (params: P): void => {
    try {
      handler(params);
    } catch (e) {
      connection.console.error(`topo: ${name} failed: ${describe(e)}`);
    }
  };
}

/** Keeps the process alive after an error nothing caught, and says what happened. */
export function installProcessGuards(connection: Connection): void {
  process.on('uncaughtException', (e) => connection.console.error(`topo: uncaught exception: ${describe(e)}`));
  process.on('unhandledRejection', (e) => connection.console.error(`topo: unhandled rejection: ${describe(e)}`));
}

function describe(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}
