/**
 * The playback bar under the diagram: step back and forth through a failover timeline, or play
 * it (Play / Pause); a time slider (a range input: arrow keys, Home, End) scrubs from event to
 * event, the time of the one shown spelt beside it; a time scrubber shows the events as ticks
 * and the system's outages shaded. Built with DOM
 * calls and listeners only (no markup strings, no inline handlers: the CSP forbids them).
 */
import { select } from 'd3-selection';
import type { PlaybackTimeline } from '../protocol';
import type { PlaybackStep } from './state';
import { showPlaybackState } from './apply';
import { formatDuration } from '../../../server/src/core/text/format';

const SCRUB_PAD = 8;
const PLAY_INTERVAL_MS = 900;
/** Below this the scrubber's time scale is nearly linear, above it logarithmic. */
const SCRUB_LINEAR_SECONDS = 1;

export class PlaybackBar {
  readonly element: HTMLElement;
  private readonly titleEl: HTMLElement;
  private readonly timeEl: HTMLElement;
  private readonly eventEl: HTMLElement;
  private readonly scrubber: SVGSVGElement;
  private readonly slider: HTMLInputElement;
  private readonly playButton: HTMLButtonElement;
  private steps: PlaybackStep[] = [];
  private outages: PlaybackTimeline['outages'] = [];
  private index = 0;
  private endSeconds = 1;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly doc: Document, private readonly diagramRoot: () => ParentNode) {
    this.element = this.el('div', 'topo-playback');
    this.element.hidden = true;
    const controls = this.el('div', 'controls');
    this.titleEl = this.el('span', 'title');
    this.playButton = this.button('play', '▶ Play', () => this.togglePlay());
    this.playButton.setAttribute('aria-pressed', 'false');
    controls.append(
      this.titleEl,
      this.button('prev', '◀ Step', () => this.go(this.index - 1)),
      this.playButton,
      this.button('next', 'Step ▶', () => this.go(this.index + 1)),
      this.button('close', 'Close', () => this.close()),
    );
    this.slider = doc.createElement('input');
    this.slider.type = 'range';
    this.slider.className = 'slider';
    this.slider.min = '0';
    this.slider.step = '1';
    this.slider.setAttribute('aria-label', 'Playback time');
    // Scrubbing by hand pauses a playing timeline.
    this.slider.addEventListener('input', () => {
      this.stop();
      this.go(Number(this.slider.value));
    });
    this.timeEl = this.el('span', 'time');
    this.eventEl = this.el('span', 'event');
    controls.append(this.slider, this.timeEl, this.eventEl);
    this.scrubber = doc.createElementNS('http://www.w3.org/2000/svg', 'svg') as SVGSVGElement;
    this.scrubber.setAttribute('class', 'scrubber');
    this.scrubber.addEventListener('click', (e) => this.scrubTo(e));
    this.element.append(controls, this.scrubber);
  }

  /** Starts a new playback at its first step. */
  load(title: string, steps: PlaybackStep[], timeline: PlaybackTimeline): void {
    this.stop();
    this.steps = steps;
    this.outages = timeline.outages;
    const last = Math.max(0, ...steps.map((s) => s.t), ...timeline.outages.map((o) => o.end));
    this.endSeconds = last > 0 ? last * 1.05 : 1;
    this.titleEl.textContent = title;
    this.slider.max = String(Math.max(0, steps.length - 1));
    this.element.hidden = false;
    this.drawScrubber();
    this.go(0);
  }

  /** Re-applies the current step (after the diagram was redrawn). */
  refresh(): void {
    if (!this.element.hidden && this.steps.length > 0) this.go(this.index);
  }

  /** Shows step `i` (clamped). */
  go(i: number): void {
    if (this.steps.length === 0) return;
    this.index = Math.max(0, Math.min(this.steps.length - 1, i));
    const step = this.steps[this.index] as PlaybackStep;
    showPlaybackState(this.diagramRoot(), step.state);
    this.element.dataset.step = String(this.index);
    this.element.dataset.event = step.type;
    const time = `t = ${formatDuration(step.t)}`;
    this.timeEl.textContent = `${time} (${this.index}/${this.steps.length - 1})`;
    this.slider.value = String(this.index);
    this.slider.setAttribute('aria-valuetext', `${time}, step ${this.index} of ${this.steps.length - 1}: ${step.type}`);
    const subject = step.element ?? step.layer;
    this.eventEl.textContent = `${step.type}${subject ? ` ${subject}` : ''}: ${step.detail}`;
    select(this.scrubber).selectAll<SVGLineElement, PlaybackStep>('line.tick').classed('current', (_s, k) => k === this.index);
    select(this.scrubber).select('line.cursor').attr('x1', this.x(step.t)).attr('x2', this.x(step.t));
    if (this.index === this.steps.length - 1) this.stop();
  }

  close(): void {
    this.stop();
    this.element.hidden = true;
    this.steps = [];
    showPlaybackState(this.diagramRoot(), null);
  }

  private togglePlay(): void {
    if (this.timer !== undefined) return this.stop();
    if (this.index >= this.steps.length - 1) this.go(0);
    this.timer = setInterval(() => this.go(this.index + 1), PLAY_INTERVAL_MS);
    this.playButton.textContent = '❚❚ Pause';
    this.playButton.setAttribute('aria-pressed', 'true');
  }

  private stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    this.playButton.textContent = '▶ Play';
    this.playButton.setAttribute('aria-pressed', 'false');
  }

  /** Jumps to the last step at or before the clicked point of the bar. */
  private scrubTo(e: MouseEvent): void {
    const clickX = e.clientX - this.scrubber.getBoundingClientRect().left;
    let best = 0;
    this.steps.forEach((s, k) => {
      if (this.x(s.t) <= clickX + 2) best = k;
    });
    this.go(best);
  }

  private width(): number {
    return Math.max(200, this.scrubber.getBoundingClientRect().width || 600);
  }

  /**
   * Time on a log scale (symmetric-log, linear below a second): a 15 s failover and the 2 h
   * repair after it both stay visible on one bar.
   */
  private x(seconds: number): number {
    const scaled = Math.log1p(Math.max(0, seconds) / SCRUB_LINEAR_SECONDS) / Math.log1p(this.endSeconds / SCRUB_LINEAR_SECONDS);
    return SCRUB_PAD + scaled * (this.width() - 2 * SCRUB_PAD);
  }

  private drawScrubber(): void {
    const svg = select(this.scrubber);
    svg.selectAll('*').remove();
    svg.append('rect').attr('class', 'track').attr('x', SCRUB_PAD).attr('y', 8).attr('height', 10).attr('width', this.width() - 2 * SCRUB_PAD);
    svg.selectAll('rect.outage').data(this.outages).join('rect').attr('class', 'outage')
      .attr('x', (o) => this.x(o.start)).attr('y', 4).attr('height', 18).attr('width', (o) => Math.max(2, this.x(o.end) - this.x(o.start)));
    svg.selectAll('line.tick').data(this.steps).join('line').attr('class', 'tick')
      .attr('x1', (s) => this.x(s.t)).attr('x2', (s) => this.x(s.t)).attr('y1', 6).attr('y2', 20);
    svg.append('line').attr('class', 'cursor').attr('y1', 2).attr('y2', 24);
    svg.append('text').attr('class', 'scale-label').attr('x', this.width() - SCRUB_PAD).attr('y', 34).attr('text-anchor', 'end')
      .text(`log time, 0 – ${formatDuration(this.endSeconds / 1.05)}`);
  }

  private el(tag: string, cls: string): HTMLElement {
    const e = this.doc.createElement(tag);
    e.className = cls;
    return e;
  }

  private button(action: string, text: string, onClick: () => void): HTMLButtonElement {
    const b = this.doc.createElement('button');
    b.type = 'button';
    b.dataset.action = action;
    b.textContent = text;
    b.addEventListener('click', onClick);
    return b;
  }
}

