/**
 * Names for Open-PSA MEF events.
 *
 * MEF identifiers may not contain `.` nor `--`, and gates and basic events share one namespace
 * (SCRAM rejects a gate named like a basic event). Topo's qualified names use dots (`east.app-1`),
 * so a dot becomes `·` (U+00B7, an XML name character that no Topo identifier contains): the
 * exported tree still reads `east·app-1`. Anything else a MEF name cannot hold becomes `_`, and
 * a clash (a zone and an instance both called `az1`) gets a numeric suffix, so names stay unique
 * and every event keeps a record of the Topo element it stands for.
 */

/** The dot of a qualified Topo name, as written in MEF. */
const MEF_DOT = '\u00b7';

/** Turns any text into a valid MEF identifier (not yet unique). */
export function mefIdentifier(text: string): string {
  let s = text.replace(/\./g, MEF_DOT).replace(/[^\p{L}\p{N}_\-\u00b7]/gu, '_');
  // No leading digit, dash or middle dot (NCName), no empty name.
  if (!/^[\p{L}_]/u.test(s)) s = '_' + s;
  // No `--` and no trailing `-` (MEF's identifier pattern `[^-.]+(-[^-.]+)*`).
  s = s.replace(/-(?=-)/g, '-_').replace(/-$/, '-_');
  return s;
}

/** Hands out unique MEF names in a deterministic order: the first asker keeps the plain name. */
export class MefNames {
  private readonly used = new Set<string>();

  constructor(private readonly prefix = '') {}

  /** A unique identifier built from `text`. */
  claim(text: string): string {
    const base = mefIdentifier(this.prefix + text);
    let name = base;
    for (let i = 2; this.used.has(name); i++) name = `${base}-${i}`;
    this.used.add(name);
    return name;
  }
}
