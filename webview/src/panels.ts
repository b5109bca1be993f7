/**
 * The bars above the diagram: the journey control (choose a journey, then highlight it on its
 * system's view or show its composite), the blast radius banner and the banner of a comparison
 * with a revision. Built with DOM calls and listeners only (no markup strings, no inline
 * handlers: the CSP forbids them); names are text.
 */
import type { JourneyView } from '../../server/src/core/index';

/** The journey chosen, by its drawn name (`web/checkout`), and whether its composite is shown instead of the systems. */
export interface JourneyChoice {
  name: string;
  show: boolean;
}

export class JourneyBar {
  readonly element: HTMLElement;
  private readonly select: HTMLSelectElement;
  private readonly showButton: HTMLButtonElement;
  private readonly info: HTMLElement;
  private journeys: JourneyView[] = [];
  private choice: JourneyChoice | undefined;

  constructor(private readonly doc: Document, private readonly changed: () => void) {
    this.element = doc.createElement('div');
    this.element.className = 'topo-journeys';
    this.element.hidden = true;
    const label = doc.createElement('label');
    label.textContent = 'Journey ';
    this.select = doc.createElement('select');
    this.select.className = 'journey-select';
    this.select.addEventListener('change', () => this.choose(this.select.value === '' ? undefined : this.select.value, this.choice?.show ?? false));
    label.append(this.select);
    this.showButton = doc.createElement('button');
    this.showButton.type = 'button';
    this.showButton.className = 'journey-show';
    this.showButton.textContent = 'Show the journey';
    this.showButton.addEventListener('click', () => {
      if (this.choice) this.choose(this.choice.name, !this.choice.show);
    });
    this.info = doc.createElement('span');
    this.info.className = 'journey-info';
    this.element.append(label, this.showButton, this.info);
    this.sync();
  }

  /** The journeys of a new view; the choice is kept while its journey still exists. */
  update(journeys: JourneyView[]): void {
    this.journeys = journeys;
    this.element.hidden = journeys.length === 0;
    if (this.choice && !journeys.some((j) => j.name === this.choice?.name)) this.choice = undefined;
    while (this.select.firstChild) this.select.firstChild.remove();
    const none = this.doc.createElement('option');
    none.value = '';
    none.textContent = '— none —';
    this.select.append(none);
    for (const j of journeys) {
      const option = this.doc.createElement('option');
      option.value = j.name;
      option.textContent = j.name;
      this.select.append(option);
    }
    this.sync();
  }

  /** The journey chosen, when there is one. */
  current(): JourneyView | undefined {
    return this.choice ? this.journeys.find((j) => j.name === this.choice?.name) : undefined;
  }

  /** True when the chosen journey's composite is drawn instead of the systems (always, for a journey of the file: it has no system to highlight on). */
  showing(): boolean {
    const j = this.current();
    return j !== undefined && ((this.choice?.show ?? false) || j.journey.system === null);
  }

  /** Chooses a journey (or none) and redraws. */
  choose(name: string | undefined, show: boolean): void {
    this.choice = name === undefined ? undefined : { name, show };
    this.sync();
    this.changed();
  }

  /** Says what the chosen journey is and where it passes; `notDrawn`: its layers and services its system's view does not draw. */
  describe(notDrawn: string[]): void {
    const j = this.current();
    if (!j) {
      this.info.textContent = '';
      return;
    }
    const through = `passes through ${j.journey.passesThrough.join(' → ')}`;
    const missing = notDrawn.length > 0 ? `; not drawn on ${j.journey.system ?? 'its system'}: ${notDrawn.join(', ')} (show the journey to see them)` : '';
    this.info.textContent = `${j.headline.parts.join(' · ')} — ${through}${missing}`;
  }

  private sync(): void {
    this.select.value = this.choice?.name ?? '';
    const j = this.current();
    this.showButton.disabled = j === undefined || j.journey.system === null;
    this.showButton.setAttribute('aria-pressed', String(this.showing()));
    this.showButton.textContent = this.showing() && j?.journey.system !== null ? `Back to ${j?.journey.system ?? 'the systems'}` : 'Show the journey';
    this.element.dataset.chosen = j?.name ?? '';
    this.element.dataset.mode = j === undefined ? '' : this.showing() ? 'show' : 'highlight';
  }
}

/** A banner above the diagram: a title, a line of words and a Clear button (`data-action`). */
class ClearableBanner {
  readonly element: HTMLElement;
  private readonly title: HTMLElement;
  private readonly summary: HTMLElement;

  constructor(doc: Document, className: string, action: string, clear: () => void) {
    this.element = doc.createElement('div');
    this.element.className = className;
    this.element.hidden = true;
    this.title = doc.createElement('span');
    this.title.className = 'title';
    this.summary = doc.createElement('span');
    this.summary.className = 'summary';
    const button = doc.createElement('button');
    button.type = 'button';
    button.dataset.action = action;
    button.textContent = 'Clear';
    button.addEventListener('click', clear);
    this.element.append(this.title, this.summary, button);
  }

  /** Shows the banner with these words, as text. */
  protected showText(title: string, summary: string): void {
    this.title.textContent = title;
    this.summary.textContent = summary;
    this.element.hidden = false;
  }

  hide(): void {
    this.element.hidden = true;
  }
}

/** The banner that says what a blast radius shows, with a button to clear it. */
export class BlastBanner extends ClearableBanner {
  constructor(doc: Document, clear: () => void) {
    super(doc, 'topo-blast', 'clear-blast', clear);
  }

  show(title: string, summary: string): void {
    this.showText(`If ${title} fails: `, summary);
  }
}

/** The banner of a comparison with a revision (`Compared with HEAD (a1b2c3d)` and the figures' change), with a button to clear its marks. */
export class ChangesBanner extends ClearableBanner {
  constructor(doc: Document, clear: () => void) {
    super(doc, 'topo-changes', 'clear-changes', clear);
    this.element.setAttribute('role', 'status');
  }

  show(title: string, summary: string): void {
    this.showText(title, summary);
  }
}
