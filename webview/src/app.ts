/**
 * The diagram page: draws the view models it receives, keeps zoom and pan across updates,
 * shows tooltips, posts `reveal` on click and plays failovers back. Runs in the VS Code webview
 * (messages from the extension) and in `topo diagram`'s standalone page (one embedded view).
 */
import { select } from 'd3-selection';
import { zoom, zoomIdentity, type ZoomBehavior, type ZoomTransform } from 'd3-zoom';
import type { BlastMark, ChangeMark, FromWebview, PlaybackTimeline, ToWebview } from './protocol';
import type { DiagramView, JourneyView, Position, SystemView } from '../../server/src/core/index';
import { layoutDiagram } from './layout/diagram';
import { drawDiagram, SVG_NS } from './render/draw';
import { PlaybackBar } from './playback/ui';
import { playbackSteps, topologyOf } from './playback/state';
import { tooltipLinesOf, rangeOf } from './hit';
import { showPlaybackState } from './playback/apply';
import { blastState, blastSummary } from './playback/blast';
import { clearChangeMarks, markChanges } from './playback/changes';
import { BlastBanner, ChangesBanner, JourneyBar } from './panels';
import { diagramSvgFile, renderPng } from './export/png';
import { elementsAt, markSelected, panInto } from './selection';
import { fitTransform, ownsKeys, zoomButtons, zoomCommandOfKey, type ZoomCommand } from './zoom';

/** The scales the diagram may be drawn at: by the wheel, the buttons, the keys and Fit alike. */
const SCALE_EXTENT: [number, number] = [0.05, 8];

const errorsWord = (n: number): string => `${n.toLocaleString('en-US')} error${n === 1 ? '' : 's'}`;

/** Timings of the last draw, in milliseconds (also sent as the `topo:drawn` event's detail). */
export interface DrawTimings {
  /** `performance.now()` when the message arrived (before validation). */
  receivedAt: number;
  layoutMs: number;
  drawMs: number;
}

export class DiagramApp {
  private readonly canvas: HTMLElement;
  private readonly svg: SVGSVGElement;
  private readonly tooltip: HTMLElement;
  private readonly notice: HTMLElement;
  private readonly toolbar: HTMLElement;
  /** The export buttons, which only the extension can act on. */
  private readonly exportGroup: HTMLElement;
  private readonly errorBanner: HTMLElement;
  private readonly playback: PlaybackBar;
  private readonly journeys: JourneyBar;
  private readonly blastBanner: BlastBanner;
  /** The blast radius shown (re-applied after each redraw), until cleared or a playback starts. */
  private blast: { title: string; subjects: BlastMark[] } | undefined;
  private readonly changesBanner: ChangesBanner;
  /**
   * What changed since a revision (re-applied after each redraw, as the extension redraws on every
   * edit), until cleared; it coexists with a blast radius and a playback, with classes of its own.
   */
  private changes: { id: number; title: string; summary: string; subjects: ChangeMark[] } | undefined;
  /**
   * Draw the journeys after the systems (`topo diagram`'s page, which shows everything); the
   * panel draws the systems, and a journey when it is chosen.
   */
  drawJourneys = false;
  private readonly zoomer: ZoomBehavior<SVGSVGElement, unknown>;
  /** The view drawn: the last one received, or, while the file has errors, the last one without. */
  private view: DiagramView | undefined;
  /** The last view received from a version of the file without errors. */
  private lastClean: DiagramView | undefined;
  /** A `renderPng` that arrived before any diagram: rendered on the first view. */
  private pendingPng: string | undefined;
  private viewport: SVGGElement | undefined;
  private transform: ZoomTransform = zoomIdentity;
  private fitted = false;
  /** A playback that arrived before any diagram (the extension sends both at once); played on the first view. */
  private pendingPlayback: { title: string; timeline: PlaybackTimeline; system: string | undefined } | undefined;
  /** What the editor's cursor is on (the last `select`), marked again after each redraw. */
  private selection: Position[] = [];

  /**
   * `saved` is the zoom the page had before VS Code reloaded it (a hidden panel is discarded);
   * `save` keeps the current zoom for that case.
   */
  constructor(
    private readonly doc: Document,
    root: HTMLElement,
    private readonly post: (m: FromWebview) => void,
    saved?: { k: number; x: number; y: number },
    private readonly save: (zoom: { k: number; x: number; y: number }) => void = () => undefined,
  ) {
    this.notice = doc.createElement('div');
    this.notice.className = 'topo-message';
    this.notice.hidden = true;
    this.toolbar = doc.createElement('div');
    this.toolbar.className = 'topo-toolbar';
    this.toolbar.setAttribute('role', 'toolbar');
    this.toolbar.setAttribute('aria-label', 'Diagram');
    this.exportGroup = doc.createElement('span');
    this.exportGroup.className = 'topo-export';
    this.exportGroup.append(this.exportButton('svg', 'Export SVG'), this.exportButton('png', 'Export PNG'));
    this.toolbar.append(zoomButtons(doc, (command) => this.zoomBy(command)), this.exportGroup);
    this.errorBanner = doc.createElement('div');
    this.errorBanner.className = 'topo-errors';
    this.errorBanner.setAttribute('role', 'status');
    this.errorBanner.hidden = true;
    this.canvas = doc.createElement('div');
    this.canvas.id = 'topo-canvas';
    this.svg = doc.createElementNS(SVG_NS, 'svg') as SVGSVGElement;
    // Focusable, so that a click or Tab puts the keyboard on the diagram (its zoom keys, Enter on a node).
    this.svg.setAttribute('tabindex', '0');
    this.svg.setAttribute('aria-label', 'Diagram: + and - zoom, 0 fits, arrow keys pan');
    this.canvas.append(this.svg);
    this.tooltip = doc.createElement('div');
    this.tooltip.className = 'topo-tooltip';
    this.tooltip.hidden = true;
    this.tooltip.setAttribute('role', 'tooltip');
    this.playback = new PlaybackBar(doc, () => this.svg);
    this.journeys = new JourneyBar(doc, () => {
      if (this.view) this.draw(this.view);
    });
    this.blastBanner = new BlastBanner(doc, () => this.clearBlast());
    this.changesBanner = new ChangesBanner(doc, () => {
      const shown = this.changes;
      this.showChanges(undefined);
      if (shown) this.post({ type: 'changesCleared', id: shown.id });
    });
    root.append(
      this.toolbar, this.errorBanner, this.notice, this.journeys.element, this.blastBanner.element, this.changesBanner.element,
      this.canvas, this.playback.element, this.tooltip,
    );
    this.zoomer = zoom<SVGSVGElement, unknown>().scaleExtent(SCALE_EXTENT).on('zoom', (e: { transform: ZoomTransform }) => {
      this.transform = e.transform;
      this.viewport?.setAttribute('transform', e.transform.toString());
      this.levelOfDetail(e.transform.k);
    }).on('end', (e: { transform: ZoomTransform }) => this.save({ k: e.transform.k, x: e.transform.x, y: e.transform.y }));
    select(this.svg).call(this.zoomer);
    if (saved && [saved.k, saved.x, saved.y].every(Number.isFinite) && saved.k > 0) {
      this.fitted = true;
      select(this.svg).call(this.zoomer.transform, zoomIdentity.translate(saved.x, saved.y).scale(saved.k));
    }
    this.listen();
  }

  /** Handles one message from the extension (already validated). */
  receive(message: ToWebview, receivedAt = performance.now()): void {
    switch (message.type) {
      case 'view': return void this.show(message.view, receivedAt, message.errors ?? 0);
      case 'notice': return this.showNotice(message.text);
      case 'playback': return this.play(message.title, message.timeline, message.system);
      case 'stopPlayback': return this.playback.close();
      case 'blast': return this.showBlast(message.title, message.subjects);
      case 'clearBlast': return this.clearBlast();
      case 'changes': return this.showChanges({ id: message.id, title: message.title, summary: message.summary, subjects: message.subjects });
      case 'clearChanges': return this.showChanges(undefined);
      case 'renderPng': return void this.exportPng(message.css);
      case 'select': return this.select(message.positions);
    }
  }

  /** The export buttons are for the extension: the standalone page, which has none, hides them (the zoom buttons stay). */
  set exportable(on: boolean) {
    this.exportGroup.hidden = !on;
  }

  /**
   * Shows a view model received; `errors` is how many errors its text has (the message's
   * `errors`: the design's verdicts, such as a missed SLO, are not counted). While there are any,
   * the diagram of the last version without errors stays (a banner says so and how many there
   * are); with no such version yet, this one is drawn, as it stands.
   */
  show(view: DiagramView, receivedAt = performance.now(), errors = 0): DrawTimings {
    if (errors === 0) this.lastClean = view;
    const kept = errors > 0 ? this.lastClean : undefined;
    const text = errors === 0 ? ''
      : kept ? `The file has errors: showing the diagram of the last version without errors (${errorsWord(errors)})`
      : `The file has errors (${errorsWord(errors)}): no version without errors has been drawn yet, so this diagram may be incomplete`;
    if (this.errorBanner.textContent !== text) this.errorBanner.textContent = text;
    if (this.errorBanner.hidden !== (errors === 0)) this.errorBanner.hidden = errors === 0;
    return this.draw(kept ?? view, receivedAt);
  }

  /** Draws or updates the diagram in place; returns how long layout and drawing took. */
  private draw(view: DiagramView, receivedAt = performance.now()): DrawTimings {
    this.view = view;
    this.journeys.update(view.journeys ?? []);
    const t0 = performance.now();
    const layout = layoutDiagram(view, this.drawn(view));
    const t1 = performance.now();
    this.viewport = drawDiagram(this.svg, layout, { titles: false, intrinsicSize: false });
    // Re-setting the same transform would make Chromium lay the whole drawing out again.
    const transform = this.transform.toString();
    if (this.viewport.getAttribute('transform') !== transform) this.viewport.setAttribute('transform', transform);
    const t2 = performance.now();
    // Only touch the notice when it changes: any write to the page's HTML would relayout the drawing too.
    const empty = view.systems.length === 0 && (view.journeys ?? []).length === 0;
    if (this.notice.hidden === empty) this.notice.hidden = !empty;
    if (empty) this.notice.textContent = 'This file declares no system yet.';
    if (!this.fitted && layout.systems.length > 0) this.fit(layout.width, layout.height);
    this.highlightJourney();
    // A redraw keeps the mark but does not pan: the user's view stays where they put it.
    markSelected(this.svg, elementsAt(this.svg, this.selection));
    if (this.pendingPlayback && view.systems.length > 0) {
      const p = this.pendingPlayback;
      this.pendingPlayback = undefined;
      this.play(p.title, p.timeline, p.system);
    } else if (this.blast) {
      this.markBlast();
    } else {
      this.playback.refresh();
    }
    this.markChanges();
    if (this.pendingPng !== undefined) {
      const css = this.pendingPng;
      this.pendingPng = undefined;
      void this.exportPng(css);
    }
    const timings = { receivedAt, layoutMs: t1 - t0, drawMs: t2 - t1 };
    this.doc.dispatchEvent(new CustomEvent('topo:drawn', { detail: timings }));
    return timings;
  }

  /** What is drawn: the chosen journey's composite; else the systems (then the journeys, on the standalone page, or when there is no system). */
  private drawn(view: DiagramView): (SystemView | JourneyView)[] {
    const journey = this.journeys.current();
    if (journey && this.journeys.showing()) return [journey];
    const journeys = view.journeys ?? [];
    return this.drawJourneys || view.systems.length === 0 ? [...view.systems, ...journeys] : view.systems;
  }

  /** Marks, on the chosen journey's system, the layers (its own and its services) the journey passes through. */
  private highlightJourney(): void {
    for (const el of Array.from(this.svg.querySelectorAll('.journey-highlight, .journey-step'))) el.classList.remove('journey-highlight', 'journey-step');
    const journey = this.journeys.current();
    if (!journey || this.journeys.showing()) return this.journeys.describe([]);
    const passes = new Set(journey.journey.passesThrough);
    // Attributes are compared as strings rather than put into a selector, so no name needs escaping.
    const system = Array.from(this.svg.querySelectorAll('g.system[data-system]')).find((g) => g.getAttribute('data-system') === journey.journey.system);
    const drawn = new Set<string>();
    if (system) {
      system.classList.add('journey-highlight');
      for (const layer of Array.from(system.querySelectorAll(':scope > g.scope > g.layer'))) {
        const id = layer.getAttribute('data-layer') ?? '';
        if (!passes.has(id)) continue;
        layer.classList.add('journey-step');
        drawn.add(id);
      }
    }
    this.journeys.describe(journey.journey.passesThrough.filter((id) => !drawn.has(id)));
  }

  /** Shows a blast radius: each subject drawn (a system, or a journey shown) marked as the extension says. */
  private showBlast(title: string, subjects: BlastMark[]): void {
    this.playback.close();
    this.blast = { title, subjects };
    this.markBlast();
  }

  private clearBlast(): void {
    this.blast = undefined;
    this.markBlast();
  }

  private markBlast(): void {
    showPlaybackState(this.svg, null);
    for (const el of Array.from(this.svg.querySelectorAll('.blast-subject'))) el.classList.remove('blast-subject', 'system-down');
    const blast = this.blast;
    if (!blast) return this.blastBanner.hide();
    this.blastBanner.show(blast.title, blastSummary(blast.subjects));
    const view = this.view;
    if (!view) return;
    for (const g of Array.from(this.svg.querySelectorAll('g.system'))) {
      const kind = g.hasAttribute('data-journey') ? 'journey' : 'system';
      const name = g.getAttribute(`data-${kind}`);
      const subject = blast.subjects.find((s) => s.kind === kind && s.name === name);
      const drawn = kind === 'journey' ? (view.journeys ?? []).find((j) => j.name === name) : view.systems.find((s) => s.name === name);
      if (!subject || !drawn) continue;
      showPlaybackState(g, blastState(subject, topologyOf(drawn)));
      g.classList.add('blast-subject');
      g.classList.toggle('system-down', subject.effect === 'down');
    }
  }

  /** Shows what changed since a revision (kept across redraws), or, with `undefined`, clears it. */
  private showChanges(changes: { id: number; title: string; summary: string; subjects: ChangeMark[] } | undefined): void {
    this.changes = changes;
    if (changes) this.changesBanner.show(changes.title, changes.summary);
    else this.changesBanner.hide();
    this.markChanges();
  }

  /** Marks the changes kept on what is drawn now; once cleared, removes the marks (a redraw keeps classes it did not set). */
  private markChanges(): void {
    if (this.changes && this.view) markChanges(this.svg, this.view, this.changes.subjects);
    else if (!this.changes) clearChangeMarks(this.svg);
  }

  /**
   * Marks what the editor's cursor is on (`positions`, innermost declaration first) and, when the
   * mark moved to elements out of sight, pans them into view at the same zoom.
   */
  private select(positions: Position[]): void {
    this.selection = positions;
    const marked = elementsAt(this.svg, positions);
    if (!markSelected(this.svg, marked) || marked.length === 0) return;
    const boxes = marked.map((e) => e.getBoundingClientRect());
    const left = Math.min(...boxes.map((b) => b.left));
    const top = Math.min(...boxes.map((b) => b.top));
    const box = { left, top, width: Math.max(...boxes.map((b) => b.right)) - left, height: Math.max(...boxes.map((b) => b.bottom)) - top };
    const { dx, dy } = panInto(box, this.canvas.getBoundingClientRect());
    if (dx === 0 && dy === 0) return;
    const t = this.transform;
    select(this.svg).call(this.zoomer.transform, zoomIdentity.translate(t.x + dx, t.y + dy).scale(t.k));
  }

  /** Zoomed far out, captions (then names) are dropped: unreadable there, and most of the paint cost. */
  private levelOfDetail(scale: number): void {
    const detail = scale < 0.3 ? 'far' : scale < 0.55 ? 'mid' : 'near';
    if (this.svg.dataset.detail !== detail) this.svg.dataset.detail = detail;
  }

  private showNotice(text: string): void {
    this.notice.textContent = text;
    this.notice.hidden = false;
  }

  private play(title: string, timeline: PlaybackTimeline, systemName: string | undefined): void {
    if (this.blast) this.clearBlast();
    if (!this.view) {
      this.pendingPlayback = { title, timeline, system: systemName };
      return;
    }
    const system: SystemView | undefined = this.view.systems.find((s) => s.name === systemName) ?? this.view.systems[0];
    if (!system) return this.showNotice('Nothing to play back: the diagram has no system.');
    this.playback.load(title, playbackSteps(timeline, topologyOf(system)), timeline);
  }

  /** Renders what is drawn as a PNG (`css` embedded) and posts it, or says why it could not. */
  private async exportPng(css: string): Promise<void> {
    const view = this.view;
    if (!view) {
      this.pendingPng = css;
      return;
    }
    try {
      const drawn = this.drawn(view);
      if (drawn.length === 0) throw new Error('the file declares no system yet');
      this.post({ type: 'png', dataUrl: await renderPng(this.doc, diagramSvgFile(this.doc, view, drawn, css)) });
    } catch (e) {
      this.post({ type: 'pngFailed', error: (e instanceof Error ? e.message : String(e)).slice(0, 1000) });
    }
  }

  private exportButton(format: 'svg' | 'png', text: string): HTMLButtonElement {
    const b = this.doc.createElement('button');
    b.type = 'button';
    b.dataset.action = `export-${format}`;
    b.textContent = text;
    b.addEventListener('click', () => this.post({ type: 'export', format }));
    return b;
  }

  /** Scales a diagram larger than the panel down to fit, once; later updates keep the user's zoom. */
  private fit(width: number, height: number): void {
    const box = this.canvas.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) return;
    this.fitted = true;
    const scale = Math.min(1, box.width / width, box.height / height);
    select(this.svg).call(this.zoomer.transform, zoomIdentity.scale(Math.max(SCALE_EXTENT[0], scale)));
  }

  /**
   * Zooms around the canvas's centre, fits everything drawn, or pans, through the zoom behaviour
   * (so the scale stays in `SCALE_EXTENT` and the zoom is saved as after a wheel). No transition:
   * the new transform is set at once.
   */
  private zoomBy(command: ZoomCommand): void {
    const canvasPx = { width: this.svg.clientWidth, height: this.svg.clientHeight };
    const svg = select(this.svg);
    switch (command.kind) {
      case 'zoom':
        return this.zoomer.scaleBy(svg, command.factor, [canvasPx.width / 2, canvasPx.height / 2]);
      case 'pan':
        // translateBy moves the drawing, in its units: the view moving right is the drawing moving left.
        return this.zoomer.translateBy(svg, -command.dxPx / this.transform.k, -command.dyPx / this.transform.k);
      case 'fit': {
        // Twice: Chromium measures text a little differently at each scale (glyphs are hinted to
        // the size drawn), so the box measured at the fitted scale corrects the first fit.
        for (let pass = 0; pass < 2; pass++) {
          const t = this.viewport && fitTransform(this.viewport.getBBox(), canvasPx, SCALE_EXTENT);
          if (t) svg.call(this.zoomer.transform, zoomIdentity.translate(t.x, t.y).scale(t.k));
        }
      }
    }
  }

  private listen(): void {
    this.svg.addEventListener('click', (e) => {
      const range = rangeOf(e.target);
      if (range) this.post({ type: 'reveal', range });
    });
    this.svg.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter' && e.key !== ' ') return;
      const range = rangeOf(e.target);
      if (range) this.post({ type: 'reveal', range });
    });
    // On the document, so the keys work wherever the focus is (the diagram, a node, the page itself)
    // except in a control that takes keys of its own: the journey menu, the playback slider, a button.
    this.doc.addEventListener('keydown', (e) => {
      if (e.defaultPrevented || ownsKeys(e.target)) return;
      const command = zoomCommandOfKey(e);
      if (!command) return;
      e.preventDefault();
      this.zoomBy(command);
    });
    this.svg.addEventListener('mousemove', (e) => this.hover(e));
    this.svg.addEventListener('mouseleave', () => {
      this.tooltip.hidden = true;
    });
  }

  private hover(e: MouseEvent): void {
    const lines = tooltipLinesOf(e.target);
    if (!lines) {
      this.tooltip.hidden = true;
      return;
    }
    this.tooltip.textContent = lines.join('\n');
    this.tooltip.hidden = false;
    const rootBox = (this.tooltip.parentElement as HTMLElement).getBoundingClientRect();
    this.tooltip.style.left = `${e.clientX - rootBox.left + 14}px`;
    this.tooltip.style.top = `${e.clientY - rootBox.top + 14}px`;
  }
}
