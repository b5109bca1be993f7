/**
 * The concrete-syntax parser for spec section 2 (Chevrotain, error recovery on).
 *
 * Every block item is its own rule so the CST keeps items in source order and a recovery
 * error knows which block it happened in. Values are parsed as "any literal"; the AST builder
 * checks the literal's kind against the key, which gives better messages than a token mismatch
 * and lets the parser carry on. One instance is built at load time and reused. The recovery
 * helpers the rules use (`blockItems`, `name`, …) are in recovering-parser.ts.
 */
import { tokenMatcher, type CstNode, type IToken } from './chevrotain';
import * as T from './tokens';
import { errorMessageProvider } from './parse-errors';
import { repairTokens } from './token-repairs';
import { ITEMS, readsAsItem } from './block-items';
import { RecoveringParser } from './recovering-parser';

const FILE_ITEMS = ITEMS['file'] ?? [];
const SYSTEM_ITEMS = ITEMS['system'] ?? [];
const JOURNEY_ITEMS = ITEMS['journey'] ?? [];
/** After a journey's or a file-level item's name: what may come next at either level. */
const NAME_FOLLOWS = [...new Set([...FILE_ITEMS, ...SYSTEM_ITEMS])];
const LAYER_ITEMS = ITEMS['layer'] ?? [];
const NODE_ITEMS = ITEMS['node'] ?? [];
/** After a path's layer: the next item of the system or of the site the path is in. */
const PATH_FOLLOWS = [...SYSTEM_ITEMS, ...(ITEMS['site'] ?? [])];
/** Words that open a node's properties but never a layer's item (`promote` is both). */
const NODE_BODY_STARTS = NODE_ITEMS.filter((w) => !LAYER_ITEMS.includes(w));
const DOMAIN_BODY_STARTS = ITEMS['domainBody'] ?? [];

class TopoParser extends RecoveringParser {
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

  file = this.RULE('file', () => {
    this.MANY({ GATE: () => this.notStrayContextual(), DEF: () => this.OR([
      { ALT: () => this.SUBRULE(this.system) },
      { GATE: () => this.startsContextual(), ALT: () => this.SUBRULE(this.importDecl) },
      { GATE: () => this.startsContextual(), ALT: () => this.SUBRULE(this.external) },
      { GATE: () => this.startsContextual(), ALT: () => this.SUBRULE(this.journey) },
    ]) });
  });

  /** `import "path.topo"` (estates). An unquoted path is read, and reported once. */
  importDecl = this.RULE('importDecl', () => {
    this.contextual(1, T.Import);
    this.OR([
      { ALT: () => this.CONSUME(T.StringLit, { LABEL: 'path' }) },
      {
        // `import auth.topo`: a path written without its quotes.
        GATE: () => T.isIdentifierLike(this.LA(1)) && !(FILE_ITEMS.includes(this.LA(1).image) && readsAsItem(this.LA(1).image, this.LA(2))),
        ALT: () => {
          this.ACTION(() => this.reportMissing(T.StringLit));
          this.CONSUME1(T.NameToken, { LABEL: 'unquoted' });
          this.MANY(() => {
            this.CONSUME(T.Dot);
            this.CONSUME2(T.NameToken, { LABEL: 'unquoted' });
          });
        },
      },
      { ALT: () => this.ACTION(() => this.reportMissing(T.StringLit)) },
    ]);
  });

  /** `external NAME [{ availability … mtbf … mttr … }]` (estates): a body like a zone's. */
  external = this.RULE('external', () => {
    this.contextual(1, T.External);
    this.nameOrString(1, 'name', NAME_FOLLOWS);
    let braced = false;
    this.OPTION(() => {
      this.SUBRULE(this.domainBody);
      braced = true;
    });
    this.OPTION2({ GATE: () => !braced && this.unopenedBody(DOMAIN_BODY_STARTS), DEF: () => this.unopenedDomainBody() });
  });

  /** `journey NAME { path a -> "b" … slo … }` (estates), in a file or in a system. */
  journey = this.RULE('journey', () => {
    this.contextual(1, T.Journey);
    this.nameOrString(1, 'name', NAME_FOLLOWS);
    this.CONSUME(T.LBrace);
    this.blockItems(this.journeyItem);
  });

  journeyItem = this.RULE('journeyItem', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.objective) },
      { ALT: () => this.SUBRULE(this.journeyPath) },
    ]);
  });

  /** A journey's path: names of layers and services, identifiers or strings. */
  journeyPath = this.RULE('journeyPath', () => {
    this.CONSUME(T.Path);
    this.nameOrString(1, 'ref', JOURNEY_ITEMS);
    this.MANY(() => {
      this.CONSUME(T.Arrow);
      this.nameOrString(2, 'ref', JOURNEY_ITEMS);
    });
  });

  /** `use NAME [soft]` (estates), in a system. */
  use = this.RULE('use', () => {
    this.contextual(1, T.Use);
    this.nameOrString(1, 'target', SYSTEM_ITEMS);
    this.OPTION(() => this.contextual(2, T.Soft, 'soft'));
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
      { ALT: () => this.SUBRULE(this.scopeValue) },
      { ALT: () => this.SUBRULE(this.rollout) },
      { ALT: () => this.SUBRULE(this.maintenance) },
      { GATE: () => this.startsContextual(), ALT: () => this.SUBRULE(this.use) },
      { GATE: () => this.startsContextual(), ALT: () => this.SUBRULE(this.journey) },
    ]);
  });

  /** `slo 99.95% [excludes maintenance]`. */
  objective = this.RULE('objective', () => {
    this.CONSUME(T.ObjectiveKey, { LABEL: 'key' });
    this.CONSUME(T.Literal, { LABEL: 'value' });
    this.OPTION(() => {
      this.CONSUME(T.Excludes, { LABEL: 'excludes' });
      this.CONSUME(T.Maintenance, { LABEL: 'excluded' });
    });
  });

  /** `deploys 20/week`, `change-failure 5%`, `restore 30m` (common causes, in a system, a site or a layer). */
  scopeValue = this.RULE('scopeValue', () => {
    this.CONSUME(T.ScopeValueKey, { LABEL: 'key' });
    this.CONSUME(T.Literal, { LABEL: 'value' });
  });

  /** `rollout canary 5%` or `rollout all-at-once`. */
  rollout = this.RULE('rollout', () => {
    this.CONSUME(T.Rollout, { LABEL: 'key' });
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Canary, { LABEL: 'word' });
          this.CONSUME(T.Literal, { LABEL: 'value' });
        },
      },
      { ALT: () => this.CONSUME(T.AllAtOnce, { LABEL: 'word' }) },
    ]);
  });

  /** `maintenance 1h every 30d`. */
  maintenance = this.RULE('maintenance', () => {
    this.CONSUME(T.Maintenance, { LABEL: 'key' });
    this.CONSUME1(T.Literal, { LABEL: 'value' });
    this.CONSUME(T.Every);
    this.CONSUME2(T.Literal, { LABEL: 'every' });
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
      { ALT: () => this.SUBRULE(this.scopeValue) },
      { ALT: () => this.SUBRULE(this.rollout) },
      { ALT: () => this.SUBRULE(this.maintenance) },
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
      { ALT: () => this.SUBRULE(this.scopeValue) },
      { ALT: () => this.SUBRULE(this.rollout) },
      { ALT: () => this.SUBRULE(this.maintenance) },
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

  /**
   * `fail X`, or a common cause: `fail deploy [X]`, `fail maintenance [X]`, `fail common-cause X`
   * (the words are reserved, so `fail deploy` never names an element).
   */
  fail = this.RULE('fail', () => {
    this.CONSUME(T.Fail);
    this.OR({
      // One token decides (the words are reserved); a missing name is worded inside the alternative.
      MAX_LOOKAHEAD: 1,
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          ALT: () => {
            this.CONSUME(T.CauseKind, { LABEL: 'cause' });
            this.OPTION2({ GATE: () => this.namesTarget(), DEF: () => this.SUBRULE1(this.target) });
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.CommonCause, { LABEL: 'cause' });
            // Its name is required: reported once when missing (`fail common-cause }`).
            this.OR2([
              { GATE: () => this.namesTarget(), ALT: () => this.SUBRULE2(this.target) },
              { ALT: () => this.ACTION(() => this.reportMissing(T.NameToken)) },
            ]);
          },
        },
        { GATE: () => this.LA(1).tokenType !== T.CommonCause, ALT: () => this.SUBRULE3(this.target) },
      ],
    });
    this.OPTION(() => {
      this.CONSUME(T.At);
      this.CONSUME(T.Literal, { LABEL: 'at' });
    });
  });

  /** True when a common cause's name follows: a name, not the `at` or the next `fail`. */
  private namesTarget(): boolean {
    const t = this.LA(1);
    return tokenMatcher(t, T.NameToken) && t.tokenType !== T.At && t.tokenType !== T.Fail;
  }

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
export function parseTokens(all: IToken[], maxErrors = Infinity): {
  cst: CstNode; errors: TopoParser['errors']; stoppedEarly: boolean;
  /** Start offsets of the contextual keywords read as keywords (the rest are names). */
  contextualKeywords: ReadonlySet<number>;
} {
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
    return { cst, errors: [...repairs, ...instance.errors], stoppedEarly: instance.stoppedEarly, contextualKeywords: instance.contextualKeywords };
  } finally {
    errorClass.stackTraceLimit = stackTraceLimit;
    // The shared parser must not keep the last document's tokens alive.
    instance.input = [];
  }
}
