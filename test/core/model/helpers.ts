/**
 * Test helpers for the model stage: `.topo` fixtures go through the real parser, and a range
 * the test expects is marked in the fixture itself with `<|` and `|>` around it.
 */
import assert from 'node:assert/strict';
import { parse } from '../../../grammar/src/index';
import type { Diagnostic, Range } from '../../../grammar/src/text';
import { buildModel } from '../../../server/src/core/model/build';
import type { ModelResult, SystemModel } from '../../../server/src/core/model/types';

/** Parses and builds `text`; fails the test on any syntax error (a fixture must be valid syntax). */
export function build(text: string): ModelResult {
  const parsed = parse(text);
  assert.deepEqual(parsed.diagnostics.map((d) => d.message), [], 'fixture has syntax errors');
  return buildModel(parsed);
}

/** The one system of `text`. */
export function system(text: string): SystemModel {
  const result = build(text);
  assert.equal(result.systems.length, 1);
  return result.systems[0] as SystemModel;
}

/** `text` with `<|` and `|>` removed, and the range they enclosed (LSP positions). */
export function marked(text: string): { text: string; range: Range } {
  const start = text.indexOf('<|');
  const end = text.indexOf('|>');
  assert.ok(start >= 0 && end > start, 'fixture needs one <|…|> range marker');
  const clean = text.slice(0, start) + text.slice(start + 2, end) + text.slice(end + 2);
  return { text: clean, range: { start: positionAt(clean, start), end: positionAt(clean, end - 2) } };
}

function positionAt(text: string, offset: number): Range['start'] {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** Model diagnostics with `code`. */
export function withCode(result: ModelResult, code: string): Diagnostic[] {
  return result.diagnostics.filter((d) => d.code === code);
}

/** Asserts exactly one diagnostic with `code`, at the marked range, and returns it. */
export function expectOne(fixture: string, code: string): { diagnostic: Diagnostic; result: ModelResult } {
  const { text, range } = marked(fixture);
  const result = build(text);
  const found = withCode(result, code);
  assert.equal(found.length, 1, `expected one '${code}', got: ${JSON.stringify(result.diagnostics.map((d) => [d.code, d.message]))}`);
  const diagnostic = found[0] as Diagnostic;
  assert.deepEqual(diagnostic.range, range, `range of '${code}': ${diagnostic.message}`);
  return { diagnostic, result };
}

/** The codes of all model diagnostics, sorted, for "nothing else was reported" checks. */
export function codes(result: ModelResult): string[] {
  return result.diagnostics.map((d) => d.code).sort();
}

/** Relative closeness for floating-point figures. */
export function assertClose(actual: number, expected: number, relative = 1e-12, what = ''): void {
  if (actual === expected) return;
  const error = Math.abs(actual - expected) / Math.abs(expected);
  assert.ok(error <= relative, `${what} ${actual} is not within ${relative} of ${expected} (relative error ${error})`);
}
