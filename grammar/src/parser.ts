/**
 * The concrete-syntax parser for spec section 2 (Chevrotain, error recovery on).
 *
 * Every block item is its own rule so the CST keeps items in source order and a recovery
 * error knows which block it happened in. Values are parsed as "any literal"; the AST builder
 * checks the literal's kind against the key, which gives better messages than a token mismatch
 * and lets the parser carry on. One instance is built at load time and reused.
 */
import {
  CstParser, EOF, MismatchedTokenException, tokenMatcher, type CstNode, type IRecognitionException, type IToken, type ParserMethod,
  type TokenType,
} from './chevrotain';
import * as T from './tokens';
import { errorMessageProvider, recoveryMessage } from './parse-errors';
import { repairTokens } from './token-repairs';
import { ITEMS, readsAsItem, startsOuterItem } from './block-items';

// Read once: a module namespace's members are getters under CommonJS, too slow for per-token code.
const { LBrace, RBrace, Keyword } = T;

const SYSTEM_ITEMS = ITEMS['system'] ?? [];
const LAYER_ITEMS = ITEMS['layer'] ?? [];
const NODE_ITEMS = ITEMS['node'] ?? [];
/** After a path's layer: the next item of the system or of the site the path is in. */
const PATH_FOLLOWS = [...SYSTEM_ITEMS, ...(ITEMS['site'] ?? [])];
/** Words that open a node's properties but never a layer's item (`promote` is both). */
const NODE_BODY_STARTS = NODE_ITEMS.filter((w) => !LAYER_ITEMS.includes(w));
const DOMAIN_BODY_STARTS = ITEMS['domainBody'] ?? [];

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
  SKIP_TOKEN(): IToken;
  consumeToken(): void;
}
const base = CstParser.prototype as unknown as ParserInternals;

class TopoParser extends CstParser {
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

  /** Sets the input and the brace facts recovery needs. */
  load(tokens: IToken[]): void {
    this.input = tokens;
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
    if (expected !== T.RBrace || first.tokenType === EOF || this.startsOuter(first, stack)) {
      base.tryInRepetitionRecovery.call(this, rule, args, lookAhead, expected);
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
      if (!next || next.tokenType === EOF || next.tokenType === T.RBrace || this.startsOuter(next, stack)) break;
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

  private startsOuter(t: IToken, stack: readonly string[]): boolean {
    return tokenMatcher(t, T.Keyword) && startsOuterItem(t.image, stack);
  }

  /**
   * A block's items and its `}`. When the file has a `}` to spare and this one is followed by an
   * item of this block that the block around it does not take (`node a { … } }` then `node b`),
   * it is one `}` too many: reported once and skipped, and the block goes on, instead of ending
   * early and leaving the rest of the file to cascade.
   */
  private blockItems(item: ParserMethod<[], CstNode>): void {
    // One repetition directly followed by the `}`, so Chevrotain's in-repetition recovery (and
    // `tryInRepetitionRecovery` above) still knows the `}` is what ends it.
    this.MANY({
      GATE: () => this.LA(1).tokenType !== RBrace || this.extraCloser(),
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
    if (this.surplusClosers <= 0 || !tokenMatcher(next, T.Keyword) || !readsAsItem(next.image, this.LA(3))) return false;
    const blocks = this.internals.getHumanReadableRuleStack().filter((rule) => ITEMS[rule] !== undefined);
    const inner = blocks[blocks.length - 1];
    const outer = blocks[blocks.length - 2];
    return inner !== undefined && (ITEMS[inner]?.includes(next.image) ?? false) && !(outer !== undefined && ITEMS[outer]?.includes(next.image));
  }

  /** Records the error Chevrotain would raise for a missing `expected` here, without consuming. */
  private reportMissing(expected: TokenType): void {
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
  private name(idx: number, label: string, follows: readonly string[]): void {
    const next = this.LA(1);
    if (!this.internals.RECORDING_PHASE && tokenMatcher(next, Keyword) && follows.includes(next.image) && readsAsItem(next.image, this.LA(2))) {
      this.reportMissing(T.NameToken);
      return;
    }
    this.consume(idx, T.NameToken, { LABEL: label });
  }

  /** True when a body's `{` was left out: the next word starts one of its items. */
  private unopenedBody(starts: readonly string[]): boolean {
    const next = this.LA(1);
    return tokenMatcher(next, T.Keyword) && starts.includes(next.image);
  }

  /**
   * The `}` of a body whose `{` was left out, when the file has a `}` to spare (a deleted `{`);
   * with none to spare the `{` and `}` were both left out and the `}` here closes the enclosing block.
   */
  private spareCloser(idx: number): void {
    this.option(idx, {
      GATE: () => this.surplusClosers > 0,
      DEF: () => {
        this.consume(idx, T.RBrace);
        this.ACTION(() => this.surplusClosers--);
      },
    });
  }

  constructor() {
    super(T.allTokens, {
      recoveryEnabled: true,
      nodeLocationTracking: 'onlyOffset',
      maxLookahead: 2,
      errorMessageProvider,
      // The grammar is validated by the test suite (which builds with validations on); skipping
      // them here saves start-up time in the CLI and the language server.
      skipValidations: !validateGrammar,
    });
    this.performSelfAnalysis();
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

  file = this.RULE('file', () => {
    this.MANY(() => this.SUBRULE(this.system));
  });

  system = this.RULE('system', () => {
    this.CONSUME(T.System);
    this.SUBRULE(this.declaredName);
    this.CONSUME(T.LBrace);
    this.blockItems(this.systemItem);
  });

  declaredName = this.RULE('declaredName', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.NameToken, { LABEL: 'name' }) },
      { ALT: () => this.CONSUME(T.StringLit, { LABEL: 'name' }) },
    ]);
  });

  systemItem = this.RULE('systemItem', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.objective) },
      { ALT: () => this.SUBRULE(this.defaults) },
      { ALT: () => this.SUBRULE(this.region) },
      { ALT: () => this.SUBRULE(this.zone) },
      { ALT: () => this.SUBRULE(this.layer) },
      { ALT: () => this.SUBRULE(this.path) },
      { ALT: () => this.SUBRULE(this.scenario) },
    ]);
  });

  objective = this.RULE('objective', () => {
    this.CONSUME(T.ObjectiveKey, { LABEL: 'key' });
    this.CONSUME(T.Literal, { LABEL: 'value' });
  });

  defaults = this.RULE('defaults', () => {
    this.CONSUME(T.Defaults);
    this.CONSUME(T.LBrace);
    this.blockItems(this.nodeProp);
  });

  region = this.RULE('region', () => {
    this.CONSUME(T.Region);
    this.name(1, 'name', SYSTEM_ITEMS);
    let braced = false;
    this.OPTION(() => {
      this.SUBRULE(this.domainBody);
      braced = true;
    });
    this.OPTION2({ GATE: () => !braced && this.unopenedBody(DOMAIN_BODY_STARTS), DEF: () => this.unopenedDomainBody() });
  });

  /** A zone's or region's properties written without their `{` (reported once). */
  private unopenedDomainBody(): void {
    this.ACTION(() => this.reportMissing(T.LBrace));
    this.AT_LEAST_ONE(() => this.SUBRULE(this.domainProp));
    this.spareCloser(9);
  }

  zone = this.RULE('zone', () => {
    this.CONSUME(T.Zone);
    this.name(1, 'name', ['in', ...SYSTEM_ITEMS]);
    this.OPTION(() => {
      this.CONSUME(T.In);
      this.name(2, 'region', SYSTEM_ITEMS);
    });
    let braced = false;
    this.OPTION2(() => {
      this.SUBRULE(this.domainBody);
      braced = true;
    });
    this.OPTION3({ GATE: () => !braced && this.unopenedBody(DOMAIN_BODY_STARTS), DEF: () => this.unopenedDomainBody() });
  });

  domainBody = this.RULE('domainBody', () => {
    this.CONSUME(T.LBrace);
    this.blockItems(this.domainProp);
  });

  domainProp = this.RULE('domainProp', () => {
    this.CONSUME(T.DomainValueKey, { LABEL: 'key' });
    this.CONSUME(T.Literal, { LABEL: 'value' });
  });

  layer = this.RULE('layer', () => {
    this.CONSUME(T.Layer);
    this.CONSUME(T.NameToken, { LABEL: 'name' });
    this.CONSUME(T.LBrace);
    this.blockItems(this.layerItem);
  });

  layerItem = this.RULE('layerItem', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.layerValue) },
      { ALT: () => this.SUBRULE(this.kindItem) },
      { ALT: () => this.SUBRULE(this.modeItem) },
      { ALT: () => this.CONSUME(T.Optional) },
      { ALT: () => this.SUBRULE(this.healthCheck) },
      { ALT: () => this.SUBRULE(this.heartbeat) },
      { ALT: () => this.SUBRULE(this.replication) },
      { ALT: () => this.SUBRULE(this.backup) },
      { ALT: () => this.SUBRULE(this.node) },
      { ALT: () => this.SUBRULE(this.site) },
    ]);
  });

  layerValue = this.RULE('layerValue', () => {
    this.CONSUME(T.LayerValueKey, { LABEL: 'key' });
    this.CONSUME(T.Literal, { LABEL: 'value' });
  });

  kindItem = this.RULE('kindItem', () => {
    this.CONSUME(T.Kind, { LABEL: 'key' });
    this.name(1, 'word', LAYER_ITEMS);
  });

  modeItem = this.RULE('modeItem', () => {
    this.CONSUME(T.Mode, { LABEL: 'key' });
    this.CONSUME(T.LayerMode, { LABEL: 'word' });
  });

  healthCheck = this.RULE('healthCheck', () => {
    this.CONSUME(T.HealthCheck, { LABEL: 'key' });
    this.CONSUME(T.LBrace);
    this.blockItems(this.checkProp);
  });

  checkProp = this.RULE('checkProp', () => {
    this.CONSUME(T.CheckKey, { LABEL: 'key' });
    this.CONSUME(T.Literal, { LABEL: 'value' });
  });

  heartbeat = this.RULE('heartbeat', () => {
    this.CONSUME(T.Heartbeat, { LABEL: 'key' });
    this.CONSUME(T.LBrace);
    this.blockItems(this.heartbeatProp);
  });

  heartbeatProp = this.RULE('heartbeatProp', () => {
    this.CONSUME(T.HeartbeatKey, { LABEL: 'key' });
    this.CONSUME(T.Literal, { LABEL: 'value' });
  });

  replication = this.RULE('replication', () => {
    this.CONSUME(T.Replication, { LABEL: 'key' });
    this.OR([
      { ALT: () => this.CONSUME(T.Sync, { LABEL: 'word' }) },
      {
        ALT: () => {
          this.CONSUME(T.Async, { LABEL: 'word' });
          this.OPTION(() => {
            this.CONSUME(T.Lag);
            this.CONSUME(T.Literal, { LABEL: 'lag' });
          });
        },
      },
    ]);
  });

  backup = this.RULE('backup', () => {
    this.CONSUME(T.Backup, { LABEL: 'key' });
    this.CONSUME(T.Every);
    this.CONSUME(T.Literal, { LABEL: 'value' });
  });

  node = this.RULE('node', () => {
    this.CONSUME(T.Node);
    this.name(1, 'name', LAYER_ITEMS);
    let braced = false;
    this.OPTION(() => {
      this.CONSUME(T.LBrace);
      braced = true;
      this.blockItems(this.nodeProp);
    });
    // `node db availability 99.9% }`: the `{` was left out; the properties still belong to the node.
    this.OPTION2({
      GATE: () => !braced && this.unopenedBody(NODE_BODY_STARTS),
      DEF: () => {
        this.ACTION(() => this.reportMissing(T.LBrace));
        this.AT_LEAST_ONE(() => this.SUBRULE2(this.nodeProp));
        this.spareCloser(3);
      },
    });
  });

  nodeProp = this.RULE('nodeProp', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.nodeValue) },
      { ALT: () => this.SUBRULE(this.zoneRef) },
      { ALT: () => this.SUBRULE(this.zoneList) },
      { ALT: () => this.SUBRULE(this.standby) },
    ]);
  });

  nodeValue = this.RULE('nodeValue', () => {
    this.CONSUME(T.NodeValueKey, { LABEL: 'key' });
    this.CONSUME(T.Literal, { LABEL: 'value' });
  });

  zoneRef = this.RULE('zoneRef', () => {
    this.CONSUME(T.Zone, { LABEL: 'key' });
    this.name(1, 'ref', NODE_ITEMS);
  });

  zoneList = this.RULE('zoneList', () => {
    this.CONSUME(T.Zones, { LABEL: 'key' });
    this.CONSUME(T.LBracket);
    this.CONSUME1(T.NameToken, { LABEL: 'ref' });
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.CONSUME2(T.NameToken, { LABEL: 'ref' });
    });
    this.CONSUME(T.RBracket);
  });

  standby = this.RULE('standby', () => {
    this.CONSUME(T.Standby, { LABEL: 'key' });
    this.OPTION(() => this.CONSUME(T.Temperature, { LABEL: 'word' }));
  });

  site = this.RULE('site', () => {
    this.CONSUME(T.Site);
    this.CONSUME(T.NameToken, { LABEL: 'name' });
    this.CONSUME(T.LBrace);
    this.blockItems(this.siteItem);
  });

  siteItem = this.RULE('siteItem', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.layer) },
      { ALT: () => this.SUBRULE(this.path) },
      { ALT: () => this.SUBRULE(this.standby) },
      { ALT: () => this.SUBRULE(this.sitePromote) },
    ]);
  });

  sitePromote = this.RULE('sitePromote', () => {
    this.CONSUME(T.Promote, { LABEL: 'key' });
    this.CONSUME(T.Literal, { LABEL: 'value' });
  });

  path = this.RULE('path', () => {
    this.CONSUME(T.Path);
    this.name(1, 'ref', PATH_FOLLOWS);
    this.MANY(() => {
      this.CONSUME(T.Arrow);
      this.name(2, 'ref', PATH_FOLLOWS);
    });
  });

  scenario = this.RULE('scenario', () => {
    this.CONSUME(T.Scenario);
    this.SUBRULE(this.declaredName);
    this.CONSUME(T.LBrace);
    this.blockItems(this.fail);
  });

  fail = this.RULE('fail', () => {
    this.CONSUME(T.Fail);
    this.SUBRULE(this.target);
    this.OPTION(() => {
      this.CONSUME(T.At);
      this.CONSUME(T.Literal, { LABEL: 'at' });
    });
  });

  /** `name` or `site.name` (an extension: instances inside sites, spec section 3). */
  target = this.RULE('target', () => {
    this.name(1, 'part', ['at', 'fail']);
    this.MANY(() => {
      this.CONSUME(T.Dot);
      this.CONSUME2(T.NameToken, { LABEL: 'part' });
    });
  });
}

/** Set by the tests before first use, to run Chevrotain's grammar validations. */
let validateGrammar = false;
let instance: TopoParser | undefined;

/** Turns on Chevrotain's grammar validations for the parser built next (tests only). */
export function enableGrammarValidation(): void {
  validateGrammar = true;
  instance = undefined;
}

/**
 * Parses a token vector into a CST; the errors are Chevrotain's recognition exceptions.
 * After `maxErrors` errors the rest of the input is skipped (`stoppedEarly`).
 */
export function parseTokens(all: IToken[], maxErrors = Infinity): { cst: CstNode; errors: TopoParser['errors']; stoppedEarly: boolean } {
  instance ??= new TopoParser();
  const { tokens, errors: repairs } = repairTokens(all);
  instance.load(tokens);
  instance.maxErrors = maxErrors;
  instance.stoppedEarly = false;
  // Recovery works by throwing; stack traces are never read, and capturing them dominates
  // the cost of a file with many mistakes.
  const errorClass = Error as { stackTraceLimit?: number };
  const stackTraceLimit = errorClass.stackTraceLimit;
  errorClass.stackTraceLimit = 0;
  try {
    const cst = instance.file();
    return { cst, errors: [...repairs, ...instance.errors], stoppedEarly: instance.stoppedEarly };
  } finally {
    errorClass.stackTraceLimit = stackTraceLimit;
    // The shared parser must not keep the last document's tokens alive.
    instance.input = [];
  }
}
