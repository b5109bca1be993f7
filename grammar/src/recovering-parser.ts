/**
 * The recovery the Topo grammar adds to Chevrotain's: brace-aware skipping of stray words inside
 * a block, a spare brace dropped rather than a token supplied, a missing name or `{` reported
 * once, one `}` too many skipped. The grammar rules (parser.ts) build on these helpers; each
 * keeps what follows a mistake parsing, so one mistake gives one diagnostic.
 */
import {
  CstParser, EOF, MismatchedTokenException, tokenMatcher, type CstNode, type IRecognitionException, type IToken, type ParserMethod,
  type TokenType,
} from './chevrotain';
import * as T from './tokens';
import { errorMessageProvider, misspeltMessage, recoveryMessage } from './parse-errors';
import { isItemWord, ITEMS, misspeltKeyword, readsAsItem, startsOuterItem } from './block-items';

// Read once: a module namespace's members are getters under CommonJS, too slow for per-token code.
const { LBrace, RBrace, Keyword, ContextualKeyword } = T;

/**
 * Chevrotain internals used to stop early and to recover inside blocks (stable in 11.x, absent
 * from its typings).
 */
interface ParserInternals {
  currIdx: number;
  RECORDING_PHASE: boolean;
  moveToTerminatedState(): void;
  SAVE_ERROR(error: IRecognitionException): IRecognitionException;
  getCurrRuleFullName(): string;
  getHumanReadableRuleStack(): string[];
  tryInRepetitionRecovery(rule: (...args: unknown[]) => void, args: unknown[], lookAhead: () => boolean, expected: TokenType): void;
  tryInRuleRecovery(expected: TokenType, follows: TokenType[]): IToken;
  canRecoverWithSingleTokenInsertion(expected: TokenType, follows: TokenType[]): boolean;
  SKIP_TOKEN(): IToken;
  consumeToken(): void;
}
const base = CstParser.prototype as unknown as ParserInternals;

/** A reserved word, or a contextual keyword (`use`, `journey`, …) wherever it stands. */
function isKeywordLike(t: IToken): boolean {
  return tokenMatcher(t, Keyword) || tokenMatcher(t, ContextualKeyword);
}

/** A Chevrotain CST parser with Topo's error recovery; the grammar is the subclass's. */
export abstract class RecoveringParser extends CstParser {
  /** Errors after which the parser stops reading (recovery costs ~0.1 ms per error). */
  maxErrors = Infinity;
  /** True when the parser stopped at maxErrors. */
  stoppedEarly = false;
  /** Per token index: for a `{`, the index of its matching `}` (-1 when unmatched). */
  private closer = new Int32Array(0);
  /** How many more `}` than `{` the input has and recovery has not yet used (a deleted `{`). */
  private surplusClosers = 0;
  /** How many more `{` than `}` the input has (a stray `{`, or a `}` left out). */
  private surplusOpeners = 0;
  /** Start offsets of the contextual keywords (`use`, `journey`, …) read as keywords, not names. */
  contextualKeywords = new Set<number>();

  /** Sets the input and the brace facts recovery needs. */
  load(tokens: IToken[]): void {
    // A copy: recovery may read a misspelt word as its keyword (`misspelt`), replacing it here only.
    this.input = tokens.slice();
    this.contextualKeywords = new Set();
    this.closer = new Int32Array(tokens.length).fill(-1);
    const open: number[] = [];
    let surplus = 0;
    tokens.forEach((t, i) => {
      if (t.tokenType === LBrace) open.push(i);
      else if (t.tokenType === RBrace) {
        const j = open.pop();
        if (j === undefined) surplus++;
        else this.closer[j] = i;
      }
    });
    this.surplusClosers = Math.max(0, surplus - open.length);
    this.surplusOpeners = Math.max(0, open.length - surplus);
  }

  private get internals(): ParserInternals {
    return this as unknown as ParserInternals;
  }

  /**
   * A block's items stopped at a token that is neither `}` nor an item of the block (Chevrotain
   * calls this when deleting or inserting one token would not do). Chevrotain's own recovery
   * skips to the next `}` it sees, which may close a brace written inside the stray text
   * (`regino use1 { … }`) and so end the block early and cascade. Here the stray text is skipped
   * as a unit, braces matched, up to the next item of this block, its `}`, or a word that starts an
   * item of an enclosing block (a forgotten `}`, worded by the next error); one error is reported.
   */
  tryInRepetitionRecovery(rule: (...args: unknown[]) => void, args: unknown[], lookAhead: () => boolean, expected: TokenType): void {
    const p = this.internals;
    const stack = p.getHumanReadableRuleStack();
    const first = this.LA(1);
    if (expected !== T.RBrace || first.tokenType === EOF || this.startsOuter(first, this.LA(2), stack)) {
      base.tryInRepetitionRecovery.call(this, rule, args, lookAhead, expected);
      return;
    }
    if (this.misspelt(stack, lookAhead)) {
      if (!this.stoppedEarly) rule.apply(this, args);
      return;
    }
    const tokens = this.input;
    const start = p.currIdx + 1;
    let i = start;
    for (;;) {
      const t = tokens[i];
      const close = this.closer[i] ?? -1;
      // A stray block is a `{` after stray words (`regino use1 {`), or one whose keyword was left out
      // (`{ interval 1s }`) when the braces balance; a `{` the file has to spare is a stray brace.
      const strayBlock = t?.tokenType === T.LBrace && close > i && (i > start || this.surplusOpeners === 0) && tokens[i - 1]?.tokenType !== T.LBrace;
      if (t?.tokenType === T.LBrace && !strayBlock && this.surplusOpeners > 0) this.surplusOpeners--;
      i = strayBlock ? close + 1 : i + 1;
      const next = tokens[i];
      // Chevrotain ends the vector with EOF sentinels while parsing.
      if (!next || next.tokenType === EOF || next.tokenType === T.RBrace || this.startsOuter(next, tokens[i + 1], stack)) break;
      p.currIdx = i - 1;
      if (lookAhead.call(this)) break;
    }
    p.currIdx = start - 1;
    const message = errorMessageProvider.buildMismatchTokenMessage({ expected, actual: first, previous: this.LA(0), ruleName: p.getCurrRuleFullName() });
    p.SAVE_ERROR(new MismatchedTokenException(message, first, this.LA(0)));
    if (this.stoppedEarly) return;
    p.currIdx = i - 1;
    if (lookAhead.call(this)) rule.apply(this, args);
  }

  /**
   * A plain word where an item of this block starts, one misspelling away from exactly one keyword
   * of the block, and followed by what that keyword's item needs (`helth-check {`, `layr db`,
   * `standy hot`): it is read as that keyword (one error, "did you mean …?"), so the item and its
   * contents are kept instead of skipped. The word keeps its own text and position.
   */
  private misspelt(stack: readonly string[], lookAhead: () => boolean): boolean {
    const first = this.LA(1);
    const items = ITEMS[stack[stack.length - 1] ?? ''];
    if (first.tokenType !== T.Identifier || !items) return false;
    const word = misspeltKeyword(first.image, items);
    if (word === undefined || !readsAsItem(word, this.LA(2))) return false;
    const type = T.keywordTokens.get(word) ?? T.contextualTokens.get(word);
    if (!type) return false;
    const p = this.internals;
    const at = p.currIdx + 1;
    const tokens = this.input;
    tokens[at] = { ...first, tokenType: type, tokenTypeIdx: type.tokenTypeIdx ?? first.tokenTypeIdx };
    if (!lookAhead.call(this)) {
      tokens[at] = first;
      return false;
    }
    p.SAVE_ERROR(new MismatchedTokenException(misspeltMessage(word), first, this.LA(0)));
    return true;
  }

  /**
   * A token is missing here, and Chevrotain would rather supply it than drop the token in the way.
   * When that token is a brace the file has to spare and the expected token follows it
   * (`slo } 99.9%`, `layer { app {`), the brace is the mistake: dropping it reads the rest as
   * written, while supplying the missing token would let the brace close (or open) a block and cascade.
   */
  tryInRuleRecovery(expected: TokenType, follows: TokenType[]): IToken {
    const p = this.internals;
    const type = this.LA(1).tokenType;
    const spare = type === T.RBrace ? this.surplusClosers > 0 : type === T.LBrace && this.surplusOpeners > 0;
    if (spare && tokenMatcher(this.LA(2), expected)) {
      if (type === T.RBrace) this.surplusClosers--;
      else this.surplusOpeners--;
      const next = p.SKIP_TOKEN();
      p.consumeToken();
      return next;
    }
    return base.tryInRuleRecovery.call(this, expected, follows);
  }

  /**
   * Chevrotain supplies a missing token when the token in the way may follow it. A contextual
   * keyword that does not start its item here (`promote 30s use }`) is the name it looks like, so
   * it may follow only where a name may, as before these words were keywords anywhere.
   */
  canRecoverWithSingleTokenInsertion(expected: TokenType, follows: TokenType[]): boolean {
    const t = this.LA(1);
    const asName = T.isContextual(t) && !readsAsItem(t.image, this.LA(2));
    return base.canRecoverWithSingleTokenInsertion.call(this, expected, asName ? follows.filter((f) => f !== t.tokenType) : follows);
  }

  /**
   * Whether a contextual keyword starts its item here (the gate of the item's alternative and of
   * the block's repetition): only when what follows reads as its item (`use auth`, `journey j`);
   * otherwise (`use }`, `use in r`) it is a stray word, skipped and worded as any other (the
   * message says the name is missing), exactly as when these words were names everywhere.
   * `import` always starts its item: an unquoted or missing path is worded by its rule.
   */
  protected startsContextual(): boolean {
    const t = this.LA(1);
    if (t.tokenType === T.Import || readsAsItem(T.contextualWord(t) ?? t.image, this.LA(2))) return true;
    // `use zone }`: a reserved word as the name (reported as such), unless it starts its own item.
    const next = this.LA(2);
    return t.tokenType !== T.Soft && tokenMatcher(next, Keyword) && !readsAsItem(next.image, this.LA(3));
  }

  /** False for a contextual keyword that does not start its item here (see `startsContextual`). */
  protected notStrayContextual(): boolean {
    return !T.isContextual(this.LA(1)) || this.startsContextual();
  }

  private startsOuter(t: IToken, next: IToken | undefined, stack: readonly string[]): boolean {
    return isItemWord(t, next) && startsOuterItem(t.image, stack);
  }

  /**
   * A block's items and its `}`. When the file has a `}` to spare and this one is followed by an
   * item of this block that the block around it does not take (`node a { … } }` then `node b`),
   * it is one `}` too many: reported once and skipped, and the block goes on, instead of ending
   * early and leaving the rest of the file to cascade.
   */
  protected blockItems(item: ParserMethod<[], CstNode>): void {
    // One repetition directly followed by the `}`, so Chevrotain's in-repetition recovery (and
    // `tryInRepetitionRecovery` above) still knows the `}` is what ends it.
    this.MANY({
      GATE: () => (this.LA(1).tokenType !== RBrace || this.extraCloser()) && this.notStrayContextual(),
      DEF: () => this.OR9([
        { ALT: () => this.subrule(0, item) },
        {
          ALT: () => {
            this.ACTION(() => {
              this.internals.SAVE_ERROR(new MismatchedTokenException(recoveryMessage('extra-closer'), this.LA(1), this.LA(0)));
              this.surplusClosers--;
            });
            this.CONSUME9(T.RBrace, { LABEL: 'extra' });
          },
        },
      ]),
    });
    this.CONSUME(T.RBrace);
  }

  private extraCloser(): boolean {
    const next = this.LA(2);
    if (this.surplusClosers <= 0 || !isKeywordLike(next) || !readsAsItem(next.image, this.LA(3))) return false;
    const blocks = this.internals.getHumanReadableRuleStack().filter((rule) => ITEMS[rule] !== undefined);
    const inner = blocks[blocks.length - 1];
    const outer = blocks[blocks.length - 2];
    return inner !== undefined && (ITEMS[inner]?.includes(next.image) ?? false) && !(outer !== undefined && ITEMS[outer]?.includes(next.image));
  }

  /** Records the error Chevrotain would raise for a missing `expected` here, without consuming. */
  protected reportMissing(expected: TokenType): void {
    const p = this.internals;
    const actual = this.LA(1);
    const message = errorMessageProvider.buildMismatchTokenMessage({ expected, actual, previous: this.LA(0), ruleName: p.getCurrRuleFullName() });
    p.SAVE_ERROR(new MismatchedTokenException(message, actual, this.LA(0)));
  }

  /**
   * A name (or reference) where a keyword may stand for it (`node zone`, reported later as a
   * reserved word), unless the keyword plainly starts what comes after the name (`zone in r1`,
   * `path web -> ⏎ scenario "x" {`): then the name is missing, and the keyword is left to start
   * its own item instead of being swallowed and cascading.
   */
  protected name(idx: number, label: string, follows: readonly string[]): void {
    const next = this.LA(1);
    // Only a reserved word: a contextual one (`zone use auth`) is read as the name it was before.
    if (!this.internals.RECORDING_PHASE && tokenMatcher(next, Keyword) && follows.includes(next.image) && readsAsItem(next.image, this.LA(2))) {
      this.reportMissing(T.NameToken);
      return;
    }
    this.consume(idx, T.NameToken, { LABEL: label });
  }

  /**
   * A name that may also be a "string" (services, journeys, the names in a journey's path). As
   * `name`, a keyword that plainly starts the next item is not taken as the name; nor is anything
   * that is no name at all (`journey {`): the name is reported missing once and what follows parses.
   */
  protected nameOrString(idx: number, label: string, follows: readonly string[]): void {
    if (!this.internals.RECORDING_PHASE) {
      const next = this.LA(1);
      const startsItem = isKeywordLike(next) && follows.includes(next.image) && readsAsItem(next.image, this.LA(2));
      const isName = (t: IToken) => tokenMatcher(t, T.NameToken) || t.tokenType === T.StringLit;
      // `path a -> } "b"`: a brace the file has to spare stands before the name; dropped, as `name` does.
      const spare = next.tokenType === RBrace ? this.surplusClosers > 0 : next.tokenType === LBrace && this.surplusOpeners > 0;
      if (spare && isName(this.LA(2))) {
        this.reportMissing(T.NameToken);
        if (next.tokenType === RBrace) this.surplusClosers--;
        else this.surplusOpeners--;
        this.internals.SKIP_TOKEN();
      } else if (startsItem || !isName(next)) {
        this.reportMissing(T.NameToken);
        return;
      }
    }
    this.or(idx, [
      { ALT: () => this.consume(idx, T.StringLit, { LABEL: label }) },
      { ALT: () => this.consume(idx, T.NameToken, { LABEL: label }) },
    ]);
  }

  /** Consumes a contextual keyword (`use`, `journey`, …) and records that it was read as one. */
  protected contextual(idx: number, type: TokenType, label?: string): void {
    const tok = this.consume(idx, type, label === undefined ? undefined : { LABEL: label });
    this.ACTION(() => {
      if (!Number.isNaN(tok.startOffset)) this.contextualKeywords.add(tok.startOffset);
    });
  }

  /** True when a body's `{` was left out: the next word starts one of its items. */
  protected unopenedBody(starts: readonly string[]): boolean {
    const next = this.LA(1);
    return tokenMatcher(next, T.Keyword) && starts.includes(next.image);
  }

  /**
   * The `}` of a body whose `{` was left out, when the file has a `}` to spare (a deleted `{`);
   * with none to spare the `{` and `}` were both left out and the `}` here closes the enclosing block.
   */
  protected spareCloser(idx: number): void {
    this.option(idx, {
      GATE: () => this.surplusClosers > 0,
      DEF: () => {
        this.consume(idx, T.RBrace);
        this.ACTION(() => this.surplusClosers--);
      },
    });
  }

  /**
   * Every recognition error passes through here. Past `maxErrors` the rest of the input is
   * dropped, so a file of noise costs the same as a short one.
   */
  protected SAVE_ERROR(error: IRecognitionException): IRecognitionException {
    const saved = base.SAVE_ERROR.call(this, error);
    if (this.errors.length >= this.maxErrors && !this.stoppedEarly) {
      this.stoppedEarly = true;
      (this as unknown as ParserInternals).moveToTerminatedState();
    }
    return saved;
  }
}
