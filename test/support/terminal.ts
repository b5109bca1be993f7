/** What may never reach a terminal raw, and the assertion every CLI test of hostile names uses. */
import { strict as assert } from 'node:assert';

/** C0 (newline aside), DEL, C1 and the bidirectional controls: what a terminal acts on. */
export function actedOn(code: number): boolean {
  return (code <= 0x1f && code !== 0x0a) || (code >= 0x7f && code <= 0x9f)
    || code === 0x061c || code === 0x200e || code === 0x200f
    || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
}

/** Fails on the first raw control in `text`, naming it by code point and line (the message itself must be safe to print). */
export function assertTerminalSafe(text: string, what: string): void {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (actedOn(code)) assert.fail(`${what}: raw U+${code.toString(16).padStart(4, '0').toUpperCase()} at character ${i} (line ${text.slice(0, i).split('\n').length})`);
  }
}
