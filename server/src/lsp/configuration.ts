/**
 * The `topo.*` settings the server reads: given once in `initializationOptions`, then again on
 * each `workspace/didChangeConfiguration`. The server pulls the settings with
 * `workspace/configuration` when the client can answer it, else it reads what the notification
 * pushed (`{ settings: { topo: { … } } }`, as vscode-languageclient's `synchronize` sends them).
 *
 * A bad value never reaches the analysis: it is logged and the previous value stays.
 */
import type { ClientCapabilities, Connection, DidChangeConfigurationParams } from 'vscode-languageserver/node';
import { LIMITS } from '../core/index';

/** Smallest and largest `topo.maxCutSetOrder`: the core's limits, as the setting's schema and `topo check --max-order` allow. */
const MIN_CUT_SET_ORDER = LIMITS.maxOrder.min;
const MAX_CUT_SET_ORDER = LIMITS.maxOrder.max;
/** The setting's section: `workspace/configuration` is asked for it, the pushed settings are keyed by it. */
const SETTINGS_SECTION = 'topo';

export type Checked = { ok: true; order: number } | { ok: false; message: string };

/** `value` as a cut set order, or a sentence saying why it is not one. */
function checkMaxCutSetOrder(value: unknown): Checked {
  if (typeof value === 'number' && Number.isInteger(value) && value >= MIN_CUT_SET_ORDER && value <= MAX_CUT_SET_ORDER) return { ok: true, order: value };
  return { ok: false, message: `topo.maxCutSetOrder must be a whole number from ${MIN_CUT_SET_ORDER} to ${MAX_CUT_SET_ORDER}, not ${show(value)}` };
}

/** `maxCutSetOrder` of a `topo` settings object, or undefined when the object does not say. */
function maxCutSetOrderOf(section: unknown): unknown {
  return typeof section === 'object' && section !== null ? (section as { maxCutSetOrder?: unknown }).maxCutSetOrder : undefined;
}

/** The `topo` section of a didChangeConfiguration's pushed settings, if there is one. */
function pushedSection(params: DidChangeConfigurationParams | undefined): unknown {
  const settings: unknown = params?.settings;
  return typeof settings === 'object' && settings !== null ? (settings as Record<string, unknown>)[SETTINGS_SECTION] : undefined;
}

/**
 * The cut set order in force, and how to learn a new one. `changed` answers the new order when
 * a notification changes it to a valid value, else undefined (unchanged, unsaid, or refused).
 */
export class OrderSetting {
  /** Whether the client answers `workspace/configuration` (from its initialize capabilities). */
  private canPull = false;
  /** Bumped per notification, so an older pull answered late cannot undo a newer one. */
  private asked = 0;

  constructor(private readonly connection: Connection, public order: number, private readonly log: (message: string) => void) {}

  /** Reads the client's capabilities and the initial value (`initializationOptions.maxCutSetOrder`). */
  initialize(capabilities: ClientCapabilities, initial: unknown): void {
    this.canPull = capabilities.workspace?.configuration === true;
    if (initial === undefined) return;
    const checked = checkMaxCutSetOrder(initial);
    if (checked.ok) this.order = checked.order;
    else this.log(`topo: ignoring initializationOptions.maxCutSetOrder: ${checked.message}; using ${this.order}.`);
  }

  /** The new order after a didChangeConfiguration, or undefined when it stays as it is. */
  async changed(params: DidChangeConfigurationParams | undefined): Promise<number | undefined> {
    const ask = ++this.asked;
    const section = this.canPull ? await this.pull(params) : pushedSection(params);
    if (ask !== this.asked) return undefined; // a newer notification decides
    const value = maxCutSetOrderOf(section);
    if (value === undefined) return undefined;
    const checked = checkMaxCutSetOrder(value);
    if (!checked.ok) {
      this.log(`topo: ignoring the new setting: ${checked.message}; the analysis keeps order ${this.order}.`);
      return undefined;
    }
    if (checked.order === this.order) return undefined;
    this.order = checked.order;
    return checked.order;
  }

  /** The `topo` section as the client has it now; the pushed one should the pull fail or answer nothing. */
  private async pull(params: DidChangeConfigurationParams | undefined): Promise<unknown> {
    try {
      const pulled: unknown = await this.connection.workspace.getConfiguration({ section: SETTINGS_SECTION });
      if (pulled !== undefined && pulled !== null) return pulled;
    } catch (e) {
      this.log(`topo: workspace/configuration failed (${e instanceof Error ? e.message : String(e)}); using the settings the notification carried.`);
    }
    return pushedSection(params);
  }
}

function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
