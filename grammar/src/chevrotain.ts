/**
 * Chevrotain, loaded from its self-contained bundle.
 *
 * Why not `import … from 'chevrotain'`: Chevrotain 11's sub-packages (`@chevrotain/utils`, …)
 * export only an "import" condition, so any CommonJS loader — mocha's `tsx/cjs` here — fails
 * to load the package. Its single-file bundle imports nothing and loads under both module
 * systems (esbuild bundles it like any other file). Types still come from the package.
 */
import type * as Chevrotain from 'chevrotain';
// @ts-expect-error: the bundle ships without a declaration file; the package's types apply (below).
import * as bundle from '../../node_modules/chevrotain/lib/chevrotain.mjs';

const chevrotain = bundle as typeof Chevrotain;

export const { CstParser, Lexer, createToken, EOF, tokenMatcher, MismatchedTokenException } = chevrotain;
export type {
  CstElement, CstNode, IParserErrorMessageProvider, IRecognitionException, IToken, ParserMethod, TokenType,
} from 'chevrotain';
