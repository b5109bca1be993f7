/**
 * Test helpers for the model stage: `.topo` fixtures go through the real parser, and a range
 * the test expects is marked in the fixture itself between two `<|>` markers (test/support/markers.ts).
 */
import assert from 'node:assert/strict';
import { parse } from '../../../grammar/src/index';
import type { Diagnostic } from '../../../grammar/src/text';
import { buildModel } from '../../../server/src/core/model/build';
import type { ModelResult, SystemModel } from '../../../server/src/core/model/types';
import { marked } from '../../support/markers';

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

export { marked };

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
