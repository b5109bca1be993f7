/** The editor's cursor as the diagram's `select` message gives it: the declarations around it. */
import { parse, type Position, type Range } from '../../server/src/core/index';

/** The parser's AST, as the core's one door gives it. */
export type FileAst = ReturnType<typeof parse>['ast'];
type LayerAst = FileAst['systems'][number]['layers'][number];

interface Named {
  name?: { range: Range };
  range: Range;
}

/** Whether a range holds a position, its end included (a cursor just after a closing brace is still in the block). */
function holds(range: Range, at: Position): boolean {
  const after = (a: Position, b: Position): boolean => a.line > b.line || (a.line === b.line && a.character >= b.character);
  return after(at, range.start) && after(range.end, at);
}

/**
 * The names of the declarations whose blocks hold `at`, innermost first (a node, its layer, the
 * site the layer is in, …, its system): the positions the diagram matches with its elements'
 * ranges, which are their names' (docs/editor.md, "The diagram"). A `use` line and a journey's
 * step stand for the service they bring, whose elements the diagram gives that range. Empty
 * outside every system and journey. Read from the parser's AST, as the server reads the text.
 */
export function declarationsAt(text: string, at: Position): Position[] {
  return declarationsIn(parse(text).ast, at);
}

/** `declarationsAt` over a parsed text (the diagram panel keeps one per version of its document). */
export function declarationsIn(ast: FileAst, at: Position): Position[] {
  const chain: Position[] = [];
  /** Adds the name of the innermost of `items` holding `at` (when it has one); returns that item. */
  const enter = <T extends Named>(items: readonly T[]): T | undefined => {
    const item = items.find((i) => holds(i.range, at));
    if (item?.name) chain.unshift(item.name.range.start);
    return item;
  };
  const layers = (list: readonly LayerAst[]): void => {
    const layer = enter(list);
    if (!layer) return;
    enter(layer.members.filter((m) => m.type === 'node'));
    const site = enter(layer.members.filter((m) => m.type === 'site'));
    if (site) layers(site.layers);
  };
  const journeySteps = (journey: { paths: { range: Range; layers: { range: Range }[] }[] }): void => {
    for (const path of journey.paths) {
      const step = path.layers.find((l) => holds(l.range, at));
      if (step) chain.unshift(step.range.start);
    }
  };
  const topJourney = enter(ast.journeys);
  if (topJourney) {
    journeySteps(topJourney);
    return chain;
  }
  const system = enter(ast.systems);
  if (!system) return chain;
  const journey = enter(system.journeys);
  if (journey) {
    journeySteps(journey);
    return chain;
  }
  const use = system.uses.find((u) => holds(u.range, at));
  if (use?.target) chain.unshift(use.target.range.start);
  enter(system.zones);
  enter(system.regions);
  layers(system.layers);
  return chain;
}
