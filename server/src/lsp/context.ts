/** What every handler needs: the connection, the open documents and their latest analysis. */
import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { HoverFigures, HoverSource, NameIndex } from '../core/index';
import type { Snapshot, SnapshotCache, SyntaxSnapshot } from './snapshots';

/** What a request that must not wait behind an analysis answers from (see ServerContext.known). */
export interface Known {
  source: HoverSource;
  index: NameIndex;
  figures: HoverFigures;
}

export interface ServerContext {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  cache: SnapshotCache;
  /** The analysis of the document's current version (analysed now if not yet), or undefined when it is not open. */
  snapshot(uri: string): Promise<Snapshot | undefined>;
  /** As `snapshot`, with the full analysis (importance, advice, cut sets): for hover, diagram and report. */
  detailed(uri: string): Promise<Snapshot | undefined>;
  /**
   * The current version's fullest analysis that arrives within the hover wait
   * (initializationOptions.hoverWaitMs), else what is known then: the routine analysis, or the
   * parse alone. Starts the full analysis, so a later request has it; never waits longer.
   */
  known(uri: string): Promise<Known | undefined>;
  /** The parse of the document's current version, without waiting for its analysis. */
  syntax(uri: string): SyntaxSnapshot | undefined;
}
